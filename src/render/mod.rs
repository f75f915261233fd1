//! Renderers: functions from the loaded [`crate::site::Site`] to output
//! files in memory. The web renderer is here; print (PDFs) joins it.

pub mod web;

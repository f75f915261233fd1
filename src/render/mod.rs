//! Renderers: functions from the loaded [`crate::site::Site`] to output
//! files in memory: the web site ([`web`]) and its PDFs ([`print`]).

pub mod print;
pub mod web;

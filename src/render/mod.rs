//! Rendering: functions from the loaded [`crate::site::Site`] to built
//! files in memory. Two sibling renderers, the web site ([`web`]) and its
//! printed documents ([`print`]), over what both need, which lives here and
//! imports neither:
//!
//! - [`strings`]: interface strings, numbers and dates in each language;
//! - [`markdown`]: how Markdown is parsed, and which addresses leave the site;
//! - [`links`]: where a link written in a page leads;
//! - [`plan`]: which page has which PDF, at which path.
//!
//! `web` and `print` import this layer, the model and what is below it,
//! never each other; neither touches the output folder.

pub mod links;
pub mod markdown;
pub mod plan;
pub mod print;
pub mod strings;
pub mod web;

//! Fuzz target `markdown_html`: see `harness::markdown_html`.
#![no_main]

#[allow(dead_code)] // each target uses one function of the harness
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::markdown_html(data));

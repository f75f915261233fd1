//! Fuzz target `front_matter`: see `harness::front_matter`.
#![no_main]

#[allow(dead_code)] // each target uses one function of the harness
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::front_matter(data));

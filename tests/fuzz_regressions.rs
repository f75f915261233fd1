//! Inputs the fuzz targets (`fuzz/`) once crashed or hung on, replayed
//! through the same calls (`fuzz/harness.rs`) with stable Rust. Each file
//! in `tests/fuzz-regressions/TARGET/` is one minimised input, as libFuzzer
//! wrote it; a panic here is the bug come back.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

/// Runs every saved input of `target` through `run`, each within a time
/// limit far above what it takes now (so a hang that comes back fails).
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    inputs.sort();
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{target} took {:?} on {}",
            started.elapsed(),
            path.display()
        );
    }
    inputs.len()
}

#[test]
fn front_matter() {
    replay("front_matter", harness::front_matter);
}

#[test]
fn markdown_html() {
    replay("markdown_html", harness::markdown_html);
}

#[test]
fn markdown_typst() {
    replay("markdown_typst", harness::markdown_typst);
}

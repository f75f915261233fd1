//! The sample site in a real browser: builds it, then runs
//! `tests/browser/check.mjs` on the output (the Nu HTML Checker on every
//! page; axe-core, sideways scrolling, right-to-left Urdu and requests to
//! other hosts in Chromium at 360 px, for the home page, a story, a petition,
//! an issue and an article in English, Hindi and Urdu).
//!
//! It needs Chromium, Java, Node and `npm ci` in `tests/browser`. Without
//! them it is skipped with a note, unless `AWAAZ_REQUIRE_BROWSER=1` (as in
//! CI), when a missing tool fails it. `AWAAZ_SCREENSHOTS=DIR` keeps a
//! screenshot of each page.

mod common;

use std::path::Path;
use std::process::Command;

use awaaz::BuildOptions;
use common::{assert_ok, browser_dir, browser_ready};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_site_is_valid_accessible_and_fits_a_phone() {
    if !browser_ready(&["playwright-core", "axe-core", "vnu-jar"], true) {
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // with PDFs, so their links and sizes on the pages are checked too
    assert_ok(&awaaz::build(repo(), &out, &BuildOptions::default()));

    let run = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(&out)
        .current_dir(browser_dir())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the browser checks failed ({}):\n{stdout}{stderr}",
        run.status
    );
    println!("{stdout}");
}

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

use std::path::{Path, PathBuf};
use std::process::Command;

use awaaz::BuildOptions;
use common::assert_ok;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn checks_dir() -> PathBuf {
    repo().join("tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("AWAAZ_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// True when `program --version`-like `args` run and succeed.
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What is missing to run the checks, each with how to get it.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !runs("java", &["-version"]) {
        missing.push("java (apt-get install default-jre-headless)".to_string());
    }
    if !runs("node", &["--version"]) {
        missing.push("node (Node.js 20 or newer)".to_string());
    }
    let modules = checks_dir().join("node_modules");
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !modules.join(package).is_dir() {
            missing.push(format!(
                "{} (run `npm ci` in tests/browser)",
                modules.join(package).display()
            ));
        }
    }
    missing
}

#[test]
fn sample_site_is_valid_accessible_and_fits_a_phone() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let list = missing.join("\n  ");
        if std::env::var("AWAAZ_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("AWAAZ_REQUIRE_BROWSER=1 but these are missing:\n  {list}");
        }
        eprintln!("skipped: the browser checks need\n  {list}");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // with PDFs, so their links and sizes on the pages are checked too
    assert_ok(&awaaz::build(repo(), &out, &BuildOptions::default()));

    let run = Command::new("node")
        .arg(checks_dir().join("check.mjs"))
        .arg(&out)
        .current_dir(checks_dir())
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

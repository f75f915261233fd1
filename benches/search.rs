//! Search benchmark: builds the synthetic site (`synthetic/`, N pages, web
//! only) and reports the search index's size against the site's HTML,
//! then runs searches in Chromium over HTTP (`tests/browser/search.mjs`)
//! and reports, for each, the bytes of index files it loaded and the time
//! from the last file loading to the results being shown.
//!
//! Run: `cargo bench --bench search` (N = 10,000), or
//! `cargo bench --bench search -- 1000`. `AWAAZ_BENCH_DIR=/dev/shm` keeps
//! the disk out. The searches need Node, Chromium and `npm ci` in
//! `tests/browser`; without them only the sizes are printed. A benchmark,
//! not a test: nothing here fails a CI run by being slow.
//!
//! The words searched: `9940`, a page's number (one page); `994` (a prefix,
//! eleven pages, fewer than 1% at 10,000); `court` (a word of every
//! English page); `court rights` (two common words).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

mod synthetic;

fn size_of(dir: &Path, pick: impl Fn(&str) -> bool) -> (u64, usize) {
    let mut bytes = 0;
    let mut files = 0;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if entry.file_type().is_file() && pick(&rel) {
            bytes += entry.metadata().unwrap().len();
            files += 1;
        }
    }
    (bytes, files)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000]
    } else {
        sizes
    };
    for n in sizes {
        let dir = synthetic::bench_dir();
        synthetic::generate(dir.path(), n);
        let out = dir.path().join("public");
        let opts = awaaz::BuildOptions {
            no_pdf: true,
            ..awaaz::BuildOptions::default()
        };
        let mut times = Vec::new();
        for _ in 0..3 {
            let started = Instant::now();
            let report = awaaz::build(dir.path(), &out, &opts);
            times.push(started.elapsed());
            assert!(report.ok(), "{:?}", report.diagnostics.first());
        }
        times.sort();
        let (html, pages) = size_of(&out, |p| p.ends_with(".html"));
        let (index, files) = size_of(&out, |p| p.starts_with("search/") && p.ends_with(".js"));
        println!(
            "{n} pages: build (web only, median of 3) {} ms",
            times[1].as_millis()
        );
        println!(
            "  HTML {:.1} MB in {pages} pages; search index {:.1} MB in {files} files = {:.1}% of the HTML",
            html as f64 / 1e6,
            index as f64 / 1e6,
            100.0 * index as f64 / html as f64
        );
        searches(&out);
    }
}

/// Runs the searches in Chromium and prints what each loaded and how fast
/// it showed its results.
fn searches(out: &Path) {
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser.join("node_modules/playwright-core").is_dir() {
        println!("  (searches skipped: run `npm ci` in tests/browser)");
        return;
    }
    let queries = ["9940", "994", "court", "court rights"];
    let spec = serde_json::json!({
        "online": out,
        "offline": null,
        "noScript": null,
        "cases": queries.iter().map(|q| serde_json::json!({"page": "/search/", "q": q})).collect::<Vec<_>>(),
    });
    let spec_file = out.with_file_name("search-spec.json");
    std::fs::write(&spec_file, spec.to_string()).unwrap();
    let run = Command::new("node")
        .arg(browser.join("search.mjs"))
        .arg(&spec_file)
        .current_dir(&browser)
        .output();
    let Ok(run) = run.inspect_err(|e| println!("  (searches skipped: {e})")) else {
        return;
    };
    if !run.status.success() {
        println!(
            "  (searches failed: {})",
            String::from_utf8_lossy(&run.stderr)
        );
        return;
    }
    let seen: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    println!(
        "  {:<14} {:>8} {:>7} {:>14} {:>16}",
        "query", "results", "files", "index loaded", "last load→shown"
    );
    for (q, s) in queries.iter().zip(seen["http"].as_array().unwrap()) {
        let mut bytes = 0;
        let mut files = 0;
        for r in s["requests"].as_array().unwrap() {
            let r = r.as_str().unwrap();
            if r.starts_with("/search/search-") || r.starts_with("/search/data/") {
                bytes += std::fs::metadata(out.join(&r[1..])).map_or(0, |m| m.len());
                files += 1;
            }
        }
        let timing = &s["timing"];
        let shown =
            timing["shown"].as_f64().unwrap_or(0.0) - timing["lastLoaded"].as_f64().unwrap_or(0.0);
        let results = s["mine"].as_array().unwrap().len() + s["others"].as_array().unwrap().len();
        println!(
            "  {:<14} {:>8} {:>7} {:>11.1} KB {:>13.1} ms  ({})",
            q,
            results,
            files,
            bytes as f64 / 1e3,
            shown,
            s["status"].as_str().unwrap_or("")
        );
    }
}

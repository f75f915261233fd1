//! Print benchmark: how long PDFs take, cold and cached.
//!
//! 1. The sample site's largest Despatch issue (`content/despatch/2026-11`),
//!    English alone, typeset cold (no cache) and built again from the cache.
//! 2. An eight-page issue: the same articles three times over.
//! 3. The whole sample site: `--no-pdf`, with every PDF cached, and cold.
//!
//! Run: `cargo bench --bench print`. Medians of several runs; the site is
//! copied to the system's temporary folder (or `AWAAZ_BENCH_DIR`). A
//! benchmark, not a test: nothing here fails a CI run by being slow.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use awaaz::BuildOptions;

const RUNS: usize = 5;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch() -> tempfile::TempDir {
    match std::env::var_os("AWAAZ_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if !keep(rel) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site with `site.yaml`, the theme and the given content files.
fn site(content: &[(PathBuf, String)]) -> tempfile::TempDir {
    let dir = scratch();
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for (rel, text) in content {
        let path = dir.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The English files of the largest issue, each article `times` times.
fn issue(times: usize) -> Vec<(PathBuf, String)> {
    let folder = repo().join("content/despatch/2026-11");
    let mut files = vec![(
        PathBuf::from("despatch/_index.md"),
        std::fs::read_to_string(repo().join("content/despatch/_index.md")).unwrap(),
    )];
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let english = name.matches('.').count() == 1 && name.ends_with(".md");
        if !english {
            continue;
        }
        // The petitions the articles link to are not in this site: the
        // links point at the published site instead.
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("](/petitions/", "](https://example.org/petitions/");
        if name == "_index.md" {
            files.push((PathBuf::from("despatch/2026-11/_index.md"), text));
            continue;
        }
        let stem = name.trim_end_matches(".md");
        for n in 0..times {
            files.push((
                PathBuf::from(format!("despatch/2026-11/{stem}-{n}.md")),
                text.clone(),
            ));
        }
    }
    files
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn build(dir: &Path, opts: &BuildOptions) -> (Duration, awaaz::Report) {
    let out = dir.join("public");
    let started = Instant::now();
    let report = awaaz::build(dir, &out, opts);
    let took = started.elapsed();
    assert!(report.ok(), "{:?}", report.diagnostics);
    (took, report)
}

fn pages_of(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| {
            let pdf = std::fs::read(e.path()).unwrap();
            String::from_utf8_lossy(&pdf).matches("/Type/Page/").count()
        })
        .sum()
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn issue_bench(label: &str, times: usize) {
    let dir = site(&issue(times));
    let no_pdf = BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    };
    let web = median((0..RUNS).map(|_| build(dir.path(), &no_pdf).0).collect());
    let cold = median(
        (0..RUNS)
            .map(|_| {
                let _ = std::fs::remove_dir_all(dir.path().join(awaaz::cache::FOLDER));
                // Typst also memoises in memory, across builds of one process.
                comemo::evict(0);
                let (took, report) = build(dir.path(), &BuildOptions::default());
                // The issue and its booklet.
                assert_eq!(report.pdfs_typeset, 2);
                took
            })
            .collect(),
    );
    let cached = median(
        (0..RUNS)
            .map(|_| {
                let (took, report) = build(dir.path(), &BuildOptions::default());
                assert_eq!(report.pdfs_typeset, 0);
                took
            })
            .collect(),
    );
    println!(
        "{label}: {} pages; build without PDF {}, cold {} (the PDF: {}), cached {}",
        pages_of(dir.path()),
        ms(web),
        ms(cold),
        ms(cold.saturating_sub(web)),
        ms(cached)
    );
}

fn main() {
    issue_bench("largest sample issue (2026-11, English)", 1);
    issue_bench("eight-page issue (its articles three times)", 3);

    let dir = scratch();
    copy_tree(repo(), dir.path(), &|rel| {
        let first = rel.components().next();
        first.is_none()
            || ["site.yaml", "content", "themes"]
                .iter()
                .any(|top| first.is_some_and(|c| c.as_os_str() == *top))
    });
    let no_pdf = BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    };
    let web = median((0..RUNS).map(|_| build(dir.path(), &no_pdf).0).collect());
    let (_, first) = build(dir.path(), &BuildOptions::default());
    let cached = median(
        (0..RUNS)
            .map(|_| build(dir.path(), &BuildOptions::default()).0)
            .collect(),
    );
    let cold = median(
        (0..3)
            .map(|_| {
                let _ = std::fs::remove_dir_all(dir.path().join(awaaz::cache::FOLDER));
                comemo::evict(0);
                build(dir.path(), &BuildOptions::default()).0
            })
            .collect(),
    );
    println!(
        "sample site ({} PDFs): --no-pdf {}, PDFs cached {} (+{:.1}%), PDFs cold {}",
        first.pdfs,
        ms(web),
        ms(cached),
        (cached.as_secs_f64() / web.as_secs_f64() - 1.0) * 100.0,
        ms(cold)
    );
}

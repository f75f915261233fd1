//! Build benchmark: generates a synthetic site of N pages in three languages
//! (60% English, 25% Hindi, 15% Bengali; 20 sections; tags; ~700 words a
//! page) and times full builds of it.
//!
//! Run: `cargo bench --bench build` (N = 1,000 and 10,000), or
//! `cargo bench --bench build -- 500 2000` for other sizes. The site is
//! generated in the system's temporary folder, or in `AWAAZ_BENCH_DIR`
//! (e.g. `/dev/shm`, to take the disk out of the figures). Prints the
//! median of 3 clean builds, milliseconds per page, the median of 3
//! rebuilds over the last output with nothing changed, and the median of 3
//! runs of the same work without writing (`awaaz check`). A benchmark, not a test:
//! nothing here can fail a CI run by being slow.
//!
//! `cargo bench --bench build -- --generate DIR N` only writes the site.

use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

mod synthetic;
use synthetic::generate;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `-- --generate DIR N` only writes the site, to look at or to time by hand.
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--generate") {
        let dir = args.get(at + 1).expect("--generate DIR N");
        let n = args
            .get(at + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000);
        generate(Path::new(dir), n);
        return;
    }
    let sizes = synthetic::sizes();
    println!(
        "{:>8} {:>10} {:>9} {:>11} {:>12} {:>8}",
        "pages", "clean ms", "ms/page", "rebuild ms", "no-write ms", "files"
    );
    let build = |site: &Path, out: &Path| {
        let started = Instant::now();
        let report = awaaz::build(site, out, &awaaz::BuildOptions::default());
        let took = started.elapsed();
        assert!(
            report.ok(),
            "bench site failed to build: {:?}",
            report.diagnostics.first()
        );
        (took, report.files)
    };
    for n in sizes {
        // AWAAZ_BENCH_DIR=/dev/shm measures without the disk.
        let dir = synthetic::bench_dir();
        generate(dir.path(), n);
        // Clean builds, each into a folder no run used (see compare.rs on
        // why none is deleted in between).
        let mut clean = Vec::new();
        let mut files = 0;
        for run in 0..RUNS {
            let (took, count) = build(dir.path(), &dir.path().join(format!("public-{run}")));
            clean.push(took);
            files = count;
        }
        // Builds over the last one, nothing changed: what an editor waits
        // for after `awaaz build` the second time.
        let out = dir.path().join("public-0");
        let rebuilds: Vec<Duration> = (0..RUNS).map(|_| build(dir.path(), &out).0).collect();
        // The same work without writing (`awaaz check`): what the build
        // costs apart from the file system, which is noisy on shared disks.
        let mut checks = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = awaaz::check(dir.path(), &awaaz::BuildOptions::default());
            checks.push(started.elapsed());
            assert!(report.ok());
        }
        let (m, r, c) = (median(clean), median(rebuilds), median(checks));
        println!(
            "{:>8} {:>10.0} {:>9.3} {:>11.0} {:>12.0} {:>8}",
            n,
            m.as_secs_f64() * 1000.0,
            m.as_secs_f64() * 1000.0 / n as f64,
            r.as_secs_f64() * 1000.0,
            c.as_secs_f64() * 1000.0,
            files
        );
    }
}

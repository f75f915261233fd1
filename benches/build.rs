//! Build benchmark: generates a synthetic site of N pages in three languages
//! (60% English, 25% Hindi, 15% Bengali; 20 sections; tags; ~700 words a
//! page) and times full builds of it.
//!
//! Run: `cargo bench --bench build` (N = 1,000 and 10,000), or
//! `cargo bench --bench build -- 500 2000` for other sizes. The site is
//! generated in the system's temporary folder, or in `AWAAZ_BENCH_DIR`
//! (e.g. `/dev/shm`, to take the disk out of the figures). Prints the
//! median of 3 builds, milliseconds per page, and the median of 3 runs of
//! the same work without writing (`awaaz check`). A benchmark, not a test:
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
        "{:>8} {:>12} {:>12} {:>14} {:>10}",
        "pages", "build ms", "ms/page", "no-write ms", "files"
    );
    for n in sizes {
        // AWAAZ_BENCH_DIR=/dev/shm measures without the disk.
        let dir = synthetic::bench_dir();
        generate(dir.path(), n);
        let out = dir.path().join("public");
        let mut times = Vec::new();
        let mut files = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = awaaz::build(dir.path(), &out, &awaaz::BuildOptions::default());
            times.push(started.elapsed());
            assert!(
                report.ok(),
                "bench site failed to build: {:?}",
                report.diagnostics.first()
            );
            files = report.files;
        }
        // The same work without writing (`awaaz check`): what the build
        // costs apart from the file system, which is noisy on shared disks.
        let mut checks = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = awaaz::check(dir.path(), &awaaz::BuildOptions::default());
            checks.push(started.elapsed());
            assert!(report.ok());
        }
        let (m, c) = (median(times), median(checks));
        println!(
            "{:>8} {:>12.0} {:>12.3} {:>14.0} {:>10}",
            n,
            m.as_secs_f64() * 1000.0,
            m.as_secs_f64() * 1000.0 / n as f64,
            c.as_secs_f64() * 1000.0,
            files
        );
    }
}

//! awaaz against Hugo on the same synthetic site (issue 7): clean builds
//! of N pages (60% English, 25% Hindi, 15% Bengali, 20 sections, tags,
//! ~700 words a page, YAML front matter; see `synthetic/`), each tool run
//! as its own process, alternately, several times. Prints the median wall
//! time and peak memory (RSS) of each, and the ratios awaaz/Hugo.
//!
//! Run: `cargo bench --bench compare` (N = 1,000 and 10,000; other sizes
//! after `--`). Needs `hugo` on the PATH (Debian: `apt-get install hugo`);
//! without it only awaaz is measured. The site is generated in the system's
//! temporary folder, or in `AWAAZ_BENCH_DIR`. Both tools build the same
//! outputs in kind: every page, section lists, tag list and tag pages,
//! feeds and a sitemap, minified HTML (`hugo --minify`). A benchmark, not a
//! test: nothing here can fail CI by being slow.
//!
//! Every run builds into a folder of its own that no earlier run used, and
//! none is deleted until all runs of a size are done: on ext4 without a
//! journal (as on the machines here) the kernel scans past every inode
//! freed in the last minute or more before it gives out a new one, so a
//! build just after deleting the last one's output pays for that deletion,
//! quadratically (see `docs/decisions.md`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod synthetic;

const RUNS: usize = 5;

/// One clean build by `cmd` into `out`, which does not exist yet: its wall
/// time and peak resident memory.
fn measure(mut cmd: Command, out: &Path) -> (Duration, u64) {
    assert!(!out.exists(), "{} is left from another run", out.display());
    let started = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the build");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4 for our own child,
    // which is waited for here only (never through `child`).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = started.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    std::mem::forget(child);
    // ru_maxrss is in kilobytes on Linux.
    (took, usage.ru_maxrss as u64 * 1024)
}

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let sizes = synthetic::sizes();
    let hugo = Command::new("hugo").arg("version").output().is_ok();
    if !hugo {
        println!("hugo is not installed (apt-get install hugo): measuring awaaz only");
    }
    println!(
        "{:>7} {:>6} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8}",
        "pages", "runs", "awaaz ms", "awaaz MB", "hugo ms", "hugo MB", "time ×", "mem ×"
    );
    let mut awaaz_times = Vec::new();
    for n in sizes {
        let dir = synthetic::bench_dir();
        synthetic::generate(dir.path(), n);
        synthetic::hugo_skeleton(dir.path());
        let (mut a, mut h) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            let awaaz_out = dir.path().join(format!("out-awaaz-{run}"));
            let hugo_out = dir.path().join(format!("out-hugo-{run}"));
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_awaaz"));
            cmd.arg("build")
                .arg("--site")
                .arg(dir.path())
                .arg("--out")
                .arg(&awaaz_out);
            a.push(measure(cmd, &awaaz_out));
            if hugo {
                let mut cmd = Command::new("hugo");
                cmd.args(["--quiet", "--minify", "--source"])
                    .arg(dir.path())
                    .arg("--destination")
                    .arg(&hugo_out);
                h.push(measure(cmd, &hugo_out));
            }
        }
        let a_time = median(a.iter().map(|r| r.0).collect());
        let a_mem = median(a.iter().map(|r| r.1).collect());
        awaaz_times.push((n, a_time));
        if hugo {
            let h_time = median(h.iter().map(|r| r.0).collect());
            let h_mem = median(h.iter().map(|r| r.1).collect());
            println!(
                "{n:>7} {RUNS:>6} {:>10.0} {:>10.0} {:>10.0} {:>10.0} {:>8.2} {:>8.2}",
                a_time.as_secs_f64() * 1000.0,
                mb(a_mem),
                h_time.as_secs_f64() * 1000.0,
                mb(h_mem),
                a_time.as_secs_f64() / h_time.as_secs_f64(),
                a_mem as f64 / h_mem as f64,
            );
        } else {
            println!(
                "{n:>7} {RUNS:>6} {:>10.0} {:>10.0}",
                a_time.as_secs_f64() * 1000.0,
                mb(a_mem)
            );
        }
    }
    if let [(n1, t1), (n2, t2)] = awaaz_times[..] {
        println!(
            "awaaz: {n2} pages take {:.1}× the time of {n1}",
            t2.as_secs_f64() / t1.as_secs_f64()
        );
    }
}

//! awaaz against Zola and Hugo on the same synthetic site (issues 7 and
//! 19): clean builds of N pages (60% English, 25% Hindi, 15% Bengali, 20
//! sections, tags, ~700 words a page, YAML front matter; see
//! `synthetic/`), each tool run as its own process, the three alternating,
//! several times. Prints the median wall time and peak memory (RSS) of
//! each and the ratios of awaaz to each, then awaaz's rebuild with nothing
//! changed and how its time grows from one size to the next.
//!
//! Run: `cargo bench --bench compare` (N = 1,000 and 10,000; other sizes
//! after `--`, e.g. `-- 10000 100000`). Zola 0.22.1 is `../shared/peers/zola`
//! beside the project, or the program `ZOLA` names; Hugo is `hugo` on the
//! PATH (Debian: `apt-get install hugo`); a tool that is missing is left
//! out. The site is generated in the system's temporary folder, or in
//! `AWAAZ_BENCH_DIR` (`/dev/shm` takes the disk out of the figures), and
//! deleted after, unless `AWAAZ_BENCH_KEEP` is set; `AWAAZ_BENCH_RUNS`
//! sets the number of runs (5, or 3 past 20,000 pages). The
//! tools build the same outputs in kind: every page, section lists (Zola
//! and awaaz 20 cards a page), tag list and tag pages, feeds and a sitemap,
//! minified HTML (`hugo --minify`, Zola's `minify_html`); awaaz also its
//! search index, later pages of tag lists, the web app manifest and 404
//! page. Zola makes no search index here: its index (English only, 47 MB)
//! costs it more than its whole build without one, which would hide what
//! awaaz costs (see `docs/decisions.md`). A benchmark, not a test: nothing
//! here can fail CI by being slow.
//!
//! Every run builds into a folder of its own that no earlier run used, and
//! none is deleted until all runs of a size are done: on ext4 without a
//! journal (as on the machines here) the kernel scans past every inode
//! freed in the last minute or more before it gives out a new one, so a
//! build just after deleting the last one's output pays for that deletion,
//! quadratically (see `docs/decisions.md`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod synthetic;

const RUNS: usize = 5;

/// One clean build by `cmd` into `out`, which does not exist yet: its wall
/// time and peak resident memory.
fn measure(cmd: Command, out: &Path) -> (Duration, u64) {
    assert!(!out.exists(), "{} is left from another run", out.display());
    run(cmd)
}

/// Runs `cmd` to its end: its wall time and peak resident memory.
fn run(mut cmd: Command) -> (Duration, u64) {
    let started = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
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

/// The Zola program: `ZOLA`, else the build beside the project.
fn zola() -> Option<PathBuf> {
    let path = match std::env::var_os("ZOLA") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/zola"),
    };
    let runs = Command::new(&path).arg("--version").output();
    runs.is_ok_and(|o| o.status.success()).then_some(path)
}

/// One tool's runs at one size.
#[derive(Default)]
struct Runs(Vec<(Duration, u64)>);

impl Runs {
    fn time(&self) -> Duration {
        median(self.0.iter().map(|r| r.0).collect())
    }
    fn memory(&self) -> u64 {
        median(self.0.iter().map(|r| r.1).collect())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let sizes = synthetic::sizes();
    let zola = zola();
    // Hugo needs about 16 GB for 100,000 pages: `AWAAZ_BENCH_NO_HUGO=1`
    // leaves it out.
    let hugo = std::env::var_os("AWAAZ_BENCH_NO_HUGO").is_none()
        && Command::new("hugo").arg("version").output().is_ok();
    if zola.is_none() {
        println!("Zola is not at ../shared/peers/zola (or ZOLA): leaving it out");
    }
    if !hugo {
        println!(
            "hugo is not installed (apt-get install hugo) or AWAAZ_BENCH_NO_HUGO is set: leaving it out"
        );
    }
    // Fewer runs for a site ten times the largest default.
    let runs: Option<usize> = std::env::var("AWAAZ_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok());
    let runs_for = |n: usize| runs.unwrap_or(if n > 20_000 { 3 } else { RUNS });
    println!(
        "{:>7} {:>4} {:>9} {:>8} {:>9} {:>8} {:>9} {:>8} {:>7} {:>7} {:>7} {:>7}",
        "pages",
        "runs",
        "awaaz ms",
        "awaaz MB",
        "zola ms",
        "zola MB",
        "hugo ms",
        "hugo MB",
        "t/zola",
        "m/zola",
        "t/hugo",
        "m/hugo"
    );
    let mut awaaz_times = Vec::new();
    let mut rebuilds = Vec::new();
    for n in sizes {
        // The site, Zola's copy and every output side by side, none in
        // another: a build reads its whole site folder.
        let dir = synthetic::bench_dir();
        let site = dir.path().join("site");
        let zola_site = dir.path().join("zola");
        synthetic::generate(&site, n);
        synthetic::hugo_skeleton(&site);
        synthetic::zola_skeleton(&site, &zola_site);
        let awaaz = |out: &Path| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_awaaz"));
            cmd.arg("build")
                .arg("--site")
                .arg(&site)
                .arg("--out")
                .arg(out);
            cmd
        };
        let (mut a, mut z, mut h) = (Runs::default(), Runs::default(), Runs::default());
        for run in 0..runs_for(n) {
            let awaaz_out = dir.path().join(format!("out-awaaz-{run}"));
            a.0.push(measure(awaaz(&awaaz_out), &awaaz_out));
            if let Some(zola) = &zola {
                let zola_out = dir.path().join(format!("out-zola-{run}"));
                let mut cmd = Command::new(zola);
                cmd.arg("--root")
                    .arg(&zola_site)
                    .arg("build")
                    .arg("--output-dir")
                    .arg(&zola_out);
                z.0.push(measure(cmd, &zola_out));
            }
            if hugo {
                let hugo_out = dir.path().join(format!("out-hugo-{run}"));
                let mut cmd = Command::new("hugo");
                cmd.args(["--quiet", "--minify", "--source"])
                    .arg(&site)
                    .arg("--destination")
                    .arg(&hugo_out);
                h.0.push(measure(cmd, &hugo_out));
            }
        }
        // awaaz again over its first output with nothing changed: once to
        // take in what Hugo wrote into the site folder (`resources/`), once
        // its files are older than a build trusts (two seconds), then
        // measured.
        std::thread::sleep(Duration::from_millis(2_100));
        let first_out = dir.path().join("out-awaaz-0");
        run(awaaz(&first_out));
        let mut again = Runs::default();
        for _ in 0..runs_for(n) {
            again.0.push(run(awaaz(&first_out)));
        }
        rebuilds.push((n, again.time(), a.time()));
        if std::env::var_os("AWAAZ_BENCH_KEEP").is_some() {
            println!(
                "the site of {n} pages and its outputs are kept in {}",
                dir.keep().display()
            );
        }
        awaaz_times.push((n, a.time()));
        let cell = |r: &Runs| {
            if r.0.is_empty() {
                format!("{:>9} {:>8}", "-", "-")
            } else {
                format!("{:>9.0} {:>8.0}", ms(r.time()), mb(r.memory()))
            }
        };
        let ratios = |r: &Runs| {
            if r.0.is_empty() {
                format!("{:>7} {:>7}", "-", "-")
            } else {
                format!(
                    "{:>7.2} {:>7.2}",
                    a.time().as_secs_f64() / r.time().as_secs_f64(),
                    a.memory() as f64 / r.memory() as f64
                )
            }
        };
        println!(
            "{n:>7} {:>4} {} {} {} {} {}",
            runs_for(n),
            cell(&a),
            cell(&z),
            cell(&h),
            ratios(&z),
            ratios(&h)
        );
    }
    for (n, again, clean) in rebuilds {
        println!(
            "awaaz at {n} pages, nothing changed: {:.0} ms, {:.2}× a clean build",
            ms(again),
            again.as_secs_f64() / clean.as_secs_f64()
        );
    }
    for pair in awaaz_times.windows(2) {
        let [(n1, t1), (n2, t2)] = pair else {
            continue;
        };
        println!(
            "awaaz: {n2} pages take {:.1}× the time of {n1}",
            t2.as_secs_f64() / t1.as_secs_f64()
        );
    }
}

//! Editing-loop benchmark: on a synthetic site of 1,000 pages (see
//! `synthetic/`), the time from saving one story to the rebuilt page being
//! served, as an editor's browser sees it: the file is written, `awaaz
//! serve` notices, rebuilds, tells the page through its event stream, and
//! the page is fetched again with the edit in it. Targets (issue 19): at most
//! 50 ms at 1,000 pages, 150 ms at 10,000.
//!
//! Run: `cargo bench --bench serve` (or `-- N` for another size). The site
//! is generated in the system's temporary folder, or in `AWAAZ_BENCH_DIR`.
//! Prints every run, the median, and a full build of the same site for
//! comparison. A benchmark, not a test: nothing here can fail CI by being
//! slow.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

mod synthetic;

const RUNS: usize = 15;

/// The body of a plain HTTP/1.0 GET (the server closes the connection).
fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to awaaz serve");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

/// The build number the served pages carry in their reload script.
fn generation(page: &str) -> u64 {
    let start = page.find("const g=").expect("live-reload script") + "const g=".len();
    page[start..]
        .split(';')
        .next()
        .and_then(|g| g.parse().ok())
        .expect("a build number")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000);
    let dir = synthetic::bench_dir();
    synthetic::generate(dir.path(), n);
    let site = dir.path().to_path_buf();

    let started = Instant::now();
    let full = awaaz::build(&site, &site.join("public"), &awaaz::BuildOptions::default());
    let full_time = started.elapsed();
    assert!(full.ok(), "{:?}", full.diagnostics.first());

    // The rebuild alone, without the watcher, the quiet period and HTTP.
    let file = site.join("content/section-05/page-00505.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut session = awaaz::serve::Session::new(
        &site,
        &out.path().join("site"),
        &awaaz::BuildOptions::default(),
    );
    assert!(session.rebuild(&[]).ok());
    let mut rebuilds = Vec::new();
    for run in 0..RUNS {
        // Spaced as an editor's saves are, not back to back.
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&file, format!("{original}\nrebuild {run}\n")).unwrap();
        let started = Instant::now();
        let report = session.rebuild(std::slice::from_ref(&file));
        rebuilds.push(started.elapsed());
        assert!(report.ok() && report.written);
    }
    std::fs::write(&file, &original).unwrap();
    drop(session);

    let (tx, rx) = std::sync::mpsc::channel();
    let opts = awaaz::serve::ServeOptions {
        bind: "127.0.0.1".into(),
        port: 0,
        build: awaaz::BuildOptions::default(),
    };
    let serving = site.clone();
    let took = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let served_builds = took.clone();
    std::thread::spawn(move || {
        awaaz::serve::serve(
            &serving,
            &opts,
            move |addr| tx.send(addr).unwrap(),
            move |report, took| {
                assert!(report.ok(), "{:?}", report.diagnostics.first());
                served_builds.lock().unwrap().push(took);
            },
        )
        .unwrap();
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("serve started");

    // The same English page, in the middle of the site.
    let url = "/section-05/page-00505/";
    let mut times = Vec::new();
    println!("{n} pages; saving {} {RUNS} times", file.display());
    for run in 0..RUNS {
        let g = generation(&get(addr, url));
        // Let the watcher settle between runs, as between an editor's saves.
        std::thread::sleep(Duration::from_millis(300));
        let marker = format!("edit-number-{run}");
        let text = original.replacen("\n## ", &format!("\n{marker}\n\n## "), 1);
        let saved = Instant::now();
        std::fs::write(&file, text).unwrap();
        // What the page's script does: wait for a newer build, then reload.
        loop {
            get(addr, &format!("/__awaaz/events?g={g}"));
            let page = get(addr, url);
            if page.contains(&marker) {
                break;
            }
        }
        let took = saved.elapsed();
        println!("  run {run:>2}: {:>6.1} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
    }
    println!(
        "save → served, median of {RUNS}: {:.1} ms",
        median(times).as_secs_f64() * 1000.0
    );
    let mut in_serve = took.lock().unwrap().clone();
    in_serve.remove(0);
    println!(
        "  of which the rebuilds in serve, median: {:.1} ms; the wait for quiet: 3 ms after a file saved whole",
        median(in_serve).as_secs_f64() * 1000.0,
    );
    println!(
        "the rebuild alone (Session::rebuild after the edit), median of {RUNS}: {:.1} ms",
        median(rebuilds).as_secs_f64() * 1000.0
    );
    println!(
        "a full build of the same site: {:.0} ms",
        full_time.as_secs_f64() * 1000.0
    );
}

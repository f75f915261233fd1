//! `awaaz serve`, run for real on a free port against a fixture site:
//! pages served, rebuilt after edits and deletions, the error overlay, live
//! reload events, content types and refused traversal.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The server process, stopped when dropped.
struct Serving {
    child: Child,
    addr: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(f: &Fixture) -> Serving {
    serve_with_temp(f, &std::env::temp_dir())
}

/// Serves `f` with `temp` as the system's temporary folder (where the
/// served copy of the site goes).
fn serve_with_temp(f: &Fixture, temp: &std::path::Path) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["serve", "--port", "0", "--no-pdf", "--site"])
        .arg(f.root())
        .env("TMPDIR", temp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Serving { child, addr }
}

/// A GET of `path`: status, content type and body.
fn get(s: &Serving, path: &str) -> (u16, String, String) {
    get_at(&s.addr, path)
}

fn get_at(addr: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        addr
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let kind = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, kind, body.to_string())
}

/// Waits until `path` serves a body for which `done` holds.
fn eventually(s: &Serving, path: &str, done: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, _, body) = get(s, path);
        if done(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path} never changed; last: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write("content/about.md", &page("About us", "Who we are."));
    f.write("content/stories/asha.md", &story("Asha", ""));
    f
}

#[test]
fn serves_the_site_with_reload_script_and_right_types() {
    let f = site();
    let s = serve(&f);
    let (status, kind, body) = get(&s, "/about/");
    assert_eq!(status, 200);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert!(body.contains("About us"));
    assert!(body.contains("/__awaaz/events"), "no live-reload script");
    assert_eq!(get(&s, "/atom.xml").1, "application/xml; charset=utf-8");
    assert!(get(&s, "/style.css").1.starts_with("text/css"));
    // A missing page is the site's 404 page, with status 404.
    let (status, _, body) = get(&s, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");
    // `public/` is never written by serve.
    assert!(!f.out().exists());
    // `awaaz build` output has no live-reload script.
    assert_ok(&f.build());
    assert!(
        tree(&f.out())
            .values()
            .all(|b| !String::from_utf8_lossy(b).contains("__awaaz"))
    );
}

#[test]
fn traversal_is_refused() {
    let f = site();
    std::fs::write(f.root().join("secret.txt"), "SECRET").unwrap();
    let s = serve(&f);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/about/%2E%2E/%2e%2e/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/about/..%5c..%5csecret.txt",
        "/../../../../etc/passwd",
    ] {
        let (status, _, body) = get(&s, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn edits_rebuild_reload_and_errors_show_until_fixed() {
    let f = site();
    let s = serve(&f);
    let first = get(&s, "/about/").2;
    let generation: u64 = first
        .split("const g=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|g| g.parse().ok())
        .expect("the page names its build");

    // An edit: the event stream answers with a newer build, the page changes.
    let waiting = {
        let addr = s.addr.clone();
        std::thread::spawn(move || get_at(&addr, &format!("/__awaaz/events?g={generation}")))
    };
    std::thread::sleep(Duration::from_millis(300));
    f.write(
        "content/about.md",
        &page("About the collective", "Who we are."),
    );
    let (status, kind, event) = waiting.join().unwrap();
    assert_eq!(status, 200);
    assert_eq!(kind, "text/event-stream");
    assert!(event.contains("data: "), "{event}");
    assert!(!event.contains(&format!("data: {generation}\n")), "{event}");
    eventually(&s, "/about/", |_, b| b.contains("About the collective"));

    // A broken file: the last good page stays, with the errors over it.
    f.write("content/about.md", "---\ntitle: [broken\n---\n");
    let broken = eventually(&s, "/about/", |_, b| b.contains("awaaz-errors"));
    assert!(
        broken.contains("About the collective"),
        "the last good page"
    );
    assert!(broken.contains("content/about.md:3:1: error"), "{broken}");
    assert!(eventually(&s, "/", |_, b| b.contains("awaaz-errors")).contains("Welcome."));

    // Fixed: the new page, and the overlay goes.
    f.write("content/about.md", &page("About us again", "Who we are."));
    eventually(&s, "/about/", |_, b| {
        b.contains("About us again") && !b.contains("awaaz-errors")
    });

    // Deleted: its page is gone.
    f.remove("content/about.md");
    eventually(&s, "/about/", |status, _| status == 404);
}

#[test]
fn a_renamed_page_moves_and_its_old_address_is_gone() {
    let f = site();
    let s = serve(&f);
    assert!(get(&s, "/stories/asha/").2.contains("Asha"));
    std::fs::rename(
        f.root().join("content/stories/asha.md"),
        f.root().join("content/stories/asha-devi.md"),
    )
    .unwrap();
    eventually(&s, "/stories/asha-devi/", |status, b| {
        status == 200 && b.contains("Asha")
    });
    eventually(&s, "/stories/asha/", |status, _| status == 404);
    // The lists point at the new address only.
    let links = attrs(&get(&s, "/stories/").2, "a", "href");
    assert!(
        links.contains(&"/stories/asha-devi/".to_string()),
        "{links:?}"
    );
    assert!(!links.contains(&"/stories/asha/".to_string()), "{links:?}");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let f = site();
    let out = Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["serve", "--no-pdf", "--port", &port, "--site"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
}

/// The served copies of sites in `temp`.
fn served_copies(temp: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(temp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("awaaz-serve-"))
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn stopping_the_server_removes_its_copy_of_the_site() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    let temp = tempfile::tempdir().unwrap();
    let mut s = serve_with_temp(&f, temp.path());
    assert_eq!(get(&s, "/about/").0, 200);
    assert_eq!(served_copies(temp.path()).len(), 1);
    // What Ctrl-C sends, then what a system shutting down sends.
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a signal to our own child process.
        unsafe { libc::kill(s.child.id() as libc::pid_t, signal) };
        s.child.wait().unwrap();
        assert_eq!(served_copies(temp.path()), Vec::<String>::new());
        s = serve_with_temp(&f, temp.path());
    }
}

#[test]
fn a_killed_servers_copy_is_removed_by_the_next_one() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    let temp = tempfile::tempdir().unwrap();
    let first = serve_with_temp(&f, temp.path());
    drop(first); // killed: it cannot clean up
    let left = served_copies(temp.path());
    assert_eq!(left.len(), 1);
    let second = serve_with_temp(&f, temp.path());
    let now = served_copies(temp.path());
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, left, "the killed server's copy is still there");
    // A running server's copy is never taken.
    let third = serve_with_temp(&f, temp.path());
    assert_eq!(served_copies(temp.path()).len(), 2);
    assert_eq!(get(&second, "/about/").0, 200);
    drop(third);
}

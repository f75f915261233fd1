//! `awaaz serve`: builds the site into a temporary folder (never `public/`),
//! serves it on loopback, rebuilds when a file of the site changes, and
//! reloads open pages after each rebuild.
//!
//! Live reload is Server-Sent Events: each served HTML page gets a small
//! script that listens on `/__awaaz/events`. The event stream answers as
//! soon as the build it was asked about is no longer the newest (or after
//! 25 seconds, when the browser simply asks again). While a rebuild fails,
//! the last good site stays served and every HTML page carries an overlay
//! listing the problems; the terminal shows them too. HTTP is handled by
//! `tiny_http`; file watching by `notify`. Each rebuild is a build of a
//! [`Session`], which keeps what the next rebuild can reuse ([`session`]).

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::{BuildOptions, Report};

mod session;
pub use session::Session;

/// How long the files must be still before a rebuild: editors save in
/// several steps (a temporary file, then a rename), each a few
/// milliseconds apart. Should a rebuild still catch a half-saved file, the
/// next step's event rebuilds again.
const QUIET: Duration = Duration::from_millis(30);

/// How long the files must be still after a file was saved whole: closed
/// after writing, or renamed into place (the last step of an editor's
/// save). Its text is complete, so the rebuild need not wait as long;
/// only for the other files of one change (a folder moved, a branch
/// checked out), whose events come a moment apart. Where the system does
/// not tell when a file is closed, [`QUIET`] is what is waited.
const SETTLED: Duration = Duration::from_millis(3);

/// The address of the event stream pages listen on.
const EVENTS: &str = "/__awaaz/events";

/// How the server was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: String,
    pub port: u16,
    pub build: BuildOptions,
}

/// What the newest build left: its number and its problems (rendered).
#[derive(Debug, Default)]
struct State {
    generation: u64,
    /// Errors of the newest build; empty when it succeeded.
    errors: Vec<String>,
}

/// The shared state, and a signal for the event streams waiting on it.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// Folders of a site whose changes are not edits: outputs and tools.
/// Hidden names are not edits either: caches (`.awaaz-cache`, `.git`), the
/// spare copies of outputs, editors' swap files.
const IGNORED: [&str; 5] = ["public", "print-only", "offline", "target", "node_modules"];

/// Runs the server until the process is stopped. `started` is called with
/// the address once it is listening (the command line prints it), and
/// `report` after every build, with the time it took.
pub fn serve(
    site: &Path,
    opts: &ServeOptions,
    started: impl FnOnce(SocketAddr),
    report: impl Fn(&Report, Duration) + Send + Sync + 'static,
) -> Result<(), String> {
    let server = tiny_http::Server::http((opts.bind.as_str(), opts.port)).map_err(|e| {
        format!(
            "cannot listen on {}:{}: {e}; is another awaaz serve running? try --port {}",
            opts.bind,
            opts.port,
            opts.port.wrapping_add(1)
        )
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
    remove_abandoned(&std::env::temp_dir());
    let root = tempfile::Builder::new()
        .prefix(&format!("{SERVED_PREFIX}{}-", std::process::id()))
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    remove_on_exit(root.path());
    let out = root.path().join("site");
    let shared = Arc::new(Shared::default());
    let site = site.to_path_buf();
    let report = Arc::new(report);

    let mut session = Session::new(&site, &out, &opts.build);
    rebuild(&mut session, &[], &site, &shared, report.as_ref());
    started(addr);

    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| format!("cannot watch {}: {e}", site.display()))?;
    notify::Watcher::watch(&mut watcher, &site, notify::RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", site.display()))?;
    {
        let (site, shared, report) = (site.clone(), shared.clone(), report.clone());
        std::thread::spawn(move || {
            while let Ok(event) = rx.recv() {
                let (mut changed, mut saved) = edits(&site, event);
                if changed.is_empty() {
                    continue;
                }
                // Editors save in several steps: wait for a quiet moment,
                // a short one once the last edit was a file saved whole.
                while let Ok(more) = rx.recv_timeout(if saved { SETTLED } else { QUIET }) {
                    let (more, whole) = edits(&site, more);
                    if !more.is_empty() {
                        changed.extend(more);
                        saved = whole;
                    }
                }
                changed.sort();
                changed.dedup();
                rebuild(&mut session, &changed, &site, &shared, report.as_ref());
            }
        });
    }

    for request in server.incoming_requests() {
        let (out, shared) = (out.clone(), shared.clone());
        std::thread::spawn(move || handle(request, &out, &shared));
    }
    drop(watcher);
    Ok(())
}

/// The edited files of the `site` an event names (none for reads and
/// outputs), and whether the event says they were saved whole: closed
/// after writing, or renamed into place.
fn edits(site: &Path, event: notify::Result<notify::Event>) -> (Vec<PathBuf>, bool) {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
    let Ok(event) = event else {
        return (Vec::new(), false);
    };
    let whole = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    );
    if matches!(event.kind, EventKind::Access(_)) && !whole {
        return (Vec::new(), false);
    }
    let paths: Vec<PathBuf> = event
        .paths
        .into_iter()
        .filter(|p| is_edit(site, p))
        .collect();
    let whole = whole && !paths.is_empty();
    (paths, whole)
}

/// The served copy of a site is in the system's temporary folder, in
/// `awaaz-serve-PID-XXXXXX` (PID: the serving process).
const SERVED_PREFIX: &str = "awaaz-serve-";

/// Removes the served copy when the server is stopped (Ctrl-C, or the
/// system asks it to end): a site's copy is as big as its output, and an
/// old laptop's disk fills up with one left by every session.
fn remove_on_exit(folder: &Path) {
    static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static HANDLER: std::sync::Once = std::sync::Once::new();
    FOLDERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(folder.to_path_buf());
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            for folder in FOLDERS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
                let _ = std::fs::remove_dir_all(folder);
            }
            std::process::exit(130);
        });
    });
}

/// Removes served copies whose server is no longer running: those of a
/// server that was killed (or crashed) and could not clean up.
fn remove_abandoned(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(SERVED_PREFIX)
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !running(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process `pid` is running; true where the system cannot tell,
/// so that nothing of a live server is ever removed.
fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Whether a changed path is an edit to the site (not its outputs).
fn is_edit(site: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(site).unwrap_or(path);
    let hidden_or_ignored = rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        IGNORED.contains(&name.as_ref()) || name.starts_with('.') || name.ends_with('~')
    });
    !hidden_or_ignored
}

/// Rebuilds after the files `changed`, then tells waiting pages.
fn rebuild(
    session: &mut Session,
    changed: &[PathBuf],
    site: &Path,
    shared: &Shared,
    report_to: &(impl Fn(&Report, Duration) + ?Sized),
) {
    let started = std::time::Instant::now();
    let report = session.rebuild(changed);
    report_to(&report, started.elapsed());
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let mut d = d.clone();
            if d.path.is_relative() {
                d.path = site.join(&d.path);
            }
            d.render(false)
        })
        .collect();
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.generation += 1;
    state.errors = errors;
    shared.changed.notify_all();
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are ASCII")
}

fn handle(request: tiny_http::Request, out: &Path, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == EVENTS {
        let seen: u64 = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("g="))
            .and_then(|g| g.parse().ok())
            .unwrap_or(0);
        let generation = wait_for_change(shared, seen);
        let body = format!("retry: 300\ndata: {generation}\n\n");
        let response = tiny_http::Response::from_string(body)
            .with_header(header("Content-Type", "text/event-stream"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let (status, file) = match resolve(out, path) {
        Some(file) => (200, file),
        None => (404, out.join("404.html")),
    };
    let mut bytes = std::fs::read(&file).unwrap_or_else(|_| b"Not found".to_vec());
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        bytes = inject(&bytes, state.generation, &state.errors);
    }
    let response = tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// Blocks until the newest build is not `seen` (or 25 s pass); returns the
/// newest build's number.
fn wait_for_change(shared: &Shared, seen: u64) -> u64 {
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, Duration::from_secs(25), |s| s.generation == seen)
        .unwrap_or_else(|e| e.into_inner());
    state.generation
}

/// The file under `out` for a request path, or none when there is none or
/// the path tries to leave `out` (`..`, encoded or not, or a symlink).
pub fn resolve(out: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let mut file = out.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let root = out.canonicalize().ok()?;
    let real = file.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The live-reload script, and the error overlay while the newest build
/// failed, added at the end of a served page. Never in `awaaz build`'s output.
fn inject(html: &[u8], generation: u64, errors: &[String]) -> Vec<u8> {
    let mut out = html.to_vec();
    if !errors.is_empty() {
        let text = errors.join("\n");
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        out.extend_from_slice(
            format!(
                "<div id=awaaz-errors role=alert style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#000;border:6px solid #b00;padding:1rem;z-index:2147483647;font:14px/1.4 monospace;white-space:pre-wrap;direction:ltr;text-align:left\"><strong>The site did not build: the last good build is shown when this is fixed.</strong>\n\n{escaped}</div>"
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(
        format!(
            "<script>(()=>{{const g={generation};const e=new EventSource(\"{EVENTS}?g=\"+g);e.onmessage=m=>{{if(m.data!=String(g)){{e.close();location.reload()}}}}}})()</script>"
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_closed_after_writing_or_renamed_into_place_is_saved_whole() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, EventKind, ModifyKind, RenameMode,
        };
        let site = Path::new("/site");
        let on = |kind, path: &str| Ok(notify::Event::new(kind).add_path(site.join(path)));
        let page = vec![site.join("content/a.md")];
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let created = EventKind::Create(CreateKind::File);
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert_eq!(
            edits(site, on(closed, "content/a.md")),
            (page.clone(), true)
        );
        assert_eq!(
            edits(site, on(renamed, "content/a.md")),
            (page.clone(), true)
        );
        // Still being written: the longer quiet period.
        assert_eq!(
            edits(site, on(written, "content/a.md")),
            (page.clone(), false)
        );
        assert_eq!(edits(site, on(created, "content/a.md")), (page, false));
        // A read, an editor's swap file, a backup, an output: no edit.
        assert_eq!(edits(site, on(opened, "content/a.md")), (vec![], false));
        assert_eq!(
            edits(site, on(closed, "content/.a.md.swp")),
            (vec![], false)
        );
        assert_eq!(edits(site, on(closed, "content/a.md~")), (vec![], false));
        assert_eq!(
            edits(site, on(closed, "public/index.html")),
            (vec![], false)
        );
    }

    #[test]
    fn paths_never_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("about")).unwrap();
        std::fs::write(out.join("about/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert!(resolve(&out, "/about/").is_some());
        assert!(resolve(&out, "/about/index.html").is_some());
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/about/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/about/..\\..\\secret.txt",
            "/%00",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt"), None);
        }
    }

    #[test]
    fn outputs_and_caches_are_not_edits() {
        let site = Path::new("/s");
        assert!(is_edit(site, Path::new("/s/content/a.md")));
        assert!(!is_edit(site, Path::new("/s/.awaaz-cache/pdf/x.pdf")));
        assert!(!is_edit(site, Path::new("/s/public/index.html")));
        assert!(!is_edit(site, Path::new("/s/target/debug/x")));
        assert!(!is_edit(site, Path::new("/s/.public.spare/index.html")));
        assert!(!is_edit(site, Path::new("/s/.print-only.spare/a.pdf")));
        assert!(!is_edit(site, Path::new("/s/content/.about.md.swp")));
    }
}

//! Fixture sites for the integration tests: each test writes the few files
//! its behaviour needs into a temporary folder and builds it for real.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod photos;

use awaaz::{BuildOptions, Report};

pub const SITE_YAML: &str = r#"title: { en: "Test Despatch", hi: "टेस्ट डिस्पैच", ur: "ٹیسٹ ڈسپیچ" }
base_url: "https://example.org"
default_language: en
languages:
  - { code: en, name: English }
  - { code: hi, name: हिन्दी }
  - { code: ur, name: اردو, dir: rtl }
"#;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with `site.yaml` and the default theme (built into awaaz).
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        f.write("site.yaml", SITE_YAML);
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Fixture {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Fixture {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.out().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn build(&self) -> Report {
        awaaz::build(self.root(), &self.out(), &BuildOptions::default())
    }

    pub fn build_with(&self, opts: BuildOptions) -> Report {
        awaaz::build(self.root(), &self.out(), &opts)
    }

    /// Builds and fails the test, showing every diagnostic, if it did not
    /// succeed. Always a build: the stamp by which a build with nothing
    /// changed does nothing (`output::stamp`) is forgotten first, as a
    /// slow build (PDFs typeset in a debug build) may leave the site's
    /// files old enough to make one. Tests of that stamp use `build`.
    pub fn build_ok(&self) -> Report {
        let _ = std::fs::remove_dir_all(self.root().join(".awaaz-cache/built"));
        let report = self.build();
        assert_ok(&report);
        report
    }

    pub fn read(&self, rel: &str) -> String {
        read(&self.out(), rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// The repository's own sample site built with `opts` into a temporary
/// folder (kept alive by the returned `TempDir`), and its output folder.
pub fn build_sample(opts: &BuildOptions) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_ok(&awaaz::build(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &out,
        opts,
    ));
    (dir, out)
}

pub fn assert_ok(report: &Report) {
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect();
    assert!(errors.is_empty(), "build failed:\n{}", errors.join("\n"));
    assert!(report.written);
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).unwrap();
            (rel, bytes)
        })
        .collect()
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Whether poppler (`pdftotext`, `pdffonts`, `pdfinfo`, `pdfimages`) is
/// installed; CI sets AWAAZ_REQUIRE_POPPLER, and then it must be.
pub fn poppler() -> bool {
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !found && std::env::var_os("AWAAZ_REQUIRE_POPPLER").is_some() {
        panic!("poppler-utils (pdftotext, pdffonts) is required: apt-get install poppler-utils");
    }
    found
}

/// How many pages a PDF has, as `pdfinfo` reads it.
pub fn page_count(path: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

/// Fails the test when any file under `out` contains `text`, naming the file.
pub fn assert_nowhere(out: &Path, text: &str) {
    for (path, bytes) in tree(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(text),
            "`{text}` leaked into {path}"
        );
    }
}

/// The error diagnostics, rendered as printed.
pub fn errors(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect()
}

pub fn warnings(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| d.render(false))
        .collect()
}

/// Values of attribute `attr` on every `<tag …>` of minified HTML.
pub fn attrs(html: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let open = format!("<{tag} ");
    for (i, _) in html.match_indices(&open) {
        let end = html[i..].find('>').map_or(html.len(), |e| i + e);
        let element = &html[i..end];
        if let Some(v) = attr_value(element, attr) {
            out.push(v);
        }
    }
    out
}

/// The `<link rel=alternate hreflang=…>` languages of a page, in order.
pub fn hreflangs(html: &str) -> Vec<String> {
    attrs(html, "link", "hreflang")
}

fn attr_value(element: &str, attr: &str) -> Option<String> {
    let key = format!(" {attr}=");
    let at = element.find(&key)? + key.len();
    let rest = &element[at..];
    let value = if let Some(r) = rest.strip_prefix('"') {
        &r[..r.find('"')?]
    } else {
        let end = rest.find([' ', '>']).unwrap_or(rest.len());
        &rest[..end]
    };
    Some(value.replace("&amp;", "&"))
}

/// A story with a complete consent record.
pub fn story(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2026-09-01\n{extra}consent:\n  recorded: 2026-08-01\n  by: \"Unit coordinator\"\n  scope: [web, print]\n---\n\nThe story of {title}.\n"
    )
}

/// A story whose consent covers only `scope` (`[print]`, `[web]`).
pub fn story_with_scope(title: &str, scope: &str, extra: &str) -> String {
    story(title, extra).replace("scope: [web, print]", &format!("scope: {scope}"))
}

pub fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n\n{body}\n")
}

/// `tests/browser`: the browser checks' scripts and npm packages.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Whether Chromium (`/usr/bin/chromium`, or `AWAAZ_CHROMIUM`), Node, the
/// npm `packages` of `tests/browser` and, with `java`, a Java runtime are
/// here. When something is missing the test is skipped with a note, unless
/// `AWAAZ_REQUIRE_BROWSER=1` (as in CI), when it fails naming it.
pub fn browser_ready(packages: &[&str], java: bool) -> bool {
    let runs = |program: &str, arg: &str| {
        std::process::Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    let chromium = std::env::var_os("AWAAZ_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    if java && !runs("java", "-version") {
        missing.push("java (apt-get install default-jre-headless)".to_string());
    }
    if !runs("node", "--version") {
        missing.push("node (Node.js 20 or newer)".to_string());
    }
    let modules = browser_dir().join("node_modules");
    for package in packages {
        if !modules.join(package).is_dir() {
            missing.push(format!(
                "{} (run `npm ci` in tests/browser)",
                modules.join(package).display()
            ));
        }
    }
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("\n  ");
    if std::env::var("AWAAZ_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("AWAAZ_REQUIRE_BROWSER=1 but these are missing:\n  {list}");
    }
    eprintln!("skipped: the browser checks need\n  {list}");
    false
}

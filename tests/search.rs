//! Search: a search page per language, a search form in every header, and
//! an index of plain script files that holds only what is published. The
//! last tests search in Chromium (`tests/browser/search.mjs`) over HTTP and
//! from an offline copy's files, in four scripts.
//!
//! The Node and Chromium tests need what `tests/browser.rs` needs; without
//! it they are skipped with a note, unless `AWAAZ_REQUIRE_BROWSER=1`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use awaaz::BuildOptions;
use awaaz::render::web::search;
use common::*;

const SITE_YAML: &str = r#"title: { en: "Test Despatch", hi: "टेस्ट डिस्पैच", bn: "টেস্ট ডেসপ্যাচ", ur: "ٹیسٹ ڈسپیچ" }
base_url: "https://example.org"
default_language: en
languages:
  - { code: en, name: English }
  - { code: hi, name: हिन्दी }
  - { code: bn, name: বাংলা }
  - { code: ur, name: اردو, dir: rtl }
"#;

fn web_only() -> BuildOptions {
    BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    }
}

/// A story dated `date`, published on the web.
fn dated(title: &str, date: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nconsent:\n  recorded: 2026-08-01\n  by: \"Unit coordinator\"\n  scope: [web]\n---\n\n{body}\n"
    )
}

/// A site in four languages and four scripts, with stories written to be
/// searched, and three that must never be found: withdrawn, a draft and
/// print-only.
fn site() -> Fixture {
    let f = Fixture::new();
    f.write("site.yaml", SITE_YAML);
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write("content/_index.hi.md", &page("मुखपृष्ठ", "स्वागत है।"));
    f.write("content/_index.bn.md", &page("প্রথম পাতা", "স্বাগতম।"));
    f.write("content/_index.ur.md", &page("سرورق", "خوش آمدید۔"));
    f.write(
        "content/stories/bail.md",
        &dated(
            "The bail hearing",
            "2026-09-03",
            "The court gave him bail. Call the helpline 1098 for any child in danger.",
        ),
    );
    f.write(
        "content/stories/bail.hi.md",
        &dated(
            "ज़मानत की सुनवाई",
            "2026-09-03",
            "अदालत ने उसे ज़मानत दे दी। किसी भी बच्चे के लिए हेल्पलाइन १०९८ पर फ़ोन करें।",
        ),
    );
    f.write(
        "content/stories/sita.bn.md",
        &dated("সীতার কথা", "2026-09-02", "সীতার মেয়ে এখন স্কুলে যায়।"),
    );
    // Written with the Urdu keyboard's letters (ہ, ی, ک) and a zabar.
    f.write(
        "content/stories/sultana.ur.md",
        &dated(
            "سلطانہ اسٹیج پر",
            "2026-09-01",
            "سلطانہ نے کَہا کہ عدالت کو سننا ہوگا۔",
        ),
    );
    f.write(
        "content/stories/both.md",
        &dated(
            "A shelter in Forbesganj",
            "2026-08-01",
            "The shelter opened.",
        ),
    );
    f.write(
        "content/stories/shelter.md",
        &dated("The shelter", "2026-08-20", "A shelter for girls."),
    );
    f.write(
        "content/stories/march.md",
        &dated("The march", "2026-08-21", "Women marched in Forbesganj."),
    );
    f.write(
        "content/stories/gone.md",
        &story("Quillmoor remembered", "withdrawn: true\n").replace(
            "The story of",
            "Quillmoor is a word of a withdrawn story. The story of",
        ),
    );
    f.write(
        "content/stories/unfinished.md",
        &story("Draftwort", "draft: true\n"),
    );
    f.write(
        "content/stories/paper.md",
        &story_with_scope("Paperhold", "[print]", ""),
    );
    f
}

/// Builds `f`'s offline copy (web only) into `offline/` and gives its path.
fn build_offline(f: &Fixture) -> PathBuf {
    let offline = f.root().join("offline");
    assert_ok(&awaaz::build(
        f.root(),
        &offline,
        &BuildOptions {
            offline: true,
            ..web_only()
        },
    ));
    offline
}

/// Every file of the index of the build in `out`, by path, as text.
fn index_files(out: &Path) -> BTreeMap<String, String> {
    tree(out)
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn every_language_has_a_search_page_and_every_page_a_search_form() {
    let (_dir, out) = build_sample(&web_only());
    for (lang, page) in [
        ("en", "search/index.html"),
        ("hi", "hi/search/index.html"),
        ("bn", "bn/search/index.html"),
        ("ur", "ur/search/index.html"),
    ] {
        let html = read(&out, page);
        assert!(html.contains(&format!("<html lang={lang} dir=")), "{page}");
        // It loads the search and the manifest, and says what to do
        // without JavaScript.
        let scripts = attrs(&html, "script", "src");
        assert_eq!(scripts.len(), 2, "{page}: {scripts:?}");
        assert!(scripts[0].starts_with("/search/search-"), "{scripts:?}");
        assert!(scripts[1].starts_with("/search/data/index-"), "{scripts:?}");
        let prefix = if lang == "en" {
            String::new()
        } else {
            format!("/{lang}")
        };
        let start = html
            .find("<noscript>")
            .expect("a message without JavaScript");
        let end = html[start..].find("</noscript>").unwrap() + start;
        let quiet = &html[start..end];
        assert!(
            quiet.contains(&format!("href={prefix}/despatch/")),
            "{page} offers the archive without JavaScript: {quiet}"
        );
        assert!(quiet.contains(&format!("href={prefix}/tags/")), "{quiet}");
        // The form reads the address's `q` (a GET form to itself).
        assert!(html.contains(&format!("action={prefix}/search/")), "{page}");
        assert!(html.contains("name=q"), "{page}");
    }
    // Every other page has the small form in its header, to its own
    // language's search page, and loads no script at all.
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") || path.ends_with("search/index.html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(!html.contains("<script"), "{path} loads a script");
        let lang = ["hi", "bn", "ur"]
            .into_iter()
            .find(|l| path.starts_with(&format!("{l}/")));
        let action = match lang {
            Some(l) => format!("/{l}/search/"),
            None => "/search/".to_string(),
        };
        let forms = attrs(&html, "form", "action");
        assert!(forms.contains(&action), "{path}: {forms:?}");
        assert!(html.contains("role=search"), "{path}");
        pages += 1;
    }
    assert!(pages > 60, "{pages}");
}

#[test]
fn the_index_holds_only_what_is_published_and_links_files_offline() {
    let f = site();
    assert_ok(&f.build_with(web_only()));
    let files = index_files(&f.out());
    let all: String = files.values().cloned().collect();
    // Each term once, in the shards: folded.
    assert!(all.contains("\"bail\":["), "terms are folded to lower case");
    assert!(all.contains("\"जमानत\":["), "nukta folded");
    assert!(all.contains("\"1098\":["), "digits folded");
    assert!(all.contains("\"سلطانه\":["), "heh folded");
    // The documents: address, title, kind, date in the page's language.
    assert!(
        all.contains("[\"hi/stories/bail/\",\"ज़मानत की सुनवाई\",\"कहानी\",\"३ सितंबर २०२६\""),
        "{all}"
    );
    // Never a withdrawn, draft or print-only story.
    for word in [
        "quillmoor",
        "Quillmoor",
        "draftwort",
        "Draftwort",
        "paperhold",
        "Paperhold",
    ] {
        assert!(!all.contains(word), "`{word}` is in the search index");
    }
    assert_nowhere(&f.out(), "Quillmoor");

    // With --drafts the draft is published, and found.
    assert_ok(&f.build_with(BuildOptions {
        drafts: true,
        ..web_only()
    }));
    let all: String = index_files(&f.out()).into_values().collect();
    assert!(all.contains("\"draftwort\":["));

    // The offline copy's index holds what the copy holds, linked as files.
    let offline = build_offline(&f);
    let all: String = index_files(&offline).into_values().collect();
    assert!(all.contains("[\"hi/stories/bail/index.html\","), "{all}");
    assert!(!all.contains("paperhold") && !all.contains("quillmoor"));
    let search = read(&offline, "hi/search/index.html");
    for src in attrs(&search, "script", "src") {
        assert!(src.starts_with("../../search/"), "{src}");
    }
}

#[test]
fn each_index_file_is_named_by_its_bytes_and_builds_are_identical() {
    let f = site();
    assert_ok(&f.build_with(web_only()));
    let first = index_files(&f.out());
    for (path, text) in &first {
        let name = path.rsplit('/').next().unwrap();
        let hash = name.trim_end_matches(".js").rsplit('-').next().unwrap();
        assert_eq!(hash.len(), 8, "{path}");
        if path.starts_with("search/data/") {
            assert!(text.starts_with("awaazSearch."), "{path}");
        }
    }
    assert_ok(&f.build_with(web_only()));
    assert_eq!(index_files(&f.out()), first);
    // A changed story changes the files that hold it, and the manifest.
    f.write(
        "content/stories/march.md",
        &dated(
            "The march",
            "2026-08-21",
            "Women marched in Forbesganj and Araria.",
        ),
    );
    assert_ok(&f.build_with(web_only()));
    let second = index_files(&f.out());
    assert_ne!(second, first);
    assert!(second.values().any(|t| t.contains("\"araria\":[")));
    assert!(
        first.keys().any(|k| second.contains_key(k)),
        "files whose bytes did not change keep their names"
    );
}

#[test]
fn a_redacted_name_in_a_story_is_found_in_the_search_index() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write(
        "content/stories/s.md",
        &dated("A story", "2026-09-01", "She told Meena Kumari everything."),
    );
    f.write("redact.txt", "Meena Kumari\n");
    let report = f.build_with(web_only());
    assert!(!report.written);
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/stories/s.md:10:")
            && e.contains("it reached atom.xml, search/data/d0-"),
        "{e}"
    );
}

fn node(script: &str, args: &[&std::ffi::OsStr], stdin: &str) -> String {
    let dir = browser_dir();
    let mut child = Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_search_script_folds_words_as_the_index_does() {
    if !browser_ready(&["playwright-core"], false) {
        return;
    }
    // One text for each rule, then every Markdown file of the sample site.
    let mut texts: Vec<String> = [
        "क़\u{0915}\u{093C} café cafe\u{0301} ো\u{09C7}\u{09BE}",
        "ज़मानत जमानत ড়",
        "क्\u{200D}ष ক্\u{200C}ষ news\u{00AD}paper",
        "\u{0643}\u{064A} \u{06A9}\u{06CC} ه ہ ھ أ إ آ ؤ ئ عَدَالَت عدا\u{0640}لت",
        "Sultána ÇAFÉ İstanbul Women's women’s",
        "१०९८ ১০৯৮ ۱۰۹۸ ١٠٩٨ ᱑᱐᱙᱘ 1098",
        "सीता। गीता سیتا، گیتا۔ সীতার—কথা",
    ]
    .map(String::from)
    .to_vec();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (path, bytes) in tree(&content) {
        if path.ends_with(".md") {
            texts.push(String::from_utf8(bytes).unwrap());
        }
    }
    let script = std::env::temp_dir().join(format!("awaaz-search-{}.js", std::process::id()));
    std::fs::write(&script, search::SCRIPT).unwrap();
    let stdout = node(
        "fold.mjs",
        &[script.as_os_str()],
        &serde_json::to_string(&texts).unwrap(),
    );
    std::fs::remove_file(&script).ok();
    let from_script: Vec<Vec<String>> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(from_script.len(), texts.len());
    let mut words = 0;
    for (text, theirs) in texts.iter().zip(from_script) {
        let ours: Vec<String> = search::words(text);
        assert_eq!(ours, theirs, "folded differently: {text}");
        words += ours.len();
    }
    assert!(words > 5000, "{words}");
}

/// What `search.mjs` saw of one search.
#[derive(Debug, serde::Deserialize)]
struct Seen {
    url: String,
    status: String,
    mine: Vec<String>,
    others: Vec<String>,
    marked: Vec<String>,
    langs: Vec<String>,
    foreign: Vec<String>,
    failed: Vec<String>,
    errors: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Runs {
    http: Vec<Seen>,
    file: Vec<Seen>,
    #[serde(rename = "noScript")]
    no_script: NoScript,
}

#[derive(Debug, serde::Deserialize)]
struct NoScript {
    text: String,
    links: Vec<String>,
}

#[test]
fn searches_in_chromium_over_http_and_from_the_offline_copy() {
    if !browser_ready(&["playwright-core"], false) {
        return;
    }
    let f = site();
    assert_ok(&f.build_with(web_only()));
    let offline = build_offline(&f);
    let cases: &[(&str, &str)] = &[
        ("/hi/search/", "जमानत"),            // 0: no nukta finds the nukta
        ("/hi/search/", "ज़मानत"),            // 1: the nukta finds it too
        ("/bn/search/", "সীতা"),              // 2: a prefix: সীতা finds সীতার
        ("/ur/search/", "سلطانه كها"),       // 3: Arabic heh and kaf, no zabar
        ("/search/", "१०९८"),                // 4: Devanagari digits on the English page
        ("/hi/search/", "1098"),             // 5: ASCII digits on the Hindi page
        ("/search/", "forbesganj shelter"),  // 6: two words
        ("/search/", "Quillmoor"),           // 7: a withdrawn story
        ("/search/", "paperhold draftwort"), // 8: print-only, draft
        ("/search/", "SHELT"),               // 9: a prefix, in capitals
    ];
    let spec = serde_json::json!({
        "online": f.out(),
        "offline": offline,
        "cases": cases.iter().map(|(page, q)| serde_json::json!({"page": page, "q": q})).collect::<Vec<_>>(),
        "noScript": "/search/",
    });
    let spec_file = f.root().join("spec.json");
    std::fs::write(&spec_file, spec.to_string()).unwrap();
    let stdout = node("search.mjs", &[spec_file.as_os_str()], "");
    let runs: Runs = serde_json::from_str(&stdout).unwrap();
    assert_eq!(runs.http.len(), cases.len());
    assert_eq!(runs.file.len(), cases.len());

    for (way, seen) in [("http", &runs.http), ("file", &runs.file)] {
        for s in seen.iter() {
            assert!(s.foreign.is_empty(), "{way} {}: {:?}", s.url, s.foreign);
            assert!(s.failed.is_empty(), "{way} {}: {:?}", s.url, s.failed);
            assert!(s.errors.is_empty(), "{way} {}: {:?}", s.url, s.errors);
        }
        let hi_bail = vec!["/hi/stories/bail/".to_string()];
        assert_eq!(seen[0].mine, hi_bail, "{way}");
        assert!(
            seen[0].marked.contains(&"ज़मानत".to_string()),
            "{way}: {:?}",
            seen[0].marked
        );
        assert_eq!(
            seen[0].status, "“\u{2068}जमानत\u{2069}” के लिए १ नतीजा",
            "{way}"
        );
        assert_eq!(seen[1].mine, hi_bail, "{way}");
        assert_eq!(seen[2].mine, ["/bn/stories/sita/"], "{way}");
        assert!(seen[2].marked.contains(&"সীতার".to_string()), "{way}");
        assert_eq!(seen[3].mine, ["/ur/stories/sultana/"], "{way}");
        assert_eq!(seen[3].langs, ["ur rtl"], "{way}");
        assert!(
            seen[3].marked.contains(&"کَہا".to_string()),
            "{way}: {:?}",
            seen[3].marked
        );
        // The reader's language first; the others behind the button, in
        // their own language and direction.
        assert_eq!(seen[4].mine, ["/stories/bail/"], "{way}");
        assert_eq!(seen[4].others, ["/hi/stories/bail/"], "{way}");
        assert_eq!(seen[4].langs, ["en ltr", "hi ltr"], "{way}");
        assert_eq!(seen[5].mine, hi_bail, "{way}");
        assert_eq!(seen[5].others, ["/stories/bail/"], "{way}");
        // Pages with both words first; then a word in a title before a
        // word in the text.
        assert_eq!(
            seen[6].mine,
            ["/stories/both/", "/stories/shelter/", "/stories/march/"],
            "{way}"
        );
        for withheld in [&seen[7], &seen[8]] {
            assert!(
                withheld.mine.is_empty() && withheld.others.is_empty(),
                "{way}: {withheld:?}"
            );
            assert!(
                withheld.status.starts_with("Nothing found"),
                "{way}: {}",
                withheld.status
            );
        }
        assert_eq!(
            seen[9].mine,
            ["/stories/shelter/", "/stories/both/"],
            "{way}: the newer first, when both have the word in the title"
        );
    }

    // Without JavaScript: what to use instead.
    let quiet = &runs.no_script;
    assert!(
        quiet.text.contains("Search needs JavaScript"),
        "{}",
        quiet.text
    );
    assert!(quiet.links.contains(&"/tags/".to_string()) || !f.exists("tags/index.html"));
}

#[test]
fn a_page_at_the_search_page_address_is_an_error_at_its_file() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write("content/search.md", &page("Search", "Our own search page."));
    let report = f.build_with(web_only());
    assert!(!report.written);
    let e = errors(&report).join("\n");
    assert!(
        e.contains(
            "content/search.md:1:1: error: this page's address, /search/, is the search page's"
        ),
        "{e}"
    );
}

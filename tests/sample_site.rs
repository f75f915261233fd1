//! The sample site in this repository, built for real: URLs per language,
//! alternates, the language switcher, tallies, article order, feeds, the
//! sitemap, determinism and self-containment.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use awaaz::BuildOptions;
use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site, built once for all tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| build_sample(&BuildOptions::default()));
    out
}

/// Source Markdown files under `content/`, relative, with their text.
fn sources() -> BTreeMap<String, String> {
    tree(&repo().join("content"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// `stories/heera.hi.md` → (`stories/heera`, `hi`).
fn key_and_lang(rel: &str) -> (String, String) {
    let base = rel.strip_suffix(".md").unwrap();
    match base.rsplit_once('.') {
        Some((k, l)) if ["hi", "bn", "ur"].contains(&l) => (k.to_string(), l.to_string()),
        _ => (base.to_string(), "en".to_string()),
    }
}

fn front(text: &str, field: &str) -> Option<String> {
    let fm = text.split("\n---").next()?;
    fm.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().trim_matches('"').to_string())
}

fn out_path(key: &str, lang: &str) -> String {
    let prefix = if lang == "en" {
        String::new()
    } else {
        format!("{lang}/")
    };
    let key = key.trim_end_matches("_index").trim_end_matches('/');
    let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
    let name = if folder.starts_with("despatch/") {
        name.trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('-')
    } else {
        name
    };
    let path = [folder, name]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("/");
    if path.is_empty() {
        format!("{prefix}index.html")
    } else {
        format!("{prefix}{path}/index.html")
    }
}

fn html_files(out: &Path) -> BTreeMap<String, String> {
    tree(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn sample_site_has_at_least_40_pages_in_four_languages() {
    let pages = html_files(built());
    assert!(pages.len() >= 40, "only {} HTML pages", pages.len());
    for home in [
        "index.html",
        "hi/index.html",
        "bn/index.html",
        "ur/index.html",
    ] {
        assert!(pages.contains_key(home), "{home} missing");
    }
}

#[test]
fn every_source_page_is_published_at_its_url_in_its_language() {
    let out = built();
    for (rel, text) in sources() {
        if front(&text, "draft").as_deref() == Some("true") {
            continue;
        }
        let (key, lang) = key_and_lang(&rel);
        let path = out_path(&key, &lang);
        let html = read(out, &path);
        assert!(
            html.contains(&format!("lang={lang}")),
            "{path} is not marked {lang}"
        );
        let title = front(&text, "title").unwrap();
        let escaped = title.replace('&', "&amp;").replace('<', "&lt;");
        assert!(html.contains(&escaped), "{path} lacks its title {title:?}");
    }
}

#[test]
fn hreflang_alternates_list_exactly_the_existing_translations() {
    let out = built();
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in sources().keys() {
        let (key, lang) = key_and_lang(rel);
        groups.entry(key).or_default().insert(lang);
    }
    for (key, langs) in &groups {
        for lang in langs {
            let html = read(out, &out_path(key, lang));
            let got: BTreeSet<String> = hreflangs(&html)
                .into_iter()
                .filter(|l| l != "x-default")
                .collect();
            if langs.len() > 1 {
                assert_eq!(&got, langs, "alternates of {key} in {lang}");
                // the switcher has the same languages, and the current one is not a link
                assert!(
                    html.contains("class=languages"),
                    "{key} {lang} has no switcher"
                );
                for other in langs.iter().filter(|l| *l != lang) {
                    assert!(
                        html.contains(&format!("hreflang={other} lang={other}")),
                        "{key} {lang}: no link to {other}"
                    );
                }
            }
        }
    }
    let heera = read(out, "stories/heera/index.html");
    assert!(
        !heera.contains("/bn/stories/heera/"),
        "switcher links a translation that does not exist"
    );
}

#[test]
fn urdu_pages_are_right_to_left_and_others_left_to_right() {
    for (path, html) in html_files(built()) {
        let head = &html[..html.find("<head>").unwrap_or(80)];
        if path.starts_with("ur/") {
            assert!(
                head.contains("dir=rtl") && head.contains("lang=ur"),
                "{path}: {head}"
            );
        } else {
            assert!(head.contains("dir=ltr"), "{path}: {head}");
        }
    }
}

fn indian_grouping(n: u64) -> String {
    let s = n.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, tail) = s.split_at(s.len() - 3);
    let mut parts: Vec<String> = Vec::new();
    let mut h = head.to_string();
    while h.len() > 2 {
        parts.insert(0, h[h.len() - 2..].to_string());
        h.truncate(h.len() - 2);
    }
    parts.insert(0, h);
    format!("{},{tail}", parts.join(","))
}

#[test]
fn petition_pages_show_the_total_of_their_tallies() {
    let out = built();
    let csvs: Vec<_> = tree(&repo().join("content/petitions"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".tallies.csv"))
        .collect();
    assert!(
        csvs.len() >= 2,
        "the sample site should have two petitions with tallies"
    );
    for (name, bytes) in csvs {
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let total: u64 = reader
            .records()
            .map(|r| r.unwrap()[3].trim().parse::<u64>().unwrap())
            .sum();
        let slug = name.trim_end_matches(".tallies.csv");
        let html = read(out, &format!("petitions/{slug}/index.html"));
        let shown = indian_grouping(total);
        assert!(
            html.contains(&format!("<strong>{shown}</strong>")),
            "{slug}: total {shown} not shown"
        );
        let bn = out.join(format!("bn/petitions/{slug}/index.html"));
        if bn.exists() {
            let bengali: String = shown
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .map_or(c, |d| "০১২৩৪৫৬৭৮৯".chars().nth(d as usize).unwrap())
                })
                .collect();
            assert!(
                std::fs::read_to_string(bn).unwrap().contains(&bengali),
                "{slug}: Bengali total {bengali}"
            );
        }
    }
}

#[test]
fn issue_pages_list_articles_in_file_name_order() {
    let out = built();
    let sources = sources();
    let issues: BTreeSet<String> = sources
        .keys()
        .filter_map(|k| k.strip_prefix("despatch/"))
        .filter_map(|k| k.split_once('/').map(|(issue, _)| issue.to_string()))
        .collect();
    assert!(issues.len() >= 2);
    for issue in issues {
        let html = read(out, &format!("despatch/{issue}/index.html"));
        let mut articles: Vec<(&String, &String)> = sources
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("despatch/{issue}/")) && !k.contains("_index"))
            .filter(|(k, _)| key_and_lang(k).1 == "en")
            .collect();
        articles.sort();
        assert!(
            articles.len() >= 5,
            "{issue} has {} articles",
            articles.len()
        );
        // Only the list of contents counts: the issue's own text may name articles.
        let head = &html[..html.find("id=contents").expect("a list of contents")];
        assert!(
            head.contains("Volume") && head.contains("Number"),
            "{issue}: no volume and number"
        );
        let html = &html[head.len()..];
        let mut last = 0;
        for (rel, text) in articles {
            let title = front(text, "title").unwrap().replace('&', "&amp;");
            let at = html
                .find(&title)
                .unwrap_or_else(|| panic!("{rel}: {title} not in the contents"));
            assert!(at > last, "{rel} is out of order");
            last = at;
        }
    }
}

#[test]
fn feeds_parse_and_point_at_published_pages() {
    let out = built();
    for feed in ["atom.xml", "hi/atom.xml", "bn/atom.xml", "ur/atom.xml"] {
        let text = read(out, feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert!(!entries.is_empty(), "{feed} has no entries");
        for entry in entries {
            let href = entry
                .children()
                .find(|n| n.has_tag_name("link"))
                .and_then(|l| l.attribute("href"))
                .unwrap();
            let path = href.strip_prefix("https://example.org/").unwrap();
            assert!(
                out.join(path).join("index.html").is_file(),
                "{feed}: {href} is not a page"
            );
            assert!(entry.children().any(|n| n.has_tag_name("updated")));
        }
    }
}

#[test]
fn sitemap_lists_every_page_with_language_alternates() {
    let out = built();
    let text = read(out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for loc in &locs {
        let path = loc.strip_prefix("https://example.org/").unwrap();
        assert!(
            out.join(path).join("index.html").is_file(),
            "{loc} is not a page"
        );
    }
    // All but 404.html and the search pages (en, hi, bn, ur).
    let pages = html_files(out).len() - 1 - 4;
    assert!(!locs.iter().any(|l| l.ends_with("/search/")));
    assert_eq!(
        locs.len(),
        pages,
        "every page, and only pages, in the sitemap"
    );
    let heera = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url")
                && n.children()
                    .any(|c| c.text() == Some("https://example.org/stories/heera/"))
        })
        .unwrap();
    let langs: Vec<&str> = heera
        .children()
        .filter_map(|c| c.attribute("hreflang"))
        .collect();
    assert_eq!(langs, ["en", "hi"]);
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again");
    assert_ok(&awaaz::build(repo(), &again, &BuildOptions::default()));
    let (a, b) = (tree(built()), tree(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn pages_load_nothing_from_another_host_and_only_search_pages_have_scripts() {
    for (path, html) in html_files(built()) {
        // The search pages alone have scripts: the search and its index,
        // from this site.
        if path.ends_with("search/index.html") {
            for src in attrs(&html, "script", "src") {
                assert!(src.starts_with("/search/"), "{path}: {src}");
            }
        } else {
            assert!(!html.contains("<script"), "{path} has a script");
        }
        for (tag, attr) in [
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "srcset"),
        ] {
            for value in attrs(&html, tag, attr) {
                let external = value.starts_with("http:")
                    || value.starts_with("https:")
                    || value.starts_with("//");
                let is_alternate = tag == "link" && value.starts_with("https://example.org/");
                assert!(
                    !external || is_alternate,
                    "{path}: <{tag} {attr}={value}> loads from elsewhere"
                );
            }
        }
        assert!(!html.contains("@import"), "{path}");
    }
    let css = read(built(), "style.css");
    assert!(
        !css.contains("url(http") && !css.contains("@import"),
        "the style sheet loads from elsewhere"
    );
}

#[test]
fn html_and_css_are_minified() {
    let out = built();
    let css = read(out, "style.css");
    assert!(!css.contains("\n  "), "style.css is not minified");
    let home = read(out, "index.html");
    assert!(!home.contains("\n\n"), "index.html is not minified");
}

#[test]
fn hindi_headings_keep_vowel_signs_in_their_ids() {
    let out = built();
    let mut checked = 0;
    for (rel, text) in sources().iter().filter(|(k, _)| k.ends_with(".hi.md")) {
        let (key, lang) = key_and_lang(rel);
        let html = read(out, &out_path(&key, &lang));
        for heading in text.lines().filter_map(|l| l.strip_prefix("## ")) {
            let plain = heading
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || ('\u{0900}'..='\u{097F}').contains(&c));
            if !plain {
                continue;
            }
            let id = heading.split_whitespace().collect::<Vec<_>>().join("-");
            assert!(
                html.contains(&format!("id={id}>")) || html.contains(&format!("id=\"{id}\"")),
                "{rel}: no id {id}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "the Hindi sample pages should have headings");
}

#[test]
fn stories_show_their_author_or_anonymous() {
    let out = built();
    for (rel, text) in sources()
        .iter()
        .filter(|(k, _)| k.starts_with("stories/") && !k.contains("_index"))
    {
        let (key, lang) = key_and_lang(rel);
        if lang != "en" {
            continue;
        }
        let html = read(out, &out_path(&key, &lang));
        match front(text, "author") {
            Some(author) if front(text, "anonymous").as_deref() != Some("true") => {
                assert!(html.contains(&author), "{rel}: author {author} not shown")
            }
            _ => assert!(html.contains("Anonymous"), "{rel}: not shown as Anonymous"),
        }
    }
}

#[test]
fn the_petition_bar_speaks_in_the_pages_digits() {
    let page = read(built(), "hi/petitions/end-demand/index.html");
    let labels = attrs(&page, "div", "aria-label");
    let bar = labels
        .iter()
        .find(|l| l.ends_with('%'))
        .unwrap_or_else(|| panic!("no bar in {labels:?}"));
    assert!(
        !bar.chars().any(|c| c.is_ascii_digit()),
        "the bar reads {bar} on a Hindi page"
    );
}

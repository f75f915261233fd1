//! Made for phones: link-preview tags on every page kind, the share
//! message in the page's language, the icon and the web app manifest of
//! each language. The sample site, built once.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use awaaz::BuildOptions;
use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let opts = BuildOptions {
            no_pdf: true,
            ..BuildOptions::default()
        };
        assert_ok(&awaaz::build(repo(), &out, &opts));
        (dir, out)
    });
    out
}

/// Every `<meta>` of a page as (property or name, content).
fn metas(html: &str) -> Vec<(String, String)> {
    html.match_indices("<meta ")
        .filter_map(|(i, _)| {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            let element = &html[i..end];
            let key = attrs(element, "meta", "property")
                .pop()
                .or_else(|| attrs(element, "meta", "name").pop())?;
            let content = attrs(element, "meta", "content").pop()?;
            Some((key, content))
        })
        .collect()
}

fn meta(html: &str, key: &str) -> Vec<String> {
    metas(html)
        .into_iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v)
        .collect()
}

fn one(html: &str, key: &str, page: &str) -> String {
    let found = meta(html, key);
    assert_eq!(found.len(), 1, "{page}: {key} {found:?}");
    found[0].clone()
}

#[test]
fn every_page_kind_carries_link_preview_tags() {
    let out = built();
    // (page, og:type, og:locale, how many translations it has)
    let pages = [
        ("index.html", "website", "en_US", Some(3)),
        ("hi/index.html", "website", "hi_IN", Some(3)),
        ("ur/index.html", "website", "ur_PK", Some(3)),
        ("stories/heera/index.html", "article", "en_US", Some(1)),
        ("hi/stories/heera/index.html", "article", "hi_IN", Some(1)),
        ("ur/stories/sultana/index.html", "article", "ur_PK", Some(1)),
        (
            "petitions/end-demand/index.html",
            "article",
            "en_US",
            Some(3),
        ),
        (
            "hi/petitions/end-demand/index.html",
            "article",
            "hi_IN",
            Some(3),
        ),
        (
            "ur/petitions/end-demand/index.html",
            "article",
            "ur_PK",
            Some(3),
        ),
        ("despatch/2026-11/index.html", "website", "en_US", Some(3)),
        (
            "despatch/2026-11/editorial/index.html",
            "article",
            "en_US",
            Some(3),
        ),
        ("stories/index.html", "website", "en_US", Some(3)),
        ("hi/tags/index.html", "website", "hi_IN", None),
    ];
    for (page, kind, locale, alternates) in pages {
        let html = read(out, page);
        assert_eq!(one(&html, "og:type", page), kind, "{page}");
        assert_eq!(one(&html, "og:locale", page), locale, "{page}");
        let canonical = html
            .match_indices("<link ")
            .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
            .find(|l| attrs(l, "link", "rel") == ["canonical"])
            .map(|l| attrs(l, "link", "href").remove(0))
            .unwrap_or_else(|| panic!("{page}: no canonical link"));
        let url = one(&html, "og:url", page);
        assert!(url.starts_with("https://"), "{page}: {url}");
        assert_eq!(url, canonical, "{page}");
        let title = one(&html, "og:title", page);
        let shown = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap();
        assert!(shown.starts_with(&title), "{page}: {title} / {shown}");
        assert!(!one(&html, "og:site_name", page).is_empty(), "{page}");
        let description = one(&html, "og:description", page);
        assert!(description.chars().count() > 10, "{page}: {description}");
        assert_eq!(meta(&html, "description"), [description], "{page}");
        assert_eq!(one(&html, "twitter:card", page), "summary", "{page}");
        let alternate = meta(&html, "og:locale:alternate");
        if let Some(n) = alternates {
            assert_eq!(alternate.len(), n, "{page}: {alternate:?}");
        }
        assert!(!alternate.contains(&locale.to_string()), "{page}");
        // Each translation's locale, and only a translation's.
        let hreflangs: Vec<String> = hreflangs(&html);
        assert!(
            alternate.len() < hreflangs.len().max(1),
            "{page}: {alternate:?} {hreflangs:?}"
        );
    }
    // The site's name in the page's language.
    let hindi = read(out, "hi/index.html");
    let name = one(&hindi, "og:site_name", "hi/index.html");
    assert!(
        name.chars().any(|c| ('\u{900}'..='\u{97f}').contains(&c)),
        "{name}"
    );
}

#[test]
fn a_page_without_a_summary_is_described_by_its_first_sentence() {
    let f = Fixture::new();
    f.write(
        "content/stories/rekha.md",
        &story("Rekha", "").replace(
            "The story of Rekha.",
            "![A market](market.png)\n\nRekha sells tea at the station[^1]. She has a stall now.\n\n[^1]: Forbesganj.",
        ),
    );
    f.write_bytes("content/stories/market.png", &photos::png_with_text(64, 48));
    f.write(
        "content/stories/rekha.hi.md",
        &story("रेखा", "").replace(
            "The story of रेखा.",
            "रेखा स्टेशन पर चाय बेचती है। अब उसकी दुकान है।",
        ),
    );
    f.write(
        "content/stories/sana.ur.md",
        &story("ثنا", "").replace(
            "The story of ثنا.",
            "ثنا اسٹیشن پر چائے بیچتی ہے۔ اب اس کی دکان ہے۔",
        ),
    );
    f.build_ok();
    for (page, first) in [
        (
            "stories/rekha/index.html",
            "Rekha sells tea at the station.",
        ),
        ("hi/stories/rekha/index.html", "रेखा स्टेशन पर चाय बेचती है।"),
        ("ur/stories/sana/index.html", "ثنا اسٹیشن پر چائے بیچتی ہے۔"),
    ] {
        let html = f.read(page);
        assert_eq!(one(&html, "og:description", page), first, "{page}");
        assert_eq!(one(&html, "description", page), first, "{page}");
    }
    // A summary, when there is one, says it.
    let heera = read(built(), "hi/stories/heera/index.html");
    assert!(one(&heera, "og:description", "heera").starts_with("पंद्रह साल की हीरा"));
}

#[test]
fn the_share_message_is_in_the_pages_language() {
    let out = built();
    for (page, message) in [
        ("petitions/end-demand/index.html", "Sign the petition:"),
        (
            "hi/petitions/end-demand/index.html",
            "याचिका पर हस्ताक्षर करें:",
        ),
        (
            "ur/petitions/end-demand/index.html",
            "درخواست پر دستخط کریں:",
        ),
    ] {
        let html = read(out, page);
        let whatsapp = attrs(&html, "a", "href")
            .into_iter()
            .find(|h| h.starts_with("https://wa.me/"))
            .unwrap_or_else(|| panic!("{page}: no WhatsApp link"));
        let text = percent_decode(whatsapp.split("text=").nth(1).unwrap());
        assert!(text.starts_with(message), "{page}: {text}");
        assert!(text.ends_with("/petitions/end-demand/"), "{page}: {text}");
        let email = attrs(&html, "a", "href")
            .into_iter()
            .find(|h| h.starts_with("mailto:"))
            .unwrap();
        assert!(percent_decode(&email).contains(message), "{page}: {email}");
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_page_links_the_icon_and_the_manifest_of_its_language() {
    let out = built();
    let files = tree(out);
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with(".html") && !p.ends_with("404.html"))
        .collect();
    assert!(pages.len() > 40);
    for page in pages {
        let html = String::from_utf8(files[page].clone()).unwrap();
        let links: Vec<String> = attrs(&html, "link", "href");
        let icon = links.iter().find(|h| h.ends_with("icon-192.png"));
        let manifest = links.iter().find(|h| h.ends_with("manifest.webmanifest"));
        let (Some(icon), Some(manifest)) = (icon, manifest) else {
            panic!("{page}: no icon or manifest: {links:?}");
        };
        let lang = page
            .split('/')
            .next()
            .filter(|l| ["hi", "bn", "ur"].contains(l));
        let expected = match lang {
            Some(l) => format!("/{l}/manifest.webmanifest"),
            None => "/manifest.webmanifest".to_string(),
        };
        assert_eq!(manifest, &expected, "{page}");
        assert_eq!(icon, "/icon-192.png", "{page}");
    }
    assert!(files.contains_key("icon-192.png"));
}

#[test]
fn each_language_has_a_manifest_with_its_name_and_icons() {
    let out = built();
    let png = |path: &str| {
        let bytes = std::fs::read(out.join(path.trim_start_matches('/'))).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{path}");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        (width, height)
    };
    for (lang, file) in [
        ("en", "manifest.webmanifest"),
        ("hi", "hi/manifest.webmanifest"),
        ("ur", "ur/manifest.webmanifest"),
    ] {
        let json = read(out, file);
        let field = |key: &str| {
            let at = json
                .find(&format!("\"{key}\":\""))
                .unwrap_or_else(|| panic!("{file}: {key}"))
                + key.len()
                + 4;
            json[at..].split('"').next().unwrap().to_string()
        };
        assert_eq!(field("lang"), lang);
        let home = read(
            out,
            &format!(
                "{}index.html",
                if lang == "en" {
                    String::new()
                } else {
                    format!("{lang}/")
                }
            ),
        );
        let site_name = one(&home, "og:site_name", file);
        assert_eq!(field("name"), site_name, "{file}");
        assert_eq!(
            field("start_url"),
            if lang == "en" {
                "/".to_string()
            } else {
                format!("/{lang}/")
            }
        );
        assert_eq!(field("dir"), if lang == "ur" { "rtl" } else { "ltr" });
        assert!(json.contains("\"display\":\"standalone\""));
        for (path, size) in [("/icon-192.png", 192), ("/icon-512.png", 512)] {
            assert!(json.contains(&format!("\"src\":\"{path}\"")), "{file}");
            assert_eq!(png(path), (size, size));
        }
    }
}

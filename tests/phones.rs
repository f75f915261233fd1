//! Made for phones: link-preview tags on every page kind, the share
//! message in the page's language, the icon and the web app manifest of
//! each language. The sample site, built once.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use awaaz::BuildOptions;
use common::*;

fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        build_sample(&BuildOptions {
            no_pdf: true,
            ..BuildOptions::default()
        })
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
    // (page, the message, the address it ends with)
    for (page, message, ends) in [
        (
            "petitions/end-demand/index.html",
            "Sign the petition: Punish the buyers",
            "/petitions/end-demand/",
        ),
        (
            "hi/petitions/end-demand/index.html",
            "याचिका पर हस्ताक्षर करें:",
            "/hi/petitions/end-demand/",
        ),
        (
            "ur/petitions/end-demand/index.html",
            "درخواست پر دستخط کریں:",
            "/ur/petitions/end-demand/",
        ),
        (
            "stories/heera/index.html",
            "Read this story: ",
            "/stories/heera/",
        ),
        (
            "hi/stories/heera/index.html",
            "यह कहानी पढ़ें: ",
            "/hi/stories/heera/",
        ),
        (
            "despatch/2026-11/index.html",
            "Read the paper: Red Light Despatch, November 2026",
            "/despatch/2026-11/",
        ),
        (
            "ur/despatch/2026-11/index.html",
            "اخبار پڑھیں: ریڈ لائٹ ڈسپیچ، ",
            "/ur/despatch/2026-11/",
        ),
    ] {
        let html = read(out, page);
        let whatsapp = attrs(&html, "a", "href")
            .into_iter()
            .find(|h| h.starts_with("https://wa.me/"))
            .unwrap_or_else(|| panic!("{page}: no WhatsApp link"));
        let text = percent_decode(whatsapp.split("text=").nth(1).unwrap());
        assert!(text.starts_with(message), "{page}: {text}");
        assert!(text.ends_with(ends), "{page}: {text}");
        let email = attrs(&html, "a", "href")
            .into_iter()
            .find(|h| h.starts_with("mailto:"))
            .unwrap();
        assert!(percent_decode(&email).contains(message), "{page}: {email}");
    }
    // Lists and plain pages are not forwarded from a share box.
    for page in ["stories/index.html", "about/index.html"] {
        assert!(!read(out, page).contains("https://wa.me/"), "{page}");
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

/// The sample site with its PDFs and share images, built once.
fn built_whole() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| build_sample(&BuildOptions::default()));
    out
}

/// The file a full address of the sample site names.
fn file_of(out: &Path, url: &str) -> PathBuf {
    out.join(url.strip_prefix("https://example.org/").unwrap())
}

/// The metadata a PNG or JPEG carries beyond its pixels: PNG text, time
/// and EXIF chunks; JPEG APP1 (EXIF, XMP) to APP15 and comments.
fn metadata(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if bytes.starts_with(b"\x89PNG") {
        let mut at = 8;
        while at + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            let kind = String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned();
            if !["IHDR", "PLTE", "IDAT", "IEND", "tRNS"].contains(&kind.as_str()) {
                found.push(kind);
            }
            at += 12 + len;
        }
    } else {
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "neither PNG nor JPEG");
        let mut at = 2;
        while at + 4 <= bytes.len() && bytes[at] == 0xFF {
            let marker = bytes[at + 1];
            if marker == 0xDA {
                break;
            }
            let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
            if (0xE1..=0xEF).contains(&marker) || marker == 0xFE {
                found.push(format!("{marker:02X}"));
            }
            at += 2 + len;
        }
    }
    found
}

#[test]
fn petitions_stories_issues_and_the_home_page_have_share_images() {
    let out = built_whole();
    let pages = [
        "index.html",
        "hi/index.html",
        "bn/index.html",
        "ur/index.html",
        "petitions/end-demand/index.html",
        "hi/petitions/end-demand/index.html",
        "bn/petitions/end-demand/index.html",
        "ur/petitions/end-demand/index.html",
        "stories/heera/index.html",
        "hi/stories/heera/index.html",
        "ur/stories/sultana/index.html",
        "despatch/2026-11/index.html",
        "hi/despatch/2026-11/index.html",
        "ur/despatch/2026-11/index.html",
    ];
    for page in pages {
        let html = read(out, page);
        let url = one(&html, "og:image", page);
        assert!(url.starts_with("https://example.org/"), "{page}: {url}");
        let bytes =
            std::fs::read(file_of(out, &url)).unwrap_or_else(|e| panic!("{page}: {url}: {e}"));
        assert!(bytes.len() <= 150 * 1024, "{page}: {} bytes", bytes.len());
        assert_eq!(metadata(&bytes), Vec::<String>::new(), "{page}");
        let picture = image::load_from_memory(&bytes).unwrap();
        assert_eq!((picture.width(), picture.height()), (1200, 630), "{page}");
        assert_eq!(one(&html, "og:image:width", page), "1200");
        assert_eq!(one(&html, "og:image:height", page), "630");
        assert!(!one(&html, "og:image:alt", page).is_empty());
        assert_eq!(
            one(&html, "twitter:card", page),
            "summary_large_image",
            "{page}"
        );
    }
    // Lists and plain pages have none.
    for page in ["stories/index.html", "about/index.html"] {
        let html = read(out, page);
        assert!(meta(&html, "og:image").is_empty(), "{page}");
        assert_eq!(one(&html, "twitter:card", page), "summary");
    }
    // Without PDFs, no share images either.
    let quick = read(built(), "petitions/end-demand/index.html");
    assert!(meta(&quick, "og:image").is_empty());
}

/// The text `tesseract` reads on a picture in `lang` (`eng`, `hin`,
/// `urd`); None when tesseract is not installed (CI sets
/// AWAAZ_REQUIRE_TESSERACT, and then it must be).
fn ocr(file: &Path, lang: &str) -> Option<String> {
    let found = std::process::Command::new("tesseract")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("AWAAZ_REQUIRE_TESSERACT").is_none(),
            "tesseract is required: apt-get install tesseract-ocr tesseract-ocr-hin"
        );
        return None;
    }
    let read = std::process::Command::new("tesseract")
        .arg(file)
        .arg("-")
        .args(["-l", lang])
        .output()
        .unwrap();
    assert!(read.status.success(), "tesseract -l {lang}: {read:?}");
    Some(String::from_utf8_lossy(&read.stdout).into_owned())
}

#[test]
fn share_images_read_back_in_their_own_script() {
    let out = built_whole();
    // (page, tesseract language, words of the title, the total)
    for (page, lang, words, total) in [
        (
            "petitions/end-demand/index.html",
            "eng",
            "Punish the buyers",
            "16,400",
        ),
        (
            "hi/petitions/end-demand/index.html",
            "hin",
            "ख़रीदार",
            "१६,४००",
        ),
        ("ur/petitions/end-demand/index.html", "urd", "خریدار", ""),
        ("stories/heera/index.html", "eng", "Heera", ""),
    ] {
        let html = read(out, page);
        let file = file_of(out, &one(&html, "og:image", page));
        let Some(text) = ocr(&file, lang) else {
            return;
        };
        assert!(text.contains(words), "{page}: {text}");
        assert!(text.contains(total), "{page}: {text}");
    }
}

#[test]
fn withheld_stories_get_no_share_image_and_a_rebuild_draws_none() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write("content/stories/rekha.md", &story("Rekha", ""));
    f.write("content/stories/asha.md", &story("Asha", "draft: true\n"));
    f.write(
        "content/stories/meena.md",
        &story_with_scope("Meena", "[print]", ""),
    );
    let first = f.build_with(BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    });
    assert_ok(&first);
    let files = tree(&f.out());
    let shares: Vec<&String> = files
        .keys()
        .filter(|p| p.contains("-share-") || p.contains("share-en"))
        .collect();
    assert!(
        shares
            .iter()
            .any(|p| p.starts_with("stories/rekha/rekha-share-en.")),
        "{shares:?}"
    );
    assert!(
        !shares
            .iter()
            .any(|p| p.contains("asha") || p.contains("meena")),
        "{shares:?}"
    );
    assert!(
        first.share_images_drawn >= 2,
        "{}",
        first.share_images_drawn
    );
    let again = f.build_with(BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    });
    assert_eq!(again.share_images_drawn, 0);
    assert_eq!(tree(&f.out()), files);
}

#[test]
fn a_redacted_name_on_a_share_image_stops_the_build_at_its_line() {
    let f = Fixture::new();
    f.write("redact.txt", "Sunita Devi\n");
    f.write(
        "content/petitions/wells.md",
        "---\ntitle: \"Wells for Sunita Devi's village\"\ndate: 2026-09-01\nto: \"The district magistrate\"\ngoal: 500\n---\n\nWe ask for two wells.\n",
    );
    let report = f.build();
    assert!(!report.written);
    let errors = errors(&report);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("content/petitions/wells.md:2")),
        "{errors:?}"
    );
}

/// The links of an issue page's "Send the pages as pictures": (href, text).
fn page_picture_links(html: &str, page: &str) -> Vec<(String, String)> {
    let start = html
        .find("class=page-pictures")
        .unwrap_or_else(|| panic!("{page}: no page pictures"));
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    section
        .split("<a href=")
        .skip(1)
        .map(|a| {
            let href = a.split([' ', '>']).next().unwrap().to_string();
            let text = a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].to_string();
            (href, text)
        })
        .collect()
}

#[test]
fn an_issue_s_pages_are_pictures_to_forward_from_its_page() {
    let out = built_whole();
    // (issue page, its PDF, the first link's text, tesseract's language,
    // the masthead it reads on the first page)
    for (page, pdf, first, lang, masthead) in [
        (
            "despatch/2026-11/index.html",
            "despatch/2026-11/despatch-2026-11-en.pdf",
            "Page 1",
            "eng",
            "Red Light Despatch",
        ),
        (
            "hi/despatch/2026-11/index.html",
            "hi/despatch/2026-11/despatch-2026-11-hi.pdf",
            "पन्ना १",
            "hin",
            "रेड लाइट डिस्पैच",
        ),
        (
            "ur/despatch/2026-11/index.html",
            "ur/despatch/2026-11/despatch-2026-11-ur.pdf",
            "صفحہ ۱",
            "urd",
            "ریڈ لائٹ ڈسپیچ",
        ),
    ] {
        let html = read(out, page);
        assert!(
            html.contains(match lang {
                "eng" => "Send the pages as pictures",
                "hin" => "पन्नों को तस्वीरों में भेजें",
                _ => "صفحات تصویروں میں بھیجیں",
            }),
            "{page}"
        );
        let links = page_picture_links(&html, page);
        if poppler() {
            assert_eq!(links.len(), page_count(&out.join(pdf)), "{page}: {links:?}");
        }
        assert!(!links.is_empty(), "{page}");
        assert_eq!(links[0].1, first, "{page}");
        for (n, (href, _)) in links.iter().enumerate() {
            let stem = pdf.trim_end_matches(".pdf");
            let rel = href.trim_start_matches('/');
            assert!(
                rel == format!("{stem}-page-{}.png", n + 1)
                    || rel == format!("{stem}-page-{}.jpg", n + 1),
                "{page}: {href}"
            );
            let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{href}: {e}"));
            assert!(bytes.len() <= 300 * 1024, "{href}: {} bytes", bytes.len());
            assert_eq!(metadata(&bytes), Vec::<String>::new(), "{href}");
            let picture = image::load_from_memory(&bytes).unwrap();
            // A4 at 1080 pixels wide.
            assert_eq!(picture.width(), 1080, "{href}");
            assert!(
                picture.height().abs_diff(1527) <= 1,
                "{href}: {}",
                picture.height()
            );
        }
        let first_page = out.join(links[0].0.trim_start_matches('/'));
        if let Some(text) = ocr(&first_page, lang) {
            assert!(text.contains(masthead), "{page}: {text}");
        }
    }
    // The booklet is for folding, not for forwarding: no pictures of it.
    let files = tree(out);
    assert!(!files.keys().any(|p| p.contains("-booklet-page-")));
    // Stories and petitions have a PDF and no page pictures.
    assert!(!read(out, "petitions/end-demand/index.html").contains("page-pictures"));
}

/// A photo with detail everywhere (as a real one has), 900 × 600, with
/// the EXIF, GPS position, XMP and comment a phone writes.
fn detailed_photo() -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let noise = (seed >> 24) as u8 / 5;
        image::Rgb([
            (x * 200 / 900) as u8 + noise,
            (y * 200 / 600) as u8 + noise,
            90 + noise,
        ])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    // The phone's metadata, spliced in after the start marker.
    // (`phone_photo` is the plain JPEG with the metadata after its start.)
    let phone = photos::phone_photo(4, 4);
    let metadata_end = phone.len() - photos::jpeg(4, 4).len() + 2;
    let mut out = phone[..metadata_end].to_vec();
    out.extend(&plain[2..]);
    out
}

#[test]
fn a_photo_on_a_share_image_or_an_issue_page_keeps_its_colour_and_loses_its_metadata() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write(
        "content/stories/rekha.md",
        &story(
            "Rekha at the market",
            "image: market.jpg\nimage_alt: \"A tea stall\"\n",
        ),
    );
    f.write_bytes("content/stories/market.jpg", &detailed_photo());
    f.write(
        "content/despatch/_index.md",
        "---\ntitle: \"Red Light Despatch\"\nkind: issue\n---\n",
    );
    f.write(
        "content/despatch/2026-11/_index.md",
        "---\ntitle: \"November 2026\"\ndate: 2026-11-15\nvolume: 3\nnumber: 11\ncover: cover.jpg\nimage_alt: \"The march\"\n---\n\nThis month.\n",
    );
    f.write_bytes("content/despatch/2026-11/cover.jpg", &detailed_photo());
    f.write(
        "content/despatch/2026-11/01-news.md",
        "---\ntitle: \"The news\"\n---\n\nThe shelter petition was won.\n",
    );
    f.build_ok();
    let out = f.out();
    let files = tree(&out);
    let share = files
        .keys()
        .find(|p| p.starts_with("stories/rekha/rekha-share-en."))
        .unwrap_or_else(|| panic!("{:?}", files.keys().collect::<Vec<_>>()));
    let page_one = files
        .keys()
        .find(|p| p.starts_with("despatch/2026-11/despatch-2026-11-en-page-1."))
        .unwrap_or_else(|| panic!("{:?}", files.keys().collect::<Vec<_>>()));
    for (path, limit, width) in [(share, 150, 1200), (page_one, 300, 1080)] {
        let bytes = &files[path];
        assert!(bytes.len() <= limit * 1024, "{path}: {} bytes", bytes.len());
        assert_eq!(metadata(bytes), Vec::<String>::new(), "{path}");
        for mark in photos::METADATA_MARKS {
            assert!(
                !bytes.windows(mark.len()).any(|w| w == mark.as_bytes()),
                "{path} carries {mark}"
            );
        }
        let picture = image::load_from_memory(bytes).unwrap().to_rgb8();
        assert_eq!(picture.width(), width, "{path}");
        // A photo's many tones: JPEG is the smaller.
        assert!(path.ends_with(".jpg"), "{path}");
        let coloured = picture
            .pixels()
            .filter(|p| p[0].abs_diff(p[2]) > 40)
            .count();
        if width == 1200 {
            // The share image shows the photo in colour …
            assert!(coloured > 20_000, "{path}: {coloured} coloured pixels");
        } else {
            // … the issue, made for the photocopier, in grey.
            assert_eq!(coloured, 0, "{path}");
        }
    }
}

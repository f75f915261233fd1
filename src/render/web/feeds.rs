//! Machine-read outputs: an Atom feed per language, the sitemap with
//! language alternates, and `robots.txt`.
//!
//! Dates come from the content, never from the clock, so two builds of the
//! same site are byte-identical.

use std::fmt::Write as _;

use super::views::Card;
use crate::built::BuiltFile;
use crate::render::strings::Strings;
use crate::site::{PageId, Site};

/// How many of the newest entries a feed carries.
const FEED_ENTRIES: usize = 30;

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    // Runs without a special character are copied whole; the special ones
    // are ASCII, so the text is always cut between characters.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// The entries of `lang`'s feed: its newest dated pages. A language
/// without any has no feed.
fn feed_entries(site: &Site, lang: &str) -> Vec<PageId> {
    let mut entries = site.dated_entries(lang);
    entries.truncate(FEED_ENTRIES);
    entries
}

/// `/atom.xml` for the default language and `/LANG/atom.xml` for the others,
/// for every language that has dated entries.
pub fn feeds(site: &Site, strings: &Strings, bodies: &[std::sync::Arc<str>]) -> Vec<BuiltFile> {
    let mut out = Vec::new();
    for lang in site.config.language_codes() {
        let entries = feed_entries(site, lang);
        if entries.is_empty() {
            continue;
        }
        let prefix = site.config.lang_prefix(lang);
        let self_path = format!("{prefix}/atom.xml");
        let title = site.config.localized(&site.config.title, lang);
        let updated = entries
            .iter()
            .filter_map(|&id| site.pages[id].meta().date)
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_default();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = write!(
            xml,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n<title>{}</title>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}</updated>\n",
            escape(title),
            escape(&site.permalink(&self_path)),
            escape(&site.permalink(&format!("{prefix}/"))),
            escape(&site.permalink(&format!("{prefix}/"))),
        );
        for id in entries {
            let card = super::views::card(site, strings, id);
            entry(&mut xml, site, &card, &bodies[id], title);
        }
        xml.push_str("</feed>\n");
        out.push(BuiltFile::new(
            self_path.trim_start_matches('/').to_string(),
            xml,
        ));
    }
    out
}

fn entry(xml: &mut String, site: &Site, card: &Card, body: &str, site_title: &str) {
    let date = card.date.as_deref().unwrap_or_default();
    let author = card
        .author
        .as_deref()
        .or(card.byline.as_deref())
        .unwrap_or(site_title);
    let _ = write!(
        xml,
        "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{date}T00:00:00Z</published>\n<updated>{date}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        escape(&card.title),
        escape(&card.permalink),
        escape(&card.permalink),
        escape(author),
    );
    for tag in &card.tags {
        let _ = writeln!(xml, "<category term=\"{}\"/>", escape(&tag.title));
    }
    if let Some(summary) = &card.summary {
        let _ = writeln!(xml, "<summary>{}</summary>", escape(summary));
    }
    let _ = write!(
        xml,
        "<content type=\"html\">{}</content>\n</entry>\n",
        escape(&absolute_links(site, body))
    );
}

/// Feed readers resolve links against the feed, not the page: make the
/// site's own root-relative links absolute.
fn absolute_links(site: &Site, html: &str) -> String {
    let origin_end = site.config.base_url.len() - site.config.base_path().len();
    let origin = &site.config.base_url[..origin_end];
    html.replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"))
}

/// Every page, with `xhtml:link` alternates for its translations.
pub fn sitemap(site: &Site) -> BuiltFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut urls: Vec<(&str, usize)> = site
        .by_url
        .iter()
        .map(|(u, &id)| (u.as_str(), id))
        .collect();
    urls.sort();
    for (url, id) in urls {
        let _ = write!(xml, "<url><loc>{}</loc>", escape(&site.permalink(url)));
        if let Some(date) = site.pages[id].meta().date {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        let translations = site.translations_of(id);
        if translations.len() > 1 {
            for &other in translations {
                let p = &site.pages[other];
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    p.lang(),
                    escape(&site.permalink(&p.url))
                );
            }
        }
        xml.push_str("</url>\n");
    }
    for (lang, tags) in &site.tags {
        let slugs = std::iter::once(None).chain(tags.keys().map(|s| Some(s.as_str())));
        for slug in slugs {
            let loc = site.permalink(&site.tag_path(lang, slug));
            let _ = writeln!(xml, "<url><loc>{}</loc></url>", escape(&loc));
        }
    }
    xml.push_str("</urlset>\n");
    BuiltFile::new("sitemap.xml", xml)
}

pub fn robots(site: &Site) -> BuiltFile {
    BuiltFile::new(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            site.permalink("/sitemap.xml")
        ),
    )
}

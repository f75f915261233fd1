//! Links within the site, checked once every output of the build is known:
//! a link must lead to a page or file the build publishes (web pages, tag
//! pages, images, static files, PDFs), and its `#fragment` to an anchor of
//! that page (a heading, a footnote, a part of the theme such as
//! `#demands`). Links to Markdown files were already resolved to their
//! pages while rendering ([`super::markdown`]); what is checked here is the
//! address they resolved to, and every other link written as an address.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::markdown::SiteLink;
use crate::built::BuiltFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::recall::{lock, unlocked};
use crate::site::Site;

/// What the build published, as far as links need it: every output path,
/// and the anchors of the pages some link names a `#fragment` of. Filled
/// from many threads as files are made, so pages need not be kept.
pub struct Published {
    /// Output paths a link with a fragment may lead to.
    wanted: HashSet<String>,
    paths: Mutex<HashSet<String>>,
    anchors: Mutex<HashMap<String, HashSet<String>>>,
}

impl Published {
    /// Ready to note what is published, for the page links `links`.
    pub fn new(site: &Site, links: &[Vec<SiteLink>]) -> Published {
        let base = site.config.base_path();
        let mut wanted = HashSet::new();
        for (id, page_links) in links.iter().enumerate() {
            for link in page_links.iter().filter(|l| !l.fragment.is_empty()) {
                if link.href.is_empty() {
                    wanted.insert(super::file_of(&site.pages[id].url));
                } else if let Some(path) = output_path(&link.href, base) {
                    wanted.insert(format!("{path}/index.html"));
                    wanted.insert(path);
                }
            }
        }
        Published {
            wanted,
            paths: Mutex::new(HashSet::new()),
            anchors: Mutex::new(HashMap::new()),
        }
    }

    /// Notes `file` as published.
    pub fn note(&self, file: &BuiltFile) {
        if self.wanted.contains(&file.path) {
            let ids = ids_in(&String::from_utf8_lossy(&file.bytes));
            lock(&self.anchors).insert(file.path.clone(), ids);
        }
        lock(&self.paths).insert(file.path.clone());
    }

    /// How many files were published.
    pub fn count(&self) -> usize {
        lock(&self.paths).len()
    }
}

/// Checks the links of every page body (`links[id]` for page `id`) against
/// what the build `published`; each broken one is an error at its line.
pub fn check(site: &Site, links: &[Vec<SiteLink>], published: Published, diags: &mut Diagnostics) {
    let (paths, anchors) = (unlocked(published.paths), unlocked(published.anchors));
    let no_ids = HashSet::new();
    let base = site.config.base_path();
    for (id, page_links) in links.iter().enumerate() {
        for link in page_links {
            let target = if link.href.is_empty() {
                Some(super::file_of(&site.pages[id].url))
            } else {
                output_path(&link.href, base).and_then(|p| published_at(&paths, p))
            };
            let Some(target) = target else {
                diags.push(broken(
                    link,
                    format!("broken link: nothing is published at `{}`", link.href),
                    "check the address; for a page of this site, link to its Markdown file (`../stories/asha.md`) and awaaz finds its address in every language".into(),
                ));
                continue;
            };
            if link.fragment.is_empty() {
                continue;
            }
            let fragment = percent_encoding::percent_decode_str(&link.fragment)
                .decode_utf8_lossy()
                .into_owned();
            let ids = anchors.get(&target).unwrap_or(&no_ids);
            if !ids.contains(&fragment) {
                let nearest = ids
                    .iter()
                    .map(|id| (strsim::jaro_winkler(id, &fragment), id))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, id)| id.clone());
                let hint = match nearest {
                    Some(id) => format!("did you mean `#{id}`?"),
                    None => "a fragment names a heading of the page as its id: `## Our demands` is `#our-demands`".into(),
                };
                let page = if link.href.is_empty() {
                    "this page".to_string()
                } else {
                    format!("`{}`", link.href)
                };
                diags.push(broken(
                    link,
                    format!("broken link: `#{fragment}` is no heading or anchor of {page}"),
                    hint,
                ));
            }
        }
    }
}

fn broken(link: &SiteLink, message: String, hint: String) -> Diagnostic {
    let mut d = link.at.clone();
    d.message = message;
    d.with_hint(hint)
}

/// The output file an address of the site names: `/stories/x/` →
/// `stories/x/index.html`; none for an address outside the site.
fn output_path(href: &str, base: &str) -> Option<String> {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let path = path.strip_prefix(base).unwrap_or(path);
    let path = path.strip_prefix('/')?;
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.into_owned()
    })
}

/// The published file for `path`, also when a page's address was written
/// without its last `/` (`/about`).
fn published_at(files: &HashSet<String>, path: String) -> Option<String> {
    if files.contains(&path) {
        return Some(path);
    }
    let page = format!("{path}/index.html");
    files.contains(&page).then_some(page)
}

/// Every `id` in an HTML page, minified or not.
fn ids_in(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("id=") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        ids.insert(value.replace("&amp;", "&"));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_quoted_or_not() {
        let ids = ids_in(r#"<h2 id=समाज-अभियान>x</h2><p id="a b"><a data-id=no href=#x>"#);
        assert!(ids.contains("समाज-अभियान"));
        assert!(ids.contains("a b"));
        assert!(!ids.contains("no"));
    }

    #[test]
    fn addresses_name_their_files() {
        assert_eq!(
            output_path("/stories/x/", "").as_deref(),
            Some("stories/x/index.html")
        );
        assert_eq!(output_path("/", "").as_deref(), Some("index.html"));
        assert_eq!(
            output_path("/site/a.jpg?v=1", "/site").as_deref(),
            Some("a.jpg")
        );
        assert_eq!(output_path("relative", ""), None);
    }
}

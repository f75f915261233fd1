//! Links between pages, as both renderers resolve them: a link written in
//! a page's Markdown, as an address (`/petitions/end-demand/`) or as a file
//! (`../petitions/end-demand.md`, `heera.hi.md`), becomes the address of
//! the published page in the reader's language, or the reason it cannot
//! (a draft, a withdrawn or print-only story, no such file).
//!
//! The web renderer writes the address into the page and checks it against
//! what the build publishes; the print renderer prints it in full.

use crate::content::{key_of, split_language};
use crate::site::{Site, Withheld, folder_url, join_relative};

/// Resolves links written in one page's Markdown.
pub struct PageLinks<'a> {
    pub site: &'a Site,
    /// The folder of the page's source file, which relative links start from.
    pub page_folder: &'a str,
    /// The page's language: a link to a file leads to its page in it.
    pub lang: &'a str,
}

impl PageLinks<'_> {
    /// The `href` that `target` (a link as written, without its
    /// `#fragment`) leads to, or why no published page is there.
    pub fn resolve(&self, target: &str) -> Result<String, String> {
        if target.starts_with('/') {
            return self.withheld_address(target).map_or_else(
                || Ok(self.site.href(target)),
                |why| Err(why.explain(target)),
            );
        }
        let (path, query) = target.split_once('?').map_or((target, ""), |(p, q)| (p, q));
        // `meri%20kahani.md` names the file `meri kahani.md`.
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let joined = join_relative(self.page_folder, &path)
            .ok_or_else(|| "the link goes above the content folder".to_string())?;
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        let Some(file) = joined.strip_suffix(".md") else {
            let (folder, name) = joined.rsplit_once('/').unwrap_or(("", &joined));
            return Ok(self
                .site
                .href(&format!("{}/{name}{query}", folder_url(folder))));
        };
        let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
        let (stem, lang) = split_language(name, &self.site.config);
        let lang = lang.unwrap_or(self.lang);
        let key = key_of(folder, stem);
        let ids = self.site.translations.get(&key).ok_or_else(|| {
            match self.site.withheld_keys.get(&key) {
                Some(why) => why.explain(&format!("content/{joined}")),
                None => format!("no published page comes from content/{joined}; check the name (drafts and withdrawn stories are not published)"),
            }
        })?;
        let id = ids
            .iter()
            .copied()
            .find(|&id| self.site.pages[id].lang() == lang)
            .or_else(|| ids.first().copied())
            .ok_or_else(|| format!("content/{joined} is not published"))?;
        Ok(format!(
            "{}{query}",
            self.site.href(&self.site.pages[id].url)
        ))
    }

    /// Why the page at address `target` (`/stories/gone/`, with or without
    /// its `index.html` or last `/`) is not published, if it is one.
    fn withheld_address(&self, target: &str) -> Option<Withheld> {
        let path = target.split(['?', '#']).next().unwrap_or(target);
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let page = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        self.site.withheld.get(&page).copied()
    }
}

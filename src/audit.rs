//! What `awaaz check` reports beyond a build's own errors: things that do
//! not stop a build but that an editor wants to see before readers do.
//!
//! - interface strings a language lacks even along its fallbacks (its
//!   pages then show the default language's text), one warning a language;
//! - petitions whose deadline has passed but that are still marked open;
//! - image files so large that they slow every first build;
//! - which pages are not yet in which language (a table, not a problem).
//!
//! Only `check` reads the clock (for deadlines); builds never do.

use std::collections::BTreeMap;

use crate::content::date::Date;
use crate::content::kinds::Role;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::render::strings::Strings;
use crate::site::Site;
use crate::theme::Theme;

/// Image files above this size get a warning (a phone photo straight from
/// the camera is 3–8 MB).
const LARGE_IMAGE: u64 = 10 * 1024 * 1024;

/// Which languages each page of the site is published in.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TranslationTable {
    /// The site's languages, default first.
    pub languages: Vec<String>,
    /// Each page (by its default-language source, else its first), and
    /// whether it exists in each of `languages`.
    pub rows: Vec<(String, Vec<bool>)>,
}

impl TranslationTable {
    /// The rows missing at least one language.
    pub fn incomplete(&self) -> impl Iterator<Item = &(String, Vec<bool>)> {
        self.rows.iter().filter(|(_, has)| has.contains(&false))
    }

    /// As plain text: a header, the pages missing a language, and how many
    /// pages each language has.
    pub fn render(&self) -> String {
        let width = self
            .incomplete()
            .map(|(page, _)| page.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!("{:width$}", "page");
        for lang in &self.languages {
            out.push_str(&format!("  {lang:>3}"));
        }
        out.push('\n');
        let mut any = false;
        for (page, has) in self.incomplete() {
            any = true;
            out.push_str(&format!("{page:width$}"));
            for &h in has {
                out.push_str(&format!("  {:>3}", if h { "yes" } else { "-" }));
            }
            out.push('\n');
        }
        if !any {
            out.push_str("(every page is in every language)\n");
        }
        out.push_str(&format!("{:width$}", "pages"));
        for i in 0..self.languages.len() {
            let n = self.rows.iter().filter(|(_, has)| has[i]).count();
            out.push_str(&format!("  {n:>3}"));
        }
        out.push_str(&format!("  of {}\n", self.rows.len()));
        out
    }
}

/// Runs every audit on a site that was built (in memory) without errors
/// that stop rendering; problems go to `diags`.
pub fn run(site: &Site, theme: &Theme, today: Date, diags: &mut Diagnostics) -> TranslationTable {
    // The build reported any problem in the i18n files already.
    let strings = Strings::load(theme, &site.config, &mut Diagnostics::new());
    diags.extend(missing_strings(site, theme, &strings));
    diags.extend(past_deadlines(site, today));
    diags.extend(large_images(site));
    diags.extend(unnamed_tags(site));
    translations(site)
}

/// For each language, the tags its pages show in another language (no
/// one has named them in it under `tags:` in `site.yaml`): one warning
/// per language, at `tags:` (else at the language's entry), listing them.
fn unnamed_tags(site: &Site) -> Vec<Diagnostic> {
    let site_yaml =
        std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    let mut out = Vec::new();
    for lang in site.config.language_codes() {
        let Some(tags) = site.tags.get(lang) else {
            continue;
        };
        let unnamed: Vec<&str> = tags
            .values()
            .filter(|t| t.name_lang.is_some())
            .map(|t| t.name.as_str())
            .collect();
        if unnamed.is_empty() {
            continue;
        }
        let (line, col) = crate::yaml::key_position(&site_yaml, &["tags"])
            .unwrap_or_else(|| language_entry(&site_yaml, lang));
        let count = unnamed.len();
        let noun = if count == 1 { "tag" } else { "tags" };
        out.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                format!(
                    "`{lang}` pages show {count} {noun} in another language: {}",
                    unnamed.join(", ")
                ),
            )
            .at(&site_yaml, line, col)
            .with_hint(format!(
                "name them under `tags:` in site.yaml, e.g. `{}: {{ {lang}: … }}`",
                unnamed[0]
            )),
        );
    }
    out
}

/// For each language, the interface strings it has neither itself nor
/// along its fallbacks (the keys the theme's templates use and those the
/// default language has): one warning per language, at its entry in
/// `site.yaml`, listing the keys.
fn missing_strings(site: &Site, theme: &Theme, strings: &Strings) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut keys: std::collections::BTreeSet<String> = strings
        .default_keys()
        .into_iter()
        .map(String::from)
        .collect();
    for file in theme.templates().values() {
        let text = String::from_utf8_lossy(&file.bytes);
        keys.extend(
            string_keys(&text)
                .into_iter()
                .map(|(_, key)| key.to_string()),
        );
    }
    let site_yaml =
        std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    let mut out = Vec::new();
    for lang in config.language_codes() {
        let missing = strings.missing(lang, keys.iter().map(String::as_str));
        if missing.is_empty() {
            continue;
        }
        let (line, col) = language_entry(&site_yaml, lang);
        let shown_in = if lang == config.default_language {
            "the key itself".to_string()
        } else {
            let chain = config.fallbacks(lang);
            format!("the text of {}", chain[1..].join(", then "))
        };
        let count = missing.len();
        let noun = if count == 1 { "string" } else { "strings" };
        out.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                format!(
                    "`{lang}` lacks {count} interface {noun}: {}",
                    missing.join(", ")
                ),
            )
            .at(&site_yaml, line, col)
            .with_hint(format!(
                "add them to i18n/{lang}.yaml (`awaaz new language {lang}` writes one with every key), or give the language a `fallback:`; until then its pages show {shown_in}"
            )),
        );
    }
    out
}

/// Where `site.yaml` lists `lang` (`- { code: hi, … }`), or its start.
fn language_entry(text: &str, lang: &str) -> (usize, usize) {
    let mut from = 0;
    while let Some(at) = text[from..].find("code:") {
        let start = from + at;
        from = start + "code:".len();
        let value = text[from..].trim_start_matches([' ', '"', '\'']);
        let rest = value.strip_prefix(lang);
        if rest.is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '-')) {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let entry = text[line_start..start]
                .find('-')
                .map_or(start, |i| line_start + i);
            return line_col(text, entry);
        }
    }
    (1, 1)
}

/// The keys of `t(key="…")` calls in a template, with their byte offsets.
fn string_keys(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("t(key=") {
        let start = from + at;
        from = start + "t(key=".len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[from..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(key) = rest[1..].split(quote).next() else {
            continue;
        };
        // `t(key="status_" ~ p.status)` names a family of keys, not one.
        let after = rest[1 + key.len()..].trim_start_matches(quote).trim_start();
        if !after.starts_with('~') {
            out.push((start, key));
        }
    }
    out
}

/// Open petitions whose deadline is before `today`.
fn past_deadlines(site: &Site, today: Date) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| !p.generated)
        .filter_map(|page| {
            let Role::Petition(petition) = page.role() else {
                return None;
            };
            let deadline = petition.deadline?;
            if !petition.is_open() || deadline >= today {
                return None;
            }
            let text = &page.doc.text;
            let at = text.find("\ndeadline:").map_or(0, |i| i + 1);
            let (line, col) = line_col(text, at);
            Some(
                Diagnostic::warning(
                    &page.doc.source,
                    format!("the deadline {deadline} has passed but the petition is still open"),
                )
                .at(text, line, col)
                .with_hint("set `status: closed` (or `won`), or give a new deadline; readers are still asked to sign"),
            )
        })
        .collect()
}

/// Image files of the site over [`LARGE_IMAGE`].
fn large_images(site: &Site) -> Vec<Diagnostic> {
    site.assets
        .iter()
        .filter(|a| {
            let lower = a.target.to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".webp", ".gif"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        })
        .filter_map(|a| {
            let size = std::fs::metadata(site.root.join(&a.source)).ok()?.len();
            (size > LARGE_IMAGE).then(|| {
                Diagnostic::warning(
                    &a.source,
                    format!("this image is {} MB", size / (1024 * 1024)),
                )
                .with_hint("it is resized for the web, but a file this big slows every first build and fills the repository; export it at about 3000 px wide")
            })
        })
        .collect()
}

/// Each page (translation group) and the languages it is published in.
fn translations(site: &Site) -> TranslationTable {
    let languages: Vec<String> = site
        .config
        .language_codes()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut rows: BTreeMap<String, Vec<bool>> = BTreeMap::new();
    for ids in site.translations.values() {
        let pages: Vec<_> = ids.iter().map(|&id| &site.pages[id]).collect();
        let Some(first) = pages
            .iter()
            .find(|p| p.lang() == site.config.default_language && !p.generated)
            .or_else(|| pages.iter().find(|p| !p.generated))
        else {
            continue;
        };
        let has = languages
            .iter()
            .map(|l| pages.iter().any(|p| p.lang() == l && !p.generated))
            .collect();
        rows.insert(first.doc.source.display().to_string(), has);
    }
    TranslationTable {
        languages,
        rows: rows.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_string_keys_are_found() {
        let keys = string_keys(
            r#"{{ t(key="home") }} {{ at(key="x") }} {{ t(key='by') }} {{ t(key="s_" ~ p.s) }}"#,
        );
        let keys: Vec<&str> = keys.into_iter().map(|(_, k)| k).collect();
        assert_eq!(keys, ["home", "by"]);
    }
}

//! `site.yaml`: the site's name, address, languages and options.
//!
//! Loading checks what the rest of the build relies on (the default language
//! is one of the languages, codes are unique, the address is absolute) so
//! later stages can trust a [`Config`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml;

pub const CONFIG_FILE: &str = "site.yaml";

/// Text given once, or per language (`{ en: "…", hi: "…" }`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::One(String::new())
    }
}

impl Localized {
    /// The text in the first of `langs` that has one, else any.
    pub fn get<'a>(&'a self, langs: &[&str]) -> &'a str {
        match self {
            Localized::One(s) => s,
            Localized::PerLanguage(map) => langs
                .iter()
                .find_map(|l| map.get(*l))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
    /// The direction `site.yaml` gives, if it gives one.
    #[serde(default, rename = "dir")]
    given_dir: Option<Direction>,
    /// The direction given, else CLDR's for the code, else left to right.
    #[serde(skip)]
    pub dir: Direction,
    /// The language whose interface strings, titles and formats stand in
    /// for what this one lacks (`fallback: hi` for Maithili).
    #[serde(default)]
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionsConfig {
    /// Where the sign form posts; `None` means the petition is paper only.
    #[serde(default)]
    pub form_action: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    #[serde(default = "default_paper")]
    pub paper: String,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            paper: default_paper(),
        }
    }
}

/// Cards on a page of a list, unless a section says otherwise.
pub const DEFAULT_PAGINATE_BY: u64 = 20;

fn default_paginate_by() -> u64 {
    DEFAULT_PAGINATE_BY
}

fn default_paper() -> String {
    "a4".into()
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<Language>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub petitions: PetitionsConfig,
    #[serde(default)]
    pub print: PrintConfig,
    /// Cards on a page of a section list, a tag page or the archive; 0
    /// puts a whole list on one page. A section's `paginate_by:` wins.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: u64,
    /// Each tag's name in other languages, by the tag as the default
    /// language writes it: `education: { hi: शिक्षा, ur: تعلیم }`.
    #[serde(default)]
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
}

impl Config {
    /// Reads and checks `site.yaml` in `site_dir`.
    pub fn load(site_dir: &Path) -> Result<Config, Diagnostics> {
        let path = site_dir.join(CONFIG_FILE);
        let mut diags = Diagnostics::new();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("cannot read the site configuration: {e}"))
                        .with_hint(format!(
                            "run awaaz in a site folder, give one with --site DIR, or make one with `awaaz new site DIR` (looked in {})",
                            site_dir.display()
                        )),
                );
                return Err(diags);
            }
        };
        Self::parse(&text, &mut diags).ok_or(diags)
    }

    /// Parses `site.yaml` text; problems go to `diags`.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let mut config: Config = match yaml::from_str(text) {
            Ok(c) => c,
            Err(e) => {
                let mut d =
                    Diagnostic::error(CONFIG_FILE, e.message.clone()).at(text, e.line, e.col);
                if e.message.contains("unknown field") {
                    d = d.with_hint("the known fields are title, description, base_url, default_language, languages, theme, petitions, print, paginate_by, tags; a language has code, name, dir and fallback");
                }
                diags.push(d);
                return None;
            }
        };
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        for lang in &mut config.languages {
            lang.dir = lang
                .given_dir
                .unwrap_or_else(|| match crate::cldr::is_rtl(&lang.code) {
                    Some(true) => Direction::Rtl,
                    _ => Direction::Ltr,
                });
        }
        let before = diags.error_count();
        config.check(text, diags);
        (diags.error_count() == before).then_some(config)
    }

    fn check(&self, text: &str, diags: &mut Diagnostics) {
        let at = |path: &[&str]| yaml::key_position(text, path).unwrap_or((0, 0));
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            let (l, c) = at(&["base_url"]);
            diags.push(
                Diagnostic::error(CONFIG_FILE, "`base_url` must be a full address")
                    .at(text, l, c)
                    .with_hint(
                        "write it like \"https://example.org\"; feeds and the sitemap need it",
                    ),
            );
        }
        if self.languages.is_empty() {
            let (l, c) = at(&["languages"]);
            diags.push(
                Diagnostic::error(CONFIG_FILE, "`languages` lists no language")
                    .at(text, l, c)
                    .with_hint("add at least `- { code: en, name: English }`"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for lang in &self.languages {
            if !valid_code(&lang.code) {
                let (l, c) = at(&["languages"]);
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("`{}` is not a language code", lang.code),
                    )
                    .at(text, l, c)
                    .with_hint("use a short lower-case code such as en, hi, bn, ur, ne"),
                );
            }
            if !seen.insert(lang.code.as_str()) {
                let (l, c) = at(&["languages"]);
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("language `{}` is listed twice", lang.code),
                    )
                    .at(text, l, c),
                );
            }
        }
        for lang in &self.languages {
            let Some(fallback) = &lang.fallback else {
                continue;
            };
            let (l, c) = at(&["languages"]);
            if !valid_code(fallback) {
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!(
                            "the fallback of `{}`, `{fallback}`, is not a language code",
                            lang.code
                        ),
                    )
                    .at(text, l, c),
                );
            } else if self.fallback_chain(&lang.code).1 {
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("the fallbacks of `{}` go round in a circle", lang.code),
                    )
                    .at(text, l, c)
                    .with_hint("a language falls back to another, which must not fall back to it; the default language is always the last fallback"),
                );
            }
        }
        for (tag, names) in &self.tags {
            for (code, name) in names {
                // A name written inline (`{ hi: … }`) is placed at its tag.
                let (l, c) = yaml::key_position(text, &["tags", tag, code])
                    .unwrap_or_else(|| at(&["tags", tag]));
                if self.language(code).is_none() {
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!("the tag `{tag}` is named in `{code}`, which is not a language of the site"),
                        )
                        .at(text, l, c)
                        .with_hint("name tags in the codes listed under `languages`"),
                    );
                } else if crate::slug::slugify(name).is_empty() {
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!("the tag `{tag}` has no letters in its `{code}` name"),
                        )
                        .at(text, l, c)
                        .with_hint(
                            "write the tag's name as readers of the language say it: `hi: शिक्षा`",
                        ),
                    );
                }
            }
        }
        if !self.languages.is_empty() && self.language(&self.default_language).is_none() {
            let (l, c) = at(&["default_language"]);
            let codes: Vec<_> = self.languages.iter().map(|l| l.code.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "the default language `{}` is not in `languages`",
                        self.default_language
                    ),
                )
                .at(text, l, c)
                .with_hint(format!("use one of: {}", codes.join(", "))),
            );
        }
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// `code`, then what it falls back to in turn (`fallback:`), then the
    /// default language: where a string or a title missing in `code` is
    /// looked for. A fallback need not be one of the site's languages
    /// (Maithili pages may take the theme's Hindi strings on a site with
    /// no Hindi pages).
    pub fn fallbacks<'a>(&'a self, code: &'a str) -> Vec<&'a str> {
        let mut chain = self.fallback_chain(code).0;
        if !chain.contains(&self.default_language.as_str()) {
            chain.push(&self.default_language);
        }
        chain
    }

    /// `code` and its `fallback:`s in turn, and whether they come round
    /// to one already in the chain (which is cut there).
    fn fallback_chain<'a>(&'a self, code: &'a str) -> (Vec<&'a str>, bool) {
        let mut chain = vec![code];
        let mut at = code;
        while let Some(next) = self.language(at).and_then(|l| l.fallback.as_deref()) {
            if chain.contains(&next) {
                return (chain, true);
            }
            chain.push(next);
            at = next;
        }
        (chain, false)
    }

    /// `text` in `lang`, else along its fallbacks.
    pub fn localized<'a>(&'a self, text: &'a Localized, lang: &str) -> &'a str {
        text.get(&self.fallbacks(lang))
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    pub fn dir(&self, code: &str) -> Direction {
        self.language(code).map(|l| l.dir).unwrap_or_default()
    }

    /// The path part of `base_url` (`/awaaz` for `https://x.org/awaaz`), or
    /// empty; every link in the site starts with it.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }

    /// `/hi` for a language other than the default, empty for the default.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// Where `code` comes in [`Config::language_codes`]: the default
    /// language first; unknown codes last.
    pub fn language_rank(&self, code: &str) -> usize {
        if code == self.default_language {
            return 0;
        }
        self.languages
            .iter()
            .filter(|l| l.code != self.default_language)
            .position(|l| l.code == code)
            .map_or(usize::MAX, |i| i + 1)
    }

    /// Language codes with the default first, then in the configured order.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .iter()
                .map(|l| l.code.as_str())
                .filter(|c| *c != self.default_language),
        );
        codes
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title: { en: A, hi: अ }\nbase_url: \"https://example.org/awaaz/\"\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n  - { code: ur, name: اردو, dir: rtl }\n";

    #[test]
    fn reads_the_sample_shape() {
        let mut d = Diagnostics::new();
        let c = Config::parse(GOOD, &mut d).unwrap();
        assert_eq!(c.base_path(), "/awaaz");
        assert_eq!(c.dir("ur"), Direction::Rtl);
        assert_eq!(c.localized(&c.title, "hi"), "अ");
        assert_eq!(c.localized(&c.title, "ur"), "A");
        assert_eq!(c.lang_prefix("ur"), "/ur");
    }

    #[test]
    fn falls_back_along_the_chain_then_to_the_default() {
        let mut d = Diagnostics::new();
        let text = GOOD.replace(
            "  - { code: ur, name: اردو, dir: rtl }\n",
            "  - { code: hi, name: हिन्दी }\n  - { code: mai, name: मैथिली, fallback: hi }\n  - { code: sd, name: سنڌي }\n",
        );
        let c = Config::parse(&text, &mut d).unwrap();
        assert_eq!(c.fallbacks("mai"), ["mai", "hi", "en"]);
        assert_eq!(c.fallbacks("en"), ["en"]);
        assert_eq!(c.localized(&c.title, "mai"), "अ");
        // Sindhi is right to left by CLDR, with no `dir:`.
        assert_eq!(c.dir("sd"), Direction::Rtl);
        assert_eq!(c.dir("mai"), Direction::Ltr);
    }

    #[test]
    fn a_circle_of_fallbacks_is_an_error() {
        let mut d = Diagnostics::new();
        let text = GOOD.replace(
            "  - { code: ur, name: اردو, dir: rtl }\n",
            "  - { code: hi, name: हिन्दी, fallback: mai }\n  - { code: mai, name: मैथिली, fallback: hi }\n",
        );
        assert!(Config::parse(&text, &mut d).is_none());
        let e = d.sorted().remove(0);
        assert!(e.message.contains("circle"), "{}", e.message);
    }

    #[test]
    fn default_language_must_be_listed() {
        let mut d = Diagnostics::new();
        let text = GOOD.replace("default_language: en", "default_language: bn");
        assert!(Config::parse(&text, &mut d).is_none());
        let e = d.sorted().remove(0);
        assert_eq!(e.line, 3);
        assert!(e.message.contains("`bn`"));
    }
}

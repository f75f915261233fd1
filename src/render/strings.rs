//! Interface strings, dates and numbers in each language.
//!
//! Strings come from the theme's `i18n/LANG.yaml`, with a site's own
//! `i18n/LANG.yaml` overriding single keys. A string missing in a language
//! is looked for along its fallbacks (`fallback:` in `site.yaml`), then in
//! the default language.
//!
//! Dates and numbers are written as CLDR writes them for the language
//! ([`crate::cldr`]): its digits, month names and grouping, so a Nepali
//! reader sees २०२६ नोभेम्बर ५ with no file. A language's own files win
//! where they say more: `months` (twelve names, for `5 November 2026`),
//! `digits` (the ten digits) and `group_separator` (numbers then group the
//! Indian way, 1,20,000, with that separator). The four languages the theme
//! has always had keep theirs, so Bengali readers see ১৬,৪০০ as before. A
//! language CLDR does not know writes them as its fallback does.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::cldr;
use crate::config::Config;
use crate::content::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use crate::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    List(Vec<String>),
}

/// The keys that say how to write numbers and dates, not interface text.
pub const FORMAT_KEYS: [&str; 3] = ["months", "digits", "group_separator"];

#[derive(Default)]
pub struct Strings {
    /// Language → key → entry, as its own files give them.
    langs: BTreeMap<String, BTreeMap<String, Entry>>,
    /// Language → where its strings are looked for, itself first.
    chains: BTreeMap<String, Vec<String>>,
    /// Language → how it writes numbers and dates.
    formats: BTreeMap<String, Formats>,
    default_language: String,
}

/// How one language writes numbers and dates.
struct Formats {
    digits: [char; 10],
    numbers: Numbers,
    dates: Dates,
}

enum Numbers {
    /// Grouped the Indian way with this separator.
    Indian(String),
    /// As CLDR groups them for a language (in 0–9, then put in `digits`).
    Cldr(Arc<cldr::Formats>),
}

enum Dates {
    /// `5 November 2026` with these twelve month names.
    Months(Vec<String>),
    Cldr(Arc<cldr::Formats>),
}

const WESTERN_DIGITS: [char; 10] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

impl Strings {
    pub fn load(theme: &Theme, config: &Config, diags: &mut Diagnostics) -> Strings {
        let mut strings = Strings {
            default_language: config.default_language.clone(),
            ..Strings::default()
        };
        for lang in &config.languages {
            let chain: Vec<String> = config
                .fallbacks(&lang.code)
                .into_iter()
                .map(String::from)
                .collect();
            for code in &chain {
                if !strings.langs.contains_key(code) {
                    let own = read_files(theme, code, diags);
                    strings.langs.insert(code.clone(), own);
                }
            }
            strings.chains.insert(lang.code.clone(), chain);
        }
        let mut cldr_of: BTreeMap<String, Option<Arc<cldr::Formats>>> = BTreeMap::new();
        for (lang, chain) in &strings.chains {
            let formats = strings.resolve_formats(chain, &mut cldr_of);
            strings.formats.insert(lang.clone(), formats);
        }
        strings
    }

    /// The first language along `chain` that says how to write digits,
    /// numbers and dates decides each of them, its own files before CLDR.
    fn resolve_formats(
        &self,
        chain: &[String],
        cldr_of: &mut BTreeMap<String, Option<Arc<cldr::Formats>>>,
    ) -> Formats {
        let mut cldr = |code: &str| {
            cldr_of
                .entry(code.to_string())
                .or_insert_with(|| cldr::Formats::new(code, true).map(Arc::new))
                .clone()
        };
        let mut digits = None;
        let mut numbers = None;
        let mut dates = None;
        for code in chain {
            let own = self.langs.get(code);
            let own_text = |key: &str| match own.and_then(|m| m.get(key)) {
                Some(Entry::Text(t)) => Some(t.clone()),
                _ => None,
            };
            let given_digits = own_text("digits");
            let separator = own_text("group_separator");
            let found = cldr(code);
            if digits.is_none() {
                let given = given_digits
                    .as_ref()
                    .and_then(|d| d.chars().collect::<Vec<_>>().try_into().ok());
                digits = given.or_else(|| found.as_ref().and_then(|_| cldr::digits(code)));
            }
            if numbers.is_none() {
                numbers = if given_digits.is_some() || separator.is_some() {
                    Some(Numbers::Indian(separator.unwrap_or_else(|| ",".into())))
                } else {
                    found.clone().map(Numbers::Cldr)
                };
            }
            if dates.is_none() {
                dates = match own.and_then(|m| m.get("months")) {
                    Some(Entry::List(names)) if names.len() == 12 => {
                        Some(Dates::Months(names.clone()))
                    }
                    _ => found.clone().map(Dates::Cldr),
                };
            }
        }
        Formats {
            digits: digits.unwrap_or(WESTERN_DIGITS),
            numbers: numbers.unwrap_or(Numbers::Indian(",".into())),
            dates: dates
                .unwrap_or_else(|| Dates::Months((1..=12).map(|m| format!("{m:02}")).collect())),
        }
    }

    /// Where `lang`'s strings are looked for: itself, its fallbacks, the
    /// default language.
    pub fn fallbacks<'a>(&'a self, lang: &'a str) -> Vec<&'a str> {
        match self.chains.get(lang) {
            Some(chain) => chain.iter().map(String::as_str).collect(),
            None => vec![lang, self.default_language.as_str()],
        }
    }

    fn entry(&self, lang: &str, key: &str) -> Option<&Entry> {
        self.fallbacks(lang)
            .into_iter()
            .find_map(|code| self.langs.get(code).and_then(|m| m.get(key)))
    }

    /// The keys of `keys` that `lang` finds neither in its own files nor
    /// along its fallbacks before the default language: what its readers
    /// see in the default language. For the default language itself, what
    /// it lacks.
    pub fn missing<'k>(&self, lang: &str, keys: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
        let chain = self.fallbacks(lang);
        let looked: Vec<&str> = if lang == self.default_language {
            vec![lang]
        } else {
            chain
                .into_iter()
                .filter(|c| *c != self.default_language)
                .collect()
        };
        keys.into_iter()
            .filter(|key| {
                !looked
                    .iter()
                    .any(|c| self.langs.get(*c).is_some_and(|m| m.contains_key(*key)))
            })
            .collect()
    }

    /// Every text key the default language has (the formats left out).
    pub fn default_keys(&self) -> Vec<&str> {
        self.langs
            .get(&self.default_language)
            .into_iter()
            .flatten()
            .filter(|(key, entry)| {
                matches!(entry, Entry::Text(_)) && !FORMAT_KEYS.contains(&key.as_str())
            })
            .map(|(key, _)| key.as_str())
            .collect()
    }

    /// The text for `key` in `lang`, else along its fallbacks.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        match self.entry(lang, key)? {
            Entry::Text(t) => Some(t),
            Entry::List(_) => None,
        }
    }

    /// Every text string of `lang`, with its fallbacks' for keys it lacks
    /// (lists such as `months` left out).
    pub fn texts(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for code in self.fallbacks(lang).into_iter().rev() {
            for (key, entry) in self.langs.get(code).into_iter().flatten() {
                if let Entry::Text(t) = entry {
                    out.insert(key.clone(), t.clone());
                }
            }
        }
        out
    }

    fn formats(&self, lang: &str) -> Option<&Formats> {
        self.formats.get(lang)
    }

    /// The ten digits `lang` writes numbers with, zero first.
    pub fn digits(&self, lang: &str) -> [char; 10] {
        self.formats(lang).map_or(WESTERN_DIGITS, |f| f.digits)
    }

    /// `n` grouped as the language groups it, in its digits: CLDR's way,
    /// or the Indian way (16,400; 1,20,000) with the language's own
    /// separator (Urdu writes `٬`).
    pub fn number(&self, lang: &str, n: u64) -> String {
        let Some(f) = self.formats(lang) else {
            return group_indian(n);
        };
        match &f.numbers {
            Numbers::Indian(sep) => localize_digits(&group_indian(n), &f.digits).replace(',', sep),
            Numbers::Cldr(cldr) => localize_digits(&cldr.number(n), &f.digits),
        }
    }

    /// A date as the language writes it: `5 November 2026` with its own
    /// month names, or CLDR's long date, in its digits.
    pub fn date(&self, lang: &str, date: Date) -> String {
        let Some(f) = self.formats(lang) else {
            return format!("{} {:02} {}", date.day, date.month, date.year);
        };
        let (day, year) = (date.day, date.year);
        let latin = match &f.dates {
            Dates::Months(names) => {
                let month = &names[usize::from(date.month).clamp(1, 12) - 1];
                format!("{day} {month} {year}")
            }
            Dates::Cldr(cldr) => cldr
                .date(i32::from(year), date.month, day)
                .unwrap_or_else(|| format!("{day} {:02} {year}", date.month)),
        };
        localize_digits(&latin, &f.digits)
    }

    /// Any plain number (volume, issue number) in the language's digits.
    pub fn digits_of(&self, lang: &str, n: u64) -> String {
        localize_digits(&n.to_string(), &self.digits(lang))
    }
}

/// `lang`'s own strings: the theme's file, then the site's over it.
fn read_files(theme: &Theme, lang: &str, diags: &mut Diagnostics) -> BTreeMap<String, Entry> {
    let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
    for file in theme.i18n_files(lang) {
        let text = String::from_utf8_lossy(&file.bytes);
        match yaml::from_str::<BTreeMap<String, Entry>>(&text) {
            // An empty string is one not yet translated (`awaaz new
            // language` writes every key empty): the fallback's shows.
            Ok(map) => merged.extend(
                map.into_iter()
                    .filter(|(_, e)| !matches!(e, Entry::Text(t) if t.is_empty())),
            ),
            Err(e) => diags.push(
                Diagnostic::error(
                    &file.source,
                    format!("interface strings are not valid: {}", e.message),
                )
                .at(&text, e.line, e.col)
                .with_hint("write one `key: \"text\"` a line; `months` is a list of 12 names"),
            ),
        }
    }
    merged
}

fn group_indian(n: u64) -> String {
    let s = n.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, last3) = s.split_at(s.len() - 3);
    let mut groups = Vec::new();
    let mut rest = head;
    while rest.len() > 2 {
        let (a, b) = rest.split_at(rest.len() - 2);
        groups.push(b);
        rest = a;
    }
    groups.push(rest);
    groups.reverse();
    format!("{},{last3}", groups.join(","))
}

fn localize_digits(s: &str, digits: &[char; 10]) -> String {
    s.chars()
        .map(|c| c.to_digit(10).map_or(c, |d| digits[d as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_the_indian_way() {
        assert_eq!(group_indian(0), "0");
        assert_eq!(group_indian(999), "999");
        assert_eq!(group_indian(16400), "16,400");
        assert_eq!(group_indian(120000), "1,20,000");
        assert_eq!(group_indian(12345678), "1,23,45,678");
    }

    #[test]
    fn writes_native_digits() {
        let bn: [char; 10] = "০১২৩৪৫৬৭৮৯".chars().collect::<Vec<_>>().try_into().unwrap();
        assert_eq!(localize_digits("16,400", &bn), "১৬,৪০০");
    }
}

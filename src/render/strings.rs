//! Interface strings, dates and numbers in each language.
//!
//! Strings come from the theme's `i18n/LANG.yaml`, with a site's own
//! `i18n/LANG.yaml` overriding single keys. A string missing in a language
//! falls back to the default language. Each file also gives the month names
//! (`months`) and the digits (`digits`) that dates and numbers are written
//! with, so Bengali readers see ১৬,৪০০ and Hindi readers १६,४००.

use std::collections::BTreeMap;

use serde::Deserialize;

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

#[derive(Debug, Default)]
pub struct Strings {
    /// Language → key → entry.
    langs: BTreeMap<String, BTreeMap<String, Entry>>,
    default_language: String,
}

const WESTERN_DIGITS: [char; 10] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

impl Strings {
    pub fn load(theme: &Theme, config: &Config, diags: &mut Diagnostics) -> Strings {
        let mut langs = BTreeMap::new();
        for lang in &config.languages {
            let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
            for file in theme.i18n_files(&lang.code) {
                let text = String::from_utf8_lossy(&file.bytes);
                match yaml::from_str::<BTreeMap<String, Entry>>(&text) {
                    Ok(map) => merged.extend(map),
                    Err(e) => diags.push(
                        Diagnostic::error(
                            &file.source,
                            format!("interface strings are not valid: {}", e.message),
                        )
                        .at(&text, e.line, e.col)
                        .with_hint(
                            "write one `key: \"text\"` a line; `months` is a list of 12 names",
                        ),
                    ),
                }
            }
            langs.insert(lang.code.clone(), merged);
        }
        Strings {
            langs,
            default_language: config.default_language.clone(),
        }
    }

    fn entry(&self, lang: &str, key: &str) -> Option<&Entry> {
        self.langs.get(lang).and_then(|m| m.get(key)).or_else(|| {
            self.langs
                .get(&self.default_language)
                .and_then(|m| m.get(key))
        })
    }

    /// Whether `lang`'s own files (the theme's or the site's) have `key`.
    pub fn has_own(&self, lang: &str, key: &str) -> bool {
        self.langs.get(lang).is_some_and(|m| m.contains_key(key))
    }

    /// The text for `key` in `lang`, else in the default language.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        match self.entry(lang, key)? {
            Entry::Text(t) => Some(t),
            Entry::List(_) => None,
        }
    }

    /// Every text string of `lang`, with the default language's for keys
    /// it lacks (lists such as `months` left out).
    pub fn texts(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for code in [self.default_language.as_str(), lang] {
            for (key, entry) in self.langs.get(code).into_iter().flatten() {
                if let Entry::Text(t) = entry {
                    out.insert(key.clone(), t.clone());
                }
            }
        }
        out
    }

    fn digits(&self, lang: &str) -> [char; 10] {
        let Some(Entry::Text(d)) = self.entry(lang, "digits") else {
            return WESTERN_DIGITS;
        };
        let chars: Vec<char> = d.chars().collect();
        chars.try_into().unwrap_or(WESTERN_DIGITS)
    }

    /// `n` with Indian grouping (16,400; 1,20,000) in the language's digits
    /// and its group separator (`group_separator`, `,` when not set; Urdu
    /// writes `٬`).
    pub fn number(&self, lang: &str, n: u64) -> String {
        let grouped = localize_digits(&group_indian(n), &self.digits(lang));
        match self.get(lang, "group_separator") {
            Some(sep) if sep != "," => grouped.replace(',', sep),
            _ => grouped,
        }
    }

    /// `5 November 2026`, with the language's month names and digits.
    pub fn date(&self, lang: &str, date: Date) -> String {
        let month = match self.entry(lang, "months") {
            Some(Entry::List(names)) if names.len() == 12 => {
                names[usize::from(date.month) - 1].clone()
            }
            _ => format!("{:02}", date.month),
        };
        let digits = self.digits(lang);
        format!(
            "{} {} {}",
            localize_digits(&date.day.to_string(), &digits),
            month,
            localize_digits(&date.year.to_string(), &digits)
        )
    }

    /// Any plain number (volume, issue number) in the language's digits.
    pub fn digits_of(&self, lang: &str, n: u64) -> String {
        localize_digits(&n.to_string(), &self.digits(lang))
    }
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

//! Slugs for URLs and heading ids, keeping every script whole.
//!
//! `## समाज अभियान` becomes `समाज-अभियान`: letters, digits and the marks
//! that belong to them (vowel signs, viramas, nuktas) are kept, so Hindi,
//! Bengali and Urdu readers see their own words in addresses. Latin letters
//! are lower-cased; everything else becomes a single `-`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn slugify(text: &str) -> String {
    // ASCII text is already in NFC: the normalizer is skipped, not needed.
    if text.is_ascii() {
        slug_of(text.chars(), text.len())
    } else {
        slug_of(text.nfc(), text.len())
    }
}

fn slug_of(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut dash = false;
    for c in chars {
        if c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200C}' || c == '\u{200D}' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        } else {
            dash = true;
        }
    }
    out
}

/// Makes `ids` unique in order of appearance: the second `notes` becomes
/// `notes-1`, the third `notes-2`.
#[derive(Default)]
pub struct UniqueIds {
    taken: std::collections::HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| self.taken.insert(id.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_indic_marks_and_conjuncts() {
        assert_eq!(slugify("समाज अभियान"), "समाज-अभियान");
        assert_eq!(slugify("स्कूल की ओर वापसी!"), "स्कूल-की-ओर-वापसी");
        assert_eq!(slugify("আমাদের দাবি"), "আমাদের-দাবি");
        assert_eq!(slugify("ہماری آواز"), "ہماری-آواز");
        assert_eq!(slugify("  End Demand: Now! "), "end-demand-now");
    }

    #[test]
    fn unique_ids_count_up() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("notes"), "notes");
        assert_eq!(ids.claim("notes"), "notes-1");
        assert_eq!(ids.claim("notes-1"), "notes-1-1");
        assert_eq!(ids.claim("notes"), "notes-2");
    }
}

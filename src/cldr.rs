//! What Unicode's CLDR knows of a language, through ICU4X and the data
//! compiled into it: the script it is written in, its direction, its digits,
//! how it groups a number and how it writes a date. awaaz keeps no tables of
//! its own; a language added to `site.yaml` gets all of this with no file.
//!
//! A code CLDR does not know (or knows only as the root locale) gives
//! `None`, and the caller falls back to another language.

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale::{LanguageIdentifier, Locale, TransformResult};
use icu_locale::{LocaleDirectionality, LocaleExpander};

/// `code` (`ne`, `mni-Mtei`) as a language identifier, when it is one.
fn identifier(code: &str) -> Option<LanguageIdentifier> {
    LanguageIdentifier::try_from_str(code).ok()
}

/// Whether CLDR has locale data of its own for `code`, not only the root's.
pub fn knows(code: &str) -> bool {
    Formats::new(code, false).is_some()
}

/// Whether `code` is written right to left; `None` when CLDR cannot tell.
pub fn is_rtl(code: &str) -> Option<bool> {
    let id = identifier(code)?;
    LocaleDirectionality::new_extended()
        .get(&id)
        .map(|d| d == icu_locale::Direction::RightToLeft)
}

/// Sorts `items` by `name` as readers of `code` expect an index to run
/// (CLDR collation: Urdu `ٹ` after `ت`, Latin `apple` before `Zebra`);
/// by code point when ICU4X cannot collate `code`.
pub fn sort_by_name<T>(code: &str, items: &mut [T], name: impl Fn(&T) -> &str) {
    let collator = identifier(code).and_then(|id| {
        icu_collator::Collator::try_new(
            icu_collator::CollatorPreferences::from(&id),
            icu_collator::options::CollatorOptions::default(),
        )
        .ok()
    });
    match collator {
        Some(collator) => items.sort_by(|a, b| collator.compare(name(a), name(b))),
        None => items.sort_by(|a, b| name(a).cmp(name(b))),
    }
}

/// The script `code` is written in, as an ISO 15924 code (`Deva`, `Arab`):
/// the one it names (`mni-Mtei`), else the likely one.
pub fn script(code: &str) -> Option<String> {
    let mut id = identifier(code)?;
    if id.script.is_none()
        && LocaleExpander::new_extended().maximize(&mut id) == TransformResult::Unmodified
    {
        return None;
    }
    id.script.map(|s| s.as_str().to_string())
}

/// `code` as Open Graph writes a locale, language and territory
/// (`hi_IN`, `ne_NP`): the territory it names, else CLDR's likely one (so
/// `bn` is `bn_BD` and `ur` is `ur_PK`); the language alone when CLDR
/// knows no territory for it.
pub fn og_locale(code: &str) -> String {
    let Some(mut id) = identifier(code) else {
        return code.replace('-', "_");
    };
    if id.region.is_none() {
        LocaleExpander::new_extended().maximize(&mut id);
    }
    match id.region {
        Some(region) => format!("{}_{}", id.language.as_str(), region.as_str()),
        None => id.language.as_str().to_string(),
    }
}

/// The language subtag alone (`mni` of `mni-Mtei`), as typesetting wants it.
pub fn language_subtag(code: &str) -> String {
    identifier(code).map_or_else(
        || code.split('-').next().unwrap_or(code).to_string(),
        |id| id.language.as_str().to_string(),
    )
}

/// The ten digits CLDR writes `code` with by default, zero first (`०…९`
/// for Nepali, `0…9` for Telugu).
pub fn digits(code: &str) -> Option<[char; 10]> {
    let locale: Locale = identifier(code)?.into();
    let number = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
    digits_of(&number)
}

fn digits_of(number: &DecimalFormatter) -> Option<[char; 10]> {
    let digits: Vec<char> = (0..10u8)
        .filter_map(|d| number.format_to_string(&Decimal::from(d)).chars().next())
        .collect();
    digits.try_into().ok()
}

/// A date as the root locale writes it, when CLDR has nothing better
/// (`2026 M11 5`): what an unknown language's date looks like.
static ROOT_DATE: std::sync::LazyLock<Option<String>> = std::sync::LazyLock::new(|| {
    let root = FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(
        (&Locale::UNKNOWN).into(),
        YMD::long(),
    )
    .ok()?;
    Some(root.format(&probe_date()?).to_string())
});

fn probe_date() -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(2026, 11, 5).ok()
}

/// How a language CLDR knows writes numbers and dates.
pub struct Formats {
    number: DecimalFormatter,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    /// The ten digits, zero first.
    pub digits: [char; 10],
}

impl Formats {
    /// CLDR's formats for `code`. With `latin_digits`, numbers and dates are
    /// written with 0–9 (for a site that gives its own digits).
    pub fn new(code: &str, latin_digits: bool) -> Option<Formats> {
        let mut locale: Locale = identifier(code)?.into();
        if latin_digits {
            locale
                .extensions
                .unicode
                .keywords
                .set("nu".parse().ok()?, "latn".parse().ok()?);
        }
        let number = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
        let date = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok()?;
        // Data CLDR lacks comes from the root locale, which names months
        // M01 to M12: a language whose date reads as the root's is unknown.
        let written = date.format(&probe_date()?).to_string();
        if locale.id.language.is_unknown() || ROOT_DATE.as_deref() == Some(written.as_str()) {
            return None;
        }
        Some(Formats {
            digits: digits_of(&number)?,
            number,
            date,
        })
    }

    /// `n` grouped and written as the language does (`१६,४००`).
    pub fn number(&self, n: u64) -> String {
        self.number.format_to_string(&Decimal::from(n))
    }

    /// A date written in full as the language does (`२०२६ नोभेम्बर ५`).
    pub fn date(&self, year: i32, month: u8, day: u8) -> Option<String> {
        let date = Date::try_new_gregorian(year, month, day).ok()?;
        Some(self.date.format(&date).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_their_readers_expect() {
        let mut urdu = vec!["جنگ", "ٹیکس", "تعلیم", "اسکول"];
        sort_by_name("ur", &mut urdu, |s| s);
        assert_eq!(urdu, ["اسکول", "تعلیم", "ٹیکس", "جنگ"]);
        let mut english = vec!["Zebra", "apple", "Bihar"];
        sort_by_name("en", &mut english, |s| s);
        assert_eq!(english, ["apple", "Bihar", "Zebra"]);
    }

    #[test]
    fn open_graph_locales_name_a_territory() {
        assert_eq!(og_locale("hi"), "hi_IN");
        assert_eq!(og_locale("ne"), "ne_NP");
        assert_eq!(og_locale("ur"), "ur_PK");
        assert_eq!(og_locale("mni-Mtei"), "mni_IN");
        assert_eq!(og_locale("en-IN"), "en_IN");
    }

    #[test]
    fn knows_the_languages_of_the_region() {
        for code in ["en", "hi", "ne", "te", "mr", "bn", "ur", "ta", "mai"] {
            assert!(knows(code), "{code}");
        }
        assert!(!knows("xx"));
        assert!(!knows("not a code"));
    }

    #[test]
    fn scripts_and_directions() {
        assert_eq!(script("ne").as_deref(), Some("Deva"));
        assert_eq!(script("te").as_deref(), Some("Telu"));
        assert_eq!(script("sat").as_deref(), Some("Olck"));
        assert_eq!(script("mni-Mtei").as_deref(), Some("Mtei"));
        assert_eq!(script("sd").as_deref(), Some("Arab"));
        assert_eq!(is_rtl("ur"), Some(true));
        assert_eq!(is_rtl("ks"), Some(true));
        assert_eq!(is_rtl("te"), Some(false));
        assert_eq!(language_subtag("mni-Mtei"), "mni");
    }

    #[test]
    fn nepali_and_marathi_write_devanagari_digits() {
        let ne = Formats::new("ne", false).unwrap();
        assert_eq!(ne.digits.iter().collect::<String>(), "०१२३४५६७८९");
        let date = ne.date(2026, 11, 5).unwrap();
        assert!(date.contains("नोभेम्बर"), "{date}");
        assert!(date.contains("२०२६"), "{date}");
        let mr = Formats::new("mr", false).unwrap();
        assert_eq!(mr.number(120000), "१,२०,०००");
        let latin = Formats::new("mr", true).unwrap();
        assert_eq!(latin.number(120000), "1,20,000");
    }
}

//! Every language of the region, on the web and on paper: the fixture site
//! in `tests/fixtures/scripts/` has a story and a Despatch issue in one
//! language of each script the default theme prints, written as prose. Its
//! PDFs are read back with poppler (`pdffonts`, `pdftotext`), as a
//! volunteer's computer would; CI sets AWAAZ_REQUIRE_POPPLER so they are
//! never skipped there. Also here: a script no font covers, CLDR's digits
//! and dates, fallbacks, and `awaaz new language`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The fixture site, copied into a fresh folder.
fn scripts_site() -> Fixture {
    let f = Fixture::new();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts");
    for (rel, bytes) in tree(&from) {
        f.write_bytes(&rel, &bytes);
    }
    f
}

fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{tool} failed on {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

fn fonts_of(path: &Path) -> String {
    let out = Command::new("pdffonts").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The words of `text`: split at spaces and punctuation, with the
/// direction marks pdftotext puts around right-to-left runs taken out.
fn words(text: &str) -> Vec<String> {
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    text.split(|c: char| c.is_whitespace() || "“”\"'(),.;:!?।॥۔،؛-—–*#‘’".contains(c))
        .filter(|w| !w.is_empty())
        .map(|w| unicode_normalization::UnicodeNormalization::nfc(w).collect())
        .collect()
}

/// The share of `source`'s body words that `pdf` gives back.
fn words_back(source: &str, pdf: &str) -> (usize, usize, Vec<String>) {
    let body = source.splitn(3, "---").nth(2).unwrap();
    let wanted = words(body);
    let got: std::collections::HashSet<String> = words(pdf).into_iter().collect();
    let lost: Vec<String> = wanted
        .iter()
        .filter(|w| !got.contains(*w))
        .cloned()
        .collect();
    (wanted.len() - lost.len(), wanted.len(), lost)
}

/// Language, font file prefix of its script, in the order of site.yaml.
const SCRIPTS: [(&str, &str); 14] = [
    ("en", "NotoSerif-"),
    ("ne", "NotoSerifDevanagari"),
    ("bn", "NotoSerifBengali"),
    ("pa", "NotoSerifGurmukhi"),
    ("gu", "NotoSerifGujarati"),
    ("or", "NotoSansOriya"),
    ("ta", "NotoSerifTamil"),
    ("te", "NotoSerifTelugu"),
    ("kn", "NotoSerifKannada"),
    ("ml", "NotoSerifMalayalam"),
    ("sat", "NotoSansOlChiki"),
    ("mni-mtei", "NotoSansMeeteiMayek"),
    ("ur", "NotoNaskhArabic"),
    ("sd", "NotoNaskhArabic"),
];

#[test]
fn every_script_prints_in_its_own_font_and_reads_back() {
    let f = scripts_site();
    let report = f.build_ok();
    // A story, an issue and the booklet in each language.
    assert_eq!(report.pdfs, 3 * SCRIPTS.len());
    if !poppler() {
        return;
    }
    let mut failures = Vec::new();
    for (lang, font) in SCRIPTS {
        let (prefix, suffix) = if lang == "en" {
            (String::new(), String::new())
        } else {
            (format!("{lang}/"), format!(".{lang}"))
        };
        let pdfs = [
            (
                format!("content/stories/together{suffix}.md"),
                format!("{prefix}stories/together/together-{lang}.pdf"),
            ),
            (
                format!("content/despatch/2027-01/01-meeting{suffix}.md"),
                format!("{prefix}despatch/2027-01/despatch-2027-01-{lang}.pdf"),
            ),
        ];
        for (source, pdf) in pdfs {
            let path = f.out().join(&pdf);
            let fonts = fonts_of(&path);
            if !fonts.contains(font) {
                failures.push(format!("{pdf} has no {font}:\n{fonts}"));
            }
            let source = std::fs::read_to_string(f.root().join(&source)).unwrap();
            let (found, all, lost) = words_back(&source, &run("pdftotext", &[], &path));
            if found * 10 < all * 9 {
                failures.push(format!(
                    "{pdf}: {found} of {all} words read back; lost {lost:?}"
                ));
            }
        }
    }
    // An English article quoting a Hindi slogan prints it in Devanagari.
    let english = fonts_of(&f.out().join("despatch/2027-01/despatch-2027-01-en.pdf"));
    if !english.contains("NotoSerifDevanagari") {
        failures.push(format!(
            "the English issue has no Devanagari font:\n{english}"
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn each_language_pages_are_in_its_script_and_direction() {
    let f = scripts_site();
    f.build_ok();
    // Sindhi is right to left by CLDR: its site.yaml entry says nothing.
    let sd = f.read("sd/stories/together/index.html");
    assert!(sd.contains("dir=rtl") || sd.contains("dir=\"rtl\""), "{sd}");
    let te = f.read("te/stories/together/index.html");
    assert!(te.contains("lang=te"), "{te}");
    // Telugu's built-in interface strings, not English ones.
    assert!(!te.contains("Skip to content"), "{te}");
    let ne = f.read("ne/stories/together/index.html");
    assert!(!ne.contains("Skip to content"), "{ne}");
}

#[test]
fn nepali_and_marathi_dates_and_numbers_come_from_cldr() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: { en: \"Despatch\" }\nbase_url: \"https://example.org\"\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n  - { code: ne, name: नेपाली }\n  - { code: mr, name: मराठी }\n",
    );
    let petition = |title: &str| {
        format!(
            "---\ntitle: \"{title}\"\nto: \"x\"\ndemands: [\"a\"]\ngoal: 120000\ndeadline: 2026-11-05\n---\n\nSign.\n"
        )
    };
    f.write("content/petitions/p.md", &petition("Shelter"));
    f.write("content/petitions/p.ne.md", &petition("आश्रय"));
    f.write("content/petitions/p.mr.md", &petition("निवारा"));
    f.build_ok();
    let ne = f.read("ne/petitions/p/index.html");
    assert!(ne.contains("२०२६ नोभेम्बर ५"), "{ne}");
    assert!(ne.contains("१,२०,०००"), "{ne}");
    let mr = f.read("mr/petitions/p/index.html");
    assert!(mr.contains("५ नोव्हेंबर, २०२६"), "{mr}");
    assert!(mr.contains("१,२०,०००"), "{mr}");
    // English keeps the theme's own: day, month, year; Indian grouping.
    let en = f.read("petitions/p/index.html");
    assert!(en.contains("5 November 2026"), "{en}");
    assert!(en.contains("1,20,000"), "{en}");
}

#[test]
fn a_fallback_gives_its_strings_titles_and_formats() {
    let f = Fixture::new();
    // Angika: CLDR knows neither its months nor its digits; its readers
    // read Hindi.
    f.write(
        "site.yaml",
        "title: { en: \"Despatch\", hi: \"डिस्पैच\" }\nbase_url: \"https://example.org\"\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n  - { code: anp, name: अंगिका, fallback: hi }\n",
    );
    f.write("content/stories/a.md", &story("Asha", ""));
    f.write("content/stories/a.anp.md", &story("आशा", ""));
    f.build_ok();
    let anp = f.read("anp/stories/a/index.html");
    assert!(anp.contains("सीधे मुख्य सामग्री पर जाएँ"), "{anp}");
    assert!(anp.contains("डिस्पैच"), "{anp}");
    assert!(anp.contains("सितंबर"), "{anp}");
    assert!(anp.contains("२०२६"), "{anp}");
}

#[test]
fn a_script_no_font_covers_is_an_error_until_a_font_is_added() {
    let f = scripts_site();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &yaml.replace(
            "languages:\n",
            "languages:\n  - { code: bo, name: བོད་ཡིག }\n",
        ),
    );
    f.write(
        "content/stories/together.bo.md",
        "---\ntitle: \"Together\"\n---\n\nA line in English.\nཡོངས་ཁྱབ་ཀྱི་ བུད་མེད་ཚོགས་པ།\n",
    );
    let report = f.build();
    assert!(!report.written, "a PDF of boxes must not be written");
    let e = errors(&report);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].starts_with("content/stories/together.bo.md:6:1: error: no font covers Tibetan text (`ཡོངས་ཁྱབ་ཀྱི་`); put a font that does in fonts/ (Noto Serif Tibetan, for example)"),
        "{}",
        e[0]
    );
    let tibetan = Path::new("/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf");
    assert!(
        tibetan.exists(),
        "the fix needs Noto Serif Tibetan: apt-get install fonts-noto-core"
    );
    f.write_bytes(
        "fonts/NotoSerifTibetan-Regular.ttf",
        &std::fs::read(tibetan).unwrap(),
    );
    f.build_ok();
    if poppler() {
        let pdf = f.out().join("bo/stories/together/together-bo.pdf");
        assert!(fonts_of(&pdf).contains("NotoSerifTibetan"));
    }
}

#[test]
fn an_emoji_no_font_covers_is_an_error_at_its_line() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        &format!("{}\nWe won 🙂 today.\n", story("Asha", "")),
    );
    let report = f.build();
    let e = errors(&report);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].contains("error: no font covers the character `🙂` (U+1F642)"),
        "{}",
        e[0]
    );
    assert!(e[0].starts_with("content/stories/a.md:"), "{}", e[0]);
}

fn awaaz(site: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .arg("--site")
        .arg(site)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn new_language_adds_it_to_site_yaml_and_writes_every_string_to_translate() {
    let f = Fixture::new();
    let yaml = "# our site\ntitle: { en: \"Despatch\", hi: \"डिस्पैच\" }\nbase_url: \"https://example.org\"\ndefault_language: en\nlanguages:   # the languages we publish in\n  - { code: en, name: English }\n  - { code: hi, name: हिन्दी }   # Bihar\ntheme: default\n";
    f.write("site.yaml", yaml);
    f.write("content/stories/a.md", &story("Asha", ""));
    f.write("content/stories/a.mai.md", &story("आशा", ""));
    let out = awaaz(f.root(), &["new", "language", "mai", "--fallback", "hi"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changed = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    assert_eq!(
        changed,
        yaml.replace(
            "  - { code: hi, name: हिन्दी }   # Bihar\n",
            "  - { code: hi, name: हिन्दी }   # Bihar\n  - { code: mai, name: मैथिली, fallback: hi }\n"
        )
    );
    let strings = std::fs::read_to_string(f.root().join("i18n/mai.yaml")).unwrap();
    let english = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml"),
    )
    .unwrap();
    for line in english
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(':'))
    {
        let key = line.split(':').next().unwrap();
        if ["months", "digits"].contains(&key) {
            assert!(!strings.contains(&format!("\n{key}:")), "{strings}");
        } else {
            assert!(
                strings.contains(&format!("\n{key}: \"\"")),
                "no {key}:\n{strings}"
            );
        }
    }
    assert!(
        strings.contains("skip_to_content: \"\"  # सीधे मुख्य सामग्री पर जाएँ"),
        "{strings}"
    );
    // Untranslated, Maithili pages read the Hindi strings; one written
    // string shows at once.
    f.build_ok();
    assert!(
        f.read("mai/stories/a/index.html")
            .contains("सीधे मुख्य सामग्री पर जाएँ")
    );
    f.write(
        "i18n/mai.yaml",
        &strings.replace(
            "skip_to_content: \"\"",
            "skip_to_content: \"सीधा मुख्य सामग्री पर जाउ\"",
        ),
    );
    f.build_ok();
    assert!(
        f.read("mai/stories/a/index.html")
            .contains("सीधा मुख्य सामग्री पर जाउ")
    );

    // Sindhi is right to left by CLDR. Telugu has the theme's strings: its
    // file shows them, to change only what a group wants to.
    let out = awaaz(f.root(), &["new", "language", "sd"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = awaaz(f.root(), &["new", "language", "te"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changed = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    assert!(changed.contains("  - { code: sd, name: سنڌي, dir: rtl }\n  - { code: te, name: తెలుగు }\ntheme: default\n"), "{changed}");
    assert!(f.root().join("i18n/sd.yaml").exists());
    let telugu = std::fs::read_to_string(f.root().join("i18n/te.yaml")).unwrap();
    assert!(
        telugu.contains("sheet_signature: \"\"  # సంతకం లేదా వేలిముద్ర"),
        "{telugu}"
    );
    f.build_ok();
    // Twice is refused, and nothing changes.
    let out = awaaz(f.root(), &["new", "language", "te"]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(f.root().join("site.yaml")).unwrap(),
        changed
    );
}

//! `awaaz check`: what it reports beyond a build's errors (missing interface
//! strings, petitions past their deadline, the translations table) and
//! `--strict`.

mod common;

use std::process::Command;

use awaaz::BuildOptions;
use awaaz::content::date::Date;
use common::*;

fn petition(deadline: &str, status: &str) -> String {
    format!(
        "---\ntitle: \"Safe shelter\"\ndate: 2026-01-10\nto: \"The District Magistrate\"\ndemands:\n  - \"A shelter\"\ndeadline: {deadline}\n{status}---\n\nSign.\n"
    )
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write("content/about.md", &page("About", "Who we are."));
    f.write("content/stories/asha.md", &story("Asha", ""));
    f.write("content/stories/asha.hi.md", &story("आशा", ""));
    f
}

fn warnings_on(f: &Fixture, today: &str) -> Vec<String> {
    let report = awaaz::check_on(
        f.root(),
        &BuildOptions::default(),
        Date::parse(today).unwrap(),
    );
    assert_eq!(errors(&report), Vec::<String>::new());
    warnings(&report)
}

#[test]
fn an_open_petition_past_its_deadline_is_a_warning_at_the_deadline() {
    let f = site();
    f.write("content/petitions/shelter.md", &petition("2026-03-31", ""));
    assert!(
        warnings_on(&f, "2026-03-31")
            .iter()
            .all(|w| !w.contains("deadline")),
        "the deadline day itself is still open"
    );
    let w = warnings_on(&f, "2026-04-01");
    assert!(
        w.iter().any(|w| w.starts_with(
            "content/petitions/shelter.md:7:1: warning: the deadline 2026-03-31 has passed but the petition is still open"
        )),
        "{w:#?}"
    );
    // Closed petitions are left alone.
    f.write(
        "content/petitions/shelter.md",
        &petition("2026-03-31", "status: closed\n"),
    );
    assert!(
        warnings_on(&f, "2026-04-01")
            .iter()
            .all(|w| !w.contains("deadline"))
    );
}

#[test]
fn an_interface_string_a_language_lacks_is_one_warning_per_language() {
    let f = site();
    // The site's own footer uses two strings only English has.
    f.write(
        "templates/partials/footer.html",
        "<footer><p>{{ t(key=\"donate\") }} {{ t(key=\"volunteer\") }}</p></footer>\n",
    );
    f.write(
        "i18n/en.yaml",
        "donate: \"Support our work\"\nvolunteer: \"Join us\"\n",
    );
    let w = warnings_on(&f, "2026-11-25");
    let missing: Vec<&String> = w
        .iter()
        .filter(|w| w.contains("interface string"))
        .collect();
    assert_eq!(missing.len(), 2, "{w:#?}");
    assert!(
        missing[0].starts_with(
            "site.yaml:6:3: warning: `hi` lacks 2 interface strings: donate, volunteer"
        ),
        "{}",
        missing[0]
    );
    assert!(
        missing[1].starts_with(
            "site.yaml:7:3: warning: `ur` lacks 2 interface strings: donate, volunteer"
        ),
        "{}",
        missing[1]
    );
}

#[test]
fn a_fallback_fills_what_a_language_lacks() {
    let f = site();
    f.write(
        "site.yaml",
        &common::SITE_YAML.replace(
            "  - { code: ur, name: اردو, dir: rtl }\n",
            "  - { code: ur, name: اردو, dir: rtl }\n  - { code: mai, name: मैथिली, fallback: hi }\n  - { code: bho, name: भोजपुरी }\n",
        ),
    );
    let w = warnings_on(&f, "2026-11-25");
    let missing: Vec<&String> = w
        .iter()
        .filter(|w| w.contains("interface string"))
        .collect();
    // Maithili takes every string from Hindi; Bhojpuri, with no fallback
    // and no file, lacks every one, in a single warning.
    assert_eq!(missing.len(), 1, "{w:#?}");
    let bho = missing[0];
    assert!(
        bho.starts_with("site.yaml:9:3: warning: `bho` lacks ")
            && bho.contains(" interface strings: about, addressed_to, ")
            && bho.contains("sheet_signature")
            && !bho.contains("months"),
        "{bho}"
    );
}

#[test]
fn the_translations_table_shows_what_is_not_yet_translated() {
    let f = site();
    let report = awaaz::check(f.root(), &BuildOptions::default());
    let table = report.translations.expect("check gives the table");
    assert_eq!(table.languages, ["en", "hi", "ur"]);
    let row = |source: &str| {
        table
            .rows
            .iter()
            .find(|(s, _)| s == source)
            .map(|(_, has)| has.clone())
            .unwrap_or_else(|| panic!("no row for {source}: {:?}", table.rows))
    };
    assert_eq!(row("content/stories/asha.md"), [true, true, false]);
    assert_eq!(row("content/about.md"), [true, false, false]);
    let text = table.render();
    assert!(text.contains("content/about.md"), "{text}");
}

#[test]
fn strict_fails_on_warnings_and_the_command_prints_the_table() {
    let f = site();
    f.write("content/petitions/shelter.md", &petition("2020-01-01", ""));
    let run = |strict: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_awaaz"));
        cmd.arg("check").arg("--site").arg(f.root());
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let lenient = run(false);
    assert!(lenient.status.success());
    let table = String::from_utf8_lossy(&lenient.stdout);
    assert!(table.contains("content/about.md"), "{table}");
    let strict = run(true);
    assert!(!strict.status.success());
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(err.contains("--strict"), "{err}");
    assert!(!f.out().exists(), "check writes nothing");
}

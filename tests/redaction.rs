//! `redact.txt`: a listed name or phrase anywhere in the output fails the
//! build, names every source file and line it came from, and leaves the
//! previous output as it was.

mod common;

use common::photos;
use common::*;

fn site_with_a_story(body: &str) -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/stories/courage.md",
        &story("Courage", "").replace("The story of Courage.", body),
    );
    f
}

#[test]
fn a_redacted_name_fails_the_build_naming_each_source_and_nothing_is_written() {
    let f = site_with_a_story("She met the officer.");
    f.build_ok();
    let before = tree(&f.out());

    f.write(
        "redact.txt",
        "# real names: never publish\n\nSita Devi\nward 7 shelter\n",
    );
    // Line 12 of the story, in other case and spacing.
    f.write(
        "content/stories/courage.md",
        &story("Courage", "").replace(
            "The story of Courage.",
            "She met the officer.\n\nLater SITA  devi spoke.",
        ),
    );
    f.write(
        "content/petitions/p.md",
        "---\ntitle: P\nto: Court\ndemands: [x]\n---\n",
    );
    f.write(
        "content/petitions/p.tallies.csv",
        "date,place,collected_by,count\n2026-07-05,Ward 7 Shelter,group,12\n",
    );
    f.write_bytes("static/sita-devi.jpg", &photos::jpeg(20, 20));
    let report = f.build();
    assert!(!report.written);
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/stories/courage.md:12:7: error: `Sita Devi` is in redact.txt (line 3) and must never be published, but it reached atom.xml, search/data/d0-"),
        "{e}"
    );
    assert!(e.contains(".js, sita-devi.jpg and 2 more"), "{e}");
    assert!(e.contains("12 | Later SITA  devi spoke."), "{e}");
    assert!(
        e.contains("content/petitions/p.tallies.csv:2:12: error: `ward 7 shelter` is in redact.txt (line 4)"),
        "{e}"
    );
    assert!(
        e.contains("static/sita-devi.jpg: error: `Sita Devi` is in redact.txt (line 3) and must never be published, but it reached atom.xml, search/data/d0-"),
        "{e}"
    );
    assert!(
        e.contains(".js, sita-devi.jpg and 2 more (through this file's name)"),
        "{e}"
    );
    assert_eq!(tree(&f.out()), before, "the previous output is untouched");

    // `check` finds the same, and removing the names lets the build through.
    let checked = awaaz::check(f.root(), &awaaz::BuildOptions::default());
    assert_eq!(errors(&checked).len(), errors(&report).len());
}

#[test]
fn names_are_found_across_unicode_forms_and_in_addresses() {
    // redact.txt written decomposed (क + nukta), the page composed (क़).
    let f = site_with_a_story("कहानी");
    f.write(
        "redact.txt",
        "\u{092b}\u{093c}\u{093e}\u{0915}\u{093c}\u{0940}\n",
    );
    f.write(
        "content/stories/courage.hi.md",
        "---\ntitle: \"हिम्मत\"\nslug: \"\u{095e}\u{093e}\u{0958}\u{0940}\"\n---\n\nकहानी\n",
    );
    let report = f.build();
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/stories/courage.hi.md:3:8: error:"),
        "{e}"
    );
    // The slug is in the addresses of the page, of its PDF, of its share
    // image and of its search result too.
    assert!(e.contains("hi/stories/index.html and 6 more"), "{e}");
    assert!(!report.written);
}

#[test]
fn names_in_site_yaml_and_interface_strings_are_found_there() {
    let f = site_with_a_story("Text.");
    f.write(
        "site.yaml",
        &SITE_YAML.replace(
            "title: {",
            "description: { en: \"Run by Meena Kumari\" }\ntitle: {",
        ),
    );
    f.write("i18n/en.yaml", "anonymous: \"Told to Meena Kumari\"\n");
    f.write("redact.txt", "Meena Kumari\n");
    let report = f.build();
    let e = errors(&report).join("\n");
    assert!(e.contains("site.yaml:1:"), "{e}");
    assert!(e.contains("i18n/en.yaml:1:"), "{e}");
    assert!(!report.written);
}

#[test]
fn names_only_in_unpublished_stories_do_not_fail_the_build() {
    let f = site_with_a_story("Nothing to hide.");
    f.write(
        "content/stories/gone.md",
        &story("Gone", "withdrawn: true\n").replace("The story of Gone.", "Sita Devi told us."),
    );
    f.write(
        "content/stories/plan.md",
        &story("Plan", "draft: true\n").replace("The story of Plan.", "Sita Devi again."),
    );
    f.write("redact.txt", "Sita Devi\n");
    f.build_ok();
    assert_nowhere(&f.out(), "Sita Devi");
    // With --drafts the draft is published, and the name with it.
    let report = f.build_with(awaaz::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/stories/plan.md:11:1: error: `Sita Devi`"),
        "{e}"
    );
    assert!(!e.contains("gone.md"), "{e}");
}

#[test]
fn a_short_line_in_redact_txt_is_a_warning() {
    let f = site_with_a_story("A b c.");
    f.write("redact.txt", "a\n");
    let report = f.build_ok();
    assert!(
        warnings(&report)
            .join("\n")
            .contains("redact.txt:1:1: warning: this line is too short"),
        "{:?}",
        warnings(&report)
    );
}

/// Markers in redact.txt make the build itself prove they reached no
/// output: pages, feeds, the sitemap, file names, and the text of every
/// PDF as soon as PDFs are made (redaction reads `BuiltFile::text`).
#[test]
fn withdrawn_and_draft_markers_reach_no_output_not_even_pdf_text() {
    let f = site_with_a_story("Kept.");
    f.write(
        "content/stories/gone.md",
        &story("WITHDRAWNMARK", "tags: [courage]\nwithdrawn: true\n"),
    );
    f.write(
        "content/despatch/2026-11/_index.md",
        "---\ntitle: Nov\ndate: 2026-11-15\nvolume: 3\nnumber: 11\n---\n",
    );
    f.write(
        "content/despatch/2026-11/01-plan.md",
        "---\ntitle: DRAFTMARK plan\ndraft: true\n---\n\nDRAFTMARK\n",
    );
    f.write("redact.txt", "WITHDRAWNMARK\nDRAFTMARK\n");
    f.build_ok();
    // The check is live: publishing the draft fails the build.
    let report = f.build_with(awaaz::BuildOptions {
        drafts: true,
        ..Default::default()
    });
    assert!(
        errors(&report)
            .join("\n")
            .contains("content/despatch/2026-11/01-plan.md:2:8: error: `DRAFTMARK`"),
        "{:?}",
        errors(&report)
    );
}

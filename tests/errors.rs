//! Bad input gets `path:line:col: error: message`, every problem of a run is
//! reported, and a failed build leaves the previous output untouched.

mod common;

use common::*;

fn first_error(f: &Fixture) -> String {
    let report = f.build();
    assert!(!report.ok(), "the build should have failed");
    assert!(!report.written);
    errors(&report).remove(0)
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/about.md",
        "---\ntitle: About\ntags: [one, two\n---\n\nBody\n",
    );
    let e = first_error(&f);
    assert!(e.starts_with("content/about.md:"), "{e}");
    let loc: Vec<&str> = e.split(':').take(3).collect();
    let line: usize = loc[1].parse().unwrap();
    assert!((3..=4).contains(&line), "{e}");
    assert!(loc[2].parse::<usize>().unwrap() >= 1, "{e}");
    assert!(e.contains("error: front matter is not valid YAML"), "{e}");
}

#[test]
fn missing_title_is_an_error_with_a_hint() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\nsummary: no title here\n---\n\nBody\n",
    );
    let e = first_error(&f);
    assert!(
        e.starts_with("content/about.md:1:1: error: missing `title`"),
        "{e}"
    );
    assert!(e.contains("hint: every page needs a title"), "{e}");
}

#[test]
fn bad_date_points_at_the_value() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\ndate: 2026-02-30\n---\n",
    );
    let e = first_error(&f);
    assert!(e.starts_with("content/about.md:3:7: error: `date`"), "{e}");
    assert!(e.contains("that month has 28 days"), "{e}");
    assert!(e.contains("3 | date: 2026-02-30"), "{e}");
}

#[test]
fn unknown_kind_suggests_the_nearest() {
    let f = Fixture::new();
    f.write("content/about.md", "---\ntitle: About\nkind: storie\n---\n");
    let e = first_error(&f);
    assert!(
        e.starts_with("content/about.md:3:7: error: unknown kind `storie`"),
        "{e}"
    );
    assert!(e.contains("did you mean `story`?"), "{e}");
}

#[test]
fn tallies_with_a_bad_row_name_the_row() {
    let f = Fixture::new();
    f.write(
        "content/petitions/water.md",
        "---\ntitle: Water\nto: The Collector\ndemands: [taps]\ngoal: 100\n---\n",
    );
    f.write(
        "content/petitions/water.tallies.csv",
        "date,place,collected_by,count\n2026-07-01,Ward 4,Sakhi group,12\n2026-07-02,Ward 5,Sakhi group,twelve\n",
    );
    let e = first_error(&f);
    assert!(
        e.starts_with("content/petitions/water.tallies.csv:3:"),
        "{e}"
    );
    assert!(e.contains("`twelve` is not a number of signatures"), "{e}");
}

#[test]
fn unknown_field_is_a_warning_with_the_nearest_name() {
    let f = Fixture::new();
    f.write("content/stories/a.md", &story("A", "athor: Heera\n"));
    let report = f.build_ok();
    let w = warnings(&report);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("content/stories/a.md:4:1: warning: unknown field `athor`"),
        "{}",
        w[0]
    );
    assert!(w[0].contains("did you mean `author`?"), "{}", w[0]);
}

#[test]
fn a_field_of_another_kind_says_whose_it_is() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\nbyline: the editors\n---\n",
    );
    let report = f.build_ok();
    let w = warnings(&report).join("\n");
    assert!(w.contains("`byline` is a field of articles"), "{w}");
}

#[test]
fn story_without_consent_fails_with_how_to_write_it() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        "---\ntitle: A\nauthor: Heera\n---\n\nText\n",
    );
    let e = first_error(&f);
    assert!(
        e.starts_with("content/stories/a.md:1:1: error: this story has no consent record"),
        "{e}"
    );
    assert!(e.contains("scope: [web, print]"), "{e}");
}

#[test]
fn incomplete_consent_names_each_missing_field() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        "---\ntitle: A\nconsent:\n  recorded: 2026-01-01\n---\n",
    );
    let report = f.build();
    let all = errors(&report).join("\n");
    assert!(all.contains("`consent.by` is missing"), "{all}");
    assert!(all.contains("`consent.scope` is missing"), "{all}");
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitle: A\ndate: yesterday\n---\n");
    f.write("content/b.md", "---\nsummary: x\n---\n");
    f.write("content/c.md", "no front matter\n");
    let report = f.build();
    let all = errors(&report);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all[0].starts_with("content/a.md:3:7"));
    assert!(all[1].starts_with("content/b.md:1:1"));
    assert!(all[2].starts_with("content/c.md:1:1"));
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Hello"));
    f.write("content/about.md", &page("About", "First version"));
    f.build_ok();
    let before = tree(&f.out());
    f.write(
        "content/about.md",
        "---\ntitle: About\ndate: 2026-13-01\n---\nSecond version\n",
    );
    let report = f.build();
    assert!(!report.ok() && !report.written);
    assert_eq!(tree(&f.out()), before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn refuses_to_replace_a_folder_of_the_users() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Hello"));
    f.write("notes/todo.txt", "my notes");
    let report = awaaz::build(
        f.root(),
        &f.root().join("notes"),
        &awaaz::BuildOptions::default(),
    );
    assert!(!report.ok());
    assert_eq!(
        std::fs::read_to_string(f.root().join("notes/todo.txt")).unwrap(),
        "my notes"
    );
}

#[test]
fn broken_link_to_a_markdown_file_is_an_error_at_its_line() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n\nRead [the petition](petitions/gone.md).\n",
    );
    let e = first_error(&f);
    assert!(
        e.starts_with("content/about.md:5:6: error: broken link"),
        "{e}"
    );
}

#[test]
fn unknown_language_suffix_is_an_error() {
    let f = Fixture::new();
    f.write("content/about.fr.md", &page("À propos", ""));
    let e = first_error(&f);
    assert!(e.contains("`fr` is not a language of this site"), "{e}");
    assert!(e.contains("add `fr`"), "{e}");
}

#[test]
fn a_language_suffix_one_letter_off_suggests_the_nearest() {
    let f = Fixture::new();
    f.write("content/about.hx.md", &page("About", ""));
    let e = first_error(&f);
    assert!(e.contains("did you mean `.hi.md`?"), "{e}");
    let f = Fixture::new();
    f.write("content/about.ru.md", &page("About", ""));
    let e = first_error(&f);
    assert!(e.contains("did you mean `.ur.md`?"), "{e}");
}

#[test]
fn bad_site_yaml_is_reported_at_its_line() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &SITE_YAML.replace("default_language: en", "default_language: bn"),
    );
    let e = first_error(&f);
    assert!(
        e.starts_with("site.yaml:3:19: error: the default language `bn`"),
        "{e}"
    );
}

#[test]
fn template_errors_name_the_template_and_the_page() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write("templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.nothing.here }}{% endblock content %}");
    let e = first_error(&f);
    assert!(e.starts_with("templates/page.html:1:"), "{e}");
    assert!(e.contains("while rendering content/about.md"), "{e}");
}

#[test]
fn non_utf8_file_gets_a_clear_message() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.root().join("content")).unwrap();
    std::fs::write(
        f.root().join("content/old.md"),
        b"---\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    let e = first_error(&f);
    assert!(e.starts_with("content/old.md:2:"), "{e}");
    assert!(e.contains("not UTF-8"), "{e}");
}

#[test]
fn the_command_prints_rustc_style_errors_and_exits_non_zero() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\ndate: 2026-13-01\n---\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["build", "--site"])
        .arg(f.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "{}:3:7: error: `date`",
        f.root().join("content/about.md").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("  |       ^"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!f.out().exists());
}

#[test]
fn broken_addresses_and_anchors_are_errors_at_their_line() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write(
        "content/stories/asha.md",
        &story("Asha", "").replace(
            "The story of Asha.",
            "## हमारी माँगें\n\n## Our demands\n\nThe story of Asha.",
        ),
    );
    f.write_bytes("static/logo.png", &common::photos::png_with_text(4, 4));
    f.write(
        "content/about.md",
        &page(
            "About",
            "Fine: [Asha](stories/asha.md#हमारी-माँगें), [Asha](/stories/asha/#our-demands),\n\
             [about](/about), [logo](/logo.png), [top](#top-of-page).\n\n\
             ## Top of page\n\n\
             Broken: [gone](/stories/nobody/)\n\n\
             [demands](stories/asha.md#our-demand)\n\n\
             [here](#nowhere-at-all)\n",
        ),
    );
    let report = f.build();
    assert!(!report.written);
    let errors = errors(&report);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/about.md:10:9: error: broken link: nothing is published at `/stories/nobody/`"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/about.md:12:1: error: broken link: `#our-demand` is no heading or anchor of `/stories/asha/`"),
        "{}",
        errors[1]
    );
    assert!(
        errors[1].contains("did you mean `#our-demands`?"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("content/about.md:14:1: error: broken link: `#nowhere-at-all` is no heading or anchor of this page"),
        "{}",
        errors[2]
    );
}

//! Rebuilds in a serve session ([`awaaz::serve::Session`]): after
//! every kind of change, only what the change reaches is rendered again,
//! and the output folder is exactly what a full build of the same files
//! makes, byte for byte, with the old outputs of deleted and renamed pages
//! gone.

mod common;

use std::path::{Path, PathBuf};

use awaaz::BuildOptions;
use awaaz::serve::Session;
use common::*;

fn opts() -> BuildOptions {
    BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    }
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write(
        "content/about.md",
        &page("About us", "Read [Asha's story](stories/asha.md)."),
    );
    f.write(
        "content/stories/asha.md",
        &story("Asha", "tags: [courage]\n"),
    );
    f.write(
        "content/stories/asha.hi.md",
        &story("आशा", "tags: [साहस]\n"),
    );
    f.write("content/stories/bela.md", &story("Bela", "tags: [work]\n"));
    f.write("content/stories/chitra.md", &story("Chitra", ""));
    f
}

/// A session serving `f` into a folder of its own.
struct Served {
    session: Session,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

fn session(f: &Fixture) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    Served {
        session: Session::new(f.root(), &out, &opts()),
        out,
        _dir: dir,
    }
}

impl Served {
    /// Rebuilds after `changed` (paths inside the site) and returns the
    /// pages rendered again.
    fn rebuild(&mut self, f: &Fixture, changed: &[&str]) -> Vec<String> {
        let changed: Vec<PathBuf> = changed.iter().map(|c| f.root().join(c)).collect();
        let report = self.session.rebuild(&changed);
        assert_ok(&report);
        report
            .rerendered
            .expect("a session reports what it rendered")
    }

    /// The served folder is what a full build of the same files makes.
    fn assert_same_as_full_build(&self, f: &Fixture) {
        let fresh = tempfile::tempdir().unwrap();
        let full = awaaz::build(f.root(), &fresh.path().join("site"), &opts());
        assert_ok(&full);
        let (served, built) = (tree(&self.out), tree(&fresh.path().join("site")));
        let differ: Vec<&String> = served
            .keys()
            .chain(built.keys())
            .filter(|p| served.get(*p) != built.get(*p))
            .collect();
        assert!(
            differ.is_empty(),
            "the served site differs from a full build in {differ:?}"
        );
    }
}

fn html_pages(out: &Path) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .collect()
}

#[test]
fn the_first_build_renders_everything_and_an_unchanged_site_nothing() {
    let f = site();
    let mut s = session(&f);
    let first = s.rebuild(&f, &[]);
    assert_eq!(first, html_pages(&s.out));
    s.assert_same_as_full_build(&f);
    assert_eq!(
        s.rebuild(&f, &["content/stories/asha.md"]),
        Vec::<String>::new()
    );
    s.assert_same_as_full_build(&f);
}

#[test]
fn an_edit_renders_what_shows_the_change_and_nothing_else() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);

    // A new sentence in the body: only the story's own page shows bodies,
    // and the search pages name the index that holds its new words.
    f.write(
        "content/stories/bela.md",
        &story("Bela", "tags: [work]\n").replace("The story of", "The long story of"),
    );
    assert_eq!(
        s.rebuild(&f, &["content/stories/bela.md"]),
        [
            "hi/search/index.html",
            "search/index.html",
            "stories/bela/index.html"
        ]
    );
    assert!(read(&s.out, "stories/bela/index.html").contains("The long story of Bela"));
    s.assert_same_as_full_build(&f);

    // A new title: the page, and every list that shows it.
    f.write(
        "content/stories/bela.md",
        &story("Bela Rani", "tags: [work]\n"),
    );
    let again = s.rebuild(&f, &["content/stories/bela.md"]);
    for shows_it in [
        "stories/bela/index.html",
        "stories/index.html",
        "index.html",
        "tags/work/index.html",
    ] {
        assert!(
            again.contains(&shows_it.to_string()),
            "{shows_it} not in {again:?}"
        );
    }
    for unrelated in [
        "about/index.html",
        "stories/asha/index.html",
        "stories/chitra/index.html",
        "hi/stories/asha/index.html",
        "tags/courage/index.html",
    ] {
        assert!(
            !again.contains(&unrelated.to_string()),
            "{unrelated} in {again:?}"
        );
    }
    s.assert_same_as_full_build(&f);
}

#[test]
fn new_deleted_and_renamed_pages_leave_no_old_outputs() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);

    f.write("content/stories/devi.md", &story("Devi", "tags: [hope]\n"));
    let added = s.rebuild(&f, &["content/stories/devi.md"]);
    assert!(added.contains(&"stories/devi/index.html".to_string()));
    assert!(added.contains(&"tags/hope/index.html".to_string()));
    s.assert_same_as_full_build(&f);

    // Renamed: the old address is gone, folder and all.
    std::fs::rename(
        f.root().join("content/stories/bela.md"),
        f.root().join("content/stories/bela-rani.md"),
    )
    .unwrap();
    s.rebuild(
        &f,
        &["content/stories/bela.md", "content/stories/bela-rani.md"],
    );
    assert!(s.out.join("stories/bela-rani/index.html").is_file());
    assert!(!s.out.join("stories/bela").exists());
    s.assert_same_as_full_build(&f);

    // Deleted: its page and its only tag's pages go.
    f.remove("content/stories/devi.md");
    s.rebuild(&f, &["content/stories/devi.md"]);
    assert!(!s.out.join("stories/devi").exists());
    assert!(!s.out.join("tags/hope").exists());
    s.assert_same_as_full_build(&f);
}

#[test]
fn a_link_to_a_page_that_is_withdrawn_fails_though_the_linking_file_did_not_change() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    let about = read(&s.out, "about/index.html");

    // `about.md` is untouched; its link now points at a withdrawn story.
    f.write(
        "content/stories/asha.md",
        &story("Asha", "tags: [courage]\nwithdrawn: true\n"),
    );
    let changed = [f.root().join("content/stories/asha.md")];
    let report = s.session.rebuild(&changed);
    let errors = errors(&report);
    assert!(
        errors.iter().any(|e| e.starts_with("content/about.md:5:")),
        "{errors:?}"
    );
    // Nothing written: the last good site is still served.
    assert!(!report.written);
    assert_eq!(read(&s.out, "about/index.html"), about);
    assert!(s.out.join("stories/asha/index.html").is_file());

    // The link removed: the story's pages go.
    f.write("content/about.md", &page("About us", "Who we are."));
    s.rebuild(&f, &["content/about.md"]);
    assert!(!s.out.join("stories/asha").exists());
    s.assert_same_as_full_build(&f);
}

#[test]
fn a_change_outside_content_renders_everything_again() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    f.write("i18n/en.yaml", "skip_to_content: \"Jump to the text\"\n");
    let again = s.rebuild(&f, &["i18n/en.yaml"]);
    assert_eq!(again, html_pages(&s.out));
    assert!(read(&s.out, "about/index.html").contains("Jump to the text"));
    s.assert_same_as_full_build(&f);
}

#[test]
fn a_broken_file_keeps_the_last_good_site_until_fixed() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    let before = tree(&s.out);
    f.write("content/stories/chitra.md", "---\ntitle: [broken\n---\n");
    let report = s
        .session
        .rebuild(&[f.root().join("content/stories/chitra.md")]);
    assert!(!report.ok());
    assert!(!report.written);
    assert_eq!(tree(&s.out), before);

    f.write("content/stories/chitra.md", &story("Chitra Devi", ""));
    s.rebuild(&f, &["content/stories/chitra.md"]);
    assert!(read(&s.out, "stories/chitra/index.html").contains("Chitra Devi"));
    s.assert_same_as_full_build(&f);
}

#[test]
fn an_unchanged_file_is_read_again_when_its_section_changes_kind() {
    let f = site();
    f.write("content/voices/_index.md", &page("Voices", ""));
    f.write("content/voices/meera.md", &page("Meera", "In her words."));
    let mut s = session(&f);
    s.rebuild(&f, &[]);

    // Only `_index.md` changes, but every page under it is now a story,
    // and a story without a consent record is not published.
    f.write(
        "content/voices/_index.md",
        "---\ntitle: Voices\nkind: story\n---\n",
    );
    let report = s
        .session
        .rebuild(&[f.root().join("content/voices/_index.md")]);
    let errors = errors(&report);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/voices/meera.md") && e.contains("consent")),
        "{errors:?}"
    );

    f.write("content/voices/meera.md", &story("Meera", ""));
    s.rebuild(&f, &["content/voices/meera.md"]);
    s.assert_same_as_full_build(&f);
}

#[test]
fn a_new_story_renders_the_pages_of_the_list_it_moves_and_no_other_list() {
    let f = site();
    f.write(
        "content/stories/_index.md",
        "---\ntitle: \"Stories\"\npaginate_by: 2\n---\n",
    );
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    // Asha, Bela | Chitra (one day, so by title).
    assert!(s.out.join("stories/page/2/index.html").is_file());
    assert!(!s.out.join("stories/page/3").exists());

    // Last in the list: only the last page changes.
    f.write("content/stories/zara.md", &story("Zara", ""));
    let again = s.rebuild(&f, &["content/stories/zara.md"]);
    assert!(
        again.contains(&"stories/page/2/index.html".to_string()),
        "{again:?}"
    );
    assert!(
        !again.contains(&"stories/index.html".to_string()),
        "{again:?}"
    );
    for other in [
        "tags/courage/index.html",
        "tags/work/index.html",
        "about/index.html",
    ] {
        assert!(!again.contains(&other.to_string()), "{other} in {again:?}");
    }
    s.assert_same_as_full_build(&f);

    // A third page: every page's pager grows.
    f.write("content/stories/zoya.md", &story("Zoya", ""));
    let again = s.rebuild(&f, &["content/stories/zoya.md"]);
    for page in [
        "stories/index.html",
        "stories/page/2/index.html",
        "stories/page/3/index.html",
    ] {
        assert!(again.contains(&page.to_string()), "{page} not in {again:?}");
    }
    s.assert_same_as_full_build(&f);

    // Gone again: so is the third page.
    f.remove("content/stories/zoya.md");
    s.rebuild(&f, &["content/stories/zoya.md"]);
    assert!(!s.out.join("stories/page/3").exists());
    s.assert_same_as_full_build(&f);
}

#[test]
fn the_search_index_follows_every_edit() {
    let f = site();
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    let index = |s: &Served| -> String {
        tree(&s.out)
            .into_iter()
            .filter(|(p, _)| p.starts_with("search/data/"))
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .collect()
    };
    assert!(index(&s).contains("\"bela\":["));
    // A new word in a body is found; the search pages name the new manifest.
    f.write(
        "content/stories/bela.md",
        &story("Bela", "tags: [work]\n").replace("The story of", "Zanzibar, the story of"),
    );
    let again = s.rebuild(&f, &["content/stories/bela.md"]);
    assert!(index(&s).contains("\"zanzibar\":["));
    assert!(
        again.contains(&"search/index.html".to_string()),
        "{again:?}"
    );
    s.assert_same_as_full_build(&f);
    // A withdrawn story leaves the index at once.
    f.write(
        "content/stories/bela.md",
        &story("Bela", "withdrawn: true\n").replace("The story of", "Zanzibar, the story of"),
    );
    s.rebuild(&f, &["content/stories/bela.md"]);
    let now = index(&s);
    assert!(!now.contains("zanzibar") && !now.contains("Bela"), "{now}");
    s.assert_same_as_full_build(&f);
}

#[test]
fn a_replaced_picture_reaches_its_page_though_no_page_changed() {
    // The model is the last build's, so pages are taken from the last
    // build without making their data again; the page whose picture is
    // another one must not be.
    let f = site();
    f.write(
        "content/stories/rally.md",
        &story(
            "Rally",
            "image: rally.jpg\nimage_alt: \"Women at the rally\"\n",
        ),
    );
    f.write_bytes("content/stories/rally.jpg", &photos::jpeg(900, 600));
    let mut s = session(&f);
    s.rebuild(&f, &[]);
    f.write_bytes("content/stories/rally.jpg", &photos::jpeg(600, 900));
    let again = s.rebuild(&f, &["content/stories/rally.jpg"]);
    assert!(
        again.contains(&"stories/rally/index.html".to_string()),
        "{again:?}"
    );
    s.assert_same_as_full_build(&f);

    // Words alone, twice, then a title: each as a full build makes it.
    for (i, words) in ["The first draft", "The second draft"].iter().enumerate() {
        f.write(
            "content/stories/chitra.md",
            &story("Chitra", "").replace("The story of", words),
        );
        let again = s.rebuild(&f, &["content/stories/chitra.md"]);
        assert!(
            again.contains(&"stories/chitra/index.html".to_string()),
            "{i}: {again:?}"
        );
        assert!(
            !again.contains(&"stories/index.html".to_string()),
            "{i}: {again:?}"
        );
        s.assert_same_as_full_build(&f);
    }
    f.write("content/stories/chitra.md", &story("Chitra Devi", ""));
    let again = s.rebuild(&f, &["content/stories/chitra.md"]);
    assert!(
        again.contains(&"stories/index.html".to_string()),
        "{again:?}"
    );
    assert!(read(&s.out, "stories/index.html").contains("Chitra Devi"));
    s.assert_same_as_full_build(&f);
}

#[test]
fn words_alone_keep_every_other_problem_and_their_links_are_checked() {
    let f = site();
    // A warning of the content that no page's words make.
    f.write(
        "content/stories/nobody.tallies.csv",
        "date,place,collected_by,count\n2026-07-01,Ward 4,Sakhi group,12\n",
    );
    let mut s = session(&f);
    let warned = |r: &awaaz::Report| {
        warnings(r)
            .iter()
            .any(|w| w.contains("these tallies belong to no petition"))
    };
    let first = s.session.rebuild(&[]);
    assert_ok(&first);
    assert!(warned(&first), "{:?}", warnings(&first));

    // Words alone: the model is the last build's, its warning still stands.
    let bela = "content/stories/bela.md";
    f.write(
        bela,
        &story("Bela", "tags: [work]\n").replace("The story of", "The long story of"),
    );
    let report = s.session.rebuild(&[f.root().join(bela)]);
    assert_ok(&report);
    assert!(warned(&report), "{:?}", warnings(&report));
    s.assert_same_as_full_build(&f);

    // A link in the words to a page that does not exist is an error.
    f.write(
        bela,
        &story("Bela", "tags: [work]\n")
            .replace("The story of Bela.", "See [the lost page](lost.md)."),
    );
    let report = s.session.rebuild(&[f.root().join(bela)]);
    let found = errors(&report);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("content/stories/bela.md:")),
        "{found:?}"
    );
    assert!(!report.written);

    // New rows for the tallies: read, though no page changed.
    f.write(bela, &story("Bela", "tags: [work]\n"));
    f.write(
        "content/stories/nobody.tallies.csv",
        "date,place,collected_by,count\n2026-07-01,Ward 4,Sakhi group,x\n",
    );
    let report = s.session.rebuild(&[
        f.root().join(bela),
        f.root().join("content/stories/nobody.tallies.csv"),
    ]);
    let found = errors(&report);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("content/stories/nobody.tallies.csv:2:")),
        "{found:?}"
    );
    f.remove("content/stories/nobody.tallies.csv");
    s.rebuild(&f, &[bela, "content/stories/nobody.tallies.csv"]);
    s.assert_same_as_full_build(&f);
}

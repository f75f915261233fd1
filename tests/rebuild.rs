//! `awaaz build` over an earlier build: the new site is swapped in whole,
//! the spare copy beside it (`.public.spare`) is the same as the live site,
//! only changed files are written, and nothing outside the two folders is
//! ever written through a link.

mod common;

use common::{Fixture, page, story, tree};

fn spare(f: &Fixture) -> std::path::PathBuf {
    f.root().join(".public.spare")
}

/// Builds `f` twice: the second build keeps the first's output as the
/// spare copy.
fn build_with_spare_copy(f: &Fixture) {
    f.build_ok();
    f.build_ok();
    assert!(spare(f).join("index.html").is_file() || spare(f).join("404.html").is_file());
}

#[test]
fn a_rebuild_keeps_a_spare_copy_equal_to_the_live_site() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "First version"));
    f.write("content/stories/asha.md", &story("Asha", ""));
    f.build_ok();
    assert!(!spare(&f).exists(), "a first build makes no spare copy");

    f.write("content/about.md", &page("About", "Second version"));
    f.build_ok();
    assert!(f.read("about/index.html").contains("Second version"));
    assert_eq!(tree(&spare(&f)), tree(&f.out()));

    f.write("content/about.md", &page("About", "Third version"));
    f.build_ok();
    assert!(f.read("about/index.html").contains("Third version"));
    assert_eq!(tree(&spare(&f)), tree(&f.out()));
}

#[test]
fn a_withdrawn_story_leaves_the_spare_copy_too() {
    let f = Fixture::new();
    f.write("content/stories/asha.md", &story("Asha", ""));
    f.write("content/stories/meena.md", &story("Meena", ""));
    build_with_spare_copy(&f);
    assert!(spare(&f).join("stories/meena/index.html").exists());

    f.remove("content/stories/meena.md");
    f.build_ok();
    assert!(!f.exists("stories/meena/index.html"));
    assert!(
        !spare(&f).join("stories/meena").exists(),
        "the withdrawn story is still on disk in the spare copy"
    );
    common::assert_nowhere(&spare(&f), "Meena");
    assert_eq!(tree(&spare(&f)), tree(&f.out()));
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    f.write("content/contact.md", &page("Contact", "Text"));
    build_with_spare_copy(&f);
    // The live site is now the spare copy of the first build, updated.
    let inode = |rel: &str| std::fs::metadata(f.out().join(rel)).unwrap().ino();
    let modified = |rel: &str| {
        std::fs::metadata(f.out().join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let (contact, contact_time) = (inode("contact/index.html"), modified("contact/index.html"));
    let about = inode("about/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    f.write("content/about.md", &page("About", "Changed"));
    build_with_spare_copy(&f);
    // Two swaps later the same folder is live again: the unchanged page is
    // the same file, never rewritten; the changed one was written over in
    // place.
    assert_eq!(inode("contact/index.html"), contact);
    assert_eq!(modified("contact/index.html"), contact_time);
    assert_eq!(inode("about/index.html"), about);
    assert!(f.read("about/index.html").contains("Changed"));
}

#[cfg(unix)]
#[test]
fn links_in_the_spare_copy_are_never_followed() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    build_with_spare_copy(&f);
    // Someone (or something) put links into the spare copy: to a file of
    // the user's where a page goes, and to a folder of the user's.
    let mine = f.root().join("mine");
    std::fs::create_dir_all(mine.join("folder")).unwrap();
    std::fs::write(mine.join("letter.txt"), "my letter").unwrap();
    std::fs::write(mine.join("folder/keep.txt"), "keep").unwrap();
    let target = spare(&f).join("about/index.html");
    std::fs::remove_file(&target).unwrap();
    std::os::unix::fs::symlink(mine.join("letter.txt"), &target).unwrap();
    std::os::unix::fs::symlink(mine.join("folder"), spare(&f).join("stories")).unwrap();

    f.write("content/about.md", &page("About", "New text"));
    f.build_ok();
    assert_eq!(
        std::fs::read_to_string(mine.join("letter.txt")).unwrap(),
        "my letter"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("folder/keep.txt")).unwrap(),
        "keep"
    );
    assert!(f.read("about/index.html").contains("New text"));
    assert!(!f.out().join("about/index.html").is_symlink());
    assert!(!f.out().join("stories").exists());

    // A spare copy that is itself a link to a folder is not used.
    std::fs::remove_dir_all(spare(&f)).unwrap();
    std::os::unix::fs::symlink(mine.join("folder"), spare(&f)).unwrap();
    f.write("content/about.md", &page("About", "Newer text"));
    f.build_ok();
    assert!(f.read("about/index.html").contains("Newer text"));
    let left: Vec<_> = std::fs::read_dir(mine.join("folder"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["keep.txt"]);
}

#[test]
fn a_failed_rebuild_leaves_both_copies_as_they_were() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Good"));
    build_with_spare_copy(&f);
    let (live, copy) = (tree(&f.out()), tree(&spare(&f)));
    f.write(
        "content/about.md",
        "---\ntitle: About\ndate: 2026-13-01\n---\nBad\n",
    );
    assert!(!f.build().ok());
    assert_eq!(tree(&f.out()), live);
    assert_eq!(tree(&spare(&f)), copy);
}

#[test]
fn a_folder_named_like_the_spare_copy_that_is_not_a_site_is_left_alone() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    f.write(".public.spare/notes/todo.txt", "my notes");
    f.build_ok();
    f.write("content/about.md", &page("About", "Changed"));
    f.build_ok();
    assert!(f.read("about/index.html").contains("Changed"));
    assert_eq!(
        std::fs::read_to_string(spare(&f).join("notes/todo.txt")).unwrap(),
        "my notes"
    );
    assert!(!spare(&f).join("about").exists());
}

/// Waits until the fixture's files are old enough for a build to trust
/// their times (`output::stamp`: two seconds).
fn let_the_clock_pass() {
    std::thread::sleep(std::time::Duration::from_millis(2_100));
}

#[test]
fn a_build_with_nothing_changed_leaves_the_output_as_it_was() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "First version"));
    f.write("content/stories/asha.md", &story("Asha", ""));
    f.write("content/stories/meena.md", &story("Meena", ""));
    let_the_clock_pass();
    let first = f.build_ok();
    assert!(!first.up_to_date);
    let built = tree(&f.out());

    let again = f.build();
    assert!(again.ok() && again.diagnostics.is_empty());
    assert!(
        again.up_to_date,
        "nothing changed, yet the site was built again"
    );
    assert!(!again.written);
    assert_eq!((again.pages, again.files), (first.pages, first.files));
    assert_eq!(tree(&f.out()), built);

    // A file of the output deleted or edited: built again, and restored.
    std::fs::remove_file(f.out().join("stories/asha/index.html")).unwrap();
    let restored = f.build_ok();
    assert!(!restored.up_to_date);
    assert_eq!(tree(&f.out()), built);
    std::fs::write(f.out().join("about/index.html"), "edited by hand").unwrap();
    assert!(!f.build_ok().up_to_date);
    assert_eq!(tree(&f.out()), built);
    assert!(f.build().up_to_date);

    // A name added to redact.txt reaches the build at once.
    f.write("redact.txt", "Meena\n");
    let redacted = f.build();
    assert!(!redacted.up_to_date);
    assert!(!redacted.ok(), "the redacted name was not found");

    // With the name gone again the site is as at the last good build,
    // whose output is still in place: nothing to do, or a build of the
    // same files.
    f.remove("redact.txt");
    let back = f.build();
    assert!(back.ok());
    assert_eq!(tree(&f.out()), built);

    // Another build option, or the same bytes written again, is a change.
    let_the_clock_pass();
    assert!(f.build().ok());
    assert!(f.build().up_to_date);
    assert!(
        !f.build_with(awaaz::BuildOptions {
            drafts: true,
            ..awaaz::BuildOptions::default()
        })
        .up_to_date
    );
    f.write("content/about.md", &page("About", "First version"));
    assert!(!f.build_ok().up_to_date);
}

/// Pages are written beside the live site as they are made; a build that
/// then fails (here at redaction, after every page was written) must take
/// all of that away again: no file of it in the live site, in the spare
/// copy or anywhere beside them.
#[test]
fn a_build_that_fails_after_writing_leaves_nothing_of_itself_on_disk() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "First version"));
    f.write("content/stories/asha.md", &story("Asha", ""));
    build_with_spare_copy(&f);
    let live = tree(&f.out());

    f.write("redact.txt", "Kamla Bai\n");
    f.write(
        "content/stories/meena.md",
        &story("Meena", "summary: \"Kamla Bai told us what happened.\"\n"),
    );
    f.write("content/about.md", &page("About", "Second version"));
    let report = f.build();
    assert!(!report.ok(), "the redacted name must fail the build");
    assert!(!report.written);
    assert_eq!(tree(&f.out()), live, "the live site changed");
    for entry in std::fs::read_dir(f.root()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".public") {
            assert_eq!(name, ".public.spare", "a staging folder was left");
            common::assert_nowhere(&entry.path(), "Kamla");
            common::assert_nowhere(&entry.path(), "Second version");
            assert!(!entry.path().join("stories/meena").exists());
        }
    }

    // Mended, the next build is whole, and its spare copy equals it.
    f.remove("content/stories/meena.md");
    f.build_ok();
    assert!(f.read("about/index.html").contains("Second version"));
    assert_eq!(tree(&spare(&f)), tree(&f.out()));
}

/// A file of the last build where a folder goes now, and a folder where a
/// file goes, are swapped in the streamed site and in the spare copy.
#[test]
fn a_file_becomes_a_folder_and_back() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Text"));
    f.write("static/notes", "a file");
    build_with_spare_copy(&f);
    assert_eq!(f.read("notes"), "a file");

    f.remove("static/notes");
    f.write("static/notes/one.txt", "now a folder");
    f.build_ok();
    assert_eq!(f.read("notes/one.txt"), "now a folder");
    assert_eq!(tree(&spare(&f)), tree(&f.out()));

    f.remove("static/notes/one.txt");
    std::fs::remove_dir(f.root().join("static/notes")).unwrap();
    f.write("static/notes", "a file again");
    f.build_ok();
    assert_eq!(f.read("notes"), "a file again");
    assert_eq!(tree(&spare(&f)), tree(&f.out()));
}

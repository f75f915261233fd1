//! Hostile and odd input: each gets a clear message at its file, or works;
//! none may panic, hang or damage anything.

mod common;

use common::*;

fn home() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte() {
    let f = home();
    f.write_bytes(
        "content/about.md",
        b"---\ntitle: About\n---\n\nCaf\xe9 in Latin-1.\n",
    );
    let e = errors(&f.build()).join("\n");
    assert!(
        e.contains("content/about.md:5:4: error: this file is not UTF-8 text"),
        "{e}"
    );
}

#[test]
fn a_huge_markdown_file_is_refused_with_a_clear_message() {
    let f = home();
    let mut text = page("Pasted", "");
    let line = "A line pasted many times over, as happens when a table is copied in.\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    f.write("content/pasted.md", &text);
    let report = f.build();
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/pasted.md: error: this file is 50 MB"),
        "{e}"
    );
    assert!(!report.written);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let f = home();
    let quotes = ">".repeat(20_000);
    let mut lists = String::new();
    for depth in 0..1_000 {
        lists.push_str(&"  ".repeat(depth));
        lists.push_str("- item\n");
    }
    f.write(
        "content/deep.md",
        &page("Deep", &format!("{quotes} deep\n\n{lists}")),
    );
    f.write(
        "content/stories/deep.md",
        &story("Deep story", "").replace("The story of", &format!("{quotes} The story of")),
    );
    let report = f.build();
    assert_ok(&report);
    assert!(f.read("deep/index.html").contains("deep"));
}

#[test]
fn names_with_spaces_and_in_devanagari_get_working_addresses() {
    let f = home();
    f.write("content/stories/meri kahani.md", &story("Meri kahani", ""));
    f.write("content/stories/मेरी-कहानी.md", &story("मेरी कहानी", ""));
    f.write(
        "content/about.md",
        &page(
            "About",
            "[one](stories/meri%20kahani.md) and [two](stories/मेरी-कहानी.md)",
        ),
    );
    let report = f.build();
    assert_ok(&report);
    let links = attrs(&f.read("about/index.html"), "a", "href");
    let story_links: Vec<&String> = links
        .iter()
        .filter(|l| l.starts_with("/stories/") && l.len() > "/stories/".len())
        .collect();
    assert_eq!(story_links.len(), 2, "{links:?}");
    for link in story_links {
        let path = percent_encoding::percent_decode_str(link.trim_start_matches('/'))
            .decode_utf8_lossy()
            .into_owned();
        assert!(
            f.exists(&format!("{path}index.html")),
            "{link} leads nowhere"
        );
    }
}

#[test]
fn byte_order_marks_and_crlf_line_endings_are_read_as_usual() {
    let f = home();
    f.write(
        "content/about.md",
        "\u{feff}---\r\ntitle: \"About us\"\r\ntags: [one]\r\n---\r\n\r\nWho we are.\r\n\r\n## Our work\r\n",
    );
    let report = f.build();
    assert_ok(&report);
    let html = f.read("about/index.html");
    assert!(html.contains("About us"), "{html}");
    assert!(html.contains("Who we are."));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn an_empty_file_is_an_error_naming_it() {
    let f = home();
    f.write("content/empty.md", "");
    let e = errors(&f.build()).join("\n");
    assert!(e.contains("content/empty.md"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_skipped() {
    let f = home();
    f.write("content/stories/asha.md", &story("Asha", ""));
    std::os::unix::fs::symlink(
        f.root().join("content"),
        f.root().join("content/stories/loop"),
    )
    .unwrap();
    let e = errors(&f.build()).join("\n");
    assert!(e.contains("content/stories/loop"), "{e}");
    assert!(e.contains("symlink loop"), "{e}");
}

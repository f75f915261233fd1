//! What the fuzz targets do with one input, shared with
//! `tests/fuzz_regressions.rs` so that a saved crash is replayed through
//! exactly the same calls. Each function takes the raw bytes libFuzzer made
//! (read as UTF-8, invalid sequences replaced) and panics only on a bug.

use std::path::Path;

use awaaz::content::front_matter::{self, Fields};
use awaaz::content::kinds::{Article, Issue, Meta, Petition, Role, Story};
use awaaz::diagnostics::{Diagnostic, line_col};
use awaaz::render::markdown::is_external;
use awaaz::render::print::tree::{self, Surroundings};
use awaaz::render::web::markdown::{self, LinkResolver};
use typst::foundations::Value;

const SOURCE: &str = "content/stories/fuzz.md";

/// The front matter read as each kind of page, as `content::load` reads a
/// file: `Fields::parse`, `Meta::read`, then the role's own fields.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let roles = [
        Role::Page,
        Role::Story(Story::default()),
        Role::Petition(Petition::default()),
        Role::Issue(Issue::default()),
        Role::Article(Article::default()),
    ];
    for role in roles {
        let (mut fields, split) = match Fields::parse(Path::new(SOURCE), &text) {
            Ok(parsed) => parsed,
            Err(d) => {
                check_diagnostic(&d, &text);
                return;
            }
        };
        assert!(split.body.len() <= text.len());
        let meta = Meta::read(&mut fields);
        let mut role = role.read(&mut fields);
        let _missing = role.missing(&meta);
        // A translation inherits from its original: here, from itself.
        let original = role.clone();
        role.inherit(&original);
        let mut translated = meta.clone();
        translated.inherit(&meta, "en");
        for d in &fields.diagnostics {
            check_diagnostic(d, &text);
        }
    }
}

/// A body rendered to HTML with `markdown::to_html`. The first byte chooses
/// a poem (odd) or prose (even); the rest is the file, front matter and
/// all when it has one.
pub fn markdown_html(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let body_offset = body_offset(&text);
    // Hindi pages number their footnotes in Devanagari digits.
    let digits = |n: u64| {
        let devanagari: Vec<char> = "०१२३४५६७८९".chars().collect();
        n.to_string()
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| devanagari[d as usize]))
            .collect::<String>()
    };
    let rendered = markdown::to_html(
        Path::new(SOURCE),
        &text,
        body_offset,
        first & 1 == 1,
        &Links,
        &digits,
    );
    for d in &rendered.diagnostics {
        check_diagnostic(d, &text);
    }
    for link in &rendered.links {
        check_diagnostic(&link.at, &text);
    }
}

/// A body converted to the Typst value tree of the PDFs, with its problems
/// placed in the file as `render::print` places them.
pub fn markdown_typst(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let body_offset = body_offset(&text);
    let (tree, problems) = tree::convert(&text[body_offset..], &Around);
    for (offset, message) in problems {
        assert!(
            offset <= text.len() - body_offset,
            "offset {offset} past the body"
        );
        let (line, col) = line_col(&text, body_offset + offset);
        check_diagnostic(
            &Diagnostic::error(SOURCE, message).at(&text, line, col),
            &text,
        );
    }
    for value in tree {
        let depth = check_node(&value);
        // Nesting is flattened at MAX_DEPTH; a footnote placed at its
        // reference (and a table around cells) may add one such stack.
        assert!(
            depth <= 2 * tree::MAX_DEPTH + 2,
            "a tree {depth} nodes deep"
        );
    }
}

/// Where the body starts: after the front matter, or the whole text.
fn body_offset(text: &str) -> usize {
    front_matter::split(text).map_or(0, |s| text.len() - s.body.len())
}

/// A diagnostic points into its file, and prints.
fn check_diagnostic(d: &Diagnostic, text: &str) {
    let lines = text.lines().count().max(1);
    assert!(
        d.line <= lines + 1,
        "line {} of a file of {lines} lines: {d:?}",
        d.line
    );
    d.render(false);
    d.render(true);
}

/// Every node is a dictionary with a text kind `k`; returns how many
/// nodes deep the tree under `value` is.
fn check_node(value: &Value) -> usize {
    match value {
        Value::Dict(d) => {
            assert!(
                matches!(d.get("k"), Ok(Value::Str(_))),
                "a node without a kind: {d:?}"
            );
            let below = d
                .iter()
                .filter_map(|(_, v)| match v {
                    Value::Array(_) => Some(check_node(v)),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            below + 1
        }
        // Children, table rows and cells are arrays of nodes.
        Value::Array(items) => items.iter().map(check_node).max().unwrap_or(0),
        other => panic!("not a node: {other:?}"),
    }
}

/// Links as a page of the sample site sees them: `.md` files and site
/// addresses resolve, images under `/images/` are published.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, target: &str) -> Result<String, String> {
        if let Some(page) = target.strip_suffix(".md") {
            Ok(format!("/{}/", page.trim_start_matches("../")))
        } else if target.starts_with('/') {
            Ok(target.to_string())
        } else {
            Err("no such page".into())
        }
    }

    fn image(&self, href: &str, alt: &str, title: &str) -> Option<String> {
        href.starts_with("/images/").then(|| {
            format!(
                "<img src=\"{}\" alt=\"{}\" title=\"{}\">",
                awaaz::assets::escape_attr(href),
                awaaz::assets::escape_attr(alt),
                awaaz::assets::escape_attr(title)
            )
        })
    }
}

/// The surroundings of a printed page: every address is printed in full,
/// images named `*.png` exist, others are missing, other hosts' are skipped.
struct Around;

impl Surroundings for Around {
    fn address(&self, target: &str) -> String {
        if is_external(target) {
            target.to_string()
        } else {
            format!("https://example.org/{}", target.trim_start_matches('/'))
        }
    }

    fn image(&self, target: &str) -> Result<Vec<u8>, String> {
        if target.is_empty() || is_external(target) {
            Err(String::new())
        } else if target.ends_with(".png") {
            Ok(target.as_bytes().to_vec())
        } else {
            Err(format!("{target}: no such file"))
        }
    }
}

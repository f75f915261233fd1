//! Markdown → a tree of Typst values, which the print templates turn into
//! typeset content with the `md` function of `print/common.typ`.
//!
//! The page travels as data (`sys.inputs`), never as Typst markup, so no
//! character of the Markdown is ever read as Typst code: there is nothing to
//! escape and nothing to inject. Each node is a dictionary with a kind `k`
//! and, for containers, children `c`:
//!
//! | `k` | fields | from |
//! |---|---|---|
//! | `text` | `t` | text, and raw HTML with its tags taken out |
//! | `code` | `t` | inline code |
//! | `codeblock` | `t` | fenced or indented code |
//! | `soft`, `br`, `rule` | | line ends, hard breaks, `---` |
//! | `p`, `quote`, `strong`, `emph`, `strike`, `sup`, `sub` | `c` | the same |
//! | `h` | `level`, `c` | headings |
//! | `list` | `ordered`, `start`, `c` (of `item`) | lists |
//! | `item` | `c`, `task` (none, true or false) | list items |
//! | `table` | `columns`, `head` (cells), `rows` (of cells) | tables; a cell is an array of nodes |
//! | `link` | `url`, `c` | links: the address is printed in a footnote |
//! | `note` | `c` | a footnote, its text at the place it is referenced |
//! | `img` | `data`, `title`, children (the description) | images, in greyscale |
//!
//! Nesting deeper than [`MAX_DEPTH`] is flattened into the deepest level, so
//! no input can exhaust Typst's call depth.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use typst::foundations::{Array, Bytes, Dict, IntoValue, Str, Value};

/// Containers deeper than this are flattened into their parent.
pub const MAX_DEPTH: usize = 16;

/// What the converter asks of the page around it.
pub trait Surroundings {
    /// The full address to print for a link as written in the Markdown.
    fn address(&self, target: &str) -> String;
    /// The greyscale image at `target` (relative to the page's folder),
    /// encoded for Typst, or why it cannot be printed (an empty reason
    /// when there is nothing to print: no address, or another host's).
    fn image(&self, target: &str) -> Result<Vec<u8>, String>;
}

/// A problem with the page found while converting it: byte offset into the
/// body, message.
pub type Problem = (usize, String);

struct Open {
    node: Dict,
    children: Vec<Value>,
    /// False when the container was flattened away (too deep).
    kept: bool,
}

/// Builds the tree from pulldown-cmark events.
struct Builder<'s> {
    stack: Vec<Open>,
    depth: usize,
    surroundings: &'s dyn Surroundings,
    problems: Vec<Problem>,
    /// Inside a footnote's own text: links print their address in line.
    in_note: bool,
    /// Inside a table: the cells gathered so far.
    table: Option<TableParts>,
}

#[derive(Default)]
struct TableParts {
    columns: usize,
    head: Vec<Value>,
    rows: Vec<Vec<Value>>,
    in_head: bool,
}

fn node(kind: &str) -> Dict {
    let mut d = Dict::new();
    d.insert(Str::from("k"), Value::Str(Str::from(kind)));
    d
}

/// A node of text. Control characters draw nothing and PDF/UA refuses a
/// glyph for them: they are taken out (a tab becomes a space, newlines of
/// code blocks stay). Only a page's Markdown can hold them; YAML refuses
/// them in front matter.
fn text_node(kind: &str, text: &str) -> Value {
    let mut d = node(kind);
    let printable: String = if text.chars().any(|c| c.is_control() && c != '\n') {
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                '\n' => Some('\n'),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect()
    } else {
        text.to_string()
    };
    d.insert(Str::from("t"), Value::Str(Str::from(printable)));
    Value::Dict(d)
}

fn set(d: &mut Dict, key: &str, value: impl IntoValue) {
    d.insert(Str::from(key), value.into_value());
}

impl<'s> Builder<'s> {
    fn new(surroundings: &'s dyn Surroundings) -> Self {
        Builder {
            stack: vec![Open {
                node: node("root"),
                children: Vec::new(),
                kept: true,
            }],
            depth: 0,
            surroundings,
            problems: Vec::new(),
            in_note: false,
            table: None,
        }
    }

    fn push(&mut self, value: Value) {
        if let Some(top) = self.stack.last_mut() {
            top.children.push(value);
        }
    }

    fn open(&mut self, node: Dict) {
        let kept = self.depth < MAX_DEPTH;
        self.depth += 1;
        self.stack.push(Open {
            node,
            children: Vec::new(),
            kept,
        });
    }

    /// Closes the innermost container: returns it as a node, or, when it
    /// was flattened, hands its children to its parent.
    fn close(&mut self) -> Option<Value> {
        if self.stack.len() <= 1 {
            return None;
        }
        let open = self.stack.pop()?;
        self.depth -= 1;
        if !open.kept {
            for child in open.children {
                self.push(child);
            }
            return None;
        }
        let mut node = open.node;
        set(&mut node, "c", Array::from_iter(open.children));
        Some(Value::Dict(node))
    }

    fn close_into_parent(&mut self) {
        if let Some(value) = self.close() {
            self.push(value);
        }
    }

    fn start(&mut self, tag: Tag, offset: usize) {
        match tag {
            Tag::Paragraph => self.open(node("p")),
            Tag::Heading { level, .. } => {
                let mut n = node("h");
                set(&mut n, "level", level as i64);
                self.open(n);
            }
            Tag::BlockQuote(_) => self.open(node("quote")),
            Tag::CodeBlock(_) => self.open(node("codeblock")),
            Tag::List(start) => {
                let mut n = node("list");
                set(&mut n, "ordered", start.is_some());
                set(
                    &mut n,
                    "start",
                    start.unwrap_or(1).min(i64::MAX as u64) as i64,
                );
                self.open(n);
            }
            Tag::Item => self.open(node("item")),
            Tag::Emphasis => self.open(node("emph")),
            Tag::Strong => self.open(node("strong")),
            Tag::Strikethrough => self.open(node("strike")),
            Tag::Superscript => self.open(node("sup")),
            Tag::Subscript => self.open(node("sub")),
            Tag::Link { dest_url, .. } => {
                let mut n = node(if self.in_note { "inline-link" } else { "link" });
                set(&mut n, "url", self.surroundings.address(&dest_url));
                self.open(n);
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let mut n = node("img");
                if !title.is_empty() {
                    set(&mut n, "title", title.as_ref());
                }
                match self.surroundings.image(&dest_url) {
                    Ok(data) => set(&mut n, "data", Bytes::new(data)),
                    // No address, or one on another host: the description
                    // is printed instead.
                    Err(why) if why.is_empty() => {}
                    Err(why) => {
                        self.problems
                            .push((offset, format!("cannot print the image {dest_url}: {why}")));
                    }
                }
                self.open(n);
            }
            Tag::Table(aligns) => {
                self.table = Some(TableParts {
                    columns: aligns.len().max(1),
                    ..TableParts::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.open(node("cell")),
            // Footnote text is gathered apart and placed at its reference.
            Tag::FootnoteDefinition(label) => {
                self.in_note = true;
                let mut n = node("note");
                set(&mut n, "label", label.as_ref());
                self.open(n);
            }
            // Front matter is cut off before the body is parsed; these
            // carry no text a reader should see.
            Tag::MetadataBlock(_) => self.open(node("skip")),
            Tag::HtmlBlock => self.open(node("p")),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.open(node("p"))
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableCell => {
                let cell = self.close();
                let children = match cell {
                    Some(Value::Dict(d)) => d.get("c").cloned().unwrap_or(Value::None),
                    _ => Value::Array(Array::new()),
                };
                if let Some(t) = &mut self.table {
                    if t.in_head {
                        t.head.push(children);
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(children);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {}
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push(table_node(t));
                }
            }
            TagEnd::FootnoteDefinition => {
                self.in_note = false;
                // Handled by `gather_notes`: the definition stays in the tree
                // as a `note-def` until it is moved to its reference.
                if let Some(Value::Dict(mut d)) = self.close() {
                    set(&mut d, "k", "note-def");
                    self.push(Value::Dict(d));
                }
            }
            TagEnd::MetadataBlock(_) => {
                self.close();
            }
            _ => self.close_into_parent(),
        }
    }

    fn event(&mut self, event: Event, offset: usize) {
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push(text_node("text", &t)),
            Event::Code(t) => self.push(text_node("code", &t)),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push(text_node("text", &t)),
            Event::Html(t) | Event::InlineHtml(t) => {
                let visible = strip_tags(&t);
                if !visible.is_empty() {
                    self.push(text_node("text", &visible));
                }
            }
            Event::FootnoteReference(label) => {
                let mut n = node("note-ref");
                set(&mut n, "label", label.as_ref());
                self.push(Value::Dict(n));
            }
            Event::SoftBreak => self.push(Value::Dict(node("soft"))),
            Event::HardBreak => self.push(Value::Dict(node("br"))),
            Event::Rule => self.push(Value::Dict(node("rule"))),
            Event::TaskListMarker(done) => {
                if let Some(top) = self.stack.last_mut()
                    && dict_kind(&top.node) == Some("item")
                {
                    set(&mut top.node, "task", done);
                }
            }
        }
    }

    fn finish(mut self) -> (Array, Vec<Problem>) {
        while self.stack.len() > 1 {
            self.close_into_parent();
        }
        let root = self.stack.pop().map(|o| o.children).unwrap_or_default();
        let (body, notes) = gather_notes(root);
        (place_notes(body, &notes), self.problems)
    }
}

fn table_node(t: TableParts) -> Value {
    let columns = t.columns;
    let fit = |mut cells: Vec<Value>| {
        cells.resize(columns, Value::Array(Array::new()));
        Value::Array(Array::from_iter(cells))
    };
    let mut n = node("table");
    set(&mut n, "columns", columns as i64);
    set(&mut n, "head", fit(t.head));
    set(
        &mut n,
        "rows",
        Array::from_iter(t.rows.into_iter().map(fit)),
    );
    Value::Dict(n)
}

fn kind(v: &Value) -> Option<&str> {
    match v {
        Value::Dict(d) => dict_kind(d),
        _ => None,
    }
}

fn dict_kind(d: &Dict) -> Option<&str> {
    match d.get("k").ok()? {
        Value::Str(s) => Some(s.as_str()),
        _ => None,
    }
}

/// Takes footnote definitions out of the body, by label.
fn gather_notes(body: Vec<Value>) -> (Vec<Value>, HashMap<String, Value>) {
    let mut notes = HashMap::new();
    let mut rest = Vec::with_capacity(body.len());
    for value in body {
        if kind(&value) == Some("note-def") {
            if let Value::Dict(d) = &value {
                let label = d.get("label").ok().cloned();
                let children = d.get("c").ok().cloned().unwrap_or(Value::None);
                if let Some(Value::Str(label)) = label {
                    notes.entry(label.to_string()).or_insert(children);
                }
            }
        } else {
            rest.push(value);
        }
    }
    (rest, notes)
}

/// Puts each footnote's text where it is referenced. A reference inside a
/// footnote's own text stays a plain mark, so notes cannot nest forever.
fn place_notes(body: Vec<Value>, notes: &HashMap<String, Value>) -> Array {
    body.into_iter().map(|v| place(v, notes, false)).collect()
}

fn place(value: Value, notes: &HashMap<String, Value>, in_note: bool) -> Value {
    let Value::Dict(mut d) = value else {
        return value;
    };
    if dict_kind(&d) == Some("note-ref") {
        let label = match d.get("label").ok() {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        return match notes.get(&label) {
            Some(text) if !in_note => {
                let mut n = node("note");
                let placed = match text {
                    Value::Array(items) => Value::Array(
                        items
                            .iter()
                            .cloned()
                            .map(|v| place(v, notes, true))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                set(&mut n, "c", placed);
                Value::Dict(n)
            }
            _ => text_node("text", &format!("[{label}]")),
        };
    }
    if let Ok(Value::Array(children)) = d.get("c").cloned() {
        let placed: Array = children
            .into_iter()
            .map(|v| place(v, notes, in_note))
            .collect();
        set(&mut d, "c", placed);
    }
    Value::Dict(d)
}

/// The text of raw HTML with its tags and comments taken out.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|e| e + 3)
        } else {
            after.find('>').map(|e| e + 1)
        };
        match end {
            Some(e) => rest = &after[e..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim_matches(['\n', '\r']).to_string()
}

/// Converts a page body into the tree, with the problems found.
pub fn convert(body: &str, surroundings: &dyn Surroundings) -> (Array, Vec<Problem>) {
    let mut builder = Builder::new(surroundings);
    for (event, range) in
        Parser::new_ext(body, crate::render::markdown::options()).into_offset_iter()
    {
        builder.event(event, range.start);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl Surroundings for Plain {
        fn address(&self, target: &str) -> String {
            format!("https://example.org/{target}")
        }
        fn image(&self, _: &str) -> Result<Vec<u8>, String> {
            Err("no images here".into())
        }
    }

    fn kinds(array: &Array) -> Vec<String> {
        array
            .iter()
            .filter_map(|v| kind(v).map(str::to_string))
            .collect()
    }

    #[test]
    fn blocks_become_nodes() {
        let (tree, problems) = convert("# Title\n\nText *here*.\n\n- a\n- b\n\n> quote\n", &Plain);
        assert!(problems.is_empty());
        assert_eq!(kinds(&tree), ["h", "p", "list", "quote"]);
    }

    #[test]
    fn footnotes_move_to_their_reference() {
        let (tree, _) = convert("Said[^a].\n\n[^a]: In 2019, at the clinic[^a].\n", &Plain);
        assert_eq!(kinds(&tree), ["p"]);
        let repr = format!("{tree:?}");
        assert!(repr.contains("\"note\""), "{repr}");
        assert!(
            repr.contains("[a]"),
            "a note's reference to itself stays a mark: {repr}"
        );
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = "> ".repeat(200) + "deep";
        let (tree, _) = convert(&deep, &Plain);
        let repr = format!("{tree:?}");
        assert!(repr.contains("deep"));
        assert!(repr.matches("quote").count() <= MAX_DEPTH);
    }

    #[test]
    fn html_tags_are_dropped_but_text_kept() {
        assert_eq!(
            strip_tags("<b>bold</b> <!-- hidden --> and <i>more"),
            "bold  and more"
        );
        assert_eq!(strip_tags("a < b"), "a < b");
    }

    #[test]
    fn broken_images_are_problems() {
        let (_, problems) = convert("![alt](x.jpg)", &Plain);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("x.jpg"));
    }
}

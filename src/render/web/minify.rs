//! Minifying, the last step of rendering a page or the style sheet:
//! pages are read on slow connections, and every byte counts.
//!
//! Pages are minified by our own single pass ([`html`]), not by a general
//! minifier: a page is markup that our templates and the Markdown renderer
//! wrote, well formed, and what makes it smaller is known. The pass drops
//! comments; drops whitespace where a browser shows none (between blocks,
//! at the start and end of a block's text) and collapses it to one space
//! elsewhere; leaves `pre`, `textarea`, `code`, scripts and styles as they
//! are; leaves out the end tags HTML lets a page leave out (`</p>` before
//! a block, `</li>` before the next item, …); writes an attribute without
//! quotes where it can, with the quote that costs less where it cannot;
//! and writes `'`, `"`, `/` and `>` as themselves where the templates
//! escaped them. A browser builds the same document from the result as
//! from the page before (`tests/minify.rs` compares them in Chromium).
//!
//! The style sheet, minified once a build, goes through minify-html.

pub fn html(html: &[u8]) -> Vec<u8> {
    let mut m = Minifier {
        input: html,
        pos: 0,
        out: Vec::with_capacity(html.len()),
        open: Vec::new(),
        foreign: 0,
    };
    m.run();
    m.out
}

/// Minifies a style sheet. minify-html minifies CSS inside `<style>`, so the
/// sheet is wrapped in one and unwrapped again.
pub fn css(css: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        ..minify_html::Cfg::default()
    };
    let wrapped = format!("<style>{css}</style>");
    let out = minify_html::minify(wrapped.as_bytes(), &cfg);
    let text = String::from_utf8_lossy(&out);
    let inner = text
        .strip_prefix("<style>")
        .map(|t| t.strip_suffix("</style>").unwrap_or(t));
    match inner {
        Some(css) if !css.is_empty() => css.as_bytes().to_vec(),
        _ => css.as_bytes().to_vec(),
    }
}

/// What a browser does with the whitespace in an element's text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Space {
    /// A block holding blocks (`ul`, `div`, `body`): whitespace alone
    /// between children shows nothing, nor at the start or the end.
    Blocks,
    /// A block holding text (`p`, `li`, `h1`): nothing at its start or its
    /// end; one space between words.
    Text,
    /// Inline (`a`, `em`, an element we do not know): one space for a run.
    Inline,
    /// `pre`, `textarea`, `code`: every character shows.
    Kept,
}

impl Space {
    fn of(name: &[u8]) -> Space {
        match name {
            b"html" | b"head" | b"body" | b"article" | b"aside" | b"blockquote" | b"colgroup"
            | b"datalist" | b"dialog" | b"div" | b"dl" | b"fieldset" | b"figure" | b"footer"
            | b"form" | b"header" | b"hgroup" | b"main" | b"map" | b"menu" | b"nav" | b"ol"
            | b"optgroup" | b"picture" | b"section" | b"select" | b"table" | b"tbody"
            | b"tfoot" | b"thead" | b"tr" | b"ul" | b"search" => Space::Blocks,
            b"address" | b"audio" | b"button" | b"canvas" | b"caption" | b"figcaption" | b"h1"
            | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"legend" | b"meter" | b"object"
            | b"option" | b"p" | b"summary" | b"video" | b"dd" | b"details" | b"dt" | b"iframe"
            | b"label" | b"li" | b"noscript" | b"output" | b"progress" | b"td" | b"template"
            | b"th" | b"title" => Space::Text,
            b"pre" | b"textarea" | b"code" => Space::Kept,
            _ => Space::Inline,
        }
    }

    fn trims(self) -> bool {
        matches!(self, Space::Blocks | Space::Text)
    }
}

/// An element that is open where the pass is.
struct Open {
    /// Where its name is in the input.
    name: std::ops::Range<usize>,
    space: Space,
    /// Nothing of its content has been written yet.
    empty: bool,
}

struct Minifier<'a> {
    input: &'a [u8],
    pos: usize,
    out: Vec<u8>,
    open: Vec<Open>,
    /// How many `svg` or `math` elements are open: inside them `/>`
    /// closes an element, and whitespace is kept as in inline text.
    foreign: usize,
}

const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr",
];

/// Elements before which a `</p>` may be left out.
const ENDS_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"details",
    b"dialog",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"search",
    b"section",
    b"table",
    b"ul",
];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_name_char(b: u8) -> bool {
    !is_space(b) && !matches!(b, b'/' | b'>' | b'=')
}

/// What comes next in the input, once the whitespace that will not be
/// written is passed.
enum Next<'a> {
    Start(&'a [u8]),
    End(&'a [u8]),
    Text,
    Nothing,
}

impl Minifier<'_> {
    fn run(&mut self) {
        while self.pos < self.input.len() {
            let rest = &self.input[self.pos..];
            if rest[0] != b'<' {
                self.text();
            } else if rest.starts_with(b"<!--") {
                self.pos = match memchr::memmem::find(&rest[4..], b"-->") {
                    Some(end) => self.pos + 4 + end + 3,
                    None => self.input.len(),
                };
            } else if rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                self.end_tag();
            } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                self.start_tag();
            } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
                // A doctype (or a processing instruction): as it is.
                let end = memchr::memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
                self.out.extend_from_slice(&rest[..end]);
                self.pos += end;
            } else {
                // A `<` that starts no tag is text.
                self.text();
            }
        }
    }

    fn parent_space(&self) -> Space {
        if self.foreign > 0 {
            return Space::Inline;
        }
        self.open.last().map_or(Space::Blocks, |o| o.space)
    }

    fn name_of(&self, open: &Open) -> &[u8] {
        &self.input[open.name.clone()]
    }

    /// Text up to the next tag (a `<` at the very start is the text's).
    fn text(&mut self) {
        let start = self.pos;
        let end = memchr::memchr(b'<', &self.input[start + 1..])
            .map_or(self.input.len(), |e| start + 1 + e);
        self.pos = end;
        let space = self.parent_space();
        let text = &self.input[start..end];
        if space == Space::Kept {
            self.out.extend_from_slice(text);
            self.mark_written();
            return;
        }
        let all_space = text.iter().all(|&b| is_space(b));
        if all_space && space == Space::Blocks {
            return;
        }
        let mut text = text;
        if space.trims() && self.open.last().is_none_or(|o| o.empty) {
            let lead = text.iter().take_while(|&&b| is_space(b)).count();
            text = &text[lead..];
        }
        if space.trims() && self.parent_ends_here() {
            let trail = text.iter().rev().take_while(|&&b| is_space(b)).count();
            text = &text[..text.len() - trail];
        }
        if text.is_empty() {
            return;
        }
        let before = self.out.len();
        write_text(&mut self.out, text);
        if self.out.len() > before {
            self.mark_written();
        }
    }

    /// Whether the input at `pos` closes the element the pass is in.
    fn parent_ends_here(&self) -> bool {
        let rest = &self.input[self.pos..];
        match self.open.last() {
            None => rest.is_empty(),
            Some(open) => ends(rest, self.name_of(open)),
        }
    }

    fn mark_written(&mut self) {
        if let Some(open) = self.open.last_mut() {
            open.empty = false;
        }
    }

    fn start_tag(&mut self) {
        self.mark_written();
        let name_start = self.pos + 1;
        let mut i = name_start;
        while i < self.input.len() && is_name_char(self.input[i]) {
            i += 1;
        }
        let name = name_start..i;
        let lower = self.input[name.clone()].to_ascii_lowercase();
        self.out.push(b'<');
        self.out.extend_from_slice(&self.input[name.clone()]);
        let (after, self_closing) = self.attributes(&lower, i);
        let foreign = self.foreign > 0 || lower == b"svg" || lower == b"math";
        if self_closing && foreign {
            // After a value without quotes, `/` would be the value's.
            if self.out.last().is_some_and(|&b| b != b'"' && b != b'\'') {
                self.out.push(b' ');
            }
            self.out.extend_from_slice(b"/>");
            self.pos = after;
            return;
        }
        self.out.push(b'>');
        self.pos = after;
        if VOID.contains(&lower.as_slice()) {
            return;
        }
        if matches!(lower.as_slice(), b"script" | b"style") {
            self.raw_text(&lower);
            return;
        }
        if lower == b"svg" || lower == b"math" {
            self.foreign += 1;
        }
        self.open.push(Open {
            name,
            space: Space::of(&lower),
            empty: true,
        });
    }

    /// The attributes of the tag `tag` whose name ends at `i`, written
    /// minified. Where the tag ends (past its `>`), and whether it ended
    /// with `/>`.
    fn attributes(&mut self, tag: &[u8], mut i: usize) -> (usize, bool) {
        let input = self.input;
        let mut value = Vec::new();
        loop {
            while i < input.len() && (is_space(input[i]) || input[i] == b'/') {
                if input[i] == b'/' && input.get(i + 1) == Some(&b'>') {
                    return (i + 2, true);
                }
                i += 1;
            }
            if i >= input.len() {
                return (i, false);
            }
            if input[i] == b'>' {
                return (i + 1, false);
            }
            let name_start = i;
            // The first character of a name may be `=`.
            i += 1;
            while i < input.len() && is_name_char(input[i]) {
                i += 1;
            }
            let name = &input[name_start..i];
            let mut j = i;
            while j < input.len() && is_space(input[j]) {
                j += 1;
            }
            value.clear();
            if input.get(j) == Some(&b'=') {
                j += 1;
                while j < input.len() && is_space(input[j]) {
                    j += 1;
                }
                let raw = match input.get(j) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end =
                            memchr::memchr(q, &input[j + 1..]).map_or(input.len(), |e| j + 1 + e);
                        i = (end + 1).min(input.len());
                        &input[j + 1..end]
                    }
                    _ => {
                        let mut end = j;
                        while end < input.len() && !is_space(input[end]) && input[end] != b'>' {
                            end += 1;
                        }
                        i = end;
                        &input[j..end]
                    }
                };
                decode_into(&mut value, raw);
            }
            if is_default(tag, name, &value) {
                continue;
            }
            if name.eq_ignore_ascii_case(b"class") {
                collapse_in_place(&mut value);
            } else if name.eq_ignore_ascii_case(b"style") {
                tighten_style(&mut value);
            }
            self.out.push(b' ');
            self.out.extend_from_slice(name);
            write_value(&mut self.out, &value);
        }
    }

    /// The content of a `script` or `style`, as it is, and its end tag.
    fn raw_text(&mut self, name: &[u8]) {
        let rest = &self.input[self.pos..];
        let mut at = 0;
        let end = loop {
            match memchr::memmem::find(&rest[at..], b"</") {
                Some(e) if ends(&rest[at + e..], name) => break at + e,
                Some(e) => at += e + 2,
                None => break rest.len(),
            }
        };
        let content = &rest[..end];
        let trimmed = trim(content);
        self.out.extend_from_slice(trimmed);
        self.pos += end;
        if self.pos < self.input.len() {
            let close = memchr::memchr(b'>', &self.input[self.pos..])
                .map_or(self.input.len(), |e| self.pos + e + 1);
            self.out.extend_from_slice(b"</");
            self.out.extend_from_slice(name);
            self.out.push(b'>');
            self.pos = close;
        }
    }

    fn end_tag(&mut self) {
        let name_start = self.pos + 2;
        let mut i = name_start;
        while i < self.input.len() && is_name_char(self.input[i]) {
            i += 1;
        }
        let name = &self.input[name_start..i];
        let lower = name.to_ascii_lowercase();
        let close = memchr::memchr(b'>', &self.input[i..]).map_or(self.input.len(), |e| i + e + 1);
        self.pos = close;
        // Close up to the element this tag names (a well-formed page
        // closes the innermost one).
        if let Some(depth) = self
            .open
            .iter()
            .rposition(|o| self.input[o.name.clone()].eq_ignore_ascii_case(name))
        {
            self.open.truncate(depth);
        }
        if (lower == b"svg" || lower == b"math") && self.foreign > 0 {
            self.foreign -= 1;
        }
        if self.foreign == 0 && self.may_leave_out(&lower) {
            return;
        }
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name);
        self.out.push(b'>');
    }

    /// What comes next, past whitespace that will not be written.
    fn next(&self) -> Next<'_> {
        let rest = &self.input[self.pos..];
        let lead = rest.iter().take_while(|&&b| is_space(b)).count();
        let after = &rest[lead..];
        let space = self.parent_space();
        let skipped = lead == 0
            || space == Space::Blocks
            || (space.trims()
                && self
                    .open
                    .last()
                    .is_some_and(|o| ends(after, self.name_of(o))));
        if !skipped || space == Space::Kept {
            return Next::Text;
        }
        if after.is_empty() {
            return Next::Nothing;
        }
        let tag_name = |from: usize| {
            let len = after[from..]
                .iter()
                .take_while(|&&b| is_name_char(b))
                .count();
            &after[from..from + len]
        };
        if after.starts_with(b"</") {
            Next::End(tag_name(2))
        } else if after[0] == b'<' && after.get(1).is_some_and(u8::is_ascii_alphabetic) {
            Next::Start(tag_name(1))
        } else {
            Next::Text
        }
    }

    /// Whether the end tag of `name`, just passed, may be left out: HTML's
    /// rules of optional end tags, for what follows it.
    fn may_leave_out(&self, name: &[u8]) -> bool {
        let next = self.next();
        let parent = self
            .open
            .last()
            .map(|o| self.name_of(o).to_ascii_lowercase());
        let parent_ends = match &next {
            Next::End(n) => parent.as_deref().is_some_and(|p| n.eq_ignore_ascii_case(p)),
            Next::Nothing => true,
            _ => false,
        };
        let next_is = |names: &[&[u8]]| match &next {
            Next::Start(n) => names.iter().any(|m| n.eq_ignore_ascii_case(m)),
            _ => false,
        };
        match name {
            b"li" => parent_ends || next_is(&[b"li"]),
            b"dt" => next_is(&[b"dt", b"dd"]),
            b"dd" => parent_ends || next_is(&[b"dt", b"dd"]),
            b"p" => {
                let inside = parent.as_deref().unwrap_or_default();
                let plain_parent = !matches!(
                    inside,
                    b"a" | b"audio" | b"del" | b"ins" | b"map" | b"noscript" | b"video"
                );
                (parent_ends && plain_parent) || next_is(ENDS_P)
            }
            b"option" => parent_ends || next_is(&[b"option", b"optgroup"]),
            b"tr" => parent_ends || next_is(&[b"tr"]),
            b"td" | b"th" => parent_ends || next_is(&[b"td", b"th"]),
            b"thead" => next_is(&[b"tbody", b"tfoot"]),
            b"tbody" => parent_ends || next_is(&[b"tbody", b"tfoot"]),
            b"body" | b"html" => matches!(next, Next::Nothing | Next::End(b"html")),
            _ => false,
        }
    }
}

/// Whether attribute `name="value"` of element `tag` says what the element
/// does without it.
fn is_default(tag: &[u8], name: &[u8], value: &[u8]) -> bool {
    let is = |t: &[u8], n: &[u8], v: &[u8]| {
        tag == t && name.eq_ignore_ascii_case(n) && value.eq_ignore_ascii_case(v)
    };
    is(b"form", b"method", b"get")
        || is(b"input", b"type", b"text")
        || is(b"button", b"type", b"submit")
        || is(b"script", b"type", b"text/javascript")
        || is(b"style", b"type", b"text/css")
        || is(b"link", b"type", b"text/css")
}

/// Whether `rest` starts with the end tag of `name`.
fn ends(rest: &[u8], name: &[u8]) -> bool {
    rest.len() >= name.len() + 2
        && rest.starts_with(b"</")
        && rest[2..2 + name.len()].eq_ignore_ascii_case(name)
        && rest
            .get(2 + name.len())
            .is_none_or(|&b| is_space(b) || b == b'>' || b == b'/')
}

fn trim(bytes: &[u8]) -> &[u8] {
    let lead = bytes.iter().take_while(|&&b| is_space(b)).count();
    let trail = bytes[lead..]
        .iter()
        .rev()
        .take_while(|&&b| is_space(b))
        .count();
    &bytes[lead..bytes.len() - trail]
}

/// The escapes a template writes that need not be escapes, and what they
/// stand for.
const NEEDLESS: &[(&[u8], u8)] = &[
    (b"&quot;", b'"'),
    (b"&#x27;", b'\''),
    (b"&#39;", b'\''),
    (b"&#34;", b'"'),
    (b"&#x2F;", b'/'),
    (b"&#x2f;", b'/'),
    (b"&#47;", b'/'),
    (b"&gt;", b'>'),
];

/// The escape at the start of `bytes`, when it is a needless one: also
/// `&amp;` before what cannot begin an escape (`Water &amp; taps`).
fn needless(bytes: &[u8]) -> Option<(usize, u8)> {
    if let Some(after) = bytes.strip_prefix(b"&amp;") {
        let ambiguous = after
            .first()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'#');
        return (!ambiguous).then_some((5, b'&'));
    }
    NEEDLESS
        .iter()
        .find(|(escape, _)| bytes.starts_with(escape))
        .map(|&(escape, c)| (escape.len(), c))
}

/// Text with each run of whitespace as one space and needless escapes
/// written as their characters.
fn write_text(out: &mut Vec<u8>, text: &[u8]) {
    out.reserve(text.len());
    let mut i = 0;
    while i < text.len() {
        // A word, as it is, in one copy.
        let word = text[i..]
            .iter()
            .position(|&b| is_space(b) || b == b'&')
            .unwrap_or(text.len() - i);
        out.extend_from_slice(&text[i..i + word]);
        i += word;
        let Some(&b) = text.get(i) else { break };
        if is_space(b) {
            out.push(b' ');
            while i < text.len() && is_space(text[i]) {
                i += 1;
            }
        } else if let Some((len, c)) = needless(&text[i..]) {
            out.push(c);
            i += len;
        } else {
            out.push(b);
            i += 1;
        }
    }
}

/// An attribute's value with needless escapes decoded (`&amp;`, `&lt;` and
/// every other escape stay as written).
fn decode_into(out: &mut Vec<u8>, raw: &[u8]) {
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'&'
            && let Some((len, c)) = needless(&raw[i..])
        {
            out.push(c);
            i += len;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
}

fn collapse_in_place(value: &mut Vec<u8>) {
    let mut out = Vec::with_capacity(value.len());
    write_text(&mut out, trim(value));
    *value = out;
}

/// A `style` of plain declarations (`text-align: left`, as the Markdown
/// renderer writes for a table's columns) without the spaces around its
/// `:` and `;` and its last `;`. A style with quotes, brackets, commas or
/// escapes is left as it is.
fn tighten_style(value: &mut Vec<u8>) {
    let plain = value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || is_space(b) || b"-:;#.%!".contains(&b));
    if !plain {
        return;
    }
    let mut out: Vec<u8> = Vec::with_capacity(value.len());
    let mut pending_space = false;
    for &b in trim(value) {
        if is_space(b) {
            pending_space = true;
            continue;
        }
        let tight = matches!(b, b':' | b';') || matches!(out.last(), Some(b':' | b';'));
        if pending_space && !tight && !out.is_empty() {
            out.push(b' ');
        }
        pending_space = false;
        out.push(b);
    }
    if out.last() == Some(&b';') {
        out.pop();
    }
    *value = out;
}

/// `=value` after an attribute's name: nothing for an empty value, no
/// quotes where none are needed, else the quote the value holds fewer of.
fn write_value(out: &mut Vec<u8>, value: &[u8]) {
    if value.is_empty() {
        return;
    }
    out.push(b'=');
    let plain = value
        .iter()
        .all(|&b| !is_space(b) && !matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'));
    if plain {
        out.extend_from_slice(value);
        return;
    }
    let doubles = value.iter().filter(|&&b| b == b'"').count();
    let singles = value.iter().filter(|&&b| b == b'\'').count();
    let (quote, escape): (u8, &[u8]) = if doubles <= singles {
        (b'"', b"&#34;")
    } else {
        (b'\'', b"&#39;")
    };
    out.push(quote);
    for &b in value {
        if b == quote {
            out.extend_from_slice(escape);
        } else {
            out.push(b);
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    fn min(html: &str) -> String {
        String::from_utf8(super::html(html.as_bytes())).unwrap()
    }

    #[test]
    fn css_survives_minifying() {
        let css = "body {\n  color: #000000;\n}\n[dir=rtl] .x { margin-left: 0 }\n";
        let out = String::from_utf8(super::css(css)).unwrap();
        assert!(out.len() < css.len());
        assert!(out.contains("body{"), "{out}");
        assert!(out.contains("[dir=rtl]"), "{out}");
    }

    #[test]
    fn whitespace_goes_where_a_browser_shows_none() {
        assert_eq!(
            min("<ul>\n  <li> one  <em>two</em>\n three </li>\n  <li>four</li>\n</ul>"),
            "<ul><li>one <em>two</em> three<li>four</ul>"
        );
        assert_eq!(
            min("<div>\n<p>A\nB</p>\n<h2>C</h2>\n<p>D</p>\n</div>\n<p>E</p>"),
            "<div><p>A B<h2>C</h2><p>D</div><p>E"
        );
        // Words on either side of inline elements keep their spaces.
        assert_eq!(
            min("<p>read <a href=\"/x/\">this</a> <strong>now</strong>.</p>"),
            "<p>read <a href=/x/>this</a> <strong>now</strong>."
        );
    }

    #[test]
    fn kept_text_is_kept() {
        let pre = "<pre><code>fn  main() {\n    x\n}\n</code></pre>";
        assert_eq!(min(pre), pre);
        assert_eq!(
            min("<p>a <code> b  c </code> d</p>"),
            "<p>a <code> b  c </code> d"
        );
        assert_eq!(
            min("<script>\nconst a = \"</p>\";\n</script>\n<p>x</p>"),
            "<script>const a = \"</p>\";</script><p>x"
        );
    }

    #[test]
    fn a_p_inside_a_link_keeps_its_end() {
        assert_eq!(min("<a href=\"/\"><p>x</p></a>"), "<a href=/><p>x</p></a>");
        // A `p` followed by text or an inline element keeps its end tag.
        assert_eq!(min("<div><p>x</p>y</div>"), "<div><p>x</p>y</div>");
        assert_eq!(
            min("<div><p>x</p><span>y</span></div>"),
            "<div><p>x</p><span>y</span></div>"
        );
    }

    #[test]
    fn attributes_take_the_fewest_quotes() {
        assert_eq!(
            min(
                "<a href=\"https:&#x2F;&#x2F;example.org&#x2F;?a=1&amp;b=2\" class=\" x  y \">t</a>"
            ),
            "<a href=\"https://example.org/?a=1&amp;b=2\" class=\"x y\">t</a>"
        );
        assert_eq!(
            min("<p>Water &amp; taps &amp;amp; &amp;#1</p>"),
            "<p>Water & taps &amp;amp; &amp;#1"
        );
        assert_eq!(
            min("<meta content=\"Meera&#x27;s &quot;story&quot;\">"),
            "<meta content='Meera&#39;s \"story\"'>"
        );
        assert_eq!(min("<img src=\"a.png\" alt=\"\" />"), "<img src=a.png alt>");
        assert_eq!(min("<input disabled>"), "<input disabled>");
        assert_eq!(
            min("<th style=\"text-align: right\"><p style=\"margin: 0 auto ; color : #333;\">"),
            "<th style=text-align:right><p style=\"margin:0 auto;color:#333\">"
        );
        assert_eq!(
            min("<p style=\"background: url('a b.png')\">"),
            "<p style=\"background: url('a b.png')\">"
        );
        assert_eq!(
            min(
                "<form method=\"GET\" action=\"/s/\"><input type=\"text\" name=\"q\"><button type=\"submit\">Go</button></form>"
            ),
            "<form action=/s/><input name=q><button>Go</button></form>"
        );
    }

    #[test]
    fn comments_go_and_svg_keeps_its_self_closing_tags() {
        assert_eq!(min("<p>a<!-- note --> b</p>"), "<p>a b");
        assert_eq!(
            min("<svg viewBox=\"0 0 2 2\"><path d=\"M0 0\"/><circle r=\"1\" /></svg>"),
            "<svg viewBox=\"0 0 2 2\"><path d=\"M0 0\"/><circle r=1 /></svg>"
        );
    }

    #[test]
    fn a_page_keeps_its_head_and_loses_its_last_end_tags() {
        let page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>A · B</title>\n</head>\n<body>\n<main>\n<p>x</p>\n</main>\n</body>\n</html>\n";
        assert_eq!(
            min(page),
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>A · B</title></head><body><main><p>x</main>"
        );
    }
}

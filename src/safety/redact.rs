//! `redact.txt`: names and phrases that must never be published.
//!
//! Every output is searched for every term as it is rendered ([`Scan`]),
//! before anything replaces the live site: file paths (image names included),
//! the text of HTML (text and attributes, entities decoded), feeds, the
//! sitemap, style sheets, and the `text` of binary outputs such as PDFs.
//! A term found anywhere is an error at each place in the site's own files
//! that holds it, so the build fails, leaves the live site as it was,
//! takes back what it wrote beside it, and says what to fix.
//!
//! Matching works on *folded* text ([`fold`]): Unicode NFKC, lower case,
//! zero-width joiners and soft hyphens dropped, and every run of other
//! characters that are not letters, digits or marks made one space. So
//! `Sita Devi` is found as `SITA  DEVI`, `sita-devi` (an address),
//! `Sita<br>Devi`, and in decomposed or composed Devanagari alike. A term
//! is found inside longer words too (`Sita` in `Sitara`): a Bengali name
//! takes its case ending without a space (`সীতার`), and a missed name costs
//! more than a false alarm.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use aho_corasick::AhoCorasick;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};
use walkdir::WalkDir;

use crate::assets::images::FileKind;
use crate::built::BuiltFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::recall::{lock, unlocked};
use crate::site::Site;
use crate::theme::Theme;

/// The file, at the site's root.
pub const FILE: &str = "redact.txt";

/// Folders of the site whose files can put text into the output.
const SOURCE_DIRS: [&str; 5] = ["content", "static", "templates", "i18n", "themes"];

/// One line of `redact.txt`.
#[derive(Debug, Clone)]
pub struct Term {
    /// As written.
    pub text: String,
    pub folded: String,
    pub line: usize,
}

/// Reads `redact.txt`: one term a line; blank lines and lines starting with
/// `#` are skipped. No file means no terms.
pub fn load(site_dir: &Path, diags: &mut Diagnostics) -> Vec<Term> {
    let text = match std::fs::read_to_string(site_dir.join(FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            diags.push(
                Diagnostic::error(FILE, format!("cannot read: {e}"))
                    .with_hint("redact.txt must be plain UTF-8 text, one name or phrase a line"),
            );
            return Vec::new();
        }
    };
    parse(&text, diags)
}

fn parse(text: &str, diags: &mut Diagnostics) -> Vec<Term> {
    let mut terms = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let folded = fold(line);
        if folded.chars().count() < 2 {
            diags.push(
                Diagnostic::warning(FILE, "this line is too short to search for, and is ignored")
                    .at(text, i + 1, 1)
                    .with_hint("write whole names or phrases, one a line; `#` starts a comment"),
            );
            continue;
        }
        terms.push(Term {
            text: line.to_string(),
            folded,
            line: i + 1,
        });
    }
    terms
}

/// The form both terms and texts are compared in (see the module docs).
///
/// Outputs are large, so the work is done a word at a time: a word in
/// ASCII, or already in NFKC (most Hindi, Bengali and Urdu is), is folded
/// without normalising it. Normalisation never joins characters across a
/// space, line break or tag bracket, so words are normalised on their own.
pub fn fold(text: &str) -> String {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        space: true,
    };
    for word in text.split_inclusive([' ', '\n', '<', '>']) {
        if word.is_ascii() {
            word.chars().for_each(|c| out.push(c));
        } else if unicode_normalization::is_nfkc_quick(word.chars()) == IsNormalized::Yes {
            word.chars().for_each(|c| out.push(c));
        } else {
            word.nfkc().for_each(|c| out.push(c));
        }
    }
    if out.text.ends_with(' ') {
        out.text.pop();
    }
    out.text
}

const CASELESS_START: usize = 0x0600;
const CASELESS_LEN: usize = 0x0E00 - 0x0600;

/// Which characters from U+0600 to U+0DFF are letters, digits or marks.
fn caseless_letters() -> &'static [bool; CASELESS_LEN] {
    static TABLE: std::sync::OnceLock<[bool; CASELESS_LEN]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            char::from_u32((CASELESS_START + i) as u32)
                .is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c))
        })
    })
}

/// Folded text being made, and whether it ends in a space.
struct Folded {
    text: String,
    space: bool,
}

impl Folded {
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                self.text.push(c.to_ascii_lowercase());
                self.space = false;
            } else {
                self.separator();
            }
            return;
        }
        if matches!(c, '\u{200c}' | '\u{200d}' | '\u{00ad}' | '\u{feff}') {
            return;
        }
        // Arabic to Sinhala (Urdu, Hindi, Bengali…) have no case, and
        // their letters and marks are looked up in a table.
        if let Some(i) = (c as usize).checked_sub(CASELESS_START)
            && i < CASELESS_LEN
        {
            if caseless_letters()[i] {
                self.text.push(c);
                self.space = false;
            } else {
                self.separator();
            }
            return;
        }
        for c in c.to_lowercase() {
            self.letter_or_separator(c);
        }
    }

    fn letter_or_separator(&mut self, c: char) {
        if c.is_alphanumeric() || is_combining_mark(c) {
            self.text.push(c);
            self.space = false;
        } else {
            self.separator();
        }
    }

    fn separator(&mut self) {
        if !self.space {
            self.text.push(' ');
            self.space = true;
        }
    }
}

/// The search for the terms of `redact.txt` in every output, one file at a
/// time as the build makes them (from many threads), then reported at
/// once: a term found anywhere fails the build.
pub struct Scan {
    terms: Vec<Term>,
    matcher: Option<AhoCorasick>,
    /// Term index and the output path it reached.
    found: Mutex<Vec<(usize, String)>>,
}

impl Scan {
    /// Reads `redact.txt` of the site at `site_dir` (its problems go to
    /// `diags`).
    pub fn new(site_dir: &Path, diags: &mut Diagnostics) -> Scan {
        let terms = load(site_dir, diags);
        let matcher = if terms.is_empty() {
            None
        } else {
            AhoCorasick::new(terms.iter().map(|t| &t.folded)).ok()
        };
        Scan {
            terms,
            matcher,
            found: Mutex::new(Vec::new()),
        }
    }

    /// Searches one output for every term.
    pub fn file(&self, file: &BuiltFile) {
        let Some(matcher) = &self.matcher else {
            return;
        };
        let mut hits = BTreeSet::new();
        for view in views(file) {
            for m in matcher.find_overlapping_iter(&fold(&view)) {
                hits.insert(m.pattern().as_usize());
            }
        }
        if !hits.is_empty() {
            lock(&self.found).extend(hits.into_iter().map(|t| (t, file.path.clone())));
        }
    }

    /// An error at every place in the site's files that holds a term some
    /// output reached.
    pub fn report(self, site: &Site, theme: &Theme, diags: &mut Diagnostics) {
        let found = unlocked(self.found);
        if found.is_empty() {
            return;
        }
        let mut reached: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (t, path) in found {
            reached.entry(t).or_default().push(path);
        }
        let sources = Sources::read(site, theme);
        for (t, mut outputs) in reached {
            outputs.sort();
            report(&self.terms[t], &outputs, &sources, diags);
        }
    }
}

/// The texts of one output that are searched: its path, and for text it
/// carries, the text with entities decoded (attributes included), the text
/// without tags, the text with tags as spaces, and all of it with `%XX`
/// escapes of addresses decoded.
fn views(file: &BuiltFile) -> Vec<String> {
    let mut out = vec![percent(&file.path)];
    let text = match &file.text {
        Some(t) => Some(t.clone()),
        None => std::str::from_utf8(&file.bytes).ok().map(str::to_owned),
    };
    if let Some(text) = text {
        // Feeds carry escaped HTML: decode twice.
        let decoded = decode_entities(&decode_entities(&text));
        if decoded.contains('<') {
            out.push(strip_tags(&decoded, ""));
            out.push(strip_tags(&decoded, " "));
        }
        if decoded.contains('%') {
            out.push(percent(&decoded));
        }
        out.push(decoded);
    }
    out
}

fn percent(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `text` with every `<…>` replaced by `with`.
fn strip_tags(text: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                out.push_str(with);
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `&amp;`, `&lt;`, `&#39;`, `&#x27;` and the like. The semicolon
/// may be missing, as minified HTML leaves it out where it can.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (decoded, used) = entity(rest);
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used.max(1)..];
    }
    out.push_str(rest);
    out
}

/// The character of the entity at the start of `s` (`&…`), and its length.
fn entity(s: &str) -> (Option<char>, usize) {
    let body: String = s[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .take(10)
        .collect();
    let semicolon = usize::from(s[1 + body.len()..].starts_with(';'));
    let used = 1 + body.len() + semicolon;
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return (code.and_then(char::from_u32), used);
    }
    let c = match body.to_ascii_lowercase().as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return (None, 1),
    };
    (Some(c), used)
}

/// The site's own files that can carry text into the output: published
/// Markdown (drafts and withdrawn stories are not searched: their words
/// were not published), tallies and other content files, `site.yaml`,
/// `static/`, templates, interface strings and the theme.
struct Sources {
    files: Vec<(PathBuf, Option<String>)>,
}

impl Sources {
    fn read(site: &Site, theme: &Theme) -> Sources {
        let published: BTreeSet<&Path> =
            site.pages.iter().map(|p| p.doc.source.as_path()).collect();
        let mut files: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
        let root = &site.root;
        let config = Path::new(crate::config::CONFIG_FILE);
        files.insert(
            config.to_path_buf(),
            std::fs::read_to_string(root.join(config)).ok(),
        );
        for dir in SOURCE_DIRS {
            for entry in WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(root) else {
                    continue;
                };
                let markdown = rel.extension().is_some_and(|e| e == "md");
                if markdown && dir == "content" && !published.contains(rel) {
                    continue;
                }
                // Images carry no text once scrubbed; only their names count.
                let is_text = FileKind::of(&rel.to_string_lossy()) == FileKind::Other;
                let text = is_text
                    .then(|| std::fs::read_to_string(entry.path()).ok())
                    .flatten();
                files.insert(rel.to_path_buf(), text);
            }
        }
        for file in theme.files() {
            files
                .entry(file.source.clone())
                .or_insert_with(|| String::from_utf8(file.bytes.to_vec()).ok());
        }
        Sources {
            files: files.into_iter().collect(),
        }
    }
}

/// An error at every place a term comes from, naming where it reached.
fn report(term: &Term, outputs: &[String], sources: &Sources, diags: &mut Diagnostics) {
    let shown: Vec<&str> = outputs.iter().take(3).map(String::as_str).collect();
    let mut reached = shown.join(", ");
    if outputs.len() > shown.len() {
        reached.push_str(&format!(" and {} more", outputs.len() - shown.len()));
    }
    let message = format!(
        "`{}` is in redact.txt (line {}) and must never be published, but it reached {reached}",
        term.text, term.line
    );
    let hint = "remove or replace it here (for a survivor, the name she chose, or `anonymous: true`); nothing was written, the previous output is untouched";
    let mut any = false;
    for (path, text) in &sources.files {
        if fold(&path.to_string_lossy()).contains(&term.folded) {
            any = true;
            diags.push(
                Diagnostic::error(path, format!("{message} (through this file's name)"))
                    .with_hint("rename the file"),
            );
        }
        let Some(text) = text else { continue };
        if !fold(text).contains(&term.folded) {
            continue;
        }
        for (line, col) in places(text, &term.folded) {
            any = true;
            diags.push(
                Diagnostic::error(path, message.clone())
                    .at(text, line, col)
                    .with_hint(hint),
            );
        }
    }
    if !any {
        diags.push(
            Diagnostic::error(FILE, message)
                .at(&"\n".repeat(term.line - 1), term.line, 0)
                .with_hint("awaaz cannot tell which file it comes from (the built-in theme, or words joined on the page); search the site for it"),
        );
    }
}

/// Every (line, column) in `text` where `folded` starts; a term broken over
/// two lines is reported at the first.
fn places(text: &str, folded: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if fold(line).contains(folded) {
            out.push((i + 1, column(line, folded)));
        } else if let Some(next) = lines.get(i + 1) {
            let joined = format!("{line}\n{next}");
            if fold(&joined).contains(folded) && !fold(next).contains(folded) {
                out.push((i + 1, column(&joined, folded)));
            }
        }
    }
    out
}

/// 1-based column of the first place in `line` where `folded` starts.
fn column(line: &str, folded: &str) -> usize {
    let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
    // The shortest prefix that holds the term ends the first match…
    let end = (1..=starts.len())
        .map(|n| starts.get(n).copied().unwrap_or(line.len()))
        .find(|&e| fold(&line[..e]).contains(folded))
        .unwrap_or(line.len());
    // …and the latest start that still holds it begins it.
    let start = starts
        .iter()
        .rposition(|&s| s < end && fold(&line[s..end]).contains(folded))
        .unwrap_or(0);
    start + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_spacing_punctuation_and_normal_forms() {
        assert_eq!(fold("Sita  DEVI"), "sita devi");
        assert_eq!(fold("sita-devi/"), "sita devi");
        assert_eq!(fold("ﬁne"), "fine");
        // क़ written as one code point and as क + nukta.
        assert_eq!(fold("\u{0958}"), fold("\u{0915}\u{093C}"));
        // Bengali: composed and decomposed o-kar.
        assert_eq!(fold("\u{09CB}"), fold("\u{09C7}\u{09BE}"));
        // Vowel signs and viramas are kept; joiners dropped.
        assert_eq!(fold("सीता"), "सीता");
        assert_eq!(fold("क्\u{200d}ष"), "क्ष");
    }

    #[test]
    #[ignore = "timing, not a test: cargo test --release --lib -- --ignored --nocapture folding_speed"]
    fn folding_speed() {
        for sample in [
            "<p>महिलाएँ समूह गाँव women group village &amp; rally</p>",
            "<p>Women of the Sakhi group met in the village; rally &amp; play</p>",
        ] {
            let page = sample.repeat(200_000);
            let started = std::time::Instant::now();
            let folded = fold(&page);
            let mb = page.len() as f64 / 1e6;
            let secs = started.elapsed().as_secs_f64();
            println!("folded {mb:.0} MB in {secs:.2} s ({:.0} MB/s)", mb / secs);
            assert!(folded.len() > 1);
        }
    }

    #[test]
    fn entities_and_tags_are_seen_through() {
        assert_eq!(
            decode_entities("Sita &amp; Devi&#39;s &lt;b&gt; &#x930;"),
            "Sita & Devi's <b> र"
        );
        assert_eq!(decode_entities("a &amp b &unknown; c"), "a & b &unknown; c");
        assert_eq!(strip_tags("Sita <em>De</em>vi", ""), "Sita Devi");
    }

    #[test]
    fn comments_blank_lines_and_short_terms_are_skipped() {
        let mut diags = Diagnostics::new();
        let terms = parse("# names\n\nSita Devi\nX\n  Ramesh Kumar  \n", &mut diags);
        let texts: Vec<(&str, usize)> = terms.iter().map(|t| (t.text.as_str(), t.line)).collect();
        assert_eq!(texts, [("Sita Devi", 3), ("Ramesh Kumar", 5)]);
        assert_eq!(diags.sorted().len(), 1);
    }

    #[test]
    fn columns_point_at_the_term() {
        assert_eq!(column("said SITA devi today", "sita devi"), 6);
        assert_eq!(column("सीता देवी ने कहा", "सीता देवी"), 1);
        assert_eq!(places("a\nmet Sita\nDevi there\n", "sita devi"), [(2, 5)]);
    }

    fn output(path: &str, bytes: &str, text: Option<&str>) -> BuiltFile {
        BuiltFile {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec().into(),
            text: text.map(str::to_owned),
        }
    }

    fn hits(file: &BuiltFile, term: &str) -> bool {
        views(file).iter().any(|v| fold(v).contains(&fold(term)))
    }

    #[test]
    fn every_kind_of_output_is_searched() {
        // The text of a PDF, not its (compressed) bytes.
        let pdf = output(
            "stories/a.pdf",
            "%PDF-1.7 compressed",
            Some("Told by Sita Devi"),
        );
        assert!(hits(&pdf, "sita devi"));
        assert!(!hits(&output("a.pdf", "%PDF", Some("nothing")), "pdf x"));
        // Attribute values, entity-encoded text, text split by tags.
        assert!(hits(
            &output("a.html", "<img alt=\"Sita&#32;Devi\">", None),
            "Sita Devi"
        ));
        assert!(hits(
            &output("a.html", "<p>S&#x69;ta <b>Devi</b>", None),
            "sita devi"
        ));
        assert!(hits(
            &output("a.html", "<p>Sita<br>Devi", None),
            "sita devi"
        ));
        // A feed's escaped HTML, an address, a file name.
        assert!(hits(
            &output("atom.xml", "&lt;p&gt;Sita &amp;amp; Devi", None),
            "sita devi"
        ));
        assert!(hits(
            &output(
                "s.xml",
                "<loc>/%E0%A4%B8%E0%A5%80%E0%A4%A4%E0%A4%BE/</loc>",
                None
            ),
            "सीता"
        ));
        assert!(hits(
            &output("img/sita-devi.jpg", "\u{0}\u{1}binary", None),
            "Sita Devi"
        ));
    }
}

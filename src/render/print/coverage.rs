//! Never a box on paper. Before a document is typeset, every character of
//! its data (its text, its titles, the interface strings its template
//! prints) and of the print templates is checked against what the fonts
//! cover. A character no font covers would print as an empty box on a
//! thousand photocopies; it is an error instead, at the first place in the
//! source files where it is written, naming its script.

use std::collections::BTreeMap;
use std::path::PathBuf;

use icu_properties::props::{DefaultIgnorableCodePoint, Script};
use icu_properties::{CodePointMapData, CodePointSetData, PropertyNamesLong};
use typst::foundations::{Dict, Value};

use crate::diagnostics::{Diagnostic, line_col};

/// A file that may hold the text of a document, for placing an error.
pub struct Source<'a> {
    pub path: PathBuf,
    pub text: &'a str,
}

/// What needs no glyph: spaces, controls, and the invisible characters
/// shaping uses (joiners, direction marks, variation selectors).
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// The characters of every string in `data`, each once, in first order.
pub fn characters(data: &Dict) -> Vec<char> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut add = |text: &str| {
        for c in text.chars() {
            if seen.insert(c) && !needs_no_glyph(c) {
                out.push(c);
            }
        }
    };
    fn walk(value: &Value, add: &mut dyn FnMut(&str)) {
        match value {
            Value::Str(s) => add(s.as_str()),
            Value::Array(items) => items.iter().for_each(|v| walk(v, add)),
            Value::Dict(d) => d.iter().for_each(|(_, v)| walk(v, add)),
            _ => {}
        }
    }
    for (_, value) in data.iter() {
        walk(value, &mut add);
    }
    out
}

/// The characters of a print template outside its `//` comments.
pub fn template_characters(text: &str) -> Vec<char> {
    let mut seen = std::collections::HashSet::new();
    text.lines()
        .flat_map(|line| comment_free(line).chars())
        .filter(|c| !needs_no_glyph(*c) && seen.insert(*c))
        .collect()
}

/// `line` up to a `//` comment (not one inside a string or a URL).
fn comment_free(line: &str) -> &str {
    let mut in_string = false;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if previous != '\\' => in_string = !in_string,
            '/' if !in_string && previous == '/' => {
                let before = &line[..i - 1];
                if !before.ends_with(':') {
                    return before;
                }
            }
            _ => {}
        }
        previous = c;
    }
    line
}

/// The script a character belongs to, by name (`Tibetan`, `Ol Chiki`);
/// `None` for those every script shares (digits, punctuation, symbols)
/// or marks that take their letter's script.
fn script_name(c: char) -> Option<String> {
    let script = CodePointMapData::<Script>::new().get(c);
    if [Script::Common, Script::Inherited, Script::Unknown].contains(&script) {
        return None;
    }
    PropertyNamesLong::<Script>::new()
        .get(script)
        .map(|name| name.replace('_', " "))
}

/// One error for each script (or shared character) of `uncovered`, at
/// the first of `sources` that writes it; `fallback` when none does.
pub fn errors(
    uncovered: &[char],
    sources: &[Source],
    fallback: &std::path::Path,
    hint: &str,
) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<Option<String>, Vec<char>> = BTreeMap::new();
    for &c in uncovered {
        groups.entry(script_name(c)).or_default().push(c);
    }
    groups
        .into_iter()
        .flat_map(|(script, chars)| match script {
            Some(name) => vec![(Some(name), chars)],
            None => chars.into_iter().map(|c| (None, vec![c])).collect(),
        })
        .map(|(script, chars)| {
            let found = sources.iter().find_map(|source| {
                let at = source.text.find(|c| chars.contains(&c))?;
                Some((source, at))
            });
            let shown = found.map_or_else(
                || chars.iter().collect::<String>(),
                |(source, at)| word_at(source.text, at),
            );
            let message = match &script {
                Some(name) => format!(
                    "no font covers {name} text (`{shown}`); put a font that does in fonts/ (Noto Serif {name}, for example)"
                ),
                None => {
                    let c = chars[0];
                    format!(
                        "no font covers the character `{c}` (U+{:04X}) in `{shown}`; put a font that has it in fonts/, or write it another way",
                        u32::from(c)
                    )
                }
            };
            match found {
                Some((source, at)) => {
                    let (line, col) = line_col(source.text, at);
                    Diagnostic::error(&source.path, message)
                        .at(source.text, line, col)
                        .with_hint(hint)
                }
                None => Diagnostic::error(fallback, message).with_hint(hint),
            }
        })
        .collect()
}

/// The word of `text` around byte `at`, for showing in a message.
fn word_at(text: &str, at: usize) -> String {
    let is_break = |c: char| c.is_whitespace() || "`\"'()[]{}<>*_".contains(c);
    let start = text[..at].rfind(is_break).map_or(0, |i| i + 1);
    let end = text[at..].find(is_break).map_or(text.len(), |i| at + i);
    let word: String = text[start..end].chars().take(24).collect();
    word.trim_end_matches(['.', ',', ';', ':', '।', '۔', '،'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_script_and_the_place() {
        let text = "---\ntitle: x\n---\n\nA line.\nཡོངས་ཁྱབ་ཀྱི་ text\n";
        let uncovered: Vec<char> = "ཡོངས".chars().collect();
        let sources = [Source {
            path: PathBuf::from("content/x.bo.md"),
            text,
        }];
        let e = errors(
            &uncovered,
            &sources,
            &PathBuf::from("x"),
            "while printing x.pdf",
        );
        assert_eq!(e.len(), 1);
        let shown = e[0].render(false);
        assert!(
            shown.starts_with("content/x.bo.md:6:1: error: no font covers Tibetan text (`ཡོངས་ཁྱབ་ཀྱི་`); put a font that does in fonts/ (Noto Serif Tibetan, for example)"),
            "{shown}"
        );
    }

    #[test]
    fn spaces_and_joiners_need_no_glyph() {
        assert!(needs_no_glyph('\u{200D}'));
        assert!(needs_no_glyph('\u{200C}'));
        assert!(needs_no_glyph(' '));
        assert!(!needs_no_glyph('क'));
        assert_eq!(
            template_characters("#let a = \"।\" // ৪০০\n"),
            ['#', 'l', 'e', 't', 'a', '=', '"', '।']
        );
        assert_eq!(comment_free("see https://x.org // y"), "see https://x.org ");
    }
}

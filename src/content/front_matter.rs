//! Front matter: the YAML between the `---` lines at the top of a page.
//!
//! [`split`] finds it; [`Fields`] reads it field by field, so that every
//! missing, mistyped or unknown field becomes its own diagnostic pointing at
//! the line it is on, instead of one opaque deserialisation error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::date::Date;
use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Yaml};

/// A Markdown file cut into its front matter and body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Cuts `text` (without a BOM) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, &'static str> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err("the file does not start with front matter (a `---` line)");
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err("the front matter has no closing `---` line")
}

/// Reads typed fields out of one front-matter map, collecting problems.
pub struct Fields<'a> {
    path: PathBuf,
    /// The whole file, to quote lines in diagnostics.
    source: &'a str,
    yaml: &'a str,
    yaml_line: usize,
    prefix: Vec<String>,
    map: Vec<(String, Yaml)>,
    used: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Parses the front matter of `source` (the file at `path`). Returns the
    /// reader and the split body, or the diagnostic that stops this file.
    pub fn parse(path: &Path, source: &'a str) -> Result<(Fields<'a>, Split<'a>), Diagnostic> {
        let split = split(source).map_err(|msg| {
            Diagnostic::error(path, msg)
                .at(source, 1, 1)
                .with_hint("start the file with `---`, then fields like `title: \"…\"`, then `---`")
        })?;
        let value = yaml::parse(split.yaml).map_err(|e| {
            let line = if e.line > 0 {
                e.line + split.yaml_line - 1
            } else {
                1
            };
            Diagnostic::error(
                path,
                format!("front matter is not valid YAML: {}", e.message),
            )
            .at(source, line, e.col.max(1))
            .with_hint("put text containing `:` or `#` in double quotes")
        })?;
        let map = match value {
            Yaml::Map(map) => map,
            Yaml::Null => Vec::new(),
            other => {
                return Err(Diagnostic::error(
                    path,
                    format!(
                        "front matter must be fields (`name: value`), not {}",
                        other.describe()
                    ),
                )
                .at(source, split.yaml_line, 1));
            }
        };
        let fields = Fields {
            path: path.to_path_buf(),
            source,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
            prefix: Vec::new(),
            map,
            used: BTreeSet::new(),
            diagnostics: Vec::new(),
        };
        Ok((fields, split))
    }

    /// Line and column of `key` (under this reader's prefix) in the file;
    /// the opening `---` when the field is not written.
    pub fn position(&self, key: &str) -> (usize, usize) {
        let mut path: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        if !key.is_empty() {
            path.push(key);
        }
        match yaml::key_position(self.yaml, &path) {
            Some((l, c)) => (l + self.yaml_line - 1, c),
            None if !self.prefix.is_empty() => {
                let outer: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
                yaml::key_position(self.yaml, &outer)
                    .map_or((1, 1), |(l, c)| (l + self.yaml_line - 1, c))
            }
            None => (1, 1),
        }
    }

    /// An error about field `key`, pointing at it.
    pub fn error(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let (line, col) = self.position(key);
        self.diagnostics.push(
            Diagnostic::error(&self.path, message)
                .at(self.source, line, col)
                .with_hint(hint),
        );
    }

    fn full_name(&self, key: &str) -> String {
        let mut parts = self.prefix.clone();
        parts.push(key.to_string());
        parts.join(".")
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.iter().any(|(k, _)| k == key)
    }

    fn take(&mut self, key: &str) -> Option<Yaml> {
        self.used.insert(key.to_string());
        self.map
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| *v != Yaml::Null)
    }

    fn wrong_type(&mut self, key: &str, expected: &str, got: &Yaml, hint: &str) {
        let name = self.full_name(key);
        self.error(
            key,
            format!("`{name}` should be {expected}, not {}", got.describe()),
            hint,
        );
    }

    /// A text field; numbers are accepted and written as text.
    pub fn text(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            Yaml::Str(s) => Some(s),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            other => {
                self.wrong_type(
                    key,
                    "text",
                    &other,
                    "write it on one line, in quotes if it has a `:`",
                );
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        let text = self.text(key)?;
        match Date::parse(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                let name = self.full_name(key);
                self.error(
                    key,
                    format!("`{name}`: {msg}"),
                    "write dates as YYYY-MM-DD, e.g. 2026-11-05",
                );
                None
            }
        }
    }

    pub fn flag(&mut self, key: &str) -> Option<bool> {
        match self.take(key)? {
            Yaml::Bool(b) => Some(b),
            other => {
                self.wrong_type(
                    key,
                    "true or false",
                    &other,
                    "write `true` or `false`, without quotes",
                );
                None
            }
        }
    }

    /// A whole number that cannot be negative (a goal, a volume).
    pub fn count(&mut self, key: &str) -> Option<u64> {
        match self.take(key)? {
            Yaml::Int(i) if i >= 0 => Some(i as u64),
            Yaml::Str(s) if s.trim().replace([',', '_'], "").parse::<u64>().is_ok() => {
                s.trim().replace([',', '_'], "").parse().ok()
            }
            other => {
                self.wrong_type(
                    key,
                    "a whole number",
                    &other,
                    "write digits only, e.g. 20000",
                );
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        match self.take(key)? {
            Yaml::Int(i) => Some(i),
            other => {
                self.wrong_type(key, "a whole number", &other, "write digits only, e.g. 10");
                None
            }
        }
    }

    /// A list of texts; one text on its own is a list of one.
    pub fn text_list(&mut self, key: &str) -> Option<Vec<String>> {
        let items = match self.take(key)? {
            Yaml::List(items) => items,
            Yaml::Str(s) => return Some(vec![s]),
            other => {
                self.wrong_type(
                    key,
                    "a list",
                    &other,
                    "write `[a, b]`, or one `- item` a line",
                );
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Yaml::Str(s) => out.push(s),
                Yaml::Int(i) => out.push(i.to_string()),
                other => {
                    self.wrong_type(
                        key,
                        "a list of texts",
                        &other,
                        "each item is one line of text",
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    /// A group of fields under `key` (like `consent:`), read with its own
    /// reader; give it back with [`Fields::absorb`] when done.
    pub fn group(&mut self, key: &str) -> Option<Fields<'a>> {
        match self.take(key)? {
            Yaml::Map(map) => {
                let mut prefix = self.prefix.clone();
                prefix.push(key.to_string());
                Some(Fields {
                    path: self.path.clone(),
                    source: self.source,
                    yaml: self.yaml,
                    yaml_line: self.yaml_line,
                    prefix,
                    map,
                    used: BTreeSet::new(),
                    diagnostics: Vec::new(),
                })
            }
            other => {
                self.wrong_type(
                    key,
                    "a group of fields",
                    &other,
                    "indent its fields under it by two spaces",
                );
                None
            }
        }
    }

    /// Takes back a group reader's problems, with warnings for its unknown fields.
    pub fn absorb(&mut self, mut group: Fields<'a>, known: &[&str]) {
        group.warn_unknown(known, &[]);
        self.diagnostics.append(&mut group.diagnostics);
    }

    /// Warns about every field not read and not in `known`, suggesting the
    /// nearest known name; `elsewhere` names fields that belong to other
    /// kinds, as `(field, "stories")`.
    pub fn warn_unknown(&mut self, known: &[&str], elsewhere: &[(&str, &str)]) {
        let unknown: Vec<String> = self
            .map
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| !self.used.contains(k) && !known.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let name = self.full_name(&key);
            let hint = if let Some((_, owner)) = elsewhere.iter().find(|(f, _)| *f == key) {
                format!("`{key}` is a field of {owner}; it is ignored here")
            } else if let Some(near) = nearest(&key, known) {
                format!("did you mean `{near}`?")
            } else if let Some((near, owner)) =
                nearest(&key, &elsewhere.iter().map(|(f, _)| *f).collect::<Vec<_>>())
                    .and_then(|n| elsewhere.iter().find(|(f, _)| *f == n))
            {
                format!("did you mean `{near}`? it is a field of {owner}")
            } else {
                format!("the known fields here are: {}", known.join(", "))
            };
            let (line, col) = self.position(&key);
            let (line, col) = if col > key.chars().count() + 1 {
                (line, col - key.chars().count() - 2)
            } else {
                (line, col)
            };
            self.diagnostics.push(
                Diagnostic::warning(&self.path, format!("unknown field `{name}`"))
                    .at(self.source, line, col.max(1))
                    .with_hint(hint),
            );
        }
    }
}

/// The known name closest to `word`, when it is close enough to be a typo.
pub fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let crlf = split("---\r\ntitle: a\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(crlf.yaml, "title: a\r\n");
        assert!(split("title: a\n").is_err());
        assert!(split("---\ntitle: a\n").is_err());
    }

    #[test]
    fn reports_each_bad_field_at_its_line() {
        let src = "---\ntitle: x\ndate: 2026-02-30\ngoal: many\nathor: Heera\n---\n";
        let (mut f, _) = Fields::parse(Path::new("a.md"), src).unwrap();
        assert_eq!(f.text("title").as_deref(), Some("x"));
        assert_eq!(f.date("date"), None);
        assert_eq!(f.count("goal"), None);
        f.warn_unknown(&["title", "date", "goal", "author"], &[]);
        let lines: Vec<_> = f.diagnostics.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(lines, [(3, 7), (4, 7), (5, 1)]);
        assert!(
            f.diagnostics[2]
                .hint
                .as_deref()
                .unwrap()
                .contains("`author`")
        );
    }
}

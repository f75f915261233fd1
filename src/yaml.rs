//! YAML reading, and the only module that knows `serde_yaml`.
//!
//! `serde_yaml` is in maintenance mode; keeping it behind this module means
//! swapping it touches one file. Everything else sees our own [`Yaml`] value
//! (for front matter, which is checked field by field so every problem is
//! reported) or a typed value through [`from_str`] (for `site.yaml` and the
//! interface strings), and errors as [`YamlError`] with a line and column.

use serde::de::DeserializeOwned;

/// A parsed YAML value. Maps keep the order they were written in.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// What kind of value this is, in the words an editor knows.
    pub fn describe(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) | Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::List(_) => "a list",
            Yaml::Map(_) => "a group of fields",
        }
    }
}

/// A YAML syntax or shape error, located in the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// 1-based, relative to the parsed text; 0 when unknown.
    pub line: usize,
    pub col: usize,
}

/// The error with its place in `text` as every diagnostic counts lines:
/// `serde_yaml` (libyaml) also ends a line at a lone `\r`, and would point
/// past the last line of a file with stray carriage returns, so the place is
/// taken from its byte index instead of its line and column.
fn convert_error(e: serde_yaml::Error, text: &str) -> YamlError {
    let (line, col) = e
        .location()
        .map_or((0, 0), |l| crate::diagnostics::line_col(text, l.index()));
    let mut message = e.to_string();
    // serde_yaml appends the location in words; we print it as path:line:col.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    YamlError { message, line, col }
}

/// Parses YAML text into a [`Yaml`] value. Empty text is [`Yaml::Null`].
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| convert_error(e, text))?;
    from_value(value)
}

fn from_value(value: serde_yaml::Value) -> Result<Yaml, YamlError> {
    use serde_yaml::Value as V;
    Ok(match value {
        V::Null => Yaml::Null,
        V::Bool(b) => Yaml::Bool(b),
        V::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Int(i),
            None => Yaml::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        V::String(s) => Yaml::Str(s),
        V::Sequence(items) => Yaml::List(
            items
                .into_iter()
                .map(from_value)
                .collect::<Result<_, _>>()?,
        ),
        V::Mapping(map) => {
            let mut out = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    V::String(s) => s,
                    V::Number(n) => n.to_string(),
                    V::Bool(b) => b.to_string(),
                    other => {
                        return Err(YamlError {
                            message: format!("a field name must be text, not {other:?}"),
                            line: 0,
                            col: 0,
                        });
                    }
                };
                out.push((key, from_value(v)?));
            }
            Yaml::Map(out)
        }
        V::Tagged(tagged) => from_value(tagged.value)?,
    })
}

/// Parses YAML text straight into a typed value (for configuration files).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert_error(e, text))
}

/// Where a field is written in YAML `text`: the 1-based line and column of
/// its value (or of its name when the value is on later lines). `path` names
/// the field and the fields it is nested in, e.g. `["consent", "recorded"]`.
///
/// serde's values carry no positions, so this reads the text itself; it
/// understands block maps and one-line `{ a: 1 }` maps, which is what front
/// matter and `site.yaml` use.
pub fn key_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for (depth, key) in path.iter().enumerate() {
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(from) {
            let indent = line.len() - line.trim_start().len();
            let trimmed = line.trim_start().trim_start_matches("- ");
            if depth > 0
                && i > from
                && !line.trim().is_empty()
                && let Some(p) = parent_indent
                && indent <= p
            {
                break;
            }
            if depth == 0 && indent != 0 {
                continue;
            }
            if let Some(col) = field_column(line, trimmed, key) {
                hit = Some((i, col, indent));
                break;
            }
            // a one-line map on the parent's own line: `consent: { by: x }`
            if depth > 0
                && i == from
                && let Some(pos) = line.find(&format!("{key}:"))
            {
                hit = Some((i, value_column(line, pos + key.len() + 1), indent));
                break;
            }
        }
        let (i, col, indent) = hit?;
        found = Some((i + 1, col));
        from = i;
        parent_indent = Some(indent);
    }
    found
}

fn field_column(line: &str, trimmed: &str, key: &str) -> Option<usize> {
    let rest = trimmed
        .strip_prefix(key)
        .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))?;
    let after = rest.trim_start();
    if !after.starts_with(':') {
        return None;
    }
    let colon_at = line.len() - after.len();
    Some(value_column(line, colon_at + 1))
}

/// The 1-based character column of the first non-space after byte `from`,
/// or of `from` itself when the rest of the line is empty.
fn value_column(line: &str, from: usize) -> usize {
    let rest = &line[from.min(line.len())..];
    let skip = rest.len() - rest.trim_start().len();
    let at = if rest.trim().is_empty() {
        from
    } else {
        from + skip
    };
    line[..at.min(line.len())].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_field_order_and_types() {
        let y = parse("title: हीरा\nnumber: 11\ntags: [a, b]\ndate: 2026-11-01\n").unwrap();
        let Yaml::Map(fields) = y else { panic!() };
        let keys: Vec<_> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["title", "number", "tags", "date"]);
        assert_eq!(fields[0].1, Yaml::Str("हीरा".into()));
        assert_eq!(fields[1].1, Yaml::Int(11));
        assert_eq!(fields[3].1, Yaml::Str("2026-11-01".into()));
    }

    #[test]
    fn finds_nested_fields() {
        let text = "title: x\nconsent:\n  recorded: 2026-01-01\n  by: R\nby: top\n";
        assert_eq!(key_position(text, &["title"]), Some((1, 8)));
        assert_eq!(key_position(text, &["consent", "by"]), Some((4, 7)));
        assert_eq!(key_position(text, &["by"]), Some((5, 5)));
        let flow = "consent: { recorded: 2026-01-01, by: R }\n";
        assert_eq!(key_position(flow, &["consent", "by"]), Some((1, 38)));
    }

    #[test]
    fn errors_count_lines_as_diagnostics_do() {
        // libyaml ends a line at each lone `\r`; a file's lines end at `\n`.
        let e = parse("\"\r\r\r\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e:?}");
        let e = parse("a: 1\r\nb: [\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse("title: a\ntags: [a, b\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }
}

//! Problems found in a site, and how they are printed.
//!
//! Every stage of the pipeline collects [`Diagnostic`]s instead of stopping at
//! the first problem, so an editor sees all of them in one run. They are
//! printed in one place ([`Diagnostic::render`]) in the shape rustc uses:
//! `path:line:col: error: message`, the offending source line with a caret,
//! and a hint saying what to do. This module does not decide what is wrong;
//! the loaders and renderers do.

use std::fmt::Write as _;
use std::path::PathBuf;

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, tied to a place in a file of the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder when it is inside it.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// What to do about it, in plain words.
    pub hint: Option<String>,
    /// The text of `line`, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line`:`col` of `source` (the whole file text)
    /// and keeps that line to show under the message.
    pub fn at(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.source_line = source_line(source, line).map(str::to_owned);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `path:line:col` prefix, leaving out what is unknown.
    pub fn location(&self) -> String {
        let mut loc = self.path.display().to_string();
        if self.line > 0 {
            let _ = write!(loc, ":{}", self.line);
            if self.col > 0 {
                let _ = write!(loc, ":{}", self.col);
            }
        }
        loc
    }

    /// The full text of the diagnostic, as printed on the terminal.
    pub fn render(&self, colour: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        let (on, bold, off) = if colour {
            (paint, "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let mut out = format!(
            "{bold}{}{off}: {on}{label}{off}: {bold}{}{off}\n",
            self.location(),
            self.message
        );
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} |");
            // A very long line (pasted data, a runaway `>>>>`) is shown
            // as a window around the column.
            let chars: Vec<char> = text.chars().collect();
            let col = self.col.saturating_sub(1).min(chars.len());
            let start = col
                .saturating_sub(SHOWN / 2)
                .min(chars.len().saturating_sub(SHOWN));
            let end = (start + SHOWN).min(chars.len());
            let shown: String = chars[start..end].iter().collect();
            let (open, close) = (
                if start > 0 { "…" } else { "" },
                if end < chars.len() { "…" } else { "" },
            );
            let _ = writeln!(out, "{number} | {open}{shown}{close}");
            if self.col > 0 {
                let before: String = chars[start..col]
                    .iter()
                    .map(|&c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(
                    out,
                    "{pad} | {}{before}{on}^{off}",
                    " ".repeat(open.chars().count())
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

/// The most characters of a source line shown under a message.
const SHOWN: usize = 100;

/// The text of 1-based `line` in `source`, without its line ending.
pub fn source_line(source: &str, line: usize) -> Option<&str> {
    if line == 0 {
        return None;
    }
    source
        .lines()
        .nth(line - 1)
        .map(|l| l.trim_end_matches('\r'))
}

/// 1-based line and column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every problem of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted by file, then place, errors before warnings at the same place;
    /// duplicates removed. Parallel stages push in any order, so the printed
    /// order is made stable here.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let src = "---\ntitle: x\ndate: 2026-13-01\n---\n";
        let d = Diagnostic::error("content/a.md", "`date` is not a real date")
            .at(src, 3, 7)
            .with_hint("write it as YYYY-MM-DD");
        let text = d.render(false);
        assert!(text.starts_with("content/a.md:3:7: error: `date` is not a real date\n"));
        assert!(text.contains("3 | date: 2026-13-01\n"));
        assert!(text.contains("  |       ^\n"));
        assert!(text.contains("hint: write it as YYYY-MM-DD"));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "एक\nदो तीन";
        let offset = src.find("तीन").unwrap();
        assert_eq!(line_col(src, offset), (2, 4));
    }
}

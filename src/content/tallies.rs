//! Petition tallies: `SLUG.tallies.csv`, one row per batch of signatures,
//! paper sheets and online alike, shared by every translation of the petition.

use std::path::Path;

use super::date::Date;
use crate::diagnostics::Diagnostic;

pub const HEADER: [&str; 4] = ["date", "place", "collected_by", "count"];

/// One batch of signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub date: Date,
    pub place: String,
    pub collected_by: String,
    pub count: u64,
}

/// Reads a tallies file; every bad row is its own diagnostic.
pub fn parse(path: &Path, text: &str) -> (Vec<Tally>, Vec<Diagnostic>) {
    let mut tallies = Vec::new();
    let mut diags = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.iter().eq(HEADER.iter().copied()))
        .unwrap_or(false);
    if !header_ok {
        diags.push(
            Diagnostic::error(path, "the first line of a tallies file must be its header")
                .at(text, 1, 1)
                .with_hint(format!("write exactly `{}`", HEADER.join(","))),
        );
        return (tallies, diags);
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                diags.push(
                    Diagnostic::error(path, format!("cannot read this row: {e}")).at(text, line, 1),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        match row(&record) {
            Ok(t) => tallies.push(t),
            Err((col, msg, hint)) => diags.push(
                Diagnostic::error(path, msg)
                    .at(text, line, column_of(text, line, col))
                    .with_hint(hint),
            ),
        }
    }
    (tallies, diags)
}

type RowError = (usize, String, &'static str);

fn row(record: &csv::StringRecord) -> Result<Tally, RowError> {
    if record.len() != 4 {
        return Err((
            0,
            format!("this row has {} fields; a tally has 4", record.len()),
            "write date,place,collected_by,count; put a place with a comma in double quotes",
        ));
    }
    let date = Date::parse(&record[0]).map_err(|m| (0, m, "write the date as YYYY-MM-DD"))?;
    let count = record[3]
        .replace([',', '_'], "")
        .parse::<u64>()
        .map_err(|_| {
            (
                3,
                format!("`{}` is not a number of signatures", &record[3]),
                "write the count as digits only, e.g. 412",
            )
        })?;
    if record[1].is_empty() {
        return Err((
            1,
            "the place is empty".into(),
            "write where the signatures were collected, or `online`",
        ));
    }
    Ok(Tally {
        date,
        place: record[1].to_string(),
        collected_by: record[2].to_string(),
        count,
    })
}

/// 1-based column where field `field` starts on `line` (unquoted CSV).
fn column_of(text: &str, line: usize, field: usize) -> usize {
    let Some(l) = crate::diagnostics::source_line(text, line) else {
        return 1;
    };
    let mut col = 1;
    let mut seen = 0;
    let mut quoted = false;
    for c in l.chars() {
        if seen == field {
            return col;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => seen += 1,
            _ => {}
        }
        col += 1;
    }
    col
}

pub fn total(tallies: &[Tally]) -> u64 {
    tallies.iter().map(|t| t.count).sum()
}

/// How much of `goal` a `total` reaches, 0–100 (0 without a goal).
pub fn percent(total: u64, goal: Option<u64>) -> u64 {
    match goal {
        Some(goal) if goal > 0 => (total.saturating_mul(100) / goal).min(100),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_rows_and_reports_bad_ones() {
        let text = "date,place,collected_by,count\n2026-07-05,Forbesganj,Sakhi group,412\n2026-07-06,\"Kidderpore, Kolkata\",Sonar Bangla,38O\n2026-07-07,online,web form,100\n";
        let (t, d) = parse(Path::new("p.tallies.csv"), text);
        assert_eq!(total(&t), 512);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (3, 47));
        assert!(d[0].message.contains("38O"));
    }

    #[test]
    fn header_is_required() {
        let (_, d) = parse(Path::new("p.csv"), "2026-07-05,x,y,1\n");
        assert!(
            d[0].hint
                .as_deref()
                .unwrap()
                .contains("date,place,collected_by,count")
        );
    }
}

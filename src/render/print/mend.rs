//! Mends the text runs of a typeset document before it becomes a PDF, so
//! that its text extracts as it was written.
//!
//! Typst 0.15 cuts a run of shaped text wherever a glyph sits higher or lower
//! than its neighbours: a Devanagari anusvara or reph, a Bengali vowel sign
//! below, nearly every letter of Nastaliq. Each piece keeps the whole text of
//! the character cluster it cuts through, so the PDF maps that text twice
//! (`आईंईं`) and puts gaps inside words (`स्कू ल`), and in Urdu every letter
//! becomes a run of its own. Here neighbouring pieces of one line, in one
//! font, are joined back into one run: the vertical shift moves into each
//! glyph's own offset, and a cluster cut in two keeps its text once. What is
//! drawn does not change.
//!
//! A reader such as pdftotext also takes a word apart where a cluster ends
//! in a mark drawn back over its letter (a Tamil pulli, a Devanagari e-sign,
//! an Odia i-sign): the mark's own width, not the cluster's, tells it where
//! the cluster ends, so it sees a gap before the next letter (`சந் தைக் கு`).
//! Such a cluster and the next one of the same word share one text range,
//! which the PDF then gives as one piece of text.

use typst::layout::{Abs, Dir, Em, Frame, FrameItem, Point};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// The document with its cut text runs joined.
pub fn mend(document: PagedDocument) -> PagedDocument {
    let mut document = document;
    let info = document.info_mut().clone();
    let pages = document
        .pages()
        .iter()
        .cloned()
        .map(|mut page| {
            mend_frame(&mut page.frame);
            page
        })
        .collect();
    PagedDocument::new(pages, info)
}

fn mend_frame(frame: &mut Frame) {
    let items: Vec<(Point, FrameItem)> = frame.items().cloned().collect();
    let mut mended: Vec<(Point, FrameItem)> = Vec::with_capacity(items.len());
    let mut run: Option<(Point, TextItem)> = None;
    for (pos, item) in items {
        match item {
            FrameItem::Text(text) => {
                run = Some(match run.take() {
                    Some((at, joined)) => match join(at, joined, pos, text) {
                        Ok(joined) => (at, joined),
                        Err((before, next)) => {
                            mended.push((at, FrameItem::Text(before)));
                            (pos, next)
                        }
                    },
                    None => (pos, text),
                });
            }
            FrameItem::Group(mut group) => {
                if let Some((at, text)) = run.take() {
                    mended.push((at, FrameItem::Text(text)));
                }
                mend_frame(&mut group.frame);
                mended.push((pos, FrameItem::Group(group)));
            }
            other => {
                if let Some((at, text)) = run.take() {
                    mended.push((at, FrameItem::Text(text)));
                }
                mended.push((pos, other));
            }
        }
    }
    if let Some((at, text)) = run {
        mended.push((at, FrameItem::Text(text)));
    }
    for (_, item) in &mut mended {
        if let FrameItem::Text(text) = item {
            join_gapped_clusters(text);
        }
    }
    frame.clear();
    frame.push_multiple(mended);
}

/// How far a cluster's last glyph may end from where the cluster ends
/// before a reader sees a gap (pdftotext breaks a word at 0.1 em).
const GAP: f64 = 0.05;

/// Gives a cluster whose last glyph ends short of (or past) the cluster's
/// end the same text range as the next cluster of its word, so the two are
/// one piece of text in the PDF. Left-to-right runs only.
fn join_gapped_clusters(item: &mut TextItem) {
    if right_to_left(item) || item.glyphs.len() < 2 {
        return;
    }
    // Each cluster as [first, end) glyph indices, with where it ends and
    // where a reader thinks it ends.
    let mut clusters: Vec<(usize, usize, bool)> = Vec::new();
    let mut pen = Em::zero();
    let mut start = 0;
    for i in 0..item.glyphs.len() {
        let glyph = &item.glyphs[i];
        let last_of_cluster = item
            .glyphs
            .get(i + 1)
            .is_none_or(|next| next.range != glyph.range);
        let drawn_end =
            pen + glyph.x_offset + item.font.x_advance(glyph.id).unwrap_or(glyph.x_advance);
        pen += glyph.x_advance;
        if last_of_cluster {
            let gapped = (pen - drawn_end).get().abs() > GAP;
            clusters.push((start, i + 1, gapped));
            start = i + 1;
        }
    }
    let text = item.text.as_str();
    let is_space = |range: std::ops::Range<usize>| {
        text.get(range)
            .is_none_or(|t| t.chars().all(|c| c.is_whitespace() || c == '\u{AD}'))
    };
    let mut c = 0;
    while c < clusters.len() {
        // The clusters from `c` on that join: each gapped one with the next.
        let mut end = c;
        while end + 1 < clusters.len()
            && clusters[end].2
            && !is_space(item.glyphs[clusters[end].0].range())
            && !is_space(item.glyphs[clusters[end + 1].0].range())
        {
            end += 1;
        }
        if end > c {
            let first = item.glyphs[clusters[c].0].range.start;
            let last = item.glyphs[clusters[end].1 - 1].range.end;
            if first < last {
                for glyph in &mut item.glyphs[clusters[c].0..clusters[end].1] {
                    glyph.range = first..last;
                }
            }
        }
        c = end + 1;
    }
}

/// Whether a run's glyphs go right to left (their text ranges fall).
fn right_to_left(item: &TextItem) -> bool {
    match (item.glyphs.first(), item.glyphs.last()) {
        (Some(first), Some(last)) if item.glyphs.len() > 1 && first.range != last.range => {
            first.range.start > last.range.start
        }
        _ => item.lang.dir() == Dir::RTL,
    }
}

/// The text of the cluster that begins (`at_start`) or ends the run's text.
fn edge_cluster(item: &TextItem, at_start: bool) -> Option<&str> {
    let len = item.text.len();
    item.glyphs
        .iter()
        .map(|g| g.range())
        .find(|r| if at_start { r.start == 0 } else { r.end == len })
        .and_then(|r| item.text.get(r))
}

/// Joins `next`, drawn at `pos`, to `run`, drawn at `at`, when it is the
/// next piece of the same line in the same font; else gives both back.
#[allow(clippy::result_large_err)]
fn join(
    at: Point,
    mut run: TextItem,
    pos: Point,
    mut next: TextItem,
) -> Result<TextItem, (TextItem, TextItem)> {
    let size = run.size;
    let touching = (at.x + run.width() - pos.x).abs() < Abs::pt(0.01);
    let same_line = (at.y - pos.y).abs() < size * 1.5;
    let same_look = run.font == next.font
        && run.size == next.size
        && run.fill == next.fill
        && run.stroke == next.stroke
        && run.lang == next.lang
        && run.region == next.region;
    let rtl = right_to_left(&run);
    if !(touching && same_line && same_look) || rtl != right_to_left(&next) {
        return Err((run, next));
    }
    // The piece's height, as an offset of each of its glyphs from the run's
    // baseline (up is positive, as in the font).
    let rise = Em::from_abs(at.y - pos.y, size);
    for glyph in &mut next.glyphs {
        glyph.y_offset += rise;
    }
    // In reading order, the earlier text comes first; a cluster cut in two
    // is in both texts and is kept once.
    let (earlier, later) = if rtl { (&next, &run) } else { (&run, &next) };
    let shared = match (edge_cluster(earlier, false), edge_cluster(later, true)) {
        (Some(a), Some(b)) if a == b => a.len(),
        _ => 0,
    };
    let text = format!("{}{}", earlier.text, &later.text[shared..]);
    let Ok(shift) = u16::try_from(earlier.text.len() - shared) else {
        return Err((run, next));
    };
    if u16::try_from(text.len()).is_err() {
        return Err((run, next));
    }
    let later_glyphs = if rtl {
        &mut run.glyphs
    } else {
        &mut next.glyphs
    };
    for glyph in later_glyphs.iter_mut() {
        glyph.range = glyph.range.start + shift..glyph.range.end + shift;
    }
    run.glyphs.append(&mut next.glyphs);
    run.text = text.into();
    Ok(run)
}

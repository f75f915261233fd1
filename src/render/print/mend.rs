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
    frame.clear();
    frame.push_multiple(mended);
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

//! Whole sheets, no wasted page. An issue is typeset, its pages looked at,
//! and typeset again, tighter or with a page added, until it ends on whole
//! sheets: an even number of A4 pages (or a single page), or a multiple of
//! four A5 pages for the booklet, with no page holding only a few lines or
//! the back box. What each level of tightness changes is the template's
//! business (`d.fit` in `issue.typ`); what counts as fitted, and what to
//! try, is decided here. The booklet's A5 pages are then laid two to a side of A4 in
//! saddle-stitch order ([`impose`]).

use typst::foundations::{Dict, IntoValue, Label, Str, Value};
use typst::layout::{Abs, Frame, FrameItem, Point, Size};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// One way of setting an issue: how tight (0 as written; up to 3 tighter,
/// down to -2 looser, within the limits the template sets), whether a page
/// of open petitions and a "write for us" note is added, and whether the
/// back box closes the last column instead of crossing the foot of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub tight: i8,
    pub fill: bool,
    pub back_in_column: bool,
    /// Points left empty above the back box so that the last page's
    /// columns end at about the same height ([`unevenness`]).
    pub balance: u16,
}

pub const AS_WRITTEN: Fit = Fit {
    tight: 0,
    fill: false,
    back_in_column: false,
    balance: 0,
};

impl Fit {
    /// The setting as the template reads it, `d.fit`.
    pub fn setting(self) -> Dict {
        let mut d = Dict::new();
        let mut set = |key: &str, value: Value| d.insert(Str::from(key), value);
        set("tight", i64::from(self.tight).into_value());
        set("fill", self.fill.into_value());
        let back = if self.back_in_column {
            "column"
        } else {
            "page"
        };
        set("back", back.into_value());
        set(
            "balance",
            Value::Length(Abs::pt(self.balance.into()).into()),
        );
        d
    }
}

/// What to try after the issue set as written came out as `words` (per
/// page), best first, at most four:
/// - the last page holds little (the back box alone, a few lines): lose
///   it when that leaves whole sheets (or one page), with the back box in
///   the last column and tighter if need be; else fill it with the open
///   petitions;
/// - the last page is full but the count is odd: add a page of petitions;
/// - the count is right: spread onto a thin last page, looser.
pub fn next_attempts(words: &[usize], per_sheet: usize) -> Vec<Fit> {
    let fit = |tight, fill, back_in_column| Fit {
        tight,
        fill,
        back_in_column,
        balance: 0,
    };
    let Some(&last) = words.last() else {
        return Vec::new();
    };
    let median = median(words);
    let whole_count = words.len().is_multiple_of(per_sheet);
    let thin = last * 3 < median;
    // The least tightening that could take back what the last page holds
    // beyond the back box, so a typical issue is laid out twice, not four
    // times.
    let total: usize = words.iter().sum();
    let spill = last.saturating_sub(BACK_BOX_WORDS) as f64 / total.max(1) as f64;
    let start = match spill {
        s if s < 0.01 => 0,
        s if s < 0.04 => 1,
        s if s < 0.08 => 2,
        _ => 3,
    };
    match (whole_count, thin) {
        // Two pages, the second thin: one page saves the sheet, with the
        // back box in a column (across the foot, it needs the room of two
        // boxes in the second column) and set tighter.
        (true, true) if words.len() == 2 => {
            let start = start.max(1);
            let mut tries = vec![fit(start, false, true)];
            if start < 3 {
                tries.push(fit(start + 1, false, true));
            }
            tries.push(fit(0, true, false));
            tries
        }
        (true, true) => vec![
            fit(0, true, true),
            fit(-1, true, true),
            fit(-1, false, false),
            fit(-2, false, false),
        ],
        (true, false) => vec![fit(-1, false, false), fit(1, false, false)],
        (false, true) => {
            let mut tries: Vec<Fit> = (start..=3.min(start + 1))
                .map(|tight| fit(tight, false, true))
                .collect();
            tries.push(fit(0, true, false));
            tries.push(fit(-1, true, false));
            tries
        }
        (false, false) => vec![
            fit(0, true, false),
            fit(-1, true, false),
            fit(-2, true, false),
            fit(1, false, true),
        ],
    }
}

/// About how many words the back box holds (its line and the address).
const BACK_BOX_WORDS: usize = 25;

fn median(words: &[usize]) -> usize {
    let mut sorted = words.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or(0)
}

/// How much sooner the first column of the last page should end for the
/// two to end at about the same height, in points, when that is more than
/// two lines; none when they already do, or when the page is not in
/// columns. Measured from the lines of text between the start of the last
/// run of columns (`<awaaz-run>`, when it is on the last page) and the top
/// of the back box (`<awaaz-foot>`), each column's lines being those on
/// its side of the page's middle (the first column is on the right when
/// `rtl`). A line's worth is kept in hand, so that the second column never
/// needs more room than the page has.
pub fn unevenness(document: &PagedDocument, rtl: bool) -> Option<u16> {
    let last = document.pages().len();
    let marker = |name: &str| {
        let label = Label::new(PicoStr::intern(name))?;
        let introspector = document.introspector();
        let found = typst::introspection::Introspector::query_label(&**introspector, label).ok()?;
        introspector.position(found.location()?)
    };
    let foot = marker("awaaz-foot").filter(|at| at.page.get() == last)?;
    let (floor, foot_room) = {
        let label = Label::new(PicoStr::intern("awaaz-page"))?;
        let found =
            typst::introspection::Introspector::query_label(&**document.introspector(), label)
                .ok()?;
        let Ok(Value::Dict(page)) = found.get_by_name("value") else {
            return None;
        };
        let length = |key: &str| match page.get(key) {
            Ok(Value::Length(l)) => Some(l.abs),
            _ => None,
        };
        (length("floor")?, length("foot")?)
    };
    // No last run of columns: the issue ends with a poem across the page.
    let run = marker("awaaz-run")?;
    let top = if run.page.get() == last {
        run.point.y
    } else {
        Abs::zero()
    };
    // Footnotes at the foot of the last page take from its columns.
    let notes = Label::new(PicoStr::intern("awaaz-note")).map_or(Vec::new(), |label| {
        let introspector = document.introspector();
        typst::introspection::Introspector::query(
            &**introspector,
            &typst::foundations::Selector::Label(label),
        )
        .iter()
        .filter_map(|note| introspector.position(note.location()?))
        .filter(|at| at.page.get() == last)
        .map(|at| at.point.y)
        .collect()
    });
    let page = &document.pages()[last - 1].frame;
    let middle = page.width() / 2.0;
    let mut lines = Vec::new();
    baselines(page, Point::zero(), &mut lines);
    let (mut first, mut second): (Vec<Abs>, Vec<Abs>) = (Vec::new(), Vec::new());
    for (x0, x1, y) in lines {
        if y <= top || y >= foot.point.y {
            continue;
        }
        let (left, right) = (x1 <= middle, x0 >= middle);
        match (left, right, rtl) {
            (true, _, false) | (_, true, true) => first.push(y),
            (true, _, true) | (_, true, false) => second.push(y),
            _ => {}
        }
    }
    let pitch = line_pitch(&mut first)?;
    let start = first.first().copied()?;
    let end = |col: &[Abs]| col.last().map_or(Abs::zero(), |&y| y - start + pitch);
    let (long, short) = (end(&first), end(&second));
    // The columns may use the page from the first line to the back box;
    // they should use half their lines and one more.
    let floor = notes
        .into_iter()
        .fold(floor, |floor, note| floor.min(note - pitch * 2.0));
    let room = floor - foot_room - start;
    let shorten = room - ((long + short) / 2.0 + pitch);
    (shorten > pitch * 2.0).then(|| shorten.to_pt().min(f64::from(u16::MAX)) as u16)
}

/// The left end, right end and baseline of every run of text in `frame`
/// (the foot of every image), placed at `at` on the page.
fn baselines(frame: &Frame, at: Point, out: &mut Vec<(Abs, Abs, Abs)>) {
    for (pos, item) in frame.items() {
        let pos = at + *pos;
        match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                baselines(&group.frame, pos + shift, out);
            }
            FrameItem::Text(text) => out.push((pos.x, pos.x + text.width(), pos.y)),
            // A photo or the QR code takes its height.
            FrameItem::Image(_, size, _) => out.push((pos.x, pos.x + size.x, pos.y + size.y)),
            _ => {}
        }
    }
}

/// Sorts a column's baselines and gives the usual distance between its
/// lines (the median gap); none for fewer than three lines.
fn line_pitch(column: &mut Vec<Abs>) -> Option<Abs> {
    column.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    column.dedup_by(|a, b| (*a - *b).abs() < Abs::pt(0.5));
    let mut gaps: Vec<Abs> = column.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    gaps.get(gaps.len() / 2)
        .copied()
        .filter(|_| gaps.len() >= 2)
}

/// What fitting did, for the build's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Whole sheets as written.
    AsWritten,
    /// Whole sheets once set tighter or looser, or the back box moved.
    Respaced,
    /// Whole sheets with a page of petitions and a note added.
    PageAdded,
    /// No setting within the limits gave whole sheets: set as written.
    NotFitted,
}

impl Outcome {
    pub fn of(fit: Fit) -> Outcome {
        match fit {
            Fit { fill: true, .. } => Outcome::PageAdded,
            AS_WRITTEN => Outcome::AsWritten,
            _ => Outcome::Respaced,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::AsWritten => "fitted",
            Outcome::Respaced => "fitted, spacing or the back box moved",
            Outcome::PageAdded => "fitted, a page of open petitions added",
            Outcome::NotFitted => "not fitted: a page is left part empty",
        }
    }
}

/// What the build says of one issue (`despatch/2026-11 (en): 4 pages,
/// fitted`) or booklet, `pages` being the pages set (before imposing).
pub fn report(folder: &str, lang: &str, pages: usize, booklet: bool, outcome: Outcome) -> String {
    let done = outcome.as_str();
    if booklet {
        let (pages, sheets) = (
            counted(pages, "A5 page"),
            counted(pages.div_ceil(4), "sheet"),
        );
        format!("{folder} ({lang}) booklet: {pages} on {sheets}, {done}")
    } else {
        format!("{folder} ({lang}): {}, {done}", counted(pages, "page"))
    }
}

/// `4 pages`, `1 page`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whether pages with `words` words each end on whole sheets of
/// `per_sheet` pages, with no page holding less than a third of the
/// median page's words. A single page is whole. With `filled`, the last
/// page is the added page of petitions, set apart to be read on its own:
/// it counts as full.
pub fn whole(words: &[usize], per_sheet: usize, filled: bool) -> bool {
    if words.len() <= 1 {
        return true;
    }
    if !words.len().is_multiple_of(per_sheet) {
        return false;
    }
    let median = median(words);
    let read = if filled {
        &words[..words.len() - 1]
    } else {
        words
    };
    read.iter().all(|&w| w * 3 >= median)
}

/// The A5 pages of `document` as a booklet: blank pages added to make a
/// multiple of four, then two pages on each side of an A4 landscape sheet
/// in saddle-stitch order ([`saddle_order`]), ready for duplex copying and
/// folding. A right-to-left booklet (Urdu) folds the other way.
pub fn impose(mut document: PagedDocument, rtl: bool) -> PagedDocument {
    let info = document.info_mut().clone();
    let mut pages: Vec<_> = document.pages().to_vec();
    let Some(first) = pages.first().cloned() else {
        return PagedDocument::new(pages.into(), info);
    };
    let size = first.frame.size();
    while !pages.len().is_multiple_of(4) {
        let mut blank = first.clone();
        blank.frame = Frame::hard(size);
        pages.push(blank);
    }
    let sheet_size = Size::new(size.x * 2.0, size.y);
    let sides: Vec<_> = saddle_order(pages.len(), rtl)
        .into_iter()
        .map(|(left, right)| {
            let mut frame = Frame::hard(sheet_size);
            frame.push_frame(Point::zero(), pages[left].frame.clone());
            frame.push_frame(Point::with_x(size.x), pages[right].frame.clone());
            let mut side = pages[right].clone();
            side.frame = frame;
            side
        })
        .collect();
    PagedDocument::new(sides.into(), info)
}

/// The 0-based pages on the left and right of each side, front then back
/// of each sheet, for `n` pages (a multiple of four). Left to right, sheet
/// s's front is (last − 2s, 2s) and its back (2s + 1, last − 1 − 2s), so
/// page 1 is the front cover on the right; right to left, each side is
/// mirrored, the cover on the left and the spine on its right.
pub fn saddle_order(n: usize, rtl: bool) -> Vec<(usize, usize)> {
    (0..n / 4)
        .flat_map(|sheet| {
            let front = (n - 1 - 2 * sheet, 2 * sheet);
            let back = (2 * sheet + 1, n - 2 - 2 * sheet);
            [front, back]
        })
        .map(|(left, right)| if rtl { (right, left) } else { (left, right) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booklet_pages_go_in_saddle_stitch_order_each_way() {
        assert_eq!(saddle_order(8, false), [(7, 0), (1, 6), (5, 2), (3, 4)]);
        assert_eq!(saddle_order(8, true), [(0, 7), (6, 1), (2, 5), (4, 3)]);
        assert_eq!(saddle_order(4, false), [(3, 0), (1, 2)]);
    }

    #[test]
    fn whole_sheets_and_no_page_of_a_few_lines() {
        assert!(whole(&[400], 2, false));
        assert!(whole(&[600, 580, 610, 300], 2, false));
        assert!(!whole(&[600, 580, 610], 2, false));
        // The back box alone on the last page.
        assert!(!whole(&[600, 580, 610, 590, 21], 2, false));
        assert!(!whole(&[600, 580, 610, 21], 2, false));
        assert!(whole(&[300, 310, 290, 200], 4, false));
        assert!(!whole(&[300, 310, 290, 200, 250, 260], 4, false));
        // A page of petitions, set apart.
        assert!(whole(&[600, 580, 610, 150], 2, true));
        assert!(!whole(&[600, 40, 610, 150], 2, true));
    }

    #[test]
    fn the_last_page_says_what_to_try() {
        // Five pages, the last holding the back box: lose a page.
        let tries = next_attempts(&[600, 580, 610, 590, 21], 2);
        assert_eq!((tries[0].tight, tries[0].back_in_column), (0, true));
        // Three, the last holding some lines: tighter from the start.
        assert_eq!(next_attempts(&[340, 190, 60], 2)[0].tight, 2);
        // Three full pages: add one.
        assert!(next_attempts(&[600, 580, 500], 2)[0].fill);
        // Four pages, the last nearly empty: fill it.
        assert!(next_attempts(&[600, 580, 610, 21], 2)[0].fill);
        // Two, the second nearly empty: try one first.
        assert!(!next_attempts(&[600, 21], 2)[0].fill);
    }
}

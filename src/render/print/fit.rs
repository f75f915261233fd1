//! Whole sheets, no wasted page. An issue is typeset, its pages looked at,
//! and typeset again, tighter or with a page added, until it ends on whole
//! sheets: an even number of A4 pages (or a single page), or a multiple of
//! four A5 pages for the booklet, with no page holding only a few lines or
//! the back box. What each level of tightness changes is the template's
//! business (`d.fit` in `issue.typ`); what counts as fitted, and what to
//! try, is decided here. The booklet's A5 pages are then laid two to a side of A4 in
//! saddle-stitch order ([`impose`]).

use typst::layout::{Frame, Point, Size};
use typst_layout::PagedDocument;

/// One way of setting an issue: how tight (0 as written; up to 3 tighter,
/// down to -2 looser, within the limits the template sets) and whether a
/// page of open petitions and a "write for us" note is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub tight: i8,
    pub fill: bool,
}

pub const AS_WRITTEN: Fit = Fit {
    tight: 0,
    fill: false,
};

/// What to try after the issue set as written came out as `words` (per
/// page): tighter when the last page holds little (to lose it), looser
/// when the page count is right but the last page nearly empty (to fill
/// it), a page of petitions added when the last page is full (looser too,
/// to spread onto it).
pub fn next_attempts(words: &[usize], per_sheet: usize) -> Vec<Fit> {
    let fit = |tight, fill| Fit { tight, fill };
    let Some(&last) = words.last() else {
        return Vec::new();
    };
    let median = median(words);
    let whole_count = words.len() % per_sheet == 0;
    if whole_count {
        vec![fit(-1, false), fit(-2, false), fit(1, false), fit(2, false)]
    } else if last * 2 < median {
        vec![
            fit(1, false),
            fit(2, false),
            fit(3, false),
            fit(0, true),
            fit(-1, true),
        ]
    } else {
        vec![
            fit(0, true),
            fit(-1, true),
            fit(-2, true),
            fit(1, false),
            fit(2, false),
        ]
    }
}

fn median(words: &[usize]) -> usize {
    let mut sorted = words.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or(0)
}

/// What fitting did, for the build's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Whole sheets as written.
    AsWritten,
    /// Whole sheets once set tighter or looser.
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
            Fit { tight: 0, .. } => Outcome::AsWritten,
            _ => Outcome::Respaced,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::AsWritten => "fitted",
            Outcome::Respaced => "fitted, spacing adjusted",
            Outcome::PageAdded => "fitted, a page of open petitions added",
            Outcome::NotFitted => "not fitted: a page is left part empty",
        }
    }
}

/// Whether pages with `words` words each end on whole sheets of
/// `per_sheet` pages, with no page holding less than a third of the
/// median page's words. A single page is whole.
pub fn whole(words: &[usize], per_sheet: usize) -> bool {
    if words.len() <= 1 {
        return true;
    }
    if words.len() % per_sheet != 0 {
        return false;
    }
    let median = median(words);
    words.iter().all(|&w| w * 3 >= median)
}

/// The A5 pages of `document` as a booklet: blank pages added to make a
/// multiple of four, then two pages on each side of an A4 landscape sheet
/// in saddle-stitch order (sheet 1 front: the last page and page 1, back:
/// page 2 and the last but one …), ready for duplex copying and folding.
pub fn impose(mut document: PagedDocument) -> PagedDocument {
    let info = document.info_mut().clone();
    let mut pages: Vec<_> = document.pages().to_vec();
    let Some(first) = pages.first().cloned() else {
        return PagedDocument::new(pages.into(), info);
    };
    let size = first.frame.size();
    while pages.len() % 4 != 0 {
        let mut blank = first.clone();
        blank.frame = Frame::hard(size);
        pages.push(blank);
    }
    let n = pages.len();
    let sheet_size = Size::new(size.x * 2.0, size.y);
    let mut sides = Vec::with_capacity(n / 2);
    for sheet in 0..n / 4 {
        // 0-based page numbers: front (last − 2s, 2s), back (2s + 1, last − 2s − 1).
        let front = (n - 1 - 2 * sheet, 2 * sheet);
        let back = (2 * sheet + 1, n - 2 - 2 * sheet);
        for (left, right) in [front, back] {
            let mut frame = Frame::hard(sheet_size);
            frame.push_frame(Point::zero(), pages[left].frame.clone());
            frame.push_frame(Point::with_x(size.x), pages[right].frame.clone());
            let mut side = pages[right].clone();
            side.frame = frame;
            sides.push(side);
        }
    }
    PagedDocument::new(sides.into(), info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_sheets_and_no_page_of_a_few_lines() {
        assert!(whole(&[400], 2));
        assert!(whole(&[600, 580, 610, 300], 2));
        assert!(!whole(&[600, 580, 610], 2));
        // The back box alone on the last page.
        assert!(!whole(&[600, 580, 610, 590, 21], 2));
        assert!(!whole(&[600, 580, 610, 21], 2));
        assert!(whole(&[300, 310, 290, 200], 4));
        assert!(!whole(&[300, 310, 290, 200, 250, 260], 4));
    }

    #[test]
    fn the_last_page_says_what_to_try() {
        // Five pages, the last holding the back box: lose a page.
        assert_eq!(next_attempts(&[600, 580, 610, 590, 21], 2)[0].tight, 1);
        // Three full pages: add one.
        assert!(next_attempts(&[600, 580, 500], 2)[0].fill);
        // Four pages, the last nearly empty: spread onto it.
        assert_eq!(next_attempts(&[600, 580, 610, 21], 2)[0].tight, -1);
    }
}

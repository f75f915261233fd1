//! Pages of a list: a section list, a tag page or the Despatch archive cut
//! into pages of `paginate_by` cards. The first page stays at the list's
//! address (`/stories/`), the others follow it (`/stories/page/2/`), and
//! each knows its neighbours for the pager and the head's `rel` links.

use serde::Serialize;

use crate::render::strings::Strings;
use crate::site::{PageId, Site, list_page_path};

/// What a page of a list shows of the pages around it. None for a list
/// of one page.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub current: usize,
    pub current_display: String,
    pub total: usize,
    /// `href` of the page before and after, when there is one.
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The same, as full addresses, for `<link rel="prev">` and `"next"`.
    pub previous_permalink: Option<String>,
    pub next_permalink: Option<String>,
    /// The numbers to show: the first, the last, and two on each side of
    /// this one, with a gap where numbers are left out.
    pub pages: Vec<PagerLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    /// The number in the page's digits; empty for a gap.
    pub number_display: String,
    pub url: Option<String>,
    pub current: bool,
    /// A run of numbers left out (shown as `…`).
    pub gap: bool,
}

/// `ids` cut into pages of `per` cards; an empty list is one empty page.
pub fn split(ids: &[PageId], per: usize) -> Vec<&[PageId]> {
    if ids.is_empty() {
        return vec![ids];
    }
    ids.chunks(per.max(1)).collect()
}

/// How many pages a list of `len` cards takes at `per` a page.
pub fn count(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// Where page `n` of a list at `first` that has `pages` pages stands in
/// another language: page `n` of it, else its first page (so that a
/// language switcher never leads to a page that does not exist).
pub fn same_page(first: &str, pages: usize, n: usize) -> String {
    list_page_path(first, if pages >= n { n } else { 1 })
}

/// The pager of page `n` of `total` of the list at `first`, in `lang`'s
/// digits; none when the list has one page.
pub fn pager(
    site: &Site,
    strings: &Strings,
    lang: &str,
    first: &str,
    n: usize,
    total: usize,
) -> Option<Pager> {
    if total <= 1 {
        return None;
    }
    let href = |k: usize| site.href(&list_page_path(first, k));
    let permalink = |k: usize| site.permalink(&list_page_path(first, k));
    let mut pages = Vec::new();
    let mut last_shown = 0;
    for k in 1..=total {
        let shown = k == 1 || k == total || k.abs_diff(n) <= 2;
        if !shown {
            continue;
        }
        if k > last_shown + 1 {
            pages.push(PagerLink {
                number_display: String::new(),
                url: None,
                current: false,
                gap: true,
            });
        }
        pages.push(PagerLink {
            number_display: strings.digits_of(lang, k as u64),
            url: Some(href(k)),
            current: k == n,
            gap: false,
        });
        last_shown = k;
    }
    Some(Pager {
        current: n,
        current_display: strings.digits_of(lang, n as u64),
        total,
        previous: (n > 1).then(|| href(n - 1)),
        next: (n < total).then(|| href(n + 1)),
        previous_permalink: (n > 1).then(|| permalink(n - 1)),
        next_permalink: (n < total).then(|| permalink(n + 1)),
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_cut_into_whole_pages_and_an_empty_one_is_one_page() {
        let ids: Vec<PageId> = (0..47).collect();
        let pages = split(&ids, 10);
        assert_eq!(pages.len(), 5);
        assert_eq!(pages[4], &[40, 41, 42, 43, 44, 45, 46]);
        assert_eq!(count(47, 10), 5);
        assert_eq!(count(40, 10), 4);
        assert_eq!(split(&[], 10).len(), 1);
        assert_eq!(count(0, 10), 1);
        assert_eq!(split(&ids, usize::MAX).len(), 1);
    }
}

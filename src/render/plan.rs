//! The plan of the build's printed outputs: which page has which PDF, at
//! which path, decided before anything is typeset, so that the web pages
//! without one can be rendered while the PDFs are made, and the web
//! renderer can link each PDF from its page ([`PdfLink`]).
//!
//! Outputs to come that are made from pages (share images, page pictures)
//! belong here too, so both renderers agree on their addresses.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::Document;
use crate::content::kinds::Role;
use crate::site::{PageId, Site};

/// The kinds of printed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Issue,
    /// An issue laid out on A5 and imposed two pages a side of A4, to fold.
    Booklet,
    Story,
    Petition,
    /// A page's share image, 1200 × 630 pixels, for link previews.
    Share,
}

/// What a PDF is made from.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A page of the web site.
    Page(PageId),
    /// A story whose consent is for print only: it has no web page.
    PrintOnly(&'a Document),
}

/// One PDF to make.
#[derive(Debug, Clone)]
pub struct PdfJob<'a> {
    pub kind: DocKind,
    pub subject: Subject<'a>,
    /// Path in its output folder (the site, or the print-only folder).
    pub path: String,
}

impl PdfJob<'_> {
    /// The web page the PDF belongs to; none for a print-only story.
    pub fn page(&self) -> Option<PageId> {
        match self.subject {
            Subject::Page(id) => Some(id),
            Subject::PrintOnly(_) => None,
        }
    }

    /// The document the PDF prints.
    pub fn document<'s>(&'s self, site: &'s Site) -> &'s Document {
        match self.subject {
            Subject::Page(id) => &site.pages[id].doc,
            Subject::PrintOnly(doc) => doc,
        }
    }
}

/// Every PDF of the site: each issue and its booklet, each story whose
/// consent includes print (print-only ones too), and each open petition's
/// signature sheet. An issue's booklet comes right after it.
pub fn pdfs(site: &Site) -> Vec<PdfJob<'_>> {
    let mut jobs = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        if page.generated {
            continue;
        }
        let kind = match page.role() {
            Role::Issue(_) => DocKind::Issue,
            Role::Story(story) if story.scope().is_some_and(|s| s.print) => DocKind::Story,
            // A closed petition takes no more signatures.
            Role::Petition(p) if p.is_open() => DocKind::Petition,
            _ => continue,
        };
        let kinds: &[DocKind] = if kind == DocKind::Issue {
            &[DocKind::Issue, DocKind::Booklet]
        } else {
            &[kind]
        };
        for &kind in kinds {
            jobs.push(PdfJob {
                kind,
                subject: Subject::Page(id),
                path: format!(
                    "{}{}",
                    page.url.trim_start_matches('/'),
                    file_name(kind, &page.url, page.lang())
                ),
            });
        }
    }
    // Share images for what is forwarded: petitions, stories, issues and
    // the home page, in each language they exist in. Never for a draft
    // (built with --drafts to preview); withdrawn and print-only stories
    // have no page at all.
    for (id, page) in site.pages.iter().enumerate() {
        let shared = matches!(
            page.role(),
            Role::Home | Role::Petition(_) | Role::Story(_) | Role::Issue(_)
        );
        if page.generated || page.meta().draft || !shared {
            continue;
        }
        // An issue's is named like its PDF: `despatch-2026-11-share-en`.
        let name = match page.role() {
            Role::Issue(_) => file_name(DocKind::Issue, &page.url, page.lang()).replace(
                &format!("-{}.pdf", page.lang()),
                &format!("-share-{}", page.lang()),
            ),
            _ => file_name(DocKind::Share, &page.url, page.lang()),
        };
        jobs.push(PdfJob {
            kind: DocKind::Share,
            subject: Subject::Page(id),
            path: format!("{}{name}", page.url.trim_start_matches('/')),
        });
    }
    for doc in &site.print_only {
        jobs.push(PdfJob {
            kind: DocKind::Story,
            subject: Subject::PrintOnly(doc),
            path: format!(
                "{}/{}",
                if doc.folder.is_empty() {
                    "stories"
                } else {
                    &doc.folder
                },
                file_name(DocKind::Story, &format!("/{}/", doc.stem), &doc.lang)
            ),
        });
    }
    jobs
}

/// The pages whose Markdown source the print renderer reads: the page of
/// each job of [`pdfs`] (a PDF or a share image), and an issue's articles.
pub fn printed_pages(site: &Site) -> BTreeSet<PageId> {
    let mut ids = BTreeSet::new();
    for job in pdfs(site) {
        let Some(id) = job.page() else { continue };
        ids.insert(id);
        if job.kind == DocKind::Issue {
            let issue = &site.pages[id];
            ids.extend(site.children_of(&issue.doc.folder, issue.lang()));
        }
    }
    ids
}

/// `heera-hi.pdf`, `despatch-2026-11-en.pdf`, `end-demand-signatures-bn.pdf`:
/// names that stay apart when several land in one phone's downloads.
fn file_name(kind: DocKind, url: &str, lang: &str) -> String {
    let mut segments: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
    if segments.first() == Some(&lang) {
        segments.remove(0);
    }
    let last = segments.last().copied().unwrap_or("page");
    let issue = || match segments.len() {
        n if n >= 2 => format!("{}-{last}", segments[n - 2]),
        _ => last.to_string(),
    };
    match kind {
        DocKind::Issue => format!("{}-{lang}.pdf", issue()),
        DocKind::Booklet => format!("{}-{lang}-booklet.pdf", issue()),
        DocKind::Story => format!("{last}-{lang}.pdf"),
        DocKind::Petition => format!("{last}-signatures-{lang}.pdf"),
        // The extension (`.png` or `.jpg`) is the smaller encoding's.
        DocKind::Share if segments.is_empty() => format!("share-{lang}"),
        DocKind::Share => format!("{last}-share-{lang}"),
    }
}

/// A page's share image, for its link-preview tags.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShareImage {
    /// The full address (`og:image` must be absolute).
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// What it shows, for `og:image:alt`.
    pub alt: String,
}

/// The share image of each page that has one.
pub type ShareImages = BTreeMap<PageId, ShareImage>;

/// A PDF linked from its web page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PdfLink {
    /// `href` of the PDF.
    pub url: String,
    /// Size in KB, rounded up.
    pub kb: u64,
    /// `kb` in the page's digits.
    pub kb_display: String,
    /// An issue's booklet edition, linked beside it.
    pub booklet: Option<Box<PdfLink>>,
    /// An issue's pages as pictures, to forward in a chat.
    pub pages: Vec<PageLink>,
}

/// One page of an issue as a picture, linked from the issue's page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PageLink {
    pub url: String,
    /// The page's number in the page's digits.
    pub number_display: String,
    /// Size in KB, rounded up, in the page's digits.
    pub kb_display: String,
    /// `JPEG` or `PNG`.
    pub format: &'static str,
}

/// Where page `n` of the issue PDF at `pdf` is drawn as a picture:
/// `despatch/2026-11/despatch-2026-11-en-page-1.jpg`.
pub fn page_picture(pdf: &str, n: usize, ext: &str) -> String {
    format!("{}-page-{n}.{ext}", pdf.trim_end_matches(".pdf"))
}

/// Where the signature sheet of the petition page `id` is, in its folder.
pub fn signature_sheet(site: &Site, id: PageId) -> String {
    let page = &site.pages[id];
    format!(
        "{}{}",
        page.url,
        file_name(DocKind::Petition, &page.url, page.lang())
    )
}

/// The PDF of each page that has one (none when PDFs are not made).
pub type PdfLinks = BTreeMap<PageId, PdfLink>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_kind_and_language() {
        assert_eq!(
            file_name(DocKind::Issue, "/hi/despatch/2026-11/", "hi"),
            "despatch-2026-11-hi.pdf"
        );
        assert_eq!(
            file_name(DocKind::Booklet, "/despatch/2026-11/", "en"),
            "despatch-2026-11-en-booklet.pdf"
        );
        assert_eq!(
            file_name(DocKind::Story, "/stories/heera/", "en"),
            "heera-en.pdf"
        );
        assert_eq!(
            file_name(DocKind::Petition, "/bn/petitions/end-demand/", "bn"),
            "end-demand-signatures-bn.pdf"
        );
    }
}

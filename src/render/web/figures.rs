//! A page's own image: `image:` (with `image_alt:`) on any page, and an
//! issue's `cover:`. Each becomes the same responsive `<img>` as an image in
//! the text, for templates to place.
//!
//! The files are scrubbed and resized by [`crate::assets`]; this module
//! only finds the published image a field names, or says why it cannot.

use serde::Serialize;

use crate::assets::{Img, Pictures, SIZES};
use crate::content::Document;
use crate::content::kinds::Role;
use crate::diagnostics::{Diagnostic, line_col};
use crate::site::{Page, Site, file_target};

/// What templates get for `page.image` and `page.cover`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The whole `<img>` element: print with `| safe`.
    pub html: String,
    pub src: String,
    /// Empty when the image is narrower than the smallest width.
    pub srcset: String,
    pub sizes: &'static str,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The page's `image` and `cover`, with problems found in its own front
/// matter (a translation that inherits the field is not checked again).
pub fn of_page(
    site: &Site,
    pictures: &Pictures,
    page: &Page,
) -> (Option<Figure>, Option<Figure>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let meta = page.meta();
    let alt = meta.image_alt.clone().unwrap_or_default();
    let image = meta.image.as_deref().and_then(|written| {
        let figure = find(site, pictures, page, "image", written, &alt, &mut problems);
        if figure.is_some() && alt.trim().is_empty() {
            report(
                &page.doc,
                "image",
                &mut problems,
                Diagnostic::warning(&page.doc.source, "this image has no alt text").with_hint(
                    "add `image_alt: \"…\"`: what the picture shows, for readers who cannot see it",
                ),
            );
        }
        figure
    });
    let cover = match page.role() {
        Role::Issue(issue) => issue.cover.as_deref().and_then(|written| {
            let alt = if alt.trim().is_empty() {
                &meta.title
            } else {
                &alt
            };
            find(site, pictures, page, "cover", written, alt, &mut problems)
        }),
        _ => None,
    };
    (image, cover, problems)
}

fn find(
    site: &Site,
    pictures: &Pictures,
    page: &Page,
    field: &str,
    written: &str,
    alt: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Figure> {
    let found = file_target(&page.doc.folder, written).and_then(|t| pictures.get(&t));
    match found {
        Some(img) => Some(figure(site, img, alt)),
        None => {
            report(
                &page.doc,
                field,
                problems,
                Diagnostic::error(
                    &page.doc.source,
                    format!("`{field}`: `{written}` is not an image of this site"),
                )
                .with_hint("name a JPEG, PNG, GIF or WebP file beside this page (`photo.jpg`) or in static/ (`/images/photo.jpg`)"),
            );
            None
        }
    }
}

fn figure(site: &Site, img: &Img, alt: &str) -> Figure {
    let href = |p: &str| site.href(&format!("/{p}"));
    let srcset = if img.widths.len() > 1 {
        img.widths
            .iter()
            .map(|(p, w)| format!("{} {w}w", href(p)))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        String::new()
    };
    Figure {
        html: img.to_html(&href, alt, None),
        src: href(&img.src),
        srcset,
        sizes: SIZES,
        width: img.width,
        height: img.height,
        alt: alt.to_string(),
    }
}

/// Adds `d` at the line of `field` in the document's own front matter; a
/// field the document inherited (no such line) is reported by its original.
fn report(doc: &Document, field: &str, problems: &mut Vec<Diagnostic>, d: Diagnostic) {
    let front = &doc.text[..doc.body_offset.min(doc.text.len())];
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(field)
            && rest.trim_start().starts_with(':')
        {
            let value = rest.trim_start().trim_start_matches(':').trim_start();
            let (l, c) = line_col(&doc.text, offset + line.len() - value.len());
            problems.push(d.at(&doc.text, l, c));
            return;
        }
        offset += line.len();
    }
}

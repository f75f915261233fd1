//! Markdown → HTML for one page body.
//!
//! pulldown-cmark does the parsing (tables, footnotes, strikethrough, smart
//! punctuation); each pass over its events is a small function here:
//! [`add_heading_ids`] gives headings ids that keep every script whole,
//! [`keep_poem_lines`] keeps a poem's line breaks, and [`rewrite_links`]
//! points links to `.md` files at their pages and relative files at the
//! place they are published, [`responsive_images`] gives published images
//! their widths and sizes (and warns of missing alt text), and
//! [`number_footnotes`] numbers footnotes in the page's own digits with
//! links both ways.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::assets::escape_attr;
use crate::diagnostics::{Diagnostic, line_col};
use crate::render::markdown::{is_external, options};
use crate::slug::{UniqueIds, slugify};

/// Answers where a link in a page points to, or why it cannot.
pub trait LinkResolver {
    /// `target` is the link as written, without its `#fragment`; relative
    /// ones are relative to the page's source folder.
    fn resolve(&self, target: &str) -> Result<String, String>;

    /// The `<img>` for a published image at `href` (a resolved address),
    /// with its widths and size; none for anything else.
    fn image(&self, _href: &str, _alt: &str, _title: &str) -> Option<String> {
        None
    }
}

/// A page body rendered to HTML, with the problems found in it.
pub struct Rendered {
    pub html: std::sync::Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
    /// Its links and images within the site, to check once every page and
    /// file of the build is known ([`super::links`]).
    pub links: Vec<SiteLink>,
    /// Taken from the last build, its inputs being as they were.
    pub recalled: bool,
}

/// A link (or image) of a body to this site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteLink {
    /// Where it is written: an error at its line, its message to be given.
    pub at: Diagnostic,
    /// As written.
    pub written: String,
    /// The address it points to, without its fragment; empty for `#x`,
    /// which points into the page itself.
    pub href: String,
    /// The fragment without `#`; empty when there is none.
    pub fragment: String,
}

/// Renders `body`, which starts at byte `body_offset` of the file `text`.
pub fn to_html(
    source: &std::path::Path,
    text: &str,
    body_offset: usize,
    poem: bool,
    links: &dyn LinkResolver,
    digits: &dyn Fn(u64) -> String,
) -> Rendered {
    let body = &text[body_offset..];
    let mut diagnostics = Vec::new();
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let place = |offset: usize, d: Diagnostic| {
        let (line, col) = line_col(text, body_offset + offset);
        d.at(text, line, col)
    };
    let mut site_links = Vec::new();
    let mut found = |offset: usize, written: &str, href: String, fragment: &str| {
        site_links.push(SiteLink {
            at: place(offset, Diagnostic::error(source, "")),
            written: written.to_string(),
            href,
            fragment: fragment.trim_start_matches('#').to_string(),
        });
    };
    let mut report = |offset: usize, d: Diagnostic| diagnostics.push(place(offset, d));
    let events = limit_nesting(events, source, &mut report);
    let events = rewrite_links(events, source, links, &mut report, &mut found);
    let events = responsive_images(events, source, links, &mut report);
    let events = add_heading_ids(events);
    let events = if poem {
        keep_poem_lines(events)
    } else {
        events
    };
    let events = number_footnotes(events, digits);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Every body is kept until the feeds are made: hold only what it
    // needs (one copy, shared with a rebuild's memory).
    Rendered {
        html: html.into(),
        diagnostics,
        links: site_links,
        recalled: false,
    }
}

/// Ids the page around the body already uses (the default theme's skip
/// link target and section headings), so a heading in the text never takes
/// them: `## Demands` in a petition becomes `demands-1`.
const THEME_IDS: [&str; 11] = [
    "main",
    "demands",
    "sign",
    "share",
    "tallies",
    "contents",
    "latest-issue",
    "open-petitions",
    "latest-stories",
    "page-pictures",
    "site-search-q",
];

/// Gives every heading without an explicit `{#id}` an id made from its text.
fn add_heading_ids(events: Vec<(Event<'_>, std::ops::Range<usize>)>) -> Vec<Event<'_>> {
    let mut ids = UniqueIds::default();
    for reserved in THEME_IDS {
        ids.claim(reserved);
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut open: Option<usize> = None;
    let mut text = String::new();
    for (event, _) in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                open = Some(out.len());
                text.clear();
            }
            Event::Text(t) | Event::Code(t) if open.is_some() => text.push_str(t),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(at) = open.take()
                    && let Event::Start(Tag::Heading { id, .. }) = &mut out[at]
                {
                    let chosen = match id {
                        Some(given) => ids.claim(given),
                        None => ids.claim(&slugify(&text)),
                    };
                    *id = Some(CowStr::from(chosen));
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// In a poem every line the author wrote is a line on the page.
fn keep_poem_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    events
        .into_iter()
        .map(|e| match e {
            Event::SoftBreak => Event::HardBreak,
            other => other,
        })
        .collect()
}

/// Footnotes numbered in order of first reference, written in the page's
/// digits, with ids that cannot clash with heading ids (`fn-…`, `fnref-…`)
/// and a link from each note back to where it is referenced.
fn number_footnotes<'a>(events: Vec<Event<'a>>, digits: &dyn Fn(u64) -> String) -> Vec<Event<'a>> {
    let mut numbers: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut number_of = |label: &str| {
        let next = numbers.len() as u64 + 1;
        *numbers.entry(label.to_string()).or_insert(next)
    };
    let mut open: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::FootnoteReference(label) => {
                let n = number_of(&label);
                let id = slugify(&label);
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{}</a></sup>",
                    digits(n)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number_of(&label);
                let id = slugify(&label);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"fn-{id}\"><span class=\"footnote-label\">{}</span>",
                    digits(n)
                ))));
                open.push(id);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let id = open.pop().unwrap_or_default();
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"footnote-back\" href=\"#fnref-{id}\">↩</a></div>\n"
                ))));
            }
            other => out.push(other),
        }
    }
    out
}

/// How deep quotes, lists and other elements may nest in a body. Deeper
/// nesting means nothing to a reader, and the minifier walks elements
/// recursively: 20,000 nested quotes would overflow its stack.
const MAX_NESTING: usize = 32;

/// Drops the tags of elements nested deeper than [`MAX_NESTING`], keeping
/// their text, with a warning at the first.
fn limit_nesting<'a>(
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    source: &std::path::Path,
    report: &mut Report<'_>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    let mut kept: Vec<bool> = Vec::new();
    let mut warned = false;
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        match &event {
            Event::Start(_) => {
                let keep = kept.iter().filter(|k| **k).count() < MAX_NESTING;
                kept.push(keep);
                if !keep {
                    if !warned {
                        warned = true;
                        report(
                            range.start,
                            Diagnostic::warning(
                                source,
                                format!("quotes, lists or other parts nest more than {MAX_NESTING} deep here; the deeper ones are shown flat"),
                            )
                            .with_hint("is a `>` or an indent repeated by mistake?"),
                        );
                    }
                    continue;
                }
            }
            // Closes the innermost open element: dropped if it was.
            Event::End(_) if !kept.pop().unwrap_or(true) => continue,
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Receives a problem found at a byte offset of the body.
type Report<'r> = dyn FnMut(usize, Diagnostic) + 'r;

/// Receives a link to the site found at a byte offset of the body: as
/// written, its address, its fragment (with `#`).
type Found<'r> = dyn FnMut(usize, &str, String, &str) + 'r;

fn rewrite_links<'a>(
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    source: &std::path::Path,
    links: &dyn LinkResolver,
    report: &mut Report<'_>,
    found: &mut Found<'_>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    events
        .into_iter()
        .map(|(mut event, range)| {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                &mut event
            {
                let written = std::mem::replace(dest_url, CowStr::Borrowed(""));
                *dest_url = rewrite_one(written, range.start, source, links, report, found);
            }
            (event, range)
        })
        .collect()
}

fn rewrite_one<'a>(
    dest: CowStr<'a>,
    offset: usize,
    source: &std::path::Path,
    links: &dyn LinkResolver,
    report: &mut Report<'_>,
    found: &mut Found<'_>,
) -> CowStr<'a> {
    if is_external(&dest) || dest.is_empty() {
        return dest;
    }
    if dest.starts_with('#') {
        found(offset, &dest, String::new(), &dest);
        return dest;
    }
    let (target, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (&dest[..], ""),
    };
    match links.resolve(target) {
        Ok(href) => {
            found(offset, &dest, href.clone(), fragment);
            CowStr::from(format!("{href}{fragment}"))
        }
        Err(hint) => {
            report(
                offset,
                Diagnostic::error(
                    source,
                    format!("broken link: `{target}` is not a page of this site"),
                )
                .with_hint(hint),
            );
            dest
        }
    }
}

/// Every image becomes one `<img>`: a published image gets its widths
/// (`srcset`), size and lazy loading from the resolver. An image without alt
/// text is a warning: a reader who cannot see it hears nothing.
fn responsive_images<'a>(
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
    source: &std::path::Path,
    links: &dyn LinkResolver,
    report: &mut Report<'_>,
) -> Vec<(Event<'a>, std::ops::Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<(CowStr, CowStr, std::ops::Range<usize>, String)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if open.is_none() => open = Some((dest_url, title, range, String::new())),
            Event::End(TagEnd::Image) if open.is_some() => {
                let Some((href, title, range, alt)) = open.take() else {
                    continue;
                };
                let html = image_element(source, links, &href, &alt, &title, &mut |d| {
                    report(range.start, d)
                });
                out.push((Event::InlineHtml(CowStr::from(html)), range));
            }
            Event::Text(t) | Event::Code(t) if open.is_some() => {
                if let Some((_, _, _, alt)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            _ if open.is_some() => {}
            other => out.push((other, range)),
        }
    }
    out
}

/// The `<img>` for one image, and warnings for what it lacks.
fn image_element(
    source: &std::path::Path,
    links: &dyn LinkResolver,
    href: &str,
    alt: &str,
    title: &str,
    warn: &mut dyn FnMut(Diagnostic),
) -> String {
    if alt.trim().is_empty() {
        warn(Diagnostic::warning(source, "this image has no alt text").with_hint(
            "describe what it shows between the brackets, e.g. ![women marching in Forbesganj](rally.jpg): readers who cannot see it hear this",
        ));
    }
    if let Some(html) = links.image(href, alt, title) {
        return html;
    }
    if is_external(href) {
        warn(
            Diagnostic::warning(source, format!("`{href}` is an image from another host")).with_hint(
                "readers' phones would fetch it from there (slow, and the other site learns who reads this page); save it beside the page instead",
            ),
        );
    } else {
        warn(
            Diagnostic::warning(source, format!("`{href}` is not an image of this site")).with_hint(
                "check the file name; images sit beside the page (`photo.jpg`) or in static/ (`/images/photo.jpg`)",
            ),
        );
    }
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_attr(href),
        escape_attr(alt)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    html + " loading=\"lazy\" decoding=\"async\">"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    struct Links;
    impl LinkResolver for Links {
        fn resolve(&self, target: &str) -> Result<String, String> {
            match target {
                "../petitions/end-demand.md" => Ok("/petitions/end-demand/".into()),
                t if t.starts_with('/') => Ok(t.to_string()),
                _ => Err("no such page".into()),
            }
        }
    }

    fn html(md: &str, poem: bool) -> Rendered {
        to_html(Path::new("a.md"), md, 0, poem, &Links, &|n| n.to_string())
    }

    #[test]
    fn heading_ids_keep_devanagari_whole() {
        let r = html("## समाज अभियान\n\n## समाज अभियान\n", false);
        assert!(r.html.contains(r#"<h2 id="समाज-अभियान">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="समाज-अभियान-1">"#));
    }

    #[test]
    fn headings_never_take_the_themes_ids() {
        let r = html("## Demands\n", false);
        assert!(r.html.contains(r#"<h2 id="demands-1">"#), "{}", r.html);
    }

    #[test]
    fn links_to_markdown_files_point_at_pages() {
        let r = html(
            "See [the petition](../petitions/end-demand.md#demands).\n\n[x](nowhere.md)\n",
            false,
        );
        assert!(
            r.html.contains(r#"href="/petitions/end-demand/#demands""#),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, 3);
    }

    #[test]
    fn footnotes_link_both_ways_in_the_page_digits() {
        let r = to_html(
            Path::new("a.md"),
            "A note.[^n]\n\n[^n]: The note.\n",
            0,
            false,
            &Links,
            &|n| ["०", "१", "२"][n as usize].to_string(),
        );
        assert!(r.html.contains(r##"<a href="#fn-n">१</a>"##), "{}", r.html);
        assert!(r.html.contains(r#"id="fn-n""#), "{}", r.html);
        assert!(r.html.contains(r##"href="#fnref-n""##), "{}", r.html);
    }

    #[test]
    fn poems_keep_their_lines() {
        let r = html("one line\nnext line\n", true);
        assert!(r.html.contains("one line<br />"), "{}", r.html);
    }
}

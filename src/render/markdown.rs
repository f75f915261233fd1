//! Markdown as both renderers read it: the same parser options, so a page
//! body means the same on the web and on paper, and the same test of which
//! addresses lead off the site.

use pulldown_cmark::Options;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Links with a scheme (`https:`, `mailto:`, `tel:`) or to another host.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_left_alone() {
        assert!(is_external("https://wa.me/"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("/stories/"));
        assert!(!is_external("../a.md"));
    }
}

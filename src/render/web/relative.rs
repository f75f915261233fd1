//! Relative links: for the copy of the site read from a folder, a USB stick
//! or a phone's files (`file://`), the last step before minifying makes
//! every link between its pages relative and points it at a file
//! (`../about/index.html`). The copy's zip is written by [`crate::output`].

/// The attributes whose values are addresses.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "srcset"];

/// Rewrites the site's own addresses in `html`, the page at address `page`
/// (`/hi/stories/heera/`), as paths relative to that page's file.
/// `base_path` is the site's base path (`/` or `/awaaz/`). Addresses to
/// other hosts and page-internal anchors are left as they are.
pub fn relativize(html: &str, page: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((before, name, quote, after)) = next_attribute(rest) {
        out.push_str(before);
        let Some(end) = after.find(quote) else {
            out.push_str(after);
            rest = "";
            break;
        };
        let value = &after[..end];
        out.push_str(name);
        out.push('=');
        out.push(quote);
        if name == "srcset" {
            let parts: Vec<String> = value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                    let url = relative_url(url, page, base_path);
                    if size.is_empty() {
                        url
                    } else {
                        format!("{url} {size}")
                    }
                })
                .collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&relative_url(value, page, base_path));
        }
        out.push(quote);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Finds the next `name="` of an address attribute: the text before it, the
/// name, the quote and the text after the quote.
fn next_attribute(text: &str) -> Option<(&str, &'static str, char, &str)> {
    let mut from = 0;
    while let Some(eq) = text[from..].find('=').map(|i| i + from) {
        let quote = text[eq + 1..].chars().next();
        if let Some(quote @ ('"' | '\'')) = quote {
            for name in URL_ATTRIBUTES {
                let Some(start) = eq.checked_sub(name.len()) else {
                    continue;
                };
                let preceded_by_space = text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace);
                if &text[start..eq] == name && preceded_by_space {
                    return Some((&text[..start], name, quote, &text[eq + 2..]));
                }
            }
        }
        from = eq + 1;
    }
    None
}

/// One address made relative to the page at `page`.
fn relative_url(url: &str, page: &str, base_path: &str) -> String {
    if url.starts_with("//") || !url.starts_with('/') {
        return url.to_string();
    }
    let Some(inside) = url.strip_prefix(base_path.trim_end_matches('/')) else {
        return url.to_string();
    };
    let (path, fragment) = match inside.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (inside, None),
    };
    // A query means nothing to a file: the style sheet's `?v=` is dropped.
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let mut target = path.trim_start_matches('/').to_string();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    let depth = page
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    let mut relative = "../".repeat(depth);
    relative.push_str(&target);
    if let Some(f) = fragment {
        relative.push('#');
        relative.push_str(f);
    }
    relative
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses_become_relative_files() {
        let html = r##"<a href="/">home</a> <a href="/hi/stories/">x</a> <link rel="stylesheet" href="/style.css?v=1"> <a href="https://example.org/">out</a> <a href="#top">top</a> <a class="href" href="/about/#team">t</a>"##;
        let out = relativize(html, "/hi/stories/heera/", "/");
        assert!(out.contains(r#"href="../../../index.html""#), "{out}");
        assert!(out.contains(r#"href="../../../hi/stories/index.html""#));
        assert!(out.contains(r#"href="../../../style.css""#));
        assert!(out.contains(r#"href="https://example.org/""#));
        assert!(out.contains(r##"href="#top""##));
        assert!(out.contains(r#"href="../../../about/index.html#team""#));
    }

    #[test]
    fn the_base_path_is_taken_off() {
        let out = relativize(r#"<a href="/awaaz/about/">a</a>"#, "/", "/awaaz/");
        assert_eq!(out, r#"<a href="about/index.html">a</a>"#);
    }

    #[test]
    fn srcset_candidates_each_become_relative() {
        let out = relativize(
            r#"<img srcset="/a-480.jpg 480w, /a-960.jpg 960w" src="/a.jpg">"#,
            "/x/",
            "/",
        );
        assert!(
            out.contains(r#"srcset="../a-480.jpg 480w, ../a-960.jpg 960w""#),
            "{out}"
        );
        assert!(out.contains(r#"src="../a.jpg""#));
    }

    #[test]
    fn text_that_looks_like_an_attribute_is_left_alone() {
        // Markdown escapes quotes in text, so an attribute can't be faked.
        let html = "<p>write href=&quot;/x/&quot; in HTML</p>";
        assert_eq!(relativize(html, "/", "/"), html);
    }
}

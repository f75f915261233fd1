//! Minifying, the last step of rendering a page or the style sheet:
//! pages are read on slow connections, and every byte counts.

fn html_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        ..minify_html::Cfg::default()
    }
}

pub fn html(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), &html_cfg())
}

/// Minifies a style sheet. minify-html minifies CSS inside `<style>`, so the
/// sheet is wrapped in one and unwrapped again.
pub fn css(css: &str) -> Vec<u8> {
    let wrapped = format!("<style>{css}</style>");
    let out = minify_html::minify(wrapped.as_bytes(), &html_cfg());
    let text = String::from_utf8_lossy(&out);
    let inner = text
        .strip_prefix("<style>")
        .map(|t| t.strip_suffix("</style>").unwrap_or(t));
    match inner {
        Some(css) if !css.is_empty() => css.as_bytes().to_vec(),
        _ => css.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn css_survives_minifying() {
        let css = "body {\n  color: #000000;\n}\n[dir=rtl] .x { margin-left: 0 }\n";
        let out = String::from_utf8(super::css(css)).unwrap();
        assert!(out.len() < css.len());
        assert!(out.contains("body{"), "{out}");
        assert!(out.contains("[dir=rtl]"), "{out}");
    }
}

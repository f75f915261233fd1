//! The Tera templates of the theme, parsed once per build, and the `t()`
//! function that gives templates the interface strings of the page's language.
//!
//! Template errors become diagnostics that name the template file, its line
//! and column, and (while rendering) the page being rendered.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::strings::Strings;
use crate::theme::Theme;

pub struct Templates {
    tera: Tera,
    /// Template name → the file it came from.
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    pub fn load(
        theme: &Theme,
        strings: Arc<Strings>,
        diags: &mut Diagnostics,
    ) -> Option<Templates> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let lang: String = state.get("lang")?.unwrap_or_default();
            strings.get(&lang, key).map(str::to_owned).ok_or_else(|| {
                tera::Error::message(format!(
                    "the interface string `{key}` is in no i18n file (add `{key}: \"…\"` to i18n/{lang}.yaml)"
                ))
            })
        });
        let mut sources = BTreeMap::new();
        let mut raw = Vec::new();
        for (name, file) in theme.templates() {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            sources.insert(name.clone(), (file.source.clone(), text.clone()));
            raw.push((name, text));
        }
        match tera.add_raw_templates(raw) {
            Ok(()) => Some(Templates { tera, sources }),
            Err(e) => {
                diags.push(error_diagnostic(&e, &sources, None));
                None
            }
        }
    }

    /// Renders template `name` as UTF-8 bytes; `page` names the source
    /// being rendered, for messages. Bytes, not a `String`: Tera writes
    /// only strings, and checking a whole page again for UTF-8 was a
    /// twentieth of a build's time in Hindi and Bengali.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        page: &std::path::Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut html)
            .map_err(|e| error_diagnostic(&e, &self.sources, Some((name, page))))?;
        Ok(html)
    }
}

fn error_diagnostic(
    e: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    rendering: Option<(&str, &std::path::Path)>,
) -> Diagnostic {
    let mut message = e.to_string();
    let mut chain = std::error::Error::source(e);
    while let Some(inner) = chain {
        message.push_str(&format!(": {inner}"));
        chain = inner.source();
    }
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let template = report
        .map(|r| r.filename().to_string())
        .or_else(|| rendering.map(|(n, _)| n.to_string()))
        .unwrap_or_default();
    let (path, text) = sources.get(&template).map_or(
        (PathBuf::from(format!("templates/{template}")), ""),
        |(p, t)| (p.clone(), t.as_str()),
    );
    let mut d = match report {
        Some(r) => Diagnostic::error(path, r.message().to_string()).at(
            text,
            r.span().start_line,
            r.span().start_col + 1,
        ),
        None => Diagnostic::error(path, message),
    };
    if let Some((_, page)) = rendering {
        d = d.with_hint(format!("while rendering {}", page.display()));
    }
    d
}

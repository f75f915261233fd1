//! awaaz: a static site generator for survivor-led advocacy publishing.
//!
//! The pipeline, in one screen: read `site.yaml` ([`config`]), load
//! `content/` ([`content`]), decide what is published where ([`site`]),
//! render it ([`render`]), make sure no name in `redact.txt` reached it
//! ([`safety`]), and write it atomically ([`output`]). Every stage
//! collects [`diagnostics`] and keeps going; nothing is written when any
//! stage found an error.

pub mod assets;
pub mod cache;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod output;
pub mod render;
pub mod safety;
pub mod scaffold;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use output::OutputFile;
pub use site::BuildOptions;
use site::Site;
use theme::Theme;

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages published (all languages).
    pub pages: usize,
    /// Files in the output.
    pub files: usize,
    /// Whether the output folder was replaced.
    pub written: bool,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and renders the site in memory.
fn render(
    site_dir: &Path,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(Site, Vec<OutputFile>)> {
    let config = Config::load(site_dir).map_err(|d| diags.extend(d)).ok()?;
    let theme = Theme::load(site_dir, &config, diags);
    let content = content::load(site_dir, &config, diags);
    let site = Site::build(site_dir, config, content, opts, diags);
    let files = render::web::render(&site, &theme, diags);
    // Last, over every output (PDFs included once they are made above).
    safety::redact::check(&site, &theme, &files, diags);
    Some((site, files))
}

/// `awaaz check`: every validation of a build, nothing written.
pub fn check(site_dir: &Path, opts: &BuildOptions) -> Report {
    let mut diags = Diagnostics::new();
    let rendered = render(site_dir, opts, &mut diags);
    Report {
        pages: rendered.as_ref().map_or(0, |(s, _)| s.pages.len()),
        files: rendered.as_ref().map_or(0, |(_, f)| f.len()),
        diagnostics: diags.sorted(),
        written: false,
    }
}

/// `awaaz build`: renders the site and, when nothing is wrong, replaces
/// `out` with it. On any error `out` is left as it was.
pub fn build(site_dir: &Path, out: &Path, opts: &BuildOptions) -> Report {
    let mut diags = Diagnostics::new();
    if let Err(d) = output::check_target(out, site_dir) {
        diags.push(d);
        return Report {
            diagnostics: diags.sorted(),
            ..Report::default()
        };
    }
    let rendered = render(site_dir, opts, &mut diags);
    let mut report = Report::default();
    if let Some((site, files)) = rendered {
        report.pages = site.pages.len();
        report.files = files.len();
        if !diags.has_errors() {
            match output::write_site(out, &files) {
                Ok(()) => report.written = true,
                Err(d) => diags.push(d),
            }
        }
    }
    report.diagnostics = diags.sorted();
    report
}

/// The output folder a build writes to when none is given: `public/` in the site.
pub fn default_out(site_dir: &Path) -> PathBuf {
    site_dir.join("public")
}

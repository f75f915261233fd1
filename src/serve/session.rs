//! Rebuilding after an edit without redoing the whole site: a [`Session`]
//! builds a site again and again into one output folder, and is the one
//! place that keeps the pipeline's [`Memory`] from one build to the next.
//!
//! Each rebuild still walks every step for every page, so everything the
//! build decides (consent, withdrawals, links, lists, feeds, redaction) is
//! decided afresh from the current files; a step whose inputs are equal to
//! last time's takes last time's result instead of working ([`Memory`]).
//! An edit to one story re-renders that story, its translations, and the
//! lists and feeds that show it. Nothing is trusted that was not compared,
//! so a missed file event cannot leave a stale page.
//!
//! A change outside `content/` (templates, `site.yaml`, `i18n/`, the theme)
//! can change how everything renders without changing any page's data: it
//! forgets the memory, and that rebuild is a full one.
//!
//! Only the files whose bytes changed are written to the output folder, and
//! the files no longer built (a deleted or renamed page's) are removed.

use std::path::{Path, PathBuf};

use crate::built::BuiltFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::memory::Memory;
use crate::{BuildOptions, Report};

/// Builds of one site into one output folder, each after the last, redoing
/// only what changed.
pub struct Session {
    site: PathBuf,
    out: PathBuf,
    opts: BuildOptions,
    memory: Memory,
    /// What the output folder holds, as the last successful build wrote it;
    /// none before the first.
    written: Option<Vec<BuiltFile>>,
}

impl Session {
    pub fn new(site: &Path, out: &Path, opts: &BuildOptions) -> Session {
        Session {
            site: site.to_path_buf(),
            out: out.to_path_buf(),
            opts: opts.clone(),
            memory: Memory::default(),
            written: None,
        }
    }

    /// Builds the site again after the files `changed` (paths as the
    /// watcher gave them). A change outside `content/` makes it a full
    /// build. On any error the output folder is left as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Report {
        self.remember(changed);
        let mut diags = Diagnostics::new();
        let to = crate::Destination::KEPT;
        let rendered = crate::render(&self.site, &self.opts, Some(&self.memory), to, &mut diags);
        let mut report = Report::default();
        if let Some(rendered) = rendered {
            report = rendered.counts();
            if !diags.has_errors() {
                match self.write(rendered.files) {
                    Ok(()) => report.written = true,
                    Err(d) => diags.push(d),
                }
            }
            self.memory.keep_model(rendered.site);
        }
        report.rerendered = Some(self.memory.rerendered());
        report.diagnostics = diags.sorted();
        report
    }

    /// Readies the memory for a build after the files `changed`.
    fn remember(&mut self, changed: &[PathBuf]) {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let content = abs(&self.site.join(crate::content::CONTENT_DIR));
        if changed.iter().any(|p| !abs(p).starts_with(&content)) {
            self.memory.forget();
        }
        self.memory.begin();
        // Files the watcher named are read again whatever their stamps say
        // (a file rewritten with the same size within the clock's tick).
        for path in changed {
            if let Ok(rel) = abs(path).strip_prefix(&content) {
                self.memory.read_again(rel);
            }
        }
    }

    /// Brings the output folder to `files`: only what changed since the
    /// last write, or all of it when there was none.
    fn write(&mut self, files: Vec<BuiltFile>) -> Result<(), Diagnostic> {
        let written = match &self.written {
            Some(before) if self.out.is_dir() => {
                crate::output::sync_site(&self.out, before, &files)
            }
            _ => crate::output::write_site(&self.out, &files),
        };
        self.written = written.is_ok().then_some(files);
        written
    }
}

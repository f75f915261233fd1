//! What a build may reuse from the last one: the pipeline's struct of
//! caches, one for each costly step that can remember its results.
//!
//! A build from nothing (`awaaz build`, `awaaz check`) has no memory. A
//! build that follows another of the same site into the same folder (each
//! rebuild of `awaaz serve`) is handed the [`Memory`] its predecessor
//! filled, and each step takes a result from it only when that result's
//! inputs compare equal to the new ones. So every decision (consent,
//! withdrawal, links, lists, feeds, redaction) is still made afresh; only
//! work whose inputs did not change is skipped.
//!
//! Loading and rendering each own the shape of what they remember
//! ([`DocumentMemory`], [`WebMemory`]); this struct gathers them, and
//! whoever builds again and again keeps it between builds.

use std::path::Path;
use std::sync::Mutex;

use crate::config::Config;
use crate::content::{DocumentMemory, LastLoad, Reloaded};
use crate::diagnostics::Diagnostics;
use crate::recall::lock;
use crate::render::web::WebMemory;
use crate::site::{BuildOptions, Site};

/// The caches of every step that can reuse the last build's work.
#[derive(Default)]
pub struct Memory {
    /// Markdown files read and parsed ([`crate::content::load`]).
    pub(crate) documents: DocumentMemory,
    /// Bodies, pages and template data ([`crate::render::web`]).
    pub(crate) web: WebMemory,
    /// The last build's model, to tell whether this build's is the same
    /// but for some pages' texts ([`Site::same_but_texts`]), and to start
    /// from when it is.
    model: Mutex<Option<Site>>,
    /// What of the last load the next compares with.
    load: Mutex<Option<LastLoad>>,
}

impl Memory {
    /// Starts a build: last build's results become the ones to reuse.
    pub fn begin(&self) {
        self.documents.begin();
        self.web.begin();
    }

    /// Forgets everything: the next build is a full one. For changes no
    /// step compares (templates, `site.yaml`, interface strings, the theme).
    pub fn forget(&self) {
        self.documents.forget();
        self.web.forget();
        *lock(&self.model) = None;
        *lock(&self.load) = None;
    }

    /// The model of a build that follows another, and whether it is the
    /// last build's but for some pages' texts. When only the words of
    /// some pages changed ([`crate::content::reload`]), it is the last
    /// build's model with their new texts, not made again; else
    /// `content/` is loaded and the model made as by a build from
    /// nothing.
    pub(crate) fn model(
        &self,
        site_dir: &Path,
        config: Config,
        opts: &BuildOptions,
        diags: &mut Diagnostics,
    ) -> (Site, bool) {
        let last_site = lock(&self.model).take();
        let mut last_load = lock(&self.load);
        let compare = last_load.as_ref().filter(|_| last_site.is_some());
        let reloaded = crate::content::reload(site_dir, &config, &self.documents, compare, diags);
        crate::progress::phase("content read");
        let (site, same) = match (reloaded, last_site) {
            (Reloaded::Texts(texts), Some(mut site)) => {
                site.set_texts(texts);
                (site, true)
            }
            (Reloaded::Content(content, mut load), last) => {
                let mut found = Diagnostics::new();
                let site = Site::build(site_dir, config, content, opts, &mut found);
                let found = found.sorted();
                load.diagnostics.extend(found.iter().cloned());
                diags.extend(found);
                *last_load = Some(load);
                let same = last.is_some_and(|last| site.same_but_texts(&last));
                (site, same)
            }
            (Reloaded::Texts(_), None) => unreachable!("texts alone are told only against a model"),
        };
        crate::progress::phase("site built");
        (site, same)
    }

    /// Keeps the model of the build that just ended, for the next.
    pub(crate) fn keep_model(&self, site: Site) {
        *lock(&self.model) = Some(site);
    }

    /// Makes the file `rel` (inside `content/`) be read again, whatever
    /// its size and modification time say (a file rewritten with the same
    /// size within the clock's tick).
    pub fn read_again(&self, rel: &Path) {
        crate::content::read_again(&self.documents, rel);
    }

    /// The output paths of pages the last build rendered rather than
    /// reused, sorted.
    pub fn rerendered(&self) -> Vec<String> {
        self.web.rendered()
    }
}

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

use crate::content::DocumentMemory;
use crate::recall::lock;
use crate::render::web::WebMemory;
use crate::site::Site;

/// The caches of every step that can reuse the last build's work.
#[derive(Default)]
pub struct Memory {
    /// Markdown files read and parsed ([`crate::content::load`]).
    pub(crate) documents: DocumentMemory,
    /// Bodies, pages and template data ([`crate::render::web`]).
    pub(crate) web: WebMemory,
    /// The last build's model, to tell whether this build's is the same
    /// but for some pages' texts ([`Site::same_but_texts`]).
    model: Mutex<Option<Site>>,
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
    }

    /// Whether `site` is the last build's model but for some pages' texts.
    pub(crate) fn same_model(&self, site: &Site) -> bool {
        lock(&self.model)
            .as_ref()
            .is_some_and(|last| site.same_but_texts(last))
    }

    /// Keeps the model of the build that just ended, for the next.
    pub(crate) fn keep_model(&self, site: Site) {
        *lock(&self.model) = Some(site);
    }

    /// Makes the file `rel` (inside `content/`) be read again, whatever
    /// its size and modification time say (a file rewritten with the same
    /// size within the clock's tick).
    pub fn read_again(&self, rel: &Path) {
        self.documents.take(&rel.to_path_buf());
    }

    /// The output paths of pages the last build rendered rather than
    /// reused, sorted.
    pub fn rerendered(&self) -> Vec<String> {
        self.web.rendered()
    }
}

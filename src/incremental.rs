//! Rebuilding after an edit without redoing the whole site (`awaaz serve`).
//!
//! A [`Session`] builds a site again and again into one output folder. Its
//! [`Memory`] keeps, from one build to the next, what the costly steps made
//! from their inputs:
//!
//! - each Markdown file's front matter, read and checked;
//! - each page body's HTML, with every link and image it asked about;
//! - each rendered page, with the data its template was given.
//!
//! A rebuild still walks every step for every page, so everything the build
//! decides (consent, withdrawals, links, lists, feeds, redaction) is decided
//! afresh from the current files. Only a step whose inputs are equal to last
//! time's takes last time's result instead of working: an edit to one story
//! re-renders that story, its translations, and the lists and feeds that
//! show it. Nothing is trusted that was not compared, so a missed file event
//! cannot leave a stale page.
//!
//! A change outside `content/` (templates, `site.yaml`, `i18n/`, the theme)
//! can change how everything renders without changing any page's data: it
//! forgets the memory, and that rebuild is a full one.
//!
//! Only the files whose bytes changed are written to the output folder, and
//! the files no longer built (a deleted or renamed page's) are removed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::content::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::web::markdown::{LinkResolver, Rendered, SiteLink};
use crate::render::web::views::{Card, SiteView};
use crate::{BuildOptions, Report};

/// Results of one build, kept for the next. Every entry holds the inputs it
/// was made from, and is used again only when the new inputs are equal.
/// Entries a build did not use are dropped after it.
#[derive(Default)]
pub struct Memory {
    pub(crate) documents: Recall<PathBuf, DocumentMemo>,
    bodies: Recall<PathBuf, BodyMemo>,
    pages: Recall<String, PageMemo>,
    /// Template data made from a view (a page's card by its permalink, the
    /// site as a language sees it by the language), with the view.
    pub(crate) cards: Recall<String, (Card, tera::Value)>,
    pub(crate) site_views: Recall<String, (SiteView, tera::Value)>,
    /// Output paths rendered (not recalled) in the current build.
    rendered: Mutex<Vec<String>>,
}

impl Memory {
    /// Starts a build: last build's entries become the ones to recall.
    fn begin(&self) {
        self.documents.begin();
        self.bodies.begin();
        self.pages.begin();
        self.cards.begin();
        self.site_views.begin();
        lock(&self.rendered).clear();
    }

    /// Forgets everything: the next build is a full one.
    fn forget(&self) {
        self.documents.forget();
        self.bodies.forget();
        self.pages.forget();
        self.cards.forget();
        self.site_views.forget();
    }

    /// The HTML of `doc`'s body: last build's when the text, the way it is
    /// read and every answer `links` gives to its links and images are as
    /// they were; else made by `render`, with the questions noted.
    pub(crate) fn body(
        &self,
        doc: &Document,
        poem: bool,
        links: &dyn LinkResolver,
        render: impl FnOnce(&dyn LinkResolver) -> Rendered,
    ) -> Rendered {
        if let Some(memo) = self.bodies.take(&doc.source)
            && memo.still_fits(&doc.text, doc.body_offset, &doc.lang, poem, links)
        {
            let rendered = Rendered {
                html: memo.html.clone(),
                diagnostics: memo.diagnostics.clone(),
                links: memo.links.clone(),
            };
            self.bodies.keep(doc.source.clone(), memo);
            return rendered;
        }
        let recorder = Recorder::new(links);
        let rendered = render(&recorder);
        let memo = BodyMemo {
            text: doc.text.clone(),
            body_offset: doc.body_offset,
            lang: doc.lang.clone(),
            poem,
            asked: recorder.into_asked(),
            html: rendered.html.clone(),
            diagnostics: rendered.diagnostics.clone(),
            links: rendered.links.clone(),
        };
        self.bodies.keep(doc.source.clone(), memo);
        rendered
    }

    /// The page at output `path` from `template` with data `context`:
    /// last build's bytes when both are as they were; else made by `render`
    /// and noted as rendered again.
    pub(crate) fn page(
        &self,
        path: &str,
        template: &str,
        context: &tera::Context,
        render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let path = path.to_string();
        if let Some(memo) = self.pages.take(&path)
            && memo.template == template
            && memo.context == *context
        {
            let bytes = memo.bytes.clone();
            self.pages.keep(path, memo);
            return Ok(bytes);
        }
        let bytes = Arc::new(render()?);
        lock(&self.rendered).push(path.clone());
        let memo = PageMemo {
            template: template.to_string(),
            context: context.clone(),
            bytes: bytes.clone(),
        };
        self.pages.keep(path, memo);
        Ok(bytes)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A map of one step's results: those of the last build, to take from, and
/// those of this build, to keep. Split in shards, each behind its own lock,
/// so that the two threads of a build rarely wait for each other.
pub(crate) struct Recall<K, V> {
    shards: Vec<Mutex<Shard<K, V>>>,
}

struct Shard<K, V> {
    last: HashMap<K, V>,
    this: HashMap<K, V>,
}

const SHARDS: usize = 64;

impl<K, V> Default for Recall<K, V> {
    fn default() -> Self {
        Recall {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        last: HashMap::new(),
                        this: HashMap::new(),
                    })
                })
                .collect(),
        }
    }
}

impl<K: Eq + Hash, V> Recall<K, V> {
    fn shard(&self, key: &K) -> std::sync::MutexGuard<'_, Shard<K, V>> {
        use std::hash::BuildHasher;
        let hash =
            std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(key);
        lock(&self.shards[hash as usize % SHARDS])
    }

    fn begin(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            shard.last = std::mem::take(&mut shard.this);
        }
    }

    fn forget(&self) {
        for shard in &self.shards {
            let mut shard = lock(shard);
            shard.last.clear();
            shard.this.clear();
        }
    }

    /// Last build's result for `key`, if there was one (taken out).
    pub(crate) fn take(&self, key: &K) -> Option<V> {
        self.shard(key).last.remove(key)
    }

    /// Looks at last build's result for `key` without taking it.
    pub(crate) fn with_last<R>(&self, key: &K, look: impl FnOnce(&V) -> R) -> Option<R> {
        self.shard(key).last.get(key).map(look)
    }

    /// Keeps this build's result for the next.
    pub(crate) fn keep(&self, key: K, value: V) {
        let mut shard = self.shard(&key);
        shard.this.insert(key, value);
    }
}

impl<T: PartialEq + serde::Serialize> Recall<String, (T, tera::Value)> {
    /// `view` as template data: last build's value when the view is equal,
    /// so that pages showing it compare equal at a glance (tera's values
    /// share their contents, and shared contents compare by address).
    pub(crate) fn value(&self, key: &str, view: T) -> tera::Value {
        let key = key.to_string();
        if let Some((old, value)) = self.take(&key)
            && old == view
        {
            self.keep(key, (old, value.clone()));
            return value;
        }
        let value = tera::Value::from_serializable(&view);
        self.keep(key, (view, value.clone()));
        value
    }
}

/// A Markdown file read as a document, and what the reading depended on
/// besides the file: the kind its folder has after the section cascade.
pub(crate) struct DocumentMemo {
    /// The file's size and modification time when `text` was read.
    pub stamp: Option<crate::content::Stamp>,
    pub text: String,
    pub place: crate::content::Place,
    pub result: Result<(Document, Vec<Diagnostic>), Diagnostic>,
}

/// A page body's HTML and what it was made from: the text, how it was
/// read, and every question asked about links and images with its answer.
struct BodyMemo {
    pub text: String,
    pub body_offset: usize,
    pub lang: String,
    pub poem: bool,
    pub asked: Vec<Asked>,
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    pub links: Vec<SiteLink>,
}

impl BodyMemo {
    /// Whether this body is still right for `text` read this way, with
    /// links answered by `links` as they are now.
    fn still_fits(
        &self,
        text: &str,
        body_offset: usize,
        lang: &str,
        poem: bool,
        links: &dyn LinkResolver,
    ) -> bool {
        self.text == text
            && self.body_offset == body_offset
            && self.lang == lang
            && self.poem == poem
            && self.asked.iter().all(|a| a.same_answer(links))
    }
}

/// One question a body asked its [`LinkResolver`], and the answer.
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    Link {
        target: String,
        answer: Result<String, String>,
    },
    Image {
        href: String,
        alt: String,
        title: String,
        answer: Option<String>,
    },
}

impl Asked {
    fn same_answer(&self, links: &dyn LinkResolver) -> bool {
        match self {
            Asked::Link { target, answer } => links.resolve(target) == *answer,
            Asked::Image {
                href,
                alt,
                title,
                answer,
            } => links.image(href, alt, title) == *answer,
        }
    }
}

/// A [`LinkResolver`] that notes every question and answer.
struct Recorder<'a> {
    inner: &'a dyn LinkResolver,
    asked: RefCell<Vec<Asked>>,
}

impl<'a> Recorder<'a> {
    fn new(inner: &'a dyn LinkResolver) -> Self {
        Recorder {
            inner,
            asked: RefCell::new(Vec::new()),
        }
    }

    fn into_asked(self) -> Vec<Asked> {
        self.asked.into_inner()
    }
}

impl LinkResolver for Recorder<'_> {
    fn resolve(&self, target: &str) -> Result<String, String> {
        let answer = self.inner.resolve(target);
        self.asked.borrow_mut().push(Asked::Link {
            target: target.to_string(),
            answer: answer.clone(),
        });
        answer
    }

    fn image(&self, href: &str, alt: &str, title: &str) -> Option<String> {
        let answer = self.inner.image(href, alt, title);
        self.asked.borrow_mut().push(Asked::Image {
            href: href.to_string(),
            alt: alt.to_string(),
            title: title.to_string(),
            answer: answer.clone(),
        });
        answer
    }
}

/// A rendered page: the template and data it was rendered from, and the
/// minified HTML.
struct PageMemo {
    pub template: String,
    pub context: tera::Context,
    pub bytes: Arc<Vec<u8>>,
}

/// Builds of one site into one output folder, each after the last, redoing
/// only what changed.
pub struct Session {
    site: PathBuf,
    out: PathBuf,
    opts: BuildOptions,
    memory: Memory,
    /// What the output folder holds, as the last successful build wrote it;
    /// none before the first.
    written: Option<Vec<OutputFile>>,
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
        let content = self.site.join(crate::content::CONTENT_DIR);
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let content = abs(&content);
        if changed.iter().any(|p| !abs(p).starts_with(&content)) {
            self.memory.forget();
        }
        self.memory.begin();
        // Files the watcher named are read again whatever their stamps say
        // (a file rewritten with the same size within the clock's tick).
        for path in changed {
            if let Ok(rel) = abs(path).strip_prefix(&content) {
                self.memory.documents.take(&rel.to_path_buf());
            }
        }
        let mut diags = Diagnostics::new();
        let rendered = crate::render(&self.site, &self.opts, Some(&self.memory), &mut diags);
        let mut report = Report::default();
        if let Some(rendered) = rendered {
            report = rendered.counts();
            if !diags.has_errors() {
                let written = match &self.written {
                    Some(before) if self.out.is_dir() => {
                        crate::output::sync_site(&self.out, before, &rendered.files)
                    }
                    _ => crate::output::write_site(&self.out, &rendered.files),
                };
                match written {
                    Ok(()) => {
                        report.written = true;
                        self.written = Some(rendered.files);
                    }
                    Err(d) => {
                        self.written = None;
                        diags.push(d);
                    }
                }
            }
        }
        let mut again = std::mem::take(&mut *lock(&self.memory.rendered));
        again.sort();
        report.rerendered = Some(again);
        report.diagnostics = diags.sorted();
        report
    }
}

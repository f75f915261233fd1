//! What the web renderer keeps from one build for the next, when the
//! pipeline hands it a [`WebMemory`] (a rebuild after an edit):
//!
//! - each page body's HTML, with every link and image it asked about;
//! - each rendered page, with the template and data it was rendered from;
//! - the template data of each card and of the site as each language sees
//!   it, so that pages showing them compare equal at a glance;
//! - each page's document of the search index, and its excerpt;
//! - each page's files with what they were made from besides the model,
//!   the cards' template data and the tag pages: when the model is the
//!   last build's but for some pages' texts ([`crate::site::Site::same_but_texts`]),
//!   a page whose body, figures, PDF and share image are as they were is
//!   the same page, and the cards and tag pages are the same, so they are
//!   taken without making their data again.
//!
//! Nothing is reused that was not compared with its new inputs: a body is
//! rendered again when its text changed or when any link it holds now
//! gets another answer (a story it links to was withdrawn).

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::figures::Figure;
use super::markdown::{LinkResolver, Rendered, SiteLink};
use super::views::{Card, SiteView, TagValues};
use crate::built::{BuiltFile, Sink};
use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::recall::{Recall, lock};
use crate::render::plan::{PdfLink, ShareImage};
use crate::site::PageId;

/// The web renderer's results of the last build, by step.
#[derive(Default)]
pub struct WebMemory {
    bodies: Recall<PathBuf, BodyMemo>,
    pages: Recall<String, PageMemo>,
    /// Template data made from a view (a page's card by its permalink, the
    /// site as a language sees it by the language), with the view.
    cards: Recall<String, (Card, tera::Value)>,
    site_views: Recall<String, (SiteView, tera::Value)>,
    /// Each page's document of the search index.
    pub(super) search: super::search::Memory,
    /// Output paths rendered (not recalled) in the current build.
    rendered: Mutex<Vec<String>>,
    /// Each page's files, by page number, with their inputs.
    outputs: Recall<PageId, PageOutputs>,
    /// The cards' template data, by page number, and the tag pages.
    card_values: Mutex<Option<Vec<tera::Value>>>,
    tag_pages: Mutex<Option<TagPages>>,
}

/// What `last` holds when the model is the same (and true: it was
/// recalled); else what `make` makes, kept in `last` for the next build.
fn same_or_made<T: Clone>(
    last: &Mutex<Option<T>>,
    same_model: bool,
    make: impl FnOnce() -> T,
) -> (T, bool) {
    if same_model && let Some(kept) = lock(last).clone() {
        return (kept, true);
    }
    let made = make();
    *lock(last) = Some(made.clone());
    (made, false)
}

/// A page's files as made, and what they were made from besides the
/// model.
struct PageOutputs {
    inputs: PageInputs,
    files: Vec<Result<BuiltFile, Diagnostic>>,
}

/// What a page's files are made from besides the model and the theme:
/// its body, its figures, its PDF and its share image.
pub(crate) struct PageInputs {
    pub(crate) body: Arc<str>,
    pub(crate) figures: (Option<Figure>, Option<Figure>),
    pub(crate) pdf: Option<PdfLink>,
    pub(crate) share: Option<ShareImage>,
}

impl PageInputs {
    fn same(&self, other: &PageInputs) -> bool {
        Arc::ptr_eq(&self.body, &other.body)
            && self.figures == other.figures
            && self.pdf == other.pdf
            && self.share == other.share
    }
}

/// The tag pages' files and problems.
type TagPages = (Vec<BuiltFile>, Vec<Diagnostic>);

impl WebMemory {
    /// Starts a build: last build's entries become the ones to recall.
    pub(crate) fn begin(&self) {
        self.bodies.begin();
        self.pages.begin();
        self.cards.begin();
        self.site_views.begin();
        self.search.begin();
        self.outputs.begin();
        lock(&self.rendered).clear();
    }

    /// Forgets everything: the next build renders every page.
    pub(crate) fn forget(&self) {
        self.bodies.forget();
        self.pages.forget();
        self.cards.forget();
        self.site_views.forget();
        self.search.forget();
        self.outputs.forget();
        *lock(&self.card_values) = None;
        *lock(&self.tag_pages) = None;
    }

    /// Page `id`'s files: last build's when the model is the same
    /// (`same_model`) and so are its `inputs`; else made by `render`.
    pub(crate) fn page_files(
        &self,
        id: PageId,
        same_model: bool,
        inputs: PageInputs,
        render: impl FnOnce(&Arc<str>) -> Vec<Result<BuiltFile, Diagnostic>>,
    ) -> Vec<Result<BuiltFile, Diagnostic>> {
        if let Some(last) = self.outputs.take(&id)
            && same_model
            && last.inputs.same(&inputs)
        {
            self.carry_pages(last.files.iter().flatten());
            let files = last.files.clone();
            self.outputs.keep(id, last);
            return files;
        }
        let files = render(&inputs.body);
        let kept = PageOutputs {
            inputs,
            files: files.clone(),
        };
        self.outputs.keep(id, kept);
        files
    }

    /// The cards' template data: last build's when the model is the same;
    /// else made by `make`.
    pub(crate) fn card_values(
        &self,
        same_model: bool,
        make: impl FnOnce() -> Vec<tera::Value>,
    ) -> Vec<tera::Value> {
        let (values, recalled) = same_or_made(&self.card_values, same_model, make);
        if recalled {
            self.cards.carry_all();
        }
        values
    }

    /// The tag pages: last build's when the model is the same; else made
    /// by `make`. Each file goes to `sink`; gives back the problems.
    pub(crate) fn tag_pages(
        &self,
        same_model: bool,
        sink: &Sink,
        make: impl FnOnce(&Sink) -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let ((files, problems), recalled) = same_or_made(&self.tag_pages, same_model, || {
            let made = Mutex::new(Vec::new());
            let problems = make(&|file| lock(&made).push(file));
            (crate::recall::unlocked(made), problems)
        });
        if recalled {
            self.carry_pages(files.iter());
        }
        files.into_iter().for_each(sink);
        problems
    }

    /// Keeps the memory of the pages of `files` for the next build.
    fn carry_pages<'f>(&self, files: impl Iterator<Item = &'f BuiltFile>) {
        for file in files {
            self.pages.carry(&file.path);
        }
    }

    /// The output paths this build rendered rather than recalled, sorted.
    pub(crate) fn rendered(&self) -> Vec<String> {
        let mut again = std::mem::take(&mut *lock(&self.rendered));
        again.sort();
        again
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
                recalled: true,
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

    /// The page at output `path` from `template` with data `context` and
    /// its `body`: last build's bytes when all are as they were (the body
    /// compared by address first); else made by `render` and noted as
    /// rendered again.
    pub(crate) fn page(
        &self,
        path: &str,
        template: &str,
        context: &tera::Context,
        body: Option<&Arc<str>>,
        render: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let path = path.to_string();
        let same_body = |old: &Option<Arc<str>>| match (old, body) {
            (None, None) => true,
            (Some(old), Some(new)) => Arc::ptr_eq(old, new) || old == new,
            _ => false,
        };
        if let Some(memo) = self.pages.take(&path)
            && memo.template == template
            && same_body(&memo.body)
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
            body: body.cloned(),
            bytes: bytes.clone(),
        };
        self.pages.keep(path, memo);
        Ok(bytes)
    }

    /// `card` as template data, its tags `shared`, last build's value
    /// when the card is equal.
    pub(crate) fn card(&self, card: Card, shared: &TagValues) -> tera::Value {
        let key = card.permalink.clone();
        value(&self.cards, &key, card, |card| {
            card.clone().into_value(shared)
        })
    }

    /// The site as `lang` sees it, as template data, last build's value
    /// when the view is equal.
    pub(crate) fn site_view(&self, lang: &str, view: SiteView) -> tera::Value {
        value(&self.site_views, lang, view, tera::Value::from_serializable)
    }
}

/// `view` as template data: last build's value when the view is equal,
/// so that pages showing it compare equal at a glance (tera's values
/// share their contents, and shared contents compare by address).
fn value<T: PartialEq>(
    recall: &Recall<String, (T, tera::Value)>,
    key: &str,
    view: T,
    make: impl FnOnce(&T) -> tera::Value,
) -> tera::Value {
    let key = key.to_string();
    if let Some((old, value)) = recall.take(&key)
        && old == view
    {
        recall.keep(key, (old, value.clone()));
        return value;
    }
    let value = make(&view);
    recall.keep(key, (view, value.clone()));
    value
}

/// A page body's HTML and what it was made from: the text, how it was
/// read, and every question asked about links and images with its answer.
struct BodyMemo {
    text: Arc<str>,
    body_offset: usize,
    lang: String,
    poem: bool,
    asked: Vec<Asked>,
    html: Arc<str>,
    diagnostics: Vec<Diagnostic>,
    links: Vec<SiteLink>,
}

impl BodyMemo {
    /// Whether this body is still right for `text` read this way, with
    /// links answered by `links` as they are now.
    fn still_fits(
        &self,
        text: &Arc<str>,
        body_offset: usize,
        lang: &str,
        poem: bool,
        links: &dyn LinkResolver,
    ) -> bool {
        // The same text, most often the very same (the document recalled).
        (Arc::ptr_eq(&self.text, text) || self.text == *text)
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
    template: String,
    /// The page's data but its body, and its body.
    context: tera::Context,
    body: Option<Arc<str>>,
    bytes: Arc<Vec<u8>>,
}

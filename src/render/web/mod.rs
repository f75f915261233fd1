//! The web renderer: every page of the [`Site`] in every language through the
//! theme's Tera templates, plus tag pages, feeds, the sitemap, `404.html`,
//! `robots.txt`, the theme's style sheet and the files copied as they are.
//!
//! Everything is returned in memory as [`BuiltFile`]s, minified
//! ([`minify`]) and, for a copy read from a folder, with relative links
//! ([`relative`]); writing is left to [`crate::output`]. Pages are
//! rendered in parallel. With a [`WebMemory`] of the last build, pages
//! whose data did not change are not rendered again ([`memory`]).

mod feeds;
mod figures;
pub mod links;
mod manifest;
pub mod markdown;
mod memory;
mod minify;
mod pager;
mod relative;
pub mod search;
mod templates;
pub(crate) mod views;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Context;

use crate::assets::{self, AssetFile, Pictures};
use crate::built::{BuiltFile, Sink};
use crate::cache::Cache;
use crate::content::kinds::{Kind, Role};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::links::PageLinks;
use crate::render::plan::{PdfLink, PdfLinks, ShareImage, ShareImages};
use crate::render::strings::Strings;
use crate::site::{PageId, Site, list_page_path};
use crate::theme::Theme;
use memory::PageInputs;
pub use memory::WebMemory;

/// A rebuild's memory of the last build, and whether the model is the
/// last build's but for some pages' texts ([`Site::same_but_texts`]).
#[derive(Clone, Copy)]
pub struct Recalling<'a> {
    pub memory: &'a WebMemory,
    pub same_model: bool,
}
use templates::Templates;

const STYLE_SHEET: &str = "style.css";

/// What every page of the build shares.
struct Shared<'a> {
    site: &'a Site,
    strings: Arc<Strings>,
    templates: Templates,
    /// Each page body's links within the site, checked when every output
    /// is known.
    links: Vec<Vec<markdown::SiteLink>>,
    /// The cards as template data, made once: most are in several lists.
    card_values: Vec<tera::Value>,
    /// Each page's body, let go of once its page is made
    /// ([`Shared::body`]).
    bodies: Vec<Mutex<Option<Arc<str>>>>,
    /// Each page's `image` and `cover`.
    figures: Vec<(Option<figures::Figure>, Option<figures::Figure>)>,
    /// Language → the site as that language sees it, as template data.
    site_views: std::collections::BTreeMap<String, tera::Value>,
    /// Links made relative, for the copy read from a folder.
    relative_links: bool,
    minify: bool,
    /// Last build's results, when there was a last build to reuse.
    memory: Option<&'a WebMemory>,
    /// The model is the last build's but for some pages' texts
    /// ([`Site::same_but_texts`]).
    same_model: bool,
}

/// A web build ready to render pages: templates, strings, every page's
/// body and card. Pages can then be rendered in parts, so those without a
/// PDF need not wait for the PDFs.
pub struct Prepared<'a> {
    shared: Shared<'a>,
    files: Vec<BuiltFile>,
    /// The search index's script and manifest, for the search pages. Its
    /// files are made and handed on before the pages, so that what making
    /// it takes is given back before the pages fill memory.
    search: search::Addresses,
}

/// The last steps of every page.
#[derive(Debug, Clone, Copy)]
pub struct Finish {
    /// Every link relative, for a copy read from a folder.
    pub relative_links: bool,
    /// Minified ([`minify`]).
    pub minify: bool,
}

/// What the web renderer needs of each page's Markdown, made first: the
/// templates, strings and static files, each body's HTML and links, and
/// each page's figures. After this the source text of a page without a
/// PDF is needed no more ([`crate::site::Site::let_go_of_texts`]).
pub struct Read {
    strings: Arc<Strings>,
    templates: Templates,
    files: Vec<BuiltFile>,
    style: String,
    bodies: Vec<Arc<str>>,
    links: Vec<Vec<markdown::SiteLink>>,
    /// Whether each body is the last build's.
    same_bodies: Vec<bool>,
    figures: Vec<(Option<figures::Figure>, Option<figures::Figure>)>,
}

impl Read {
    /// Each page body's links within the site, by page: for
    /// [`links::check`], and to know before the pages are made which of
    /// them must keep their anchors ([`links::Published`]).
    pub fn links(&self) -> &[Vec<markdown::SiteLink>] {
        &self.links
    }
}

/// How many pages' bodies are made before the texts of those not `kept`
/// are let go of ([`read`]): enough to keep both cores busy, few enough
/// that a big site's source and HTML are never both in memory whole.
const BODIES_AT_ONCE: usize = 2048;

/// Loads the templates and reads every page's Markdown. None when the
/// templates cannot be used (the problems are in `diags`). With `kept`,
/// the source text of every page not in it is let go of as soon as its
/// body and figures are made ([`Site::let_go_of_texts`]): a build that
/// writes and remembers nothing reads it no more.
pub fn read(
    site: &mut Site,
    theme: &Theme,
    memory: Option<&WebMemory>,
    kept: Option<&BTreeSet<PageId>>,
    diags: &mut Diagnostics,
) -> Option<Read> {
    let strings = Arc::new(Strings::load(theme, &site.config, diags));
    let templates = Templates::load(theme, strings.clone(), diags)?;
    let (files, pictures) = static_files(site, theme, diags);
    let style = style_href(site, &files);
    crate::progress::phase("templates and static files");
    let mut read = Read {
        strings,
        templates,
        files,
        style,
        bodies: Vec::with_capacity(site.pages.len()),
        links: Vec::with_capacity(site.pages.len()),
        same_bodies: Vec::with_capacity(site.pages.len()),
        figures: Vec::with_capacity(site.pages.len()),
    };
    for start in (0..site.pages.len()).step_by(BODIES_AT_ONCE) {
        let ids = start..(start + BODIES_AT_ONCE).min(site.pages.len());
        read_pages(site, ids.clone(), &pictures, memory, &mut read, diags);
        if let Some(kept) = kept {
            site.let_go_of_texts(ids, |id| kept.contains(&id));
        }
    }
    crate::progress::phase("bodies");
    Some(read)
}

/// Renders what every page shares, from what [`read`] made: cards, the
/// site as each language sees it, and the search index, whose files go to
/// `sink` at once.
pub fn prepare<'a>(
    site: &'a Site,
    read: Read,
    finish: Finish,
    memory: Option<Recalling<'a>>,
    sink: &Sink,
) -> Prepared<'a> {
    let same_model = memory.is_some_and(|m| m.same_model);
    let memory = memory.map(|m| m.memory);
    let strings = read.strings;
    let recalled = memory.map(|memory| search::Recalled {
        memory: &memory.search,
        same_bodies: &read.same_bodies,
    });
    let search = search::index(
        site,
        &strings,
        &read.bodies,
        finish.relative_links,
        recalled,
        sink,
    );
    crate::progress::phase("search index");
    let site_views = site
        .config
        .languages
        .iter()
        .map(|l| {
            let view = views::site_view(site, &l.code, &read.style);
            let value = match memory {
                Some(memory) => memory.site_view(&l.code, view),
                None => tera::Value::from_serializable(&view),
            };
            (l.code.clone(), value)
        })
        .collect();
    // The cards after the index, so that the two are never in memory at
    // once. Each card is made into template data at once: what else reads
    // a card (feeds, the search pages) makes it again.
    let tags = views::TagValues::default();
    let make_cards = || {
        (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let card = views::card(site, &strings, id);
                match memory {
                    Some(memory) => memory.card(card, &tags),
                    None => card.into_value(&tags),
                }
            })
            .collect()
    };
    let card_values = match memory {
        Some(memory) => memory.card_values(same_model, make_cards),
        None => make_cards(),
    };
    // The feeds before the pages, which let go of their bodies.
    feeds::feeds(site, &strings, &read.bodies)
        .into_iter()
        .for_each(sink);
    crate::progress::phase("cards");
    Prepared {
        search,
        shared: Shared {
            site,
            strings,
            templates: read.templates,
            links: read.links,
            card_values,
            bodies: read
                .bodies
                .into_iter()
                .map(|b| Mutex::new(Some(b)))
                .collect(),
            figures: read.figures,
            site_views,
            relative_links: finish.relative_links,
            minify: finish.minify,
            memory,
            same_model,
        },
        files: read.files,
    }
}

impl Shared<'_> {
    /// Page `id`'s body, for its page: made once, and let go of here, so
    /// that a big site's bodies leave memory as its pages are written.
    fn body(&self, id: PageId) -> Arc<str> {
        crate::recall::lock(&self.bodies[id])
            .take()
            .unwrap_or_else(|| "".into())
    }
}

impl Prepared<'_> {
    pub fn strings(&self) -> &Strings {
        &self.shared.strings
    }

    /// Renders the pages `ids`, in parallel, handing each file to `sink`
    /// as soon as it is made. Gives back the problems.
    pub fn pages(
        &self,
        ids: &[PageId],
        pdfs: &PdfLinks,
        shares: &ShareImages,
        sink: &Sink,
    ) -> Vec<Diagnostic> {
        let shared = &self.shared;
        ids.par_iter()
            .flat_map_iter(|&id| {
                let (pdf, share) = (pdfs.get(&id), shares.get(&id));
                let body = shared.body(id);
                let files = match shared.memory {
                    Some(memory) => {
                        let inputs = PageInputs {
                            body,
                            figures: shared.figures[id].clone(),
                            pdf: pdf.cloned(),
                            share: share.cloned(),
                        };
                        let render = |body: &Arc<str>| render_page(shared, id, body, pdf, share);
                        memory.page_files(id, shared.same_model, inputs, render)
                    }
                    None => render_page(shared, id, &body, pdf, share),
                };
                crate::progress::PROGRESS.step();
                files.into_iter().filter_map(|f| f.map(sink).err())
            })
            .collect()
    }

    /// Hands to `sink` the tag pages, `404.html`, the search pages and
    /// index, feeds, the sitemap, `robots.txt`, the web app manifests and
    /// the static files. Gives back each page's links within the site, for
    /// [`links::check`] once PDFs are added.
    pub fn finish(self, sink: &Sink, diags: &mut Diagnostics) -> Vec<Vec<markdown::SiteLink>> {
        let Prepared {
            mut shared,
            files,
            search,
        } = self;
        let site = shared.site;
        diags.extend(match shared.memory {
            Some(memory) => memory.tag_pages(shared.same_model, sink, |sink| {
                render_tag_pages(&shared, sink)
            }),
            None => render_tag_pages(&shared, sink),
        });
        let single = std::iter::once(render_not_found(&shared));
        for result in single.chain(render_search_pages(&shared, &search)) {
            match result {
                Ok(f) => sink(f),
                Err(d) => diags.push(d),
            }
        }
        crate::progress::phase("tag and search pages");
        files
            .into_iter()
            .chain([feeds::sitemap(site), feeds::robots(site)])
            .chain(manifest::manifests(site))
            .for_each(sink);
        std::mem::take(&mut shared.links)
    }
}

/// The pages `ids`, in parallel, into `read`: each body's HTML, its
/// links within the site and whether it is the last build's, and each
/// page's `image` and an issue's `cover`.
fn read_pages(
    site: &Site,
    ids: std::ops::Range<PageId>,
    pictures: &Pictures,
    memory: Option<&WebMemory>,
    read: &mut Read,
    diags: &mut Diagnostics,
) {
    let strings = &read.strings;
    let made: Vec<_> = site.pages[ids]
        .par_iter()
        .map(|page| {
            let poem = matches!(page.role(), Role::Article(a) if a.poem == Some(true));
            let links = BodyLinks {
                page: PageLinks {
                    site,
                    page_folder: &page.doc.folder,
                    lang: page.lang(),
                },
                pictures,
            };
            let digits = |n: u64| strings.digits_of(page.lang(), n);
            let doc = &page.doc;
            let render = |links: &dyn markdown::LinkResolver| {
                markdown::to_html(
                    &doc.source,
                    &doc.text,
                    doc.body_offset,
                    poem,
                    links,
                    &digits,
                )
            };
            let body = match memory {
                Some(memory) => memory.body(doc, poem, &links, render),
                None => render(&links),
            };
            (body, figures::of_page(site, pictures, page))
        })
        .collect();
    for (body, (image, cover, problems)) in made {
        diags.extend(body.diagnostics);
        diags.extend(problems);
        read.same_bodies.push(body.recalled);
        read.bodies.push(body.html);
        read.links.push(body.links);
        read.figures.push((image, cover));
    }
}

/// Links and images written in one page's Markdown, as its HTML shows
/// them: links resolved as both renderers resolve them, and published
/// images as responsive `<img>` elements.
struct BodyLinks<'a> {
    page: PageLinks<'a>,
    pictures: &'a Pictures,
}

impl markdown::LinkResolver for BodyLinks<'_> {
    fn resolve(&self, target: &str) -> Result<String, String> {
        self.page.resolve(target)
    }

    fn image(&self, href: &str, alt: &str, title: &str) -> Option<String> {
        let site = self.page.site;
        let path = href.strip_prefix(site.config.base_path())?;
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let img = self.pictures.get(path.trim_start_matches('/'))?;
        Some(img.to_html(&|p| site.href(&format!("/{p}")), alt, Some(title)))
    }
}

fn template_for(site: &Site, id: PageId) -> &'static str {
    match site.pages[id].role() {
        Role::Home => "home.html",
        Role::Section {
            kind: Kind::Issue, ..
        } => "archive.html",
        Role::Section { .. } => "section.html",
        Role::Page => "page.html",
        Role::Story(_) => "story.html",
        Role::Petition(_) => "petition.html",
        Role::Issue(_) => "issue.html",
        Role::Article(_) => "article.html",
    }
}

fn base_context(shared: &Shared, lang: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("dir", shared.site.config.dir(lang).as_str());
    if let Some(view) = shared.site_views.get(lang) {
        ctx.insert_value("site", view.clone());
    }
    ctx
}

/// The cards of pages `ids`, as a template's list.
fn cards(shared: &Shared, ids: &[PageId]) -> tera::Value {
    let list: Vec<tera::Value> = ids
        .iter()
        .map(|&id| shared.card_values[id].clone())
        .collect();
    tera::Value::from(list)
}

/// The file a page at address `path` is written to: `…/index.html`.
pub(crate) fn file_of(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

/// Renders `template` and minifies it into the file for address `path`.
/// A page's `body`, when it has one, is its `page.content`: kept out of
/// `ctx` until the page is rendered, so that a rebuild compares it by
/// address (a body recalled from the last build is the same one), not
/// byte by byte.
fn render_to(
    shared: &Shared,
    template: &str,
    ctx: &Context,
    body: Option<&Arc<str>>,
    source: &Path,
    path: &str,
) -> Result<BuiltFile, Diagnostic> {
    let file = file_of(path);
    let render = || match body {
        Some(body) => render_html(shared, template, &with_content(ctx, body), source, path),
        None => render_html(shared, template, ctx, source, path),
    };
    let bytes = match shared.memory {
        Some(memory) => memory.page(&file, template, ctx, body, render)?,
        None => Arc::new(render()?),
    };
    Ok(BuiltFile::shared(file, bytes))
}

/// `ctx` with `body` as its page's `content`.
fn with_content(ctx: &Context, body: &str) -> Context {
    let mut ctx = ctx.clone();
    let mut page = ctx
        .get("page")
        .and_then(|p| p.as_map().cloned())
        .unwrap_or_default();
    page.insert("content".into(), tera::Value::from(body));
    ctx.insert_value("page", tera::Value::from(page));
    ctx
}

/// Renders `template` with `ctx` and minifies it, for address `path`.
fn render_html(
    shared: &Shared,
    template: &str,
    ctx: &Context,
    source: &Path,
    path: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let html = shared.templates.render(template, ctx, source)?;
    let html = if shared.relative_links {
        let html = String::from_utf8_lossy(&html);
        relative::relativize(&html, path, shared.site.config.base_path()).into_bytes()
    } else {
        html
    };
    Ok(if shared.minify {
        minify::html(&html)
    } else {
        html
    })
}

/// A page's file; a section list's or the archive's files, one a page of
/// the list.
fn render_page(
    shared: &Shared,
    id: PageId,
    body: &Arc<str>,
    pdf: Option<&PdfLink>,
    share: Option<&ShareImage>,
) -> Vec<Result<BuiltFile, Diagnostic>> {
    let site = shared.site;
    let page = &site.pages[id];
    let lang = page.lang();
    let mut ctx = base_context(shared, lang);
    let value = page_value(shared, id, body, pdf, share);
    if let Role::Section { .. } = page.role() {
        return render_list(shared, id, body, ctx, value);
    }
    ctx.insert_value("page", value);
    if page.doc.is_index() {
        ctx.insert_value(
            "children",
            cards(shared, site.children_of(&page.doc.folder, lang)),
        );
    }
    match page.role() {
        Role::Home => home_context(shared, lang, &mut ctx),
        Role::Article(_) => article_context(shared, id, &mut ctx),
        _ => {}
    }
    vec![render_to(
        shared,
        template_for(site, id),
        &ctx,
        Some(body),
        &page.doc.source,
        &page.url,
    )]
}

/// The pages of section `id`'s list: page `n` holds the `n`th run of
/// `paginate_by` cards, at its own address, with a pager, and its
/// translations are page `n` of each translated list that has one (else
/// that list's first page).
fn render_list(
    shared: &Shared,
    id: PageId,
    body: &Arc<str>,
    ctx: Context,
    value: tera::Value,
) -> Vec<Result<BuiltFile, Diagnostic>> {
    let site = shared.site;
    let page = &site.pages[id];
    let lang = page.lang();
    let pages_of = |other: PageId| {
        let p = &site.pages[other];
        pager::count(
            site.children_of(&p.doc.folder, p.lang()).len(),
            site.paginate_by(&p.doc.folder, p.lang()),
        )
    };
    let children = site.children_of(&page.doc.folder, lang);
    let chunks = pager::split(children, site.paginate_by(&page.doc.folder, lang));
    let total = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let path = list_page_path(&page.url, n);
            let mut ctx = ctx.clone();
            let mut value = value.clone();
            if n > 1 {
                let translations: Vec<views::LangLink> = site
                    .translations_of(id)
                    .iter()
                    .map(|&other| {
                        let p = &site.pages[other];
                        let at = pager::same_page(&p.url, pages_of(other), n);
                        views::lang_link(site, p.lang(), &at, other == id)
                    })
                    .collect();
                at_address(site, &mut value, &path, &translations);
            }
            ctx.insert_value("page", value);
            ctx.insert_value("children", cards(shared, chunk));
            if let Some(pager) = pager::pager(site, &shared.strings, lang, &page.url, n, total) {
                ctx.insert("pager", &pager);
            }
            render_to(
                shared,
                template_for(site, id),
                &ctx,
                Some(body),
                &page.doc.source,
                &path,
            )
        })
        .collect()
}

/// Moves a page's template data to the address `path` (a later page of a
/// list), with those `translations`.
fn at_address(site: &Site, value: &mut tera::Value, path: &str, translations: &[views::LangLink]) {
    let mut map = value.as_map().cloned().unwrap_or_default();
    map.insert("url".into(), tera::Value::from(site.href(path).as_str()));
    map.insert(
        "permalink".into(),
        tera::Value::from(site.permalink(path).as_str()),
    );
    map.insert(
        "translations".into(),
        tera::Value::from_serializable(&translations),
    );
    *value = tera::Value::from(map);
}

/// The page as its template sees it: its card, and its
/// `translations`, `pdf`, `image` and `cover`. Made from the card's data
/// made once, not serialized again.
fn page_value(
    shared: &Shared,
    id: PageId,
    body: &str,
    pdf: Option<&PdfLink>,
    share: Option<&ShareImage>,
) -> tera::Value {
    let mut map = shared.card_values[id].as_map().cloned().unwrap_or_default();
    let (image, cover) = &shared.figures[id];
    map.insert(
        "translations".into(),
        tera::Value::from_serializable(&views::translations(shared.site, id)),
    );
    map.insert("pdf".into(), tera::Value::from_serializable(&pdf));
    map.insert("share_image".into(), tera::Value::from_serializable(&share));
    map.insert(
        "share".into(),
        tera::Value::from_serializable(&views::page_share(shared.site, &shared.strings, id)),
    );
    map.insert("image".into(), tera::Value::from_serializable(image));
    map.insert("cover".into(), tera::Value::from_serializable(cover));
    // What a link preview says: the summary, else the first sentence.
    let page = &shared.site.pages[id];
    let description = page
        .meta()
        .summary
        .clone()
        .or_else(|| views::first_sentence(body));
    map.insert(
        "description".into(),
        tera::Value::from_serializable(&description),
    );
    map.insert(
        "og_type".into(),
        tera::Value::from(views::og_type(page.role())),
    );
    tera::Value::from(map)
}

/// An article knows its issue and the articles before and after it.
fn article_context(shared: &Shared, id: PageId, ctx: &mut Context) {
    let site = shared.site;
    let page = &site.pages[id];
    let Some(issue) = site.issue_of(&page.doc.folder, page.lang()) else {
        return;
    };
    ctx.insert_value("issue", shared.card_values[issue].clone());
    let articles = site.children_of(&page.doc.folder, page.lang());
    let Some(at) = articles.iter().position(|&a| a == id) else {
        return;
    };
    if let Some(&previous) = at.checked_sub(1).and_then(|i| articles.get(i)) {
        ctx.insert_value("previous", shared.card_values[previous].clone());
    }
    if let Some(&next) = articles.get(at + 1) {
        ctx.insert_value("next", shared.card_values[next].clone());
    }
}

/// The home page lists the latest stories, the open petitions and the latest issue.
fn home_context(shared: &Shared, lang: &str, ctx: &mut Context) {
    let site = shared.site;
    let entries = site.entries(lang);
    let of_role = |pred: &dyn Fn(&Role) -> bool| -> Vec<PageId> {
        entries
            .iter()
            .copied()
            .filter(|&id| pred(site.pages[id].role()))
            .collect()
    };
    let stories: Vec<PageId> = of_role(&|r| matches!(r, Role::Story(_)))
        .into_iter()
        .take(6)
        .collect();
    let petitions = of_role(&|r| matches!(r, Role::Petition(p) if p.is_open()));
    let issues = of_role(&|r| matches!(r, Role::Issue(_)));
    ctx.insert_value("latest_stories", cards(shared, &stories));
    ctx.insert_value("open_petitions", cards(shared, &petitions));
    if let Some(&latest) = issues.first() {
        ctx.insert_value("latest_issue", shared.card_values[latest].clone());
        let articles = site.children_of(&site.pages[latest].doc.folder, lang);
        ctx.insert_value("latest_articles", cards(shared, articles));
    }
}

#[derive(serde::Serialize)]
struct TagView {
    name: String,
    /// The language `name` is in, when it is not the page's.
    lang: Option<String>,
    url: String,
    count: usize,
    /// `count` in the language's digits.
    count_display: String,
}

/// What base templates need of a page that has no source file (tag pages):
/// its title, address and the languages it exists in.
#[derive(serde::Serialize)]
struct ListPage {
    title: String,
    url: String,
    permalink: String,
    summary: Option<String>,
    /// Lists say nothing of their own in a link preview: the site's
    /// description does.
    description: Option<String>,
    og_type: &'static str,
    translations: Vec<views::LangLink>,
    /// Lists have no PDF and no share image.
    pdf: Option<PdfLink>,
    share_image: Option<ShareImage>,
}

/// The page data of the tag list (`tag` none) or of a tag's first page.
fn list_page(site: &Site, lang: &str, title: String, tag: Option<&crate::site::Tag>) -> ListPage {
    let path = site.tag_path(lang, tag.map(|t| t.slug.as_str()));
    let translations = tag_translations(site, lang, tag.map(|t| t.key.as_str()));
    page_without_source(site, &path, title, translations)
}

/// The page data of a page at `path` that has no source file.
fn page_without_source(
    site: &Site,
    path: &str,
    title: String,
    translations: Vec<views::LangLink>,
) -> ListPage {
    ListPage {
        title,
        url: site.href(path),
        permalink: site.permalink(path),
        summary: None,
        description: None,
        og_type: "website",
        translations,
        pdf: None,
        share_image: None,
    }
}

/// Each language's list of tags, and a page per tag, in parallel, handed
/// to `sink`. Gives back the problems.
fn render_tag_pages(shared: &Shared, sink: &Sink) -> Vec<Diagnostic> {
    let site = shared.site;
    let jobs: Vec<(&String, Option<&crate::site::Tag>)> = site
        .tags
        .iter()
        .flat_map(|(lang, tags)| {
            std::iter::once((lang, None)).chain(tags.values().map(move |t| (lang, Some(t))))
        })
        .collect();
    jobs.into_par_iter()
        .flat_map_iter(|(lang, tag)| match tag {
            None => vec![render_tag_list(shared, lang)],
            Some(tag) => render_tag(shared, lang, tag),
        })
        .filter_map(|f| f.map(sink).err())
        .collect()
}

fn tag_view(shared: &Shared, lang: &str, tag: &crate::site::Tag) -> TagView {
    let site = shared.site;
    TagView {
        name: tag.name.clone(),
        lang: tag.name_lang.clone(),
        url: site.href(&site.tag_path(lang, Some(&tag.slug))),
        count: tag.pages.len(),
        count_display: shared.strings.digits_of(lang, tag.pages.len() as u64),
    }
}

fn render_tag_list(shared: &Shared, lang: &str) -> Result<BuiltFile, Diagnostic> {
    let site = shared.site;
    let mut list: Vec<TagView> = site.tags[lang]
        .values()
        .map(|t| tag_view(shared, lang, t))
        .collect();
    crate::cldr::sort_by_name(lang, &mut list, |t| t.name.as_str());
    let mut ctx = base_context(shared, lang);
    let title = shared
        .strings
        .get(lang, "tags")
        .unwrap_or("Tags")
        .to_string();
    ctx.insert("page", &list_page(site, lang, title, None));
    ctx.insert("tags", &list);
    let source = PathBuf::from(format!("(tags in {lang})"));
    render_to(
        shared,
        "tags.html",
        &ctx,
        None,
        &source,
        &site.tag_path(lang, None),
    )
}

/// A tag's pages: `paginate_by` cards each, as the site's lists.
fn render_tag(
    shared: &Shared,
    lang: &str,
    tag: &crate::site::Tag,
) -> Vec<Result<BuiltFile, Diagnostic>> {
    let site = shared.site;
    let per = site.paginate_by("", lang);
    let first = site.tag_path(lang, Some(&tag.slug));
    let chunks = pager::split(&tag.pages, per);
    let total = chunks.len();
    let source = PathBuf::from(format!("(tags in {lang})"));
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let path = list_page_path(&first, n);
            let mut ctx = base_context(shared, lang);
            let mut view = list_page(site, lang, tag.name.clone(), Some(tag));
            if n > 1 {
                view.url = site.href(&path);
                view.permalink = site.permalink(&path);
                for link in &mut view.translations {
                    let Some(other) = site.tag_in(&link.code, &tag.key) else {
                        continue;
                    };
                    let at = pager::same_page(
                        &site.tag_path(&link.code, Some(&other.slug)),
                        pager::count(other.pages.len(), per),
                        n,
                    );
                    link.url = site.href(&at);
                    link.permalink = site.permalink(&at);
                }
            }
            ctx.insert("page", &view);
            ctx.insert("tag", &tag_view(shared, lang, tag));
            ctx.insert_value("children", cards(shared, chunk));
            if let Some(pager) = pager::pager(site, &shared.strings, lang, &first, n, total) {
                ctx.insert("pager", &pager);
            }
            render_to(shared, "tag.html", &ctx, None, &source, &path)
        })
        .collect()
}

/// The languages that have the tag list, or the tag `key` (at its own
/// address in each: `/tags/education/`, `/hi/tags/शिक्षा/`).
fn tag_translations(site: &Site, current: &str, key: Option<&str>) -> Vec<views::LangLink> {
    site.config
        .language_codes()
        .into_iter()
        .filter_map(|code| {
            let path = match key {
                None => site
                    .tags
                    .contains_key(code)
                    .then(|| site.tag_path(code, None))?,
                Some(key) => site.tag_path(code, Some(&site.tag_in(code, key)?.slug)),
            };
            Some(views::lang_link(site, code, &path, code == current))
        })
        .collect()
}

/// What the search page needs beyond a list page's data: the language's
/// digits (for counts), the script and manifest to load, and the archives
/// it offers when there is no JavaScript.
#[derive(serde::Serialize)]
struct SearchView {
    digits: String,
    script: String,
    manifest: String,
    archives: Vec<views::Link>,
}

/// Each language's search page, `/search/` and `/LANG/search/`.
fn render_search_pages(
    shared: &Shared,
    index: &search::Addresses,
) -> Vec<Result<BuiltFile, Diagnostic>> {
    let site = shared.site;
    let languages: Vec<&str> = site.home_languages().collect();
    let translations = |current: &str| -> Vec<views::LangLink> {
        languages
            .iter()
            .map(|&code| views::lang_link(site, code, &site.search_path(code), code == current))
            .collect()
    };
    languages
        .par_iter()
        .map(|&lang| {
            let path = site.search_path(lang);
            if let Some(&id) = site.by_url.get(&path) {
                let doc = &site.pages[id].doc;
                return Err(Diagnostic::error(
                    &doc.source,
                    format!("this page's address, {path}, is the search page's"),
                )
                .at(&doc.text, 1, 1)
                .with_hint("give the file or its folder another name"));
            }
            let mut ctx = base_context(shared, lang);
            let title = shared.strings.get(lang, "search").unwrap_or("Search");
            let page = page_without_source(site, &path, title.to_string(), translations(lang));
            ctx.insert("page", &page);
            let archives = site
                .index_of
                .iter()
                .filter(|((_, l), _)| l == lang)
                .filter(|(_, id)| {
                    matches!(
                        site.pages[**id].role(),
                        Role::Section {
                            kind: Kind::Issue,
                            ..
                        }
                    )
                })
                .map(|(_, &id)| views::Link {
                    title: site.pages[id].meta().title.clone(),
                    url: site.href(&site.pages[id].url),
                })
                .collect();
            let view = SearchView {
                digits: shared.strings.digits(lang).iter().collect(),
                script: site.href(&index.script),
                manifest: site.href(&index.manifest),
                archives,
            };
            ctx.insert("search", &view);
            let source = PathBuf::from(format!("(search in {lang})"));
            render_to(shared, "search.html", &ctx, None, &source, &path)
        })
        .collect()
}

fn render_not_found(shared: &Shared) -> Result<BuiltFile, Diagnostic> {
    let lang = &shared.site.config.default_language;
    let ctx = base_context(shared, lang);
    // Served for any missing address, so its links are as from the root.
    let html = render_html(shared, "404.html", &ctx, Path::new("404.html"), "/")?;
    Ok(BuiltFile::new("404.html", html))
}

/// The theme's static files (the style sheet minified), then the site's own
/// `static/`, then files beside the content; images among them scrubbed
/// and resized ([`assets`]). A site file wins over a theme file of the same
/// name.
fn static_files(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> (Vec<BuiltFile>, Pictures) {
    let mut by_path = std::collections::BTreeMap::new();
    for (path, file) in theme.static_files() {
        let bytes = if path.ends_with(".css") {
            minify::css(&String::from_utf8_lossy(&file.bytes))
        } else {
            file.bytes.to_vec()
        };
        by_path.insert(path.to_string(), (file.source.clone(), bytes));
    }
    for asset in &site.assets {
        match std::fs::read(site.root.join(&asset.source)) {
            Ok(bytes) => {
                by_path.insert(asset.target.clone(), (asset.source.clone(), bytes));
            }
            Err(err) => diags.push(Diagnostic::error(
                &asset.source,
                format!("cannot read: {err}"),
            )),
        }
    }
    let files = by_path
        .into_iter()
        .map(|(target, (source, bytes))| AssetFile {
            source,
            target,
            bytes,
        })
        .collect();
    assets::publish(&Cache::new(&site.root, "images"), files, diags)
}

/// The style sheet's address, with a hash of its bytes so that a changed
/// sheet is fetched again while an unchanged one stays cached.
fn style_href(site: &Site, files: &[BuiltFile]) -> String {
    let hash = files
        .iter()
        .find(|f| f.path == STYLE_SHEET)
        .map(|f| {
            f.bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .unwrap_or(0);
    site.href(&format!("/{STYLE_SHEET}?v={:08x}", hash as u32))
}

//! The print renderer: PDFs of Despatch issues, of stories whose consent
//! includes print, and signature sheets of petitions, one per language,
//! typeset with Typst from the theme's `print/` templates.
//!
//! Each document is sent to its template as data ([`tree`]), typeset in
//! memory ([`world`]) and cached in `.awaaz-cache/pdf/` under a hash of
//! everything it was made from, so an unchanged PDF is never typeset twice.
//! PDFs of web pages are published beside the page and linked from it;
//! PDFs of print-only stories go to the separate print-only folder, never to
//! the web.

mod coverage;
mod fit;
mod mend;
pub mod tree;
pub mod world;

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use typst::foundations::{Array, Bytes, Dict, IntoValue, Str, Value};

use crate::assets::images::{self, FileKind};
use crate::built::BuiltFile;
use crate::cache::Cache;
use crate::content::Document;
use crate::content::kinds::{Issue, Petition, Role};
use crate::diagnostics::{Diagnostic, line_col};
use crate::render::links::PageLinks;
use crate::render::markdown::is_external;
use crate::render::plan::{
    DocKind, PageLink, PdfJob, PdfLink, PdfLinks, ShareImage, ShareImages, Subject,
};
use crate::render::strings::Strings;
use crate::site::{PageId, Site};
use crate::theme::Theme;
use world::{Fonts, PrintFiles, PrintWorld};

/// Stack for each thread that typesets.
const TYPST_STACK: usize = 64 << 20;

/// Rows on a petition's signature sheet: two full A4 pages.
pub const SHEET_ROWS: usize = 40;

/// The template that typesets `kind`.
fn template(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Issue | DocKind::Booklet => "issue.typ",
        DocKind::Story => "story.typ",
        DocKind::Petition => "petition-sheet.typ",
        DocKind::Share => "share.typ",
    }
}

/// The most a share image may weigh: chat apps fetch previews on slow
/// connections and drop large ones.
const SHARE_LIMIT: usize = 150 * 1024;

/// How wide an issue's page is drawn as a picture, in pixels: a phone
/// shows it whole and a chat app forwards it without shrinking it.
const PAGE_WIDTH: u32 = 1080;

/// The most one page's picture may weigh.
const PAGE_LIMIT: usize = 300 * 1024;

/// The PDFs of a build.
#[derive(Debug, Default)]
pub struct Printed {
    /// PDFs published on the web site.
    pub web: Vec<BuiltFile>,
    /// PDFs of print-only stories, for the print-only folder.
    pub print_only: Vec<BuiltFile>,
    /// The web page each PDF belongs to → its link.
    pub links: PdfLinks,
    /// The web page each share image belongs to → the image.
    pub shares: ShareImages,
    /// How many PDFs were typeset (the rest came from the cache).
    pub typeset: usize,
    /// How many share images were drawn (the rest came from the cache).
    pub drawn: usize,
    /// What fitting did to each issue and booklet, in job order:
    /// `despatch/2026-11 (en): 4 pages, fitted`.
    pub fitted: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Typesets every job, in parallel, reusing cached PDFs.
pub fn render(site: &Site, theme: &Theme, strings: &Strings, jobs: &[PdfJob]) -> Printed {
    let mut printed = Printed::default();
    if jobs.is_empty() {
        return printed;
    }
    let press = match Press::load(site, theme, jobs) {
        Ok(press) => press,
        Err(missing) => {
            printed.diagnostics.push(missing);
            return printed;
        }
    };
    // The longest documents first, so that no thread is left typesetting
    // a long issue alone at the end of the build.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(site, &jobs[i])));
    let typeset_all = || {
        // One job a task: a thread must not keep a run of long documents
        // to itself while the other has nothing left.
        let mut made = order
            .par_iter()
            .with_max_len(1)
            .map(|&i| {
                let made = make(site, strings, &jobs[i], &press);
                crate::progress::PROGRESS.step();
                (i, made)
            })
            .collect::<Vec<(usize, Result<Made, Vec<Diagnostic>>)>>();
        made.sort_by_key(|(i, _)| *i);
        made.into_iter().map(|(_, made)| made).collect::<Vec<_>>()
    };
    // Typst lays out a long issue by deep recursion, and while it waits for
    // a font or an image it runs other jobs on the same stack: its threads
    // get more than rayon's 2 MB (address space only; pages are used as
    // needed).
    let made = match rayon::ThreadPoolBuilder::new()
        .stack_size(TYPST_STACK)
        .build()
    {
        Ok(pool) => pool.install(typeset_all),
        Err(_) => typeset_all(),
    };
    for (job, result) in jobs.iter().zip(made) {
        match result {
            Ok(made) => printed.add(site, strings, job, made),
            Err(diags) => {
                // An interface string or a template no font covers is the
                // same error in every PDF of its language: said once.
                for d in diags {
                    let same = |e: &Diagnostic| {
                        (&e.path, e.line, e.col, &e.message) == (&d.path, d.line, d.col, &d.message)
                    };
                    if !printed.diagnostics.iter().any(same) {
                        printed.diagnostics.push(d);
                    }
                }
            }
        }
    }
    // Typst memoises across documents; a long build keeps only what the
    // next build is likely to reuse.
    comemo::evict(10);
    printed
}

impl Printed {
    /// Adds the PDF `made` for `job`: on the web beside its page, with the
    /// page's link to it, or with the print-only PDFs.
    fn add(&mut self, site: &Site, strings: &Strings, job: &PdfJob, made: Made) {
        if job.kind == DocKind::Share {
            self.drawn += usize::from(made.typeset);
            let Subject::Page(id) = job.subject else {
                return;
            };
            let path = format!("{}.{}", job.path, made.ext);
            let (width, height) = pixel_size(&made.bytes).unwrap_or((0, 0));
            let page = &site.pages[id];
            let name = site.config.localized(&site.config.title, page.lang());
            let title = &page.meta().title;
            let alt = if page.doc.folder.is_empty() && page.doc.is_index() {
                name.to_string()
            } else {
                format!("{name}: {title}")
            };
            self.shares.insert(
                id,
                ShareImage {
                    url: site.permalink(&format!("/{path}")),
                    width,
                    height,
                    alt,
                },
            );
            let mut file = BuiltFile::new(path, made.bytes);
            file.text = Some(made.text);
            self.web.push(file);
            return;
        }
        self.typeset += usize::from(made.typeset);
        self.fitted.extend(made.fitted);
        let mut file = BuiltFile::new(job.path.clone(), made.bytes);
        file.text = Some(made.text);
        match job.subject {
            Subject::Page(id) => {
                let kb = (file.bytes.len() as u64).div_ceil(1024);
                let lang = site.pages[id].lang();
                let mut pages = Vec::new();
                for (n, picture) in made.pages.into_iter().enumerate() {
                    let path = crate::render::plan::page_picture(&job.path, n + 1, picture.ext);
                    let kb = (picture.bytes.len() as u64).div_ceil(1024);
                    pages.push(PageLink {
                        url: site.href(&format!("/{path}")),
                        number_display: strings.number(lang, n as u64 + 1),
                        kb_display: strings.number(lang, kb),
                        format: if picture.ext == "png" { "PNG" } else { "JPEG" },
                    });
                    let mut file = BuiltFile::new(path, picture.bytes);
                    file.text = Some(picture.text);
                    self.web.push(file);
                }
                let link = PdfLink {
                    url: site.href(&format!("/{}", job.path)),
                    kb,
                    kb_display: strings.number(lang, kb),
                    booklet: None,
                    pages,
                };
                // A booklet is planned right after its issue's PDF.
                match (job.kind, self.links.get_mut(&id)) {
                    (DocKind::Booklet, Some(issue)) => issue.booklet = Some(Box::new(link)),
                    _ => {
                        self.links.insert(id, link);
                    }
                }
                self.web.push(file);
            }
            Subject::PrintOnly(_) => self.print_only.push(file),
        }
    }
}

struct Made {
    /// The PDF, or the share image.
    bytes: Vec<u8>,
    /// `pdf`, or `png` or `jpg` for a share image.
    ext: &'static str,
    text: String,
    typeset: bool,
    /// For an issue or booklet, what fitting did.
    fitted: Option<String>,
    /// An issue's pages as pictures.
    pages: Vec<PagePicture>,
}

/// One page of an issue as a picture, to forward in a chat.
struct PagePicture {
    bytes: Vec<u8>,
    /// `png` or `jpg`.
    ext: &'static str,
    /// The text drawn on it, for the redaction check.
    text: String,
}

impl From<world::Picture> for PagePicture {
    fn from(p: world::Picture) -> Self {
        PagePicture {
            bytes: p.bytes,
            ext: p.ext,
            text: p.text,
        }
    }
}

impl PagePicture {
    /// Keeps `pages` beside their PDF in the cache: `KEY.pages` lists each
    /// page's extension, a line a page; `KEY.page-1.jpg` and
    /// `KEY.page-1.txt` are the first.
    fn store(cache: &Cache, key: &str, pages: &[PagePicture]) {
        for (n, page) in pages.iter().enumerate() {
            cache.put(key, &format!("page-{}.{}", n + 1, page.ext), &page.bytes);
            cache.put(key, &format!("page-{}.txt", n + 1), page.text.as_bytes());
        }
        let exts: Vec<&str> = pages.iter().map(|p| p.ext).collect();
        cache.put(key, "pages", exts.join("\n").as_bytes());
    }

    /// The pages kept with the PDF at `key`; none when any is missing
    /// (the PDF is then typeset again: see [`make`]).
    fn cached(cache: &Cache, key: &str) -> Option<Vec<PagePicture>> {
        let Some(list) = cache.get(key, "pages") else {
            return Some(Vec::new());
        };
        let list = String::from_utf8(list).ok()?;
        list.lines()
            .filter(|ext| !ext.is_empty())
            .enumerate()
            .map(|(n, ext)| {
                let ext = match ext {
                    "png" => "png",
                    "jpg" => "jpg",
                    _ => return None,
                };
                Some(PagePicture {
                    bytes: cache.get(key, &format!("page-{}.{ext}", n + 1))?,
                    ext,
                    text: String::from_utf8(cache.get(key, &format!("page-{}.txt", n + 1))?)
                        .ok()?,
                })
            })
            .collect()
    }
}

/// About how long `job` takes to typeset: the bytes of text it prints,
/// an issue's articles included, twice for an issue (it is fitted).
fn weight(site: &Site, job: &PdfJob) -> usize {
    let doc = job.document(site);
    match (job.kind, job.page()) {
        (DocKind::Issue | DocKind::Booklet, Some(id)) => {
            let articles: usize = site
                .children_of(&site.pages[id].doc.folder, &doc.lang)
                .iter()
                .map(|&a| site.pages[a].doc.text.len())
                .sum();
            2 * (doc.text.len() + articles)
        }
        _ => doc.text.len(),
    }
}

/// What every document of a build is typeset with.
struct Press<'a> {
    theme: &'a Theme,
    files: PrintFiles,
    fonts: Fonts<'a>,
    /// Finished PDFs and their text.
    pdfs: Cache,
    /// Grey versions of the images PDFs print.
    greys: Cache,
    /// What every cache key starts with: awaaz, templates, fonts.
    stamp: Vec<u8>,
    /// Characters of the templates no font covers, found when the first
    /// document is typeset.
    template_problems: std::sync::OnceLock<Vec<Diagnostic>>,
}

impl<'a> Press<'a> {
    /// The templates and fonts of `theme`, with the caches of `site`; an
    /// error when a template the `jobs` need, or any font, is missing.
    fn load(site: &Site, theme: &'a Theme, jobs: &[PdfJob]) -> Result<Self, Diagnostic> {
        let files = PrintFiles::load(theme);
        let fonts = Fonts::load(theme);
        for kind in [
            DocKind::Issue,
            DocKind::Story,
            DocKind::Petition,
            DocKind::Share,
        ] {
            if jobs.iter().any(|j| j.kind == kind) && !files.has(template(kind)) {
                return Err(Diagnostic::error(
                    Path::new("print").join(template(kind)),
                    "the theme has no print template for this kind of page",
                )
                .with_hint(
                    "add the template to the theme's print/ folder, or build with --no-pdf",
                ));
            }
        }
        if fonts.is_empty() {
            return Err(
                Diagnostic::error("fonts", "the theme has no fonts to print with").with_hint(
                    "put .ttf or .otf files in the theme's fonts/ folder, or build with --no-pdf",
                ),
            );
        }
        let stamp = [
            env!("CARGO_PKG_VERSION").as_bytes().to_vec(),
            files.fingerprint(),
            fonts.fingerprint.clone(),
        ]
        .concat();
        Ok(Press {
            theme,
            files,
            fonts,
            pdfs: Cache::new(&site.root, "pdf"),
            greys: Cache::new(&site.root, "print-images"),
            stamp,
            template_problems: std::sync::OnceLock::new(),
        })
    }

    /// Errors for the characters of the print templates no font covers.
    fn template_problems(&self) -> &[Diagnostic] {
        self.template_problems.get_or_init(|| {
            self.files
                .texts()
                .flat_map(|(origin, text)| {
                    let uncovered = self.fonts.missing(coverage::template_characters(text));
                    let source = coverage::Source {
                        path: origin.clone(),
                        text,
                    };
                    coverage::errors(&uncovered, &[source], origin, "in a print template")
                })
                .collect()
        })
    }
}

fn make(
    site: &Site,
    strings: &Strings,
    job: &PdfJob,
    press: &Press,
) -> Result<Made, Vec<Diagnostic>> {
    let doc = job.document(site);
    let cache = &press.pdfs;
    let inputs = inputs(site, strings, job, &press.greys)?;
    // An issue's open petitions (with totals that change with every tally)
    // reach its PDF only if fitting tried the added page: such a PDF is
    // kept under a key with them, marked under the key without them; any
    // other is kept under the key without them, and a new tally leaves it.
    let key_of = |with_petitions: bool| {
        let mut hasher = Blake3Hasher(blake3::Hasher::new());
        if with_petitions {
            std::hash::Hash::hash(&inputs, &mut hasher);
        } else {
            let mut rest = inputs.clone();
            let _ = rest.remove(Str::from("petitions"), None);
            std::hash::Hash::hash(&rest, &mut hasher);
        }
        Cache::key(&[
            &press.stamp,
            template(job.kind).as_bytes(),
            hasher.0.finalize().as_bytes(),
        ])
    };
    let without = key_of(false);
    let with = cache.get(&without, "petitions").map(|_| key_of(true));
    let cached = with.as_ref().unwrap_or(&without);
    let exts: &[&'static str] = if job.kind == DocKind::Share {
        &["png", "jpg"]
    } else {
        &["pdf"]
    };
    let found = exts
        .iter()
        .find_map(|&ext| cache.get(cached, ext).map(|bytes| (bytes, ext)));
    if let (Some((bytes, ext)), Some(text), Some(pages)) = (
        found,
        cache.get(cached, "txt"),
        PagePicture::cached(cache, cached),
    ) {
        return Ok(Made {
            bytes,
            ext,
            text: String::from_utf8_lossy(&text).into_owned(),
            typeset: false,
            fitted: cache
                .get(cached, "fit")
                .map(|f| String::from_utf8_lossy(&f).into_owned()),
            pages,
        });
    }
    let uncovered = press.fonts.missing(coverage::characters(&inputs));
    if !uncovered.is_empty() {
        return Err(uncovered_errors(site, strings, job, press, &uncovered));
    }
    if !press.template_problems().is_empty() {
        return Err(press.template_problems().to_vec());
    }
    let date = doc
        .meta
        .date
        .map_or((2000, 1, 1), |d| (i32::from(d.year), d.month, d.day));
    let rtl = site.config.dir(&doc.lang) == crate::config::Direction::Rtl;
    let failed = |problems: Vec<world::TypstProblem>| typst_errors(job, doc, problems);
    if job.kind == DocKind::Share {
        let photo = matches!(inputs.get("photo"), Ok(Value::Bytes(_)));
        let world = PrintWorld::new(&press.fonts, &press.files, template(job.kind), inputs, date);
        let document = world::layout(&world).map_err(failed)?;
        let Some(picture) = world::picture(&document, SHARE_LIMIT, photo) else {
            return Err(vec![Diagnostic::error(
                &doc.source,
                format!("the share image {} could not be drawn", job.path),
            )]);
        };
        cache.put(&without, picture.ext, &picture.bytes);
        cache.put(&without, "txt", picture.text.as_bytes());
        return Ok(Made {
            bytes: picture.bytes,
            ext: picture.ext,
            text: picture.text,
            typeset: true,
            fitted: None,
            pages: Vec::new(),
        });
    }
    let Set {
        typeset,
        fitted,
        petitions_read,
        pages,
    } = typeset(job, press, with_qr(inputs.clone()), date, rtl).map_err(failed)?;
    let fitted = fitted.map(|(outcome, pages)| {
        fit::report(
            &doc.folder,
            &doc.lang,
            pages,
            job.kind == DocKind::Booklet,
            outcome,
        )
    });
    let key = if petitions_read {
        cache.put(&without, "petitions", b"");
        key_of(true)
    } else {
        without
    };
    cache.put(&key, "pdf", &typeset.pdf);
    cache.put(&key, "txt", typeset.text.as_bytes());
    if let Some(fitted) = &fitted {
        cache.put(&key, "fit", fitted.as_bytes());
    }
    PagePicture::store(cache, &key, &pages);
    Ok(Made {
        bytes: typeset.pdf,
        ext: "pdf",
        text: typeset.text,
        typeset: true,
        fitted,
        pages,
    })
}

/// Typst's errors for `job`, each at its line in the template or, when
/// it has none, at the document.
fn typst_errors(
    job: &PdfJob,
    doc: &Document,
    problems: Vec<world::TypstProblem>,
) -> Vec<Diagnostic> {
    let what = if job.kind == DocKind::Share {
        "share image"
    } else {
        "PDF"
    };
    problems
        .into_iter()
        .filter(|p| p.error)
        .map(|p| {
            let message = format!(
                "the {what} {} could not be typeset: {}",
                job.path, p.message
            );
            match p.at {
                Some((origin, text, line, col)) => Diagnostic::error(origin, message)
                    .at(&text, line, col)
                    .with_hint(format!("while printing {}", doc.source.display())),
                None => Diagnostic::error(&doc.source, message)
                    .with_hint("build with --no-pdf to make the web site alone"),
            }
        })
        .collect()
}

/// The width and height of a PNG or JPEG.
fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// An issue laid out one way, with the words on each of its pages.
struct Laid<'a> {
    world: PrintWorld<'a>,
    document: typst_layout::PagedDocument,
    words: Vec<usize>,
}

/// Typesets one document. An issue or booklet is fitted to whole sheets
/// (see [`fit`]): laid out with each setting in turn until one ends on
/// whole sheets, or as written when none does; a booklet is then imposed
/// (folding the other way when `rtl`).
/// An issue's pages are drawn as pictures too.
fn typeset(
    job: &PdfJob,
    press: &Press,
    inputs: Dict,
    date: (i32, u8, u8),
    rtl: bool,
) -> Result<Set, Vec<world::TypstProblem>> {
    let world_of = |inputs: Dict| {
        PrintWorld::new(&press.fonts, &press.files, template(job.kind), inputs, date)
    };
    // A booklet's last sheet is made whole with blank pages: only a page
    // of a few lines is to be avoided.
    let per_sheet = match job.kind {
        DocKind::Issue => 2,
        DocKind::Booklet => 1,
        DocKind::Story | DocKind::Petition | DocKind::Share => {
            let world = world_of(inputs);
            let document = world::layout(&world)?;
            return Ok(Set {
                typeset: world::export(&world, &document, &job.path, true)?,
                fitted: None,
                petitions_read: false,
                pages: Vec::new(),
            });
        }
    };
    let lay_out = |attempt: fit::Fit| {
        let mut inputs = inputs.clone();
        set(&mut inputs, "fit", attempt.setting());
        let world = world_of(inputs);
        let document = world::layout(&world)?;
        let words = world::page_words(&document);
        Ok::<_, Vec<world::TypstProblem>>(Laid {
            world,
            document,
            words,
        })
    };
    let written = lay_out(fit::AS_WRITTEN)?;
    let mut chosen = None;
    let mut petitions_read = false;
    if !fit::whole(&written.words, per_sheet, false) {
        for attempt in fit::next_attempts(&written.words, per_sheet) {
            petitions_read |= attempt.fill;
            let tried = lay_out(attempt)?;
            if fit::whole(&tried.words, per_sheet, attempt.fill) {
                chosen = Some((tried, attempt, fit::Outcome::of(attempt)));
                break;
            }
        }
    }
    let (mut laid, attempt, outcome) = match chosen {
        Some(chosen) => chosen,
        None if fit::whole(&written.words, per_sheet, false) => {
            (written, fit::AS_WRITTEN, fit::Outcome::AsWritten)
        }
        None => (written, fit::AS_WRITTEN, fit::Outcome::NotFitted),
    };
    // The last page's columns evened out, when that keeps the pages as
    // they are but for the last. (An added page evens its own columns.)
    let booklet = job.kind == DocKind::Booklet;
    let uneven = if booklet || attempt.fill {
        None
    } else {
        fit::unevenness(&laid.document, rtl)
    };
    if let Some(balance) = uneven {
        let balanced = lay_out(fit::Fit { balance, ..attempt })?;
        let pages = laid.words.len();
        let same_before_last =
            balanced.words.len() == pages && balanced.words[..pages - 1] == laid.words[..pages - 1];
        if same_before_last {
            laid = balanced;
        }
    }
    let Laid {
        world, document, ..
    } = laid;
    let pages = document.pages().len();
    let document = if booklet {
        fit::impose(document, rtl)
    } else {
        document
    };
    // The A4 issue's pages are drawn while its PDF is written.
    let (typeset, pictures) = rayon::join(
        || world::export(&world, &document, &job.path, !booklet),
        || match job.kind {
            DocKind::Issue => world::page_pictures(&document, PAGE_WIDTH, PAGE_LIMIT),
            _ => Some(Vec::new()),
        },
    );
    let Some(pictures) = pictures else {
        return Err(vec![world::TypstProblem {
            error: true,
            message: "its pages could not be drawn as pictures".into(),
            at: None,
        }]);
    };
    Ok(Set {
        typeset: typeset?,
        fitted: Some((outcome, pages)),
        petitions_read,
        pages: pictures.into_iter().map(PagePicture::from).collect(),
    })
}

/// A document typeset: the PDF and its text, for an issue what fitting
/// did and how many pages were set, whether any layout tried printed the
/// open petitions, and its pages as pictures.
struct Set {
    typeset: world::Typeset,
    fitted: Option<(fit::Outcome, usize)>,
    petitions_read: bool,
    pages: Vec<PagePicture>,
}

/// The errors for characters of `job` no font covers, each placed in the
/// first file that writes it: the document's own files (an issue's
/// articles too), then its interface strings, then `site.yaml`.
fn uncovered_errors(
    site: &Site,
    strings: &Strings,
    job: &PdfJob,
    press: &Press,
    uncovered: &[char],
) -> Vec<Diagnostic> {
    let doc = job.document(site);
    let mut sources = vec![coverage::Source {
        path: doc.source.clone(),
        text: &doc.text,
    }];
    if let (Role::Issue(_), Some(id)) = (&doc.role, job.page()) {
        for article in site.children_of(&site.pages[id].doc.folder, &doc.lang) {
            let article = &site.pages[*article].doc;
            sources.push(coverage::Source {
                path: article.source.clone(),
                text: &article.text,
            });
        }
    }
    let i18n: Vec<(PathBuf, String)> = strings
        .fallbacks(&doc.lang)
        .into_iter()
        .flat_map(|code| press.theme.i18n_files(code))
        .map(|file| {
            (
                file.source.clone(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            )
        })
        .collect();
    sources.extend(i18n.iter().map(|(path, text)| coverage::Source {
        path: path.clone(),
        text,
    }));
    let site_yaml =
        std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    sources.push(coverage::Source {
        path: PathBuf::from(crate::config::CONFIG_FILE),
        text: &site_yaml,
    });
    let hint = format!(
        "while printing {}; the fonts are the theme's and those in the site's fonts/ folder",
        job.path
    );
    coverage::errors(uncovered, &sources, &doc.source, &hint)
}

/// Feeds std's `Hash` into blake3, for cache keys of Typst values.
struct Blake3Hasher(blake3::Hasher);

impl Hasher for Blake3Hasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

fn set(d: &mut Dict, key: &str, value: impl IntoValue) {
    d.insert(Str::from(key), value.into_value());
}

fn opt(value: Option<String>) -> Value {
    value.map_or(Value::None, |s| Value::Str(Str::from(s)))
}

fn strs(values: &[String]) -> Array {
    values
        .iter()
        .map(|s| Value::Str(Str::from(s.as_str())))
        .collect()
}

/// The data a template reads as `sys.inputs`: what every document has,
/// its body, then what its kind adds.
fn inputs(
    site: &Site,
    strings: &Strings,
    job: &PdfJob,
    cache: &Cache,
) -> Result<Dict, Vec<Diagnostic>> {
    let doc = job.document(site);
    let lang = doc.lang.as_str();
    let own_href = job.page().map(|id| site.href(&site.pages[id].url));
    let mut d = common_inputs(site, strings, doc, own_href.as_deref());
    // The QR code is added only when the document is typeset (`with_qr`):
    // it follows from `url`, which the cache key already holds, and making
    // one costs more than the rest of the data together.
    let mut problems = Vec::new();
    if job.kind == DocKind::Share {
        if let Subject::Page(id) = job.subject {
            share_inputs(&mut d, site, strings, id, cache, &mut problems);
        }
        return if problems.is_empty() {
            Ok(d)
        } else {
            Err(problems)
        };
    }
    set(
        &mut d,
        "body",
        body(site, doc, own_href.as_deref(), cache, &mut problems),
    );
    match (&doc.role, job.subject) {
        (Role::Issue(issue), Subject::Page(id)) => {
            issue_inputs(&mut d, site, strings, issue, id, cache, &mut problems);
            let format = if job.kind == DocKind::Booklet {
                "a5"
            } else {
                "a4"
            };
            set(&mut d, "format", format);
        }
        (Role::Story(story), _) => {
            let author = if story.is_anonymous() {
                None
            } else {
                story.author.clone()
            };
            set(&mut d, "author", opt(author));
        }
        (Role::Petition(petition), _) => petition_inputs(&mut d, strings, lang, petition),
        _ => {}
    }
    if problems.is_empty() {
        Ok(d)
    } else {
        Err(problems)
    }
}

/// What every document's data has: its language and direction, the
/// site's name, digits and interface strings, its title, date and address.
fn common_inputs(site: &Site, strings: &Strings, doc: &Document, own_href: Option<&str>) -> Dict {
    let lang = doc.lang.as_str();
    let mut d = Dict::new();
    // Typst knows a language by its subtag alone (`mni` of `mni-Mtei`);
    // the script, from CLDR, picks the fonts.
    set(&mut d, "lang", crate::cldr::language_subtag(lang));
    set(
        &mut d,
        "script",
        crate::cldr::script(lang).unwrap_or_else(|| "Latn".into()),
    );
    set(&mut d, "dir", site.config.dir(lang).as_str());
    set(
        &mut d,
        "site",
        site.config.localized(&site.config.title, lang),
    );
    let digits: String = (0..10).map(|n| strings.digits_of(lang, n)).collect();
    set(&mut d, "digits", digits);
    let mut t = Dict::new();
    for (key, text) in strings.texts(lang) {
        set(&mut t, &key, text);
    }
    set(&mut d, "t", t);
    set(&mut d, "title", doc.meta.title.as_str());
    set(
        &mut d,
        "date",
        opt(doc.meta.date.map(|date| strings.date(lang, date))),
    );
    set(&mut d, "url", opt(own_href.map(|h| site.absolute(h))));
    d
}

/// What a page's share image shows beside its title: its `kind`; for a
/// petition its total against its goal (`total`, `goal`, `percent`); for
/// a story its author (none when anonymous) and the photo its page shows;
/// for an issue the paper's name and its cover. Photos in colour, small:
/// the image is seen on a screen.
fn share_inputs(
    d: &mut Dict,
    site: &Site,
    strings: &Strings,
    id: PageId,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) {
    let page = &site.pages[id];
    let lang = page.lang();
    set(d, "kind", page.role().name());
    // The photo and the front-matter field that names it.
    let mut photo = None;
    let mut field = "image";
    match page.role() {
        Role::Petition(p) => {
            let rows = site.tallies.get(&page.key).map_or(&[][..], Vec::as_slice);
            let total = crate::content::tallies::total(rows);
            set(d, "total", strings.number(lang, total));
            set(d, "goal", opt(p.goal.map(|g| strings.number(lang, g))));
            let percent = crate::content::tallies::percent(total, p.goal);
            set(d, "percent", percent as i64);
        }
        Role::Story(story) => {
            let author = (!story.is_anonymous())
                .then(|| story.author.clone())
                .flatten();
            set(d, "author", opt(author));
            photo = page.meta().image.clone();
        }
        Role::Issue(issue) => {
            set(d, "paper", paper(site, strings, &page.doc.folder, lang));
            photo = issue.cover.clone();
            field = "cover";
        }
        _ => {}
    }
    let around = Around {
        site,
        doc: &page.doc,
        href: None,
        cache,
    };
    let data = match photo.as_deref().map(|p| around.colour(p)) {
        Some(Ok(jpeg)) => Bytes::new(jpeg).into_value(),
        Some(Err(why)) if !why.is_empty() => {
            problems.push(field_error(
                &page.doc,
                field,
                format!("cannot draw the share image's photo: {why}"),
            ));
            Value::None
        }
        _ => Value::None,
    };
    set(d, "photo", data);
}

/// An issue's masthead fields and its articles, each with its body.
fn issue_inputs(
    d: &mut Dict,
    site: &Site,
    strings: &Strings,
    issue: &Issue,
    id: PageId,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) {
    let lang = site.pages[id].lang();
    let digits = |n: Option<u64>| opt(n.map(|n| strings.digits_of(lang, n)));
    set(d, "volume", digits(issue.volume));
    set(d, "number", digits(issue.number));
    set(d, "editors", strs(&issue.editors));
    set(
        d,
        "paper",
        paper(site, strings, &site.pages[id].doc.folder, lang),
    );
    cover_inputs(d, site, &site.pages[id].doc, issue, cache, problems);
    let articles: Array = site
        .children_of(&site.pages[id].doc.folder, lang)
        .iter()
        .map(|&a| Value::Dict(article_inputs(site, a, cache, problems)))
        .collect();
    set(d, "articles", articles);
    set(d, "petitions", open_petitions(site, strings, lang));
}

/// The name of the paper an issue in `folder` belongs to, in `lang`: its
/// section's title, as on the web; the theme's string only for a section
/// with no page of its own.
fn paper(site: &Site, strings: &Strings, folder: &str, lang: &str) -> String {
    site.paper_name(folder, lang)
        .or_else(|| strings.get(lang, "despatch"))
        .unwrap_or("Red Light Despatch")
        .to_string()
}

/// The open petitions in `lang`, with their totals and the address of
/// their signature sheets, for a page an issue adds to end on whole sheets.
fn open_petitions(site: &Site, strings: &Strings, lang: &str) -> Array {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, page)| !page.generated && page.lang() == lang)
        .filter_map(|(id, page)| {
            let Role::Petition(p) = page.role() else {
                return None;
            };
            if !p.is_open() {
                return None;
            }
            let rows = site.tallies.get(&page.key).map_or(&[][..], Vec::as_slice);
            let total = crate::content::tallies::total(rows);
            let mut entry = Dict::new();
            set(&mut entry, "title", page.meta().title.as_str());
            set(&mut entry, "demands", strs(&p.demands));
            set(&mut entry, "total", strings.number(lang, total));
            set(
                &mut entry,
                "goal",
                opt(p.goal.map(|g| strings.number(lang, g))),
            );
            let sheet = crate::render::plan::signature_sheet(site, id);
            set(&mut entry, "sheet", site.permalink(&sheet));
            Some(Value::Dict(entry))
        })
        .collect()
}

/// The issue's `cover:` photo for the front page, grey with its contrast
/// stretched, and what it shows (`image_alt`, else the issue's title).
fn cover_inputs(
    d: &mut Dict,
    site: &Site,
    doc: &Document,
    issue: &Issue,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(written) = issue.cover.as_deref() else {
        set(d, "cover", Value::None);
        return;
    };
    let around = Around {
        site,
        doc,
        href: None,
        cache,
    };
    let data = match tree::Surroundings::image(&around, written) {
        Ok(png) => Bytes::new(png).into_value(),
        Err(why) => {
            if !why.is_empty() {
                problems.push(field_error(
                    doc,
                    "cover",
                    format!("cannot print the cover {written}: {why}"),
                ));
            }
            Value::None
        }
    };
    set(d, "cover", data);
    let alt = doc
        .meta
        .image_alt
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or(&doc.meta.title);
    set(d, "cover_alt", alt);
}

/// An error at the line of front-matter `field` in `doc`, or at its first
/// line when the field is inherited from the page it translates.
fn field_error(doc: &Document, field: &str, message: String) -> Diagnostic {
    let at = doc.text.find(&format!("\n{field}:")).map_or(0, |i| i + 1);
    let (line, col) = line_col(&doc.text, at);
    Diagnostic::error(&doc.source, message).at(&doc.text, line, col)
}

/// One article of an issue: title, byline, whether it is a poem, and body.
fn article_inputs(site: &Site, id: PageId, cache: &Cache, problems: &mut Vec<Diagnostic>) -> Dict {
    let article = &site.pages[id].doc;
    let mut entry = Dict::new();
    set(&mut entry, "title", article.meta.title.as_str());
    let (byline, poem) = match &article.role {
        Role::Article(a) => (a.byline.clone(), a.poem == Some(true)),
        _ => (None, false),
    };
    set(&mut entry, "byline", opt(byline));
    set(&mut entry, "poem", poem);
    let href = site.href(&site.pages[id].url);
    set(
        &mut entry,
        "body",
        body(site, article, Some(&href), cache, problems),
    );
    entry
}

/// A signature sheet's addressee, demands, deadline and number of rows.
fn petition_inputs(d: &mut Dict, strings: &Strings, lang: &str, petition: &Petition) {
    set(d, "to", opt(petition.to.clone()));
    set(d, "demands", strs(&petition.demands));
    set(
        d,
        "deadline",
        opt(petition.deadline.map(|date| strings.date(lang, date))),
    );
    set(d, "rows", SHEET_ROWS as i64);
}

/// The data with a QR code of its `url` (none without one).
fn with_qr(mut inputs: Dict) -> Dict {
    let qr = match inputs.get("url") {
        Ok(Value::Str(url)) => Bytes::new(qr_svg(url.as_str())).into_value(),
        _ => Value::None,
    };
    set(&mut inputs, "qr", qr);
    inputs
}

/// A page's Markdown body as a tree for the templates.
fn body(
    site: &Site,
    doc: &Document,
    href: Option<&str>,
    cache: &Cache,
    problems: &mut Vec<Diagnostic>,
) -> Array {
    let around = Around {
        site,
        doc,
        href,
        cache,
    };
    let (tree, found) = tree::convert(&doc.text[doc.body_offset..], &around);
    for (offset, message) in found {
        let (line, col) = line_col(&doc.text, doc.body_offset + offset);
        problems.push(Diagnostic::error(&doc.source, message).at(&doc.text, line, col));
    }
    tree
}

/// Links and images as seen from one page.
struct Around<'a> {
    site: &'a Site,
    doc: &'a Document,
    /// Where grey versions of images are kept.
    cache: &'a Cache,
    /// The page's own web address; none for a print-only story.
    href: Option<&'a str>,
}

impl tree::Surroundings for Around<'_> {
    fn address(&self, target: &str) -> String {
        if is_external(target) {
            return target.to_string();
        }
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let links = PageLinks {
            site: self.site,
            page_folder: &self.doc.folder,
            lang: &self.doc.lang,
        };
        let href = if path.is_empty() {
            // An anchor in the page itself: printed with the page's address.
            match self.href {
                Some(h) => h.to_string(),
                None => return target.to_string(),
            }
        } else {
            match links.resolve(path) {
                Ok(h) => h,
                // Broken links are reported by the web build, at their line.
                Err(_) => return target.to_string(),
            }
        };
        let full = self.site.absolute(&href);
        if fragment.is_empty() {
            full
        } else {
            format!("{full}#{fragment}")
        }
    }

    fn image(&self, target: &str) -> Result<Vec<u8>, String> {
        greyscale(&self.read(target)?, target, self.cache)
    }
}

impl Around<'_> {
    /// The bytes of the image `target` as the page writes it (from the
    /// page's folder, or from `static/` when it starts with `/`); an empty
    /// error for none or one on another site.
    fn read(&self, target: &str) -> Result<Vec<u8>, String> {
        if target.is_empty() || is_external(target) {
            return Err(String::new());
        }
        let path = if let Some(rest) = target.strip_prefix('/') {
            self.site.root.join("static").join(rest)
        } else {
            self.site
                .root
                .join("content")
                .join(&self.doc.folder)
                .join(target)
        };
        std::fs::read(&path).map_err(|e| format!("{}: {e}", shown(&self.site.root, &path)))
    }

    /// The image `target` in colour, 800 pixels wide at most, as JPEG, for
    /// a share image. Cached by the source's bytes.
    fn colour(&self, target: &str) -> Result<Vec<u8>, String> {
        let bytes = self.read(target)?;
        let FileKind::Image(format) = FileKind::of(target) else {
            return Err(String::new());
        };
        let key = Cache::key(&[b"share-photo-1", &bytes]);
        if let Some(jpeg) = self.cache.get(&key, "jpg") {
            return Ok(jpeg);
        }
        let mut picture = images::decode(&bytes, format)?;
        if picture.width() > 800 {
            picture = picture.resize(800, u32::MAX, image::imageops::FilterType::Triangle);
        }
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&picture.to_rgb8())
            .map_err(|e| e.to_string())?;
        self.cache.put(&key, "jpg", &out);
        Ok(out)
    }
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `grey` with its contrast stretched: the darkest hundredth of its pixels
/// made black and the lightest white, the rest spread between. A photocopy
/// turns a dull photo into a grey smudge; a stretched one keeps its faces.
fn stretched(mut grey: image::GrayImage) -> image::GrayImage {
    let mut histogram = [0u64; 256];
    for p in grey.pixels() {
        histogram[usize::from(p.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let level = |share: u64| {
        let mut seen = 0;
        histogram
            .iter()
            .position(|&n| {
                seen += n;
                seen * 100 > total * share
            })
            .unwrap_or(255) as u32
    };
    let (low, high) = (level(1), level(99));
    // A picture already black to white, or of one flat grey, stays as it is.
    if high <= low + 16 || (low == 0 && high == 255) {
        return grey;
    }
    for p in grey.pixels_mut() {
        let v = u32::from(p.0[0]).clamp(low, high);
        p.0[0] = ((v - low) * 255 / (high - low)) as u8;
    }
    grey
}

/// The widest a printed image needs to be: A4 at 200 dpi.
const PRINT_WIDTH: u32 = 1600;

/// The image `bytes` (named `target`) made grey (photocopiers are black
/// and white, and grey prints evenly) and encoded as PNG, through the same
/// decoder as the web's images, so only upright pixels reach the PDF.
/// Cached by the source's bytes: a build whose PDFs are cached does not
/// decode photos again.
fn greyscale(bytes: &[u8], target: &str, cache: &Cache) -> Result<Vec<u8>, String> {
    let format = match FileKind::of(target) {
        FileKind::Image(format) => format,
        FileKind::Unsupported(name) => {
            return Err(format!(
                "{name} images cannot be printed; save it as JPEG or PNG"
            ));
        }
        FileKind::Other => return Err("this is not an image (JPEG, PNG, WebP or GIF)".into()),
    };
    let key = Cache::key(&[b"print-grey-2", bytes]);
    if let Some(png) = cache.get(&key, "png") {
        return Ok(png);
    }
    let mut picture = images::decode(bytes, format)?;
    if picture.width() > PRINT_WIDTH {
        picture = picture.resize(PRINT_WIDTH, u32::MAX, image::imageops::FilterType::Triangle);
    }
    let grey = image::DynamicImage::ImageLuma8(stretched(picture.to_luma8()));
    let mut out = Vec::new();
    grey.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    cache.put(&key, "png", &out);
    Ok(out)
}

/// A QR code of `url` as an SVG: black squares on white, with the quiet zone.
fn qr_svg(url: &str) -> Vec<u8> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else {
        return Vec::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, colour) in code.to_colors().iter().enumerate() {
        if *colour == qrcode::Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_are_svg_squares() {
        let svg = String::from_utf8(qr_svg("https://example.org/x/")).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.matches('M').count() > 100);
    }
}

//! awaaz: a static site generator for survivor-led advocacy publishing.
//!
//! The pipeline, in one screen: read `site.yaml` ([`config`]), load
//! `content/` ([`content`]), decide what is published where ([`site`]),
//! render it ([`render`]: the web site and its PDFs, as [`built`] files,
//! each handed on as soon as it is made), make sure no name in
//! `redact.txt` reached it ([`safety`]), and write it atomically
//! ([`output`]): files are written beside the live site as they come, and
//! swapped in only when every check passed. Every stage collects
//! [`diagnostics`] and keeps going; nothing replaces the live site when
//! any stage found an error, and what a failed build wrote is taken back.
//! A build that follows another (`awaaz serve`'s rebuilds,
//! [`serve::Session`]) is handed the last build's [`memory`].

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings from two threads, where glibc's allocator
/// spends a fifth of the time. Built without transparent huge pages
/// (`no_thp`): with them a 10,000-page build held 45 MB more and spent
/// more of its time in the kernel zeroing pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod assets;
pub mod audit;
pub mod built;
pub mod cache;
pub mod cldr;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod memory;
pub mod output;
pub mod progress;
pub mod recall;
pub mod render;
pub mod safety;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use built::BuiltFile;
use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use memory::Memory;
use recall::{lock, unlocked};
use render::plan::{PdfJob, PdfLinks, ShareImages};
pub use site::BuildOptions;
use site::{PageId, Site};
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
    /// PDFs made (web and print-only).
    pub pdfs: usize,
    /// Of those, how many were typeset (the others came from the cache).
    pub pdfs_typeset: usize,
    /// Share images drawn in this run (the others came from the cache).
    pub share_images_drawn: usize,
    /// What fitting did to each issue and booklet:
    /// `despatch/2026-11 (en): 4 pages, fitted`.
    pub fitted: Vec<String>,
    /// Whether the output folder was replaced.
    pub written: bool,
    /// For `awaaz check`: which pages are in which languages.
    pub translations: Option<audit::TranslationTable>,
    /// Nothing had changed since the last build into the same folder
    /// ([`output::stamp`]): it was left as it was, and the counts are
    /// that build's.
    pub up_to_date: bool,
    /// For a rebuild in a [`serve::Session`]: the output paths whose
    /// HTML was rendered again rather than recalled, sorted. None for a
    /// build from nothing, which renders everything.
    pub rerendered: Option<Vec<String>>,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A site rendered, its files handed on as they were made ([`Outputs`]).
struct Rendered {
    site: Site,
    /// The theme it was rendered with (`check` audits its templates).
    theme: Theme,
    /// The web site, its PDFs included, sorted by path: only when the
    /// build was asked to keep them ([`Destination::keep`]).
    files: Vec<BuiltFile>,
    /// How many files the web site has, and how many of them are PDFs.
    file_count: usize,
    web_pdfs: usize,
    /// PDFs of print-only stories, kept out of the web site.
    print_only: Vec<BuiltFile>,
    /// PDFs typeset in this run, not taken from the cache.
    typeset: usize,
    /// Share images drawn in this run.
    drawn: usize,
    /// What fitting did to each issue and booklet.
    fitted: Vec<String>,
}

impl Rendered {
    /// Nothing rendered: the templates could not be used.
    fn none(site: Site, theme: Theme) -> Rendered {
        Rendered {
            site,
            theme,
            files: Vec::new(),
            file_count: 0,
            web_pdfs: 0,
            print_only: Vec::new(),
            typeset: 0,
            drawn: 0,
            fitted: Vec::new(),
        }
    }

    /// A report of what was rendered: pages, files and PDFs.
    fn counts(&self) -> Report {
        Report {
            pages: self.site.pages.len(),
            files: self.file_count,
            pdfs: self.web_pdfs + self.print_only.len(),
            pdfs_typeset: self.typeset,
            share_images_drawn: self.drawn,
            fitted: self.fitted.clone(),
            ..Report::default()
        }
    }
}

/// Where the files of a build go as they are made.
#[derive(Clone, Copy)]
struct Destination<'a> {
    /// Written into the new site's folder (`awaaz build`).
    staging: Option<&'a output::Staging>,
    /// Kept in memory too: `serve` compares them with its last build's,
    /// the offline copy zips them.
    keep: bool,
}

impl Destination<'_> {
    /// `awaaz check`: every file checked, then let go.
    const NOWHERE: Destination<'static> = Destination {
        staging: None,
        keep: false,
    };
    /// `serve`: every file kept, and written by the session.
    const KEPT: Destination<'static> = Destination {
        staging: None,
        keep: true,
    };
}

/// Every file of the web site passes through here as soon as it is made,
/// from any thread: it is searched for the names of `redact.txt`, noted
/// for the link check, and written, kept or let go. So the whole site is
/// never in memory at once, and still nothing reaches the output folder
/// before every check has passed (the folder written is swapped in only
/// then).
struct Outputs<'a> {
    redaction: safety::redact::Scan,
    published: render::web::links::Published,
    to: Destination<'a>,
    kept: Mutex<Vec<BuiltFile>>,
    pdfs: AtomicUsize,
    /// The first file that could not be written.
    failed: Mutex<Option<Diagnostic>>,
}

impl Outputs<'_> {
    fn put(&self, file: BuiltFile) {
        self.redaction.file(&file);
        self.published.note(&file);
        if file.path.ends_with(".pdf") {
            self.pdfs.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(staging) = self.to.staging
            && let Err(d) = staging.put(&file)
        {
            lock(&self.failed).get_or_insert(d);
        }
        if self.to.keep {
            lock(&self.kept).push(file);
        }
    }
}

/// Loads and renders the site: the web pages and the PDFs, the pages
/// without a PDF rendered while the PDFs are typeset, each file handed
/// `to` its destination as it is made; then checks links and redaction
/// over everything rendered. With a `memory`, steps whose inputs are as in
/// the last build take that build's results.
fn render(
    site_dir: &Path,
    opts: &BuildOptions,
    memory: Option<&Memory>,
    to: Destination,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    progress::phase("start");
    let (mut site, theme, same_model) = load(site_dir, opts, memory, diags)?;
    // A build that writes, and keeps no memory for the next, needs the
    // Markdown source after its bodies only where it prints it.
    let kept = (memory.is_none() && to.staging.is_some()).then(|| texts_needed_later(&site, opts));
    let web_memory = memory.map(|m| &m.web);
    let Some(read) = render::web::read(&mut site, &theme, web_memory, kept.as_ref(), diags) else {
        return Some(Rendered::none(site, theme));
    };
    let outputs = Outputs {
        redaction: safety::redact::Scan::new(&site.root, diags),
        published: render::web::links::Published::new(&site, read.links()),
        to,
        kept: Mutex::new(Vec::new()),
        pdfs: AtomicUsize::new(0),
        failed: Mutex::new(None),
    };
    let finish = render::web::Finish {
        relative_links: opts.offline,
        minify: !opts.unminified,
    };
    let sink = |file: BuiltFile| outputs.put(file);
    let recalling = memory.map(|m| render::web::Recalling {
        memory: &m.web,
        same_model,
    });
    let web = render::web::prepare(&site, read, finish, recalling, &sink);
    let jobs = if opts.no_pdf {
        Vec::new()
    } else {
        render::plan::pdfs(&site)
    };
    let (printed, links) = pages_and_pdfs(&site, &theme, web, &jobs, &outputs, diags);
    // Print-only PDFs are no part of the web site, but redaction reads them.
    for file in &printed.print_only {
        outputs.redaction.file(file);
    }
    let Outputs {
        redaction,
        published,
        kept,
        pdfs,
        failed,
        ..
    } = outputs;
    let file_count = published.count();
    render::web::links::check(&site, &links, published, diags);
    progress::phase("links checked");
    redaction.report(&site, &theme, diags);
    progress::phase("redaction checked");
    diags.extend(unlocked(failed));
    let mut files = unlocked(kept);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some(Rendered {
        site,
        theme,
        files,
        file_count,
        web_pdfs: pdfs.into_inner(),
        print_only: printed.print_only,
        typeset: printed.typeset,
        drawn: printed.drawn,
        fitted: printed.fitted,
    })
}

/// The pages whose Markdown source is read after their bodies are made:
/// by their PDFs and share images ([`render::plan::printed_pages`]), or
/// for an error shown at it (a page at a search page's address).
fn texts_needed_later(site: &Site, opts: &BuildOptions) -> BTreeSet<PageId> {
    let mut needed = if opts.no_pdf {
        BTreeSet::new()
    } else {
        render::plan::printed_pages(site)
    };
    for lang in site.home_languages() {
        needed.extend(site.by_url.get(&site.search_path(lang)));
    }
    needed
}

/// Reads `site.yaml`, the theme and `content/`, and decides what is
/// published where. None when `site.yaml` cannot be read.
/// The model is the last build's but for some pages' texts, in a build
/// that follows another ([`Memory::model`]).
type SameModel = bool;

fn load(
    site_dir: &Path,
    opts: &BuildOptions,
    memory: Option<&Memory>,
    diags: &mut Diagnostics,
) -> Option<(Site, Theme, SameModel)> {
    let config = Config::load(site_dir).map_err(|d| diags.extend(d)).ok()?;
    let theme = Theme::load(site_dir, &config, diags);
    if let Some(memory) = memory {
        let (site, same) = memory.model(site_dir, config, opts, diags);
        return Some((site, theme, same));
    }
    let content = content::load(site_dir, &config, None, diags);
    progress::phase("content read");
    let site = Site::build(site_dir, config, content, opts, diags);
    progress::phase("site built");
    Some((site, theme, false))
}

/// Renders the web pages and typesets the PDFs `jobs` side by side: pages
/// without a PDF first, the others once their PDF's link is known. Then the
/// lists, feeds, sitemap and the rest. Every file of the web site, its
/// PDFs included, goes to `outputs`. Gives back the PDFs and each page
/// body's links within the site.
fn pages_and_pdfs(
    site: &Site,
    theme: &Theme,
    web: render::web::Prepared,
    jobs: &[PdfJob],
    outputs: &Outputs,
    diags: &mut Diagnostics,
) -> (
    render::print::Printed,
    Vec<Vec<render::web::markdown::SiteLink>>,
) {
    progress::PROGRESS.start(site.pages.len() + jobs.len());
    let sink = |file: BuiltFile| outputs.put(file);
    let with_pdf: BTreeSet<PageId> = jobs.iter().filter_map(|j| j.page()).collect();
    let (early, later): (Vec<PageId>, Vec<PageId>) =
        (0..site.pages.len()).partition(|id| !with_pdf.contains(id));
    let (mut printed, problems) = rayon::join(
        || render::print::render(site, theme, web.strings(), jobs),
        || web.pages(&early, &PdfLinks::new(), &ShareImages::new(), &sink),
    );
    diags.extend(problems);
    diags.extend(web.pages(&later, &printed.links, &printed.shares, &sink));
    progress::phase("pages and PDFs");
    diags.extend(std::mem::take(&mut printed.diagnostics));
    let links = web.finish(&sink, diags);
    std::mem::take(&mut printed.web).into_iter().for_each(sink);
    progress::phase("tag pages, feeds, sitemap");
    (printed, links)
}

/// `awaaz check`: every validation of a build, and the [`audit`]s
/// (missing interface strings, petitions past their deadline today, large
/// images, the translations table); nothing written.
pub fn check(site_dir: &Path, opts: &BuildOptions) -> Report {
    check_on(site_dir, opts, content::date::Date::today())
}

/// [`check`] as on the day `today`.
pub fn check_on(site_dir: &Path, opts: &BuildOptions, today: content::date::Date) -> Report {
    let mut diags = Diagnostics::new();
    let rendered = render(site_dir, opts, None, Destination::NOWHERE, &mut diags);
    let translations = rendered
        .as_ref()
        .map(|r| audit::run(&r.site, &r.theme, today, &mut diags));
    Report {
        diagnostics: diags.sorted(),
        translations,
        ..rendered
            .as_ref()
            .map_or_else(Report::default, Rendered::counts)
    }
}

/// `awaaz build`: renders the site and, when nothing is wrong, replaces
/// `out` with it. On any error `out` is left as it was. When nothing
/// changed since the last build into `out`, nothing is done.
pub fn build(site_dir: &Path, out: &Path, opts: &BuildOptions) -> Report {
    let mut diags = Diagnostics::new();
    if let Err(d) = output::check_target(out, site_dir) {
        diags.push(d);
        return Report {
            diagnostics: diags.sorted(),
            ..Report::default()
        };
    }
    let print_only = print_only_dir(out);
    let stamp = output::stamp::inputs(site_dir, out, &print_only, opts);
    let last = stamp
        .as_ref()
        .and_then(|s| output::stamp::unchanged(out, &print_only, s));
    if let Some(last) = last {
        return Report {
            pages: last.pages,
            files: last.files,
            pdfs: last.pdfs,
            up_to_date: true,
            ..Report::default()
        };
    }
    let report = render_and_write(site_dir, out, opts, diags);
    if let Some(stamp) = &stamp {
        let clean = report.written && report.diagnostics.is_empty();
        let counts = clean.then_some(output::stamp::Counts {
            pages: report.pages,
            files: report.files,
            pdfs: report.pdfs,
        });
        output::stamp::record(out, &print_only, stamp, counts.as_ref());
    }
    report
}

/// Renders the site into a folder beside `out` as it is made and, when
/// nothing is wrong, swaps it in for `out`; on any error deletes what was
/// written and leaves `out` as it was.
fn render_and_write(
    site_dir: &Path,
    out: &Path,
    opts: &BuildOptions,
    mut diags: Diagnostics,
) -> Report {
    let staging = match output::Staging::begin(out) {
        Ok(staging) => staging,
        Err(d) => {
            diags.push(d);
            return Report {
                diagnostics: diags.sorted(),
                ..Report::default()
            };
        }
    };
    let to = Destination {
        staging: Some(&staging),
        keep: opts.offline,
    };
    let rendered = render(site_dir, opts, None, to, &mut diags);
    let mut report = rendered
        .as_ref()
        .map_or_else(Report::default, Rendered::counts);
    match rendered {
        Some(rendered) if !diags.has_errors() => {
            report.written = write(out, staging, &rendered, opts, &mut diags);
        }
        _ => staging.abandon(),
    }
    report.diagnostics = diags.sorted();
    report
}

/// Puts the new site in place of `out`, then writes its zip (an offline
/// copy) or the print-only PDFs beside it. Whether `out` was replaced.
fn write(
    out: &Path,
    staging: output::Staging,
    rendered: &Rendered,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> bool {
    let written = staging.commit();
    progress::phase("written");
    if let Err(d) = written {
        diags.push(d);
        return false;
    }
    if opts.offline
        && let Err(d) = output::write_zip(out, &rendered.files)
    {
        diags.push(d);
    }
    // An offline copy is for sharing: print-only stories stay out of it
    // and out of its folder.
    let print_only = print_only_dir(out);
    if !opts.offline
        && (!rendered.print_only.is_empty() || print_only.exists())
        && let Err(d) = output::write_site(&print_only, &rendered.print_only)
    {
        diags.push(d);
    }
    true
}

/// Where PDFs of print-only stories go: a folder `print-only/` beside the
/// output folder (`public/` → `print-only/`), never inside it, so nothing
/// in it is ever uploaded with the web site.
pub fn print_only_dir(out: &Path) -> PathBuf {
    out.with_file_name("print-only")
}

/// The folder `build --offline` writes to when none is given.
pub fn default_offline_out(site_dir: &Path) -> PathBuf {
    site_dir.join("offline")
}

pub use output::zip_path;

/// The output folder a build writes to when none is given: `public/` in the site.
pub fn default_out(site_dir: &Path) -> PathBuf {
    site_dir.join("public")
}

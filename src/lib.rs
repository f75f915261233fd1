//! awaaz: a static site generator for survivor-led advocacy publishing.
//!
//! The pipeline, in one screen: read `site.yaml` ([`config`]), load
//! `content/` ([`content`]), decide what is published where ([`site`]),
//! render it in memory ([`render`]: the web site and its PDFs, as
//! [`built`] files), make sure no name in `redact.txt` reached it
//! ([`safety`]), and write it atomically ([`output`]). Every stage
//! collects [`diagnostics`] and keeps going; nothing is written when any
//! stage found an error. A build that follows another (`awaaz serve`'s
//! rebuilds, [`serve::Session`]) is handed the last build's [`memory`].

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings from two threads, where glibc's allocator
/// spends a fifth of the time.
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

use built::BuiltFile;
use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use memory::Memory;
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

/// A site rendered in memory.
struct Rendered {
    site: Site,
    /// The theme it was rendered with (`check` audits its templates).
    theme: Theme,
    /// The web site, its PDFs included.
    files: Vec<BuiltFile>,
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
    /// A report of what was rendered: pages, files and PDFs.
    fn counts(&self) -> Report {
        Report {
            pages: self.site.pages.len(),
            files: self.files.len(),
            pdfs: self.pdfs(),
            pdfs_typeset: self.typeset,
            share_images_drawn: self.drawn,
            fitted: self.fitted.clone(),
            ..Report::default()
        }
    }

    fn pdfs(&self) -> usize {
        self.files
            .iter()
            .chain(&self.print_only)
            .filter(|f| f.path.ends_with(".pdf"))
            .count()
    }
}

/// Loads and renders the site in memory: the web pages and the PDFs, the
/// pages without a PDF rendered while the PDFs are typeset; then checks
/// links and redaction over everything rendered. With a `memory`, steps
/// whose inputs are as in the last build take that build's results.
fn render(
    site_dir: &Path,
    opts: &BuildOptions,
    memory: Option<&Memory>,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    progress::phase("start");
    let (site, theme) = load(site_dir, opts, memory, diags)?;
    let web = render::web::prepare(
        &site,
        &theme,
        render::web::Finish {
            relative_links: opts.offline,
            minify: !opts.unminified,
        },
        memory.map(|m| &m.web),
        diags,
    );
    progress::phase("bodies, cards, static files");
    let Some(web) = web else {
        return Some(Rendered {
            site,
            theme,
            files: Vec::new(),
            print_only: Vec::new(),
            typeset: 0,
            drawn: 0,
            fitted: Vec::new(),
        });
    };
    let jobs = if opts.no_pdf {
        Vec::new()
    } else {
        render::plan::pdfs(&site)
    };
    let (files, printed) = pages_and_pdfs(&site, &theme, web, &jobs, diags);
    // Last, over every output: web pages, images, PDFs and print-only PDFs.
    let every: Vec<&BuiltFile> = files.iter().chain(&printed.print_only).collect();
    safety::redact::check(&site, &theme, &every, diags);
    progress::phase("redaction checked");
    Some(Rendered {
        site,
        theme,
        files,
        print_only: printed.print_only,
        typeset: printed.typeset,
        drawn: printed.drawn,
        fitted: printed.fitted,
    })
}

/// Reads `site.yaml`, the theme and `content/`, and decides what is
/// published where. None when `site.yaml` cannot be read.
fn load(
    site_dir: &Path,
    opts: &BuildOptions,
    memory: Option<&Memory>,
    diags: &mut Diagnostics,
) -> Option<(Site, Theme)> {
    let config = Config::load(site_dir).map_err(|d| diags.extend(d)).ok()?;
    let theme = Theme::load(site_dir, &config, diags);
    let content = content::load(site_dir, &config, memory.map(|m| &m.documents), diags);
    progress::phase("content read");
    let site = Site::build(site_dir, config, content, opts, diags);
    progress::phase("site built");
    Some((site, theme))
}

/// Renders the web pages and typesets the PDFs `jobs` side by side: pages
/// without a PDF first, the others once their PDF's link is known. Then the
/// lists, feeds and sitemap, and the check of every link against all of it.
/// Gives back the web site, its PDFs included and sorted by path, and the
/// PDFs.
fn pages_and_pdfs(
    site: &Site,
    theme: &Theme,
    web: render::web::Prepared,
    jobs: &[PdfJob],
    diags: &mut Diagnostics,
) -> (Vec<BuiltFile>, render::print::Printed) {
    progress::PROGRESS.start(site.pages.len() + jobs.len());
    let with_pdf: BTreeSet<PageId> = jobs.iter().filter_map(|j| j.page()).collect();
    let (early, later): (Vec<PageId>, Vec<PageId>) =
        (0..site.pages.len()).partition(|id| !with_pdf.contains(id));
    let (mut printed, mut pages) = rayon::join(
        || render::print::render(site, theme, web.strings(), jobs),
        || web.pages(&early, &PdfLinks::new(), &ShareImages::new()),
    );
    pages.extend(web.pages(&later, &printed.links, &printed.shares));
    progress::phase("pages and PDFs");
    diags.extend(std::mem::take(&mut printed.diagnostics));
    let (mut files, links) = web.finish(pages, diags);
    files.append(&mut printed.web);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    progress::phase("tag pages, feeds, sitemap");
    let published: Vec<&BuiltFile> = files.iter().collect();
    render::web::links::check(site, &links, &published, diags);
    progress::phase("links checked");
    (files, printed)
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
    let rendered = render(site_dir, opts, None, &mut diags);
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

fn render_and_write(
    site_dir: &Path,
    out: &Path,
    opts: &BuildOptions,
    mut diags: Diagnostics,
) -> Report {
    let rendered = render(site_dir, opts, None, &mut diags);
    let mut report = rendered
        .as_ref()
        .map_or_else(Report::default, Rendered::counts);
    if let Some(rendered) = &rendered
        && !diags.has_errors()
    {
        report.written = write(out, rendered, opts, &mut diags);
    }
    report.diagnostics = diags.sorted();
    report
}

/// Replaces `out` with the rendered site, then writes its zip (an offline
/// copy) or the print-only PDFs beside it. Whether `out` was replaced.
fn write(out: &Path, rendered: &Rendered, opts: &BuildOptions, diags: &mut Diagnostics) -> bool {
    let written = output::write_site(out, &rendered.files);
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

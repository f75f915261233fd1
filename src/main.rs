//! The `awaaz` command line: parses flags, calls the library, prints what
//! it found. Nothing else lives here.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use awaaz::content::date::Date;
use awaaz::scaffold::{self, Scaffold};
use awaaz::{BuildOptions, Report};

#[derive(Parser)]
#[command(
    name = "awaaz",
    version,
    about = "Build a multilingual advocacy web site from a folder of Markdown."
)]
struct Cli {
    /// The site folder (the one with site.yaml).
    #[arg(long, global = true, default_value = ".")]
    site: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder, replacing it only if the build succeeds.
    Build {
        /// Output folder (default: public/ in the site folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Publish pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// Skip PDFs (issues, stories, signature sheets): a faster build.
        #[arg(long)]
        no_pdf: bool,
        /// Make a copy that works opened from a folder or USB stick (every
        /// link relative), and a .zip of it, for sharing phone to phone.
        /// Default output: offline/ and offline.zip in the site folder.
        #[arg(long)]
        offline: bool,
        /// Write pages as the templates make them, not minified: larger,
        /// but readable, for working on a theme.
        #[arg(long)]
        no_minify: bool,
    },
    /// Build into a temporary folder and serve it on this computer,
    /// rebuilding and reloading open pages whenever a file changes.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; only this computer by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Show pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// Skip PDFs, for faster rebuilds.
        #[arg(long)]
        no_pdf: bool,
        /// Serve pages as the templates make them, not minified.
        #[arg(long)]
        no_minify: bool,
    },
    /// Run every check of a build and report problems; write nothing.
    Check {
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too (for CI before publishing).
        #[arg(long)]
        strict: bool,
    },
    /// Make a new site, or a new content file with every field it needs.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A whole site: configuration, default theme and sample content.
    Site { dir: PathBuf },
    /// A survivor's story: content/stories/SLUG.md.
    Story {
        slug: String,
        /// Write a translation of the existing story into this language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// A petition: content/petitions/SLUG.md.
    Petition {
        slug: String,
        /// Write a translation of the existing petition into this language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// A Despatch issue with its first article: content/despatch/YYYY-MM/.
    Issue {
        month: String,
        /// Write translations of the issue and its articles into this language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// A language: added to site.yaml, with i18n/CODE.yaml of every
    /// interface string to translate (the fallback's text beside each).
    Language {
        /// Its code: ne, mai, te, sat, or with a script: mni-Mtei.
        code: String,
        /// Its name as its readers write it (known for the languages of
        /// India and Nepal).
        #[arg(long)]
        name: Option<String>,
        /// The language whose strings and titles stand in for missing ones.
        #[arg(long)]
        fallback: Option<String>,
        /// Written right to left (known from CLDR when not given).
        #[arg(long)]
        rtl: bool,
    },
    /// A plain page: content/PATH.md.
    Page {
        path: String,
        /// Write a translation of the existing page into this language.
        #[arg(long)]
        lang: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            out,
            drafts,
            no_pdf,
            offline,
            no_minify,
        } => {
            let opts = BuildOptions {
                drafts,
                no_pdf,
                offline,
                unminified: no_minify,
            };
            build(&cli.site, out, &opts)
        }
        Command::Check { drafts, strict } => check(&cli.site, drafts, strict),
        Command::New { what } => new(&cli.site, what),
        Command::Serve {
            port,
            bind,
            drafts,
            no_pdf,
            no_minify,
        } => {
            let opts = awaaz::serve::ServeOptions {
                bind,
                port,
                build: BuildOptions {
                    drafts,
                    no_pdf,
                    offline: false,
                    unminified: no_minify,
                },
            };
            serve(&cli.site, &opts)
        }
    }
}

/// `build`: into `out`, else `public/` (`offline/` for an offline copy).
fn build(site: &Path, out: Option<PathBuf>, opts: &BuildOptions) -> ExitCode {
    let out = out.unwrap_or_else(|| {
        if opts.offline {
            awaaz::default_offline_out(site)
        } else {
            awaaz::default_out(site)
        }
    });
    let started = Instant::now();
    let spinner = working("building");
    let report = awaaz::build(site, &out, opts);
    spinner.finish_and_clear();
    finish(site, &report, |r| {
        if r.up_to_date {
            return format!(
                "nothing changed since the last build: {} is as it was ({} pages, {} files, {} PDFs), checked in {} ms",
                out.display(),
                r.pages,
                r.files,
                r.pdfs,
                started.elapsed().as_millis()
            );
        }
        let zip = if opts.offline {
            format!(" and {}", awaaz::zip_path(&out).display())
        } else {
            String::new()
        };
        format!(
            "built {} pages ({} files, {} PDFs) into {}{zip} in {} ms",
            r.pages,
            r.files,
            r.pdfs,
            out.display(),
            started.elapsed().as_millis()
        )
    })
}

/// `check`: the translations table, then every problem; `strict` fails on
/// warnings too.
fn check(site: &Path, drafts: bool, strict: bool) -> ExitCode {
    let spinner = working("checking");
    let opts = BuildOptions {
        drafts,
        ..BuildOptions::default()
    };
    let report = awaaz::check(site, &opts);
    spinner.finish_and_clear();
    if let Some(table) = &report.translations {
        println!(
            "Translations (pages missing a language):\n{}",
            table.render()
        );
    }
    let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
    let code = finish(site, &report, |r| {
        format!("checked {} pages: no errors", r.pages)
    });
    if strict && warnings > 0 && code == ExitCode::SUCCESS {
        eprintln!("failed: --strict, and there are {warnings} warning(s)");
        return ExitCode::FAILURE;
    }
    code
}

/// `serve`: says where it listens, then what each rebuild did.
fn serve(site: &Path, opts: &awaaz::serve::ServeOptions) -> ExitCode {
    let shown = site.to_path_buf();
    let started = |addr| {
        println!(
            "serving {} at http://{addr}/ (Ctrl-C to stop)",
            site.display()
        );
        use std::io::Write;
        let _ = std::io::stdout().flush();
    };
    let rebuilt = move |report: &Report, took: std::time::Duration| {
        let _ = finish(&shown, report, |r| {
            let rendered = match &r.rerendered {
                Some(again) if again.len() < r.pages => {
                    format!("{} of {} pages rendered again", again.len(), r.pages)
                }
                _ => format!("{} pages", r.pages),
            };
            format!(
                "built in {} ms ({rendered}); serving the new build",
                took.as_millis()
            )
        });
    };
    match awaaz::serve::serve(site, opts, started, rebuilt) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// On a terminal, a spinner while long work starts, then a bar of the
/// pages and PDFs done once the build knows how many there are; nothing
/// when stderr is not a terminal (CI logs, pipes).
fn working(what: &'static str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(what);
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    let watched = bar.clone();
    std::thread::spawn(move || {
        let style =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} pages and PDFs")
                .map(|s| s.progress_chars("=> "));
        let mut shown = false;
        while !watched.is_finished() {
            let (done, total) = awaaz::progress::PROGRESS.get();
            if total > 0 {
                if !shown && let Ok(style) = &style {
                    watched.set_style(style.clone());
                    shown = true;
                }
                watched.set_length(total as u64);
                watched.set_position(done as u64);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
    bar
}

/// Prints every diagnostic, then a summary; the exit code says whether it failed.
fn finish(site: &Path, report: &Report, success: impl Fn(&Report) -> String) -> ExitCode {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &report.diagnostics {
        let mut d = d.clone();
        if site != Path::new(".") && d.path.is_relative() {
            d.path = site.join(&d.path);
        }
        eprint!("{}", d.render(colour));
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("failed: {errors} error(s), {warnings} warning(s); nothing was written");
        ExitCode::FAILURE
    } else {
        let extra = if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        };
        // What fitting did to each issue, for whoever takes it to the
        // photocopy shop; quiet when the output is not a terminal.
        if std::io::stderr().is_terminal() {
            for line in &report.fitted {
                eprintln!("{line}");
            }
        }
        eprintln!("{}{extra}", success(report));
        ExitCode::SUCCESS
    }
}

/// `new KIND NAME`, or with `--lang`, a translation of `content/{rel}`.
fn translated(rel: String, lang: Option<String>, original: Scaffold) -> Scaffold {
    match lang {
        Some(lang) => Scaffold::Translation { rel, lang },
        None => original,
    }
}

fn new(site: &Path, what: NewCommand) -> ExitCode {
    let what = match what {
        NewCommand::Site { dir } => Scaffold::Site { dir },
        NewCommand::Story { slug, lang } => {
            translated(format!("stories/{slug}"), lang, Scaffold::Story { slug })
        }
        NewCommand::Petition { slug, lang } => translated(
            format!("petitions/{slug}"),
            lang,
            Scaffold::Petition { slug },
        ),
        NewCommand::Issue { month, lang } => {
            translated(format!("despatch/{month}"), lang, Scaffold::Issue { month })
        }
        NewCommand::Language {
            code,
            name,
            fallback,
            rtl,
        } => Scaffold::Language(awaaz::scaffold::language::NewLanguage {
            code,
            name,
            fallback,
            rtl,
        }),
        NewCommand::Page { path, lang } => translated(
            path.trim_end_matches(".md").to_string(),
            lang,
            Scaffold::Page { path },
        ),
    };
    match scaffold::create(site, &what, Date::today()) {
        Ok(paths) => {
            for p in &paths {
                // `new language` adds a line to the existing site.yaml.
                let done = if p.ends_with(awaaz::config::CONFIG_FILE) {
                    "updated"
                } else {
                    "created"
                };
                println!("{done} {}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

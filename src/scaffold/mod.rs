//! `awaaz new`: a whole site from the copy built into the binary, one
//! content file with every field its kind needs, explained in plain words,
//! or a new language ([`language`]). Never overwrites a file.

pub mod language;

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::content::date::Date;
use crate::theme::DEFAULT_THEME;

static SAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const SAMPLE_CONFIG: &str = include_str!("../../site.yaml");

/// What `awaaz new` makes.
#[derive(Debug, Clone)]
pub enum Scaffold {
    Site {
        dir: PathBuf,
    },
    Story {
        slug: String,
    },
    Petition {
        slug: String,
    },
    Issue {
        month: String,
    },
    Page {
        path: String,
    },
    /// A translation into `lang` of the existing `content/{rel}.md`, or of
    /// every file of a folder (an issue) when `rel` is a folder.
    Translation {
        rel: String,
        lang: String,
    },
    /// A language added to `site.yaml`, with its strings to translate.
    Language(language::NewLanguage),
}

/// Makes the files; returns the paths written, or a message saying why not.
pub fn create(site_dir: &Path, what: &Scaffold, today: Date) -> Result<Vec<PathBuf>, String> {
    match what {
        Scaffold::Site { dir } => new_site(dir),
        Scaffold::Story { slug } => one(
            site_dir,
            &format!("stories/{}.md", checked_slug(slug)?),
            &story(slug, today),
        ),
        Scaffold::Petition { slug } => one(
            site_dir,
            &format!("petitions/{}.md", checked_slug(slug)?),
            &petition(slug, today),
        ),
        Scaffold::Page { path } => {
            let path = path.trim_end_matches(".md");
            checked_path(path)?;
            one(site_dir, &format!("{path}.md"), &page(path, today))
        }
        Scaffold::Issue { month } => new_issue(site_dir, month),
        Scaffold::Translation { rel, lang } => translate(site_dir, rel, lang),
        Scaffold::Language(new) => language::add(site_dir, new),
    }
}

/// Writes `name.LANG.md` beside each original: its front matter copied
/// (so nothing the kind needs is lost), its text to translate over, and
/// `draft: true` so that nothing half-translated is published.
fn translate(site_dir: &Path, rel: &str, lang: &str) -> Result<Vec<PathBuf>, String> {
    checked_path(rel)?;
    let config = crate::config::Config::load(site_dir).map_err(|d| {
        d.sorted()
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    if !config.is_language(lang) {
        return Err(format!(
            "`{lang}` is not a language of this site; site.yaml lists {}",
            config.language_codes().join(", ")
        ));
    }
    if lang == config.default_language {
        return Err(format!(
            "`{lang}` is the site's default language: originals are written in it"
        ));
    }
    let content = site_dir.join("content");
    let folder = content.join(rel);
    let originals: Vec<PathBuf> = if folder.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                // Originals only: `name.md`, not `name.hi.md`.
                name.is_some_and(|n| n.ends_with(".md") && n.matches('.').count() == 1)
            })
            .collect();
        files.sort();
        files
    } else {
        vec![content.join(format!("{rel}.md"))]
    };
    let mut written = Vec::new();
    for original in originals {
        let text = std::fs::read_to_string(&original).map_err(|_| {
            format!(
                "there is no {} to translate; write the original first",
                original.display()
            )
        })?;
        let target = original.with_extension(format!("{lang}.md"));
        if target.exists() && folder.is_dir() {
            continue;
        }
        refuse_existing(&target)?;
        let shown = original.strip_prefix(site_dir).unwrap_or(&original);
        write(
            &target,
            translation(&text, &shown.display().to_string(), lang).as_bytes(),
        )?;
        written.push(target);
    }
    if written.is_empty() {
        return Err(format!(
            "every page in {} is already translated into `{lang}`",
            folder.display()
        ));
    }
    Ok(written)
}

fn translation(original: &str, shown: &str, lang: &str) -> String {
    let note = format!(
        "# Translation into `{lang}` of {shown}. Translate `title`, `summary` and the\n# text below; fields you delete are taken from the original.\n"
    );
    let draft = "draft: true   # delete this line when the translation is finished\n";
    let Some(rest) = original.strip_prefix("---\n") else {
        return format!("---\n{note}{draft}---\n\n{original}");
    };
    let has_draft = rest
        .split("\n---")
        .next()
        .is_some_and(|fm| fm.lines().any(|l| l.starts_with("draft:")));
    let draft = if has_draft { "" } else { draft };
    format!("---\n{note}{draft}{rest}")
}

fn checked_slug(slug: &str) -> Result<&str, String> {
    if slug.is_empty() || slug.contains(['/', '\\', '.']) || slug.starts_with('-') {
        return Err(format!(
            "`{slug}` cannot be a file name: use words joined by `-`, e.g. `heera` or `end-demand`"
        ));
    }
    Ok(slug)
}

fn checked_path(path: &str) -> Result<(), String> {
    if path.is_empty()
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(format!(
            "`{path}` is not a page path inside content/, e.g. `about` or `campaigns/rally`"
        ));
    }
    Ok(())
}

fn refuse_existing(path: &Path) -> Result<(), String> {
    if path.exists() {
        return Err(format!(
            "{} already exists; awaaz never overwrites a file",
            path.display()
        ));
    }
    Ok(())
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot make {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn one(site_dir: &Path, rel: &str, text: &str) -> Result<Vec<PathBuf>, String> {
    let path = site_dir.join("content").join(rel);
    refuse_existing(&path)?;
    write(&path, text.as_bytes())?;
    Ok(vec![path])
}

fn new_site(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(format!(
            "{} already holds a site; awaaz never overwrites a file",
            dir.display()
        ));
    }
    let mut written = Vec::new();
    let mut put = |path: PathBuf, bytes: &[u8]| -> Result<(), String> {
        refuse_existing(&path)?;
        write(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    put(dir.join("site.yaml"), SAMPLE_CONFIG.as_bytes())?;
    for (prefix, tree) in [
        ("content", &SAMPLE_CONTENT),
        ("themes/default", &DEFAULT_THEME),
    ] {
        for file in files_of(tree) {
            put(dir.join(prefix).join(file.path()), file.contents())?;
        }
    }
    Ok(written)
}

fn files_of(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out = Vec::new();
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => out.extend(files_of(d)),
            include_dir::DirEntry::File(f) => out.push(f),
        }
    }
    out
}

fn title_of(slug: &str) -> String {
    let words = slug
        .rsplit('/')
        .next()
        .unwrap_or(slug)
        .replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

fn story(slug: &str, today: Date) -> String {
    format!(
        r#"---
title: "{title}"
date: {today}
summary: "One sentence that tells readers what this story is about."
tags: []
# Who tells the story: a name she chose, never her real name unless she asked for it.
author: "a pseudonym"
# Or, instead of author, show "Anonymous" in every language:
# anonymous: true
# Nothing is published without her recorded consent.
consent:
  recorded: {today}      # the day her consent was recorded
  by: "who recorded it"   # the person who recorded it
  scope: [web, print]     # where it may appear: [web], [print] or [web, print]
# If she withdraws consent, write `withdrawn: true`: the story disappears everywhere.
# withdrawn: true
draft: true               # remove this line when the story is ready
---

Write the story here.
"#,
        title = title_of(slug)
    )
}

fn petition(slug: &str, today: Date) -> String {
    format!(
        r#"---
title: "{title}"
date: {today}
summary: "One sentence: what we ask, and of whom."
tags: [petition]
to: "Who must act, e.g. The District Magistrate"
demands:
  - "The first thing we ask for"
  - "The second thing we ask for"
goal: 5000                # how many signatures we aim for
deadline: {year}-12-31    # the day we hand the petition over
status: open              # open, closed or won
draft: true               # remove this line when the petition is ready
---

Why this petition matters, in a few paragraphs.

Signatures collected on paper go in `{slug}.tallies.csv` beside this file,
one row per batch: date,place,collected_by,count
"#,
        title = title_of(slug),
        year = today.year
    )
}

fn page(path: &str, today: Date) -> String {
    format!(
        "---\ntitle: \"{}\"\ndate: {today}\nsummary: \"One sentence about this page.\"\n---\n\nWrite the page here.\n",
        title_of(path)
    )
}

fn new_issue(site_dir: &Path, month: &str) -> Result<Vec<PathBuf>, String> {
    let date = Date::parse(&format!("{month}-01"))
        .map_err(|_| format!("`{month}` is not a month: write it as YYYY-MM, e.g. 2026-12"))?;
    let folder = site_dir.join("content/despatch").join(month);
    let index = folder.join("_index.md");
    let article = folder.join("01-editorial.md");
    refuse_existing(&index)?;
    refuse_existing(&article)?;
    let first_day = Date { day: 1, ..date };
    write(
        &index,
        format!(
            r#"---
title: "{month}"
date: {first_day}          # the day the issue comes out
volume: 1                  # the paper's volume (year of publication)
number: {number}                  # the issue's number in the volume
editors: ["name of an editor"]
summary: "What this issue is about, in one sentence."
---

In this issue: …
"#,
            number = date.month
        )
        .as_bytes(),
    )?;
    write(
        &article,
        format!(
            r#"---
title: "Editorial"
date: {first_day}
summary: "One sentence about this article."
# Who wrote it: a person, or a group, e.g. "the Sonar Bangla group, Kidderpore".
byline: "the editors"
# For a poem, keep its line breaks (and one column in print):
# poem: true
---

Articles appear in the issue in the order of their file names:
01-editorial.md, 02-rally.md, …
"#
        )
        .as_bytes(),
    )?;
    Ok(vec![index, article])
}

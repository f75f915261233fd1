//! Loading `content/`: walking the tree, reading each Markdown file's front
//! matter as the kind its section says it is, joining translations, and
//! reading petition tallies; and listing the site's `static/` files.
//!
//! The result is plain data ([`Content`]); which pages are published, and at
//! which URLs, is decided by [`crate::site`]. Given the last build's
//! readings ([`DocumentMemory`]), files that did not change are not read
//! or parsed again ([`memory`]).

pub mod date;
pub mod front_matter;
pub mod kinds;
mod memory;
pub mod tallies;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use front_matter::Fields;
use kinds::{Kind, Meta, Role};
pub use memory::{DocumentMemo, DocumentMemory, read_again};
use memory::{recall_document, recall_text};
use tallies::Tally;

pub const CONTENT_DIR: &str = "content";
const INDEX_STEM: &str = "_index";
const TALLIES_SUFFIX: &str = ".tallies.csv";

/// One Markdown file, read and checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// Relative to the site folder, e.g. `content/stories/heera.hi.md`.
    pub source: PathBuf,
    pub text: std::sync::Arc<str>,
    pub body_offset: usize,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Folder inside `content/`, with `/` separators; empty for the top.
    pub folder: String,
    /// File name without language and extension: `heera`, `_index`.
    pub stem: String,
    pub lang: String,
    pub meta: Meta,
    pub role: Role,
    /// Where every link and image of the body points, as written.
    pub links: Vec<String>,
}

impl Document {
    pub fn is_index(&self) -> bool {
        self.stem == INDEX_STEM
    }

    /// Whether this is `other` but for the text: the same file, front
    /// matter and links (the body's words may differ).
    pub fn same_but_text(&self, other: &Document) -> bool {
        let Document {
            source,
            text: _,
            body_offset: _,
            body_line,
            folder,
            stem,
            lang,
            meta,
            role,
            links,
        } = self;
        *source == other.source
            && *body_line == other.body_line
            && *folder == other.folder
            && *stem == other.stem
            && *lang == other.lang
            && *meta == other.meta
            && *role == other.role
            && *links == other.links
    }

    /// What translations of one page share: the path without the language.
    pub fn key(&self) -> String {
        key_of(&self.folder, &self.stem)
    }
}

/// The translation key of the page from file `stem` in `folder`: the
/// folder itself for an `_index`, else `folder/stem`.
pub fn key_of(folder: &str, stem: &str) -> String {
    match (stem == INDEX_STEM, folder.is_empty()) {
        (true, _) => folder.to_string(),
        (false, true) => stem.to_string(),
        (false, false) => format!("{folder}/{stem}"),
    }
}

/// The folder above `folder` (`""` above a top folder); none above the top.
pub fn parent_folder(folder: &str) -> Option<&str> {
    if folder.is_empty() {
        None
    } else {
        Some(folder.rsplit_once('/').map_or("", |(p, _)| p))
    }
}

/// `heera.hi` → (`heera`, `Some("hi")`) when `hi` is a language of the
/// site; otherwise the whole name and no language.
pub fn split_language<'a>(base: &'a str, config: &Config) -> (&'a str, Option<&'a str>) {
    match base.rsplit_once('.') {
        Some((stem, code)) if config.is_language(code) => (stem, Some(code)),
        _ => (base, None),
    }
}

/// A file in `content/` that is not Markdown or tallies: copied beside its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Relative to the site folder.
    pub source: PathBuf,
    pub folder: String,
    pub name: String,
}

/// A file under the site's `static/`, published at the same path.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticFile {
    /// Relative to the site folder.
    pub source: PathBuf,
    /// Path inside `static/` and in the output, with `/`.
    pub path: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub documents: Vec<Document>,
    /// Petition tallies by the petition's key (`petitions/end-demand`).
    pub tallies: BTreeMap<String, Vec<Tally>>,
    pub assets: Vec<Asset>,
    pub static_files: Vec<StaticFile>,
}

/// A Markdown file found by the walk, and later its text.
#[derive(Clone)]
struct Source {
    /// Relative to `content/`.
    rel: String,
    folder: String,
    stem: String,
    lang: String,
    text: String,
    /// Size and modification time when it was read.
    stamp: Option<Stamp>,
    /// Unchanged since the last build, whose memory holds its text
    /// (`text` is then empty, but for an `_index`).
    unchanged: bool,
}

/// A file's size and modification time: while both are as they were, so
/// are its bytes.
pub type Stamp = (u64, std::time::SystemTime);

fn stamp_of(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// A file found by the walk, classified by its name.
enum Walked {
    Markdown(Source),
    Tallies { rel: String, key: String },
    Asset(Asset),
}

/// Loads every file under `content/`; problems go to `diags`. With a
/// `memory` of the last build, files whose size and modification time are
/// as they were then are not read again, and documents whose text and
/// place are as they were are not parsed again.
pub fn load(
    site_dir: &Path,
    config: &Config,
    memory: Option<&DocumentMemory>,
    diags: &mut Diagnostics,
) -> Content {
    let found = found_and_read(site_dir, config, memory, diags);
    let mut others = Diagnostics::new();
    let (content, _) = documents(site_dir, config, memory, found, diags, &mut others);
    diags.extend(others.sorted());
    content
}

/// What a build that follows another found in `content/`.
pub enum Reloaded {
    /// Only the words of some pages changed: each such file's document,
    /// which is its last reading's but for its text
    /// ([`Document::same_but_text`]). Everything else (every other file,
    /// the tallies, the other files copied) is as it was.
    Texts(Vec<Document>),
    /// Anything else: everything, as [`load`] reads it, with what of it a
    /// next [`reload`] compares.
    Content(Content, LastLoad),
}

/// What of a load a [`reload`] compares with, besides the Markdown files
/// (those are in the [`DocumentMemory`]), and what it reported but for
/// its documents' own problems.
#[derive(Debug, Clone, Default)]
pub struct LastLoad {
    tally_files: Vec<(String, String)>,
    tallies: BTreeMap<String, Vec<Tally>>,
    assets: Vec<Asset>,
    static_files: Vec<StaticFile>,
    /// Problems of the tallies, the translations and (added by the
    /// caller) the model: the same while all of the above is.
    pub diagnostics: Vec<Diagnostic>,
}

/// [`load`] for a build that follows another, whose load was `last`: tells
/// apart the edit that changed only the words of some pages, the most
/// common while writing, so that the model need not be made again.
/// Problems of the documents go to `diags`; on [`Reloaded::Content`], the
/// others too.
pub fn reload(
    site_dir: &Path,
    config: &Config,
    memory: &DocumentMemory,
    last: Option<&LastLoad>,
    diags: &mut Diagnostics,
) -> Reloaded {
    let mut walked = Diagnostics::new();
    let found = found_and_read(site_dir, config, Some(memory), &mut walked);
    let walked = walked.sorted();
    let clean = walked.is_empty();
    diags.extend(walked);
    if let Some(last) = last.filter(|_| clean)
        && let Some(texts) = texts_alone(site_dir, memory, &found, last, diags)
    {
        return Reloaded::Texts(texts);
    }
    let mut others = Diagnostics::new();
    let (content, last) = documents(site_dir, config, Some(memory), found, diags, &mut others);
    let mut last = last;
    last.diagnostics = others.sorted();
    diags.extend(last.diagnostics.iter().cloned());
    Reloaded::Content(content, last)
}

/// The files of `content/`, the Markdown ones read (or recalled).
struct Found {
    markdown: Vec<Result<Source, Diagnostic>>,
    tally_files: Vec<(String, String)>,
    assets: Vec<Asset>,
}

fn found_and_read(
    site_dir: &Path,
    config: &Config,
    memory: Option<&DocumentMemory>,
    diags: &mut Diagnostics,
) -> Found {
    let mut markdown = Vec::new();
    let mut found = Found {
        markdown: Vec::new(),
        tally_files: Vec::new(),
        assets: Vec::new(),
    };
    for f in walk(site_dir, config, diags) {
        match f {
            Walked::Markdown(source) => markdown.push(source),
            Walked::Tallies { rel, key } => found.tally_files.push((rel, key)),
            Walked::Asset(a) => found.assets.push(a),
        }
    }
    // Each file is read once, in parallel.
    found.markdown = markdown
        .into_par_iter()
        .map(|source| match memory {
            Some(memory) => recall_text(site_dir, source, memory),
            None => read_text(site_dir, source),
        })
        .collect();
    found
}

/// The documents of the files `found` when only some pages' words changed
/// since the `last` load: every Markdown file the memory's, the changed
/// ones no `_index` (whose text can make a page of its own) and each the
/// same but for its text; the tallies, copied files and static files as
/// they were. Their memory is kept for the next build; the problems of
/// every document and `last`'s go to `diags`. None for any other change.
fn texts_alone(
    site_dir: &Path,
    memory: &DocumentMemory,
    found: &Found,
    last: &LastLoad,
    diags: &mut Diagnostics,
) -> Option<Vec<Document>> {
    let sources: Vec<&Source> = found
        .markdown
        .iter()
        .map(|r| r.as_ref().ok())
        .collect::<Option<_>>()?;
    if found.tally_files != last.tally_files
        || found.assets != last.assets
        || sources.len() != memory.last_len()
        || sources.iter().any(|s| !s.unchanged && s.stem == INDEX_STEM)
        || !sources
            .par_iter()
            .all(|s| memory.with_last(&PathBuf::from(&s.rel), |_| ()).is_some())
    {
        return None;
    }
    let tallies = tallies_of(site_dir, &found.tally_files)?;
    if tallies != last.tallies
        || walk_static(site_dir, &mut Diagnostics::new()) != last.static_files
    {
        return None;
    }
    // Every folder's kind is as it was: no `_index` changed.
    let mut changed = Vec::new();
    for source in sources.iter().filter(|s| !s.unchanged) {
        let key = PathBuf::from(&source.rel);
        let (place, same_text) = memory.with_last(&key, |m| (m.place, m.text == source.text))?;
        if same_text {
            continue;
        }
        let read = read_document_in((*source).clone(), place);
        let same = memory
            .with_last(&key, |m| match (&m.result, &read) {
                (Ok((old, _)), Ok((new, _))) => old.same_but_text(new),
                _ => false,
            })
            .unwrap_or(false);
        if !same {
            return None;
        }
        changed.push((key, source.stamp, source.text.clone(), place, read));
    }
    // The same model: keep every memory for the next build.
    let mut texts = Vec::new();
    let changed_keys: BTreeSet<PathBuf> = changed.iter().map(|c| c.0.clone()).collect();
    let problems: Vec<Vec<Diagnostic>> = sources
        .par_iter()
        .map(|source| (PathBuf::from(&source.rel), source.stamp))
        .filter(|(key, _)| !changed_keys.contains(key))
        .filter_map(|(key, stamp)| {
            memory.carry_with(&key, |m| {
                // A file saved again as it was is read by its stamp next time.
                m.stamp = stamp;
                match &m.result {
                    Ok((_, problems)) => problems.clone(),
                    Err(d) => vec![d.clone()],
                }
            })
        })
        .collect();
    diags.extend(problems.into_iter().flatten());
    for (key, stamp, text, place, read) in changed {
        if let Ok((doc, problems)) = &read {
            diags.extend(problems.iter().cloned());
            texts.push(doc.clone());
        }
        memory.keep(
            key,
            DocumentMemo {
                stamp,
                text,
                place,
                result: read,
            },
        );
    }
    diags.extend(last.diagnostics.iter().cloned());
    Some(texts)
}

/// Reads the documents of the files `found`, joins translations, reads
/// the tallies and lists the static files. Problems of the documents go to
/// `diags`, the others to `others`.
fn documents(
    site_dir: &Path,
    config: &Config,
    memory: Option<&DocumentMemory>,
    found: Found,
    diags: &mut Diagnostics,
    others: &mut Diagnostics,
) -> (Content, LastLoad) {
    let Found {
        markdown,
        tally_files,
        assets,
    } = found;
    let mut content = Content {
        assets,
        ..Content::default()
    };
    let sources: Vec<Source> = markdown
        .into_iter()
        .filter_map(|r| r.map_err(|d| diags.push(d)).ok())
        .collect();
    // The section cascade needs the `_index` files' kinds before any page
    // can be read as its kind.
    let folders = FolderKinds::new(&sources, &config.default_language);
    let results: Vec<Result<(Document, Vec<Diagnostic>), Diagnostic>> = sources
        .into_par_iter()
        .map(|source| match memory {
            Some(memory) => recall_document(site_dir, memory, source, &folders),
            None => read_document(source, &folders),
        })
        .collect();
    for r in results {
        match r {
            Ok((doc, ds)) => {
                diags.extend(ds);
                content.documents.push(doc);
            }
            Err(d) => diags.push(d),
        }
    }
    join_translations(&mut content.documents, config, others);
    read_tallies(site_dir, tally_files.clone(), &mut content, others);
    content.static_files = walk_static(site_dir, others);
    let last = LastLoad {
        tally_files,
        tallies: content.tallies.clone(),
        assets: content.assets.clone(),
        static_files: content.static_files.clone(),
        diagnostics: Vec::new(),
    };
    (content, last)
}

/// The rows of every tally file, for comparing: none when one cannot be
/// read or holds a problem.
fn tallies_of(site_dir: &Path, files: &[(String, String)]) -> Option<BTreeMap<String, Vec<Tally>>> {
    let mut tallies = BTreeMap::new();
    for (rel, key) in files {
        let source = content_path(rel);
        let text = std::fs::read_to_string(site_dir.join(&source)).ok()?;
        let (rows, problems) = tallies::parse(&source, &text);
        if !problems.is_empty() {
            return None;
        }
        tallies.insert(key.clone(), rows);
    }
    Some(tallies)
}

const STATIC_DIR: &str = "static";

fn walk_static(site_dir: &Path, diags: &mut Diagnostics) -> Vec<StaticFile> {
    let root = site_dir.join(STATIC_DIR);
    if !root.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&root).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(STATIC_DIR, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&root) else {
            continue;
        };
        files.push(StaticFile {
            source: Path::new(STATIC_DIR).join(rel),
            path: rel.to_string_lossy().replace('\\', "/"),
        });
    }
    files
}

fn content_path(rel: &str) -> PathBuf {
    Path::new(CONTENT_DIR).join(rel)
}

fn walk(site_dir: &Path, config: &Config, diags: &mut Diagnostics) -> Vec<Walked> {
    let root = site_dir.join(CONTENT_DIR);
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, "there is no content folder")
                .with_hint("make a `content/` folder with an `_index.md` for the home page"),
        );
        return Vec::new();
    }
    let mut found = Vec::new();
    let walker = WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| PathBuf::from(CONTENT_DIR), |p| relative(site_dir, p));
                let msg = if e.loop_ancestor().is_some() {
                    "this folder links back to a folder above it (a symlink loop); it is skipped"
                        .to_string()
                } else {
                    format!("cannot read: {e}")
                };
                diags.push(Diagnostic::error(path, msg));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(&root) else {
            continue;
        };
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            diags.push(Diagnostic::error(
                relative(site_dir, entry.path()),
                "this file name is not valid Unicode; rename it",
            ));
            continue;
        };
        if let Some(f) = classify(&rel, config, diags) {
            found.push(f);
        }
    }
    found
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn relative(site_dir: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(site_dir).unwrap_or(p).to_path_buf()
}

fn classify(rel: &str, config: &Config, diags: &mut Diagnostics) -> Option<Walked> {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let folder = folder.to_string();
    if let Some(slug) = name.strip_suffix(TALLIES_SUFFIX) {
        let key = key_of(&folder, slug);
        return Some(Walked::Tallies {
            rel: rel.to_string(),
            key,
        });
    }
    let Some(base) = name.strip_suffix(".md") else {
        return Some(Walked::Asset(Asset {
            source: content_path(rel),
            folder,
            name: name.to_string(),
        }));
    };
    let (stem, lang) = match split_language(base, config) {
        (stem, Some(code)) => (stem, code),
        (_, None) => match base.rsplit_once('.') {
            Some((_, code)) if looks_like_language(code) => {
                let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
                // One letter off (`hx`, `ru` for `ur`) is most likely a slip.
                let nearest = codes.iter().find(|c| {
                    strsim::osa_distance(c, code) == 1
                        || (c.len() == code.len() && c.chars().rev().eq(code.chars()))
                });
                let hint = match nearest {
                    Some(near) => format!(
                        "did you mean `.{near}.md`? Or add `{code}` to the languages in site.yaml (now {})",
                        codes.join(", ")
                    ),
                    None => format!(
                        "the languages in site.yaml are {}; add `{code}` there, or rename the file",
                        codes.join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(
                        content_path(rel),
                        format!("`{code}` is not a language of this site"),
                    )
                    .with_hint(hint),
                );
                return None;
            }
            _ => (base, config.default_language.as_str()),
        },
    };
    Some(Walked::Markdown(Source {
        rel: rel.to_string(),
        folder,
        stem: stem.to_string(),
        lang: lang.to_string(),
        text: String::new(),
        stamp: None,
        unchanged: false,
    }))
}

fn looks_like_language(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

/// What a folder's place gives the files in it: its kind after the section
/// cascade, and whether it is an issue's folder.
pub type Place = (Option<Kind>, bool);

/// The kind of every folder, after the section cascade.
struct FolderKinds {
    kinds: BTreeMap<String, Kind>,
    issue_folders: BTreeSet<String>,
}

impl FolderKinds {
    fn new(sources: &[Source], default_language: &str) -> Self {
        let mut declared: BTreeMap<String, Kind> = BTreeMap::new();
        let mut folders: BTreeSet<String> = BTreeSet::new();
        for source in sources {
            let mut folder = Some(source.folder.as_str());
            while let Some(f) = folder {
                folders.insert(f.to_string());
                folder = parent_folder(f);
            }
            if source.stem != INDEX_STEM {
                continue;
            }
            // Only the kind matters here; the file's problems are reported
            // when it is read in full.
            if let Ok((mut fields, _)) = Fields::parse(&content_path(&source.rel), &source.text)
                && let Some(kind) = fields.text("kind").and_then(|k| Kind::parse(&k))
            {
                // The default language's _index decides; others fill in.
                if source.lang == default_language || !declared.contains_key(&source.folder) {
                    declared.insert(source.folder.clone(), kind);
                }
            }
        }
        let mut kinds = BTreeMap::new();
        let mut issue_folders = BTreeSet::new();
        // BTreeSet order puts every parent before its children.
        for folder in &folders {
            let parent = parent_folder(folder).unwrap_or("");
            let parent_kind = if folder.is_empty() {
                Kind::Page
            } else if parent.is_empty() {
                Kind::default_for_top_folder(folder)
            } else {
                kinds.get(parent).copied().unwrap_or(Kind::Page)
            };
            let own = declared.get(folder).copied();
            let is_issue = !folder.is_empty()
                && !parent.is_empty()
                && kinds.get(parent) == Some(&Kind::Issue)
                && !issue_folders.contains(parent)
                && matches!(own, None | Some(Kind::Issue));
            if is_issue {
                issue_folders.insert(folder.clone());
            }
            kinds.insert(folder.clone(), own.unwrap_or(parent_kind));
        }
        FolderKinds {
            kinds,
            issue_folders,
        }
    }

    /// All that reading a file in `folder` takes from other files.
    fn place(&self, folder: &str) -> Place {
        (
            self.kinds.get(folder).copied(),
            self.issue_folders.contains(folder),
        )
    }

    fn role_of_index(&self, folder: &str) -> Role {
        if folder.is_empty() {
            Role::Home
        } else if self.issue_folders.contains(folder) {
            Role::Issue(Default::default())
        } else {
            Role::Section {
                kind: self.kinds.get(folder).copied().unwrap_or(Kind::Page),
                paginate_by: None,
            }
        }
    }

    fn role_of_page(&self, folder: &str, declared: Option<Kind>) -> Role {
        if self.issue_folders.contains(folder) {
            return Role::Article(Default::default());
        }
        match declared.unwrap_or_else(|| self.kinds.get(folder).copied().unwrap_or(Kind::Page)) {
            Kind::Story => Role::Story(Default::default()),
            Kind::Petition => Role::Petition(Default::default()),
            Kind::Page | Kind::Issue => Role::Page,
        }
    }
}

/// The largest Markdown file read (5 MB, about a thousand printed pages):
/// anything bigger is a mistake, such as a pasted data file.
const MAX_FILE: u64 = 5 * 1024 * 1024;

/// Reads the file's text: UTF-8 is required, a byte-order mark is dropped.
fn read_text(site_dir: &Path, mut source: Source) -> Result<Source, Diagnostic> {
    let path = content_path(&source.rel);
    if let Ok(meta) = std::fs::metadata(site_dir.join(&path))
        && meta.len() > MAX_FILE
    {
        return Err(Diagnostic::error(
            &path,
            format!("this file is {} MB; a page this long cannot be read on a phone", meta.len() / (1024 * 1024)),
        )
        .with_hint("split it into several pages, or put data (tables, lists of names) in a file beside it and link that"));
    }
    let bytes = std::fs::read(site_dir.join(&path))
        .map_err(|e| Diagnostic::error(&path, format!("cannot read this file: {e}")))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let (line, col) = line_col(&valid, valid.len());
        Diagnostic::error(&path, "this file is not UTF-8 text")
            .at(&valid, line, col)
            .with_hint("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    source.text = text;
    Ok(source)
}

/// Reads the front matter as the kind the file's place and its own `kind:` say.
/// [`read_document`] for a file whose folder's kind is known: its `place`.
fn read_document_in(
    source: Source,
    place: Place,
) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let (kind, issue) = place;
    let folders = FolderKinds {
        kinds: kind
            .map(|k| (source.folder.clone(), k))
            .into_iter()
            .collect(),
        issue_folders: issue.then(|| source.folder.clone()).into_iter().collect(),
    };
    read_document(source, &folders)
}

fn read_document(
    source: Source,
    folders: &FolderKinds,
) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let Source {
        rel,
        folder,
        stem,
        lang,
        text,
        ..
    } = source;
    let path = content_path(&rel);
    let (meta, role, body_line, body_len, diagnostics) = {
        let (mut fields, split) = Fields::parse(&path, &text)?;
        let meta = Meta::read(&mut fields);
        let role = if stem == INDEX_STEM {
            folders.role_of_index(&folder)
        } else {
            folders.role_of_page(&folder, meta.kind)
        };
        let role = role.read(&mut fields);
        (
            meta,
            role,
            split.body_line,
            split.body.len(),
            fields.diagnostics,
        )
    };
    let body_offset = text.len() - body_len;
    let links = links_in(&text[body_offset..]).collect();
    let doc = Document {
        source: path,
        body_offset,
        body_line,
        folder,
        stem,
        lang,
        meta,
        role,
        text: text.into(),
        links,
    };
    Ok((doc, diagnostics))
}

/// Where every link and image of a Markdown body points, as written.
fn links_in(body: &str) -> impl Iterator<Item = String> + '_ {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(body, options).filter_map(|e| match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            Some(dest_url.into_string())
        }
        _ => None,
    })
}

/// Gives translations what they leave out from the original (the page in
/// the default language, else the first one), withdraws every language of a
/// story withdrawn in any, and reports required fields still missing.
fn join_translations(docs: &mut [Document], config: &Config, diags: &mut Diagnostics) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        groups.entry(d.key()).or_default().push(i);
    }
    for members in groups.values_mut() {
        members.sort_by_key(|&i| config.language_rank(&docs[i].lang));
        let original = members[0];
        let (meta, role) = (docs[original].meta.clone(), docs[original].role.clone());
        let original_lang = docs[original].lang.clone();
        for &i in &members[1..] {
            docs[i].meta.inherit(&meta, &original_lang);
            docs[i].role.inherit(&role);
        }
        let withdrawn = members
            .iter()
            .any(|&i| matches!(&docs[i].role, Role::Story(s) if s.withdrawn));
        for &i in members.iter() {
            if let Role::Story(s) = &mut docs[i].role {
                s.withdrawn |= withdrawn;
            }
        }
    }
    for d in docs.iter() {
        for (message, hint) in d.role.missing(&d.meta) {
            diags.push(
                Diagnostic::error(&d.source, message)
                    .at(&d.text, 1, 1)
                    .with_hint(hint),
            );
        }
    }
}

fn read_tallies(
    site_dir: &Path,
    files: Vec<(String, String)>,
    content: &mut Content,
    diags: &mut Diagnostics,
) {
    let petitions: BTreeSet<String> = content
        .documents
        .iter()
        .filter(|d| matches!(d.role, Role::Petition(_)))
        .map(Document::key)
        .collect();
    for (rel, key) in files {
        let source = content_path(&rel);
        let text = match std::fs::read_to_string(site_dir.join(&source)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    &source,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        if !petitions.contains(&key) {
            diags.push(
                Diagnostic::warning(&source, "these tallies belong to no petition")
                    .with_hint(format!("name it after the petition's file: `{key}.md` needs `{key}{TALLIES_SUFFIX}`")),
            );
        }
        let (rows, problems) = tallies::parse(&source, &text);
        diags.extend(problems);
        content.tallies.insert(key, rows);
    }
}

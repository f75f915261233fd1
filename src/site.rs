//! The site model: the published pages in every language, at their URLs,
//! with their translations, section lists and tags.
//!
//! [`Site::build`] takes loaded [`Content`] and decides what the web shows:
//! drafts only with `--drafts`; withdrawn stories and stories whose consent
//! does not include the web never ([`Withheld`] says why, so links to them
//! can be refused); files beside the content only when a published page
//! uses them. Renderers only read a `Site`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::kinds::{Kind, Meta, Role};
use crate::content::tallies::Tally;
use crate::content::{Asset, Content, Document, StaticFile, parent_folder};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;

pub type PageId = usize;

/// How the build was asked to run.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// Make no PDFs (`--no-pdf`).
    pub no_pdf: bool,
    /// Make every link relative, for reading from a folder (`--offline`).
    pub offline: bool,
    /// Write pages as the templates made them, not minified
    /// (`--no-minify`): for working on a theme, and for comparing pages
    /// with and without the minifier.
    pub unminified: bool,
}

/// One published page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    /// Path from the site root, e.g. `/hi/stories/heera/`, without the base path.
    pub url: String,
    /// Shared by all translations of this page.
    pub key: String,
    /// Made by awaaz for a folder without an `_index` in this language.
    pub generated: bool,
}

impl Page {
    pub fn lang(&self) -> &str {
        &self.doc.lang
    }
    pub fn meta(&self) -> &Meta {
        &self.doc.meta
    }
    pub fn role(&self) -> &Role {
        &self.doc.role
    }
    /// Leaf pages and issues: what feeds, tags and lists are made of.
    pub fn is_entry(&self) -> bool {
        !matches!(self.doc.role, Role::Home | Role::Section { .. })
    }
}

/// A tag in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The same in every language: the tag as `site.yaml`'s `tags:` names
    /// it, else as written (its slug).
    pub key: String,
    /// As the language's readers see it: its name in `site.yaml`, else as
    /// written.
    pub name: String,
    /// `name` in an address.
    pub slug: String,
    /// The language `name` is in, when it is not this one (a tag no one
    /// has named in this language yet), for its `lang`.
    pub name_lang: Option<String>,
    pub pages: Vec<PageId>,
}

/// A file copied as it is, from the site to the output.
#[derive(Debug, Clone, PartialEq)]
pub struct CopiedFile {
    pub source: PathBuf,
    /// Path in the output, without a leading `/`.
    pub target: String,
}

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub by_url: BTreeMap<String, PageId>,
    /// Translation key → its pages, in the configured language order.
    pub translations: BTreeMap<String, Vec<PageId>>,
    /// (folder, language) → the folder's own page (home, section or issue).
    pub index_of: BTreeMap<(String, String), PageId>,
    /// (folder, language) → what the folder's page lists, in order.
    pub children: BTreeMap<(String, String), Vec<PageId>>,
    /// Language → tag slug → tag.
    pub tags: BTreeMap<String, BTreeMap<String, Tag>>,
    /// The site's languages written in Latin letters (CLDR), for the
    /// language of a tag's name.
    latin: BTreeSet<String>,
    /// The slug of each tag `site.yaml` names, and of each of its names →
    /// the tag as `site.yaml` writes it.
    tag_keys: BTreeMap<String, String>,
    pub tallies: BTreeMap<String, Vec<Tally>>,
    pub assets: Vec<CopiedFile>,
    /// Stories whose consent is for print only: never on the web, but
    /// printed (in every language they are written in).
    pub print_only: Vec<Document>,
    /// Pages that exist in `content/` but are not on the web, by the
    /// address they would have: links to them are errors that say why.
    pub withheld: BTreeMap<String, Withheld>,
    /// The same, by translation key (`stories/gone`), for links to files.
    pub withheld_keys: BTreeMap<String, Withheld>,
}

/// Why a page in `content/` is not on the web.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    Draft,
    Withdrawn,
    PrintOnly,
    /// A story without a complete consent record (also an error).
    NoConsent,
}

impl Withheld {
    /// Why no page may link to it, in the editor's words.
    pub fn explain(self, source: &str) -> String {
        match self {
            Withheld::Draft => format!(
                "{source} is a draft, published only with --drafts; link to it once it is published"
            ),
            Withheld::Withdrawn => format!(
                "{source} is a withdrawn story: it is removed from every output, so no page may point readers to it; remove the link"
            ),
            Withheld::PrintOnly => format!(
                "{source} is a story whose consent covers print only, so it has no web page; remove the link"
            ),
            Withheld::NoConsent => format!(
                "{source} is a story without a complete consent record, so it is not published"
            ),
        }
    }
}

impl Site {
    /// Decides, from the loaded `content`, what the web shows and where:
    /// every published page at its address, what each folder lists, the
    /// tags, why each page left out is left out, and which files beside
    /// the content are used.
    pub fn build(
        root: &Path,
        config: Config,
        content: Content,
        opts: &BuildOptions,
        diags: &mut Diagnostics,
    ) -> Site {
        let Content {
            documents,
            tallies,
            assets,
            static_files,
        } = content;
        let (docs, withheld_docs): (Vec<Document>, Vec<Document>) = documents
            .into_iter()
            .partition(|d| withheld(d, opts).is_none());
        let mut site = Site::empty(root, config, tallies);
        site.print_only = withheld_docs
            .iter()
            .filter(|d| printed_only(d, opts))
            .cloned()
            .collect();
        let generated = site.generated_indexes(&docs, diags);
        site.place_pages(docs, generated, diags);
        site.note_withheld(&withheld_docs, opts);
        site.index_translations();
        site.list_children();
        site.collect_tags();
        site.assets = site.copied_files(static_files, assets, diags);
        site
    }

    fn empty(root: &Path, config: Config, tallies: BTreeMap<String, Vec<Tally>>) -> Site {
        let latin = config
            .languages
            .iter()
            .filter(|l| crate::cldr::script(&l.code).is_none_or(|s| s == "Latn"))
            .map(|l| l.code.clone())
            .collect();
        let mut tag_keys = BTreeMap::new();
        for (key, names) in &config.tags {
            for name in std::iter::once(key).chain(names.values()) {
                tag_keys.entry(slugify(name)).or_insert_with(|| key.clone());
            }
        }
        Site {
            root: root.to_path_buf(),
            config,
            pages: Vec::new(),
            by_url: BTreeMap::new(),
            translations: BTreeMap::new(),
            index_of: BTreeMap::new(),
            children: BTreeMap::new(),
            tags: BTreeMap::new(),
            latin,
            tag_keys,
            tallies,
            assets: Vec::new(),
            print_only: Vec::new(),
            withheld: BTreeMap::new(),
            withheld_keys: BTreeMap::new(),
        }
    }

    /// Gives each published document, then each generated `_index`, its
    /// address. A second page at an address is an error and is not kept,
    /// so every page in the model owns its address.
    fn place_pages(
        &mut self,
        docs: Vec<Document>,
        generated: Vec<Document>,
        diags: &mut Diagnostics,
    ) {
        let docs = docs.into_iter().map(|d| (d, false));
        for (doc, generated) in docs.chain(generated.into_iter().map(|d| (d, true))) {
            let url = self.url_of(&doc);
            if let Some(&first) = self.by_url.get(&url) {
                let first: &Page = &self.pages[first];
                diags.push(
                    Diagnostic::error(
                        &doc.source,
                        format!("two pages would be published at {url}"),
                    )
                    .with_hint(format!(
                        "{} has the same address; give one of them another `slug`",
                        first.doc.source.display()
                    )),
                );
                continue;
            }
            self.by_url.insert(url.clone(), self.pages.len());
            let key = doc.key();
            self.pages.push(Page {
                doc,
                url,
                key,
                generated,
            });
        }
    }

    /// Notes why each document left out is left out, by the address and
    /// the translation key it would have had, so links to it are refused.
    fn note_withheld(&mut self, withheld_docs: &[Document], opts: &BuildOptions) {
        for doc in withheld_docs {
            let Some(why) = withheld(doc, opts) else {
                continue;
            };
            let url = self.url_of(doc);
            if !self.by_url.contains_key(&url) {
                self.withheld.insert(url, why);
            }
            self.withheld_keys.insert(doc.key(), why);
        }
    }

    /// The files copied as they are: every file of `static/`, and the files
    /// beside the content that a published page uses.
    fn copied_files(
        &self,
        static_files: Vec<StaticFile>,
        assets: Vec<Asset>,
        diags: &mut Diagnostics,
    ) -> Vec<CopiedFile> {
        let used = self.used_files();
        let beside_content = assets
            .into_iter()
            .map(|a| CopiedFile {
                target: join_url(&folder_url(&a.folder), &a.name)
                    .trim_start_matches('/')
                    .to_string(),
                source: a.source,
            })
            .filter(|f| used_or_warn(f, &used, diags));
        static_files
            .into_iter()
            .map(|f| CopiedFile {
                source: f.source,
                target: f.path,
            })
            .chain(beside_content)
            .collect()
    }

    /// Output paths of the files in `content/` that published pages use:
    /// their links and images, `image:` and an issue's `cover:`.
    fn used_files(&self) -> BTreeSet<String> {
        let per_page: Vec<Vec<String>> = self
            .pages
            .par_iter()
            .filter(|p| !p.generated)
            .map(|page| {
                let cover = match page.role() {
                    Role::Issue(issue) => issue.cover.clone(),
                    _ => None,
                };
                let doc = &page.doc;
                doc.links
                    .iter()
                    .cloned()
                    .chain(doc.meta.image.clone())
                    .chain(cover)
                    .filter_map(|dest| file_target(&doc.folder, &dest))
                    .collect()
            })
            .collect();
        per_page.into_iter().flatten().collect()
    }

    /// Pages for folders that have published pages in a language but no
    /// `_index` in it: a copy of the folder's `_index` in another language,
    /// or a plain list titled after the folder.
    fn generated_indexes(&self, docs: &[Document], diags: &mut Diagnostics) -> Vec<Document> {
        let mut have: BTreeSet<(String, String)> = BTreeSet::new();
        let mut originals: BTreeMap<String, &Document> = BTreeMap::new();
        for d in docs.iter().filter(|d| d.is_index()) {
            have.insert((d.folder.clone(), d.lang.clone()));
            let better = originals.get(&d.folder).is_none_or(|o| {
                self.config.language_rank(&d.lang) < self.config.language_rank(&o.lang)
            });
            if better {
                originals.insert(d.folder.clone(), d);
            }
        }
        let mut needed: BTreeSet<(String, String)> = BTreeSet::new();
        for d in docs {
            let mut folder = if d.is_index() {
                parent_folder(&d.folder)
            } else {
                Some(d.folder.as_str())
            };
            while let Some(f) = folder {
                needed.insert((f.to_string(), d.lang.clone()));
                folder = parent_folder(f);
            }
        }
        let mut out = Vec::new();
        let mut reported = BTreeSet::new();
        for (folder, lang) in needed.difference(&have) {
            let doc = match originals.get(folder) {
                Some(original) => Document {
                    lang: lang.clone(),
                    body_offset: original.text.len(),
                    links: Vec::new(),
                    ..(*original).clone()
                },
                None => {
                    let is_issue = docs
                        .iter()
                        .any(|d| d.folder == *folder && matches!(d.role, Role::Article(_)));
                    if is_issue {
                        if reported.insert(folder.clone()) {
                            diags.push(
                                Diagnostic::error(Path::new("content").join(folder), "this Despatch issue has no `_index.md`")
                                    .with_hint("add `_index.md` with the issue's title, date, volume, number and editors"),
                            );
                        }
                        continue;
                    }
                    let site_title = self.config.localized(&self.config.title, lang);
                    generated_section(folder, lang, site_title)
                }
            };
            out.push(doc);
        }
        out
    }

    fn url_of(&self, doc: &Document) -> String {
        let prefix = self.config.lang_prefix(&doc.lang);
        let folder = folder_url(&doc.folder);
        if doc.is_index() {
            return format!("{prefix}{}/", folder);
        }
        let name = match &doc.meta.slug {
            Some(s) => slugify(s),
            None if matches!(doc.role, Role::Article(_)) => slugify(strip_order_prefix(&doc.stem)),
            None => slugify(&doc.stem),
        };
        format!("{prefix}{}/", join_url(&folder, &name))
    }

    /// Groups pages into translations and finds each folder's own page.
    fn index_translations(&mut self) {
        for (id, page) in self.pages.iter().enumerate() {
            self.translations
                .entry(page.key.clone())
                .or_default()
                .push(id);
            if page.doc.is_index() {
                self.index_of
                    .insert((page.doc.folder.clone(), page.lang().to_string()), id);
            }
        }
        for ids in self.translations.values_mut() {
            ids.sort_by_key(|&id| self.config.language_rank(self.pages[id].lang()));
        }
    }

    fn list_children(&mut self) {
        let mut children: BTreeMap<(String, String), Vec<PageId>> = BTreeMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            let parent = if page.doc.is_index() {
                match parent_folder(&page.doc.folder) {
                    Some(p) => p.to_string(),
                    None => continue,
                }
            } else {
                page.doc.folder.clone()
            };
            children
                .entry((parent, page.lang().to_string()))
                .or_default()
                .push(id);
        }
        for ((folder, lang), ids) in children.iter_mut() {
            let in_issue = self
                .index_of
                .get(&(folder.clone(), lang.clone()))
                .is_some_and(|&i| matches!(self.pages[i].role(), Role::Issue(_)));
            if in_issue {
                ids.sort_by(|&a, &b| self.pages[a].doc.stem.cmp(&self.pages[b].doc.stem));
            } else {
                ids.sort_by(|&a, &b| self.list_order(a, b));
            }
        }
        self.children = children;
    }

    /// Lists: lower `weight` first, then newest first, then by title.
    fn list_order(&self, a: PageId, b: PageId) -> std::cmp::Ordering {
        let (a, b) = (self.pages[a].meta(), self.pages[b].meta());
        let weight = |m: &Meta| m.weight.unwrap_or(i64::MAX);
        weight(a)
            .cmp(&weight(b))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.title.cmp(&b.title))
    }

    fn collect_tags(&mut self) {
        for (id, page) in self.pages.iter().enumerate() {
            if !page.is_entry() || page.generated {
                continue;
            }
            for written in &page.meta().tags {
                let Some(shown) = self.tag_as_shown(page, written) else {
                    continue;
                };
                let tag = self
                    .tags
                    .entry(page.lang().to_string())
                    .or_default()
                    .entry(shown.slug.clone())
                    .or_insert(shown);
                tag.pages.push(id);
            }
        }
        let mut tags = std::mem::take(&mut self.tags);
        for per_lang in tags.values_mut() {
            for tag in per_lang.values_mut() {
                tag.pages.sort_by(|&a, &b| self.newest_first(a, b));
                tag.pages.dedup();
            }
        }
        self.tags = tags;
    }

    /// The tag `written` in `page`'s front matter, as `page`'s language
    /// shows it (without its pages); none for a tag with no letters.
    ///
    /// A tag is the same in every language when `site.yaml` names it:
    /// `education` in an English file and `शिक्षा` in a Hindi one are one
    /// tag if `tags:` has `education: { hi: शिक्षा }`. It is shown by its
    /// name in the page's language, else as written, with the language it
    /// is written in.
    pub fn tag_as_shown(&self, page: &Page, written: &str) -> Option<Tag> {
        let slug = slugify(written);
        if slug.is_empty() {
            return None;
        }
        let lang = page.lang();
        let default = self.config.default_language.as_str();
        // The key whose own spelling or any name is written here.
        let key = self.tag_keys.get(&slug);
        let written_in = page.meta().tags_from.as_deref().unwrap_or(lang);
        let (name, name_in) = match key {
            Some(key) => match self.config.tags[key].get(lang) {
                Some(name) => (name.clone(), lang),
                None if lang == default => (key.clone(), lang),
                // Not named in this language: as the default language has it.
                None => (key.clone(), default),
            },
            None => (written.to_string(), written_in),
        };
        // Latin letters in a file of another script are not its language.
        let latin = |code: &str| self.latin.contains(code) || self.config.language(code).is_none();
        let name_in = if name.is_ascii() && !latin(name_in) {
            if latin(default) { default } else { "en" }
        } else {
            name_in
        };
        Some(Tag {
            key: key.map_or(slug, |k| slugify(k)),
            slug: slugify(&name),
            name,
            name_lang: (name_in != lang).then(|| name_in.to_string()),
            pages: Vec::new(),
        })
    }

    /// The tag `key` in `lang`, when pages of that language have it.
    pub fn tag_in(&self, lang: &str, key: &str) -> Option<&Tag> {
        self.tags.get(lang)?.values().find(|t| t.key == key)
    }

    /// Newest first, then by URL, so that equal dates keep a fixed order.
    pub fn newest_first(&self, a: PageId, b: PageId) -> std::cmp::Ordering {
        let (pa, pb) = (&self.pages[a], &self.pages[b]);
        pb.meta()
            .date
            .cmp(&pa.meta().date)
            .then_with(|| pa.url.cmp(&pb.url))
    }

    /// The other languages of `id`'s page, itself included, in language order.
    pub fn translations_of(&self, id: PageId) -> &[PageId] {
        self.translations
            .get(&self.pages[id].key)
            .map_or(&[], Vec::as_slice)
    }

    /// Published entries of `lang` (leaf pages and issues), newest first.
    pub fn entries(&self, lang: &str) -> Vec<PageId> {
        let mut ids: Vec<PageId> = (0..self.pages.len())
            .filter(|&id| {
                let p = &self.pages[id];
                p.lang() == lang && p.is_entry() && !p.generated
            })
            .collect();
        ids.sort_by(|&a, &b| self.newest_first(a, b));
        ids
    }

    /// Published entries of `lang` that have a date, newest first: what
    /// a feed is made of.
    pub fn dated_entries(&self, lang: &str) -> Vec<PageId> {
        let mut ids = self.entries(lang);
        ids.retain(|&id| self.pages[id].meta().date.is_some());
        ids
    }

    /// What the page of `folder` lists in `lang`, in order.
    pub fn children_of(&self, folder: &str, lang: &str) -> &[PageId] {
        self.children
            .get(&(folder.to_string(), lang.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Address of the tag list of `lang` (`slug` none) or of one tag's page.
    /// How many cards a page of `folder`'s list holds in `lang`: the
    /// nearest `paginate_by:` of the folder's or a parent's `_index` (in
    /// `lang`, else in the default language), else the site's. A whole
    /// list on one page when it is 0.
    pub fn paginate_by(&self, folder: &str, lang: &str) -> usize {
        let mut at = Some(folder);
        while let Some(f) = at {
            for l in [lang, self.config.default_language.as_str()] {
                if let Some(&id) = self.index_of.get(&(f.to_string(), l.to_string()))
                    && let Role::Section {
                        paginate_by: Some(n),
                        ..
                    } = self.pages[id].role()
                {
                    return per_page(*n);
                }
            }
            at = parent_folder(f);
        }
        per_page(self.config.paginate_by)
    }

    pub fn tag_path(&self, lang: &str, slug: Option<&str>) -> String {
        let prefix = self.config.lang_prefix(lang);
        match slug {
            Some(slug) => format!("{prefix}/tags/{slug}/"),
            None => format!("{prefix}/tags/"),
        }
    }

    /// Address of the search page of `lang`.
    pub fn search_path(&self, lang: &str) -> String {
        format!("{}/search/", self.config.lang_prefix(lang))
    }

    /// Lets go of the Markdown source of every page of `ids` that `keep`
    /// says no to, once its body is made and nothing will read it again:
    /// the largest part of a big site's memory. The model is otherwise
    /// unchanged; a page let go of has an empty text (and body).
    pub fn let_go_of_texts(&mut self, ids: std::ops::Range<PageId>, keep: impl Fn(PageId) -> bool) {
        for id in ids {
            if !keep(id) {
                let doc = &mut self.pages[id].doc;
                doc.text = "".into();
                doc.body_offset = 0;
            }
        }
    }

    /// Gives the pages of the files of `docs` those documents' texts: for
    /// a model that is the last build's but for them
    /// ([`crate::content::reload`]).
    pub fn set_texts(&mut self, docs: Vec<Document>) {
        let by_source: BTreeMap<&Path, &Document> =
            docs.iter().map(|d| (d.source.as_path(), d)).collect();
        let pages = self.pages.iter_mut().map(|p| &mut p.doc);
        for doc in pages.chain(self.print_only.iter_mut()) {
            if let Some(new) = by_source.get(doc.source.as_path()) {
                doc.text = new.text.clone();
                doc.body_offset = new.body_offset;
            }
        }
    }

    /// Whether this model is `last`'s but for the text of some pages:
    /// the same pages at the same addresses, with the same front matter
    /// and links, the same lists, tags, tallies, files and withheld
    /// pages. Then no page of the web site shows anything new but its own
    /// body and what is made from it (its PDF, share image, search entry,
    /// feed entry). `config` is not compared: a change to `site.yaml` makes
    /// a rebuild start from nothing.
    pub fn same_but_texts(&self, last: &Site) -> bool {
        let Site {
            root,
            config: _,
            pages,
            by_url,
            translations,
            index_of,
            children,
            tags,
            latin,
            tag_keys,
            tallies,
            assets,
            print_only,
            withheld,
            withheld_keys,
        } = self;
        let same_page = |a: &Page, b: &Page| {
            let Page {
                doc,
                url,
                key,
                generated,
            } = a;
            *url == b.url && *key == b.key && *generated == b.generated && doc.same_but_text(&b.doc)
        };
        let same_docs = |a: &[Document], b: &[Document]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.same_but_text(b))
        };
        *root == last.root
            && pages.len() == last.pages.len()
            && pages.iter().zip(&last.pages).all(|(a, b)| same_page(a, b))
            && *by_url == last.by_url
            && *translations == last.translations
            && *index_of == last.index_of
            && *children == last.children
            && *tags == last.tags
            && *latin == last.latin
            && *tag_keys == last.tag_keys
            && *tallies == last.tallies
            && *assets == last.assets
            && same_docs(print_only, &last.print_only)
            && *withheld == last.withheld
            && *withheld_keys == last.withheld_keys
    }

    /// The full address of an `href` made by [`Site::href`].
    pub fn absolute(&self, href: &str) -> String {
        let origin_end = self.config.base_url.len() - self.config.base_path().len();
        format!("{}{href}", &self.config.base_url[..origin_end])
    }

    /// `path` with the site's base path in front: the `href` of a page.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path(), path)
    }

    /// The full address of `path`, for feeds, the sitemap and sharing.
    pub fn permalink(&self, path: &str) -> String {
        self.absolute(&self.href(path))
    }

    /// The name of the paper whose issue is the page of `folder`, in `lang`:
    /// the title of the section's own `_index` in that language, else in
    /// the languages it falls back to (a translation inherits it); none
    /// when the section has no page of its own.
    pub fn paper_name(&self, folder: &str, lang: &str) -> Option<&str> {
        let (section, _) = folder.rsplit_once('/')?;
        self.config.fallbacks(lang).into_iter().find_map(|code| {
            let id = *self
                .index_of
                .get(&(section.to_string(), code.to_string()))?;
            let page = &self.pages[id];
            (!page.generated).then_some(page.meta().title.as_str())
        })
    }

    /// The site's languages that have a home page, in `site.yaml` order.
    pub fn home_languages(&self) -> impl Iterator<Item = &str> {
        self.config.language_codes().into_iter().filter(|code| {
            self.index_of
                .contains_key(&(String::new(), code.to_string()))
        })
    }

    /// The issue page a folder of articles belongs to, in `lang`.
    pub fn issue_of(&self, folder: &str, lang: &str) -> Option<PageId> {
        self.index_of
            .get(&(folder.to_string(), lang.to_string()))
            .copied()
            .filter(|&id| matches!(self.pages[id].role(), Role::Issue(_)))
    }
}

/// A file beside the content is published only when a published page uses
/// it: the photo beside a withdrawn, draft or print-only story goes with it.
fn used_or_warn(file: &CopiedFile, used: &BTreeSet<String>, diags: &mut Diagnostics) -> bool {
    if used.contains(&file.target) {
        return true;
    }
    diags.push(
        Diagnostic::warning(&file.source, "not published: no published page uses this file")
            .with_hint("link it from a page, e.g. ![what it shows](photo.jpg), or move it to static/; files used only by withdrawn, draft or print-only stories stay unpublished"),
    );
    false
}

/// The output path of the file a link written in a page of `folder` points
/// to (`cover.jpg` in `despatch/2026-11` → `despatch/2026-11/cover.jpg`);
/// none for links that leave `content/`.
pub fn file_target(folder: &str, dest: &str) -> Option<String> {
    let dest = dest.split(['#', '?']).next().unwrap_or_default();
    if dest.is_empty() {
        return None;
    }
    let dest = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
    let joined = match dest.strip_prefix('/') {
        Some(from_root) => from_root.to_string(),
        None => join_relative(folder, &dest)?,
    };
    let (folder, name) = joined.rsplit_once('/').unwrap_or(("", &joined));
    Some(
        join_url(&folder_url(folder), name)
            .trim_start_matches('/')
            .to_string(),
    )
}

/// Why a document is not on the web; none when it is.
fn withheld(doc: &Document, opts: &BuildOptions) -> Option<Withheld> {
    if let Role::Story(story) = &doc.role {
        if story.withdrawn {
            return Some(Withheld::Withdrawn);
        }
        match story.scope() {
            None => return Some(Withheld::NoConsent),
            Some(scope) if !scope.web => return Some(Withheld::PrintOnly),
            Some(_) => {}
        }
    }
    (doc.meta.draft && !opts.drafts).then_some(Withheld::Draft)
}

/// Whether a document kept off the web is printed: a story whose consent
/// is for print alone, not withdrawn, and not a draft (unless `--drafts`).
fn printed_only(doc: &Document, opts: &BuildOptions) -> bool {
    if doc.meta.draft && !opts.drafts {
        return false;
    }
    match &doc.role {
        Role::Story(story) => !story.withdrawn && story.scope().is_some_and(|s| s.print && !s.web),
        _ => false,
    }
}

/// A list page for a folder without any `_index`: titled after the folder
/// (the home page after the site).
fn generated_section(folder: &str, lang: &str, site_title: &str) -> Document {
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let mut title: String = name.replace(['-', '_'], " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    if folder.is_empty() {
        title = site_title.to_string();
    }
    Document {
        source: Path::new("content").join(folder).join("_index.md"),
        text: "".into(),
        body_offset: 0,
        body_line: 1,
        folder: folder.to_string(),
        stem: "_index".into(),
        lang: lang.to_string(),
        meta: Meta {
            title,
            ..Meta::default()
        },
        role: if folder.is_empty() {
            Role::Home
        } else {
            Role::Section {
                kind: Kind::default_for_top_folder(folder),
                paginate_by: None,
            }
        },
        links: Vec::new(),
    }
}

/// `paginate_by` as a page's size: 0 is no limit.
fn per_page(n: u64) -> usize {
    match n {
        0 => usize::MAX,
        n => usize::try_from(n).unwrap_or(usize::MAX),
    }
}

/// The address of page `n` of the list at `first` (`/stories/`):
/// the list's own address for the first, `/stories/page/2/` after.
pub fn list_page_path(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

/// `folder` + a relative `path`, with `.` and `..` resolved.
pub fn join_relative(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `stories/Night Shift` → `/stories/night-shift`; the top folder is empty.
pub fn folder_url(folder: &str) -> String {
    folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("/{}", slugify(s)))
        .collect()
}

fn join_url(folder_url: &str, name: &str) -> String {
    format!("{folder_url}/{name}")
}

/// `01-editorial` → `editorial`: the number only orders articles.
fn strip_order_prefix(stem: &str) -> &str {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &stem[digits..];
    match rest.strip_prefix(['-', '_']) {
        Some(r) if digits > 0 && !r.is_empty() => r,
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_order_prefix_is_not_in_the_url() {
        assert_eq!(strip_order_prefix("01-editorial"), "editorial");
        assert_eq!(strip_order_prefix("2026-report"), "report");
        assert_eq!(strip_order_prefix("01"), "01");
        assert_eq!(strip_order_prefix("editorial"), "editorial");
    }

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        assert_eq!(
            join_relative("stories", "../petitions/a.md").as_deref(),
            Some("petitions/a.md")
        );
        assert_eq!(join_relative("", "./about.md").as_deref(), Some("about.md"));
        assert_eq!(join_relative("", "../x.md"), None);
    }

    #[test]
    fn folder_urls_are_slugs() {
        assert_eq!(folder_url(""), "");
        assert_eq!(folder_url("despatch/2026-11"), "/despatch/2026-11");
        assert_eq!(folder_url("Our Stories"), "/our-stories");
    }
}

//! The search index: every published entry's words, folded so that the
//! ways one word is written in these scripts meet ([`words`]), as plain
//! script files that the search page adds with `<script>` elements as a
//! query needs them. No `fetch`, so it works from `file://` (a USB stick, a
//! phone's files) as from a web server.
//!
//! The files, all under `search/`:
//! - `search-HASH.js`, the search itself (`search.js` beside this file): it
//!   folds queries and snippets by the same rules as [`words`].
//! - `data/index-HASH.js`, the manifest: the first term of each term shard,
//!   the hash of every file, and which documents are in which language.
//! - `data/tN-HASH.js`, term shards: terms in UTF-16 order, cut into runs
//!   of about [`SHARD_BYTES`], each term with its postings. A word's terms
//!   (every term it is a prefix of) are in one shard or a few neighbours.
//! - `data/dN-HASH.js`, documents [`DOCS_PER_FILE`] at a time: address,
//!   title, kind, date and an excerpt for the snippets of the results
//!   shown: the text's first [`LEAD_CHARS`] characters, and passages
//!   further on that hold its rare words ([`excerpt`]).
//!
//! Documents are numbered language by language, in the site's language
//! order, and newest first within one: a posting's number says its
//! language, and a lower number is a newer page. Each file is named by the
//! hash of its bytes, so a browser never mixes files of two builds.

use std::sync::Arc;

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::built::{BuiltFile, Sink};
use crate::recall::Recall;
use crate::render::strings::Strings;
use crate::site::{PageId, Site};

use super::views;

/// The search, as written (its folding rules must stay those of
/// [`words`]; `tests/search.rs` runs both on the same words).
pub const SCRIPT: &str = include_str!("search.js");
/// Where the index's files are, in the output.
const DATA: &str = "search/data";
/// Characters of the start of each document's text kept for its snippets.
pub const LEAD_CHARS: usize = 600;
/// … and of passages further on that hold its rare words.
pub const PASSAGE_CHARS: usize = 400;
/// The longest of those passages.
const PASSAGE_MAX: usize = 200;
/// Documents per document file.
pub const DOCS_PER_FILE: usize = 8;
/// A term shard is cut once it passes this many bytes.
pub const SHARD_BYTES: usize = 32 * 1024;
/// Longer words (an address, a run of letters) are not indexed.
pub const MAX_TERM_CHARS: usize = 64;

/// A posting's weight: the word is in the title.
const IN_TITLE: u32 = 3;
/// … in the summary or a tag's name.
const IN_SUMMARY: u32 = 2;
/// … at least twice in the text.
const REPEATED: u32 = 1;

/// The built index: its files and the addresses the search page loads.
/// Where the search pages find the index.
pub struct Addresses {
    /// Path from the site root of the search script (`/search/search-….js`).
    pub script: String,
    /// … and of the manifest.
    pub manifest: String,
}

/// Characters that sit inside a word and are ignored in it: soft hyphen,
/// zero-width non-joiner and joiner, word joiner, byte order mark, the
/// two apostrophes (`women's` is `womens`), Arabic tatweel.
const IGNORED: [char; 8] = [
    '\u{00AD}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\'', '\u{2019}', '\u{0640}',
];

/// The first code point of each run of ten decimal digits folded to ASCII
/// `0`–`9`: ASCII, Arabic-Indic, Extended Arabic-Indic (Urdu), NKo, the
/// scripts of India (Devanagari to Malayalam), Sinhala, Thai, Lao, Tibetan,
/// Myanmar, Khmer, Mongolian, Limbu, Ol Chiki, Lepcha, Meetei Mayek,
/// Chakma, fullwidth. The same list is in `search.js`.
pub const DIGIT_ZEROS: [u32; 25] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0x1946, 0x1C40, 0x1C50, 0xABF0,
    0xFF10,
];

/// Whether `c` is dropped once a letter is decomposed: Latin accents
/// (combining diacritics), the nukta of each Indian script, Arabic harakat,
/// hamza and madda marks, superscript alef and Quranic marks.
fn is_dropped_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{093C}' | '\u{09BC}' | '\u{0A3C}' | '\u{0ABC}' | '\u{0B3C}' | '\u{0C3C}' | '\u{0CBC}'
        | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}' | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

/// Arabic-script letters that Urdu, Arabic and Persian keyboards write
/// differently for one letter: Arabic yeh and alef maksura are Farsi yeh,
/// Arabic kaf is keheh, heh goal, heh doachashmee, ae, teh marbuta (and its
/// goal form) are heh, alef wasla is alef.
fn letter_variant(c: char) -> char {
    match c {
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        '\u{06C1}' | '\u{06BE}' | '\u{06D5}' | '\u{0629}' | '\u{06C3}' => '\u{0647}',
        '\u{0671}' => '\u{0627}',
        c => c,
    }
}

/// `c` as an ASCII digit when it is a decimal digit of a script in
/// [`DIGIT_ZEROS`].
fn ascii_digit(c: char) -> Option<char> {
    let code = c as u32;
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|&zero| char::from(b'0' + (code - zero) as u8))
}

/// Characters below this are looked up in [`Table`], worked out once: the
/// scripts of South Asia, Latin, Greek, Cyrillic and Arabic are all below.
const TABLE_END: usize = 0x1000;

/// Whether each character below [`TABLE_END`] is in a word, and what it
/// folds to (at most three characters; more are folded each time).
struct Table {
    word: Vec<bool>,
    fold: Vec<([char; 3], u8)>,
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut word = Vec::with_capacity(TABLE_END);
        let mut fold = Vec::with_capacity(TABLE_END);
        for code in 0..TABLE_END as u32 {
            let c = char::from_u32(code).unwrap_or('\0');
            word.push(is_word_char(c));
            let mut out = String::new();
            fold_char(c, &mut out);
            let mut chars = ['\0'; 3];
            let n = out.chars().count();
            for (slot, f) in chars.iter_mut().zip(out.chars()) {
                *slot = f;
            }
            fold.push((chars, if n <= 3 { n as u8 } else { u8::MAX }));
        }
        Table { word, fold }
    })
}

impl Table {
    /// Whether `c` (not ASCII) is in a word; if it is, its folded form is
    /// added to `out`.
    fn fold_in_word(&self, c: char, out: &mut String) -> bool {
        let Some(&word) = self.word.get(c as usize) else {
            let word = is_word_char(c);
            if word {
                fold_char(c, out);
            }
            return word;
        };
        if word {
            match self.fold[c as usize] {
                (chars, n) if n != u8::MAX => out.extend(&chars[..n as usize]),
                _ => fold_char(c, out),
            }
        }
        word
    }
}

/// Whether `c` belongs in a word: a letter, a mark, a decimal digit, or an
/// [`IGNORED`] character.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '\'';
    }
    if IGNORED.contains(&c) {
        return true;
    }
    use GeneralCategory as G;
    matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
    )
}

/// One character of a word in the form the index and the search compare:
/// decomposed (Unicode canonical decomposition, so NFC and NFD text agree),
/// accents, nuktas and harakat dropped, lower case, Arabic-script letter
/// variants as one, every script's digits as ASCII, [`IGNORED`] characters
/// left out. ASCII letters are only lowered ([`each_word`]). `search.js`
/// folds by the same steps.
fn fold_char(c: char, out: &mut String) {
    if c == '\'' || IGNORED.contains(&c) {
        return;
    }
    unicode_normalization::char::decompose_canonical(c, |d| {
        if is_dropped_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            let l = letter_variant(l);
            out.push(ascii_digit(l).unwrap_or(l));
        }
    });
}

/// The folded words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |_, w| out.push(w.to_string()));
    out
}

/// Calls `f` with each folded word of `text` and where it starts. One pass:
/// each character is looked up once, for whether it is in a word and what
/// it folds to.
fn each_word(text: &str, mut f: impl FnMut(usize, &str)) {
    let table = table();
    let mut folded = String::new();
    let mut start: Option<usize> = None;
    let mut end_word = |start: &mut Option<usize>, folded: &mut String| {
        if let Some(from) = start.take() {
            let short = folded.len() <= MAX_TERM_CHARS || folded.chars().count() <= MAX_TERM_CHARS;
            if !folded.is_empty() && short {
                f(from, folded);
            }
            folded.clear();
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // A run of ASCII letters and digits at once.
            let run = bytes[i..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'\''))
                .map_or(bytes.len(), |n| i + n);
            if run == i {
                end_word(&mut start, &mut folded);
                i += 1;
                continue;
            }
            start.get_or_insert(i);
            let from = folded.len();
            folded.push_str(&text[i..run]);
            if bytes[i..run].contains(&b'\'') {
                folded.retain(|c| c != '\'');
            }
            folded[from..].make_ascii_lowercase();
            i = run;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let in_word = table.fold_in_word(c, &mut folded);
        if in_word {
            start.get_or_insert(i);
        } else {
            end_word(&mut start, &mut folded);
        }
        i += c.len_utf8();
    }
    end_word(&mut start, &mut folded);
}

/// Adds to `out` the text a reader sees in `html` (one of our rendered
/// bodies): tags taken out (those of blocks as a space,
/// [`views::parts_words`]), entities decoded, runs of space as one. It may
/// stop once `out` is `limit` bytes long.
fn push_plain_text(html: &str, out: &mut String, limit: usize) {
    let start = out.len();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if out.len() >= limit {
            rest = "";
            break;
        }
        push_text(&rest[..lt], out);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        if views::parts_words(&rest[lt + 1..]) && !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    push_text(rest, out);
    let leading = out[start..].len() - out[start..].trim_start().len();
    out.drain(start..start + leading);
    let end = out.trim_end().len().max(start);
    out.truncate(end);
}

/// Text between tags, its entities decoded and its space collapsed.
fn push_text(text: &str, out: &mut String) {
    let mut rest = text;
    // Runs of text with single spaces are copied as they are; `&`, line
    // breaks and tabs are looked at. Bytes, not characters: these never
    // start inside a character of another script.
    while let Some(i) = memchr::memchr3(b'&', b'\n', b'\t', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let (c, len) = if rest.as_bytes()[i] == b'&' {
            views::entity(&rest[i..])
        } else {
            (' ', 1)
        };
        rest = &rest[i + len..];
        if c.is_whitespace() {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        rest = rest.trim_start_matches(' ');
    }
    out.push_str(rest);
}

/// What of a page, besides its body, its document is made from: as its
/// card shows them, its title, summary, tags and date.
#[derive(Clone, PartialEq)]
struct Face {
    title: String,
    summary: Option<String>,
    tags: Vec<String>,
    date: Option<String>,
}

impl Face {
    fn of(site: &Site, strings: &Strings, id: PageId) -> Face {
        let page = &site.pages[id];
        let meta = page.meta();
        Face {
            title: meta.title.clone(),
            summary: meta.summary.clone(),
            tags: meta
                .tags
                .iter()
                .filter_map(|written| site.tag_as_shown(page, written))
                .map(|tag| tag.name)
                .collect(),
            date: meta.date.map(|d| strings.date(page.lang(), d)),
        }
    }
}

/// One page as the index holds it.
struct Doc {
    face: Face,
    /// Path from the site root, no leading `/`, as the search links it.
    path: String,
    kind: String,
    /// The terms of its text that may be rare (by number in the index's
    /// vocabulary) and where each is first in the text ([`text_of`]), for
    /// its excerpt.
    found: Vec<(u32, u32)>,
}

/// A folded term of a page, its weight, and where it is first in the
/// text (none for a term of the title or a tag only).
type Term = (Box<str>, u32, Option<u32>);

/// What a rebuild takes from the last build's index: each page's terms
/// and excerpt, by the page's address, with what they were made from.
#[derive(Default)]
pub(crate) struct Memory {
    docs: Recall<String, DocMemo>,
}

impl Memory {
    pub(crate) fn begin(&self) {
        self.docs.begin();
    }

    pub(crate) fn forget(&self) {
        self.docs.forget();
    }
}

/// A page's document as the last build made it.
struct DocMemo {
    face: Face,
    relative_links: bool,
    path: String,
    kind: String,
    terms: Arc<[Term]>,
    /// Its excerpt, and the rare words it was cut around: the same body
    /// and card give the same excerpt around them.
    excerpt: Option<(Vec<RareWord>, String)>,
}

/// A rare word of a page: where it is first, the word, and on how many
/// pages it is.
type RareWord = (usize, Box<str>, usize);

impl DocMemo {
    fn excerpt_for(&self, rare: &[(usize, &str, usize)]) -> Option<String> {
        let (around, excerpt) = self.excerpt.as_ref()?;
        let same = around.len() == rare.len()
            && around
                .iter()
                .zip(rare)
                .all(|(a, r)| a.0 == r.0 && &*a.1 == r.1 && a.2 == r.2);
        same.then(|| excerpt.clone())
    }
}

fn to_owned(rare: &[(usize, &str, usize)]) -> Vec<RareWord> {
    rare.iter().map(|&(at, w, n)| (at, w.into(), n)).collect()
}

/// The last build's index, for a rebuild, and which pages' bodies are
/// the last build's too.
pub(crate) struct Recalled<'m> {
    pub(crate) memory: &'m Memory,
    pub(crate) same_bodies: &'m [bool],
}

impl Recalled<'_> {
    /// Page `id`'s document: the last build's when its body, its face and
    /// the way results link are as they were; else made by `make`. Gives
    /// back what to keep for the next build.
    fn doc(
        &self,
        site: &Site,
        id: PageId,
        face: Face,
        relative_links: bool,
        make: impl FnOnce(Face) -> (Doc, Vec<Term>),
    ) -> Made {
        if self.same_bodies[id]
            && let Some(memo) = self.memory.docs.take(&site.pages[id].url)
            && memo.face == face
            && memo.relative_links == relative_links
        {
            let doc = Doc {
                face,
                path: memo.path.clone(),
                kind: memo.kind.clone(),
                found: Vec::new(),
            };
            return (doc, memo.terms.clone(), Some(memo));
        }
        let (doc, terms) = make(face);
        let terms: Arc<[Term]> = terms.into();
        let memo = DocMemo {
            face: doc.face.clone(),
            relative_links,
            path: doc.path.clone(),
            kind: doc.kind.clone(),
            terms: terms.clone(),
            excerpt: None,
        };
        (doc, terms, Some(memo))
    }
}

/// A page's document as made, its terms, and what to keep of it for the
/// next build.
type Made = (Doc, Arc<[Term]>, Option<DocMemo>);

/// Every term of the index so far, numbered in the order first seen, with
/// its postings.
#[derive(Default)]
struct Vocabulary {
    numbers: FxHashMap<Box<str>, u32>,
    postings: Vec<Vec<u32>>,
}

impl Vocabulary {
    /// Adds the `terms` of document `n`, and notes in `doc` those that may
    /// still be rare (on at most `rare_at_most` pages so far), with where
    /// each is first in its text.
    fn add(&mut self, n: u32, doc: &mut Doc, terms: &[Term], rare_at_most: usize) {
        for (term, weight, at) in terms {
            let t = self.number(term);
            let list = &mut self.postings[t as usize];
            list.push((n << 2) | weight);
            if let Some(at) = *at
                && list.len() <= rare_at_most
            {
                doc.found.push((t, at));
            }
        }
        doc.found.shrink_to_fit();
    }

    fn number(&mut self, term: &str) -> u32 {
        if let Some(&t) = self.numbers.get(term) {
            return t;
        }
        let t = self.numbers.len() as u32;
        self.numbers.insert(term.into(), t);
        self.postings.push(Vec::new());
        t
    }

    /// Each term and its postings, by number.
    fn by_number(&self) -> (Vec<&str>, &[Vec<u32>]) {
        let mut names = vec![""; self.numbers.len()];
        for (term, &t) in &self.numbers {
            names[t as usize] = term;
        }
        (names, &self.postings)
    }
}

/// How many pages are made into documents at once.
const DOCS_A_BATCH: usize = 512;

/// Builds the index of the entries of `site` (leaf pages and issues of
/// every language; nothing withheld is in `site`), from their rendered
/// `bodies`. `relative_links` links results to files
/// (`hi/stories/heera/index.html`), for the copy read from a folder. Its
/// files go to `sink` as they are made.
pub(crate) fn index(
    site: &Site,
    strings: &Strings,
    bodies: &[Arc<str>],
    relative_links: bool,
    recalled: Option<Recalled>,
    sink: &Sink,
) -> Addresses {
    let languages: Vec<(&str, Vec<PageId>)> = site
        .config
        .language_codes()
        .into_iter()
        .map(|code| (code, site.entries(code)))
        .collect();
    let ids: Vec<PageId> = languages.iter().flat_map(|(_, ids)| ids).copied().collect();
    // A word on few pages is what a reader looks a page up by (a name, a
    // place, a helpline's number): the excerpt keeps a passage with it.
    // A word already on more pages when its page is added never is.
    let rare_at_most = (ids.len() / 100).max((ids.len() / 10).min(10));
    // Documents are made a batch at a time, in parallel, and each batch's
    // terms go into the postings before the next is made: the terms of
    // every page at once, as strings, would take more memory than the
    // rest of the build.
    let mut vocabulary = Vocabulary::default();
    let mut docs: Vec<Doc> = Vec::with_capacity(ids.len());
    let mut memos: Vec<Option<DocMemo>> = Vec::with_capacity(ids.len());
    let make_batch = |batch: &[PageId]| -> Vec<Made> {
        batch
            .par_iter()
            .map(|&id| {
                let face = Face::of(site, strings, id);
                let make = |face| doc(site, strings, face, &bodies[id], id, relative_links);
                match &recalled {
                    Some(recalled) => recalled.doc(site, id, face, relative_links, make),
                    None => {
                        let (doc, terms) = make(face);
                        (doc, terms.into(), None)
                    }
                }
            })
            .collect()
    };
    // Each batch is merged while the next is made.
    let mut made: Vec<Made> = Vec::new();
    for batch in ids.chunks(DOCS_A_BATCH).chain([&[][..]]) {
        let merging = std::mem::take(&mut made);
        let ((), next) = rayon::join(
            || {
                for (mut doc, terms, memo) in merging {
                    vocabulary.add(docs.len() as u32, &mut doc, &terms, rare_at_most);
                    docs.push(doc);
                    memos.push(memo);
                }
            },
            || make_batch(batch),
        );
        made = next;
    }
    let (names, postings) = vocabulary.by_number();
    let mut terms: Vec<(&str, &[u32])> = names
        .iter()
        .zip(postings)
        .map(|(&term, list)| (term, list.as_slice()))
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

    let mut shard_firsts = Vec::new();
    let mut shard_hashes = Vec::new();
    let mut body = String::new();
    let mut first: Option<&str> = None;
    for (i, (term, list)) in terms.iter().enumerate() {
        if body.is_empty() {
            first = Some(term);
        } else {
            body.push(',');
        }
        push_string(term, &mut body);
        body.push(':');
        push_postings(list, &mut body);
        if body.len() >= SHARD_BYTES || i + 1 == terms.len() {
            let n = shard_firsts.len();
            let text = format!("awaazSearch.terms({n},{{{body}}});\n");
            let (file, hash) = data_file(&format!("t{n}"), text);
            sink(file);
            shard_firsts.push(first.unwrap_or_default());
            shard_hashes.push(hash);
            body.clear();
        }
    }

    // Each file of documents is made with its excerpts and handed on at
    // once: every excerpt of a big site at once is as big as its index.
    let excerpt_of = |doc: &Doc, id: PageId, memo: &mut Option<DocMemo>| -> String {
        let rare: Vec<(usize, &str, usize)> = doc
            .found
            .iter()
            .map(|&(t, at)| (at as usize, names[t as usize], postings[t as usize].len()))
            .filter(|&(_, _, pages)| pages <= rare_at_most)
            .collect();
        if let Some(memo) = memo
            && let Some(excerpt) = memo.excerpt_for(&rare)
        {
            return excerpt;
        }
        // The excerpt needs the text up to its lead and its last
        // passage: four bytes a character at most, twice over.
        let last = rare.iter().map(|r| r.0).max().unwrap_or(0);
        let limit = (LEAD_CHARS * 4).max(last + PASSAGE_MAX * 8) + 8;
        let excerpt = excerpt(&text_of(&doc.face, &bodies[id], limit), &rare);
        if let Some(memo) = memo {
            memo.excerpt = Some((to_owned(&rare), excerpt.clone()));
        }
        excerpt
    };
    let doc_hashes: Vec<String> = docs
        .par_chunks(DOCS_PER_FILE)
        .zip(ids.par_chunks(DOCS_PER_FILE))
        .zip(memos.par_chunks_mut(DOCS_PER_FILE))
        .enumerate()
        .map(|(n, ((group, ids), memos))| {
            let mut text = format!("awaazSearch.docs({n},[");
            for (i, ((doc, &id), memo)) in group.iter().zip(ids).zip(memos).enumerate() {
                let excerpt = excerpt_of(doc, id, memo);
                if i > 0 {
                    text.push(',');
                }
                text.push('[');
                push_list(
                    &[
                        doc.path.as_str(),
                        doc.face.title.as_str(),
                        doc.kind.as_str(),
                        doc.face.date.as_deref().unwrap_or(""),
                        excerpt.as_str(),
                    ],
                    &mut text,
                );
                text.push(']');
            }
            text.push_str("]);\n");
            let (file, hash) = data_file(&format!("d{n}"), text);
            sink(file);
            hash
        })
        .collect();
    if let Some(recalled) = &recalled {
        for (&id, memo) in ids.iter().zip(memos) {
            if let Some(memo) = memo {
                recalled.memory.docs.keep(site.pages[id].url.clone(), memo);
            }
        }
    }

    let mut manifest = String::from("awaazSearch.index({\"languages\":[");
    let mut start = 0;
    for (i, (code, ids)) in languages.iter().enumerate() {
        if i > 0 {
            manifest.push(',');
        }
        manifest.push('[');
        push_string(code, &mut manifest);
        manifest.push_str(&format!(
            ",\"{}\",{start},{}]",
            site.config.dir(code).as_str(),
            start + ids.len()
        ));
        start += ids.len();
    }
    manifest.push_str(&format!("],\"docsPerFile\":{DOCS_PER_FILE},\"terms\":["));
    push_list(&shard_firsts, &mut manifest);
    manifest.push_str("],\"termFiles\":[");
    push_list(&shard_hashes, &mut manifest);
    manifest.push_str("],\"docFiles\":[");
    push_list(&doc_hashes, &mut manifest);
    manifest.push_str("]});\n");
    let (file, hash) = data_file("index", manifest);
    sink(file);
    let manifest = format!("/{DATA}/index-{hash}.js");

    let script_hash = short_hash(SCRIPT.as_bytes());
    let script = format!("/search/search-{script_hash}.js");
    sink(BuiltFile::new(&script[1..], SCRIPT.as_bytes().to_vec()));
    Addresses { script, manifest }
}

/// The index's view of page `id`: its address, kind, text and terms.
fn doc(
    site: &Site,
    strings: &Strings,
    face: Face,
    body: &str,
    id: PageId,
    relative_links: bool,
) -> (Doc, Vec<Term>) {
    let page = &site.pages[id];
    let path = if relative_links {
        super::file_of(&page.url)
    } else {
        page.url.trim_start_matches('/').to_string()
    };
    let summary = face.summary.as_deref().unwrap_or("");
    let text = text_of(&face, body, usize::MAX);
    // term → (times in the text, weight, where it is first in the text)
    let mut seen: FxHashMap<String, (u32, u32, Option<usize>)> =
        FxHashMap::with_capacity_and_hasher(256, Default::default());
    let mut add = |word: &str, weight: u32, at: Option<usize>| match seen.get_mut(word) {
        Some(entry) => {
            entry.0 += u32::from(at.is_some());
            entry.1 = entry.1.max(weight);
            entry.2 = entry.2.or(at);
        }
        None => {
            seen.insert(word.to_string(), (u32::from(at.is_some()), weight, at));
        }
    };
    each_word(&face.title, |_, w| add(w, IN_TITLE, None));
    for tag in &face.tags {
        each_word(tag, |_, w| add(w, IN_SUMMARY, None));
    }
    each_word(&text, |at, w| {
        let weight = if at < summary.len() { IN_SUMMARY } else { 0 };
        add(w, weight, Some(at));
    });
    let terms = seen
        .into_iter()
        .map(|(term, (count, weight, at))| {
            let weight = if weight == 0 && count > 1 {
                REPEATED
            } else {
                weight
            };
            (term.into_boxed_str(), weight, at.map(|at| at as u32))
        })
        .collect();
    let doc = Doc {
        face,
        path,
        kind: strings
            .get(page.lang(), &format!("kind_{}", page.role().name()))
            .unwrap_or_default()
            .to_string(),
        found: Vec::new(),
    };
    (doc, terms)
}

/// The text a document's words and excerpt come from: its summary, then
/// its body as plain text. Made again for the excerpt rather than kept, so
/// the index never holds every page's text at once.
/// `limit`: the text may end once it is that many bytes long (the rest is
/// not needed).
fn text_of(face: &Face, body: &str, limit: usize) -> String {
    let mut text = String::with_capacity(body.len().min(limit));
    if let Some(summary) = face.summary.as_deref().filter(|s| !s.is_empty()) {
        text.push_str(summary);
        text.push(' ');
    }
    push_plain_text(body, &mut text, limit);
    let end = text.trim_end().len();
    text.truncate(end);
    text
}

/// What a document's snippets are cut from: the first [`LEAD_CHARS`] of
/// `text`, then passages of the sentences further on that hold a word the
/// lead does not, names and numbers first, then the rarest words: each
/// passage at most [`PASSAGE_MAX`] characters, [`PASSAGE_CHARS`] in all, in
/// the text's order, joined by ` … `. `rare` are the words of `text` on
/// few pages: each where it is first in `text`, and on how many pages.
fn excerpt(text: &str, rare: &[(usize, &str, usize)]) -> String {
    let lead = cut(text, LEAD_CHARS);
    // The rest of the sentence the lead ends in is not a passage of its own.
    let from = if lead.ends_with(SENTENCE_ENDS) || lead.len() == text.len() {
        lead.len()
    } else {
        text[lead.len()..]
            .find(SENTENCE_ENDS)
            .map_or(text.len(), |i| after_char(text, lead.len() + i))
    };
    let mut candidates: Vec<((bool, usize, usize), usize)> = rare
        .iter()
        .filter(|&&(at, ..)| at >= from)
        .map(|&(at, word, pages)| {
            // Names and numbers are what a page is looked up by.
            let name = text[at..].starts_with(char::is_uppercase)
                || word.starts_with(|c: char| c.is_ascii_digit());
            ((!name, pages, at), at)
        })
        .collect();
    candidates.sort_unstable();
    let mut budget = PASSAGE_CHARS;
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    for (_, at) in candidates {
        if budget == 0 {
            break;
        }
        if chosen.iter().any(|&(s, e)| (s..e).contains(&at)) {
            continue;
        }
        let start = text[from..at]
            .rfind(SENTENCE_ENDS)
            .map_or(from, |i| after_char(text, from + i));
        let end = text[at..]
            .find(SENTENCE_ENDS)
            .map_or(text.len(), |i| after_char(text, at + i));
        let sentence = &text[start..end];
        let leading = sentence.len() - sentence.trim_start().len();
        let sentence = sentence.trim();
        let passage = around(sentence, at - start - leading, PASSAGE_MAX.min(budget));
        let chars = passage.chars().count();
        if chars == 0 || chars > budget {
            continue;
        }
        budget -= chars;
        let begins = start + leading + (passage.as_ptr() as usize - sentence.as_ptr() as usize);
        chosen.push((begins, begins + passage.len()));
    }
    chosen.sort_unstable();
    let mut out = lead.to_string();
    for (s, e) in chosen {
        out.push_str(" … ");
        out.push_str(&text[s..e]);
    }
    out
}

/// Where the character at byte `i` of `text` ends.
fn after_char(text: &str, i: usize) -> usize {
    i + text[i..].chars().next().map_or(0, char::len_utf8)
}

/// Full stops of these scripts: Latin, Devanagari and Bengali danda and
/// double danda, Urdu full stop and question mark.
const SENTENCE_ENDS: [char; 7] = ['.', '!', '?', '।', '॥', '۔', '؟'];

/// At most `max` characters of `sentence` around the word at byte `at`,
/// from a word's start to a word's end.
fn around(sentence: &str, at: usize, max: usize) -> &str {
    if sentence.chars().count() <= max {
        return sentence;
    }
    let before = sentence[..at]
        .char_indices()
        .rev()
        .nth(max / 4)
        .map_or(0, |(i, _)| i);
    let start = match sentence[..at].get(before..).and_then(|s| s.find(' ')) {
        Some(space) if before > 0 => before + space + 1,
        _ => before,
    };
    let start = start.min(at);
    let rest = &sentence[start..];
    cut(rest, max)
}

/// The first `max` characters of `text`, cut at a space when there is one
/// in the last tenth.
fn cut(text: &str, max: usize) -> &str {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text;
    };
    let head = &text[..end];
    match head.rfind(' ') {
        Some(space) if space >= head.len() - head.len() / 10 => &head[..space],
        _ => head,
    }
}

/// A file of the index's data named by its hash: the file and the hash.
fn data_file(name: &str, text: String) -> (BuiltFile, String) {
    let hash = short_hash(text.as_bytes());
    let file = BuiltFile::new(format!("{DATA}/{name}-{hash}.js"), text.into_bytes());
    (file, hash)
}

/// Eight hex digits of the BLAKE3 hash of `bytes`.
fn short_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..8].to_string()
}

/// Postings as a script's array: each the distance from the last
/// document's number, times four, plus its weight.
fn push_postings(list: &[u32], out: &mut String) {
    use std::fmt::Write;
    out.push('[');
    let mut last = 0;
    for (i, &p) in list.iter().enumerate() {
        let n = p >> 2;
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", ((n - last) << 2) | (p & 3));
        last = n;
    }
    out.push(']');
}

fn push_list<S: AsRef<str>>(items: &[S], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(item.as_ref(), out);
    }
}

/// `s` as a script's string literal: only quotes, backslashes and control
/// characters escaped, so the file's text reads as the page's does (and
/// redaction finds names in it as written).
fn push_string(s: &str, out: &mut String) {
    use std::fmt::Write;
    out.push('"');
    let mut rest = s;
    while let Some(i) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        out.push_str(&rest[..i]);
        match rest.as_bytes()[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b => {
                let _ = write!(out, "\\u{:04x}", b);
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_text(html: &str) -> String {
        let mut out = String::new();
        push_plain_text(html, &mut out, usize::MAX);
        out
    }

    /// `word` folded (one word: its folded words joined).
    fn fold(word: &str) -> String {
        words(word).concat()
    }

    fn all(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn nfc_and_nfd_fold_alike() {
        // क़ as one code point (U+0958) and as क + nukta; é both ways.
        assert_eq!(fold("\u{0958}"), fold("\u{0915}\u{093C}"));
        assert_eq!(fold("caf\u{00E9}"), fold("cafe\u{0301}"));
        // Bengali ো as one code point and as its two halves.
        assert_eq!(fold("\u{09CB}"), fold("\u{09C7}\u{09BE}"));
    }

    #[test]
    fn nukta_is_ignored() {
        assert_eq!(fold("ज़मानत"), fold("जमानत"));
        assert_eq!(fold("ज़मानत"), "जमानत");
        assert_eq!(fold("ড়"), "ড");
    }

    #[test]
    fn joiners_and_soft_hyphens_are_ignored() {
        assert_eq!(fold("क्\u{200D}ष"), "क्ष");
        assert_eq!(fold("ক্\u{200C}ষ"), "ক্ষ");
        assert_eq!(fold("news\u{00AD}paper"), "newspaper");
        assert_eq!(all("news\u{00AD}paper"), ["newspaper"]);
    }

    #[test]
    fn urdu_letter_variants_and_harakat_fold() {
        // Arabic yeh and kaf against Farsi yeh and keheh.
        assert_eq!(fold("\u{0643}\u{064A}"), fold("\u{06A9}\u{06CC}"));
        // heh, heh goal and heh doachashmee.
        assert_eq!(fold("\u{0647}"), fold("\u{06C1}"));
        assert_eq!(fold("\u{06BE}"), fold("\u{06C1}"));
        // Hamza forms: أ إ آ are alef, ؤ is waw, ئ is yeh.
        assert_eq!(fold("\u{0623}"), "\u{0627}");
        assert_eq!(fold("\u{0625}"), "\u{0627}");
        assert_eq!(fold("\u{0622}"), "\u{0627}");
        assert_eq!(fold("\u{0624}"), "\u{0648}");
        assert_eq!(fold("\u{0626}"), "\u{06CC}");
        // Harakat (zabar, zer, pesh, shadda) and tatweel.
        assert_eq!(fold("عَدَالَت"), fold("عدالت"));
        assert_eq!(fold("عدا\u{0640}لت"), fold("عدالت"));
        assert_eq!(fold("سلطانہ"), fold("سلطانه"));
    }

    #[test]
    fn latin_case_and_accents_fold() {
        assert_eq!(fold("Sultána"), "sultana");
        assert_eq!(fold("ÇAFÉ"), "cafe");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(all("Women's rights"), ["womens", "rights"]);
    }

    #[test]
    fn digits_of_every_script_are_ascii() {
        assert_eq!(fold("१०९८"), "1098");
        assert_eq!(fold("১০৯৮"), "1098");
        assert_eq!(fold("۱۰۹۸"), "1098");
        assert_eq!(fold("١٠٩٨"), "1098");
        assert_eq!(fold("᱑᱐᱙᱘"), "1098");
        let gc = CodePointMapData::<GeneralCategory>::new();
        for zero in DIGIT_ZEROS {
            for n in 0..10 {
                let c = char::from_u32(zero + n).unwrap();
                assert_eq!(gc.get(c), GeneralCategory::DecimalNumber, "{c:?}");
                assert_eq!(ascii_digit(c), char::from_digit(n, 10));
            }
        }
    }

    #[test]
    fn words_split_at_punctuation_of_every_script() {
        assert_eq!(all("सीता। गीता"), ["सीता", "गीता"]);
        assert_eq!(all("سیتا، گیتا۔"), ["سیتا", "گیتا"]);
        assert_eq!(all("সীতার—কথা"), ["সীতার", "কথা"]);
        // A virama and vowel signs are marks, inside the word.
        assert_eq!(all("क्षमा"), ["क्षमा"]);
        assert_eq!(all(&"a".repeat(MAX_TERM_CHARS + 1)), Vec::<String>::new());
    }

    #[test]
    fn plain_text_of_a_body() {
        let html = "<h2>One</h2><p>Sita&#39;s <em>cou</em>rage &amp; <a href=\"/x/\">ज़मानत</a></p><ul><li>a</li><li>b</li></ul>";
        assert_eq!(plain_text(html), "One Sita's courage & ज़मानत a b");
        assert_eq!(plain_text(""), "");
        // A lone `&` (raw HTML in Markdown) before Devanagari.
        assert_eq!(plain_text("<b>& ज़मानत;</b>"), "& ज़मानत;");
        assert_eq!(plain_text("<p> </p>"), "");
        let mut out = String::from("x ");
        push_plain_text("<p></p>", &mut out, usize::MAX);
        assert_eq!(out, "x ");
    }

    #[test]
    fn cuts_end_at_a_word() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(cut(text, 100), text);
        assert_eq!(
            cut(text, 46),
            "one two three four five six seven eight nine"
        );
        assert_eq!(cut("सीता गीता", 3), "सीत");
    }

    /// The excerpt of `text` when `pages` says how many pages a word is on.
    fn excerpt_of(text: &str, pages: impl Fn(&str) -> Option<usize>) -> String {
        let mut first: Vec<(usize, String)> = Vec::new();
        each_word(text, |at, w| {
            if !first.iter().any(|(_, f)| f == w) {
                first.push((at, w.to_string()));
            }
        });
        let rare: Vec<(usize, &str, usize)> = first
            .iter()
            .filter_map(|(at, w)| Some((*at, w.as_str(), pages(w)?)))
            .collect();
        excerpt(text, &rare)
    }

    #[test]
    fn excerpts_keep_passages_with_rare_words() {
        let filler = "The group met again and talked. ".repeat(30);
        let text = format!("{filler}Call the helpline १०९८ at any hour. {filler}Ask for Meena.");
        let excerpt = excerpt_of(&text, |w| (w == "1098" || w == "meena").then_some(1));
        assert!(excerpt.starts_with("The group met again"), "{excerpt}");
        assert!(
            excerpt.contains(" … Call the helpline १०९८ at any hour."),
            "{excerpt}"
        );
        assert!(excerpt.ends_with(" … Ask for Meena."), "{excerpt}");
        assert!(excerpt.chars().count() <= LEAD_CHARS + PASSAGE_CHARS + 6);
        // The rarest first: a word on one page before words on five.
        let many: String = (0..40)
            .map(|n| format!("Common{n} is here again. "))
            .collect();
        let text = format!("{filler}{many}Ask for Meena.");
        let excerpt = excerpt_of(&text, |w| match w {
            "meena" => Some(1),
            w if w.starts_with("common") => Some(5),
            _ => None,
        });
        assert!(excerpt.ends_with(" … Ask for Meena."), "{excerpt}");
        // Sentences ended by a danda (three bytes), and the lead ending
        // inside one.
        let text = format!("{}फ़ोन १०९८ पर करें। बस।", "सीता बोली। ".repeat(70));
        let excerpt = excerpt_of(&text, |w| (w == "1098").then_some(1));
        assert!(excerpt.ends_with(" … फ़ोन १०९८ पर करें।"), "{excerpt}");
        // A long sentence gives the part around the word.
        let long = format!("{} Meena {}", "word ".repeat(100), "word ".repeat(100));
        let passage = around(&long, long.find("Meena").unwrap(), PASSAGE_MAX);
        assert!(passage.contains("Meena") && passage.chars().count() <= PASSAGE_MAX);
        assert!(
            passage.starts_with("word") && passage.ends_with("word"),
            "{passage}"
        );
    }
}

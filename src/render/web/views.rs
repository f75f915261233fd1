//! What templates see: serialisable views of the site and its pages.
//!
//! A [`Card`] is everything about a page that a list shows (title, address,
//! date in the reader's language, author or byline, a petition's count); it
//! is made once per page and reused by every list, feed and page that shows
//! it. A page's own template gets its card with the rendered body, the
//! translations, the PDF and pictures added (`page_value` in the renderer).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::content::kinds::{Role, Status};
use crate::content::tallies;
use crate::render::strings::Strings;
use crate::site::{PageId, Site};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LangLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    /// The full address, for `hreflang` alternates.
    pub permalink: String,
    /// The language as Open Graph names a locale (`hi_IN`).
    pub locale: String,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A tag as a page shows it: its name in the page's language, else as
/// written, with the `lang` of what it is written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TagLink {
    pub title: String,
    pub url: String,
    pub lang: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TallyRow {
    pub date: String,
    pub date_display: String,
    pub place: String,
    pub collected_by: String,
    pub count: u64,
    pub count_display: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareLinks {
    pub whatsapp: String,
    pub email: String,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetitionCard {
    pub to: String,
    pub demands: Vec<String>,
    pub goal: Option<u64>,
    pub goal_display: Option<String>,
    pub total: u64,
    pub total_display: String,
    /// Share of the goal reached, 0–100.
    pub percent: u64,
    /// `percent` in the language's digits.
    pub percent_display: String,
    pub status: &'static str,
    pub deadline: Option<String>,
    pub deadline_display: Option<String>,
    pub tallies: Vec<TallyRow>,
    pub form_action: Option<String>,
    pub share: ShareLinks,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueCard {
    pub volume: Option<u64>,
    pub number: Option<u64>,
    pub volume_display: Option<String>,
    pub number_display: Option<String>,
    pub editors: Vec<String>,
    /// The paper's name in the issue's language.
    pub masthead: String,
}

/// A page as lists show it. Its `tags` are links; as template data
/// ([`Card::into_value`]) they are values shared with every other card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card<Tags = Vec<TagLink>> {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub lang: String,
    pub dir: &'static str,
    pub kind: &'static str,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub summary: Option<String>,
    pub tags: Tags,
    pub author: Option<String>,
    pub anonymous: bool,
    pub byline: Option<String>,
    pub poem: bool,
    pub petition: Option<PetitionCard>,
    pub issue: Option<IssueCard>,
    pub generated: bool,
}

/// The site as one language sees it: name, menu, languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub home: String,
    /// The language's Atom feed; none when it has no dated pages.
    pub feed: Option<String>,
    pub style: String,
    /// The language as Open Graph names a locale (`hi_IN`).
    pub locale: String,
    /// The language's web app manifest.
    pub manifest: String,
    /// The site's icon (the theme's `icon-192.png`, or the site's own).
    pub icon: String,
    pub languages: Vec<LangLink>,
    pub nav: Vec<Link>,
    /// The language's list of tags; none when no page of it has tags.
    pub tags: Option<String>,
    /// The language's search page; none when the language has no home
    /// page (and so no search page).
    pub search: Option<String>,
}

/// Template data of every tag link shown, made once and shared by every
/// card that shows the tag: a big site's cards would otherwise each hold
/// their own copy, a tenth of a build's memory.
#[derive(Default)]
pub struct TagValues(std::sync::Mutex<rustc_hash::FxHashMap<TagLink, tera::Value>>);

impl TagValues {
    fn of(&self, tag: &TagLink) -> tera::Value {
        crate::recall::lock(&self.0)
            .entry(tag.clone())
            .or_insert_with(|| tera::Value::from_serializable(tag))
            .clone()
    }
}

impl Card {
    /// The card as template data, its tags `shared`: the same data as
    /// serializing it.
    pub fn into_value(self, shared: &TagValues) -> tera::Value {
        let tags: Vec<tera::Value> = self.tags.iter().map(|t| shared.of(t)).collect();
        let Card {
            title,
            url,
            permalink,
            lang,
            dir,
            kind,
            date,
            date_display,
            summary,
            tags: _,
            author,
            anonymous,
            byline,
            poem,
            petition,
            issue,
            generated,
        } = self;
        tera::Value::from_serializable(&Card {
            title,
            url,
            permalink,
            lang,
            dir,
            kind,
            date,
            date_display,
            summary,
            tags,
            author,
            anonymous,
            byline,
            poem,
            petition,
            issue,
            generated,
        })
    }
}

/// Everything but the characters RFC 3986 leaves unreserved.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub fn card(site: &Site, strings: &Strings, id: PageId) -> Card {
    let page = &site.pages[id];
    let lang = page.lang();
    let meta = page.meta();
    let (author, anonymous) = match page.role() {
        Role::Story(s) if s.is_anonymous() => (None, true),
        Role::Story(s) => (s.author.clone(), false),
        _ => (None, false),
    };
    let (byline, poem) = match page.role() {
        Role::Article(a) => (a.byline.clone(), a.poem.unwrap_or(false)),
        _ => (None, false),
    };
    Card {
        title: meta.title.clone(),
        url: site.href(&page.url),
        permalink: site.permalink(&page.url),
        lang: lang.to_string(),
        dir: site.config.dir(lang).as_str(),
        kind: page.role().name(),
        date: meta.date.map(|d| d.to_string()),
        date_display: meta.date.map(|d| strings.date(lang, d)),
        summary: meta.summary.clone(),
        tags: meta
            .tags
            .iter()
            .filter_map(|written| site.tag_as_shown(page, written))
            .map(|tag| TagLink {
                url: site.href(&site.tag_path(lang, Some(&tag.slug))),
                title: tag.name,
                lang: tag.name_lang,
            })
            .collect(),
        author,
        anonymous,
        byline,
        poem,
        petition: petition_card(site, strings, id),
        issue: issue_card(site, strings, id),
        generated: page.generated,
    }
}

fn petition_card(site: &Site, strings: &Strings, id: PageId) -> Option<PetitionCard> {
    let page = &site.pages[id];
    let Role::Petition(p) = page.role() else {
        return None;
    };
    let lang = page.lang();
    let rows = site.tallies.get(&page.key).map_or(&[][..], Vec::as_slice);
    let total = tallies::total(rows);
    let percent = tallies::percent(total, p.goal);
    let permalink = site.permalink(&page.url);
    let title = &page.meta().title;
    Some(PetitionCard {
        to: p.to.clone().unwrap_or_default(),
        demands: p.demands.clone(),
        goal: p.goal,
        goal_display: p.goal.map(|g| strings.number(lang, g)),
        total,
        total_display: strings.number(lang, total),
        percent,
        percent_display: strings.digits_of(lang, percent),
        status: p.status.unwrap_or(Status::Open).as_str(),
        deadline: p.deadline.map(|d| d.to_string()),
        deadline_display: p.deadline.map(|d| strings.date(lang, d)),
        tallies: rows
            .iter()
            .map(|t| TallyRow {
                date: t.date.to_string(),
                date_display: strings.date(lang, t.date),
                place: t.place.clone(),
                collected_by: t.collected_by.clone(),
                count: t.count,
                count_display: strings.number(lang, t.count),
            })
            .collect(),
        form_action: site.config.petitions.form_action.clone(),
        share: share_links(strings, lang, "share_petition_message", title, permalink),
    })
}

/// The WhatsApp and e-mail links that forward `permalink` with a short
/// message in the page's language: the interface string `message`
/// ("Sign the petition:") before `title`.
fn share_links(
    strings: &Strings,
    lang: &str,
    message: &str,
    title: &str,
    permalink: String,
) -> ShareLinks {
    let enc = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
    let message = match strings.get(lang, message) {
        Some(m) => format!("{m} {title}"),
        None => title.to_string(),
    };
    ShareLinks {
        whatsapp: format!(
            "https://wa.me/?text={}",
            enc(&format!("{message} {permalink}"))
        ),
        email: format!(
            "mailto:?subject={}&body={}",
            enc(title),
            enc(&format!("{message}\n{permalink}"))
        ),
        link: permalink,
    }
}

/// The share links of a story ("Read this story: …") or an issue ("Read
/// the paper: Red Light Despatch, November 2026 …"); a petition's are on
/// its card.
pub fn page_share(site: &Site, strings: &Strings, id: PageId) -> Option<ShareLinks> {
    let page = &site.pages[id];
    let lang = page.lang();
    let title = &page.meta().title;
    let permalink = site.permalink(&page.url);
    match page.role() {
        Role::Story(_) => Some(share_links(
            strings,
            lang,
            "share_story_message",
            title,
            permalink,
        )),
        Role::Issue(_) => {
            let paper = masthead(site, page);
            let comma = if site.config.dir(lang) == crate::config::Direction::Rtl {
                "،"
            } else {
                ","
            };
            let title = format!("{paper}{comma} {title}");
            Some(share_links(
                strings,
                lang,
                "share_issue_message",
                &title,
                permalink,
            ))
        }
        _ => None,
    }
}

fn issue_card(site: &Site, strings: &Strings, id: PageId) -> Option<IssueCard> {
    let page = &site.pages[id];
    let Role::Issue(i) = page.role() else {
        return None;
    };
    let lang = page.lang();
    Some(IssueCard {
        volume: i.volume,
        number: i.number,
        volume_display: i.volume.map(|v| strings.digits_of(lang, v)),
        number_display: i.number.map(|n| strings.digits_of(lang, n)),
        editors: i.editors.clone(),
        masthead: masthead(site, page),
    })
}

/// The name of the paper an issue belongs to, in its language; the site's
/// name when the issues' section has no title.
fn masthead(site: &Site, page: &crate::site::Page) -> String {
    site.paper_name(&page.doc.folder, page.lang())
        .unwrap_or_else(|| site.config.localized(&site.config.title, page.lang()))
        .to_string()
}

/// Links to every language `id`'s page exists in, itself marked current.
pub fn translations(site: &Site, id: PageId) -> Vec<LangLink> {
    site.translations_of(id)
        .iter()
        .map(|&other| {
            let p = &site.pages[other];
            lang_link(site, p.lang(), &p.url, other == id)
        })
        .collect()
}

/// A link to `path` (from the site root) in language `code`.
pub fn lang_link(site: &Site, code: &str, path: &str, current: bool) -> LangLink {
    let lang = site.config.language(code);
    LangLink {
        code: code.to_string(),
        name: lang.map_or_else(|| code.to_string(), |l| l.name.clone()),
        dir: site.config.dir(code).as_str(),
        url: site.href(path),
        permalink: site.permalink(path),
        locale: crate::cldr::og_locale(code),
        current,
    }
}

pub fn site_view(site: &Site, lang: &str, style: &str) -> SiteView {
    let config = &site.config;
    let prefix = config.lang_prefix(lang);
    let languages: Vec<LangLink> = site
        .home_languages()
        .map(|code| {
            lang_link(
                site,
                code,
                &format!("{}/", config.lang_prefix(code)),
                code == lang,
            )
        })
        .collect();
    let search = languages
        .iter()
        .any(|l| l.code == lang)
        .then(|| site.href(&site.search_path(lang)));
    SiteView {
        title: config.localized(&config.title, lang).to_string(),
        description: config.localized(&config.description, lang).to_string(),
        base_url: config.base_url.clone(),
        home: site.href(&format!("{prefix}/")),
        feed: (!site.dated_entries(lang).is_empty())
            .then(|| site.href(&format!("{prefix}/atom.xml"))),
        style: style.to_string(),
        locale: crate::cldr::og_locale(lang),
        manifest: site.href(&format!("{prefix}/manifest.webmanifest")),
        icon: site.href("/icon-192.png"),
        languages,
        nav: nav(site, lang),
        tags: site
            .tags
            .contains_key(lang)
            .then(|| site.href(&site.tag_path(lang, None))),
        search,
    }
}

/// The menu: top sections and top pages of `lang`, by weight then title.
fn nav(site: &Site, lang: &str) -> Vec<Link> {
    let mut items: Vec<PageId> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.lang() == lang
                && match p.role() {
                    Role::Section { .. } => !p.doc.folder.contains('/'),
                    Role::Page => p.doc.folder.is_empty(),
                    _ => false,
                }
        })
        .map(|(id, _)| id)
        .collect();
    items.sort_by(|&a, &b| {
        let (ma, mb) = (site.pages[a].meta(), site.pages[b].meta());
        (ma.weight.unwrap_or(i64::MAX), &ma.title).cmp(&(mb.weight.unwrap_or(i64::MAX), &mb.title))
    });
    items
        .into_iter()
        .map(|id| Link {
            title: site.pages[id].meta().title.clone(),
            url: site.href(&site.pages[id].url),
        })
        .collect()
}

/// What Open Graph calls a page: `article` for what is read on its own
/// (stories, articles, petitions), `website` for the home page and lists.
pub fn og_type(role: &Role) -> &'static str {
    match role {
        Role::Story(_) | Role::Article(_) | Role::Petition(_) => "article",
        _ => "website",
    }
}

/// Whether the tag at the start of `tag` (the text after a `<`) begins or
/// ends a block, where words part; inside a line (`em`, `a`) they do not.
pub(crate) fn parts_words(tag: &str) -> bool {
    let name = tag
        .trim_start_matches('/')
        .split([' ', '\n', '>', '/'])
        .next()
        .unwrap_or("");
    matches!(
        name,
        "p" | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "div"
            | "blockquote"
            | "td"
            | "th"
            | "tr"
            | "figure"
            | "figcaption"
            | "section"
            | "hr"
    )
}

/// The character an entity at the start of `s` (`&…;`) stands for, and its
/// length; a lone `&` stands for itself.
pub(crate) fn entity(s: &str) -> (char, usize) {
    // Bytes: `;` is ASCII, and the text after a lone `&` may be any script.
    let Some(end) = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')
    else {
        return ('&', 1);
    };
    let name = &s[1..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match c {
        Some(c) => (c, end + 1),
        None => ('&', 1),
    }
}

/// The first sentence of a page's body (rendered HTML): its text, tags
/// taken out, up to the first full stop of any of the region's scripts
/// (`.`, `!`, `?`, `।`, `۔`, `؟`) followed by a space, at most about 200
/// characters (cut at a word, with `…`). None for a body without text.
pub fn first_sentence(html: &str) -> Option<String> {
    let mut text = String::new();
    let mut in_tag = false;
    let mut skipping = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        // Captions, footnotes and their numbers are not the page's first words.
        if !in_tag && (rest.starts_with("<figure") || rest.starts_with("<sup")) {
            skipping = true;
        }
        if skipping && (rest.starts_with("</figure>") || rest.starts_with("</sup>")) {
            skipping = false;
        }
        match c {
            '<' => {
                in_tag = true;
                if parts_words(&rest[1..]) {
                    text.push(' ');
                }
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag || skipping => {}
            '&' => {
                let (decoded, len) = entity(rest);
                text.push(decoded);
                rest = &rest[len..];
                continue;
            }
            _ => text.push(c),
        }
        rest = &rest[c.len_utf8()..];
        if text.len() > 1200 {
            break;
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut sentence = String::new();
    for word in words {
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        if sentence.chars().count() + word.chars().count() > 200 {
            sentence.push('…');
            return Some(sentence.replace(" …", "…"));
        }
        sentence.push_str(word);
        let ends = word
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with(['.', '!', '?', '।', '۔', '؟']);
        if ends {
            break;
        }
    }
    Some(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_ends_at_any_scripts_full_stop() {
        assert_eq!(
            first_sentence("<p>We won. Then we went home.</p>").as_deref(),
            Some("We won.")
        );
        assert_eq!(
            first_sentence("<p>हम जीते। फिर घर गए।</p>").as_deref(),
            Some("हम जीते।")
        );
        assert_eq!(
            first_sentence("<p>ہم جیتے۔ پھر گھر گئے۔</p>").as_deref(),
            Some("ہم جیتے۔")
        );
        assert_eq!(
            first_sentence("<figure><img alt=\"x\"><figcaption>A photo.</figcaption></figure><p>Tom &amp; Jerry<sup>1</sup> ran.</p>")
                .as_deref(),
            Some("Tom & Jerry ran.")
        );
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let cut = first_sentence(&long).unwrap();
        assert!(cut.ends_with('…') && cut.chars().count() <= 201, "{cut}");
        assert_eq!(first_sentence("<p> </p>"), None);
    }
}

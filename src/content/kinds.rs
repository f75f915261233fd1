//! The content kinds and their front matter: page, story, petition, issue
//! (and the articles of an issue), plus the fields every page has.
//!
//! Each kind reads its own fields ([`Role::read`]), takes what a translation
//! leaves out from the original ([`Role::inherit`]), and says what is still
//! missing ([`Role::missing`]). Which kind a file is (the section cascade) is
//! decided by the loader, not here.

use super::date::Date;
use super::front_matter::Fields;

/// The values of `kind:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Story,
    Petition,
    Issue,
}

impl Kind {
    pub const NAMES: [&'static str; 4] = ["page", "story", "petition", "issue"];

    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "page" => Some(Kind::Page),
            "story" => Some(Kind::Story),
            "petition" => Some(Kind::Petition),
            "issue" => Some(Kind::Issue),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Story => "story",
            Kind::Petition => "petition",
            Kind::Issue => "issue",
        }
    }

    /// The kind of the top folders that set none.
    pub fn default_for_top_folder(folder: &str) -> Kind {
        match folder {
            "stories" => Kind::Story,
            "petitions" => Kind::Petition,
            "despatch" => Kind::Issue,
            _ => Kind::Page,
        }
    }
}

pub const COMMON_FIELDS: [&str; 10] = [
    "title",
    "date",
    "summary",
    "tags",
    "draft",
    "slug",
    "image",
    "image_alt",
    "kind",
    "weight",
];
const STORY_FIELDS: [&str; 4] = ["author", "anonymous", "consent", "withdrawn"];
const CONSENT_FIELDS: [&str; 3] = ["recorded", "by", "scope"];
const PETITION_FIELDS: [&str; 5] = ["to", "demands", "goal", "deadline", "status"];
const ISSUE_FIELDS: [&str; 4] = ["volume", "number", "editors", "cover"];
const ARTICLE_FIELDS: [&str; 2] = ["byline", "poem"];
const SECTION_FIELDS: [&str; 1] = ["paginate_by"];

/// Fields every page has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// The language `tags` are written in, when the page took them from
    /// its original (none: its own file wrote them).
    pub tags_from: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// Declared `kind:`, when the file sets one.
    pub kind: Option<Kind>,
    /// Order in menus and lists of pages; lower first.
    pub weight: Option<i64>,
}

impl Meta {
    pub fn read(f: &mut Fields) -> Meta {
        let title = f.text("title").unwrap_or_default();
        if title.trim().is_empty() && !f.has("title") {
            f.error(
                "",
                "missing `title`",
                "every page needs a title: add a line `title: \"…\"` to the front matter",
            );
        } else if title.trim().is_empty() {
            f.error(
                "title",
                "`title` is empty",
                "write the page's title after `title:`",
            );
        }
        let kind = f.text("kind").and_then(|name| match Kind::parse(&name) {
            Some(k) => Some(k),
            None => {
                let hint = match super::front_matter::nearest(&name, &Kind::NAMES) {
                    Some(near) => {
                        format!("did you mean `{near}`? kinds are page, story, petition, issue")
                    }
                    None => "kinds are page, story, petition, issue".into(),
                };
                f.error("kind", format!("unknown kind `{name}`"), hint);
                None
            }
        });
        Meta {
            title,
            date: f.date("date"),
            summary: f.text("summary"),
            tags: f.text_list("tags").unwrap_or_default(),
            tags_from: None,
            draft: f.flag("draft").unwrap_or(false),
            slug: f.text("slug"),
            image: f.text("image"),
            image_alt: f.text("image_alt"),
            kind,
            weight: f.integer("weight"),
        }
    }

    /// Fills what a translation left out from the original, which is in
    /// `original_lang`.
    pub fn inherit(&mut self, original: &Meta, original_lang: &str) {
        self.date = self.date.or(original.date);
        if self.tags.is_empty() && !original.tags.is_empty() {
            self.tags = original.tags.clone();
            self.tags_from = Some(original_lang.to_string());
        }
        if self.image.is_none() {
            // The original's picture comes with its description, until the
            // translator writes one in this language.
            self.image = original.image.clone();
            self.image_alt = self.image_alt.take().or_else(|| original.image_alt.clone());
        }
        self.weight = self.weight.or(original.weight);
    }
}

/// Where a story may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    pub web: bool,
    pub print: bool,
}

/// The record of a survivor's consent to publish her story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    pub recorded: Option<Date>,
    pub by: Option<String>,
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Story {
    pub author: Option<String>,
    pub anonymous: Option<bool>,
    pub consent: Option<ConsentRecord>,
    pub withdrawn: bool,
}

impl Story {
    fn read(f: &mut Fields) -> Story {
        let consent = f.group("consent").map(|mut g| {
            let record = ConsentRecord {
                recorded: g.date("recorded"),
                by: g.text("by").filter(|s| !s.trim().is_empty()),
                scope: read_scope(&mut g),
            };
            f.absorb(g, &CONSENT_FIELDS);
            record
        });
        Story {
            author: f.text("author"),
            anonymous: f.flag("anonymous"),
            consent,
            withdrawn: f.flag("withdrawn").unwrap_or(false),
        }
    }

    /// The consent record, when it is complete.
    pub fn scope(&self) -> Option<Scope> {
        let c = self.consent.as_ref()?;
        c.recorded?;
        c.by.as_ref()?;
        c.scope
    }

    pub fn is_anonymous(&self) -> bool {
        self.anonymous.unwrap_or(false) || self.author.is_none()
    }
}

fn read_scope(g: &mut Fields) -> Option<Scope> {
    let items = g.text_list("scope")?;
    let mut scope = Scope::default();
    for item in &items {
        match item.trim() {
            "web" => scope.web = true,
            "print" => scope.print = true,
            other => {
                g.error(
                    "scope",
                    format!("`consent.scope` has `{other}`"),
                    "scope lists where the story may appear: `[web]`, `[print]` or `[web, print]`",
                );
                return None;
            }
        }
    }
    Some(scope)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Closed,
    Won,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Won => "won",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Petition {
    /// The addressee: who must act.
    pub to: Option<String>,
    pub demands: Vec<String>,
    pub goal: Option<u64>,
    pub deadline: Option<Date>,
    pub status: Option<Status>,
}

impl Petition {
    /// Whether it still takes signatures: open, or no status given.
    pub fn is_open(&self) -> bool {
        self.status.unwrap_or(Status::Open) == Status::Open
    }

    fn read(f: &mut Fields) -> Petition {
        let status = f.text("status").and_then(|s| match s.trim() {
            "open" => Some(Status::Open),
            "closed" => Some(Status::Closed),
            "won" => Some(Status::Won),
            other => {
                f.error(
                    "status",
                    format!("unknown petition status `{other}`"),
                    "status is one of open, closed, won",
                );
                None
            }
        });
        Petition {
            to: f.text("to"),
            demands: f.text_list("demands").unwrap_or_default(),
            goal: f.count("goal"),
            deadline: f.date("deadline"),
            status,
        }
    }
}

/// A Despatch issue: the `_index.md` of an issue folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Issue {
    pub volume: Option<u64>,
    pub number: Option<u64>,
    pub editors: Vec<String>,
    pub cover: Option<String>,
}

/// A page inside an issue folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Who wrote it: often a group, e.g. "the Sonar Bangla group, Kidderpore".
    pub byline: Option<String>,
    /// Keeps the author's line breaks, and one column in print.
    pub poem: Option<bool>,
}

/// What a file is in the site, with the fields of its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// `content/_index.md`.
    Home,
    /// A folder's `_index.md`: a list of what is below.
    Section {
        kind: Kind,
        /// Cards on a page of its list (`paginate_by:`), for it and the
        /// sections below it; none to take the parent's or the site's.
        paginate_by: Option<u64>,
    },
    Page,
    Story(Story),
    Petition(Petition),
    Issue(Issue),
    Article(Article),
}

impl Role {
    pub fn name(&self) -> &'static str {
        match self {
            Role::Home => "home",
            Role::Section { .. } => "section",
            Role::Page => "page",
            Role::Story(_) => "story",
            Role::Petition(_) => "petition",
            Role::Issue(_) => "issue",
            Role::Article(_) => "article",
        }
    }

    /// Reads the fields of this role's kind into it, and warns of fields
    /// that belong to no kind or to another one.
    pub fn read(self, f: &mut Fields) -> Role {
        let (role, own): (Role, &[&str]) = match self {
            Role::Story(_) => (Role::Story(Story::read(f)), &STORY_FIELDS),
            Role::Petition(_) => (Role::Petition(Petition::read(f)), &PETITION_FIELDS),
            Role::Issue(_) => (
                Role::Issue(Issue {
                    volume: f.count("volume"),
                    number: f.count("number"),
                    editors: f.text_list("editors").unwrap_or_default(),
                    cover: f.text("cover"),
                }),
                &ISSUE_FIELDS,
            ),
            Role::Article(_) => (
                Role::Article(Article {
                    byline: f.text("byline"),
                    poem: f.flag("poem"),
                }),
                &ARTICLE_FIELDS,
            ),
            Role::Section { kind, .. } => (
                Role::Section {
                    kind,
                    paginate_by: f.count("paginate_by"),
                },
                &SECTION_FIELDS,
            ),
            other => (other, &[]),
        };
        let known: Vec<&str> = COMMON_FIELDS.iter().chain(own).copied().collect();
        let elsewhere: Vec<(&str, &str)> = [
            (&STORY_FIELDS[..], "stories"),
            (&PETITION_FIELDS[..], "petitions"),
            (
                &ISSUE_FIELDS[..],
                "Despatch issues (the issue folder's _index.md)",
            ),
            (&ARTICLE_FIELDS[..], "articles of a Despatch issue"),
            (&SECTION_FIELDS[..], "section lists (a folder's _index.md)"),
        ]
        .iter()
        .flat_map(|(fields, owner)| fields.iter().map(move |f| (*f, *owner)))
        .filter(|(f, _)| !known.contains(f))
        .collect();
        f.warn_unknown(&known, &elsewhere);
        role
    }

    /// Fills what a translation left out from the original of the same kind.
    /// A withdrawal anywhere withdraws every language.
    pub fn inherit(&mut self, original: &Role) {
        match (self, original) {
            (Role::Story(s), Role::Story(o)) => {
                s.author = s.author.take().or_else(|| o.author.clone());
                s.anonymous = s.anonymous.or(o.anonymous);
                s.consent = s.consent.take().or_else(|| o.consent.clone());
                s.withdrawn |= o.withdrawn;
            }
            (Role::Petition(p), Role::Petition(o)) => {
                p.to = p.to.take().or_else(|| o.to.clone());
                if p.demands.is_empty() {
                    p.demands = o.demands.clone();
                }
                p.goal = p.goal.or(o.goal);
                p.deadline = p.deadline.or(o.deadline);
                p.status = p.status.or(o.status);
            }
            (Role::Issue(i), Role::Issue(o)) => {
                i.volume = i.volume.or(o.volume);
                i.number = i.number.or(o.number);
                if i.editors.is_empty() {
                    i.editors = o.editors.clone();
                }
                i.cover = i.cover.take().or_else(|| o.cover.clone());
            }
            (Role::Article(a), Role::Article(o)) => {
                a.byline = a.byline.take().or_else(|| o.byline.clone());
                a.poem = a.poem.or(o.poem);
            }
            (
                Role::Section {
                    paginate_by: mine, ..
                },
                Role::Section {
                    paginate_by: theirs,
                    ..
                },
            ) => *mine = mine.or(*theirs),
            _ => {}
        }
    }

    /// Required fields still missing after inheritance, as (message, hint).
    pub fn missing(&self, meta: &Meta) -> Vec<(String, String)> {
        let mut out = Vec::new();
        match self {
            Role::Story(s) => match &s.consent {
                None => out.push((
                    "this story has no consent record, so it cannot be published".into(),
                    "add the record of the survivor's consent:\nconsent:\n  recorded: 2026-11-01   # the day consent was recorded\n  by: \"name of who recorded it\"\n  scope: [web, print]    # where the story may appear".into(),
                )),
                Some(c) => {
                    if c.recorded.is_none() {
                        out.push(("`consent.recorded` is missing".into(), "add `recorded: YYYY-MM-DD` under `consent:`: the day consent was recorded".into()));
                    }
                    if c.by.is_none() {
                        out.push(("`consent.by` is missing".into(), "add `by: \"…\"` under `consent:`: who recorded the consent".into()));
                    }
                    if c.scope.is_none() {
                        out.push(("`consent.scope` is missing".into(), "add `scope: [web, print]` under `consent:` (or only `[web]` or `[print]`)".into()));
                    }
                }
            },
            Role::Petition(p) => {
                if p.to.is_none() {
                    out.push(("this petition has no addressee (`to`)".into(), "add `to: \"…\"`: who must act on the demands".into()));
                }
                if p.demands.is_empty() {
                    out.push(("this petition has no `demands`".into(), "add `demands:` with one `- demand` a line".into()));
                }
            }
            Role::Issue(i) => {
                for (field, value) in [("volume", i.volume), ("number", i.number)] {
                    if value.is_none() {
                        out.push((format!("this issue has no `{field}`"), format!("add `{field}: 1` (a whole number) for the masthead")));
                    }
                }
                if meta.date.is_none() {
                    out.push(("this issue has no `date`".into(), "add `date: YYYY-MM-DD`: the day the issue comes out".into()));
                }
            }
            _ => {}
        }
        out
    }
}

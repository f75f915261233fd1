//! A synthetic site for benchmarks, generated deterministically: N pages in
//! three languages (60% English, 25% Hindi, 15% Bengali), 20 sections, three
//! tags a page, about 700 words a page, YAML front matter.

// Each benchmark uses only part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A temporary folder for a generated site: in `AWAAZ_BENCH_DIR` when set
/// (e.g. `/dev/shm`, to take the disk out of the figures), else the
/// system's temporary folder.
pub fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("AWAAZ_BENCH_DIR") {
        Some(base) => tempfile::tempdir_in(base).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

/// The site sizes given after `--`, else 1,000 and 10,000 pages.
pub fn sizes() -> Vec<usize> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    }
}

const EN: &[&str] = &[
    "women",
    "group",
    "village",
    "school",
    "petition",
    "court",
    "rights",
    "rally",
    "street",
    "play",
    "newspaper",
    "market",
    "shelter",
    "daughter",
    "mother",
    "work",
    "law",
    "police",
    "signature",
    "voice",
    "together",
    "story",
    "consent",
    "safety",
    "meeting",
    "demand",
    "buyers",
    "traffickers",
    "education",
    "health",
];
const HI: &[&str] = &[
    "महिलाएँ",
    "समूह",
    "गाँव",
    "स्कूल",
    "याचिका",
    "अदालत",
    "अधिकार",
    "रैली",
    "सड़क",
    "नाटक",
    "अख़बार",
    "बाज़ार",
    "आश्रय",
    "बेटी",
    "माँ",
    "काम",
    "क़ानून",
    "पुलिस",
    "हस्ताक्षर",
    "आवाज़",
];
const BN: &[&str] = &[
    "নারী",
    "দল",
    "গ্রাম",
    "স্কুল",
    "আবেদন",
    "আদালত",
    "অধিকার",
    "মিছিল",
    "রাস্তা",
    "নাটক",
    "খবরের কাগজ",
    "বাজার",
    "আশ্রয়",
    "মেয়ে",
    "মা",
    "কাজ",
    "আইন",
    "পুলিশ",
    "স্বাক্ষর",
    "কণ্ঠ",
];
const TAGS: &[&str] = &[
    "consent",
    "bihar",
    "kolkata",
    "delhi",
    "education",
    "health",
    "law",
    "rally",
    "petition",
    "poem",
    "street-play",
    "open-mic",
    "shelter",
    "work",
    "police",
    "court",
    "demand-side",
    "girls",
    "mothers",
    "voices",
];

/// A small deterministic generator, so every run builds the same tree.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() % words.len()]
    }
}

fn paragraph(rng: &mut Lcg, words: &[&str], n: usize) -> String {
    let mut p = String::new();
    for i in 0..n {
        if i > 0 {
            p.push(' ');
        }
        p.push_str(rng.pick(words));
        if i % 13 == 12 {
            p.push('.');
        }
    }
    p.push('.');
    p
}

/// Writes `n` pages under `root`, plus site.yaml and section indexes.
pub fn generate(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "title: { en: Bench, hi: बेंच, bn: বেঞ্চ }\nbase_url: \"https://example.org\"\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n  - { code: hi, name: हिन्दी }\n  - { code: bn, name: বাংলা }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Home\n---\nWelcome.\n",
    )
    .unwrap();
    let mut rng = Lcg(2026);
    for (lang, home) in [("hi", "मुखपृष्ठ"), ("bn", "প্রচ্ছদ")] {
        std::fs::write(
            root.join(format!("content/_index.{lang}.md")),
            format!("---\ntitle: {home}\n---\n"),
        )
        .unwrap();
    }
    for s in 0..20 {
        let dir = root.join(format!("content/section-{s:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, title) in [
            ("_index.md", "Section"),
            ("_index.hi.md", "खंड"),
            ("_index.bn.md", "বিভাগ"),
        ] {
            std::fs::write(
                dir.join(file),
                format!("---\ntitle: {title} {s}\npaginate_by: 20\n---\n"),
            )
            .unwrap();
        }
    }
    for i in 0..n {
        let (lang, words) = match i % 20 {
            0..=11 => ("", EN),
            12..=16 => (".hi", HI),
            _ => (".bn", BN),
        };
        let section = i % 20;
        let tags: Vec<&str> = (0..3).map(|_| rng.pick(TAGS)).collect();
        let mut text = format!(
            "---\ntitle: \"{} {i}\"\ndate: 2026-{:02}-{:02}\nsummary: \"{}\"\ntags: [{}]\n---\n\n",
            paragraph(&mut rng, words, 4).trim_end_matches('.'),
            1 + i % 12,
            1 + i % 28,
            paragraph(&mut rng, words, 12),
            tags.join(", ")
        );
        for h in 0..5 {
            let _ = write!(text, "## {} {h}\n\n", rng.pick(words));
            for _ in 0..2 {
                text.push_str(&paragraph(&mut rng, words, 65));
                text.push_str("\n\n");
            }
            if h == 2 {
                text.push_str(
                    "- *one* point\n- **two** points\n- a [link](https://example.org/)\n\n",
                );
            }
        }
        let path = root.join(format!("content/section-{section:02}/page-{i:05}{lang}.md"));
        std::fs::write(path, text).unwrap();
    }
}

/// Writes a minimal Hugo site over the same `content/` (Hugo reads the same
/// YAML front matter, `_index.md` sections, `tags` and `.hi.md`
/// translations): the configuration for the three languages and templates
/// for pages, lists, the tag list and tag pages, with a menu of sections,
/// dates, tags and translations on each page, like awaaz's.
pub fn hugo_skeleton(root: &Path) {
    std::fs::write(
        root.join("hugo.toml"),
        r#"baseURL = "https://example.org/"
title = "Bench"
defaultContentLanguage = "en"
[languages.en]
  weight = 1
  languageName = "English"
[languages.hi]
  weight = 2
  languageName = "हिन्दी"
  title = "बेंच"
[languages.bn]
  weight = 3
  languageName = "বাংলা"
  title = "বেঞ্চ"
[taxonomies]
  tag = "tags"
"#,
    )
    .unwrap();
    let layouts = root.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        layouts.join("baseof.html"),
        r#"<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>{{ range .Site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a> {{ end }}</footer>
</body>
</html>
"#,
    )
    .unwrap();
    std::fs::write(
        layouts.join("single.html"),
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ with .Params.tags }}<ul>{{ range . }}<li><a href="{{ "tags/" | relLangURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
"#,
    )
    .unwrap();
    std::fs::write(
        layouts.join("list.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
"#,
    )
    .unwrap();
}

/// Writes a Zola site in `zola` for the site in `root`: the configuration
/// for the three languages (tags, a feed of the newest 30 pages for each
/// language, as awaaz's, minified HTML), templates like the Hugo
/// skeleton's, sections paginated as awaaz's (`paginate_by: 20`), and
/// `zola/content/`, a copy of `content/` in which
/// each page's `tags: [...]` is written `taxonomies: { tags: [...] }` (the
/// only place Zola reads tags from; awaaz and Hugo read `tags`) and each
/// section also says `sort_by: date`. Build it with `zola --root ZOLA
/// build --output-dir OUT`.
pub fn zola_skeleton(root: &Path, zola: &Path) {
    copy_for_zola(&root.join("content"), &zola.join("content"));
    std::fs::write(
        zola.join("config.toml"),
        r#"base_url = "https://example.org"
title = "Bench"
default_language = "en"
minify_html = true
generate_feeds = true
feed_limit = 30
build_search_index = false
taxonomies = [{ name = "tags", feed = false }]
[languages.hi]
title = "बेंच"
generate_feeds = true
taxonomies = [{ name = "tags", feed = false }]
[languages.bn]
title = "বেঞ্চ"
generate_feeds = true
taxonomies = [{ name = "tags", feed = false }]
"#,
    )
    .unwrap();
    let templates = zola.join("templates");
    std::fs::create_dir_all(templates.join("tags")).unwrap();
    let files = [
        (
            "base.html",
            r#"<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %} · {{ config.title }}</title>
{% block alternates %}{% endblock %}
</head>
<body>
{% if lang == config.default_language %}{% set home_path = "_index.md" %}{% else %}{% set home_path = "_index." ~ lang ~ ".md" %}{% endif %}
{% set home = get_section(path=home_path, metadata_only=true) %}
<nav><a href="{{ home.permalink }}">{{ config.title }}</a>{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %} <a href="{{ sub.permalink }}">{{ sub.title }}</a>{% endfor %}</nav>
<main>{% block main %}{% endblock %}</main>
<footer>{% block translations %}{% endblock %}</footer>
</body>
</html>
"#,
        ),
        (
            "page.html",
            r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block alternates %}{% for t in page.translations %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">{% endfor %}{% endblock %}
{% block main %}<article><h1>{{ page.title }}</h1>
<p><time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time></p>
{% if page.taxonomies.tags %}<ul>{% for tag in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=tag, lang=lang) }}">{{ tag }}</a></li>{% endfor %}</ul>{% endif %}
{{ page.content | safe }}</article>{% endblock %}
{% block translations %}{% for t in page.translations %}<a href="{{ t.permalink }}">{{ t.lang }}</a> {% endfor %}{% endblock %}
"#,
        ),
        (
            "section.html",
            r#"{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for p in paginator.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time><p>{{ p.extra.summary | default(value="") }}</p></li>{% endfor %}</ul>
{% if paginator.previous %}<a href="{{ paginator.previous }}">←</a>{% endif %}{% if paginator.next %}<a href="{{ paginator.next }}">→</a>{% endif %}{% endblock %}
{% block translations %}{% for t in section.translations %}<a href="{{ t.permalink }}">{{ t.lang }}</a> {% endfor %}{% endblock %}
"#,
        ),
        (
            "index.html",
            r#"{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}{% endblock %}
"#,
        ),
        (
            "tags/list.html",
            r#"{% extends "base.html" %}
{% block main %}<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> {{ term.pages | length }}</li>{% endfor %}</ul>{% endblock %}
"#,
        ),
        (
            "tags/single.html",
            r#"{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock %}
{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>{% endfor %}</ul>{% endblock %}
"#,
        ),
    ];
    for (name, text) in files {
        std::fs::write(templates.join(name), text).unwrap();
    }
}

/// Copies the Markdown tree `from` to `to`, front matter rewritten for Zola.
fn copy_for_zola(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_for_zola(&entry.path(), &target);
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = match text.split_once("\ntags: [") {
            Some((before, after)) => {
                let (tags, rest) = after.split_once(']').unwrap();
                format!("{before}\ntaxonomies: {{ tags: [{tags}] }}{rest}")
            }
            None => text,
        };
        let text = match text.split_once("\npaginate_by: ") {
            Some((before, after)) => format!("{before}\nsort_by: date\npaginate_by: {after}"),
            None => text,
        };
        std::fs::write(target, text).unwrap();
    }
}

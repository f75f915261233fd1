//! Pages of lists: section lists, tag pages and the Despatch archive cut
//! into pages of `paginate_by` cards, with a pager in the reader's digits,
//! `rel` links in the head, and translations that link page N to page N.

mod common;

use awaaz::BuildOptions;
use common::*;

/// Builds the web site alone: lists are all these tests look at (and 84
/// stories would otherwise draw 84 share images).
fn build(f: &Fixture) -> awaaz::Report {
    f.build_with(BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    })
}

fn build_ok(f: &Fixture) {
    assert_ok(&build(f));
}

/// Builds `f`, which must fail with an error at `at` (`path:line:col:`)
/// that names `mentions`, writing nothing.
fn fails_at(f: &Fixture, at: &str, mentions: &str) {
    let report = build(f);
    assert!(!report.written);
    let found = errors(&report);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with(at) && e.contains(mentions)),
        "{found:?}"
    );
}

/// A story written for these tests: `Story 07` and the like, tagged
/// `courage`; all on one day, so a list orders them by title.
fn numbered(title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2026-09-01\ntags: [courage]\nconsent:\n  recorded: 2026-08-01\n  by: \"Unit coordinator\"\n  scope: [web]\n---\n\nThe story of {title}.\n"
    )
}

/// 47 stories at 10 a page; 25 of them in Hindi and 12 in Urdu.
fn site() -> Fixture {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", "Welcome."));
    f.write(
        "content/stories/_index.md",
        "---\ntitle: \"Stories\"\npaginate_by: 10\n---\n\nTheir own words.\n",
    );
    f.write(
        "content/stories/_index.hi.md",
        "---\ntitle: \"कहानियाँ\"\n---\n\nउनके अपने शब्द।\n",
    );
    for n in 1..=47 {
        f.write(
            &format!("content/stories/s{n:02}.md"),
            &numbered(&format!("Story {n:02}")),
        );
        if n <= 25 {
            f.write(
                &format!("content/stories/s{n:02}.hi.md"),
                &numbered(&format!("कहानी {n:02}")),
            );
        }
        if n <= 12 {
            f.write(
                &format!("content/stories/s{n:02}.ur.md"),
                &numbered(&format!("کہانی {n:02}")),
            );
        }
    }
    f
}

/// The `href`s of the list's cards, in order.
fn card_links(html: &str) -> Vec<String> {
    attrs(html, "a", "href")
        .into_iter()
        .filter(|h| h.contains("/stories/s"))
        .collect()
}

/// `<link rel="…">` of a page's head.
fn head_link(html: &str, rel: &str) -> Option<String> {
    let head = &html[..html.find("</head>").unwrap_or(html.len())];
    head.match_indices("<link ")
        .map(|(i, _)| &head[i..=i + head[i..].find('>').unwrap()])
        .find(|l| attrs(l, "link", "rel").pop().as_deref() == Some(rel))
        .and_then(|l| attrs(l, "link", "href").pop())
}

/// The hreflang alternates of a page's head, as `code address`.
fn alternates(html: &str) -> Vec<String> {
    html.match_indices("<link ")
        .map(|(i, _)| &html[i..=i + html[i..].find('>').unwrap()])
        .filter_map(|l| {
            let code = attrs(l, "link", "hreflang").pop()?;
            Some(format!("{code} {}", attrs(l, "link", "href").pop()?))
        })
        .collect()
}

/// The pager's links: (text, href, whether it is the current page).
fn pager(html: &str) -> Vec<(String, String, bool)> {
    let Some(start) = html.find("class=list-pager") else {
        return Vec::new();
    };
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    nav.split("<a ")
        .skip(1)
        .map(|a| {
            let tag = &a[..a.find('>').unwrap()];
            let href = attrs(&format!("<a {tag}>"), "a", "href").pop().unwrap();
            let text = a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].to_string();
            (text, href, tag.contains("aria-current=page"))
        })
        .collect()
}

#[test]
fn a_list_of_47_at_10_a_page_has_five_pages_and_no_more() {
    let f = site();
    build_ok(&f);
    assert!(f.exists("stories/index.html"));
    for n in 2..=5 {
        assert!(
            f.exists(&format!("stories/page/{n}/index.html")),
            "page {n}"
        );
    }
    assert!(!f.exists("stories/page/1/index.html"));
    assert!(!f.exists("stories/page/6/index.html"));
    let first = f.read("stories/index.html");
    let links = card_links(&first);
    assert_eq!(links.len(), 10, "{links:?}");
    assert_eq!(links[0], "/stories/s01/");
    assert_eq!(links[9], "/stories/s10/");
    // The section's own text stays on every page.
    assert!(first.contains("Their own words."));
    let last = f.read("stories/page/5/index.html");
    assert_eq!(card_links(&last).len(), 7);
    assert_eq!(card_links(&last)[6], "/stories/s47/");
    assert!(last.contains("Their own words."));
    // Every story is on exactly one page.
    let mut all: Vec<String> = std::iter::once(first.clone())
        .chain((2..=5).map(|n| f.read(&format!("stories/page/{n}/index.html"))))
        .flat_map(|html| card_links(&html))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 47);
}

#[test]
fn each_page_links_its_neighbours_in_the_pager_and_the_head() {
    let f = site();
    build_ok(&f);
    let third = f.read("stories/page/3/index.html");
    assert_eq!(
        head_link(&third, "prev").as_deref(),
        Some("https://example.org/stories/page/2/")
    );
    assert_eq!(
        head_link(&third, "next").as_deref(),
        Some("https://example.org/stories/page/4/")
    );
    assert_eq!(
        head_link(&third, "canonical").as_deref(),
        Some("https://example.org/stories/page/3/")
    );
    assert!(third.contains("<title>Stories (Page 3) · "), "{third}");
    let links = pager(&third);
    let texts: Vec<&str> = links.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(texts, ["Previous", "1", "2", "3", "4", "5", "Next"]);
    assert_eq!(links[0].1, "/stories/page/2/");
    assert_eq!(links[1].1, "/stories/", "page 1 is the list's own address");
    assert_eq!(links[6].1, "/stories/page/4/");
    let current: Vec<&str> = links
        .iter()
        .filter(|(_, _, c)| *c)
        .map(|(t, _, _)| t.as_str())
        .collect();
    assert_eq!(current, ["3"]);
    // The first has no previous page and the last no next one.
    let first = f.read("stories/index.html");
    assert_eq!(head_link(&first, "prev"), None);
    assert_eq!(
        head_link(&first, "next").as_deref(),
        Some("https://example.org/stories/page/2/")
    );
    assert_eq!(pager(&first)[0].0, "1");
    let last = f.read("stories/page/5/index.html");
    assert_eq!(head_link(&last, "next"), None);
    assert_eq!(pager(&last).last().unwrap().0, "5");
}

#[test]
fn the_pager_counts_in_the_reader_s_digits() {
    let f = site();
    build_ok(&f);
    // Hindi: 25 stories, at the section's 10 a page (its original's).
    assert!(f.exists("hi/stories/page/3/index.html"));
    assert!(!f.exists("hi/stories/page/4/index.html"));
    let hindi = f.read("hi/stories/page/2/index.html");
    let texts: Vec<String> = pager(&hindi).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(texts, ["पिछला", "१", "२", "३", "अगला"]);
    assert!(hindi.contains("aria-label=\"पन्ना २\""), "{hindi}");
    // Urdu: 12 stories, no _index of its own: the original's 10 a page.
    let urdu = f.read("ur/stories/page/2/index.html");
    let texts: Vec<String> = pager(&urdu).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(texts, ["پچھلا", "۱", "۲"]);
    assert!(urdu.contains("(صفحہ ۲)"), "the title says which page");
}

#[test]
fn page_n_of_a_list_links_page_n_of_its_translations_or_their_first_page() {
    let f = site();
    build_ok(&f);
    let third = f.read("stories/page/3/index.html");
    let links = alternates(&third);
    assert!(
        links.contains(&"hi https://example.org/hi/stories/page/3/".to_string()),
        "{links:?}"
    );
    // Urdu has two pages: its first stands for the third.
    assert!(
        links.contains(&"ur https://example.org/ur/stories/".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"en https://example.org/stories/page/3/".to_string()));
    // The language switcher goes the same way.
    let switch = attrs(&third, "a", "href");
    assert!(
        switch.contains(&"/hi/stories/page/3/".to_string()),
        "{switch:?}"
    );
    let hindi = f.read("hi/stories/page/3/index.html");
    assert!(
        alternates(&hindi).contains(&"en https://example.org/stories/page/3/".to_string()),
        "{:?}",
        alternates(&hindi)
    );
}

#[test]
fn tag_pages_and_the_archive_have_pages_too_and_0_means_one_page() {
    let f = site();
    // The site's default for tag pages; the section's own 0 for stories.
    f.write("site.yaml", &format!("{SITE_YAML}paginate_by: 20\n"));
    f.write(
        "content/stories/_index.md",
        "---\ntitle: \"Stories\"\npaginate_by: 0\n---\n",
    );
    f.write(
        "content/despatch/_index.md",
        "---\ntitle: \"Red Light Despatch\"\nkind: issue\npaginate_by: 2\n---\n",
    );
    for month in 9..=11 {
        f.write(
            &format!("content/despatch/2026-{month:02}/_index.md"),
            &format!("---\ntitle: \"Issue {month}\"\ndate: 2026-{month:02}-15\nvolume: 3\nnumber: {month}\n---\n\nThis month.\n"),
        );
    }
    build_ok(&f);
    assert_eq!(card_links(&f.read("stories/index.html")).len(), 47);
    assert!(!f.exists("stories/page/2/index.html"));
    // 47 tagged stories at 20 a page.
    assert!(f.exists("tags/courage/page/3/index.html"));
    assert!(!f.exists("tags/courage/page/4/index.html"));
    let tag = f.read("tags/courage/page/2/index.html");
    assert_eq!(card_links(&tag).len(), 20);
    assert_eq!(
        head_link(&tag, "canonical").as_deref(),
        Some("https://example.org/tags/courage/page/2/")
    );
    // Three issues at 2 a page.
    assert!(f.exists("despatch/page/2/index.html"));
    assert!(!f.exists("despatch/page/3/index.html"));
    let archive = f.read("despatch/page/2/index.html");
    assert!(
        archive.contains("/despatch/2026-09/"),
        "the oldest issue is last"
    );
    // The sitemap lists each list once, at its first page.
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("https://example.org/tags/courage/<"));
    assert!(!sitemap.contains("/page/2/"), "{sitemap}");
}

#[test]
fn a_paginate_by_that_is_not_a_whole_number_is_an_error_at_its_line() {
    let f = site();
    f.write(
        "content/stories/_index.md",
        "---\ntitle: \"Stories\"\npaginate_by: ten\n---\n",
    );
    fails_at(&f, "content/stories/_index.md:3:", "paginate_by");
    let f = site();
    f.write("site.yaml", &format!("{SITE_YAML}paginate_by: -5\n"));
    fails_at(&f, "site.yaml:8:", "paginate_by");
}

/// A site whose `site.yaml` names two tags in other languages.
fn tagged_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!(
            "{SITE_YAML}tags:\n  education: {{ hi: शिक्षा, ur: تعلیم }}\n  livelihood:\n    hi: रोज़गार\n"
        ),
    );
    f.write("content/_index.md", &page("Home", "Welcome."));
    let story = |title: &str, tags: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2026-09-01\n{tags}consent:\n  recorded: 2026-08-01\n  by: \"Unit coordinator\"\n  scope: [web]\n---\n\nThe story of {title}.\n"
        )
    };
    f.write(
        "content/stories/rekha.md",
        &story("Rekha", "tags: [education, livelihood]\n"),
    );
    // Translations that take the original's tags.
    f.write("content/stories/rekha.hi.md", &story("रेखा", ""));
    f.write("content/stories/rekha.ur.md", &story("ریکھا", ""));
    f.write(
        "content/stories/sana.ur.md",
        &story("ثنا", "tags: [جنگ, ٹیکس]\n"),
    );
    // A Hindi story that writes the tag in Hindi: the same tag.
    f.write(
        "content/stories/meera.hi.md",
        &story("मीरा", "tags: [शिक्षा]\n"),
    );
    f
}

#[test]
fn a_tag_has_its_name_and_address_in_each_language() {
    let f = tagged_site();
    build_ok(&f);
    let hindi = f.read("hi/stories/rekha/index.html");
    assert!(
        hindi.contains("<a href=/hi/tags/शिक्षा/>शिक्षा</a>"),
        "{hindi}"
    );
    assert!(
        hindi.contains("<a href=/hi/tags/रोज़गार/>रोज़गार</a>"),
        "{hindi}"
    );
    // One Hindi tag page for both stories, whichever way they wrote it.
    let tag = f.read("hi/tags/शिक्षा/index.html");
    assert!(tag.contains("/hi/stories/rekha/") && tag.contains("/hi/stories/meera/"));
    assert!(!f.exists("hi/tags/education/index.html"));
    // Its translations are the same tag at each language's address.
    let links = alternates(&tag);
    for alternate in [
        "en https://example.org/tags/education/",
        "hi https://example.org/hi/tags/शिक्षा/",
        "ur https://example.org/ur/tags/تعلیم/",
    ] {
        assert!(links.contains(&alternate.to_string()), "{links:?}");
    }
    assert!(attrs(&tag, "a", "href").contains(&"/ur/tags/تعلیم/".to_string()));
    // The tag list shows the names too.
    let list = f.read("hi/tags/index.html");
    assert!(
        list.contains(">शिक्षा</a> <span class=count>(२)</span>"),
        "{list}"
    );
}

#[test]
fn a_tag_no_one_has_named_keeps_its_language_and_check_lists_it() {
    let f = tagged_site();
    build_ok(&f);
    // No Urdu name for `livelihood`: shown as written, marked English.
    let urdu = f.read("ur/stories/rekha/index.html");
    assert!(
        urdu.contains("<a href=/ur/tags/livelihood/ lang=en>livelihood</a>"),
        "{urdu}"
    );
    assert!(urdu.contains(">تعلیم</a>"), "{urdu}");
    let tag = f.read("ur/tags/livelihood/index.html");
    assert!(tag.contains("<span lang=en>livelihood</span>"), "{tag}");
    // The Urdu index runs in Urdu order: ٹ after ت and before ج (by code
    // point it would come after every letter of Arabic).
    let list = f.read("ur/tags/index.html");
    let at = |name: &str| {
        list.find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name}: {list}"))
    };
    assert!(at("تعلیم") < at("ٹیکس") && at("ٹیکس") < at("جنگ"), "{list}");
    // English names need no mark on English pages.
    let english = f.read("stories/rekha/index.html");
    assert!(
        english.contains("<a href=/tags/livelihood/>livelihood</a>"),
        "{english}"
    );
    let report = awaaz::check_on(
        f.root(),
        &BuildOptions {
            no_pdf: true,
            ..BuildOptions::default()
        },
        awaaz::content::date::Date::parse("2026-12-01").unwrap(),
    );
    let warned: Vec<String> = warnings(&report)
        .into_iter()
        .filter(|w| w.contains("in another language"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].starts_with(
            "site.yaml:8:6: warning: `ur` pages show 1 tag in another language: livelihood"
        ),
        "{warned:?}"
    );
}

#[test]
fn a_tag_named_in_a_language_the_site_does_not_have_is_an_error_at_its_line() {
    let f = tagged_site();
    f.write(
        "site.yaml",
        &format!("{SITE_YAML}tags:\n  education:\n    hi: शिक्षा\n    bn: শিক্ষা\n"),
    );
    fails_at(&f, "site.yaml:11:9:", "`bn`");
}

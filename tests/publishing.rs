//! What gets published where: drafts, consent scope, withdrawal, kinds,
//! translations, templates, and the pages every site has.

mod common;

use awaaz::BuildOptions;
use common::*;

#[test]
fn drafts_are_published_only_with_drafts_flag() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/plan.md",
        "---\ntitle: Secret plan DRAFTMARK\ndate: 2026-10-01\ndraft: true\n---\n",
    );
    f.build_ok();
    assert!(!f.exists("plan/index.html"));
    assert_nowhere(&f.out(), "DRAFTMARK");
    assert_ok(&f.build_with(BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    }));
    assert!(f.read("plan/index.html").contains("Secret plan DRAFTMARK"));
}

#[test]
fn withdrawn_story_appears_nowhere() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/stories/kept.md",
        &story("Kept story", "tags: [courage]\n"),
    );
    f.write(
        "content/stories/gone.md",
        &story("WITHDRAWNMARK story", "tags: [courage]\nwithdrawn: true\n"),
    );
    // Withdrawn in the original withdraws the translation too, even though
    // the translation itself does not say so.
    f.write(
        "content/stories/gone.hi.md",
        "---\ntitle: \"WITHDRAWNMARK कहानी\"\n---\n\nकहानी\n",
    );
    f.build_ok();
    assert!(f.exists("stories/kept/index.html"));
    assert_nowhere(&f.out(), "WITHDRAWNMARK");
    assert_nowhere(&f.out(), "stories/gone");
}

#[test]
fn withdrawal_in_a_translation_withdraws_every_language() {
    let f = Fixture::new();
    f.write("content/stories/gone.md", &story("WITHDRAWNMARK", ""));
    f.write(
        "content/stories/gone.ur.md",
        "---\ntitle: \"WITHDRAWNMARK اردو\"\nwithdrawn: true\n---\n",
    );
    f.build_ok();
    assert_nowhere(&f.out(), "WITHDRAWNMARK");
}

#[test]
fn print_only_story_is_not_on_the_web() {
    let f = Fixture::new();
    f.write(
        "content/stories/paper.md",
        &story_with_scope("PRINTONLYMARK", "[print]", ""),
    );
    f.build_ok();
    assert_nowhere(&f.out(), "PRINTONLYMARK");
}

#[test]
fn translations_share_consent_and_petition_fields() {
    let f = Fixture::new();
    f.write(
        "content/stories/heera.md",
        &story("Heera", "author: Heera\n"),
    );
    f.write(
        "content/stories/heera.hi.md",
        "---\ntitle: हीरा\n---\n\nहीरा की कहानी\n",
    );
    f.write(
        "content/petitions/water.md",
        "---\ntitle: Water\nto: The Collector\ndemands: [Taps in every lane]\ngoal: 1000\nstatus: open\n---\n",
    );
    f.write(
        "content/petitions/water.hi.md",
        "---\ntitle: पानी\nto: ज़िलाधिकारी\ndemands: [हर गली में नल]\n---\n",
    );
    f.write(
        "content/petitions/water.tallies.csv",
        "date,place,collected_by,count\n2026-07-01,Ward 4,Sakhi,1200\n",
    );
    f.build_ok();
    let hi = f.read("hi/stories/heera/index.html");
    assert!(
        hi.contains("Heera"),
        "the Hindi story should show the author from the original"
    );
    let petition = f.read("hi/petitions/water/index.html");
    assert!(petition.contains("ज़िलाधिकारी"));
    assert!(
        petition.contains("१,२००"),
        "Hindi total in Devanagari digits"
    );
    assert!(
        petition.contains("१,०००"),
        "goal inherited from the original"
    );
}

#[test]
fn section_kind_cascades_to_pages_below() {
    let f = Fixture::new();
    f.write(
        "content/voices/_index.md",
        "---\ntitle: Voices\nkind: story\n---\n",
    );
    f.write("content/voices/a.md", "---\ntitle: No consent here\n---\n");
    let report = f.build();
    let all = errors(&report).join("\n");
    assert!(
        all.contains("content/voices/a.md:1:1: error: this story has no consent record"),
        "{all}"
    );
}

#[test]
fn a_page_can_set_its_own_kind() {
    let f = Fixture::new();
    f.write(
        "content/stories/guide.md",
        "---\ntitle: How we record consent\nkind: page\n---\n",
    );
    f.build_ok();
    assert!(
        f.read("stories/guide/index.html")
            .contains("How we record consent")
    );
}

#[test]
fn site_templates_override_the_theme() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "Hello"));
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=mine>OVERRIDE {{ page.title }}</p>{% endblock content %}",
    );
    f.build_ok();
    assert!(f.read("about/index.html").contains("OVERRIDE About"));
}

#[test]
fn site_i18n_overrides_single_strings() {
    let f = Fixture::new();
    f.write("content/stories/a.md", &story("A", "anonymous: true\n"));
    f.write("i18n/en.yaml", "anonymous: \"Name withheld\"\n");
    f.build_ok();
    let html = f.read("stories/a/index.html");
    assert!(html.contains("Name withheld"));
    assert!(
        html.contains("Skip to content"),
        "other strings still come from the theme"
    );
}

#[test]
fn anonymous_story_shows_anonymous_in_its_language() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        &story("A", "anonymous: true\nauthor: Real Name\n"),
    );
    f.write("content/stories/a.ur.md", "---\ntitle: الف\n---\n");
    f.build_ok();
    assert!(f.read("stories/a/index.html").contains("Anonymous"));
    assert!(!f.read("stories/a/index.html").contains("Real Name"));
    let ur = f.read("ur/stories/a/index.html");
    assert!(
        ur.contains("گمنام") || ur.contains("نامعلوم"),
        "Urdu 'Anonymous' expected"
    );
}

#[test]
fn urls_keep_non_latin_slugs_whole() {
    let f = Fixture::new();
    f.write(
        "content/about.hi.md",
        "---\ntitle: परिचय\nslug: हमारे बारे में\n---\n\n## समाज अभियान\n",
    );
    f.build_ok();
    let html = f.read("hi/हमारे-बारे-में/index.html");
    assert!(html.contains("id=समाज-अभियान"), "{html}");
}

#[test]
fn articles_follow_file_name_order_and_drop_the_number_from_urls() {
    let f = Fixture::new();
    f.write(
        "content/despatch/2026-11/_index.md",
        "---\ntitle: November 2026\ndate: 2026-11-15\nvolume: 3\nnumber: 11\neditors: [Parveen]\n---\n",
    );
    f.write(
        "content/despatch/2026-11/02-rally.md",
        "---\ntitle: Zebra rally\nbyline: the Sakhi group\n---\n",
    );
    f.write(
        "content/despatch/2026-11/01-editorial.md",
        "---\ntitle: Why we write\n---\n",
    );
    f.write(
        "content/despatch/2026-11/10-poem.md",
        "---\ntitle: Alpha poem\npoem: true\n---\nline one\nline two\n",
    );
    f.build_ok();
    let issue = f.read("despatch/2026-11/index.html");
    let order: Vec<usize> = ["Why we write", "Zebra rally", "Alpha poem"]
        .iter()
        .map(|t| issue.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "articles out of order: {order:?}"
    );
    assert!(issue.contains("the Sakhi group"));
    assert!(f.exists("despatch/2026-11/rally/index.html"));
    let poem = f.read("despatch/2026-11/poem/index.html");
    assert!(poem.contains("line one<br>"), "{poem}");
    assert!(
        !f.read("despatch/2026-11/rally/index.html").contains("<br>"),
        "only poems keep line breaks"
    );
    let rally = f.read("despatch/2026-11/rally/index.html");
    assert!(
        rally.contains("rel=prev"),
        "article pages link to their neighbours"
    );
}

#[test]
fn an_issue_needs_volume_number_and_date() {
    let f = Fixture::new();
    f.write(
        "content/despatch/2026-12/_index.md",
        "---\ntitle: December\n---\n",
    );
    let report = f.build();
    let all = errors(&report).join("\n");
    for field in ["`volume`", "`number`", "`date`"] {
        assert!(all.contains(field), "{field} not reported:\n{all}");
    }
}

#[test]
fn every_site_has_404_robots_feed_and_sitemap() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write("content/stories/a.md", &story("A", ""));
    f.build_ok();
    assert!(f.read("404.html").contains("Page not found"));
    assert!(
        f.read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
    roxmltree::Document::parse(&f.read("atom.xml")).expect("feed parses");
    roxmltree::Document::parse(&f.read("sitemap.xml")).expect("sitemap parses");
}

#[test]
fn base_url_path_prefixes_every_link() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &SITE_YAML.replace("https://example.org", "https://example.org/awaaz"),
    );
    f.write(
        "content/_index.md",
        &page("Home", "See [about](about.md) and [stories](/stories/)."),
    );
    f.write("content/about.md", &page("About", ""));
    f.write("content/stories/a.md", &story("A", ""));
    f.build_ok();
    let home = f.read("index.html");
    for href in attrs(&home, "a", "href") {
        if href.starts_with('/') {
            assert!(href.starts_with("/awaaz/"), "{href} misses the base path");
        }
    }
    assert!(home.contains("href=/awaaz/about/"), "{home}");
    assert!(home.contains("href=/awaaz/stories/"));
    assert!(
        f.read("sitemap.xml")
            .contains("<loc>https://example.org/awaaz/about/</loc>")
    );
}

#[test]
fn language_switcher_lists_only_existing_translations() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write("content/about.ur.md", &page("ہمارے بارے میں", ""));
    f.write("content/alone.md", &page("Alone", ""));
    f.build_ok();
    let about = f.read("about/index.html");
    assert_eq!(hreflangs(&about), ["en", "ur", "x-default"]);
    assert!(about.contains("href=/ur/about/"));
    assert!(!about.contains("/hi/about/"));
    let alone = f.read("alone/index.html");
    assert!(
        !alone.contains("class=languages"),
        "no switcher for a page in one language"
    );
    let ur = f.read("ur/about/index.html");
    assert!(ur.contains("<html lang=ur dir=rtl>"), "{}", &ur[..200]);
}

#[test]
fn new_site_scaffold_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["new", "site"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("themes/default/templates/base.html").is_file());
    let report = awaaz::build(&site, &site.join("public"), &BuildOptions::default());
    assert_ok(&report);
    assert!(report.pages >= 40, "only {} pages", report.pages);
    // and it refuses to overwrite
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["new", "site"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(!again.status.success());
}

#[test]
fn new_content_files_have_every_field_and_build() {
    let f = Fixture::new();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
            .arg("--site")
            .arg(f.root())
            .arg("new")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["story", "heera"]);
    run(&["petition", "water"]);
    run(&["issue", "2026-12"]);
    run(&["page", "about"]);
    let story = std::fs::read_to_string(f.root().join("content/stories/heera.md")).unwrap();
    assert!(story.contains("consent:") && story.contains("scope: [web, print]"));
    assert_ok(&f.build_with(BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    }));
    assert!(f.exists("stories/heera/index.html"));
    assert!(f.exists("despatch/2026-12/editorial/index.html"));
}

#[test]
fn new_with_lang_writes_a_draft_translation_with_the_original_fields() {
    let f = Fixture::new();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
            .arg("--site")
            .arg(f.root())
            .arg("new")
            .args(args)
            .output()
            .unwrap()
    };
    f.write(
        "content/stories/asha.md",
        &story("Asha", "author: \"Asha\"\n"),
    );
    assert!(run(&["story", "asha", "--lang", "hi"]).status.success());
    let hindi = std::fs::read_to_string(f.root().join("content/stories/asha.hi.md")).unwrap();
    assert!(hindi.contains("author: \"Asha\""), "{hindi}");
    assert!(hindi.contains("scope: [web, print]"), "{hindi}");
    assert!(hindi.contains("draft: true"), "{hindi}");
    assert!(
        hindi.contains("The story of Asha."),
        "the text to translate over"
    );
    // A draft until the translator is done: not published, then published.
    assert_ok(&f.build());
    assert!(!f.exists("hi/stories/asha/index.html"));
    f.write(
        "content/stories/asha.hi.md",
        &hindi
            .replace("draft: true", "")
            .replace("title: \"Asha\"", "title: \"आशा\""),
    );
    assert_ok(&f.build());
    assert!(f.read("hi/stories/asha/index.html").contains("आशा"));
    // Never overwrites; refuses unknown languages and missing originals.
    let again = run(&["story", "asha", "--lang", "hi"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    let unknown = run(&["story", "asha", "--lang", "xx"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not a language of this site"));
    let missing = run(&["page", "nowhere", "--lang", "ur"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no "));
    assert!(!missing.status.success());
    // An issue: the issue page and each article.
    assert!(run(&["issue", "2026-12"]).status.success());
    let out = run(&["issue", "2026-12", "--lang", "ur"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        f.root()
            .join("content/despatch/2026-12/_index.ur.md")
            .is_file()
    );
    assert!(
        f.root()
            .join("content/despatch/2026-12/01-editorial.ur.md")
            .is_file()
    );
}

const PETITION: &str = "---\ntitle: \"Water & taps\"\ndate: 2026-07-01\nto: The Collector\ndemands: [Taps in every lane, Clean wells]\ngoal: 1000\nstatus: open\ntags: [water]\n---\n\nWhy.\n";

#[test]
fn petition_page_has_demands_bar_share_links_and_paper_note() {
    let f = Fixture::new();
    f.write("content/petitions/water.md", PETITION);
    f.write(
        "content/petitions/water.tallies.csv",
        "date,place,collected_by,count\n2026-07-01,\"Ward 4, Forbesganj\",Sakhi,300\n2026-07-09,online,web form,450\n",
    );
    f.build_ok();
    let html = f.read("petitions/water/index.html");
    assert!(
        html.contains("The Collector")
            && html.contains("Taps in every lane")
            && html.contains("Clean wells")
    );
    assert!(
        html.contains("<strong>750</strong>"),
        "total of the tallies"
    );
    assert!(html.contains("width:75%"), "the bar shows 75% of the goal");
    assert!(html.contains("Ward 4, Forbesganj"));
    let hrefs = attrs(&html, "a", "href");
    let whatsapp = hrefs
        .iter()
        .find(|h| h.starts_with("https://wa.me/?text="))
        .expect("WhatsApp link");
    assert!(
        whatsapp.contains("Water%20%26%20taps%20https%3A%2F%2Fexample.org%2Fpetitions%2Fwater%2F"),
        "{whatsapp}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("mailto:?subject=Water%20%26%20taps"))
    );
    assert!(
        html.contains("value=https://example.org/petitions/water/"),
        "copy-link field"
    );
    assert!(
        sign_forms(&html).is_empty(),
        "no form without petitions.form_action"
    );
    assert!(html.contains("signed on paper"));
}

#[test]
fn sign_form_posts_to_form_action_when_set() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{SITE_YAML}petitions: {{ form_action: \"https://sign.example.org/collect\" }}\n"),
    );
    f.write("content/petitions/water.md", PETITION);
    f.build_ok();
    let html = f.read("petitions/water/index.html");
    assert_eq!(sign_forms(&html), ["https://sign.example.org/collect"]);
    assert!(attrs(&html, "input", "name").contains(&"name".to_string()));
}

#[test]
fn closed_and_won_petitions_have_no_sign_form_and_leave_the_home_page() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{SITE_YAML}petitions: {{ form_action: \"https://x.example/\" }}\n"),
    );
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/petitions/won.md",
        &PETITION
            .replace("status: open", "status: won")
            .replace("Water & taps", "Won petition"),
    );
    f.write(
        "content/petitions/open.md",
        &PETITION.replace("Water & taps", "Open petition"),
    );
    f.build_ok();
    assert!(sign_forms(&f.read("petitions/won/index.html")).is_empty());
    assert!(f.read("petitions/won/index.html").contains("Won"));
    let home = f.read("index.html");
    assert!(
        home.contains("Open petition") && !home.contains("Won petition"),
        "home lists open petitions only"
    );
}

#[test]
fn tag_pages_list_pages_of_their_language() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        &story("Story A", "tags: [Water Rights]\n"),
    );
    f.write("content/stories/a.hi.md", "---\ntitle: कहानी अ\n---\n");
    f.write(
        "content/petitions/water.md",
        PETITION
            .replace("tags: [water]", "tags: [water rights]")
            .as_str(),
    );
    f.build_ok();
    let tag = f.read("tags/water-rights/index.html");
    assert!(
        tag.contains("Story A") && tag.contains("Water & taps"),
        "{tag}"
    );
    assert!(
        tag.contains("<span aria-current=true lang=en dir=ltr>English</span>"),
        "the current language is marked"
    );
    assert!(
        f.read("hi/tags/index.html").contains("(१)"),
        "tag counts in the language's digits"
    );
    let hi = f.read("hi/tags/water-rights/index.html");
    assert!(hi.contains("कहानी अ") && !hi.contains("Story A"));
    assert!(
        f.read("tags/index.html")
            .contains("href=/tags/water-rights/")
    );
    assert!(
        f.read("stories/a/index.html")
            .contains("href=/tags/water-rights/")
    );
}

#[test]
fn home_page_shows_the_latest_issue_and_latest_stories() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Welcome", "Hello readers."));
    f.write(
        "content/stories/old.md",
        &story("Old story", "").replace("2026-09-01", "2026-01-01"),
    );
    f.write(
        "content/stories/new.md",
        &story("New story", "").replace("2026-09-01", "2026-10-01"),
    );
    for (month, day) in [("2026-10", "2026-10-15"), ("2026-11", "2026-11-15")] {
        f.write(
            &format!("content/despatch/{month}/_index.md"),
            &format!("---\ntitle: Issue {month}\ndate: {day}\nvolume: 3\nnumber: 1\n---\n"),
        );
        f.write(
            &format!("content/despatch/{month}/01-a.md"),
            &format!("---\ntitle: Lead of {month}\n---\n"),
        );
    }
    f.build_ok();
    let home = f.read("index.html");
    assert!(home.contains("Issue 2026-11") && home.contains("Lead of 2026-11"));
    assert!(
        !home.contains("Lead of 2026-10"),
        "only the latest issue's articles"
    );
    assert!(
        home.find("New story").unwrap() < home.find("Old story").unwrap(),
        "newest story first"
    );
    let archive = f.read("despatch/index.html");
    assert!(
        archive.find("Issue 2026-11").unwrap() < archive.find("Issue 2026-10").unwrap(),
        "archive newest first"
    );
}

#[test]
fn dates_are_written_in_the_readers_language() {
    let f = Fixture::new();
    f.write(
        "content/stories/a.md",
        &story("A", "").replace("2026-09-01", "2026-11-05"),
    );
    f.write("content/stories/a.hi.md", "---\ntitle: अ\n---\n");
    f.write("content/stories/a.ur.md", "---\ntitle: الف\n---\n");
    f.build_ok();
    assert!(f.read("stories/a/index.html").contains("5 November 2026"));
    assert!(f.read("hi/stories/a/index.html").contains("५ नवंबर २०२६"));
    assert!(f.read("ur/stories/a/index.html").contains("۵ نومبر ۲۰۲۶"));
}

#[test]
fn menu_follows_weight_then_title() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/zebra/_index.md",
        "---\ntitle: Zebra section\nweight: 1\n---\n",
    );
    f.write("content/zebra/a.md", &page("Z page", ""));
    f.write(
        "content/apple.md",
        "---\ntitle: Apple page\nweight: 2\n---\n",
    );
    f.write("content/mango.md", &page("Mango page", ""));
    f.build_ok();
    let home = f.read("index.html");
    let menu = &home[home.find("class=menu").unwrap()..home.find("</nav>").unwrap()];
    let at = |t: &str| {
        menu.find(t)
            .unwrap_or_else(|| panic!("{t} not in the menu"))
    };
    assert!(
        at("Zebra section") < at("Apple page") && at("Apple page") < at("Mango page"),
        "{menu}"
    );
}

#[test]
fn check_reports_problems_and_writes_nothing() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\ndate: 2026-02-30\n---\n",
    );
    let report = awaaz::check(f.root(), &BuildOptions::default());
    assert!(!report.ok());
    assert!(errors(&report)[0].starts_with("content/about.md:3:7"));
    f.write("content/about.md", &page("About", ""));
    let report = awaaz::check(f.root(), &BuildOptions::default());
    assert!(report.ok() && !report.written);
    assert!(!f.out().exists(), "check wrote the site");
}

#[test]
fn interface_strings_fall_back_to_the_default_language() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write("content/about.hi.md", &page("परिचय", ""));
    f.write("i18n/en.yaml", "only_in_english: \"Fallback works\"\n");
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>{{ t(key=\"only_in_english\") }} {{ t(key=\"anonymous\") }}</p>{% endblock content %}",
    );
    f.build_ok();
    let hi = f.read("hi/about/index.html");
    assert!(
        hi.contains("Fallback works"),
        "missing Hindi string falls back to English"
    );
    assert!(
        !hi.contains("Anonymous"),
        "a string Hindi has is used in Hindi"
    );
}

#[test]
fn a_missing_interface_string_is_an_error_naming_the_key() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ t(key=\"no_such_key\") }}{% endblock content %}",
    );
    let report = f.build();
    let all = errors(&report).join("\n");
    assert!(all.contains("no_such_key"), "{all}");
}

#[test]
fn two_pages_at_one_address_is_an_error_naming_both() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write("content/us.md", "---\ntitle: Us\nslug: about\n---\n");
    let report = f.build();
    let all = errors(&report).join("\n");
    assert!(
        all.contains("two pages would be published at /about/"),
        "{all}"
    );
    assert!(
        all.contains("content/about.md") && all.contains("content/us.md"),
        "{all}"
    );
}

#[test]
fn a_site_without_a_home_page_file_still_has_a_home() {
    let f = Fixture::new();
    f.write("content/stories/a.md", &story("A", ""));
    f.build_ok();
    let home = f.read("index.html");
    assert!(
        home.contains("<h1>Test Despatch</h1>"),
        "the home page is titled after the site"
    );
    assert!(home.contains("href=/stories/"));
}

#[test]
fn leftovers_of_an_interrupted_build_are_cleaned_up() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", ""));
    f.write(".public.new-99999/index.html", "half-written");
    f.build_ok();
    assert!(!f.root().join(".public.new-99999").exists());
}

#[test]
fn bom_crlf_and_non_latin_file_names_work() {
    let f = Fixture::new();
    f.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\ndate: 2026-11-01\r\n---\r\n\r\n## First part\r\n\r\nText.\r\n",
    );
    f.write("content/हमारी कहानी.hi.md", &page("हमारी कहानी", "पाठ"));
    f.build_ok();
    let html = f.read("windows/index.html");
    assert!(
        html.contains("<h1>Saved on Windows</h1>") && html.contains("id=first-part"),
        "{html}"
    );
    assert!(f.read("hi/हमारी-कहानी/index.html").contains("पाठ"));
}

#[test]
fn links_to_unpublished_stories_are_errors_naming_the_linking_file() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/stories/gone.md",
        &story("Gone", "withdrawn: true\n"),
    );
    f.write(
        "content/stories/paper.md",
        &story_with_scope("Paper", "[print]", ""),
    );
    f.write("content/stories/later.md", &story("Later", "draft: true\n"));
    f.write("content/stories/gone.hi.md", "---\ntitle: गई\n---\n");
    f.write(
        "content/about.md",
        &page(
            "About",
            "Read [her story](/stories/gone/).\n\nOr [this](stories/gone.md), [that](/stories/paper) and [soon](/stories/later/index.html).",
        ),
    );
    f.write(
        "content/about.hi.md",
        "---\ntitle: परिचय\n---\n\n[कहानी](/hi/stories/gone/)\n",
    );
    let report = f.build();
    assert!(!report.written);
    let e = errors(&report).join("\n");
    for at in [
        "content/about.md:5:6: error: broken link: `/stories/gone/`",
        "content/about.md:7:4: error: broken link: `stories/gone.md`",
        "content/about.md:7:29: error: broken link: `/stories/paper`",
        "content/about.md:7:56: error: broken link: `/stories/later/index.html`",
        "content/about.hi.md:5:1: error: broken link: `/hi/stories/gone/`",
    ] {
        assert!(e.contains(at), "{at}\n{e}");
    }
    assert_eq!(e.matches("is a withdrawn story").count(), 3, "{e}");
    assert!(e.contains("consent covers print only"), "{e}");
    assert!(e.contains("is a draft"), "{e}");
}

#[test]
fn print_only_story_is_in_no_list_tag_feed_or_sitemap() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.write(
        "content/stories/web.md",
        &story("On the web", "tags: [courage]\n"),
    );
    f.write(
        "content/stories/paper.md",
        &story("PRINTONLYMARK", "tags: [courage, PRINTONLYTAG]\n")
            .replace("scope: [web, print]", "scope: [print]"),
    );
    f.build_ok();
    // The lists, tag pages, feed and sitemap exist, without the story.
    for file in [
        "stories/index.html",
        "tags/courage/index.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(f.read(file).contains("/stories/web/"), "{file}");
    }
    assert_nowhere(&f.out(), "PRINTONLYMARK");
    assert_nowhere(&f.out(), "printonlytag");
    assert_nowhere(&f.out(), "stories/paper");
}

/// Where the forms of a page send what is written in them, but for the
/// search form every page has in its header.
fn sign_forms(html: &str) -> Vec<String> {
    attrs(html, "form", "action")
        .into_iter()
        .filter(|a| !a.ends_with("/search/"))
        .collect()
}

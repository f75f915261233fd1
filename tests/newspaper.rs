//! The Despatch on paper, as a photocopy shop takes it: the paper's own
//! name on the masthead, the cover on page 1, whole sheets with no page of
//! a few lines, a folded A5 booklet in saddle-stitch order, and PDF/UA.
//! The issues are the sample site's own articles, in three lengths, in
//! English, Hindi and Urdu. Read back with poppler; CI sets
//! AWAAZ_REQUIRE_POPPLER so these checks never skip there.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site, with the paper renamed, a cover on the November issue,
/// a one-article January issue and a February issue of November's
/// articles twice over; the Urdu section page taken out, so the Urdu issue
/// takes the paper's name from the English one.
fn newspaper_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &std::fs::read_to_string(repo().join("site.yaml")).unwrap(),
    );
    let content = repo().join("content");
    for (rel, bytes) in tree(&content) {
        f.write_bytes(&format!("content/{rel}"), &bytes);
    }
    let section = std::fs::read_to_string(content.join("despatch/_index.md")).unwrap();
    f.write(
        "content/despatch/_index.md",
        &section.replace(
            "title: \"Red Light Despatch\"",
            "title: \"The Kosi Despatch\"",
        ),
    );
    let hindi = std::fs::read_to_string(content.join("despatch/_index.hi.md")).unwrap();
    let hindi_title = hindi
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    f.write(
        "content/despatch/_index.hi.md",
        &hindi.replace(&hindi_title, "title: \"कोसी डिस्पैच\""),
    );
    f.remove("content/despatch/_index.ur.md");

    let november = std::fs::read_to_string(content.join("despatch/2026-11/_index.md")).unwrap();
    f.write(
        "content/despatch/2026-11/_index.md",
        &november.replacen(
            "editors:",
            "cover: cover.jpg\nimage_alt: \"Women of the Sakhi group at the Forbesganj block office\"\neditors:",
            1,
        ),
    );
    f.write_bytes(
        "content/despatch/2026-11/cover.jpg",
        &photos::jpeg(1200, 800),
    );

    for lang in ["", ".hi", ".ur"] {
        let index =
            std::fs::read_to_string(content.join(format!("despatch/2026-11/_index{lang}.md")))
                .unwrap();
        let short = index
            .replace("2026-11-15", "2027-01-15")
            .replace("number: 11", "number: 12");
        f.write(&format!("content/despatch/2027-01/_index{lang}.md"), &short);
        let editorial = std::fs::read_to_string(
            content.join(format!("despatch/2026-11/01-editorial{lang}.md")),
        )
        .unwrap();
        let first_paragraphs: String = editorial
            .split("\n\n")
            .take(4)
            .collect::<Vec<_>>()
            .join("\n\n");
        f.write(
            &format!("content/despatch/2027-01/01-editorial{lang}.md"),
            &format!("{first_paragraphs}\n"),
        );

        f.write(
            &format!("content/despatch/2027-02/_index{lang}.md"),
            &index
                .replace("2026-11-15", "2027-02-15")
                .replace("number: 11", "number: 1"),
        );
    }
    for (name, text) in tree(&content.join("despatch/2026-11")) {
        if name.starts_with("_index") || !name.ends_with(".md") {
            continue;
        }
        for copy in ["a", "b"] {
            f.write_bytes(&format!("content/despatch/2027-02/{copy}-{name}"), &text);
        }
    }
    f
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Where the two columns of the last page of `pdf` end, first then
/// second (the first is on the right when `rtl`), in points from the top:
/// the lowest line within each half of the page, above the footer and,
/// when the back box crosses the foot of the page, above the box. The
/// box is found by the issue's address, `url`, printed in it.
fn column_ends(pdf: &Path, rtl: bool, url: &str) -> (f64, f64) {
    let n = page_count(pdf).to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let number = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let page = xml.split("<page ").nth(1).unwrap();
    let (width, height) = (number(page, "width"), number(page, "height"));
    let middle = width / 2.0;
    let lines: Vec<(f64, f64, f64, f64, &str)> = page
        .split("<line ")
        .skip(1)
        .map(|l| {
            let words = l.split("</line>").next().unwrap();
            (
                number(l, "xMin"),
                number(l, "yMin"),
                number(l, "xMax"),
                number(l, "yMax"),
                words,
            )
        })
        .collect();
    // The footer is below the bottom margin (20 mm).
    let mut floor = height - 56.0;
    if let Some(&(_, url_top, _, y1, _)) = lines.iter().find(|l| l.4.contains(url)) {
        // Across the page, the box's message runs over the middle.
        let across = lines.iter().any(|&(x0, y0, x1, _, _)| {
            y0 < url_top && y0 > url_top - 60.0 && x0 < middle && x1 > middle
        });
        if across {
            // The QR code is 3 cm tall, the address at the foot of its text.
            floor = floor.min(y1 - 100.0);
        }
    }
    let (mut left, mut right) = (0.0f64, 0.0f64);
    for &(x0, y0, x1, y1, _) in &lines {
        if y0 > floor {
            continue;
        }
        if x1 <= middle + 2.0 {
            left = left.max(y1);
        } else if x0 >= middle - 2.0 {
            right = right.max(y1);
        }
    }
    if rtl { (right, left) } else { (left, right) }
}

/// Whether the last article of an issue in `lang` is a poem.
fn ends_with_poem(f: &Fixture, month: &str, lang: &str) -> bool {
    let suffix = if lang == "en" {
        ".md".to_string()
    } else {
        format!(".{lang}.md")
    };
    let folder = f.root().join(format!("content/despatch/{month}"));
    let mut articles: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("_index") && n.ends_with(&suffix))
        .filter(|n| lang != "en" || n.matches('.').count() == 1)
        .collect();
    articles.sort();
    articles.last().is_some_and(|last| {
        std::fs::read_to_string(folder.join(last))
            .unwrap()
            .contains("poem: true")
    })
}

fn issue_pdf(f: &Fixture, month: &str, lang: &str) -> PathBuf {
    let prefix = if lang == "en" {
        String::new()
    } else {
        format!("{lang}/")
    };
    f.out().join(format!(
        "{prefix}despatch/{month}/despatch-{month}-{lang}.pdf"
    ))
}

#[test]
fn issues_end_on_whole_sheets_with_no_page_of_a_few_lines() {
    let f = newspaper_site();
    let report = f.build_ok();
    if !poppler() {
        return;
    }
    let mut seen = Vec::new();
    let mut columns = Vec::new();
    for month in ["2027-01", "2026-11", "2027-02"] {
        for lang in ["en", "hi", "ur"] {
            let pdf = issue_pdf(&f, month, lang);
            let n = page_count(&pdf);
            seen.push(format!("{month} {lang}: {n}"));
            assert!(
                n == 1 || n.is_multiple_of(2),
                "{month} ({lang}) has {n} pages"
            );
            let words: Vec<usize> = (1..=n)
                .map(|p| page_text(&pdf, p).split_whitespace().count())
                .collect();
            let mut sorted = words.clone();
            sorted.sort_unstable();
            let median = sorted[sorted.len() / 2];
            for (i, &w) in words.iter().enumerate() {
                // A page of open petitions added to end on a whole sheet is
                // set apart on purpose.
                let petitions = i + 1 == n
                    && report.fitted.iter().any(|l| {
                        l.starts_with(&format!("despatch/{month} ({lang}):"))
                            && l.contains("petitions added")
                    });
                assert!(
                    petitions || w * 3 >= median,
                    "{month} ({lang}) page {} holds {w} words; the median page {median}: {words:?}",
                    i + 1
                );
            }
            let line = report
                .fitted
                .iter()
                .find(|l| l.starts_with(&format!("despatch/{month} ({lang}): {n} page")))
                .unwrap_or_else(|| {
                    panic!(
                        "no fitting report for {month} ({lang}): {:?}",
                        report.fitted
                    )
                });
            assert!(line.contains("fitted"), "{line}");
            // The last page's columns end at about the same height (when
            // the issue ends in columns, not with a poem across the page).
            if ends_with_poem(&f, month, lang) {
                continue;
            }
            let (first, second) = column_ends(&pdf, lang == "ur", &format!("despatch/{month}/"));
            assert!(
                (first - second).abs() < 100.0,
                "{month} ({lang}): the last page's columns end at {first:.0} and {second:.0} pt"
            );
            columns.push((first, second));
        }
    }
    // Both columns were measured: neither ends at the top of the page.
    assert!(
        columns.iter().all(|&(a, b)| a > 150.0 && b > 150.0),
        "{columns:?}"
    );
    // The three lengths really are three: one page, a few, many.
    assert!(page_count(&issue_pdf(&f, "2027-01", "en")) == 1, "{seen:?}");
    assert!(page_count(&issue_pdf(&f, "2027-02", "en")) >= 6, "{seen:?}");
}

#[test]
fn the_masthead_is_the_papers_own_name_in_each_language() {
    let f = newspaper_site();
    f.build_ok();
    // The web issue page shows it too.
    assert!(
        f.read("despatch/2026-11/index.html")
            .contains("The Kosi Despatch")
    );
    if !poppler() {
        return;
    }
    let front = |lang| page_text(&issue_pdf(&f, "2026-11", lang), 1);
    assert!(front("en").contains("The Kosi Despatch"), "{}", front("en"));
    assert!(
        !front("en").contains("Red Light Despatch"),
        "{}",
        front("en")
    );
    assert!(front("hi").contains("कोसी डिस्पैच"), "{}", front("hi"));
    // No Urdu section page: the Urdu issue inherits the English name.
    assert!(front("ur").contains("The Kosi Despatch"), "{}", front("ur"));
}

#[test]
fn the_cover_photo_prints_on_page_one_in_grey() {
    let f = newspaper_site();
    f.build_ok();
    if !poppler() {
        return;
    }
    let pdf = issue_pdf(&f, "2026-11", "en");
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    let on_first: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().next() == Some("1"))
        .collect();
    // One colour component: grey.
    assert!(
        on_first
            .iter()
            .any(|l| l.split_whitespace().nth(6) == Some("1")),
        "no grey image on page 1:\n{list}"
    );
    // The January issue has no cover: nothing but the QR code is drawn.
    let january = issue_pdf(&f, "2027-01", "en");
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&january)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().skip(2).count(),
        0
    );
}

#[test]
fn the_booklet_is_a5_two_to_a_side_in_saddle_stitch_order() {
    let f = newspaper_site();
    f.build_ok();
    let html = f.read("despatch/2027-02/index.html");
    assert!(html.contains("despatch-2027-02-en-booklet.pdf"), "{html}");
    assert!(html.contains("Print as a folded booklet"), "{html}");
    if !poppler() {
        return;
    }
    let pdf = f
        .out()
        .join("despatch/2027-02/despatch-2027-02-en-booklet.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Page size:       839.055 x 595.276 pts"),
        "{info}"
    );
    let sides = page_count(&pdf);
    assert!(sides.is_multiple_of(2), "{sides} sides");
    let a5_pages = sides * 2;
    assert!(a5_pages.is_multiple_of(4));
    // The page number printed at the foot of each half of each side.
    let number_on = |side: usize, right: bool| {
        let n = side.to_string();
        let x = if right { "421" } else { "0" };
        let out = Command::new("pdftotext")
            .args([
                "-f", &n, "-l", &n, "-x", x, "-y", "540", "-W", "418", "-H", "55",
            ])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .last()
            .and_then(|w| w.parse::<usize>().ok())
    };
    let mut order = Vec::new();
    for side in 1..=sides {
        order.push((number_on(side, false), number_on(side, true)));
    }
    // Sheet s (from 0): front last − 2s | 1 + 2s, back 2 + 2s | last − 1 − 2s;
    // the blank pages at the end carry no number.
    for (i, (left, right)) in order.iter().enumerate() {
        let sheet = i / 2;
        let (l, r) = if i % 2 == 0 {
            (a5_pages - 2 * sheet, 1 + 2 * sheet)
        } else {
            (2 + 2 * sheet, a5_pages - 1 - 2 * sheet)
        };
        for (got, want) in [(left, l), (right, r)] {
            assert!(
                got.is_none() || *got == Some(want),
                "side {} has page {got:?} where page {want} belongs: {order:?}",
                i + 1
            );
        }
    }
    assert_eq!(order[0].1, Some(1), "{order:?}");

    // An Urdu booklet folds the other way: its front cover, page 1 with
    // the masthead, is the left half of the first side.
    let urdu = f
        .out()
        .join("ur/despatch/2027-02/despatch-2027-02-ur-booklet.pdf");
    let top_of = |x: &str| {
        let out = Command::new("pdftotext")
            .args([
                "-f", "1", "-l", "1", "-x", x, "-y", "0", "-W", "418", "-H", "90",
            ])
            .arg(&urdu)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(top_of("0").contains("The Kosi Despatch"), "{}", top_of("0"));
    assert!(
        !top_of("421").contains("The Kosi Despatch"),
        "{}",
        top_of("421")
    );
}

#[test]
fn every_pdf_but_the_booklet_claims_pdf_ua_1_and_is_tagged() {
    let f = newspaper_site();
    f.build_ok();
    let pdfs: Vec<(String, Vec<u8>)> = tree(&f.out())
        .into_iter()
        .filter(|(path, _)| path.ends_with(".pdf"))
        .collect();
    assert!(pdfs.len() > 20);
    for (pdf, bytes) in pdfs {
        let text = String::from_utf8_lossy(&bytes);
        let booklet = pdf.ends_with("-booklet.pdf");
        let ua =
            text.contains("<pdfuaid:part>1</pdfuaid:part>") || text.contains("pdfuaid:part=\"1\"");
        let tagged = text.contains("/StructTreeRoot");
        if booklet {
            assert!(!ua, "{pdf} claims PDF/UA but holds pages out of order");
        } else {
            assert!(ua && tagged, "{pdf} is not PDF/UA-1");
        }
    }
}

#[test]
fn a_new_tally_typesets_again_only_what_prints_the_petitions() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &std::fs::read_to_string(repo().join("site.yaml")).unwrap(),
    );
    for (rel, bytes) in tree(&repo().join("content")) {
        f.write_bytes(&format!("content/{rel}"), &bytes);
    }
    let first = f.build_ok();
    let tallies = "content/petitions/end-demand.tallies.csv";
    let mut rows = std::fs::read_to_string(f.root().join(tallies)).unwrap();
    rows.push_str("2026-11-20,Forbesganj market,Sakhi group,55\n");
    f.write(tallies, &rows);
    let again = f.build_ok();
    // Only the issues (and booklets) whose added page prints its total;
    // its signature sheets print no total.
    let with_petitions = first
        .fitted
        .iter()
        .filter(|l| l.contains("petitions added"))
        .count();
    assert!(with_petitions >= 1, "{:?}", first.fitted);
    assert_eq!(
        again.pdfs_typeset, with_petitions,
        "of {} PDFs: {:?}",
        again.pdfs, first.fitted
    );
    assert!(again.pdfs_typeset < again.pdfs);
}

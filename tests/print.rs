//! PDFs: Despatch issues, stories and petition signature sheets, read back
//! with poppler (`pdftotext`, `pdffonts`) the way a volunteer's computer
//! would. Without poppler the text checks use the text awaaz records for
//! each PDF; CI sets AWAAZ_REQUIRE_POPPLER so poppler is never skipped there.

mod common;

use std::path::Path;
use std::process::Command;

use awaaz::BuildOptions;
use common::*;

/// The text of a PDF (all pages, or one), as pdftotext reads it.
fn pdf_text(path: &Path, page: Option<usize>) -> String {
    assert!(path.exists(), "no PDF at {}", path.display());
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
    if !poppler() {
        eprintln!(
            "poppler not installed: skipping pdftotext for {}",
            path.display()
        );
        return String::new();
    }
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-raw");
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = cmd.arg(path).arg("-").output().unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts each of `words` is in `text` (when poppler could read it).
fn assert_has(text: &str, words: &[&str], what: &str) {
    if text.is_empty() && !poppler() {
        return;
    }
    for w in words {
        assert!(
            text.contains(w),
            "`{w}` is not in the text of {what}:\n{text}"
        );
    }
}

const ISSUE_INDEX: &str = "---\ntitle: \"November 2026\"\ndate: 2026-11-15\nvolume: 3\nnumber: 11\neditors: [\"Parveen Khatoon\"]\n---\n\nRead it, print it, read it aloud.\n";

fn issue_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/despatch/2026-11/_index.md", ISSUE_INDEX);
    f.write(
        "content/despatch/2026-11/01-editorial.md",
        "---\ntitle: \"A win, and the work after it\"\nbyline: \"the editors\"\n---\n\nThis month we print a word we do not often print: *won*. See [the petition](https://example.org/petitions/end-demand/).\n\n## What comes next\n\nThe shelter must still open.\n",
    );
    f.write(
        "content/despatch/2026-11/02-poem.md",
        "---\ntitle: \"Count us\"\nbyline: \"Shabnam, Delhi\"\npoem: true\n---\n\nNot the way the agent counts\nby the head, by the price,\nby the hour.\n",
    );
    f.write(
        "content/despatch/2026-11/03-rights.md",
        "---\ntitle: \"Know your rights\"\nbyline: \"the Ujala group\"\n---\n\n| When | Your right |\n|---|---|\n| At night | No arrest of a woman after sunset |\n\n1. Ask for the FIR.\n2. Ask for a woman officer.\n",
    );
    f.write(
        "content/despatch/2026-11/_index.hi.md",
        "---\ntitle: \"नवंबर २०२६\"\n---\n\nपढ़िए, छापिए, पढ़कर सुनाइए।\n",
    );
    f.write(
        "content/despatch/2026-11/01-editorial.hi.md",
        "---\ntitle: \"एक जीत, और उसके बाद का काम\"\nbyline: \"संपादक मंडल\"\n---\n\nइस महीने हम एक ऐसा शब्द छाप रही हैं जो हम कम ही छापने को मिलता है: जीत। ज़्यादातर औरतों ने हस्ताक्षर किए। क्षेत्र की श्रमिक बहनें साथ आईं।\n",
    );
    f
}

#[test]
fn an_issue_prints_masthead_articles_in_order_and_the_back_box() {
    let f = issue_site();
    let report = f.build_ok();
    assert_eq!(report.pdfs, 4, "an issue and its booklet per language");
    let pdf = f.out().join("despatch/2026-11/despatch-2026-11-en.pdf");
    let text = pdf_text(&pdf, None);
    assert_has(
        &text,
        &[
            "Red Light Despatch",
            "Volume 3",
            "Number 11",
            "15 November 2026",
            "Parveen Khatoon",
            "Read it, print it, read it aloud.",
            "A win, and the work after it",
            "the editors",
            "What comes next",
            "Count us",
            "Shabnam, Delhi",
            "Know your rights",
            "No arrest of a woman after sunset",
            "Ask for the FIR.",
            // A link prints its address in a footnote.
            "https://example.org/petitions/end-demand/",
            "Please pass this paper on",
            "https://example.org/despatch/2026-11/",
        ],
        "the English issue",
    );
    if poppler() {
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(at("A win, and the work after it") < at("Count us"));
        assert!(at("Count us") < at("Know your rights"));
        // The poem keeps the author's lines.
        assert!(
            text.contains("Not the way the agent counts\nby the head, by the price,"),
            "{text}"
        );
        // Page numbers in the footer.
        let last = page_count(&pdf);
        let footer = pdf_text(&pdf, Some(last));
        assert!(footer.contains(&last.to_string()), "{footer}");
    }
    let hindi = pdf_text(
        &f.out().join("hi/despatch/2026-11/despatch-2026-11-hi.pdf"),
        None,
    );
    assert_has(
        &hindi,
        &[
            "रेड लाइट डिस्पैच",
            "खंड ३",
            "अंक ११",
            "१५ नवंबर २०२६",
            "एक जीत, और उसके बाद का काम",
            "संपादक मंडल",
            "ज़्यादातर",
            "हस्ताक्षर",
            "क्षेत्र",
            "श्रमिक",
            // A vowel sign drawn below its letter once cut the word in
            // two for pdftotext (कृ पया); mend.rs keeps it whole.
            "कृपया यह अख़बार आगे बढ़ाएँ",
        ],
        "the Hindi issue",
    );
    // Only the articles written in Hindi are in the Hindi issue.
    if poppler() {
        assert!(!hindi.contains("Count us"), "{hindi}");
    }
}

#[test]
fn pages_link_their_pdf_in_the_head_and_visibly_with_its_size() {
    let f = issue_site();
    f.build_ok();
    let html = f.read("despatch/2026-11/index.html");
    let href = "/despatch/2026-11/despatch-2026-11-en.pdf";
    let pdf_link = html
        .split("<link ")
        .find(|l| l.contains("type=application/pdf"))
        .unwrap_or_else(|| panic!("no PDF link in the head: {html}"));
    assert!(pdf_link.contains(&format!("href={href} ")), "{pdf_link}");
    assert!(pdf_link.contains("rel=alternate"), "{pdf_link}");
    let size = std::fs::metadata(f.out().join(href.trim_start_matches('/')))
        .unwrap()
        .len();
    let kb = size.div_ceil(1024);
    assert!(
        html.contains(&format!("{kb} KB")),
        "size {kb} KB not shown: {html}"
    );
    assert!(html.contains("Print this issue"));
    // The Hindi page shows its size in Hindi digits.
    let hindi = f.read("hi/despatch/2026-11/index.html");
    let hi_size = std::fs::metadata(f.out().join("hi/despatch/2026-11/despatch-2026-11-hi.pdf"))
        .unwrap()
        .len()
        .div_ceil(1024);
    let digits: String = hi_size
        .to_string()
        .chars()
        .map(|c| {
            "०१२३४५६७८९"
                .chars()
                .nth(c.to_digit(10).unwrap() as usize)
                .unwrap()
        })
        .collect();
    assert!(hindi.contains(&format!("{digits} KB")), "{hindi}");
    // Pages without a PDF have no PDF link.
    assert!(!f.read("index.html").contains("application/pdf"));
}

#[test]
fn stories_are_printed_only_with_print_consent_and_never_name_an_anonymous_author() {
    let f = Fixture::new();
    f.write(
        "content/stories/both.md",
        &story_with_scope("Both ways", "[web, print]", "author: \"Kamala\"\n"),
    );
    f.write(
        "content/stories/web-only.md",
        &story_with_scope("Web only", "[web]", ""),
    );
    f.write(
        "content/stories/paper-only.md",
        &story_with_scope(
            "Paper only",
            "[print]",
            "author: \"Rina Real Name\"\nanonymous: true\n",
        ),
    );
    let report = f.build_ok();
    assert_eq!(report.pdfs, 2);
    assert_has(
        &pdf_text(&f.out().join("stories/both/both-en.pdf"), None),
        &[
            "Both ways",
            "By Kamala",
            "1 September 2026",
            "The story of Both ways.",
        ],
        "a story with web and print consent",
    );
    assert!(!f.exists("stories/web-only/web-only-en.pdf"));
    assert!(
        tree(&f.out())
            .keys()
            .all(|p| !p.contains("web-only") || !p.ends_with(".pdf"))
    );
    // Print only: no web page, no PDF on the web; the PDF goes to print-only/.
    assert!(!f.exists("stories/paper-only/index.html"));
    assert!(tree(&f.out()).keys().all(|p| !p.contains("paper-only")));
    let print_only = f
        .out()
        .with_file_name("print-only/stories/paper-only-en.pdf");
    let text = pdf_text(&print_only, None);
    assert_has(&text, &["Paper only", "Anonymous"], "a print-only story");
    if poppler() {
        assert!(
            !text.contains("Rina Real Name"),
            "an anonymous author was printed"
        );
        assert!(
            !text.contains("example.org"),
            "a print-only story points to the web"
        );
    }
}

#[test]
fn a_withdrawn_story_loses_its_pdfs_on_the_next_build() {
    let f = Fixture::new();
    f.write("content/stories/asha.md", &story("Asha", ""));
    f.write(
        "content/stories/rina.md",
        &story_with_scope("Rina", "[print]", ""),
    );
    f.build_ok();
    assert!(f.exists("stories/asha/asha-en.pdf"));
    assert!(
        f.out()
            .with_file_name("print-only/stories/rina-en.pdf")
            .exists()
    );
    f.write(
        "content/stories/asha.md",
        &story("Asha", "withdrawn: true\n"),
    );
    f.write(
        "content/stories/rina.md",
        &story_with_scope("Rina", "[print]", "withdrawn: true\n"),
    );
    f.build_ok();
    assert!(tree(&f.out()).keys().all(|p| !p.contains("asha")));
    assert!(tree(&f.out().with_file_name("print-only")).is_empty());
}

#[test]
fn a_petition_sheet_has_demands_and_numbered_rows_on_every_page() {
    let f = Fixture::new();
    let petition = "---\ntitle: \"Punish the buyer, not the woman\"\nto: \"Members of Parliament\"\ndemands:\n  - \"Make buying sex a crime.\"\n  - \"Repeal the laws that punish women.\"\n  - \"Fund a real way out.\"\ngoal: 20000\nstatus: open\n---\n\nSign it.\n";
    f.write("content/petitions/end-demand.md", petition);
    f.write(
        "content/petitions/end-demand.hi.md",
        "---\ntitle: \"सज़ा ख़रीदार को, औरत को नहीं\"\nto: \"माननीय सांसदगण\"\ndemands:\n  - \"पैसे देकर यौन ख़रीद को अपराध घोषित किया जाए।\"\n  - \"औरतों को सज़ा देने वाली धाराएँ ख़त्म हों।\"\n---\n\nहस्ताक्षर करें।\n",
    );
    f.write(
        "content/petitions/end-demand.ur.md",
        "---\ntitle: \"سزا خریدار کو، عورت کو نہیں\"\nto: \"معزز اراکینِ پارلیمان\"\ndemands:\n  - \"پیسے دے کر جنسی خرید کو جرم قرار دیا جائے، تاکہ قانون کے سامنے جواب خریدار دے، عورت نہیں۔\"\n  - \"جسم فروشی میں پھنسی عورتوں کو گاہک بلانے پر سزا دینے والی تمام دفعات ختم کی جائیں، اور ان کے پرانے ریکارڈ مٹائے جائیں۔\"\n  - \"باہر نکلنے کی سچی راہ کے لیے رقم مختص کی جائے: رہائش، بچوں کی تعلیم، تربیت اور روزگار۔\"\n---\n\nدستخط کریں۔\n",
    );
    f.write(
        "content/petitions/closed.md",
        &petition
            .replace("status: open", "status: won")
            .replace("Punish the buyer", "Won already"),
    );
    let report = f.build_ok();
    assert_eq!(report.pdfs, 3, "closed petitions take no more signatures");
    let pdf = f
        .out()
        .join("petitions/end-demand/end-demand-signatures-en.pdf");
    let text = pdf_text(&pdf, None);
    assert_has(
        &text,
        &[
            "Punish the buyer, not the woman",
            "To: Members of Parliament",
            "Our demands",
            "Make buying sex a crime.",
            "Repeal the laws that punish women.",
            "Fund a real way out.",
            "Name",
            "Village or ward",
            "Signature or thumbprint",
            "Collected by",
        ],
        "the signature sheet",
    );
    if poppler() {
        let rows = |page: &str| {
            page.lines()
                .filter(|l| l.trim().parse::<u32>().is_ok_and(|n| (1..=40).contains(&n)))
                .count()
        };
        let pages = page_count(&pdf);
        for n in 1..=pages {
            let page = pdf_text(&pdf, Some(n));
            assert!(
                rows(&page) >= 15,
                "page {n} has {} rows:\n{page}",
                rows(&page)
            );
        }
        for n in [1, 15, 40] {
            assert!(
                text.lines().any(|l| l.trim() == n.to_string()),
                "row {n} missing"
            );
        }
    }
    let hindi = pdf_text(
        &f.out()
            .join("hi/petitions/end-demand/end-demand-signatures-hi.pdf"),
        None,
    );
    assert_has(
        &hindi,
        &[
            "सज़ा ख़रीदार को, औरत को नहीं",
            "माननीय सांसदगण",
            "पैसे देकर यौन ख़रीद को अपराध घोषित किया जाए।",
            "हस्ताक्षर या अँगूठे का निशान",
            "गाँव या वार्ड",
            "४०",
        ],
        "the Hindi signature sheet",
    );
    let html = f.read("petitions/end-demand/index.html");
    assert!(html.contains("end-demand-signatures-en.pdf"), "{html}");
}

#[test]
fn pdfs_embed_subset_fonts_and_are_the_same_bytes_every_build() {
    let f = issue_site();
    let first = f.build_ok();
    assert_eq!(
        first.pdfs_typeset, 4,
        "an issue and its booklet per language"
    );
    let pdf = f.out().join("hi/despatch/2026-11/despatch-2026-11-hi.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    // Every output: the PDFs, their pages as pictures, the share images.
    let files = tree(&f.out());
    assert!(
        files.contains_key("hi/despatch/2026-11/despatch-2026-11-hi-page-1.png")
            || files.contains_key("hi/despatch/2026-11/despatch-2026-11-hi-page-1.jpg"),
        "{:?}",
        files.keys().collect::<Vec<_>>()
    );
    // Typeset again from nothing: the same bytes.
    std::fs::remove_dir_all(f.root().join(".awaaz-cache")).unwrap();
    let again = f.build_ok();
    assert_eq!(again.pdfs_typeset, 4);
    assert_eq!(
        bytes,
        std::fs::read(&pdf).unwrap(),
        "the PDF changed between builds"
    );
    assert!(
        tree(&f.out()) == files,
        "the outputs changed between builds"
    );
    // Unchanged: taken from the cache, not typeset.
    let cached = f.build_ok();
    assert_eq!(cached.pdfs_typeset, 0);
    assert_eq!(bytes, std::fs::read(&pdf).unwrap());
    assert!(tree(&f.out()) == files, "the cached outputs differ");
    // A changed article typesets its issue (and booklet) again, and only that.
    f.write(
        "content/despatch/2026-11/01-editorial.hi.md",
        "---\ntitle: \"नया शीर्षक\"\nbyline: \"संपादक मंडल\"\n---\n\nनया पाठ।\n",
    );
    assert_eq!(f.build_ok().pdfs_typeset, 2);
    if poppler() {
        let out = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let table = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = table.lines().skip(2).collect();
        assert!(
            fonts.iter().any(|l| l.contains("NotoSerifDevanagari")),
            "{table}"
        );
        for line in fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "not embedded and subset: {line}"
            );
        }
    }
}

#[test]
fn no_pdf_skips_pdfs_and_their_links() {
    let f = issue_site();
    let report = f.build_with(BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    });
    assert_ok(&report);
    assert_eq!(report.pdfs, 0);
    assert!(tree(&f.out()).keys().all(|p| !p.ends_with(".pdf")));
    assert!(
        !f.read("despatch/2026-11/index.html")
            .contains("application/pdf")
    );
}

/// Bodies that are Typst code, or that break Markdown and Typst alike.
const HOSTILE: [&str; 12] = [
    "#set page(fill: red)\n#panic(\"boom\")",
    "#import \"/etc/passwd\"\n#read(\"/etc/passwd\")",
    "$x^2$ and $$ unbalanced $",
    "[unclosed *strong _emph `code",
    "\\ \\\\ \\# \\$ ] ] [[ ]] {{ }} @label <label> = heading",
    "```typst\n#let x = 1\n```",
    "- a\n  - b\n    - c\n      - d\n        > quote\n        > > deeper",
    "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |",
    "Footnote[^n] and again[^n] and missing[^x].\n\n[^n]: Note with [a link](https://e.org/) and a self reference[^n].",
    "<div>raw <b>html</b></div>\n\n<!-- comment --> text <span>inline</span>",
    "![](missing-alt-and-file.png)",
    // Controls and invisible characters; an emoji no font covers is an
    // error instead (tests/scripts.rs).
    "\u{0}\u{1}\u{202e}reversed\u{200d}\u{fe0f} \u{200B} joiners \r\n crlf",
];

#[test]
fn no_markdown_breaks_the_pdf_or_runs_as_typst() {
    let f = Fixture::new();
    let mut seed: u64 = 0x5eed_1234_abcd_ef01;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "#",
        "$",
        "[",
        "]",
        "*",
        "_",
        "`",
        "\\",
        "<",
        ">",
        "@",
        "=",
        "-",
        "+",
        "/",
        "~",
        "^",
        "\"",
        "'",
        "{",
        "}",
        "(",
        ")",
        "|",
        ":",
        ";",
        "\n",
        "\n\n",
        " ",
        "1.",
        "> ",
        "# ",
        "#let",
        "#{",
        "#(",
        "sys.inputs",
        "//",
        "/*",
        "*/",
        "हिन्दी",
        "বাংলা",
        "اردو",
        "text",
    ];
    let mut bodies: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    for _ in 0..40 {
        let len = (next() % 40 + 1) as usize;
        let body: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        bodies.push(body);
    }
    for (i, body) in bodies.iter().enumerate() {
        let body = body.replace("missing-alt-and-file.png", "");
        f.write(
            "content/stories/s.md",
            &format!(
                "---\ntitle: \"Case {i}\"\nconsent:\n  recorded: 2026-08-01\n  by: \"x\"\n  scope: [print]\n---\n\n{body}\n\nEND-OF-CASE-{i}\n"
            ),
        );
        let report = f.build();
        assert!(
            report.ok(),
            "case {i} failed on {body:?}:\n{}",
            errors(&report).join("\n")
        );
        let text = pdf_text(&f.out().with_file_name("print-only/stories/s-en.pdf"), None);
        assert_has(&text, &[&format!("END-OF-CASE-{i}")], &format!("case {i}"));
        if i < 2 && poppler() {
            // The code was printed as text, not run.
            assert!(
                text.contains("#set page(fill: red)") || text.contains("#import"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_broken_print_template_is_an_error_at_its_line() {
    let f = Fixture::new();
    f.write("content/stories/a.md", &story("A", ""));
    f.write("print/story.typ", "#let d = sys.inputs\n\n#text(d.title\n");
    let report = f.build();
    assert!(!report.written);
    let errs = errors(&report).join("\n");
    assert!(errs.contains("print/story.typ:3:"), "{errs}");
}

#[test]
fn images_in_print_are_grey_and_a_missing_one_is_an_error_at_its_line() {
    let f = Fixture::new();
    // A 2×1 PNG: one red pixel, one blue.
    let mut png = Vec::new();
    let img = image::RgbImage::from_fn(2, 1, |x, _| {
        if x == 0 {
            image::Rgb([255, 0, 0])
        } else {
            image::Rgb([0, 0, 255])
        }
    });
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::create_dir_all(f.root().join("content/stories")).unwrap();
    std::fs::write(f.root().join("content/stories/red.png"), &png).unwrap();
    f.write(
        "content/stories/a.md",
        &story("A", "").replace("The story of A.", "![a red and blue flag](red.png)"),
    );
    f.build_ok();
    let pdf = std::fs::read(f.out().join("stories/a/a-en.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    // One colour component (an ICC grey profile), never three.
    assert!(pdf.contains("/Subtype/Image"), "the image is not printed");
    assert!(pdf.contains("/N 1/"), "the image is not grey");
    assert!(!pdf.contains("/N 3/"), "the image is in colour");

    f.write(
        "content/stories/a.md",
        &story("A", "").replace("The story of A.", "Text.\n\n![gone](gone.png)"),
    );
    let report = f.build();
    assert!(!report.written);
    let errs = errors(&report).join("\n");
    assert!(errs.contains("content/stories/a.md:12:"), "{errs}");
    assert!(errs.contains("gone.png"), "{errs}");
}

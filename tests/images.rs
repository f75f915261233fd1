//! Images: every published image is scrubbed of its metadata, turned
//! upright, resized to a few widths and shown with `srcset`; bad images are
//! errors naming their file; missing alt text is a warning.

mod common;

use common::photos::{self, METADATA_MARKS};
use common::*;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn test_photos_really_carry_metadata() {
    // Guards the tests below: the fixtures must hold what they claim.
    let jpeg = photos::phone_photo(120, 80);
    let png = photos::png_with_text(60, 40);
    for mark in ["ARTISTMARK", "XMPMARK", "COMMENTMARK", "Exif"] {
        assert!(contains(&jpeg, mark), "{mark}");
    }
    assert!(contains(&png, "PNGTEXTMARK"));
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(&jpeg))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );
    assert_eq!(photos::size_of(&png), (60, 40));
}

#[test]
fn no_metadata_survives_in_any_published_image() {
    let f = Fixture::new();
    f.write(
        "content/stories/rally.md",
        &story("Rally", "").replace(
            "The story of Rally.",
            "![Women at the rally](rally.jpg)\n\n![A drawing](drawing.png)",
        ),
    );
    f.write_bytes("content/stories/rally.jpg", &photos::phone_photo(640, 400));
    f.write_bytes(
        "content/stories/drawing.png",
        &photos::png_with_text(300, 200),
    );
    f.write_bytes("static/img/banner.jpg", &photos::phone_photo(200, 100));
    f.write_bytes("static/logo.png", &photos::png_with_text(64, 64));
    f.build_ok();
    let out = tree(&f.out());
    for (path, bytes) in &out {
        for mark in METADATA_MARKS {
            // A PDF carries an XMP packet of its own (title, language,
            // "awaaz"); the photo's own marks must still be gone from it.
            if path.ends_with(".pdf") && mark == "ns.adobe.com" {
                continue;
            }
            assert!(!contains(bytes, mark), "`{mark}` survived in {path}");
        }
    }
    // Every image is still an image, and the photo is upright: stored
    // 640×400 with orientation 6, it is shown 400×640.
    assert_eq!(
        photos::size_of(&f.read_bytes("stories/rally.jpg")),
        (400, 640)
    );
    assert_eq!(photos::size_of(&f.read_bytes("img/banner.jpg")), (100, 200));
    assert_eq!(
        photos::size_of(&f.read_bytes("stories/drawing.png")),
        (300, 200)
    );
    assert_eq!(photos::size_of(&f.read_bytes("logo.png")), (64, 64));
    assert_eq!(&f.read_bytes("stories/rally.jpg")[..2], b"\xFF\xD8");
    assert_eq!(&f.read_bytes("logo.png")[..4], b"\x89PNG");
}

#[test]
fn wide_images_get_widths_srcset_sizes_and_lazy_loading() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        &page(
            "About",
            "![Women marching in Forbesganj](march.jpg \"The march\")",
        ),
    );
    f.write_bytes("content/march.jpg", &photos::jpeg(2000, 1000));
    f.build_ok();
    assert_eq!(photos::size_of(&f.read_bytes("march.jpg")), (1600, 800));
    assert_eq!(photos::size_of(&f.read_bytes("march-960w.jpg")), (960, 480));
    assert_eq!(photos::size_of(&f.read_bytes("march-480w.jpg")), (480, 240));
    let html = f.read("about/index.html");
    assert_eq!(attrs(&html, "img", "src"), ["/march.jpg"]);
    assert_eq!(
        attrs(&html, "img", "srcset"),
        ["/march-480w.jpg 480w, /march-960w.jpg 960w, /march.jpg 1600w"]
    );
    assert_eq!(attrs(&html, "img", "width"), ["1600"]);
    assert_eq!(attrs(&html, "img", "height"), ["800"]);
    assert_eq!(attrs(&html, "img", "loading"), ["lazy"]);
    assert_eq!(attrs(&html, "img", "alt"), ["Women marching in Forbesganj"]);
    assert_eq!(attrs(&html, "img", "title"), ["The march"]);
    assert!(attrs(&html, "img", "sizes")[0].contains("100vw"), "{html}");
}

#[test]
fn small_images_keep_their_size_and_have_no_srcset() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "![A badge](badge.png)"));
    f.write_bytes("content/badge.png", &photos::png_with_text(120, 90));
    f.build_ok();
    let html = f.read("about/index.html");
    assert_eq!(attrs(&html, "img", "width"), ["120"]);
    assert_eq!(attrs(&html, "img", "height"), ["90"]);
    assert!(attrs(&html, "img", "srcset").is_empty(), "{html}");
    assert!(!f.exists("badge-480w.png"));
}

#[test]
fn missing_alt_text_is_a_warning_with_file_and_line_and_check_lists_all() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n\nText.\n\n![](one.jpg)\n\n![  ](one.jpg) and ![fine](one.jpg)\n",
    );
    f.write_bytes("content/one.jpg", &photos::jpeg(50, 50));
    let report = awaaz::check(f.root(), &awaaz::BuildOptions::default());
    let w = warnings(&report).join("\n");
    assert!(
        w.contains("content/about.md:7:1: warning: this image has no alt text"),
        "{w}"
    );
    assert!(
        w.contains("content/about.md:9:1: warning: this image has no alt text"),
        "{w}"
    );
    assert_eq!(w.matches("no alt text").count(), 2, "{w}");
    assert!(report.ok());
    assert_ok(&f.build());
}

#[test]
fn a_corrupt_image_is_an_error_naming_the_file_and_nothing_is_written() {
    let f = Fixture::new();
    f.write("content/_index.md", &page("Home", ""));
    f.build_ok();
    let before = tree(&f.out());
    f.write("content/stories/cover.jpg", "this is not a jpeg at all");
    f.write(
        "content/stories/a.md",
        &story("A", "").replace("The story of A.", "![A cover](cover.jpg)"),
    );
    let mut truncated = photos::jpeg(300, 200);
    truncated.truncate(400);
    f.write_bytes("static/half.jpg", &truncated);
    f.write(
        "static/logo.svg",
        "<svg xmlns='http://www.w3.org/2000/svg'><metadata>x</metadata></svg>",
    );
    let report = f.build();
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/stories/cover.jpg: error: cannot publish this image"),
        "{e}"
    );
    assert!(
        e.contains("static/half.jpg: error: cannot publish this image"),
        "{e}"
    );
    assert!(
        e.contains("static/logo.svg: error: SVG images cannot be published"),
        "{e}"
    );
    assert!(!report.written);
    assert_eq!(tree(&f.out()), before);
}

#[test]
fn other_files_are_copied_as_they_are() {
    let f = Fixture::new();
    f.write("content/despatch/notes.txt", "copied as it is");
    f.write(
        "content/despatch/_index.md",
        &page("Despatch", "[Our notes](notes.txt)"),
    );
    f.write("static/docs/leaflet.pdf", "%PDF-1.4 leaflet");
    f.build_ok();
    assert_eq!(f.read("despatch/notes.txt"), "copied as it is");
    assert_eq!(f.read("docs/leaflet.pdf"), "%PDF-1.4 leaflet");
}

#[test]
fn images_are_cached_by_content_and_builds_are_identical() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "![A photo](photo.jpg)"));
    f.write_bytes("content/photo.jpg", &photos::phone_photo(1000, 600));
    f.build_ok();
    let first = tree(&f.out());
    let cache = f.root().join(".awaaz-cache/images");
    let cached: Vec<_> = std::fs::read_dir(&cache)
        .expect("the image cache exists")
        .map(|e| e.unwrap().path())
        .collect();
    // One size record and two widths (480 and the full 600), beside what
    // the theme's own images (its icons) put there.
    let bare = Fixture::new();
    bare.write("content/about.md", &page("About", "No photo."));
    bare.build_ok();
    let theirs =
        std::fs::read_dir(bare.root().join(".awaaz-cache/images")).map_or(0, |d| d.count());
    assert_eq!(cached.len(), theirs + 3, "{cached:?}");
    f.build_ok();
    assert_eq!(
        tree(&f.out()),
        first,
        "a cached rebuild gives the same bytes"
    );

    // The second build really read the cache: a cached width replaced by
    // another (scrubbed) image shows up in the output.
    let other = photos::jpeg(480, 800);
    let small = cached
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "jpg")
                && photos::size_of(&std::fs::read(p).unwrap()).0 == 480
        })
        .unwrap();
    std::fs::write(small, &other).unwrap();
    // A cache is no input of its own: a file of the site saved again
    // makes the build happen.
    let touch = || f.write("content/about.md", &page("About", "![A photo](photo.jpg)"));
    touch();
    f.build_ok();
    assert_eq!(f.read_bytes("photo-480w.jpg"), other);

    // With only part of the cache (the replaced width removed), the
    // missing width is made again, byte for byte.
    std::fs::remove_file(small).unwrap();
    touch();
    f.build_ok();
    assert_eq!(tree(&f.out()), first);

    // Without the cache, the same bytes are made again.
    std::fs::remove_dir_all(&cache).unwrap();
    touch();
    f.build_ok();
    assert_eq!(tree(&f.out()), first);
}

#[test]
fn photos_of_withdrawn_draft_and_print_only_stories_are_not_published() {
    let f = Fixture::new();
    let with_photo = |title: &str, extra: &str, photo: &str| {
        story(title, extra).replace(
            &format!("The story of {title}."),
            &format!("![Her hands]({photo})"),
        )
    };
    f.write(
        "content/stories/kept.md",
        &with_photo("Kept", "", "kept.jpg"),
    );
    f.write(
        "content/stories/gone.md",
        &with_photo("Gone", "withdrawn: true\n", "gone.jpg"),
    );
    f.write(
        "content/stories/later.md",
        &with_photo("Later", "draft: true\n", "later.jpg"),
    );
    f.write(
        "content/stories/paper.md",
        &with_photo("Paper", "", "paper.jpg").replace("scope: [web, print]", "scope: [print]"),
    );
    for name in ["kept", "gone", "later", "paper", "stray"] {
        f.write_bytes(
            &format!("content/stories/{name}.jpg"),
            &photos::jpeg(40, 30),
        );
    }
    let report = f.build_ok();
    assert!(f.exists("stories/kept.jpg"));
    for name in ["gone", "later", "paper", "stray"] {
        assert!(!f.exists(&format!("stories/{name}.jpg")), "{name}");
        let w = warnings(&report).join("\n");
        assert!(
            w.contains(&format!(
                "content/stories/{name}.jpg: warning: not published: no published page uses this file"
            )),
            "{w}"
        );
    }
    assert_nowhere(&f.out(), "gone.jpg");
    // With --drafts the draft's photo comes with it.
    assert_ok(&f.build_with(awaaz::BuildOptions {
        drafts: true,
        ..Default::default()
    }));
    assert!(f.exists("stories/later.jpg"));
}

#[test]
fn front_matter_image_and_cover_are_responsive_images() {
    let f = Fixture::new();
    f.write(
        "content/stories/rally.md",
        &story(
            "Rally",
            "image: rally.jpg\nimage_alt: \"Women at the rally\"\n",
        ),
    );
    // The translation inherits the image and its alt text.
    f.write(
        "content/stories/rally.hi.md",
        "---\ntitle: रैली\n---\n\nकहानी\n",
    );
    f.write_bytes("content/stories/rally.jpg", &photos::phone_photo(1200, 900));
    f.write(
        "content/despatch/2026-11/_index.md",
        "---\ntitle: November\ndate: 2026-11-15\nvolume: 3\nnumber: 11\ncover: /images/cover.png\n---\n",
    );
    f.write_bytes("static/images/cover.png", &photos::png_with_text(500, 700));
    f.build_ok();
    for file in ["stories/rally/index.html", "hi/stories/rally/index.html"] {
        let html = f.read(file);
        assert_eq!(attrs(&html, "img", "src"), ["/stories/rally.jpg"], "{file}");
        assert_eq!(
            attrs(&html, "img", "srcset"),
            ["/stories/rally-480w.jpg 480w, /stories/rally.jpg 900w"]
        );
        assert_eq!(attrs(&html, "img", "width"), ["900"]);
        assert_eq!(attrs(&html, "img", "height"), ["1200"]);
        assert_eq!(attrs(&html, "img", "alt"), ["Women at the rally"]);
        assert_eq!(attrs(&html, "img", "loading"), ["lazy"]);
    }
    let issue = f.read("despatch/2026-11/index.html");
    assert_eq!(attrs(&issue, "img", "src"), ["/images/cover.png"]);
    assert_eq!(
        attrs(&issue, "img", "srcset"),
        ["/images/cover-480w.png 480w, /images/cover.png 500w"]
    );
    assert_eq!(attrs(&issue, "img", "alt"), ["November"]);
}

#[test]
fn front_matter_image_problems_point_at_the_field() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        "---\ntitle: About\nimage: missing.jpg\n---\n",
    );
    f.write(
        "content/team.md",
        "---\ntitle: Team\nimage:   team.png\n---\n",
    );
    f.write_bytes("content/team.png", &photos::png_with_text(20, 20));
    let report = f.build();
    let e = errors(&report).join("\n");
    assert!(
        e.contains(
            "content/about.md:3:8: error: `image`: `missing.jpg` is not an image of this site"
        ),
        "{e}"
    );
    let w = warnings(&report).join("\n");
    assert!(
        w.contains("content/team.md:3:10: warning: this image has no alt text"),
        "{w}"
    );
}

#[test]
fn an_image_that_is_not_there_is_a_broken_link() {
    let f = Fixture::new();
    f.write("content/about.md", &page("About", "![A photo](nope.jpg)"));
    let report = f.build();
    assert!(!report.written, "a page must not show a broken image");
    let e = errors(&report).join("\n");
    assert!(
        e.contains("content/about.md:5:1: error: broken link: nothing is published at `/nope.jpg`"),
        "{e}"
    );
}

#[test]
fn images_of_a_theme_on_disk_are_scrubbed_too() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_awaaz"))
        .args(["new", "site"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(made.status.success());
    std::fs::write(
        site.join("themes/default/static/paper.jpg"),
        photos::phone_photo(300, 200),
    )
    .unwrap();
    let out = site.join("public");
    assert_ok(&awaaz::build(&site, &out, &awaaz::BuildOptions::default()));
    let bytes = std::fs::read(out.join("paper.jpg")).unwrap();
    for mark in METADATA_MARKS {
        assert!(!contains(&bytes, mark), "{mark}");
    }
    assert_eq!(photos::size_of(&bytes), (200, 300));
}

#[test]
fn an_image_from_another_host_is_a_warning() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        &page("About", "![A logo](https://example.com/logo.png)"),
    );
    let report = f.build_ok();
    let w = warnings(&report).join("\n");
    assert!(
        w.contains("content/about.md:5:1: warning: `https://example.com/logo.png` is an image from another host"),
        "{w}"
    );
}

#[test]
fn gifs_keep_their_frames_and_lose_their_comments_and_webp_is_published() {
    let f = Fixture::new();
    f.write(
        "content/about.md",
        &page("About", "![A wave](wave.gif)\n\n![A field](field.webp)"),
    );
    let gif = photos::gif_with_comment(700, 20);
    assert!(contains(&gif, "COMMENTMARK"));
    f.write_bytes("content/wave.gif", &gif);
    f.write_bytes("content/field.webp", &photos::webp(1000, 500));
    f.build_ok();
    let out = f.read_bytes("wave.gif");
    assert!(!contains(&out, "COMMENTMARK"));
    use image::AnimationDecoder;
    let frames = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&out))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(frames.len(), 2, "the animation is kept");
    // GIFs are not resized; WebP is, like any other photo.
    assert!(!f.exists("wave-480w.gif"));
    assert_eq!(photos::size_of(&f.read_bytes("field.webp")), (1000, 500));
    assert_eq!(
        photos::size_of(&f.read_bytes("field-480w.webp")),
        (480, 240)
    );
    let html = f.read("about/index.html");
    assert_eq!(attrs(&html, "img", "width"), ["700", "1000"]);
}

//! awaaz's own minifier against minify-html, which minified every page
//! before it (issue 19): over every page of the sample site and of a site
//! whose pages hold every kind of Markdown, as built without minifying
//! (`--no-minify`), the pages awaaz writes must make the same document in
//! Chromium as minify-html's, and be no larger to within a few bytes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use awaaz::BuildOptions;
use common::{Fixture, browser_dir, browser_ready, page, story};

/// minify-html as awaaz used it for pages until issue 19.
fn minify_html(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// The sample site's pages three ways: as the templates made them, as
/// minify-html minified those (written to `old/`), and as awaaz wrote them.
struct Pages {
    _dirs: Vec<tempfile::TempDir>,
    raw: PathBuf,
    old: PathBuf,
    ours: PathBuf,
    files: Vec<PathBuf>,
}

/// Every kind of Markdown the site's renderer knows, and HTML written in it.
const EVERY_KIND: &str = r#"Words with *emphasis*, **strength**, ~~struck~~, `code  with  spaces`,
"quotes" and 'apostrophes' (made smart), a [link](https://example.org/a?b=1&c=2 "A title")
and a line  
broken by hand. A footnote.[^1] Ampersands & angles: 3 < 4 > 2.

> A quote
> over two lines.
>
> > And a quote in it.

1. First
2. Second
   - nested *one*
   - nested two

     with a paragraph
3. Third

- [ ] not done
- [x] done

| Name | Place |
|:-----|------:|
| Asha | Delhi |
| Meera | Kidderpore |

```
fn  main() {
    indented();
}
```

    indented code

---

<div class="note">
  <p>Raw   HTML, <span>spaced</span> <em>out</em>.</p>
</div>

<details><summary> More </summary>
Hidden  text.
</details>

## A heading {#chosen-id}

Last paragraph.

[^1]: The note, with a [link](https://example.org/).
"#;

fn pages() -> Vec<Pages> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let f = Fixture::new();
    f.write(
        "content/stories/every-kind.md",
        &format!("{}\n{EVERY_KIND}", story("Every kind", "")),
    );
    f.write(
        "content/stories/every-kind.hi.md",
        &format!("{}\n{EVERY_KIND}", story("हर तरह", "")),
    );
    f.write("content/about.md", &page("About", EVERY_KIND));
    let fixture = f.root().to_path_buf();
    let mut all = vec![pages_of(&sample, 50)];
    all.push(pages_of(&fixture, 5));
    drop(f);
    all
}

fn build(site: &Path, opts: &BuildOptions) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::assert_ok(&awaaz::build(site, &out, opts));
    (dir, out)
}

fn pages_of(site: &Path, at_least: usize) -> Pages {
    let web = BuildOptions {
        no_pdf: true,
        ..BuildOptions::default()
    };
    let (raw_dir, raw) = build(
        site,
        &BuildOptions {
            unminified: true,
            ..web.clone()
        },
    );
    let (ours_dir, ours) = build(site, &web);
    let old_dir = tempfile::tempdir().unwrap();
    let old = old_dir.path().to_path_buf();
    let files = html_files(&raw);
    assert!(files.len() >= at_least, "{} pages", files.len());
    for file in &files {
        let target = old.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, minify_html(&std::fs::read(raw.join(file)).unwrap())).unwrap();
    }
    Pages {
        _dirs: vec![raw_dir, ours_dir, old_dir],
        raw,
        old,
        ours,
        files,
    }
}

#[test]
fn pages_are_as_small_as_minify_html_made_them() {
    for p in pages() {
        as_small(&p);
    }
}

fn as_small(p: &Pages) {
    let size = |dir: &Path, f: &Path| std::fs::metadata(dir.join(f)).unwrap().len();
    let (mut raw, mut old, mut ours) = (0, 0, 0);
    for f in &p.files {
        let (r, o, u) = (size(&p.raw, f), size(&p.old, f), size(&p.ours, f));
        assert!(
            u <= o + o / 50 + 16,
            "{}: {u} bytes, minify-html made {o}",
            f.display()
        );
        raw += r;
        old += o;
        ours += u;
    }
    println!(
        "{} pages: {raw} bytes as made, minify-html {old}, awaaz {ours}",
        p.files.len()
    );
    assert!(
        ours <= old + old / 100,
        "awaaz {ours} bytes, minify-html {old}"
    );
    assert!(ours < raw, "awaaz {ours} bytes of {raw}");
    // Nothing but what a `pre`, `textarea` or script holds keeps a line break.
    for f in &p.files {
        let page = std::fs::read_to_string(p.ours.join(f)).unwrap();
        let outside: String = page
            .split("<pre")
            .map(|part| part.split_once("</pre>").map_or(part, |(_, after)| after))
            .collect();
        assert!(
            !outside.contains('\n'),
            "{}: a line break is left",
            f.display()
        );
    }
}

#[test]
fn pages_make_the_same_document_as_minify_html_made() {
    if !browser_ready(&["playwright-core"], false) {
        return;
    }
    let all = pages();
    let pairs: Vec<[String; 2]> = all
        .iter()
        .flat_map(|p| {
            p.files.iter().map(|f| {
                [
                    p.old.join(f).display().to_string(),
                    p.ours.join(f).display().to_string(),
                ]
            })
        })
        .collect();
    let list = all[0].old.join("pairs.json");
    std::fs::write(&list, serde_json::to_string(&pairs).unwrap()).unwrap();
    let run = Command::new("node")
        .arg(browser_dir().join("dom.mjs"))
        .arg(&list)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "dom.mjs failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let differ: Vec<serde_json::Value> = serde_json::from_slice(&run.stdout).unwrap();
    assert!(
        differ.is_empty(),
        "{} of {} pages differ; the first:\n{:#}",
        differ.len(),
        pairs.len(),
        serde_json::Value::from(differ.iter().take(4).cloned().collect::<Vec<_>>())
    );
}

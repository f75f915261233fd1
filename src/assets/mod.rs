//! Files published beside the pages: the theme's and the site's `static/`
//! files and the files in `content/`. Images are scrubbed of their metadata
//! and resized ([`images`]); every other file is copied as it is.
//!
//! Which files are published, and at which paths, is decided by the site
//! model and the web renderer; this module turns their bytes into output
//! files and says, for each published image, how to show it ([`Img`]).

pub mod images;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::built::BuiltFile;
use crate::cache::Cache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use images::{Encoded, FileKind};

/// The `sizes` of every responsive image: the full width of a phone, else
/// the text column of the default theme (`--measure`, 40rem, less padding).
pub const SIZES: &str = "(max-width: 40rem) 100vw, 38rem";

/// A file to publish.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Where it comes from, for diagnostics (relative to the site).
    pub source: PathBuf,
    /// Path in the output, without a leading `/`.
    pub target: String,
    pub bytes: Vec<u8>,
}

/// How to show one published image: the attributes of its `<img>`.
/// Addresses are output paths from the site root (without `/`); the web
/// renderer turns them into links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Img {
    pub src: String,
    /// `(output path, width)` of every width made, narrowest first; one
    /// entry when the image is narrower than the smallest width.
    pub widths: Vec<(String, u32)>,
    pub width: u32,
    pub height: u32,
}

/// The output files of one asset, and how to show it when it is an image.
type Published = (Vec<BuiltFile>, Option<Img>);

/// The published images, by output path.
pub type Pictures = BTreeMap<String, Img>;

/// The output files for `files`, and the images among them. Images are
/// scrubbed in parallel; an image that cannot be read is an error naming
/// its file.
pub fn publish(
    cache: &Cache,
    files: Vec<AssetFile>,
    diags: &mut Diagnostics,
) -> (Vec<BuiltFile>, Pictures) {
    let results: Vec<Result<Published, Diagnostic>> = files
        .into_par_iter()
        .map(|f| publish_one(cache, f))
        .collect();
    let mut out = Vec::new();
    let mut pictures = Pictures::new();
    for r in results {
        match r {
            Ok((files, img)) => {
                out.extend(files);
                if let Some(img) = img {
                    pictures.insert(img.src.clone(), img);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    (out, pictures)
}

fn publish_one(cache: &Cache, file: AssetFile) -> Result<Published, Diagnostic> {
    let format = match FileKind::of(&file.target) {
        FileKind::Other => return Ok((vec![BuiltFile::new(file.target, file.bytes)], None)),
        FileKind::Unsupported(name) => {
            return Err(Diagnostic::error(
                &file.source,
                format!("{name} images cannot be published: awaaz cannot remove their hidden metadata (location, camera, names)"),
            )
            .with_hint("save it as JPEG (photos) or PNG (drawings, logos) and link that file instead"));
        }
        FileKind::Image(format) => format,
    };
    let widths = images::scrub(&file.bytes, format, cache).map_err(|why| {
        Diagnostic::error(&file.source, format!("cannot publish this image: {why}"))
            .with_hint("open it in an image editor or a phone's gallery and save or export it again as JPEG or PNG")
    })?;
    Ok(outputs(&file.target, widths))
}

/// `photo.jpg` is the widest; narrower ones are `photo-480w.jpg` and so on.
fn outputs(target: &str, widths: Vec<Encoded>) -> Published {
    let Some(full) = widths.last() else {
        return (Vec::new(), None);
    };
    let (width, height) = (full.width, full.height);
    let count = widths.len();
    let mut files = Vec::with_capacity(count);
    let mut listed = Vec::with_capacity(count);
    for (i, e) in widths.into_iter().enumerate() {
        let path = if i + 1 == count {
            target.to_string()
        } else {
            width_path(target, e.width)
        };
        listed.push((path.clone(), e.width));
        files.push(BuiltFile::new(path, e.bytes));
    }
    let img = Img {
        src: target.to_string(),
        widths: listed,
        width,
        height,
    };
    (files, Some(img))
}

/// `a/photo.jpg`, 480 → `a/photo-480w.jpg`.
pub fn width_path(target: &str, width: u32) -> String {
    let (folder, name) = match target.rsplit_once('/') {
        Some((f, n)) => (format!("{f}/"), n),
        None => (String::new(), target),
    };
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{folder}{stem}-{width}w.{ext}"),
        None => format!("{folder}{name}-{width}w"),
    }
}

impl Img {
    /// The `<img>` element, with every address passed through `href`
    /// (which adds the site's base path).
    pub fn to_html(&self, href: &dyn Fn(&str) -> String, alt: &str, title: Option<&str>) -> String {
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"",
            escape_attr(&href(&self.src)),
            escape_attr(alt),
            self.width,
            self.height
        );
        if self.widths.len() > 1 {
            let srcset: Vec<String> = self
                .widths
                .iter()
                .map(|(path, w)| format!("{} {w}w", href(path)))
                .collect();
            html.push_str(&format!(
                " srcset=\"{}\" sizes=\"{SIZES}\"",
                escape_attr(&srcset.join(", "))
            ));
        }
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        html
    }
}

pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrower_widths_are_named_after_their_width() {
        assert_eq!(width_path("a/b/photo.jpg", 480), "a/b/photo-480w.jpg");
        assert_eq!(width_path("photo.png", 960), "photo-960w.png");
    }

    #[test]
    fn img_lists_every_width() {
        let img = Img {
            src: "a/p.jpg".into(),
            widths: vec![("a/p-480w.jpg".into(), 480), ("a/p.jpg".into(), 1000)],
            width: 1000,
            height: 500,
        };
        let html = img.to_html(&|p| format!("/base/{p}"), "two \"women\"", None);
        assert_eq!(
            html,
            "<img src=\"/base/a/p.jpg\" alt=\"two &quot;women&quot;\" width=\"1000\" height=\"500\" srcset=\"/base/a/p-480w.jpg 480w, /base/a/p.jpg 1000w\" sizes=\"(max-width: 40rem) 100vw, 38rem\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}

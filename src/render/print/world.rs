//! Typst's view of the world for one document: the theme's print templates
//! as the only files, the theme's fonts as the only fonts, the document's
//! data as `sys.inputs`, and a fixed date. Nothing is read from the disk or
//! the network, so the same inputs always give the same PDF.

use std::collections::BTreeMap;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::theme::Theme;

/// The fonts of the theme. They are parsed only when a document has to be
/// typeset: a build whose PDFs all come from the cache never parses them.
pub struct Fonts<'a> {
    files: Vec<&'a [u8]>,
    parsed: std::sync::OnceLock<(LazyHash<FontBook>, Vec<Font>)>,
    /// A fingerprint of every font file, for cache keys.
    pub fingerprint: Vec<u8>,
}

impl<'a> Fonts<'a> {
    pub fn load(theme: &'a Theme) -> Fonts<'a> {
        let mut hasher = blake3::Hasher::new();
        let mut files = Vec::new();
        for (path, file) in theme.font_files() {
            hasher.update(path.as_bytes());
            hasher.update(&(file.bytes.len() as u64).to_le_bytes());
            hasher.update(table_directory(&file.bytes));
            files.push(&file.bytes[..]);
        }
        Fonts {
            files,
            parsed: std::sync::OnceLock::new(),
            fingerprint: hasher.finalize().as_bytes().to_vec(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The characters of `chars` no font has a glyph for (Typst falls
    /// back from the fonts a template names to any font that has one).
    pub fn missing(&self, chars: Vec<char>) -> Vec<char> {
        let fonts = &self.parsed().1;
        chars
            .into_iter()
            .filter(|&c| {
                !fonts
                    .iter()
                    .any(|font| font.info().coverage.contains(u32::from(c)))
            })
            .collect()
    }

    fn parsed(&self) -> &(LazyHash<FontBook>, Vec<Font>) {
        self.parsed.get_or_init(|| {
            let fonts: Vec<Font> = self
                .files
                .iter()
                .flat_map(|bytes| Font::iter(Bytes::new(bytes.to_vec())))
                .collect();
            (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
        })
    }
}

/// What identifies a font file cheaply: its table directory, which holds a
/// checksum of every table, so any change to the font changes it. Hashing
/// it instead of the whole file keeps a fully cached build from reading
/// megabytes of fonts. A collection or anything unexpected is hashed whole.
fn table_directory(font: &[u8]) -> &[u8] {
    let single =
        font.starts_with(&[0, 1, 0, 0]) || font.starts_with(b"OTTO") || font.starts_with(b"true");
    let tables = font
        .get(4..6)
        .map(|n| usize::from(u16::from_be_bytes([n[0], n[1]])));
    match tables {
        Some(n) if single => font.get(..12 + 16 * n).unwrap_or(font),
        _ => font,
    }
}

/// The print templates (`print/*.typ` and anything they import), as
/// Typst sources named by their path inside `print/`.
pub struct PrintFiles {
    sources: BTreeMap<String, Source>,
    bytes: BTreeMap<String, Bytes>,
    /// Where each file came from, for messages: `themes/default/print/issue.typ`.
    origins: BTreeMap<String, PathBuf>,
}

impl PrintFiles {
    pub fn load(theme: &Theme) -> PrintFiles {
        let mut files = PrintFiles {
            sources: BTreeMap::new(),
            bytes: BTreeMap::new(),
            origins: BTreeMap::new(),
        };
        for (name, file) in theme.print_files() {
            let id = file_id(name);
            if name.ends_with(".typ") {
                let text = String::from_utf8_lossy(&file.bytes).into_owned();
                files
                    .sources
                    .insert(name.to_string(), Source::new(id, text));
            }
            files
                .bytes
                .insert(name.to_string(), Bytes::new(file.bytes.clone()));
            files.origins.insert(name.to_string(), file.source.clone());
        }
        files
    }

    /// Each template's text, with where it came from.
    pub fn texts(&self) -> impl Iterator<Item = (&PathBuf, &str)> {
        self.sources
            .iter()
            .filter_map(|(name, source)| Some((self.origins.get(name)?, source.text())))
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Every template's text, for cache keys.
    pub fn fingerprint(&self) -> Vec<u8> {
        let mut hasher = blake3::Hasher::new();
        for (name, bytes) in &self.bytes {
            hasher.update(name.as_bytes());
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes.as_slice());
        }
        hasher.finalize().as_bytes().to_vec()
    }
}

fn file_id(name: &str) -> FileId {
    let vpath = VirtualPath::new(format!("/{name}"))
        .unwrap_or_else(|_| VirtualPath::new("/invalid.typ").expect("a plain path is valid"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

fn name_of(id: FileId) -> Option<String> {
    match id.root() {
        VirtualRoot::Project => Some(id.vpath().get_without_slash().to_string()),
        VirtualRoot::Package(_) => None,
    }
}

/// One document to typeset.
pub struct PrintWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts<'a>,
    files: &'a PrintFiles,
    main: FileId,
    today: Datetime,
}

impl<'a> PrintWorld<'a> {
    /// `template` is a file of `print/`; `inputs` become `sys.inputs`.
    pub fn new(
        fonts: &'a Fonts<'a>,
        files: &'a PrintFiles,
        template: &str,
        inputs: Dict,
        today: (i32, u8, u8),
    ) -> Self {
        PrintWorld {
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            fonts,
            files,
            main: file_id(template),
            today: Datetime::from_ymd(today.0, today.1, today.2)
                .or_else(|| Datetime::from_ymd(2000, 1, 1))
                .expect("2000-01-01 is a date"),
        }
    }
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.parsed().0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        name_of(id)
            .and_then(|n| self.files.sources.get(&n).cloned())
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        name_of(id)
            .and_then(|n| self.files.bytes.get(&n).cloned())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.parsed().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_without_slash()))
}

/// A problem Typst reported, placed in the template it came from.
#[derive(Debug, Clone)]
pub struct TypstProblem {
    pub error: bool,
    pub message: String,
    /// The template file and the 1-based line and column, when known.
    pub at: Option<(PathBuf, String, usize, usize)>,
}

/// A typeset document: the PDF and the text a reader sees in it.
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub text: String,
}

/// Lays out `world`'s main template into pages, with its text runs mended.
pub fn layout(world: &PrintWorld) -> Result<PagedDocument, Vec<TypstProblem>> {
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned
        .output
        .map_err(|errors| problems(world, errors.iter()))?;
    Ok(super::mend::mend(document))
}

/// How many words each page of `document` shows.
pub fn page_words(document: &PagedDocument) -> Vec<usize> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut text = String::new();
            frame_text(&page.frame, &mut text);
            text.split_whitespace().count()
        })
        .collect()
}

/// The first page of `document` as a picture, one pixel a point (a share
/// image), under `limit` bytes; `photo` says whether it shows one. A
/// preview is fetched by every chat a link is pasted in: a PNG of text
/// over 48 KB is compressed harder.
pub fn picture(document: &PagedDocument, limit: usize, photo: bool) -> Option<Picture> {
    draw(document.pages().first()?, 1.0, limit, 48 * 1024, photo)
}

/// Every page of `document` as a picture `width` pixels wide, each under
/// `limit` bytes, drawn in parallel: an issue's pages, to forward in a
/// chat. None when a page cannot be drawn.
pub fn page_pictures(document: &PagedDocument, width: u32, limit: usize) -> Option<Vec<Picture>> {
    use rayon::prelude::*;
    document
        .pages()
        .par_iter()
        .map(|page| {
            let scale = f64::from(width) / page.frame.width().to_pt();
            draw(
                page,
                scale as f32,
                limit,
                limit / 2,
                shows_image(&page.frame),
            )
        })
        .collect()
}

/// A page as pixels, `pixel_per_pt` to a point, encoded as PNG or as JPEG,
/// whichever is smaller (a photo is smaller as JPEG, flat text as PNG),
/// and under `limit` bytes (JPEG quality lowered until it is). `photo`
/// says whether it shows one: text alone is PNG, compressed harder when
/// it is over `text_png` bytes (see below). A page
/// drawn in greys alone (an issue's, made for the photocopier) is encoded
/// in one channel. Neither encoding carries metadata.
fn draw(
    page: &typst_layout::Page,
    pixel_per_pt: f32,
    limit: usize,
    text_png: usize,
    photo: bool,
) -> Option<Picture> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixel_per_pt.into()),
        render_bleed: false,
    };
    let mut text = String::new();
    frame_text(&page.frame, &mut text);
    let pixmap = typst_render::render(page, &options);
    let (width, height) = (pixmap.width(), pixmap.height());
    // Opaque pixels (the page is filled): drop the alpha channel, and two
    // more channels when every pixel is grey.
    let grey = pixmap
        .data()
        .chunks_exact(4)
        .all(|p| p[0] == p[1] && p[1] == p[2]);
    let (pixels, colour): (Vec<u8>, _) = if grey {
        let grey = pixmap.data().chunks_exact(4).map(|p| p[0]).collect();
        (grey, image::ExtendedColorType::L8)
    } else {
        let rgb = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (rgb, image::ExtendedColorType::Rgb8)
    };
    drop(pixmap);
    let png_with = |compression, filter| {
        let mut png = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new_with_quality(&mut png, compression, filter),
            &pixels,
            width,
            height,
            colour,
        )
        .ok()
        .map(|_| png)
    };
    use image::codecs::png::{CompressionType, FilterType};
    let mut png = png_with(CompressionType::Fast, FilterType::Adaptive)?;
    let picture = |bytes, ext| Picture {
        bytes,
        ext,
        width,
        height,
        text: text.clone(),
    };
    // Text on white is smaller as PNG than as any JPEG that keeps the
    // letters clean: on the sample, every share image of text alone was
    // 20-30 KB as PNG and 35-47 KB as JPEG (quality 85), and every page of
    // text was smaller as PNG too. So text alone is PNG; one past
    // `text_png` bytes is compressed harder (unfiltered, deflate level 2:
    // a third smaller, 8 ms more a share image), and JPEG, the slow
    // encoder (26 ms a share image), is tried only for a photo, or for
    // text whose PNG stays over `limit`.
    if !photo {
        if png.len() > text_png {
            let tighter = png_with(CompressionType::Level(2), FilterType::NoFilter)?;
            if tighter.len() < png.len() {
                png = tighter;
            }
        }
        if png.len() <= limit {
            return Some(picture(png, "png"));
        }
    }
    let jpeg_at = |quality: u8| {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality)
            .encode(&pixels, width, height, colour)
            .ok()
            .map(|_| jpeg)
    };
    let mut jpeg = jpeg_at(85)?;
    for quality in [75, 65, 55, 45, 35] {
        if jpeg.len() <= limit {
            break;
        }
        jpeg = jpeg_at(quality)?;
    }
    Some(if png.len() <= jpeg.len() {
        picture(png, "png")
    } else {
        picture(jpeg, "jpg")
    })
}

/// A page drawn as pixels ([`picture`]).
pub struct Picture {
    pub bytes: Vec<u8>,
    /// `png` or `jpg`.
    pub ext: &'static str,
    pub width: u32,
    pub height: u32,
    /// The text drawn on it, for the redaction check.
    pub text: String,
}

/// Writes laid-out pages as a PDF. `ident` is a stable name for the
/// document, so its PDF identifier does not change between builds.
pub fn export(
    world: &PrintWorld,
    document: &PagedDocument,
    ident: &str,
    accessible: bool,
) -> Result<Typeset, Vec<TypstProblem>> {
    // PDF/UA-1: tagged, titled, in a language, every image described, so
    // a screen reader or a library can rely on the paper's PDFs. A booklet's
    // sides hold pages out of reading order, which a tagged PDF cannot
    // express in Typst 0.15: it is untagged, and its A4 edition is the one
    // to read on a screen (docs/decisions.md).
    let standards = if accessible {
        typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
            .expect("PDF/UA-1 alone is a valid set of standards")
    } else {
        typst_pdf::PdfStandards::default()
    };
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_string()),
        creator: typst::foundations::Smart::Custom(Some("awaaz".to_string())),
        standards,
        tagged: accessible,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(document, &options).map_err(|e| problems(world, e.iter()))?;
    let mut text = String::new();
    for page in document.pages() {
        frame_text(&page.frame, &mut text);
        text.push('\n');
    }
    Ok(Typeset { pdf, text })
}

/// Whether `frame` shows an image (a photo, a QR code).
fn shows_image(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => shows_image(&group.frame),
        FrameItem::Image(..) => true,
        _ => false,
    })
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
                out.push(' ');
            }
            _ => {}
        }
    }
}

fn problems<'a>(
    world: &PrintWorld,
    diags: impl Iterator<Item = &'a SourceDiagnostic>,
) -> Vec<TypstProblem> {
    diags
        .map(|d| {
            let at = d.span.id().and_then(|id| {
                let name = name_of(id)?;
                let source = world.files.sources.get(&name)?;
                let range = world.range(d.span)?;
                let (line, col) = source.lines().byte_to_line_column(range.start)?;
                let origin = world.files.origins.get(&name)?.clone();
                Some((origin, source.text().to_string(), line + 1, col + 1))
            });
            TypstProblem {
                error: d.severity == Severity::Error,
                message: d.message.to_string(),
                at,
            }
        })
        .collect()
}

//! Scrubbing and resizing one image: decode, turn the pixels the way EXIF
//! orientation says, re-encode without any metadata, and make smaller widths
//! for `srcset`.
//!
//! Re-encoding from decoded pixels is what makes the scrub complete: the
//! encoders of the `image` crate write pixels and nothing else, so no EXIF
//! (GPS position, camera, owner's name), XMP, IPTC, ICC description, PNG
//! text chunk or GIF comment can survive, whatever the source carried.
//! Results are cached by a hash of the source bytes ([`crate::cache`]).
//! Which files are images, and where they go, is decided by [`super`].

use std::io::Cursor;

use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageReader};

use crate::cache::Cache;

/// Widths made for `srcset`: a phone, a phone at twice the density, a
/// large screen. An image is never made wider than it is.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// Bumped whenever the pipeline's output for the same input changes, so
/// cached results of an older awaaz are not reused.
const PIPELINE: &[u8] = b"awaaz-images-1";

/// JPEG quality: photos stay clear on a phone at a third of a camera's size.
const JPEG_QUALITY: u8 = 80;

/// The image formats awaaz publishes. Each is written in its own format,
/// so the file keeps its name and links to it keep working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    /// Animation is kept; GIFs are not resized.
    Gif,
    /// Written lossless: the `image` crate has no lossy WebP encoder.
    WebP,
}

/// What a file is, judged by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Image(Format),
    /// An image awaaz cannot scrub; publishing it as it is could leak
    /// its metadata, so it is an error. The name of the format.
    Unsupported(&'static str),
    /// Not an image: copied as it is.
    Other,
}

impl FileKind {
    pub fn of(path: &str) -> FileKind {
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jpg" | "jpeg" => FileKind::Image(Format::Jpeg),
            "png" => FileKind::Image(Format::Png),
            "gif" => FileKind::Image(Format::Gif),
            "webp" => FileKind::Image(Format::WebP),
            "svg" | "svgz" => FileKind::Unsupported("SVG"),
            "heic" | "heif" => FileKind::Unsupported("HEIC"),
            "tif" | "tiff" => FileKind::Unsupported("TIFF"),
            "avif" => FileKind::Unsupported("AVIF"),
            "bmp" => FileKind::Unsupported("BMP"),
            "ico" => FileKind::Unsupported("ICO"),
            "jxl" => FileKind::Unsupported("JPEG XL"),
            "dng" | "cr2" | "cr3" | "nef" | "arw" | "orf" | "raf" | "rw2" => {
                FileKind::Unsupported("camera raw")
            }
            _ => FileKind::Other,
        }
    }
}

impl Format {
    fn resizable(self) -> bool {
        !matches!(self, Format::Gif)
    }
}

/// One encoded width of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// Every width of one scrubbed image, narrowest first; the last is the
/// full-size one (at most the widest of [`WIDTHS`]).
pub type Widths = Vec<Encoded>;

/// Scrubs `bytes` and makes its widths, reusing `cache` where it can.
/// The error says, in plain words, why the file cannot be published.
pub fn scrub(bytes: &[u8], format: Format, cache: &Cache) -> Result<Widths, String> {
    let ext = extension(format);
    let key = Cache::key(&[PIPELINE, ext.as_bytes(), bytes]);
    let mut decoded: Option<DynamicImage> = None;
    let (width, height) = match cached_size(cache, &key) {
        Some(size) => size,
        None => {
            let image = decode(bytes, format)?;
            let size = (image.width(), image.height());
            cache.put(&key, "size", format!("{} {}", size.0, size.1).as_bytes());
            decoded = Some(image);
            size
        }
    };
    let widths = planned_widths(width, format);
    let keys: Vec<String> = widths
        .iter()
        .map(|w| Cache::key(&[key.as_bytes(), &w.to_le_bytes()]))
        .collect();
    let mut encoded: Vec<Option<Vec<u8>>> = keys.iter().map(|k| cache.get(k, ext)).collect();
    if encoded.iter().any(Option::is_none) {
        let image = match decoded {
            Some(image) => image,
            None => decode(bytes, format)?,
        };
        // Widest first, each width made from the one above it: cheaper than
        // from the original every time, and the same pixels whichever
        // widths happened to be cached.
        let mut current = std::borrow::Cow::Borrowed(&image);
        for i in (0..widths.len()).rev() {
            let target = widths[i];
            if target != current.width() {
                let h = scaled_height(width, height, target);
                current =
                    std::borrow::Cow::Owned(current.resize_exact(target, h, FilterType::Triangle));
            }
            if encoded[i].is_none() {
                let made = encode(&current, format, bytes)?;
                cache.put(&keys[i], ext, &made);
                encoded[i] = Some(made);
            }
        }
    }
    Ok(widths
        .into_iter()
        .zip(encoded)
        .map(|(w, bytes)| Encoded {
            width: w,
            height: scaled_height(width, height, w),
            bytes: bytes.unwrap_or_default(),
        })
        .collect())
}

/// Width and height (after orientation) remembered from an earlier run.
fn cached_size(cache: &Cache, key: &str) -> Option<(u32, u32)> {
    let text = String::from_utf8(cache.get(key, "size")?).ok()?;
    let (w, h) = text.split_once(' ')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// The widths to make of an image `width` pixels wide, narrowest first.
pub fn planned_widths(width: u32, format: Format) -> Vec<u32> {
    if !format.resizable() {
        return vec![width];
    }
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < largest).collect();
    widths.push(largest);
    widths
}

fn scaled_height(width: u32, height: u32, target: u32) -> u32 {
    if target == width {
        return height;
    }
    let h = (u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width);
    (h as u32).max(1)
}

pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Jpeg => "jpg",
        Format::Png => "png",
        Format::Gif => "gif",
        Format::WebP => "webp",
    }
}

/// Decodes the first (or only) frame and applies its EXIF orientation, so
/// a photo taken sideways stays upright once the EXIF is gone. A decoder
/// that panics on a malformed file is caught: a bad file is an error, never
/// a crash.
pub fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let result = std::panic::catch_unwind(|| -> Result<DynamicImage, String> {
        let reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        if reader.format().is_none() {
            return Err(format!(
                "this is not a {} image (its content is not any image format awaaz reads)",
                extension(format).to_uppercase()
            ));
        }
        let mut decoder = reader.into_decoder().map_err(describe)?;
        let orientation = decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        let mut image = DynamicImage::from_decoder(decoder).map_err(describe)?;
        image.apply_orientation(orientation);
        Ok(image)
    });
    result.unwrap_or_else(|_| Err("the image decoder failed on this file".into()))
}

fn describe(e: image::ImageError) -> String {
    match e {
        image::ImageError::Unsupported(u) => format!("unsupported image: {u}"),
        other => format!("the image is damaged or incomplete: {other}"),
    }
}

/// Writes pixels, and nothing else, in `format`. `source` is needed for
/// GIFs, whose frames are re-read from it.
fn encode(image: &DynamicImage, format: Format, source: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let result = match format {
        Format::Jpeg => {
            let encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            match image {
                DynamicImage::ImageLuma8(_) => image.write_with_encoder(encoder),
                _ => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder),
            }
        }
        Format::Png => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Default,
            PngFilter::Adaptive,
        )),
        Format::WebP => {
            let pixels = if image.color().has_alpha() {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            pixels.write_with_encoder(WebPEncoder::new_lossless(&mut out))
        }
        Format::Gif => return encode_gif(source),
    };
    result.map_err(|e| format!("cannot write the scrubbed image: {e}"))?;
    Ok(out)
}

/// Re-encodes every frame of a GIF with its delay; comments and
/// application extensions (where XMP hides in GIFs) are not written.
fn encode_gif(source: &[u8]) -> Result<Vec<u8>, String> {
    let decoder = GifDecoder::new(Cursor::new(source)).map_err(describe)?;
    let frames = decoder.into_frames().collect_frames().map_err(describe)?;
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut out, 10);
        let repeat = if frames.len() > 1 {
            Repeat::Infinite
        } else {
            Repeat::Finite(0)
        };
        encoder
            .set_repeat(repeat)
            .and_then(|()| encoder.encode_frames(frames))
            .map_err(|e| format!("cannot write the scrubbed image: {e}"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(planned_widths(3000, Format::Jpeg), vec![480, 960, 1600]);
        assert_eq!(planned_widths(1000, Format::Jpeg), vec![480, 960, 1000]);
        assert_eq!(planned_widths(960, Format::Png), vec![480, 960]);
        assert_eq!(planned_widths(300, Format::Png), vec![300]);
        assert_eq!(planned_widths(3000, Format::Gif), vec![3000]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height(3000, 2000, 480), 320);
        assert_eq!(scaled_height(3000, 2000, 3000), 2000);
        assert_eq!(scaled_height(5000, 1, 480), 1);
    }

    #[test]
    fn names_decide_what_is_an_image() {
        assert_eq!(FileKind::of("a/B.JPG"), FileKind::Image(Format::Jpeg));
        assert_eq!(FileKind::of("logo.svg"), FileKind::Unsupported("SVG"));
        assert_eq!(FileKind::of("notes.txt"), FileKind::Other);
        assert_eq!(FileKind::of("README"), FileKind::Other);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), "images");
        for format in [Format::Jpeg, Format::Png, Format::Gif, Format::WebP] {
            assert!(scrub(b"not an image", format, &cache).is_err());
        }
        // A real PNG header followed by nothing.
        let truncated = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
        let err = scrub(truncated, Format::Png, &cache).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }
}

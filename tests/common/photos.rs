//! Image files made by the tests: photos that carry the metadata a phone
//! writes (EXIF with GPS position, artist and orientation; XMP; a comment),
//! and PNGs with text chunks, so the tests can prove none of it survives.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ImageEncoder, RgbImage, RgbaImage};

/// Strings planted in the metadata of [`phone_photo`] and [`png_with_text`];
/// none may appear in any output byte.
pub const METADATA_MARKS: [&str; 6] = [
    "ARTISTMARK",
    "XMPMARK",
    "COMMENTMARK",
    "PNGTEXTMARK",
    "Exif",
    "ns.adobe.com",
];

/// A plain JPEG of `w`×`h` with a gradient, no metadata.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A JPEG as a phone writes it: EXIF with orientation 6 (turn 90° clockwise
/// to view), the artist's name and a GPS position; an XMP packet; and a
/// comment. Stored `w`×`h`, shown `h`×`w`.
pub fn phone_photo(w: u32, h: u32) -> Vec<u8> {
    let plain = jpeg(w, h);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend(segment(0xE1, &exif()));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend(b"<x:xmpmeta><exif:GPSLatitude>25,18.5N XMPMARK</exif:GPSLatitude></x:xmpmeta>");
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xFE, b"COMMENTMARK taken at her home"));
    out.extend(&plain[2..]);
    out
}

fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let len = (data.len() + 2) as u16;
    let mut s = vec![0xFF, marker];
    s.extend(len.to_be_bytes());
    s.extend(data);
    s
}

/// EXIF (big-endian TIFF): IFD0 with Orientation = 6, Artist and a pointer
/// to a GPS IFD with latitude N 25° 18' 30".
fn exif() -> Vec<u8> {
    let artist = b"ARTISTMARK Sita Devi\0";
    // Layout: header 8, IFD0 at 8 (3 entries: 2 + 36 + 4 = 42) → 50,
    // GPS IFD at 50 (2 entries: 2 + 24 + 4 = 30) → 80, artist at 80,
    // latitude rationals after it.
    let ifd0 = 8u32;
    let gps = 50u32;
    let artist_at = 80u32;
    let lat_at = artist_at + artist.len() as u32;
    let mut t = b"MM\0\x2a".to_vec();
    t.extend(ifd0.to_be_bytes());
    t.extend(3u16.to_be_bytes());
    t.extend(entry(0x0112, 3, 1, 6u32 << 16)); // Orientation, SHORT, left-justified
    t.extend(entry(0x013B, 2, artist.len() as u32, artist_at)); // Artist, ASCII
    t.extend(entry(0x8825, 4, 1, gps)); // GPS IFD pointer, LONG
    t.extend(0u32.to_be_bytes());
    assert_eq!(t.len() as u32, gps);
    t.extend(2u16.to_be_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0"))); // GPSLatitudeRef
    t.extend(entry(0x0002, 5, 3, lat_at)); // GPSLatitude, 3 RATIONALs
    t.extend(0u32.to_be_bytes());
    assert_eq!(t.len() as u32, artist_at);
    t.extend(artist);
    for (n, d) in [(25u32, 1u32), (18, 1), (30, 1)] {
        t.extend(n.to_be_bytes());
        t.extend(d.to_be_bytes());
    }
    let mut e = b"Exif\0\0".to_vec();
    e.extend(t);
    e
}

fn entry(tag: u16, kind: u16, count: u32, value: u32) -> Vec<u8> {
    let mut e = tag.to_be_bytes().to_vec();
    e.extend(kind.to_be_bytes());
    e.extend(count.to_be_bytes());
    e.extend(value.to_be_bytes());
    e
}

/// An RGBA PNG with `tEXt` (Author, Comment) and `iTXt` chunks.
pub fn png_with_text(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 200, 255]));
    let mut plain = Vec::new();
    PngEncoder::new(&mut plain)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    let after_ihdr = 8 + 25;
    let mut out = plain[..after_ihdr].to_vec();
    out.extend(chunk(b"tEXt", b"Author\0PNGTEXTMARK Sita Devi"));
    out.extend(chunk(b"tEXt", b"Comment\0PNGTEXTMARK Forbesganj, ward 7"));
    out.extend(chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>XMPMARK</x:xmpmeta>",
    ));
    out.extend(&plain[after_ihdr..]);
    out
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let crc = crc32(&c[4..]);
    c.extend(crc.to_be_bytes());
    c
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Width and height of an image file.
pub fn size_of(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("the output is a readable image");
    (img.width(), img.height())
}

/// A two-frame animated GIF with a comment extension holding COMMENTMARK.
pub fn gif_with_comment(w: u32, h: u32) -> Vec<u8> {
    use image::codecs::gif::{GifEncoder, Repeat};
    let frames = (0..2u8).map(|i| {
        let img = RgbaImage::from_fn(w, h, |x, _| image::Rgba([x as u8, i * 200, 0, 255]));
        image::Frame::from_parts(img, 0, 0, image::Delay::from_numer_denom_ms(500, 1))
    });
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        encoder.set_repeat(Repeat::Infinite).unwrap();
        encoder.encode_frames(frames).unwrap();
    }
    let trailer = out.pop();
    assert_eq!(trailer, Some(0x3B));
    let comment = b"COMMENTMARK taken at her home";
    out.extend([0x21, 0xFE, comment.len() as u8]);
    out.extend(comment);
    out.extend([0x00, 0x3B]);
    out
}

/// A lossless WebP.
pub fn webp(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

//! Image pipeline benchmark: a site with N phone-sized photos (3000×2000
//! JPEG, default N = 200) used by one page, built twice: cold (no
//! `.awaaz-cache/`) and cached (the second build of the same photos).
//!
//! Run: `cargo bench --bench images`, or `cargo bench --bench images -- 50`
//! for another count. Photos are generated deterministically (a gradient
//! with a pseudo-random texture, so they compress like photos, not like
//! flat colour) in the system's temporary folder or in `AWAAZ_BENCH_DIR`.
//! A benchmark, not a test: nothing here fails by being slow.

use std::path::Path;
use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};
use rayon::prelude::*;

const WIDTH: u32 = 3000;
const HEIGHT: u32 = 2000;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let base = std::env::var_os("AWAAZ_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let dir = tempfile::tempdir_in(base).expect("temp dir");
    let site = dir.path();

    let started = Instant::now();
    let bytes = make_site(site, count);
    println!(
        "generated {count} photos of {WIDTH}×{HEIGHT} ({:.0} MB) in {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let out = site.join("public");
    let opts = awaaz::BuildOptions::default();
    for run in ["cold", "cached"] {
        let started = Instant::now();
        let report = awaaz::build(site, &out, &opts);
        let seconds = started.elapsed().as_secs_f64();
        assert!(report.ok(), "{:?}", report.diagnostics);
        println!(
            "{run:>6}: {seconds:.2} s for {count} photos ({:.1} ms a photo), {} files written",
            seconds * 1000.0 / count as f64,
            report.files
        );
    }
    println!(
        "threads: {} (rayon); output {:.0} MB",
        rayon::current_num_threads(),
        folder_size(&out) as f64 / 1e6
    );
}

/// Writes `site.yaml`, a gallery page using every photo, and the photos;
/// returns the photos' total size.
fn make_site(site: &Path, count: usize) -> u64 {
    std::fs::create_dir_all(site.join("content/gallery")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        "title: { en: \"Bench\" }\nbase_url: \"https://example.org\"\ndefault_language: en\nlanguages:\n  - { code: en, name: English }\n",
    )
    .unwrap();
    let mut page = String::from("---\ntitle: Gallery\n---\n\n");
    for i in 0..count {
        page.push_str(&format!("![Photo {i} of the rally](photo-{i:03}.jpg)\n\n"));
    }
    std::fs::write(site.join("content/gallery/_index.md"), page).unwrap();
    (0..count)
        .into_par_iter()
        .map(|i| {
            let bytes = photo(i as u32);
            std::fs::write(
                site.join(format!("content/gallery/photo-{i:03}.jpg")),
                &bytes,
            )
            .unwrap();
            bytes.len() as u64
        })
        .sum()
}

fn photo(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let mut h = x.wrapping_mul(0x9E37_79B1)
            ^ y.wrapping_mul(0x85EB_CA77)
            ^ seed.wrapping_mul(0xC2B2_AE3D);
        h ^= h >> 15;
        h = h.wrapping_mul(0x2C1B_3C6D);
        h ^= h >> 12;
        let noise = h & 0x0F;
        image::Rgb([
            ((x * 200 / WIDTH) + noise) as u8,
            ((y * 200 / HEIGHT) + noise / 2) as u8,
            ((seed * 37 % 200) + noise) as u8,
        ])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

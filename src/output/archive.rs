//! The zip of the copy read from a folder (`awaaz build --offline`), for
//! sharing phone to phone: written beside the folder, with fixed dates so
//! the same site gives the same zip.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::built::BuiltFile;
use crate::diagnostics::Diagnostic;

/// The zip written beside an offline folder: `offline/` → `offline.zip`.
pub fn zip_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    dir.with_file_name(format!("{name}.zip"))
}

/// Writes `files` into the zip beside `dir`, inside a folder of `dir`'s
/// name, with fixed dates so the same site gives the same zip. Written to a
/// temporary name first, so a failure leaves the previous zip.
pub fn write_zip(dir: &Path, files: &[BuiltFile]) -> Result<(), Diagnostic> {
    let target = zip_path(dir);
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let temporary = target.with_extension(format!("zip.{}", std::process::id()));
    let failed = |e: &dyn std::fmt::Display| {
        let _ = std::fs::remove_file(&temporary);
        Diagnostic::error(&target, format!("cannot write the offline zip: {e}"))
    };
    let file = std::fs::File::create(&temporary).map_err(|e| failed(&e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for f in files {
        // PDFs and images are compressed already.
        let stored = [".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".zip"]
            .iter()
            .any(|ext| f.path.ends_with(ext));
        let options = if stored {
            options.compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        zip.start_file(format!("{folder}/{}", f.path), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(&f.bytes).map_err(|e| failed(&e))?;
    }
    let mut writer = zip.finish().map_err(|e| failed(&e))?;
    writer.flush().map_err(|e| failed(&e))?;
    drop(writer);
    std::fs::rename(&temporary, &target).map_err(|e| failed(&e))
}

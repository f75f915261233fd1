//! Whether a build would only write again what is already there: the
//! stamp a build leaves in `.awaaz-cache/built/` names everything it read
//! and everything it wrote, by size, times and inode. When both are as
//! they were, and the same awaaz with the same options asks, the build has
//! nothing to do.
//!
//! Every file of the site folder counts as read (outputs, caches and
//! hidden folders aside), not only those a build is known to read today:
//! a stamp that missed a new kind of input would leave an old page
//! published. A file changed in the last two seconds makes no stamp, as
//! its change might fall in the same tick of the file system's clock as
//! the build that read it; a build with a warning makes none either, so
//! its warnings are said again. A stamp that cannot be read or written
//! only costs the build it would have saved.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cache;
use crate::site::BuildOptions;

/// What a build found when it last wrote `out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub files: usize,
    pub pdfs: usize,
}

/// The inputs of a build, as they are when it starts.
pub struct Inputs {
    key: String,
    record: PathBuf,
}

const RACY: Duration = Duration::from_secs(2);

/// The inputs of a build of `site_dir` into `out` (and `print_only`
/// beside it); None when one is too new to trust its times (or cannot be
/// read).
pub fn inputs(
    site_dir: &Path,
    out: &Path,
    print_only: &Path,
    opts: &BuildOptions,
) -> Option<Inputs> {
    let started = SystemTime::now();
    let mut hash = blake3::Hasher::new();
    let exe = std::env::current_exe().ok()?;
    let abs = std::path::absolute(out).ok()?;
    hash.update(abs.as_os_str().as_encoded_bytes());
    add_file(&mut hash, &exe, Some(started))?;
    let options = [opts.drafts, opts.no_pdf, opts.offline, opts.unminified];
    hash.update(&options.map(u8::from));
    let site = std::path::absolute(site_dir).ok()?;
    let skip: Vec<PathBuf> = [
        abs.clone(),
        std::path::absolute(print_only).ok()?,
        super::zip_path(&abs),
        site.join("public"),
        site.join("offline"),
        site.join("print-only"),
        super::zip_path(&site.join("offline")),
    ]
    .into();
    let skip = |path: &Path, name: &std::ffi::OsStr| {
        name.as_encoded_bytes().starts_with(b".") || skip.iter().any(|s| s == path)
    };
    for (rel, kind) in listing(&site, true, &skip)? {
        if let Entry::File(meta) = kind {
            hash.update(rel.as_bytes());
            hash.update(&[0]);
            add_meta(&mut hash, &meta, Some(started))?;
        }
    }
    let key = hash.finalize().to_hex().to_string();
    let mut name = rustc_hash::FxHasher::default();
    name.write(abs.as_os_str().as_encoded_bytes());
    let record = site_dir
        .join(cache::FOLDER)
        .join("built")
        .join(format!("{:016x}", name.finish()));
    Some(Inputs { key, record })
}

/// Adds a file's size, times and inode; None when it changed less than
/// [`RACY`] before `started`.
fn add_file(hash: &mut blake3::Hasher, path: &Path, started: Option<SystemTime>) -> Option<()> {
    add_meta(hash, &std::fs::metadata(path).ok()?, started)
}

fn add_meta(
    hash: &mut blake3::Hasher,
    meta: &std::fs::Metadata,
    started: Option<SystemTime>,
) -> Option<()> {
    use std::os::unix::fs::MetadataExt as _;
    let changed = SystemTime::UNIX_EPOCH
        + Duration::new(meta.ctime().max(0) as u64, meta.ctime_nsec() as u32);
    if let Some(started) = started
        && started.duration_since(changed).is_ok_and(|age| age < RACY) | (changed > started)
    {
        return None;
    }
    for n in [
        meta.len() as i64,
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
        meta.ino() as i64,
    ] {
        hash.update(&n.to_le_bytes());
    }
    Some(())
}

/// What a folder holds at a path: a folder, a file (followed through
/// links) with its metadata, or anything else.
enum Entry {
    Folder,
    File(std::fs::Metadata),
    Other,
}

/// Everything under `root` but what `skip` says (given its path and
/// name), by path with `/`, sorted; folders are read, and files looked at,
/// in parallel. Links are followed when `follow` (as a build reads
/// through them). None when a folder cannot be read.
fn listing(
    root: &Path,
    follow: bool,
    skip: &(dyn Fn(&Path, &std::ffi::OsStr) -> bool + Sync),
) -> Option<Vec<(String, Entry)>> {
    use rayon::prelude::*;
    let mut all = Vec::new();
    let mut level = vec![String::new()];
    // A chain of folders deeper than this is a loop of links.
    for _ in 0..64 {
        if level.is_empty() {
            break;
        }
        let found: Vec<Vec<(String, Entry)>> = level
            .par_iter()
            .map(|folder| {
                let mut here = Vec::new();
                for entry in std::fs::read_dir(root.join(folder)).ok()? {
                    let entry = entry.ok()?;
                    let (path, name) = (entry.path(), entry.file_name());
                    if skip(&path, &name) {
                        continue;
                    }
                    let name = name.to_string_lossy();
                    let rel = if folder.is_empty() {
                        name.into_owned()
                    } else {
                        format!("{folder}/{name}")
                    };
                    let meta = if follow {
                        std::fs::metadata(&path)
                    } else {
                        std::fs::symlink_metadata(&path)
                    };
                    let kind = match meta {
                        Ok(m) if m.is_dir() => Entry::Folder,
                        Ok(m) if m.is_file() => Entry::File(m),
                        _ => Entry::Other,
                    };
                    here.push((rel, kind));
                }
                Some(here)
            })
            .collect::<Option<_>>()?;
        level = Vec::new();
        for (rel, kind) in found.into_iter().flatten() {
            if matches!(kind, Entry::Folder) {
                level.push(rel.clone());
            }
            all.push((rel, kind));
        }
    }
    all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(all)
}

/// What was written into `out` (and beside it) by a build: its files'
/// names, sizes, times and inodes.
fn outputs(out: &Path, print_only: &Path) -> Option<String> {
    let mut hash = blake3::Hasher::new();
    for dir in [out, print_only] {
        if !dir.exists() {
            hash.update(b"-");
            continue;
        }
        for (rel, kind) in listing(dir, false, &|_, _| false)? {
            hash.update(rel.as_bytes());
            hash.update(&[0]);
            if let Entry::File(meta) = kind {
                add_meta(&mut hash, &meta, None)?;
            }
        }
    }
    let zip = super::zip_path(out);
    if zip.exists() {
        add_file(&mut hash, &zip, None)?;
    }
    Some(hash.finalize().to_hex().to_string())
}

/// The counts of the last build into `out`, when it read the same
/// `inputs` and `out` and `print_only` hold what it wrote.
pub fn unchanged(out: &Path, print_only: &Path, inputs: &Inputs) -> Option<Counts> {
    let text = std::fs::read_to_string(&inputs.record).ok()?;
    let mut lines = text.lines();
    let (key, written) = (lines.next()?, lines.next()?);
    if key != inputs.key || written != outputs(out, print_only)? {
        return None;
    }
    let mut n = lines.map(|l| l.parse::<usize>().ok());
    Some(Counts {
        pages: n.next()??,
        files: n.next()??,
        pdfs: n.next()??,
    })
}

/// Records that the build that read `inputs` wrote `out` and
/// `print_only` (or forgets the last record, when `counts` is None).
pub fn record(out: &Path, print_only: &Path, inputs: &Inputs, counts: Option<&Counts>) {
    let _ = std::fs::remove_file(&inputs.record);
    let (Some(counts), Some(written)) = (counts, outputs(out, print_only)) else {
        return;
    };
    let Some(dir) = inputs.record.parent() else {
        return;
    };
    let text = format!(
        "{}\n{written}\n{}\n{}\n{}\n",
        inputs.key, counts.pages, counts.files, counts.pdfs
    );
    let tmp = inputs.record.with_extension(std::process::id().to_string());
    if std::fs::create_dir_all(dir).is_ok()
        && std::fs::write(&tmp, text).is_ok()
        && std::fs::rename(&tmp, &inputs.record).is_err()
    {
        let _ = std::fs::remove_file(&tmp);
    }
}

//! Writing the built site: swapping the new output in only when all of it
//! is ready, and the zip of the copy read from a folder ([`archive`]).
//!
//! Renderers hand over [`BuiltFile`]s in memory; this is the only module
//! that touches the output folder. The new site is made whole in a folder
//! beside it (the spare copy of the last build, updated) and swapped into
//! place, so a failed or interrupted build leaves the previous output as it
//! was.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::built::BuiltFile;
use crate::diagnostics::Diagnostic;

mod archive;
mod staging;
pub mod stamp;
pub use archive::{write_zip, zip_path};
pub use staging::Staging;

/// Refuses output folders whose replacement would destroy files of the
/// user's: the site itself, a folder holding it, or a non-empty folder that
/// does not look like a built site.
pub fn check_target(out: &Path, site_dir: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_abs, site_abs) = (abs(out), abs(site_dir));
    let refuse = |why: &str| {
        Err(
            Diagnostic::error(out, format!("will not write the site here: {why}"))
                .with_hint("choose an empty folder, or one an earlier build made, with --out DIR"),
        )
    };
    if site_abs.starts_with(&out_abs) {
        return refuse("this folder holds the site's own files");
    }
    for own in [
        "content",
        "static",
        "themes",
        "templates",
        "i18n",
        "print",
        "fonts",
    ] {
        if out_abs.starts_with(site_abs.join(own)) {
            return refuse(&format!("it is inside the site's `{own}/` folder"));
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(out)
            .map_err(|e| Diagnostic::error(out, format!("cannot read: {e}")))?;
        let empty = entries.next().is_none();
        if !empty && !looks_built(out) {
            return refuse("it has files that an awaaz build did not make");
        }
    } else if out.exists() {
        return refuse("it is a file, not a folder");
    }
    Ok(())
}

/// Whether `dir` looks like a site an awaaz build made: it has a home page
/// or a `404.html`.
fn looks_built(dir: &Path) -> bool {
    dir.join("index.html").is_file() || dir.join("404.html").is_file()
}

/// Writes `files` as the new content of `out`, atomically: the new site is
/// made complete in a folder beside `out` and swapped in at once, so a
/// failed or interrupted build leaves the previous output as it was.
///
/// The folder the new site is made in is kept after the swap as the spare
/// copy `.NAME.spare` (`.public.spare` beside `public/`), brought to the
/// same content as the new site. The next build updates the spare copy in
/// place, writing only the files that changed, and swaps it in: a rebuild
/// creates and deletes almost no files, which is what costs most when
/// thousands of pages are written (see `docs/decisions.md`). The spare
/// copy never holds anything the live site does not: a withdrawn page
/// leaves both.
pub fn write_site(out: &Path, files: &[BuiltFile]) -> Result<(), Diagnostic> {
    let staging = Staging::begin(out)?;
    if let Err(d) = files.par_iter().try_for_each(|f| staging.put(f)) {
        staging.abandon();
        return Err(d);
    }
    staging.commit()
}

/// The folders [`write_site`] keeps beside the output `public/`: the
/// staging folder `.public.new-PID` a build is made in, the retired one
/// `.public.old-PID` (only where folders cannot be swapped at once), and the
/// spare copy `.public.spare`.
struct Beside {
    parent: PathBuf,
    name: String,
}

impl Beside {
    fn of(out: &Path) -> Beside {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Beside { parent, name }
    }

    fn staging(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.new-{}", self.name, std::process::id()))
    }

    fn retired(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.old-{}", self.name, std::process::id()))
    }

    fn spare(&self) -> PathBuf {
        self.parent.join(format!(".{}.spare", self.name))
    }

    /// Removes staging and retired folders that an interrupted earlier
    /// build left (`.public.new-123`, `.public.old-123`).
    fn remove_leftovers(&self) {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return;
        };
        let prefixes = [
            format!(".{}.new-", self.name),
            format!(".{}.old-", self.name),
        ];
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let left_by_awaaz = prefixes.iter().any(|prefix| {
                file_name
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|pid| !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
            });
            if left_by_awaaz {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Swaps the folders `a` and `b`: at once where the system can (Linux),
/// else by three renames through `aside`, with a moment in which `b` is
/// missing.
fn exchange(a: &Path, b: &Path, aside: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            std::ffi::CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        let (ca, cb) = (c(a)?, c(b)?);
        // SAFETY: both paths are NUL-terminated strings that outlive the call.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if done == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        // File systems without the exchange get the renames below.
        if !matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(err);
        }
    }
    std::fs::rename(b, aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(aside, b);
        return Err(e);
    }
    // The new folder is in place now: this is not a failure to report. Left
    // where it is, `aside` goes with the next build's leftovers.
    let _ = std::fs::rename(aside, a);
    Ok(())
}

/// Brings `out`, which holds `before` (as an earlier call wrote it), to
/// hold `files`: writes only the files that are new or changed, and removes
/// those no longer built with any folder left empty. For a folder only
/// this process serves (`awaaz serve`); each file is replaced atomically,
/// but not the site as a whole, so `build` uses [`write_site`].
pub fn sync_site(out: &Path, before: &[BuiltFile], files: &[BuiltFile]) -> Result<(), Diagnostic> {
    let fail = |path: &str, e: std::io::Error| {
        Diagnostic::error(
            out.join(path),
            format!("cannot update the served site: {e}"),
        )
    };
    let old: HashMap<&str, &Arc<Vec<u8>>> =
        before.iter().map(|f| (f.path.as_str(), &f.bytes)).collect();
    let new: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    files
        .par_iter()
        .filter(|f| old.get(f.path.as_str()) != Some(&&f.bytes))
        .try_for_each(|f| {
            let target = out.join(&f.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| fail(&f.path, e))?;
            }
            let staging = target.with_file_name(format!(
                ".{}.new",
                target.file_name().unwrap_or_default().to_string_lossy()
            ));
            std::fs::write(&staging, f.bytes.as_slice())
                .and_then(|()| std::fs::rename(&staging, &target))
                .map_err(|e| fail(&f.path, e))
        })?;
    for gone in before.iter().filter(|f| !new.contains(f.path.as_str())) {
        let path = out.join(&gone.path);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail(&gone.path, e)),
        }
        // Folders left empty go too (a removed page's `stories/x/`).
        let mut folder = path.parent();
        while let Some(f) = folder.filter(|f| *f != out) {
            if std::fs::remove_dir(f).is_err() {
                break;
            }
            folder = f.parent();
        }
    }
    Ok(())
}

/// What a folder being mirrored holds at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Folder,
    /// A file of its own (no other hard link to it) and its length.
    File(u64),
    /// A file that shares its bytes with another name, a link, or
    /// anything else: replaced, never written through.
    Other,
}

/// Writes `bytes` over the file at `path`, keeping the file (and its inode).
fn overwrite(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)?.write_all(bytes)
}

/// Everything under `root` (nothing when it does not exist), by path with
/// `/`, without following links; folders are read in parallel.
fn walk(root: &Path) -> std::io::Result<HashMap<String, Found>> {
    let mut found = HashMap::new();
    if !std::fs::symlink_metadata(root).is_ok_and(|m| m.is_dir()) {
        return Ok(found);
    }
    let mut level = vec![String::new()];
    while !level.is_empty() {
        let entries: Vec<Vec<(String, Found)>> = level
            .par_iter()
            .map(|folder| {
                let mut here = Vec::new();
                for entry in std::fs::read_dir(root.join(folder))? {
                    let entry = entry?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let path = if folder.is_empty() {
                        name
                    } else {
                        format!("{folder}/{name}")
                    };
                    let kind = entry.file_type()?;
                    let found = if kind.is_dir() {
                        Found::Folder
                    } else if kind.is_file() {
                        let meta = entry.metadata()?;
                        if links(&meta) == 1 {
                            Found::File(meta.len())
                        } else {
                            Found::Other
                        }
                    } else {
                        Found::Other
                    };
                    here.push((path, found));
                }
                Ok(here)
            })
            .collect::<std::io::Result<_>>()?;
        level = Vec::new();
        for (path, kind) in entries.into_iter().flatten() {
            if kind == Found::Folder {
                level.push(path.clone());
            }
            found.insert(path, kind);
        }
    }
    Ok(found)
}

/// How many names a file has.
fn links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(check_target(dir.path(), dir.path()).is_err());
        assert!(check_target(&dir.path().join("content/x"), dir.path()).is_err());
        assert!(check_target(&dir.path().join("public"), dir.path()).is_ok());
    }
}

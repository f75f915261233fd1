//! The new site made file by file beside the live one, as the renderers
//! hand files over, and swapped in only when the whole build succeeded.
//!
//! A build no longer needs to hold every page in memory until the end:
//! each file is written into the staging folder (the spare copy of the
//! last build, claimed) as soon as it is rendered and checked, and then
//! dropped. The live output is not touched until [`Staging::commit`];
//! a build that fails calls [`Staging::abandon`], which takes back every
//! file and folder it wrote, so nothing of a failed build (a redacted
//! name, a withdrawn story) stays on disk, not even in the spare copy,
//! and the spare copy is as it was.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{Beside, Found, exchange, looks_built, overwrite, walk};
use crate::built::BuiltFile;
use crate::diagnostics::Diagnostic;
use crate::recall::lock;

/// A site being written into the folder beside `out`.
pub struct Staging {
    out: PathBuf,
    beside: Beside,
    root: PathBuf,
    /// What the staging folder held when it was claimed: the spare copy,
    /// as the last build left it.
    found: HashMap<String, Found>,
    /// Folders known to be there now.
    folders: Mutex<HashSet<String>>,
    /// Every file put: its path, whether its bytes differed from the
    /// spare's, and its length.
    put: Mutex<Vec<Put>>,
}

impl Staging {
    /// Claims the spare copy beside `out` (or starts an empty folder) for a
    /// new site.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let beside = Beside::of(out);
        let root = beside.staging();
        let fail = |what: &str, e: std::io::Error| Diagnostic::error(out, format!("{what}: {e}"));
        std::fs::create_dir_all(&beside.parent)
            .map_err(|e| fail("cannot make the output's parent folder", e))?;
        beside.remove_leftovers();
        // A folder of the spare's name that is not a built site is left alone.
        let spare = beside.spare();
        if std::fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir()) && looks_built(&spare) {
            let _ = std::fs::rename(&spare, &root);
        }
        let found = walk(&root)
            .and_then(|found| std::fs::create_dir_all(&root).map(|()| found))
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&root);
                fail("cannot make the new site's folder", e)
            })?;
        Ok(Staging {
            out: out.to_path_buf(),
            beside,
            root,
            found,
            folders: Mutex::new(HashSet::new()),
            put: Mutex::new(Vec::new()),
        })
    }

    /// Writes `file` into the new site, unless the spare copy holds it
    /// already, byte for byte. Safe to call from many threads at once.
    pub fn put(&self, file: &BuiltFile) -> Result<(), Diagnostic> {
        self.write(file).map_err(|e| {
            Diagnostic::error(
                self.out.join(&file.path),
                format!("cannot write the new site (the previous one is untouched): {e}"),
            )
        })
    }

    fn write(&self, file: &BuiltFile) -> std::io::Result<()> {
        self.make_folders(&file.path)?;
        let at = self.root.join(&file.path);
        let changed = match self.found.get(&file.path) {
            Some(Found::File(len)) => {
                let same = *len == file.bytes.len() as u64
                    && std::fs::read(&at).is_ok_and(|old| old == *file.bytes);
                if !same {
                    overwrite(&at, &file.bytes)?;
                }
                !same
            }
            Some(Found::Folder) => {
                std::fs::remove_dir_all(&at)?;
                std::fs::write(&at, file.bytes.as_slice())?;
                true
            }
            Some(Found::Other) => {
                std::fs::remove_file(&at)?;
                std::fs::write(&at, file.bytes.as_slice())?;
                true
            }
            None => {
                std::fs::write(&at, file.bytes.as_slice())?;
                true
            }
        };
        lock(&self.put).push((file.path.clone(), changed, file.bytes.len() as u64));
        Ok(())
    }

    /// Makes the folders above `path`, replacing a file of the spare copy
    /// where a folder goes now.
    fn make_folders(&self, path: &str) -> std::io::Result<()> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        if lock(&self.folders).contains(folder) {
            return Ok(());
        }
        self.make_folders(folder)?;
        let at = self.root.join(folder);
        match self.found.get(folder) {
            Some(Found::Folder) => {}
            Some(Found::File(_) | Found::Other) => {
                if std::fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(&at)?;
                }
                create_folder(&at)?;
            }
            None => create_folder(&at)?,
        }
        lock(&self.folders).insert(folder.to_string());
        Ok(())
    }

    /// Removes what the spare copy held and this build did not make, puts
    /// the new site in place of `out` at once, and keeps the previous site
    /// as the spare copy, brought to the same content.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let fail = |what: &str, e: std::io::Error| {
            let _ = std::fs::remove_dir_all(&self.root);
            Diagnostic::error(&self.out, format!("{what}: {e}"))
        };
        let mut put = std::mem::take(&mut *lock(&self.put));
        put.sort_unstable();
        let paths: Vec<&str> = put.iter().map(|(p, ..)| p.as_str()).collect();
        if let Err(e) = remove_others(&self.root, &self.found, &paths) {
            return Err(fail(
                "cannot write the new site (the previous one is untouched)",
                e,
            ));
        }
        if !self.out.exists() {
            return std::fs::rename(&self.root, &self.out)
                .map_err(|e| fail("cannot put the new site in place", e));
        }
        exchange(&self.root, &self.out, &self.beside.retired()).map_err(|e| {
            fail(
                "cannot put the new site in place (the previous one is untouched)",
                e,
            )
        })?;
        // `root` now holds the previous site: it becomes the spare copy, the
        // same as the new one, or goes.
        let kept = keep_as_spare(&self.root, &self.out, &put)
            .and_then(|()| std::fs::rename(&self.root, self.beside.spare()));
        if kept.is_err() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
        Ok(())
    }

    /// Takes back every file this build wrote: the build failed, and
    /// nothing of it (a redacted name, a page since withdrawn) may stay on
    /// disk. Each file it changed is the live site's again (the spare copy
    /// was the same as the live site), or goes when the live site has no
    /// such file; so the spare copy is as it was. When a file cannot be
    /// taken back, the whole folder goes.
    pub fn abandon(self) {
        let put = std::mem::take(&mut *lock(&self.put));
        let restored = put
            .par_iter()
            .filter(|(_, changed, _)| *changed)
            .try_for_each(|(path, ..)| {
                let (at, live) = (self.root.join(path), self.out.join(path));
                let is_file = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
                if is_file(&live) {
                    overwrite(&at, &std::fs::read(&live)?)
                } else {
                    std::fs::remove_file(&at)
                }
            });
        // Folders this build made, deepest first: their names are its too.
        let mut made: Vec<String> = lock(&self.folders)
            .iter()
            .filter(|f| self.found.get(f.as_str()) != Some(&Found::Folder))
            .cloned()
            .collect();
        made.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
        let emptied = made
            .iter()
            .all(|f| std::fs::remove_dir(self.root.join(f)).is_ok());
        let kept = restored.is_ok()
            && emptied
            && looks_built(&self.root)
            && std::fs::rename(&self.root, self.beside.spare()).is_ok();
        if !kept {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// A file put into the new site: its path, whether its bytes differed
/// from the spare copy's, and its length.
type Put = (String, bool, u64);

fn create_folder(at: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(at) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

/// Removes from `root` everything `found` there that is neither one of
/// `paths` (sorted) nor a folder above one.
fn remove_others(
    root: &Path,
    found: &HashMap<String, Found>,
    paths: &[&str],
) -> std::io::Result<()> {
    use std::io::ErrorKind::{NotADirectory, NotFound};
    let wanted: HashSet<&str> = paths.iter().copied().collect();
    let mut folders: HashSet<&str> = HashSet::new();
    for path in paths {
        let mut path = *path;
        while let Some((up, _)) = path.rsplit_once('/') {
            if !folders.insert(up) {
                break;
            }
            path = up;
        }
    }
    let mut gone: Vec<(&String, Found)> = found
        .iter()
        .filter(|(path, kind)| match kind {
            Found::Folder => !folders.contains(path.as_str()),
            Found::File(_) | Found::Other => !wanted.contains(path.as_str()),
        })
        .map(|(path, kind)| (path, *kind))
        .collect();
    gone.sort_by_key(|(path, _)| *path);
    let mut removed: Option<&str> = None;
    for (path, kind) in gone {
        if removed.is_some_and(|r| {
            path.strip_prefix(r)
                .is_some_and(|rest| rest.starts_with('/'))
        }) {
            continue;
        }
        let at = root.join(path);
        let on_disk = std::fs::symlink_metadata(&at);
        let done = match (kind, on_disk) {
            // Its files go with it. (A folder that is a file now, written
            // by `put`, took them already.)
            (Found::Folder, Ok(m)) => {
                removed = Some(path);
                if m.is_dir() {
                    std::fs::remove_dir_all(&at)
                } else {
                    Ok(())
                }
            }
            // A file where a folder goes now was replaced by `put` already.
            (Found::File(_) | Found::Other, Ok(m)) if !m.is_dir() => std::fs::remove_file(&at),
            _ => Ok(()),
        };
        // Gone already with a folder above it.
        match done {
            Err(e) if !matches!(e.kind(), NotFound | NotADirectory) => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Brings `spare`, the previous site, to what `live` holds now: copies the
/// files this build changed or that `spare` lacks or holds at another
/// length (edited by hand), and removes what the new site does not have.
/// `put` is every file of the new site, sorted.
fn keep_as_spare(spare: &Path, live: &Path, put: &[Put]) -> std::io::Result<()> {
    let found = walk(spare)?;
    let paths: Vec<&str> = put.iter().map(|(p, ..)| p.as_str()).collect();
    remove_others(spare, &found, &paths)?;
    let mut folders: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.rsplit_once('/').map(|(f, _)| f))
        .collect();
    folders.dedup();
    for folder in folders {
        if found.get(folder) != Some(&Found::Folder) {
            std::fs::create_dir_all(spare.join(folder))?;
        }
    }
    put.par_iter().try_for_each(|(path, changed, len)| {
        let lacks = !matches!(found.get(path), Some(Found::File(_)));
        if *changed || found.get(path) != Some(&Found::File(*len)) {
            let at = spare.join(path);
            if lacks && std::fs::symlink_metadata(&at).is_ok() {
                // Anything else of that name, a link included.
                std::fs::remove_file(&at)?;
            }
            let bytes = std::fs::read(live.join(path))?;
            if lacks {
                std::fs::write(&at, bytes)?;
            } else {
                overwrite(&at, &bytes)?;
            }
        }
        Ok(())
    })
}

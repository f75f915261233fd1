//! A cache of expensive results (typeset PDFs, re-encoded images), kept in
//! `.awaaz-cache/` in the site folder and keyed by a hash of every input.
//!
//! The cache only ever saves time: a missing, unreadable or unwritable cache
//! means the work is done again, never that a build fails or goes wrong.

use std::path::{Path, PathBuf};

/// The folder, inside a site, that holds every cache.
pub const FOLDER: &str = ".awaaz-cache";

/// One kind of cached result (`pdf`, `images`), stored as files named by key.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(site_dir: &Path, kind: &str) -> Self {
        Cache {
            dir: site_dir.join(FOLDER).join(kind),
        }
    }

    /// A key for a list of inputs. Each part is length-prefixed, so
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    pub fn key(parts: &[&[u8]]) -> String {
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.finalize().to_hex()[..32].to_string()
    }

    fn path(&self, key: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{ext}"))
    }

    pub fn get(&self, key: &str, ext: &str) -> Option<Vec<u8>> {
        std::fs::read(self.path(key, ext)).ok()
    }

    /// Stores a result. Written to a temporary name and renamed, so a
    /// reader never sees half a file; failures are ignored.
    pub fn put(&self, key: &str, ext: &str, bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self
            .dir
            .join(format!(".{key}.{ext}.{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok()
            && std::fs::rename(&tmp, self.path(key, ext)).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart_in_keys() {
        assert_ne!(Cache::key(&[b"ab", b"c"]), Cache::key(&[b"a", b"bc"]));
        assert_eq!(Cache::key(&[b"x"]), Cache::key(&[b"x"]));
    }

    #[test]
    fn stores_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path(), "pdf");
        assert_eq!(cache.get("k", "pdf"), None);
        cache.put("k", "pdf", b"bytes");
        assert_eq!(cache.get("k", "pdf").as_deref(), Some(&b"bytes"[..]));
    }
}

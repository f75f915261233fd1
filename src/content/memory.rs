//! What loading keeps from one build for the next, when the pipeline hands
//! it a [`DocumentMemory`]: each Markdown file's text and the document read
//! from it, with what the reading depended on besides the file (its
//! folder's kind after the section cascade).
//!
//! A file is read again when its size or modification time changed, and
//! parsed again when its text or its place changed; its entry is dropped
//! beforehand when it is known to have changed.

use std::path::{Path, PathBuf};

use super::{
    Document, FolderKinds, INDEX_STEM, Place, Source, Stamp, content_path, read_document,
    read_text, stamp_of,
};
use crate::diagnostics::Diagnostic;
use crate::recall::Recall;

/// Each Markdown file's last reading, by its path inside `content/`.
pub type DocumentMemory = Recall<PathBuf, DocumentMemo>;

/// A Markdown file read as a document, and what the reading depended on
/// besides the file: the kind its folder has after the section cascade.
pub struct DocumentMemo {
    /// The file's size and modification time when `text` was read.
    pub(super) stamp: Option<Stamp>,
    pub(super) text: String,
    pub(super) place: Place,
    pub(super) result: Result<(Document, Vec<Diagnostic>), Diagnostic>,
}

/// Makes the file `rel` (inside `content/`) be read again, whatever its
/// size and modification time say (a file rewritten with the same size
/// within the clock's tick). Its last reading stays, to compare with.
pub fn read_again(memory: &DocumentMemory, rel: &Path) {
    memory.change_last(&rel.to_path_buf(), |memo| memo.stamp = None);
}

/// The file's text as the last build read it, when its size and
/// modification time are as they were then (and the file was not named
/// as changed: its stamp is then forgotten, [`read_again`]); else
/// [`read_text`].
pub(super) fn recall_text(
    site_dir: &Path,
    mut source: Source,
    memory: &DocumentMemory,
) -> Result<Source, Diagnostic> {
    // Taken before reading: a change while reading shows as a new stamp.
    let stamp = stamp_of(&site_dir.join(content_path(&source.rel)));
    let key = PathBuf::from(&source.rel);
    // Only an `_index`'s text is needed before its document is recalled
    // (for the section cascade); others' stay in the memory.
    let index = source.stem == INDEX_STEM;
    let kept = stamp.and_then(|stamp| {
        memory
            .with_last(&key, |memo| {
                (memo.stamp == Some(stamp)).then(|| index.then(|| memo.text.clone()))
            })
            .flatten()
    });
    match kept {
        Some(text) => {
            source.text = text.unwrap_or_default();
            source.unchanged = true;
        }
        None => source = read_text(site_dir, source)?,
    }
    source.stamp = stamp;
    Ok(source)
}

/// [`read_document`], or last build's result when the file and its
/// folder's kind are as they were.
pub(super) fn recall_document(
    site_dir: &Path,
    memory: &DocumentMemory,
    mut source: Source,
    folders: &FolderKinds,
) -> Result<(Document, Vec<Diagnostic>), Diagnostic> {
    let key = PathBuf::from(&source.rel);
    let place = folders.place(&source.folder);
    if let Some(memo) = memory.take(&key) {
        if memo.place == place && (source.unchanged || memo.text == source.text) {
            let memo = DocumentMemo {
                stamp: source.stamp,
                ..memo
            };
            let result = memo.result.clone();
            memory.keep(key, memo);
            return result;
        }
        if source.unchanged {
            // Same file, new place (its section's kind changed).
            source.text = memo.text;
            source.unchanged = false;
        }
    }
    if source.unchanged {
        // Never expected (the memory had its text a moment ago), but
        // a document is never read from an empty text.
        source = read_text(site_dir, source)?;
    }
    let (text, stamp) = (source.text.clone(), source.stamp);
    let result = read_document(source, folders);
    memory.keep(
        key,
        DocumentMemo {
            stamp,
            text,
            place,
            result: result.clone(),
        },
    );
    result
}

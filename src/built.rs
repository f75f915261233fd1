//! A file of the built site, in memory: what every renderer returns and
//! what [`crate::safety`] reads and [`crate::output`] writes.
//!
//! A plain type: nothing here touches the disk.

use std::sync::Arc;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltFile {
    /// Path inside the output folder, with `/`, no leading `/`.
    pub path: String,
    /// Shared: a page a rebuild recalls is the same bytes as last time,
    /// neither copied nor compared byte by byte.
    pub bytes: Arc<Vec<u8>>,
    /// The text a reader sees, for files whose bytes don't show it plainly
    /// (a PDF's compressed streams). Safety checks such as redaction read
    /// this instead of the bytes.
    pub text: Option<String>,
}

impl BuiltFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::shared(path, Arc::new(bytes.into()))
    }

    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Self {
        BuiltFile {
            path: path.into(),
            bytes,
            text: None,
        }
    }
}

/// Where a renderer hands each file as soon as it is made, from any of
/// its threads: the build checks it, writes it and lets it go, so the
/// whole site is never in memory at once.
pub type Sink<'a> = dyn Fn(BuiltFile) + Sync + 'a;

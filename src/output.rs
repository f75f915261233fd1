//! Writing the built site: minifying, and swapping the new output in only
//! when all of it is ready.
//!
//! Renderers hand over [`OutputFile`]s in memory; this is the only module
//! that touches the output folder. The new site is written to a temporary
//! folder beside it and renamed into place, so a failed or interrupted build
//! leaves the previous output as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, with `/`, no leading `/`.
    pub path: String,
    /// Shared: a page a serve session recalls is the same bytes as last
    /// time, neither copied nor compared byte by byte.
    pub bytes: Arc<Vec<u8>>,
    /// The text a reader sees, for files whose bytes don't show it plainly
    /// (a PDF's compressed streams). Safety checks such as redaction read
    /// this instead of the bytes.
    pub text: Option<String>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::shared(path, Arc::new(bytes.into()))
    }

    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
            text: None,
        }
    }
}

fn html_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        ..minify_html::Cfg::default()
    }
}

pub fn minify_html(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), &html_cfg())
}

/// Minifies a style sheet. minify-html minifies CSS inside `<style>`, so the
/// sheet is wrapped in one and unwrapped again.
pub fn minify_css(css: &str) -> Vec<u8> {
    let wrapped = format!("<style>{css}</style>");
    let out = minify_html::minify(wrapped.as_bytes(), &html_cfg());
    let text = String::from_utf8_lossy(&out);
    let inner = text
        .strip_prefix("<style>")
        .map(|t| t.strip_suffix("</style>").unwrap_or(t));
    match inner {
        Some(css) if !css.is_empty() => css.as_bytes().to_vec(),
        _ => css.as_bytes().to_vec(),
    }
}

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
        let built = out.join("index.html").is_file() || out.join("404.html").is_file();
        if !empty && !built {
            return refuse("it has files that an awaaz build did not make");
        }
    } else if out.exists() {
        return refuse("it is a file, not a folder");
    }
    Ok(())
}

/// Writes `files` as the new content of `out`, atomically.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let retired = parent.join(format!(".{name}.old-{pid}"));
    let fail = |what: &str, e: std::io::Error| Diagnostic::error(out, format!("{what}: {e}"));

    std::fs::create_dir_all(&parent)
        .map_err(|e| fail("cannot make the output's parent folder", e))?;
    remove_leftovers(&parent, &name);
    let previous = out.is_dir().then_some(out);
    if let Err(e) = write_tree(&staging, files, previous) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(
            "cannot write the new site (the previous one is untouched)",
            e,
        ));
    }
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &retired).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            fail("cannot move the previous site aside (it is untouched)", e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if had_old {
            let _ = std::fs::rename(&retired, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(fail(
            "cannot put the new site in place (the previous one is restored)",
            e,
        ));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&retired);
    }
    Ok(())
}

/// Brings `out`, which holds `before` (as an earlier call wrote it), to
/// hold `files`: writes only the files that are new or changed, and removes
/// those no longer built with any folder left empty. For a folder only
/// this process serves (`awaaz serve`); each file is replaced atomically,
/// but not the site as a whole, so `build` uses [`write_site`].
pub fn sync_site(
    out: &Path,
    before: &[OutputFile],
    files: &[OutputFile],
) -> Result<(), Diagnostic> {
    let fail = |path: &str, e: std::io::Error| {
        Diagnostic::error(
            out.join(path),
            format!("cannot update the served site: {e}"),
        )
    };
    let old: std::collections::HashMap<&str, &Arc<Vec<u8>>> =
        before.iter().map(|f| (f.path.as_str(), &f.bytes)).collect();
    let new: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
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

/// Writes `files` under `root`. A file whose bytes are the same as in the
/// `previous` output is hard-linked from it instead of written: the swap
/// stays atomic (nothing is ever changed in place), and a rebuild costs far
/// fewer new inodes, which dominate the time of writing thousands of small
/// files on ext4 shortly after the old ones were deleted.
/// Removes staging and retired folders that an interrupted earlier build
/// left beside the output (`.public.new-123`, `.public.old-123`).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
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

fn write_tree(root: &Path, files: &[OutputFile], previous: Option<&Path>) -> std::io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| root.join(p)))
        .collect();
    dirs.push(root.to_path_buf());
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|f| {
        let target = root.join(&f.path);
        if let Some(old) = previous.map(|p| p.join(&f.path))
            && unchanged(&old, &f.bytes)
            && std::fs::hard_link(&old, &target).is_ok()
        {
            return Ok(());
        }
        std::fs::write(target, f.bytes.as_slice())
    })
}

fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(old) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(old).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_survives_minifying() {
        let css = "body {\n  color: #000000;\n}\n[dir=rtl] .x { margin-left: 0 }\n";
        let out = String::from_utf8(minify_css(css)).unwrap();
        assert!(out.len() < css.len());
        assert!(out.contains("body{"), "{out}");
        assert!(out.contains("[dir=rtl]"), "{out}");
    }

    #[test]
    fn refuses_to_replace_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(check_target(dir.path(), dir.path()).is_err());
        assert!(check_target(&dir.path().join("content/x"), dir.path()).is_err());
        assert!(check_target(&dir.path().join("public"), dir.path()).is_ok());
    }
}

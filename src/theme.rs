//! The theme: templates, print templates, interface strings, static files and
//! fonts, from `themes/NAME/` in the site or, for `default`, from the copy
//! built into the binary. A site's own `templates/`, `print/`, `i18n/` and
//! `fonts/` override single files of the theme.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The default theme, as it was when this binary was built.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One file of the theme, with where it came from (for messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub source: PathBuf,
    /// The built-in theme's files are read where the program holds them,
    /// not copied (its fonts alone are megabytes).
    pub bytes: std::borrow::Cow<'static, [u8]>,
}

#[derive(Debug, Default)]
pub struct Theme {
    /// Path inside the theme (`templates/base.html`) → file.
    files: BTreeMap<String, ThemeFile>,
    /// Site overrides, same keys.
    overrides: BTreeMap<String, ThemeFile>,
}

impl Theme {
    pub fn load(site_dir: &Path, config: &Config, diags: &mut Diagnostics) -> Theme {
        let mut theme = Theme::default();
        let dir = Path::new("themes").join(&config.theme);
        if site_dir.join(&dir).is_dir() {
            read_tree(site_dir, &dir, "", &mut theme.files, diags);
        } else if config.theme == "default" {
            embedded(&DEFAULT_THEME, &dir, &mut theme.files);
        } else {
            diags.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("there is no theme `{}`", config.theme),
                )
                .with_hint(format!(
                    "make the folder {} or use `theme: default`",
                    dir.display()
                )),
            );
        }
        for own in ["templates", "i18n", "print", "fonts"] {
            if site_dir.join(own).is_dir() {
                read_tree(site_dir, Path::new(own), own, &mut theme.overrides, diags);
            }
        }
        theme
    }

    /// Web templates by name (`base.html`), site overrides applied.
    pub fn templates(&self) -> BTreeMap<String, &ThemeFile> {
        let mut out = BTreeMap::new();
        for (path, file) in self.files.iter().chain(self.overrides.iter()) {
            if let Some(name) = path.strip_prefix("templates/") {
                out.insert(name.to_string(), file);
            }
        }
        out
    }

    /// Print templates (`issue.typ`) and what they import, by their path
    /// inside `print/`, site overrides applied.
    pub fn print_files(&self) -> BTreeMap<&str, &ThemeFile> {
        self.under("print/")
    }

    /// The theme's fonts and a site's own `fonts/`, by path inside `fonts/`.
    pub fn font_files(&self) -> BTreeMap<&str, &ThemeFile> {
        let mut fonts = self.under("fonts/");
        fonts.retain(|name, _| {
            let lower = name.to_ascii_lowercase();
            [".ttf", ".otf", ".ttc", ".otc"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        });
        fonts
    }

    fn under(&self, folder: &str) -> BTreeMap<&str, &ThemeFile> {
        let mut out = BTreeMap::new();
        for (path, file) in self.files.iter().chain(self.overrides.iter()) {
            if let Some(name) = path.strip_prefix(folder) {
                out.insert(name, file);
            }
        }
        out
    }

    /// The theme's strings for `lang`, then the site's, in that order.
    pub fn i18n_files(&self, lang: &str) -> Vec<&ThemeFile> {
        let key = format!("i18n/{lang}.yaml");
        self.files
            .get(&key)
            .into_iter()
            .chain(self.overrides.get(&key))
            .collect()
    }

    /// Every file of the theme and of the site's overrides.
    pub fn files(&self) -> impl Iterator<Item = &ThemeFile> {
        self.files.values().chain(self.overrides.values())
    }

    /// Files under the theme's `static/`, by their path in the output.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(p, f)| p.strip_prefix("static/").map(|rest| (rest, f)))
    }
}

fn embedded(dir: &Dir<'static>, shown_as: &Path, into: &mut BTreeMap<String, ThemeFile>) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => embedded(d, shown_as, into),
            include_dir::DirEntry::File(f) => {
                let rel = f.path().to_string_lossy().replace('\\', "/");
                into.insert(
                    rel.clone(),
                    ThemeFile {
                        source: shown_as.join(&rel),
                        bytes: std::borrow::Cow::Borrowed(f.contents()),
                    },
                );
            }
        }
    }
}

fn read_tree(
    site_dir: &Path,
    dir: &Path,
    prefix: &str,
    into: &mut BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) {
    let root = site_dir.join(dir);
    for entry in walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    dir,
                    format!("cannot read the theme: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let key = if prefix.is_empty() {
            rel.clone()
        } else {
            format!("{prefix}/{rel}")
        };
        let source = dir.join(&rel);
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                into.insert(
                    key,
                    ThemeFile {
                        source,
                        bytes: bytes.into(),
                    },
                );
            }
            Err(e) => diags.push(Diagnostic::error(source, format!("cannot read: {e}"))),
        }
    }
}

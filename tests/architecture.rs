//! The layers of `docs/architecture.md`, checked on the source itself: the
//! two renderers never import each other, the shared rendering layer
//! imports neither, loading and the model never name the server or its
//! memory, rendering never names the writer, and no two files of
//! different folders import each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, by its path from the crate root
/// (`src/render/web/mod.rs`), with its code: comments taken out, and the
/// unit tests at the end of a file too (they may use anything).
fn sources() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = BTreeMap::new();
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, code_of(&text));
            }
        }
    }
    files
}

fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each file under one of `folders` whose code names one of `needles`,
/// with the name: what a rule forbids, found.
fn naming(files: &BTreeMap<String, String>, folders: &[&str], needles: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|(path, _)| folders.iter().any(|f| path.starts_with(f)))
        .flat_map(|(path, code)| {
            needles
                .iter()
                .filter(|needle| code.contains(**needle))
                .map(move |needle| format!("{path} names `{needle}`"))
        })
        .collect()
}

const NOTHING: Vec<String> = Vec::new();

#[test]
fn the_two_renderers_never_import_each_other() {
    let files = sources();
    assert!(!files.is_empty());
    // `super::` from a renderer's own mod.rs reaches the shared layer, so
    // look for the sibling's name after it too.
    let web = ["render::web", "super::web"];
    let print = ["render::print", "super::print"];
    assert_eq!(naming(&files, &["src/render/print/"], &web), NOTHING);
    assert_eq!(naming(&files, &["src/render/web/"], &print), NOTHING);
}

#[test]
fn the_shared_rendering_layer_imports_neither_renderer() {
    let files = sources();
    let shared: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("src/render/") && p.matches('/').count() == 2)
        .collect();
    assert!(shared.iter().any(|p| p.ends_with("plan.rs")), "{shared:?}");
    for path in shared {
        let code = &files[path];
        for renderer in ["web", "print"] {
            let uses = code.contains(&format!("render::{renderer}"))
                || code.contains(&format!("super::{renderer}"))
                || code.contains(&format!("use {renderer}::"));
            assert!(!uses, "{path} imports the {renderer} renderer");
        }
    }
}

#[test]
fn loading_and_the_model_know_nothing_of_the_server() {
    let files = sources();
    let server = ["serve::", "incremental", "Session", "memory::Memory"];
    assert_eq!(
        naming(&files, &["src/content/", "src/site.rs"], &server),
        NOTHING
    );
}

#[test]
fn rendering_never_writes() {
    let files = sources();
    let writing = [
        "crate::output",
        "write_site",
        "sync_site",
        "write_zip",
        "offline",
    ];
    assert_eq!(naming(&files, &["src/render/"], &writing), NOTHING);
    // Only the pipeline and the serve session call the writer.
    let callers: BTreeSet<&str> = files
        .iter()
        .filter(|(path, code)| {
            !path.starts_with("src/output/")
                && (code.contains("write_site(") || code.contains("sync_site("))
        })
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        callers,
        BTreeSet::from(["src/lib.rs", "src/serve/session.rs"])
    );
}

/// The module path of a file: `src/render/web/mod.rs` → `render::web`.
fn module_of(path: &str) -> Vec<String> {
    let trimmed = path.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Which files each file imports through `crate::` and `super::` paths.
fn imports(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let by_module: BTreeMap<Vec<String>, String> = files
        .keys()
        .filter(|p| p.as_str() != "src/main.rs")
        .map(|p| (module_of(p), p.clone()))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in files {
        let me = module_of(path);
        for (at, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            if code[..at].ends_with("::") || code[..at].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let rest = &code[at..];
            let (base, rest) = rest.split_once("::").unwrap_or((rest, ""));
            let mut parts: Vec<String> = if base.ends_with("super") {
                me[..me.len().saturating_sub(1)].to_vec()
            } else {
                Vec::new()
            };
            for segment in rest.split("::") {
                let name: String = segment
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name.is_empty() {
                    break;
                }
                parts.push(name);
            }
            let target = (0..=parts.len())
                .rev()
                .find_map(|n| by_module.get(&parts[..n]))
                .filter(|t| *t != path);
            if let Some(target) = target {
                edges
                    .entry(path.clone())
                    .or_default()
                    .insert(target.clone());
            }
        }
    }
    // The crate root names its modules without `crate::`.
    let root = "src/lib.rs";
    for (module, target) in &by_module {
        let [name] = module.as_slice() else { continue };
        let named = files[root]
            .match_indices(&format!("{name}::"))
            .any(|(at, _)| {
                !files[root][..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
            });
        if named && target != root {
            edges
                .entry(root.to_string())
                .or_default()
                .insert(target.clone());
        }
    }
    edges
}

/// Whether `to` can be reached from `from` along `edges`.
fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(at) = todo.pop() {
        if at == to {
            return true;
        }
        if seen.insert(at.clone()) {
            todo.extend(edges.get(&at).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn no_import_circle_crosses_folders() {
    let files = sources();
    let edges = imports(&files);
    // The reading itself must see the layers: the web renderer imports
    // the shared links, the pipeline imports the writer.
    assert!(edges["src/render/web/mod.rs"].contains("src/render/links.rs"));
    assert!(edges["src/lib.rs"].contains("src/output/mod.rs"));
    assert!(edges["src/serve/session.rs"].contains("src/lib.rs"));
    let folder = |p: &str| PathBuf::from(p).parent().map(Path::to_path_buf);
    let mut circles = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            if folder(from) != folder(to) && reaches(&edges, to, from) {
                circles.push(format!("{from} → {to} → … → {from}"));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles across folders:\n{}",
        circles.join("\n")
    );
}

//! `build --offline`: the sample site as a folder that works from a USB stick
//! (every link relative, to a file that exists) and as a zip of it.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use awaaz::BuildOptions;
use common::*;

/// Every address in an `href`, `src` or `srcset` of minified HTML.
fn addresses(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["a", "link", "img", "source", "script", "form"] {
        for attr in ["href", "src", "srcset", "action"] {
            for value in attrs(html, tag, attr) {
                if attr == "srcset" {
                    out.extend(
                        value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .map(str::to_string),
                    );
                } else {
                    out.push(value);
                }
            }
        }
    }
    out
}

fn is_elsewhere(address: &str) -> bool {
    address.starts_with("https://")
        || address.starts_with("http://")
        || address.starts_with("mailto:")
        || address.starts_with("whatsapp:")
        || address.starts_with('#')
}

#[test]
fn every_link_of_the_offline_copy_leads_to_a_file_and_the_zip_holds_it_all() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("offline");
    let report = awaaz::build(
        repo,
        &out,
        &BuildOptions {
            offline: true,
            ..BuildOptions::default()
        },
    );
    assert_ok(&report);
    let files = tree(&out);
    let mut followed = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let folder = Path::new(path).parent().unwrap_or(Path::new(""));
        for address in addresses(&html) {
            if is_elsewhere(&address) {
                continue;
            }
            assert!(
                !address.starts_with('/'),
                "{path} links to {address}, which a file:// page cannot follow"
            );
            let file = address.split(['#', '?']).next().unwrap();
            let mut target = out.join(folder);
            for part in file.split('/') {
                match part {
                    ".." => {
                        assert!(target.pop(), "{path}: {address} leaves the copy");
                    }
                    "." | "" => {}
                    p => target.push(p),
                }
            }
            assert!(
                target.starts_with(&out) && target.is_file(),
                "{path} links to {address}, which is not a file of the copy"
            );
            followed += 1;
        }
    }
    assert!(followed > 1000, "only {followed} links were followed");
    // Folder links name the file, so they open without a web server.
    let home = String::from_utf8_lossy(&files["index.html"]).into_owned();
    assert!(home.contains("hi/index.html"), "{home}");
    assert!(home.contains("about/index.html"));
    // PDFs come along; print-only stories do not.
    assert!(files.keys().any(|p| p.ends_with(".pdf")));
    assert!(!out.with_file_name("print-only").exists());

    let zip_path = dir.path().join("offline.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut in_zip = BTreeSet::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let rel = name
            .strip_prefix("offline/")
            .unwrap_or_else(|| panic!("{name} is not inside the offline/ folder"))
            .to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, files[&rel], "{rel} differs in the zip");
        in_zip.insert(rel);
    }
    assert_eq!(in_zip, files.keys().cloned().collect::<BTreeSet<_>>());
    // The same site gives the same zip (deleted, so that the build, which
    // would otherwise find nothing changed, makes it again).
    let first = std::fs::read(&zip_path).unwrap();
    std::fs::remove_file(&zip_path).unwrap();
    assert_ok(&awaaz::build(
        repo,
        &out,
        &BuildOptions {
            offline: true,
            ..BuildOptions::default()
        },
    ));
    assert_eq!(first, std::fs::read(&zip_path).unwrap());
}

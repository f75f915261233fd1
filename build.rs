//! The default theme, the sample content and `site.yaml` are built into the
//! binary (for `awaaz new site` and sites without a theme folder). Tell
//! cargo to rebuild when they change, so the built-in copy is never stale.

fn main() {
    for path in ["themes/default", "content", "site.yaml", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
}

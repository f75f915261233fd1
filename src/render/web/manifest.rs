//! The web app manifest of each language (`manifest.webmanifest`,
//! `/hi/manifest.webmanifest`): the site's name in the language, its home
//! page and the theme's icons, so "Add to home screen" on a phone makes an
//! icon with the name the reader reads.

use crate::built::BuiltFile;
use crate::site::Site;

/// The icons of the default theme (a site's `static/` may replace them).
const ICONS: [(&str, &str, &str); 2] = [
    ("/icon-192.png", "192x192", "image/png"),
    ("/icon-512.png", "512x512", "image/png"),
];

/// One manifest for each language that has a home page.
pub fn manifests(site: &Site) -> Vec<BuiltFile> {
    site.home_languages()
        .map(|code| {
            let prefix = site.config.lang_prefix(code);
            let name = site.config.localized(&site.config.title, code);
            let icons: Vec<String> = ICONS
                .iter()
                .map(|(path, sizes, kind)| {
                    format!(
                        "{{\"src\":{},\"sizes\":\"{sizes}\",\"type\":\"{kind}\"}}",
                        json_string(&site.href(path))
                    )
                })
                .collect();
            let json = format!(
                "{{\"name\":{name},\"short_name\":{name},\"lang\":{lang},\"dir\":\"{dir}\",\"start_url\":{start},\"scope\":{scope},\"display\":\"standalone\",\"background_color\":\"#ffffff\",\"theme_color\":\"#9b1c1c\",\"icons\":[{icons}]}}\n",
                name = json_string(name),
                lang = json_string(code),
                dir = site.config.dir(code).as_str(),
                start = json_string(&site.href(&format!("{prefix}/"))),
                scope = json_string(&site.href("/")),
                icons = icons.join(","),
            );
            let path = format!("{prefix}/manifest.webmanifest");
            BuiltFile::new(path.trim_start_matches('/'), json)
        })
        .collect()
}

/// `text` as a JSON string, quoted and escaped.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a \"b\" \\ \n"), "\"a \\\"b\\\" \\\\ \\u000a\"");
        assert_eq!(json_string("रेड लाइट"), "\"रेड लाइट\"");
    }
}

//! `awaaz new language CODE`: the language added to `site.yaml` (its
//! comments and layout kept: one line is inserted) and `i18n/CODE.yaml`
//! written with every interface string left empty to translate, the text
//! that shows until then beside each as a comment (the fallback's, or the
//! theme's own when it has the language). An empty string counts as
//! missing, so that text shows until it is written and `awaaz check` lists
//! what is left.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostics;
use crate::render::strings::{FORMAT_KEYS, Strings};
use crate::theme::Theme;

/// What to add.
#[derive(Debug, Clone)]
pub struct NewLanguage {
    pub code: String,
    pub name: Option<String>,
    pub fallback: Option<String>,
    pub rtl: bool,
}

/// The names the languages of India and Nepal call themselves, for when
/// `--name` is not given.
const AUTONYMS: [(&str, &str); 25] = [
    ("as", "অসমীয়া"),
    ("bho", "भोजपुरी"),
    ("bn", "বাংলা"),
    ("brx", "बड़ो"),
    ("doi", "डोगरी"),
    ("en", "English"),
    ("gu", "ગુજરાતી"),
    ("hi", "हिन्दी"),
    ("kn", "ಕನ್ನಡ"),
    ("kok", "कोंकणी"),
    ("ks", "کٲشُر"),
    ("mai", "मैथिली"),
    ("ml", "മലയാളം"),
    ("mni", "মৈতৈলোন্"),
    ("mni-mtei", "ꯃꯩꯇꯩꯂꯣꯟ"),
    ("mr", "मराठी"),
    ("ne", "नेपाली"),
    ("or", "ଓଡ଼ିଆ"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("sa", "संस्कृतम्"),
    ("sat", "ᱥᱟᱱᱛᱟᱲᱤ"),
    ("sd", "سنڌي"),
    ("ta", "தமிழ்"),
    ("te", "తెలుగు"),
    ("ur", "اردو"),
];

/// Adds the language; returns the files written or changed.
pub fn add(site_dir: &Path, new: &NewLanguage) -> Result<Vec<PathBuf>, String> {
    let config_path = site_dir.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&config_path)
        .map_err(|e| format!("cannot read {}: {e}", config_path.display()))?;
    let shown = |d: Diagnostics| {
        d.sorted()
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut diags = Diagnostics::new();
    let config = Config::parse(&text, &mut diags).ok_or_else(|| shown(diags))?;
    let code = new.code.to_ascii_lowercase();
    if config.is_language(&code) {
        return Err(format!("`{code}` is already a language of this site"));
    }
    let name = match &new.name {
        Some(name) => name.clone(),
        None => AUTONYMS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n.to_string())
            .ok_or("give the language's name as its readers write it: --name NAME")?,
    };
    let fallback = new.fallback.clone().map(|f| f.to_ascii_lowercase());
    let rtl = new.rtl || crate::cldr::is_rtl(&code) == Some(true);

    let theme = Theme::load(site_dir, &config, &mut Diagnostics::new());
    let strings_file = site_dir.join("i18n").join(format!("{code}.yaml"));
    if strings_file.exists() {
        return Err(format!(
            "{} already exists; awaaz never overwrites a file",
            strings_file.display()
        ));
    }
    if let Some(f) = &fallback
        && !config.is_language(f)
        && theme.i18n_files(f).is_empty()
    {
        return Err(format!(
            "there are no interface strings for `{f}` to fall back to: it is not a language of this site and the theme has no i18n/{f}.yaml"
        ));
    }

    let mut fields = vec![
        format!("code: {code}"),
        format!("name: {}", yaml_scalar(&name)),
    ];
    if rtl {
        fields.push("dir: rtl".into());
    }
    if let Some(f) = &fallback {
        fields.push(format!("fallback: {f}"));
    }
    let changed = with_language(&text, &format!("{{ {} }}", fields.join(", ")))?;
    let mut check = Diagnostics::new();
    let new_config = Config::parse(&changed, &mut check).ok_or_else(|| shown(check))?;

    let strings = Strings::load(&theme, &new_config, &mut Diagnostics::new());
    let file = strings_template(&theme, &new_config, &strings, &code, &name);
    crate::scaffold::write(&strings_file, file.as_bytes())?;
    let written = vec![config_path.clone(), strings_file];
    std::fs::write(&config_path, changed)
        .map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;
    Ok(written)
}

/// `name` as YAML writes it: bare when it is plain, else in quotes.
fn yaml_scalar(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || (!c.is_ascii() && !c.is_whitespace()))
        && !name.starts_with(' ');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `site.yaml`'s text with `- ENTRY` added after the last of its
/// `languages:` entries, indented as they are.
fn with_language(text: &str, entry: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("languages:"))
        .ok_or("site.yaml has no `languages:` list")?;
    let after = lines[start]["languages:".len()..].trim();
    if !(after.is_empty() || after.starts_with('#')) {
        return Err("site.yaml writes `languages:` on one line; add the language by hand, as `- { code: …, name: … }` under it".into());
    }
    let mut last = start;
    let mut indent = String::from("  ");
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") {
            indent = line[..line.len() - trimmed.len()].to_string();
        }
        last = i;
    }
    let mut out: String = lines[..=last].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{indent}- {entry}\n"));
    out.push_str(&lines[last + 1..].concat());
    Ok(out)
}

/// `i18n/CODE.yaml`: every key of the default language's file, in its
/// order, left empty, with the text the language shows until then.
fn strings_template(
    theme: &Theme,
    config: &Config,
    strings: &Strings,
    code: &str,
    name: &str,
) -> String {
    let chain = config.fallbacks(code);
    let from = chain.get(1).copied().unwrap_or(&config.default_language);
    let from_name = if !theme.i18n_files(code).is_empty() {
        format!("theme's own {name}")
    } else {
        config
            .language(from)
            .map_or(from.to_string(), |l| format!("{} ({from})", l.name))
    };
    let texts = strings.texts(code);
    let mut out = format!(
        "# Interface strings: {name} ({code})\n\
         # Write each string between its quotes. Until it is written, an empty\n\
         # string shows the {from_name} text given beside it.\n\
         # Numbers and dates follow CLDR for `{code}`; `months:` (twelve names)\n\
         # and `digits:` (the ten digits) here would change them.\n"
    );
    let default_file = theme
        .i18n_files(&config.default_language)
        .into_iter()
        .next()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let mut keys: Vec<String> = Vec::new();
    for line in default_file.lines() {
        if line.starts_with('#') && !keys.is_empty() {
            out.push_str(&format!("\n{line}\n"));
            continue;
        }
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.starts_with('#') || key.contains(' ') || FORMAT_KEYS.contains(&key)
        {
            continue;
        }
        keys.push(key.to_string());
        let beside = texts
            .get(key)
            .map_or(String::new(), |t| format!("  # {}", t.replace('\n', " ")));
        out.push_str(&format!("{key}: \"\"{beside}\n"));
    }
    // Keys only the templates or the site add, in name order.
    for (key, text) in &texts {
        if !keys.contains(key) && !FORMAT_KEYS.contains(&key.as_str()) {
            out.push_str(&format!("{key}: \"\"  # {}\n", text.replace('\n', " ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_entry_after_the_last_language_keeping_comments() {
        let text = "title: x\n# the languages\nlanguages:\n  - { code: en, name: English }   # first\n  # more later\n  - { code: hi, name: हिन्दी }\ntheme: default\n";
        let out = with_language(text, "{ code: mai, name: मैथिली, fallback: hi }").unwrap();
        assert_eq!(
            out,
            "title: x\n# the languages\nlanguages:\n  - { code: en, name: English }   # first\n  # more later\n  - { code: hi, name: हिन्दी }\n  - { code: mai, name: मैथिली, fallback: hi }\ntheme: default\n"
        );
    }

    #[test]
    fn quotes_a_name_yaml_would_misread() {
        assert_eq!(yaml_scalar("नेपाली"), "नेपाली");
        assert_eq!(yaml_scalar("Kosi: east"), "\"Kosi: east\"");
    }
}

//! The package's words, kept in Fluent files (`locales/{nl,fr,en}/opendata.ftl`) and read
//! through the report's loader: the label of a total, the metadata's texts and the READMEs.

use std::sync::OnceLock;

use fluent_bundle::FluentValue;
use rapporteur_domain::{Catalog, Labels};
use rapporteur_report::{MessageSources, Messages};

const SOURCES: &MessageSources<'static> = &[
    ("nl", &[include_str!("../locales/nl/opendata.ftl")]),
    ("fr", &[include_str!("../locales/fr/opendata.ftl")]),
    ("en", &[include_str!("../locales/en/opendata.ftl")]),
];

/// The package's words in every language, parsed on first use.
pub fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(SOURCES))
}

/// The words of one language.
pub(crate) struct Words<'a> {
    pub lang: &'a str,
}

impl Words<'_> {
    pub fn text(&self, key: &str) -> String {
        messages().text(self.lang, key, None)
    }

    pub fn with(&self, key: &str, pairs: &[(&'static str, FluentValue<'_>)]) -> String {
        messages().with(self.lang, key, pairs)
    }

    /// A catalog label in this language.
    pub fn label<'l>(&self, labels: &'l Labels) -> &'l str {
        labels.get(self.lang)
    }
}

/// A text made in every language of the catalog by `make`.
pub(crate) fn each(catalog: &Catalog, make: impl Fn(&Words<'_>) -> String) -> Labels {
    Labels(catalog.languages.iter().map(|lang| (lang.clone(), make(&Words { lang }))).collect())
}

/// A message in every language of the catalog.
pub(crate) fn labels(catalog: &Catalog, key: &str, pairs: &[(&'static str, FluentValue<'_>)]) -> Labels {
    each(catalog, |words| words.with(key, pairs))
}

/// The texts of `labels` in the catalog's languages, joined with " / " (for the one-language
/// fields of the metadata, so that no language is preferred).
pub(crate) fn joined(catalog: &Catalog, labels: &Labels) -> String {
    let texts: Vec<&str> = catalog.languages.iter().map(|lang| labels.get(lang)).collect();
    let mut unique: Vec<&str> = Vec::new();
    for text in texts {
        if !unique.contains(&text) {
            unique.push(text);
        }
    }
    unique.join(" / ")
}

/// What `rapporteur open-data` says in `lang` when it has written `files` into `dir`.
pub fn package_written(
    lang: &str,
    dir: &str,
    cycle: &str,
    date: &str,
    files: &[crate::PackageFile],
) -> String {
    let cubes = files.iter().filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv")).count();
    let lists = files.iter().filter(|f| f.path.starts_with("codelists/")).count();
    let pairs = [
        ("dir", FluentValue::from(dir.to_string())),
        ("cycle", FluentValue::from(cycle.to_string())),
        ("date", FluentValue::from(date.to_string())),
        ("cubes", FluentValue::from(cubes)),
        ("lists", FluentValue::from(lists)),
        ("files", FluentValue::from(files.len())),
    ];
    messages().with(lang, "package-written", &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let messages = messages();
        let en = messages.ids("en");
        assert!(!en.is_empty());
        for lang in ["nl", "fr"] {
            assert_eq!(messages.ids(lang), en, "{lang} has other messages than en");
        }
    }
}

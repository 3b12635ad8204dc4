//! The workbooks' words, kept in Fluent files (`locales/{nl,fr,en}/workbook.ftl`) and read
//! through the report's loader.

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};
use rapporteur_domain::{Catalog, Labels};
use rapporteur_report::{MessageSources, Messages};

const SOURCES: &MessageSources<'static> = &[
    ("nl", &[include_str!("../../locales/nl/workbook.ftl")]),
    ("fr", &[include_str!("../../locales/fr/workbook.ftl")]),
    ("en", &[include_str!("../../locales/en/workbook.ftl")]),
];

/// The language of the table sheets: the questionnaires are in English.
pub(super) const GRID_LANG: &str = "en";

/// The workbooks' words in every language, parsed on first use.
pub(crate) fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(SOURCES))
}

/// The words of one language.
#[derive(Clone, Copy)]
pub(super) struct Words<'a> {
    pub lang: &'a str,
}

impl Words<'_> {
    pub fn text(&self, key: &str) -> String {
        messages().text(self.lang, key, None)
    }

    pub fn with(&self, key: &str, pairs: &[(&'static str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            args.set(*name, FluentValue::from(value.clone()));
        }
        messages().text(self.lang, key, Some(&args))
    }

    /// The message `key`, if the files have one.
    pub fn maybe(&self, key: &str) -> Option<String> {
        messages().format(self.lang, key, None)
    }

    /// A catalog label in this language.
    pub fn label<'l>(&self, labels: &'l Labels) -> &'l str {
        labels.get(self.lang)
    }
}

/// The languages of the cover sheet, side by side: English (the destinations' language) first,
/// then the catalog's other languages the files have words for.
pub(super) fn cover_languages(catalog: &Catalog) -> Vec<&str> {
    let mut langs = vec![GRID_LANG];
    for lang in &catalog.languages {
        if !langs.contains(&lang.as_str()) && !messages().ids(lang).is_empty() {
            langs.push(lang);
        }
    }
    langs
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

//! The exports' words, kept in Fluent files (`locales/{nl,fr,en}/{consistency,sdmx,workbook}.ftl`)
//! and read through the report's loader: the annex and the command's lines, the SDMX README and
//! structure names, the workbooks' cover and sheets.

use std::sync::OnceLock;

use fluent_bundle::FluentValue;
use rapporteur_domain::Labels;
use rapporteur_report::{MessageSources, Messages};

const SOURCES: &MessageSources<'static> = &[
    (
        "nl",
        &[
            include_str!("../locales/nl/consistency.ftl"),
            include_str!("../locales/nl/sdmx.ftl"),
            include_str!("../locales/nl/workbook.ftl"),
        ],
    ),
    (
        "fr",
        &[
            include_str!("../locales/fr/consistency.ftl"),
            include_str!("../locales/fr/sdmx.ftl"),
            include_str!("../locales/fr/workbook.ftl"),
        ],
    ),
    (
        "en",
        &[
            include_str!("../locales/en/consistency.ftl"),
            include_str!("../locales/en/sdmx.ftl"),
            include_str!("../locales/en/workbook.ftl"),
        ],
    ),
];

/// The exports' words in every language, parsed on first use.
pub(crate) fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(SOURCES))
}

/// The words of one language.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    pub lang: &'a str,
}

impl Words<'_> {
    pub fn text(&self, key: &str) -> String {
        messages().text(self.lang, key, None)
    }

    /// The message `key` with its placeholders filled.
    pub fn with(&self, key: &str, pairs: &[(&'static str, FluentValue<'_>)]) -> String {
        messages().with(self.lang, key, pairs)
    }

    /// The same with texts for values.
    pub fn with_texts(&self, key: &str, pairs: &[(&'static str, String)]) -> String {
        let pairs: Vec<(&'static str, FluentValue<'_>)> =
            pairs.iter().map(|(name, value)| (*name, FluentValue::from(value.clone()))).collect();
        self.with(key, &pairs)
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

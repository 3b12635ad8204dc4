//! The words of the SDMX export, kept in Fluent files (`locales/{nl,fr,en}/sdmx.ftl`) and read
//! through the report's loader: the README, the names of the flag codes in the structure
//! message, and what `rapporteur export` says when done.

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};
use rapporteur_domain::Labels;
use rapporteur_report::{MessageSources, Messages};

const SOURCES: &MessageSources<'static> = &[
    ("nl", &[include_str!("../../locales/nl/sdmx.ftl")]),
    ("fr", &[include_str!("../../locales/fr/sdmx.ftl")]),
    ("en", &[include_str!("../../locales/en/sdmx.ftl")]),
];

/// The export's words in every language, parsed on first use.
fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(SOURCES))
}

/// Fluent arguments from name–value pairs.
fn args<'a>(pairs: &[(&'static str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(*name, value.clone());
    }
    args
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
        messages().text(self.lang, key, Some(&args(pairs)))
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

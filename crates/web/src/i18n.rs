//! The portal's own words in nl, fr and en (Fluent files under `locales/`). The catalog's words
//! (code lists, cubes, sections, rule messages) come from the catalog, in the same language.

use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentValue};
use rapporteur_report::Messages;

/// The languages of the interface, in the order the switcher shows them.
pub const LANGUAGES: [&str; 3] = ["nl", "fr", "en"];

/// Per language, its Fluent files: the portal's words, the indicator checklist's, and the
/// API's errors.
const SOURCES: [(&str, &[&str]); 3] = [
    (
        "nl",
        &[
            include_str!("../locales/nl/portal.ftl"),
            include_str!("../locales/nl/checklist.ftl"),
            include_str!("../locales/nl/api.ftl"),
        ],
    ),
    (
        "fr",
        &[
            include_str!("../locales/fr/portal.ftl"),
            include_str!("../locales/fr/checklist.ftl"),
            include_str!("../locales/fr/api.ftl"),
        ],
    ),
    (
        "en",
        &[
            include_str!("../locales/en/portal.ftl"),
            include_str!("../locales/en/checklist.ftl"),
            include_str!("../locales/en/api.ftl"),
        ],
    ),
];

/// The portal's words in every language, parsed on first use by the loader the report's own
/// words use too.
fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(&SOURCES))
}

/// The interface language `lang` if the portal has it, else Dutch.
pub fn supported(lang: &str) -> &'static str {
    LANGUAGES.into_iter().find(|l| *l == lang).unwrap_or("nl")
}

/// The words of one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: &'static str,
}

impl Tr {
    pub fn new(lang: &str) -> Tr {
        Tr { lang: supported(lang) }
    }

    /// The message `key`; the key itself if the language lacks it (a test makes sure none
    /// does).
    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with named values.
    pub fn args(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(*name, FluentValue::from(value.to_string()));
        }
        self.format(key, Some(&args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        messages().text(self.lang, key, args)
    }
}

/// The message ids of a language's files.
pub fn message_ids(lang: &str) -> Vec<String> {
    messages().ids(lang).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_each_parses() {
        let reference = message_ids("en");
        assert!(reference.len() > 50, "the English file has {} messages", reference.len());
        for lang in LANGUAGES {
            let ids = message_ids(lang);
            for id in &reference {
                assert!(ids.contains(id), "locales/{lang}/ lacks {id}");
            }
            for id in &ids {
                assert!(reference.contains(id), "locales/{lang}/ has {id}, which locales/en/ lacks");
            }
            // Every message formats without error.
            let tr = Tr::new(lang);
            for id in &ids {
                assert_ne!(tr.get(id), "", "{lang}: {id} is empty");
            }
        }
    }

    #[test]
    fn every_key_the_code_and_templates_use_exists() {
        let en = message_ids("en");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut missing = Vec::new();
        for folder in ["src", "src/pages", "src/api", "templates"] {
            for entry in std::fs::read_dir(format!("{dir}{folder}")).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for quote in ["t.get(\"", "t.args(\"", "count(\""] {
                    for part in text.split(quote).skip(1) {
                        let key = part.split('"').next().unwrap();
                        if !key.is_empty() && !key.contains('{') && !en.iter().any(|k| k == key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without a message:\n{}", missing.join("\n"));
    }
}

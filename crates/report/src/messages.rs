//! Words kept in Fluent files, one bundle per language: the loader that the report's own words
//! (the explanation of an estimate) and the portal's words share.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::Entry;

/// Per language code, the texts of its Fluent files (embedded with `include_str!`).
pub type MessageSources<'a> = [(&'static str, &'a [&'static str])];

/// The messages of several languages. Built once (they live in a `OnceLock`) and shared
/// between threads.
pub struct Messages {
    bundles: BTreeMap<&'static str, FluentBundle<FluentResource>>,
    ids: BTreeMap<&'static str, Vec<String>>,
}

impl Messages {
    /// Parses each language's files into one bundle.
    ///
    /// Panics when a file does not parse or defines a message twice: the files are embedded in
    /// the binary, so that is a defect of the build, which the tests of each crate that loads
    /// files catch.
    pub fn load(sources: &MessageSources<'_>) -> Messages {
        let mut bundles = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for (lang, texts) in sources {
            let resources: Vec<FluentResource> = texts.iter().map(|text| parse(lang, text)).collect();
            ids.insert(*lang, resources.iter().flat_map(message_ids).collect());
            bundles.insert(*lang, bundle(lang, resources));
        }
        Messages { bundles, ids }
    }

    /// The message `key` in `lang`, its `{ $name }` placeholders filled from `args`; `None`
    /// when there is no such language or message. A missing value shows as `{$name}`.
    pub fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
    }

    /// The message `key` in `lang` as [`Messages::format`] fills it, or the key itself when
    /// there is none (so that a missing word shows, never an empty gap).
    pub fn text(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.format(lang, key, args).unwrap_or_else(|| key.to_string())
    }

    /// The message `key` in `lang` as [`Messages::text`] gives it, its placeholders filled from
    /// name–value pairs.
    pub fn with(&self, lang: &str, key: &str, pairs: &[(&'static str, FluentValue<'_>)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            args.set(*name, value.clone());
        }
        self.text(lang, key, Some(&args))
    }

    /// The ids of `lang`'s messages (not its `-terms`), in file order; none for a language it
    /// lacks.
    pub fn ids(&self, lang: &str) -> &[String] {
        self.ids.get(lang).map_or(&[], Vec::as_slice)
    }
}

fn parse(lang: &str, text: &str) -> FluentResource {
    FluentResource::try_new(text.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("a Fluent file of {lang} does not parse: {errors:?}"))
}

fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

fn bundle(lang: &str, resources: Vec<FluentResource>) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier =
        lang.parse().unwrap_or_else(|e| panic!("{lang:?} is no language code: {e}"));
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent puts isolation marks (U+2068, U+2069) around every value by default; they would
    // end up in form values, downloaded files and plain text.
    bundle.set_use_isolating(false);
    for resource in resources {
        bundle.add_resource(resource).unwrap_or_else(|e| panic!("the Fluent files of {lang}: {e:?}"));
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCES: [(&str, &[&str]); 2] = [
        ("en", &["greeting = Hello, { $name }!\n-brand = Rapporteur\n", "farewell = Bye\n"]),
        ("fr", &["greeting = Bonjour, { $name }\u{a0}!\n"]),
    ];

    #[test]
    fn values_are_filled_in_without_isolation_marks() {
        let messages = Messages::load(&SOURCES);
        let mut args = FluentArgs::new();
        args.set("name", FluentValue::from("Ann"));
        assert_eq!(messages.format("en", "greeting", Some(&args)).as_deref(), Some("Hello, Ann!"));
        assert_eq!(messages.format("fr", "greeting", Some(&args)).as_deref(), Some("Bonjour, Ann\u{a0}!"));
        assert_eq!(messages.format("en", "greeting", None).as_deref(), Some("Hello, {$name}!"));
    }

    #[test]
    fn missing_languages_and_messages_are_none_and_ids_omit_terms() {
        let messages = Messages::load(&SOURCES);
        assert_eq!(messages.format("fr", "farewell", None), None);
        assert_eq!(messages.format("de", "greeting", None), None);
        assert_eq!(messages.ids("en"), ["greeting", "farewell"]);
        assert!(messages.ids("de").is_empty());
    }
}

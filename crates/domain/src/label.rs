//! Labels in several languages, and the normalisation used to match printed names to codes.

use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// A text in several languages, keyed by language code (`nl`, `fr`, `en`, `de`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Labels(pub BTreeMap<String, String>);

impl Labels {
    /// The text in `lang`, falling back to the first language that has one, so that a
    /// missing translation shows the original rather than nothing.
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).or_else(|| self.0.values().next()).map(String::as_str).unwrap_or("")
    }

    /// A text of no language (a code shown as it is): every language reads it, through
    /// [`Labels::get`]'s fallback.
    pub fn untranslated(text: &str) -> Labels {
        Labels([("en".to_string(), text.to_string())].into())
    }

    /// The text in `lang`, if that language has one.
    pub fn get_exact(&self, lang: &str) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }
}

/// Normalises a printed name for matching: accents removed, lower case, every run of
/// punctuation or whitespace turned into one space. "SLOVAAKSE  REPUBLIEK" and
/// "Slovaakse republiek" normalise alike, as do "Sürya" and "surya". Comparison signs are kept:
/// "< 18 jaar" and "> 18 jaar" are different age bands.
pub fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if matches!(c, '<' | '>' | '≤' | '≥' | '+' | '=') {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            pending_space = true;
        } else if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_accents_and_punctuation() {
        assert_eq!(normalize_label("  SLOVAAKSE   REPUBLIEK "), "slovaakse republiek");
        assert_eq!(normalize_label("Sürya"), "surya");
        assert_eq!(normalize_label("Côte d'Ivoire"), "cote d ivoire");
        assert_eq!(normalize_label("Bosnië-Herzegovina"), "bosnie herzegovina");
        assert_eq!(normalize_label("< 18 jaar"), "< 18 jaar");
        assert_ne!(normalize_label("< 18 jaar"), normalize_label("> 18 jaar"));
    }

    #[test]
    fn missing_language_falls_back() {
        let labels = Labels([("nl".to_string(), "Man".to_string())].into());
        assert_eq!(labels.get("fr"), "Man");
        assert_eq!(labels.get_exact("fr"), None);
    }
}

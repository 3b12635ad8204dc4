//! The languages of the words rapporteur-report keeps itself.

/// A language the report's own Fluent files (`locales/{nl,fr,en}/`) are written in, such as
/// that of the explanation of an estimate. The catalog's words come in whatever languages the
/// catalog has; these are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Nl,
    Fr,
    En,
}

impl Language {
    /// Every language, in the order the portal shows them.
    pub const ALL: [Language; 3] = [Language::Nl, Language::Fr, Language::En];

    /// From an ISO 639-1 code, "nl", "fr" or "en" (any case).
    pub fn parse(code: &str) -> Option<Language> {
        Self::ALL.into_iter().find(|language| language.code().eq_ignore_ascii_case(code))
    }

    /// The ISO 639-1 code, which names the language's folder of Fluent files.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::Fr => "fr",
            Language::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_their_codes_in_any_case() {
        assert_eq!(Language::parse("NL"), Some(Language::Nl));
        assert_eq!(Language::parse("fr"), Some(Language::Fr));
        assert_eq!(Language::parse("de"), None);
        assert!(Language::ALL.iter().all(|l| Language::parse(l.code()) == Some(*l)));
    }
}

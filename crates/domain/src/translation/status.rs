//! How far an actor's text in one language is from publishable: the language the actor wrote
//! it in (original), a draft translation (by machine, or unrevised), a translation, or a
//! reviewed translation. A language with no text at all awaits translation. Drafts are marked
//! as such wherever the text is published, and the coordinator can refuse to publish while any
//! remains.

/// The status of an actor's text in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextStatus {
    /// Written by the actor in this language.
    Original,
    /// A translation not yet revised by a translator (machine or draft): marked when published.
    Draft,
    /// Translated by a translator.
    Translated,
    /// Translated and reviewed.
    Reviewed,
}

impl TextStatus {
    pub const ALL: [TextStatus; 4] =
        [TextStatus::Original, TextStatus::Draft, TextStatus::Translated, TextStatus::Reviewed];

    pub fn as_str(self) -> &'static str {
        match self {
            TextStatus::Original => "original",
            TextStatus::Draft => "draft",
            TextStatus::Translated => "translated",
            TextStatus::Reviewed => "reviewed",
        }
    }

    pub fn parse(text: &str) -> Option<TextStatus> {
        TextStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether a published text in this status must say it is a draft.
    pub fn is_draft(self) -> bool {
        self == TextStatus::Draft
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for status in TextStatus::ALL {
            assert_eq!(TextStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(TextStatus::parse("machine"), None);
        assert!(TextStatus::ALL.iter().filter(|s| s.is_draft()).eq([&TextStatus::Draft]));
    }
}

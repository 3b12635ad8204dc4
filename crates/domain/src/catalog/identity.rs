//! How a person's identity is read at the source: which birth dates are placeholders rather
//! than dates (1900-01-01, 1 January of an estimated year, 00/00/YYYY, "onbekend"), which name
//! parts are placeholders rather than names ("NN", "FNU"), each with the catalog's reason; and
//! how complete an identity is, which decides whether it gets an exact person key and on what
//! a link to it may rest.

use crate::label::Labels;

/// What a placeholder birth date still says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderMeans {
    /// Nothing: the birth date is unknown.
    Unknown,
    /// The year only (estimated or declared); the day and month are unknown.
    Year,
}

/// A birth date pattern that is a placeholder: fixed fields, `None` for any value (the year
/// of `YYYY-01-01`), and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthDatePlaceholder {
    /// As written in the catalog (`YYYY-01-01`, `1900-01-01`, `YYYY-00-00`).
    pub pattern: String,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub means: PlaceholderMeans,
    pub reason: Labels,
}

impl BirthDatePlaceholder {
    /// Whether a date read as (year, month, day) — month and day may be 0 — is this placeholder.
    pub fn matches(&self, year: i32, month: u8, day: u8) -> bool {
        self.year.is_none_or(|y| y == year)
            && self.month.is_none_or(|m| m == month)
            && self.day.is_none_or(|d| d == day)
    }
}

/// The identity policy of the catalog (`identity.toml`); empty when the catalog has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityPolicy {
    /// Texts meaning "birth date unknown" (compared after trimming, case-insensitively); an
    /// empty cell always means unknown.
    pub unknown_birth_date_words: Vec<String>,
    /// Placeholder birth dates, first match wins.
    pub birth_date_placeholders: Vec<BirthDatePlaceholder>,
    /// Normalised name parts that are placeholders, not names ("nn", "fnu", "onbekend").
    pub name_placeholders: Vec<String>,
    /// Why the unknown words and name placeholders are listed.
    pub words_reason: Labels,
}

/// How complete a registered identity is: a code of the `identity` code list, decided at the
/// source when the identity is pseudonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Completeness {
    /// At least two name parts and the full birth date: an exact person key is computed.
    Complete,
    /// One name part and the full birth date.
    SingleName,
    /// Names and the birth year only.
    BirthYearOnly,
    /// Names and no birth date.
    NoBirthDate,
    /// No name: the record is counted but cannot be linked.
    None,
}

impl Completeness {
    pub const ALL: [Completeness; 5] = [
        Completeness::Complete,
        Completeness::SingleName,
        Completeness::BirthYearOnly,
        Completeness::NoBirthDate,
        Completeness::None,
    ];

    /// The code in the `identity` code list.
    pub fn code(self) -> &'static str {
        match self {
            Completeness::Complete => "complete",
            Completeness::SingleName => "single_name",
            Completeness::BirthYearOnly => "birth_year_only",
            Completeness::NoBirthDate => "no_birth_date",
            Completeness::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Completeness> {
        Completeness::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The code's label in `lang` (from the catalog's `identity` code list), or the code.
    pub fn label<'a>(self, catalog: &'a super::Catalog, lang: &str) -> &'a str {
        catalog
            .code_list(super::IDENTITY_LIST)
            .and_then(|l| l.get(self.code()))
            .map_or(self.code(), |code| code.labels.get(lang))
    }

    /// Whether the identity is complete enough for an exact person key.
    pub fn has_exact_key(self) -> bool {
        self == Completeness::Complete
    }

    /// What a link involving this identity can rest on.
    pub fn link_basis(self) -> LinkBasis {
        match self {
            Completeness::Complete => LinkBasis::NameAndBirthDate,
            Completeness::SingleName => LinkBasis::OneNameAndBirthDate,
            Completeness::BirthYearOnly => LinkBasis::NameAndBirthYear,
            Completeness::NoBirthDate | Completeness::None => LinkBasis::NameOnly,
        }
    }
}

impl Completeness {
    /// The completeness of a record that carries no `identity` code (a file written before the
    /// code existed): complete with an exact key, none with nothing, and with an encoding alone
    /// no birth date (what it rests on is not known, so the least is assumed).
    pub fn inferred(has_key: bool, has_encoding: bool) -> Completeness {
        if has_key {
            Completeness::Complete
        } else if has_encoding {
            Completeness::NoBirthDate
        } else {
            Completeness::None
        }
    }
}

/// One source's registrations by how complete their identity was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceIdentities {
    /// The record schema's id.
    pub schema: String,
    /// The schema's name.
    pub name: Labels,
    /// The actor that holds the source (a code of the `actor` list).
    pub owner: String,
    /// Registrations by completeness (every completeness present, zeros included).
    pub counts: std::collections::BTreeMap<Completeness, u64>,
}

impl SourceIdentities {
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Registrations whose identity was anything but complete.
    pub fn incomplete(&self) -> u64 {
        self.counts.iter().filter(|(c, _)| **c != Completeness::Complete).map(|(_, n)| n).sum()
    }
}

/// What the similarity of a pair of records rests on: the weaker of the two identities. Only a
/// pair resting on names and full birth dates can be linked by the rule; the others go to the
/// coordinator's review at best.
///
/// A single name counts as less than names: its encoding holds few tokens, and two sparse
/// encodings look alike whoever they are (the balanced encoding's complement agrees wherever
/// neither filter has a bit), so the similarity of a single-name record says little.
///
/// A pair of incomplete identities that also share a police report (PV) or notice number is
/// corroborated by it: the rule may link it when its names alone make a match almost certain
/// ([`LinkBasis::SharedReference`], set by the linkage, never by an identity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkBasis {
    NameAndBirthDate,
    OneNameAndBirthDate,
    NameAndBirthYear,
    NameOnly,
    /// An incomplete identity's name, corroborated by the same PV or notice number on both
    /// records.
    SharedReference,
}

impl LinkBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkBasis::NameAndBirthDate => "name_and_birth_date",
            LinkBasis::OneNameAndBirthDate => "one_name_and_birth_date",
            LinkBasis::NameAndBirthYear => "name_and_birth_year",
            LinkBasis::NameOnly => "name_only",
            LinkBasis::SharedReference => "shared_reference",
        }
    }

    pub const ALL: [LinkBasis; 5] = [
        LinkBasis::NameAndBirthDate,
        LinkBasis::OneNameAndBirthDate,
        LinkBasis::NameAndBirthYear,
        LinkBasis::NameOnly,
        LinkBasis::SharedReference,
    ];

    pub fn parse(text: &str) -> Option<LinkBasis> {
        LinkBasis::ALL.into_iter().find(|b| b.as_str() == text)
    }

    /// The basis of a pair: the weaker of its two records'.
    pub fn of_pair(a: LinkBasis, b: LinkBasis) -> LinkBasis {
        a.max(b)
    }

    /// Whether the decision rule may link a pair on this basis without a coordinator.
    pub fn rule_may_link(self) -> bool {
        self == LinkBasis::NameAndBirthDate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for basis in LinkBasis::ALL {
            assert_eq!(LinkBasis::parse(basis.as_str()), Some(basis));
        }
        for completeness in Completeness::ALL {
            assert_eq!(Completeness::from_code(completeness.code()), Some(completeness));
        }
        assert_eq!(LinkBasis::parse("name"), None);
        // Only full identities let the rule link; a pair rests on the weaker of its two.
        assert!(LinkBasis::ALL.iter().filter(|b| b.rule_may_link()).eq([&LinkBasis::NameAndBirthDate]));
        assert_eq!(LinkBasis::of_pair(LinkBasis::NameAndBirthDate, LinkBasis::NameOnly), LinkBasis::NameOnly);
    }
}

//! Reading an identity that may be incomplete: the name parts that are names (the catalog's
//! placeholder parts such as `NN` or `FNU` dropped), and what the birth date cell says — a full
//! date, the year only (`00/00/1995`, 1 January of an estimated year), or nothing (an empty
//! cell, `onbekend`, 1900-01-01). The catalog's identity policy lists the placeholders with
//! their reasons. What is known decides the record's [`Completeness`]; only a complete identity
//! gets an exact person key, and the similarity encoding holds the known parts only, so that a
//! placeholder never makes two persons look alike.

use rapporteur_domain::catalog::{Completeness, IdentityPolicy, PlaceholderMeans};

use crate::pseudonym::{normalize_name_parts, PseudonymError};
use crate::record::Date;

/// What a birth date cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDate {
    Full(Date),
    /// The year only: the day and month are unknown or a placeholder.
    Year(i32),
    Unknown,
}

/// An identity as the source registered it, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The normalised name parts that are names, sorted.
    pub parts: Vec<String>,
    /// Those of them written in the given-names field, sorted (empty when the source has no
    /// such field): what tells a family name changed by marriage from a stranger.
    pub given: Vec<String>,
    pub birth: BirthDate,
}

impl Identity {
    /// Reads the name fields (the given-names fields apart from the others: family name, whole
    /// name) and the birth date cell under the catalog's policy. Refused only when the birth
    /// date cell is neither a date, nor a known word or placeholder, nor a date with unknown day
    /// or month (e.g. `31/02/1990`, `1990-13-01`, `gisteren`): a slip to correct at the source,
    /// not an incomplete identity.
    pub fn read<'a>(
        policy: &IdentityPolicy,
        names: impl IntoIterator<Item = &'a str>,
        given: impl IntoIterator<Item = &'a str>,
        birth_date: &str,
    ) -> Result<Identity, PseudonymError> {
        let mut given = normalize_name_parts(given);
        given.retain(|p| !policy.name_placeholders.contains(p));
        let mut parts = normalize_name_parts(names);
        parts.retain(|p| !policy.name_placeholders.contains(p));
        parts.extend(given.iter().cloned());
        parts.sort();
        let birth = read_birth_date(policy, birth_date)?;
        Ok(Identity { parts, given, birth })
    }

    /// How complete the identity is.
    pub fn completeness(&self) -> Completeness {
        match (self.parts.len(), self.birth) {
            (0, _) => Completeness::None,
            (_, BirthDate::Unknown) => Completeness::NoBirthDate,
            (_, BirthDate::Year(_)) => Completeness::BirthYearOnly,
            (1, BirthDate::Full(_)) => Completeness::SingleName,
            (_, BirthDate::Full(_)) => Completeness::Complete,
        }
    }
}

/// The fields of a date cell as (year, month, day), 0 for a field written as zeros or `X`s.
fn date_fields(text: &str) -> Option<(i32, u8, u8)> {
    let fields: Vec<&str> = text.split(['-', '/', '.', ' ']).filter(|s| !s.is_empty()).collect();
    let number = |s: &str| -> Option<u32> {
        if !s.is_empty() && s.chars().all(|c| c == 'x' || c == 'X') {
            return Some(0);
        }
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = match fields.as_slice() {
        // A year alone.
        [single] if single.len() == 4 => (number(single)?, 0, 0),
        [single] if single.len() == 8 => {
            (number(&single[0..4])?, number(&single[4..6])?, number(&single[6..8])?)
        }
        [a, b, c] if a.len() == 4 => (number(a)?, number(b)?, number(c)?),
        [a, b, c] if c.len() == 4 => (number(c)?, number(b)?, number(a)?),
        // Month and year (`03/1990`): the year is what is kept.
        [a, b] if b.len() == 4 => (number(b)?, number(a)?, 0),
        _ => return None,
    };
    Some((i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?))
}

/// What a birth date cell says under the catalog's policy (see [`Identity::read`]).
pub fn read_birth_date(policy: &IdentityPolicy, text: &str) -> Result<BirthDate, PseudonymError> {
    let trimmed = text.trim();
    if trimmed.is_empty() || policy.unknown_birth_date_words.contains(&trimmed.to_lowercase()) {
        return Ok(BirthDate::Unknown);
    }
    let bad = || PseudonymError::BirthDate(text.to_string());
    let (year, month, day) = date_fields(trimmed).ok_or_else(bad)?;
    if let Some(placeholder) = policy.birth_date_placeholders.iter().find(|p| p.matches(year, month, day)) {
        return Ok(match placeholder.means {
            PlaceholderMeans::Unknown => BirthDate::Unknown,
            PlaceholderMeans::Year => BirthDate::Year(year),
        });
    }
    match (year, month, day) {
        (0, 0, 0) => Ok(BirthDate::Unknown),
        (0, _, _) => Err(bad()),
        (_, m, d) if m > 12 || d > 31 => Err(bad()),
        (y, 0, _) | (y, _, 0) => Ok(BirthDate::Year(y)),
        (y, m, d) => Date::new(y, m, d).map(BirthDate::Full).ok_or_else(bad),
    }
}

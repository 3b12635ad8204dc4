//! The comparison vector of a pair: the level of its names filters' similarity, how the birth
//! dates compare (from their keyed tokens), and whether sex and nationality agree.
//!
//! The name levels (defaults: 13 bounds from 0.97 down to 0.72, two hundredths apart above 0.75,
//! then below) are fine because the rule weighs each by the population's u (see
//! [`super::model`]), which fall steeply with similarity. What the names filter gives: the same names score 1 (0.97 for namesakes with another birth date: the keyed
//! noise); a typo, a phonetic or transliteration variant about 0.90–0.95; a missing second given
//! name or a changed name part about 0.80–0.90; different persons with similar names 0.65–0.8
//! and unrelated names about 0.55. The candidate floor is apart ([`DEFAULT_CANDIDATE_FLOOR`], on
//! the identity filter, see [`super::blocking`]).

use super::LinkRecord;
use crate::encoding::DateAgreement;

/// The default lower bounds of the name similarity levels.
pub const DEFAULT_LEVELS: [f64; 13] =
    [0.97, 0.95, 0.93, 0.91, 0.89, 0.87, 0.85, 0.83, 0.81, 0.79, 0.77, 0.75, 0.72];
/// The default candidate floor: the least similarity of the identity filters a pair needs to be
/// compared at all (see [`super::blocking`] for the choice).
pub const DEFAULT_CANDIDATE_FLOOR: f64 = 0.78;

/// Whether a field agrees between the two records of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldLevel {
    /// Both records have the field, with the same value.
    Agree,
    /// Both records have the field, with different values.
    Disagree,
    /// Either record lacks it: the comparison carries no information (a factor of 1).
    Unknown,
}

impl FieldLevel {
    fn of(a: Option<u32>, b: Option<u32>) -> FieldLevel {
        match (a, b) {
            (Some(x), Some(y)) if x == y => FieldLevel::Agree,
            (Some(_), Some(_)) => FieldLevel::Disagree,
            _ => FieldLevel::Unknown,
        }
    }

    /// 0 for agree, 1 for disagree, 2 for unknown.
    pub fn index(self) -> usize {
        self as usize
    }

    /// 0 for agree, 1 for disagree, `None` for unknown.
    pub fn known(self) -> Option<usize> {
        (self != FieldLevel::Unknown).then_some(self.index())
    }
}

/// The comparison vector of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Comparison {
    /// The names' similarity level: 0 for the most similar, `levels.len()` for below the last
    /// bound.
    pub names: u8,
    /// How the birth dates compare; `None` when either record lacks the full date.
    pub date: Option<DateAgreement>,
    /// Sex.
    pub sex: FieldLevel,
    /// Nationality.
    pub nationality: FieldLevel,
}

/// The similarity levels' bounds, checked.
#[derive(Debug, Clone)]
pub struct Levels(Vec<f32>);

impl Levels {
    /// The levels from descending lower bounds; empty or unsorted bounds fall back to the
    /// defaults.
    pub fn new(bounds: &[f64]) -> Levels {
        let valid = !bounds.is_empty()
            && bounds.len() < 255
            && bounds.windows(2).all(|w| w[0] > w[1])
            && bounds.iter().all(|b| (0.0..=1.0).contains(b));
        let bounds = if valid { bounds } else { &DEFAULT_LEVELS[..] };
        Levels(bounds.iter().map(|&b| b as f32).collect())
    }

    /// The number of levels, the "below" level included.
    pub fn count(&self) -> usize {
        self.0.len() + 1
    }

    /// The level of a similarity.
    pub fn level(&self, similarity: f32) -> u8 {
        self.0.iter().position(|&b| similarity >= b).unwrap_or(self.0.len()) as u8
    }
}

/// The comparison vector of two records.
pub fn compare(levels: &Levels, a: &LinkRecord, b: &LinkRecord) -> Comparison {
    Comparison {
        names: levels.level(a.encoding.name_similarity(&b.encoding) as f32),
        date: a.encoding.date_agreement(&b.encoding),
        sex: FieldLevel::of(a.sex, b.sex),
        nationality: FieldLevel::of(a.nationality, b.nationality),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_fields() {
        let levels = Levels::new(&[0.95, 0.88, 0.80, 0.72]);
        assert_eq!(levels.count(), 5);
        assert_eq!(levels.level(1.0), 0);
        assert_eq!(levels.level(0.9), 1);
        assert_eq!(levels.level(0.72), 3);
        assert_eq!(levels.level(0.5), 4);
        assert_eq!(Levels::new(&DEFAULT_LEVELS).count(), DEFAULT_LEVELS.len() + 1);
        assert_eq!(
            Levels::new(&[0.5, 0.9]).count(),
            DEFAULT_LEVELS.len() + 1,
            "unsorted bounds fall back to the defaults"
        );
        assert_eq!(FieldLevel::of(Some(1), Some(1)), FieldLevel::Agree);
        assert_eq!(FieldLevel::of(Some(1), Some(2)), FieldLevel::Disagree);
        assert_eq!(FieldLevel::of(None, Some(2)), FieldLevel::Unknown);
    }
}

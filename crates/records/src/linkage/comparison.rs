//! The comparison vector of a pair: the level of its encodings' similarity, and whether sex and
//! nationality agree.
//!
//! The similarity levels (defaults ≥ 0.95, ≥ 0.88, ≥ 0.80, ≥ 0.72, below) follow what the
//! encoding gives: the same identity written alike scores 1; one typo, a swapped day and
//! month, a dropped second given name or a spelling variant score about 0.8–0.95; two such
//! faults together about 0.72–0.85; unrelated persons about 0.55–0.7, with the same birth date
//! somewhat higher. The last bound is also the candidate floor: a pair less similar is no
//! candidate (see [`super::blocking`]), so the level "below" only occurs for decided pairs.

use super::LinkRecord;

/// The default lower bounds of the similarity levels.
pub const DEFAULT_LEVELS: [f64; 4] = [0.95, 0.88, 0.80, 0.72];

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
}

/// The comparison vector of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Comparison {
    /// The similarity level: 0 for the most similar, `levels.len()` for below the last bound.
    pub similarity: u8,
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

    /// The candidate floor: the lowest bound.
    pub fn floor(&self) -> f32 {
        self.0[self.0.len() - 1]
    }

    /// The level of a similarity.
    pub fn level(&self, similarity: f32) -> u8 {
        self.0.iter().position(|&b| similarity >= b).unwrap_or(self.0.len()) as u8
    }
}

/// The comparison vector of two records whose encodings have this similarity.
pub fn compare(levels: &Levels, a: &LinkRecord, b: &LinkRecord, similarity: f32) -> Comparison {
    Comparison {
        similarity: levels.level(similarity),
        sex: FieldLevel::of(a.sex, b.sex),
        nationality: FieldLevel::of(a.nationality, b.nationality),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_fields() {
        let levels = Levels::new(&DEFAULT_LEVELS);
        assert_eq!(levels.count(), 5);
        assert_eq!(levels.level(1.0), 0);
        assert_eq!(levels.level(0.9), 1);
        assert_eq!(levels.level(0.72), 3);
        assert_eq!(levels.level(0.5), 4);
        assert_eq!(Levels::new(&[0.5, 0.9]).count(), 5, "unsorted bounds fall back to the defaults");
        assert_eq!(FieldLevel::of(Some(1), Some(1)), FieldLevel::Agree);
        assert_eq!(FieldLevel::of(Some(1), Some(2)), FieldLevel::Disagree);
        assert_eq!(FieldLevel::of(None, Some(2)), FieldLevel::Unknown);
    }
}

//! What record linkage leaves in the store: which records are one person, the pairs it linked
//! or sent to review with their scores, the coordinator's decisions on pairs, and each run with
//! the parameters its decision rule estimated.

use std::fmt;

/// One record of one source, by its key within the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordRef {
    pub schema: String,
    pub key: String,
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.schema, self.key)
    }
}

/// What became of a pair of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PairStatus {
    /// The decision rule links them.
    Linked,
    /// The rule is unsure: the coordinator decides.
    Review,
    /// The coordinator said they are one person.
    Accepted,
    /// The coordinator said they are two persons.
    Rejected,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Linked => "linked",
            PairStatus::Review => "review",
            PairStatus::Accepted => "accepted",
            PairStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<PairStatus> {
        [PairStatus::Linked, PairStatus::Review, PairStatus::Accepted, PairStatus::Rejected]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A pair of records the linkage scored: linked, or sent to review, or decided.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPair {
    pub a: RecordRef,
    pub b: RecordRef,
    /// Dice coefficient of the two encodings.
    pub similarity: f64,
    /// Fellegi–Sunter match weight (log2 of m/u summed over the comparisons).
    pub weight: f64,
    /// Posterior probability that the two are one person.
    pub probability: f64,
    pub status: PairStatus,
    /// What the pair's similarity rests on: names and full birth dates, or less (then only the
    /// coordinator can link it).
    pub basis: crate::catalog::LinkBasis,
}

/// A coordinator's decision on a pair, kept across re-linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDecision {
    pub a: RecordRef,
    pub b: RecordRef,
    pub same_person: bool,
    pub comment: String,
    pub at: String,
    pub by: String,
}

/// One run of the linkage, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRun {
    pub id: i64,
    pub at: String,
    pub by: String,
    pub records: i64,
    pub persons: i64,
    pub candidate_pairs: i64,
    pub linked_pairs: i64,
    pub review_pairs: i64,
    /// The decision rule's parameters (JSON): what the data gave.
    pub model: String,
}

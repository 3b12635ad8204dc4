//! What the reader of an estimate should know beside the numbers: each warning with the
//! sentence that tells it.

use serde::Serialize;

use crate::mse::bootstrap::BcaError;
use crate::mse::check::ModelFailure;
use crate::mse::informative::{RemovalReason, RemovedList};

/// Something the reader of an estimate should know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Warning {
    ListRemoved { list: String, reason: RemovalReason },
    PersonsOnlyOnRemovedLists { persons: u64 },
    NegativeInfinityTerm { term: String },
    ModelSkipped { terms: Vec<String>, reason: ModelFailure },
    ReplicatesWithoutEstimate { replicates: usize, of: usize },
    AccelerationSetToZero,
    BcaUndefined { reason: BcaError },
    NoFiniteUpperLimit,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ListRemoved { list, reason } => {
                RemovedList { list: list.clone(), reason: reason.clone() }.fmt(f)
            }
            Self::PersonsOnlyOnRemovedLists { persons } => write!(
                f,
                "{persons} persons are only on removed lists; the model counts them among those \
                 on none of the remaining lists"
            ),
            Self::NegativeInfinityTerm { term } => write!(
                f,
                "lists {} have nobody in common: their interaction is fixed at minus infinity \
                 and the cells with both are left out of the fit",
                term.replace(':', " and ")
            ),
            Self::ModelSkipped { terms, reason } => {
                write!(f, "model {} skipped: {reason}", describe_terms(terms))
            }
            Self::ReplicatesWithoutEstimate { replicates, of } => write!(
                f,
                "{replicates} of {of} bootstrap replicates gave no estimate and count as \
                 infinitely large"
            ),
            Self::AccelerationSetToZero => {
                f.write_str("the jackknife gave no acceleration for the BCa interval; it was set to zero")
            }
            Self::BcaUndefined { reason } => write!(f, "no BCa interval: {reason}"),
            Self::NoFiniteUpperLimit => f.write_str("the bootstrap interval has no finite upper limit"),
        }
    }
}

/// A model as its interactions, in a sentence: "with A:B, B:C" or "with main effects only".
pub(super) fn describe_terms(terms: &[String]) -> String {
    if terms.is_empty() {
        "with main effects only".to_owned()
    } else {
        format!("with {}", terms.join(", "))
    }
}

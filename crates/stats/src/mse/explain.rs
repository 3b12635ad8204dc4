//! What a paragraph explaining an estimate must say, as data: how many lists and persons, the
//! estimate and its first interval, the model's interactions, or why there is no estimate.
//! The words are not here: rapporteur-report writes the paragraph in each language from these
//! facts.

use serde::Serialize;

use super::check::ModelFailure;
use super::estimate::{Estimate, Interval, IntervalMethod, NoEstimate, TermValue};

/// The facts of an estimate that its explanation states. Counts are as computed, not rounded:
/// rounding to whole persons belongs to writing them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateFacts {
    /// The lists the estimate rests on: those given, less those left out for carrying no
    /// information.
    pub lists_used: usize,
    /// Distinct persons on at least one of those lists.
    pub observed: u64,
    pub outcome: EstimateOutcome,
}

/// An estimate, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EstimateOutcome {
    Estimated {
        /// N̂, the estimated number of victims.
        population: f64,
        /// N̂ − observed: the victims on none of the lists.
        dark_figure: f64,
        /// The first interval of the estimate (the bootstrap one when there is one, since it
        /// allows for the choice of the model); `None` when it has none.
        interval: Option<IntervalFacts>,
        interactions: Interactions,
    },
    NotEstimated {
        /// `None` when the estimate does not say.
        reason: Option<NoEstimateReason>,
    },
}

/// An interval for the population.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalFacts {
    pub method: IntervalMethod,
    /// The confidence level, 0.95 for a 95% interval.
    pub level: f64,
    pub lower: f64,
    /// `None`: no finite upper limit.
    pub upper: Option<f64>,
}

/// The chosen model's two-list interactions, by name ("LA:NG"), in the model's order: what
/// the assumption of equal chances of registration allows for. Both empty: the lists are taken
/// to register independently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Interactions {
    /// Dependencies between two lists that the model estimates.
    pub estimated: Vec<String>,
    /// Pairs of lists with nobody in common (the interaction is fixed at minus infinity).
    pub disjoint: Vec<String>,
}

/// Why no estimate can be made, as far as a reader needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoEstimateReason {
    /// Fewer than two lists carry information.
    TooFewInformativeLists,
    /// The lists overlap too little: the maximum likelihood estimate does not exist.
    EstimateDoesNotExist,
    /// The model's parameters cannot be identified from the data (whether or not the estimate
    /// exists).
    NotIdentifiable,
    /// The model could not be fitted for another reason.
    ModelNotFitted,
    /// No model passes the tests of existence and identifiability.
    NoModelPasses,
    /// The exhaustive search was refused: too many models (or a range outside them).
    TooManyModels,
}

impl EstimateFacts {
    /// The facts of `estimate`.
    pub fn of(estimate: &Estimate) -> EstimateFacts {
        let outcome = match (estimate.population, estimate.dark_figure) {
            (Some(population), Some(dark_figure)) => EstimateOutcome::Estimated {
                population,
                dark_figure,
                interval: estimate.intervals.first().map(IntervalFacts::of),
                interactions: Interactions::of(estimate),
            },
            _ => EstimateOutcome::NotEstimated {
                reason: estimate.no_estimate.as_ref().map(NoEstimateReason::of),
            },
        };
        EstimateFacts {
            lists_used: estimate.lists.len() - estimate.lists_removed.len(),
            observed: estimate.observed,
            outcome,
        }
    }
}

impl IntervalFacts {
    fn of(interval: &Interval) -> IntervalFacts {
        IntervalFacts {
            method: interval.method,
            level: interval.level,
            lower: interval.lower,
            upper: interval.upper,
        }
    }
}

impl Interactions {
    /// The chosen model's two-list terms, split by whether they are estimated or at minus
    /// infinity; none when there is no model.
    fn of(estimate: &Estimate) -> Interactions {
        let mut interactions = Interactions::default();
        let terms = estimate.model.iter().flat_map(|model| &model.terms).filter(|term| term.lists.len() == 2);
        for term in terms {
            match term.value {
                TermValue::NegativeInfinity => interactions.disjoint.push(term.name.clone()),
                TermValue::Estimated { .. } => interactions.estimated.push(term.name.clone()),
            }
        }
        interactions
    }
}

impl NoEstimateReason {
    fn of(no_estimate: &NoEstimate) -> NoEstimateReason {
        match no_estimate {
            NoEstimate::TooFewInformativeLists { .. } => Self::TooFewInformativeLists,
            NoEstimate::ModelFails { reason: ModelFailure::MleDoesNotExist, .. } => {
                Self::EstimateDoesNotExist
            }
            NoEstimate::ModelFails {
                reason: ModelFailure::NotIdentifiable | ModelFailure::MleDoesNotExistAndNotIdentifiable,
                ..
            } => Self::NotIdentifiable,
            NoEstimate::ModelFails { .. } => Self::ModelNotFitted,
            NoEstimate::NoModelPasses => Self::NoModelPasses,
            NoEstimate::Search(_) => Self::TooManyModels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mse::ExhaustiveError;

    #[test]
    fn both_failed_tests_read_as_not_identifiable_and_other_failures_as_not_fitted() {
        let fails = |reason| NoEstimateReason::of(&NoEstimate::ModelFails { terms: vec![], reason });
        assert_eq!(fails(ModelFailure::MleDoesNotExist), NoEstimateReason::EstimateDoesNotExist);
        assert_eq!(fails(ModelFailure::MleDoesNotExistAndNotIdentifiable), NoEstimateReason::NotIdentifiable);
        assert_eq!(fails(ModelFailure::FitDidNotConverge), NoEstimateReason::ModelNotFitted);
        let search =
            NoEstimate::Search(ExhaustiveError::TooManyModels { lists: 10, models: 1 << 45, limit: 10 });
        assert_eq!(NoEstimateReason::of(&search), NoEstimateReason::TooManyModels);
    }
}

//! Multiple systems estimation: how many victims are on none of the lists, from the overlaps
//! between the lists that register them.
//!
//! The method is that of Chan, Silverman & Vincent (2019) as the R package SparseMSE 2.0.1
//! implements it: Poisson log-linear models of the 2^t − 1 observable cells with main effects
//! and two-list interactions; a linear-programming test of the existence of the estimate and a
//! rank test of identifiability before any fit; interactions of lists with nobody in common
//! fixed at −∞; stepwise selection by Poisson p-values; and a BCa bootstrap interval with the
//! selection rerun on every replicate. An exhaustive AIC/BIC search over all models is offered
//! beside it.
//!
//! Entry points: [`CaptureData::new`] validates the table, [`compute_estimate`] gives the
//! [`Estimate`] that the CLI prints, [`EstimateFacts::of`] what a paragraph explaining it must
//! say (rapporteur-report writes that paragraph).
//!
//! ```
//! use rapporteur_stats::mse::{compute_estimate, CaptureData, EstimateOptions};
//! let rows = [("100", 60), ("010", 50), ("001", 40), ("110", 12), ("101", 9), ("011", 8), ("111", 2)];
//! let data = CaptureData::new(
//!     vec!["A".into(), "B".into(), "C".into()],
//!     rows.iter().map(|(h, n)| (h.chars().map(|c| c == '1').collect(), *n)),
//! )
//! .unwrap();
//! let estimate = compute_estimate(&data, &EstimateOptions::default()).unwrap();
//! assert_eq!(estimate.observed, 181);
//! assert!(estimate.population.unwrap() > 181.0);
//! ```

mod bootstrap;
mod check;
mod data;
mod distributions;
mod estimate;
mod exhaustive;
mod explain;
mod fit;
mod informative;
mod model;
mod stepwise;

pub use bootstrap::{
    bca_limits, bootstrap_estimates, jackknife_acceleration, jackknife_estimates, resample_counts, BcaError,
    BcaLimits, BootstrapOptions, DEFAULT_REPLICATES, DEFAULT_SEED, SPARSEMSE_PROBABILITIES,
};
pub use check::ModelFailure;
pub use data::{CaptureData, CaptureDataProblem, InvalidCaptureData, MAX_LISTS, MIN_LISTS};
pub use distributions::{normal_cdf, normal_quantile, poisson_p_value, quantile_type8};
pub use estimate::{
    compute_estimate, estimate_population, BcaQuantile, BootstrapSummary, ChosenModel, Estimate,
    EstimateOptions, Interval, IntervalMethod, NoEstimate, OptionsError, SelectionMethod, Term, TermValue,
    Warning,
};
pub use exhaustive::{
    search_exhaustive, Criterion, ExhaustiveError, ExhaustiveOptions, ExhaustiveSearch, RankedModel,
    SkipCount, SkippedModel, DEFAULT_MAX_MODELS,
};
pub use explain::{EstimateFacts, EstimateOutcome, Interactions, IntervalFacts, NoEstimateReason};
pub use fit::ModelFit;
pub use informative::{remove_noninformative_lists, InformativeData, RemovalReason, RemovedList};
pub use model::{all_pairs, Model, Pair};
pub use stepwise::{select_stepwise, BlockedCandidate, StepRecord, StepwiseSelection, DEFAULT_THRESHOLD};

/// Checks a model for the existence of its estimate and the identifiability of its parameters
/// (SparseMSE's `checkident`); `None` when it passes both.
pub fn check_model(data: &CaptureData, model: &Model) -> Option<ModelFailure> {
    if let Some(mismatch) = list_count_mismatch(data, model) {
        return Some(mismatch);
    }
    let table = model::Table::new(data);
    check::check_design(&table.design(model)).failure()
}

/// Fits a given model after checking it; a model that fails a check is not fitted.
pub fn fit_checked_model(data: &CaptureData, model: &Model) -> Result<ModelFit, ModelFailure> {
    if let Some(mismatch) = list_count_mismatch(data, model) {
        return Err(mismatch);
    }
    let table = model::Table::new(data);
    if let Some(failure) = check::check_design(&table.design(model)).failure() {
        return Err(failure);
    }
    fit::fit_model(&table, model)
}

fn list_count_mismatch(data: &CaptureData, model: &Model) -> Option<ModelFailure> {
    (model.lists() != data.lists().len())
        .then(|| ModelFailure::ListCountMismatch { model: model.lists(), data: data.lists().len() })
}

//! Choosing the model: by stepwise selection or by the best AIC/BIC over all models, either
//! recorded for the reader (the steps, the search, the models skipped) or bare, as every
//! bootstrap replicate reruns it; and why there may be no estimate at all.

use serde::Serialize;

use super::options::SelectionMethod;
use super::warning::{describe_terms, Warning};
use super::{Estimate, EstimateOptions};
use crate::mse::check::ModelFailure;
use crate::mse::data::CaptureData;
use crate::mse::exhaustive::{best_model, search_exhaustive, Criterion, ExhaustiveError, ExhaustiveOptions};
use crate::mse::fit::{fit_model, ModelFit};
use crate::mse::informative::{remove_noninformative_lists, RemovedList};
use crate::mse::model::{Model, Table};
use crate::mse::stepwise::{stepwise, StepRecord};

/// Why there is no estimate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoEstimate {
    #[error("fewer than two lists carry information ({remaining} left)")]
    TooFewInformativeLists { remaining: usize },
    #[error("the model {} fails: {reason}", describe_terms(.terms))]
    ModelFails { terms: Vec<String>, reason: ModelFailure },
    #[error("no model of two-list interactions passes the existence and identifiability tests")]
    NoModelPasses,
    #[error("{0}")]
    Search(ExhaustiveError),
}

impl NoEstimate {
    /// Too few of `data`'s lists are left once the lists in `removed` are taken out.
    pub(super) fn too_few_lists(data: &CaptureData, removed: &[RemovedList]) -> Self {
        Self::TooFewInformativeLists { remaining: data.lists().len() - removed.len() }
    }

    /// The selected model cannot be fitted, or even the starting model fails.
    fn model_fails(reason: ModelFailure) -> Self {
        Self::ModelFails { terms: Vec::new(), reason }
    }
}

/// The estimate of one data set: what [`super::compute_estimate`] puts in `population`, and
/// what every bootstrap replicate reruns. Lists without information are removed first.
pub fn estimate_population(
    data: &CaptureData,
    method: SelectionMethod,
    max_models: u64,
) -> Result<f64, NoEstimate> {
    let informative = remove_noninformative_lists(data);
    let used = informative.data.ok_or_else(|| NoEstimate::too_few_lists(data, &informative.removed))?;
    let table = Table::new(&used);
    select(&table, method, max_models).map(|fit| fit.population)
}

/// The selection without a record of how: the stepwise selection tests only the candidates
/// that could be chosen, and the search keeps only the best model.
fn select(table: &Table, method: SelectionMethod, max_models: u64) -> Result<ModelFit, NoEstimate> {
    match method {
        SelectionMethod::Stepwise { threshold } => {
            stepwise(table, threshold, None).0.map_err(NoEstimate::model_fails)
        }
        SelectionMethod::Aic | SelectionMethod::Bic => {
            let models = 1u64 << table.pair_count();
            if models > max_models {
                return Err(NoEstimate::Search(ExhaustiveError::TooManyModels {
                    lists: table.lists,
                    models,
                    limit: max_models,
                }));
            }
            best_model(table, method.criterion()).map_err(|_| NoEstimate::NoModelPasses)
        }
    }
}

/// Selects and fits the model on `used` as the options say, recording in `estimate` the steps
/// or the search, and a warning for every model that was skipped because it fails a test.
pub(super) fn select_recorded(
    used: &CaptureData,
    options: &EstimateOptions,
    estimate: &mut Estimate,
) -> Result<ModelFit, NoEstimate> {
    let table = Table::new(used);
    match options.method {
        SelectionMethod::Stepwise { threshold } => select_by_steps(&table, threshold, used.lists(), estimate),
        SelectionMethod::Aic | SelectionMethod::Bic => select_by_search(used, &table, options, estimate),
    }
}

/// Stepwise selection with every step recorded.
fn select_by_steps(
    table: &Table,
    threshold: f64,
    names: &[String],
    estimate: &mut Estimate,
) -> Result<ModelFit, NoEstimate> {
    let (fit, steps) = stepwise(table, threshold, Some(names));
    estimate.warnings.extend(models_skipped_by_steps(&steps));
    estimate.steps = steps;
    fit.map_err(NoEstimate::model_fails)
}

/// One warning per model that a step could not consider, the first time it comes up.
fn models_skipped_by_steps(steps: &[StepRecord]) -> Vec<Warning> {
    let mut seen = Vec::new();
    let mut warnings = Vec::new();
    for blocked in steps.iter().flat_map(|step| &step.blocked) {
        if !seen.contains(&blocked.model_terms) {
            seen.push(blocked.model_terms.clone());
            warnings.push(Warning::ModelSkipped {
                terms: blocked.model_terms.clone(),
                reason: blocked.reason.clone(),
            });
        }
    }
    warnings
}

/// The search over all models, kept with its best five by each criterion; the best by the
/// method's criterion is fitted.
fn select_by_search(
    used: &CaptureData,
    table: &Table,
    options: &EstimateOptions,
    estimate: &mut Estimate,
) -> Result<ModelFit, NoEstimate> {
    let search_options = ExhaustiveOptions { keep: 5, max_models: options.max_models, models: None };
    let search = search_exhaustive(used, &search_options).map_err(NoEstimate::Search)?;
    for skipped in &search.skipped_examples {
        estimate
            .warnings
            .push(Warning::ModelSkipped { terms: skipped.terms.clone(), reason: skipped.reason.clone() });
    }
    let best = match options.method.criterion() {
        Criterion::Aic => search.by_aic.first(),
        Criterion::Bic => search.by_bic.first(),
    }
    .map(|best| best.number);
    estimate.search = Some(search);
    let number = best.ok_or(NoEstimate::NoModelPasses)?;
    fit_model(table, &Model::from_set(used.lists().len(), number)).map_err(NoEstimate::model_fails)
}

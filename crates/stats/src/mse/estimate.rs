//! The whole estimate as the CLI and the report show it: removal of lists without information,
//! model selection, N̂ and the dark figure, the intervals with the method of each, the chosen
//! terms, and every warning and skipped model with its reason.

use serde::{Deserialize, Serialize};

use super::bootstrap::{
    bca_limits, bootstrap_estimates, jackknife_acceleration, jackknife_estimates, BcaError, BootstrapOptions,
    SPARSEMSE_PROBABILITIES,
};
use super::check::ModelFailure;
use super::data::{remove_noninformative_lists, CaptureData, RemovalReason, RemovedList};
use super::exhaustive::{
    best_model, search_exhaustive, Criterion, ExhaustiveError, ExhaustiveOptions, ExhaustiveSearch,
    DEFAULT_MAX_MODELS,
};
use super::fit::{fit_model, ModelFit};
use super::model::{all_pairs, Model, Table};
use super::stepwise::{stepwise, StepRecord, DEFAULT_THRESHOLD};

/// How the model is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum SelectionMethod {
    /// SparseMSE's stepwise selection by Poisson p-values below `threshold`.
    Stepwise { threshold: f64 },
    /// The model with the smallest AIC among all models of two-list interactions.
    Aic,
    /// The model with the smallest BIC among all models of two-list interactions.
    Bic,
}

impl Default for SelectionMethod {
    fn default() -> Self {
        Self::Stepwise { threshold: DEFAULT_THRESHOLD }
    }
}

impl std::fmt::Display for SelectionMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stepwise { threshold } => write!(f, "stepwise (threshold {threshold})"),
            Self::Aic => f.write_str("best AIC over all models"),
            Self::Bic => f.write_str("best BIC over all models"),
        }
    }
}

/// Options of [`compute_estimate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateOptions {
    pub method: SelectionMethod,
    /// Confidence level of the intervals.
    pub level: f64,
    /// Bootstrap replicates and seed; `None` gives only the model-based interval.
    pub bootstrap: Option<BootstrapOptions>,
    /// For AIC and BIC: refuse to search more models than this (see [`DEFAULT_MAX_MODELS`]).
    pub max_models: u64,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        Self {
            method: SelectionMethod::default(),
            level: 0.95,
            bootstrap: None,
            max_models: DEFAULT_MAX_MODELS,
        }
    }
}

/// Options that make no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptionsError {
    #[error("the stepwise threshold must be between 0 and 1, not {0}")]
    Threshold(f64),
    #[error("the confidence level must be strictly between 0 and 1, not {0}")]
    Level(f64),
    #[error("the bootstrap needs at least one replicate")]
    NoReplicates,
}

impl EstimateOptions {
    pub fn validate(&self) -> Result<(), OptionsError> {
        if let SelectionMethod::Stepwise { threshold } = self.method {
            if !(0.0..=1.0).contains(&threshold) {
                return Err(OptionsError::Threshold(threshold));
            }
        }
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(OptionsError::Level(self.level));
        }
        if self.bootstrap.is_some_and(|b| b.replicates == 0) {
            return Err(OptionsError::NoReplicates);
        }
        Ok(())
    }
}

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

fn describe_terms(terms: &[String]) -> String {
    if terms.is_empty() {
        "with main effects only".to_owned()
    } else {
        format!("with {}", terms.join(", "))
    }
}

/// The value of a model term.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TermValue {
    Estimated {
        coefficient: f64,
        std_error: f64,
    },
    /// A pair of lists with nobody in common: the parameter is −∞, fixed, not estimated, and
    /// the cells with both lists are left out of the fit.
    NegativeInfinity,
}

/// A term of the chosen model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// "(Intercept)", a list name, or "A:B".
    pub name: String,
    /// The lists the term is about (none for the intercept).
    pub lists: Vec<String>,
    #[serde(flatten)]
    pub value: TermValue,
}

/// The chosen model and its fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChosenModel {
    /// Intercept, main effects, then the interactions in the order added.
    pub terms: Vec<Term>,
    /// The interactions with a −∞ parameter, "A:B".
    pub neg_inf_terms: Vec<String>,
    pub deviance: f64,
    pub df_residual: usize,
    pub aic: f64,
    pub bic: f64,
    /// Parameters fitted plus the −∞ ones.
    pub parameters: usize,
    pub cells_fitted: usize,
}

/// How an interval was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// BCa limits from bootstrap replicates with the model selection rerun in each.
    BootstrapBca,
    /// observed + exp(b₀ ± z·se(b₀)) from the chosen model, as if the model were known.
    LogNormal,
}

/// An interval for the population.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    pub method: IntervalMethod,
    pub level: f64,
    pub lower: f64,
    /// `None`: no finite upper limit (it falls among bootstrap replicates without an estimate).
    pub upper: Option<f64>,
    /// The method in a sentence, English.
    pub description: String,
}

/// A BCa limit at one probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BcaQuantile {
    pub probability: f64,
    /// `None` when infinite.
    pub value: Option<f64>,
}

/// What the bootstrap did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BootstrapSummary {
    pub replicates: usize,
    pub seed: u64,
    /// Replicates in which the model selection gave no estimate (counted as +∞).
    pub replicates_without_estimate: usize,
    pub z0: Option<f64>,
    pub acceleration: f64,
    /// Whether the acceleration came from the jackknife (otherwise 0, see the warnings).
    pub acceleration_from_jackknife: bool,
    /// BCa limits at SparseMSE's probabilities and the interval's.
    pub bca_quantiles: Vec<BcaQuantile>,
    /// The replicates' estimates, in replicate order.
    #[serde(skip)]
    pub replicate_estimates: Vec<Option<f64>>,
    /// The delete-one-person jackknife estimates, per row of the data used.
    #[serde(skip)]
    pub jackknife_estimates: Vec<Option<f64>>,
}

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

/// A multiple systems estimate with everything needed to print and explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The lists of the input.
    pub lists: Vec<String>,
    /// The lists the model uses.
    pub lists_used: Vec<String>,
    /// The lists left out because they carry no information.
    pub lists_removed: Vec<RemovedList>,
    /// Persons on at least one list used.
    pub observed: u64,
    /// Persons only on removed lists (not in `observed`).
    pub persons_only_on_removed_lists: u64,
    pub method: SelectionMethod,
    /// N̂, the estimated population; `None` when no estimate can be made.
    pub population: Option<f64>,
    /// N̂ − observed: the estimated number registered on none of the lists.
    pub dark_figure: Option<f64>,
    /// The bootstrap interval first when there is one (it allows for the model choice), then
    /// the model-based one.
    pub intervals: Vec<Interval>,
    pub model: Option<ChosenModel>,
    /// Why there is no estimate.
    pub no_estimate: Option<NoEstimate>,
    /// The steps of stepwise selection.
    pub steps: Vec<StepRecord>,
    /// For AIC and BIC: the search, with the best models by each criterion.
    pub search: Option<ExhaustiveSearch>,
    pub bootstrap: Option<BootstrapSummary>,
    pub warnings: Vec<Warning>,
}

/// The estimate of one data set: what [`compute_estimate`] puts in `population`, and what
/// every bootstrap replicate reruns. Lists without information are removed first.
pub fn estimate_population(
    data: &CaptureData,
    method: SelectionMethod,
    max_models: u64,
) -> Result<f64, NoEstimate> {
    let informative = remove_noninformative_lists(data);
    let data = informative.data.ok_or(NoEstimate::TooFewInformativeLists {
        remaining: data.lists().len() - informative.removed.len(),
    })?;
    let table = Table::new(&data);
    select(&table, method, max_models).map(|fit| fit.population)
}

fn select(table: &Table, method: SelectionMethod, max_models: u64) -> Result<ModelFit, NoEstimate> {
    match method {
        SelectionMethod::Stepwise { threshold } => stepwise(table, threshold, None)
            .0
            .map_err(|reason| NoEstimate::ModelFails { terms: Vec::new(), reason }),
        SelectionMethod::Aic | SelectionMethod::Bic => {
            let models = 1u64 << table.pair_count();
            if models > max_models {
                return Err(NoEstimate::Search(ExhaustiveError::TooManyModels {
                    lists: table.lists,
                    models,
                    limit: max_models,
                }));
            }
            let criterion = if method == SelectionMethod::Aic { Criterion::Aic } else { Criterion::Bic };
            best_model(table, criterion).map_err(|_| NoEstimate::NoModelPasses)
        }
    }
}

/// Estimates the population from capture histories: removes the lists without information,
/// selects the model, fits it, and (with bootstrap options) reruns the whole selection on
/// every bootstrap replicate for the BCa interval.
///
/// Only invalid options are an error; a data set that allows no estimate gives an [`Estimate`]
/// whose `no_estimate` says why.
pub fn compute_estimate(data: &CaptureData, options: &EstimateOptions) -> Result<Estimate, OptionsError> {
    options.validate()?;
    let informative = remove_noninformative_lists(data);
    let mut estimate = Estimate {
        lists: data.lists().to_vec(),
        lists_used: Vec::new(),
        lists_removed: informative.removed.clone(),
        observed: 0,
        persons_only_on_removed_lists: informative.persons_only_on_removed,
        method: options.method,
        population: None,
        dark_figure: None,
        intervals: Vec::new(),
        model: None,
        no_estimate: None,
        steps: Vec::new(),
        search: None,
        bootstrap: None,
        warnings: informative
            .removed
            .iter()
            .map(|r| Warning::ListRemoved { list: r.list.clone(), reason: r.reason.clone() })
            .collect(),
    };
    if informative.persons_only_on_removed > 0 {
        estimate
            .warnings
            .push(Warning::PersonsOnlyOnRemovedLists { persons: informative.persons_only_on_removed });
    }
    let Some(used) = informative.data else {
        estimate.no_estimate = Some(NoEstimate::TooFewInformativeLists {
            remaining: data.lists().len() - informative.removed.len(),
        });
        return Ok(estimate);
    };
    estimate.lists_used = used.lists().to_vec();
    estimate.observed = used.observed();
    let names = used.lists();
    let table = Table::new(&used);

    let fit = match options.method {
        SelectionMethod::Stepwise { threshold } => {
            let (fit, steps) = stepwise(&table, threshold, Some(names));
            let mut seen = Vec::new();
            for blocked in steps.iter().flat_map(|step| &step.blocked) {
                if !seen.contains(&blocked.model_terms) {
                    seen.push(blocked.model_terms.clone());
                    estimate.warnings.push(Warning::ModelSkipped {
                        terms: blocked.model_terms.clone(),
                        reason: blocked.reason.clone(),
                    });
                }
            }
            estimate.steps = steps;
            fit.map_err(|reason| NoEstimate::ModelFails { terms: Vec::new(), reason })
        }
        SelectionMethod::Aic | SelectionMethod::Bic => {
            let search_options = ExhaustiveOptions { keep: 5, max_models: options.max_models, models: None };
            match search_exhaustive(&used, &search_options) {
                Err(error) => Err(NoEstimate::Search(error)),
                Ok(search) => {
                    let criterion =
                        if options.method == SelectionMethod::Aic { Criterion::Aic } else { Criterion::Bic };
                    for skipped in &search.skipped_examples {
                        estimate.warnings.push(Warning::ModelSkipped {
                            terms: skipped.terms.clone(),
                            reason: skipped.reason.clone(),
                        });
                    }
                    let best = match criterion {
                        Criterion::Aic => search.by_aic.first(),
                        Criterion::Bic => search.by_bic.first(),
                    }
                    .map(|best| best.number);
                    estimate.search = Some(search);
                    match best {
                        Some(number) => fit_model(&table, &Model::from_set(names.len(), number))
                            .map_err(|reason| NoEstimate::ModelFails { terms: Vec::new(), reason }),
                        None => Err(NoEstimate::NoModelPasses),
                    }
                }
            }
        }
    };
    let fit = match fit {
        Ok(fit) => fit,
        Err(reason) => {
            estimate.no_estimate = Some(reason);
            return Ok(estimate);
        }
    };

    estimate.population = Some(fit.population);
    estimate.dark_figure = Some(fit.dark_figure());
    let model = chosen_model(&fit, names);
    for term in &model.neg_inf_terms {
        estimate.warnings.push(Warning::NegativeInfinityTerm { term: term.clone() });
    }
    estimate.model = Some(model);
    let (lower, upper) = fit.log_normal_interval(options.level);
    let log_normal = Interval {
        method: IntervalMethod::LogNormal,
        level: options.level,
        lower,
        upper: Some(upper),
        description: "log-normal interval from the chosen model's intercept: observed + \
                      exp(b0 ± z·se(b0)); conditional on the model, so it ignores the \
                      uncertainty of the model choice"
            .to_owned(),
    };

    if let Some(bootstrap) = options.bootstrap {
        let (summary, interval, warnings) = bootstrap_interval(&used, fit.population, options, bootstrap);
        estimate.warnings.extend(warnings);
        estimate.bootstrap = Some(summary);
        estimate.intervals.extend(interval);
    }
    estimate.intervals.push(log_normal);
    Ok(estimate)
}

fn bootstrap_interval(
    used: &CaptureData,
    population: f64,
    options: &EstimateOptions,
    bootstrap: BootstrapOptions,
) -> (BootstrapSummary, Option<Interval>, Vec<Warning>) {
    let (method, max_models) = (options.method, options.max_models);
    let estimator = |data: &CaptureData| estimate_population(data, method, max_models).ok();
    let replicate_estimates = bootstrap_estimates(used, bootstrap, estimator);
    let jackknife = jackknife_estimates(used, estimator);
    let mut warnings = Vec::new();
    let failed = replicate_estimates.iter().filter(|r| r.is_none()).count();
    if failed > 0 {
        warnings.push(Warning::ReplicatesWithoutEstimate { replicates: failed, of: bootstrap.replicates });
    }
    let acceleration = jackknife_acceleration(used.counts(), &jackknife);
    if acceleration.is_none() {
        warnings.push(Warning::AccelerationSetToZero);
    }
    let alpha = (1.0 - options.level) / 2.0;
    let mut probabilities = SPARSEMSE_PROBABILITIES.to_vec();
    for p in [alpha, 1.0 - alpha] {
        if !probabilities.iter().any(|&q| (q - p).abs() < 1e-12) {
            probabilities.push(p);
        }
    }
    probabilities.sort_by(f64::total_cmp);
    let values: Vec<f64> = replicate_estimates.iter().map(|r| r.unwrap_or(f64::INFINITY)).collect();
    let mut summary = BootstrapSummary {
        replicates: bootstrap.replicates,
        seed: bootstrap.seed,
        replicates_without_estimate: failed,
        z0: None,
        acceleration: acceleration.unwrap_or(0.0),
        acceleration_from_jackknife: acceleration.is_some(),
        bca_quantiles: Vec::new(),
        replicate_estimates,
        jackknife_estimates: jackknife,
    };
    let limits = match bca_limits(&values, population, summary.acceleration, &probabilities) {
        Ok(limits) => limits,
        Err(reason) => {
            warnings.push(Warning::BcaUndefined { reason });
            return (summary, None, warnings);
        }
    };
    summary.z0 = Some(limits.z0);
    summary.bca_quantiles = limits
        .limits
        .iter()
        .map(|&(probability, value)| BcaQuantile { probability, value: value.is_finite().then_some(value) })
        .collect();
    let at = |p: f64| limits.limits.iter().find(|(q, _)| (q - p).abs() < 1e-12).map_or(f64::NAN, |l| l.1);
    let (lower, upper) = (at(alpha), at(1.0 - alpha));
    if !lower.is_finite() {
        warnings.push(Warning::BcaUndefined { reason: BcaError::LowerLimitUnbounded });
        return (summary, None, warnings);
    }
    if !upper.is_finite() {
        warnings.push(Warning::NoFiniteUpperLimit);
    }
    let interval = Interval {
        method: IntervalMethod::BootstrapBca,
        level: options.level,
        lower,
        upper: upper.is_finite().then_some(upper),
        description: format!(
            "BCa bootstrap interval: {} multinomial resamples of the observed histories (seed \
             {}), the model selection rerun on each, acceleration from the jackknife; allows \
             for the uncertainty of the model choice",
            bootstrap.replicates, bootstrap.seed
        ),
    };
    (summary, Some(interval), warnings)
}

fn chosen_model(fit: &ModelFit, names: &[String]) -> ChosenModel {
    let pairs = all_pairs(names.len());
    let estimated = |index: usize| TermValue::Estimated {
        coefficient: fit.coefficients[index],
        std_error: fit.std_errors[index],
    };
    let mut terms = vec![Term { name: "(Intercept)".to_owned(), lists: Vec::new(), value: estimated(0) }];
    for (list, name) in names.iter().enumerate() {
        terms.push(Term { name: name.clone(), lists: vec![name.clone()], value: estimated(list + 1) });
    }
    let mut column = names.len() + 1;
    let mut neg_inf_terms = Vec::new();
    for &pair in fit.model.pair_indices() {
        let p = pairs[pair];
        let name = p.name(names);
        let value = if fit.neg_inf_pairs.contains(&pair) {
            neg_inf_terms.push(name.clone());
            TermValue::NegativeInfinity
        } else {
            column += 1;
            estimated(column - 1)
        };
        terms.push(Term { name, lists: vec![names[p.first].clone(), names[p.second].clone()], value });
    }
    ChosenModel {
        terms,
        neg_inf_terms,
        deviance: fit.deviance,
        df_residual: fit.df_residual,
        aic: fit.aic,
        bic: fit.bic,
        parameters: fit.parameters,
        cells_fitted: fit.cells_fitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three_lists() -> CaptureData {
        let rows = [("100", 60), ("010", 50), ("001", 40), ("110", 12), ("101", 9), ("011", 8), ("111", 2)];
        CaptureData::new(
            vec!["A".into(), "B".into(), "C".into()],
            rows.iter().map(|(h, n)| (h.chars().map(|c| c == '1').collect(), *n)),
        )
        .unwrap()
    }

    #[test]
    fn invalid_options_are_refused() {
        let data = three_lists();
        let with =
            |method, level, bootstrap| EstimateOptions { method, level, bootstrap, ..Default::default() };
        let stepwise = |threshold| SelectionMethod::Stepwise { threshold };
        let cases = [
            (with(stepwise(1.5), 0.95, None), OptionsError::Threshold(1.5)),
            (with(stepwise(0.02), 1.0, None), OptionsError::Level(1.0)),
            (
                with(stepwise(0.02), 0.95, Some(BootstrapOptions { replicates: 0, seed: 1 })),
                OptionsError::NoReplicates,
            ),
        ];
        for (options, error) in cases {
            assert_eq!(compute_estimate(&data, &options), Err(error));
        }
        assert!(compute_estimate(&data, &with(stepwise(f64::NAN), 0.95, None)).is_err());
    }

    #[test]
    fn the_level_sets_the_interval() {
        let data = three_lists();
        let at = |level| {
            let options = EstimateOptions { level, ..Default::default() };
            let interval = compute_estimate(&data, &options).unwrap().intervals[0].clone();
            (interval.lower, interval.upper.unwrap())
        };
        let (narrow, wide) = (at(0.8), at(0.99));
        assert!(wide.0 < narrow.0 && narrow.1 < wide.1);
    }

    #[test]
    fn a_bootstrap_interval_comes_first_and_names_its_method() {
        let options = EstimateOptions {
            bootstrap: Some(BootstrapOptions { replicates: 100, seed: 3 }),
            ..Default::default()
        };
        let estimate = compute_estimate(&three_lists(), &options).unwrap();
        let methods: Vec<_> = estimate.intervals.iter().map(|i| i.method).collect();
        assert_eq!(methods, vec![IntervalMethod::BootstrapBca, IntervalMethod::LogNormal]);
        let description = &estimate.intervals[0].description;
        assert!(description.contains("100 multinomial resamples") && description.contains("seed 3"));
        let summary = estimate.bootstrap.unwrap();
        assert_eq!(summary.replicate_estimates.len(), 100);
        assert_eq!(summary.jackknife_estimates.len(), 7);
    }
}

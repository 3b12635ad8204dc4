//! The whole estimate as the CLI and the report show it: removal of lists without information,
//! model selection, N̂ and the dark figure, the intervals with the method of each, the chosen
//! terms, and every warning and skipped model with its reason.
//!
//! This file holds the [`Estimate`] and [`compute_estimate`], which reads as its steps; the
//! steps live beside it: the options ([`options`]), choosing the model ([`selection`]), the
//! chosen model's terms ([`chosen`]), the intervals and the bootstrap ([`intervals`]) and the
//! warnings ([`warning`]).

mod chosen;
mod intervals;
mod options;
mod selection;
mod warning;

use serde::Serialize;

pub use chosen::{ChosenModel, Term, TermValue};
pub use intervals::{BcaQuantile, BootstrapSummary, Interval, IntervalMethod};
pub use options::{EstimateOptions, OptionsError, SelectionMethod};
pub use selection::{estimate_population, NoEstimate};
pub use warning::Warning;

use super::data::CaptureData;
use super::exhaustive::ExhaustiveSearch;
use super::fit::ModelFit;
use super::informative::{remove_noninformative_lists, InformativeData, RemovedList};
use super::stepwise::StepRecord;
use chosen::chosen_model;
use intervals::{bootstrap_interval, log_normal_interval, BootstrapOutcome};
use selection::select_recorded;

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

/// Estimates the population from capture histories: removes the lists without information,
/// selects the model, fits it, and (with bootstrap options) reruns the whole selection on
/// every bootstrap replicate for the BCa interval.
///
/// Only invalid options are an error; a data set that allows no estimate gives an [`Estimate`]
/// whose `no_estimate` says why.
pub fn compute_estimate(data: &CaptureData, options: &EstimateOptions) -> Result<Estimate, OptionsError> {
    options.validate()?;
    let informative = remove_noninformative_lists(data);
    let mut estimate = Estimate::of_lists(data, options.method, &informative);
    let Some(used) = informative.data else {
        estimate.no_estimate = Some(NoEstimate::too_few_lists(data, &informative.removed));
        return Ok(estimate);
    };
    estimate.lists_used = used.lists().to_vec();
    estimate.observed = used.observed();
    let fit = match select_recorded(&used, options, &mut estimate) {
        Ok(fit) => fit,
        Err(reason) => {
            estimate.no_estimate = Some(reason);
            return Ok(estimate);
        }
    };
    estimate.record_fit(&fit, used.lists());
    if let Some(bootstrap) = options.bootstrap {
        estimate.record_bootstrap(bootstrap_interval(&used, fit.population, options, bootstrap));
    }
    estimate.intervals.push(log_normal_interval(&fit, options.level));
    Ok(estimate)
}

impl Estimate {
    /// An estimate of no model yet: the lists, those removed for want of information, and the
    /// warnings that say so.
    fn of_lists(data: &CaptureData, method: SelectionMethod, informative: &InformativeData) -> Self {
        let mut warnings: Vec<Warning> = informative
            .removed
            .iter()
            .map(|r| Warning::ListRemoved { list: r.list.clone(), reason: r.reason.clone() })
            .collect();
        if informative.persons_only_on_removed > 0 {
            warnings
                .push(Warning::PersonsOnlyOnRemovedLists { persons: informative.persons_only_on_removed });
        }
        Self {
            lists: data.lists().to_vec(),
            lists_used: Vec::new(),
            lists_removed: informative.removed.clone(),
            observed: 0,
            persons_only_on_removed_lists: informative.persons_only_on_removed,
            method,
            population: None,
            dark_figure: None,
            intervals: Vec::new(),
            model: None,
            no_estimate: None,
            steps: Vec::new(),
            search: None,
            bootstrap: None,
            warnings,
        }
    }

    /// Takes in the chosen model's fit: N̂, the dark figure, the model's terms named after the
    /// lists used, and a warning for each interaction fixed at −∞.
    fn record_fit(&mut self, fit: &ModelFit, names: &[String]) {
        self.population = Some(fit.population);
        self.dark_figure = Some(fit.dark_figure());
        let model = chosen_model(fit, names);
        for term in &model.neg_inf_terms {
            self.warnings.push(Warning::NegativeInfinityTerm { term: term.clone() });
        }
        self.model = Some(model);
    }

    /// Takes in the bootstrap: its summary, its warnings, and its interval (before the
    /// model-based one, since it allows for the model choice).
    fn record_bootstrap(&mut self, outcome: BootstrapOutcome) {
        self.warnings.extend(outcome.warnings);
        self.bootstrap = Some(outcome.summary);
        self.intervals.extend(outcome.interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mse::bootstrap::BootstrapOptions;

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

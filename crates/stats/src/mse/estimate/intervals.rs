//! The intervals for the population: the model-based log-normal interval, and the BCa
//! interval from bootstrap replicates with the whole selection rerun on each, with what the
//! bootstrap did and what went short in it.

use serde::Serialize;

use super::selection::estimate_population;
use super::warning::Warning;
use super::EstimateOptions;
use crate::mse::bootstrap::{
    bca_limits, bootstrap_estimates, jackknife_acceleration, jackknife_estimates, BcaError, BcaLimits,
    BootstrapOptions, SPARSEMSE_PROBABILITIES,
};
use crate::mse::data::CaptureData;
use crate::mse::fit::ModelFit;

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

/// The model-based interval of the chosen model's fit.
pub(super) fn log_normal_interval(fit: &ModelFit, level: f64) -> Interval {
    let (lower, upper) = fit.log_normal_interval(level);
    Interval {
        method: IntervalMethod::LogNormal,
        level,
        lower,
        upper: Some(upper),
        description: "log-normal interval from the chosen model's intercept: observed + \
                      exp(b0 ± z·se(b0)); conditional on the model, so it ignores the \
                      uncertainty of the model choice"
            .to_owned(),
    }
}

/// What the bootstrap gives an estimate.
pub(super) struct BootstrapOutcome {
    pub summary: BootstrapSummary,
    /// The BCa interval, when its limits are defined.
    pub interval: Option<Interval>,
    pub warnings: Vec<Warning>,
}

/// The bootstrap of the estimate `population` of `used`: the replicates and the jackknife,
/// the BCa limits at SparseMSE's probabilities and the interval's, and the interval itself.
pub(super) fn bootstrap_interval(
    used: &CaptureData,
    population: f64,
    options: &EstimateOptions,
    bootstrap: BootstrapOptions,
) -> BootstrapOutcome {
    let mut summary = resample(used, options, bootstrap);
    let mut warnings = summary.shortfalls();
    let alpha = (1.0 - options.level) / 2.0;
    let limits = match bca_limits(&summary.values(), population, summary.acceleration, &probabilities(alpha))
    {
        Ok(limits) => limits,
        Err(reason) => {
            warnings.push(Warning::BcaUndefined { reason });
            return BootstrapOutcome { summary, interval: None, warnings };
        }
    };
    summary.record_limits(&limits);
    let interval = bca_interval(&limits, alpha, options.level, bootstrap, &mut warnings);
    BootstrapOutcome { summary, interval, warnings }
}

/// Reruns the whole estimate on every bootstrap replicate and on every delete-one-person
/// jackknife sample; the summary has no limits yet.
fn resample(used: &CaptureData, options: &EstimateOptions, bootstrap: BootstrapOptions) -> BootstrapSummary {
    let (method, max_models) = (options.method, options.max_models);
    let estimator = |data: &CaptureData| estimate_population(data, method, max_models).ok();
    let replicate_estimates = bootstrap_estimates(used, bootstrap, estimator);
    let jackknife = jackknife_estimates(used, estimator);
    let acceleration = jackknife_acceleration(used.counts(), &jackknife);
    BootstrapSummary {
        replicates: bootstrap.replicates,
        seed: bootstrap.seed,
        replicates_without_estimate: replicate_estimates.iter().filter(|r| r.is_none()).count(),
        z0: None,
        acceleration: acceleration.unwrap_or(0.0),
        acceleration_from_jackknife: acceleration.is_some(),
        bca_quantiles: Vec::new(),
        replicate_estimates,
        jackknife_estimates: jackknife,
    }
}

impl BootstrapSummary {
    /// The warnings of a bootstrap that went short: replicates without an estimate, and an
    /// acceleration the jackknife could not give.
    fn shortfalls(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.replicates_without_estimate > 0 {
            warnings.push(Warning::ReplicatesWithoutEstimate {
                replicates: self.replicates_without_estimate,
                of: self.replicates,
            });
        }
        if !self.acceleration_from_jackknife {
            warnings.push(Warning::AccelerationSetToZero);
        }
        warnings
    }

    /// The replicates' estimates for the BCa limits, +∞ where a replicate has none.
    fn values(&self) -> Vec<f64> {
        self.replicate_estimates.iter().map(|r| r.unwrap_or(f64::INFINITY)).collect()
    }

    fn record_limits(&mut self, limits: &BcaLimits) {
        self.z0 = Some(limits.z0);
        self.bca_quantiles = limits
            .limits
            .iter()
            .map(|&(probability, value)| BcaQuantile {
                probability,
                value: value.is_finite().then_some(value),
            })
            .collect();
    }
}

/// SparseMSE's probabilities and the interval's two (α and 1 − α when not among them), in
/// increasing order.
fn probabilities(alpha: f64) -> Vec<f64> {
    let mut probabilities = SPARSEMSE_PROBABILITIES.to_vec();
    for p in [alpha, 1.0 - alpha] {
        if !probabilities.iter().any(|&q| same_probability(q, p)) {
            probabilities.push(p);
        }
    }
    probabilities.sort_by(f64::total_cmp);
    probabilities
}

fn same_probability(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// The BCa interval at α and 1 − α; none when its lower limit is unbounded, and no upper
/// limit when that one falls among the replicates without an estimate.
fn bca_interval(
    limits: &BcaLimits,
    alpha: f64,
    level: f64,
    bootstrap: BootstrapOptions,
    warnings: &mut Vec<Warning>,
) -> Option<Interval> {
    let at = |p: f64| limits.limits.iter().find(|(q, _)| same_probability(*q, p)).map_or(f64::NAN, |l| l.1);
    let (lower, upper) = (at(alpha), at(1.0 - alpha));
    if !lower.is_finite() {
        warnings.push(Warning::BcaUndefined { reason: BcaError::LowerLimitUnbounded });
        return None;
    }
    if !upper.is_finite() {
        warnings.push(Warning::NoFiniteUpperLimit);
    }
    Some(Interval {
        method: IntervalMethod::BootstrapBca,
        level,
        lower,
        upper: upper.is_finite().then_some(upper),
        description: format!(
            "BCa bootstrap interval: {} multinomial resamples of the observed histories (seed \
             {}), the model selection rerun on each, acceleration from the jackknife; allows \
             for the uncertainty of the model choice",
            bootstrap.replicates, bootstrap.seed
        ),
    })
}

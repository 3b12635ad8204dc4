//! What the caller of [`super::compute_estimate`] chooses: how the model is selected, the
//! confidence level, the bootstrap, and the limit on an exhaustive search.

use serde::{Deserialize, Serialize};

use crate::mse::bootstrap::BootstrapOptions;
use crate::mse::exhaustive::{Criterion, DEFAULT_MAX_MODELS};
use crate::mse::stepwise::DEFAULT_THRESHOLD;

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

impl SelectionMethod {
    /// The criterion of an exhaustive search: AIC for [`Self::Aic`], BIC otherwise (only asked
    /// of the two search methods).
    pub(super) fn criterion(self) -> Criterion {
        if self == Self::Aic {
            Criterion::Aic
        } else {
            Criterion::Bic
        }
    }
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

/// Options of [`super::compute_estimate`].
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

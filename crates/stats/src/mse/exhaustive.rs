//! Exhaustive search over every model of main effects plus a set of two-list interactions,
//! ranked by AIC and by BIC, in parallel. Not a SparseMSE routine; other packages (Rcapture's
//! `closedpMS.t`) offer it, and it shows how much the estimate depends on the model choice.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::check::{ModelFailure, TopGuarantee};
use super::data::CaptureData;
use super::fit::{fit_model, ModelFit};
use super::model::{all_pairs, Model, Table};

/// By default at most 2²¹ models are searched at once: all models of seven lists (21 pairs),
/// about a minute on two cores. Eight lists have 2²⁸ models, some hours: search them in ranges.
pub const DEFAULT_MAX_MODELS: u64 = 1 << 21;

/// Top-level tests (one per set of non-overlapping pairs) are computed up front when there are
/// at most this many such sets; beyond, each model is tested on its own.
const MAX_PRECOMPUTED_TOPS: u32 = 12;

/// How many skipped models are listed by name (all are counted).
const SKIPPED_EXAMPLES: usize = 20;

/// Which criterion ranks models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Aic,
    Bic,
}

/// Options of [`search_exhaustive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExhaustiveOptions {
    /// How many of the best models to keep per criterion.
    pub keep: usize,
    /// Refuse to search more models than this at once.
    pub max_models: u64,
    /// Search only the models numbered in this range, model `m` having pair `i` when bit `i` of
    /// `m` is set (pairs in SparseMSE's order); `None` searches them all.
    pub models: Option<Range<u64>>,
}

impl Default for ExhaustiveOptions {
    fn default() -> Self {
        Self { keep: 10, max_models: DEFAULT_MAX_MODELS, models: None }
    }
}

/// Why an exhaustive search was not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ExhaustiveError {
    #[error(
        "{lists} lists have {models} models of two-list interactions, more than the {limit} \
         searched at once; search them in ranges"
    )]
    TooManyModels { lists: usize, models: u64, limit: u64 },
    #[error("model range {start}..{end} is outside the {models} models of {lists} lists")]
    RangeOutOfBounds { start: u64, end: u64, models: u64, lists: usize },
}

/// One fitted model of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedModel {
    /// The model's number (bit `i` = pair `i`).
    pub number: u64,
    /// Its interactions, "A:B", in SparseMSE's pair order.
    pub terms: Vec<String>,
    /// Those of them with nobody in common, whose parameter is −∞.
    pub neg_inf_terms: Vec<String>,
    pub population: f64,
    /// The model-based 95% interval, observed + exp(b₀ ± 1.96·se).
    pub log_normal_interval: (f64, f64),
    pub aic: f64,
    pub bic: f64,
    /// Parameters fitted plus the −∞ ones.
    pub parameters: usize,
}

/// How many models failed a test for one reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkipCount {
    pub reason: ModelFailure,
    pub models: u64,
}

/// A model skipped by the search, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedModel {
    pub terms: Vec<String>,
    pub reason: ModelFailure,
}

/// The outcome of an exhaustive search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExhaustiveSearch {
    /// 2^(number of pairs).
    pub models_total: u64,
    pub models_searched: u64,
    pub models_fitted: u64,
    pub skipped: Vec<SkipCount>,
    /// The first skipped models by number (at most 20).
    pub skipped_examples: Vec<SkippedModel>,
    /// The best models by AIC, best first (ties by model number).
    pub by_aic: Vec<RankedModel>,
    /// The best models by BIC, best first.
    pub by_bic: Vec<RankedModel>,
}

/// Fits every model of two-list interactions that passes the existence and identifiability
/// tests and ranks them by AIC and BIC. The result does not depend on the number of threads.
pub fn search_exhaustive(
    data: &CaptureData,
    options: &ExhaustiveOptions,
) -> Result<ExhaustiveSearch, ExhaustiveError> {
    let table = Table::new(data);
    let lists = table.lists;
    let models_total = 1u64 << table.pair_count();
    let range = options.models.clone().unwrap_or(0..models_total);
    if range.end > models_total || range.start > range.end {
        return Err(ExhaustiveError::RangeOutOfBounds {
            start: range.start,
            end: range.end,
            models: models_total,
            lists,
        });
    }
    let searched = range.end - range.start;
    if searched > options.max_models {
        return Err(ExhaustiveError::TooManyModels { lists, models: searched, limit: options.max_models });
    }
    let outcome = search(&table, range, options.keep);
    let names = data.lists();
    let pairs = all_pairs(lists);
    let ranked = |entries: &Ranked| -> Vec<RankedModel> {
        entries
            .iter()
            .map(|(_, number, fit)| RankedModel {
                number: *number,
                terms: fit.model.term_names(names),
                neg_inf_terms: fit.neg_inf_pairs.iter().map(|&pair| pairs[pair].name(names)).collect(),
                population: fit.population,
                log_normal_interval: fit.log_normal_interval(0.95),
                aic: fit.aic,
                bic: fit.bic,
                parameters: fit.parameters,
            })
            .collect()
    };
    Ok(ExhaustiveSearch {
        models_total,
        models_searched: searched,
        models_fitted: outcome.fitted,
        skipped: outcome
            .skipped
            .iter()
            .map(|(reason, models)| SkipCount { reason: reason.clone(), models: *models })
            .collect(),
        skipped_examples: outcome
            .examples
            .iter()
            .map(|(number, reason)| SkippedModel {
                terms: Model::from_set(lists, *number).term_names(names),
                reason: reason.clone(),
            })
            .collect(),
        by_aic: ranked(&outcome.by_aic),
        by_bic: ranked(&outcome.by_bic),
    })
}

/// The best model by `criterion` over all models of the table, or why none could be fitted.
pub(crate) fn best_model(table: &Table, criterion: Criterion) -> Result<ModelFit, ModelFailure> {
    let outcome = search(table, 0..1u64 << table.pair_count(), 1);
    let best = match criterion {
        Criterion::Aic => outcome.by_aic.into_iter().next(),
        Criterion::Bic => outcome.by_bic.into_iter().next(),
    };
    match best {
        Some((_, _, fit)) => Ok(fit),
        // Every model failed: report the reason of the main-effects model, the simplest one.
        None => Err(outcome
            .examples
            .into_iter()
            .next()
            .map(|(_, reason)| reason)
            .unwrap_or(ModelFailure::FitDidNotConverge)),
    }
}

#[derive(Default)]
struct Outcome {
    fitted: u64,
    skipped: Vec<(ModelFailure, u64)>,
    examples: Vec<(u64, ModelFailure)>,
    by_aic: Ranked,
    by_bic: Ranked,
}

impl Outcome {
    fn skip(&mut self, number: u64, reason: ModelFailure) {
        match self.skipped.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, count)) => *count += 1,
            None => self.skipped.push((reason.clone(), 1)),
        }
        if self.examples.len() < SKIPPED_EXAMPLES {
            self.examples.push((number, reason));
        }
    }

    fn merge(mut self, other: Self, keep: usize) -> Self {
        self.fitted += other.fitted;
        for (reason, count) in other.skipped {
            match self.skipped.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, total)) => *total += count,
                None => self.skipped.push((reason, count)),
            }
        }
        self.examples.extend(other.examples);
        self.examples.sort_by_key(|(number, _)| *number);
        self.examples.truncate(SKIPPED_EXAMPLES);
        for entry in other.by_aic {
            insert_ranked(&mut self.by_aic, entry, keep);
        }
        for entry in other.by_bic {
            insert_ranked(&mut self.by_bic, entry, keep);
        }
        self
    }
}

type Ranked = Vec<(f64, u64, ModelFit)>;

fn rank_position(ranked: &Ranked, value: f64, number: u64) -> usize {
    ranked.partition_point(|(v, n, _)| v.total_cmp(&value).then(n.cmp(&number)).is_lt())
}

/// Whether an entry would be among the `keep` best (saves copying fits that would not be).
fn ranks(ranked: &Ranked, value: f64, number: u64, keep: usize) -> bool {
    rank_position(ranked, value, number) < keep
}

/// Keeps the `keep` smallest (criterion, model number) entries, sorted.
fn insert_ranked(ranked: &mut Ranked, entry: (f64, u64, ModelFit), keep: usize) {
    let position = rank_position(ranked, entry.0, entry.1);
    if position < keep {
        ranked.insert(position, entry);
        ranked.truncate(keep);
    }
}

fn search(table: &Table, range: Range<u64>, keep: usize) -> Outcome {
    let lists = table.lists;
    let empty = table.empty_pairs();
    // The tests are inherited by submodels with the same cells (see `TopGuarantee`): test each
    // top model once.
    let empty_bits: Vec<usize> = (0..table.pair_count()).filter(|i| empty & (1 << i) != 0).collect();
    let tops: HashMap<u64, TopGuarantee> = if empty_bits.len() as u32 <= MAX_PRECOMPUTED_TOPS {
        (0..1u64 << empty_bits.len())
            .into_par_iter()
            .map(|subset| {
                let set = empty_bits
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| subset & (1 << bit) != 0)
                    .fold(0u64, |set, (_, &pair)| set | (1 << pair));
                (set, TopGuarantee::of_top(table, set))
            })
            .collect()
    } else {
        HashMap::new()
    };
    range
        .into_par_iter()
        .fold(Outcome::default, |mut outcome, number| {
            let model = Model::from_set(lists, number);
            let top = tops.get(&(number & empty)).copied().unwrap_or(TopGuarantee::NONE);
            let failure = top.check(table, &model);
            if let Some(reason) = failure {
                outcome.skip(number, reason);
                return outcome;
            }
            match fit_model(table, &model) {
                Ok(fit) => {
                    outcome.fitted += 1;
                    if ranks(&outcome.by_aic, fit.aic, number, keep) {
                        insert_ranked(&mut outcome.by_aic, (fit.aic, number, fit.clone()), keep);
                    }
                    if ranks(&outcome.by_bic, fit.bic, number, keep) {
                        insert_ranked(&mut outcome.by_bic, (fit.bic, number, fit), keep);
                    }
                }
                Err(reason) => outcome.skip(number, reason),
            }
            outcome
        })
        .reduce(Outcome::default, |a, b| a.merge(b, keep))
}

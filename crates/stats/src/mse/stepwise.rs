//! Stepwise selection of two-list interactions by Poisson p-values, as SparseMSE's
//! `stepwisefit`: start from main effects; add the pair whose observed overlap is least likely
//! under the current model while that p-value is below the threshold.

use serde::Serialize;

use super::check::{Checker, ModelFailure};
use super::data::CaptureData;
use super::distributions::poisson_p_value;
use super::fit::{fit_model, ModelFit};
use super::model::{all_pairs, Model, Pair, Table};

/// SparseMSE's default threshold for adding an interaction.
pub const DEFAULT_THRESHOLD: f64 = 0.02;

/// One step of stepwise selection: the best candidate and whether it was added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepRecord {
    /// 1 for the first step.
    pub step: usize,
    /// The best candidate, "A:B".
    pub term: String,
    pub pair: Pair,
    /// Its p-value: min(P(X ≤ n), P(X ≥ n)), X ~ Poisson(expected), or 1 when the model with it
    /// fails the existence or identifiability test.
    pub p_value: f64,
    /// n: persons on both lists, whatever else they are on.
    pub observed_pair_count: f64,
    /// The current model's fitted number of persons on both lists.
    pub expected_pair_count: f64,
    /// Whether the candidate entered the model (its p-value was below the threshold).
    pub added: bool,
    /// Candidates of this step whose model fails a test, so that they got p = 1.
    pub blocked: Vec<BlockedCandidate>,
}

/// A candidate interaction that stepwise selection could not consider, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockedCandidate {
    pub term: String,
    /// The model it would have made, as its interactions.
    pub model_terms: Vec<String>,
    pub reason: ModelFailure,
}

/// The result of stepwise selection on a data set.
#[derive(Debug, Clone)]
pub struct StepwiseSelection {
    /// The selected model's fit, or why even the starting model fails.
    pub fit: Result<ModelFit, ModelFailure>,
    pub steps: Vec<StepRecord>,
}

/// Stepwise selection on `data` as given (see [`super::compute_estimate`] for the whole
/// procedure, with the removal of lists that carry no information).
///
/// A threshold of 0 fits main effects only; a threshold of 1 or more fits the model with every
/// pair when it passes the tests (as SparseMSE does), and otherwise adds pairs while any has a
/// p-value below 1.
pub fn select_stepwise(data: &CaptureData, threshold: f64) -> StepwiseSelection {
    let table = Table::new(data);
    let (fit, steps) = stepwise(&table, threshold, Some(data.lists()));
    StepwiseSelection { fit, steps }
}

/// The selection itself. With `names`, every candidate is tested at every step and the steps
/// are recorded; without, only the candidates that could be chosen are tested, which selects
/// the same model (a candidate at or above the threshold is never added, whatever its test).
pub(crate) fn stepwise(
    table: &Table,
    threshold: f64,
    names: Option<&[String]>,
) -> (Result<ModelFit, ModelFailure>, Vec<StepRecord>) {
    let mut checker = Checker::new(table);
    if threshold >= 1.0 {
        let full = Model::all_pairs(table.lists);
        if checker.check(&full).is_none() {
            return (fit_model(table, &full), Vec::new());
        }
    }
    let model = Model::main_effects(table.lists);
    // SparseMSE fits main effects unchecked; a main-effects model without an estimate (nobody on
    // two lists) would come back from glm as an arbitrary huge number, so it is tested here.
    if let Some(failure) = checker.check(&model) {
        return (Err(failure), Vec::new());
    }
    let fit = match fit_model(table, &model) {
        Ok(fit) => fit,
        Err(failure) => return (Err(failure), Vec::new()),
    };
    if threshold <= 0.0 {
        return (Ok(fit), Vec::new());
    }
    Steps { table, threshold, names, checker, pairs: all_pairs(table.lists), steps: Vec::new() }
        .run(model, fit)
}

/// A pair not in the model yet, with how unlikely its observed overlap is under the model.
#[derive(Clone, Copy)]
struct Candidate {
    p_value: f64,
    pair: usize,
    /// The current model's fitted number of persons on both lists.
    expected: f64,
}

/// The steps that add pairs to the main-effects model.
struct Steps<'a> {
    table: &'a Table,
    threshold: f64,
    /// With names, the steps are recorded (see [`stepwise`]).
    names: Option<&'a [String]>,
    checker: Checker<'a>,
    pairs: Vec<Pair>,
    steps: Vec<StepRecord>,
}

impl Steps<'_> {
    /// From `model` and its fit, adds the best candidate while its p-value is below the
    /// threshold; the fit of the last model, or why it failed, and the steps recorded.
    fn run(
        mut self,
        mut model: Model,
        mut fit: ModelFit,
    ) -> (Result<ModelFit, ModelFailure>, Vec<StepRecord>) {
        while model.pair_indices().len() < self.pairs.len() {
            let mut candidates = self.candidates(&model, &fit);
            let blocked = match self.names {
                Some(names) => self.block_failing(&mut candidates, &model, names),
                None => Vec::new(),
            };
            // Smallest p-value first; ties go to the first pair in SparseMSE's order.
            candidates.sort_by(|a, b| a.p_value.total_cmp(&b.p_value).then(a.pair.cmp(&b.pair)));
            let chosen = match self.names {
                Some(_) => candidates.first().copied(),
                None => self.first_admissible(&candidates, &model),
            };
            let Some(chosen) = chosen else { break };
            let added = chosen.p_value < self.threshold;
            if let Some(names) = self.names {
                self.record(chosen, added, blocked, names);
            }
            if !added {
                break;
            }
            model.add(chosen.pair);
            fit = match fit_model(self.table, &model) {
                Ok(fit) => fit,
                Err(failure) => return (Err(failure), self.steps),
            };
        }
        (Ok(fit), self.steps)
    }

    /// Every pair not in the model, with the p-value of its observed overlap under the fit.
    fn candidates(&self, model: &Model, fit: &ModelFit) -> Vec<Candidate> {
        let table = self.table;
        (0..self.pairs.len())
            .filter(|&pair| !model.contains(pair))
            .map(|pair| {
                let mask = table.pair_masks[pair];
                let expected: f64 = fit
                    .fitted
                    .iter()
                    .enumerate()
                    .filter(|&(h, _)| h as u32 & mask == mask)
                    .map(|(_, mu)| mu)
                    .sum();
                Candidate { p_value: poisson_p_value(table.overlaps[pair], expected), pair, expected }
            })
            .collect()
    }

    /// Gives p = 1 to every candidate whose model fails a test, and tells which and why.
    fn block_failing(
        &mut self,
        candidates: &mut [Candidate],
        model: &Model,
        names: &[String],
    ) -> Vec<BlockedCandidate> {
        let mut blocked = Vec::new();
        for candidate in candidates {
            let with = model.with(candidate.pair);
            if let Some(reason) = self.checker.check(&with) {
                candidate.p_value = 1.0;
                blocked.push(BlockedCandidate {
                    term: self.pairs[candidate.pair].name(names),
                    model_terms: with.term_names(names),
                    reason,
                });
            }
        }
        blocked
    }

    /// Without a record: the first candidate, in order, that is either not added (at or above
    /// the threshold) or whose model passes the tests.
    fn first_admissible(&mut self, candidates: &[Candidate], model: &Model) -> Option<Candidate> {
        let threshold = self.threshold;
        candidates
            .iter()
            .copied()
            .find(|c| c.p_value >= threshold || self.checker.check(&model.with(c.pair)).is_none())
    }

    fn record(&mut self, chosen: Candidate, added: bool, blocked: Vec<BlockedCandidate>, names: &[String]) {
        self.steps.push(StepRecord {
            step: self.steps.len() + 1,
            term: self.pairs[chosen.pair].name(names),
            pair: self.pairs[chosen.pair],
            p_value: chosen.p_value,
            observed_pair_count: self.table.overlaps[chosen.pair],
            expected_pair_count: chosen.expected,
            added,
            blocked,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(lists: &[&str], rows: &[(&str, i64)]) -> CaptureData {
        CaptureData::new(
            lists.iter().map(|l| (*l).to_owned()).collect(),
            rows.iter().map(|(h, c)| (h.chars().map(|ch| ch == '1').collect(), *c)),
        )
        .unwrap()
    }

    #[test]
    fn lazy_and_traced_selection_agree() {
        let data = data(
            &["A", "B", "C", "D"],
            &[
                ("1000", 120),
                ("0100", 80),
                ("0010", 150),
                ("0001", 60),
                ("1100", 30),
                ("1010", 6),
                ("0110", 9),
                ("0011", 14),
                ("1001", 2),
                ("1110", 4),
                ("0111", 1),
            ],
        );
        let table = Table::new(&data);
        for threshold in [0.0, 0.02, 0.2, 0.9, 1.0] {
            let (traced, _) = stepwise(&table, threshold, Some(data.lists()));
            let (lazy, steps) = stepwise(&table, threshold, None);
            assert!(steps.is_empty());
            let (traced, lazy) = (traced.unwrap(), lazy.unwrap());
            assert_eq!(traced.model, lazy.model, "threshold {threshold}");
            assert_eq!(traced.population, lazy.population);
        }
    }

    #[test]
    fn threshold_zero_is_main_effects() {
        let data = data(&["A", "B", "C"], &[("100", 50), ("010", 40), ("001", 30), ("110", 20)]);
        let selection = select_stepwise(&data, 0.0);
        assert_eq!(selection.fit.unwrap().model, Model::main_effects(3));
        assert!(selection.steps.is_empty());
    }
}

//! Whether a model can be fitted: the linear-programming test of Fienberg & Rinaldo (2012) for
//! the existence of the (extended) maximum likelihood estimate, and the rank test for the
//! identifiability of the parameters, as SparseMSE's `checkident` applies them.

use std::collections::HashMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

use super::fit::certifies_existence;
use super::model::{Design, Model, Table};

/// Why a model gives no estimate. A model that fails is skipped, never turned into a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelFailure {
    /// The linear program's optimum is zero: no table with the data's sufficient statistics has
    /// every fitted cell positive, so the likelihood has no maximum (some parameter runs off to
    /// infinity, usually the dark figure).
    #[error("the maximum likelihood estimate does not exist (linear-programming test)")]
    MleDoesNotExist,
    /// The design matrix is rank-deficient: different parameters fit the data equally well.
    #[error("the parameters are not identifiable (the design matrix is rank-deficient)")]
    NotIdentifiable,
    /// Both tests fail.
    #[error("the maximum likelihood estimate does not exist and the parameters are not identifiable")]
    MleDoesNotExistAndNotIdentifiable,
    /// The linear-programming solver gave no answer.
    #[error("the existence test could not be completed: {detail}")]
    CheckFailed { detail: String },
    /// Fisher scoring did not converge although the tests passed (numerical trouble).
    #[error("the model fit did not converge")]
    FitDidNotConverge,
    /// The model was built for another number of lists than the data have.
    #[error("the model is for {model} lists, the data have {data}")]
    ListCountMismatch { model: usize, data: usize },
}

/// The outcome of the two tests for one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckOutcome {
    pub mle_exists: Result<bool, String>,
    pub identifiable: bool,
}

impl CheckOutcome {
    pub fn failure(&self) -> Option<ModelFailure> {
        match (&self.mle_exists, self.identifiable) {
            (Err(detail), _) => Some(ModelFailure::CheckFailed { detail: detail.clone() }),
            (Ok(true), true) => None,
            (Ok(false), true) => Some(ModelFailure::MleDoesNotExist),
            (Ok(true), false) => Some(ModelFailure::NotIdentifiable),
            (Ok(false), false) => Some(ModelFailure::MleDoesNotExistAndNotIdentifiable),
        }
    }
}

/// An optimum at or below this counts as zero. The data are integer counts, so where the
/// estimate exists the optimum is a vertex of a polytope with 0/±1 constraints and integer
/// right-hand sides, far above the solver's round-off (about 1e-9 of the counts).
const LP_ZERO: f64 = 1e-6;

/// Singular values below this share of the largest count as zero. The design is 0/1, so a
/// genuinely independent column leaves a singular value of order one; round-off is ~1e-15.
const RANK_TOLERANCE: f64 = 1e-9;

/// Runs both tests on a design (SparseMSE's `checkident`).
pub(crate) fn check_design(design: &Design) -> CheckOutcome {
    CheckOutcome { mle_exists: mle_exists(design), identifiable: is_full_rank(design) }
}

/// The linear program: maximise s subject to Aᵀx = Aᵀy, x_c ≥ s for every cell, x, s ≥ 0.
/// The estimate exists exactly when the optimum is positive: some table with the same
/// sufficient statistics is positive in every cell.
fn mle_exists(design: &Design) -> Result<bool, String> {
    // The observed table itself is such a table when no cell is empty, and a converged fit is
    // one otherwise; both are much cheaper than the linear program.
    if design.y.iter().all(|&y| y > 0.0) || certifies_existence(design) {
        return Ok(true);
    }
    linear_program(design)
}

/// The linear program alone.
fn linear_program(design: &Design) -> Result<bool, String> {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let cells: Vec<_> = design.y.iter().map(|_| problem.add_var(0.0, (0.0, f64::INFINITY))).collect();
    let s = problem.add_var(1.0, (0.0, f64::INFINITY));
    let mut column_terms = vec![Vec::new(); design.parameters()];
    let mut statistics = vec![0.0; design.parameters()];
    for (row, &cell) in cells.iter().enumerate() {
        for &column in design.row(row) {
            column_terms[column as usize].push((cell, 1.0));
            statistics[column as usize] += design.y[row];
        }
    }
    for (terms, statistic) in column_terms.iter().zip(statistics) {
        problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, statistic);
    }
    for &cell in &cells {
        problem.add_constraint([(cell, 1.0), (s, -1.0)].as_slice(), ComparisonOp::Ge, 0.0);
    }
    let outcome = problem.solve().map_err(|error| error.to_string())?;
    let solution = outcome.into_solution().map_err(|_| "the solver was interrupted".to_owned())?;
    Ok(solution.objective() > LP_ZERO)
}

/// Full column rank of the design, from its singular values.
fn is_full_rank(design: &Design) -> bool {
    let (n, p) = (design.cells.len(), design.parameters());
    if n < p {
        return false;
    }
    let x = DMatrix::from_row_slice(n, p, &design.dense());
    let singular = x.singular_values();
    let largest = singular.max();
    singular.iter().filter(|&&s| s > RANK_TOLERANCE * largest).count() == p
}

/// What the tests of a "top" model guarantee for the models below it.
///
/// Both tests are inherited by submodels that keep the same cells: removing a column keeps full
/// column rank, and a positive table with the bigger model's sufficient statistics has the
/// smaller model's too. The cells depend only on which pairs with nobody in common a model
/// contains, so for each such set the model with it and every overlapping pair is the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TopGuarantee {
    pub identifiable: bool,
    /// When the top's estimate does not exist, the models below are tested on their own.
    pub exists: bool,
}

impl TopGuarantee {
    /// No guarantee: every model is tested on its own.
    pub const NONE: Self = Self { identifiable: false, exists: false };

    /// The guarantee of the top model for the pairs without persons in common in `empty_set`.
    pub fn of_top(table: &Table, empty_set: u64) -> Self {
        let all = (1u64 << table.pair_count()) - 1;
        let overlapping = all & !table.empty_pairs();
        let design = table.design(&Model::from_set(table.lists, empty_set | overlapping));
        Self { identifiable: is_full_rank(&design), exists: mle_exists(&design) == Ok(true) }
    }

    /// Tests `model` (which must have exactly this top's pairs without persons in common) as far
    /// as the guarantee leaves open.
    pub fn check(self, table: &Table, model: &Model) -> Option<ModelFailure> {
        if self.identifiable && self.exists {
            return None;
        }
        let design = table.design(model);
        let outcome = CheckOutcome {
            identifiable: self.identifiable || is_full_rank(&design),
            mle_exists: if self.exists { Ok(true) } else { mle_exists(&design) },
        };
        outcome.failure()
    }
}

/// Checks models of one table, remembering the guarantees of top models.
pub(crate) struct Checker<'a> {
    table: &'a Table,
    empty: u64,
    tops: HashMap<u64, TopGuarantee>,
}

impl<'a> Checker<'a> {
    pub fn new(table: &'a Table) -> Self {
        Self { table, empty: table.empty_pairs(), tops: HashMap::new() }
    }

    /// `None` when the model passes both tests, otherwise why it fails.
    pub fn check(&mut self, model: &Model) -> Option<ModelFailure> {
        let empty_set = model.set() & self.empty;
        let table = self.table;
        let top = *self.tops.entry(empty_set).or_insert_with(|| TopGuarantee::of_top(table, empty_set));
        top.check(table, model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mse::data::CaptureData;
    use crate::mse::model::Pair;

    fn data(rows: &[(&str, i64)]) -> CaptureData {
        let lists = rows[0].0.len();
        CaptureData::new(
            (0..lists).map(|i| format!("L{i}")).collect(),
            rows.iter().map(|(h, c)| (h.chars().map(|ch| ch == '1').collect(), *c)),
        )
        .unwrap()
    }

    #[test]
    fn two_lists_without_overlap() {
        let table = Table::new(&data(&[("10", 30), ("01", 20)]));
        // Main effects: the overlap cell must stay zero, so the dark figure is unbounded.
        let main = check_design(&table.design(&Model::main_effects(2)));
        assert_eq!(main.failure(), Some(ModelFailure::MleDoesNotExist));
        // With the interaction at −∞, three parameters remain for two cells.
        let with_pair = check_design(&table.design(&Model::all_pairs(2)));
        assert_eq!(with_pair.failure(), Some(ModelFailure::NotIdentifiable));
    }

    #[test]
    fn saturated_models_are_checked_on_their_cells() {
        let table = Table::new(&data(&[("10", 30), ("01", 20), ("11", 5)]));
        assert_eq!(check_design(&table.design(&Model::main_effects(2))).failure(), None);
        // Four parameters, three cells.
        assert_eq!(
            check_design(&table.design(&Model::all_pairs(2))).failure(),
            Some(ModelFailure::NotIdentifiable)
        );
    }

    #[test]
    fn fit_certificates_never_contradict_the_linear_program() {
        use rand::{RngExt, SeedableRng};
        // Sparse random tables of three and four lists: many cells zero, some pairs empty.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let (mut certified, mut refused, mut missed) = (0, 0, 0);
        for (lists, tables) in [(3usize, 60), (4, 12)] {
            for _ in 0..tables {
                let rows: Vec<(Vec<bool>, i64)> = (1..1u32 << lists)
                    .map(|h| {
                        let count = if rng.random_bool(0.5) { 0 } else { rng.random_range(1..30) };
                        ((0..lists).map(|i| h & (1 << i) != 0).collect(), count)
                    })
                    .collect();
                let Ok(data) = CaptureData::new((0..lists).map(|i| format!("L{i}")).collect(), rows) else {
                    continue;
                };
                let table = Table::new(&data);
                for set in 0..1u64 << table.pair_count() {
                    let design = table.design(&Model::from_set(lists, set));
                    if !is_full_rank(&design) {
                        continue;
                    }
                    let exact = linear_program(&design).unwrap();
                    if certifies_existence(&design) {
                        assert!(exact, "certified a model the linear program rejects");
                        certified += 1;
                    } else if !exact {
                        refused += 1;
                    } else {
                        missed += 1;
                    }
                }
            }
        }
        assert!(
            certified > 100 && refused > 10,
            "{certified} certified, {refused} refused, {missed} left to the linear program"
        );
    }

    #[test]
    fn the_cache_agrees_with_direct_checks() {
        let table =
            Table::new(&data(&[("100", 30), ("010", 20), ("001", 25), ("110", 4), ("101", 0), ("011", 3)]));
        let mut checker = Checker::new(&table);
        for set in 0..8u64 {
            let model = Model::from_set(3, set);
            let direct = check_design(&table.design(&model)).failure();
            assert_eq!(checker.check(&model), direct, "model {:?}", model.pairs());
        }
        let ab = Model::with_pairs(3, &[Pair { first: 0, second: 1 }]);
        assert_eq!(checker.check(&ab), None);
    }
}

//! Linear programs over one component of the model, solved by microlp (a pure-Rust simplex
//! with presolve): the variables are the component's atoms (and, for protection, the
//! deviations of cells), the rows sums of atoms.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use crate::model::{Component, Link, Model, Relation};

/// Why a linear program gave no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LpError {
    #[error("no table satisfies the constraints")]
    Infeasible,
    #[error("the linear-programming solver failed: {0}")]
    Solver(String),
}

/// A sum of variables with coefficients, each variable once.
#[derive(Default)]
pub(crate) struct Terms(BTreeMap<usize, f64>);

impl Terms {
    pub fn add(&mut self, var: Variable, coefficient: f64) {
        *self.0.entry(var.idx()).or_default() += coefficient;
    }

    pub fn add_all(&mut self, vars: impl IntoIterator<Item = Variable>, coefficient: f64) {
        for v in vars {
            self.add(v, coefficient);
        }
    }

    fn row(&self, vars: &[Variable]) -> Vec<(Variable, f64)> {
        self.0.iter().filter(|(_, c)| **c != 0.0).map(|(&i, &c)| (vars[i], c)).collect()
    }
}

/// A problem whose variables are remembered in order, so that terms can name them by index.
pub(crate) struct Lp {
    problem: Problem,
    vars: Vec<Variable>,
}

impl Lp {
    pub fn new(direction: OptimizationDirection) -> Lp {
        Lp { problem: Problem::new(direction), vars: Vec::new() }
    }

    pub fn var(&mut self, cost: f64, bounds: (f64, f64)) -> Variable {
        let v = self.problem.add_var(cost, bounds);
        self.vars.push(v);
        v
    }

    pub fn constrain(&mut self, terms: &Terms, op: ComparisonOp, rhs: f64) {
        let row = terms.row(&self.vars);
        if !row.is_empty() {
            self.problem.add_constraint(row.as_slice(), op, rhs);
        }
    }

    /// Solves; the variables' values, or why not. An unbounded objective is `Ok(None)`.
    pub fn solve(&self) -> Result<Option<Vec<f64>>, LpError> {
        match self.problem.solve() {
            Ok(outcome) => {
                let solution =
                    outcome.into_solution().map_err(|_| LpError::Solver("interrupted".to_string()))?;
                Ok(Some(self.vars.iter().map(|v| solution.var_value(*v)).collect()))
            }
            Err(microlp::Error::Infeasible) => Err(LpError::Infeasible),
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(e) => Err(LpError::Solver(e.to_string())),
        }
    }
}

/// The component's atoms as local variables: `local[global]`.
pub(crate) fn local_atoms(component: &Component, atom_count: usize) -> Vec<usize> {
    let mut local = vec![usize::MAX; atom_count];
    for (i, &a) in component.atoms.iter().enumerate() {
        local[a] = i;
    }
    local
}

/// The comparison a relation asks of `left − right` against its right-hand side.
pub(crate) fn comparison(relation: Relation) -> ComparisonOp {
    match relation {
        Relation::Equal => ComparisonOp::Eq,
        Relation::AtMost => ComparisonOp::Le,
    }
}

/// Runs a program under every relation a reader may assume — all the declared ones, or, where
/// what is published contradicts one the data break (`build(true)` infeasible), those the data
/// satisfy.
pub(crate) fn assuming_relations<T>(build: impl Fn(bool) -> Result<T, LpError>) -> Result<T, LpError> {
    match build(false) {
        Err(LpError::Infeasible) => build(true),
        other => other,
    }
}

/// The component's links a program holds to: all, or only those the data satisfy.
pub(crate) fn assumed_links<'m>(
    model: &'m Model,
    component: &'m Component,
    holding_only: bool,
) -> impl Iterator<Item = &'m Link> + 'm {
    component.links.iter().map(|&l| &model.links[l]).filter(move |l| l.holds || !holding_only)
}

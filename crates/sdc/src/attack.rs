//! The attacker: the tightest interval a reader can give a suppressed cell from every free
//! cell of the publication and every relation the catalog declares, by two linear programs
//! (the least and the greatest value of the cell over all tables consistent with what is
//! published).

use microlp::{ComparisonOp, OptimizationDirection};

use crate::lp::{assumed_links, assuming_relations, comparison, local_atoms, Lp, LpError, Terms};
use crate::model::Model;

/// The values a suppressed cell may take, as far as a reader can tell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    /// `f64::INFINITY` when nothing bounds it from above.
    pub high: f64,
}

impl Interval {
    pub fn width(&self) -> f64 {
        self.high - self.low
    }
}

/// The tightest interval of `cell` when the cells marked in `suppressed` are not published.
pub fn interval(model: &Model, suppressed: &[bool], cell: usize) -> Result<Interval, LpError> {
    let low = bound(model, suppressed, cell, OptimizationDirection::Minimize)?.unwrap_or(0.0);
    let high = bound(model, suppressed, cell, OptimizationDirection::Maximize)?.unwrap_or(f64::INFINITY);
    Ok(Interval { low, high })
}

/// The bound under every relation a reader may assume: all of them, or, where what is
/// published contradicts one the data break, those the data satisfy.
fn bound(
    model: &Model,
    suppressed: &[bool],
    target: usize,
    direction: OptimizationDirection,
) -> Result<Option<f64>, LpError> {
    assuming_relations(|holding_only| bound_with(model, suppressed, target, direction, holding_only))
}

fn bound_with(
    model: &Model,
    suppressed: &[bool],
    target: usize,
    direction: OptimizationDirection,
    holding_only: bool,
) -> Result<Option<f64>, LpError> {
    let component = &model.components[model.cells[target].component];
    let local = local_atoms(component, model.atoms.len());
    let mut lp = Lp::new(direction);
    let target_atoms: std::collections::BTreeSet<usize> = model.cells[target].atoms.iter().copied().collect();
    let vars: Vec<_> = component
        .atoms
        .iter()
        .map(|a| lp.var(if target_atoms.contains(a) { 1.0 } else { 0.0 }, (0.0, f64::INFINITY)))
        .collect();
    let sum = |atoms: &[usize], coefficient: f64, terms: &mut Terms| {
        terms.add_all(atoms.iter().map(|&a| vars[local[a]]), coefficient);
    };
    for &c in &component.cells {
        let cell = &model.cells[c];
        let mut terms = Terms::default();
        sum(&cell.atoms, 1.0, &mut terms);
        if !suppressed[c] {
            lp.constrain(&terms, ComparisonOp::Eq, cell.value);
        } else if cell.floor > 0.0 {
            lp.constrain(&terms, ComparisonOp::Ge, cell.floor);
        }
    }
    for link in assumed_links(model, component, holding_only) {
        let mut terms = Terms::default();
        sum(&link.left, 1.0, &mut terms);
        sum(&link.right, -1.0, &mut terms);
        lp.constrain(&terms, comparison(link.relation), 0.0);
    }
    Ok(lp.solve()?.map(|values| target_atoms.iter().map(|&a| values[local[a]]).sum()))
}

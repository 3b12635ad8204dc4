//! Protection of the whole publication: primary suppression by the policy's threshold rule,
//! then secondary suppression by linear programming, cell by sensitive cell, in the manner of
//! Kelly, Golden and Assad (1992) as τ-ARGUS and sdcTable apply it to one table — here over
//! every table, file and declared relation of the publication at once.
//!
//! For a sensitive cell whose interval is still too narrow, one linear program looks for the
//! cheapest *deviation* of the atoms that keeps every atom at least zero, every listed item
//! listed, every fixed cell and every declared relation as they are, and raises the sensitive
//! cell by the policy's interval (a cell the suppressions so far already protect needs no
//! change, and its program finds the zero-cost deviation). A free cell the deviation changes costs its weight per unit of
//! change (one plus its value: small cells go first, margins last); the cells it changes are
//! suppressed. The deviated table is then a table consistent with everything still published in
//! which the cell is at least `min_interval` larger — the attacker's interval is at least that
//! wide. Each sensitive cell's program sees the suppressions of the cells before it, so later
//! cells reuse them for free. The order is the cells' key order: the same data give the same
//! pattern.

use microlp::{ComparisonOp, OptimizationDirection};
use rapporteur_domain::{CellKey, Confidentiality, DisclosurePolicy, SuppressionPattern};

use crate::attack::{interval, Interval};
use crate::lp::{assumed_links, assuming_relations, comparison, local_atoms, Lp, LpError, Terms};
use crate::model::Model;

/// A deviation below this is the solver's round-off, not a change.
const CHANGED: f64 = 1e-6;

/// A tiny cost per unit of atom deviation, so that among equally cheap deviations the program
/// takes the smallest.
const ATOM_COST: f64 = 1e-4;

/// What protection decided.
#[derive(Debug, Clone)]
pub struct Protection {
    pub pattern: SuppressionPattern,
    /// Per model cell, its status.
    pub status: Vec<Confidentiality>,
    /// Sensitive cells no suppression can protect (a fixed cell or relation pins them), with
    /// the interval left.
    pub unprotectable: Vec<(CellKey, Interval)>,
    /// How many linear programs were solved.
    pub programs: usize,
}

/// The cells the threshold rule makes sensitive.
pub fn sensitive_cells(model: &Model, policy: &DisclosurePolicy) -> Vec<usize> {
    (0..model.cells.len())
        .filter(|&c| {
            let cell = &model.cells[c];
            cell.protected
                && !cell.fixed
                && cell.value.fract() == 0.0
                && policy.is_sensitive(cell.value as i64)
        })
        .collect()
}

/// Protects the publication: primary suppression, then as much secondary as each sensitive
/// cell needs.
pub fn protect(model: &Model, policy: &DisclosurePolicy) -> Result<Protection, LpError> {
    let mut status = vec![Confidentiality::Free; model.cells.len()];
    let sensitive = sensitive_cells(model, policy);
    for &c in &sensitive {
        status[c] = Confidentiality::Primary;
    }
    let width = policy.min_interval as f64;
    let mut programs = 0;
    let mut unprotectable = Vec::new();
    for &p in &sensitive {
        let suppressed: Vec<bool> = status.iter().map(|s| s.is_suppressed()).collect();
        programs += 1;
        match deviation(model, &suppressed, p, width) {
            Ok(changed) => {
                for c in changed {
                    if status[c] == Confidentiality::Free {
                        status[c] = Confidentiality::Secondary;
                    }
                }
            }
            Err(LpError::Infeasible) => {
                programs += 2;
                unprotectable.push((model.cells[p].key.clone(), interval(model, &suppressed, p)?));
            }
            Err(e) => return Err(e),
        }
    }
    let mut pattern = SuppressionPattern::new(&policy.symbol);
    for (cell, s) in model.cells.iter().zip(&status) {
        pattern.suppress(cell.key.clone(), *s);
    }
    Ok(Protection { pattern, status, unprotectable, programs })
}

/// The free cells the cheapest deviation raising `target` by `width` changes: the deviated
/// table satisfying every declared relation, or, if none can, those the data satisfy.
fn deviation(model: &Model, suppressed: &[bool], target: usize, width: f64) -> Result<Vec<usize>, LpError> {
    assuming_relations(|holding_only| deviation_with(model, suppressed, target, width, holding_only))
}

fn deviation_with(
    model: &Model,
    suppressed: &[bool],
    target: usize,
    width: f64,
    holding_only: bool,
) -> Result<Vec<usize>, LpError> {
    let component = &model.components[model.cells[target].component];
    let local = local_atoms(component, model.atoms.len());
    let mut lp = Lp::new(OptimizationDirection::Minimize);
    // Each atom's deviation is up − down, down no more than the atom holds.
    let ups: Vec<_> = component.atoms.iter().map(|_| lp.var(ATOM_COST, (0.0, f64::INFINITY))).collect();
    let downs: Vec<_> = component.atoms.iter().map(|&a| lp.var(ATOM_COST, (0.0, model.atoms[a]))).collect();
    let deviation_of = |atoms: &[usize], coefficient: f64, terms: &mut Terms| {
        for &a in atoms {
            terms.add(ups[local[a]], coefficient);
            terms.add(downs[local[a]], -coefficient);
        }
    };
    let mut changes = Vec::new();
    for &c in &component.cells {
        let cell = &model.cells[c];
        let mut terms = Terms::default();
        deviation_of(&cell.atoms, 1.0, &mut terms);
        if c == target {
            lp.constrain(&terms, ComparisonOp::Ge, width);
        } else if suppressed[c] {
            if cell.floor > 0.0 {
                lp.constrain(&terms, ComparisonOp::Ge, cell.floor - cell.value);
            }
        } else if cell.fixed {
            lp.constrain(&terms, ComparisonOp::Eq, 0.0);
        } else {
            let weight = 1.0 + cell.value.abs();
            let (more, less) = (lp.var(weight, (0.0, f64::INFINITY)), lp.var(weight, (0.0, f64::INFINITY)));
            terms.add(more, -1.0);
            terms.add(less, 1.0);
            lp.constrain(&terms, ComparisonOp::Eq, 0.0);
            changes.push((c, more, less));
        }
    }
    for link in assumed_links(model, component, holding_only) {
        let mut terms = Terms::default();
        deviation_of(&link.left, 1.0, &mut terms);
        deviation_of(&link.right, -1.0, &mut terms);
        let sum = |atoms: &[usize]| atoms.iter().map(|&a| model.atoms[a]).sum::<f64>();
        lp.constrain(&terms, comparison(link.relation), sum(&link.right) - sum(&link.left));
    }
    let values = lp.solve()?.ok_or(LpError::Solver("the deviation is unbounded".to_string()))?;
    Ok(changes
        .into_iter()
        .filter(|(_, more, less)| values[more.idx()] + values[less.idx()] > CHANGED)
        .map(|(c, _, _)| c)
        .collect())
}

/// The interval of every suppressed sensitive cell under a finished pattern (the audit).
pub fn audit(model: &Model, protection: &Protection) -> Result<Vec<(usize, Interval)>, LpError> {
    let suppressed: Vec<bool> = protection.status.iter().map(|s| s.is_suppressed()).collect();
    protection
        .status
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == Confidentiality::Primary)
        .map(|(c, _)| interval(model, &suppressed, c).map(|i| (c, i)))
        .collect()
}

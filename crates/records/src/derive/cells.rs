//! Counting: each record that counts adds one to the cell of every combination of its allowed
//! codes, in the period its date falls in. Memory is the cells', never the records'.

use std::collections::{BTreeMap, HashMap};

use super::resolve::{Resolved, ResolvedDimension};
use crate::record::{Record, Value};

/// Per period, the number of records at each combination of code indexes (one per dimension).
pub(super) type Cells = BTreeMap<String, HashMap<Vec<u32>, i64>>;

/// Where a record went in one derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placed {
    Counted,
    /// Its date falls outside the cycle's periods.
    Outside,
    /// No date, a filter it fails, or a dimension field that holds no code.
    NotCounted,
}

/// Counts one record into `counts`: one in the cell of every combination of its allowed codes
/// (a multi-code field counts the record once under each of its codes), in the period its
/// date falls in.
pub(super) fn count_record(resolved: &Resolved<'_>, record: &Record, counts: &mut Cells) -> Placed {
    let dimensions = &resolved.dimensions;
    let Some(Value::Date(date)) = resolved.period_field.and_then(|f| record.values.get(f)) else {
        return Placed::NotCounted;
    };
    let Some(period) = resolved.periods.of(date.year) else {
        return Placed::Outside;
    };
    if !resolved.filters.iter().all(|filter| filter.passes(record)) {
        return Placed::NotCounted;
    }
    let Some(choices) = dimension_codes(dimensions, record) else { return Placed::NotCounted };
    let cells = counts.entry(period).or_default();
    let mut combination: Vec<u32> = Vec::with_capacity(dimensions.len());
    add_combinations(dimensions, &choices, &mut combination, cells);
    Placed::Counted
}

/// The record's codes in each dimension's field; `None` when a field holds no code.
fn dimension_codes<'r>(dimensions: &[ResolvedDimension<'_>], record: &'r Record) -> Option<Vec<&'r [u32]>> {
    let mut choices: Vec<&[u32]> = Vec::with_capacity(dimensions.len());
    for d in dimensions {
        let values: &[u32] = match &record.values[d.field] {
            Value::Code(c) => std::slice::from_ref(c),
            Value::Codes(cs) => cs,
            _ => return None,
        };
        choices.push(values);
    }
    Some(choices)
}

/// Adds one to every cell whose codes extend `combination` with an allowed code of each
/// further dimension among the record's `choices`.
fn add_combinations(
    dimensions: &[ResolvedDimension<'_>],
    choices: &[&[u32]],
    combination: &mut Vec<u32>,
    cells: &mut HashMap<Vec<u32>, i64>,
) {
    let depth = combination.len();
    if depth == dimensions.len() {
        match cells.get_mut(combination.as_slice()) {
            Some(n) => *n += 1,
            None => {
                cells.insert(combination.clone(), 1);
            }
        }
        return;
    }
    for &code in choices[depth] {
        if dimensions[depth].allowed.get(code as usize).copied().unwrap_or(false) {
            combination.push(code);
            add_combinations(dimensions, choices, combination, cells);
            combination.pop();
        }
    }
}

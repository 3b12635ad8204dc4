//! Counting: each record that counts adds one to the cell of every combination of its allowed
//! codes, in the period its date falls in.

use std::collections::{BTreeMap, HashMap};

use super::resolve::{Resolved, ResolvedDimension};
use crate::record::{Record, Value};

/// Per period, the number of records at each combination of code indexes (one per dimension).
pub(super) type Cells = BTreeMap<String, HashMap<Vec<u32>, i64>>;

/// Counts `records` into cells; with `skipped` (a derivation counting chains), the records it
/// marks are left out. Also returns the records whose date falls outside the cycle.
///
/// A record without a date, that fails a filter, or with a dimension field that holds no code
/// is not counted.
pub(super) fn count_records(
    resolved: &Resolved<'_>,
    records: &[Record],
    skipped: Option<&[bool]>,
) -> (Cells, Vec<usize>) {
    let dimensions = &resolved.dimensions;
    let mut counts = Cells::new();
    let mut outside = Vec::new();
    let mut combination: Vec<u32> = Vec::with_capacity(dimensions.len());
    for (i, record) in records.iter().enumerate() {
        if skipped.is_some_and(|skipped| skipped[i]) {
            continue;
        }
        let Some(Value::Date(date)) = resolved.period_field.and_then(|f| record.values.get(f)) else {
            continue;
        };
        let Some(period) = resolved.periods.of(date.year) else {
            outside.push(i);
            continue;
        };
        if !resolved.filters.iter().all(|filter| filter.passes(record)) {
            continue;
        }
        let Some(choices) = dimension_codes(dimensions, record) else { continue };
        let cells = counts.entry(period).or_default();
        // Every combination of the allowed codes (a multi-code field counts the record once
        // under each of its codes).
        combination.clear();
        add_combinations(dimensions, &choices, &mut combination, cells);
    }
    (counts, outside)
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
        *cells.entry(combination.clone()).or_insert(0) += 1;
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

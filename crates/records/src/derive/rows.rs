//! From counted cells to the cube's observation rows: every leaf combination of every period
//! counted gets a row, zeros included, so that a derived table has the same cells as a return.

use std::collections::BTreeMap;

use rapporteur_domain::{Catalog, Combinations, Coordinate, ObservationRow, RowKind};

use super::cells::Cells;
use super::resolve::ResolvedDimension;

/// The rows of cube `cube`: per period in order, every combination of the dimensions' allowed
/// codes in order, with its count or zero.
pub(super) fn observation_rows(
    catalog: &Catalog,
    cube: &str,
    dimensions: &[ResolvedDimension<'_>],
    counts: Cells,
) -> Vec<ObservationRow> {
    let leaf_sets: Vec<Vec<u32>> = dimensions
        .iter()
        .map(|d| d.allowed.iter().enumerate().filter(|(_, a)| **a).map(|(i, _)| i as u32).collect())
        .collect();
    let mut rows = Vec::new();
    for (period, cells) in counts {
        let all: BTreeMap<Vec<u32>, i64> = Combinations::new(leaf_sets.clone())
            .map(|combo| {
                let value = cells.get(&combo).copied().unwrap_or(0);
                (combo, value)
            })
            .collect();
        for (combo, value) in all {
            let coordinate =
                Coordinate { period: period.clone(), codes: code_ids(catalog, dimensions, &combo) };
            rows.push(observation(cube, coordinate, value));
        }
    }
    rows
}

/// Each dimension with the id of its code at the combination's index (empty if the list has
/// no such code).
fn code_ids(
    catalog: &Catalog,
    dimensions: &[ResolvedDimension<'_>],
    combo: &[u32],
) -> BTreeMap<String, String> {
    dimensions
        .iter()
        .zip(combo)
        .map(|(d, &c)| {
            let id = catalog
                .code_list(d.codelist)
                .and_then(|l| l.codes.get(c as usize))
                .map_or_else(String::new, |c| c.id.clone());
            (d.dimension.to_string(), id)
        })
        .collect()
}

/// A derived observation: no flags, note or percentage, and no source row.
fn observation(cube: &str, coordinate: Coordinate, value: i64) -> ObservationRow {
    ObservationRow {
        cube: cube.to_owned(),
        coordinate,
        kind: RowKind::Observation,
        value,
        flags: Vec::new(),
        note: None,
        pct_base: None,
        stated_decimals: None,
        source_row: 0,
    }
}

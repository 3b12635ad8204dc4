//! The generator's verification: the records' derived cubes against the scaled returns.

use std::collections::HashMap;

use rapporteur_domain::Catalog;

use super::targets::Targets;
use super::SynthSet;
use crate::derive::{derive, Counting};

/// A cube whose derived values differ from the (scaled) returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub cube: String,
    pub cells: usize,
    pub expected_total: i64,
    pub derived_total: i64,
}

/// Derives every set's cubes (counting every registration) and compares each with the scaled
/// returns: the cubes that come out exactly, and those that differ, each sorted by cube.
pub(super) fn verify(
    catalog: &Catalog,
    targets: &Targets<'_>,
    sets: &[SynthSet],
) -> (Vec<String>, Vec<Mismatch>) {
    let mut exact = Vec::new();
    let mut inexact = Vec::new();
    for set in sets {
        let Some(schema) = catalog.records.get(&set.schema) else { continue };
        let derived = derive(catalog, schema, targets.cycle(), &set.records, Counting::AsRegistered);
        for d in &schema.derivations {
            let expected: HashMap<String, i64> =
                targets.scaled(d).into_iter().map(|(r, v)| (r.coordinate.key(), v)).collect();
            let got: HashMap<String, i64> = derived
                .rows
                .iter()
                .filter(|r| r.cube == d.cube)
                .map(|r| (r.coordinate.key(), r.value))
                .collect();
            let cells = differing_cells(&expected, &got);
            if cells == 0 {
                exact.push(d.cube.clone());
            } else {
                inexact.push(Mismatch {
                    cube: d.cube.clone(),
                    cells,
                    expected_total: expected.values().sum(),
                    derived_total: got.values().sum(),
                });
            }
        }
    }
    exact.sort();
    inexact.sort_by(|a, b| a.cube.cmp(&b.cube));
    (exact, inexact)
}

/// The cells whose derived value differs from the expected one (a missing cell is a zero).
fn differing_cells(expected: &HashMap<String, i64>, got: &HashMap<String, i64>) -> usize {
    let derived_differ =
        got.iter().filter(|(key, v)| expected.get(*key).copied().unwrap_or(0) != **v).count();
    let missing = expected.iter().filter(|(k, v)| **v != 0 && !got.contains_key(*k)).count();
    derived_differ + missing
}

//! Owed cubes have data; required breakdowns are filled in every period. A cell flagged not
//! available or confidential is given (the actor said why it has no value); a cell neither given
//! nor flagged is missing.

use std::collections::BTreeMap;

use rapporteur_domain::{dimension_and_code, CubeSet, Finding, LeafOrder, Rule};

use super::{finding, missing_cell, text};
use crate::Index;

/// Owed cubes have data; required breakdowns are filled in every period.
pub(super) fn completeness(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    require: &[String],
    periods: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let owed: Vec<&String> = index.catalog.cubes.keys().filter(|c| cubes.contains(c)).collect();
    let yearly: Vec<String> = if periods.is_empty() {
        index.cycle.periods.iter().filter(|p| p.len() == 4).cloned().collect()
    } else {
        periods.to_vec()
    };
    for cube in owed {
        let given: Vec<_> = index.observations(cube).iter().chain(index.flagged(cube)).collect();
        if given.is_empty() {
            let mut f = finding(rule, index, cube, vec![missing_cell(cube, "")]);
            f.values.insert("cube".into(), text(cube.clone()));
            f.values.insert("missing".into(), text("all"));
            out.push(f);
            continue;
        }
        if require.is_empty() {
            continue;
        }
        // Every combination of the required dimensions' leaves, per period; in code order, the
        // order the message lists the missing ones in.
        let selections: Vec<(&str, &str)> = require.iter().map(|r| dimension_and_code(r)).collect();
        let combinations: Vec<BTreeMap<String, String>> =
            index.catalog.leaf_combinations(cube, &selections, LeafOrder::ById).collect();
        for period in &yearly {
            let missing: Vec<String> = combinations
                .iter()
                .filter(|combination| {
                    !given.iter().any(|o| {
                        &o.coordinate.period == period
                            && combination.iter().all(|(d, c)| o.coordinate.codes.get(d) == Some(c))
                    })
                })
                .map(|combination| combination.values().cloned().collect::<Vec<_>>().join("/"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let mut f = finding(rule, index, &format!("{cube}|{period}"), vec![missing_cell(cube, period)]);
            f.values.insert("cube".into(), text(cube.clone()));
            f.values.insert("missing".into(), text(missing.join(", ")));
            out.push(f);
        }
    }
    out
}

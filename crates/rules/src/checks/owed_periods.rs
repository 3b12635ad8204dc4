//! Every cube the cycle owes holds data in every period it owes (the cycle's years for a yearly
//! cube, its cohort for a cohort); a cube whose data are all of earlier periods is the previous
//! cycle's file sent again.

use std::collections::BTreeSet;

use rapporteur_domain::{CubeSet, Finding, Rule};

use super::{finding, missing_cell, text};
use crate::Index;

/// The owed periods a cube lacks, or (with `earlier_only`) the cubes holding only earlier
/// periods. A cube with no data at all is the business of the completeness of cubes.
pub(super) fn owed_periods(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    earlier_only: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for cube in index.catalog.cubes.values().filter(|c| cubes.contains(&c.id)) {
        let held: BTreeSet<&str> =
            index.observations(&cube.id).iter().map(|o| o.coordinate.period.as_str()).collect();
        if held.is_empty() {
            continue;
        }
        let owed = index.cycle.owed_periods(cube);
        let holds_own = held.iter().any(|p| index.cycle.periods.iter().any(|own| own == p));
        if earlier_only {
            if !holds_own {
                let held: Vec<&str> = held.into_iter().collect();
                let mut f = finding(rule, index, &cube.id, vec![missing_cell(&cube.id, &owed.join("|"))]);
                f.values.insert("cube".into(), text(cube.id.clone()));
                f.values.insert("held".into(), text(held.join(", ")));
                f.values.insert("owed".into(), text(owed.join(", ")));
                out.push(f);
            }
            continue;
        }
        if !holds_own {
            continue; // the previous cycle's file: one finding says so
        }
        for period in owed.into_iter().filter(|p| !held.contains(p)) {
            let mut f =
                finding(rule, index, &format!("{}|{period}", cube.id), vec![missing_cell(&cube.id, period)]);
            f.values.insert("cube".into(), text(cube.id.clone()));
            f.values.insert("period".into(), text(period));
            out.push(f);
        }
    }
    out
}

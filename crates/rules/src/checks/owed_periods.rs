//! Every cube the cycle owes holds data in every period it owes (the cycle's years for a yearly
//! cube, its cohort for a cohort); a cube whose data are all of earlier periods is the previous
//! cycle's file sent again. The context periods a table of the cube prints are a separate
//! matter: figures published before, repeated for comparison. A period holding only cells
//! flagged not available or confidential is given.

use std::collections::BTreeSet;

use rapporteur_domain::{Cube, CubeSet, Finding, Rule};

use super::{finding, missing_cell, text};
use crate::{periods_shown, Index};

/// The owed periods a cube lacks, or (with `earlier_only`) the cubes holding only earlier
/// periods. A cube with no data at all is the business of the completeness of cubes.
pub(super) fn owed_periods(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    earlier_only: bool,
    context: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for cube in index.catalog.cubes.values().filter(|c| cubes.contains(&c.id)) {
        let held: BTreeSet<&str> = index
            .observations(&cube.id)
            .iter()
            .chain(index.flagged(&cube.id))
            .map(|o| o.coordinate.period.as_str())
            .collect();
        if held.is_empty() {
            continue;
        }
        let owed = if context { context_periods_shown(index, cube) } else { index.cycle.owed_periods(cube) };
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

/// The cycle's context periods that a table (or chart) showing `cube` prints, of the cube's
/// period type.
fn context_periods_shown<'a>(index: &Index<'a>, cube: &Cube) -> Vec<&'a str> {
    let catalog = index.catalog;
    let shown: BTreeSet<&str> = catalog
        .tables
        .values()
        .chain(catalog.charts.values())
        .filter(|layout| layout.cubes().any(|c| c == cube.id))
        .flat_map(periods_shown)
        .collect();
    index
        .cycle
        .context_periods
        .iter()
        .map(String::as_str)
        .filter(|p| shown.contains(p) && cube.period.fits(p))
        .collect()
}

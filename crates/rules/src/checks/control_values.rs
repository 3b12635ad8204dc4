//! Printed totals, subtotals, narrative figures and stated percentages against the data under them.

use rapporteur_domain::{dimension_and_code, percentage_hundredths, CubeSet, Finding, RowKind, Rule};

use super::{cell_of, finding, number, text};
use crate::Index;

/// Printed totals, subtotals, narrative figures and percentages against the data under them.
pub(super) fn control_values(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    tolerance: i64,
    pct_tolerance: i64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for control in index.controls.iter().filter(|c| c.kind == RowKind::Control && cubes.contains(&c.cube)) {
        let selection = index.selection_of(control);
        // A figure over a cell flagged not available or confidential is not checked: the
        // flagged cell's own finding says so.
        if index.touches_flagged(&control.cube, &selection) {
            continue;
        }
        // A stated figure with no data under it has nothing to be compared with.
        let Some(actual) = index.sum(&control.cube, &selection) else { continue };
        let decimals = index.decimals(&control.cube);
        let mut f = match &control.pct_base {
            None => {
                if (actual - control.value).abs() <= tolerance {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{}|{}", control.cube, control.key()),
                    vec![cell_of(control, "control", Some(control.value), Some(actual), decimals)],
                );
                f.values.insert("expected".into(), number(control.value, decimals));
                f.values.insert("actual".into(), number(actual, decimals));
                f.values.insert("difference".into(), number(control.value - actual, decimals));
                f
            }
            Some(base) => {
                let (dimension, code) = dimension_and_code(base);
                let mut denominator_selection = selection.clone();
                denominator_selection
                    .insert(dimension.to_string(), index.catalog.leaves_of(&control.cube, dimension, code));
                let Some(denominator) = index.sum(&control.cube, &denominator_selection) else { continue };
                let Some(computed) = percentage_hundredths(actual, denominator) else { continue };
                // A percentage is compared at the precision it was written with: "85" (a narrative's
                // whole percent, rounded or cut) matches 85.83; "56,87" must match to the hundredth.
                let unit = 10_i64.pow(2 - control.stated_decimals.unwrap_or(2).min(2));
                if (computed - control.value).abs() < unit + pct_tolerance {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{}|{}", control.cube, control.key()),
                    vec![cell_of(control, "pct", Some(control.value), Some(computed), 2)],
                );
                f.values.insert("expected".into(), number(control.value, 2));
                f.values.insert("actual".into(), number(computed, 2));
                f.values.insert("difference".into(), number(control.value - computed, 2));
                f.values.insert("count".into(), number(actual, decimals));
                f.values.insert("base".into(), number(denominator, decimals));
                f
            }
        };
        f.values.insert("cube".into(), text(control.cube.clone()));
        out.push(f);
    }
    out
}

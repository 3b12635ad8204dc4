//! A stated figure (a printed total, a narrative figure, a percentage) with no data under it:
//! the figure cannot be checked, and the data it summarises are missing from the return (a
//! stated zero over no rows excepted).

use rapporteur_domain::{dimension_and_code, CubeSet, Finding, RowKind, Rule};

use super::{cell_of, finding, number, text};
use crate::Index;

/// Every stated figure of the cubes has data under it (and, for a percentage, under its base).
pub(super) fn stated_without_data(rule: &Rule, index: &Index<'_>, cubes: &CubeSet) -> Vec<Finding> {
    let mut out = Vec::new();
    for control in index.controls.iter().filter(|c| c.kind == RowKind::Control && cubes.contains(&c.cube)) {
        let mut selection = index.selection_of(control);
        if let Some(base) = &control.pct_base {
            let (dimension, code) = dimension_and_code(base);
            selection.insert(dimension.to_string(), index.catalog.leaves_of(&control.cube, dimension, code));
        }
        // A stated zero over no rows is what a sparse breakdown writes for nobody; a figure over
        // cells flagged not available or confidential stands on them.
        if control.value == 0
            || index.sum(&control.cube, &selection).is_some()
            || index.touches_flagged(&control.cube, &selection)
        {
            continue;
        }
        let decimals = if control.pct_base.is_some() { 2 } else { index.decimals(&control.cube) };
        let mut f = finding(
            rule,
            index,
            &format!("{}|{}", control.cube, control.key()),
            vec![cell_of(control, "control", Some(control.value), None, decimals)],
        );
        f.values.insert("cube".into(), text(control.cube.clone()));
        f.values.insert("expected".into(), number(control.value, decimals));
        out.push(f);
    }
    out
}

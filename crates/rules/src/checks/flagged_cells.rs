//! A cell of data flagged not available or confidential instead of a value: information, not a
//! zero and not a missing cell. No sum or comparison is made over it (the totals, relations and
//! changes that would include it are skipped); this finding says so where the cell is.

use rapporteur_domain::{CubeSet, Finding, ObsStatus, Rule};

use super::{cell_of, finding, text};
use crate::Index;

/// Every cell of the cubes flagged with `status`, one finding each.
pub(super) fn flagged_cells(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    status: ObsStatus,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (cube, cells) in index.flagged.iter().filter(|(cube, _)| cubes.contains(cube)) {
        for cell in cells.iter().filter(|c| c.kind.status() == Some(status)) {
            let flagged = cell_of(cell, "flagged", None, None, index.decimals(cube));
            let mut f = finding(rule, index, &format!("{cube}|{}", cell.key()), vec![flagged]);
            f.values.insert("cube".into(), text(cube.to_string()));
            f.values.insert("status".into(), text(status.code()));
            out.push(f);
        }
    }
    out
}

//! Stored codes the catalog no longer knows, or data at an aggregate code.

use rapporteur_domain::{CubeSet, Finding, RowKind, Rule, TOTAL_CODE};

use super::{cell_of, finding, text};
use crate::Index;

/// Stored codes that the catalog no longer knows (or data at an aggregate code).
pub(super) fn valid_codes(rule: &Rule, index: &Index<'_>, cubes: &CubeSet) -> Vec<Finding> {
    let mut out = Vec::new();
    let rows = index.by_cube.values().flatten().copied().chain(index.controls.iter());
    for row in rows.filter(|r| cubes.contains(&r.cube)) {
        let mut problems = Vec::new();
        if index.catalog.cube(&row.cube).is_none() {
            problems.push(format!("cube {} is not in the catalog", row.cube));
        }
        if !index.cycle.accepts_period(&row.coordinate.period) {
            problems.push(format!("period {} is outside the cycle", row.coordinate.period));
        }
        for (dimension, code) in &row.coordinate.codes {
            match index.catalog.code_list_of_dimension(&row.cube, dimension) {
                None => problems.push(format!("{dimension} is not a dimension of {}", row.cube)),
                Some(_) if code == TOTAL_CODE && row.kind == RowKind::Control => {}
                Some(list) if list.get(code).is_none() => {
                    problems.push(format!("{code} is not a code of {}", list.id))
                }
                Some(list) if row.kind == RowKind::Observation && list.is_aggregate(code) => {
                    problems.push(format!("{code} of {} has children: data lie at leaf codes", list.id))
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            continue;
        }
        let mut f = finding(
            rule,
            index,
            &format!("{}|{}|{}", row.cube, row.kind.as_str(), row.key()),
            vec![cell_of(row, row.kind.as_str(), None, Some(row.value), index.decimals(&row.cube))],
        );
        f.values.insert("cube".into(), text(row.cube.clone()));
        f.values.insert("problem".into(), text(problems.join("; ")));
        out.push(f);
    }
    out
}

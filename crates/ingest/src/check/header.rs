//! The header of a grid: every column named once, each a reserved name or a dimension of some
//! cube, the required columns present, and at least one row after it.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{columns, Catalog};

use super::suggest::{closest_column, quoted_list};
use super::{Grid, GridRow, Place};
use crate::problem::ImportProblem;

/// The columns of a header by name (trimmed and in lower case, as people retype them), each
/// at its 0-based index.
pub(super) struct Columns {
    index: BTreeMap<String, usize>,
}

impl Columns {
    /// The index of a column.
    pub(super) fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// A row's trimmed cell in a column, with the column's index; `None` if there is no such
    /// column (a short row gives an empty cell).
    pub(super) fn cell(&self, row: &GridRow, name: &str) -> Option<(usize, String)> {
        self.index.get(name).map(|&i| (i, row.cells.get(i).map(|c| c.trim().to_string()).unwrap_or_default()))
    }

    /// Every column, by name.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&String, usize)> {
        self.index.iter().map(|(name, &i)| (name, i))
    }
}

/// Reads the header, pushing its problems; `None` if the rows cannot be checked against it.
pub(super) fn read_header(
    grid: &Grid,
    catalog: &Catalog,
    place: &Place<'_>,
    problems: &mut Vec<ImportProblem>,
) -> Option<Columns> {
    let before = problems.len();
    let columns = name_columns(grid, catalog, place, problems);
    check_required(grid, &columns, place, problems);
    if problems.len() > before {
        return None;
    }
    if grid.rows.is_empty() {
        problems.push(place.problem(
            grid.header_row,
            None,
            "the header is not followed by any row: a return needs at least one observation".into(),
        ));
        return None;
    }
    Some(columns)
}

/// Names the columns, with a problem for each one that has no name but values, is named twice,
/// or is neither a reserved name nor a dimension of any cube.
fn name_columns(
    grid: &Grid,
    catalog: &Catalog,
    place: &Place<'_>,
    problems: &mut Vec<ImportProblem>,
) -> Columns {
    let dimensions: BTreeSet<&str> =
        catalog.cubes.values().flat_map(|c| c.dimensions.iter().map(|d| d.id.as_str())).collect();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in grid.header.iter().enumerate() {
        let name = raw.trim().to_lowercase();
        let problem = if name.is_empty() {
            let has_values = grid.rows.iter().any(|r| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()));
            has_values.then(|| "this column has values but no name in the header".to_string())
        } else if let Some(&first) = index.get(&name) {
            Some(format!("column {name:?} appears twice (first in column {})", first + 1))
        } else if !columns::RESERVED.contains(&name.as_str()) && !dimensions.contains(name.as_str()) {
            let suggestions = closest_column(catalog, &name, &columns::RESERVED);
            Some(format!(
                "unknown column {name:?}: expected cube, period, value, flags, note, role, base or a dimension of a cube (closest: {})",
                quoted_list(suggestions)
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            problems.push(place.problem(grid.header_row, Some(i + 1), message));
        }
        if !name.is_empty() {
            index.entry(name).or_insert(i);
        }
    }
    Columns { index }
}

/// A problem for each required column the header lacks: period and value, and cube unless the
/// sheet is named after one.
fn check_required(grid: &Grid, columns: &Columns, place: &Place<'_>, problems: &mut Vec<ImportProblem>) {
    let mut required = vec![columns::PERIOD, columns::VALUE];
    if grid.sheet_cube.is_none() {
        required.insert(0, columns::CUBE);
    }
    for name in required.into_iter().filter(|name| columns.get(name).is_none()) {
        let found: Vec<&str> = grid.header.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
        problems.push(place.problem(
            grid.header_row,
            None,
            format!("missing column {name:?} (columns found: {})", quoted_list(found)),
        ));
    }
}

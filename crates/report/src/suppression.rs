//! Which printed cells of a table a publication's suppression pattern hides: a value cell when
//! its key is suppressed; a percentage when any value of its group is (its numerator, the other
//! parts of its denominator, or the denominator itself — a percentage of a known total would
//! give a hidden part back, and percentages of known parts a hidden total); a breakdown item's
//! count or the count of a part of its split when that cell is.

use rapporteur_domain::{Catalog, CellKey, SuppressionPattern, TableLayout};
use rapporteur_stats::tabulate::{ComputedTable, HeaderCell, TableMeasureName};

/// A breakdown item under a row: its code, whether its count is hidden, and per part of its
/// split whether that part's count is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemMask {
    pub code: String,
    pub hidden: bool,
    pub parts: Vec<(String, bool)>,
}

/// Per body row and column, whether the cell prints as the symbol; per row and breakdown item
/// (by code), whether its count does, and per part of its split.
#[derive(Debug, Clone, Default)]
pub struct TableMask {
    pub cells: Vec<Vec<bool>>,
    pub items: Vec<Vec<ItemMask>>,
}

impl TableMask {
    pub fn any(&self) -> bool {
        self.cells.iter().flatten().any(|s| *s)
            || self.items.iter().flatten().any(|i| i.hidden || i.parts.iter().any(|p| p.1))
    }

    pub fn item(&self, row: usize, code: &str) -> Option<&ItemMask> {
        self.items.get(row)?.iter().find(|i| i.code == code)
    }
}

/// The mask of one table under `pattern`.
pub fn table_mask(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    pattern: &SuppressionPattern,
) -> TableMask {
    let hidden =
        |cube: &str, selection| pattern.status(&CellKey::new(catalog, cube, selection)).is_suppressed();
    let values: Vec<Vec<bool>> = table
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .zip(&table.columns)
                .map(|(cell, column)| {
                    column.measure == TableMeasureName::Value && hidden(&table.cube, &cell.selection)
                })
                .collect()
        })
        .collect();
    let innermost = |path: &[HeaderCell], dimension: Option<&str>| -> Vec<HeaderCell> {
        path.iter().filter(|h| Some(h.dimension.as_str()) != dimension).cloned().collect()
    };
    let inner_column = layout.columns.last().map(|a| a.dimension.as_str());
    let inner_row = layout.rows.last().map(|a| a.dimension.as_str());
    let mut cells = values.clone();
    for (r, row) in table.cells.iter().enumerate() {
        #[allow(clippy::needless_range_loop)] // c indexes the columns, the values and the mask alike
        for c in 0..row.len() {
            let measure = table.columns[c].measure;
            if measure == TableMeasureName::Value {
                continue;
            }
            // The group: the value cells that differ from this one only on the innermost axis
            // the percentage runs along.
            cells[r][c] = if measure == TableMeasureName::PctRow {
                let outer = innermost(&table.columns[c].path, inner_column);
                (0..row.len())
                    .any(|k| values[r][k] && innermost(&table.columns[k].path, inner_column) == outer)
            } else {
                let outer = innermost(&table.rows[r], inner_row);
                (0..table.rows.len()).any(|k| {
                    innermost(&table.rows[k], inner_row) == outer
                        && (0..row.len())
                            .any(|v| values[k][v] && table.columns[v].path == table.columns[c].path)
                })
            };
        }
    }
    TableMask { cells, items: item_masks(catalog, layout, table, pattern) }
}

fn item_masks(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    pattern: &SuppressionPattern,
) -> Vec<Vec<ItemMask>> {
    let (Some(breakdown), Some(computed)) = (&layout.breakdown, &table.breakdown) else { return Vec::new() };
    table
        .rows
        .iter()
        .zip(&computed.items)
        .map(|(row, items)| {
            let base = rapporteur_stats::published::row_selection(catalog, layout, &breakdown.cube, row);
            items
                .iter()
                .map(|item| {
                    let mut selection = base.clone();
                    selection.insert(breakdown.dimension.clone(), [item.code.clone()].into());
                    let hidden = |s: &rapporteur_domain::Selection| {
                        pattern.status(&CellKey::new(catalog, &breakdown.cube, s)).is_suppressed()
                    };
                    let parts = breakdown
                        .split
                        .iter()
                        .flat_map(|split| {
                            item.split.iter().map(|(part, _)| {
                                let mut s = selection.clone();
                                s.insert(split.clone(), [part.clone()].into());
                                (part.clone(), hidden(&s))
                            })
                        })
                        .collect();
                    ItemMask { code: item.code.clone(), hidden: hidden(&selection), parts }
                })
                .collect()
        })
        .collect()
}

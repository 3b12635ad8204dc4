//! The cells a publication prints, each once: every value cell of every table (the same cell in
//! two tables, or twice in one, is one cell), and every cell a breakdown column reveals — the
//! count of each listed item and of each part of its split, and, for every item not listed
//! under a row, the zero its absence tells. Percentages are not cells of their own: each is
//! printed only where its numerator and denominator are (see [`PublishedCell`]).
//!
//! Disclosure control protects these cells and the open-data package lists them; both read
//! them from here so that what is protected is exactly what is published.

use std::collections::BTreeMap;

use rapporteur_domain::{Catalog, CellKey, Selection, TableLayout};

use crate::tabulate::{is_total_path, CellValue, ComputedTable, HeaderCell, TableMeasureName};

/// How a published cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shown {
    /// A number in a table's body or margin.
    Figure,
    /// An item of a breakdown column, or a part of its split: printed (with its count) only when
    /// the count is not zero, so its presence alone tells the reader it is at least one.
    ListedItem,
}

/// One published cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCell {
    pub key: CellKey,
    /// The value, scaled by `10^decimals`; `None` when no observation lies under it.
    pub value: Option<i64>,
    pub decimals: u32,
    pub shown: Shown,
    /// Whether the cell is a total or subtotal of its table (a margin).
    pub total: bool,
    /// The numbers of the tables that print it.
    pub tables: Vec<u32>,
}

/// Every cell the tables print, in key order.
pub fn published_cells(catalog: &Catalog, tables: &[(&TableLayout, ComputedTable)]) -> Vec<PublishedCell> {
    let mut cells: BTreeMap<CellKey, PublishedCell> = BTreeMap::new();
    let mut add = |cell: PublishedCell| match cells.get_mut(&cell.key) {
        Some(seen) => {
            for t in cell.tables {
                if !seen.tables.contains(&t) {
                    seen.tables.push(t);
                }
            }
        }
        None => {
            cells.insert(cell.key.clone(), cell);
        }
    };
    for (layout, table) in tables {
        for (c, column) in table.columns.iter().enumerate() {
            if column.measure != TableMeasureName::Value {
                continue;
            }
            for row in &table.cells {
                let cell = &row[c];
                let (value, decimals) = match cell.value {
                    Some(CellValue::Amount { scaled, decimals }) => (Some(scaled), decimals),
                    _ => (None, 0),
                };
                add(PublishedCell {
                    key: CellKey::new(catalog, &table.cube, &cell.selection),
                    value,
                    decimals,
                    shown: Shown::Figure,
                    total: cell.total,
                    tables: vec![table.number],
                });
            }
        }
        for cell in breakdown_cells(catalog, layout, table) {
            add(cell);
        }
    }
    cells.into_values().collect()
}

/// The cells a breakdown column reveals: under each body row, per leaf of its dimension, the
/// item's count (zero when not listed) and per part of its split the part's count.
fn breakdown_cells(catalog: &Catalog, layout: &TableLayout, table: &ComputedTable) -> Vec<PublishedCell> {
    let (Some(breakdown), Some(computed)) = (&layout.breakdown, &table.breakdown) else { return Vec::new() };
    let leaves = |dimension: &str| -> Vec<String> {
        catalog
            .code_list_of_dimension(&breakdown.cube, dimension)
            .map(|l| l.leaves().map(|c| c.id.clone()).collect())
            .unwrap_or_default()
    };
    let items = leaves(&breakdown.dimension);
    let parts = breakdown.split.as_deref().map(leaves).unwrap_or_default();
    let mut cells = Vec::new();
    for (row, listed) in table.rows.iter().zip(&computed.items) {
        if is_total_path(catalog, &layout.cube, row) {
            continue;
        }
        let base = row_selection(catalog, layout, &breakdown.cube, row);
        for item in &items {
            let found = listed.iter().find(|i| &i.code == item);
            let mut selection = base.clone();
            selection.insert(breakdown.dimension.clone(), [item.clone()].into());
            let cell = |selection: &Selection, value: i64| PublishedCell {
                key: CellKey::new(catalog, &breakdown.cube, selection),
                value: Some(value),
                decimals: computed.decimals,
                shown: Shown::ListedItem,
                total: false,
                tables: vec![table.number],
            };
            cells.push(cell(&selection, found.map_or(0, |i| i.count)));
            if let Some(split) = &breakdown.split {
                for part in &parts {
                    let count =
                        found.and_then(|i| i.split.iter().find(|(c, _)| c == part)).map_or(0, |(_, n)| *n);
                    let mut selection = selection.clone();
                    selection.insert(split.clone(), [part.clone()].into());
                    cells.push(cell(&selection, count));
                }
            }
        }
    }
    cells
}

/// What a row of the layout selects in the breakdown's cube: the row's codes and the filter.
pub fn row_selection(catalog: &Catalog, layout: &TableLayout, cube: &str, row: &[HeaderCell]) -> Selection {
    row.iter()
        .map(|h| (h.dimension.as_str(), h.key.as_code()))
        .chain(layout.filter.iter().map(|(d, c)| (d.as_str(), c.as_str())))
        .map(|(dimension, code)| (dimension.to_string(), catalog.leaves_of(cube, dimension, code)))
        .collect()
}

//! Tabulation: computes a table layout's cells from a cube's observations. Totals, subtotals
//! and percentages are computed here, exactly (integer sums, percentages rounded half up to
//! hundredths from the exact ratio); nothing printed is ever read back as data.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{
    percentage_hundredths, Axis, Breakdown, Catalog, Combinations, ObservationRow, RowKind, TableLayout,
    TableMeasure, TotalPosition,
};

/// A position on one axis: a code, or the axis total.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AxisKey {
    Code(String),
    Total,
}

impl AxisKey {
    /// The code, or `_T` for the total (as in import files).
    pub fn as_code(&self) -> &str {
        match self {
            AxisKey::Code(code) => code,
            AxisKey::Total => rapporteur_domain::TOTAL_CODE,
        }
    }
}

impl serde::Serialize for AxisKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_code())
    }
}

/// One level of a row or column header: the dimension and the position on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeaderCell {
    pub dimension: String,
    pub key: AxisKey,
}

/// A value column: its position on each column axis, and the measure it shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnHeader {
    pub path: Vec<HeaderCell>,
    pub measure: TableMeasureName,
}

/// The measure of a column, as named in layouts and outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableMeasureName {
    Value,
    PctRow,
    PctCol,
}

impl TableMeasureName {
    /// The name as layouts and outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TableMeasureName::Value => "value",
            TableMeasureName::PctRow => "pct_row",
            TableMeasureName::PctCol => "pct_col",
        }
    }
}

impl From<TableMeasure> for TableMeasureName {
    fn from(m: TableMeasure) -> Self {
        match m {
            TableMeasure::Value => TableMeasureName::Value,
            TableMeasure::PctRow => TableMeasureName::PctRow,
            TableMeasure::PctCol => TableMeasureName::PctCol,
        }
    }
}

/// A computed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellValue {
    /// A sum of observations, scaled by `10^decimals` of the cube's measure.
    Amount { scaled: i64, decimals: u32 },
    /// A percentage in hundredths (1,35 % is 135).
    Pct { hundredths: i64 },
}

/// One cell: its value (none when no observation lies under it, or a percentage of nothing),
/// whether it is a computed total or subtotal, and what it selects (for tracing it back).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cell {
    pub value: Option<CellValue>,
    pub total: bool,
    /// Per dimension, the leaf codes (or periods) summed into this cell.
    pub selection: BTreeMap<String, BTreeSet<String>>,
}

/// A table with every cell computed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComputedTable {
    pub number: u32,
    pub cube: String,
    /// Per body row, its position on each row axis (empty when the table has no row axis).
    pub rows: Vec<Vec<HeaderCell>>,
    pub columns: Vec<ColumnHeader>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
    /// The layout's breakdown column, when it has one.
    pub breakdown: Option<ComputedBreakdown>,
}

/// A breakdown column: per body row, the items with data under it (none in a total row).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComputedBreakdown {
    /// The decimals of the breakdown cube's measure, which its scaled counts carry.
    pub decimals: u32,
    /// `items[row]`, in the code list's order; the report orders them as the layout says.
    pub items: Vec<Vec<BreakdownItem>>,
}

/// One code of the breakdown's dimension with a count other than zero under a row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BreakdownItem {
    pub code: String,
    /// The sum of its observations, scaled.
    pub count: i64,
    /// Per code of the split dimension with a count other than zero, in the list's order.
    pub split: Vec<(String, i64)>,
    /// The first row of the return that holds it (for the order of the actor's own list).
    pub source_row: usize,
}

/// Which values a cell adds up: per constrained dimension, the allowed codes.
type Selection = BTreeMap<String, BTreeSet<String>>;

fn positions(axis: &Axis) -> Vec<AxisKey> {
    let codes = axis.codes.iter().map(|c| AxisKey::Code(c.clone()));
    match axis.total {
        TotalPosition::None => codes.collect(),
        TotalPosition::Before => std::iter::once(AxisKey::Total).chain(codes).collect(),
        TotalPosition::After => codes.chain(std::iter::once(AxisKey::Total)).collect(),
    }
}

/// Every combination of positions of the axes, the outermost axis varying slowest.
fn product(axes: &[Axis]) -> Vec<Vec<HeaderCell>> {
    let headers = axes
        .iter()
        .map(|axis| {
            let header = |key| HeaderCell { dimension: axis.dimension.clone(), key };
            positions(axis).into_iter().map(header).collect()
        })
        .collect();
    Combinations::new(headers).collect()
}

struct Tabulator<'a> {
    catalog: &'a Catalog,
    layout: &'a TableLayout,
    decimals: u32,
    observations: Vec<&'a ObservationRow>,
    /// Per axis dimension, the selection of each position.
    axis_selections: BTreeMap<String, BTreeMap<AxisKey, BTreeSet<String>>>,
    base: Selection,
}

impl<'a> Tabulator<'a> {
    fn new(catalog: &'a Catalog, layout: &'a TableLayout, observations: &'a [ObservationRow]) -> Self {
        let cube = catalog.cube(&layout.cube);
        let decimals = cube.map_or(0, |c| catalog.measure_of(c).decimals);
        let mut axis_selections = BTreeMap::new();
        for axis in layout.rows.iter().chain(&layout.columns) {
            let mut by_key = BTreeMap::new();
            let mut all = BTreeSet::new();
            for code in &axis.codes {
                let leaves = catalog.leaves_of(&layout.cube, &axis.dimension, code);
                all.extend(leaves.iter().cloned());
                by_key.insert(AxisKey::Code(code.clone()), leaves);
            }
            by_key.insert(AxisKey::Total, all);
            axis_selections.insert(axis.dimension.clone(), by_key);
        }
        let base = layout
            .filter
            .iter()
            .map(|(dimension, code)| (dimension.clone(), catalog.leaves_of(&layout.cube, dimension, code)))
            .collect();
        let observations =
            observations.iter().filter(|o| o.cube == layout.cube && o.kind == RowKind::Observation).collect();
        Tabulator { catalog, layout, decimals, observations, axis_selections, base }
    }

    fn selection(&self, path: &[&HeaderCell]) -> Selection {
        let mut selection = self.base.clone();
        for cell in path {
            selection
                .insert(cell.dimension.clone(), self.axis_selections[&cell.dimension][&cell.key].clone());
        }
        selection
    }

    fn sum(&self, selection: &Selection) -> Option<i64> {
        let mut total = None;
        for o in &self.observations {
            if o.coordinate.is_in(selection) {
                *total.get_or_insert(0) += o.value;
            }
        }
        total
    }

    fn is_total(&self, path: &[&HeaderCell]) -> bool {
        is_total_path(self.catalog, &self.layout.cube, path.iter().copied())
    }

    /// The same path with the last header of the given axes replaced by the total.
    fn with_innermost_total<'p>(
        path: &[&'p HeaderCell],
        innermost: Option<&str>,
        total: &'p HeaderCell,
    ) -> Vec<&'p HeaderCell> {
        path.iter()
            .map(|cell| if Some(cell.dimension.as_str()) == innermost { total } else { *cell })
            .collect()
    }
}

/// Whether a path of headers is a total or subtotal: one of them is the axis total, or an
/// aggregate code of its dimension's code list.
pub fn is_total_path<'h>(
    catalog: &Catalog,
    cube: &str,
    path: impl IntoIterator<Item = &'h HeaderCell>,
) -> bool {
    path.into_iter().any(|h| match &h.key {
        AxisKey::Total => true,
        AxisKey::Code(code) => {
            catalog.code_list_of_dimension(cube, &h.dimension).is_some_and(|l| l.is_aggregate(code))
        }
    })
}

/// Computes every cell of `layout` from `observations` (which may hold other cubes' rows and
/// control values; only the layout cube's observations count).
pub fn compute_table(
    catalog: &Catalog,
    layout: &TableLayout,
    observations: &[ObservationRow],
) -> ComputedTable {
    let t = Tabulator::new(catalog, layout, observations);
    let rows = product(&layout.rows);
    let column_paths = product(&layout.columns);
    let columns: Vec<ColumnHeader> = column_paths
        .iter()
        .flat_map(|path| {
            layout.measures.iter().map(move |m| ColumnHeader { path: path.clone(), measure: (*m).into() })
        })
        .collect();
    let innermost_row = layout.rows.last().map(|a| a.dimension.as_str());
    let innermost_column = layout.columns.last().map(|a| a.dimension.as_str());
    let row_total = innermost_row.map(|d| HeaderCell { dimension: d.to_string(), key: AxisKey::Total });
    let column_total = innermost_column.map(|d| HeaderCell { dimension: d.to_string(), key: AxisKey::Total });

    let cells = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|column| {
                    let path: Vec<&HeaderCell> = row.iter().chain(&column.path).collect();
                    let selection = t.selection(&path);
                    let total = t.is_total(&path);
                    let value = match column.measure {
                        TableMeasureName::Value => {
                            t.sum(&selection).map(|scaled| CellValue::Amount { scaled, decimals: t.decimals })
                        }
                        TableMeasureName::PctRow | TableMeasureName::PctCol => {
                            let (innermost, total_cell) = if column.measure == TableMeasureName::PctRow {
                                (innermost_column, column_total.as_ref())
                            } else {
                                (innermost_row, row_total.as_ref())
                            };
                            let numerator = t.sum(&selection);
                            let denominator = total_cell.and_then(|total_cell| {
                                t.sum(&t.selection(&Tabulator::with_innermost_total(
                                    &path, innermost, total_cell,
                                )))
                            });
                            match (numerator, denominator) {
                                (Some(n), Some(d)) => percentage_hundredths(n, d)
                                    .map(|hundredths| CellValue::Pct { hundredths }),
                                _ => None,
                            }
                        }
                    };
                    Cell { value, total, selection }
                })
                .collect()
        })
        .collect();
    let breakdown = layout.breakdown.as_ref().map(|breakdown| ComputedBreakdown {
        decimals: catalog.cube(&breakdown.cube).map_or(0, |c| catalog.measure_of(c).decimals),
        items: rows
            .iter()
            .map(|row| {
                let path: Vec<&HeaderCell> = row.iter().collect();
                if t.is_total(&path) {
                    Vec::new()
                } else {
                    breakdown_items(catalog, layout, breakdown, row, observations)
                }
            })
            .collect(),
    });
    ComputedTable { number: layout.number, cube: layout.cube.clone(), rows, columns, cells, breakdown }
}

/// The items of a row's breakdown: the breakdown cube's observations under the row's codes
/// and the layout's filter, summed per code of the breakdown's dimension (and of its split).
fn breakdown_items(
    catalog: &Catalog,
    layout: &TableLayout,
    breakdown: &Breakdown,
    row: &[HeaderCell],
    observations: &[ObservationRow],
) -> Vec<BreakdownItem> {
    let fixed = row
        .iter()
        .map(|h| (h.dimension.as_str(), h.key.as_code()))
        .chain(layout.filter.iter().map(|(dimension, code)| (dimension.as_str(), code.as_str())));
    let selection: Selection = fixed
        .map(|(dimension, code)| (dimension.to_string(), catalog.leaves_of(&breakdown.cube, dimension, code)))
        .collect();
    // Per item code: its count, its split counts and its first row.
    let mut sums: BTreeMap<&str, (i64, BTreeMap<&str, i64>, usize)> = BTreeMap::new();
    for o in observations.iter().filter(|o| {
        o.cube == breakdown.cube && o.kind == RowKind::Observation && o.coordinate.is_in(&selection)
    }) {
        let Some(code) = o.coordinate.codes.get(&breakdown.dimension) else { continue };
        let (count, split, first_row) = sums.entry(code).or_insert((0, BTreeMap::new(), usize::MAX));
        *count += o.value;
        *first_row = (*first_row).min(o.source_row);
        if let Some(part) = breakdown.split.as_ref().and_then(|s| o.coordinate.codes.get(s)) {
            *split.entry(part).or_default() += o.value;
        }
    }
    let order = |dimension: &str, code: &str| {
        catalog
            .code_list_of_dimension(&breakdown.cube, dimension)
            .and_then(|l| l.leaves().position(|c| c.id == code))
            .unwrap_or(usize::MAX)
    };
    let mut items: Vec<BreakdownItem> = sums
        .into_iter()
        .filter(|(_, (count, _, _))| *count != 0)
        .map(|(code, (count, split, source_row))| {
            let mut split: Vec<(String, i64)> =
                split.into_iter().filter(|(_, n)| *n != 0).map(|(c, n)| (c.to_string(), n)).collect();
            if let Some(dimension) = &breakdown.split {
                split.sort_by_key(|(c, _)| order(dimension, c));
            }
            BreakdownItem { code: code.to_string(), count, split, source_row }
        })
        .collect();
    items.sort_by_key(|item| order(&breakdown.dimension, &item.code));
    items
}

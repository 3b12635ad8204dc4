//! Table layouts: how a numbered table of the report lays out one cube — which dimensions on
//! rows and columns, in which order, with which totals and percentages, under which caption.

use std::collections::BTreeMap;

use crate::label::Labels;

/// The pseudo-dimension every cube has.
pub const PERIOD: &str = "period";

/// What a column shows for each of its leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableMeasure {
    /// The value of the cube's measure.
    Value,
    /// The value as a percentage of its row's total over the innermost column dimension.
    PctRow,
    /// The value as a percentage of its column's total over the innermost row dimension.
    PctCol,
}

impl TableMeasure {
    pub fn parse(text: &str) -> Option<TableMeasure> {
        match text {
            "count" | "value" => Some(TableMeasure::Value),
            "pct_row" => Some(TableMeasure::PctRow),
            "pct_col" => Some(TableMeasure::PctCol),
            _ => None,
        }
    }
}

/// Where an axis prints its total, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalPosition {
    None,
    Before,
    After,
}

/// One dimension on the rows or the columns of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// A dimension id of the cube, or [`PERIOD`].
    pub dimension: String,
    /// The codes shown, in printed order (resolved: the code list's leaves when not given).
    pub codes: Vec<String>,
    pub total: TotalPosition,
    pub total_label: Labels,
}

/// A numbered table of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub number: u32,
    pub section: String,
    pub cube: String,
    pub caption: Labels,
    pub source: Labels,
    pub footnotes: Vec<Labels>,
    pub measures: Vec<TableMeasure>,
    /// How a zero value prints (the seed prints "." in some tables, a blank in others).
    pub zero: String,
    /// How a zero computed total prints (the seed's Tables 5 and 12 leave zeros blank in the
    /// body but print 0 in their totals); the same as `zero` unless the layout says otherwise.
    pub zero_total: String,
    /// How a cell without any observation prints (the seed prints "/" in some tables).
    pub missing: String,
    /// Fixed codes for dimensions on neither axis.
    pub filter: BTreeMap<String, String>,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
}

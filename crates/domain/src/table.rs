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

/// How a breakdown column orders the items of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakdownOrder {
    /// Largest count first, then by label.
    Count,
    /// As the actor's return lists them (by the first row holding each item), as a seed table
    /// that prints the actor's own list does.
    Return,
}

impl BreakdownOrder {
    pub fn parse(text: &str) -> Option<BreakdownOrder> {
        match text {
            "count" => Some(BreakdownOrder::Count),
            "return" => Some(BreakdownOrder::Return),
            _ => None,
        }
    }
}

/// A text column after a table's figures: per body row, the codes of a dimension of another
/// cube that have data under the row, each with its count and optionally its split by a second
/// dimension, one a line ("34 Roemenië (22M-12V)"). Total rows leave it blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The cube broken down; it has every dimension of the layout's rows and filter.
    pub cube: String,
    /// The dimension whose codes are the items.
    pub dimension: String,
    /// The dimension each item is split by, in parentheses.
    pub split: Option<String>,
    /// The mark printed after a split count, per code of the split dimension ("M", "V"); a code
    /// without one prints its label.
    pub split_marks: BTreeMap<String, Labels>,
    /// What stands between the parts of a split ("-" in "22M-12V", " en " in "1M en 1V").
    pub split_separator: Labels,
    pub order: BreakdownOrder,
    /// The column's heading.
    pub header: Labels,
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
    /// A text column of another cube's breakdown per row, after the figures.
    pub breakdown: Option<Breakdown>,
}

impl TableLayout {
    /// The cubes whose data the table prints: its own and its breakdown's.
    pub fn cubes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.cube.as_str()).chain(self.breakdown.as_ref().map(|b| b.cube.as_str()))
    }
}

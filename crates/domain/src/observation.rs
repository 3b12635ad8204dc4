//! Observations as read from a return: a coordinate in a cube, a value (or, for a cell the
//! actor cannot give, a status instead), and whether the row is data or a stated control total.

use std::collections::BTreeMap;

use crate::status::ObsStatus;

/// The reserved code meaning "total over the whole dimension" (as SDMX's `_T`).
pub const TOTAL_CODE: &str = "_T";

/// Splits `dimension=code` (a stated percentage's base, a rule's required breakdown) into its
/// parts; a dimension alone stands for its total, [`TOTAL_CODE`].
pub fn dimension_and_code(text: &str) -> (&str, &str) {
    text.split_once('=').unwrap_or((text, TOTAL_CODE))
}

/// The column names of the import format besides a cube's dimensions (which therefore may not
/// take these names).
pub mod columns {
    pub const CUBE: &str = "cube";
    pub const PERIOD: &str = "period";
    pub const VALUE: &str = "value";
    pub const FLAGS: &str = "flags";
    pub const NOTE: &str = "note";
    /// `data` (the default), `control` (a figure stated for checking) or `pct` (a stated percentage).
    pub const ROLE: &str = "role";
    /// For a `pct` row: the dimension over whose total the percentage is taken.
    pub const BASE: &str = "base";
    /// Every column name that is not a dimension.
    pub const RESERVED: [&str; 7] = [CUBE, PERIOD, VALUE, FLAGS, NOTE, ROLE, BASE];
}

/// A point of a cube: the period and one code per dimension (keyed by dimension id, so that the
/// order of a map never depends on input order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Coordinate {
    pub period: String,
    pub codes: BTreeMap<String, String>,
}

impl Coordinate {
    /// A compact, stable text form: `2019|exploitation_form=sexual|sex=F`.
    pub fn key(&self) -> String {
        let mut key = self.period.clone();
        for (dimension, code) in &self.codes {
            key.push('|');
            key.push_str(dimension);
            key.push('=');
            key.push_str(code);
        }
        key
    }

    /// The code on `dimension`, or the period for `table::PERIOD` (a table's period axis).
    pub fn code(&self, dimension: &str) -> Option<&String> {
        if dimension == crate::table::PERIOD {
            Some(&self.period)
        } else {
            self.codes.get(dimension)
        }
    }

    /// Whether the coordinate lies in `selection`: on every dimension it names (or the period),
    /// the coordinate's code is one of those allowed. A table cell and a rule's filter select so.
    pub fn is_in(&self, selection: &BTreeMap<String, std::collections::BTreeSet<String>>) -> bool {
        selection.iter().all(|(dimension, allowed)| self.code(dimension).is_some_and(|c| allowed.contains(c)))
    }
}

/// Whether a row is an observation (data) or a control value: a figure the actor states for
/// checking (a printed total or subtotal, a figure of its narrative, a percentage), never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKind {
    /// A value at leaf codes only: data.
    Observation,
    /// A value at `_T` or at an aggregate code in some dimension, or any row the return marks as
    /// a control: compared with what the data give, never counted.
    Control,
    /// A cell of data at leaf codes that holds no value but a status (not available,
    /// confidential): never summed nor compared; its row's `value` is 0 and means nothing.
    Flagged(ObsStatus),
}

impl RowKind {
    /// What the row is, as stored: a flagged cell is a cell of data, like an observation.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Observation | RowKind::Flagged(_) => "observation",
            RowKind::Control => "control_value",
        }
    }

    /// The status of a flagged cell.
    pub fn status(self) -> Option<ObsStatus> {
        match self {
            RowKind::Flagged(status) => Some(status),
            _ => None,
        }
    }
}

impl ObservationRow {
    /// The row's identity within its cube: the coordinate, and the base of a percentage.
    pub fn key(&self) -> String {
        match &self.pct_base {
            Some(base) => format!("{}|%={base}", self.coordinate.key()),
            None => self.coordinate.key(),
        }
    }
}

/// One row of a return, checked against the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservationRow {
    pub cube: String,
    pub coordinate: Coordinate,
    pub kind: RowKind,
    /// The value scaled by `10^decimals` of the cube's measure (0, meaning nothing, for a
    /// flagged cell: an observation is a value or a status, never both).
    pub value: i64,
    /// Observation flags (ids of the catalog's flags), sorted.
    pub flags: Vec<String>,
    pub note: Option<String>,
    /// For a stated percentage: the dimension over whose total it is taken (the value is then in
    /// hundredths of a percent).
    pub pct_base: Option<String>,
    /// For a stated percentage: the decimals it was written with ("85" → 0, "56,87" → 2), the
    /// precision it is compared at.
    pub stated_decimals: Option<u32>,
    /// Where the row was read: the 1-based row number as a spreadsheet shows it.
    pub source_row: usize,
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::Coordinate;

    #[test]
    fn a_selection_names_the_period_and_codes_a_coordinate_must_have() {
        let at = Coordinate {
            period: "2020".into(),
            codes: BTreeMap::from([("exploitation_form".into(), "sexual".into())]),
        };
        let select = |pairs: &[(&str, &[&str])]| -> BTreeMap<String, BTreeSet<String>> {
            pairs
                .iter()
                .map(|(d, codes)| (d.to_string(), codes.iter().map(|c| c.to_string()).collect()))
                .collect()
        };
        assert!(at.is_in(&select(&[])));
        assert!(
            at.is_in(&select(&[("period", &["2019", "2020"]), ("exploitation_form", &["sexual", "labour"])]))
        );
        assert!(!at.is_in(&select(&[("period", &["2019"])])));
        assert!(!at.is_in(&select(&[("exploitation_form", &["labour"])])));
        assert!(!at.is_in(&select(&[("sex", &["F"])])), "a dimension the coordinate lacks");
    }
}

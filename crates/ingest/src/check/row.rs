//! The check of one row against its cube: each step reads its cells, reports what is wrong with
//! them and returns what it read, so that one row yields every problem it has.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{
    columns, parse_scaled, written_decimals, Catalog, Coordinate, Cube, Cycle, Dimension, ObsStatus,
    ObservationRow, PeriodType, RowKind, ValueError, TOTAL_CODE,
};

use super::header::Columns;
use super::suggest::{closest, quoted_list};
use super::{Grid, GridRow, Place};
use crate::problem::ImportProblem;

/// One row being checked, and the problems found in it so far.
pub(super) struct RowCheck<'a> {
    pub catalog: &'a Catalog,
    pub cycle: &'a Cycle,
    pub grid: &'a Grid,
    pub columns: &'a Columns,
    pub place: &'a Place<'a>,
    pub row: &'a GridRow,
    pub problems: Vec<ImportProblem>,
}

/// The dimension columns the header lacks for the cubes of the rows: each reported once per
/// cube and dimension, after the rows' own problems.
#[derive(Default)]
pub(super) struct MissingColumns {
    reported: BTreeSet<(String, String)>,
    pub problems: Vec<ImportProblem>,
}

/// What a value cell holds: a number (scaled, with the decimals it was written with), or the
/// marker of a status.
enum Written {
    Number(i64, u32),
    Status(ObsStatus),
}

/// The codes of a row, and whether they make it a control value (a total or a subtotal).
struct Codes {
    codes: BTreeMap<String, String>,
    kind: RowKind,
    /// Whether the header has a column for every dimension of the cube.
    complete: bool,
}

impl<'a> RowCheck<'a> {
    /// Checks the row step by step; its observation, if the row has no problem at all.
    pub(super) fn observation(&mut self, missing: &mut MissingColumns) -> Option<ObservationRow> {
        self.check_width();
        let cube = self.check_cube();
        let period = self.check_period(cube);
        let cube = cube?;
        let codes = self.check_codes(cube, missing);
        self.check_other_dimensions(cube);
        let role = self.check_role(cube, codes.kind);
        let value = self.check_value(cube, role.pct, role.kind);
        let flags = self.check_flags();
        let note = self.columns.cell(self.row, columns::NOTE).map(|(_, t)| t).filter(|t| !t.is_empty());
        if !codes.complete || !self.problems.is_empty() {
            return None;
        }
        let (Some(period), Some(value)) = (period, value) else { return None };
        let (kind, value, written) = match value {
            Written::Number(value, written) => (role.kind, value, written),
            Written::Status(status) => (RowKind::Flagged(status), 0, 0),
        };
        Some(ObservationRow {
            cube: cube.id.clone(),
            coordinate: Coordinate { period, codes: codes.codes },
            kind,
            value,
            flags: flags.into_iter().collect(),
            note,
            stated_decimals: role.pct_base.as_ref().map(|_| written),
            pct_base: role.pct_base,
            source_row: self.row.number,
        })
    }

    /// Reports a problem of this row at a column (its 0-based index).
    pub(super) fn report(&mut self, column: Option<usize>, message: String) {
        self.problems.push(self.place.problem(self.row.number, column.map(|i| i + 1), message));
    }

    /// A row's trimmed cell in a column, with the column's index.
    pub(super) fn cell(&self, name: &str) -> Option<(usize, String)> {
        self.columns.cell(self.row, name)
    }

    /// No values beyond the header's columns.
    fn check_width(&mut self) {
        let width = self.grid.header.len();
        let cells = self.row.cells.len();
        if cells > width && self.row.cells[width..].iter().any(|c| !c.trim().is_empty()) {
            self.report(
                Some(width),
                format!("the row has {cells} cells but the header names {width} columns"),
            );
        }
    }

    /// The cube: the sheet's (a `cube` cell must then agree) or the `cube` cell's.
    fn check_cube(&mut self) -> Option<&'a Cube> {
        let (catalog, grid) = (self.catalog, self.grid);
        match (self.cell(columns::CUBE), &grid.sheet_cube) {
            (Some((_, text)), Some(sheet_cube)) if !text.is_empty() && &text != sheet_cube => {
                self.report(
                    self.columns.get(columns::CUBE),
                    format!(
                        "cube {text:?} differs from the sheet's cube {sheet_cube:?}: a sheet holds one cube"
                    ),
                );
                None
            }
            (_, Some(sheet_cube)) => catalog.cube(sheet_cube),
            (Some((i, text)), None) if text.is_empty() => {
                self.report(Some(i), "the cube is empty: expected the id of a cube of the catalog".into());
                None
            }
            (Some((i, text)), None) => catalog.cube(&text).or_else(|| {
                let suggestions = closest(&text, catalog.cubes.keys().map(String::as_str), 3);
                self.report(
                    Some(i),
                    format!("unknown cube {text:?} (closest: {})", quoted_list(suggestions)),
                );
                None
            }),
            (None, None) => None,
        }
    }

    /// The period: one the cycle accepts, of the cube's period type (a cohort is not a year).
    fn check_period(&mut self, cube: Option<&Cube>) -> Option<String> {
        let cycle = self.cycle;
        let (i, text) = self.cell(columns::PERIOD)?;
        if text.is_empty() {
            let expected = quoted_list(cycle.accepted_periods());
            self.report(Some(i), format!("the period is empty: expected one of {expected}"));
            return None;
        }
        if !cycle.accepts_period(&text) {
            let expected = quoted_list(cycle.accepted_periods());
            self.report(
                Some(i),
                format!("period {text:?} is outside cycle {:?}: expected one of {expected}", cycle.id),
            );
            return None;
        }
        if let Some(cube) = cube.filter(|cube| !cube.period.fits(&text)) {
            let expected = quoted_list(cycle.accepted_periods().filter(|p| cube.period.fits(p)));
            let written = PeriodType::of(&text).map_or("period", PeriodType::as_str);
            self.report(
                Some(i),
                format!(
                    "period {text:?} is a {written}, but cube {:?} has {} periods: expected one of {expected}",
                    cube.id,
                    cube.period.as_str()
                ),
            );
            return None;
        }
        Some(text)
    }

    /// Every dimension of the cube needs its column and a code; `_T` or an aggregate code makes
    /// the row a control value.
    fn check_codes(&mut self, cube: &Cube, missing: &mut MissingColumns) -> Codes {
        let mut out = Codes { codes: BTreeMap::new(), kind: RowKind::Observation, complete: true };
        for dimension in &cube.dimensions {
            let Some((i, text)) = self.cell(&dimension.id) else {
                missing.note(self.place, self.grid.header_row, cube, dimension);
                out.complete = false;
                continue;
            };
            if let Some((code, total)) = self.check_code(dimension, i, &text) {
                if total {
                    out.kind = RowKind::Control;
                }
                out.codes.insert(dimension.id.clone(), code);
            }
        }
        out
    }

    /// One dimension's cell: its code id, and whether it is a total or an aggregate.
    fn check_code(&mut self, dimension: &Dimension, i: usize, text: &str) -> Option<(String, bool)> {
        let list = self.catalog.code_list_of(dimension);
        if text.is_empty() {
            self.report(
                Some(i),
                format!("no code for dimension {:?}: expected a code of code list {:?}, or {TOTAL_CODE} for a stated control total", dimension.id, list.id),
            );
            return None;
        }
        if text == TOTAL_CODE {
            return Some((text.to_string(), true));
        }
        if let Some(code) = list.lookup(text) {
            return Some((code.id.clone(), list.is_aggregate(&code.id)));
        }
        let suggestions: Vec<&str> = list.closest(text, 3).iter().map(|c| c.id.as_str()).collect();
        self.report(
            Some(i),
            format!(
                "unknown code {text:?} for dimension {:?} (code list {:?}; closest: {})",
                dimension.id,
                list.id,
                quoted_list(suggestions)
            ),
        );
        None
    }

    /// A column that is a dimension of other cubes only must stay empty for this cube.
    fn check_other_dimensions(&mut self, cube: &Cube) {
        let header = self.columns;
        for (name, i) in header.iter() {
            if columns::RESERVED.contains(&name.as_str()) || cube.dimensions.iter().any(|d| &d.id == name) {
                continue;
            }
            if self.row.cells.get(i).is_some_and(|c| !c.trim().is_empty()) {
                self.report(
                    Some(i),
                    format!("cube {:?} has no dimension {name:?}: leave this cell empty", cube.id),
                );
            }
        }
    }

    /// The value, in the cube's measure or in hundredths for a stated percentage, with the
    /// number of decimals it was written with; or, for a cell of data, a marker of a status
    /// (`n.b.`, `conf.`: the catalog's markers) instead of a number.
    fn check_value(&mut self, cube: &Cube, pct: bool, kind: RowKind) -> Option<Written> {
        let measure = self.catalog.measure_of(cube);
        let decimals = if pct { 2 } else { measure.decimals };
        let (i, text) = self.cell(columns::VALUE)?;
        if let Some(status) = self.catalog.status_written_as(&text) {
            if kind == RowKind::Control {
                self.report(
                    Some(i),
                    format!("{text:?} marks a figure as not given, but a stated total or control value is only for checking: leave out the row instead"),
                );
                return None;
            }
            return Some(Written::Status(status));
        }
        match parse_scaled(&text, decimals, self.grid.style) {
            Ok(v) if v < 0 => {
                self.report(
                    Some(i),
                    format!("{text:?} is negative: a value of measure {:?} cannot be negative", measure.id),
                );
                None
            }
            Ok(v) => Some(Written::Number(v, written_decimals(&text, self.grid.style))),
            Err(e) => {
                let expected = if decimals == 0 {
                    "a whole number such as 12".to_string()
                } else {
                    format!("a number with at most {decimals} decimals")
                };
                let markers = self.markers();
                let what = match &e {
                    ValueError::Empty => format!(
                        "the value is empty (write 0 for zero, or {markers} for a figure owed that cannot be given)"
                    ),
                    ValueError::TooManyDecimals { text, allowed: 0 } => {
                        format!("{text:?} is not a whole number")
                    }
                    other => other.to_string(),
                };
                let expected = match e {
                    ValueError::Empty => expected,
                    _ if kind == RowKind::Control => expected,
                    _ => format!("{expected}, or {markers}"),
                };
                self.report(Some(i), format!("{what}: expected {expected} for measure {:?}", measure.id));
                None
            }
        }
    }

    /// The first marker of each of the catalog's statuses, quoted, with its status's name.
    fn markers(&self) -> String {
        let words: Vec<String> = self
            .catalog
            .statuses
            .iter()
            .filter_map(|s| s.markers.first().map(|m| format!("{m:?} ({})", s.name.get("en"))))
            .collect();
        words.join(" or ")
    }

    /// The flags: ids of the catalog's flags, separated by spaces or `|`.
    fn check_flags(&mut self) -> BTreeSet<String> {
        let mut flags = BTreeSet::new();
        let Some((i, text)) = self.cell(columns::FLAGS) else { return flags };
        for flag in text.split(|c: char| c.is_whitespace() || c == '|').filter(|f| !f.is_empty()) {
            if self.catalog.flag(flag).is_some() {
                flags.insert(flag.to_string());
            } else {
                let expected = quoted_list(self.catalog.flags.iter().map(|f| f.id.as_str()));
                self.report(Some(i), format!("unknown flag {flag:?}: expected {expected}"));
            }
        }
        flags
    }
}

impl MissingColumns {
    /// Notes that the header lacks a dimension's column for a cube, once.
    fn note(&mut self, place: &Place<'_>, header_row: usize, cube: &Cube, dimension: &Dimension) {
        if !self.reported.insert((cube.id.clone(), dimension.id.clone())) {
            return;
        }
        self.problems.push(place.problem(
            header_row,
            None,
            format!(
                "missing column {:?}: cube {:?} has dimensions {}",
                dimension.id,
                cube.id,
                quoted_list(cube.dimensions.iter().map(|d| d.id.as_str()))
            ),
        ));
    }
}

//! Checks a grid of cells (a CSV file or a worksheet) against the catalog, collecting every
//! problem, and turns the good rows into observation rows. The steps: the header
//! ([`header::read_header`]), then each row on its own ([`row::RowCheck`]: width, cube, period,
//! codes, role, value, flags), then duplicates across the grids of a file ([`Seen`]); the columns
//! a cube lacks are reported once, after the rows ([`row::MissingColumns`]).

mod header;
mod role;
mod row;
mod suggest;

use std::collections::HashMap;

use rapporteur_domain::{Catalog, Cycle, DecimalStyle, ObservationRow};

use crate::problem::ImportProblem;
use row::{MissingColumns, RowCheck};

/// A grid of text cells with its header, as read from one CSV file or one worksheet.
/// Cells stand at their column: cell `i` is in the spreadsheet's column `i + 1`.
pub(crate) struct Grid {
    pub header: Vec<String>,
    /// The 1-based row number of the header.
    pub header_row: usize,
    pub rows: Vec<GridRow>,
    /// The cube a worksheet is named after; the `cube` column is then optional.
    pub sheet_cube: Option<String>,
    pub style: DecimalStyle,
}

pub(crate) struct GridRow {
    /// The 1-based row number as a spreadsheet or text editor shows it.
    pub number: usize,
    pub cells: Vec<String>,
}

/// Remembers coordinates already read, across the grids of one file, to refuse duplicates.
#[derive(Default)]
pub(crate) struct Seen {
    rows: HashMap<(String, String), (Option<String>, usize)>,
}

impl Seen {
    /// Remembers where the observation stands, or returns the problem of a duplicate. Data and
    /// a control value may share a coordinate: the control states what the data should give.
    fn admit(&mut self, observation: &ObservationRow, place: &Place<'_>) -> Result<(), ImportProblem> {
        let key = (format!("{}|{}", observation.cube, observation.kind.as_str()), observation.key());
        if let Some((sheet, first_row)) = self.rows.get(&key) {
            let where_first = match sheet {
                Some(s) if Some(s.as_str()) != place.sheet => format!("row {first_row} of sheet {s:?}"),
                _ => format!("row {first_row}"),
            };
            return Err(place.problem(
                observation.source_row,
                None,
                format!(
                    "duplicate of {where_first}: cube {:?} already has a value at {}",
                    observation.cube,
                    observation.coordinate.key()
                ),
            ));
        }
        self.rows.insert(key, (place.sheet.map(str::to_string), observation.source_row));
        Ok(())
    }
}

/// Where the checker is: for locating problems in a workbook's sheets.
pub(crate) struct Place<'a> {
    pub sheet: Option<&'a str>,
}

impl Place<'_> {
    fn problem(&self, row: usize, column: Option<usize>, message: String) -> ImportProblem {
        let p = ImportProblem::at(row, column, message);
        match self.sheet {
            Some(sheet) => p.in_sheet(sheet),
            None => p,
        }
    }
}

/// Checks the grid: its header, then every row, each problem pushed to `problems`; returns
/// the observations of the rows without problems (all of them when `problems` stays empty).
pub(crate) fn check_grid(
    grid: &Grid,
    catalog: &Catalog,
    cycle: &Cycle,
    place: &Place<'_>,
    seen: &mut Seen,
    problems: &mut Vec<ImportProblem>,
) -> Vec<ObservationRow> {
    let Some(columns) = header::read_header(grid, catalog, place, problems) else { return Vec::new() };
    let mut missing = MissingColumns::default();
    let mut out = Vec::new();
    for row in &grid.rows {
        let mut check =
            RowCheck { catalog, cycle, grid, columns: &columns, place, row, problems: Vec::new() };
        let observation = check.observation(&mut missing);
        problems.append(&mut check.problems);
        let Some(observation) = observation else { continue };
        match seen.admit(&observation, place) {
            Ok(()) => out.push(observation),
            Err(duplicate) => problems.push(duplicate),
        }
    }
    problems.extend(missing.problems);
    out
}

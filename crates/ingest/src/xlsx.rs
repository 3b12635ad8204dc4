//! Workbook returns (XLSX, and the older XLS/ODS that calamine also reads): one sheet per cube,
//! named after the cube; sheets whose name starts with `_` are documentation and ignored.

use std::io::Cursor;

use calamine::{Data, Reader};
use rapporteur_domain::{columns, Catalog, Cycle, DecimalStyle};

use crate::check::{check_grid, Grid, GridRow, Place, Seen};
use crate::problem::ImportProblem;
use crate::{Layout, ParsedReturn, Progress};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub(crate) fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

/// Runs a reader of a workbook. calamine can panic on a damaged workbook (an overflowing cell
/// reference, found by the property test); a damaged file is a problem to report, never a crash.
pub(crate) fn guarded<T>(
    read: impl FnOnce() -> Result<T, Vec<ImportProblem>>,
) -> Result<T, Vec<ImportProblem>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(vec![ImportProblem::file(
            "the workbook is damaged and cannot be read: save it again from the spreadsheet program",
        )])
    })
}

/// Opens a workbook (XLSX, XLS or ODS) from its bytes; call it inside [`guarded`].
pub(crate) fn open(bytes: &[u8]) -> Result<calamine::Sheets<Cursor<&[u8]>>, Vec<ImportProblem>> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        vec![ImportProblem::file(format!("the file looks like a workbook but cannot be read as one: {e}"))]
    })
}

/// The non-blank rows of a sheet, each with its 1-based row number and its cells placed at their
/// spreadsheet columns (empty cells before the used range), as [`crate::csv_text::read_rows`]
/// gives the rows of a text file.
pub(crate) fn numbered_rows(range: &calamine::Range<Data>) -> Vec<(usize, Vec<String>)> {
    let (first_row, first_column) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); first_column];
            cells.extend(row.iter().map(cell_text));
            (first_row + i + 1, cells)
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect()
}

pub(crate) fn parse(
    bytes: &[u8],
    catalog: &Catalog,
    cycle: &Cycle,
    progress: Progress<'_>,
) -> Result<ParsedReturn, Vec<ImportProblem>> {
    guarded(|| parse_workbook(bytes, catalog, cycle, progress))
}

fn parse_workbook(
    bytes: &[u8],
    catalog: &Catalog,
    cycle: &Cycle,
    progress: Progress<'_>,
) -> Result<ParsedReturn, Vec<ImportProblem>> {
    let mut workbook = open(bytes)?;
    let names = workbook.sheet_names();
    let mut problems = Vec::new();
    let mut data_sheets = Vec::new();
    for name in &names {
        if name.starts_with('_') {
            continue;
        }
        if catalog.cube(name).is_some() {
            data_sheets.push(name.clone());
        } else {
            let header = workbook.worksheet_range(name).ok().and_then(|range| {
                let (_, cells) = numbered_rows(&range).into_iter().next()?;
                Some(cells.iter().map(|c| c.trim().to_lowercase()).collect::<Vec<_>>())
            });
            let suggestions: Vec<String> = suggest_cubes(catalog, name, header.as_deref().unwrap_or(&[]))
                .into_iter()
                .map(|k| format!("{k:?}"))
                .collect();
            problems.push(ImportProblem::file(format!(
                "sheet {name:?} is not named after a cube: name each sheet after the cube it holds (closest: {}), or start its name with _ to leave it out",
                suggestions.join(", ")
            )));
        }
    }
    if data_sheets.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::file("the workbook has no sheet named after a cube"));
    }

    let total = data_sheets.len() as u64;
    let mut seen = Seen::default();
    let mut rows_out = Vec::new();
    for (done, sheet) in data_sheets.iter().enumerate() {
        progress(done as u64, total);
        let range = match workbook.worksheet_range(sheet) {
            Ok(range) => range,
            Err(e) => {
                problems.push(ImportProblem::file(format!("sheet {sheet:?} cannot be read: {e}")));
                continue;
            }
        };
        let mut rows = numbered_rows(&range).into_iter().map(|(number, cells)| GridRow { number, cells });
        let Some(header) = rows.next() else {
            problems.push(ImportProblem::file(format!(
                "sheet {sheet:?} is empty: expected a header row (period, the cube's dimensions, value) and one row per observation"
            )));
            continue;
        };
        let grid = Grid {
            header: header.cells,
            header_row: header.number,
            rows: rows.collect(),
            sheet_cube: Some(sheet.clone()),
            style: DecimalStyle::Point,
        };
        rows_out.extend(check_grid(
            &grid,
            catalog,
            cycle,
            &Place { sheet: Some(sheet) },
            &mut seen,
            &mut problems,
        ));
    }
    progress(total, total);
    if problems.is_empty() {
        Ok(ParsedReturn { layout: Layout::Workbook { sheets: data_sheets }, rows: rows_out })
    } else {
        problems.sort();
        Err(problems)
    }
}

/// The cubes a misnamed sheet may hold: first those whose dimensions are exactly the sheet's
/// dimension columns, then the ids spelled most like the sheet's name.
fn suggest_cubes<'a>(catalog: &'a Catalog, sheet: &str, header: &[String]) -> Vec<&'a str> {
    let reserved = columns::RESERVED;
    let mut wanted: Vec<&str> =
        header.iter().map(String::as_str).filter(|h| !h.is_empty() && !reserved.contains(h)).collect();
    wanted.sort_unstable();
    let matches_header = |id: &str| {
        let mut dims: Vec<&str> = catalog.cubes[id].dimensions.iter().map(|d| d.id.as_str()).collect();
        dims.sort_unstable();
        !header.is_empty() && dims == wanted
    };
    let mut scored: Vec<(bool, f64, &str)> = catalog
        .cubes
        .keys()
        .map(|k| (matches_header(k), strsim::jaro_winkler(&sheet.to_lowercase(), k), k.as_str()))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    scored.into_iter().take(3).map(|(_, _, k)| k).collect()
}

/// A cell as text. Whole numbers print without a decimal point, so that a period typed as the
/// number 2019 reads "2019" and a count 12 reads "12"; other numbers use the shortest exact form.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

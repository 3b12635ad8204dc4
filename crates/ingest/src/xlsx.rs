//! Workbook returns (XLSX, and the older XLS/ODS that calamine also reads): one sheet per cube,
//! named after the cube; sheets whose name starts with `_` are documentation and ignored.

use rapporteur_domain::{columns, Catalog, Cycle, DecimalStyle};

use crate::check::{check_grid, Grid, GridRow, Place, Seen};
use crate::problem::ImportProblem;
use crate::workbook::{guarded, Workbook};
use crate::{Layout, ParsedReturn, Progress};

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
    let mut workbook = Workbook::open(bytes)?;
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
            let header = workbook.rows(name).ok().and_then(|rows| {
                let (_, cells) = rows.into_iter().next()?;
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
        let rows = match workbook.rows(sheet) {
            Ok(rows) => rows,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut rows = rows.into_iter().map(|(number, cells)| GridRow { number, cells });
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

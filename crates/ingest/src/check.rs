//! Checks a grid of cells (a CSV file or a worksheet) against the catalog, collecting every
//! problem, and turns the good rows into observation rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rapporteur_domain::{
    columns, normalize_label, parse_scaled, written_decimals, Catalog, Coordinate, Cube, Cycle, DecimalStyle,
    ObservationRow, RowKind, ValueError, TOTAL_CODE,
};

use crate::problem::ImportProblem;

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

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
}

fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let wanted = normalize_label(wanted);
    let mut scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (strsim::jaro_winkler(&wanted, &normalize_label(c)), i, c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, _, c)| c).collect()
}

/// The columns closest to an unknown column name: reserved names and dimension ids compared by
/// spelling, and dimensions whose code list is named like the column in any language (so that
/// "geslacht" or "sexe" suggests `sex`).
fn closest_column<'a>(catalog: &'a Catalog, name: &str, reserved: &[&'a str]) -> Vec<&'a str> {
    let wanted = normalize_label(name);
    let mut scored: Vec<(f64, &str)> =
        reserved.iter().map(|r| (strsim::jaro_winkler(&wanted, r), *r)).collect();
    for cube in catalog.cubes.values() {
        for dimension in &cube.dimensions {
            let list = catalog.code_list_of(dimension);
            let best = std::iter::once(dimension.id.as_str())
                .chain(std::iter::once(list.id.as_str()))
                .chain(list.name.0.values().map(String::as_str))
                .map(|n| strsim::jaro_winkler(&wanted, &normalize_label(n)))
                .fold(0.0_f64, f64::max);
            scored.push((best, dimension.id.as_str()));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, candidate) in scored {
        if !out.contains(&candidate) {
            out.push(candidate);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Reads a percentage's base: `dimension` (the percentage of the total over the dimension) or
/// `dimension=code` (of the subtotal at that code, e.g. `exploitation_form=thb` when the cube
/// also counts smuggling). Returns it normalised to code ids.
fn parse_base(catalog: &Catalog, cube: &Cube, text: &str) -> Result<String, String> {
    let (dimension, code) = match text.split_once('=') {
        Some((d, c)) => (d.trim(), Some(c.trim())),
        None => (text.trim(), None),
    };
    let Some(d) = cube.dimensions.iter().find(|d| d.id == dimension) else {
        return Err(format!(
            "base {dimension:?} is not a dimension of cube {:?}: expected one of {}",
            cube.id,
            quoted_list(cube.dimensions.iter().map(|d| d.id.as_str()))
        ));
    };
    match code {
        None | Some(TOTAL_CODE) => Ok(dimension.to_string()),
        Some(code) => match catalog.code_list_of(d).lookup(code) {
            Some(found) => Ok(format!("{dimension}={}", found.id)),
            None => Err(format!("base {text:?}: {code:?} is not a code of {:?}", d.codelist)),
        },
    }
}

pub(crate) fn check_grid(
    grid: &Grid,
    catalog: &Catalog,
    cycle: &Cycle,
    place: &Place<'_>,
    seen: &mut Seen,
    problems: &mut Vec<ImportProblem>,
) -> Vec<ObservationRow> {
    let column_number = |index: usize| index + 1;
    let all_dimensions: BTreeSet<&str> =
        catalog.cubes.values().flat_map(|c| c.dimensions.iter().map(|d| d.id.as_str())).collect();
    let reserved = columns::RESERVED;

    // Header: names are compared trimmed and in lower case, as people retype them.
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut header_ok = true;
    for (i, raw) in grid.header.iter().enumerate() {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            if grid.rows.iter().any(|r| r.cells.get(i).is_some_and(|c| !c.trim().is_empty())) {
                problems.push(place.problem(
                    grid.header_row,
                    Some(column_number(i)),
                    "this column has values but no name in the header".into(),
                ));
                header_ok = false;
            }
            continue;
        }
        if let Some(&first) = index.get(&name) {
            problems.push(place.problem(
                grid.header_row,
                Some(column_number(i)),
                format!("column {name:?} appears twice (first in column {})", column_number(first)),
            ));
            header_ok = false;
            continue;
        }
        if !reserved.contains(&name.as_str()) && !all_dimensions.contains(name.as_str()) {
            let suggestions = closest_column(catalog, &name, &reserved);
            problems.push(place.problem(
                grid.header_row,
                Some(column_number(i)),
                format!(
                    "unknown column {name:?}: expected cube, period, value, flags, note, role, base or a dimension of a cube (closest: {})",
                    quoted_list(suggestions)
                ),
            ));
            header_ok = false;
        }
        index.insert(name, i);
    }
    let mut required = vec![columns::PERIOD, columns::VALUE];
    if grid.sheet_cube.is_none() {
        required.insert(0, columns::CUBE);
    }
    for name in required {
        if !index.contains_key(name) {
            let found: Vec<&str> = grid.header.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
            problems.push(place.problem(
                grid.header_row,
                None,
                format!("missing column {name:?} (columns found: {})", quoted_list(found)),
            ));
            header_ok = false;
        }
    }
    if !header_ok {
        return Vec::new();
    }
    if grid.rows.is_empty() {
        problems.push(place.problem(
            grid.header_row,
            None,
            "the header is not followed by any row: a return needs at least one observation".into(),
        ));
        return Vec::new();
    }

    let cell = |row: &GridRow, name: &str| -> Option<(usize, String)> {
        index.get(name).map(|&i| (i, row.cells.get(i).map(|c| c.trim().to_string()).unwrap_or_default()))
    };
    let mut missing_reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut missing_columns = Vec::new();
    let mut out = Vec::new();

    for row in &grid.rows {
        let problems_before = problems.len();
        let mut report = |column: Option<usize>, message: String| {
            problems.push(place.problem(row.number, column.map(column_number), message));
        };
        if row.cells.len() > grid.header.len()
            && row.cells[grid.header.len()..].iter().any(|c| !c.trim().is_empty())
        {
            report(
                Some(grid.header.len()),
                format!(
                    "the row has {} cells but the header names {} columns",
                    row.cells.len(),
                    grid.header.len()
                ),
            );
        }

        // Cube.
        let cube: Option<&Cube> = match (cell(row, columns::CUBE), &grid.sheet_cube) {
            (Some((_, text)), Some(sheet_cube)) if !text.is_empty() && &text != sheet_cube => {
                report(
                    index.get(columns::CUBE).copied(),
                    format!(
                        "cube {text:?} differs from the sheet's cube {sheet_cube:?}: a sheet holds one cube"
                    ),
                );
                None
            }
            (_, Some(sheet_cube)) => catalog.cube(sheet_cube),
            (Some((i, text)), None) if text.is_empty() => {
                report(Some(i), "the cube is empty: expected the id of a cube of the catalog".into());
                None
            }
            (Some((i, text)), None) => match catalog.cube(&text) {
                Some(cube) => Some(cube),
                None => {
                    let suggestions = closest(&text, catalog.cubes.keys().map(String::as_str), 3);
                    report(Some(i), format!("unknown cube {text:?} (closest: {})", quoted_list(suggestions)));
                    None
                }
            },
            (None, None) => None,
        };

        // Period.
        let period = match cell(row, columns::PERIOD) {
            Some((i, text)) if text.is_empty() => {
                report(
                    Some(i),
                    format!("the period is empty: expected one of {}", quoted_list(cycle.accepted_periods())),
                );
                None
            }
            Some((i, text)) if !cycle.accepts_period(&text) => {
                report(
                    Some(i),
                    format!(
                        "period {text:?} is outside cycle {:?}: expected one of {}",
                        cycle.id,
                        quoted_list(cycle.accepted_periods())
                    ),
                );
                None
            }
            Some((_, text)) => Some(text),
            None => None,
        };

        let Some(cube) = cube else { continue };
        let mut row_has_problem = false;

        // Dimensions: every dimension of the cube needs its column and a code.
        let mut codes = BTreeMap::new();
        let mut kind = RowKind::Observation;
        for dimension in &cube.dimensions {
            let list = catalog.code_list_of(dimension);
            let Some((i, text)) = cell(row, &dimension.id) else {
                if missing_reported.insert((cube.id.clone(), dimension.id.clone())) {
                    missing_columns.push(place.problem(
                        grid.header_row,
                        None,
                        format!(
                            "missing column {:?}: cube {:?} has dimensions {}",
                            dimension.id,
                            cube.id,
                            quoted_list(cube.dimensions.iter().map(|d| d.id.as_str()))
                        ),
                    ));
                }
                row_has_problem = true;
                continue;
            };
            if text.is_empty() {
                report(
                    Some(i),
                    format!("no code for dimension {:?}: expected a code of code list {:?}, or {TOTAL_CODE} for a stated control total", dimension.id, list.id),
                );
                continue;
            }
            if text == TOTAL_CODE {
                kind = RowKind::Control;
                codes.insert(dimension.id.clone(), text);
                continue;
            }
            match list.lookup(&text) {
                Some(code) => {
                    if list.is_aggregate(&code.id) {
                        kind = RowKind::Control;
                    }
                    codes.insert(dimension.id.clone(), code.id.clone());
                }
                None => {
                    let suggestions: Vec<&str> =
                        list.closest(&text, 3).iter().map(|c| c.id.as_str()).collect();
                    report(
                        Some(i),
                        format!(
                            "unknown code {text:?} for dimension {:?} (code list {:?}; closest: {})",
                            dimension.id,
                            list.id,
                            quoted_list(suggestions)
                        ),
                    );
                }
            }
        }
        // A column that is a dimension of other cubes only must stay empty for this cube.
        for (name, &i) in &index {
            if reserved.contains(&name.as_str()) || cube.dimensions.iter().any(|d| &d.id == name) {
                continue;
            }
            if row.cells.get(i).is_some_and(|c| !c.trim().is_empty()) {
                report(
                    Some(i),
                    format!("cube {:?} has no dimension {name:?}: leave this cell empty", cube.id),
                );
            }
        }

        // Role: data, or a control value stated for checking (a percentage with its base).
        let role = cell(row, columns::ROLE).map(|(i, t)| (i, t.to_lowercase())).unwrap_or((0, String::new()));
        let base = cell(row, columns::BASE).filter(|(_, t)| !t.is_empty());
        let mut pct_base = None;
        match role.1.as_str() {
            "" => {}
            "data" if kind == RowKind::Control => report(
                Some(role.0),
                "a total or subtotal is never data: totals are computed from their parts; leave role empty or write control".into(),
            ),
            "data" => {}
            "control" => kind = RowKind::Control,
            "pct" => {
                kind = RowKind::Control;
                match &base {
                    Some((i, text)) => match parse_base(catalog, cube, text) {
                        Ok(b) => pct_base = Some(b),
                        Err(message) => report(Some(*i), message),
                    },
                    None => report(
                        index.get(columns::BASE).copied().or(Some(role.0)),
                        "a percentage needs its base: the dimension over whose total it is taken, as dimension or dimension=code (column base)".into(),
                    ),
                }
            }
            other => report(Some(role.0), format!("unknown role {other:?}: expected data, control or pct")),
        }
        if let (Some((i, _)), false) = (&base, role.1 == "pct") {
            report(Some(*i), "a base is only for a percentage (role pct)".into());
        }

        // Value: in the cube's measure, or in hundredths for a stated percentage.
        let measure = catalog.measure_of(cube);
        let decimals = if role.1 == "pct" { 2 } else { measure.decimals };
        let written = cell(row, columns::VALUE).map(|(_, text)| written_decimals(&text, grid.style));
        let value = cell(row, columns::VALUE).and_then(|(i, text)| {
            match parse_scaled(&text, decimals, grid.style) {
                Ok(v) if v < 0 => {
                    report(Some(i), format!("{text:?} is negative: a value of measure {:?} cannot be negative", measure.id));
                    None
                }
                Ok(v) => Some(v),
                Err(e) => {
                    let expected = if decimals == 0 {
                        "a whole number such as 12".to_string()
                    } else {
                        format!("a number with at most {decimals} decimals")
                    };
                    let what = match e {
                        ValueError::Empty => "the value is empty (write 0 for zero; leave out the row for a figure not collected)".to_string(),
                        ValueError::TooManyDecimals { text, allowed: 0 } => format!("{text:?} is not a whole number"),
                        other => other.to_string(),
                    };
                    report(Some(i), format!("{what}: expected {expected} for measure {:?}", measure.id));
                    None
                }
            }
        });

        // Flags and note.
        let mut flags = BTreeSet::new();
        if let Some((i, text)) = cell(row, columns::FLAGS) {
            for flag in text.split(|c: char| c.is_whitespace() || c == '|').filter(|f| !f.is_empty()) {
                if catalog.flag(flag).is_some() {
                    flags.insert(flag.to_string());
                } else {
                    report(
                        Some(i),
                        format!(
                            "unknown flag {flag:?}: expected {}",
                            quoted_list(catalog.flags.iter().map(|f| f.id.as_str()))
                        ),
                    );
                }
            }
        }
        let note = cell(row, columns::NOTE).map(|(_, t)| t).filter(|t| !t.is_empty());

        if row_has_problem || problems.len() > problems_before {
            continue;
        }
        let (Some(period), Some(value)) = (period, value) else { continue };
        let observation = ObservationRow {
            cube: cube.id.clone(),
            coordinate: Coordinate { period, codes },
            kind,
            value,
            flags: flags.into_iter().collect(),
            note,
            stated_decimals: pct_base.as_ref().and(written),
            pct_base,
            source_row: row.number,
        };
        // Data and a control value may share a coordinate: the control states what the data should give.
        let key = (format!("{}|{}", cube.id, kind.as_str()), observation.key());
        if let Some((sheet, first_row)) = seen.rows.get(&key) {
            let where_first = match sheet {
                Some(s) if Some(s.as_str()) != place.sheet => format!("row {first_row} of sheet {s:?}"),
                _ => format!("row {first_row}"),
            };
            problems.push(place.problem(
                row.number,
                None,
                format!(
                    "duplicate of {where_first}: cube {:?} already has a value at {}",
                    cube.id,
                    observation.coordinate.key()
                ),
            ));
            continue;
        }
        seen.rows.insert(key, (place.sheet.map(str::to_string), row.number));
        out.push(observation);
    }
    problems.extend(missing_columns);
    out
}

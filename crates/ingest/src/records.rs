//! Record files (CSV, XLSX, JSON) → records of one record schema, checked whole: every problem
//! with its row and column, and a file that still carries an identifying column is refused.
//! This file reads the bytes into a grid of text (CSV, workbook or JSON); [`check`] checks the
//! grid against the catalog's record schemas.

mod check;

use std::collections::HashMap;

use rapporteur_domain::Catalog;
use rapporteur_records::Record;

use crate::problem::ImportProblem;
use crate::Layout;
use check::check_grid;

/// A record file read and checked whole.
#[derive(Debug, Clone)]
pub struct ParsedRecords {
    pub schema: String,
    pub layout: Layout,
    pub records: Vec<Record>,
}

/// A file as a grid of text: the header and each row with its 1-based number.
struct Grid {
    header: Vec<String>,
    header_row: usize,
    rows: Vec<(usize, Vec<String>)>,
    layout: Layout,
    /// For a JSON file: the keys are field names, so columns are named, not numbered.
    json: bool,
}

/// Reads record-level data. The schema is told by the header: the column of a schema's key
/// field (`case_id`, `guidance_id`, …).
pub fn parse_records(bytes: &[u8], catalog: &Catalog) -> Result<ParsedRecords, Vec<ImportProblem>> {
    let grid = read_grid(bytes)?;
    check_grid(grid, catalog)
}

fn read_grid(bytes: &[u8]) -> Result<Grid, Vec<ImportProblem>> {
    if crate::workbook::looks_like_workbook(bytes) {
        return crate::workbook::guarded(|| read_workbook(bytes));
    }
    let (text, encoding) = crate::csv_text::decode(bytes);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return read_json(trimmed);
    }
    if text.trim().is_empty() {
        return Err(vec![ImportProblem::file(
            "the file is empty: expected a header line naming the fields, and one row per record",
        )]);
    }
    let delimiter = crate::csv_text::detect_delimiter(&text);
    let crate::csv_text::TextRows { mut rows, problems } =
        crate::csv_text::read_rows(&text, delimiter, &mut |_, _| {});
    let header = (!rows.is_empty()).then(|| rows.remove(0));
    if !problems.is_empty() {
        return Err(problems);
    }
    let (header_row, header) =
        header.ok_or_else(|| vec![ImportProblem::file("the file has no header line")])?;
    Ok(Grid {
        header,
        header_row,
        rows,
        layout: Layout::Csv { encoding, delimiter: char::from(delimiter), decimal_comma: delimiter != b',' },
        json: false,
    })
}

fn read_workbook(bytes: &[u8]) -> Result<Grid, Vec<ImportProblem>> {
    let mut workbook = crate::workbook::Workbook::open(bytes)?;
    let Some(sheet) = workbook.sheet_names().into_iter().find(|n| !n.starts_with('_')) else {
        return Err(vec![ImportProblem::file(
            "the workbook has no sheet of records (sheets named _… are notes)",
        )]);
    };
    let mut rows = workbook.rows(&sheet).map_err(|p| vec![p])?;
    if rows.is_empty() {
        return Err(vec![ImportProblem::file("the sheet has no header row")]);
    }
    let (header_row, header) = rows.remove(0);
    Ok(Grid { header, header_row, rows, layout: Layout::Workbook { sheets: vec![sheet] }, json: false })
}

fn read_json(text: &str) -> Result<Grid, Vec<ImportProblem>> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| vec![ImportProblem::at(e.line(), Some(e.column()), format!("not valid JSON: {e}"))])?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut map) => match map.remove("records") {
            Some(serde_json::Value::Array(items)) => items,
            _ => {
                return Err(vec![ImportProblem::file(
                    "expected a JSON array of records, or an object with a \"records\" array",
                )])
            }
        },
        _ => return Err(vec![ImportProblem::file("expected a JSON array of records")]),
    };
    let mut header: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let serde_json::Value::Object(map) = item else {
            problems.push(ImportProblem::at(i + 1, None, "a record must be a JSON object of field: value"));
            continue;
        };
        let mut cells = vec![String::new(); header.len()];
        for (key, value) in map {
            let column = *index.entry(key.clone()).or_insert_with(|| {
                header.push(key.clone());
                header.len() - 1
            });
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join("|"),
                other => other.to_string(),
            };
        }
        rows.push((i + 1, cells));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (_, cells) in &mut rows {
        cells.resize(header.len(), String::new());
    }
    Ok(Grid {
        header,
        header_row: 0,
        rows,
        layout: Layout::Csv { encoding: "JSON", delimiter: ',', decimal_comma: false },
        json: true,
    })
}

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

/// Each row of a file with its 1-based number, or the problem of an unreadable line; a text
/// file's rows are read one at a time as the check asks for them, none kept.
type Rows<'t> = Box<dyn Iterator<Item = Result<(usize, Vec<String>), ImportProblem>> + 't>;

/// A file as a grid of text: the header and each row with its 1-based number.
struct Grid<'t> {
    header: Vec<String>,
    header_row: usize,
    rows: Rows<'t>,
    layout: Layout,
    /// For a JSON file: the keys are field names, so columns are named, not numbered.
    json: bool,
}

/// Rows held in memory (a workbook's, a JSON file's), as a grid gives them.
fn held<'t>(rows: Vec<(usize, Vec<String>)>) -> Rows<'t> {
    Box::new(rows.into_iter().map(Ok))
}

/// Reads record-level data. The schema is told by the header: the column of a schema's key
/// field (`case_id`, `guidance_id`, …).
pub fn parse_records(bytes: &[u8], catalog: &Catalog) -> Result<ParsedRecords, Vec<ImportProblem>> {
    let grid = read_grid(bytes)?;
    check_grid(grid, catalog)
}

fn read_grid(bytes: &[u8]) -> Result<Grid<'_>, Vec<ImportProblem>> {
    if crate::workbook::looks_like_workbook(bytes) {
        return crate::workbook::guarded(|| read_workbook(bytes));
    }
    let (text, encoding) = crate::csv_text::decode_borrowed(bytes);
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
    let mut rows: Rows<'_> = match text {
        std::borrow::Cow::Borrowed(text) => {
            Box::new(crate::csv_text::row_stream(text.as_bytes(), delimiter).map(|r| r.map(|(_, row)| row)))
        }
        std::borrow::Cow::Owned(text) => Box::new(
            crate::csv_text::row_stream(std::io::Cursor::new(text.into_bytes()), delimiter)
                .map(|r| r.map(|(_, row)| row)),
        ),
    };
    // The header is the first readable row; a line before it that cannot be read is a problem.
    let mut problems = Vec::new();
    let header = loop {
        match rows.next() {
            Some(Ok(header)) => break Some(header),
            Some(Err(problem)) => problems.push(problem),
            None => break None,
        }
    };
    if !problems.is_empty() {
        problems.extend(rows.filter_map(Result::err));
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

fn read_workbook(bytes: &[u8]) -> Result<Grid<'static>, Vec<ImportProblem>> {
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
    Ok(Grid {
        header,
        header_row,
        rows: held(rows),
        layout: Layout::Workbook { sheets: vec![sheet] },
        json: false,
    })
}

fn read_json(text: &str) -> Result<Grid<'static>, Vec<ImportProblem>> {
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
        rows: held(rows),
        layout: Layout::Csv { encoding: "JSON", delimiter: ',', decimal_comma: false },
        json: true,
    })
}

//! Record files (CSV, XLSX, JSON) → records of one record schema, checked as they stream: every
//! problem with its row and column (the first thousand listed, the rest counted), and a file
//! that still carries an identifying column is refused. This file reads the input into a grid
//! of text — a CSV file row by row as it arrives, a workbook or a JSON file whole — and
//! [`check`] checks the grid against the catalog's record schemas.

mod check;
mod keys;
mod problems;

use std::collections::HashMap;
use std::io::Read;

use rapporteur_domain::Catalog;
use rapporteur_records::Record;

use crate::problem::ImportProblem;
use crate::text_rows::{head_of, open_text, TextRows};
use crate::Layout;
pub use check::RecordStream;
pub use problems::PROBLEMS_LISTED;

/// A record file read and checked whole.
#[derive(Debug, Clone)]
pub struct ParsedRecords {
    pub schema: String,
    pub layout: Layout,
    pub records: Vec<Record>,
}

/// Each row of a file with its 1-based number, or the problem of an unreadable line: a text
/// file's rows read one at a time as the check asks for them, none kept; a workbook's or a
/// JSON file's held in memory.
enum Rows<'t> {
    Text(TextRows<Box<dyn Read + Send + 't>>),
    Held(std::vec::IntoIter<(usize, Vec<String>)>),
}

impl Rows<'_> {
    /// Reads the next row into `cells`: its 1-based number, or the problem of an unreadable line.
    fn next_into(&mut self, cells: &mut Vec<String>) -> Option<Result<usize, ImportProblem>> {
        match self {
            Rows::Text(rows) => rows.next_into(cells).map(|r| r.map(|(_, line)| line)),
            Rows::Held(rows) => rows.next().map(|(line, row)| {
                *cells = row;
                Ok(line)
            }),
        }
    }
}

/// A file as a grid of text: the header and each row with its 1-based number.
struct Grid<'t> {
    header: Vec<String>,
    header_row: usize,
    rows: Rows<'t>,
    layout: Layout,
    /// For a JSON file: the keys are field names, so columns are named, not numbered.
    json: bool,
}

impl Grid<'_> {
    /// How the file was read, now that its rows have told their encoding.
    fn layout(&self) -> Layout {
        match (&self.layout, &self.rows) {
            (Layout::Csv { delimiter, decimal_comma, .. }, Rows::Text(rows)) => Layout::Csv {
                encoding: rows.encoding(),
                delimiter: *delimiter,
                decimal_comma: *decimal_comma,
            },
            (layout, _) => layout.clone(),
        }
    }
}

/// Reads record-level data whole: the records, or every problem (the first thousand listed).
/// The schema is told by the header: the column of a schema's key field (`case_id`,
/// `guidance_id`, …).
pub fn parse_records(bytes: &[u8], catalog: &Catalog) -> Result<ParsedRecords, Vec<ImportProblem>> {
    let mut stream = open_records(bytes, catalog)?;
    let records: Vec<Record> = stream.by_ref().collect();
    let schema = stream.schema().id.clone();
    let layout = stream.finish()?;
    Ok(ParsedRecords { schema, layout, records })
}

/// Opens record-level data for reading as it streams: the header is read and checked (its
/// problems are the error), then [`RecordStream`] gives the records one at a time.
pub fn open_records<'t>(
    input: impl Read + Send + 't,
    catalog: &'t Catalog,
) -> Result<RecordStream<'t>, Vec<ImportProblem>> {
    let grid = read_grid(Box::new(input))?;
    check::open(grid, catalog)
}

/// A problem of the input itself (a disk, a connection), not of its content.
fn unreadable(e: std::io::Error) -> Vec<ImportProblem> {
    vec![ImportProblem::file(format!("the file could not be read: {e}"))]
}

fn read_grid<'t>(mut input: Box<dyn Read + Send + 't>) -> Result<Grid<'t>, Vec<ImportProblem>> {
    let mut head = head_of(&mut input).map_err(unreadable)?;
    if crate::workbook::looks_like_workbook(&head) {
        input.read_to_end(&mut head).map_err(unreadable)?;
        return crate::workbook::guarded(|| read_workbook(&head));
    }
    let text_start = String::from_utf8_lossy(&head);
    let trimmed = text_start.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        input.read_to_end(&mut head).map_err(unreadable)?;
        let (text, _) = crate::csv_text::decode(&head);
        return read_json(text.trim_start());
    }
    let opened = open_text(head, input).map_err(unreadable)?;
    let delimiter = opened.delimiter;
    let mut rows = Rows::Text(opened.rows);
    // The header is the first readable row; a line before it that cannot be read is a problem.
    let mut problems = Vec::new();
    let mut cells = Vec::new();
    let header = loop {
        match rows.next_into(&mut cells) {
            Some(Ok(line)) => break Some((line, std::mem::take(&mut cells))),
            Some(Err(problem)) => problems.push(problem),
            None => break None,
        }
    };
    if !problems.is_empty() {
        while let Some(row) = rows.next_into(&mut cells) {
            if let Err(problem) = row {
                if problems.len() == PROBLEMS_LISTED {
                    break;
                }
                problems.push(problem);
            }
        }
        return Err(problems);
    }
    let (header_row, header) = header.ok_or_else(|| {
        vec![ImportProblem::file(
            "the file is empty: expected a header line naming the fields, and one row per record",
        )]
    })?;
    Ok(Grid {
        header,
        header_row,
        rows,
        layout: Layout::Csv {
            encoding: "",
            delimiter: char::from(delimiter),
            decimal_comma: delimiter != b',',
        },
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
        rows: Rows::Held(rows.into_iter()),
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
        rows: Rows::Held(rows.into_iter()),
        layout: Layout::Csv { encoding: "JSON", delimiter: ',', decimal_comma: false },
        json: true,
    })
}

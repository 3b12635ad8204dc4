//! Record files (CSV, XLSX, JSON) → records of one record schema, checked whole: every problem
//! with its row and column, and a file that still carries an identifying column is refused.

use std::collections::HashMap;

use calamine::Reader;
use rapporteur_domain::catalog::{is_identifying_column, RecordSchema};
use rapporteur_domain::{normalize_label, Catalog};
use rapporteur_records::{parse_value, Record};

use crate::problem::ImportProblem;
use crate::Layout;

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
    if crate::xlsx::looks_like_workbook(bytes) {
        return crate::xlsx::guarded(|| read_workbook(bytes));
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
    let mut workbook = crate::xlsx::open(bytes)?;
    let Some(sheet) = workbook.sheet_names().into_iter().find(|n| !n.starts_with('_')) else {
        return Err(vec![ImportProblem::file(
            "the workbook has no sheet of records (sheets named _… are notes)",
        )]);
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| vec![ImportProblem::file(format!("cannot read sheet {sheet:?}: {e}"))])?;
    let mut rows = crate::xlsx::numbered_rows(&range);
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

fn check_grid(grid: Grid, catalog: &Catalog) -> Result<ParsedRecords, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let at_header = |column: usize, message: String| {
        if grid.json {
            ImportProblem::file(message)
        } else {
            ImportProblem::at(grid.header_row, Some(column + 1), message)
        }
    };
    let names: Vec<String> = grid.header.iter().map(|h| h.trim().to_string()).collect();
    let schema: Option<&RecordSchema> = catalog
        .records
        .values()
        .find(|s| names.iter().any(|n| normalize_label(n) == normalize_label(&s.key)));
    for (i, name) in names.iter().enumerate() {
        let extra =
            schema.is_some_and(|s| s.identifying.iter().any(|c| normalize_label(c) == normalize_label(name)));
        if is_identifying_column(name) || extra {
            problems.push(at_header(
                i,
                format!("column {name:?} identifies a person: the central store takes pseudonymous keys only; run `rapporteur pseudonymize --key-file KEY IN OUT` at the source and import OUT (nothing was stored)"),
            ));
        }
    }
    let Some(schema) = schema else {
        let keys: Vec<String> = catalog.records.values().map(|s| format!("{} ({})", s.key, s.id)).collect();
        problems.push(ImportProblem::file(format!(
            "the header names no record key, so the kind of record is unknown: expected one of {}",
            keys.join(", ")
        )));
        return Err(problems);
    };
    // Column of each field; unknown columns are problems, except identifying ones already told.
    let mut columns: Vec<Option<usize>> = vec![None; schema.fields.len()];
    for (i, name) in names.iter().enumerate() {
        match schema.fields.iter().position(|f| normalize_label(&f.id) == normalize_label(name)) {
            Some(f) if columns[f].is_some() => {
                problems.push(at_header(i, format!("column {name:?} appears twice")));
            }
            Some(f) => columns[f] = Some(i),
            None if is_identifying_column(name) => {}
            None => {
                let known: Vec<&str> = schema.fields.iter().map(|f| f.id.as_str()).collect();
                problems.push(at_header(
                    i,
                    format!(
                        "unknown column {name:?} for a {}: expected the fields {}",
                        schema.id,
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    for (f, field) in schema.fields.iter().enumerate() {
        if field.required && columns[f].is_none() {
            problems.push(ImportProblem::file(format!(
                "the file has no column {:?}, which a {} needs",
                field.id, schema.id
            )));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let key_field = schema.field_index(&schema.key).unwrap_or(0);
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let mut records = Vec::with_capacity(grid.rows.len());
    for (row, cells) in &grid.rows {
        let mut record = Record { values: Vec::with_capacity(schema.fields.len()), source_row: *row };
        for (f, field) in schema.fields.iter().enumerate() {
            let text = columns[f].and_then(|c| cells.get(c)).map_or("", String::as_str);
            match parse_value(catalog, field, text) {
                Ok(value) => record.values.push(value),
                Err(e) => {
                    let column = if grid.json { None } else { columns[f].map(|c| c + 1) };
                    let message =
                        if grid.json { format!("field {:?}: {e}", field.id) } else { e.to_string() };
                    problems.push(ImportProblem::at(*row, column, message));
                    record.values.push(rapporteur_records::Value::Empty);
                }
            }
        }
        let key = record.key(schema).to_string();
        if !key.is_empty() {
            if let Some(first) = first_row_of.insert(key.clone(), *row) {
                problems.push(ImportProblem::at(
                    *row,
                    columns[key_field].map(|c| c + 1),
                    format!("{} {key:?} appears twice (first at row {first})", schema.key),
                ));
            }
        }
        records.push(record);
    }
    if problems.is_empty() {
        Ok(ParsedRecords { schema: schema.id.clone(), layout: grid.layout, records })
    } else {
        problems.sort();
        Err(problems)
    }
}

//! The check of a record file's grid against the catalog, collecting every problem: the header
//! first (the kind of record its key column tells, the columns that identify a person, the
//! column of each field, the required fields), then each row (its values, its key given once).

use std::collections::HashMap;

use rapporteur_domain::catalog::{is_identifying_column, RecordSchema};
use rapporteur_domain::{normalize_label, Catalog};
use rapporteur_records::{parse_value, Record};

use super::{Grid, ParsedRecords};
use crate::problem::ImportProblem;

/// Checks the grid whole: the records, or every problem (a header's problems stop the check
/// before the rows; the rows' problems come in order of row and column).
pub(super) fn check_grid(mut grid: Grid<'_>, catalog: &Catalog) -> Result<ParsedRecords, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let names: Vec<String> = grid.header.iter().map(|h| h.trim().to_string()).collect();
    let schema = schema_of_header(catalog, &names);
    check_identifying_columns(&grid, &names, schema, &mut problems);
    let Some(schema) = schema else {
        problems.push(no_record_key(catalog));
        return Err(problems);
    };
    let columns = field_columns(&grid, &names, schema, &mut problems);
    check_required_columns(schema, &columns, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let rows = std::mem::replace(&mut grid.rows, Box::new(std::iter::empty()));
    let records = read_records(&grid, rows, catalog, schema, &columns, &mut problems);
    if problems.is_empty() {
        Ok(ParsedRecords { schema: schema.id.clone(), layout: grid.layout, records })
    } else {
        problems.sort();
        Err(problems)
    }
}

impl Grid<'_> {
    /// A problem of the header's column (0-based); for a JSON file, of the file.
    fn header_problem(&self, column: usize, message: String) -> ImportProblem {
        if self.json {
            ImportProblem::file(message)
        } else {
            ImportProblem::at(self.header_row, Some(column + 1), message)
        }
    }
}

/// The record schema whose key field the header names.
fn schema_of_header<'c>(catalog: &'c Catalog, names: &[String]) -> Option<&'c RecordSchema> {
    catalog.records.values().find(|s| names.iter().any(|n| normalize_label(n) == normalize_label(&s.key)))
}

/// No column may identify a person: neither one every schema refuses nor one the schema names.
fn check_identifying_columns(
    grid: &Grid<'_>,
    names: &[String],
    schema: Option<&RecordSchema>,
    problems: &mut Vec<ImportProblem>,
) {
    for (i, name) in names.iter().enumerate() {
        let extra =
            schema.is_some_and(|s| s.identifying.iter().any(|c| normalize_label(c) == normalize_label(name)));
        if is_identifying_column(name) || extra {
            problems.push(grid.header_problem(
                i,
                format!("column {name:?} identifies a person: the central store takes pseudonymous keys only; run `rapporteur pseudonymize --key-file KEY IN OUT` at the source and import OUT (nothing was stored)"),
            ));
        }
    }
}

/// The problem of a header that names no schema's key field.
fn no_record_key(catalog: &Catalog) -> ImportProblem {
    let keys: Vec<String> = catalog.records.values().map(|s| format!("{} ({})", s.key, s.id)).collect();
    ImportProblem::file(format!(
        "the header names no record key, so the kind of record is unknown: expected one of {}",
        keys.join(", ")
    ))
}

/// The column of each field, by the schema's field order. A column named twice or unknown to
/// the schema is a problem, except an identifying one, already told.
fn field_columns(
    grid: &Grid<'_>,
    names: &[String],
    schema: &RecordSchema,
    problems: &mut Vec<ImportProblem>,
) -> Vec<Option<usize>> {
    let mut columns: Vec<Option<usize>> = vec![None; schema.fields.len()];
    for (i, name) in names.iter().enumerate() {
        match schema.fields.iter().position(|f| normalize_label(&f.id) == normalize_label(name)) {
            Some(f) if columns[f].is_some() => {
                problems.push(grid.header_problem(i, format!("column {name:?} appears twice")));
            }
            Some(f) => columns[f] = Some(i),
            None if is_identifying_column(name) => {}
            None => {
                let known: Vec<&str> = schema.fields.iter().map(|f| f.id.as_str()).collect();
                problems.push(grid.header_problem(
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
    columns
}

/// Every required field has its column.
fn check_required_columns(
    schema: &RecordSchema,
    columns: &[Option<usize>],
    problems: &mut Vec<ImportProblem>,
) {
    for (f, field) in schema.fields.iter().enumerate() {
        if field.required && columns[f].is_none() {
            problems.push(ImportProblem::file(format!(
                "the file has no column {:?}, which a {} needs",
                field.id, schema.id
            )));
        }
    }
}

/// Every row as a record, read one at a time, its problems pushed to `problems`; when a line
/// cannot be read at all, the problems are those lines.
fn read_records(
    grid: &Grid<'_>,
    rows: super::Rows<'_>,
    catalog: &Catalog,
    schema: &RecordSchema,
    columns: &[Option<usize>],
    problems: &mut Vec<ImportProblem>,
) -> Vec<Record> {
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    for row in rows {
        let (row, cells) = match row {
            Ok(row) => row,
            Err(problem) => {
                unreadable.push(problem);
                continue;
            }
        };
        let record = read_record(grid, catalog, schema, columns, (row, &cells), problems);
        check_unique_key(schema, &record, columns, &mut first_row_of, problems);
        records.push(record);
    }
    if !unreadable.is_empty() {
        *problems = unreadable;
    }
    records
}

/// The row's value of each field; a value that does not parse is a problem and stays empty.
fn read_record(
    grid: &Grid<'_>,
    catalog: &Catalog,
    schema: &RecordSchema,
    columns: &[Option<usize>],
    (row, cells): (usize, &[String]),
    problems: &mut Vec<ImportProblem>,
) -> Record {
    let mut record = Record { values: Vec::with_capacity(schema.fields.len()), source_row: row };
    for (f, field) in schema.fields.iter().enumerate() {
        let text = columns[f].and_then(|c| cells.get(c)).map_or("", String::as_str);
        match parse_value(catalog, field, text) {
            Ok(value) => record.values.push(value),
            Err(e) => {
                let column = if grid.json { None } else { columns[f].map(|c| c + 1) };
                let message = if grid.json { format!("field {:?}: {e}", field.id) } else { e.to_string() };
                problems.push(ImportProblem::at(row, column, message));
                record.values.push(rapporteur_records::Value::Empty);
            }
        }
    }
    record
}

/// A record's key, when it has one, is given in one row only.
fn check_unique_key(
    schema: &RecordSchema,
    record: &Record,
    columns: &[Option<usize>],
    first_row_of: &mut HashMap<String, usize>,
    problems: &mut Vec<ImportProblem>,
) {
    let key = record.key(schema).to_string();
    if key.is_empty() {
        return;
    }
    if let Some(first) = first_row_of.insert(key.clone(), record.source_row) {
        let key_field = schema.field_index(&schema.key).unwrap_or(0);
        problems.push(ImportProblem::at(
            record.source_row,
            columns[key_field].map(|c| c + 1),
            format!("{} {key:?} appears twice (first at row {first})", schema.key),
        ));
    }
}

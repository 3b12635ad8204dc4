//! The check of a record file's grid against the catalog, collecting every problem: the header
//! first (the kind of record its key column tells, the columns that identify a person, the
//! column of each field, the required fields), then each row as it streams by (its values,
//! its key given once).

use rapporteur_domain::catalog::{is_identifying_column, RecordSchema};
use rapporteur_domain::{normalize_label, Catalog};
use rapporteur_records::{Record, ValueReader};

use super::keys::KeysSeen;
use super::problems::Problems;
use super::Grid;
use crate::problem::ImportProblem;
use crate::Layout;

/// A record file whose header was checked, read one record at a time: each row's record is
/// given even when the row has problems (a value that does not parse is left empty), and the
/// problems are kept for [`RecordStream::finish`]. A caller that stores the records stops
/// storing at the first problem ([`RecordStream::refused`]) and reads on only to tell them all.
pub struct RecordStream<'t> {
    grid: Grid<'t>,
    values: ValueReader<'t>,
    schema: &'t RecordSchema,
    columns: Vec<Option<usize>>,
    keys: KeysSeen,
    problems: Problems,
    /// The current row's cells, their strings reused from row to row.
    cells: Vec<String>,
}

/// Checks the header: the stream of the rows to come, or every problem of the header.
pub(super) fn open<'t>(grid: Grid<'t>, catalog: &'t Catalog) -> Result<RecordStream<'t>, Vec<ImportProblem>> {
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
    Ok(RecordStream {
        grid,
        values: ValueReader::new(catalog, schema),
        schema,
        columns,
        keys: KeysSeen::default(),
        problems: Problems::default(),
        cells: Vec::new(),
    })
}

impl<'t> RecordStream<'t> {
    /// The record schema the header told.
    pub fn schema(&self) -> &'t RecordSchema {
        self.schema
    }

    /// A problem the caller found in a record (one that needs more than the file to see).
    pub fn refuse(&mut self, problem: ImportProblem) {
        self.problems.push(problem);
    }

    /// Whether a problem was found: the file will be refused whole.
    pub fn refused(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Ends the reading: how the file was read, or its problems in order of row and column.
    pub fn finish(self) -> Result<Layout, Vec<ImportProblem>> {
        if self.problems.is_empty() {
            Ok(self.grid.layout())
        } else {
            Err(self.problems.into_list())
        }
    }
}

impl Iterator for RecordStream<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            let row = match self.grid.rows.next_into(&mut self.cells)? {
                Ok(row) => row,
                Err(problem) => {
                    self.problems.unreadable(problem);
                    continue;
                }
            };
            let record = read_record(
                &self.grid,
                &self.values,
                self.schema,
                &self.columns,
                (row, &self.cells),
                &mut self.problems,
            );
            check_unique_key(self.schema, &record, &self.columns, &mut self.keys, &mut self.problems);
            return Some(record);
        }
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

/// The row's value of each field; a value that does not parse is a problem and stays empty.
fn read_record(
    grid: &Grid<'_>,
    values: &ValueReader<'_>,
    schema: &RecordSchema,
    columns: &[Option<usize>],
    (row, cells): (usize, &[String]),
    problems: &mut Problems,
) -> Record {
    let mut record = Record { values: Vec::with_capacity(schema.fields.len()), source_row: row };
    for (f, field) in schema.fields.iter().enumerate() {
        let text = columns[f].and_then(|c| cells.get(c)).map_or("", String::as_str);
        match values.read(f, text) {
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
    keys: &mut KeysSeen,
    problems: &mut Problems,
) {
    let key = record.key(schema);
    if key.is_empty() {
        return;
    }
    if let Some(first) = keys.first_row(key, record.source_row) {
        let key_field = schema.field_index(&schema.key).unwrap_or(0);
        problems.push(ImportProblem::at(
            record.source_row,
            columns[key_field].map(|c| c + 1),
            format!("{} {key:?} appears twice (first at row {first})", schema.key),
        ));
    }
}

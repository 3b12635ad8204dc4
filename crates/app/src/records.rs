//! Record-level data: import a record file (refused whole, or stored in one audited
//! transaction), read stored records back (every read audited under its caller), and compute
//! the report's tables from them.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::{ObservationRow, TableLayout};
use rapporteur_ingest::{parse_records, ImportProblem, ParsedRecords};
use rapporteur_records::{derive, format_value, parse_value, CheckValue, Counting, Encoding, Record, Value};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};
use rapporteur_store::{NewRecordImport, RecordRow, Stamp, StoreError};
use sha2::{Digest, Sha256};

use crate::access::allow;
use crate::error::{refuse, AppError, PortalError, Result};
use crate::App;

/// What a record import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordImportOutcome {
    /// The file had problems (or still identifies persons); nothing was stored.
    Refused(Vec<ImportProblem>),
    /// The store already held exactly these records.
    Unchanged {
        schema: String,
        records: usize,
    },
    Imported {
        import_id: i64,
        schema: String,
        added: usize,
        updated: usize,
        unchanged: usize,
    },
}

/// The stored form of parsed records: key, person key and every field as text.
fn record_rows(
    catalog: &rapporteur_domain::Catalog,
    schema: &RecordSchema,
    parsed: &ParsedRecords,
) -> Vec<RecordRow> {
    let person = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
    parsed
        .records
        .iter()
        .map(|r| RecordRow {
            key: r.key(schema).to_string(),
            person_key: person.and_then(|i| match &r.values[i] {
                Value::Text(t) => Some(t.to_string()),
                _ => None,
            }),
            fields: schema
                .fields
                .iter()
                .zip(&r.values)
                .map(|(f, v)| (f.id.clone(), format_value(catalog, f, v)))
                .collect(),
            source_row: r.source_row,
        })
        .collect()
}

impl App {
    /// Imports one record file for `by`, who must be allowed to contribute the source's
    /// records (the operator, or a contributor of the actor that holds them).
    pub fn import_records(
        &mut self,
        by: &Caller,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<RecordImportOutcome> {
        if !crate::access::contributes_somewhere(by) {
            return Err(refuse(PortalError::Forbidden));
        }
        let parsed = match parse_records(bytes, &self.catalog.catalog) {
            Ok(parsed) => parsed,
            Err(problems) => return Ok(RecordImportOutcome::Refused(problems)),
        };
        let owner =
            self.catalog.catalog.records.get(&parsed.schema).map(|s| s.owner.clone()).unwrap_or_default();
        allow(by, Action::Contribute(&owner))?;
        self.store_records(by, file_name, bytes, parsed)
    }

    /// Stores parsed records in one audited transaction, or says the store holds them already.
    pub(crate) fn store_records(
        &mut self,
        by: &Caller,
        file_name: &str,
        bytes: &[u8],
        parsed: ParsedRecords,
    ) -> Result<RecordImportOutcome> {
        let catalog = &self.catalog.catalog;
        let Some(schema) = catalog.records.get(&parsed.schema) else {
            return Ok(RecordImportOutcome::Refused(vec![ImportProblem::file("unknown record schema")]));
        };
        let check = match encoding_check(schema, &parsed) {
            Ok(check) => check,
            Err(problem) => return Ok(RecordImportOutcome::Refused(vec![problem])),
        };
        let problems = crate::identity::identity_problems(catalog, schema, &parsed);
        if !problems.is_empty() {
            return Ok(RecordImportOutcome::Refused(problems));
        }
        let rows = record_rows(catalog, schema, &parsed);
        let sha256 = hex::encode(Sha256::digest(bytes));
        let at = self.now();
        let layout = crate::import::describe(&parsed.layout);
        let import = NewRecordImport {
            schema: &parsed.schema,
            file_name,
            sha256: &sha256,
            stamp: Stamp { at: &at, by: by.name() },
            layout: &layout,
            encoding_check: check.as_deref(),
        };
        let changes = match self.store.apply_record_import(&import, &rows) {
            Err(e @ StoreError::OtherSecret { .. }) => {
                return Ok(RecordImportOutcome::Refused(vec![ImportProblem::file(e.to_string())]))
            }
            changes => changes?,
        };
        Ok(match changes.import_id {
            None => RecordImportOutcome::Unchanged { schema: parsed.schema, records: rows.len() },
            Some(import_id) => RecordImportOutcome::Imported {
                import_id,
                schema: parsed.schema,
                added: changes.added,
                updated: changes.updated,
                unchanged: changes.unchanged,
            },
        })
    }

    /// The stored records of one source, read back into values; the read is audited under
    /// `by` with its purpose. Callers decide first whether `by` may read them.
    pub(crate) fn load_records(
        &mut self,
        by: &Caller,
        schema_id: &str,
        purpose: &str,
    ) -> Result<Vec<Record>> {
        let at = self.now();
        let rows = self.store.load_records(schema_id, Stamp { at: &at, by: by.name() }, purpose)?;
        let catalog = &self.catalog.catalog;
        let Some(schema) = catalog.records.get(schema_id) else { return Ok(Vec::new()) };
        rows.into_iter().map(|row| record_of(catalog, schema, row)).collect()
    }

    /// The exact person key of every record of one source, by record key (the coordinator; the
    /// read is audited): what linking by the key alone would give.
    pub fn record_person_keys(&mut self, by: &Caller, schema_id: &str) -> Result<Vec<(String, String)>> {
        allow(by, Action::Coordinate)?;
        let records = self.load_records(by, schema_id, "person keys (linkage by the exact key)")?;
        let Some(schema) = self.catalog.catalog.records.get(schema_id) else { return Ok(Vec::new()) };
        let Some(field) = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey) else {
            return Ok(Vec::new());
        };
        Ok(records
            .iter()
            .filter_map(|r| match &r.values[field] {
                Value::Text(k) => Some((r.key(schema).to_string(), k.to_string())),
                _ => None,
            })
            .collect())
    }

    /// The observations derived from every stored record of the cycle's sources.
    fn derive_records(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        counting: Counting,
    ) -> Result<Vec<ObservationRow>> {
        let cycle = self.catalog.cycle(cycle)?.clone();
        let schemas: Vec<String> = self.catalog.catalog.records.keys().cloned().collect();
        let mut rows = Vec::new();
        for schema_id in schemas {
            let records = self.load_records(by, &schema_id, "derive tables")?;
            let catalog = &self.catalog.catalog;
            let Some(schema) = catalog.records.get(&schema_id) else { continue };
            rows.extend(derive(catalog, schema, &cycle, &records, counting).rows);
        }
        Ok(rows)
    }

    /// The observations every stored record derives in the cycle (the coordinator; every read
    /// of records is audited): the cells the numbered tables are computed from.
    pub fn record_observations(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        counting: Counting,
    ) -> Result<Vec<ObservationRow>> {
        allow(by, Action::ViewCycle)?;
        self.derive_records(by, cycle, counting)
    }

    /// The numbered tables whose cube the records derive, computed from the stored records (the
    /// coordinator; every read of records is audited).
    pub fn record_tables(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        number: Option<u32>,
        counting: Counting,
    ) -> Result<Vec<(TableLayout, ComputedTable)>> {
        allow(by, Action::ViewCycle)?;
        let rows = self.derive_records(by, cycle, counting)?;
        let catalog = &self.catalog.catalog;
        let derived: BTreeSet<&str> = rows.iter().map(|row| row.cube.as_str()).collect();
        let mut out = Vec::new();
        for layout in catalog.tables.values() {
            if number.is_some_and(|n| n != layout.number) {
                continue;
            }
            if derived.contains(layout.cube.as_str()) {
                // Given every derived cube's rows: a breakdown column reads another cube's.
                out.push((layout.clone(), compute_table(catalog, layout, &rows)));
            }
        }
        if let (Some(n), true) = (number, out.is_empty()) {
            return Err(AppError::UnknownTable {
                wanted: n,
                known: catalog
                    .tables
                    .values()
                    .filter(|l| derived.contains(l.cube.as_str()))
                    .map(|l| l.number.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        Ok(out)
    }
}

/// The check value of the secret the file's person encodings were made under (all of them the
/// same), or the row whose encoding was made under another secret than the first one's.
fn encoding_check(
    schema: &RecordSchema,
    parsed: &ParsedRecords,
) -> std::result::Result<Option<String>, ImportProblem> {
    let Some(field) = schema.fields.iter().position(|f| f.kind == FieldKind::PersonEncoding) else {
        return Ok(None);
    };
    let mut first: Option<(CheckValue, usize)> = None;
    for record in &parsed.records {
        let Some(Value::Text(text)) = record.values.get(field) else { continue };
        let Ok((check, _)) = Encoding::parse(text) else { continue };
        match first {
            None => first = Some((check, record.source_row)),
            Some((expected, row)) if expected != check => {
                return Err(ImportProblem::at(
                    record.source_row,
                    None,
                    format!("the person encoding was made under another secret (check value {check}) than row {row}'s (check value {expected}): the whole file must be pseudonymised with one key file"),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(first.map(|(check, _)| check.to_string()))
}

/// A stored record read back into values; a record stored under an older catalog that no
/// longer parses is named.
fn record_of(catalog: &rapporteur_domain::Catalog, schema: &RecordSchema, row: RecordRow) -> Result<Record> {
    let texts: BTreeMap<&str, &str> = row.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut record = Record { values: Vec::with_capacity(schema.fields.len()), source_row: row.source_row };
    for field in &schema.fields {
        let text = texts.get(field.id.as_str()).copied().unwrap_or("");
        let value = parse_value(catalog, field, text).map_err(|e| {
            AppError::Store(StoreError::Corrupt(format!(
                "record {}/{}: field {}: {e}",
                schema.id, row.key, field.id
            )))
        })?;
        record.values.push(value);
    }
    Ok(record)
}

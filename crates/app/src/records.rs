//! Record-level use cases: import a record file (refused whole, or stored in one audited
//! transaction), compute the report's tables from the stored records, pseudonymise an actor's
//! file, and write synthetic record sets.

use std::collections::BTreeMap;
use std::path::Path;

use rapporteur_domain::catalog::FieldKind;
use rapporteur_domain::{ObservationRow, TableLayout};
use rapporteur_ingest::{parse_records, ImportProblem};
use rapporteur_records::{derive, format_value, parse_value, Counting, Record, Value};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};
use rapporteur_store::{NewRecordImport, RecordRow, StoreError};
use sha2::{Digest, Sha256};

use crate::{App, AppError, Result};

pub use rapporteur_records::{Counting as RecordCounting, Secret, Synthesis};

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

impl App {
    /// Imports one record file.
    pub fn import_records(&mut self, file_name: &str, bytes: &[u8]) -> Result<RecordImportOutcome> {
        let catalog = &self.catalog.catalog;
        let parsed = match parse_records(bytes, catalog) {
            Ok(parsed) => parsed,
            Err(problems) => return Ok(RecordImportOutcome::Refused(problems)),
        };
        let Some(schema) = catalog.records.get(&parsed.schema) else {
            return Ok(RecordImportOutcome::Refused(vec![ImportProblem::file("unknown record schema")]));
        };
        let person = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
        let rows: Vec<RecordRow> = parsed
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
            .collect();
        let sha256 = hex::encode(Sha256::digest(bytes));
        let at = self.now();
        let layout = crate::import::describe(&parsed.layout);
        let import = NewRecordImport {
            schema: &parsed.schema,
            file_name,
            sha256: &sha256,
            at: &at,
            by: &self.user,
            layout: &layout,
        };
        let changes = self.store.apply_record_import(&import, &rows)?;
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

    /// The stored records of one source, read back into values. The read is audited.
    pub fn load_records(&mut self, schema_id: &str, purpose: &str) -> Result<Vec<Record>> {
        let at = self.now();
        let rows = self.store.load_records(schema_id, &self.user, &at, purpose)?;
        let catalog = &self.catalog.catalog;
        let Some(schema) = catalog.records.get(schema_id) else { return Ok(Vec::new()) };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let texts: BTreeMap<&str, &str> =
                row.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut record =
                Record { values: Vec::with_capacity(schema.fields.len()), source_row: row.source_row };
            for field in &schema.fields {
                let text = texts.get(field.id.as_str()).copied().unwrap_or("");
                // A record stored under an older catalog may no longer parse; say which.
                let value = parse_value(catalog, field, text).map_err(|e| {
                    AppError::Store(StoreError::Corrupt(format!(
                        "record {schema_id}/{}: field {}: {e}",
                        row.key, field.id
                    )))
                })?;
                record.values.push(value);
            }
            out.push(record);
        }
        Ok(out)
    }

    /// The observations derived from every stored record of the cycle's sources.
    pub fn derive_records(&mut self, cycle: Option<&str>, counting: Counting) -> Result<Vec<ObservationRow>> {
        let cycle = self.catalog.cycle(cycle)?.clone();
        let schemas: Vec<String> = self.catalog.catalog.records.keys().cloned().collect();
        let mut rows = Vec::new();
        for schema_id in schemas {
            let records = self.load_records(&schema_id, "derive tables")?;
            let catalog = &self.catalog.catalog;
            let Some(schema) = catalog.records.get(&schema_id) else { continue };
            rows.extend(derive(catalog, schema, &cycle, &records, counting).rows);
        }
        Ok(rows)
    }

    /// The numbered tables whose cube the records derive, computed from the stored records.
    pub fn record_tables(
        &mut self,
        cycle: Option<&str>,
        number: Option<u32>,
        counting: Counting,
    ) -> Result<Vec<(TableLayout, ComputedTable)>> {
        let rows = self.derive_records(cycle, counting)?;
        let catalog = &self.catalog.catalog;
        let mut by_cube: BTreeMap<&str, Vec<ObservationRow>> = BTreeMap::new();
        for row in &rows {
            by_cube.entry(row.cube.as_str()).or_default().push(row.clone());
        }
        let mut out = Vec::new();
        for layout in catalog.tables.values() {
            if number.is_some_and(|n| n != layout.number) {
                continue;
            }
            if let Some(rows) = by_cube.get(layout.cube.as_str()) {
                out.push((layout.clone(), compute_table(catalog, layout, rows)));
            }
        }
        if let (Some(n), true) = (number, out.is_empty()) {
            return Err(AppError::UnknownTable {
                wanted: n,
                known: catalog
                    .tables
                    .values()
                    .filter(|l| by_cube.contains_key(l.cube.as_str()))
                    .map(|l| l.number.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        Ok(out)
    }
}

/// The observations of the embedded 2019–2020 returns (the targets the generator fits).
pub fn embedded_returns(catalog: &crate::LoadedCatalog, cycle: Option<&str>) -> Result<Vec<ObservationRow>> {
    let cycle = catalog.cycle(cycle)?;
    let mut rows = Vec::new();
    for file in crate::embedded_data_set(&cycle.id) {
        if let Ok(parsed) =
            rapporteur_ingest::parse_return(file.bytes, &catalog.catalog, cycle, &mut |_, _| {})
        {
            rows.extend(parsed.rows);
        }
    }
    Ok(rows)
}

/// Writes synthetic raw record files (`<schema>.csv`, with identity columns, to be pseudonymised)
/// into `dir`, fitted to the embedded returns.
pub fn synthesize_to_dir(
    catalog: &crate::LoadedCatalog,
    cycle: Option<&str>,
    records: Option<u64>,
    seed: u64,
    dir: &Path,
) -> Result<Synthesis> {
    let targets = embedded_returns(catalog, cycle)?;
    let cycle = catalog.cycle(cycle)?;
    let synthesis = rapporteur_records::synthesize(&catalog.catalog, cycle, &targets, records, seed);
    let io =
        |path: &Path, source: std::io::Error| AppError::Read { path: path.display().to_string(), source };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for set in &synthesis.sets {
        let Some(schema) = catalog.catalog.records.get(&set.schema) else { continue };
        let path = dir.join(format!("{}.csv", set.schema));
        let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
        let mut writer = std::io::BufWriter::new(file);
        rapporteur_records::write_raw_csv(&catalog.catalog, schema, set, &synthesis.persons, &mut writer)
            .and_then(|()| std::io::Write::flush(&mut writer))
            .map_err(|e| io(&path, e))?;
    }
    Ok(synthesis)
}

/// Why a file could not be pseudonymised. Nothing is written then.
#[derive(Debug, thiserror::Error)]
pub enum PseudonymizeFailure {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Secret { path: String, source: rapporteur_records::PseudonymError },
    #[error("{path}: {source}")]
    File { path: String, source: rapporteur_records::PseudonymizeError },
    #[error("the output {0} would overwrite the input")]
    SameFile(String),
}

/// Pseudonymises the CSV file `input` with the secret in `key_file` into `output`, at the
/// actor's side: the identifying columns are replaced by `person_key`.
pub fn pseudonymize_file(
    key_file: &Path,
    input: &Path,
    output: &Path,
) -> std::result::Result<rapporteur_records::PseudonymizeSummary, PseudonymizeFailure> {
    let shown = |p: &Path| p.display().to_string();
    if input == output {
        return Err(PseudonymizeFailure::SameFile(shown(output)));
    }
    let key = std::fs::read(key_file)
        .map_err(|source| PseudonymizeFailure::Read { path: shown(key_file), source })?;
    let secret = Secret::from_key_file(&key)
        .map_err(|source| PseudonymizeFailure::Secret { path: shown(key_file), source })?;
    let bytes =
        std::fs::read(input).map_err(|source| PseudonymizeFailure::Read { path: shown(input), source })?;
    // The encodings and separators the import reads (UTF-8, UTF-16, Windows-1252; `,` `;` tab).
    let (text, _encoding) = rapporteur_ingest::decode(&bytes);
    let delimiter = rapporteur_ingest::detect_delimiter(&text);
    let mut out = Vec::with_capacity(text.len());
    let summary = rapporteur_records::pseudonymize_csv(&secret, &text, delimiter, &mut out)
        .map_err(|source| PseudonymizeFailure::File { path: shown(input), source })?;
    std::fs::write(output, out)
        .map_err(|source| PseudonymizeFailure::Write { path: shown(output), source })?;
    Ok(summary)
}

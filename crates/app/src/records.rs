//! Record-level data: import a record file (refused whole, or stored in one audited
//! transaction), read stored records back (every read audited under its caller), and compute
//! the report's tables from them.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::{ObservationRow, TableLayout};
use rapporteur_ingest::ImportProblem;
use rapporteur_records::{
    format_value, parse_value, ChainLinks, Codebook, Counting, PersonFields, Record, Skipped, Tally, Value,
};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};
use rapporteur_store::{RecordRow, Stamp, StoreError, StoredRecord};

use crate::access::allow;
use crate::error::{AppError, Result};
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

/// The stored form of a record: its key, what the identity counts read, its compact bytes.
pub(crate) fn stored_record(schema: &RecordSchema, codebook: &Codebook, record: &Record) -> StoredRecord {
    let filled = |kind: FieldKind| {
        schema
            .fields
            .iter()
            .position(|f| f.kind == kind)
            .is_some_and(|i| matches!(&record.values[i], Value::Text(t) if !t.is_empty()))
    };
    let identity = schema.identity_field().and_then(|i| match record.values[i] {
        Value::Code(code) => codebook.number(i, code),
        _ => None,
    });
    // A record with a person encoding takes some 330 bytes; one allocation serves.
    let mut data = Vec::with_capacity(384);
    codebook.encode(schema, record, &mut data);
    StoredRecord {
        key: record.key(schema).to_string(),
        identity,
        has_key: filled(FieldKind::PersonKey),
        has_encoding: filled(FieldKind::PersonEncoding),
        data,
        source_row: record.source_row,
    }
}

/// A record's fields in text form, as the audit log keeps a record's before and after: a list
/// of (field, text) pairs in the schema's field order.
pub(crate) fn record_text(
    catalog: &rapporteur_domain::Catalog,
    schema: &RecordSchema,
    record: &Record,
) -> String {
    let fields: Vec<(&str, String)> = schema
        .fields
        .iter()
        .zip(&record.values)
        .map(|(f, v)| (f.id.as_str(), format_value(catalog, f, v)))
        .collect();
    serde_json::to_string(&fields).unwrap_or_default()
}

/// A stored record's compact form that does not decode: the store holds what it cannot read.
pub(crate) fn corrupt(schema: &str, key: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("record {schema}/{key}: {e}"))
}

impl App {
    /// The codes of `schema` both ways between the catalog and the store's code dictionary.
    pub(crate) fn codebook(&self, schema: &RecordSchema) -> Result<Codebook> {
        let dictionary = self.store.record_codes()?;
        Ok(Codebook::new(
            &self.catalog.catalog,
            schema,
            dictionary.iter().map(|(id, list, code)| (*id as u64, list.as_str(), code.as_str())),
        ))
    }

    /// Converts the records stored as text before the compact form (version 17) of every
    /// source, once: what the store cannot do alone, since it takes the record schemas.
    pub(crate) fn convert_text_records(&mut self, by: &Caller) -> Result<()> {
        let loaded = std::sync::Arc::clone(&self.catalog);
        let catalog = &loaded.catalog;
        for schema_id in self.store.text_record_schemas()? {
            let Some(schema) = catalog.records.get(&schema_id) else { continue };
            let codebook = self.codebook(schema)?;
            let at = self.now();
            self.store.convert_text_records(&schema_id, Stamp { at: &at, by: by.name() }, |row| {
                let record = record_of(catalog, schema, row).map_err(|e| match e {
                    AppError::Store(e) => e,
                    other => StoreError::Corrupt(other.to_string()),
                })?;
                Ok(stored_record(schema, &codebook, &record))
            })?;
        }
        Ok(())
    }

    /// The stored records of one source, read back into values; the read is audited under
    /// `by` with its purpose. Callers decide first whether `by` may read them.
    pub(crate) fn load_records(
        &mut self,
        by: &Caller,
        schema_id: &str,
        purpose: &str,
    ) -> Result<Vec<Record>> {
        let loaded = std::sync::Arc::clone(&self.catalog);
        let Some(schema) = loaded.catalog.records.get(schema_id) else { return Ok(Vec::new()) };
        let mut records = Vec::new();
        self.each_record(by, schema, (purpose, PersonFields::Read), |_, record| records.push(record))?;
        Ok(records)
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

    /// The observations derived from every stored record of the cycle's sources: each source
    /// read once and counted as it is read, in memory bounded by the cells (a source whose
    /// cases are linked by transfers and merges is read first for its links).
    fn derive_records(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        counting: Counting,
    ) -> Result<Vec<ObservationRow>> {
        let cycle = self.catalog.cycle(cycle)?.clone();
        let loaded = std::sync::Arc::clone(&self.catalog);
        let catalog = &loaded.catalog;
        let mut rows = Vec::new();
        for schema in catalog.records.values() {
            let skipped = self.chain_skips(by, schema, counting)?;
            let mut tally = Tally::new(catalog, schema, &cycle, skipped);
            let read = ("derive tables", PersonFields::Skip);
            self.each_record(by, schema, read, |_, record| tally.add(&record))?;
            rows.extend(tally.finish(catalog).rows);
        }
        Ok(rows)
    }

    /// The records of `schema` a chain-counting derivation leaves out: read for their links,
    /// then for which linked keys are present, when the schema counts chains at all.
    fn chain_skips(&mut self, by: &Caller, schema: &RecordSchema, counting: Counting) -> Result<Skipped> {
        let mut links = ChainLinks::new(schema, counting);
        let counts_chains =
            schema.derivations.iter().any(|d| d.count == rapporteur_domain::catalog::CountUnit::Chain);
        if !links.any() || !counts_chains {
            return Ok(Skipped::default());
        }
        self.each_record(
            by,
            schema,
            ("derive tables (links between cases)", PersonFields::Skip),
            |key, record| links.gather(key, &record),
        )?;
        let targets: std::collections::HashSet<Box<str>> =
            links.targets().into_iter().map(Box::from).collect();
        let mut present = std::collections::HashSet::new();
        self.each_record(
            by,
            schema,
            ("derive tables (cases a link names)", PersonFields::Skip),
            |key, _| {
                if let Some(target) = targets.get(key) {
                    present.insert(target.clone());
                }
            },
        )?;
        Ok(links.skipped(&present))
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

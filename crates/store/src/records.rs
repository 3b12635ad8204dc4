//! Record-level data in the store: record imports (one transaction, audited) and reads of
//! records, each of which is written to the audit log (who read which source's records, when,
//! and why), since record-level data are the most sensitive the store holds.

use std::collections::{BTreeMap, HashMap};

use crate::db::params;

use crate::audit::audit;
use crate::{json, Engine, Result, Stamp, Store};

/// A record file about to be stored.
#[derive(Debug, Clone)]
pub struct NewRecordImport<'a> {
    pub schema: &'a str,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub stamp: Stamp<'a>,
    pub layout: &'a str,
    /// The check value of the secret the file's person encodings were made under, if it has any.
    pub encoding_check: Option<&'a str>,
}

/// One record in text form: its key, its person key, its fields (field id → text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub key: String,
    pub person_key: Option<String>,
    pub fields: Vec<(String, String)>,
    pub source_row: usize,
}

/// What a record import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordChanges {
    /// `None` when nothing changed and nothing was written.
    pub import_id: Option<i64>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn fields_json(fields: &[(String, String)]) -> String {
    // An object keeps the schema's field order (serde_json's map here is ordered by insertion
    // only with a feature; a list of pairs is explicit).
    json(fields)
}

impl Store {
    /// Stores the records of one file in one transaction: the import, an audit entry for it
    /// (with counts), one audit entry per record whose values changed (before and after), and
    /// the records. A file whose records the store already holds exactly writes nothing.
    pub fn apply_record_import(
        &mut self,
        import: &NewRecordImport<'_>,
        records: &[RecordRow],
    ) -> Result<RecordChanges> {
        let tx = self.begin_write()?;
        let mut existing: HashMap<String, String> = HashMap::new();
        {
            let rows = tx.query(
                "SELECT record_key, fields FROM record WHERE schema_id = ?1",
                params![import.schema],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )?;
            for row in rows {
                let (key, fields) = row;
                existing.insert(key, fields);
            }
        }
        let mut changes = RecordChanges::default();
        let mut to_write: Vec<(&RecordRow, String, Option<&String>)> = Vec::new();
        for record in records {
            let fields = fields_json(&record.fields);
            match existing.get(&record.key) {
                Some(before) if *before == fields => changes.unchanged += 1,
                Some(before) => {
                    changes.updated += 1;
                    to_write.push((record, fields, Some(before)));
                }
                None => {
                    changes.added += 1;
                    to_write.push((record, fields, None));
                }
            }
        }
        if to_write.is_empty() {
            return Ok(changes);
        }
        if let Some(check) = import.encoding_check {
            crate::linkage::register_encoding_check(&tx, import.stamp, check)?;
        }
        let import_id = tx.insert(
            "INSERT INTO record_import (schema_id, file_name, sha256, imported_at, imported_by, layout, record_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![import.schema, import.file_name, import.sha256, import.stamp.at, import.stamp.by, import.layout, records.len() as i64],
        )?;
        let added = changes.added.to_string();
        let updated = changes.updated.to_string();
        audit(
            &tx,
            import.stamp,
            "import_records",
            "record_import",
            &import_id.to_string(),
            None,
            Some(json(&BTreeMap::from([
                ("schema", import.schema),
                ("file", import.file_name),
                ("sha256", import.sha256),
                ("added", added.as_str()),
                ("updated", updated.as_str()),
            ]))),
        )?;
        {
            let insert = "INSERT INTO record (schema_id, record_key, person_key, fields, import_id, source_row) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (schema_id, record_key) DO UPDATE SET person_key = excluded.person_key, fields = excluded.fields,
               import_id = excluded.import_id, source_row = excluded.source_row";
            for (record, fields, before) in &to_write {
                tx.execute(
                    insert,
                    params![
                        import.schema,
                        record.key,
                        record.person_key,
                        fields,
                        import_id,
                        record.source_row as i64
                    ],
                )?;
                // Additions are in the import's audit entry and carry their import id; a
                // change of a stored record keeps its before and after.
                if let Some(before) = before {
                    audit(
                        &tx,
                        import.stamp,
                        "update",
                        "record",
                        &format!("{}/{}", import.schema, record.key),
                        Some((*before).clone()),
                        Some(fields.clone()),
                    )?;
                }
            }
        }
        tx.commit()?;
        changes.import_id = Some(import_id);
        Ok(changes)
    }

    /// The records of one source, in key order. The read is written to the audit log with who
    /// read, when and for what purpose.
    pub fn load_records(&mut self, schema: &str, stamp: Stamp<'_>, purpose: &str) -> Result<Vec<RecordRow>> {
        let tx = self.begin_write()?;
        let mut out = Vec::new();
        {
            let rows = tx.query("SELECT record_key, person_key, fields, source_row FROM record WHERE schema_id = ?1 ORDER BY record_key", params![schema], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                let (key, person_key, fields, source_row) = row;
                let fields: Vec<(String, String)> = serde_json::from_str(&fields)
                    .map_err(|e| crate::StoreError::Corrupt(format!("record {schema}/{key}: {e}")))?;
                out.push(RecordRow { key, person_key, fields, source_row: source_row as usize });
            }
        }
        let count = out.len().to_string();
        audit(
            &tx,
            stamp,
            "read",
            "record",
            schema,
            None,
            Some(json(&BTreeMap::from([("records", count.as_str()), ("purpose", purpose)]))),
        )?;
        tx.commit()?;
        Ok(out)
    }
}

/// How many stored records of a source have one identity code, with or without an exact key
/// and an encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCount {
    pub schema: String,
    /// The record's `identity` field (empty when the record has none).
    pub identity: String,
    pub has_key: bool,
    pub has_encoding: bool,
    pub records: u64,
}

impl Store {
    /// The stored records counted by source, identity code, and whether they have an exact
    /// key and an encoding: counts only, no record leaves the store (so no read is audited).
    pub fn identity_counts(&self) -> Result<Vec<IdentityCount>> {
        // A field's text from the list of pairs the record's fields are stored as.
        let field = |name: &str| {
            match self.conn.engine() {
            Engine::Sqlite => format!(
                "COALESCE((SELECT json_extract(e.value, '$[1]') FROM json_each(r.fields) e WHERE json_extract(e.value, '$[0]') = '{name}'), '')"
            ),
            Engine::Postgres => format!(
                "COALESCE((SELECT e.value->>1 FROM jsonb_array_elements(r.fields::jsonb) e(value) WHERE e.value->>0 = '{name}'), '')"
            ),
        }
        };
        let sql = format!(
            "SELECT r.schema_id, {identity}, COALESCE(r.person_key, '') <> '', {encoding} <> '', count(*)
             FROM record r GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
            identity = field("identity"),
            encoding = field("person_encoding"),
        );
        let rows = self.conn.query(&sql, params![], |r| {
            Ok(IdentityCount {
                schema: r.get(0)?,
                identity: r.get(1)?,
                has_key: r.get(2)?,
                has_encoding: r.get(3)?,
                records: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.into_iter().collect())
    }
}

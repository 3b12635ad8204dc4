//! Record-level data in the store: record imports (one transaction, audited) and reads of
//! records, each of which is written to the audit log (who read which source's records, when,
//! and why), since record-level data are the most sensitive the store holds.
//!
//! A record is stored in its compact form (bytes the caller makes, codes numbered by the code
//! dictionary `record_code`), loaded in bulk — one prepared statement on SQLite, `COPY` on
//! PostgreSQL — and read back as a stream, one row at a time.

use std::collections::BTreeMap;

use postgres::types::Type;

use crate::audit::audit;
use crate::db::{params, Db, Tx};
use crate::{json, Engine, Result, Stamp, Store};

/// A record file about to be stored, as far as its header tells: its records stream in after.
#[derive(Debug, Clone)]
pub struct NewRecordImport<'a> {
    pub schema: &'a str,
    pub file_name: &'a str,
    pub stamp: Stamp<'a>,
}

/// What is known of a record file once it was read to its end.
#[derive(Debug, Clone)]
pub struct RecordFileRead<'a> {
    /// The number of records the file held.
    pub records: usize,
    pub sha256: &'a str,
    pub layout: &'a str,
}

/// One record in its stored form: its key, what the identity counts read, its values as the
/// compact bytes, and the row of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub key: String,
    /// The number of its identity code in the code dictionary, if it has one.
    pub identity: Option<i64>,
    pub has_key: bool,
    pub has_encoding: bool,
    pub data: Vec<u8>,
    pub source_row: usize,
}

/// One record as stored before version 17: key, person key, fields as text (field id → text).
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

/// How many rows PostgreSQL's `COPY` is given at once.
const COPY_BATCH: usize = 50_000;

/// The columns of a stored record, in the order both bulk loads write them.
const RECORD_COLUMNS: &str =
    "schema_id, record_key, identity, has_key, has_encoding, data, import_id, source_row";
/// How many records one SQLite insert statement takes: one statement run for many rows costs
/// SQLite less than a run for each (import plus record-tables of 10^6 records: 0.95 of the
/// time, crates/records/bench/README.md).
const SQLITE_ROWS: usize = 64;
/// SQLite's insert of [`SQLITE_ROWS`] records, its text made once.
static INSERT_RECORDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| insert_records(SQLITE_ROWS));

/// The insert of `rows` records, their columns numbered `?1`, `?2`, … row after row.
fn insert_records(rows: usize) -> String {
    let row =
        |r: usize| format!("({})", (1..=8).map(|c| format!("?{}", 8 * r + c)).collect::<Vec<_>>().join(", "));
    let rows: Vec<String> = (0..rows).map(row).collect();
    format!("INSERT INTO record ({RECORD_COLUMNS}) VALUES {}", rows.join(", "))
}
const RECORD_TYPES: [Type; 8] =
    [Type::TEXT, Type::TEXT, Type::INT8, Type::INT4, Type::INT4, Type::BYTEA, Type::INT8, Type::INT8];

/// The audit log's text of a record's compact form, given its key.
type Describe<'s> = Box<dyn Fn(&str, &[u8]) -> String + 's>;

/// A record import under way: one transaction from [`Store::begin_record_import`] to
/// [`RecordImport::finish`]; dropped unfinished, it leaves the store as it was.
pub struct RecordImport<'s> {
    tx: Tx<'s>,
    schema: String,
    stamp: (String, String),
    file_name: String,
    import_id: i64,
    /// Whether the source held records before: then each record is compared with the stored
    /// one (unchanged, updated with its before and after audited), else only added.
    replacing: bool,
    /// The text of a record's compact form for the audit log (before and after of an update).
    describe: Describe<'s>,
    /// PostgreSQL: the rows waiting for the next `COPY`.
    pending: Vec<StoredRecord>,
    changes: RecordChanges,
}

impl Store {
    /// Every code of `codes` (code list, code) has its number in the code dictionary: the
    /// missing ones are added, in one transaction. A dictionary entry names a catalog code,
    /// never a person, and changes no value, so it is not audited.
    pub fn sync_record_codes(&mut self, codes: &[(&str, &str)]) -> Result<()> {
        let known: std::collections::HashSet<(String, String)> =
            self.record_codes()?.into_iter().map(|(_, list, code)| (list, code)).collect();
        let missing: Vec<&(&str, &str)> =
            codes.iter().filter(|(l, c)| !known.contains(&(l.to_string(), c.to_string()))).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let tx = self.begin_write()?;
        for (list, code) in missing {
            tx.execute(
                "INSERT INTO record_code (codelist, code) VALUES (?1, ?2) ON CONFLICT (codelist, code) DO NOTHING",
                params![list, code],
            )?;
        }
        tx.commit()
    }

    /// The code dictionary: (number, code list, code).
    pub fn record_codes(&self) -> Result<Vec<(i64, String, String)>> {
        self.conn.query("SELECT id, codelist, code FROM record_code ORDER BY id", params![], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
    }

    /// Starts storing one record file: its import row, in a transaction the records then go
    /// into as they are read. `describe` gives the audit log's text of a record's compact form
    /// under its key.
    pub fn begin_record_import<'s>(
        &'s mut self,
        import: &NewRecordImport<'_>,
        describe: impl Fn(&str, &[u8]) -> String + 's,
    ) -> Result<RecordImport<'s>> {
        let tx = Tx::begin(&self.conn)?;
        let replacing = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM record WHERE schema_id = ?1)",
            params![import.schema],
            |r| r.get::<_, bool>(0),
        )?;
        // The file's digest and layout are known once it was read: written by `finish`.
        let import_id = tx.insert(
            "INSERT INTO record_import (schema_id, file_name, sha256, imported_at, imported_by, layout, record_count) VALUES (?1, ?2, '', ?3, ?4, '', 0)",
            params![import.schema, import.file_name, import.stamp.at, import.stamp.by],
        )?;
        Ok(RecordImport {
            tx,
            schema: import.schema.to_string(),
            stamp: (import.stamp.at.to_string(), import.stamp.by.to_string()),
            file_name: import.file_name.to_string(),
            import_id,
            replacing,
            describe: Box::new(describe),
            pending: Vec::new(),
            changes: RecordChanges::default(),
        })
    }
}

impl RecordImport<'_> {
    fn stamp(&self) -> Stamp<'_> {
        Stamp { at: &self.stamp.0, by: &self.stamp.1 }
    }

    /// The check value of the secret the file's person encodings were made under, as soon as
    /// the first encoding tells it: registered at the first import that carries encodings, and
    /// another one refused ([`crate::StoreError::OtherSecret`]) before more is stored.
    pub fn encoding_check(&mut self, check: &str) -> Result<()> {
        let stamp = Stamp { at: &self.stamp.0, by: &self.stamp.1 };
        crate::linkage::register_encoding_check(&self.tx, stamp, check)
    }

    /// Stores one record: added, or — when the source held one of its key — unchanged or
    /// updated (the latest import of a key wins; its before and after are audited).
    pub fn add(&mut self, record: StoredRecord) -> Result<()> {
        if self.replacing {
            return self.replace(record);
        }
        self.changes.added += 1;
        self.pending.push(record);
        let batch = match self.tx.engine() {
            Engine::Sqlite => SQLITE_ROWS,
            Engine::Postgres => COPY_BATCH,
        };
        if self.pending.len() >= batch {
            self.store_pending()?;
        }
        Ok(())
    }

    /// Stores the records waiting: SQLite's inserts, or PostgreSQL's `COPY`.
    fn store_pending(&mut self) -> Result<()> {
        match self.tx.engine() {
            Engine::Sqlite => self.insert_pending(),
            Engine::Postgres => self.copy_pending(),
        }
    }

    /// SQLite: the records waiting, [`SQLITE_ROWS`] a statement, the rest one at a time.
    fn insert_pending(&mut self) -> Result<()> {
        let mut rows = std::mem::take(&mut self.pending);
        if let Some(conn) = self.tx.sqlite() {
            let mut chunks = rows.chunks_exact(SQLITE_ROWS);
            if chunks.len() > 0 {
                let mut insert = conn.prepare_cached(&INSERT_RECORDS)?;
                for chunk in &mut chunks {
                    for (i, record) in chunk.iter().enumerate() {
                        self.bind_record(&mut insert, 8 * i, record)?;
                    }
                    insert.raw_execute()?;
                }
            }
            let mut insert = conn.prepare_cached(&insert_records(1))?;
            for record in chunks.remainder() {
                self.bind_record(&mut insert, 0, record)?;
                insert.raw_execute()?;
            }
        }
        rows.clear();
        self.pending = rows;
        Ok(())
    }

    /// Binds a record's columns to the parameters after the first `before` of an insert.
    fn bind_record(
        &self,
        insert: &mut rusqlite::Statement<'_>,
        before: usize,
        record: &StoredRecord,
    ) -> Result<()> {
        insert.raw_bind_parameter(before + 1, &self.schema)?;
        insert.raw_bind_parameter(before + 2, &record.key)?;
        insert.raw_bind_parameter(before + 3, record.identity)?;
        insert.raw_bind_parameter(before + 4, i64::from(record.has_key))?;
        insert.raw_bind_parameter(before + 5, i64::from(record.has_encoding))?;
        insert.raw_bind_parameter(before + 6, &record.data)?;
        insert.raw_bind_parameter(before + 7, self.import_id)?;
        insert.raw_bind_parameter(before + 8, record.source_row as i64)?;
        Ok(())
    }

    fn copy_pending(&mut self) -> Result<()> {
        let rows = std::mem::take(&mut self.pending);
        let (schema, import_id) = (self.schema.as_str(), self.import_id);
        self.tx.copy_in(
            &format!("COPY record ({RECORD_COLUMNS}) FROM STDIN (FORMAT binary)"),
            &RECORD_TYPES,
            |writer| {
                for r in &rows {
                    writer.write(&[
                        &schema,
                        &r.key,
                        &r.identity,
                        &i32::from(r.has_key),
                        &i32::from(r.has_encoding),
                        &r.data,
                        &import_id,
                        &(r.source_row as i64),
                    ])?;
                }
                Ok(())
            },
        )?;
        Ok(())
    }

    /// A record of a source that held records: compared with the stored one of its key.
    fn replace(&mut self, record: StoredRecord) -> Result<()> {
        let before = self.tx.query_opt(
            "SELECT data FROM record WHERE schema_id = ?1 AND record_key = ?2",
            params![self.schema, record.key],
            |r| r.get::<_, Vec<u8>>(0),
        )?;
        match &before {
            Some(before) if *before == record.data => {
                self.changes.unchanged += 1;
                return Ok(());
            }
            Some(_) => self.changes.updated += 1,
            None => self.changes.added += 1,
        }
        self.tx.execute(
            &format!(
                "{} ON CONFLICT (schema_id, record_key) DO UPDATE SET identity = excluded.identity,
                   has_key = excluded.has_key, has_encoding = excluded.has_encoding, data = excluded.data,
                   import_id = excluded.import_id, source_row = excluded.source_row",
                insert_records(1)
            ),
            params![
                self.schema,
                record.key,
                record.identity,
                record.has_key,
                record.has_encoding,
                record.data,
                self.import_id,
                record.source_row as i64
            ],
        )?;
        // Additions are in the import's audit entry and carry their import id; a change of a
        // stored record keeps its before and after.
        if let Some(before) = before {
            audit(
                &self.tx,
                self.stamp(),
                "update",
                "record",
                &format!("{}/{}", self.schema, record.key),
                Some((self.describe)(&record.key, &before)),
                Some((self.describe)(&record.key, &record.data)),
            )?;
        }
        Ok(())
    }

    /// Ends the import of a file read to its end: the import (with its digest, layout and
    /// count) and its audit entry are committed with the records; a file whose records the
    /// store already held exactly writes nothing.
    pub fn finish(mut self, file: &RecordFileRead<'_>) -> Result<RecordChanges> {
        if !self.pending.is_empty() {
            self.store_pending()?;
        }
        let mut changes = self.changes;
        if changes.added + changes.updated == 0 {
            return Ok(changes);
        }
        self.tx.execute(
            "UPDATE record_import SET record_count = ?1, sha256 = ?2, layout = ?3 WHERE id = ?4",
            params![file.records as i64, file.sha256, file.layout, self.import_id],
        )?;
        let added = changes.added.to_string();
        let updated = changes.updated.to_string();
        audit(
            &self.tx,
            self.stamp(),
            "import_records",
            "record_import",
            &self.import_id.to_string(),
            None,
            Some(json(&BTreeMap::from([
                ("schema", self.schema.as_str()),
                ("file", self.file_name.as_str()),
                ("sha256", file.sha256),
                ("added", added.as_str()),
                ("updated", updated.as_str()),
            ]))),
        )?;
        self.tx.commit()?;
        changes.import_id = Some(self.import_id);
        Ok(changes)
    }
}

/// Writes the audit entry of a read of `count` records of `schema`.
fn audit_read(tx: &Db, stamp: Stamp<'_>, schema: &str, count: usize, purpose: &str) -> Result<()> {
    let count = count.to_string();
    audit(
        tx,
        stamp,
        "read",
        "record",
        schema,
        None,
        Some(json(&BTreeMap::from([("records", count.as_str()), ("purpose", purpose)]))),
    )
}

impl Store {
    /// Hands every record of one source to `each` — key, compact form, source row — in key
    /// order, one at a time, none kept. The read is written to the audit log with who read,
    /// when and for what purpose. Returns how many were read.
    pub fn read_records(
        &mut self,
        schema: &str,
        stamp: Stamp<'_>,
        purpose: &str,
        mut each: impl FnMut(&str, &[u8], usize) -> Result<()>,
    ) -> Result<usize> {
        let tx = self.begin_write()?;
        let count = tx.query_each(
            "SELECT record_key, data, source_row FROM record WHERE schema_id = ?1 ORDER BY record_key",
            params![schema],
            |r| {
                let row: i64 = r.get(2)?;
                each(r.text(0)?, r.bytes(1)?, row as usize)
            },
        )?;
        audit_read(&tx, stamp, schema, count, purpose)?;
        tx.commit()?;
        Ok(count)
    }

    /// The sources with records stored before version 17, still as text.
    pub fn text_record_schemas(&self) -> Result<Vec<String>> {
        self.conn
            .query("SELECT DISTINCT schema_id FROM record_text ORDER BY schema_id", params![], |r| r.get(0))
    }

    /// Converts the records of one source stored before version 17 into the compact form
    /// `convert` makes of each, in one transaction with one audit entry: the records keep
    /// their import and source row; none is left as text.
    pub fn convert_text_records(
        &mut self,
        schema: &str,
        stamp: Stamp<'_>,
        mut convert: impl FnMut(RecordRow) -> Result<StoredRecord>,
    ) -> Result<usize> {
        let tx = self.begin_write()?;
        let rows = tx.query(
            "SELECT record_key, person_key, fields, import_id, source_row FROM record_text WHERE schema_id = ?1 ORDER BY record_key",
            params![schema],
            |r| {
                let key: String = r.get(0)?;
                let fields: String = r.get(2)?;
                let fields: Vec<(String, String)> = serde_json::from_str(&fields)
                    .map_err(|e| crate::StoreError::Corrupt(format!("record {schema}/{key}: {e}")))?;
                Ok((
                    RecordRow { key, person_key: r.get(1)?, fields, source_row: r.get::<_, i64>(4)? as usize },
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        let count = rows.len();
        for (row, import_id) in rows {
            let record = convert(row)?;
            tx.execute(
                &insert_records(1),
                params![
                    schema,
                    record.key,
                    record.identity,
                    record.has_key,
                    record.has_encoding,
                    record.data,
                    import_id,
                    record.source_row as i64
                ],
            )?;
        }
        tx.execute("DELETE FROM record_text WHERE schema_id = ?1", params![schema])?;
        let converted = count.to_string();
        audit(
            &tx,
            stamp,
            "convert_records",
            "record",
            schema,
            None,
            Some(json(&BTreeMap::from([
                ("records", converted.as_str()),
                ("to", "compact form (version 17)"),
            ]))),
        )?;
        tx.commit()?;
        Ok(count)
    }
}

/// How many stored records of a source have one identity code, with or without an exact key
/// and an encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityCount {
    pub schema: String,
    /// The record's `identity` code (empty when the record has none).
    pub identity: String,
    pub has_key: bool,
    pub has_encoding: bool,
    pub records: u64,
}

impl Store {
    /// The stored records counted by source, identity code, and whether they have an exact
    /// key and an encoding: counts only, no record leaves the store (so no read is audited).
    pub fn identity_counts(&self) -> Result<Vec<IdentityCount>> {
        let rows = self.conn.query(
            "SELECT r.schema_id, COALESCE(c.code, ''), r.has_key = 1, r.has_encoding = 1, count(*)
             FROM record r LEFT JOIN record_code c ON c.id = r.identity
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
            params![],
            |r| {
                Ok(IdentityCount {
                    schema: r.get(0)?,
                    identity: r.get(1)?,
                    has_key: r.get(2)?,
                    has_encoding: r.get(3)?,
                    records: r.get::<_, i64>(4)? as u64,
                })
            },
        )?;
        Ok(rows.into_iter().collect())
    }
}

//! A record file imported as it streams: read, checked and stored a record at a time, in
//! memory bounded by a few thousand records whatever the file's size, and still refused
//! whole — the records go into one transaction, which a problem anywhere in the file rolls
//! back. Four threads share the work, each handing the next batches of records in order: one
//! reads the input ahead and digests it, one checks the records, one puts each in its stored
//! form, and the caller's writes them to the store. Checking and storing take about the same
//! time, and the stored form half as much again: on its own thread it no longer holds up either
//! (crates/records/bench/README.md).

use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::Catalog;
use rapporteur_ingest::{open_records, ImportProblem, Layout, RecordStream};
use rapporteur_records::{CheckValue, Codebook, Encoding, Record, Value};
use rapporteur_store::{NewRecordImport, RecordFileRead, RecordImport, Stamp, StoreError, StoredRecord};
use sha2::{Digest, Sha256};

use crate::access::allow;
use crate::error::{refuse, PortalError, Result};
use crate::records::{record_text, stored_record, RecordImportOutcome};
use crate::App;

/// How many records go to the writer at once, and how many such batches may wait for it: the
/// memory an import holds beyond the keys it has seen.
const BATCH: usize = 4096;
const BATCHES_WAITING: usize = 4;

/// What the reading sends on towards the writer as it goes: the records checked (`Record`),
/// then in their stored form (`StoredRecord`).
enum Streamed<R> {
    /// The check value of the secret the file's person encodings were made under, when the
    /// first encoding tells it.
    EncodingCheck(String),
    Records(Vec<R>),
}

/// How the reading of a file ended.
enum ReadEnd {
    /// Read to its end: how many records, and how it was read or its problems.
    Read { records: usize, layout: std::result::Result<Layout, Vec<ImportProblem>> },
    /// A record the caller may not store (a checklist of another actor).
    Foreign,
    /// The writer stopped taking records (it failed; its error is the import's).
    WriterGone,
}

/// Whether the caller may store records of a schema (a refusal says why).
pub(crate) type AdmitSchema<'a> = Box<dyn FnOnce(&RecordSchema) -> Result<()> + 'a>;
/// Whether the caller may store one record of the schema.
pub(crate) type AdmitRecord<'a> = Box<dyn Fn(&RecordSchema, &Record) -> bool + Sync + 'a>;

/// Who may store a file's records: its schema, then each record.
pub(crate) struct Admission<'a> {
    pub schema: AdmitSchema<'a>,
    pub record: AdmitRecord<'a>,
}

impl App {
    /// Imports one record file for `by`, who must be allowed to contribute the source's
    /// records (the operator, or a contributor of the actor that holds them). The file is read
    /// as it streams: a file of millions of records is imported in bounded memory.
    pub fn import_records(
        &mut self,
        by: &Caller,
        file_name: &str,
        input: impl Read + Send,
    ) -> Result<RecordImportOutcome> {
        if !crate::access::contributes_somewhere(by) {
            return Err(refuse(PortalError::Forbidden));
        }
        let admission = Admission {
            schema: Box::new(|schema| allow(by, Action::Contribute(&schema.owner))),
            record: Box::new(|_, _| true),
        };
        self.stream_records(by, file_name, input, admission)
    }

    /// Reads, checks and stores a record file in one transaction, or refuses it whole with
    /// every problem, or says the store holds its records already.
    pub(crate) fn stream_records(
        &mut self,
        by: &Caller,
        file_name: &str,
        input: impl Read + Send,
        admission: Admission<'_>,
    ) -> Result<RecordImportOutcome> {
        let loaded = Arc::clone(&self.catalog);
        let catalog = &loaded.catalog;
        std::thread::scope(|scope| {
            let (blocks, read_blocks) = sync_channel(BLOCKS_AHEAD);
            let ahead = scope.spawn(move || read_ahead(input, blocks));
            let stream = match open_records(Blocks::new(read_blocks), catalog) {
                Ok(stream) => stream,
                Err(problems) => return Ok(RecordImportOutcome::Refused(problems)),
            };
            let schema = stream.schema();
            let schema_id = schema.id.clone();
            (admission.schema)(schema)?;
            let codebook = self.codebook(schema)?;
            let at = self.now();
            let import =
                NewRecordImport { schema: &schema.id, file_name, stamp: Stamp { at: &at, by: by.name() } };
            let describe = |key: &str, bytes: &[u8]| match codebook.decode(schema, key, bytes, 0) {
                Ok(record) => record_text(catalog, schema, &record),
                Err(e) => e.to_string(),
            };
            let mut writer = self.store.begin_record_import(&import, describe)?;
            let (checked, to_store) = sync_channel(BATCHES_WAITING);
            let (stored, to_write) = sync_channel(BATCHES_WAITING);
            let admit = &*admission.record;
            // A scope of its own: the threads borrow the codebook made in this one.
            let (written, read) = std::thread::scope(|inner| {
                let reading = inner.spawn(|| read_records(stream, catalog, admit, checked));
                inner.spawn(|| store_form(schema, &codebook, to_store, stored));
                let written = write_records(&mut writer, to_write);
                (written, reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            let digest = ahead.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            match written {
                Err(e @ StoreError::OtherSecret { .. }) => {
                    return Ok(RecordImportOutcome::Refused(vec![ImportProblem::file(e.to_string())]))
                }
                written => written?,
            }
            let (records, layout) = match read {
                ReadEnd::Read { records, layout: Ok(layout) } => (records, layout),
                ReadEnd::Read { layout: Err(problems), .. } => {
                    return Ok(RecordImportOutcome::Refused(problems))
                }
                ReadEnd::Foreign => return Err(refuse(PortalError::Forbidden)),
                ReadEnd::WriterGone => unreachable!("the writer stops only on an error, returned above"),
            };
            let sha256 = hex::encode(digest.finalize());
            let layout = crate::import::describe(&layout);
            let changes = writer.finish(&RecordFileRead { records, sha256: &sha256, layout: &layout })?;
            Ok(match changes.import_id {
                None => RecordImportOutcome::Unchanged { schema: schema_id, records },
                Some(import_id) => RecordImportOutcome::Imported {
                    import_id,
                    schema: schema_id,
                    added: changes.added,
                    updated: changes.updated,
                    unchanged: changes.unchanged,
                },
            })
        })
    }
}

/// Reads the file's records, checks what needs more than the file (identity, encodings'
/// secret, admission) and sends each record on until the first problem; then reads on only to
/// tell every problem.
fn read_records(
    mut stream: RecordStream<'_>,
    catalog: &Catalog,
    admit: &(dyn Fn(&RecordSchema, &Record) -> bool + Sync),
    sender: SyncSender<Streamed<Record>>,
) -> ReadEnd {
    let schema = stream.schema();
    let mut secret = SecretOfEncodings::of(schema);
    let mut batch = Vec::with_capacity(BATCH);
    let mut records = 0;
    while let Some(record) = stream.next() {
        if !admit(schema, &record) {
            return ReadEnd::Foreign;
        }
        records += 1;
        if let Some(problem) = crate::identity::identity_problem(catalog, schema, &record) {
            stream.refuse(problem);
        }
        match secret.see(&record) {
            Err(problem) => stream.refuse(problem),
            Ok(Some(check)) => {
                if sender.send(Streamed::EncodingCheck(check)).is_err() {
                    return ReadEnd::WriterGone;
                }
            }
            Ok(None) => {}
        }
        if stream.refused() {
            batch.clear();
            continue;
        }
        batch.push(record);
        if batch.len() == BATCH && sender.send(Streamed::Records(std::mem::take(&mut batch))).is_err() {
            return ReadEnd::WriterGone;
        }
    }
    if !stream.refused() && !batch.is_empty() && sender.send(Streamed::Records(batch)).is_err() {
        return ReadEnd::WriterGone;
    }
    ReadEnd::Read { records, layout: stream.finish() }
}

/// Puts the records the reading sends in their stored form and sends them on to the writer, in
/// the order read, until the reading ends or the writer stops taking them.
fn store_form(
    schema: &RecordSchema,
    codebook: &Codebook,
    receiver: Receiver<Streamed<Record>>,
    sender: SyncSender<Streamed<StoredRecord>>,
) {
    for streamed in receiver {
        let stored = match streamed {
            Streamed::EncodingCheck(check) => Streamed::EncodingCheck(check),
            Streamed::Records(records) => {
                Streamed::Records(records.iter().map(|r| stored_record(schema, codebook, r)).collect())
            }
        };
        if sender.send(stored).is_err() {
            return;
        }
    }
}

/// Stores what the reading sends until it ends; the first error stops it (the reading then
/// stops at its next send).
fn write_records(
    writer: &mut RecordImport<'_>,
    receiver: Receiver<Streamed<StoredRecord>>,
) -> rapporteur_store::Result<()> {
    for streamed in receiver {
        match streamed {
            Streamed::EncodingCheck(check) => writer.encoding_check(&check)?,
            Streamed::Records(records) => {
                for record in records {
                    writer.add(record)?;
                }
            }
        }
    }
    Ok(())
}

/// The secret a file's person encodings were made under: all of one file's must be the same.
struct SecretOfEncodings {
    field: Option<usize>,
    first: Option<(CheckValue, usize)>,
}

impl SecretOfEncodings {
    fn of(schema: &RecordSchema) -> Self {
        SecretOfEncodings {
            field: schema.fields.iter().position(|f| f.kind == FieldKind::PersonEncoding),
            first: None,
        }
    }

    /// The check value of the first encoding (once), or the problem of an encoding made under
    /// another secret than the first one's.
    fn see(&mut self, record: &Record) -> std::result::Result<Option<String>, ImportProblem> {
        let Some(Value::Text(text)) = self.field.and_then(|f| record.values.get(f)) else { return Ok(None) };
        // The value was read whole when the row was (`parse_value`); its check value is enough.
        let Some(check) = Encoding::check_of(text) else { return Ok(None) };
        match self.first {
            None => {
                self.first = Some((check, record.source_row));
                Ok(Some(check.to_string()))
            }
            Some((expected, row)) if expected != check => Err(ImportProblem::at(
                record.source_row,
                None,
                format!("the person encoding was made under another secret (check value {check}) than row {row}'s (check value {expected}): the whole file must be pseudonymised with one key file"),
            )),
            Some(_) => Ok(None),
        }
    }
}

/// How large a block the input is read in ahead of the check, and how many may wait for it.
const BLOCK: usize = 1 << 20;
const BLOCKS_AHEAD: usize = 4;

/// Reads the input ahead, a block at a time, on a thread of its own, and digests it as it goes:
/// the reading of the file and its SHA-256 taken off the thread that checks the records. Stops
/// at the input's end or error (sent on), or when the check stops taking blocks; the digest is
/// the whole file's when the check read the file to its end.
fn read_ahead(mut input: impl Read, blocks: SyncSender<std::io::Result<Vec<u8>>>) -> Sha256 {
    let mut digest = Sha256::new();
    loop {
        let mut block = vec![0; BLOCK];
        let read = match input.read(&mut block) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Ok(0) => return digest,
            Ok(n) => {
                block.truncate(n);
                digest.update(&block);
                Ok(block)
            }
            Err(e) => Err(e),
        };
        let failed = read.is_err();
        if blocks.send(read).is_err() || failed {
            return digest;
        }
    }
}

/// The blocks [`read_ahead`] sends, read as one input.
struct Blocks {
    blocks: Receiver<std::io::Result<Vec<u8>>>,
    block: Vec<u8>,
    at: usize,
}

impl Blocks {
    fn new(blocks: Receiver<std::io::Result<Vec<u8>>>) -> Self {
        Blocks { blocks, block: Vec::new(), at: 0 }
    }
}

impl Read for Blocks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.block.len() {
            match self.blocks.recv() {
                Ok(Ok(block)) => (self.block, self.at) = (block, 0),
                Ok(Err(e)) => return Err(e),
                // The input ended.
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.block.len() - self.at);
        buf[..n].copy_from_slice(&self.block[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

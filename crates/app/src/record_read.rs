//! Stored records read back on two threads: the caller's reads the store's rows, as bytes,
//! into batches, and a second thread decodes each batch's records and hands them on. Reading a
//! row and decoding and counting it take about the same time, so a derivation over millions of
//! records takes about half as long (crates/records/bench/README.md).

use std::sync::mpsc::{sync_channel, Receiver};

use rapporteur_domain::access::Caller;
use rapporteur_domain::catalog::RecordSchema;
use rapporteur_records::{Codebook, PersonFields, Record};
use rapporteur_store::{Stamp, StoreError};

use crate::error::Result;
use crate::records::corrupt;
use crate::App;

/// How many rows go to the decoding thread at once, and how many such batches may wait for it.
const BATCH: usize = 4096;
const BATCHES_WAITING: usize = 4;

/// Rows of the store as they were read: their keys one after the other in `keys`, their
/// compact bytes in `bytes`, and per row the two lengths and its source row.
#[derive(Default)]
struct StoredRows {
    keys: String,
    bytes: Vec<u8>,
    rows: Vec<(usize, usize, usize)>,
}

impl StoredRows {
    fn push(&mut self, key: &str, data: &[u8], source_row: usize) {
        self.keys.push_str(key);
        self.bytes.extend_from_slice(data);
        self.rows.push((key.len(), data.len(), source_row));
    }

    /// Each row's key, bytes and source row, in the order read.
    fn each(&self, mut each: impl FnMut(&str, &[u8], usize) -> Result<()>) -> Result<()> {
        let (mut key_at, mut data_at) = (0, 0);
        for &(key_len, data_len, source_row) in &self.rows {
            let key = &self.keys[key_at..key_at + key_len];
            each(key, &self.bytes[data_at..data_at + data_len], source_row)?;
            (key_at, data_at) = (key_at + key_len, data_at + data_len);
        }
        Ok(())
    }
}

impl App {
    /// Hands every stored record of one source to `each`, in key order (the read audited under
    /// `by` with its purpose), its person keys and encodings read or left empty. Callers decide
    /// first whether `by` may read them.
    pub(crate) fn each_record(
        &mut self,
        by: &Caller,
        schema: &RecordSchema,
        (purpose, persons): (&str, PersonFields),
        each: impl FnMut(&str, Record) + Send,
    ) -> Result<()> {
        let codebook = self.codebook(schema)?;
        let at = self.now();
        let (sender, receiver) = sync_channel::<StoredRows>(BATCHES_WAITING);
        std::thread::scope(|scope| {
            let decoding = scope.spawn(|| decode_rows(schema, &codebook, persons, receiver, each));
            let mut batch = StoredRows::default();
            let read = self.store.read_records(
                &schema.id,
                Stamp { at: &at, by: by.name() },
                purpose,
                |key, data, row| {
                    batch.push(key, data, row);
                    if batch.rows.len() == BATCH && sender.send(std::mem::take(&mut batch)).is_err() {
                        // The decoding stopped on a record it could not decode: its error is the read's.
                        return Err(StoreError::Corrupt(String::new()));
                    }
                    Ok(())
                },
            );
            if read.is_ok() {
                // A failed send: the decoding stopped, and its error follows.
                let _ = sender.send(batch);
            }
            drop(sender);
            let decoded = decoding.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            decoded?;
            read?;
            Ok(())
        })
    }
}

/// Decodes the rows of each batch the reading sends and hands each record to `each`; the first
/// record that does not decode ends it.
fn decode_rows(
    schema: &RecordSchema,
    codebook: &Codebook,
    persons: PersonFields,
    batches: Receiver<StoredRows>,
    mut each: impl FnMut(&str, Record),
) -> Result<()> {
    for batch in batches {
        batch.each(|key, data, row| {
            let record = codebook
                .decode_as(schema, key, data, row, persons)
                .map_err(|e| corrupt(&schema.id, key, e))?;
            each(key, record);
            Ok(())
        })?;
    }
    Ok(())
}

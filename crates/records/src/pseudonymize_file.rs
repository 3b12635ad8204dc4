//! Pseudonymising an actor's file: the identifying columns (names, birth date, document numbers,
//! addresses, …) are dropped, and in their place come the exact `person_key` and the
//! `person_encoding` that lets the centre link the same person written differently
//! ([`crate::encoding`]), and the `identity` code saying how complete the identity was
//! ([`crate::identity`]): an unknown or placeholder birth date, a single name or no name at all
//! never refuses a row — the record is kept, with the parts that are known. Text in, writer out.

use std::collections::BTreeMap;

use rapporteur_domain::catalog::{Completeness, IdentityPolicy};

use rapporteur_domain::catalog::{
    is_column_of, is_identifying_column, BIRTH_DATE_COLUMNS, GIVEN_NAME_COLUMNS, NAME_COLUMNS,
};
use rapporteur_domain::normalize_label;

use crate::encoding::Encoder;
use crate::identity::Identity;
use crate::pseudonym::{exact_key, PseudonymError, Secret};

/// Why a file cannot be pseudonymised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PseudonymizeError {
    #[error("row {row}: {source}")]
    Row { row: usize, source: PseudonymError },
    #[error("the file has no name column (e.g. family_name, given_names) and birth date column (birth_date): nothing to pseudonymise")]
    NoIdentity,
    #[error("the file already has a person_key, person_encoding or identity column")]
    AlreadyKeyed,
    #[error("cannot read the file: {0}")]
    Csv(String),
    #[error("cannot write the result: {0}")]
    Write(String),
}

/// What a pseudonymisation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymizeSummary {
    pub rows: usize,
    pub dropped_columns: Vec<String>,
    /// Rows by how complete their identity was; only complete ones got an exact key.
    pub by_completeness: BTreeMap<Completeness, usize>,
}

impl PseudonymizeSummary {
    /// Rows whose identity was incomplete (anything but complete).
    pub fn incomplete(&self) -> usize {
        self.by_completeness.iter().filter(|(c, _)| **c != Completeness::Complete).map(|(_, n)| n).sum()
    }
}

/// Pseudonymises delimited UTF-8 text (the first line is the header; `delimiter` separates
/// columns) as it streams, a row at a time, reading incomplete identities under the catalog's
/// `policy`. The `person_key`, `person_encoding` and `identity` columns take the place of the
/// first identifying column.
pub fn pseudonymize_csv(
    secret: &Secret,
    policy: &IdentityPolicy,
    text: impl std::io::Read,
    delimiter: u8,
    out: &mut dyn std::io::Write,
) -> Result<PseudonymizeSummary, PseudonymizeError> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text);
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(PseudonymizeError::Csv(e.to_string())),
        None => return Err(PseudonymizeError::NoIdentity),
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if header
        .iter()
        .any(|h| ["person key", "person encoding", "identity"].contains(&normalize_label(h).as_str()))
    {
        return Err(PseudonymizeError::AlreadyKeyed);
    }
    let identifying: Vec<usize> = (0..header.len()).filter(|&i| is_identifying_column(&header[i])).collect();
    let names: Vec<usize> =
        identifying.iter().copied().filter(|&i| is_column_of(&header[i], NAME_COLUMNS)).collect();
    let (given, other_names): (Vec<usize>, Vec<usize>) =
        names.iter().partition(|&&i| is_column_of(&header[i], GIVEN_NAME_COLUMNS));
    let birth = identifying.iter().copied().find(|&i| is_column_of(&header[i], BIRTH_DATE_COLUMNS));
    let (Some(birth), Some(&first)) = (birth, identifying.first()) else {
        return Err(PseudonymizeError::NoIdentity);
    };
    if names.is_empty() {
        return Err(PseudonymizeError::NoIdentity);
    }
    let write_err = |e: csv::Error| PseudonymizeError::Write(e.to_string());
    let mut out_header: Vec<&str> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if i == first {
            out_header.extend(["person_key", "person_encoding", "identity"]);
        }
        if !identifying.contains(&i) {
            out_header.push(h);
        }
    }
    writer.write_record(&out_header).map_err(write_err)?;
    let mut summary = PseudonymizeSummary {
        rows: 0,
        dropped_columns: identifying.iter().map(|&i| header[i].clone()).collect(),
        by_completeness: BTreeMap::new(),
    };
    let encoder = Encoder::new(secret);
    let mut cells: Vec<String> = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record = record.map_err(|e| PseudonymizeError::Csv(format!("row {row}: {e}")))?;
        let get = |i: usize| record.get(i).unwrap_or("");
        let identity = Identity::read(
            policy,
            other_names.iter().map(|&i| get(i)),
            given.iter().map(|&i| get(i)),
            get(birth),
        )
        .map_err(|source| PseudonymizeError::Row { row, source })?;
        let completeness = identity.completeness();
        *summary.by_completeness.entry(completeness).or_default() += 1;
        let key = exact_key(secret, &identity).unwrap_or_default();
        let encoding =
            encoder.encode_identity(&identity).map(|e| e.to_text(encoder.check())).unwrap_or_default();
        cells.clear();
        for i in 0..header.len().max(record.len()) {
            if i == first {
                cells.push(key.clone());
                cells.push(encoding.clone());
                cells.push(completeness.code().to_string());
            }
            if !identifying.contains(&i) {
                cells.push(get(i).to_string());
            }
        }
        writer.write_record(&cells).map_err(write_err)?;
        summary.rows += 1;
    }
    writer.flush().map_err(|e| PseudonymizeError::Write(e.to_string()))?;
    Ok(summary)
}

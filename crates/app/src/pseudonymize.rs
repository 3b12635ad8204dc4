//! Pseudonymisation at the actor's side: a record file's identifying columns replaced by
//! `person_key`, `person_encoding` and `identity` under the actors' shared secret, before the
//! file leaves the actor.

use std::path::Path;

use rapporteur_records::Secret;

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
/// actor's side: the identifying columns are replaced by `person_key`, `person_encoding` and
/// `identity`, incomplete identities read under the catalog's identity policy.
pub fn pseudonymize_file(
    policy: &rapporteur_domain::catalog::IdentityPolicy,
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
    let read_error = |source| PseudonymizeFailure::Read { path: shown(input), source };
    let file = std::fs::File::open(input).map_err(read_error)?;
    let (text, delimiter) = rapporteur_ingest::utf8_text(file).map_err(read_error)?;
    // Written beside the output and renamed when whole: a failure leaves no half file.
    let partial = output.with_extension("partial");
    let write_error = |source| PseudonymizeFailure::Write { path: shown(output), source };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(write_error)?);
    let summary = rapporteur_records::pseudonymize_csv(&secret, policy, text, delimiter, &mut out)
        .map_err(|source| PseudonymizeFailure::File { path: shown(input), source });
    let written = summary.and_then(|summary| {
        out.into_inner().map_err(|e| write_error(e.into_error()))?.sync_all().map_err(write_error)?;
        std::fs::rename(&partial, output).map_err(write_error)?;
        Ok(summary)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let summary = written?;
    Ok(summary)
}

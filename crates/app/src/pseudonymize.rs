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
    let bytes =
        std::fs::read(input).map_err(|source| PseudonymizeFailure::Read { path: shown(input), source })?;
    // The encodings and separators the import reads (UTF-8, UTF-16, Windows-1252; `,` `;` tab).
    let (text, _encoding) = rapporteur_ingest::decode(&bytes);
    let delimiter = rapporteur_ingest::detect_delimiter(&text);
    let mut out = Vec::with_capacity(text.len());
    let summary = rapporteur_records::pseudonymize_csv(&secret, policy, &text, delimiter, &mut out)
        .map_err(|source| PseudonymizeFailure::File { path: shown(input), source })?;
    std::fs::write(output, out)
        .map_err(|source| PseudonymizeFailure::Write { path: shown(output), source })?;
    Ok(summary)
}

//! Synthetic record sets for tests, benchmarks and demonstrations: fitted to the embedded
//! returns and written as raw files (with identities) to be pseudonymised like real ones.

use std::path::Path;

use rapporteur_domain::ObservationRow;
use rapporteur_records::Synthesis;

use crate::catalog::LoadedCatalog;
use crate::error::{AppError, Result};

/// The observations of the embedded 2019–2020 returns (the targets the generator fits).
pub fn embedded_returns(catalog: &LoadedCatalog, cycle: Option<&str>) -> Result<Vec<ObservationRow>> {
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
/// into `dir`, fitted to the embedded returns; beside them `truth.csv` (which person and which
/// case each record concerns: the answer key of record linkage, never to be imported) and
/// `README.txt` (what the files are, the rates of the identity errors and of the chain).
pub fn synthesize_to_dir(
    catalog: &LoadedCatalog,
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
    let path = dir.join("truth.csv");
    let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
    let mut writer = std::io::BufWriter::new(file);
    synthesis
        .write_truth_csv(&catalog.catalog, &mut writer)
        .and_then(|()| std::io::Write::flush(&mut writer))
        .map_err(|e| io(&path, e))?;
    let path = dir.join("README.txt");
    std::fs::write(&path, synthesis.readme()).map_err(|e| io(&path, e))?;
    Ok(synthesis)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files of a directory, by name, as bytes.
    fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .expect("directory")
            .map(|e| {
                let path = e.expect("entry").path();
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (name, std::fs::read(&path).expect("file"))
            })
            .collect()
    }

    #[test]
    fn the_truth_is_written_beside_the_files_the_same_for_the_same_seed_and_never_imported() {
        let catalog = LoadedCatalog::embedded().expect("catalog");
        let a = tempfile::tempdir().expect("temporary directory");
        let b = tempfile::tempdir().expect("temporary directory");
        let synthesis = synthesize_to_dir(&catalog, None, Some(3_000), 9, a.path()).expect("written");
        synthesize_to_dir(&catalog, None, Some(3_000), 9, b.path()).expect("written");
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert_eq!(fa, fb, "the same seed, the same bytes");
        assert!(fa.contains_key("truth.csv") && fa.contains_key("README.txt"));
        let readme = String::from_utf8_lossy(&fa["README.txt"]).into_owned();
        assert!(readme.contains("must NEVER be imported") && readme.contains("typo in a name part"));
        let truth = String::from_utf8_lossy(&fa["truth.csv"]).into_owned();
        assert_eq!(truth.lines().count(), synthesis.truth(&catalog.catalog).len() + 1);
        // The import refuses the truth: no schema has its key column.
        assert!(rapporteur_ingest::parse_records(&fa["truth.csv"], &catalog.catalog).is_err());
    }
}

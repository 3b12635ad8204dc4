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
/// into `dir`, fitted to the embedded returns.
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
    Ok(synthesis)
}

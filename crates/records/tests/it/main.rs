//! Records against the Belgian catalog and the 2019-2020 returns: synthesis fitted to the seed,
//! derivations, pseudonymisation, record import errors.

mod import_errors;
mod pseudonymisation;
mod round_trip;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rapporteur_domain::{Catalog, ObservationRow, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("readable folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The Belgian catalog, read from the repository.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let base = root().join("catalog/be");
        let mut paths = Vec::new();
        files_under(&base, &mut paths);
        let files: Vec<SourceFile> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| SourceFile {
                path: p.strip_prefix(&base).expect("under base").to_string_lossy().replace('\\', "/"),
                text: std::fs::read_to_string(p).expect("utf-8 catalog file"),
            })
            .collect();
        match Catalog::parse(&files) {
            Ok(c) => c,
            Err(problems) => panic!("catalog problems: {problems:#?}"),
        }
    })
}

/// Every observation of the 2019-2020 returns.
pub fn returns() -> &'static Vec<ObservationRow> {
    static ROWS: OnceLock<Vec<ObservationRow>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let catalog = catalog();
        let cycle = catalog.cycle("2019-2020").expect("the cycle");
        let base = root().join("data/be/2019-2020");
        let mut paths = Vec::new();
        files_under(&base, &mut paths);
        let mut rows = Vec::new();
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "csv")) {
            let bytes = std::fs::read(path).expect("readable return");
            let parsed = rapporteur_ingest::parse_return(&bytes, catalog, cycle, &mut |_, _| {})
                .unwrap_or_else(|p| panic!("{}: {p:?}", path.display()));
            rows.extend(parsed.rows);
        }
        rows
    })
}

//! Rapporteur's use cases: loading a catalog (embedded or from a folder), opening the store,
//! importing returns, and the embedded default data set. The only crate besides `cli` that
//! touches the file system and the clock.

mod catalog_files;
mod estimate;
mod import;
pub mod portal;
pub mod records;
mod report;
mod tables;
mod validate;

use std::path::Path;

use rapporteur_domain::{Catalog, CatalogProblem, Cycle};
use rapporteur_store::{Store, StoreError};

pub use catalog_files::{
    embedded_catalog_files, embedded_data_set, embedded_narrative, load_catalog_dir, DataFile,
};
pub use estimate::{estimate_file, EstimateOutcome};
pub use import::{ImportOutcome, ImportSummary};
pub use rapporteur_ingest::ImportProblem;
pub use rapporteur_report::Document;
pub use rapporteur_stats::tabulate::ComputedTable;
pub use rapporteur_store::{Acknowledgment, AuditEntry, ImportRecord, StoreCounts, StoredFinding, StoredRow};
pub use report::{finding_views, Explanation};

/// Why a use case failed (as opposed to data that were refused, which is an outcome).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the catalog has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Catalog(Vec<CatalogProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("unknown cycle {wanted:?}: the catalog has {known}")]
    UnknownCycle { wanted: String, known: String },
    #[error("the catalog has no cycle")]
    NoCycle,
    #[error("unknown table {wanted}: the catalog has tables {known}")]
    UnknownTable { wanted: u32, known: String },
    #[error(
        "cycle {cycle} has no finding {key:?}: run rapporteur validate to list the findings and their keys"
    )]
    UnknownFinding { key: String, cycle: String },
    #[error("an explanation cannot be empty: say why the figures are as they are")]
    EmptyExplanation,
    #[error("unknown language {wanted:?}: the catalog has {known}")]
    UnknownLanguage { wanted: String, known: String },
    #[error("cannot build the report: {0}")]
    Report(String),
    #[error("no {what} {wanted:?} in this table; its {what}s are, by position or by codes: {known}")]
    UnknownCell { what: String, wanted: String, known: String },
    #[error(transparent)]
    Portal(#[from] portal::PortalError),
}

pub type Result<T> = std::result::Result<T, AppError>;

/// Gives the current time as RFC 3339 text; tests pass a fixed one.
pub type Clock = Box<dyn Fn() -> String + Send + Sync>;

/// The system clock, in UTC with second precision.
pub fn system_clock() -> Clock {
    Box::new(now_utc)
}

/// The system's time now, in UTC with second precision, as RFC 3339 text.
pub fn now_utc() -> String {
    jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default()
}

/// A checked catalog with the hash of its files, which tells whether the store's copy is current.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub content_hash: String,
}

impl LoadedCatalog {
    /// The embedded Belgian catalog.
    pub fn embedded() -> Result<LoadedCatalog> {
        Self::from_files(embedded_catalog_files())
    }

    /// The catalog in `dir` (e.g. a copy of `catalog/be` being edited).
    pub fn from_dir(dir: &Path) -> Result<LoadedCatalog> {
        Self::from_files(load_catalog_dir(dir)?)
    }

    fn from_files(files: Vec<rapporteur_domain::SourceFile>) -> Result<LoadedCatalog> {
        let content_hash = catalog_files::content_hash(&files);
        let catalog = Catalog::parse(&files).map_err(AppError::Catalog)?;
        Ok(LoadedCatalog { catalog, content_hash })
    }

    /// The cycle called `id`, or the catalog's current one.
    pub fn cycle(&self, id: Option<&str>) -> Result<&Cycle> {
        match id {
            Some(id) => self.catalog.cycle(id).ok_or_else(|| AppError::UnknownCycle {
                wanted: id.to_string(),
                known: self.catalog.cycles.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", "),
            }),
            None => self.catalog.current_cycle().ok_or(AppError::NoCycle),
        }
    }
}

/// A working session: a catalog, a store, who is working, and a clock.
pub struct App {
    pub catalog: LoadedCatalog,
    pub store: Store,
    pub user: String,
    clock: Clock,
}

impl App {
    /// Opens (creating if needed) the store at `store_path` and records the catalog in it.
    pub fn open(catalog: LoadedCatalog, store_path: &Path, user: &str, clock: Clock) -> Result<App> {
        let store = Store::open(store_path)?;
        Self::with_store(catalog, store, user, clock)
    }

    pub fn with_store(catalog: LoadedCatalog, mut store: Store, user: &str, clock: Clock) -> Result<App> {
        store.sync_catalog(&catalog.catalog, &catalog.content_hash, &clock(), user)?;
        Ok(App { catalog, store, user: user.to_string(), clock })
    }

    pub fn now(&self) -> String {
        (self.clock)()
    }

    /// Refuses a language the catalog does not have.
    pub(crate) fn check_language(&self, lang: &str) -> Result<()> {
        if self.catalog.catalog.languages.iter().any(|l| l == lang) {
            Ok(())
        } else {
            Err(AppError::UnknownLanguage {
                wanted: lang.to_string(),
                known: self.catalog.catalog.languages.join(", "),
            })
        }
    }
}

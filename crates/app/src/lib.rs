//! Rapporteur's use cases, and the one door into the system: the portal (`web`) and the command
//! line (`cli`) call these and nothing below them.
//!
//! Every use case that reads or changes an actor's data takes its caller — a portal user or a
//! named operator at the command line (`rapporteur_domain::access::Caller`) — decides itself,
//! with the access policy, whether that caller may do it, and records the caller in the audit
//! log. Use cases return plain values (`rapporteur_domain` types and the views defined here),
//! never store rows to re-parse. `App`'s catalog, store and clock are private.
//!
//! The only crate besides `cli` that touches the file system and the clock.

mod access;
mod accounts;
mod api_tokens;
mod audit;
mod backup;
mod board;
mod catalog;
mod catalog_files;
mod chain;
mod checklists;
mod credentials;
mod cycles;
mod disclosure;
mod error;
pub mod estimate;
mod explain;
mod exports;
mod identity;
mod import;
mod limits;
mod linkage;
mod open_data;
mod open_data_download;
mod pseudonymize;
mod publications;
mod record_import;
mod record_read;
mod records;
mod report;
mod returns;
mod review_item;
mod sessions;
mod synth;
mod tables;
mod texts;
mod throttle;
mod translation_memory;
mod translations;
mod validate;

use std::path::Path;

use rapporteur_domain::access::Caller;
use rapporteur_domain::{Catalog, Cycle};
use rapporteur_store::{Stamp, Store};

pub use accounts::{hash_password, Account};
pub use api_tokens::{
    ApiAnswer, ApiToken, IssuedToken, API_ANSWER_KEPT_SECS, API_TOKEN_PREFIX, API_TOKEN_ROLES,
};
pub use audit::AuditPage;
pub use board::{count_texts, summarize, ActorSummary, Board, BoardLine, LanguageCounts, TextLine};
pub use catalog::LoadedCatalog;
pub use catalog_files::{
    embedded_catalog_files, embedded_data_set, embedded_narrative, load_catalog_dir, DataFile,
};
pub use chain::ChainView;
pub use checklists::{checklist_pseudonym, IdentityRefusal, Pseudonym, CHECKLIST_SCHEMA};
pub use credentials::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use cycles::ItemView;
pub use disclosure::ProtectionView;
pub use error::{AppError, PortalError, Result};
pub use estimate::{estimate_file, EstimateOutcome};
pub use explain::Explanation;
pub use import::{ImportOutcome, ImportSummary, ReadReturn, ReturnReader};
pub use limits::{MAX_COMMENT_CHARS, MAX_EXPLANATION_CHARS, MAX_TEXT_CHARS};
pub use linkage::LinkSummary;
pub use pseudonymize::{pseudonymize_file, PseudonymizeFailure};
pub use rapporteur_ingest::ImportProblem;
pub use rapporteur_opendata::{package_written, PackageFile};
pub use rapporteur_records::{
    format_value, Counting as RecordCounting, Record, Secret, Synthesis, Value, CODES_SEPARATOR,
};
pub use rapporteur_report::Document;
pub use rapporteur_stats::tabulate::{CellValue, ComputedTable};
pub use records::RecordImportOutcome;
pub use report::finding_views;
pub use returns::ReturnSheet;
pub use review_item::{Agreement, Fact, FieldRow, RecordFacts, ReviewItem, Shown};
pub use sessions::{random_token, LoginAttempt, LoginOutcome, Session, VerifiedLogin, MAX_NAME_CHARS};
pub use synth::{embedded_returns, synthesize_to_dir};
pub use texts::SectionTexts;
pub use throttle::{
    LoginPressure, ADDRESS_WINDOW_SECS, FIRST_WAIT_SECS, FREE_FAILURES_PER_ADDR, FREE_FAILURES_PER_NAME,
    KEPT_SECS, LONGEST_WAIT_SECS,
};
pub use translation_memory::{MemoryExport, MemoryImport};
pub use translations::{ExportChoice, TranslationExport, TranslationImport};

/// A store argument as messages show it (a PostgreSQL URL without its password).
pub use rapporteur_store::shown_location as shown_store;

/// Whether a store argument names a PostgreSQL server (else it is a SQLite file).
pub fn is_server_store(location: &Path) -> bool {
    location.to_str().is_some_and(rapporteur_store::is_postgres_url)
}
pub use rapporteur_store::Inventory;

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

/// The system: a catalog, a store and a clock. Who is working is not part of it: every use
/// case is told its caller.
pub struct App {
    /// Shared with work done outside the store's lock (reading a file).
    catalog: std::sync::Arc<LoadedCatalog>,
    store: Store,
    clock: std::sync::Arc<dyn Fn() -> String + Send + Sync>,
}

impl App {
    /// Opens (creating if needed) the store at `store_path` and records the catalog in it; a
    /// change of catalog is audited under `by`.
    pub fn open(catalog: LoadedCatalog, store_path: &Path, by: &Caller, clock: Clock) -> Result<App> {
        let store = Store::open(store_path)?;
        Self::with_store(catalog, store, by, clock)
    }

    /// As `open`, over the store opened.
    fn with_store(catalog: LoadedCatalog, mut store: Store, by: &Caller, clock: Clock) -> Result<App> {
        let at = clock();
        let stamp = Stamp { at: &at, by: by.name() };
        store.sync_catalog(&catalog.catalog, &catalog.content_hash, stamp)?;
        let codes: Vec<(&str, &str)> = catalog
            .catalog
            .records
            .values()
            .flat_map(|schema| rapporteur_records::dictionary_codes(&catalog.catalog, schema))
            .collect();
        store.sync_record_codes(&codes)?;
        drop(codes);
        let mut app =
            App { catalog: std::sync::Arc::new(catalog), store, clock: std::sync::Arc::from(clock) };
        app.convert_text_records(by)?;
        Ok(app)
    }

    /// Another connection to the same store (`store_path`, as given to `open`), with this one's
    /// catalog and clock: a server whose requests use the store at once holds several, each
    /// running one use case at a time. The writers of all connections still wait for each
    /// other (the store's write lock).
    pub fn connect_again(&self, store_path: &Path) -> Result<App> {
        Ok(App { catalog: self.catalog.clone(), store: Store::open(store_path)?, clock: self.clock.clone() })
    }

    /// The catalog: code lists, cubes, cycles, tables, rules, record schemas. Public knowledge.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog.catalog
    }

    /// The catalog, to read without holding the `App` (a portal's work outside its lock).
    pub fn shared_catalog(&self) -> std::sync::Arc<LoadedCatalog> {
        std::sync::Arc::clone(&self.catalog)
    }

    /// The cycle called `id`, or the catalog's current one.
    pub fn cycle(&self, id: Option<&str>) -> Result<&Cycle> {
        self.catalog.cycle(id)
    }

    pub fn now(&self) -> String {
        (self.clock)()
    }

    /// Refuses a language the catalog does not have.
    pub fn check_language(&self, lang: &str) -> Result<()> {
        self.catalog.check_language(lang)
    }
}

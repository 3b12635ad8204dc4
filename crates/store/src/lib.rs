//! The store: one SQLite file, created on first use, or a PostgreSQL database (the server
//! store), both migrated by version with the same numbered list. The only crate that speaks
//! SQL; it takes and returns domain values. Every query is written once, over the executor of
//! `db`, which runs it on either engine.
//!
//! The SQLite file uses the rollback journal, so that a refused import or a read leaves the
//! file byte for byte as it was.
//!
//! One file per concept the store keeps: the catalog's copy, observations and their imports,
//! findings and explanations, record-level data, and the portal's accounts, sessions, login
//! throttling, cycles and assignments, texts and publications, the translation memory
//! imported as TMX, the API's tokens and the answers it gave to submissions, and the store's own
//! secrets (the key the portal instances share). Every change goes through the
//! one audit writer (`audit`), in the change's own transaction.

use std::path::Path;

mod accounts;
mod api_tokens;
mod audit;
mod backup;
mod catalog;
mod connect;
mod cycles;
mod db;
mod findings;
mod linkage;
mod observations;
mod pg_dump;
mod publications;
mod records;
mod schema;
#[cfg(any(test, feature = "test-support"))]
pub mod scratch;
mod secrets;
mod sessions;
mod suppressions;
#[cfg(test)]
mod tests;
mod texts;
mod throttle;
mod translation_memory;

pub use accounts::{NewUser, UserRow};
pub use api_tokens::{ApiSubmissionRow, ApiTokenRow, NewApiToken};
pub use backup::Inventory;
pub use connect::connect_postgres;
pub use cycles::PortalCycleRow;
pub use linkage::NewLinkRun;
pub use observations::NewImport;
pub use publications::{OpenDataArchive, ReportBuildRow};
pub use rapporteur_domain::{
    Acceptance, Acknowledgment, AuditEntry, ImportRecord, StoreCounts, StoredFinding, StoredRow,
};
pub use records::{
    IdentityCount, NewRecordImport, RecordChanges, RecordFileRead, RecordImport, RecordRow, StoredRecord,
};
pub use sessions::SessionRow;
pub use texts::{NarrativeRow, TextRef};
pub use throttle::Failures;
pub use translation_memory::MemoryPair;

pub use db::Engine;
use db::{Db, Tx};

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot connect to the PostgreSQL store {url}: {source}")]
    Connect { url: String, source: postgres::Error },
    #[error("cannot connect to the PostgreSQL store {url} over TLS: {problem}")]
    Tls { url: String, problem: String },
    #[error("cannot bring the store's schema up to date: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("store query failed: {0}")]
    Sql(rusqlite::Error),
    #[error("store query failed: {0}")]
    Postgres(postgres::Error),
    #[error("backup or restore failed: {0}")]
    Backup(String),
    #[error("the store holds a value it cannot read back: {0}")]
    Corrupt(String),
    #[error("the file's person encodings were made under another secret (check value {found}) than those the store holds (check value {registered}): encodings of two secrets cannot be compared; pseudonymise the file again with the actors' shared key file")]
    OtherSecret { registered: String, found: String },
    #[error(
        "the store is busy with another change (an import, or the portal) and stayed so for {} s; nothing was changed: try again when it is done",
        WRITER_WAIT.as_secs()
    )]
    Busy,
}

/// Whether SQLite gave up waiting for another writer.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        if is_busy(&error) {
            StoreError::Busy
        } else {
            StoreError::Sql(error)
        }
    }
}

impl From<postgres::Error> for StoreError {
    /// PostgreSQL gave up waiting for a lock (`lock_timeout`): the same `Busy` as SQLite's.
    fn from(error: postgres::Error) -> StoreError {
        if error.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            StoreError::Busy
        } else {
            StoreError::Postgres(error)
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Who makes a change and when: every audited write takes one.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    /// RFC 3339 time.
    pub at: &'a str,
    /// The name the audit log records.
    pub by: &'a str,
}

/// How long a change waits for another writer to finish before it gives up and says so.
pub const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether a store argument names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// A store argument as messages show it: a file's path, or a PostgreSQL URL without its
/// password.
pub fn shown_location(location: &Path) -> String {
    match location.to_str().filter(|l| is_postgres_url(l)) {
        Some(url) => schema::without_password(url),
        None => location.display().to_string(),
    }
}

/// The page size of a new SQLite store, in bytes.
const SQLITE_PAGE_SIZE: i64 = 16 * 1024;
/// How much of a SQLite store a connection keeps in memory, in KiB.
const SQLITE_CACHE_KIB: i64 = 64 * 1024;

/// The store. Holds one connection; not shared between threads.
pub struct Store {
    conn: Db,
}

impl Store {
    /// Opens the store at `location`: a PostgreSQL URL (`postgres://user@host/db`), or the path
    /// of a SQLite file, created with its schema on first use.
    pub fn open(location: &Path) -> Result<Store> {
        match location.to_str().filter(|l| is_postgres_url(l)) {
            Some(url) => Self::open_postgres(url),
            None => {
                let conn = rusqlite::Connection::open(location)
                    .map_err(|source| StoreError::Open { path: location.display().to_string(), source })?;
                Self::from_sqlite(conn)
            }
        }
    }

    /// Connects to the PostgreSQL database at `url` (over TLS as its `sslmode` asks, see
    /// [`connect_postgres`]) and brings its schema up to date.
    pub fn open_postgres(url: &str) -> Result<Store> {
        let client = connect_postgres(url)?;
        let conn = Db::postgres(client, url);
        schema::migrate_postgres(&conn)?;
        Ok(Store { conn })
    }

    /// Which engine holds the store.
    pub fn engine(&self) -> db::Engine {
        self.conn.engine()
    }

    /// Starts a change: takes the write lock at once, waiting up to [`WRITER_WAIT`] for
    /// another writer, so that two writers never meet halfway through (see [`Tx`]).
    fn begin_write(&mut self) -> Result<Tx<'_>> {
        Tx::begin(&self.conn)
    }

    /// A store in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::from_sqlite(rusqlite::Connection::open_in_memory()?)
    }

    fn from_sqlite(mut conn: rusqlite::Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // A writer waits for another one (an import of a million records takes seconds) instead
        // of failing at once with "database is locked".
        conn.busy_timeout(WRITER_WAIT)?;
        // A new store's pages are 16 KiB instead of SQLite's 4 KiB, and a connection may keep
        // 64 MiB of them: an import of records appends rows of about 350 bytes, and larger
        // pages split a quarter as often (import plus record-tables of 10^6 records: 0.90 of
        // the time, crates/records/bench/README.md). The page size only takes on an empty file;
        // a store made before keeps its own.
        conn.pragma_update(None, "page_size", SQLITE_PAGE_SIZE)?;
        conn.pragma_update(None, "cache_size", -SQLITE_CACHE_KIB)?;
        schema::migrate_sqlite(&mut conn)?;
        Ok(Store { conn: Db::Sqlite(conn) })
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("maps of strings and numbers always serialise")
}

/// Reads column `index` as a name and parses it into the typed value it names (a role, a
/// status, a kind); a name the parser does not know is a conversion failure of that column.
fn parsed<T>(row: &db::Row<'_>, index: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("column {index}: unknown name {text:?}")))
}

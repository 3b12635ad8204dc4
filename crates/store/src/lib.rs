//! The embedded store: one SQLite file, created on first use, migrated by version. The only
//! crate that speaks SQL; it takes and returns domain values.
//!
//! The file uses SQLite's rollback journal, so that a refused import or a read leaves the file
//! byte for byte as it was.
//!
//! One file per concept the store keeps: the catalog's copy, observations and their imports,
//! findings and explanations, record-level data, and the portal's accounts, sessions, login
//! throttling, cycles and assignments, texts and publications, the translation memory
//! imported as TMX, and the API's tokens and the answers it gave to submissions. Every change goes through the
//! one audit writer (`audit`), in the change's own transaction.

use std::path::Path;

mod accounts;
mod api_tokens;
mod audit;
mod catalog;
mod cycles;
mod findings;
mod linkage;
mod observations;
mod publications;
mod records;
mod sessions;
mod suppressions;
mod texts;
mod throttle;
mod translation_memory;

pub use accounts::{NewUser, UserRow};
pub use api_tokens::{ApiSubmissionRow, ApiTokenRow, NewApiToken};
pub use cycles::PortalCycleRow;
pub use linkage::NewLinkRun;
pub use observations::NewImport;
pub use publications::{OpenDataArchive, ReportBuildRow};
pub use rapporteur_domain::{
    Acceptance, Acknowledgment, AuditEntry, ImportRecord, StoreCounts, StoredFinding, StoredRow,
};
pub use records::{IdentityCount, NewRecordImport, RecordChanges, RecordRow};
pub use sessions::SessionRow;
pub use texts::{NarrativeRow, TextRef};
pub use throttle::Failures;
pub use translation_memory::MemoryPair;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot bring the store's schema up to date: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("store query failed: {0}")]
    Sql(rusqlite::Error),
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

pub type Result<T> = std::result::Result<T, StoreError>;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("migrations/002_control_values.sql")),
        M::up(include_str!("migrations/003_findings.sql")),
        M::up(include_str!("migrations/004_stated_decimals.sql")),
        M::up(include_str!("migrations/005_records.sql")),
        M::up(include_str!("migrations/006_portal.sql")),
        M::up(include_str!("migrations/007_sessions_for_users.sql")),
        M::up(include_str!("migrations/008_linkage.sql")),
        M::up(include_str!("migrations/009_link_basis.sql")),
        M::up(include_str!("migrations/010_text_status.sql")),
        M::up(include_str!("migrations/011_suppressions.sql")),
        M::up(include_str!("migrations/012_open_data_archive.sql")),
        M::up(include_str!("migrations/013_translation_memory.sql")),
        M::up(include_str!("migrations/014_api_tokens.sql")),
        M::up(include_str!("migrations/015_finding_acceptance.sql")),
    ])
}

/// Brings the schema up to date. Two processes opening a new store at once both try: the one
/// SQLite turns away (it cannot let a reader that wants to write wait), or that finds the
/// schema already created by the other, tries again once the other is done, within
/// [`WRITER_WAIT`].
fn migrate(conn: &mut Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + WRITER_WAIT;
    loop {
        let version_before = schema_version(conn)?;
        match migrations().to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(error) => {
                let raced = match &error {
                    rusqlite_migration::Error::RusqliteError { err, .. } => {
                        is_busy(err) || schema_version(conn)? != version_before
                    }
                    _ => false,
                };
                if !raced {
                    return Err(error.into());
                }
                if std::time::Instant::now() >= deadline {
                    return Err(StoreError::Busy);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}

/// The schema version the file records (`user_version`).
fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

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

/// The store. Holds one connection; not shared between threads.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the store at `path`, creating the file and its schema on first use.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)
            .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        Self::from_connection(conn)
    }

    /// Starts a change: takes the write lock at once (`BEGIN IMMEDIATE`), waiting up to
    /// [`WRITER_WAIT`] for another writer, so that two writers never meet halfway through
    /// (where SQLite would have to fail one at once rather than let it wait).
    fn begin_write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// A store in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // A writer waits for another one (an import of a million records takes seconds) instead
        // of failing at once with "database is locked".
        conn.busy_timeout(WRITER_WAIT)?;
        migrate(&mut conn)?;
        Ok(Store { conn })
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("maps of strings and numbers always serialise")
}

/// Reads column `index` as a name and parses it into the typed value it names (a role, a
/// status, a kind); a name the parser does not know is a conversion failure of that column.
fn parsed<T>(row: &rusqlite::Row<'_>, index: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unknown name {text:?}").into(),
        )
    })
}

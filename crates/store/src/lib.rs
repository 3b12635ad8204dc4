//! The embedded store: one SQLite file, created on first use, migrated by version. The only
//! crate that speaks SQL; it takes and returns domain values.
//!
//! The file uses SQLite's rollback journal, so that a refused import or a read leaves the file
//! byte for byte as it was.
//!
//! One file per concept the store keeps: the catalog's copy, observations and their imports,
//! findings and explanations, record-level data, and the portal's accounts, sessions, login
//! throttling, cycles and assignments, texts and publications. Every change goes through the
//! one audit writer (`audit`), in the change's own transaction.

use std::path::Path;

mod accounts;
mod audit;
mod catalog;
mod cycles;
mod findings;
mod observations;
mod publications;
mod records;
mod sessions;
mod texts;
mod throttle;

pub use accounts::{NewUser, UserRow};
pub use cycles::PortalCycleRow;
pub use observations::NewImport;
pub use publications::ReportBuildRow;
pub use rapporteur_domain::{
    Acknowledgment, AuditEntry, ImportRecord, StoreCounts, StoredFinding, StoredRow,
};
pub use records::{NewRecordImport, RecordChanges, RecordRow};
pub use sessions::SessionRow;
pub use texts::{NarrativeRow, TextRef};

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
    Sql(#[from] rusqlite::Error),
    #[error("the store holds a value it cannot read back: {0}")]
    Corrupt(String),
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
    ])
}

/// Who makes a change and when: every audited write takes one.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    /// RFC 3339 time.
    pub at: &'a str,
    /// The name the audit log records.
    pub by: &'a str,
}

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

    /// A store in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // Waiting briefly for a concurrent writer beats failing at once with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(&mut conn)?;
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

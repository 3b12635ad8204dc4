//! The schema and its migrations: one numbered list for both engines. Each step is the SQLite
//! file existing stores were migrated by, with its PostgreSQL twin where the dialects differ
//! (ids made by the database, `BIGINT`, `BYTEA`, `DOUBLE PRECISION`, text compared byte by
//! byte as SQLite does); a step both engines speak as written has no twin.

use crate::db::Db;
use crate::{Result, StoreError, WRITER_WAIT};

/// One migration: its SQLite text and, where the dialect differs, its PostgreSQL twin.
struct Step {
    sqlite: &'static str,
    postgres: Option<&'static str>,
}

const fn step(sqlite: &'static str, postgres: Option<&'static str>) -> Step {
    Step { sqlite, postgres }
}

/// Every migration, in order; version N is the N-th.
const STEPS: &[Step] = &[
    step(include_str!("schema.sql"), Some(include_str!("migrations/postgres/001_schema.sql"))),
    step(
        include_str!("migrations/002_control_values.sql"),
        Some(include_str!("migrations/postgres/002_control_values.sql")),
    ),
    step(
        include_str!("migrations/003_findings.sql"),
        Some(include_str!("migrations/postgres/003_findings.sql")),
    ),
    step(
        include_str!("migrations/004_stated_decimals.sql"),
        Some(include_str!("migrations/postgres/004_stated_decimals.sql")),
    ),
    step(
        include_str!("migrations/005_records.sql"),
        Some(include_str!("migrations/postgres/005_records.sql")),
    ),
    step(include_str!("migrations/006_portal.sql"), Some(include_str!("migrations/postgres/006_portal.sql"))),
    step(include_str!("migrations/007_sessions_for_users.sql"), None),
    step(
        include_str!("migrations/008_linkage.sql"),
        Some(include_str!("migrations/postgres/008_linkage.sql")),
    ),
    step(
        include_str!("migrations/009_link_basis.sql"),
        Some(include_str!("migrations/postgres/009_link_basis.sql")),
    ),
    step(
        include_str!("migrations/010_text_status.sql"),
        Some(include_str!("migrations/postgres/010_text_status.sql")),
    ),
    step(
        include_str!("migrations/011_suppressions.sql"),
        Some(include_str!("migrations/postgres/011_suppressions.sql")),
    ),
    step(
        include_str!("migrations/012_open_data_archive.sql"),
        Some(include_str!("migrations/postgres/012_open_data_archive.sql")),
    ),
    step(
        include_str!("migrations/013_translation_memory.sql"),
        Some(include_str!("migrations/postgres/013_translation_memory.sql")),
    ),
    step(
        include_str!("migrations/014_api_tokens.sql"),
        Some(include_str!("migrations/postgres/014_api_tokens.sql")),
    ),
    step(
        include_str!("migrations/015_finding_acceptance.sql"),
        Some(include_str!("migrations/postgres/015_finding_acceptance.sql")),
    ),
    step(
        include_str!("migrations/016_observation_status.sql"),
        Some(include_str!("migrations/postgres/016_observation_status.sql")),
    ),
    step(
        include_str!("migrations/017_store_secrets.sql"),
        Some(include_str!("migrations/postgres/017_store_secrets.sql")),
    ),
    step(
        include_str!("migrations/018_compact_records.sql"),
        Some(include_str!("migrations/postgres/018_compact_records.sql")),
    ),
];

/// How many migrations there are: the version of an up-to-date store.
pub(crate) fn steps() -> usize {
    STEPS.len()
}

fn sqlite_migrations() -> rusqlite_migration::Migrations<'static> {
    rusqlite_migration::Migrations::new(STEPS.iter().map(|s| rusqlite_migration::M::up(s.sqlite)).collect())
}

/// Brings a SQLite file's schema up to date. Two processes opening a new store at once both
/// try: the one SQLite turns away (it cannot let a reader that wants to write wait), or that
/// finds the schema already created by the other, tries again once the other is done, within
/// [`WRITER_WAIT`].
pub(crate) fn migrate_sqlite(conn: &mut rusqlite::Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + WRITER_WAIT;
    loop {
        let version_before = sqlite_version(conn)?;
        match sqlite_migrations().to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(error) => {
                let raced = match &error {
                    rusqlite_migration::Error::RusqliteError { err, .. } => {
                        crate::is_busy(err) || sqlite_version(conn)? != version_before
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
fn sqlite_version(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings a PostgreSQL schema up to date, in one transaction under the store's write lock (so
/// that two instances starting at once migrate it once): the version is kept in
/// `rapporteur_schema`, the steps not yet applied run in order.
pub(crate) fn migrate_postgres(conn: &Db) -> Result<()> {
    let tx = crate::Tx::begin(conn)?;
    tx.batch("CREATE TABLE IF NOT EXISTS rapporteur_schema (version BIGINT NOT NULL)")?;
    let version: Option<i64> = tx.query_opt("SELECT version FROM rapporteur_schema", vec![], |r| r.get(0))?;
    let version = match version {
        Some(version) => version,
        None => {
            tx.execute("INSERT INTO rapporteur_schema (version) VALUES (0)", vec![])?;
            0
        }
    };
    let applied = usize::try_from(version).unwrap_or(usize::MAX);
    if applied > STEPS.len() {
        return Err(StoreError::Corrupt(format!(
            "the database's schema is version {version}, newer than this program's {}",
            STEPS.len()
        )));
    }
    for (done, step) in STEPS.iter().enumerate().skip(applied) {
        tx.batch(step.postgres.unwrap_or(step.sqlite))?;
        tx.execute("UPDATE rapporteur_schema SET version = ?1", crate::db::params![done as i64 + 1])?;
    }
    tx.commit()
}

/// A PostgreSQL URL as an error message may show it: without its password.
pub(crate) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = rest.split_once('/').map_or((rest, None), |(a, t)| (a, Some(t)));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => format!("{}@{host}", user.split_once(':').map_or(user, |(name, _)| name)),
        None => authority.to_string(),
    };
    match tail {
        Some(tail) => format!("{scheme}://{authority}/{tail}"),
        None => format!("{scheme}://{authority}"),
    }
}

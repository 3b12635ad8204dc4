//! Backups and restores of the store, and the inventory that verifies them: the rows of every
//! table and a digest of the audit log in order (the chain of every change), computed on the
//! copy and on the store it came from or went to.
//!
//! On SQLite a backup is SQLite's online backup of the file, consistent while the portal
//! runs; a restore copies a backup file into the store the same way. On PostgreSQL a backup is
//! `pg_dump`'s plain SQL of the store's schema; it is restored with `psql` into an empty
//! database, not by this program (see the README).

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::db::{params, Db};
use crate::{Engine, Result, Stamp, Store, StoreError};

/// What a store holds: the rows of each table, and the audit log's length and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    pub rows: BTreeMap<String, i64>,
    pub audit_entries: i64,
    /// SHA-256 over every audit entry (id, time, who, action, entity, key, before, after), in
    /// order of id.
    pub audit_digest: String,
}

/// The catalog's copy, the record code dictionary numbering its codes, and their audit
/// entries: what opening an empty store writes (and the portal's key, which starting `serve`
/// once on it makes).
const CATALOG_TABLES: &[&str] =
    &["catalog_snapshot", "code_list", "code", "cube", "record_code", "audit_log", "store_secret"];

fn tables(db: &Db) -> Result<Vec<String>> {
    let sql = match db.engine() {
        Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'rapporteur_schema'
             ORDER BY 1"
        }
    };
    db.query(sql, params![], |r| r.get(0))
}

/// The inventory of the store behind `db`.
fn inventory_of(db: &Db) -> Result<Inventory> {
    let mut rows = BTreeMap::new();
    for table in tables(db)? {
        let count: i64 = db.query_row(&format!("SELECT count(*) FROM {table}"), params![], |r| r.get(0))?;
        rows.insert(table, count);
    }
    let entries = db.query(
        "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log ORDER BY id",
        params![],
        |r| Ok((r.get(0)?, (1..8).map(|i| r.get(i)).collect::<Result<Vec<Option<String>>>>()?)),
    )?;
    Ok(Inventory { rows, audit_entries: entries.len() as i64, audit_digest: audit_digest(&entries) })
}

/// One audit entry: its id, and its time, who, action, entity, key, before and after.
pub(crate) type AuditFields = (i64, Vec<Option<String>>);

/// SHA-256 over the audit entries in order of id, each field length-prefixed (NULL apart).
pub(crate) fn audit_digest(entries: &[AuditFields]) -> String {
    let mut digest = Sha256::new();
    for (id, fields) in entries {
        digest.update(id.to_string().as_bytes());
        for field in fields {
            digest.update([0x1f]);
            digest.update(
                field.as_ref().map_or_else(|| "\u{0}".to_string(), |f| format!("{}:{f}", f.len())).as_bytes(),
            );
        }
        digest.update([0x1e]);
    }
    hex::encode(digest.finalize())
}

/// Copies the database `from` into `to` in one step (one consistent read of `from`), waiting
/// up to [`crate::WRITER_WAIT`] while a writer of `from` is committing.
fn copy_whole(from: &rusqlite::Connection, to: &mut rusqlite::Connection) -> Result<()> {
    use rusqlite::backup::StepResult;
    let deadline = std::time::Instant::now() + crate::WRITER_WAIT;
    let backup = rusqlite::backup::Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ if std::time::Instant::now() >= deadline => return Err(StoreError::Busy),
            _ => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

impl Store {
    /// What the store holds, table by table, and its audit log's digest.
    pub fn inventory(&self) -> Result<Inventory> {
        inventory_of(&self.conn)
    }

    /// Whether the store holds anything but the catalog's copy: a restore onto it would lose it.
    pub fn holds_data(&self) -> Result<bool> {
        let inventory = self.inventory()?;
        let beyond_catalog =
            inventory.rows.iter().any(|(t, n)| *n > 0 && !CATALOG_TABLES.contains(&t.as_str()));
        let audited: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action <> 'load_catalog'",
            params![],
            |r| r.get(0),
        )?;
        Ok(beyond_catalog || audited > 0)
    }

    /// Writes a consistent copy of the store to `out` (a new file), while others may go on
    /// writing, and returns the copy's inventory. SQLite: the online backup API, the whole file
    /// copied in one step under a read lock; PostgreSQL: `pg_dump`'s plain SQL of the store's
    /// schema (one snapshot).
    pub fn backup_to(&self, out: &Path) -> Result<Inventory> {
        if out.exists() {
            return Err(StoreError::Backup(format!(
                "{} exists already; a backup never overwrites a file",
                out.display()
            )));
        }
        match &self.conn {
            Db::Sqlite(conn) => {
                let mut copy = rusqlite::Connection::open(out)?;
                if let Err(error) = copy_whole(conn, &mut copy) {
                    drop(copy);
                    // Nothing half-written stays behind.
                    let _ = std::fs::remove_file(out);
                    return Err(error);
                }
                let integrity: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                if integrity != "ok" {
                    return Err(StoreError::Backup(format!(
                        "the copy {} fails SQLite's integrity check: {integrity}",
                        out.display()
                    )));
                }
                inventory_of(&Db::Sqlite(copy))
            }
            Db::Postgres(_) => self.pg_dump(out),
        }
    }

    fn pg_dump(&self, out: &Path) -> Result<Inventory> {
        let Db::Postgres(pg) = &self.conn else { unreachable!("pg_dump of a PostgreSQL store") };
        let url = pg.borrow().url.clone();
        let schema: String = self.conn.query_row("SELECT current_schema()::text", params![], |r| r.get(0))?;
        // Counted in the same instant as near as may be: the dump is one snapshot; the counts are
        // read just before, so a write in between shows as a difference the caller reports.
        let inventory = self.inventory()?;
        let status = std::process::Command::new("pg_dump")
            .args(["--format=plain", "--no-owner", "--no-privileges", "--schema", &schema, "--file"])
            .arg(out)
            .arg("--dbname")
            .arg(&url)
            .status()
            .map_err(|e| {
                StoreError::Backup(format!("cannot run pg_dump (PostgreSQL's client tools): {e}"))
            })?;
        if !status.success() {
            return Err(StoreError::Backup(format!("pg_dump failed ({status})")));
        }
        Ok(inventory)
    }

    /// Replaces the store with the backup `file`, verified: the restored store holds exactly
    /// the backup's rows and audit log (the same digest). The restore is audited in the
    /// restored log.
    pub fn restore_from(&mut self, file: &Path, stamp: Stamp<'_>) -> Result<Inventory> {
        let expected = match self.conn.engine() {
            Engine::Sqlite => self.restore_sqlite(file)?,
            Engine::Postgres => self.restore_postgres(file)?,
        };
        let tx = self.begin_write()?;
        let after = crate::json(&serde_json::json!({
            "file": file.display().to_string(),
            "audit_entries": expected.audit_entries,
            "audit_digest": expected.audit_digest,
        }));
        crate::audit::audit(&tx, stamp, "restore", "store", &file.display().to_string(), None, Some(after))?;
        tx.commit()?;
        Ok(expected)
    }

    /// Restores a `pg_dump` file of the store's own schema, in one transaction run by `psql`: the
    /// schema dropped and made again from the dump. Returns the dump's inventory, found again in
    /// the restored store.
    fn restore_postgres(&mut self, file: &Path) -> Result<Inventory> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| StoreError::Backup(format!("cannot read {}: {e}", file.display())))?;
        let dump = crate::pg_dump::read(&text)
            .map_err(|e| StoreError::Backup(format!("{}: {e}", file.display())))?;
        let schema: String = self.conn.query_row("SELECT current_schema()::text", params![], |r| r.get(0))?;
        if dump.schema != schema {
            return Err(StoreError::Backup(format!(
                "{} is a dump of schema {}, and this store is schema {schema}: restore it with psql into an empty database",
                file.display(),
                dump.schema
            )));
        }
        let Db::Postgres(pg) = &self.conn else { unreachable!("a PostgreSQL store") };
        let url = pg.borrow().url.clone();
        let output = std::process::Command::new("psql")
            .args(["--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1", "--dbname"])
            .arg(&url)
            .args(["-c", &format!("DROP SCHEMA {schema} CASCADE"), "-f"])
            .arg(file)
            .output()
            .map_err(|e| StoreError::Backup(format!("cannot run psql (PostgreSQL's client tools): {e}")))?;
        if !output.status.success() {
            return Err(StoreError::Backup(format!(
                "psql refused {} and changed nothing: {}",
                file.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        // The statements prepared before name the tables that were dropped.
        pg.borrow_mut().forget_statements();
        let restored = self.inventory()?;
        if restored != dump.inventory {
            return Err(StoreError::Backup(format!(
                "the restored store differs from {}: {restored:?} against {:?}",
                file.display(),
                dump.inventory
            )));
        }
        crate::schema::migrate_postgres(&self.conn)?;
        Ok(dump.inventory)
    }

    /// Copies a SQLite backup into the store. Returns the backup's inventory, found again in
    /// the restored store.
    fn restore_sqlite(&mut self, file: &Path) -> Result<Inventory> {
        let Db::Sqlite(conn) = &mut self.conn else { unreachable!("a SQLite store") };
        let source = rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|source| StoreError::Open { path: file.display().to_string(), source })?;
        let integrity: String = source
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| StoreError::Backup(format!("{} is not a SQLite store: {e}", file.display())))?;
        if integrity != "ok" {
            return Err(StoreError::Backup(format!(
                "{} fails SQLite's integrity check: {integrity}",
                file.display()
            )));
        }
        let version: i64 = source.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < 1 || version as usize > crate::schema::steps() {
            return Err(StoreError::Backup(format!(
                "{} is not a Rapporteur store this program knows (schema version {version})",
                file.display()
            )));
        }
        let source = Db::Sqlite(source);
        let expected = inventory_of(&source)?;
        let Db::Sqlite(source) = source else { unreachable!("opened as SQLite") };
        copy_whole(&source, conn)?;
        let restored = self.inventory()?;
        if restored != expected {
            return Err(StoreError::Backup(format!(
                "the restored store differs from {}: {restored:?} against {expected:?}",
                file.display()
            )));
        }
        let Db::Sqlite(conn) = &mut self.conn else { unreachable!("restored onto SQLite") };
        crate::schema::migrate_sqlite(conn)?;
        Ok(expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::ScratchSchema;

    fn stamp(at: &str) -> Stamp<'_> {
        Stamp { at, by: "an.coord" }
    }

    #[test]
    fn a_backup_taken_while_another_writer_is_at_work_holds_what_was_committed_and_restores_verified() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.sqlite");
        let mut store = Store::open(&live).unwrap();
        store.open_portal_cycle("2019-2020", stamp("2026-01-10T09:00:00Z")).unwrap();
        let committed = store.inventory().unwrap();
        // The portal is halfway through a change while the backup runs.
        let mut portal = Store::open(&live).unwrap();
        let change = portal.begin_write().unwrap();
        change
            .execute(
                "INSERT INTO portal_cycle (id, opened_at, opened_by) VALUES (?1, ?2, ?3)",
                params!["2021-2022", "2026-01-10T09:05:00Z", "an.coord"],
            )
            .unwrap();
        let copy = dir.path().join("copy.sqlite");
        assert_eq!(store.backup_to(&copy).unwrap(), committed);
        change.commit().unwrap();
        assert!(store.backup_to(&copy).is_err(), "a backup never overwrites a file");

        let mut restored = Store::open(&dir.path().join("restored.sqlite")).unwrap();
        assert!(!restored.holds_data().unwrap());
        assert_eq!(restored.restore_from(&copy, stamp("2026-01-11T08:00:00Z")).unwrap(), committed);
        let ids: Vec<String> = restored.portal_cycles().unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["2019-2020"]);
        let log = restored.audit_log().unwrap();
        assert_eq!(log.len() as i64, committed.audit_entries + 1);
        let last = &log[log.len() - 1];
        assert_eq!(last.action, "restore");
        assert!(last.after.as_deref().is_some_and(|a| a.contains(&committed.audit_digest)), "{last:?}");
        assert!(restored.holds_data().unwrap());
    }

    #[test]
    fn a_file_that_is_not_a_store_is_refused_and_the_store_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        store.open_portal_cycle("2019-2020", stamp("2026-01-10T09:00:00Z")).unwrap();
        let before = store.inventory().unwrap();
        let not_a_store = dir.path().join("notes.txt");
        std::fs::write(&not_a_store, "cube;period;value\n").unwrap();
        assert!(matches!(
            store.restore_from(&not_a_store, stamp("2026-01-11T08:00:00Z")),
            Err(StoreError::Backup(_))
        ));
        assert_eq!(store.inventory().unwrap(), before);
    }

    #[test]
    fn a_postgres_store_is_backed_up_as_pg_dump_plain_sql_and_restored_verified() {
        let schema = ScratchSchema::new();
        let mut store = schema.open();
        store.open_portal_cycle("2019-2020", stamp("2026-01-10T09:00:00Z")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let dump = dir.path().join("store.sql");
        assert_eq!(store.backup_to(&dump).unwrap(), store.inventory().unwrap());
        let sql = std::fs::read_to_string(&dump).unwrap();
        assert!(sql.starts_with("--\n-- PostgreSQL database dump"), "{}", &sql[..80]);
        assert!(sql.contains(&format!(
            "COPY {}.portal_cycle (id, opened_at, opened_by) FROM stdin;\n2019-2020\t",
            schema.name
        )));
        let backed_up = store.inventory().unwrap();
        store.open_portal_cycle("2021-2022", stamp("2026-01-10T10:00:00Z")).unwrap();
        assert_eq!(store.portal_cycles().unwrap().len(), 2);
        let mut other = schema.open();
        assert_eq!(other.restore_from(&dump, stamp("2026-01-11T08:00:00Z")).unwrap(), backed_up);
        let ids: Vec<String> = other.portal_cycles().unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["2019-2020"]);
        assert_eq!(other.audit_log().unwrap().pop().unwrap().action, "restore");
        // Another instance's prepared statements still work: PostgreSQL plans them again.
        assert_eq!(store.portal_cycles().unwrap().len(), 1);
    }
}

//! The audit log: one writer every change of the store goes through, in the change's own
//! transaction, and the reads of the log.

use crate::db::params;
use rapporteur_domain::AuditEntry;

use crate::{Engine, Result, Stamp, Store};

/// An audit entry from a row of `SELECT id, at, who, action, entity, entity_key, before, after`.
fn audit_entry(r: &crate::db::Row<'_>) -> crate::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        who: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_key: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
    })
}

/// Writes one entry of the audit log: `stamp` did `action` to `entity` `entity_key`, with its
/// value before and after (JSON text; never a password hash or a token).
pub(crate) fn audit(
    tx: &crate::db::Db,
    stamp: Stamp<'_>,
    action: &str,
    entity: &str,
    entity_key: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, who, action, entity, entity_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![stamp.at, stamp.by, action, entity, entity_key, before, after],
    )?;
    Ok(())
}

impl Store {
    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let rows = self.conn.query(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log ORDER BY id",
            params![],
            audit_entry,
        )?;
        Ok(rows.into_iter().collect())
    }

    /// A page of the audit log, newest first, optionally only entries whose who, action, entity
    /// or key contains `filter`; with the number of matching entries.
    pub fn audit_page(&self, filter: &str, offset: i64, limit: i64) -> Result<(Vec<AuditEntry>, i64)> {
        let pattern = format!("%{}%", filter.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE over text in the
        // "C" collation does the same.
        let like = match self.conn.engine() {
            Engine::Sqlite => "LIKE",
            Engine::Postgres => "ILIKE",
        };
        let condition = format!(
            "(who {like} ?1 ESCAPE '\\' OR action {like} ?1 ESCAPE '\\' OR entity {like} ?1 ESCAPE '\\' OR entity_key {like} ?1 ESCAPE '\\')"
        );
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM audit_log WHERE {condition}"),
            params![pattern],
            |r| r.get(0),
        )?;
        let rows = self.conn.query(
            &format!(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log WHERE {condition}
             ORDER BY id DESC LIMIT ?2 OFFSET ?3"
        ),
            params![pattern, limit, offset],
            audit_entry,
        )?;
        Ok((rows.into_iter().collect(), total))
    }
}

//! The audit log: one writer every change of the store goes through, in the change's own
//! transaction, and the reads of the log.

use rapporteur_domain::AuditEntry;
use rusqlite::{params, Connection};

use crate::{Result, Stamp, Store};

/// An audit entry from a row of `SELECT id, at, who, action, entity, entity_key, before, after`.
fn audit_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
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
    tx: &Connection,
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
        let mut statement = self.conn.prepare(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log ORDER BY id",
        )?;
        let rows = statement.query_map([], audit_entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of the audit log, newest first, optionally only entries whose who, action, entity
    /// or key contains `filter`; with the number of matching entries.
    pub fn audit_page(&self, filter: &str, offset: i64, limit: i64) -> Result<(Vec<AuditEntry>, i64)> {
        let pattern = format!("%{}%", filter.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let condition = "(who LIKE ?1 ESCAPE '\\' OR action LIKE ?1 ESCAPE '\\' OR entity LIKE ?1 ESCAPE '\\' OR entity_key LIKE ?1 ESCAPE '\\')";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM audit_log WHERE {condition}"),
            [&pattern],
            |r| r.get(0),
        )?;
        let mut statement = self.conn.prepare(&format!(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log WHERE {condition}
             ORDER BY id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = statement.query_map(params![pattern, limit, offset], audit_entry)?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }
}

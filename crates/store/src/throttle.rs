//! Login attempts, kept for throttling: failed attempts per account name and per address within
//! a window. Every attempt is audited (a failed one under the name that was typed).

use rusqlite::params;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

impl Store {
    /// Records a login attempt at `at`, and audits it.
    pub fn record_login_attempt(&mut self, name: &str, addr: &str, at: &str, ok: bool) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute(
            "INSERT INTO login_attempt (name, addr, at, ok) VALUES (?1, ?2, ?3, ?4)",
            params![name, addr, at, ok],
        )?;
        let action = if ok { "login" } else { "login_failed" };
        audit(&tx, Stamp { at, by: name }, action, "user", name, None, Some(json(addr)))?;
        tx.commit()?;
        Ok(())
    }

    /// Failed login attempts since `since`: for this account name, and from this address.
    pub fn failed_logins_since(&self, name: &str, addr: &str, since: &str) -> Result<(i64, i64)> {
        let count = |column: &str, value: &str| -> Result<i64> {
            Ok(self.conn.query_row(
                &format!("SELECT count(*) FROM login_attempt WHERE {column} = ?1 AND at >= ?2 AND ok = 0"),
                params![value, since],
                |r| r.get(0),
            )?)
        };
        Ok((count("name", name)?, count("addr", addr)?))
    }

    /// Forgets login attempts older than `before` (they no longer count for throttling).
    pub fn purge_login_attempts(&mut self, before: &str) -> Result<()> {
        self.conn.execute("DELETE FROM login_attempt WHERE at < ?1", [before])?;
        Ok(())
    }
}

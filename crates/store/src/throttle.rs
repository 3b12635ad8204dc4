//! Login attempts, kept for throttling and for the coordinator's view of attacks: failed
//! attempts per account name and address, and per address. Every attempt is audited (a failed
//! one under the name that was typed, cut to the longest name an account can have).

use crate::db::params;

use rapporteur_domain::LoginPressure;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// Failed attempts counted for throttling: how many, and when the last one was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub last_at: Option<String>,
}

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

    /// Failed attempts for `name` from `addr` since `since` and after the pair's last success.
    pub fn failed_logins_of(&self, name: &str, addr: &str, since: &str) -> Result<Failures> {
        let last_success: Option<String> = self
            .conn
            .query_opt(
                "SELECT max(at) FROM login_attempt WHERE name = ?1 AND addr = ?2 AND ok = 1",
                params![name, addr],
                |r| r.get(0),
            )?
            .flatten();
        let since = last_success.filter(|s| s.as_str() > since).unwrap_or_else(|| since.to_string());
        self.failures("name = ?1 AND addr = ?2 AND at > ?3", params![name, addr, since])
    }

    /// Failed attempts from `addr`, for any name, since `since`.
    pub fn failed_logins_from(&self, addr: &str, since: &str) -> Result<Failures> {
        self.failures("addr = ?1 AND at >= ?2", params![addr, since])
    }

    fn failures(&self, condition: &str, args: Vec<crate::db::Value>) -> Result<Failures> {
        let sql = format!("SELECT count(*), max(at) FROM login_attempt WHERE ok = 0 AND {condition}");
        self.conn.query_row(&sql, args, |r| Ok(Failures { count: r.get(0)?, last_at: r.get(1)? }))
    }

    /// Failed logins since `since`: how many, and the addresses and names most tried.
    pub fn login_pressure(&self, since: &str, top: usize) -> Result<LoginPressure> {
        let failed: i64 = self.conn.query_row(
            "SELECT count(*) FROM login_attempt WHERE ok = 0 AND at >= ?1",
            params![since],
            |r| r.get(0),
        )?;
        let most = |column: &str| -> Result<Vec<(String, i64)>> {
            let rows = self.conn.query(
                &format!(
                    "SELECT {column}, count(*) AS n FROM login_attempt WHERE ok = 0 AND at >= ?1
                 GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?2"
                ),
                params![since, top as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(rows.into_iter().collect())
        };
        Ok(LoginPressure { failed, addresses: most("addr")?, names: most("name")? })
    }

    /// Forgets login attempts older than `before` (they no longer count).
    pub fn purge_login_attempts(&mut self, before: &str) -> Result<()> {
        self.conn.execute("DELETE FROM login_attempt WHERE at < ?1", params![before])?;
        Ok(())
    }
}

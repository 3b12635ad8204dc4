//! Throttling of logins that slows an attacker without locking the real user out: after a few
//! failed attempts of one name from one address, each further attempt from that pair must wait
//! longer (30 s, then 1, 2, 4 … minutes, at most an hour), and so must every attempt from an
//! address that failed for many names (password spraying). Another address — the real user's —
//! is not slowed by failures elsewhere. The coordinator sees the last day's failures.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_store::Failures;

use crate::access::allow;
use crate::error::Result;
use crate::App;

/// Failed logins of one name from one address before each further attempt must wait.
pub const FREE_FAILURES_PER_NAME: i64 = 5;
/// Failed logins from one address, for any names, within [`ADDRESS_WINDOW_SECS`] before each
/// further attempt from it must wait.
pub const FREE_FAILURES_PER_ADDR: i64 = 20;
/// The window over which an address's failures count, in seconds.
pub const ADDRESS_WINDOW_SECS: i64 = 15 * 60;
/// The first wait, in seconds; it doubles with each further failure.
pub const FIRST_WAIT_SECS: i64 = 30;
/// The longest wait, in seconds.
pub const LONGEST_WAIT_SECS: i64 = 3600;
/// How long failed attempts are kept and count for a name and address, in seconds.
pub const KEPT_SECS: i64 = 24 * 3600;

/// Failed logins of the last day, for the coordinator (a view of attacks on accounts).
pub use rapporteur_domain::LoginPressure;

/// `at` moved by `seconds` (RFC 3339 text in, RFC 3339 text out).
pub(crate) fn add_seconds(at: &str, seconds: i64) -> String {
    at.parse::<jiff::Timestamp>()
        .ok()
        .and_then(|t| t.checked_add(jiff::SignedDuration::from_secs(seconds)).ok())
        .map(|t| t.to_string())
        .unwrap_or_else(|| at.to_string())
}

/// The time before which the next attempt must wait after `failures`, once more than `free`.
fn wait_until(failures: &Failures, free: i64) -> Option<String> {
    let beyond = failures.count - free;
    let last = failures.last_at.as_deref()?;
    (beyond >= 0).then(|| {
        let wait = FIRST_WAIT_SECS.saturating_mul(1_i64 << beyond.min(20)).min(LONGEST_WAIT_SECS);
        add_seconds(last, wait)
    })
}

impl App {
    /// Whether an attempt of `name` from `addr` at `now` must wait.
    pub(crate) fn login_throttled(&self, name: &str, addr: &str, now: &str) -> Result<bool> {
        let of_pair = self.store.failed_logins_of(name, addr, &add_seconds(now, -KEPT_SECS))?;
        let from_addr = self.store.failed_logins_from(addr, &add_seconds(now, -ADDRESS_WINDOW_SECS))?;
        let waits =
            [wait_until(&of_pair, FREE_FAILURES_PER_NAME), wait_until(&from_addr, FREE_FAILURES_PER_ADDR)];
        Ok(waits.iter().flatten().any(|until| now < until.as_str()))
    }

    /// Forgets the attempts that no longer count.
    pub(crate) fn forget_old_login_attempts(&mut self, now: &str) -> Result<()> {
        Ok(self.store.purge_login_attempts(&add_seconds(now, -KEPT_SECS))?)
    }

    /// The failed logins of the last day: how many, the addresses and names most tried
    /// (coordinator only).
    pub fn login_pressure(&self, by: &Caller) -> Result<LoginPressure> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.login_pressure(&add_seconds(&self.now(), -KEPT_SECS), 5)?)
    }
}

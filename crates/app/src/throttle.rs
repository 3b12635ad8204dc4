//! Throttling of logins: after too many failed attempts of one account name, or from one
//! address, within a window, further attempts are refused for that while.

use crate::error::Result;
use crate::App;

/// Failed logins of one account name within the throttle window before it is refused.
pub const MAX_FAILED_PER_NAME: i64 = 5;
/// Failed logins from one address within the window before it is refused.
pub const MAX_FAILED_PER_ADDR: i64 = 20;
/// The throttle window, in seconds.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;

/// `at` moved by `seconds` (RFC 3339 text in, RFC 3339 text out).
pub(crate) fn add_seconds(at: &str, seconds: i64) -> String {
    at.parse::<jiff::Timestamp>()
        .ok()
        .and_then(|t| t.checked_add(jiff::SignedDuration::from_secs(seconds)).ok())
        .map(|t| t.to_string())
        .unwrap_or_else(|| at.to_string())
}

impl App {
    /// Whether logins of `name` or from `addr` are refused for now.
    pub(crate) fn login_throttled(&self, name: &str, addr: &str, now: &str) -> Result<bool> {
        let since = add_seconds(now, -THROTTLE_WINDOW_SECS);
        let (by_name, by_addr) = self.store.failed_logins_since(name, addr, &since)?;
        Ok(by_name >= MAX_FAILED_PER_NAME || by_addr >= MAX_FAILED_PER_ADDR)
    }

    /// Forgets the attempts that no longer count.
    pub(crate) fn forget_old_login_attempts(&mut self, now: &str) -> Result<()> {
        Ok(self.store.purge_login_attempts(&add_seconds(now, -THROTTLE_WINDOW_SECS))?)
    }
}

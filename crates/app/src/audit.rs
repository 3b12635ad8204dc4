//! The audit log and the store's summary, for the coordinator and the operator.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{AuditEntry, StoreCounts};

use crate::access::allow;
use crate::error::Result;
use crate::App;

/// One page of the audit log and how many entries match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
}

impl App {
    /// The whole audit log, oldest first (coordinator only).
    pub fn audit_log(&self, by: &Caller) -> Result<Vec<AuditEntry>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.audit_log()?)
    }

    /// A page of the audit log, newest first, of the entries whose who, action, entity or key
    /// contains `filter` (coordinator only).
    pub fn audit_page(&self, by: &Caller, filter: &str, offset: i64, limit: i64) -> Result<AuditPage> {
        allow(by, Action::Coordinate)?;
        let (entries, total) = self.store.audit_page(filter, offset, limit)?;
        Ok(AuditPage { entries, total })
    }

    /// How many imports, returns, values and audit entries the store holds (coordinator only).
    pub fn counts(&self, by: &Caller) -> Result<StoreCounts> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.counts()?)
    }
}

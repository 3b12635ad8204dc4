//! What is kept beside the values: where each stored value came from, the imports, the actors'
//! explanations of findings, and the audit log. Plain values, built by the store and shown by the
//! use cases.

use crate::{Finding, ObservationRow, Severity};

/// A stored value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub row: ObservationRow,
    pub return_id: i64,
    pub import_id: i64,
    pub file_name: String,
    pub imported_at: String,
    pub imported_by: String,
    pub actor: String,
}

/// One entry of the audit log: who did what to which entity, when, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A recorded import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub cycle: String,
    pub imported_at: String,
    pub imported_by: String,
    pub layout: String,
    pub row_count: i64,
}

/// An actor's explanation of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgment {
    pub explanation: String,
    pub who: String,
    pub at: String,
}

/// The coordinator's acceptance of an explained error finding, to be published as it stands.
/// It holds only while the figures behind the finding are those it was accepted with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    pub who: String,
    pub at: String,
}

/// A stored finding, its explanation if an actor gave one, and the coordinator's acceptance if
/// the finding is an error accepted as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFinding {
    pub finding: Finding,
    pub found_at: String,
    pub acknowledgment: Option<Acknowledgment>,
    pub acceptance: Option<Acceptance>,
}

impl StoredFinding {
    /// Whether this finding still stands in the way of submitting the return it is on: an error
    /// until the coordinator accepts it (after the actor explained it), a warning until the
    /// actor explains it, never information.
    pub fn blocks_submission(&self) -> bool {
        match self.finding.severity {
            Severity::Error => self.acceptance.is_none(),
            Severity::Warning => self.acknowledgment.is_none(),
            Severity::Info => false,
        }
    }

    /// Whether only the coordinator's acceptance stands between this finding and submission:
    /// an error the actor explained that nobody accepted (for the figures it has now).
    pub fn awaits_acceptance(&self) -> bool {
        self.acknowledgment.is_some() && self.blocks_submission()
    }
}

/// How many things the store holds, for summaries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoreCounts {
    pub imports: i64,
    pub returns: i64,
    pub observations: i64,
    pub control_values: i64,
    pub audit_entries: i64,
}

/// A built report file, without its bytes: which cycle, language and format, its size and
/// hash, who built it when, and whether it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportBuild {
    pub id: i64,
    pub cycle: String,
    pub lang: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub built_at: String,
    pub built_by: String,
    pub published: bool,
    /// The size in bytes of the open-data archive made when the build was published (none
    /// before, or for a build published before the portal made one).
    pub open_data_size: Option<i64>,
}

/// Failed logins over a period, for the coordinator: how many, and where they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginPressure {
    pub failed: i64,
    /// Addresses with the most failed logins, with their counts, most first.
    pub addresses: Vec<(String, i64)>,
    /// Account names with the most failed logins, with their counts, most first.
    pub names: Vec<(String, i64)>,
}

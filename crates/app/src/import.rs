//! The import use case: read a return, check it whole, and store it in one transaction or not
//! at all; say when it changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{plan_changes, scope_of, Change, RowKind};
use rapporteur_ingest::{parse_return, ImportProblem, Layout, ParsedReturn, Progress};
use rapporteur_store::{NewImport, Stamp};
use sha2::{Digest, Sha256};

use crate::error::{refuse, PortalError, Result};
use crate::App;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The file had problems; nothing was stored.
    Refused(Vec<ImportProblem>),
    /// The store already held exactly these values; nothing was written.
    Unchanged(ImportSummary),
    /// The values were stored as import `import_id`; the cycle was validated again, and
    /// `findings` are those involving the cubes the file touched.
    Imported { import_id: i64, summary: ImportSummary, findings: Vec<rapporteur_domain::Finding> },
}

/// Counts of an import that was read without problems.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub layout: String,
    pub observations: usize,
    pub control_values: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub cubes: Vec<String>,
}

/// How a file was read, as the import reports it and its provenance keeps it.
pub(crate) fn describe(layout: &Layout) -> String {
    match layout {
        // A record file in JSON (ingest marks it by this encoding).
        Layout::Csv { encoding: "JSON", .. } => "JSON".to_string(),
        Layout::Csv { encoding, delimiter, decimal_comma } => {
            let delimiter = if *delimiter == '\t' { "tab".to_string() } else { format!("'{delimiter}'") };
            let decimals = if *decimal_comma { "decimal comma" } else { "decimal point" };
            format!("CSV, {encoding}, {delimiter}-separated, {decimals}")
        }
        Layout::Workbook { sheets } => format!("workbook, sheets {}", sheets.join(", ")),
    }
}

impl App {
    /// Imports one return file into `cycle` (the catalog's current cycle when `None`) for `by`,
    /// who must be allowed to contribute every cube the file holds; a return submitted or
    /// approved in the portal is locked and refused.
    pub fn import(
        &mut self,
        by: &Caller,
        file_name: &str,
        bytes: &[u8],
        cycle: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome> {
        if !crate::access::contributes_somewhere(by) {
            return Err(refuse(PortalError::Forbidden));
        }
        let cycle = self.catalog.cycle(cycle)?.clone();
        let parsed = match parse_return(bytes, &self.catalog.catalog, &cycle, progress) {
            Ok(parsed) => parsed,
            Err(problems) => return Ok(ImportOutcome::Refused(problems)),
        };
        let scope = scope_of(&parsed.rows);
        // The cubes the file touches, in order: checked, summarised, and the findings shown.
        let touched: BTreeSet<String> = scope.iter().map(|(cube, _)| cube.clone()).collect();
        self.check_contributes(by, &touched)?;
        for cube in &touched {
            self.check_unlocked(&cycle.id, &self.return_of(cube))?;
        }
        let existing = self.store.rows_in_scope(&cycle.id, &scope)?.into_iter().map(|s| s.row).collect();
        let changes = plan_changes(existing, &parsed.rows);
        let summary = summarize_import(&parsed, &touched, &changes);
        if changes.is_empty() {
            return Ok(ImportOutcome::Unchanged(summary));
        }
        let owners: BTreeMap<String, String> =
            self.catalog.catalog.cubes.values().map(|c| (c.id.clone(), c.owner.clone())).collect();
        let sha256 = hex::encode(Sha256::digest(bytes));
        let at = self.now();
        let import = NewImport {
            file_name,
            sha256: &sha256,
            cycle: &cycle.id,
            stamp: Stamp { at: &at, by: by.name() },
            layout: &summary.layout,
            row_count: parsed.rows.len(),
        };
        let import_id = self.store.apply_import(&import, &owners, &changes)?;
        // Every import runs the rules: the whole cycle is validated and stored, and the findings
        // involving the touched cubes are shown with the import.
        let all = self.compute_findings(&cycle.id)?;
        self.store.replace_findings(&cycle.id, &all, &at)?;
        let findings =
            all.into_iter().filter(|f| f.cells.iter().any(|c| touched.contains(&c.cube))).collect();
        Ok(ImportOutcome::Imported { import_id, summary, findings })
    }

    /// Refuses a file holding a cube `by` may not contribute: every such cube is named when
    /// `by` works for an actor (the file mixes in other actors' returns).
    fn check_contributes(&self, by: &Caller, cubes: &BTreeSet<String>) -> Result<()> {
        let foreign: Vec<&str> = cubes
            .iter()
            .map(String::as_str)
            .filter(|cube| {
                self.catalog.catalog.cubes.get(*cube).is_some_and(|c| !by.may(Action::Contribute(&c.owner)))
            })
            .collect();
        if foreign.is_empty() {
            Ok(())
        } else {
            Err(refuse(PortalError::OtherActorsCubes(foreign.join(", "))))
        }
    }
}

/// The counts of an import read without problems.
fn summarize_import(parsed: &ParsedReturn, touched: &BTreeSet<String>, changes: &[Change]) -> ImportSummary {
    let count = |kind| parsed.rows.iter().filter(|r| r.kind == kind).count();
    let mut summary = ImportSummary {
        layout: describe(&parsed.layout),
        observations: count(RowKind::Observation),
        control_values: count(RowKind::Control),
        cubes: touched.iter().cloned().collect(),
        ..ImportSummary::default()
    };
    for change in changes {
        match change {
            Change::Add(_) => summary.added += 1,
            Change::Update { .. } => summary.updated += 1,
            Change::Remove(_) => summary.removed += 1,
        }
    }
    summary
}

//! The import use case: read a return, check it whole, and store it in one transaction or not
//! at all; say when it changes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{plan_changes, scope_of, Change, Cycle, RowKind};
use rapporteur_ingest::{parse_return, ImportProblem, Layout, ParsedReturn, Progress};
use rapporteur_store::{NewImport, Stamp};
use sha2::{Digest, Sha256};

use crate::access::contributes_somewhere;
use crate::catalog::LoadedCatalog;
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

/// Reads return files for one cycle, away from the store: a portal runs it outside the store's
/// lock, so that a large or hostile file slows only the one who sent it.
#[derive(Clone)]
pub struct ReturnReader {
    catalog: Arc<LoadedCatalog>,
    cycle: Cycle,
}

/// A return file read and checked, ready to be stored.
#[derive(Debug)]
pub struct ReadReturn {
    cycle: String,
    parsed: ParsedReturn,
    sha256: String,
}

impl ReturnReader {
    /// Reads and checks `bytes`: the return, or every problem found.
    pub fn read(
        &self,
        bytes: &[u8],
        progress: Progress<'_>,
    ) -> std::result::Result<ReadReturn, Vec<ImportProblem>> {
        let parsed = parse_return(bytes, &self.catalog.catalog, &self.cycle, progress)?;
        Ok(ReadReturn { cycle: self.cycle.id.clone(), parsed, sha256: hex::encode(Sha256::digest(bytes)) })
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
        let reader = self.return_reader(by, cycle)?;
        match reader.read(bytes, progress) {
            Ok(read) => self.store_return(by, file_name, read),
            Err(problems) => Ok(ImportOutcome::Refused(problems)),
        }
    }

    /// A reader of returns for `by`, refused at once to anyone who delivers no returns (so that
    /// nobody else makes the system read a file).
    pub fn return_reader(&self, by: &Caller, cycle: Option<&str>) -> Result<ReturnReader> {
        if !contributes_somewhere(by) {
            return Err(refuse(PortalError::Forbidden));
        }
        Ok(ReturnReader { catalog: Arc::clone(&self.catalog), cycle: self.catalog.cycle(cycle)?.clone() })
    }

    /// Stores a return read by [`ReturnReader::read`]: whole, in one transaction, or not at all.
    pub fn store_return(&mut self, by: &Caller, file_name: &str, read: ReadReturn) -> Result<ImportOutcome> {
        let ReadReturn { cycle, parsed, sha256 } = read;
        let scope = scope_of(&parsed.rows);
        // The cubes the file touches, in order: checked, summarised, and the findings shown.
        let touched: BTreeSet<String> = scope.iter().map(|(cube, _)| cube.clone()).collect();
        self.check_contributes(by, &touched)?;
        for cube in &touched {
            self.check_unlocked(&cycle, &self.return_of(cube))?;
        }
        let existing = self.store.rows_in_scope(&cycle, &scope)?.into_iter().map(|s| s.row).collect();
        let changes = plan_changes(existing, &parsed.rows);
        let summary = summarize_import(&parsed, &touched, &changes);
        if changes.is_empty() {
            return Ok(ImportOutcome::Unchanged(summary));
        }
        let owners: BTreeMap<String, String> =
            self.catalog.catalog.cubes.values().map(|c| (c.id.clone(), c.owner.clone())).collect();
        let at = self.now();
        let import = NewImport {
            file_name,
            sha256: &sha256,
            cycle: &cycle,
            stamp: Stamp { at: &at, by: by.name() },
            layout: &summary.layout,
            row_count: parsed.rows.len(),
        };
        let import_id = self.store.apply_import(&import, &owners, &changes)?;
        // Every import runs the rules: the whole cycle is validated and stored, and the findings
        // involving the touched cubes are shown with the import.
        let all = self.compute_findings(&cycle)?;
        self.store.replace_findings(&cycle, &all, &at)?;
        let findings =
            all.into_iter().filter(|f| f.cells.iter().any(|c| touched.contains(&c.cube))).collect();
        Ok(ImportOutcome::Imported { import_id, summary, findings })
    }

    /// Refuses a file holding a cube `by` may not contribute, naming every such cube (a file
    /// that mixes in other actors' returns).
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

//! The validation use case: run the catalog's rules over a cycle, store the findings, let an
//! actor explain one.

use std::collections::BTreeSet;

use rapporteur_domain::{Finding, RowKind};
use rapporteur_rules::{check_cycle, CycleData};
use rapporteur_store::StoredFinding;

use crate::{App, AppError, Result};

impl App {
    /// Runs every rule over `cycle`, stores the findings (keeping explanations) and returns
    /// them as stored, errors first.
    pub fn validate(&mut self, cycle: Option<&str>) -> Result<Vec<StoredFinding>> {
        let cycle = self.catalog.cycle(cycle)?.clone();
        let findings = self.compute_findings(&cycle.id, None)?;
        let at = self.now();
        self.store.replace_findings(&cycle.id, &findings, &at)?;
        Ok(self.store.findings(&cycle.id)?)
    }

    /// The findings of `cycle` as the rules give them now, optionally only those involving
    /// `cubes`; nothing is stored.
    pub fn compute_findings(&self, cycle: &str, cubes: Option<&BTreeSet<String>>) -> Result<Vec<Finding>> {
        let cycle = self.catalog.cycle(Some(cycle))?;
        let observations: Vec<_> =
            self.store.cycle_rows(RowKind::Observation, &cycle.id)?.into_iter().map(|s| s.row).collect();
        let controls: Vec<_> =
            self.store.cycle_rows(RowKind::Control, &cycle.id)?.into_iter().map(|s| s.row).collect();
        let data = CycleData { cycle, observations: &observations, controls: &controls };
        Ok(check_cycle(&self.catalog.catalog, &data, cubes))
    }

    /// Records the explanation an actor gives for finding `key` of `cycle`.
    pub fn acknowledge(&mut self, cycle: Option<&str>, key: &str, explanation: &str) -> Result<()> {
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        if explanation.trim().is_empty() {
            return Err(AppError::EmptyExplanation);
        }
        let at = self.now();
        if self.store.acknowledge(&cycle, key, explanation.trim(), &self.user, &at)? {
            Ok(())
        } else {
            Err(AppError::UnknownFinding { key: key.to_string(), cycle })
        }
    }
}

//! Validation: run the catalog's rules over a cycle and store the findings; let the actor
//! concerned explain one, and the coordinator accept an explained error as it stands.

use std::collections::BTreeSet;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{Finding, RowKind, Severity, StoredFinding};
use rapporteur_rules::{check_cycle, CycleData};
use rapporteur_store::Stamp;

use crate::access::allow;
use crate::error::{refuse, AppError, PortalError, Result};
use crate::limits::{check_length, MAX_EXPLANATION_CHARS};
use crate::App;

impl App {
    /// Runs every rule over `cycle`, stores the findings (keeping explanations) and returns
    /// them as stored, errors first (the coordinator, who sees every actor's figures).
    pub fn validate(&mut self, by: &Caller, cycle: Option<&str>) -> Result<Vec<StoredFinding>> {
        allow(by, Action::ViewCycle)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let findings = self.compute_findings(&cycle)?;
        let at = self.now();
        self.store.replace_findings(&cycle, &findings, &at)?;
        Ok(self.store.findings(&cycle)?)
    }

    /// The findings of `cycle` as the rules give them now; nothing is stored.
    pub(crate) fn compute_findings(&self, cycle: &str) -> Result<Vec<Finding>> {
        let cycle = self.catalog.cycle(Some(cycle))?;
        // The cells of data: values, and cells flagged not available or confidential.
        let mut observations = self.store.cycle_rows(RowKind::Observation, &cycle.id)?;
        observations.extend(self.store.cycle_flagged(&cycle.id)?);
        let observations: Vec<_> = observations.into_iter().map(|s| s.row).collect();
        let controls: Vec<_> =
            self.store.cycle_rows(RowKind::Control, &cycle.id)?.into_iter().map(|s| s.row).collect();
        let data = CycleData { cycle, observations: &observations, controls: &controls };
        Ok(check_cycle(&self.catalog.catalog, &data, None))
    }

    /// Records the explanation the actor concerned gives for finding `key` of `cycle`: `by`
    /// must be allowed to contribute one of the cubes the finding is about, and none of them
    /// may be locked.
    pub fn acknowledge(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        key: &str,
        explanation: &str,
    ) -> Result<()> {
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let unknown = || AppError::UnknownFinding { key: key.to_string(), cycle: cycle.clone() };
        if !crate::access::contributes_somewhere(by) {
            return Err(refuse(PortalError::Forbidden));
        }
        let finding = self.store.findings(&cycle)?.into_iter().find(|f| f.finding.key == key);
        let cubes: BTreeSet<String> = match &finding {
            Some(f) => f.finding.cells.iter().map(|c| c.cube.clone()).collect(),
            None => return Err(unknown()),
        };
        let owners: BTreeSet<&str> = cubes
            .iter()
            .filter_map(|c| self.catalog.catalog.cubes.get(c).map(|cube| cube.owner.as_str()))
            .collect();
        if !owners.iter().any(|owner| by.may(Action::Contribute(owner))) {
            return Err(refuse(PortalError::Forbidden));
        }
        for cube in &cubes {
            self.check_unlocked(&cycle, &self.return_of(cube))?;
        }
        if explanation.trim().is_empty() {
            return Err(AppError::EmptyExplanation);
        }
        check_length("explanation", explanation.trim(), MAX_EXPLANATION_CHARS)?;
        let at = self.now();
        if self.store.acknowledge(&cycle, key, explanation.trim(), Stamp { at: &at, by: by.name() })? {
            Ok(())
        } else {
            Err(unknown())
        }
    }

    /// Records the coordinator's acceptance of error finding `key` of `cycle` as it stands: the
    /// figures cannot be corrected (two sources counting differently, a figure already printed)
    /// and the actor has explained why. Until then an error keeps its return from being
    /// submitted. The acceptance holds while the finding's figures stay those accepted.
    pub fn accept_finding(&mut self, by: &Caller, cycle: Option<&str>, key: &str) -> Result<()> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let unknown = || AppError::UnknownFinding { key: key.to_string(), cycle: cycle.clone() };
        let stored = self.store.findings(&cycle)?.into_iter().find(|f| f.finding.key == key);
        let Some(stored) = stored else { return Err(unknown()) };
        if stored.finding.severity != Severity::Error {
            return Err(refuse(PortalError::AcceptOnlyErrors));
        }
        if stored.acknowledgment.is_none() {
            return Err(refuse(PortalError::AcceptUnexplained));
        }
        let at = self.now();
        if self.store.accept_finding(&cycle, key, Stamp { at: &at, by: by.name() })? {
            Ok(())
        } else {
            Err(unknown())
        }
    }
}

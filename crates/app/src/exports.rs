//! Exports to international destinations (Eurostat, UNODC, GRETA): a cycle's figures cut
//! through the catalog's crosswalks, protected together with the rest of the publication.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::Crosswalk;
use rapporteur_domain::{
    status_under, Cycle, ObservationRow, Outlet, RowKind, StoredFinding, SuppressionPattern,
};
use rapporteur_exchange::{
    consistency, destination_cells, export_files, ConsistencyLine, DestinationCut, Export,
};
use rapporteur_opendata::zip_package;

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

impl App {
    /// The export of `cycle` to `destination` (a crosswalk's id), its cells suppressed as the
    /// disclosure policy protects the whole publication — report, open data and every export
    /// together, so that no combination of them recomputes a sensitive cell (coordinator only).
    pub fn export(
        &self,
        by: &Caller,
        destination: &str,
        cycle: Option<&str>,
        made_on: &str,
    ) -> Result<Export<'_>> {
        allow(by, Action::Coordinate)?;
        let crosswalk = self.crosswalk(destination)?;
        let cycle = self.catalog.cycle(cycle)?;
        let observations = self.cycle_observations(&cycle.id)?;
        let (pattern, _, _) = self.outlet_pattern(by, &cycle.id, Outlet::Exports)?;
        self.protected_export(crosswalk, cycle, &observations, &pattern, made_on)
    }

    /// Whether every destination receives each population the catalog's `equal_totals` rules
    /// name with the report's total, or why not: per rule, period, destination and member cube
    /// (coordinator only). Validates the cycle first, so that the actors' explanations of the
    /// rules' findings are current.
    pub fn destination_consistency(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
    ) -> Result<Vec<ConsistencyLine>> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let findings = self.validate(by, Some(&cycle))?;
        let (pattern, _, _) = self.outlet_pattern(by, &cycle, Outlet::Exports)?;
        self.consistency_with(&cycle, &findings, &pattern)
    }

    /// The same with the findings already at hand (the report validates before it builds).
    pub(crate) fn consistency_with(
        &self,
        cycle: &str,
        findings: &[StoredFinding],
        pattern: &SuppressionPattern,
    ) -> Result<Vec<ConsistencyLine>> {
        let cycle = self.catalog.cycle(Some(cycle))?;
        let observations = self.cycle_observations(&cycle.id)?;
        let exports = self
            .catalog
            .catalog
            .crosswalks
            .values()
            .map(|crosswalk| self.protected_export(crosswalk, cycle, &observations, pattern, ""))
            .collect::<Result<Vec<_>>>()?;
        Ok(consistency(&self.catalog.catalog, &exports, &observations, findings))
    }

    fn protected_export<'a>(
        &'a self,
        crosswalk: &'a Crosswalk,
        cycle: &'a Cycle,
        observations: &[ObservationRow],
        pattern: &SuppressionPattern,
        made_on: &str,
    ) -> Result<Export<'a>> {
        let mut cut = self.cut(crosswalk, cycle, observations)?;
        let flagged: Vec<ObservationRow> =
            self.store.cycle_flagged(&cycle.id)?.into_iter().map(|s| s.row).collect();
        for cell in &mut cut.cells {
            cell.status = pattern.status(&cell.key);
            // A cell over a flagged one (the cell, or a total over it) is not known.
            cell.flag = status_under(&flagged, &cell.key);
            if cell.flag.is_some() {
                cell.value = None;
            }
        }
        for item in &mut cut.not_sent {
            for (period, key) in &item.keys {
                item.status.insert(period.clone(), pattern.status(key));
            }
        }
        Ok(Export {
            catalog: &self.catalog.catalog,
            crosswalk,
            cycle: &cycle.id,
            cells: cut.cells,
            not_sent: cut.not_sent,
            made_on: made_on.to_string(),
        })
    }

    /// The export of `cycle` to `destination` as one ZIP archive, for the portal's download:
    /// its file name and bytes (coordinator only; the entries dated `made_on`).
    pub fn export_archive(
        &self,
        by: &Caller,
        destination: &str,
        cycle: Option<&str>,
        made_on: &str,
    ) -> Result<(String, Vec<u8>)> {
        let export = self.export(by, destination, cycle, made_on)?;
        let files = export_files(&export).map_err(|e| AppError::Export(e.to_string()))?;
        let folder = format!("rapporteur-{}-{}", export.cycle, export.crosswalk.id);
        let bytes = zip_package(&folder, &files, made_on).map_err(|e| AppError::Export(e.to_string()))?;
        Ok((format!("{folder}.zip"), bytes))
    }

    /// The catalog's destinations: the crosswalks' ids.
    pub fn destinations(&self) -> Vec<&Crosswalk> {
        self.catalog.catalog.crosswalks.values().collect()
    }

    /// The crosswalk of `destination`: its id (`eurostat_thb`), or the part of an id before its
    /// first `_` when one id only has it (`eurostat`).
    fn crosswalk(&self, destination: &str) -> Result<&Crosswalk> {
        let crosswalks = &self.catalog.catalog.crosswalks;
        let prefix = format!("{destination}_");
        let mut by_prefix = crosswalks.values().filter(|c| c.id.starts_with(&prefix));
        let short = match (by_prefix.next(), by_prefix.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
        crosswalks.get(destination).or(short).ok_or_else(|| AppError::UnknownDestination {
            wanted: destination.to_string(),
            known: crosswalks.keys().cloned().collect::<Vec<_>>().join(", "),
        })
    }

    fn cut(
        &self,
        crosswalk: &Crosswalk,
        cycle: &Cycle,
        observations: &[ObservationRow],
    ) -> Result<DestinationCut> {
        destination_cells(&self.catalog.catalog, crosswalk, cycle, observations)
            .map_err(|e| AppError::Export(e.to_string()))
    }

    /// Every observation (data rows, not control values) of the cycle, of every cube.
    pub(crate) fn cycle_observations(&self, cycle: &str) -> Result<Vec<ObservationRow>> {
        Ok(self.store.cycle_rows(RowKind::Observation, cycle)?.into_iter().map(|s| s.row).collect())
    }
}

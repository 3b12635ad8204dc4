//! Exports to international destinations (Eurostat, UNODC, GRETA): a cycle's figures cut
//! through the catalog's crosswalks, protected together with the rest of the publication.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::Crosswalk;
use rapporteur_domain::{Cycle, ObservationRow, Outlet, RowKind};
use rapporteur_exchange::{destination_cells, DestinationCut, Export};
use rapporteur_stats::published::{PublishedCell, Shown};

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
        let mut cut = self.cut(crosswalk, cycle, &observations)?;
        let (pattern, _, _) = self.outlet_pattern(by, &cycle.id, Outlet::Exports)?;
        for cell in &mut cut.cells {
            cell.status = pattern.status(&cell.key);
        }
        // The cover prints what is not sent and its count: cells of the publication too.
        for not_sent in &mut cut.not_sent {
            for (period, key) in &not_sent.keys {
                not_sent.status.insert(period.clone(), pattern.status(key));
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

    /// The catalog's destinations: the crosswalks' ids.
    pub fn destinations(&self) -> Vec<&Crosswalk> {
        self.catalog.catalog.crosswalks.values().collect()
    }

    fn crosswalk(&self, destination: &str) -> Result<&Crosswalk> {
        let crosswalks = &self.catalog.catalog.crosswalks;
        crosswalks.get(destination).ok_or_else(|| AppError::UnknownDestination {
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

    /// The cells every export of `cycle` prints, as cells of the publication that disclosure
    /// control protects: each destination cell by what it adds up in the catalog, and each
    /// count of what is not sent, which the export's cover prints.
    pub(crate) fn export_cells(
        &self,
        cycle: &str,
        observations: &[ObservationRow],
    ) -> Result<Vec<PublishedCell>> {
        let cycle = self.catalog.cycle(Some(cycle))?;
        let mut cells = Vec::new();
        for crosswalk in self.catalog.catalog.crosswalks.values() {
            let cut = self.cut(crosswalk, cycle, observations)?;
            for cell in cut.cells {
                cells.push(PublishedCell {
                    key: cell.key,
                    value: cell.value,
                    decimals: cell.decimals,
                    shown: Shown::Figure,
                    total: false,
                    tables: Vec::new(),
                });
            }
            for not_sent in cut.not_sent {
                let Some(cube) = self.catalog.catalog.cube(&not_sent.cube) else { continue };
                let decimals = self.catalog.catalog.measure_of(cube).decimals;
                for (period, key) in not_sent.keys {
                    cells.push(PublishedCell {
                        key,
                        value: not_sent.counts.get(&period).copied().flatten(),
                        decimals,
                        shown: Shown::Figure,
                        total: false,
                        tables: Vec::new(),
                    });
                }
            }
        }
        Ok(cells)
    }

    /// Every observation (data rows, not control values) of the cycle, of every cube.
    pub(crate) fn cycle_observations(&self, cycle: &str) -> Result<Vec<ObservationRow>> {
        let mut rows = Vec::new();
        for cube in self.catalog.catalog.cubes.keys() {
            rows.extend(self.store.rows(RowKind::Observation, cycle, cube)?.into_iter().map(|s| s.row));
        }
        Ok(rows)
    }
}

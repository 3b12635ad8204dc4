//! Disclosure control of a cycle's publication: the cells every table, chart and open-data file
//! prints, protected together under the catalog's policy (`disclosure.toml`).

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{CellKey, DisclosurePolicy, ObservationRow, Outlet, SuppressionPattern, TableLayout};
use rapporteur_exchange::with_export_cells;
use rapporteur_sdc::{audit, build_model, protect, Interval, Model, Protection, Relations};
use std::collections::BTreeSet;

use rapporteur_stats::published::{published_cells, PublishedCell};
use rapporteur_stats::tabulate::ComputedTable;

use rapporteur_store::Stamp;

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

/// What protecting a publication decided, as the commands and pages show it: counts, never
/// the suppressed values.
#[derive(Debug, Clone)]
pub struct ProtectionView {
    pub cycle: String,
    pub pattern: SuppressionPattern,
    /// Published cells in all (each once).
    pub cells: usize,
    pub primary: usize,
    pub secondary: usize,
    /// Per cube: (primary, secondary).
    pub by_cube: Vec<(String, usize, usize)>,
    /// Sensitive cells no suppression can protect (pinned by an exempt figure or a relation).
    pub unprotectable: Vec<String>,
    /// The narrowest interval the attacker's audit leaves a sensitive cell, and the policy's.
    pub narrowest: Option<f64>,
    pub required: i64,
    pub programs: usize,
    /// Per component of linked cubes: (cubes, atoms, cells).
    pub components: Vec<(usize, usize, usize)>,
}

impl App {
    /// Protects the publication of `cycle`: every table and chart (coordinator only), and
    /// stores the pattern (audited with its counts, never a value). The pattern is
    /// deterministic: the same data give the same suppressed cells.
    pub fn protect_publication(&mut self, by: &Caller, cycle: Option<&str>) -> Result<ProtectionView> {
        let policy = self.catalog.catalog.disclosure.clone();
        let view = self.protect_publication_under(by, cycle, &policy)?;
        let at = self.now();
        self.store.save_suppressions(&view.cycle, &view.pattern, Stamp { at: &at, by: by.name() })?;
        Ok(view)
    }

    /// The same under another policy (another threshold, as a coordinator weighing the policy
    /// would try; coordinator only).
    pub fn protect_publication_under(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        policy: &DisclosurePolicy,
    ) -> Result<ProtectionView> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let (model, protection) = self.protection(by, &cycle, policy)?;
        let intervals = audit(&model, &protection).map_err(|e| AppError::Disclosure(e.to_string()))?;
        Ok(view(&cycle, &model, protection, &intervals, policy.min_interval))
    }

    /// Table-by-table protection, as τ-ARGUS or sdcTable apply it: each table and chart
    /// protected on its own, the patterns joined, and how many of its sensitive cells the
    /// attacker of the whole publication narrows below the policy's interval. For comparison
    /// only — it does not protect a publication whose tables share populations (coordinator
    /// only).
    pub fn protect_each_table(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        policy: &DisclosurePolicy,
    ) -> Result<(SuppressionPattern, usize)> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let published = self.published(by, &cycle)?;
        let observations = self.cycle_observations(&cycle)?;
        let catalog = &self.catalog.catalog;
        let mut pattern = SuppressionPattern::new(&policy.symbol);
        for one in &published {
            let cells = published_cells(catalog, std::slice::from_ref(one));
            let model = build_model(catalog, &cells, &observations, Relations::None);
            let protection = protect(&model, policy).map_err(|e| AppError::Disclosure(e.to_string()))?;
            for (key, status) in protection.pattern.suppressed() {
                pattern.suppress(key.clone(), status);
            }
        }
        let whole =
            build_model(catalog, &published_cells(catalog, &published), &observations, Relations::Declared);
        let suppressed: Vec<bool> =
            whole.cells.iter().map(|c| pattern.status(&c.key).is_suppressed()).collect();
        let mut narrowed = 0;
        for (i, cell) in whole.cells.iter().enumerate() {
            if pattern.status(&cell.key) == rapporteur_domain::Confidentiality::Primary {
                let interval = rapporteur_sdc::interval(&whole, &suppressed, i)
                    .map_err(|e| AppError::Disclosure(e.to_string()))?;
                narrowed += usize::from(interval.width() < policy.min_interval as f64 - 1e-6);
            }
        }
        Ok((pattern, narrowed))
    }

    /// The open-data package of `cycle`, protected under the policy (as `open_data_package`
    /// with the pattern the policy gives the open data).
    pub fn open_data(
        &self,
        by: &Caller,
        cycle: &str,
        published_at: &str,
    ) -> Result<Vec<rapporteur_opendata::PackageFile>> {
        allow(by, Action::ViewCycle)?;
        let (pattern, _, _) = self.outlet_pattern(by, cycle, Outlet::OpenData)?;
        self.open_data_package(by, cycle, &pattern, published_at)
    }

    /// The suppression pattern `outlet` prints `cycle` with (an empty one when the policy does
    /// not apply to it), with the number of published cells and of unprotectable ones.
    pub(crate) fn outlet_pattern(
        &self,
        by: &Caller,
        cycle: &str,
        outlet: Outlet,
    ) -> Result<(SuppressionPattern, usize, usize)> {
        let policy = &self.catalog.catalog.disclosure;
        if !policy.applies(outlet) {
            return Ok((SuppressionPattern::new(&policy.symbol), 0, 0));
        }
        let (model, protection) = self.protection(by, cycle, policy)?;
        Ok((protection.pattern, model.cells.len(), protection.unprotectable.len()))
    }

    /// Every table and chart of the cycle, computed.
    fn published(&self, by: &Caller, cycle: &str) -> Result<Vec<(&TableLayout, ComputedTable)>> {
        let tables = self.tables(by, Some(cycle), None)?;
        let charts = self.charts(by, Some(cycle))?;
        Ok(tables.into_iter().chain(charts).collect())
    }

    /// The cells the policy protects together: every published cell, and where the policy
    /// applies to the exports, every cell of every export not published as well.
    fn protected_cells(
        &self,
        cycle: &str,
        published: &[(&TableLayout, ComputedTable)],
        observations: &[ObservationRow],
        policy: &DisclosurePolicy,
    ) -> Result<Vec<PublishedCell>> {
        let catalog = &self.catalog.catalog;
        let cells = published_cells(catalog, published);
        if !policy.applies(Outlet::Exports) {
            return Ok(cells);
        }
        let cycle = self.catalog.cycle(Some(cycle))?;
        let cells = with_export_cells(catalog, cycle, observations, cells)
            .map_err(|e| AppError::Export(e.to_string()))?;
        Ok(cells)
    }

    /// The cells of `cycle` the publication may print as figures: every cell disclosure
    /// control protects (published or exported) that `pattern` leaves free.
    pub(crate) fn printable_cells(
        &self,
        by: &Caller,
        cycle: &str,
        pattern: &SuppressionPattern,
    ) -> Result<BTreeSet<CellKey>> {
        let published = self.published(by, cycle)?;
        let observations = self.cycle_observations(cycle)?;
        let policy = &self.catalog.catalog.disclosure;
        let cells = self.protected_cells(cycle, &published, &observations, policy)?;
        Ok(cells.into_iter().map(|c| c.key).filter(|key| !pattern.status(key).is_suppressed()).collect())
    }

    fn protection(&self, by: &Caller, cycle: &str, policy: &DisclosurePolicy) -> Result<(Model, Protection)> {
        let published = self.published(by, cycle)?;
        let catalog = &self.catalog.catalog;
        let observations = self.cycle_observations(cycle)?;
        let cells = self.protected_cells(cycle, &published, &observations, policy)?;
        let model = build_model(catalog, &cells, &observations, Relations::Declared);
        let protection = protect(&model, policy).map_err(|e| AppError::Disclosure(e.to_string()))?;
        Ok((model, protection))
    }
}

fn view(
    cycle: &str,
    model: &Model,
    protection: Protection,
    intervals: &[(usize, Interval)],
    required: i64,
) -> ProtectionView {
    let by_cube = protection
        .pattern
        .counts_by_cube()
        .into_iter()
        .map(|(cube, (p, s))| (cube.to_string(), p, s))
        .collect::<Vec<_>>();
    ProtectionView {
        cycle: cycle.to_string(),
        cells: model.cells.len(),
        primary: by_cube.iter().map(|c| c.1).sum(),
        secondary: by_cube.iter().map(|c| c.2).sum(),
        by_cube,
        unprotectable: protection.unprotectable.iter().map(|(k, _)| k.cube.clone()).collect(),
        narrowest: intervals.iter().map(|(_, i)| i.width()).reduce(f64::min),
        required,
        programs: protection.programs,
        components: model.components.iter().map(|c| (c.cubes.len(), c.atoms.len(), c.cells.len())).collect(),
        pattern: protection.pattern,
    }
}

//! The numbered tables and the charts of the report, computed from the store.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{RowKind, TableLayout};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

impl App {
    /// Computes the numbered tables of `cycle` (all, or only `number`), in table order. They
    /// sum every actor's figures before publication: the coordinator's.
    pub fn tables(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        number: Option<u32>,
    ) -> Result<Vec<(&TableLayout, ComputedTable)>> {
        allow(by, Action::ViewCycle)?;
        let catalog = &self.catalog.catalog;
        let layouts: Vec<&TableLayout> = match number {
            Some(n) => vec![catalog.table(n).ok_or_else(|| AppError::UnknownTable {
                wanted: n,
                known: catalog.tables.keys().map(u32::to_string).collect::<Vec<_>>().join(", "),
            })?],
            None => catalog.tables.values().collect(),
        };
        self.compute(cycle, layouts)
    }

    /// Every chart of the catalog, computed from the store.
    pub fn charts(&self, by: &Caller, cycle: Option<&str>) -> Result<Vec<(&TableLayout, ComputedTable)>> {
        allow(by, Action::ViewCycle)?;
        self.compute(cycle, self.catalog.catalog.charts.values().collect())
    }

    fn compute<'a>(
        &'a self,
        cycle: Option<&str>,
        layouts: Vec<&'a TableLayout>,
    ) -> Result<Vec<(&'a TableLayout, ComputedTable)>> {
        let cycle = self.catalog.cycle(cycle)?;
        let catalog = &self.catalog.catalog;
        let mut out = Vec::with_capacity(layouts.len());
        for layout in layouts {
            let mut rows = Vec::new();
            for cube in layout.cubes() {
                rows.extend(
                    self.store.rows(RowKind::Observation, &cycle.id, cube)?.into_iter().map(|s| s.row),
                );
            }
            out.push((layout, compute_table(catalog, layout, &rows)));
        }
        Ok(out)
    }
}

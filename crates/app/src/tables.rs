//! The tables use case: every numbered table of the report, computed from the store.

use rapporteur_domain::{RowKind, TableLayout};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};

use crate::{App, AppError, Result};

impl App {
    /// Computes the numbered tables of `cycle` (all, or only `number`), in table order.
    pub fn tables(
        &self,
        cycle: Option<&str>,
        number: Option<u32>,
    ) -> Result<Vec<(&TableLayout, ComputedTable)>> {
        let cycle = self.catalog.cycle(cycle)?;
        let catalog = &self.catalog.catalog;
        let layouts: Vec<&TableLayout> = match number {
            Some(n) => vec![catalog.table(n).ok_or_else(|| AppError::UnknownTable {
                wanted: n,
                known: catalog.tables.keys().map(u32::to_string).collect::<Vec<_>>().join(", "),
            })?],
            None => catalog.tables.values().collect(),
        };
        let mut out = Vec::with_capacity(layouts.len());
        for layout in layouts {
            let rows: Vec<_> = self
                .store
                .rows(RowKind::Observation, &cycle.id, &layout.cube)?
                .into_iter()
                .map(|stored| stored.row)
                .collect();
            out.push((layout, compute_table(catalog, layout, &rows)));
        }
        Ok(out)
    }
}

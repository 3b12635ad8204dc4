//! The exports' cells as cells of the publication disclosure control protects: every cell of
//! every destination and every count a cover prints, each by what it adds up in the catalog,
//! joined to the cells the report and the open data print.

use std::collections::BTreeSet;

use rapporteur_domain::{Catalog, CellKey, Cycle, ObservationRow};
use rapporteur_stats::published::{PublishedCell, Shown};

use crate::{destination_cells, ExportError};

/// `published` (each cell once, in key order) with every export's cells that it does not hold
/// already, in key order.
pub fn with_export_cells(
    catalog: &Catalog,
    cycle: &Cycle,
    observations: &[ObservationRow],
    mut published: Vec<PublishedCell>,
) -> Result<Vec<PublishedCell>, ExportError> {
    let known: BTreeSet<CellKey> = published.iter().map(|c| c.key.clone()).collect();
    let mut extra: Vec<PublishedCell> =
        export_cells(catalog, cycle, observations)?.into_iter().filter(|c| !known.contains(&c.key)).collect();
    extra.sort_by(|a, b| a.key.cmp(&b.key));
    extra.dedup_by(|a, b| a.key == b.key);
    published.extend(extra);
    published.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(published)
}

/// The cells every export of `cycle` prints: each destination cell, and each count of what is
/// not sent (the covers print them).
fn export_cells(
    catalog: &Catalog,
    cycle: &Cycle,
    observations: &[ObservationRow],
) -> Result<Vec<PublishedCell>, ExportError> {
    let figure = |key, value, decimals| PublishedCell {
        key,
        value,
        decimals,
        shown: Shown::Figure,
        total: false,
        tables: Vec::new(),
    };
    let mut cells = Vec::new();
    for crosswalk in catalog.crosswalks.values() {
        let cut = destination_cells(catalog, crosswalk, cycle, observations)?;
        for cell in cut.cells {
            cells.push(figure(cell.key, cell.value, cell.decimals));
        }
        for item in cut.not_sent {
            let decimals = catalog.cube(&item.cube).map_or(0, |c| catalog.measure_of(c).decimals);
            for (period, key) in item.keys {
                cells.push(figure(key, item.counts.get(&period).copied().flatten(), decimals));
            }
        }
    }
    Ok(cells)
}

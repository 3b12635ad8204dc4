//! The open-data package of a cycle: the publication's cells (every table's, each once) with
//! what disclosure control suppressed, as the files `rapporteur-opendata` makes.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::SuppressionPattern;
use rapporteur_opendata::{build_package, PackageFile, PackageInput};
use rapporteur_stats::published::published_cells;

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

impl App {
    /// The open-data package of `cycle`, published on `published_at` (`YYYY-MM-DD`), its
    /// suppressed cells as `pattern` says. Reads what `tables` reads, under the same permission.
    pub fn open_data_package(
        &self,
        by: &Caller,
        cycle: &str,
        pattern: &SuppressionPattern,
        published_at: &str,
    ) -> Result<Vec<PackageFile>> {
        allow(by, Action::ViewCycle)?;
        let tables = self.tables(by, Some(cycle), None)?;
        let catalog = &self.catalog.catalog;
        let cells = published_cells(catalog, &tables);
        let flagged: Vec<_> = self.store.cycle_flagged(cycle)?.into_iter().map(|s| s.row).collect();
        let input = PackageInput { catalog, cycle, cells: &cells, pattern, flagged: &flagged, published_at };
        build_package(&input).map_err(|e| AppError::OpenData(e.to_string()))
    }
}

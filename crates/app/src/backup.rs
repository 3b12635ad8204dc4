//! Backups and restores of the store (coordinator or operator): a consistent copy while the
//! portal runs, and a restore that is refused onto a store holding data unless forced, and
//! verified (the rows of every table and the audit log's digest equal the backup's).

use std::path::Path;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_store::{Inventory, Stamp};

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

impl App {
    /// Copies the store to `out` (a new file) and returns what the copy holds.
    pub fn backup(&self, by: &Caller, out: &Path) -> Result<Inventory> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.backup_to(out)?)
    }

    /// Replaces the store with the backup `file`; refused when the store holds anything but the
    /// catalog, unless `force`. Returns what the restored store holds.
    pub fn restore(&mut self, by: &Caller, file: &Path, force: bool) -> Result<Inventory> {
        allow(by, Action::Coordinate)?;
        if !force && self.store.holds_data()? {
            return Err(AppError::RestoreOntoData);
        }
        let at = self.now();
        let restored = self.store.restore_from(file, Stamp { at: &at, by: by.name() })?;
        Ok(restored)
    }
}

//! An actor's return as the portal shows it: the cube's stored values and stated figures in a
//! cycle, the findings on it, and where its assignment stands.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{ItemKind, ItemRef, RowKind, Severity, StoredFinding, StoredRow};

use crate::access::allow;
use crate::cycles::ItemView;
use crate::error::{refuse, PortalError, Result};
use crate::App;

/// One cube's return in one cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnSheet {
    pub view: ItemView,
    /// The cells of data: values, then cells flagged not available or confidential
    /// (`RowKind::Flagged`, whose value means nothing).
    pub observations: Vec<StoredRow>,
    /// Stated totals, figures of the text and percentages.
    pub controls: Vec<StoredRow>,
    /// The errors and warnings involving the cube (not the informational findings), errors
    /// first.
    pub findings: Vec<StoredFinding>,
}

impl App {
    /// The return of `cube`: owed by the cube's owner.
    pub(crate) fn return_of(&self, cube: &str) -> ItemRef {
        let owner = self.catalog.catalog.cubes.get(cube).map_or("", |c| c.owner.as_str());
        ItemRef::new(ItemKind::Cube, cube, owner)
    }

    /// The return of `cube` in `cycle` for `by` to change: refused at once unless `by`
    /// contributes its owner's returns, and while it is submitted or approved.
    pub fn editable_return(&self, by: &Caller, cycle: &str, cube: &str) -> Result<ReturnSheet> {
        let item = self.return_of(cube);
        allow(by, Action::Contribute(&item.actor))?;
        self.check_unlocked(cycle, &item)?;
        self.return_sheet(by, cycle, cube)
    }

    /// The findings of `cycle` on the caller's own returns (those involving a cube its actor
    /// owns), or on the return of `cube` alone, for a caller allowed to see that cube's owner's
    /// work; all severities, as stored (errors first). A caller without an actor names a cube.
    pub fn findings_on_returns(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        cube: Option<&str>,
    ) -> Result<Vec<StoredFinding>> {
        let owner = match cube {
            Some(cube) => match self.catalog.catalog.cubes.get(cube) {
                Some(c) => c.owner.clone(),
                None => return Err(refuse(PortalError::unknown(ItemKind::Cube, cube))),
            },
            None => by.actor().ok_or_else(|| refuse(PortalError::Forbidden))?.to_string(),
        };
        allow(by, Action::ViewActor(&owner))?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        let catalog = &self.catalog.catalog;
        let concerns = |c: &rapporteur_domain::FindingCell| match cube {
            Some(cube) => c.cube == cube,
            None => catalog.cubes.get(&c.cube).is_some_and(|k| k.owner == owner),
        };
        Ok(self
            .store
            .findings(&cycle)?
            .into_iter()
            .filter(|f| f.finding.cells.iter().any(concerns))
            .collect())
    }

    /// The return of `cube` in `cycle`, for a caller allowed to see its owner's work.
    pub fn return_sheet(&self, by: &Caller, cycle: &str, cube: &str) -> Result<ReturnSheet> {
        let owner = match self.catalog.catalog.cubes.get(cube) {
            Some(c) => c.owner.clone(),
            None => return Err(refuse(PortalError::unknown(ItemKind::Cube, cube))),
        };
        let cycle = self.catalog.cycle(Some(cycle))?.id.clone();
        let view = self.item_view(by, &cycle, &ItemRef::new(ItemKind::Cube, cube, &owner))?;
        let findings = self
            .store
            .findings(&cycle)?
            .into_iter()
            .filter(|f| {
                f.finding.cells.iter().any(|c| c.cube == cube) && f.finding.severity != Severity::Info
            })
            .collect();
        Ok(ReturnSheet {
            view,
            observations: self.cells_of_data(&cycle, cube)?,
            controls: self.store.rows(RowKind::Control, &cycle, cube)?,
            findings,
        })
    }

    /// The cells of data of a cube: its values, then the cells flagged with a status instead.
    fn cells_of_data(&self, cycle: &str, cube: &str) -> Result<Vec<StoredRow>> {
        let mut cells = self.store.rows(RowKind::Observation, cycle, cube)?;
        cells.extend(self.store.flagged_rows(cycle, cube)?);
        Ok(cells)
    }
}

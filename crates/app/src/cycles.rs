//! Cycles and assignments: the coordinator opens a catalog cycle in the portal and assigns
//! returns and sections to actors with deadlines; an actor's contributor submits, its reviewer
//! approves (which locks) or sends back with a comment.

use std::collections::BTreeSet;

use rapporteur_domain::access::{Action, Caller, Status};
use rapporteur_domain::{Assignment, ItemKind, ItemRef};
use rapporteur_store::Stamp;

use crate::access::allow;
use crate::error::{refuse, PortalError, Result};
use crate::limits::{check_length, MAX_COMMENT_CHARS};
use crate::App;

/// Where an actor's return or text stands, and what the caller may do with it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    pub item: ItemRef,
    /// `None` when the item is not assigned in the cycle (it stands open).
    pub assignment: Option<Assignment>,
    pub status: Status,
    pub may_edit: bool,
    pub may_submit: bool,
    pub may_review: bool,
    /// Whether the caller may accept an explained error on it as it stands (the coordinator).
    pub may_accept: bool,
}

impl App {
    /// Opens a catalog cycle for collection (coordinator only); false when it is open already.
    pub fn open_cycle(&mut self, by: &Caller, cycle: &str) -> Result<bool> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(Some(cycle))?.id.clone();
        let at = self.now();
        Ok(self.store.open_portal_cycle(&cycle, Stamp { at: &at, by: by.name() })?)
    }

    /// The cycles open in the portal. Which cycles exist is no secret: anyone may ask.
    pub fn open_cycles(&self) -> Result<Vec<String>> {
        Ok(self.store.portal_cycles()?.into_iter().map(|c| c.id).collect())
    }

    fn check_open(&self, cycle: &str) -> Result<()> {
        if self.open_cycles()?.iter().any(|c| c == cycle) {
            Ok(())
        } else {
            Err(refuse(PortalError::CycleNotOpen(cycle.to_string())))
        }
    }

    /// Whether the catalog knows `item`: a cube owed by the actor named (its owner, and only
    /// it), or a section of the report's outline.
    fn check_assignable(&self, item: &ItemRef) -> Result<()> {
        let catalog = &self.catalog.catalog;
        let known = match item.kind {
            ItemKind::Cube => match catalog.cubes.get(&item.item) {
                Some(cube) if cube.owner != item.actor => {
                    return Err(refuse(PortalError::NotOwner {
                        cube: item.item.clone(),
                        owner: cube.owner.clone(),
                    }));
                }
                found => found.is_some(),
            },
            ItemKind::Section => self.section_numbers().contains(&item.item),
        };
        if known {
            Ok(())
        } else {
            Err(refuse(PortalError::unknown(item.kind, &item.item)))
        }
    }

    /// Assigns a return or a narrative section to an actor with a deadline, or moves the
    /// deadline (coordinator only).
    pub fn assign(&mut self, by: &Caller, cycle: &str, item: &ItemRef, deadline: &str) -> Result<()> {
        allow(by, Action::Coordinate)?;
        self.check_open(cycle)?;
        self.catalog.check_actor(&item.actor)?;
        self.check_assignable(item)?;
        if deadline.parse::<jiff::civil::Date>().is_err() {
            return Err(refuse(PortalError::BadDate(deadline.to_string())));
        }
        let at = self.now();
        Ok(self.store.assign(cycle, item, deadline, Stamp { at: &at, by: by.name() })?)
    }

    /// The numbers of the report's chapters and sections.
    pub fn section_numbers(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(outline) = &self.catalog.catalog.outline {
            for chapter in &outline.chapters {
                out.insert(chapter.number.clone());
                out.extend(chapter.sections.iter().map(|s| s.number.clone()));
            }
        }
        out
    }

    pub(crate) fn find_assignment(&self, cycle: &str, item: &ItemRef) -> Result<Option<Assignment>> {
        Ok(self.store.assignments(cycle)?.into_iter().find(|a| &a.item == item))
    }

    fn assignment(&self, cycle: &str, item: &ItemRef) -> Result<Assignment> {
        self.find_assignment(cycle, item)?.ok_or_else(|| refuse(PortalError::NotAssigned(item.item.clone())))
    }

    /// Refuses a change to a cube's return or an actor's text of a section while its assignment
    /// is submitted or approved. A cube has one owner, so its return is one item whoever sends
    /// it (the command line too); a section is written by several actors, each text its own item.
    pub(crate) fn check_unlocked(&self, cycle: &str, item: &ItemRef) -> Result<()> {
        let same = |a: &Assignment| match item.kind {
            ItemKind::Cube => a.item.kind == ItemKind::Cube && a.item.item == item.item,
            ItemKind::Section => a.item == *item,
        };
        let locked = self.store.assignments(cycle)?.iter().any(|a| same(a) && a.status.is_locked());
        if locked {
            Err(refuse(PortalError::Locked(item.item.clone())))
        } else {
            Ok(())
        }
    }

    /// Where `item` stands and what `by` may do with it (the caller must be allowed to see the
    /// actor's work).
    pub fn item_view(&self, by: &Caller, cycle: &str, item: &ItemRef) -> Result<ItemView> {
        allow(by, Action::ViewActor(&item.actor))?;
        let assignment = self.find_assignment(cycle, item)?;
        let status = assignment.as_ref().map_or(Status::Open, |a| a.status);
        let assigned = assignment.is_some();
        let actor = item.actor.as_str();
        Ok(ItemView {
            item: item.clone(),
            status,
            may_edit: by.may(Action::Contribute(actor)) && !status.is_locked(),
            may_submit: assigned && by.may(Action::Contribute(actor)) && status.awaits_contributor(),
            may_review: assigned && by.may(Action::Review(actor)) && status.awaits_review(),
            may_accept: by.may(Action::Coordinate),
            assignment,
        })
    }

    /// Submits an assignment for review (the actor's contributor). A return must hold data, every
    /// warning on it must be fixed or explained, and every error fixed — or explained and
    /// accepted by the coordinator as it stands; a section must have a text.
    pub fn submit(&mut self, by: &Caller, cycle: &str, item: &ItemRef) -> Result<()> {
        allow(by, Action::Contribute(&item.actor))?;
        let assignment = self.assignment(cycle, item)?;
        if !assignment.status.awaits_contributor() {
            return Err(refuse(PortalError::BadTransition {
                item: item.item.clone(),
                from: assignment.status.as_str().into(),
                to: Status::Submitted.as_str().into(),
            }));
        }
        let line = self.board_line(by, &assignment, "0000-00-00")?;
        if !line.delivered {
            return Err(refuse(PortalError::NothingDelivered(item.item.clone())));
        }
        if line.unexplained > 0 {
            return Err(refuse(PortalError::Unexplained {
                item: item.item.clone(),
                count: line.unexplained,
            }));
        }
        if line.unaccepted > 0 {
            return Err(refuse(PortalError::NotAccepted { item: item.item.clone(), count: line.unaccepted }));
        }
        let at = self.now();
        let stamp = Stamp { at: &at, by: by.name() };
        self.store.set_assignment_status(cycle, item, Status::Submitted, None, stamp)?;
        Ok(())
    }

    /// Approves a submitted assignment (locking it) or sends it back with a comment that says
    /// what to change (the actor's reviewer).
    pub fn review(
        &mut self,
        by: &Caller,
        cycle: &str,
        item: &ItemRef,
        approve: bool,
        comment: &str,
    ) -> Result<()> {
        allow(by, Action::Review(&item.actor))?;
        let assignment = self.assignment(cycle, item)?;
        let to = if approve { Status::Approved } else { Status::SentBack };
        if !assignment.status.awaits_review() {
            return Err(refuse(PortalError::BadTransition {
                item: item.item.clone(),
                from: assignment.status.as_str().into(),
                to: to.as_str().into(),
            }));
        }
        let comment = comment.trim();
        if !approve && comment.is_empty() {
            return Err(refuse(PortalError::CommentNeeded));
        }
        check_length("comment", comment, MAX_COMMENT_CHARS)?;
        let at = self.now();
        let comment = (!comment.is_empty()).then_some(comment);
        self.store.set_assignment_status(cycle, item, to, comment, Stamp { at: &at, by: by.name() })?;
        Ok(())
    }
}

//! The completeness board of a cycle: per assignment, whether it was delivered, its findings,
//! whether it is late; and the same summed per actor.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller, Status};
use rapporteur_domain::{Assignment, ItemKind, Severity, StoredFinding};

use crate::error::{refuse, PortalError, Result};
use crate::App;

/// One line of the completeness board: an assignment and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLine {
    pub assignment: Assignment,
    /// Whether the actor has delivered anything for it (values, or a text).
    pub delivered: bool,
    /// Error findings on it, and those without an explanation.
    pub errors: usize,
    pub warnings: usize,
    pub unexplained: usize,
    /// Past its deadline and neither submitted nor approved.
    pub late: bool,
    /// Whether the caller may submit it now, or approve or send it back now.
    pub may_submit: bool,
    pub may_review: bool,
}

/// Per actor, how many of its assignments are in each state: the head of the completeness board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorSummary {
    pub actor: String,
    pub owed: usize,
    pub delivered: usize,
    /// With an error finding (explained or not).
    pub failing: usize,
    pub submitted: usize,
    pub approved: usize,
    pub late: usize,
}

/// The board's lines summed per actor, in actor order.
pub fn summarize(lines: &[BoardLine]) -> Vec<ActorSummary> {
    let mut by_actor: BTreeMap<&str, ActorSummary> = BTreeMap::new();
    for line in lines {
        let actor = line.assignment.item.actor.as_str();
        let s = by_actor
            .entry(actor)
            .or_insert_with(|| ActorSummary { actor: actor.to_string(), ..Default::default() });
        s.owed += 1;
        s.delivered += usize::from(line.delivered);
        s.failing += usize::from(line.errors > 0);
        s.submitted += usize::from(line.assignment.status == Status::Submitted);
        s.approved += usize::from(line.assignment.status == Status::Approved);
        s.late += usize::from(line.late);
    }
    by_actor.into_values().collect()
}

/// What the board reads once for a cycle: its findings, the texts written, the cubes with data.
struct Delivered {
    findings: Vec<StoredFinding>,
    texts: BTreeSet<(String, String)>,
    cubes: BTreeSet<String>,
}

/// Errors, warnings and unexplained ones among the findings on `cube`.
fn finding_counts(findings: &[StoredFinding], cube: &str) -> (usize, usize, usize) {
    let (mut errors, mut warnings, mut unexplained) = (0, 0, 0);
    for stored in findings.iter().filter(|f| f.finding.cells.iter().any(|c| c.cube == cube)) {
        match stored.finding.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            _ => continue,
        }
        unexplained += usize::from(stored.acknowledgment.is_none());
    }
    (errors, warnings, unexplained)
}

fn line_of(by: &Caller, assignment: Assignment, delivered: &Delivered, today: &str) -> BoardLine {
    let item = &assignment.item;
    let (errors, warnings, unexplained) = match item.kind {
        ItemKind::Cube => finding_counts(&delivered.findings, &item.item),
        ItemKind::Section => (0, 0, 0),
    };
    let is_delivered = match item.kind {
        ItemKind::Cube => delivered.cubes.contains(&item.item),
        ItemKind::Section => delivered.texts.contains(&(item.item.clone(), item.actor.clone())),
    };
    let late = assignment.deadline.as_str() < today && !assignment.status.is_locked();
    let actor = item.actor.as_str();
    let may_submit = by.may(Action::Contribute(actor)) && assignment.status.awaits_contributor();
    let may_review = by.may(Action::Review(actor)) && assignment.status.awaits_review();
    BoardLine {
        assignment,
        delivered: is_delivered,
        errors,
        warnings,
        unexplained,
        late,
        may_submit,
        may_review,
    }
}

impl App {
    fn delivered(&self, cycle: &str) -> Result<Delivered> {
        let texts = self
            .narratives(cycle)?
            .into_iter()
            .filter(|n| !n.markdown.trim().is_empty())
            .map(|n| (n.section, n.actor))
            .collect();
        Ok(Delivered {
            findings: self.store.findings(cycle)?,
            texts,
            cubes: self.store.cubes_with_observations(cycle)?,
        })
    }

    /// The assignments of a cycle that `by` may see, with where each stands at `today`
    /// (YYYY-MM-DD).
    /// The coordinator sees every actor's; an actor's contributor and reviewer their own; others
    /// are refused.
    pub fn board(&self, by: &Caller, cycle: &str, today: &str) -> Result<Vec<BoardLine>> {
        let sees_an_actor =
            by.principal().and_then(|p| p.actor.as_deref()).is_some_and(|a| by.may(Action::ViewActor(a)));
        if !(by.may(Action::ViewCycle) || sees_an_actor) {
            return Err(refuse(PortalError::Forbidden));
        }
        let delivered = self.delivered(cycle)?;
        Ok(self
            .store
            .assignments(cycle)?
            .into_iter()
            .filter(|a| by.may(Action::ViewActor(&a.item.actor)))
            .map(|a| line_of(by, a, &delivered, today))
            .collect())
    }

    /// One assignment's line of the board.
    pub(crate) fn board_line(&self, by: &Caller, assignment: &Assignment, today: &str) -> Result<BoardLine> {
        Ok(line_of(by, assignment.clone(), &self.delivered(&assignment.cycle)?, today))
    }
}

//! The completeness board of a cycle: per assignment, whether it was delivered, its findings,
//! whether it is late; and the same summed per actor.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller, Status};
use rapporteur_domain::{Assignment, ItemKind, Severity, StoredFinding, TextStatus};

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
    /// Error findings the actor explained that the coordinator has not accepted as they stand:
    /// until then an error must be corrected before the return is submitted.
    pub unaccepted: usize,
    /// Past its deadline and neither submitted nor approved.
    pub late: bool,
    /// Whether the caller may submit it now, or approve or send it back now.
    pub may_submit: bool,
    pub may_review: bool,
}

/// A cycle's board as `by` may see it: the assignments and where each stands, and the
/// translation status of the texts of the actors `by` may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub lines: Vec<BoardLine>,
    /// Per text item (a section and an actor: every text of the cycle, and every assigned
    /// section), in section order.
    pub texts: Vec<TextLine>,
    /// Per language of the catalog, how many of those items stand in each status.
    pub text_counts: Vec<LanguageCounts>,
}

/// An actor's text of one section and, per language of the catalog (in catalog order), its
/// status: `None` when no text exists in that language (awaiting translation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    pub section: String,
    pub actor: String,
    pub statuses: Vec<(String, Option<TextStatus>)>,
}

/// How many text items of a cycle stand in each status in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageCounts {
    pub lang: String,
    pub original: usize,
    pub awaiting: usize,
    pub draft: usize,
    pub translated: usize,
    pub reviewed: usize,
}

impl LanguageCounts {
    fn add(&mut self, status: Option<TextStatus>) {
        let count = match status {
            None => &mut self.awaiting,
            Some(TextStatus::Original) => &mut self.original,
            Some(TextStatus::Draft) => &mut self.draft,
            Some(TextStatus::Translated) => &mut self.translated,
            Some(TextStatus::Reviewed) => &mut self.reviewed,
        };
        *count += 1;
    }
}

/// The text lines summed per language, in the order of `languages`.
pub fn count_texts(languages: &[String], texts: &[TextLine]) -> Vec<LanguageCounts> {
    languages
        .iter()
        .map(|lang| {
            let mut counts = LanguageCounts { lang: lang.clone(), ..Default::default() };
            for line in texts {
                counts.add(line.statuses.iter().find(|(l, _)| l == lang).and_then(|(_, s)| *s));
            }
            counts
        })
        .collect()
}

/// A section number's parts as numbers, to sort 11.1.2 before 11.1.10.
fn section_key(section: &str) -> Vec<(u64, String)> {
    section.split('.').map(|part| (part.parse().unwrap_or(u64::MAX), part.to_string())).collect()
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

/// How the findings on one return stand.
#[derive(Default)]
struct FindingCounts {
    errors: usize,
    warnings: usize,
    unexplained: usize,
    unaccepted: usize,
}

/// Errors, warnings, unexplained ones and explained errors not accepted among the findings on
/// `cube`.
fn finding_counts(findings: &[StoredFinding], cube: &str) -> FindingCounts {
    let mut counts = FindingCounts::default();
    for stored in findings.iter().filter(|f| f.finding.cells.iter().any(|c| c.cube == cube)) {
        match stored.finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => continue,
        }
        counts.unexplained += usize::from(stored.acknowledgment.is_none());
        counts.unaccepted += usize::from(stored.awaits_acceptance());
    }
    counts
}

fn line_of(by: &Caller, assignment: Assignment, delivered: &Delivered, today: &str) -> BoardLine {
    let item = &assignment.item;
    let counts = match item.kind {
        ItemKind::Cube => finding_counts(&delivered.findings, &item.item),
        ItemKind::Section => FindingCounts::default(),
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
        errors: counts.errors,
        warnings: counts.warnings,
        unexplained: counts.unexplained,
        unaccepted: counts.unaccepted,
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
    /// (YYYY-MM-DD), and the translation status of the texts of the actors `by` may see.
    /// The coordinator sees every actor's; an actor's contributor and reviewer their own; others
    /// are refused.
    pub fn board(&self, by: &Caller, cycle: &str, today: &str) -> Result<Board> {
        let sees_an_actor = by.actor().is_some_and(|a| by.may(Action::ViewActor(a)));
        if !(by.may(Action::ViewCycle) || sees_an_actor) {
            return Err(refuse(PortalError::Forbidden));
        }
        let delivered = self.delivered(cycle)?;
        let assignments: Vec<Assignment> = self
            .store
            .assignments(cycle)?
            .into_iter()
            .filter(|a| by.may(Action::ViewActor(&a.item.actor)))
            .collect();
        let texts = self.text_lines(by, cycle, &assignments)?;
        let text_counts = count_texts(&self.catalog.catalog.languages, &texts);
        let lines = assignments.into_iter().map(|a| line_of(by, a, &delivered, today)).collect();
        Ok(Board { lines, texts, text_counts })
    }

    /// The translation status of every text of the cycle and every assigned section, of the
    /// actors `by` may see; a language with no (or a blank) text awaits translation.
    fn text_lines(&self, by: &Caller, cycle: &str, assignments: &[Assignment]) -> Result<Vec<TextLine>> {
        let mut items: BTreeMap<(String, String), BTreeMap<String, TextStatus>> = assignments
            .iter()
            .filter(|a| a.item.kind == ItemKind::Section)
            .map(|a| ((a.item.item.clone(), a.item.actor.clone()), BTreeMap::new()))
            .collect();
        for n in self.narratives(cycle)? {
            if !by.may(Action::ViewActor(&n.actor)) {
                continue;
            }
            let statuses = items.entry((n.section, n.actor)).or_default();
            if !n.markdown.trim().is_empty() {
                statuses.insert(n.lang, n.status);
            }
        }
        let mut lines: Vec<TextLine> = items
            .into_iter()
            .map(|((section, actor), statuses)| TextLine {
                statuses: self
                    .catalog
                    .catalog
                    .languages
                    .iter()
                    .map(|lang| (lang.clone(), statuses.get(lang).copied()))
                    .collect(),
                section,
                actor,
            })
            .collect();
        lines.sort_by(|a, b| (section_key(&a.section), &a.actor).cmp(&(section_key(&b.section), &b.actor)));
        Ok(lines)
    }

    /// One assignment's line of the board.
    pub(crate) fn board_line(&self, by: &Caller, assignment: &Assignment, today: &str) -> Result<BoardLine> {
        Ok(line_of(by, assignment.clone(), &self.delivered(&assignment.cycle)?, today))
    }
}

//! Whether every destination receives the same population with the same total as the report,
//! or the difference is explained.
//!
//! A population is what one of the catalog's `equal_totals` rules says several cubes count
//! (the centres' new guidances by form, by sex, by age, by nationality). Per period and per
//! destination, each member cube the destination receives is compared twice: what it sends
//! with the member's total in the report (a gap the crosswalk explains when it is exactly the
//! codes it does not send, with their reasons), and the member's total with the population's
//! first member (a gap the data hold, explained when the rule's finding for that period was
//! explained by the actor). Anything else is unexplained.

use std::collections::BTreeSet;

use rapporteur_domain::catalog::CubeTarget;
use rapporteur_domain::rule::{Check, Member, Rule};
use rapporteur_domain::{Catalog, CellKey, Labels, ObservationRow, Selection, StoredFinding, PERIOD};

use crate::{DestinationCell, Export};

/// What explains a difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Explanation {
    /// The crosswalk does not send these codes of the member.
    NotSent(Vec<Withheld>),
    /// The destination's definition is narrower: the crosswalk sends only these codes (per
    /// catalog dimension, as the crosswalk names them), which leaves out this many of the
    /// member's persons.
    Definition { filter: Vec<(String, Vec<String>)>, left_out: i64 },
    /// The data count the population differently and the actor explained the rule's finding.
    Actor { explanation: String, who: String },
}

/// A code of a member the crosswalk does not send, in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub code: String,
    /// What it counts.
    pub count: i64,
    /// The catalog cell of that count, by which disclosure control knows it.
    pub key: CellKey,
    pub reason: Labels,
}

/// How a destination's figure of a population compares with the report's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The same total as the report, and as the population's other members.
    Same,
    /// Different, for these reasons.
    Explained(Vec<Explanation>),
    /// Different, and nothing explains (part of) it: `gap` persons.
    Unexplained { gap: i64, explained: Vec<Explanation> },
}

/// One member of a population, as the report and one destination have it in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyLine {
    /// The `equal_totals` rule naming the population.
    pub rule: String,
    pub period: String,
    /// The destination (crosswalk id).
    pub destination: String,
    pub cube: String,
    /// The member's total in the report (the data under the rule's filter).
    pub report: i64,
    /// The catalog cell of that total, by which disclosure control knows it.
    pub report_key: CellKey,
    /// The population's total by its first member, which the others are compared with.
    pub reference: i64,
    pub reference_key: CellKey,
    /// What the destination receives of the member: the sum of its cells.
    pub sent: i64,
    /// Whether every cell summed in `sent` is free (else the total may not be printed).
    pub sent_free: bool,
    pub verdict: Verdict,
}

/// The lines of every population, period and destination that receives one of its members.
pub fn consistency(
    catalog: &Catalog,
    exports: &[Export<'_>],
    observations: &[ObservationRow],
    findings: &[StoredFinding],
) -> Vec<ConsistencyLine> {
    let mut lines = Vec::new();
    for rule in &catalog.rules {
        let Check::EqualTotals { members, .. } = &rule.check else { continue };
        let Some(first) = members.first() else { continue };
        for export in exports {
            for member in members {
                let Some(narrowing) = crosswalk_filter(catalog, export, &member.cube) else { continue };
                let filter = member_selection(catalog, member);
                let cells: Vec<&DestinationCell> = export
                    .cells
                    .iter()
                    .filter(|c| c.cube == member.cube && !disjoint(&c.key.selection, &filter))
                    .collect();
                let periods: BTreeSet<&str> = cells.iter().map(|c| c.period.as_str()).collect();
                for period in periods {
                    let in_period: Vec<&&DestinationCell> =
                        cells.iter().filter(|c| c.period == period).collect();
                    let (inside, mixed): (Vec<&&&DestinationCell>, Vec<&&&DestinationCell>) =
                        in_period.iter().partition(|c| within(&c.key.selection, &filter));
                    let sum =
                        |cells: &[&&&DestinationCell]| cells.iter().filter_map(|c| c.value).sum::<i64>();
                    let mut narrowed_filter = filter.clone();
                    for (dimension, codes) in &narrowing {
                        let codes = match narrowed_filter.get(dimension) {
                            Some(allowed) => allowed.intersection(codes).cloned().collect(),
                            None => codes.clone(),
                        };
                        narrowed_filter.insert(dimension.clone(), codes);
                    }
                    let figures = Figures {
                        report: total(observations, &member.cube, &filter, period),
                        narrowed: total(observations, &member.cube, &narrowed_filter, period),
                        reference: total(
                            observations,
                            &first.cube,
                            &member_selection(catalog, first),
                            period,
                        ),
                        inside: sum(&inside),
                        mixed: sum(&mixed),
                        withheld: not_sent_within(export, &member.cube, &filter, period),
                        narrowing: raw_filter(export, &member.cube),
                    };
                    lines.push(ConsistencyLine {
                        rule: rule.id.clone(),
                        period: period.to_string(),
                        destination: export.crosswalk.id.clone(),
                        cube: member.cube.clone(),
                        report: figures.report,
                        report_key: period_key(catalog, &member.cube, &filter, period),
                        reference: figures.reference,
                        reference_key: period_key(
                            catalog,
                            &first.cube,
                            &member_selection(catalog, first),
                            period,
                        ),
                        sent: figures.inside,
                        sent_free: inside.iter().all(|c| !c.status.is_suppressed()),
                        verdict: judge(rule, period, figures, findings),
                    });
                }
            }
        }
    }
    lines
}

/// What one line compares, in persons.
struct Figures {
    /// The member's total in the report.
    report: i64,
    /// The same under the crosswalk's filter too.
    narrowed: i64,
    /// The population's first member's total.
    reference: i64,
    /// Sent, from cells inside the member's filter.
    inside: i64,
    /// Sent, from cells partly inside it (mixing populations).
    mixed: i64,
    /// Not sent though inside it.
    withheld: Vec<Withheld>,
    /// The crosswalk's filter, as leaf codes per dimension.
    narrowing: Vec<(String, Vec<String>)>,
}

/// The verdict on one line: the definition's gap (the crosswalk's filter), the crosswalk's gap
/// (what is sent and withheld against the narrowed total) and the data's gap (the member
/// against the population's first member), each explained or not.
fn judge(rule: &Rule, period: &str, figures: Figures, findings: &[StoredFinding]) -> Verdict {
    let Figures { report, narrowed, reference, inside, mixed, withheld, narrowing } = figures;
    if inside == report && mixed == 0 && report == reference {
        return Verdict::Same;
    }
    let mut explained = Vec::new();
    if narrowed != report {
        explained.push(Explanation::Definition { filter: narrowing, left_out: report - narrowed });
    }
    let withheld_total: i64 = withheld.iter().map(|w| w.count).sum();
    if withheld_total != 0 {
        explained.push(Explanation::NotSent(withheld.into_iter().filter(|w| w.count != 0).collect()));
    }
    // Cells mixing the population with another, and any part of the narrowed total neither
    // sent nor withheld with a reason, are never explained.
    let mut gap = mixed + (inside + withheld_total - narrowed);
    if report != reference {
        match actor_explanation(rule, period, findings) {
            Some(explanation) => explained.push(explanation),
            None => gap += report - reference,
        }
    }
    if gap == 0 {
        Verdict::Explained(explained)
    } else {
        Verdict::Unexplained { gap, explained }
    }
}

/// The crosswalk's filter of `cube` as leaf codes, or `None` when the export does not send the
/// cube to a table.
fn crosswalk_filter(catalog: &Catalog, export: &Export<'_>, cube: &str) -> Option<Selection> {
    match &export.crosswalk.cube(cube)?.target {
        CubeTarget::Table { filter, .. } => Some(
            filter
                .iter()
                .map(|(d, codes)| {
                    (d.clone(), codes.iter().flat_map(|c| catalog.leaves_of(cube, d, c)).collect())
                })
                .collect(),
        ),
        CubeTarget::Unmapped { .. } => None,
    }
}

/// The crosswalk's filter of `cube` as it names it (aggregate codes kept), for the reader.
fn raw_filter(export: &Export<'_>, cube: &str) -> Vec<(String, Vec<String>)> {
    match export.crosswalk.cube(cube).map(|c| &c.target) {
        Some(CubeTarget::Table { filter, .. }) => {
            filter.iter().map(|(d, c)| (d.clone(), c.clone())).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether a cell adding up `selection` lies wholly outside `filter` on some dimension.
fn disjoint(selection: &Selection, filter: &Selection) -> bool {
    filter
        .iter()
        .any(|(dimension, allowed)| selection.get(dimension).is_some_and(|codes| codes.is_disjoint(allowed)))
}

/// The explanation the actor gave for the rule's finding in `period`, if any.
fn actor_explanation(rule: &Rule, period: &str, findings: &[StoredFinding]) -> Option<Explanation> {
    findings
        .iter()
        .filter(|f| f.finding.rule == rule.id && f.finding.cells.iter().any(|c| c.period == period))
        .find_map(|f| f.acknowledgment.as_ref())
        .map(|a| Explanation::Actor { explanation: a.explanation.clone(), who: a.who.clone() })
}

/// The codes of `cube` inside `filter` the export does not send, with their counts in `period`.
fn not_sent_within(export: &Export<'_>, cube: &str, filter: &Selection, period: &str) -> Vec<Withheld> {
    export
        .not_sent
        .iter()
        .filter(|n| n.cube == cube)
        .filter_map(|n| {
            let (dimension, code) = n.code.as_ref()?;
            let inside = filter.get(dimension).is_none_or(|allowed| allowed.contains(code));
            let count = n.counts.get(period).copied().flatten()?;
            // The cell the cover prints, as disclosure control protected it.
            let key = n.keys.get(period)?.clone();
            inside.then(|| Withheld { code: code.clone(), count, key, reason: n.reason.clone() })
        })
        .collect()
}

/// The catalog cell of `cube` adding up `selection` in `period`.
fn period_key(catalog: &Catalog, cube: &str, selection: &Selection, period: &str) -> CellKey {
    let mut selection = selection.clone();
    selection.insert(PERIOD.to_string(), BTreeSet::from([period.to_string()]));
    CellKey::new(catalog, cube, &selection)
}

/// A member's filter as leaf codes.
fn member_selection(catalog: &Catalog, member: &Member) -> Selection {
    member
        .filter
        .iter()
        .map(|(dimension, codes)| {
            (
                dimension.clone(),
                codes.iter().flat_map(|c| catalog.leaves_of(&member.cube, dimension, c)).collect(),
            )
        })
        .collect()
}

/// Whether a cell adding up `selection` lies inside `filter` on every dimension it filters.
fn within(selection: &Selection, filter: &Selection) -> bool {
    filter
        .iter()
        .all(|(dimension, allowed)| selection.get(dimension).is_some_and(|codes| codes.is_subset(allowed)))
}

fn total(observations: &[ObservationRow], cube: &str, filter: &Selection, period: &str) -> i64 {
    let mut selection = filter.clone();
    selection.insert(PERIOD.to_string(), BTreeSet::from([period.to_string()]));
    observations.iter().filter(|o| o.cube == cube && o.coordinate.is_in(&selection)).map(|o| o.value).sum()
}

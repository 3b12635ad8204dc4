//! Reading and checking the reporting cycles (`cycles.toml`) and their periods.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::source::{CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::Cycle;
use crate::period::Owed;

/// The cycles' file.
pub(super) const CYCLES_FILE: &str = "cycles.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCycles {
    #[serde(default)]
    cycle: Vec<Spanned<RawCycle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCycle {
    id: String,
    periods: Vec<String>,
    #[serde(default)]
    context_periods: Vec<String>,
    name: RawLabels,
    /// Cubes owed for fewer periods than the default: cube → the periods owed.
    #[serde(default)]
    owed: BTreeMap<String, Vec<String>>,
}

/// Reads and checks the cycles, `file` being `cycles.toml` if the catalog has one.
pub(super) fn parse_cycles(
    file: Option<&SourceFile>,
    languages: &[String],
    problems: &mut Vec<CatalogProblem>,
) -> Vec<Cycle> {
    let Some(file) = file else {
        problems.push(CatalogProblem::whole_file(
            CYCLES_FILE,
            "the catalog has no cycles.toml (reporting cycles and their periods)",
        ));
        return Vec::new();
    };
    let mut p = FileProblems::new(file, problems);
    let Some(raw) = p.parse::<RawCycles>() else { return Vec::new() };
    let mut seen = HashSet::new();
    raw.cycle.into_iter().map(|c| check_cycle(&mut p, c, languages, &mut seen)).collect()
}

/// One cycle: a new id, at least one period, no period twice.
fn check_cycle(
    p: &mut FileProblems<'_>,
    raw: Spanned<RawCycle>,
    languages: &[String],
    seen: &mut HashSet<String>,
) -> Cycle {
    let offset = raw.span().start;
    let c = raw.into_inner();
    p.unique_id(offset, "cycle", &c.id, seen);
    if c.periods.is_empty() {
        p.at(offset, format!("cycle {:?} has no periods", c.id));
    }
    let mut periods_seen = HashSet::new();
    for period in c.periods.iter().chain(&c.context_periods) {
        if !periods_seen.insert(period) {
            p.at(offset, format!("cycle {:?} lists period {period:?} twice", c.id));
        }
    }
    for (cube, periods) in &c.owed {
        for period in periods.iter().filter(|period| !c.periods.contains(period)) {
            p.at(
                offset,
                format!("cycle {:?} owes {cube:?} for {period:?}, which is not one of its periods", c.id),
            );
        }
    }
    let name = p.labels(offset, &format!("cycle {:?}", c.id), &c.name, languages);
    let owed = Owed { exceptions: c.owed };
    Cycle { id: c.id, periods: c.periods, context_periods: c.context_periods, name, owed }
}

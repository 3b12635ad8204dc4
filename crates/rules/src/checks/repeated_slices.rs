//! Slices that repeat one another exactly: a table pasted under a second title.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{CubeSet, Finding, FindingCell, ObservationRow, Rule, PERIOD};

use super::{finding, text};
use crate::Index;

/// The dimensions of a cube, with the period.
fn dimensions_with_period(index: &Index<'_>, cube: &str) -> Vec<String> {
    let mut out = vec![PERIOD.to_string()];
    if let Some(c) = index.catalog.cube(cube) {
        out.extend(c.dimensions.iter().map(|d| d.id.clone()));
    }
    out
}

/// A slice that repeats another exactly, within the whole cube or within one code of another
/// dimension: the signal of a table pasted under a second title.
pub(super) fn repeated_slices(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    min_nonzero: usize,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut reported: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for (cube, observations) in index.by_cube.iter().filter(|(c, _)| cubes.contains(c)) {
        let dimensions = dimensions_with_period(index, cube);
        for along in &dimensions {
            for within in contexts(observations, &dimensions, along) {
                let slices = slices_along(observations, &dimensions, along, within.as_ref());
                for (first, second) in repeated_pairs(&slices, min_nonzero) {
                    if !reported.insert((cube.to_string(), along.clone(), first.clone(), second.clone())) {
                        continue;
                    }
                    let repeat = Repeat { cube, along, within: within.as_ref(), first, second };
                    out.push(repeat.finding(rule, index, &slices[first]));
                }
            }
        }
    }
    out
}

/// Where slices along a dimension are compared: within the whole cube (`None`), then within
/// each code (or period) held of every other dimension.
fn contexts(
    observations: &[&ObservationRow],
    dimensions: &[String],
    along: &str,
) -> Vec<Option<(String, String)>> {
    let mut contexts = vec![None];
    for other in dimensions.iter().filter(|d| *d != along) {
        let codes: BTreeSet<String> =
            observations.iter().filter_map(|o| o.coordinate.code(other).cloned()).collect();
        contexts.extend(codes.into_iter().map(|c| Some((other.clone(), c))));
    }
    contexts
}

/// The slices along a dimension within a context: per code along it, the values by the
/// coordinates on the other dimensions (`d=code|…`).
fn slices_along(
    observations: &[&ObservationRow],
    dimensions: &[String],
    along: &str,
    within: Option<&(String, String)>,
) -> BTreeMap<String, BTreeMap<String, i64>> {
    let mut slices: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for o in observations {
        if within.is_some_and(|(d, c)| o.coordinate.code(d) != Some(c)) {
            continue;
        }
        let Some(code) = o.coordinate.code(along).cloned() else { continue };
        let rest: Vec<String> = dimensions
            .iter()
            .filter(|d| *d != along)
            .map(|d| format!("{d}={}", o.coordinate.code(d).map_or("", String::as_str)))
            .collect();
        slices.entry(code).or_default().insert(rest.join("|"), o.value);
    }
    slices
}

/// The pairs of codes (in code order) whose slices are equal and hold at least `min_nonzero`
/// values other than zero.
fn repeated_pairs(
    slices: &BTreeMap<String, BTreeMap<String, i64>>,
    min_nonzero: usize,
) -> Vec<(&String, &String)> {
    let codes: Vec<&String> = slices.keys().collect();
    let mut pairs = Vec::new();
    for (i, a) in codes.iter().enumerate() {
        for b in &codes[i + 1..] {
            let (sa, sb) = (&slices[*a], &slices[*b]);
            let nonzero = sa.values().filter(|v| **v != 0).count();
            if sa == sb && nonzero >= min_nonzero {
                pairs.push((*a, *b));
            }
        }
    }
    pairs
}

/// Two codes of a dimension whose slices repeat each other, within a context.
struct Repeat<'a> {
    cube: &'a str,
    along: &'a String,
    within: Option<&'a (String, String)>,
    first: &'a String,
    second: &'a String,
}

impl Repeat<'_> {
    fn finding(&self, rule: &Rule, index: &Index<'_>, slice: &BTreeMap<String, i64>) -> Finding {
        let Repeat { cube, along, within, first, second } = *self;
        let context_codes: BTreeMap<String, String> =
            within.iter().filter(|(d, _)| d != PERIOD).map(|&c| c.clone()).collect();
        let context_period = within.iter().find(|(d, _)| d == PERIOD).map(|(_, c)| c.clone());
        let slice_cell = |code: &str| {
            let mut codes = context_codes.clone();
            let mut period = context_period.clone().unwrap_or_default();
            if along == PERIOD {
                period = code.to_string();
            } else {
                codes.insert(along.clone(), code.to_string());
            }
            FindingCell {
                cube: cube.to_string(),
                period,
                codes,
                role: "slice".into(),
                expected: None,
                actual: Some(slice.values().sum()),
                decimals: index.decimals(cube),
            }
        };
        let mut f = finding(
            rule,
            index,
            &format!("{cube}|{along}|{first}|{second}"),
            vec![slice_cell(first), slice_cell(second)],
        );
        // A slice is shown in every period it holds, so name the periods for the table lookup.
        f.values.insert("cube".into(), text(cube.to_string()));
        f.values.insert("dimension".into(), text(along.clone()));
        f.values.insert("first".into(), text(first.to_string()));
        f.values.insert("second".into(), text(second.to_string()));
        f.values.insert("cells".into(), text(slice.len().to_string()));
        let within = within.map(|(d, c)| format!("{d}={c}")).unwrap_or_default();
        f.values.insert("within".into(), text(within));
        expand_periods(&mut f, slice);
        f
    }
}

/// A slice compared across periods has no single period; list the cells once per period held
/// so that the finding names every table showing them.
fn expand_periods(f: &mut Finding, slice: &BTreeMap<String, i64>) {
    let periods: BTreeSet<String> = slice
        .keys()
        .filter_map(|k| k.split('|').find_map(|part| part.strip_prefix("period=")).map(str::to_string))
        .collect();
    if periods.is_empty() {
        return;
    }
    let mut cells = Vec::new();
    for cell in &f.cells {
        if cell.period.is_empty() {
            for period in &periods {
                let mut c = cell.clone();
                c.period = period.clone();
                cells.push(c);
            }
        } else {
            cells.push(cell.clone());
        }
    }
    f.cells = cells;
}

//! Validation: evaluates the catalog's rules over one cycle's observations and control values
//! and returns findings — every one, never stopping at the first. Pure: no IO, no clock; the
//! same data give the same findings in the same order.

mod checks;
mod message;
mod stats;

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{Catalog, Cycle, Finding, FindingCell, ObservationRow, Rule, TableLayout, PERIOD};

pub use message::{describe_cell, render_message};
pub use stats::binomial_two_sided_p;

/// What the rules look at: one cycle's data and control values.
pub struct CycleData<'a> {
    pub cycle: &'a Cycle,
    /// The cells of data: values, and cells flagged with a status instead of a value
    /// ([`RowKind::Flagged`]), which no rule sums or compares.
    pub observations: &'a [ObservationRow],
    pub controls: &'a [ObservationRow],
}

/// The data of a cycle indexed by cube, for sums under a selection.
pub(crate) struct Index<'a> {
    pub catalog: &'a Catalog,
    pub cycle: &'a Cycle,
    /// The values of data, by cube.
    pub by_cube: BTreeMap<&'a str, Vec<&'a ObservationRow>>,
    /// The cells flagged not available or confidential, by cube: never summed nor compared.
    pub flagged: BTreeMap<&'a str, Vec<&'a ObservationRow>>,
    pub controls: &'a [ObservationRow],
}

/// Per dimension (or `period`), the codes a sum keeps.
pub(crate) type Selection = BTreeMap<String, BTreeSet<String>>;

impl<'a> Index<'a> {
    fn new(catalog: &'a Catalog, data: &CycleData<'a>) -> Self {
        let mut by_cube: BTreeMap<&str, Vec<&ObservationRow>> = BTreeMap::new();
        let mut flagged: BTreeMap<&str, Vec<&ObservationRow>> = BTreeMap::new();
        for o in data.observations {
            let into = if o.kind.status().is_some() { &mut flagged } else { &mut by_cube };
            into.entry(o.cube.as_str()).or_default().push(o);
        }
        Index { catalog, cycle: data.cycle, by_cube, flagged, controls: data.controls }
    }

    pub fn observations(&self, cube: &str) -> &[&'a ObservationRow] {
        self.by_cube.get(cube).map_or(&[], Vec::as_slice)
    }

    /// The cells of `cube` flagged with a status instead of a value.
    pub fn flagged(&self, cube: &str) -> &[&'a ObservationRow] {
        self.flagged.get(cube).map_or(&[], Vec::as_slice)
    }

    /// Whether a cell flagged with a status lies within `selection` of `cube`: a sum over it is
    /// not the figure it stands for, so no rule compares it.
    pub fn touches_flagged(&self, cube: &str, selection: &Selection) -> bool {
        self.flagged(cube).iter().any(|o| o.coordinate.is_in(selection))
    }

    /// The sum of the observations of `cube` within `selection`; none when nothing lies there.
    pub fn sum(&self, cube: &str, selection: &Selection) -> Option<i64> {
        let mut total = None;
        for o in self.observations(cube) {
            if o.coordinate.is_in(selection) {
                *total.get_or_insert(0) += o.value;
            }
        }
        total
    }

    /// The selection a row's coordinate stands for: the leaves under each of its codes.
    pub fn selection_of(&self, row: &ObservationRow) -> Selection {
        let mut selection: Selection = row
            .coordinate
            .codes
            .iter()
            .map(|(dimension, code)| (dimension.clone(), self.catalog.leaves_of(&row.cube, dimension, code)))
            .collect();
        selection.insert(PERIOD.to_string(), BTreeSet::from([row.coordinate.period.clone()]));
        selection
    }

    /// The decimals of a cube's measure.
    pub fn decimals(&self, cube: &str) -> u32 {
        self.catalog.cube(cube).map_or(0, |c| self.catalog.measure_of(c).decimals)
    }
}

/// Runs every rule of the catalog over the cycle. With `only_cubes`, keeps the findings that
/// involve one of those cubes (what an import of them must show).
pub fn check_cycle(
    catalog: &Catalog,
    data: &CycleData<'_>,
    only_cubes: Option<&BTreeSet<String>>,
) -> Vec<Finding> {
    let index = Index::new(catalog, data);
    let mut findings = Vec::new();
    for rule in &catalog.rules {
        findings.extend(checks::check_rule(rule, &index));
    }
    if let Some(cubes) = only_cubes {
        findings.retain(|f| f.cells.iter().any(|c| cubes.contains(&c.cube)));
    }
    for finding in &mut findings {
        finding.tables = tables_showing(catalog, &finding.cells, &finding.tables);
    }
    findings
}

/// The numbers of the tables that show any of the cells, as a figure or in a breakdown column
/// (plus those a check named itself).
fn tables_showing(catalog: &Catalog, cells: &[FindingCell], named: &[u32]) -> Vec<u32> {
    let mut out: BTreeSet<u32> = named.iter().copied().collect();
    for cell in cells {
        for layout in catalog.tables.values().filter(|l| l.cubes().any(|cube| cube == cell.cube)) {
            if !periods_shown(layout).any(|p| p == cell.period) {
                continue;
            }
            let compatible = layout.filter.iter().filter(|(d, _)| d.as_str() != PERIOD).all(
                |(dimension, code)| match cell.codes.get(dimension) {
                    None => true,
                    Some(cell_code) => {
                        let shown = catalog.leaves_of(&cell.cube, dimension, code);
                        let wanted = catalog.leaves_of(&cell.cube, dimension, cell_code);
                        !shown.is_disjoint(&wanted)
                    }
                },
            );
            if compatible {
                out.insert(layout.number);
            }
        }
    }
    out.into_iter().collect()
}

/// The periods a table shows: the codes of its period axes and its period filter.
pub(crate) fn periods_shown(layout: &TableLayout) -> impl Iterator<Item = &str> {
    layout
        .rows
        .iter()
        .chain(&layout.columns)
        .filter(|a| a.dimension == PERIOD)
        .flat_map(|a| &a.codes)
        .chain(layout.filter.get(PERIOD))
        .map(String::as_str)
}

/// The rule a finding comes from.
pub fn rule_of<'a>(catalog: &'a Catalog, finding: &Finding) -> Option<&'a Rule> {
    catalog.rules.iter().find(|r| r.id == finding.rule)
}

//! A cycle's observations cut as a destination's tables: for every cube the crosswalk sends, per
//! period and per combination of destination codes, the catalog codes that become them and the
//! sum of the observations under those codes.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::catalog::{Crosswalk, CubeMap, CubeTarget, Mapped};
use rapporteur_domain::{Catalog, CellKey, Confidentiality, Cube, Cycle, ObservationRow, Selection, PERIOD};

use crate::{DestinationCell, ExportError, NotSent};

/// A cycle cut for one destination: its cells (free until disclosure control says otherwise)
/// and what is not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationCut {
    pub cells: Vec<DestinationCell>,
    pub not_sent: Vec<NotSent>,
}

/// The cells of the destination's tables that `cycle`'s observations give, in the crosswalk's
/// order of cubes, then period, then destination codes. `observations` may hold any cubes and
/// periods; only the cycle's own periods of the cubes the crosswalk sends are read.
pub fn destination_cells(
    catalog: &Catalog,
    crosswalk: &Crosswalk,
    cycle: &Cycle,
    observations: &[ObservationRow],
) -> Result<DestinationCut, ExportError> {
    let mut cut = DestinationCut { cells: Vec::new(), not_sent: Vec::new() };
    let mut filled: BTreeMap<(String, BTreeMap<String, String>, String), String> = BTreeMap::new();
    for map in &crosswalk.cubes {
        let cube = catalog.cube(&map.cube).ok_or_else(|| ExportError::Crosswalk {
            crosswalk: crosswalk.id.clone(),
            what: format!("cube {:?} is not in the catalog", map.cube),
        })?;
        let periods = cycle.owed_periods(cube);
        let rows: Vec<&ObservationRow> = observations.iter().filter(|o| o.cube == cube.id).collect();
        let sum = |selection: &Selection| sum_under(&rows, selection);
        match &map.target {
            CubeTarget::Unmapped { reason } => cut.not_sent.push(NotSent {
                cube: cube.id.clone(),
                code: None,
                reason: reason.clone(),
                counts: periods.iter().map(|p| (p.to_string(), sum(&period_only(p)))).collect(),
                keys: periods
                    .iter()
                    .map(|p| {
                        (p.to_string(), CellKey::new(catalog, &cube.id, &total_with_data(cube, &rows, p)))
                    })
                    .collect(),
                status: periods.iter().map(|p| (p.to_string(), Confidentiality::Free)).collect(),
            }),
            CubeTarget::Table { table, .. } => {
                let plan = CubePlan::new(catalog, crosswalk, cube, map, &rows)?;
                for period in &periods {
                    for (codes, mut selection) in plan.destination_cells() {
                        selection.insert(PERIOD.to_string(), BTreeSet::from([period.to_string()]));
                        let slot = (table.clone(), codes.clone(), period.to_string());
                        if let Some(first) = filled.insert(slot, cube.id.clone()) {
                            return Err(ExportError::Overlap {
                                crosswalk: crosswalk.id.clone(),
                                table: table.clone(),
                                cell: format!("{period} {codes:?}"),
                                first,
                                second: cube.id.clone(),
                            });
                        }
                        cut.cells.push(DestinationCell {
                            table: table.clone(),
                            codes,
                            period: period.to_string(),
                            cube: cube.id.clone(),
                            value: sum(&selection),
                            key: CellKey::new(catalog, &cube.id, &selection),
                            decimals: catalog.measure_of(cube).decimals,
                            status: Confidentiality::Free,
                            flag: None,
                        });
                    }
                }
                for (dimension, code, reason) in plan.left_out {
                    let selection = |p: &str| {
                        let mut selection = plan.filter.clone();
                        selection.insert(PERIOD.to_string(), BTreeSet::from([p.to_string()]));
                        selection.insert(dimension.clone(), BTreeSet::from([code.clone()]));
                        selection
                    };
                    let counts = periods.iter().map(|p| (p.to_string(), sum(&selection(p)))).collect();
                    let keys = periods
                        .iter()
                        .map(|p| (p.to_string(), CellKey::new(catalog, &cube.id, &selection(p))))
                        .collect();
                    cut.not_sent.push(NotSent {
                        cube: cube.id.clone(),
                        code: Some((dimension, code)),
                        reason,
                        counts,
                        keys,
                        status: periods.iter().map(|p| (p.to_string(), Confidentiality::Free)).collect(),
                    });
                }
            }
        }
    }
    Ok(cut)
}

/// How one cube becomes cells of its destination table.
struct CubePlan {
    /// The selection every cell shares: the crosswalk's filter, as leaf codes.
    filter: Selection,
    /// The destination codes fixed for every cell.
    fixed: BTreeMap<String, String>,
    /// Per mapped catalog dimension: its destination dimension, and per destination code the
    /// catalog leaf codes that become it.
    mapped: Vec<(String, String, BTreeMap<String, BTreeSet<String>>)>,
    /// Leaf codes of mapped dimensions the destination does not take, with the reason.
    left_out: Vec<(String, String, rapporteur_domain::Labels)>,
}

impl CubePlan {
    fn new(
        catalog: &Catalog,
        crosswalk: &Crosswalk,
        cube: &Cube,
        map: &CubeMap,
        rows: &[&ObservationRow],
    ) -> Result<CubePlan, ExportError> {
        let CubeTarget::Table { dimensions, fixed, filter, summed, .. } = &map.target else {
            unreachable!("only a cube sent to a table is planned")
        };
        let mut filter: Selection = filter
            .iter()
            .map(|(dimension, codes)| {
                let leaves = codes.iter().flat_map(|c| catalog.leaves_of(&cube.id, dimension, c)).collect();
                (dimension.clone(), leaves)
            })
            .collect();
        // A dimension the destination does not break down is summed over the codes the cube has
        // data for: the same number as over every code, and the same cell as the report's total
        // of the codes its tables list (one figure, so one status under disclosure control).
        for dimension in summed {
            let with_data: BTreeSet<String> =
                rows.iter().filter_map(|o| o.coordinate.code(dimension).cloned()).collect();
            if !with_data.is_empty() {
                filter.insert(dimension.clone(), with_data);
            }
        }
        let mut plan = CubePlan { filter, fixed: fixed.clone(), mapped: Vec::new(), left_out: Vec::new() };
        for (dimension, to) in dimensions {
            let list = cube.dimension(dimension).map(|d| catalog.code_list_of(d)).ok_or_else(|| {
                ExportError::Crosswalk {
                    crosswalk: crosswalk.id.clone(),
                    what: format!("cube {:?} has no dimension {dimension:?}", cube.id),
                }
            })?;
            let mut by_code: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for leaf in list.leaves() {
                match crosswalk.lookup(&list.id, to, &leaf.id) {
                    Some(Mapped::To(code)) => {
                        by_code.entry(code.to_string()).or_default().insert(leaf.id.clone());
                    }
                    Some(Mapped::Unmapped(reason)) => {
                        plan.left_out.push((dimension.clone(), leaf.id.clone(), reason.clone()))
                    }
                    None => {
                        return Err(ExportError::Crosswalk {
                            crosswalk: crosswalk.id.clone(),
                            what: format!("code {:?} of {:?} has no mapping onto {to:?}", leaf.id, list.id),
                        })
                    }
                }
            }
            plan.mapped.push((dimension.clone(), to.clone(), by_code));
        }
        Ok(plan)
    }

    /// Every combination of destination codes, with the catalog selection it adds up (the
    /// filter, and per mapped dimension the leaves that become the code), periods aside.
    fn destination_cells(&self) -> Vec<(BTreeMap<String, String>, Selection)> {
        let mut cells = vec![(self.fixed.clone(), self.filter.clone())];
        for (dimension, to, by_code) in &self.mapped {
            cells = cells
                .into_iter()
                .flat_map(|(codes, selection)| {
                    by_code.iter().map(move |(code, leaves)| {
                        let mut codes = codes.clone();
                        codes.insert(to.clone(), code.clone());
                        let mut selection = selection.clone();
                        selection.insert(dimension.clone(), leaves.clone());
                        (codes, selection)
                    })
                })
                .collect();
        }
        cells
    }
}

/// The selection of a cube's total in `period` as the report's tables add it up: on every
/// dimension, the codes the cube has data for (the same number as over every code, and the
/// same cell, so one status under disclosure control).
fn total_with_data(cube: &Cube, rows: &[&ObservationRow], period: &str) -> Selection {
    let mut selection = period_only(period);
    for dimension in &cube.dimensions {
        let with_data: BTreeSet<String> =
            rows.iter().filter_map(|o| o.coordinate.code(&dimension.id).cloned()).collect();
        if !with_data.is_empty() {
            selection.insert(dimension.id.clone(), with_data);
        }
    }
    selection
}

fn period_only(period: &str) -> Selection {
    Selection::from([(PERIOD.to_string(), BTreeSet::from([period.to_string()]))])
}

/// The sum of the observations under `selection`, or `None` when none lies under it.
fn sum_under(rows: &[&ObservationRow], selection: &Selection) -> Option<i64> {
    rows.iter()
        .filter(|o| o.coordinate.is_in(selection))
        .map(|o| o.value)
        .fold(None, |acc, v| Some(acc.unwrap_or(0) + v))
}

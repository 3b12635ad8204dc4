//! One file per kind of check, each returning its findings in a deterministic order; here the
//! dispatch from a rule to its check and the parts every finding is built from.

mod caption_periods;
mod completeness;
mod control_values;
mod equal_totals;
mod flagged_cells;
mod members;
mod owed_periods;
mod peer_magnitude;
mod plausibility;
mod repeated_slices;
mod shares_sum;
mod stated_without_data;
mod subset;
mod valid_codes;

use std::collections::BTreeMap;

use rapporteur_domain::{finding_key, Check, Finding, FindingCell, ObservationRow, Placeholder, Rule};

use crate::Index;
use caption_periods::caption_periods;
use completeness::completeness;
use control_values::control_values;
use equal_totals::equal_totals;
use flagged_cells::flagged_cells;
use owed_periods::owed_periods;
use peer_magnitude::peer_magnitude;
use plausibility::plausibility;
use repeated_slices::repeated_slices;
use shares_sum::shares_sum;
use stated_without_data::stated_without_data;
use subset::subset;
use valid_codes::valid_codes;

pub(crate) fn check_rule(rule: &Rule, index: &Index<'_>) -> Vec<Finding> {
    match &rule.check {
        Check::ControlValues { cubes, tolerance, pct_tolerance } => {
            control_values(rule, index, cubes, *tolerance, *pct_tolerance)
        }
        Check::EqualTotals { members, by, tolerance } => equal_totals(rule, index, members, by, *tolerance),
        Check::RepeatedSlices { cubes, min_nonzero } => repeated_slices(rule, index, cubes, *min_nonzero),
        Check::Completeness { cubes, require, periods } => completeness(rule, index, cubes, require, periods),
        Check::Plausibility { cubes, alpha, min_total, ratio } => {
            plausibility(rule, index, cubes, *alpha, *min_total, ratio)
        }
        Check::OwedPeriods { cubes, earlier_only, context } => {
            owed_periods(rule, index, cubes, *earlier_only, *context)
        }
        Check::FlaggedCells { cubes, status } => flagged_cells(rule, index, cubes, *status),
        Check::PeerMagnitude { cubes, peers, alpha, min_ratio, min_peers } => {
            peer_magnitude(rule, index, cubes, peers, *alpha, *min_ratio, *min_peers)
        }
        Check::StatedWithoutData { cubes } => stated_without_data(rule, index, cubes),
        Check::Subset { part, whole, by } => subset(rule, index, part, whole, by),
        Check::SharesSum { member, by, total, rounding } => {
            shares_sum(rule, index, member, by, *total, *rounding)
        }
        Check::ValidCodes { cubes } => valid_codes(rule, index, cubes),
        Check::CaptionPeriods => caption_periods(rule, index),
    }
}

fn number(scaled: i64, decimals: u32) -> Placeholder {
    Placeholder::Number { scaled, decimals }
}

fn text(value: impl Into<String>) -> Placeholder {
    Placeholder::Text(value.into())
}

fn owner(index: &Index<'_>, cube: &str) -> Option<String> {
    index.catalog.cube(cube).map(|c| c.owner.clone())
}

fn finding(rule: &Rule, index: &Index<'_>, identity: &str, cells: Vec<FindingCell>) -> Finding {
    let actor = cells.first().and_then(|c| owner(index, &c.cube));
    Finding {
        key: finding_key(&format!("{}|{identity}", rule.id)),
        rule: rule.id.clone(),
        severity: rule.severity,
        actor,
        cells,
        tables: Vec::new(),
        values: BTreeMap::new(),
    }
}

/// A cell that should hold figures and holds none (a cube, or one of its periods).
fn missing_cell(cube: &str, period: &str) -> FindingCell {
    FindingCell {
        cube: cube.to_string(),
        period: period.to_string(),
        codes: BTreeMap::new(),
        role: "missing".into(),
        expected: None,
        actual: None,
        decimals: 0,
    }
}

fn cell_of(
    row: &ObservationRow,
    role: &str,
    expected: Option<i64>,
    actual: Option<i64>,
    decimals: u32,
) -> FindingCell {
    FindingCell {
        cube: row.cube.clone(),
        period: row.coordinate.period.clone(),
        codes: row.coordinate.codes.clone(),
        role: role.to_string(),
        expected,
        actual,
        decimals,
    }
}

//! A member of a relation between cubes (`cube[dimension=code|code, period=…]`): what it
//! selects, its margins by some dimensions, and how a finding shows it.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{FindingCell, Member, PERIOD};

use crate::{Index, Selection};

/// The selection a member keeps, and the dimensions it is grouped by.
pub(super) fn member_selection(index: &Index<'_>, member: &Member) -> Selection {
    member
        .filter
        .iter()
        .map(|(dimension, codes)| {
            let leaves: BTreeSet<String> = codes
                .iter()
                .flat_map(|code| index.catalog.leaves_of(&member.cube, dimension, code))
                .collect();
            (dimension.clone(), leaves)
        })
        .collect()
}

/// Sums of a member's observations per value of the `by` dimensions.
pub(super) fn member_margins(
    index: &Index<'_>,
    member: &Member,
    by: &[String],
) -> BTreeMap<Vec<String>, i64> {
    let selection = member_selection(index, member);
    let mut margins = BTreeMap::new();
    for o in index.observations(&member.cube) {
        if !o.coordinate.is_in(&selection) {
            continue;
        }
        let key: Option<Vec<String>> = by.iter().map(|d| o.coordinate.code(d).cloned()).collect();
        if let Some(key) = key {
            *margins.entry(key).or_insert(0) += o.value;
        }
    }
    margins
}

/// The groups of the `by` dimensions in which a member holds a cell flagged not available or
/// confidential: its margin there is not the figure, so no relation compares it.
pub(super) fn member_flagged(index: &Index<'_>, member: &Member, by: &[String]) -> BTreeSet<Vec<String>> {
    let selection = member_selection(index, member);
    index
        .flagged(&member.cube)
        .iter()
        .filter(|o| o.coordinate.is_in(&selection))
        .filter_map(|o| by.iter().map(|d| o.coordinate.code(d).cloned()).collect())
        .collect()
}

pub(super) fn member_text(member: &Member) -> String {
    if member.filter.is_empty() {
        return member.cube.clone();
    }
    let filter: Vec<String> =
        member.filter.iter().map(|(d, codes)| format!("{d}={}", codes.join("|"))).collect();
    format!("{}[{}]", member.cube, filter.join(", "))
}

/// The cell of a finding that shows a member's margin for one group of the `by` dimensions.
pub(super) fn member_cell(
    index: &Index<'_>,
    member: &Member,
    by: &[String],
    key: &[String],
    role: &str,
    expected: Option<i64>,
    actual: i64,
) -> FindingCell {
    let mut codes: BTreeMap<String, String> = member
        .filter
        .iter()
        .filter(|(d, _)| d.as_str() != PERIOD)
        .map(|(d, c)| (d.clone(), c.join("|")))
        .collect();
    let mut period = member.filter.get(PERIOD).map(|p| p.join("|")).unwrap_or_default();
    for (dimension, code) in by.iter().zip(key) {
        if dimension == PERIOD {
            period = code.clone();
        } else {
            codes.insert(dimension.clone(), code.clone());
        }
    }
    FindingCell {
        cube: member.cube.clone(),
        period,
        codes,
        role: role.into(),
        expected,
        actual: Some(actual),
        decimals: index.decimals(&member.cube),
    }
}

/// A group of the `by` dimensions as codes: "period=2019, sex=F".
pub(super) fn group_text(by: &[String], key: &[String]) -> String {
    by.iter().zip(key).map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join(", ")
}

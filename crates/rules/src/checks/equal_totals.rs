//! Several cubes counting the same population must give the same totals (or margins).

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{Finding, FindingCell, Member, Rule, PERIOD};

use super::{finding, number, text};
use crate::{Index, Selection};

/// The selection a member keeps, and the dimensions it is grouped by.
fn member_selection(index: &Index<'_>, member: &Member) -> Selection {
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
fn member_margins(index: &Index<'_>, member: &Member, by: &[String]) -> BTreeMap<Vec<String>, i64> {
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

fn member_text(member: &Member) -> String {
    if member.filter.is_empty() {
        return member.cube.clone();
    }
    let filter: Vec<String> =
        member.filter.iter().map(|(d, codes)| format!("{d}={}", codes.join("|"))).collect();
    format!("{}[{}]", member.cube, filter.join(", "))
}

/// Several cubes counting the same population must give the same totals (or margins).
pub(super) fn equal_totals(
    rule: &Rule,
    index: &Index<'_>,
    members: &[Member],
    by: &[String],
    tolerance: i64,
) -> Vec<Finding> {
    let margins: Vec<BTreeMap<Vec<String>, i64>> =
        members.iter().map(|m| member_margins(index, m, by)).collect();
    let Some(first) = margins.first() else { return Vec::new() };
    let mut out = Vec::new();
    // Only groups every member has are compared: a missing group is completeness's business.
    for key in first.keys().filter(|k| margins.iter().all(|m| m.contains_key(*k))) {
        let values: Vec<i64> = margins.iter().map(|m| m[key]).collect();
        let (min, max) =
            (values.iter().min().copied().unwrap_or(0), values.iter().max().copied().unwrap_or(0));
        if max - min <= tolerance {
            continue;
        }
        let cells: Vec<FindingCell> = members
            .iter()
            .zip(&values)
            .map(|(member, &value)| {
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
                let decimals = index.decimals(&member.cube);
                FindingCell {
                    cube: member.cube.clone(),
                    period,
                    codes,
                    role: "total".into(),
                    expected: Some(values[0]),
                    actual: Some(value),
                    decimals,
                }
            })
            .collect();
        let decimals = cells.first().map_or(0, |c| c.decimals);
        let listed: Vec<String> = members
            .iter()
            .zip(&values)
            .map(|(m, v)| {
                format!("{} {}", member_text(m), rapporteur_domain::format_scaled(*v, decimals, '.'))
            })
            .collect();
        let mut f = finding(rule, index, &key.join("|"), cells);
        f.values.insert("values".into(), text(listed.join("; ")));
        f.values.insert(
            "group".into(),
            text(by.iter().zip(key).map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join(", ")),
        );
        f.values.insert("difference".into(), number(max - min, decimals));
        out.push(f);
    }
    out
}

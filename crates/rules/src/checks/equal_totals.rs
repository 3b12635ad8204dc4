//! Several cubes counting the same population must give the same totals (or margins).

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{Finding, FindingCell, Member, Rule};

use super::members::{group_text, member_cell, member_flagged, member_margins, member_text};
use super::{finding, number, text};
use crate::Index;

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
    if margins.len() < 2 {
        return Vec::new();
    }
    // Every group some member has is compared. A member that has data, but none in a group,
    // counts zero there: a group (or a whole period) left out of one return must not hide the
    // disagreement the complete return would show. A member with no data at all is left to
    // completeness.
    // A group in which a member holds a flagged cell is not compared: its flag says so.
    let flagged: BTreeSet<Vec<String>> = members.iter().flat_map(|m| member_flagged(index, m, by)).collect();
    let groups: BTreeSet<&Vec<String>> =
        margins.iter().flat_map(BTreeMap::keys).filter(|k| !flagged.contains(*k)).collect();
    let mut out = Vec::new();
    for key in groups {
        let values: Vec<Option<i64>> = margins
            .iter()
            .map(|m| if m.is_empty() { None } else { Some(m.get(key).copied().unwrap_or(0)) })
            .collect();
        let Some(values) = values.into_iter().collect::<Option<Vec<i64>>>() else { continue };
        let (min, max) =
            (values.iter().min().copied().unwrap_or(0), values.iter().max().copied().unwrap_or(0));
        if max - min <= tolerance {
            continue;
        }
        let cells: Vec<FindingCell> = members
            .iter()
            .zip(&values)
            .map(|(member, &value)| member_cell(index, member, by, key, "total", Some(values[0]), value))
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
        f.values.insert("group".into(), text(group_text(by, key)));
        f.values.insert("difference".into(), number(max - min, decimals));
        out.push(f);
    }
    out
}

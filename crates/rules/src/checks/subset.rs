//! A part is no larger than its whole ("of which"): victims with a circumstance among the
//! checklists, minors who stayed among those given a guardian, within a cube or across cubes.

use std::collections::BTreeMap;

use rapporteur_domain::{Finding, Member, Rule};

use super::members::{group_text, member_cell, member_flagged, member_margins, member_text};
use super::{finding, number, text};
use crate::Index;

/// Each group of the part against the whole's margin over the same `by` dimensions the whole
/// has and does not filter.
pub(super) fn subset(
    rule: &Rule,
    index: &Index<'_>,
    part: &Member,
    whole: &Member,
    by: &[String],
) -> Vec<Finding> {
    let whole_cube = index.catalog.cube(&whole.cube);
    let whole_by: Vec<String> = by
        .iter()
        .filter(|d| !whole.filter.contains_key(*d))
        .filter(|d| {
            d.as_str() == rapporteur_domain::PERIOD || whole_cube.is_some_and(|c| c.dimension(d).is_some())
        })
        .cloned()
        .collect();
    let wholes: BTreeMap<Vec<String>, i64> = member_margins(index, whole, &whole_by);
    // A part or a whole holding a flagged cell is not compared: its flag says so.
    let (flagged_parts, flagged_wholes) =
        (member_flagged(index, part, by), member_flagged(index, whole, &whole_by));
    let mut out = Vec::new();
    for (key, value) in member_margins(index, part, by) {
        let whole_key: Vec<String> =
            by.iter().zip(&key).filter(|(d, _)| whole_by.contains(d)).map(|(_, c)| c.clone()).collect();
        if flagged_parts.contains(&key) || flagged_wholes.contains(&whole_key) {
            continue;
        }
        let Some(&whole_value) = wholes.get(&whole_key) else { continue };
        if value <= whole_value {
            continue;
        }
        let cells = vec![
            member_cell(index, part, by, &key, "part", Some(whole_value), value),
            member_cell(index, whole, &whole_by, &whole_key, "whole", None, whole_value),
        ];
        let (decimals, whole_decimals) = (cells[0].decimals, cells[1].decimals);
        let mut f = finding(rule, index, &key.join("|"), cells);
        f.values.insert("part".into(), text(member_text(part)));
        f.values.insert("whole".into(), text(member_text(whole)));
        f.values.insert("group".into(), text(group_text(by, &key)));
        f.values.insert("part_value".into(), number(value, decimals));
        f.values.insert("whole_value".into(), number(whole_value, whole_decimals));
        out.push(f);
    }
    out
}

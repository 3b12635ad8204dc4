//! Shares of a set sum to their total (100 %) within the rounding they are printed at.

use rapporteur_domain::{Finding, Member, Rule};

use super::members::{group_text, member_cell, member_flagged, member_margins, member_text};
use super::{finding, number, text};
use crate::Index;

/// Per group of the `by` dimensions, the member's values sum to `total` ± `rounding`.
pub(super) fn shares_sum(
    rule: &Rule,
    index: &Index<'_>,
    member: &Member,
    by: &[String],
    total: f64,
    rounding: f64,
) -> Vec<Finding> {
    let decimals = index.decimals(&member.cube);
    let scale = 10_f64.powi(decimals as i32);
    let (total, rounding) = ((total * scale).round() as i64, (rounding * scale).round() as i64);
    // Shares one of which is flagged cannot be summed: its flag says so.
    let flagged = member_flagged(index, member, by);
    let mut out = Vec::new();
    for (key, sum) in member_margins(index, member, by) {
        if (sum - total).abs() <= rounding || flagged.contains(&key) {
            continue;
        }
        let cells = vec![member_cell(index, member, by, &key, "total", Some(total), sum)];
        let mut f = finding(rule, index, &key.join("|"), cells);
        f.values.insert("shares".into(), text(member_text(member)));
        f.values.insert("group".into(), text(group_text(by, &key)));
        f.values.insert("sum".into(), number(sum, decimals));
        f.values.insert("total".into(), number(total, decimals));
        f.values.insert("rounding".into(), number(rounding, decimals));
        out.push(f);
    }
    out
}

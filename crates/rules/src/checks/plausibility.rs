//! A value against the previous year's: counts by an exact test of equal Poisson rates (and,
//! when the rule bounds it, by how many times larger one is than the other); amounts, which
//! follow no Poisson model, by that ratio alone.

use std::collections::BTreeMap;

use rapporteur_domain::{CubeSet, Finding, ObservationRow, Ratio, Rule};

use super::{cell_of, finding, number, text};
use crate::stats::{binomial_two_sided_p, format_p};
use crate::Index;

/// A value against the previous year's, by an exact test suited to small counts.
pub(super) fn plausibility(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    alpha: f64,
    min_total: i64,
    ratio: &Ratio,
) -> Vec<Finding> {
    let mut years: Vec<&str> =
        index.cycle.accepted_periods().filter(|p| p.len() == 4 && p.parse::<u32>().is_ok()).collect();
    years.sort_unstable();
    let mut out = Vec::new();
    for (cube, observations) in index.by_cube.iter().filter(|(c, _)| cubes.contains(c)) {
        let decimals = index.decimals(cube);
        let amounts = decimals != 0;
        if amounts && ratio.amounts.is_none() {
            continue; // the test is for counts
        }
        let mut series: BTreeMap<&BTreeMap<String, String>, BTreeMap<&str, &ObservationRow>> =
            BTreeMap::new();
        for o in observations {
            series.entry(&o.coordinate.codes).or_default().insert(o.coordinate.period.as_str(), o);
        }
        for by_period in series.into_values() {
            for pair in years.windows(2) {
                let (Some(before), Some(after)) = (by_period.get(pair[0]), by_period.get(pair[1])) else {
                    continue;
                };
                let p = if amounts {
                    let far = Ratio { min: ratio.amounts, max: None, amounts: None };
                    if !far.admits(before.value, after.value) {
                        continue;
                    }
                    None
                } else {
                    if before.value + after.value < min_total || !ratio.admits(before.value, after.value) {
                        continue;
                    }
                    let p = binomial_two_sided_p(before.value, after.value);
                    if p >= alpha {
                        continue;
                    }
                    Some(p)
                };
                let mut f = finding(
                    rule,
                    index,
                    &format!("{cube}|{}|{}", after.coordinate.key(), pair[0]),
                    vec![
                        cell_of(after, "data", None, Some(after.value), decimals),
                        cell_of(before, "previous", None, Some(before.value), decimals),
                    ],
                );
                f.values.insert("cube".into(), text(cube.to_string()));
                f.values.insert("previous".into(), number(before.value, decimals));
                f.values.insert("actual".into(), number(after.value, decimals));
                let (larger, smaller) = (before.value.max(after.value), before.value.min(after.value).max(1));
                f.values.insert("ratio".into(), number(larger * 10 / smaller, 1));
                f.values.insert("previous_period".into(), text(pair[0]));
                f.values.insert("period".into(), text(pair[1]));
                f.values.insert("p_value".into(), text(p.map_or_else(|| "-".to_string(), format_p)));
                out.push(f);
            }
        }
    }
    out
}

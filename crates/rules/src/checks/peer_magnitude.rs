//! A count against its peers in the same period: the other codes of a dimension the catalog
//! declares as peers (the other directorates, the other centres), every other code equal. A
//! count far out of line with the median of its peers, by an exact test and by a large factor,
//! is the mark of a unit slip where no previous year or total shows it.

use std::collections::BTreeMap;

use rapporteur_domain::{CubeSet, Finding, ObservationRow, Rule};

use super::{cell_of, finding, number, text};
use crate::stats::{binomial_two_sided_p, format_p};
use crate::Index;

/// Each count of the cubes against the median of its peers' non-zero counts.
pub(super) fn peer_magnitude(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    peers: &str,
    alpha: f64,
    min_ratio: f64,
    min_peers: usize,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (cube, observations) in index.by_cube.iter().filter(|(c, _)| cubes.contains(c)) {
        if index.decimals(cube) != 0 {
            continue; // amounts follow no Poisson model
        }
        for group in peer_groups(observations, peers).into_values() {
            for (i, cell) in group.iter().enumerate() {
                let others: Vec<i64> = group
                    .iter()
                    .enumerate()
                    .filter(|(j, o)| *j != i && o.value > 0)
                    .map(|(_, o)| o.value)
                    .collect();
                if cell.value == 0 || others.len() < min_peers {
                    continue;
                }
                // Only a count far above its peers: a small directorate or centre is common, and a
                // unit slip multiplies.
                let median = median(others);
                if (cell.value as f64) < min_ratio * median as f64 {
                    continue;
                }
                let p = binomial_two_sided_p(median, cell.value);
                if p >= alpha {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{cube}|{}", cell.key()),
                    vec![cell_of(cell, "data", Some(median), Some(cell.value), 0)],
                );
                f.values.insert("cube".into(), text(cube.to_string()));
                f.values.insert("actual".into(), number(cell.value, 0));
                f.values.insert("median".into(), number(median, 0));
                f.values.insert("ratio".into(), number(cell.value * 10 / median, 1));
                f.values.insert("peers".into(), text(peers));
                f.values.insert("p_value".into(), text(format_p(p)));
                out.push(f);
            }
        }
    }
    out
}

/// The counts of a cube grouped by period and every code but the peers' dimension's.
fn peer_groups<'a>(
    observations: &[&'a ObservationRow],
    peers: &str,
) -> BTreeMap<(String, BTreeMap<String, String>), Vec<&'a ObservationRow>> {
    let mut groups: BTreeMap<(String, BTreeMap<String, String>), Vec<&ObservationRow>> = BTreeMap::new();
    for o in observations.iter().filter(|o| o.coordinate.codes.contains_key(peers)) {
        let mut others = o.coordinate.codes.clone();
        others.remove(peers);
        groups.entry((o.coordinate.period.clone(), others)).or_default().push(o);
    }
    groups
}

/// The median of non-empty counts, the mean of the two middle ones rounded half up when their
/// number is even.
fn median(mut values: Vec<i64>) -> i64 {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2] + 1) / 2
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(vec![6, 1, 3]), 3);
        assert_eq!(median(vec![1, 1, 6, 4, 1, 20, 3]), 3);
        assert_eq!(median(vec![1, 4]), 3);
        assert_eq!(median(vec![2, 2]), 2);
    }
}

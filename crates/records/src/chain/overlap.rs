//! Distinct victims per year across all victim lists, and the overlap between the lists: how
//! many persons each combination of lists (and no other) registered in a year.

use std::collections::BTreeMap;

use super::Chain;

/// One year's count of registrations and of the distinct persons behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinctYear {
    pub year: i32,
    /// Linked registrations on the victim lists.
    pub registrations: usize,
    /// Distinct persons among them.
    pub persons: usize,
    /// Distinct persons per list (in the order of [`Chain::lists`]).
    pub by_list: Vec<usize>,
}

/// Registrations and distinct persons per year.
pub fn distinct_by_year(chain: &Chain) -> Vec<DistinctYear> {
    let mut years: BTreeMap<i32, DistinctYear> = BTreeMap::new();
    for path in &chain.persons {
        for (&year, &lists) in &path.lists_by_year {
            let row = years.entry(year).or_insert_with(|| DistinctYear {
                year,
                registrations: chain.registrations_by_year.get(&year).copied().unwrap_or(0),
                persons: 0,
                by_list: vec![0; chain.lists.len()],
            });
            row.persons += 1;
            for (i, n) in row.by_list.iter_mut().enumerate() {
                *n += usize::from(lists >> i & 1 == 1);
            }
        }
    }
    years.into_values().collect()
}

/// Per year, the number of persons registered by exactly each combination of lists (bits by
/// position in [`Chain::lists`]); combinations nobody fell in are absent.
pub fn overlap_by_year(chain: &Chain) -> BTreeMap<i32, BTreeMap<u32, u64>> {
    let mut out: BTreeMap<i32, BTreeMap<u32, u64>> = BTreeMap::new();
    for path in &chain.persons {
        for (&year, &lists) in &path.lists_by_year {
            *out.entry(year).or_default().entry(lists).or_default() += 1;
        }
    }
    out
}

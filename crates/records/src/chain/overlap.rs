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
    /// Persons of the year registered in another year by a list that did not register them
    /// this year: the year's capture histories miss that list for them (a victim detected in
    /// December and referred in January is on one list in each year).
    pub listed_in_another_year: usize,
}

/// Registrations and distinct persons per year.
pub fn distinct_by_year(chain: &Chain) -> Vec<DistinctYear> {
    let mut years: BTreeMap<i32, DistinctYear> = BTreeMap::new();
    for path in &chain.persons {
        let ever = path.lists_by_year.values().fold(0, |all, &lists| all | lists);
        for (&year, &lists) in &path.lists_by_year {
            let row = years.entry(year).or_insert_with(|| DistinctYear {
                year,
                registrations: chain.registrations_by_year.get(&year).copied().unwrap_or(0),
                persons: 0,
                by_list: vec![0; chain.lists.len()],
                listed_in_another_year: 0,
            });
            row.persons += 1;
            row.listed_in_another_year += usize::from(ever & !lists != 0);
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::chain::{PersonPath, VictimList};
    use crate::record::Date;

    /// A person registered by the lists `lists_by_year` (bits: 1 police, 2 centre).
    fn person(person: i64, lists_by_year: &[(i32, u32)]) -> PersonPath {
        PersonPath {
            person,
            first_detected: Date { year: lists_by_year[0].0, month: 1, day: 1 },
            lists_by_year: lists_by_year.iter().copied().collect(),
            form: None,
            steps: BTreeSet::new(),
        }
    }

    #[test]
    fn a_year_counts_its_persons_whom_another_list_registered_in_another_year() {
        let chain = Chain {
            lists: ["police_finding", "guidance_file"].map(|s| VictimList { schema: s.into() }).into(),
            persons: vec![
                // Detected in December, referred in January: on one list in each year.
                person(1, &[(2019, 1), (2020, 2)]),
                // On both lists in 2019, met again by the centre in 2020: 2020 misses the police.
                person(2, &[(2019, 3), (2020, 2)]),
                // On the same list in both years: no year misses a list.
                person(3, &[(2019, 2), (2020, 2)]),
                person(4, &[(2020, 1)]),
            ],
            unlinked: 0,
            registrations_by_year: BTreeMap::from([(2019, 3), (2020, 4)]),
            step_order: Vec::new(),
        };
        let years = distinct_by_year(&chain);
        let listed: Vec<(i32, usize, usize)> =
            years.iter().map(|d| (d.year, d.persons, d.listed_in_another_year)).collect();
        assert_eq!(listed, [(2019, 3, 1), (2020, 4, 2)]);
    }
}

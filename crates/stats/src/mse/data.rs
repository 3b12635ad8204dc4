//! Capture histories: the validated input of multiple systems estimation (the removal of lists
//! that carry no information is in [`super::informative`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The fewest lists an estimate can be made from: with one list there is no overlap to learn from.
pub const MIN_LISTS: usize = 2;

/// The most lists accepted. Ten lists give 1,023 observable cells and 45 pairs; the pairs of a
/// model are kept in a 64-bit set, and beyond ten lists the tables are too sparse for the
/// two-list models to be worth fitting.
pub const MAX_LISTS: usize = 10;

/// A table of capture histories: for every observed combination of lists, how many persons were
/// registered on exactly those lists.
///
/// Rows keep the order in which they were given (the bootstrap and the jackknife refer to them
/// by position); histories never repeat and are never on no list. A history that is absent has
/// count zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptureData {
    lists: Vec<String>,
    histories: Vec<u32>,
    counts: Vec<u64>,
}

/// One problem found while validating capture histories. Rows are numbered from 1 in the order
/// given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CaptureDataProblem {
    #[error("{found} lists given; an estimate needs between {MIN_LISTS} and {MAX_LISTS} lists")]
    ListCount { found: usize },
    #[error("list {position} has an empty name")]
    EmptyListName { position: usize },
    #[error("list name {name:?} is given more than once")]
    DuplicateListName { name: String },
    #[error("row {row}: {found} history values for {expected} lists")]
    HistoryLength { row: usize, found: usize, expected: usize },
    #[error("row {row}: the history is on no list; the persons on no list are what is estimated")]
    AllZeroHistory { row: usize },
    #[error("row {row}: history {history} is already given in row {first_row}")]
    DuplicateHistory { row: usize, first_row: usize, history: String },
    #[error("row {row}: negative count {count}")]
    NegativeCount { row: usize, count: i64 },
    #[error("the counts add up to zero: nobody was registered")]
    NobodyObserved,
}

/// Capture histories that failed validation, with every problem found (not only the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid capture histories: {}", join_problems(.problems))]
pub struct InvalidCaptureData {
    pub problems: Vec<CaptureDataProblem>,
}

fn join_problems(problems: &[CaptureDataProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl CaptureData {
    /// Validates list names and rows of (history, count), where `history[i]` tells whether the
    /// persons of that row are on list `i`.
    ///
    /// Rules: 2 to 10 distinct, non-empty list names; every history as long as the list of
    /// names, on at least one list, and given once; counts at least zero, and not all zero.
    ///
    /// ```
    /// use rapporteur_stats::mse::CaptureData;
    /// let data = CaptureData::new(
    ///     vec!["A".into(), "B".into()],
    ///     vec![(vec![true, false], 30), (vec![false, true], 20), (vec![true, true], 10)],
    /// )
    /// .unwrap();
    /// assert_eq!(data.observed(), 60);
    /// ```
    pub fn new<I>(lists: Vec<String>, rows: I) -> Result<Self, InvalidCaptureData>
    where
        I: IntoIterator<Item = (Vec<bool>, i64)>,
    {
        let mut problems = Vec::new();
        if !(MIN_LISTS..=MAX_LISTS).contains(&lists.len()) {
            problems.push(CaptureDataProblem::ListCount { found: lists.len() });
        }
        let mut seen_names = BTreeMap::new();
        for (position, name) in lists.iter().enumerate() {
            if name.trim().is_empty() {
                problems.push(CaptureDataProblem::EmptyListName { position: position + 1 });
            } else if seen_names.insert(name.as_str(), position).is_some() {
                problems.push(CaptureDataProblem::DuplicateListName { name: name.clone() });
            }
        }
        let mut histories = Vec::new();
        let mut counts = Vec::new();
        let mut first_row_of = BTreeMap::new();
        for (index, (history, count)) in rows.into_iter().enumerate() {
            let row = index + 1;
            if history.len() != lists.len() {
                problems.push(CaptureDataProblem::HistoryLength {
                    row,
                    found: history.len(),
                    expected: lists.len(),
                });
                continue;
            }
            // Lists beyond MAX_LISTS are already a problem above; the bits are only packed
            // when the count of lists is valid.
            let bits = if lists.len() <= MAX_LISTS { pack(&history) } else { 0 };
            if history.iter().all(|&on| !on) {
                problems.push(CaptureDataProblem::AllZeroHistory { row });
            } else if lists.len() <= MAX_LISTS {
                if let Some(&first_row) = first_row_of.get(&bits) {
                    problems.push(CaptureDataProblem::DuplicateHistory {
                        row,
                        first_row,
                        history: format_history(bits, lists.len()),
                    });
                } else {
                    first_row_of.insert(bits, row);
                }
            }
            if count < 0 {
                problems.push(CaptureDataProblem::NegativeCount { row, count });
            }
            histories.push(bits);
            counts.push(u64::try_from(count).unwrap_or(0));
        }
        if problems.is_empty() && counts.iter().sum::<u64>() == 0 {
            problems.push(CaptureDataProblem::NobodyObserved);
        }
        if problems.is_empty() {
            Ok(Self { lists, histories, counts })
        } else {
            Err(InvalidCaptureData { problems })
        }
    }

    /// The list names, in column order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// The rows as (history, count), in the order given; `history[i]` is list `i`.
    pub fn rows(&self) -> impl Iterator<Item = (Vec<bool>, u64)> + '_ {
        let width = self.lists.len();
        self.histories
            .iter()
            .zip(&self.counts)
            .map(move |(&bits, &count)| ((0..width).map(|i| bits & (1 << i) != 0).collect(), count))
    }

    /// The number of persons registered on at least one list.
    pub fn observed(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The histories as bit sets (bit `i` = list `i`), in row order.
    pub(crate) fn histories(&self) -> &[u32] {
        &self.histories
    }

    /// The counts, in row order.
    pub(crate) fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// The same lists and histories with other counts, as the bootstrap and the jackknife need.
    /// The caller keeps the invariants (same length, not all zero).
    pub(crate) fn with_counts(&self, counts: Vec<u64>) -> Self {
        debug_assert_eq!(counts.len(), self.counts.len());
        Self { lists: self.lists.clone(), histories: self.histories.clone(), counts }
    }

    /// Builds data from trusted parts (histories already packed, distinct and non-empty).
    pub(crate) fn from_parts(lists: Vec<String>, histories: Vec<u32>, counts: Vec<u64>) -> Self {
        Self { lists, histories, counts }
    }
}

fn pack(history: &[bool]) -> u32 {
    history.iter().enumerate().filter(|(_, &on)| on).fold(0, |bits, (i, _)| bits | (1 << i))
}

/// A history as the 0/1 string of a CSV row, list 1 first.
pub(crate) fn format_history(bits: u32, width: usize) -> String {
    (0..width).map(|i| if bits & (1 << i) != 0 { '1' } else { '0' }).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// List names from string literals (also for the tests of `informative`).
    pub(crate) fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    /// A history from its 0/1 string, list 1 first.
    pub(crate) fn bits(history: &str) -> Vec<bool> {
        history.chars().map(|c| c == '1').collect()
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let error = CaptureData::new(
            names(&["A", "A", ""]),
            vec![(bits("100"), 5), (bits("000"), 3), (bits("100"), -1), (bits("10"), 2)],
        )
        .unwrap_err();
        assert_eq!(
            error.problems,
            vec![
                CaptureDataProblem::DuplicateListName { name: "A".into() },
                CaptureDataProblem::EmptyListName { position: 3 },
                CaptureDataProblem::AllZeroHistory { row: 2 },
                CaptureDataProblem::DuplicateHistory { row: 3, first_row: 1, history: "100".into() },
                CaptureDataProblem::NegativeCount { row: 3, count: -1 },
                CaptureDataProblem::HistoryLength { row: 4, found: 2, expected: 3 },
            ]
        );
        assert!(error.to_string().starts_with("invalid capture histories: list name"));
    }

    #[test]
    fn list_count_is_bounded() {
        let one = CaptureData::new(names(&["A"]), vec![(bits("1"), 5)]).unwrap_err();
        assert_eq!(one.problems, vec![CaptureDataProblem::ListCount { found: 1 }]);
        let eleven: Vec<String> = (0..11).map(|i| format!("L{i}")).collect();
        let error = CaptureData::new(eleven, vec![(vec![true; 11], 1)]).unwrap_err();
        assert_eq!(error.problems, vec![CaptureDataProblem::ListCount { found: 11 }]);
    }

    #[test]
    fn zero_counts_are_allowed_but_not_an_empty_table() {
        let data = CaptureData::new(names(&["A", "B"]), vec![(bits("10"), 0), (bits("01"), 4)]).unwrap();
        assert_eq!(data.observed(), 4);
        let rows: Vec<_> = data.rows().collect();
        assert_eq!(rows, vec![(bits("10"), 0), (bits("01"), 4)]);
        let error = CaptureData::new(names(&["A", "B"]), vec![(bits("10"), 0)]).unwrap_err();
        assert_eq!(error.problems, vec![CaptureDataProblem::NobodyObserved]);
    }
}

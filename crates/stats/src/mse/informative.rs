//! The removal of lists that carry no information, as SparseMSE's `removenoninformativelists`
//! does before any model: lists with nobody or everybody on them, and lists that duplicate an
//! earlier one.

use serde::{Deserialize, Serialize};

use super::data::{CaptureData, MIN_LISTS};

/// Why a list was left out of the estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Nobody was registered on the list: it says nothing about overlaps.
    NoPersons,
    /// Every registered person is on the list: it has no "not on this list" to compare with.
    AllPersons,
    /// The list holds exactly the same persons as an earlier list.
    DuplicateOf { list: String },
}

/// A list left out of the estimate because it carries no information, as SparseMSE's
/// `removenoninformativelists` does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedList {
    pub list: String,
    pub reason: RemovalReason,
}

impl std::fmt::Display for RemovedList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            RemovalReason::NoPersons => write!(f, "list {} was removed: nobody is on it", self.list),
            RemovalReason::AllPersons => {
                write!(f, "list {} was removed: every registered person is on it", self.list)
            }
            RemovalReason::DuplicateOf { list } => {
                write!(f, "list {} was removed: it holds the same persons as list {list}", self.list)
            }
        }
    }
}

/// The data left after removing the lists that carry no information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformativeData {
    /// The remaining data, or `None` when fewer than two lists remain.
    pub data: Option<CaptureData>,
    /// The lists removed, in column order.
    pub removed: Vec<RemovedList>,
    /// Persons registered only on removed lists: they drop out of the table, as in SparseMSE,
    /// and the model counts them among those on none of the remaining lists.
    pub persons_only_on_removed: u64,
}

/// Removes, as SparseMSE's `removenoninformativelists` does, the lists that duplicate an earlier
/// list, then those with nobody or everybody on them; merges the histories that become equal.
///
/// Lists are compared on the persons registered (rows with a positive count), so a row given
/// with count zero does not make two identical lists differ.
pub fn remove_noninformative_lists(data: &CaptureData) -> InformativeData {
    let removals = lists_to_remove(data);
    let removed: Vec<RemovedList> = removals
        .iter()
        .map(|(list, reason)| RemovedList { list: data.lists()[*list].clone(), reason: reason.clone() })
        .collect();
    if removed.is_empty() {
        return InformativeData { data: Some(data.clone()), removed, persons_only_on_removed: 0 };
    }
    let kept: Vec<usize> =
        (0..data.lists().len()).filter(|list| !removals.iter().any(|(removed, _)| removed == list)).collect();
    let (merged, persons_only_on_removed) = merge_onto(data, &kept);
    let data = (kept.len() >= MIN_LISTS && merged.iter().any(|(_, count)| *count > 0)).then(|| {
        CaptureData::from_parts(
            kept.iter().map(|&list| data.lists()[list].clone()).collect(),
            merged.iter().map(|(bits, _)| *bits).collect(),
            merged.iter().map(|(_, count)| *count).collect(),
        )
    });
    InformativeData { data, removed, persons_only_on_removed }
}

/// The lists to remove with the reason of each, in column order: first those that hold the
/// same persons as an earlier list kept, then, of the others, those with nobody or everybody.
fn lists_to_remove(data: &CaptureData) -> Vec<(usize, RemovalReason)> {
    let width = data.lists().len();
    let positive: Vec<(u32, u64)> = data
        .histories()
        .iter()
        .zip(data.counts())
        .filter(|(_, &count)| count > 0)
        .map(|(&bits, &count)| (bits, count))
        .collect();
    let members =
        |list: usize| -> Vec<bool> { positive.iter().map(|(bits, _)| bits & (1 << list) != 0).collect() };
    let total: u64 = positive.iter().map(|(_, count)| count).sum();
    let mut removed = Vec::new();
    let mut keep = vec![true; width];
    for list in 0..width {
        if let Some(earlier) = (0..list).find(|&e| keep[e] && members(e) == members(list)) {
            keep[list] = false;
            removed.push((list, RemovalReason::DuplicateOf { list: data.lists()[earlier].clone() }));
        }
    }
    for (list, kept) in keep.iter_mut().enumerate() {
        if !*kept {
            continue;
        }
        let on: u64 = positive.iter().filter(|(bits, _)| bits & (1 << list) != 0).map(|(_, c)| c).sum();
        if on == 0 {
            *kept = false;
            removed.push((list, RemovalReason::NoPersons));
        } else if on == total {
            *kept = false;
            removed.push((list, RemovalReason::AllPersons));
        }
    }
    removed.sort_by_key(|(list, _)| *list);
    removed
}

/// The histories on the `kept` lists only (bit `i` = the `i`th list kept), rows that become
/// equal merged in order of first appearance; and the persons on no kept list.
fn merge_onto(data: &CaptureData, kept: &[usize]) -> (Vec<(u32, u64)>, u64) {
    let mut merged: Vec<(u32, u64)> = Vec::new();
    let mut persons_only_on_removed = 0;
    for (&bits, &count) in data.histories().iter().zip(data.counts()) {
        let new_bits = kept
            .iter()
            .enumerate()
            .filter(|(_, &old)| bits & (1 << old) != 0)
            .fold(0u32, |acc, (new, _)| acc | (1 << new));
        if new_bits == 0 {
            persons_only_on_removed += count;
        } else if let Some(row) = merged.iter_mut().find(|(b, _)| *b == new_bits) {
            row.1 += count;
        } else {
            merged.push((new_bits, count));
        }
    }
    (merged, persons_only_on_removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mse::data::tests::{bits, names};

    #[test]
    fn noninformative_lists_are_removed_and_named() {
        // B duplicates A; C has nobody; D has everybody.
        let data = CaptureData::new(
            names(&["A", "B", "C", "D", "E"]),
            vec![
                (bits("11011"), 4),
                (bits("00010"), 7),
                (bits("00011"), 3),
                (bits("11010"), 2),
                (bits("00100"), 0),
            ],
        )
        .unwrap();
        let result = remove_noninformative_lists(&data);
        assert_eq!(
            result.removed,
            vec![
                RemovedList { list: "B".into(), reason: RemovalReason::DuplicateOf { list: "A".into() } },
                RemovedList { list: "C".into(), reason: RemovalReason::NoPersons },
                RemovedList { list: "D".into(), reason: RemovalReason::AllPersons },
            ]
        );
        assert_eq!(result.persons_only_on_removed, 7);
        let kept = result.data.unwrap();
        assert_eq!(kept.lists(), &names(&["A", "E"]));
        let rows: Vec<_> = kept.rows().collect();
        assert_eq!(rows, vec![(bits("11"), 4), (bits("01"), 3), (bits("10"), 2)]);
    }

    #[test]
    fn too_few_informative_lists_leave_no_data() {
        let data = CaptureData::new(names(&["A", "B"]), vec![(bits("10"), 5), (bits("11"), 2)]).unwrap();
        let result = remove_noninformative_lists(&data);
        assert_eq!(result.data, None);
        assert_eq!(result.removed[0].to_string(), "list A was removed: every registered person is on it");
    }
}

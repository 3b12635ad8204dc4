//! What an import changes: a return replaces, for each (cube, period) it covers, the values the
//! store holds there. Planning the change is pure, so that "nothing changed" can be said before
//! anything is written.

use std::collections::{BTreeMap, BTreeSet};

use crate::observation::{ObservationRow, RowKind};

/// One change to the stored values of a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Add(ObservationRow),
    Update { before: ObservationRow, after: ObservationRow },
    Remove(ObservationRow),
}

impl Change {
    /// The row as it is after the change, or as it was before a removal.
    pub fn row(&self) -> &ObservationRow {
        match self {
            Change::Add(row) | Change::Remove(row) => row,
            Change::Update { after, .. } => after,
        }
    }
}

/// The (cube, period) pairs a return covers: what it replaces.
pub fn scope_of(rows: &[ObservationRow]) -> BTreeSet<(String, String)> {
    rows.iter().map(|r| (r.cube.clone(), r.coordinate.period.clone())).collect()
}

/// A row's place: its cube, whether it is data or a control value, and its coordinate. A cell
/// of data keeps its place whether it holds a value or a status, so that a value given for a cell
/// marked not available (or the reverse) is an update of that cell.
type Key = (String, u8, String);

fn key(row: &ObservationRow) -> Key {
    let place = match row.kind {
        RowKind::Observation | RowKind::Flagged(_) => 0,
        RowKind::Control => 1,
    };
    (row.cube.clone(), place, row.key())
}

/// The changes that make the store hold exactly `incoming` within its scope. `existing` holds
/// the stored rows within that scope. A row differing only in where it was read is unchanged.
/// Changes come sorted by cube, kind and coordinate, so that the audit log is deterministic.
pub fn plan_changes(existing: Vec<ObservationRow>, incoming: &[ObservationRow]) -> Vec<Change> {
    let mut before: BTreeMap<Key, ObservationRow> = existing.into_iter().map(|r| (key(&r), r)).collect();
    let mut changes: BTreeMap<Key, Change> = BTreeMap::new();
    for row in incoming {
        let k = key(row);
        match before.remove(&k) {
            None => {
                changes.insert(k, Change::Add(row.clone()));
            }
            Some(old)
                if old.kind != row.kind
                    || old.value != row.value
                    || old.flags != row.flags
                    || old.note != row.note =>
            {
                changes.insert(k, Change::Update { before: old, after: row.clone() });
            }
            Some(_) => {}
        }
    }
    for (k, old) in before {
        changes.insert(k, Change::Remove(old));
    }
    changes.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Coordinate;

    fn row(period: &str, form: &str, value: i64, source_row: usize) -> ObservationRow {
        ObservationRow {
            cube: "police_thb_findings".into(),
            coordinate: Coordinate {
                period: period.into(),
                codes: [("exploitation_form".into(), form.into())].into(),
            },
            kind: RowKind::Observation,
            value,
            flags: vec![],
            note: None,
            pct_base: None,
            stated_decimals: None,
            source_row,
        }
    }

    #[test]
    fn same_values_from_another_row_change_nothing() {
        let stored = vec![row("2019", "sexual", 171, 2), row("2019", "labour", 146, 3)];
        let incoming = vec![row("2019", "labour", 146, 2), row("2019", "sexual", 171, 3)];
        assert_eq!(plan_changes(stored, &incoming), vec![]);
    }

    #[test]
    fn a_value_given_for_a_cell_marked_not_available_updates_the_cell() {
        let mut marked = row("2019", "sexual", 0, 2);
        marked.kind = RowKind::Flagged(crate::ObsStatus::NotAvailable);
        let given = row("2019", "sexual", 171, 2);
        assert_eq!(
            plan_changes(vec![marked.clone()], std::slice::from_ref(&given)),
            vec![Change::Update { before: marked.clone(), after: given.clone() }]
        );
        assert_eq!(
            plan_changes(vec![given.clone()], std::slice::from_ref(&marked)),
            vec![Change::Update { before: given, after: marked }]
        );
    }

    #[test]
    fn a_corrected_return_adds_updates_and_removes() {
        let stored = vec![row("2019", "sexual", 170, 2), row("2019", "begging", 5, 3)];
        let incoming = vec![row("2019", "sexual", 171, 2), row("2019", "labour", 146, 3)];
        let changes = plan_changes(stored, &incoming);
        assert_eq!(
            changes,
            vec![
                Change::Remove(row("2019", "begging", 5, 3)),
                Change::Add(row("2019", "labour", 146, 3)),
                Change::Update {
                    before: row("2019", "sexual", 170, 2),
                    after: row("2019", "sexual", 171, 2)
                },
            ]
        );
    }
}

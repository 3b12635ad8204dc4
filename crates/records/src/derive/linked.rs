//! The counting rule for linked cases: which records a chain-counting derivation leaves out
//! because a transfer or a merge links them to a record counted instead.

use std::collections::HashMap;

use rapporteur_domain::catalog::{FieldKind, LinkKind, RecordSchema};

use super::Counting;
use crate::record::{Record, Value};

/// Which records a chain-counting derivation skips: targets of a transfer, and cases merged
/// into a parent that is present.
pub(super) fn linked_records(schema: &RecordSchema, records: &[Record], counting: Counting) -> Vec<bool> {
    let mut skipped = vec![false; records.len()];
    if counting == Counting::AsRegistered {
        return skipped;
    }
    let links: Vec<(usize, LinkKind)> = schema
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match f.kind {
            FieldKind::Ref { link } => Some((i, link)),
            _ => None,
        })
        .collect();
    if links.is_empty() {
        return skipped;
    }
    let by_key: HashMap<&str, usize> = records.iter().enumerate().map(|(i, r)| (r.key(schema), i)).collect();
    for (i, record) in records.iter().enumerate() {
        for &(field, link) in &links {
            let Some(Value::Text(target)) = record.values.get(field) else { continue };
            let Some(&target) = by_key.get(target.as_ref()) else { continue };
            if target == i {
                continue;
            }
            match link {
                LinkKind::Transfer => skipped[target] = true,
                LinkKind::Merge => skipped[i] = true,
            }
        }
    }
    skipped
}

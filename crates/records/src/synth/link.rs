//! References between records: a transferred or merged case points to the case it went on in.

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{FieldKind, RecordField, RecordSchema};
use rapporteur_domain::Catalog;

use super::random::shuffle;
use crate::record::{code_index, Record, Value};

/// A record's condition: each (field, code index) must hold.
type Condition = Vec<(usize, u32)>;

/// Fills reference field `field` (described by `spec`): each record meeting the field's `when`
/// points to another record sharing its `same` fields that is itself in no linked state and
/// not a target already.
pub(super) fn link(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    field: usize,
    spec: &RecordField,
    rng: &mut ChaCha8Rng,
) {
    let Some(when) = condition(catalog, schema, &spec.when) else { return };
    let linked_states: Condition = schema
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Ref { .. }))
        .filter_map(|f| condition(catalog, schema, &f.when))
        .flatten()
        .collect();
    let same: Vec<usize> = spec.same.iter().filter_map(|f| schema.field_index(f)).collect();
    let key_field = schema.field_index(&schema.key).unwrap_or(0);
    let same_key =
        |r: &Record| -> Vec<String> { same.iter().map(|&f| format!("{:?}", r.values[f])).collect() };
    // The records that may be pointed to, by their `same` fields, in a random order.
    let mut pool: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if !linked_states.iter().any(|s| meets(r, std::slice::from_ref(s))) {
            pool.entry(same_key(r)).or_default().push(i);
        }
    }
    for targets in pool.values_mut() {
        shuffle(targets, rng);
    }
    for i in 0..records.len() {
        if when.is_empty() || !meets(&records[i], &when) {
            continue;
        }
        let Some(j) = pool.get_mut(&same_key(&records[i])).and_then(Vec::pop) else { continue };
        let target = records[j].values[key_field].clone();
        records[i].values[field] = target;
    }
}

/// A `when` table (field id → code id) as field and code indexes; `None` if it names a field
/// or code the schema lacks.
fn condition(catalog: &Catalog, schema: &RecordSchema, when: &BTreeMap<String, String>) -> Option<Condition> {
    when.iter()
        .map(|(f, code)| {
            let i = schema.field_index(f)?;
            let FieldKind::Code { codelist } = &schema.fields[i].kind else { return None };
            Some((i, code_index(catalog, codelist, code)?))
        })
        .collect()
}

/// Whether a record meets every part of a condition.
fn meets(r: &Record, condition: &[(usize, u32)]) -> bool {
    condition.iter().all(|(f, c)| r.values[*f] == Value::Code(*c))
}

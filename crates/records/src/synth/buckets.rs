//! The records as one derivation sees them: grouped by the codes of the single-code fields it
//! constrains (and by year), so that a demand finds a record that agrees with it, or is still
//! free, without a scan of every record.

use std::collections::HashMap;

use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{Derivation, FieldKind, PeriodRule, RecordSchema};
use rapporteur_domain::Combinations;

use super::demand::Demand;
use super::random::shuffle;
use crate::record::{Record, Value};

/// The key of a group: the codes of the constrained single-code fields ([`NONE`] = empty),
/// then the year (0 = none).
pub(super) type Key = Vec<u32>;

/// An empty field in a [`Key`].
const NONE: u32 = u32::MAX;

/// The groups of records for one derivation.
pub(super) struct Buckets {
    /// The single-code fields the derivation constrains, in a fixed order (their positions in a
    /// key).
    fields: Vec<usize>,
    /// Whether only the derivation's filter constrains the field at a key position.
    filter_only: Vec<bool>,
    /// Whether the derivation counts by year (otherwise over a span of years).
    yearly: bool,
    groups: HashMap<Key, Vec<usize>>,
    /// How far the scan of a group has gone for the codes of a demand with multi-code fields.
    cursors: HashMap<(Key, Vec<u32>), usize>,
}

impl Buckets {
    /// Groups `records` (with the year each was given) for derivation `d`.
    pub(super) fn new(
        schema: &RecordSchema,
        d: &Derivation,
        records: &[Record],
        years: &[i32],
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let fields = constrained_code_fields(schema, d);
        let filter_only = fields
            .iter()
            .map(|&f| !d.dimensions.iter().any(|(_, id)| schema.field_index(id) == Some(f)))
            .collect();
        let yearly = matches!(d.period, PeriodRule::Year(_));
        let mut buckets =
            Buckets { fields, filter_only, yearly, groups: HashMap::new(), cursors: HashMap::new() };
        for (i, r) in records.iter().enumerate() {
            let key = buckets.key_of(r, years[i]);
            buckets.groups.entry(key).or_default().push(i);
        }
        // Shuffle each group once, in key order, so that repeated assignments do not always
        // land on the oldest records.
        let mut keys: Vec<Key> = buckets.groups.keys().cloned().collect();
        keys.sort();
        for k in &keys {
            if let Some(group) = buckets.groups.get_mut(k) {
                shuffle(group, rng);
            }
        }
        buckets
    }

    pub(super) fn yearly(&self) -> bool {
        self.yearly
    }

    /// The key of a record given `year`.
    pub(super) fn key_of(&self, r: &Record, year: i32) -> Key {
        let mut k: Key = self
            .fields
            .iter()
            .map(|&f| match r.values[f] {
                Value::Code(c) => c,
                _ => NONE,
            })
            .collect();
        k.push(if self.yearly { year.max(0) as u32 } else { 0 });
        k
    }

    /// The keys of the groups whose records could meet a demand: each constrained field at an
    /// allowed code or empty, the demand's year or none; the fullest agreement first.
    pub(super) fn candidates(&self, demand: &Demand) -> Vec<Key> {
        let mut options: Vec<Vec<u32>> = self
            .fields
            .iter()
            .map(|&f| {
                let mut o: Vec<u32> = demand.single(f).map_or_else(Vec::new, |c| c.allowed.clone());
                o.push(NONE);
                o
            })
            .collect();
        options.push(if self.yearly { vec![demand.year as u32, 0] } else { vec![0] });
        let mut candidates: Vec<Key> = Combinations::new(options).collect();
        let yearly = self.yearly;
        candidates.sort_by_key(|k| k.iter().filter(|v| **v == NONE || (**v == 0 && yearly)).count());
        candidates
    }

    /// A record of the first candidate group that meets the demand. For a demand of single
    /// codes, any record of the group (it leaves the group: it is counted once). For one with
    /// multi-code constraints, the next record in the group's scan whose multi-code fields lack
    /// the demand's codes, or hold them where an earlier derivation filled the field
    /// (`filled_multi`); it stays in the group for its other codes.
    pub(super) fn find(
        &mut self,
        candidates: &[Key],
        demand: &Demand,
        records: &[Record],
        filled_multi: &[usize],
    ) -> Option<usize> {
        for key in candidates {
            let Some(group) = self.groups.get_mut(key) else { continue };
            if !demand.has_multi() {
                if let Some(i) = group.pop() {
                    return Some(i);
                }
                continue;
            }
            let cursor = self.cursors.entry((key.clone(), demand.multi_codes.clone())).or_insert(0);
            while *cursor < group.len() {
                let i = group[*cursor];
                *cursor += 1;
                let fits = demand.constraints.iter().filter(|c| c.multi).all(|c| {
                    let has =
                        matches!(&records[i].values[c.field], Value::Codes(cs) if cs.contains(&c.allowed[0]));
                    if filled_multi.contains(&c.field) {
                        has
                    } else {
                        !has
                    }
                });
                if fits {
                    return Some(i);
                }
            }
        }
        None
    }

    /// A record of an existing group for a demand no group fully meets: the one agreeing on
    /// the most fields (a filter field must agree or be empty), of the demand's year or of none
    /// yet; ties go to the smallest key, so the pick is deterministic.
    pub(super) fn relaxed_pick(&mut self, demand: &Demand) -> Option<usize> {
        let mut best: Option<(u64, &Key)> = None;
        for (key, group) in &self.groups {
            if group.is_empty() {
                continue;
            }
            let Some(score) = self.agreement(key, demand) else { continue };
            let better = match best {
                None => true,
                Some((s, k)) => score > s || (score == s && key < k),
            };
            if better {
                best = Some((score, key));
            }
        }
        let key = best.map(|(_, k)| k.clone())?;
        self.groups.get_mut(&key).and_then(Vec::pop)
    }

    /// How well a group's key agrees with a demand (an allowed code counts more than an empty
    /// field, a filter's field most), or `None` if the group cannot serve it (another year, or
    /// a filter field at a code the filter does not allow).
    fn agreement(&self, key: &Key, demand: &Demand) -> Option<u64> {
        let year = demand.year;
        let key_year = key.last().copied().unwrap_or(0);
        if self.yearly && key_year != 0 && key_year != year as u32 {
            return None;
        }
        let mut score: u64 = 0;
        for (p, &f) in self.fields.iter().enumerate() {
            let Some(c) = demand.single(f) else { continue };
            let weight = if self.filter_only[p] { 1000 } else { 2 };
            if c.allowed.contains(&key[p]) {
                score += weight;
            } else if key[p] == NONE {
                score += 1;
            } else if self.filter_only[p] {
                return None;
            }
        }
        if self.yearly && key_year == year as u32 {
            score += 1;
        }
        Some(score)
    }

    /// Moves record `i` from the group of key `before` to that of `after`, if its key changed
    /// or it is new.
    pub(super) fn regroup(&mut self, i: usize, before: Key, after: Key, new: bool) {
        if after == before && !new {
            return;
        }
        if let Some(group) = self.groups.get_mut(&before) {
            if let Some(pos) = group.iter().position(|&x| x == i) {
                group.remove(pos);
            }
        }
        self.groups.entry(after).or_default().push(i);
    }
}

/// The single-code fields a derivation constrains (by a dimension or its filter), in a fixed
/// order.
fn constrained_code_fields(schema: &RecordSchema, d: &Derivation) -> Vec<usize> {
    let mut fields: Vec<usize> = Vec::new();
    let constrained = d.dimensions.iter().map(|(_, f)| f).chain(d.filter.keys());
    for field_id in constrained {
        if let Some(i) = schema.field_index(field_id) {
            if matches!(schema.fields[i].kind, FieldKind::Code { .. }) && !fields.contains(&i) {
                fields.push(i);
            }
        }
    }
    fields
}

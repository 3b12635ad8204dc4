//! The counting rule for linked cases: which records a chain-counting derivation leaves out
//! because a transfer or a merge links them to a record counted instead. The links are
//! gathered one record at a time ([`ChainLinks`]), so that a source read from the store in one
//! pass needs memory for its linked records only, never for all of them.

use std::collections::HashSet;

use rapporteur_domain::catalog::{FieldKind, LinkKind, RecordSchema};

use super::Counting;
use crate::record::{Record, Value};

/// The references between a source's records: (record, referenced record, what the link means).
#[derive(Debug, Default)]
pub struct ChainLinks {
    fields: Vec<(usize, LinkKind)>,
    refs: Vec<(Box<str>, Box<str>, LinkKind)>,
}

/// The keys of the records a chain-counting derivation leaves out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped(HashSet<Box<str>>);

impl Skipped {
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl ChainLinks {
    /// The links of `schema` under `counting`; none when every registration counts or the
    /// schema has no reference field.
    pub fn new(schema: &RecordSchema, counting: Counting) -> ChainLinks {
        if counting == Counting::AsRegistered {
            return ChainLinks::default();
        }
        let fields = schema
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match f.kind {
                FieldKind::Ref { link } => Some((i, link)),
                _ => None,
            })
            .collect();
        ChainLinks { fields, refs: Vec::new() }
    }

    /// Whether any record can be left out: the schema links records and counts chains.
    pub fn any(&self) -> bool {
        !self.fields.is_empty()
    }

    /// Notes the references `record` (of key `key`) holds to other records.
    pub fn gather(&mut self, key: &str, record: &Record) {
        for &(field, link) in &self.fields {
            let Some(Value::Text(target)) = record.values.get(field) else { continue };
            if target.as_ref() != key {
                self.refs.push((key.into(), target.clone(), link));
            }
        }
    }

    /// The keys referenced, whose presence among the source's records decides the links.
    pub fn targets(&self) -> HashSet<&str> {
        self.refs.iter().map(|(_, target, _)| target.as_ref()).collect()
    }

    /// The records left out, given which referenced keys are records of the source: the target
    /// of a transfer, and a case merged into a parent that is present.
    pub fn skipped(self, present: &HashSet<Box<str>>) -> Skipped {
        let mut skipped = HashSet::new();
        for (source, target, link) in self.refs {
            if !present.contains(&target) {
                continue;
            }
            match link {
                LinkKind::Transfer => skipped.insert(target),
                LinkKind::Merge => skipped.insert(source),
            };
        }
        Skipped(skipped)
    }
}

/// The records of `records` a chain-counting derivation skips, all records at hand.
pub(super) fn linked_records(schema: &RecordSchema, records: &[Record], counting: Counting) -> Skipped {
    let mut links = ChainLinks::new(schema, counting);
    if !links.any() {
        return Skipped::default();
    }
    for record in records {
        links.gather(record.key(schema), record);
    }
    let targets = links.targets();
    let present: HashSet<Box<str>> =
        records.iter().map(|r| r.key(schema)).filter(|k| targets.contains(k)).map(Box::from).collect();
    links.skipped(&present)
}

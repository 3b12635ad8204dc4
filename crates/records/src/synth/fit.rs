//! Fitting the records of one schema to the returns: for each derivation, in catalog order,
//! each observation of its cube becomes that many demands ("a record of 2019 with form sexual
//! and state dismissed"), each met by a record whose fields agree or are still empty (preferring
//! the fullest agreement), by one agreeing where it can, or by a new record. Where the seed's
//! tables describe one population consistently, the records reproduce every one of them.

use std::collections::{BTreeMap, BTreeSet};

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{Derivation, FieldKind, RecordSchema};
use rapporteur_domain::{Catalog, Cycle};

use super::buckets::{Buckets, Key};
use super::demand::{Constraint, Demand};
use super::random::random_date;
use super::targets::Targets;
use crate::record::{Record, Value};

/// The records of one schema as the fit makes them.
pub(super) struct Fitter<'a> {
    catalog: &'a Catalog,
    schema: &'a RecordSchema,
    rng: &'a mut ChaCha8Rng,
    records: Vec<Record>,
    /// The year the fit gave each record (0: none yet).
    years: Vec<i32>,
    /// Multi-code fields an earlier derivation filled: a later one counts the codes a record
    /// has, it does not add any (a conviction's offences are given by the conviction count).
    filled_multi: Vec<usize>,
    /// The codes the derivations state a figure for, by single-code field.
    stated: BTreeMap<usize, BTreeSet<u32>>,
}

impl<'a> Fitter<'a> {
    /// The records of `schema` fitted to `targets`, each dated in the year it was given.
    pub(super) fn fit(
        catalog: &'a Catalog,
        schema: &'a RecordSchema,
        targets: &Targets<'_>,
        rng: &'a mut ChaCha8Rng,
    ) -> Vec<Record> {
        let stated = stated_codes(catalog, schema, targets);
        let mut fitter = Fitter {
            catalog,
            schema,
            rng,
            records: Vec::new(),
            years: Vec::new(),
            filled_multi: Vec::new(),
            stated,
        };
        for d in &schema.derivations {
            fitter.fit_derivation(d, targets);
        }
        fitter.date_records(targets.cycle())
    }

    /// Meets every demand of a derivation's observations.
    fn fit_derivation(&mut self, d: &Derivation, targets: &Targets<'_>) {
        let mut buckets = Buckets::new(self.schema, d, &self.records, &self.years, self.rng);
        for (row, count) in targets.scaled(d) {
            let Some(demand) = Demand::of(self.catalog, self.schema, d, row) else { continue };
            let candidates = buckets.candidates(&demand);
            for _ in 0..count {
                self.meet(&mut buckets, &candidates, &demand);
            }
        }
        self.note_filled_multi(d);
    }

    /// Meets one demand with a record of a candidate group, or (no record agreeing or still
    /// free on every constrained field) a record agreeing where it can, or a new record.
    fn meet(&mut self, buckets: &mut Buckets, candidates: &[Key], demand: &Demand) {
        let found = buckets.find(candidates, demand, &self.records, &self.filled_multi);
        // Before adding a record (which every earlier derivation would count again), take one
        // this derivation has not used, agreeing where it can; its conflicting fields keep
        // their values, so the difference stays in the cells the seed contradicts.
        let relaxed =
            if found.is_none() && !demand.has_multi() { buckets.relaxed_pick(demand) } else { None };
        let chosen = found.or(relaxed);
        let i = chosen.unwrap_or_else(|| self.new_record());
        let before = buckets.key_of(&self.records[i], self.years[i]);
        self.apply(i, demand, relaxed.is_some());
        if buckets.yearly() && self.years[i] == 0 {
            self.years[i] = demand.year;
        }
        // A record used by a demand without multi-code fields is counted once: it left its
        // group. One with multi-code fields stays for its other codes.
        if demand.has_multi() {
            let after = buckets.key_of(&self.records[i], self.years[i]);
            buckets.regroup(i, before, after, chosen.is_none());
        }
    }

    /// Adds an empty record without a year; its index.
    fn new_record(&mut self) -> usize {
        self.records.push(Record::empty(self.schema));
        self.years.push(0);
        self.records.len() - 1
    }

    /// Gives record `i` what the demand asks: a multi-code field gains the code, a single-code
    /// field not at an allowed code gets one. A relaxed pick (`keep_codes`) keeps the codes
    /// earlier derivations gave it.
    fn apply(&mut self, i: usize, demand: &Demand, keep_codes: bool) {
        for c in &demand.constraints {
            let value = &self.records[i].values[c.field];
            let new = if c.multi {
                Some(with_code(value, c.allowed[0]))
            } else if keep_codes && matches!(value, Value::Code(_)) {
                None
            } else if !matches!(value, Value::Code(v) if c.allowed.contains(v)) {
                Some(Value::Code(self.choose_code(c)))
            } else {
                None
            };
            if let Some(new) = new {
                self.records[i].values[c.field] = new;
            }
        }
    }

    /// One of a constraint's codes. Among several (a filter), one no derivation states a
    /// figure for if there is one: a cube that gives only some codes (as the text names them)
    /// keeps its stated cells.
    fn choose_code(&mut self, c: &Constraint) -> u32 {
        let stated = self.stated.get(&c.field);
        let free: Vec<u32> =
            c.allowed.iter().copied().filter(|v| !stated.is_some_and(|s| s.contains(v))).collect();
        let pool = if c.allowed.len() > 1 && !free.is_empty() { &free } else { &c.allowed };
        pool[self.rng.random_range(0..pool.len())]
    }

    /// Remembers the multi-code fields a derivation's dimensions filled.
    fn note_filled_multi(&mut self, d: &Derivation) {
        for (_, field_id) in &d.dimensions {
            if let Some(f) = self.schema.field_index(field_id) {
                if matches!(self.schema.fields[f].kind, FieldKind::Codes { .. })
                    && !self.filled_multi.contains(&f)
                {
                    self.filled_multi.push(f);
                }
            }
        }
    }

    /// The records, their period fields dated in the year the fit gave (or, for a record only
    /// cohort tables asked for, a year of the cycle).
    fn date_records(self, cycle: &Cycle) -> Vec<Record> {
        let Fitter { schema, rng, mut records, years, .. } = self;
        let cycle_years: Vec<i32> = cycle.periods.iter().filter_map(|p| p.parse().ok()).collect();
        for (record, year) in records.iter_mut().zip(years) {
            let year =
                if year > 0 { year } else { cycle_years[rng.random_range(0..cycle_years.len().max(1))] };
            for d in &schema.derivations {
                if let Some(f) = schema.field_index(d.period.field()) {
                    if record.values[f] == Value::Empty {
                        record.values[f] = Value::Date(random_date(year, rng));
                    }
                }
            }
        }
        records
    }
}

/// A multi-code value with `code` added (kept sorted).
fn with_code(value: &Value, code: u32) -> Value {
    let mut codes: Vec<u32> = match value {
        Value::Codes(cs) => cs.to_vec(),
        _ => Vec::new(),
    };
    if !codes.contains(&code) {
        codes.push(code);
        codes.sort_unstable();
    }
    Value::Codes(codes.into())
}

/// The codes some derivation states a figure for, by single-code field: the code of an
/// observation's dimension (not the codes a filter allows).
fn stated_codes(
    catalog: &Catalog,
    schema: &RecordSchema,
    targets: &Targets<'_>,
) -> BTreeMap<usize, BTreeSet<u32>> {
    let mut stated: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    for d in &schema.derivations {
        for row in targets.observations(d) {
            for c in Demand::of(catalog, schema, d, row).into_iter().flat_map(|demand| demand.constraints) {
                if !c.multi && c.allowed.len() == 1 && !d.filter.contains_key(&schema.fields[c.field].id) {
                    stated.entry(c.field).or_default().insert(c.allowed[0]);
                }
            }
        }
    }
    stated
}

//! The synthetic generator: record sets for every record schema, fitted to the observations of
//! the returns (the seed's tables), scaled to any size, with the same people appearing in
//! several sources under the spelling variations real registrations have.
//!
//! Fitting: for each schema, the derivations are taken in catalog order; each observation of a
//! derivation's cube becomes that many demands ("a record of 2019 with form sexual and state
//! dismissed"), each met by a record whose fields agree or are still empty (preferring the
//! fullest agreement), or by a new record. Where the seed's tables describe one population
//! consistently, the records reproduce every one of them; where they contradict each other, the
//! verification lists the cubes that come out different (`Synthesis::inexact`). Deterministic
//! for a given seed: one ChaCha stream, ordered maps only.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{Derivation, FieldKind, PeriodRule, RecordField, RecordSchema};
use rapporteur_domain::{Catalog, Cycle, ObservationRow, RowKind};

use crate::derive::{derive, Counting};
use crate::pseudonym::to_cyrillic;
use crate::record::{code_index, format_value, Date, Record, Value};

/// A synthetic person: as the first registration writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub family_name: String,
    pub given_names: String,
    pub birth_date: Date,
    /// Whether some registrations write the name in Cyrillic.
    pub cyrillic: bool,
}

/// The records of one schema, with the person behind each record (if the schema has one).
#[derive(Debug, Clone)]
pub struct SynthSet {
    pub schema: String,
    pub records: Vec<Record>,
    pub persons: Vec<Option<u32>>,
}

/// A cube whose derived values differ from the (scaled) returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub cube: String,
    pub cells: usize,
    pub expected_total: i64,
    pub derived_total: i64,
}

/// What the generator made.
#[derive(Debug, Clone)]
pub struct Synthesis {
    pub sets: Vec<SynthSet>,
    pub persons: Vec<Person>,
    /// The cubes whose derivation (counting every registration) equals the scaled returns.
    pub exact: Vec<String>,
    pub inexact: Vec<Mismatch>,
}

/// The columns a raw (not yet pseudonymised) file carries instead of the person key.
const IDENTITY_COLUMNS: [&str; 3] = ["family_name", "given_names", "birth_date"];

/// The number of records the returns describe at scale 1 (an estimate before fitting: the
/// total of each schema's first derivation).
fn natural_size(catalog: &Catalog, cycle: &Cycle, targets: &[ObservationRow]) -> u64 {
    catalog
        .records
        .values()
        .filter_map(|s| s.derivations.first())
        .map(|d| targets_of(cycle, d, targets).iter().map(|(_, v)| *v as u64).sum::<u64>())
        .sum()
}

fn targets_of<'a>(
    cycle: &Cycle,
    d: &Derivation,
    targets: &'a [ObservationRow],
) -> Vec<(&'a ObservationRow, i64)> {
    targets
        .iter()
        .filter(|r| r.kind == RowKind::Observation && r.cube == d.cube && r.value > 0)
        .filter(|r| match &d.period {
            PeriodRule::Year(_) => {
                !r.coordinate.period.contains('-') && cycle.periods.contains(&r.coordinate.period)
            }
            PeriodRule::Cycle(_) => r.coordinate.period.contains('-'),
        })
        .map(|r| (r, r.value))
        .collect()
}

/// Scales counts by `num/den`, keeping the total exact by the largest remainders.
fn scale(values: &[i64], num: u64, den: u64) -> Vec<i64> {
    if num == den || den == 0 {
        return values.to_vec();
    }
    let total: u128 = values.iter().map(|&v| v.max(0) as u128).sum();
    let wanted = (total * num as u128 + den as u128 / 2) / den as u128;
    let mut out: Vec<i64> =
        values.iter().map(|&v| ((v.max(0) as u128 * num as u128) / den as u128) as i64).collect();
    let mut rest: Vec<(u128, usize)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| ((v.max(0) as u128 * num as u128) % den as u128, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: u128 = out.iter().map(|&v| v as u128).sum();
    for &(_, i) in rest.iter().take((wanted.saturating_sub(given)) as usize) {
        out[i] += 1;
    }
    out
}

/// One constraint of a demand: the field must hold one of `allowed` (code indexes).
struct Constraint {
    field: usize,
    multi: bool,
    allowed: Vec<u32>,
}

/// Generates record sets matching `targets` (observations of the returns), scaled so that the
/// sets hold about `records` records in all (`None`: the returns' own size).
pub fn synthesize(
    catalog: &Catalog,
    cycle: &Cycle,
    targets: &[ObservationRow],
    records: Option<u64>,
    seed: u64,
) -> Synthesis {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let natural = natural_size(catalog, cycle, targets).max(1);
    let wanted = records.unwrap_or(natural);
    let years: Vec<i32> = cycle.periods.iter().filter_map(|p| p.parse().ok()).collect();
    let mut sets = Vec::new();
    for schema in catalog.records.values() {
        let mut recs = fit(catalog, cycle, schema, targets, wanted, natural, &mut rng);
        fill(catalog, schema, &mut recs, &years, &mut rng);
        sets.push(SynthSet { schema: schema.id.clone(), records: recs, persons: Vec::new() });
    }
    let persons = assign_persons(catalog, &mut sets, &mut rng);

    let mut exact = Vec::new();
    let mut inexact = Vec::new();
    for set in &sets {
        let Some(schema) = catalog.records.get(&set.schema) else { continue };
        let derived = derive(catalog, schema, cycle, &set.records, Counting::AsRegistered);
        for d in &schema.derivations {
            let expected: Vec<(&ObservationRow, i64)> = targets_of(cycle, d, targets);
            let values: Vec<i64> = expected.iter().map(|(_, v)| *v).collect();
            let scaled = scale(&values, wanted, natural);
            let expected: HashMap<String, i64> =
                expected.iter().zip(scaled).map(|((r, _), v)| (r.coordinate.key(), v)).collect();
            let got: HashMap<String, i64> = derived
                .rows
                .iter()
                .filter(|r| r.cube == d.cube)
                .map(|r| (r.coordinate.key(), r.value))
                .collect();
            let mut cells = 0;
            for (key, v) in &got {
                if expected.get(key).copied().unwrap_or(0) != *v {
                    cells += 1;
                }
            }
            cells += expected.iter().filter(|(k, v)| **v != 0 && !got.contains_key(*k)).count();
            if cells == 0 {
                exact.push(d.cube.clone());
            } else {
                inexact.push(Mismatch {
                    cube: d.cube.clone(),
                    cells,
                    expected_total: expected.values().sum(),
                    derived_total: got.values().sum(),
                });
            }
        }
    }
    exact.sort();
    inexact.sort_by(|a, b| a.cube.cmp(&b.cube));
    Synthesis { sets, persons, exact, inexact }
}

/// The bucket key of a record for one derivation: the values of its single-code constraint
/// fields (`u32::MAX` = empty) and the year (0 = none).
type Key = Vec<u32>;
const NONE: u32 = u32::MAX;

fn fit(
    catalog: &Catalog,
    cycle: &Cycle,
    schema: &RecordSchema,
    targets: &[ObservationRow],
    wanted: u64,
    natural: u64,
    rng: &mut ChaCha8Rng,
) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    let mut years: Vec<i32> = Vec::new();
    // Multi-code fields an earlier derivation filled: a later one counts the codes a record
    // has, it does not add any (a conviction's offences are given by the conviction count).
    let mut filled_multi: Vec<usize> = Vec::new();
    // The codes earlier derivations gave a figure for, by single-code field.
    let mut stated: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    for d in &schema.derivations {
        for (row, _) in targets_of(cycle, d, targets) {
            for c in demand(catalog, schema, d, row).into_iter().flatten() {
                if !c.multi && c.allowed.len() == 1 && !d.filter.contains_key(&schema.fields[c.field].id) {
                    stated.entry(c.field).or_default().insert(c.allowed[0]);
                }
            }
        }
    }
    for d in &schema.derivations {
        let rows = targets_of(cycle, d, targets);
        let values: Vec<i64> = rows.iter().map(|(_, v)| *v).collect();
        let scaled = scale(&values, wanted, natural);
        let yearly = matches!(d.period, PeriodRule::Year(_));
        // The single-code fields this derivation constrains, in a fixed order.
        let mut single_fields: Vec<usize> = Vec::new();
        let constrained = d.dimensions.iter().map(|(_, f)| f).chain(d.filter.keys());
        for field_id in constrained {
            if let Some(i) = schema.field_index(field_id) {
                if matches!(schema.fields[i].kind, FieldKind::Code { .. }) && !single_fields.contains(&i) {
                    single_fields.push(i);
                }
            }
        }
        // Fields only the derivation's filter constrains (positions in the key).
        let filter_only: Vec<bool> = single_fields
            .iter()
            .map(|&f| !d.dimensions.iter().any(|(_, id)| schema.field_index(id) == Some(f)))
            .collect();
        let key_of = |r: &Record, year: i32| -> Key {
            let mut k: Key = single_fields
                .iter()
                .map(|&f| match r.values[f] {
                    Value::Code(c) => c,
                    _ => NONE,
                })
                .collect();
            k.push(if yearly { year.max(0) as u32 } else { 0 });
            k
        };
        let mut buckets: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            buckets.entry(key_of(r, years[i])).or_default().push(i);
        }
        // Shuffle bucket order once so that repeated assignments do not always land on the
        // oldest records.
        let mut keys: Vec<Key> = buckets.keys().cloned().collect();
        keys.sort();
        for k in &keys {
            if let Some(b) = buckets.get_mut(k) {
                shuffle(b, rng);
            }
        }
        let mut cursors: HashMap<(Key, Vec<u32>), usize> = HashMap::new();

        for ((row, _), count) in rows.iter().zip(scaled) {
            let Some(constraints) = demand(catalog, schema, d, row) else { continue };
            let year: i32 = if yearly { row.coordinate.period.parse().unwrap_or(0) } else { 0 };
            let multi_values: Vec<u32> =
                constraints.iter().filter(|c| c.multi).map(|c| c.allowed[0]).collect();
            let has_multi = !multi_values.is_empty();
            // Candidate keys, fullest agreement first.
            let mut options: Vec<Vec<u32>> = single_fields
                .iter()
                .map(|f| {
                    let mut o: Vec<u32> = constraints
                        .iter()
                        .find(|c| c.field == *f && !c.multi)
                        .map_or_else(Vec::new, |c| c.allowed.clone());
                    o.push(NONE);
                    o
                })
                .collect();
            options.push(if yearly { vec![year as u32, 0] } else { vec![0] });
            let mut candidates: Vec<Key> = Vec::new();
            product(&options, &mut Vec::new(), &mut candidates);
            candidates.sort_by_key(|k| k.iter().filter(|v| **v == NONE || (**v == 0 && yearly)).count());

            for _ in 0..count {
                let mut chosen = None;
                'search: for key in &candidates {
                    let Some(bucket) = buckets.get_mut(key) else { continue };
                    if !has_multi {
                        if let Some(i) = bucket.pop() {
                            chosen = Some(i);
                            break 'search;
                        }
                        continue;
                    }
                    let cursor = cursors.entry((key.clone(), multi_values.clone())).or_insert(0);
                    while *cursor < bucket.len() {
                        let i = bucket[*cursor];
                        *cursor += 1;
                        let fits = constraints.iter().filter(|c| c.multi).all(|c| {
                            let has = matches!(&records[i].values[c.field], Value::Codes(cs) if cs.contains(&c.allowed[0]));
                            if filled_multi.contains(&c.field) { has } else { !has }
                        });
                        if fits {
                            chosen = Some(i);
                            break 'search;
                        }
                    }
                }
                // No record agrees or is still free on every constrained field: before adding a
                // record (which every earlier derivation would count again), take one this
                // derivation has not used, agreeing where it can; its conflicting fields keep
                // their values, so the difference stays in the cells the seed contradicts.
                let relaxed = chosen.is_none() && !has_multi;
                if relaxed {
                    chosen =
                        relaxed_pick(&mut buckets, &constraints, &single_fields, &filter_only, yearly, year);
                }
                let i = match chosen {
                    Some(i) => i,
                    None => {
                        records.push(Record::empty(schema));
                        years.push(0);
                        records.len() - 1
                    }
                };
                let before = key_of(&records[i], years[i]);
                for c in &constraints {
                    let value = &mut records[i].values[c.field];
                    if c.multi {
                        let mut cs: Vec<u32> = match value {
                            Value::Codes(cs) => cs.to_vec(),
                            _ => Vec::new(),
                        };
                        if !cs.contains(&c.allowed[0]) {
                            cs.push(c.allowed[0]);
                            cs.sort_unstable();
                        }
                        *value = Value::Codes(cs.into());
                    } else if relaxed && chosen.is_some() && matches!(value, Value::Code(_)) {
                        // A relaxed pick keeps what earlier derivations gave it.
                    } else if !matches!(value, Value::Code(v) if c.allowed.contains(v)) {
                        // Among several allowed codes (a filter), prefer one no earlier
                        // derivation states a figure for: a cube that gives only some codes (as
                        // the text names them) keeps its stated cells.
                        let free: Vec<u32> = c
                            .allowed
                            .iter()
                            .copied()
                            .filter(|v| !stated.get(&c.field).is_some_and(|s| s.contains(v)))
                            .collect();
                        let pool = if c.allowed.len() > 1 && !free.is_empty() { &free } else { &c.allowed };
                        *value = Value::Code(pool[rng.random_range(0..pool.len())]);
                    }
                }
                if yearly && years[i] == 0 {
                    years[i] = year;
                }
                // A record used by a derivation without multi-code fields is counted once: it
                // leaves the buckets. One with multi-code fields stays for its other codes.
                if has_multi {
                    let after = key_of(&records[i], years[i]);
                    if after != before || chosen.is_none() {
                        if let Some(b) = buckets.get_mut(&before) {
                            if let Some(pos) = b.iter().position(|&x| x == i) {
                                b.remove(pos);
                            }
                        }
                        buckets.entry(after).or_default().push(i);
                    }
                }
            }
        }
        for (_, field_id) in &d.dimensions {
            if let Some(f) = schema.field_index(field_id) {
                if matches!(schema.fields[f].kind, FieldKind::Codes { .. }) && !filled_multi.contains(&f) {
                    filled_multi.push(f);
                }
            }
        }
    }
    // The period field carries the year the fit gave (or, for a record only cohort tables
    // asked for, a year of the cycle).
    let cycle_years: Vec<i32> = cycle.periods.iter().filter_map(|p| p.parse().ok()).collect();
    for (record, year) in records.iter_mut().zip(years) {
        let year = if year > 0 { year } else { cycle_years[rng.random_range(0..cycle_years.len().max(1))] };
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

/// A record of an existing bucket for a demand no bucket fully meets: the one agreeing on the
/// most fields (a filter field must agree or be empty), of the demand's year or of none yet;
/// ties go to the smallest key, so the pick is deterministic.
fn relaxed_pick(
    buckets: &mut HashMap<Key, Vec<usize>>,
    constraints: &[Constraint],
    single_fields: &[usize],
    filter_only: &[bool],
    yearly: bool,
    year: i32,
) -> Option<usize> {
    let mut best: Option<(u64, &Key)> = None;
    for (key, bucket) in buckets.iter() {
        if bucket.is_empty() {
            continue;
        }
        let key_year = key.last().copied().unwrap_or(0);
        if yearly && key_year != 0 && key_year != year as u32 {
            continue;
        }
        let mut score: u64 = 0;
        let mut eligible = true;
        for (p, &f) in single_fields.iter().enumerate() {
            let Some(c) = constraints.iter().find(|c| c.field == f && !c.multi) else { continue };
            let weight = if filter_only[p] { 1000 } else { 2 };
            if c.allowed.contains(&key[p]) {
                score += weight;
            } else if key[p] == NONE {
                score += 1;
            } else if filter_only[p] {
                eligible = false;
                break;
            }
        }
        if yearly && key_year == year as u32 {
            score += 1;
        }
        if !eligible {
            continue;
        }
        let better = match best {
            None => true,
            Some((s, k)) => score > s || (score == s && key < k),
        };
        if better {
            best = Some((score, key));
        }
    }
    let key = best.map(|(_, k)| k.clone())?;
    buckets.get_mut(&key).and_then(Vec::pop)
}

/// The constraints an observation puts on a record, or `None` if it names a code the catalog
/// lacks.
fn demand(
    catalog: &Catalog,
    schema: &RecordSchema,
    d: &Derivation,
    row: &ObservationRow,
) -> Option<Vec<Constraint>> {
    let mut out = Vec::new();
    for (dimension, field_id) in &d.dimensions {
        let field = schema.field_index(field_id)?;
        let (codelist, multi) = match &schema.fields[field].kind {
            FieldKind::Code { codelist } => (codelist, false),
            FieldKind::Codes { codelist } => (codelist, true),
            _ => return None,
        };
        let code = row.coordinate.codes.get(dimension)?;
        out.push(Constraint { field, multi, allowed: vec![code_index(catalog, codelist, code)?] });
    }
    for (field_id, values) in &d.filter {
        let field = schema.field_index(field_id)?;
        if out.iter().any(|c| c.field == field) {
            continue;
        }
        let (codelist, multi) = match &schema.fields[field].kind {
            FieldKind::Code { codelist } => (codelist, false),
            FieldKind::Codes { codelist } => (codelist, true),
            _ => continue,
        };
        let list = catalog.code_list(codelist)?;
        let allowed: Vec<u32> = values
            .iter()
            .flat_map(|v| list.leaves_under(v))
            .filter_map(|c| code_index(catalog, codelist, &c.id))
            .collect();
        if allowed.is_empty() {
            return None;
        }
        // A filter on a multi-code field that is no dimension only needs one of its codes.
        out.push(Constraint { field, multi, allowed: if multi { allowed[..1].to_vec() } else { allowed } });
    }
    Some(out)
}

fn product(options: &[Vec<u32>], prefix: &mut Vec<u32>, out: &mut Vec<Key>) {
    if prefix.len() == options.len() {
        out.push(prefix.clone());
        return;
    }
    for &v in &options[prefix.len()] {
        prefix.push(v);
        product(options, prefix, out);
        prefix.pop();
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

fn random_date(year: i32, rng: &mut ChaCha8Rng) -> Date {
    let month = rng.random_range(1..=12u8);
    let day = rng.random_range(1..=28u8);
    Date::new(year, month, day).unwrap_or(Date { year, month: 1, day: 1 })
}

/// Fills the fields no derivation constrains (identifiers, districts, indicators, links), so
/// that the records look like a source's, without changing any derived count.
fn fill(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    years: &[i32],
    rng: &mut ChaCha8Rng,
) {
    let used: Vec<&str> = schema
        .derivations
        .iter()
        .flat_map(|d| {
            d.dimensions
                .iter()
                .map(|(_, f)| f.as_str())
                .chain(d.filter.keys().map(String::as_str))
                .chain([d.period.field()])
        })
        .collect();
    let prefix: String =
        schema.id.split('_').filter_map(|w| w.chars().next()).collect::<String>().to_uppercase();
    let leaves = |codelist: &str| -> Vec<u32> {
        catalog.code_list(codelist).map_or_else(Vec::new, |l| {
            l.leaves().filter_map(|c| code_index(catalog, codelist, &c.id)).collect()
        })
    };
    for (i, field) in schema.fields.iter().enumerate() {
        if field.id == schema.key {
            for (n, r) in records.iter_mut().enumerate() {
                r.values[i] = Value::Text(format!("{prefix}{n:07}").into());
            }
            continue;
        }
        if used.contains(&field.id.as_str()) {
            // A required field some record still lacks (made by a derivation that does not
            // constrain it) gets a code, so that every record is valid.
            if field.required {
                if let FieldKind::Code { codelist } | FieldKind::Codes { codelist } = &field.kind {
                    let leaves = leaves(codelist);
                    for r in records.iter_mut().filter(|r| matches!(&r.values[i], Value::Empty)) {
                        if leaves.is_empty() {
                            break;
                        }
                        let code = leaves[rng.random_range(0..leaves.len())];
                        r.values[i] = if matches!(field.kind, FieldKind::Code { .. }) {
                            Value::Code(code)
                        } else {
                            Value::Codes(vec![code].into())
                        };
                    }
                }
            }
            continue;
        }
        match &field.kind {
            FieldKind::Code { codelist } => {
                let leaves = leaves(codelist);
                if leaves.is_empty() {
                    continue;
                }
                for r in records.iter_mut() {
                    r.values[i] = Value::Code(leaves[rng.random_range(0..leaves.len())]);
                }
            }
            FieldKind::Codes { codelist } => {
                let leaves = leaves(codelist);
                if leaves.is_empty() {
                    continue;
                }
                for r in records.iter_mut() {
                    let mut cs: Vec<u32> = (0..rng.random_range(0..3))
                        .map(|_| leaves[rng.random_range(0..leaves.len())])
                        .collect();
                    cs.sort_unstable();
                    cs.dedup();
                    r.values[i] = Value::Codes(cs.into());
                }
            }
            FieldKind::Bool => {
                for r in records.iter_mut() {
                    r.values[i] = Value::Bool(rng.random_bool(0.3));
                }
            }
            FieldKind::Date => {
                // A date no derivation reads (an extraction date): after the cycle.
                let last = years.iter().copied().max().unwrap_or(2020);
                let date = Date::new(last + 1, 5, 8).unwrap_or(Date { year: last + 1, month: 5, day: 8 });
                for r in records.iter_mut() {
                    r.values[i] = Value::Date(date);
                }
            }
            FieldKind::Integer if field.id == "prison_months" => {
                let duration = schema.field_index("prison_duration");
                for r in records.iter_mut() {
                    let band = duration.and_then(|d| match r.values[d] {
                        Value::Code(c) => Some(format_value(catalog, &schema.fields[d], &Value::Code(c))),
                        _ => None,
                    });
                    if let Some((low, high)) = band.as_deref().and_then(months_of_band) {
                        r.values[i] = Value::Integer(rng.random_range(low..=high));
                    }
                }
            }
            FieldKind::Ref { .. } => link(catalog, schema, records, i, field, rng),
            _ => {}
        }
    }
}

/// Months of a prison-duration band (`1y-3y` → 12..=35).
fn months_of_band(band: &str) -> Option<(i64, i64)> {
    let (low, high) = band.split_once('-')?;
    let months = |t: &str| -> Option<i64> {
        let (n, unit) = t.split_at(t.len().checked_sub(1)?);
        let n: i64 = n.parse().ok()?;
        Some(match unit {
            "d" => 0,
            "m" => n,
            "y" => n * 12,
            _ => return None,
        })
    };
    let low = months(low)?.max(1);
    let high = (months(high)? - 1).max(low);
    Some((low, high))
}

/// Fills a reference field: each record meeting the field's `when` points to another record
/// sharing its `same` fields that is itself in no linked state and not a target already.
fn link(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    field: usize,
    spec: &RecordField,
    rng: &mut ChaCha8Rng,
) {
    let resolve = |when: &BTreeMap<String, String>| -> Option<Vec<(usize, u32)>> {
        when.iter()
            .map(|(f, code)| {
                let i = schema.field_index(f)?;
                let FieldKind::Code { codelist } = &schema.fields[i].kind else { return None };
                Some((i, code_index(catalog, codelist, code)?))
            })
            .collect()
    };
    let Some(when) = resolve(&spec.when) else { return };
    let all_states: Vec<(usize, u32)> = schema
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Ref { .. }))
        .filter_map(|f| resolve(&f.when))
        .flatten()
        .collect();
    let meets =
        |r: &Record, conds: &[(usize, u32)]| conds.iter().all(|(f, c)| r.values[*f] == Value::Code(*c));
    let same: Vec<usize> = spec.same.iter().filter_map(|f| schema.field_index(f)).collect();
    let key_field = schema.field_index(&schema.key).unwrap_or(0);
    let mut pool: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if !all_states.iter().any(|s| meets(r, std::slice::from_ref(s))) {
            let key = same.iter().map(|&f| format!("{:?}", r.values[f])).collect();
            pool.entry(key).or_default().push(i);
        }
    }
    for targets in pool.values_mut() {
        shuffle(targets, rng);
    }
    for i in 0..records.len() {
        if when.is_empty() || !meets(&records[i], &when) {
            continue;
        }
        let key: Vec<String> = same.iter().map(|&f| format!("{:?}", records[i].values[f])).collect();
        let Some(j) = pool.get_mut(&key).and_then(Vec::pop) else { continue };
        let target = records[j].values[key_field].clone();
        records[i].values[field] = target;
    }
}

/// Gives records of schemas with a person field a person, reusing persons across sources.
fn assign_persons(catalog: &Catalog, sets: &mut [SynthSet], rng: &mut ChaCha8Rng) -> Vec<Person> {
    let mut persons: Vec<Person> = Vec::new();
    // Persons by (nationality code id, sex code id): a later source meets some of them again.
    let mut pool: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for set in sets.iter_mut() {
        let Some(schema) = catalog.records.get(&set.schema) else { continue };
        if schema.person_field().is_none() {
            set.persons = vec![None; set.records.len()];
            continue;
        }
        let text = |r: &Record, id: &str| -> String {
            schema
                .field_index(id)
                .map(|i| format_value(catalog, &schema.fields[i], &r.values[i]))
                .unwrap_or_default()
        };
        let period_field =
            schema.derivations.first().map(|d| d.period.field().to_string()).unwrap_or_default();
        let mut out = Vec::with_capacity(set.records.len());
        let mut new_here: Vec<((String, String), u32)> = Vec::new();
        for r in &set.records {
            let group = (text(r, "nationality"), text(r, "sex"));
            let reuse = rng.random_bool(0.3);
            let existing = pool.get(&group).filter(|v| !v.is_empty());
            let person = match existing {
                Some(v) if reuse => v[rng.random_range(0..v.len())],
                _ => {
                    let year = match schema.field_index(&period_field).map(|i| &r.values[i]) {
                        Some(Value::Date(d)) => d.year,
                        _ => 2020,
                    };
                    let (low, high) = age_range(&text(r, "age_band"));
                    let age = rng.random_range(low..=high);
                    let birth_date = random_date(year - age, rng);
                    let cyrillic = matches!(group.0.as_str(), "BG" | "UA" | "RU" | "RS" | "MK" | "BY");
                    persons.push(Person {
                        family_name: name(rng, 2, 4),
                        given_names: if rng.random_bool(0.2) {
                            format!("{} {}", name(rng, 2, 3), name(rng, 2, 3))
                        } else {
                            name(rng, 2, 3)
                        },
                        birth_date,
                        cyrillic,
                    });
                    let id = (persons.len() - 1) as u32;
                    new_here.push((group.clone(), id));
                    id
                }
            };
            out.push(Some(person));
        }
        for (group, id) in new_here {
            pool.entry(group).or_default().push(id);
        }
        set.persons = out;
    }
    persons
}

/// Ages a band code covers (`18-30` → 18..=29, `50plus` → 50..=70, `0-17` → 0..=17).
fn age_range(band: &str) -> (i32, i32) {
    if let Some(low) = band.strip_suffix("plus").and_then(|l| l.parse::<i32>().ok()) {
        return (low, low + 20);
    }
    if let Some((low, high)) = band.split_once('-') {
        if let (Ok(low), Ok(high)) = (low.parse::<i32>(), high.parse::<i32>()) {
            return if high == 17 { (low.max(12), high) } else { (low, (high - 1).max(low)) };
        }
    }
    (18, 55)
}

/// Syllables of synthetic names: Latin letters the Cyrillic table maps one to one, so that a
/// name written in Cyrillic transliterates back to the same spelling.
const SYLLABLES: [&str; 30] = [
    "ma", "ri", "an", "to", "ka", "le", "na", "so", "vi", "el", "ra", "du", "mi", "sa", "ko", "lu", "be",
    "da", "ni", "or", "ha", "ze", "fa", "ti", "go", "ne", "pa", "il", "ro", "sha",
];

fn name(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(SYLLABLES[rng.random_range(0..SYLLABLES.len())]);
    }
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// How a registration writes a person: the spelling variations of real registrations.
/// Returns (family name, given names, birth date) as written.
fn written_identity(person: &Person, variant: u64) -> (String, String, String) {
    let d = person.birth_date;
    let iso = d.to_string();
    let day_first = format!("{:02}/{:02}/{:04}", d.day, d.month, d.year);
    let accented = |s: &str| s.replacen('e', "é", 1).replacen('a', "ä", 1);
    match variant % 100 {
        // Same key: case, accents, order of the name parts, date format, script.
        0..=39 => (person.family_name.clone(), person.given_names.clone(), iso),
        40..=49 => (person.family_name.to_uppercase(), person.given_names.clone(), day_first),
        50..=59 => (
            accented(&person.family_name),
            person.given_names.to_lowercase(),
            format!("{:02}.{:02}.{:04}", d.day, d.month, d.year),
        ),
        60..=69 => (person.given_names.clone(), person.family_name.clone(), iso),
        70..=79 => (
            format!("  {} ", person.family_name),
            person.given_names.replace(' ', "-"),
            format!("{:04}{:02}{:02}", d.year, d.month, d.day),
        ),
        80..=91 if person.cyrillic => (
            to_cyrillic(&person.family_name).unwrap_or_else(|| person.family_name.clone()),
            to_cyrillic(&person.given_names).unwrap_or_else(|| person.given_names.clone()),
            day_first,
        ),
        80..=91 => (person.family_name.clone(), person.given_names.clone(), day_first),
        // Another key, as in real registrations: a typo, a day and month swapped.
        92..=96 => {
            let mut chars: Vec<char> = person.family_name.chars().collect();
            if chars.len() > 3 {
                chars.swap(1, 2);
            }
            (chars.into_iter().collect(), person.given_names.clone(), iso)
        }
        _ => {
            let swapped = Date::new(d.year, d.day, d.month).unwrap_or(d);
            (person.family_name.clone(), person.given_names.clone(), swapped.to_string())
        }
    }
}

/// Writes a set as the actor's raw CSV (identity columns instead of the person key), to be
/// pseudonymised before it leaves the actor.
pub fn write_raw_csv(
    catalog: &Catalog,
    schema: &RecordSchema,
    set: &SynthSet,
    persons: &[Person],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let person_field = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
    let mut header: Vec<&str> = Vec::new();
    for (i, f) in schema.fields.iter().enumerate() {
        if Some(i) == person_field {
            header.extend(IDENTITY_COLUMNS);
        } else {
            header.push(&f.id);
        }
    }
    writeln!(out, "{}", header.join(","))?;
    let mut line = String::new();
    for (n, r) in set.records.iter().enumerate() {
        line.clear();
        for (i, f) in schema.fields.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            if Some(i) == person_field {
                if let Some(p) = set.persons.get(n).copied().flatten().and_then(|p| persons.get(p as usize)) {
                    // The variant depends on the source and the record, so a person is written
                    // differently in different sources.
                    let variant = mix(n as u64 ^ (hash_str(&schema.id) << 1));
                    let (family, given, birth) = written_identity(p, variant);
                    let _ = write!(line, "{family},{given},{birth}");
                } else {
                    line.push_str(",,");
                }
            } else {
                line.push_str(&format_value(catalog, f, &r.values[i]));
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64: a fixed, well-spread function of the index.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_the_total() {
        assert_eq!(scale(&[171, 146, 5, 9, 0], 2, 1), vec![342, 292, 10, 18, 0]);
        let s = scale(&[171, 146, 5, 9, 0], 1000, 331);
        assert_eq!(s.iter().sum::<i64>(), 1000);
    }

    #[test]
    fn bands() {
        assert_eq!(months_of_band("1y-3y"), Some((12, 35)));
        assert_eq!(months_of_band("8d-1m"), Some((1, 1)));
        assert_eq!(age_range("18-30"), (18, 29));
        assert_eq!(age_range("0-17"), (12, 17));
        assert_eq!(age_range("50plus"), (50, 70));
    }
}

//! Derivations: records → observations of the catalog's cubes, by counting the records at each
//! combination of the fields a derivation maps to the cube's dimensions. Every leaf combination
//! of a period the cycle owns gets a row, zeros included, so a table from records shows a zero
//! where nobody was counted, as a return does.

use std::collections::{BTreeMap, HashMap, HashSet};

use rapporteur_domain::catalog::{CountUnit, Derivation, FieldKind, LinkKind, PeriodRule, RecordSchema};
use rapporteur_domain::{Catalog, Combinations, Coordinate, Cycle, ObservationRow, RowKind};

use crate::record::{Record, Value};

/// How cases linked by transfers and merges are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counting {
    /// Rapporteur's rule: a chain of transfers counts once, at its first registration; a case
    /// merged into another counts in its parent only.
    #[default]
    OncePerChain,
    /// The prosecution statistics' rule in the 2019–2020 report: every registration counts, so a
    /// case transferred between districts is counted in both.
    AsRegistered,
}

impl Counting {
    /// The sentence a report prints under a table derived from records.
    pub fn statement(self) -> &'static str {
        match self {
            Counting::OncePerChain => "a case transferred between districts is counted once, at its first registration; a case merged into another is counted in its parent only",
            Counting::AsRegistered => "every registration is counted: a case transferred between districts is counted in each district",
        }
    }
}

/// The observations derived from one schema's records, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derived {
    pub rows: Vec<ObservationRow>,
    /// Records not counted because they continue a chain counted at its first registration.
    pub not_counted_as_linked: usize,
    /// Records whose period date falls outside the cycle's periods.
    pub outside_cycle: usize,
}

/// One dimension of a derivation, resolved: the record field and which of its codes count.
struct ResolvedDimension<'a> {
    dimension: &'a str,
    field: usize,
    codelist: &'a str,
    /// By code index: a leaf that passes the derivation's filter on this field.
    allowed: Vec<bool>,
}

enum ResolvedFilter {
    Codes { field: usize, allowed: Vec<bool> },
    Bool { field: usize, allowed: Vec<bool> },
}

/// Derives every cube the schema declares from `records`.
pub fn derive(
    catalog: &Catalog,
    schema: &RecordSchema,
    cycle: &Cycle,
    records: &[Record],
    counting: Counting,
) -> Derived {
    let mut out = Derived::default();
    let skipped = linked_records(schema, records, counting);
    out.not_counted_as_linked = skipped.iter().filter(|s| **s).count();
    let mut outside = HashSet::new();
    for derivation in &schema.derivations {
        let (rows, outside_rows) = derive_one(catalog, schema, cycle, records, derivation, &skipped);
        out.rows.extend(rows);
        outside.extend(outside_rows);
    }
    out.outside_cycle = outside.len();
    out
}

/// Which records a chain-counting derivation skips: targets of a transfer, and cases merged
/// into a parent that is present.
fn linked_records(schema: &RecordSchema, records: &[Record], counting: Counting) -> Vec<bool> {
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

fn allowed_codes(catalog: &Catalog, codelist: &str, filter: Option<&Vec<String>>) -> Vec<bool> {
    let Some(list) = catalog.code_list(codelist) else { return Vec::new() };
    let wanted: Option<HashSet<String>> =
        filter.map(|codes| codes.iter().flat_map(|c| list.leaves_under(c)).map(|c| c.id.clone()).collect());
    list.codes
        .iter()
        .map(|c| !list.is_aggregate(&c.id) && wanted.as_ref().is_none_or(|w| w.contains(&c.id)))
        .collect()
}

fn derive_one(
    catalog: &Catalog,
    schema: &RecordSchema,
    cycle: &Cycle,
    records: &[Record],
    derivation: &Derivation,
    skipped: &[bool],
) -> (Vec<ObservationRow>, Vec<usize>) {
    let index = |id: &str| schema.field_index(id);
    let mut dimensions = Vec::new();
    for (dimension, field_id) in &derivation.dimensions {
        let Some(field) = index(field_id) else { continue };
        let codelist = match &schema.fields[field].kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => codelist.as_str(),
            _ => continue,
        };
        let allowed = allowed_codes(catalog, codelist, derivation.filter.get(field_id));
        dimensions.push(ResolvedDimension { dimension, field, codelist, allowed });
    }
    let mut filters = Vec::new();
    for (field_id, values) in &derivation.filter {
        if derivation.dimensions.iter().any(|(_, f)| f == field_id) {
            continue;
        }
        let Some(field) = index(field_id) else { continue };
        match &schema.fields[field].kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => {
                filters.push(ResolvedFilter::Codes {
                    field,
                    allowed: allowed_codes(catalog, codelist, Some(values)),
                })
            }
            FieldKind::Bool => filters.push(ResolvedFilter::Bool {
                field,
                allowed: vec![values.iter().any(|v| v == "false"), values.iter().any(|v| v == "true")],
            }),
            _ => {}
        }
    }
    let period_field = index(derivation.period.field());
    let span = cycle.periods.iter().find(|p| p.contains('-')).cloned();
    let own_years: Vec<String> = cycle.periods.iter().filter(|p| !p.contains('-')).cloned().collect();
    let period_of = |year: i32| -> Option<String> {
        let year = year.to_string();
        match &derivation.period {
            PeriodRule::Year(_) => cycle.accepts_period(&year).then_some(year),
            PeriodRule::Cycle(_) => {
                if own_years.contains(&year) {
                    span.clone()
                } else {
                    None
                }
            }
        }
    };
    let count_chains = derivation.count == CountUnit::Chain;

    let mut counts: BTreeMap<String, HashMap<Vec<u32>, i64>> = BTreeMap::new();
    let mut outside = Vec::new();
    let mut combination: Vec<u32> = Vec::with_capacity(dimensions.len());
    'records: for (i, record) in records.iter().enumerate() {
        if count_chains && skipped[i] {
            continue;
        }
        let Some(Value::Date(date)) = period_field.and_then(|f| record.values.get(f)) else { continue };
        let Some(period) = period_of(date.year) else {
            outside.push(i);
            continue;
        };
        for filter in &filters {
            let pass = match filter {
                ResolvedFilter::Codes { field, allowed } => match &record.values[*field] {
                    Value::Code(c) => allowed.get(*c as usize).copied().unwrap_or(false),
                    Value::Codes(cs) => cs.iter().any(|c| allowed.get(*c as usize).copied().unwrap_or(false)),
                    _ => false,
                },
                ResolvedFilter::Bool { field, allowed } => match record.values[*field] {
                    Value::Bool(b) => allowed[usize::from(b)],
                    _ => false,
                },
            };
            if !pass {
                continue 'records;
            }
        }
        let mut choices: Vec<&[u32]> = Vec::with_capacity(dimensions.len());
        for d in &dimensions {
            let values: &[u32] = match &record.values[d.field] {
                Value::Code(c) => std::slice::from_ref(c),
                Value::Codes(cs) => cs,
                _ => continue 'records,
            };
            choices.push(values);
        }
        let cells = counts.entry(period).or_default();
        // Every combination of the allowed codes (a multi-code field counts the record once
        // under each of its codes).
        combination.clear();
        add_combinations(&dimensions, &choices, &mut combination, cells);
    }

    // Zeros for every leaf combination of the cycle's own periods, so that a derived table has
    // the same cells as a return.
    let own_periods: Vec<String> = match &derivation.period {
        PeriodRule::Year(_) => own_years.clone(),
        PeriodRule::Cycle(_) => span.into_iter().collect(),
    };
    for period in own_periods {
        counts.entry(period).or_default();
    }
    let leaf_sets: Vec<Vec<u32>> = dimensions
        .iter()
        .map(|d| d.allowed.iter().enumerate().filter(|(_, a)| **a).map(|(i, _)| i as u32).collect())
        .collect();
    let mut rows = Vec::new();
    for (period, cells) in counts {
        let all: BTreeMap<Vec<u32>, i64> = Combinations::new(leaf_sets.clone())
            .map(|combo| {
                let value = cells.get(&combo).copied().unwrap_or(0);
                (combo, value)
            })
            .collect();
        for (combo, value) in all {
            let codes = dimensions
                .iter()
                .zip(&combo)
                .map(|(d, &c)| {
                    let id = catalog
                        .code_list(d.codelist)
                        .and_then(|l| l.codes.get(c as usize))
                        .map_or_else(String::new, |c| c.id.clone());
                    (d.dimension.to_string(), id)
                })
                .collect();
            rows.push(ObservationRow {
                cube: derivation.cube.clone(),
                coordinate: Coordinate { period: period.clone(), codes },
                kind: RowKind::Observation,
                value,
                flags: Vec::new(),
                note: None,
                pct_base: None,
                stated_decimals: None,
                source_row: 0,
            });
        }
    }
    (rows, outside)
}

fn add_combinations(
    dimensions: &[ResolvedDimension<'_>],
    choices: &[&[u32]],
    combination: &mut Vec<u32>,
    cells: &mut HashMap<Vec<u32>, i64>,
) {
    let depth = combination.len();
    if depth == dimensions.len() {
        *cells.entry(combination.clone()).or_insert(0) += 1;
        return;
    }
    for &code in choices[depth] {
        if dimensions[depth].allowed.get(code as usize).copied().unwrap_or(false) {
            combination.push(code);
            add_combinations(dimensions, choices, combination, cells);
            combination.pop();
        }
    }
}

//! What the linked records give: each person followed through the chain. Records of the
//! victim lists are grouped into persons by the linkage; a person's registrations say when they
//! were first detected, by which lists in each year, the form of exploitation, the steps of
//! the chain their own records attest, and the cases (notice numbers) they name; the cases and
//! the judgments add the steps further down. From the persons come the distinct victims and
//! the overlap between lists ([`overlap`]), the funnel of each cohort ([`funnel`]) and the
//! capture histories of the estimate of the hidden population ([`captures`]).

pub mod captures;
pub mod funnel;
pub mod overlap;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rapporteur_domain::catalog::{
    ChainRole, FieldKind, RecordField, RecordSchema, CHAIN_STEP_LIST, REGION_LIST,
};
use rapporteur_domain::{Catalog, RecordRef};

use crate::derive::resolve::{resolve_filters, ResolvedFilter};
use crate::record::{format_value, Date, Record, Value};

pub use captures::capture_histories;
pub use funnel::{funnel, FunnelRow};
pub use overlap::{distinct_by_year, overlap_by_year, DistinctYear};

/// The field a schema's records are dated by along the chain (its `[chain] date`: found, filled
/// in, registered), if it has one.
pub fn date_field(schema: &RecordSchema) -> Option<usize> {
    schema.chain.as_ref().and_then(|part| schema.field_index(&part.date))
}

/// The date a record holds in `field` (from [`date_field`]), if it holds one.
pub fn date_in(record: &Record, field: Option<usize>) -> Option<Date> {
    match field.map(|i| &record.values[i]) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// The region a record was made in, as a code index of the region list: the region of the code
/// in its schema's `[chain] place` field (a district, a directorate, a centre), if the record
/// names a place that lies in one.
pub fn region_in(catalog: &Catalog, schema: &RecordSchema, record: &Record) -> Option<u32> {
    let place = schema.field_index(schema.chain.as_ref()?.place.as_deref()?)?;
    region_of(catalog, &schema.fields[place], &record.values[place])
}

/// The region a value of a place field (a code whose list names regions) lies in, as a code
/// index of the region list.
pub fn region_of(catalog: &Catalog, field: &RecordField, value: &Value) -> Option<u32> {
    let (FieldKind::Code { codelist }, Value::Code(code)) = (&field.kind, value) else {
        return None;
    };
    let region = catalog.code_list(codelist)?.codes.get(*code as usize)?.region.as_deref()?;
    catalog.code_list(REGION_LIST)?.index_of(region).map(|i| i as u32)
}

/// The records of one source of the chain.
pub struct ChainSource<'a> {
    pub schema: &'a RecordSchema,
    pub records: &'a [Record],
}

/// A victim list: one source whose records are registrations of potential victims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictimList {
    /// The record schema's id.
    pub schema: String,
}

/// One person as the chain saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonPath {
    pub person: i64,
    /// The earliest registration's date on any victim list.
    pub first_detected: Date,
    /// Per year, the victim lists (bits by position in [`Chain::lists`]) that registered them.
    pub lists_by_year: BTreeMap<i32, u32>,
    /// The form of exploitation of their earliest registration that names one (a code id).
    pub form: Option<String>,
    /// The steps of the chain reached (codes of `chain_step`).
    pub steps: BTreeSet<String>,
}

/// Every person of the victim lists, followed through the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub lists: Vec<VictimList>,
    pub persons: Vec<PersonPath>,
    /// Registrations on the victim lists with no person (no encoding, or never linked).
    pub unlinked: usize,
    /// Linked registrations on the victim lists, by year.
    pub registrations_by_year: BTreeMap<i32, usize>,
    /// The steps in the order of the `chain_step` code list.
    pub step_order: Vec<String>,
}

/// A source resolved: its fields by position, and each step's filters.
struct Resolved<'a> {
    source: &'a ChainSource<'a>,
    date: Option<usize>,
    form: Option<usize>,
    case: Option<usize>,
    steps: Vec<(&'a str, Vec<ResolvedFilter>)>,
}

impl<'a> Resolved<'a> {
    fn new(catalog: &Catalog, source: &'a ChainSource<'a>) -> Option<Resolved<'a>> {
        let part = source.schema.chain.as_ref()?;
        let schema = source.schema;
        Some(Resolved {
            source,
            date: date_field(schema),
            form: part.form.as_deref().and_then(|f| schema.field_index(f)),
            case: part.case.as_deref().and_then(|f| schema.field_index(f)),
            steps: part
                .steps
                .iter()
                .map(|(step, filter)| (step.as_str(), resolve_filters(catalog, schema, filter, &[])))
                .collect(),
        })
    }

    fn date(&self, record: &Record) -> Option<Date> {
        date_in(record, self.date)
    }

    fn case(&self, record: &Record) -> Option<String> {
        match self.case.map(|i| &record.values[i]) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        }
    }

    fn form(&self, catalog: &Catalog, record: &Record) -> Option<String> {
        let i = self.form?;
        let field = &self.source.schema.fields[i];
        let value = match &record.values[i] {
            Value::Codes(codes) => Value::Code(*codes.first()?),
            other => other.clone(),
        };
        Some(format_value(catalog, field, &value)).filter(|t| !t.is_empty())
    }

    /// The steps a record attests.
    fn steps(&self, record: &Record) -> Vec<&'a str> {
        self.steps
            .iter()
            .filter(|(_, filters)| filters.iter().all(|f| f.passes(record)))
            .map(|(s, _)| *s)
            .collect()
    }
}

/// Follows every linked person of the victim lists through the chain. `person_of` gives the
/// person of a record of a victim list (the linkage's result).
pub fn follow(catalog: &Catalog, sources: &[ChainSource<'_>], person_of: &HashMap<RecordRef, i64>) -> Chain {
    let resolved: Vec<Resolved<'_>> = sources.iter().filter_map(|s| Resolved::new(catalog, s)).collect();
    let role = |r: &Resolved<'_>| r.source.schema.chain.as_ref().map(|c| c.role);
    // The steps each case reaches, from the cases themselves and the judgments naming them.
    let mut case_steps: HashMap<String, BTreeSet<String>> = HashMap::new();
    for r in resolved.iter().filter(|r| matches!(role(r), Some(ChainRole::Cases | ChainRole::Judgments))) {
        for record in r.source.records {
            let Some(case) = r.case(record) else { continue };
            case_steps.entry(case).or_default().extend(r.steps(record).into_iter().map(str::to_string));
        }
    }
    let victims: Vec<&Resolved<'_>> =
        resolved.iter().filter(|r| role(r) == Some(ChainRole::Victims)).collect();
    let lists: Vec<VictimList> =
        victims.iter().map(|r| VictimList { schema: r.source.schema.id.clone() }).collect();
    let mut paths: BTreeMap<i64, PersonPath> = BTreeMap::new();
    // The date of the registration that gave a person's form, to keep the earliest.
    let mut form_dates: HashMap<i64, Date> = HashMap::new();
    let mut unlinked = 0;
    let mut registrations_by_year: BTreeMap<i32, usize> = BTreeMap::new();
    for (bit, r) in victims.iter().enumerate() {
        let schema = &r.source.schema.id;
        for record in r.source.records {
            let reference =
                RecordRef { schema: schema.clone(), key: record.key(r.source.schema).to_string() };
            let (Some(&person), Some(date)) = (person_of.get(&reference), r.date(record)) else {
                unlinked += 1;
                continue;
            };
            let path = paths.entry(person).or_insert_with(|| PersonPath {
                person,
                first_detected: date,
                lists_by_year: BTreeMap::new(),
                form: None,
                steps: BTreeSet::new(),
            });
            *registrations_by_year.entry(date.year).or_default() += 1;
            path.first_detected = path.first_detected.min(date);
            *path.lists_by_year.entry(date.year).or_default() |= 1 << bit;
            if let Some(form) = r.form(catalog, record) {
                let earlier = form_dates.get(&person).is_some_and(|d| *d <= date);
                if !earlier {
                    path.form = Some(form);
                    form_dates.insert(person, date);
                }
            }
            path.steps.extend(r.steps(record).into_iter().map(str::to_string));
            if let Some(steps) = r.case(record).and_then(|c| case_steps.get(&c)) {
                path.steps.extend(steps.iter().cloned());
            }
        }
    }
    let step_order = catalog
        .code_list(CHAIN_STEP_LIST)
        .map(|l| l.codes.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    Chain { lists, persons: paths.into_values().collect(), unlinked, registrations_by_year, step_order }
}

//! A derivation resolved against its record schema and the cycle: the field and allowed codes
//! of each dimension, the filters on other fields, and the period each record counts in.

use std::collections::{BTreeMap, HashSet};

use rapporteur_domain::catalog::{Derivation, FieldKind, PeriodRule, RecordSchema};
use rapporteur_domain::{Catalog, Cycle};

use crate::record::{Record, Value};

/// One dimension of a derivation, resolved: the record field and which of its codes count.
pub(super) struct ResolvedDimension<'a> {
    pub dimension: &'a str,
    pub field: usize,
    pub codelist: &'a str,
    /// By code index: a leaf that passes the derivation's filter on this field.
    pub allowed: Vec<bool>,
}

/// A filter on a field that is not a dimension: by code index, or false then true.
pub(crate) enum ResolvedFilter {
    Codes { field: usize, allowed: Vec<bool> },
    Bool { field: usize, allowed: Vec<bool> },
}

/// The periods of a derivation in a cycle: each year its own, or every year of the cycle in
/// the cycle's span.
pub(super) struct Periods<'a> {
    rule: &'a PeriodRule,
    cycle: &'a Cycle,
    /// The cycle's span ("2019-2020"), if it has one.
    span: Option<String>,
    /// The cycle's single years.
    own_years: Vec<String>,
}

/// A derivation resolved: what [`super::cells::count_records`] needs to place each record.
pub(super) struct Resolved<'a> {
    pub dimensions: Vec<ResolvedDimension<'a>>,
    pub filters: Vec<ResolvedFilter>,
    /// The date field that tells a record's period, if the schema has it.
    pub period_field: Option<usize>,
    pub periods: Periods<'a>,
}

impl<'a> Resolved<'a> {
    pub(super) fn new(
        catalog: &Catalog,
        schema: &'a RecordSchema,
        cycle: &'a Cycle,
        derivation: &'a Derivation,
    ) -> Self {
        Self {
            dimensions: resolve_dimensions(catalog, schema, derivation),
            filters: resolve_filters(catalog, schema, &derivation.filter, &derivation.dimensions),
            period_field: schema.field_index(derivation.period.field()),
            periods: Periods::new(&derivation.period, cycle),
        }
    }
}

/// The dimensions of the derivation whose fields hold codes, in the derivation's order.
fn resolve_dimensions<'a>(
    catalog: &Catalog,
    schema: &'a RecordSchema,
    derivation: &'a Derivation,
) -> Vec<ResolvedDimension<'a>> {
    let mut dimensions = Vec::new();
    for (dimension, field_id) in &derivation.dimensions {
        let Some(field) = schema.field_index(field_id) else { continue };
        let codelist = match &schema.fields[field].kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => codelist.as_str(),
            _ => continue,
        };
        let allowed = allowed_codes(catalog, codelist, derivation.filter.get(field_id));
        dimensions.push(ResolvedDimension { dimension, field, codelist, allowed });
    }
    dimensions
}

/// The filters (field → codes) on fields that are not dimensions (a dimension's filter is in
/// its allowed codes); filters on other kinds of field are ignored.
pub(crate) fn resolve_filters(
    catalog: &Catalog,
    schema: &RecordSchema,
    filter: &BTreeMap<String, Vec<String>>,
    dimensions: &[(String, String)],
) -> Vec<ResolvedFilter> {
    let mut filters = Vec::new();
    for (field_id, values) in filter {
        if dimensions.iter().any(|(_, f)| f == field_id) {
            continue;
        }
        let Some(field) = schema.field_index(field_id) else { continue };
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
    filters
}

/// By code index: the leaves of the list, under the filter's codes when there is a filter.
fn allowed_codes(catalog: &Catalog, codelist: &str, filter: Option<&Vec<String>>) -> Vec<bool> {
    let Some(list) = catalog.code_list(codelist) else { return Vec::new() };
    let wanted: Option<HashSet<String>> =
        filter.map(|codes| codes.iter().flat_map(|c| list.leaves_under(c)).map(|c| c.id.clone()).collect());
    list.codes
        .iter()
        .map(|c| !list.is_aggregate(&c.id) && wanted.as_ref().is_none_or(|w| w.contains(&c.id)))
        .collect()
}

impl ResolvedFilter {
    /// Whether the record passes: a code field with an allowed code (any of a multi-code
    /// field's), a yes/no field with an allowed answer.
    pub(crate) fn passes(&self, record: &Record) -> bool {
        match self {
            ResolvedFilter::Codes { field, allowed } => match &record.values[*field] {
                Value::Code(c) => allowed.get(*c as usize).copied().unwrap_or(false),
                Value::Codes(cs) => cs.iter().any(|c| allowed.get(*c as usize).copied().unwrap_or(false)),
                _ => false,
            },
            ResolvedFilter::Bool { field, allowed } => match record.values[*field] {
                Value::Bool(b) => allowed[usize::from(b)],
                _ => false,
            },
        }
    }
}

impl<'a> Periods<'a> {
    fn new(rule: &'a PeriodRule, cycle: &'a Cycle) -> Self {
        let span = cycle.periods.iter().find(|p| p.contains('-')).cloned();
        let own_years = cycle.periods.iter().filter(|p| !p.contains('-')).cloned().collect();
        Self { rule, cycle, span, own_years }
    }

    /// The period a record of `year` counts in; `None` when the year is outside the cycle.
    pub(super) fn of(&self, year: i32) -> Option<String> {
        let year = year.to_string();
        match self.rule {
            PeriodRule::Year(_) => self.cycle.accepts_period(&year).then_some(year),
            PeriodRule::Cycle(_) => {
                if self.own_years.contains(&year) {
                    self.span.clone()
                } else {
                    None
                }
            }
        }
    }

    /// The cycle's own periods under this rule: every one gets its rows, zeros included.
    pub(super) fn own(&self) -> Vec<String> {
        match self.rule {
            PeriodRule::Year(_) => self.own_years.clone(),
            PeriodRule::Cycle(_) => self.span.iter().cloned().collect(),
        }
    }
}

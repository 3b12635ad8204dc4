//! What one observation of the returns asks of a record: a code in each field its cube's
//! dimensions map to, one of the allowed codes in each field the derivation filters on, and
//! its year.

use rapporteur_domain::catalog::{Derivation, FieldKind, PeriodRule, RecordSchema};
use rapporteur_domain::{Catalog, ObservationRow};

use crate::record::code_index;

/// One constraint of a demand: the field must hold one of `allowed` (code indexes).
pub(super) struct Constraint {
    pub field: usize,
    /// Whether the field holds several codes (it must then hold `allowed[0]` among them).
    pub multi: bool,
    pub allowed: Vec<u32>,
}

/// The constraints an observation puts on a record.
pub(super) struct Demand {
    pub constraints: Vec<Constraint>,
    /// The observation's year, 0 for a derivation of a span of years.
    pub year: i32,
    /// The codes the multi-code constraints ask for, in order.
    pub multi_codes: Vec<u32>,
}

impl Demand {
    /// The demand of an observation, or `None` if it names a code the catalog lacks.
    pub(super) fn of(
        catalog: &Catalog,
        schema: &RecordSchema,
        d: &Derivation,
        row: &ObservationRow,
    ) -> Option<Demand> {
        let mut constraints = dimension_constraints(catalog, schema, d, row)?;
        filter_constraints(catalog, schema, d, &mut constraints)?;
        let year = match d.period {
            PeriodRule::Year(_) => row.coordinate.period.parse().unwrap_or(0),
            PeriodRule::Cycle(_) => 0,
        };
        let multi_codes = constraints.iter().filter(|c| c.multi).map(|c| c.allowed[0]).collect();
        Some(Demand { constraints, year, multi_codes })
    }

    /// Whether the demand constrains a multi-code field.
    pub(super) fn has_multi(&self) -> bool {
        !self.multi_codes.is_empty()
    }

    /// The single-code constraint on a field, if any.
    pub(super) fn single(&self, field: usize) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.field == field && !c.multi)
    }
}

/// The field a code-list field id names, and whether it holds several codes.
fn code_field<'a>(schema: &'a RecordSchema, field_id: &str) -> Option<(usize, &'a str, bool)> {
    let field = schema.field_index(field_id)?;
    match &schema.fields[field].kind {
        FieldKind::Code { codelist } => Some((field, codelist, false)),
        FieldKind::Codes { codelist } => Some((field, codelist, true)),
        _ => None,
    }
}

/// The observation's code for each dimension of the cube, in the field it maps to.
fn dimension_constraints(
    catalog: &Catalog,
    schema: &RecordSchema,
    d: &Derivation,
    row: &ObservationRow,
) -> Option<Vec<Constraint>> {
    let mut out = Vec::new();
    for (dimension, field_id) in &d.dimensions {
        let (field, codelist, multi) = code_field(schema, field_id)?;
        let code = row.coordinate.codes.get(dimension)?;
        out.push(Constraint { field, multi, allowed: vec![code_index(catalog, codelist, code)?] });
    }
    Some(out)
}

/// The leaves under the derivation's filter codes, for each filtered field no dimension maps
/// to; `None` if a filter allows no code.
fn filter_constraints(
    catalog: &Catalog,
    schema: &RecordSchema,
    d: &Derivation,
    out: &mut Vec<Constraint>,
) -> Option<()> {
    for (field_id, values) in &d.filter {
        let field = schema.field_index(field_id)?;
        if out.iter().any(|c| c.field == field) {
            continue;
        }
        let Some((_, codelist, multi)) = code_field(schema, field_id) else { continue };
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
    Some(())
}

//! Reading and checking record schemas (`records/<id>.toml`): fields of known types and code
//! lists, no field that identifies a person, a key, and derivations onto known cubes.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::context::Context;
use super::identifying::is_identifying_column;
use super::record::{
    ChainPart, ChainRole, CountUnit, Derivation, FieldKind, LinkKind, PeriodRule, RecordField, RecordSchema,
};
use super::source::{for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::Cube;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecordSchema {
    id: Spanned<String>,
    owner: Spanned<String>,
    name: Spanned<RawLabels>,
    key: Spanned<String>,
    #[serde(default)]
    identifying: Vec<String>,
    #[serde(default)]
    field: Vec<Spanned<RawField>>,
    #[serde(default)]
    derivation: Vec<Spanned<RawDerivation>>,
    chain: Option<Spanned<RawChain>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChain {
    role: String,
    date: String,
    form: Option<String>,
    case: Option<String>,
    place: Option<String>,
    #[serde(default)]
    steps: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
    /// Required in every language; read as empty when absent, so that the check names each
    /// missing language.
    #[serde(default)]
    name: RawLabels,
    #[serde(rename = "type")]
    kind: String,
    codelist: Option<String>,
    link: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    when: BTreeMap<String, String>,
    #[serde(default)]
    same: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerivation {
    cube: String,
    period: String,
    #[serde(default)]
    dimensions: BTreeMap<String, String>,
    #[serde(default, rename = "where")]
    filter: BTreeMap<String, toml::Value>,
    count: Option<String>,
}

/// Reads and checks every record schema file, by schema id.
pub(super) fn parse_records(
    files: &[&SourceFile],
    ctx: &Context<'_>,
    problems: &mut Vec<CatalogProblem>,
) -> BTreeMap<String, RecordSchema> {
    let mut schemas = BTreeMap::new();
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    for_each_parsed(files, problems, |p, raw| {
        let schema = check_record_schema(p, raw, ctx);
        // A file's schema is told by its key column, so two schemas may not share one.
        if let Some(other) = keys.insert(schema.key.clone(), schema.id.clone()) {
            p.whole(format!("key field {:?} is also the key of record schema {other:?}", schema.key));
        }
        schemas.insert(schema.id.clone(), schema);
    });
    schemas
}

/// Checks one record schema; every problem goes to `p`.
fn check_record_schema(p: &mut FileProblems<'_>, raw: RawRecordSchema, ctx: &Context<'_>) -> RecordSchema {
    let offset = raw.id.span().start;
    let id = raw.id.into_inner();
    p.file_id(offset, "record schema", &id);
    let name =
        p.labels(raw.name.span().start, &format!("record schema {id:?}"), raw.name.get_ref(), ctx.languages);
    let owner_offset = raw.owner.span().start;
    let owner = raw.owner.into_inner();
    if ctx.code_lists.get("actor").is_none_or(|actors| actors.get(&owner).is_none()) {
        p.at(
            owner_offset,
            format!(
                "record schema {id:?} has owner {owner:?}, which is not a code of the \"actor\" code list"
            ),
        );
    }
    let fields = check_fields(p, &id, raw.field, ctx);
    let key = check_key(p, &id, raw.key, &fields);
    let mut seen_cubes = HashSet::new();
    let derivations = raw
        .derivation
        .into_iter()
        .filter_map(|spanned| {
            let offset = spanned.span().start;
            check_derivation(p, offset, spanned.into_inner(), &fields, ctx, &mut seen_cubes)
        })
        .collect();
    let chain = raw.chain.map(|spanned| {
        let offset = spanned.span().start;
        check_chain(p, offset, spanned.into_inner(), &fields, ctx)
    });
    RecordSchema { id, owner, name, key, identifying: raw.identifying, fields, derivations, chain }
}

/// The code list of the chain's steps.
pub const CHAIN_STEP_LIST: &str = "chain_step";

/// A schema's part in the chain: a known role, a date field, a code field for the form, a text
/// field for the case, a code field of places in regions, steps that are codes of `chain_step`
/// with conditions like a derivation's `where`.
fn check_chain(
    p: &mut FileProblems<'_>,
    offset: usize,
    raw: RawChain,
    fields: &[RecordField],
    ctx: &Context<'_>,
) -> ChainPart {
    let role = match raw.role.as_str() {
        "victims" => ChainRole::Victims,
        "cases" => ChainRole::Cases,
        "judgments" => ChainRole::Judgments,
        other => {
            p.at(offset, format!("chain role {other:?} must be victims, cases or judgments"));
            ChainRole::Victims
        }
    };
    let kind = |id: &str| fields.iter().find(|f| f.id == id).map(|f| &f.kind);
    if kind(&raw.date) != Some(&FieldKind::Date) {
        p.at(offset, format!("chain date {:?} must name a date field", raw.date));
    }
    if let Some(form) = &raw.form {
        if !matches!(kind(form), Some(FieldKind::Code { .. } | FieldKind::Codes { .. })) {
            p.at(offset, format!("chain form {form:?} must name a code field"));
        }
    }
    if let Some(case) = &raw.case {
        if kind(case) != Some(&FieldKind::Text) {
            p.at(offset, format!("chain case {case:?} must name a text field (the notice number)"));
        }
    }
    if let Some(place) = &raw.place {
        let placed = match kind(place) {
            Some(FieldKind::Code { codelist }) => ctx.code_lists.get(codelist),
            _ => None,
        };
        if placed.is_none_or(|list| list.codes.iter().all(|c| c.region.is_none())) {
            p.at(offset, format!("chain place {place:?} must name a code field whose codes lie in regions"));
        }
    }
    let steps_list = ctx.code_lists.get(CHAIN_STEP_LIST);
    let d = DerivationCheck { offset, cube: "chain", fields, ctx };
    let mut steps = Vec::new();
    for (step, condition) in raw.steps {
        if steps_list.is_none_or(|list| list.get(&step).is_none()) {
            p.at(offset, format!("chain step {step:?} is not a code of the {CHAIN_STEP_LIST:?} code list"));
        }
        steps.push((step, d.filter(p, condition)));
    }
    ChainPart { role, date: raw.date, form: raw.form, case: raw.case, place: raw.place, steps }
}

/// The fields of schema `id`: each new, identifying no person, of a known type; then the
/// fields their conditions and shared values refer to must exist.
fn check_fields(
    p: &mut FileProblems<'_>,
    id: &str,
    raw: Vec<Spanned<RawField>>,
    ctx: &Context<'_>,
) -> Vec<RecordField> {
    let mut fields: Vec<RecordField> = Vec::new();
    let mut offsets = Vec::new();
    for spanned in raw {
        let offset = spanned.span().start;
        let f = spanned.into_inner();
        p.id(offset, "field", &f.id);
        if fields.iter().any(|x| x.id == f.id) {
            p.at(offset, format!("record schema {id:?} has field {:?} twice", f.id));
        }
        if is_identifying_column(&f.id) {
            p.at(
                offset,
                format!("field {:?} identifies a person; record schemas hold pseudonymous keys only", f.id),
            );
        }
        let kind = field_kind(p, offset, &f, ctx);
        let name =
            p.labels(offset, &format!("field {:?} of record schema {id:?}", f.id), &f.name, ctx.languages);
        fields.push(RecordField { id: f.id, name, kind, required: f.required, when: f.when, same: f.same });
        offsets.push(offset);
    }
    for (field, &offset) in fields.iter().zip(&offsets) {
        for other in field.when.keys().chain(&field.same) {
            if !fields.iter().any(|f| &f.id == other) {
                p.at(offset, format!("field {:?} refers to unknown field {other:?}", field.id));
            }
        }
    }
    fields
}

/// What a field holds, from its type and (for codes) its code list or (for a reference) its link.
fn field_kind(p: &mut FileProblems<'_>, offset: usize, f: &RawField, ctx: &Context<'_>) -> FieldKind {
    let codelist = |p: &mut FileProblems<'_>| match &f.codelist {
        Some(list) if ctx.code_lists.contains_key(list) => list.clone(),
        Some(list) => {
            p.at(offset, format!("field {:?} names unknown code list {list:?}", f.id));
            list.clone()
        }
        None => {
            p.at(offset, format!("field {:?} of type {:?} needs a codelist", f.id, f.kind));
            String::new()
        }
    };
    let kind = match f.kind.as_str() {
        "text" => FieldKind::Text,
        "code" => FieldKind::Code { codelist: codelist(p) },
        "codes" => FieldKind::Codes { codelist: codelist(p) },
        "date" => FieldKind::Date,
        "integer" => FieldKind::Integer,
        "bool" => FieldKind::Bool,
        "person_key" => FieldKind::PersonKey,
        "person_encoding" => FieldKind::PersonEncoding,
        "ref" => match f.link.as_deref() {
            Some("transfer") => FieldKind::Ref { link: LinkKind::Transfer },
            Some("merge") => FieldKind::Ref { link: LinkKind::Merge },
            other => {
                p.at(
                    offset,
                    format!(
                        "reference field {:?} needs link = \"transfer\" or \"merge\", found {other:?}",
                        f.id
                    ),
                );
                FieldKind::Text
            }
        },
        other => {
            p.at(offset, format!("field {:?} has unknown type {other:?} (expected text, code, codes, date, integer, bool, person_key, person_encoding or ref)", f.id));
            FieldKind::Text
        }
    };
    if f.codelist.is_some() && !matches!(kind, FieldKind::Code { .. } | FieldKind::Codes { .. }) {
        p.at(offset, format!("field {:?} of type {:?} cannot have a codelist", f.id, f.kind));
    }
    kind
}

/// The key names a required text field of the schema.
fn check_key(p: &mut FileProblems<'_>, id: &str, raw: Spanned<String>, fields: &[RecordField]) -> String {
    let offset = raw.span().start;
    let key = raw.into_inner();
    match fields.iter().find(|f| f.id == key) {
        Some(f) if f.kind == FieldKind::Text && f.required => {}
        Some(_) => p.at(offset, format!("the key field {key:?} must be a required text field")),
        None => p.at(offset, format!("the key field {key:?} is not a field of record schema {id:?}")),
    }
    key
}

/// A derivation: a known cube derived once, a period from a date field, a code field for each
/// of the cube's dimensions, a filter on code or boolean fields, a counting unit.
fn check_derivation(
    p: &mut FileProblems<'_>,
    offset: usize,
    raw: RawDerivation,
    fields: &[RecordField],
    ctx: &Context<'_>,
    seen_cubes: &mut HashSet<String>,
) -> Option<Derivation> {
    let Some(cube) = ctx.cubes.get(&raw.cube) else {
        p.at(offset, format!("derivation names unknown cube {:?}", raw.cube));
        return None;
    };
    if !seen_cubes.insert(raw.cube.clone()) {
        p.at(offset, format!("cube {:?} is derived twice from this record schema", raw.cube));
    }
    let d = DerivationCheck { offset, cube: &raw.cube, fields, ctx };
    let period = d.period(p, &raw.period)?;
    let dimensions = d.dimensions(p, cube, &raw.dimensions);
    let filter = d.filter(p, raw.filter);
    let count = d.count(p, raw.count.as_deref());
    Some(Derivation { cube: raw.cube, period, dimensions, filter, count })
}

/// What the parts of one derivation are checked against.
struct DerivationCheck<'a> {
    offset: usize,
    /// The derived cube's id, as messages name it.
    cube: &'a str,
    fields: &'a [RecordField],
    ctx: &'a Context<'a>,
}

impl DerivationCheck<'_> {
    fn field(&self, id: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// `year(FIELD)` or `cycle(FIELD)` of a date field; `None` when it is neither form.
    fn period(&self, p: &mut FileProblems<'_>, text: &str) -> Option<PeriodRule> {
        let (offset, cube) = (self.offset, self.cube);
        let Some(rule) = parse_period(text) else {
            p.at(
                offset,
                format!("derivation of {cube:?}: period {text:?} must be year(FIELD) or cycle(FIELD)"),
            );
            return None;
        };
        if self.field(rule.field()).is_none_or(|f| f.kind != FieldKind::Date) {
            p.at(offset, format!("derivation of {cube:?}: period {text:?} must name a date field"));
        }
        Some(rule)
    }

    /// Every dimension of the cube mapped to a field holding its code list's codes, and no
    /// mapping of a dimension the cube lacks; in the cube's dimension order.
    fn dimensions(
        &self,
        p: &mut FileProblems<'_>,
        cube: &Cube,
        raw: &BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        let (offset, cube_id) = (self.offset, self.cube);
        let mut dimensions = Vec::new();
        for dimension in &cube.dimensions {
            let Some(field_id) = raw.get(&dimension.id) else {
                p.at(
                    offset,
                    format!("derivation of {cube_id:?} maps no field to dimension {:?}", dimension.id),
                );
                continue;
            };
            match self.field(field_id).map(|f| &f.kind) {
                Some(FieldKind::Code { codelist } | FieldKind::Codes { codelist })
                    if *codelist == dimension.codelist => {}
                Some(_) => p.at(
                    offset,
                    format!(
                        "derivation of {cube_id:?}: field {field_id:?} must hold codes of {:?} for dimension {:?}",
                        dimension.codelist, dimension.id
                    ),
                ),
                None => p.at(offset, format!("derivation of {cube_id:?}: unknown field {field_id:?}")),
            }
            dimensions.push((dimension.id.clone(), field_id.clone()));
        }
        for dimension in raw.keys().filter(|d| cube.dimension(d).is_none()) {
            p.at(offset, format!("derivation of {cube_id:?}: cube has no dimension {dimension:?}"));
        }
        dimensions
    }

    /// `where`: field → the codes (or booleans) that count, each a code of the field's list or
    /// `true`/`false` for a boolean field.
    fn filter(
        &self,
        p: &mut FileProblems<'_>,
        raw: BTreeMap<String, toml::Value>,
    ) -> BTreeMap<String, Vec<String>> {
        let (offset, cube) = (self.offset, self.cube);
        let mut filter = BTreeMap::new();
        for (field_id, value) in raw {
            let values: Vec<String> = match value {
                toml::Value::String(s) => vec![s],
                toml::Value::Boolean(b) => vec![b.to_string()],
                toml::Value::Array(items) => {
                    items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect()
                }
                other => {
                    p.at(offset, format!("derivation of {cube:?}: where {field_id:?} must be a code, a list of codes or a boolean, found {}", other.type_str()));
                    continue;
                }
            };
            self.check_filter_values(p, &field_id, &values);
            filter.insert(field_id, values);
        }
        filter
    }

    fn check_filter_values(&self, p: &mut FileProblems<'_>, field_id: &str, values: &[String]) {
        let (offset, cube) = (self.offset, self.cube);
        match self.field(field_id).map(|f| &f.kind) {
            Some(FieldKind::Code { codelist } | FieldKind::Codes { codelist }) => {
                let Some(list) = self.ctx.code_lists.get(codelist) else { return };
                for v in values.iter().filter(|v| list.get(v).is_none()) {
                    p.at(offset, format!("derivation of {cube:?}: {v:?} is not a code of {codelist:?}"));
                }
            }
            Some(FieldKind::Bool) => {
                if values.iter().any(|v| v != "true" && v != "false") {
                    p.at(offset, format!("derivation of {cube:?}: where {field_id:?} must be true or false"));
                }
            }
            Some(_) => p.at(
                offset,
                format!("derivation of {cube:?}: where {field_id:?} must name a code or boolean field"),
            ),
            None => p.at(offset, format!("derivation of {cube:?}: unknown field {field_id:?}")),
        }
    }

    /// What one counted unit is: a record (the default) or a chain of linked cases.
    fn count(&self, p: &mut FileProblems<'_>, raw: Option<&str>) -> CountUnit {
        match raw {
            None | Some("record") => CountUnit::Record,
            Some("chain") => CountUnit::Chain,
            Some(other) => {
                p.at(
                    self.offset,
                    format!("derivation of {:?}: count {other:?} must be \"record\" or \"chain\"", self.cube),
                );
                CountUnit::Record
            }
        }
    }
}

fn parse_period(text: &str) -> Option<PeriodRule> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("year(").and_then(|t| t.strip_suffix(')')) {
        return Some(PeriodRule::Year(inner.trim().to_string()));
    }
    if let Some(inner) = text.strip_prefix("cycle(").and_then(|t| t.strip_suffix(')')) {
        return Some(PeriodRule::Cycle(inner.trim().to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_rules() {
        assert_eq!(parse_period("year(inflow_date)"), Some(PeriodRule::Year("inflow_date".into())));
        assert_eq!(parse_period("cycle(d)"), Some(PeriodRule::Cycle("d".into())));
        assert_eq!(parse_period("d"), None);
    }
}

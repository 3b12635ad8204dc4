//! Record schemas (`records/<id>.toml`): the fields of one source's record-level data, each
//! bound to a code list where it holds codes, and the derivations that turn its records into
//! observations of the catalog's cubes. Parsed and checked here; used by the records crate.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::parse::{Context, FileProblems, RawLabels};
use crate::label::{normalize_label, Labels};

/// Columns whose text makes up a person's name (what the pseudonymous key is computed from,
/// with the birth date). Compared after [`normalize_label`], so `family_name` and `Family name`
/// are one.
pub const NAME_COLUMNS: &[&str] = &[
    "name",
    "family name",
    "surname",
    "last name",
    "first name",
    "given name",
    "given names",
    "naam",
    "achternaam",
    "familienaam",
    "voornaam",
    "voornamen",
    "nom",
    "nom de famille",
    "prenom",
    "prenoms",
];

/// Columns holding a birth date.
pub const BIRTH_DATE_COLUMNS: &[&str] =
    &["birth date", "date of birth", "geboortedatum", "date de naissance", "date naissance"];

/// Column names that identify a person besides the name and birth date: documents, national
/// numbers, addresses, contact details.
pub const OTHER_IDENTIFYING_COLUMNS: &[&str] = &[
    "document number",
    "passport number",
    "identity card number",
    "documentnummer",
    "paspoortnummer",
    "numero de document",
    "national number",
    "rijksregisternummer",
    "numero national",
    "address",
    "adres",
    "adresse",
    "phone",
    "telefoon",
    "telephone",
    "email",
];

/// Column names that identify a person: a central import refuses a file carrying any of them
/// (compared after [`normalize_label`], so `Geboortedatum` and `date de naissance` match); only
/// the pseudonymous key computed at the actor's side may travel.
pub const IDENTIFYING_COLUMNS: [&[&str]; 3] = [NAME_COLUMNS, BIRTH_DATE_COLUMNS, OTHER_IDENTIFYING_COLUMNS];

/// Whether `name` is one of `list`, compared after [`normalize_label`].
pub fn is_column_of(name: &str, list: &[&str]) -> bool {
    let normal = normalize_label(name);
    list.iter().any(|c| normalize_label(c) == normal)
}

/// Whether a column name identifies a person (see [`IDENTIFYING_COLUMNS`]).
pub fn is_identifying_column(name: &str) -> bool {
    IDENTIFYING_COLUMNS.iter().any(|list| is_column_of(name, list))
}

/// The record-level data of one source: an indicator checklist, a guidance file, a
/// prosecution case, a conviction, a police finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSchema {
    pub id: String,
    /// The actor that holds the records (a code of the `actor` list).
    pub owner: String,
    pub name: Labels,
    /// The field that identifies a record within its source (unique in a file); a file's
    /// header tells its schema by this column.
    pub key: String,
    /// Further columns that identify a person in this source, refused like the general ones.
    pub identifying: Vec<String>,
    pub fields: Vec<RecordField>,
    pub derivations: Vec<Derivation>,
}

impl RecordSchema {
    pub fn field(&self, id: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The field holding the pseudonymous person key, if records of this source concern a person.
    pub fn person_field(&self) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.kind == FieldKind::PersonKey)
    }
}

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordField {
    pub id: String,
    pub kind: FieldKind,
    pub required: bool,
    /// For a reference: the condition under which the reference is expected (`state =
    /// transferred`), as field → code.
    pub when: BTreeMap<String, String>,
    /// For a reference: fields the referenced record shares (a transferred case keeps its form).
    pub same: Vec<String>,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// One code of a code list.
    Code {
        codelist: String,
    },
    /// Any number of codes of a code list (written `a|b` in CSV).
    Codes {
        codelist: String,
    },
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    Integer,
    Bool,
    /// A pseudonymous person key (64 hex digits, HMAC-SHA-256).
    PersonKey,
    /// The key of another record of the same source, and what the link means.
    Ref {
        link: LinkKind,
    },
}

/// What a reference between two records of one source means for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    /// The case went on in another district under the referenced key.
    Transfer,
    /// The case was joined to the referenced (parent) case.
    Merge,
}

/// How a derivation takes an observation's period from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodRule {
    /// The year of a date field (`year(inflow_date)`).
    Year(String),
    /// The cycle's span period (`2019-2020`) when the date field's year is one of the cycle's
    /// (`cycle(inflow_date)`): cohorts followed over the whole cycle.
    Cycle(String),
}

impl PeriodRule {
    pub fn field(&self) -> &str {
        match self {
            PeriodRule::Year(f) | PeriodRule::Cycle(f) => f,
        }
    }
}

/// What one counted unit of a derivation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountUnit {
    /// Every record counts.
    Record,
    /// A chain of transfers counts once, at its first registration; a case merged into
    /// another counts in its parent only (unless the counting rule asked is "as registered").
    Chain,
}

/// Records → observations of one cube: count the records (or chains) at each combination of
/// the fields mapped to the cube's dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub cube: String,
    pub period: PeriodRule,
    /// Cube dimension → record field, in the cube's dimension order.
    pub dimensions: Vec<(String, String)>,
    /// Field → the codes (or `true`/`false`) that count; an aggregate code stands for its
    /// leaves. For a multi-code field it selects which of a record's codes count.
    pub filter: BTreeMap<String, Vec<String>>,
    pub count: CountUnit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecordSchema {
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    id: String,
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

/// Checks one record schema; every problem goes to `p`.
pub(super) fn check_record_schema(
    p: &mut FileProblems<'_>,
    raw: RawRecordSchema,
    ctx: &Context<'_>,
) -> Option<RecordSchema> {
    let offset = raw.id.span().start;
    let id = raw.id.into_inner();
    p.id(offset, "record schema", &id);
    if id != p.file_stem() {
        let stem = p.file_stem().to_string();
        p.at(offset, format!("record schema id {id:?} does not match its file name (expected {stem:?})"));
    }
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

    let mut fields: Vec<RecordField> = Vec::new();
    let mut field_offsets = Vec::new();
    for spanned in raw.field {
        let f_offset = spanned.span().start;
        let f = spanned.into_inner();
        p.id(f_offset, "field", &f.id);
        if fields.iter().any(|x| x.id == f.id) {
            p.at(f_offset, format!("record schema {id:?} has field {:?} twice", f.id));
        }
        if is_identifying_column(&f.id) {
            p.at(
                f_offset,
                format!("field {:?} identifies a person; record schemas hold pseudonymous keys only", f.id),
            );
        }
        let codelist = |p: &mut FileProblems<'_>| match &f.codelist {
            Some(list) if ctx.code_lists.contains_key(list) => list.clone(),
            Some(list) => {
                p.at(f_offset, format!("field {:?} names unknown code list {list:?}", f.id));
                list.clone()
            }
            None => {
                p.at(f_offset, format!("field {:?} of type {:?} needs a codelist", f.id, f.kind));
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
            "ref" => {
                match f.link.as_deref() {
                    Some("transfer") => FieldKind::Ref { link: LinkKind::Transfer },
                    Some("merge") => FieldKind::Ref { link: LinkKind::Merge },
                    other => {
                        p.at(f_offset, format!("reference field {:?} needs link = \"transfer\" or \"merge\", found {other:?}", f.id));
                        FieldKind::Text
                    }
                }
            }
            other => {
                p.at(f_offset, format!("field {:?} has unknown type {other:?} (expected text, code, codes, date, integer, bool, person_key or ref)", f.id));
                FieldKind::Text
            }
        };
        if f.codelist.is_some() && !matches!(kind, FieldKind::Code { .. } | FieldKind::Codes { .. }) {
            p.at(f_offset, format!("field {:?} of type {:?} cannot have a codelist", f.id, f.kind));
        }
        fields.push(RecordField { id: f.id, kind, required: f.required, when: f.when, same: f.same });
        field_offsets.push(f_offset);
    }
    for (field, &f_offset) in fields.iter().zip(&field_offsets) {
        for other in field.when.keys().chain(&field.same) {
            if !fields.iter().any(|f| &f.id == other) {
                p.at(f_offset, format!("field {:?} refers to unknown field {other:?}", field.id));
            }
        }
    }
    let key_offset = raw.key.span().start;
    let key = raw.key.into_inner();
    match fields.iter().find(|f| f.id == key) {
        Some(f) if f.kind == FieldKind::Text && f.required => {}
        Some(_) => p.at(key_offset, format!("the key field {key:?} must be a required text field")),
        None => p.at(key_offset, format!("the key field {key:?} is not a field of record schema {id:?}")),
    }

    let mut derivations = Vec::new();
    let mut seen_cubes = HashSet::new();
    for spanned in raw.derivation {
        let d_offset = spanned.span().start;
        let raw = spanned.into_inner();
        if let Some(d) = check_derivation(p, d_offset, raw, &fields, ctx, &mut seen_cubes) {
            derivations.push(d);
        }
    }
    Some(RecordSchema { id, owner, name, key, identifying: raw.identifying, fields, derivations })
}

/// Parses and checks every `records/*.toml` file of a catalog, by schema id.
pub(super) fn parse_records(
    files: &[super::SourceFile],
    ctx: &Context<'_>,
    problems: &mut Vec<super::CatalogProblem>,
) -> BTreeMap<String, RecordSchema> {
    let mut out = BTreeMap::new();
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    for file in files.iter().filter(|f| f.path.starts_with("records/") && f.path.ends_with(".toml")) {
        let mut p = FileProblems::new(file, problems);
        let Some(raw) = p.parse::<RawRecordSchema>() else { continue };
        let Some(schema) = check_record_schema(&mut p, raw, ctx) else { continue };
        // A file's schema is told by its key column, so two schemas may not share one.
        if let Some(other) = keys.insert(schema.key.clone(), schema.id.clone()) {
            p.whole(format!("key field {:?} is also the key of record schema {other:?}", schema.key));
        }
        out.insert(schema.id.clone(), schema);
    }
    out
}

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
    let field = |id: &str| fields.iter().find(|f| f.id == id);
    let period = match parse_period(&raw.period) {
        Some(rule) => {
            if field(rule.field()).is_none_or(|f| f.kind != FieldKind::Date) {
                p.at(
                    offset,
                    format!("derivation of {:?}: period {:?} must name a date field", raw.cube, raw.period),
                );
            }
            rule
        }
        None => {
            p.at(
                offset,
                format!(
                    "derivation of {:?}: period {:?} must be year(FIELD) or cycle(FIELD)",
                    raw.cube, raw.period
                ),
            );
            return None;
        }
    };
    let mut dimensions = Vec::new();
    for dimension in &cube.dimensions {
        let Some(field_id) = raw.dimensions.get(&dimension.id) else {
            p.at(
                offset,
                format!("derivation of {:?} maps no field to dimension {:?}", raw.cube, dimension.id),
            );
            continue;
        };
        match field(field_id).map(|f| &f.kind) {
            Some(FieldKind::Code { codelist } | FieldKind::Codes { codelist })
                if *codelist == dimension.codelist => {}
            Some(_) => p.at(
                offset,
                format!(
                    "derivation of {:?}: field {field_id:?} must hold codes of {:?} for dimension {:?}",
                    raw.cube, dimension.codelist, dimension.id
                ),
            ),
            None => p.at(offset, format!("derivation of {:?}: unknown field {field_id:?}", raw.cube)),
        }
        dimensions.push((dimension.id.clone(), field_id.clone()));
    }
    for dimension in raw.dimensions.keys() {
        if !cube.dimensions.iter().any(|d| &d.id == dimension) {
            p.at(offset, format!("derivation of {:?}: cube has no dimension {dimension:?}", raw.cube));
        }
    }
    let mut filter = BTreeMap::new();
    for (field_id, value) in raw.filter {
        let values: Vec<String> = match value {
            toml::Value::String(s) => vec![s],
            toml::Value::Boolean(b) => vec![b.to_string()],
            toml::Value::Array(items) => {
                items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect()
            }
            other => {
                p.at(offset, format!("derivation of {:?}: where {field_id:?} must be a code, a list of codes or a boolean, found {}", raw.cube, other.type_str()));
                continue;
            }
        };
        match field(&field_id).map(|f| &f.kind) {
            Some(FieldKind::Code { codelist } | FieldKind::Codes { codelist }) => {
                if let Some(list) = ctx.code_lists.get(codelist) {
                    for v in &values {
                        if list.get(v).is_none() {
                            p.at(
                                offset,
                                format!("derivation of {:?}: {v:?} is not a code of {codelist:?}", raw.cube),
                            );
                        }
                    }
                }
            }
            Some(FieldKind::Bool) => {
                if values.iter().any(|v| v != "true" && v != "false") {
                    p.at(
                        offset,
                        format!("derivation of {:?}: where {field_id:?} must be true or false", raw.cube),
                    );
                }
            }
            Some(_) => p.at(
                offset,
                format!("derivation of {:?}: where {field_id:?} must name a code or boolean field", raw.cube),
            ),
            None => p.at(offset, format!("derivation of {:?}: unknown field {field_id:?}", raw.cube)),
        }
        filter.insert(field_id, values);
    }
    let count = match raw.count.as_deref() {
        None | Some("record") => CountUnit::Record,
        Some("chain") => CountUnit::Chain,
        Some(other) => {
            p.at(
                offset,
                format!("derivation of {:?}: count {other:?} must be \"record\" or \"chain\"", raw.cube),
            );
            CountUnit::Record
        }
    };
    Some(Derivation { cube: raw.cube, period, dimensions, filter, count })
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
    fn identifying_columns_match_in_any_spelling() {
        assert!(is_identifying_column("Geboortedatum"));
        assert!(is_identifying_column("Date de naissance"));
        assert!(is_identifying_column("family_name"));
        assert!(is_identifying_column("PRÉNOM"));
        assert!(!is_identifying_column("nationality"));
        assert!(!is_identifying_column("person_key"));
    }

    #[test]
    fn period_rules() {
        assert_eq!(parse_period("year(inflow_date)"), Some(PeriodRule::Year("inflow_date".into())));
        assert_eq!(parse_period("cycle(d)"), Some(PeriodRule::Cycle("d".into())));
        assert_eq!(parse_period("d"), None);
    }
}

//! What the coordinator sees of a pair the rule is unsure of: the two records' non-identifying
//! fields, named and worded as the catalog says in each language, side by side, with whether
//! they agree; and one record field's value as any reader reads it ([`Fact`]). The pages and
//! commands only render them.

use rapporteur_domain::catalog::{FieldKind, RecordField, RecordSchema, REGION_LIST};
use rapporteur_domain::{Catalog, Labels, LinkPair};
use rapporteur_records::age_band::bands_overlap;
use rapporteur_records::chain::region_in;
use rapporteur_records::{format_value, Record, Value};

/// The code list of the actors, which names a record's owner.
const ACTOR_LIST: &str = "actor";

/// One pair for the coordinator to decide, with what the centre knows of both records.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    pub pair: LinkPair,
    pub a: RecordFacts,
    pub b: RecordFacts,
    /// Days between the two registrations (their chain dates), which the rule weighs; `None`
    /// when either lacks its date.
    pub days_apart: Option<u32>,
}

/// What the centre holds of one record, identity excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFacts {
    /// The name of the actor holding the record; empty for a record no longer stored.
    pub owner_name: Labels,
    /// Its non-empty fields but the record's key (which the pair names) and the person's key
    /// and encoding, in the schema's order; after its place (a district, a directorate, a
    /// centre), the region the place lies in, which places of two lists compare by.
    pub facts: Vec<Fact>,
}

/// One field of a record as the coordinator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The field's id: fields of one id in two schemas hold the same thing.
    pub field: String,
    pub name: Labels,
    /// The value as files and the store write it (code ids, ISO dates): what agreement compares.
    pub value: String,
    /// The code list of a field holding codes: two fields of one id compare by value only
    /// where they share it.
    pub codelist: Option<String>,
    /// Whether the value is a code saying the source did not know (compared with nothing).
    pub unknown: bool,
    pub shown: Shown,
}

/// How a value reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// As written: a text, a number, a date.
    AsWritten,
    /// The labels of its codes, in order.
    Codes(Vec<Labels>),
    /// A yes-or-no answer.
    YesNo(bool),
}

/// One row of the pair's comparison: a field that either record holds.
#[derive(Debug, Clone, Copy)]
pub struct FieldRow<'a> {
    pub name: &'a Labels,
    pub a: Option<&'a Fact>,
    pub b: Option<&'a Fact>,
}

/// Whether the two records say the same of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    Same,
    Different,
    /// Two age bands of different lists that admit a common age (an adult and 18 to 30).
    Compatible,
    /// Codes of two different lists that say nothing of each other.
    NotComparable,
    /// Only one of the two records holds the field (or the other says it did not know).
    OneOnly,
}

impl RecordFacts {
    /// The facts of `record`, a record of `schema`.
    pub(crate) fn of(catalog: &Catalog, schema: &RecordSchema, record: &Record) -> Self {
        let mut facts: Vec<Fact> = schema
            .fields
            .iter()
            .zip(&record.values)
            .filter(|(f, v)| {
                !matches!(f.kind, FieldKind::PersonKey | FieldKind::PersonEncoding)
                    && f.id != schema.key
                    && **v != Value::Empty
            })
            .map(|(f, v)| Fact::of(catalog, f, v))
            .collect();
        if let Some(region) = region_fact(catalog, schema, record) {
            let place = schema.chain.as_ref().and_then(|c| c.place.as_deref());
            let after =
                facts.iter().position(|f| Some(f.field.as_str()) == place).map_or(facts.len(), |i| i + 1);
            facts.insert(after, region);
        }
        RecordFacts { owner_name: catalog.code_labels(ACTOR_LIST, &schema.owner), facts }
    }

    /// A record the pair names that is no longer stored: nothing is known of it.
    pub(crate) fn gone() -> Self {
        RecordFacts { owner_name: Labels::default(), facts: Vec::new() }
    }

    fn fact(&self, field: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.field == field)
    }
}

impl Fact {
    /// The value `value` of `field` as a reader reads it.
    pub fn of(catalog: &Catalog, field: &RecordField, value: &Value) -> Self {
        let codelist = match &field.kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => Some(codelist.clone()),
            _ => None,
        };
        let unknown = match (&codelist, value) {
            (Some(list), Value::Code(i)) => {
                catalog.code_list(list).is_some_and(|l| l.is_unknown_at(*i as usize))
            }
            _ => false,
        };
        Fact {
            field: field.id.clone(),
            name: field.name.clone(),
            value: format_value(catalog, field, value),
            codelist,
            unknown,
            shown: shown(catalog, &field.kind, value),
        }
    }

    /// The value in words in `lang`: its codes' labels, `yes_no[0]` or `yes_no[1]`, else as
    /// written.
    pub fn text(&self, lang: &str, yes_no: [&str; 2]) -> String {
        match &self.shown {
            Shown::AsWritten => self.value.clone(),
            Shown::Codes(labels) => labels.iter().map(|l| l.get(lang)).collect::<Vec<_>>().join(", "),
            Shown::YesNo(yes) => yes_no[usize::from(!yes)].to_string(),
        }
    }

    /// What this fact and `other` (of a field of the same id) say of each other.
    pub fn agreement(&self, other: &Fact) -> Agreement {
        if self.unknown || other.unknown {
            return Agreement::OneOnly;
        }
        if self.codelist != other.codelist {
            return match bands_overlap(&self.value, &other.value) {
                Some(true) => Agreement::Compatible,
                Some(false) => Agreement::Different,
                None => Agreement::NotComparable,
            };
        }
        if self.value == other.value {
            Agreement::Same
        } else {
            Agreement::Different
        }
    }
}

impl ReviewItem {
    /// The fields side by side: first those both records hold (which can agree), then those of
    /// the first record alone, then those of the second alone; each part in its record's order.
    pub fn rows(&self) -> Vec<FieldRow<'_>> {
        let (a, b) = (&self.a, &self.b);
        let shared = a.facts.iter().filter_map(|x| b.fact(&x.field).map(|y| (x, y)));
        let rows = shared.map(|(x, y)| FieldRow { name: &x.name, a: Some(x), b: Some(y) });
        let a_only = a.facts.iter().filter(|x| b.fact(&x.field).is_none());
        let b_only = b.facts.iter().filter(|y| a.fact(&y.field).is_none());
        rows.chain(a_only.map(|x| FieldRow { name: &x.name, a: Some(x), b: None }))
            .chain(b_only.map(|y| FieldRow { name: &y.name, a: None, b: Some(y) }))
            .collect()
    }
}

impl FieldRow<'_> {
    pub fn agreement(&self) -> Agreement {
        match (self.a, self.b) {
            (Some(a), Some(b)) => a.agreement(b),
            _ => Agreement::OneOnly,
        }
    }
}

/// The region a record's place lies in, as a fact of its own (named like the region list).
fn region_fact(catalog: &Catalog, schema: &RecordSchema, record: &Record) -> Option<Fact> {
    let list = catalog.code_list(REGION_LIST)?;
    let region = list.codes.get(region_in(catalog, schema, record)? as usize)?;
    Some(Fact {
        field: REGION_LIST.to_string(),
        name: list.name.clone(),
        value: region.id.clone(),
        codelist: Some(REGION_LIST.to_string()),
        unknown: false,
        shown: Shown::Codes(vec![region.labels.clone()]),
    })
}

/// How a value of a field of `kind` reads.
fn shown(catalog: &Catalog, kind: &FieldKind, value: &Value) -> Shown {
    let labels = |codelist: &str, codes: &[u32]| {
        let list = catalog.code_list(codelist);
        codes
            .iter()
            .map(|&i| {
                list.and_then(|l| l.codes.get(i as usize)).map(|c| c.labels.clone()).unwrap_or_default()
            })
            .collect()
    };
    match (kind, value) {
        (FieldKind::Code { codelist }, Value::Code(i)) => Shown::Codes(labels(codelist, &[*i])),
        (FieldKind::Codes { codelist }, Value::Codes(codes)) => Shown::Codes(labels(codelist, codes)),
        (_, Value::Bool(b)) => Shown::YesNo(*b),
        _ => Shown::AsWritten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LoadedCatalog;

    /// The fact of field `field` of schema `schema` holding code `code`.
    fn coded(catalog: &Catalog, schema: &str, field: &str, code: &str) -> Fact {
        let schema = &catalog.records[schema];
        let field = &schema.fields[schema.field_index(field).expect("the field")];
        let (FieldKind::Code { codelist } | FieldKind::Codes { codelist }) = &field.kind else {
            panic!("{} holds codes", field.id)
        };
        let index = rapporteur_records::code_index(catalog, codelist, code).expect("a code of the list");
        Fact::of(catalog, field, &Value::Code(index))
    }

    #[test]
    fn age_bands_of_two_lists_compare_by_the_ages_they_cover() {
        let catalog = LoadedCatalog::embedded().expect("the embedded catalog").catalog;
        let centre = |code| coded(&catalog, "guidance_file", "age_band", code);
        let checklist = |code| coded(&catalog, "indicator_checklist", "age_band", code);
        assert_eq!(centre("18plus").agreement(&checklist("18-30")), Agreement::Compatible);
        assert_eq!(centre("0-17").agreement(&checklist("18-30")), Agreement::Different);
        assert_eq!(centre("0-17").agreement(&checklist("0-17")), Agreement::Compatible, "two lists");
        assert_eq!(checklist("30-40").agreement(&checklist("30-40")), Agreement::Same);
        assert_eq!(checklist("30-40").agreement(&checklist("40-50")), Agreement::Different);
        let sex = |schema, code| coded(&catalog, schema, "sex", code);
        assert_eq!(sex("guidance_file", "F").agreement(&sex("indicator_checklist", "F")), Agreement::Same);
        // A sex the source did not know says nothing, even of another unknown one.
        assert_eq!(
            sex("guidance_file", "UNKNOWN").agreement(&sex("indicator_checklist", "M")),
            Agreement::OneOnly
        );
        assert_eq!(
            sex("guidance_file", "UNKNOWN").agreement(&sex("guidance_file", "UNKNOWN")),
            Agreement::OneOnly
        );
        let shown = &centre("18plus").shown;
        let Shown::Codes(labels) = shown else { panic!("{shown:?}") };
        assert_eq!(
            labels[0].get("en"),
            catalog.code_list("age_band_centre").unwrap().get("18plus").unwrap().labels.get("en")
        );
    }

    #[test]
    fn places_of_three_lists_compare_by_the_region_they_lie_in() {
        let catalog = LoadedCatalog::embedded().expect("the embedded catalog").catalog;
        let facts = |schema: &str, place: &str, code: &str| {
            let schema = &catalog.records[schema];
            let mut record = Record { values: vec![Value::Empty; schema.fields.len()], source_row: 1 };
            let i = schema.field_index(place).expect("the place field");
            let FieldKind::Code { codelist } = &schema.fields[i].kind else { panic!("{place} holds a code") };
            record.values[i] = Value::Code(
                rapporteur_records::code_index(&catalog, codelist, code).expect("a code of the list"),
            );
            RecordFacts::of(&catalog, schema, &record)
        };
        let region_row = |a: &RecordFacts, b: &RecordFacts| {
            let record =
                |schema: &str| rapporteur_domain::RecordRef { schema: schema.into(), key: "R1".into() };
            let pair = LinkPair {
                a: record("a"),
                b: record("b"),
                similarity: 0.8,
                weight: 0.0,
                probability: 0.5,
                status: rapporteur_domain::PairStatus::Review,
                basis: rapporteur_domain::catalog::LinkBasis::NameAndBirthDate,
            };
            let item = ReviewItem { pair, a: a.clone(), b: b.clone(), days_apart: None };
            let rows = item.rows();
            let row = rows.iter().find(|r| r.a.is_some_and(|f| f.field == REGION_LIST)).copied();
            row.map(|r| (r.name.get("en").to_string(), r.agreement()))
        };
        // Halle-Vilvoorde's prosecution office lies in Flanders, as Payoke's seat does; the
        // Brussels directorate in Brussels.
        let police = facts("police_finding", "district", "halle_vilvoorde");
        let centre = facts("guidance_file", "centre", "payoke");
        let checklist = facts("indicator_checklist", "directorate", "brussel");
        let region_name = catalog.code_list(REGION_LIST).unwrap().name.get("en").to_string();
        assert_eq!(region_row(&police, &centre), Some((region_name.clone(), Agreement::Same)));
        assert_eq!(region_row(&police, &checklist), Some((region_name, Agreement::Different)));
        // The region follows the place it comes from.
        let fields: Vec<&str> = police.facts.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["district", REGION_LIST]);
        // The federal prosecutor's office is no place: no region.
        assert!(facts("police_finding", "district", "federal").facts.iter().all(|f| f.field != REGION_LIST));
    }
}

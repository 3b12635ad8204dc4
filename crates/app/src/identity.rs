//! How complete the identities behind the registrations are: each record's `identity` code
//! (written at the source by `rapporteur pseudonymize` or the portal's checklist form) is
//! checked against its key and encoding on import, read back for the linkage (what a link to
//! the record may rest on), and counted per source for the coordinator and the report's
//! data-quality annex, so that the coordinator sees where registration practice must improve.

use std::collections::BTreeMap;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::{Completeness, FieldKind, RecordSchema, SourceIdentities, IDENTITY_LIST};
use rapporteur_domain::Catalog;
use rapporteur_ingest::ImportProblem;
use rapporteur_records::{Record, Value};

use crate::access::allow;
use crate::error::Result;
use crate::App;

fn field_of(schema: &RecordSchema, kind: FieldKind) -> Option<usize> {
    schema.fields.iter().position(|f| f.kind == kind)
}

fn is_filled(record: &Record, field: Option<usize>) -> bool {
    field.is_some_and(|i| matches!(&record.values[i], Value::Text(t) if !t.is_empty()))
}

/// The completeness of a record's identity: its `identity` code, or — for a file written
/// before the code existed — complete where it has an exact key and none where it has
/// nothing. `None` for a schema that holds no person.
pub(crate) fn completeness_of(
    catalog: &Catalog,
    schema: &RecordSchema,
    record: &Record,
) -> Option<Completeness> {
    let (key, encoding) =
        (field_of(schema, FieldKind::PersonKey), field_of(schema, FieldKind::PersonEncoding));
    if key.is_none() && encoding.is_none() {
        return None;
    }
    let stated = schema.identity_field().and_then(|i| match &record.values[i] {
        Value::Code(c) => catalog
            .code_list(IDENTITY_LIST)
            .and_then(|l| l.codes.get(*c as usize))
            .and_then(|code| Completeness::from_code(&code.id)),
        _ => None,
    });
    Some(
        stated.unwrap_or_else(|| Completeness::inferred(is_filled(record, key), is_filled(record, encoding))),
    )
}

/// The problem of a row whose identity code contradicts its key or encoding: a complete
/// identity has both, an incomplete one no exact key (it would collide with every person of
/// the same name whose birth date is unknown), no identity neither. Such a file was edited
/// after it was pseudonymised; it is refused whole.
pub(crate) fn identity_problem(
    catalog: &Catalog,
    schema: &RecordSchema,
    record: &Record,
) -> Option<ImportProblem> {
    let field = schema.identity_field()?;
    if record.values[field] == Value::Empty {
        return None;
    }
    let completeness = completeness_of(catalog, schema, record)?;
    let (key, encoding) =
        (field_of(schema, FieldKind::PersonKey), field_of(schema, FieldKind::PersonEncoding));
    let (has_key, has_encoding) = (is_filled(record, key), is_filled(record, encoding));
    let code = completeness.code();
    let message = match completeness {
        Completeness::Complete if !has_key || !has_encoding => {
            "identity is complete but person_key or person_encoding is empty: a complete identity always has both".to_string()
        }
        Completeness::None if has_key || has_encoding => {
            "identity is none but the row has a person_key or person_encoding: a record without identity has neither".to_string()
        }
        Completeness::Complete | Completeness::None => return None,
        _ if has_key => format!("identity is {code} but the row has a person_key: only a complete identity has an exact key (a key of an incomplete identity would join every person of the same name whose birth date is unknown)"),
        _ if !has_encoding => format!("identity is {code} but person_encoding is empty: an identity with a name always has its encoding"),
        _ => return None,
    };
    Some(ImportProblem::at(
        record.source_row,
        None,
        format!("{message}; was the file edited after rapporteur pseudonymize? Pseudonymise the original file again."),
    ))
}

impl App {
    /// Per source holding persons, its stored registrations by how complete their identity
    /// was (the coordinator; counts only, no record is read).
    pub fn identity_completeness(&self, by: &Caller) -> Result<Vec<SourceIdentities>> {
        allow(by, Action::Coordinate)?;
        let counted = self.store.identity_counts()?;
        let catalog = &self.catalog.catalog;
        let mut out = Vec::new();
        for schema in catalog.records.values() {
            if schema.person_field().is_none() && schema.encoding_field().is_none() {
                continue;
            }
            let mut counts: BTreeMap<Completeness, u64> = Completeness::ALL.iter().map(|&c| (c, 0)).collect();
            for row in counted.iter().filter(|r| r.schema == schema.id) {
                let completeness = Completeness::from_code(&row.identity)
                    .unwrap_or_else(|| Completeness::inferred(row.has_key, row.has_encoding));
                *counts.entry(completeness).or_default() += row.records;
            }
            out.push(SourceIdentities {
                schema: schema.id.clone(),
                name: schema.name.clone(),
                owner: schema.owner.clone(),
                counts,
            });
        }
        Ok(out)
    }
}

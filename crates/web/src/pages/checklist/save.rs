//! Saving a checklist: the identity pseudonymised at once, the fields written as a one-record
//! file of the checklist schema and delivered through the same use case as a record import;
//! a refusal sorted back onto the form's fields.

use std::collections::BTreeMap;

use rapporteur_app::{
    checklist_pseudonym, App, IdentityRefusal, ImportProblem, Pseudonym, RecordImportOutcome, CODES_SEPARATOR,
};
use rapporteur_domain::access::Caller;
use rapporteur_domain::catalog::{Completeness, FieldKind, IdentityPolicy, RecordSchema};

use crate::i18n::Tr;

use super::*;

/// The identity typed in the form: names, birth date, and the birth year for when only the
/// year is known.
pub(super) struct Typed {
    pub family: String,
    pub given: String,
    pub birth: String,
    pub birth_year: String,
}

/// The person key, encoding and completeness of the identity entered (none when nothing was
/// entered). The identity is consumed here and goes no further.
pub(super) fn pseudonymise(
    policy: &IdentityPolicy,
    key: &[u8],
    typed: Typed,
) -> Result<Option<Pseudonym>, Failure> {
    checklist_pseudonym(policy, key, (&typed.family, &typed.given), (&typed.birth, &typed.birth_year))
        .map(Some)
        .map_err(|refusal| match refusal {
            IdentityRefusal::BirthDate => Failure::Identity("checklist-identity-birth-date"),
            IdentityRefusal::BirthYearDisagrees => {
                Failure::Identity("checklist-identity-birth-year-disagrees")
            }
            IdentityRefusal::UnusableSecret => Failure::Secret,
        })
}

/// The flash message after saving: plain, or saying what the incomplete identity means.
pub(super) fn saved_message(person: Option<&Pseudonym>) -> &'static str {
    match person.map(|p| p.completeness) {
        None | Some(Completeness::Complete) => "checklist-saved",
        Some(Completeness::SingleName) => "checklist-saved-single-name",
        Some(Completeness::BirthYearOnly) => "checklist-saved-birth-year-only",
        Some(Completeness::NoBirthDate) => "checklist-saved-no-birth-date",
        Some(Completeness::None) => "checklist-saved-no-identity",
    }
}

/// Why an identity gave no person key.
pub(super) enum Failure {
    /// The identity is incomplete or its birth date is not a date (the key of a message).
    Identity(&'static str),
    /// The portal's shared secret is unusable (too short).
    Secret,
}

/// The checklist as a one-record CSV in the schema's field layout.
pub(super) fn checklist_csv(
    schema: &RecordSchema,
    id: &str,
    person: Option<&Pseudonym>,
    values: &Values,
) -> Result<Vec<u8>, String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(schema.fields.iter().map(|f| f.id.as_str())).map_err(|e| e.to_string())?;
    let row: Vec<String> = schema
        .fields
        .iter()
        .map(|f| {
            if f.id == schema.key {
                return id.to_string();
            }
            match f.kind {
                FieldKind::PersonKey => return person.map(|p| p.key.clone()).unwrap_or_default(),
                FieldKind::PersonEncoding => return person.map(|p| p.encoding.clone()).unwrap_or_default(),
                _ if f.is_identity() => {
                    return person.map(|p| p.completeness.code().to_string()).unwrap_or_default()
                }
                _ => {}
            }
            let given = values.get(&f.id).map(Vec::as_slice).unwrap_or_default();
            match f.kind {
                FieldKind::Codes { .. } => given
                    .iter()
                    .map(|v| v.trim())
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join(&CODES_SEPARATOR.to_string()),
                _ => given.first().map(|v| v.trim().to_string()).unwrap_or_default(),
            }
        })
        .collect();
    out.write_record(&row).map_err(|e| e.to_string())?;
    out.into_inner().map_err(|e| e.to_string())
}

/// A refused checklist's problems: by field (its column in the CSV), and those of no field.
pub(super) fn sort_problems(
    t: Tr,
    schema: &RecordSchema,
    problems: &[ImportProblem],
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut general = Vec::new();
    for problem in problems {
        match problem.column.and_then(|c| c.checked_sub(1)).and_then(|i| schema.fields.get(i)) {
            Some(field) => {
                general.push(format!("{}: {}", field_label(t, field), problem.message));
                by_field.entry(field.id.clone()).or_default().push(problem.message.clone());
            }
            None => general.push(problem.message.clone()),
        }
    }
    (by_field, general)
}

/// What storing a checklist came to.
pub(super) enum Stored {
    Saved,
    Refused { by_field: BTreeMap<String, Vec<String>>, general: Vec<String> },
}

pub(super) fn store_checklist(
    app: &mut App,
    t: Tr,
    user: &Caller,
    actor: &str,
    person: Option<&Pseudonym>,
    values: &Values,
) -> rapporteur_app::Result<Option<Stored>> {
    let Some(schema) = app.checklist_schema(user, actor)?.cloned() else { return Ok(None) };
    let token = rapporteur_app::random_token();
    let id = format!("{actor}-{}", &token[..12]);
    let csv = match checklist_csv(&schema, &id, person, values) {
        Ok(csv) => csv,
        Err(message) => {
            return Ok(Some(Stored::Refused { by_field: BTreeMap::new(), general: vec![message] }))
        }
    };
    let outcome = app.deliver_checklist(user, actor, &format!("{id} (portal form)"), &csv)?;
    Ok(Some(match outcome {
        RecordImportOutcome::Refused(problems) => {
            let (by_field, general) = sort_problems(t, &schema, &problems);
            Stored::Refused { by_field, general }
        }
        RecordImportOutcome::Unchanged { .. } | RecordImportOutcome::Imported { .. } => Stored::Saved,
    }))
}

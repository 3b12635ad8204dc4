//! The indicator checklist, filled by an actor's field user for one potential victim.
//!
//! The form is generated from the catalog's record schema `indicator_checklist`: one control per
//! field by its type (a code → a list of the code list's leaf codes, several codes → check
//! boxes, yes/no → a list with "not given", a date → a date input). The field that names a
//! specialised centre (code list `centre`) is where the centres a potential victim can be
//! referred to are listed; a schema without one gets the list beside the form. The server makes
//! the checklist's key (the actor's code and a random token) and stores the checklist as a
//! one-record CSV through the same use case as `rapporteur import-records`
//! (`App::import_records`): the same checks, the same audit, under the field user's name.
//!
//! The person: when the portal holds the actors' shared secret, the form asks family name,
//! given names and birth date; the handler turns them into the person key at once with the
//! pseudonymisation `rapporteur pseudonymize` applies (`rapporteur_app::checklist_person_key`) and
//! drops them. They are never stored, written to the audit log, or sent back in a page. Without
//! the secret, no identity is asked and the person key stays empty.
//!
//! The list shows a field user their own actor's checklists only (those whose key starts with
//! the actor's code), read through the audited record read, with the first characters of the
//! person key and never anything that identifies a person.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use rapporteur_app::{
    checklist_person_key, format_value, App, IdentityRefusal, ImportProblem, RecordImportOutcome, Value,
    CODES_SEPARATOR,
};
use rapporteur_domain::access::Caller;
use rapporteur_domain::catalog::{FieldKind, RecordField, RecordSchema};

use super::home::{actor_label, render};
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::page::Page;
use crate::AppState;

/// The record schema the form fills.
pub const SCHEMA: &str = rapporteur_app::CHECKLIST_SCHEMA;

/// The code list of the specialised centres a potential victim can be referred to.
const CENTRE_LIST: &str = "centre";

/// The identity the form asks (when the portal holds the shared secret): names of the inputs.
const FAMILY_NAME: &str = "family_name";
const GIVEN_NAMES: &str = "given_names";
const BIRTH_DATE: &str = "birth_date";

/// The fields the list shows, when the schema has them (besides the key and the person key).
const LIST_FIELDS: [&str; 6] = ["filled_on", "directorate", "sector", "nationality", "sex", "referred_to"];

/// How many characters of the person key the list shows: enough to tell two checklists of one
/// person apart from others, nothing that leads back to the person.
const PERSON_KEY_SHOWN: usize = 8;

/// The name of a field's input (prefixed, so that no field can take the name of another input).
fn input_name(field: &str) -> String {
    format!("f_{field}")
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/checklists", get(list).post(save)).route("/checklists/new", get(new_form))
}

/// The actor whose checklists the user would fill: their own (the use cases decide whether
/// they may).
fn field_actor(ctx: &Ctx) -> WebResult<String> {
    ctx.user().actor.clone().ok_or_else(|| WebError::forbidden(ctx))
}

/// A choice of a list or a check box.
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One control of the form.
pub struct FieldView {
    pub id: String,
    pub name: String,
    pub label: String,
    /// `select`, `checks`, or an input type (`date`, `number`, `text`).
    pub control: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<OptionView>,
    pub hint: String,
    pub problem: String,
    /// The ids of the hint and the problem, for `aria-describedby`.
    pub described_by: String,
}

#[derive(Template)]
#[template(path = "checklist_form.html")]
struct FormPage {
    p: Page,
    actor_label: String,
    fields: Vec<FieldView>,
    asks_identity: bool,
    identity_problem: String,
    /// The specialised centres, shown beside the form when no field of the schema takes them.
    centres: Vec<String>,
    problems: Vec<String>,
}

/// A stored checklist as the list shows it.
pub struct RowView {
    pub id: String,
    pub cells: Vec<String>,
    pub person: String,
}

#[derive(Template)]
#[template(path = "checklist_list.html")]
struct ListPage {
    p: Page,
    actor_label: String,
    headers: Vec<String>,
    rows: Vec<RowView>,
}

/// The message `key` if the portal has it, else `None`.
fn message(t: Tr, key: &str) -> Option<String> {
    let text = t.get(key);
    (text != key).then_some(text)
}

/// A field's label: the portal's words for it, else its code list's name, else its id.
fn field_label(app: &App, t: Tr, field: &RecordField) -> String {
    message(t, &format!("checklist-field-{}", field.id)).unwrap_or_else(|| match &field.kind {
        FieldKind::Code { codelist } | FieldKind::Codes { codelist } => app
            .catalog()
            .code_list(codelist)
            .map_or_else(|| field.id.clone(), |l| l.name.get(t.lang).to_string()),
        _ => field.id.clone(),
    })
}

/// The leaf codes of a list with their labels in `lang`.
fn leaf_codes(app: &App, codelist: &str, lang: &str) -> Vec<(String, String)> {
    app.catalog()
        .code_list(codelist)
        .map(|l| {
            l.codes
                .iter()
                .filter(|c| !l.is_aggregate(&c.id))
                .map(|c| (c.id.clone(), c.labels.get(lang).to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the form offers this field (the server makes the key and the person key).
fn offered(schema: &RecordSchema, field: &RecordField) -> bool {
    field.id != schema.key && field.kind != FieldKind::PersonKey
}

/// The values entered, by field id.
type Values = BTreeMap<String, Vec<String>>;

/// What the form shows again after a refusal: the values entered (never the identity) and the
/// problems, by field and in general.
#[derive(Default)]
struct Entered {
    values: Values,
    by_field: BTreeMap<String, Vec<String>>,
    identity_problem: String,
    general: Vec<String>,
}

fn build_form(
    app: &App,
    ctx: &Ctx,
    actor: &str,
    asks_identity: bool,
    entered: Entered,
) -> rapporteur_app::Result<Option<FormPage>> {
    let Entered { values, by_field, identity_problem, general } = entered;
    let t = ctx.tr;
    let lang = t.lang;
    let Some(schema) = app.checklist_schema(&ctx.caller(), actor)? else { return Ok(None) };
    let today: String = app.now().chars().take(10).collect();
    let mut has_referral = false;
    let mut fields = Vec::new();
    for field in schema.fields.iter().filter(|f| offered(schema, f)) {
        let given = values.get(&field.id).cloned().unwrap_or_default();
        let first = given.first().cloned().unwrap_or_default();
        let chosen = |value: &str| given.iter().any(|g| g == value);
        let (control, value, options) = match &field.kind {
            FieldKind::Code { codelist } => {
                has_referral |= codelist == CENTRE_LIST;
                let options = leaf_codes(app, codelist, lang)
                    .into_iter()
                    .map(|(value, label)| OptionView { selected: chosen(&value), value, label })
                    .collect();
                ("select", String::new(), options)
            }
            FieldKind::Codes { codelist } => {
                has_referral |= codelist == CENTRE_LIST;
                let options = leaf_codes(app, codelist, lang)
                    .into_iter()
                    .map(|(value, label)| OptionView { selected: chosen(&value), value, label })
                    .collect();
                ("checks", String::new(), options)
            }
            FieldKind::Bool => {
                let options = [("yes", "checklist-yes"), ("no", "checklist-no")]
                    .into_iter()
                    .map(|(value, key)| OptionView {
                        value: value.to_string(),
                        label: t.get(key),
                        selected: chosen(value),
                    })
                    .collect();
                ("select", String::new(), options)
            }
            FieldKind::Date => {
                let value = if first.is_empty() && field.required { today.clone() } else { first };
                ("date", value, Vec::new())
            }
            FieldKind::Integer => ("number", first, Vec::new()),
            FieldKind::Text | FieldKind::Ref { .. } | FieldKind::PersonKey => ("text", first, Vec::new()),
        };
        let hint = message(t, &format!("checklist-hint-{}", field.id)).unwrap_or_default();
        let problem = by_field.get(&field.id).map(|p| p.join(" ")).unwrap_or_default();
        let described_by = [(!hint.is_empty(), "hint"), (!problem.is_empty(), "problem")]
            .into_iter()
            .filter(|(shown, _)| *shown)
            .map(|(_, what)| format!("f-{}-{what}", field.id))
            .collect::<Vec<_>>()
            .join(" ");
        fields.push(FieldView {
            id: field.id.clone(),
            name: input_name(&field.id),
            label: field_label(app, t, field),
            control,
            required: field.required,
            value,
            options,
            hint,
            problem,
            described_by,
        });
    }
    let centres = if has_referral {
        Vec::new()
    } else {
        leaf_codes(app, CENTRE_LIST, lang).into_iter().map(|(_, label)| label).collect()
    };
    Ok(Some(FormPage {
        p: Page::new(ctx, t.get("checklist-title")),
        actor_label: actor_label(app, actor, lang),
        fields,
        asks_identity,
        identity_problem,
        centres,
        problems: general,
    }))
}

/// Shows the form (again, with the values kept and the problems, after a refusal).
async fn show_form(
    state: &AppState,
    ctx: &Ctx,
    actor: String,
    entered: Entered,
    status: StatusCode,
) -> WebResult<Response> {
    let c = ctx.clone();
    let asks_identity = state.pseudonym_key.is_some();
    let page = state
        .call(ctx, move |app| build_form(app, &c, &actor, asks_identity, entered))
        .await?
        .ok_or_else(|| WebError::not_found(ctx))?;
    let mut response = render(ctx, &page)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn new_form(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> WebResult<Response> {
    let actor = field_actor(&ctx)?;
    show_form(&state, &ctx, actor, Entered::default(), StatusCode::OK).await
}

/// The person key of the identity entered, or `None` when none was entered. The identity is
/// consumed here and goes no further.
fn pseudonymise(key: &[u8], family: String, given: String, birth: String) -> Result<Option<String>, Failure> {
    checklist_person_key(key, &family, &given, &birth).map_err(|refusal| match refusal {
        IdentityRefusal::NoName => Failure::Identity("checklist-identity-no-name"),
        IdentityRefusal::BirthDate => Failure::Identity("checklist-identity-birth-date"),
        IdentityRefusal::UnusableSecret => Failure::Secret,
    })
}

/// Why an identity gave no person key.
enum Failure {
    /// The identity is incomplete or its birth date is not a date (the key of a message).
    Identity(&'static str),
    /// The portal's shared secret is unusable (too short).
    Secret,
}

/// The checklist as a one-record CSV in the schema's field layout.
fn checklist_csv(
    schema: &RecordSchema,
    id: &str,
    person: Option<&str>,
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
            if f.kind == FieldKind::PersonKey {
                return person.unwrap_or_default().to_string();
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
fn sort_problems(
    app: &App,
    t: Tr,
    schema: &RecordSchema,
    problems: &[ImportProblem],
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut general = Vec::new();
    for problem in problems {
        match problem.column.and_then(|c| c.checked_sub(1)).and_then(|i| schema.fields.get(i)) {
            Some(field) => {
                general.push(format!("{}: {}", field_label(app, t, field), problem.message));
                by_field.entry(field.id.clone()).or_default().push(problem.message.clone());
            }
            None => general.push(problem.message.clone()),
        }
    }
    (by_field, general)
}

/// What storing a checklist came to.
enum Stored {
    Saved,
    Refused { by_field: BTreeMap<String, Vec<String>>, general: Vec<String> },
}

fn store_checklist(
    app: &mut App,
    t: Tr,
    user: &Caller,
    actor: &str,
    person: Option<&str>,
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
            let (by_field, general) = sort_problems(app, t, &schema, &problems);
            Stored::Refused { by_field, general }
        }
        RecordImportOutcome::Unchanged { .. } | RecordImportOutcome::Imported { .. } => Stored::Saved,
    }))
}

pub async fn save(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let actor = field_actor(&ctx)?;
    // The identity leaves the form here and becomes the person key; the rest are the fields.
    let (mut family, mut given, mut birth) = (String::new(), String::new(), String::new());
    let mut values = Values::new();
    for (name, value) in form {
        match name.as_str() {
            FAMILY_NAME => family = value,
            GIVEN_NAMES => given = value,
            BIRTH_DATE => birth = value,
            _ => {
                if let Some(field) = name.strip_prefix("f_") {
                    values.entry(field.to_string()).or_default().push(value);
                }
            }
        }
    }
    let person = match &state.pseudonym_key {
        Some(key) => pseudonymise(key, family, given, birth),
        None => Ok(None),
    };
    let person = match person {
        Ok(person) => person,
        Err(Failure::Identity(key)) => {
            let problem = ctx.tr.get(key);
            let entered = Entered {
                values,
                by_field: BTreeMap::new(),
                identity_problem: problem.clone(),
                general: vec![problem],
            };
            return show_form(&state, &ctx, actor, entered, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(Failure::Secret) => {
            return Err(WebError::new(
                &ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                ctx.tr.get("checklist-secret-unusable"),
            ))
        }
    };
    let (user, t, a) = (ctx.caller(), ctx.tr, actor.clone());
    let kept = values.clone();
    let stored = state
        .call(&ctx, move |app| store_checklist(app, t, &user, &a, person.as_deref(), &kept))
        .await?
        .ok_or_else(|| WebError::not_found(&ctx))?;
    match stored {
        Stored::Saved => Ok(done("/checklists", "checklist-saved").into_response()),
        Stored::Refused { by_field, general } => {
            let entered = Entered { values, by_field, identity_problem: String::new(), general };
            show_form(&state, &ctx, actor, entered, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// A stored value as the list shows it: a code's label, yes or no, a date.
fn shown_value(app: &App, t: Tr, field: &RecordField, value: &Value) -> String {
    // A code is held as its position in the code list: its label in the user's language.
    let label = |index: u32| {
        let list = match &field.kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => app.catalog().code_list(codelist),
            _ => None,
        };
        list.and_then(|l| l.codes.get(index as usize))
            .map_or_else(|| index.to_string(), |c| c.labels.get(t.lang).to_string())
    };
    match value {
        Value::Empty => String::new(),
        Value::Code(index) => label(*index),
        Value::Codes(indexes) => indexes.iter().map(|i| label(*i)).collect::<Vec<_>>().join(", "),
        Value::Bool(true) => t.get("checklist-yes"),
        Value::Bool(false) => t.get("checklist-no"),
        _ => format_value(app.catalog(), field, value),
    }
}

fn build_list(app: &mut App, ctx: &Ctx, actor: &str) -> rapporteur_app::Result<Option<ListPage>> {
    let t = ctx.tr;
    let records = app.checklists(&ctx.caller(), actor)?;
    let Some(schema) = app.catalog().records.get(SCHEMA) else { return Ok(None) };
    let shown: Vec<(usize, &RecordField)> =
        LIST_FIELDS.iter().filter_map(|id| schema.field_index(id).map(|i| (i, &schema.fields[i]))).collect();
    let person = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
    let mut rows: Vec<(String, RowView)> = records
        .iter()
        .map(|r| {
            let cells: Vec<String> =
                shown.iter().map(|(i, f)| shown_value(app, t, f, &r.values[*i])).collect();
            let person = match person.map(|i| &r.values[i]) {
                Some(Value::Text(key)) => {
                    format!("{}…", key.chars().take(PERSON_KEY_SHOWN).collect::<String>())
                }
                _ => String::new(),
            };
            let sort = cells.first().cloned().unwrap_or_default();
            (sort, RowView { id: r.key(schema).to_string(), cells, person })
        })
        .collect();
    // The latest first.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    Ok(Some(ListPage {
        p: Page::new(ctx, t.get("checklist-list-title")),
        actor_label: actor_label(app, actor, t.lang),
        headers: shown.iter().map(|(_, f)| field_label(app, t, f)).collect(),
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    }))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let actor = field_actor(&ctx)?;
    let c = ctx.clone();
    let page = state
        .call(&ctx, move |app| build_list(app, &c, &actor))
        .await?
        .ok_or_else(|| WebError::not_found(&ctx))?;
    let page = ListPage { p: page.p.with_flash(q.done.as_deref()), ..page };
    render(&ctx, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_schema_has_words_in_every_language() {
        let catalog = rapporteur_app::LoadedCatalog::embedded().expect("the embedded catalog loads");
        let schema = &catalog.catalog.records[SCHEMA];
        for lang in crate::i18n::LANGUAGES {
            let t = Tr::new(lang);
            for field in &schema.fields {
                let key = format!("checklist-field-{}", field.id);
                assert!(message(t, &key).is_some(), "{lang}: {key} is missing");
            }
        }
    }

    #[test]
    fn the_schema_has_a_referral_field_over_the_centres() {
        let catalog = rapporteur_app::LoadedCatalog::embedded().expect("the embedded catalog loads");
        let schema = &catalog.catalog.records[SCHEMA];
        assert!(schema
            .fields
            .iter()
            .any(|f| matches!(&f.kind, FieldKind::Code { codelist } if codelist == CENTRE_LIST)));
        let centres = &catalog.catalog.code_lists[CENTRE_LIST];
        for centre in ["payoke", "pag_asa", "surya"] {
            assert!(centres.get(centre).is_some(), "{centre}");
        }
    }
}

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
//! pseudonymisation `rapporteur pseudonymize` applies (`rapporteur_app::checklist_pseudonym`) and
//! drops them. They are never stored, written to the audit log, or sent back in a page. Without
//! the secret, no identity is asked and the person key stays empty.
//!
//! The list shows a field user their own actor's checklists only (those whose key starts with
//! the actor's code), read through the audited record read, with the first characters of the
//! person key and never anything that identifies a person.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use rapporteur_domain::catalog::RecordField;

use super::home::render;
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::AppState;

mod form;
mod list;
mod save;

use form::*;
use list::*;
use save::*;

/// The record schema the form fills.
pub const SCHEMA: &str = rapporteur_app::CHECKLIST_SCHEMA;

/// The code list of the specialised centres a potential victim can be referred to.
const CENTRE_LIST: &str = "centre";

/// The identity the form asks (when the portal holds the shared secret): names of the inputs.
const FAMILY_NAME: &str = "family_name";
const GIVEN_NAMES: &str = "given_names";
const BIRTH_DATE: &str = "birth_date";
const BIRTH_YEAR: &str = "birth_year";

/// The fields the list shows, when the schema has them (besides the key and the person key).
const LIST_FIELDS: [&str; 7] =
    ["filled_on", "directorate", "sector", "nationality", "sex", "referred_to", "identity"];

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

/// The message `key` if the portal has it, else `None`.
fn message(t: Tr, key: &str) -> Option<String> {
    let text = t.get(key);
    (text != key).then_some(text)
}

/// A field's label: the form's own words for it, else its name in the catalog.
fn field_label(t: Tr, field: &RecordField) -> String {
    message(t, &format!("checklist-field-{}", field.id)).unwrap_or_else(|| field.name.get(t.lang).to_string())
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

pub async fn save(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let actor = field_actor(&ctx)?;
    // The identity leaves the form here and becomes the person key; the rest are the fields.
    let mut typed = Typed {
        family: String::new(),
        given: String::new(),
        birth: String::new(),
        birth_year: String::new(),
    };
    let mut values = Values::new();
    for (name, value) in form {
        match name.as_str() {
            FAMILY_NAME => typed.family = value,
            GIVEN_NAMES => typed.given = value,
            BIRTH_DATE => typed.birth = value,
            BIRTH_YEAR => typed.birth_year = value,
            _ => {
                if let Some(field) = name.strip_prefix("f_") {
                    values.entry(field.to_string()).or_default().push(value);
                }
            }
        }
    }
    let person = match &state.pseudonym_key {
        Some(key) => {
            let policy = state.call(&ctx, |app| Ok(app.catalog().identity.clone())).await?;
            pseudonymise(&policy, key, typed)
        }
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
    let saved = saved_message(person.as_ref());
    let stored = state
        .call(&ctx, move |app| store_checklist(app, t, &user, &a, person.as_ref(), &kept))
        .await?
        .ok_or_else(|| WebError::not_found(&ctx))?;
    match stored {
        Stored::Saved => Ok(done("/checklists", saved).into_response()),
        Stored::Refused { by_field, general } => {
            let entered = Entered { values, by_field, identity_problem: String::new(), general };
            show_form(&state, &ctx, actor, entered, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
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
    use rapporteur_domain::catalog::FieldKind;

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

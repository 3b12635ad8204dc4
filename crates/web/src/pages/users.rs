//! Accounts, managed by the coordinator.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_domain::access::Role;

use super::home::{actor_choices, actor_label, render, Choice};
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

pub struct UserView {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub actor: String,
    pub actor_label: String,
    pub lang: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    p: Page,
    users: Vec<UserView>,
    roles: Vec<Choice>,
    actors: Vec<Choice>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = ctx.clone();
    let page = state
        .call(&ctx, move |app| -> rapporteur_app::Result<UsersPage> {
            let lang = c.tr.lang;
            let users = app
                .users(&user)?
                .into_iter()
                .map(|u| UserView {
                    actor_label: u.actor.as_deref().map(|a| actor_label(app, a, lang)).unwrap_or_default(),
                    id: u.id,
                    name: u.name,
                    role: u.role.as_str().to_string(),
                    actor: u.actor.unwrap_or_default(),
                    lang: u.lang,
                    active: u.active,
                })
                .collect();
            let roles = Role::ALL
                .iter()
                .map(|r| Choice { value: r.as_str().to_string(), label: c.tr.get(&format!("role-{r}")) })
                .collect();
            let actors = actor_choices(app, lang);
            Ok(UsersPage { p: Page::new(&c, c.tr.get("users-title")), users, roles, actors })
        })
        .await?;
    let page = UsersPage { p: page.p.with_flash(q.done.as_deref()), ..page };
    render(&ctx, &page)
}

#[derive(serde::Deserialize)]
pub struct AddForm {
    name: String,
    password: String,
    role: String,
    #[serde(default)]
    actor: String,
    lang: String,
}

pub async fn add(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<AddForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let role = Role::parse(&form.role).ok_or_else(|| WebError::forbidden(&ctx))?;
    state
        .call(&ctx, move |app| {
            // An empty choice is no actor; the use case decides.
            app.add_user(&user, form.name.trim(), &form.password, (role, Some(&form.actor)), &form.lang)
        })
        .await?;
    Ok(done("/users", "user-added").into_response())
}

#[derive(serde::Deserialize)]
pub struct UpdateForm {
    role: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    active: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(form): Form<UpdateForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let role = Role::parse(&form.role).ok_or_else(|| WebError::forbidden(&ctx))?;
    state
        .call(&ctx, move |app| app.update_user(&user, id, (role, Some(&form.actor)), form.active.is_some()))
        .await?;
    Ok(done("/users", "user-updated").into_response())
}

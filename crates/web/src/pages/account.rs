//! The user's own account (changing the password) and the coordinator's password reset.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};

use super::home::render;
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::page::Page;
use crate::AppState;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    p: Page,
    min: usize,
}

pub async fn show(Extension(ctx): Extension<Ctx>, Query(q): Query<Done>) -> WebResult<Response> {
    let p = Page::new(&ctx, ctx.tr.get("account-title")).with_flash(q.done.as_deref());
    render(&ctx, &AccountPage { p, min: rapporteur_app::MIN_PASSWORD_CHARS })
}

#[derive(serde::Deserialize)]
pub struct OwnPasswordForm {
    current: String,
    password: String,
}

/// Changes the user's own password; every session of the account ends, this one too, so the
/// user logs in again with the new password.
pub async fn change_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<OwnPasswordForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    state.call(&ctx, move |app| app.change_own_password(&user, &form.current, &form.password)).await?;
    Ok(done("/login", "password-changed").into_response())
}

#[derive(serde::Deserialize)]
pub struct ResetForm {
    password: String,
}

/// The coordinator sets a new password for an account (e.g. a forgotten one).
pub async fn reset_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(form): Form<ResetForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    state.call(&ctx, move |app| app.set_password(&user, id, &form.password)).await?;
    Ok(done("/users", "password-reset").into_response())
}

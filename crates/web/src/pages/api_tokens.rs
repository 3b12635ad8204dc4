//! The API's tokens, issued and revoked by the coordinator: the list (never a secret), the form
//! that issues one — whose secret the answer shows this once — and revocation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_app::{ApiToken, API_TOKEN_ROLES};
use rapporteur_domain::access::Role;

use super::home::{actor_choices, actor_label, render, Choice};
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

pub struct TokenView {
    pub label: String,
    pub role: String,
    pub actor_label: String,
    pub created_at: String,
    pub created_by: String,
    pub last_used_at: String,
    /// When it was revoked; empty while it is valid.
    pub revoked_at: String,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    p: Page,
    tokens: Vec<TokenView>,
    roles: Vec<Choice>,
    actors: Vec<Choice>,
    /// The secret of the token just issued, and its label: shown once.
    issued: Option<(String, String)>,
}

/// The page, with the secret of a token just issued if there is one.
fn page(
    app: &rapporteur_app::App,
    ctx: &Ctx,
    issued: Option<(String, String)>,
) -> rapporteur_app::Result<TokensPage> {
    let user = ctx.caller();
    let lang = ctx.tr.lang;
    let view = |t: ApiToken| TokenView {
        actor_label: t.actor.as_deref().map(|a| actor_label(app, a, lang)).unwrap_or_default(),
        label: t.label,
        role: t.role.as_str().to_string(),
        created_at: t.created_at,
        created_by: t.created_by,
        last_used_at: t.last_used_at.unwrap_or_default(),
        revoked_at: t.revoked.map(|(at, _)| at).unwrap_or_default(),
    };
    let tokens = app.api_tokens(&user)?.into_iter().map(view).collect();
    let roles = API_TOKEN_ROLES
        .iter()
        .map(|r| Choice { value: r.as_str().to_string(), label: ctx.tr.get(&format!("role-{r}")) })
        .collect();
    let actors = actor_choices(app, lang);
    Ok(TokensPage { p: Page::new(ctx, ctx.tr.get("tokens-title")), tokens, roles, actors, issued })
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let c = ctx.clone();
    let page = state.call(&ctx, move |app| page(app, &c, None)).await?;
    let page = TokensPage { p: page.p.with_flash(q.done.as_deref()), ..page };
    render(&ctx, &page)
}

#[derive(serde::Deserialize)]
pub struct IssueForm {
    label: String,
    role: String,
    #[serde(default)]
    actor: String,
}

/// Issues a token and answers with the page showing its secret (not a redirect: the secret is
/// never stored, so it cannot be shown again).
pub async fn issue(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<IssueForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let role = Role::parse(&form.role).ok_or_else(|| WebError::forbidden(&ctx))?;
    let c = ctx.clone();
    let page = state
        .call(&ctx, move |app| {
            let actor = Some(form.actor.as_str()).filter(|a| !a.is_empty());
            let issued = app.issue_api_token(&user, form.label.trim(), (role, actor))?;
            page(app, &c, Some((issued.token.label, issued.secret)))
        })
        .await?;
    render(&ctx, &page)
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(label): Path<String>,
) -> WebResult<Response> {
    let user = ctx.caller();
    state.call(&ctx, move |app| app.revoke_api_token(&user, &label)).await?;
    Ok(done("/api-tokens", "token-revoked").into_response())
}

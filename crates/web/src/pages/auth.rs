//! Logging in and out, and switching the interface language.

use askama::Template;
use axum::extract::{Query, State};

use super::Done;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use rapporteur_app::LoginOutcome;
use rapporteur_domain::access::Caller;

use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::session::SessionCookie;
use crate::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    p: Page,
    name: String,
    problem: Option<String>,
}

fn render_login(
    ctx: &Ctx,
    name: &str,
    problem: Option<String>,
    status: StatusCode,
    done: Option<&str>,
) -> WebResult<Response> {
    let p = Page::new(ctx, ctx.tr.get("login-title")).with_flash(done);
    let page = LoginPage { p, name: name.to_string(), problem };
    let html = page.render().map_err(|e| WebError::internal(ctx, &e))?;
    Ok((status, Html(html)).into_response())
}

pub async fn login_form(Extension(ctx): Extension<Ctx>, Query(q): Query<Done>) -> WebResult<Response> {
    if ctx.principal.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render_login(&ctx, "", None, StatusCode::OK, q.done.as_deref())
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<LoginForm>,
) -> WebResult<Response> {
    let name = form.name.trim().to_string();
    let (who, addr, password) = (name.clone(), ctx.addr.clone(), form.password);
    // The password is checked (Argon2id, tens of milliseconds) without holding the store.
    let outcome = match state.call(&ctx, move |app| app.begin_login(&who, &addr)).await? {
        Err(throttled) => throttled,
        Ok(attempt) => {
            let verified = state.heavy(&ctx, move || attempt.verify(&password)).await?;
            state.call(&ctx, move |app| app.finish_login(verified)).await?
        }
    };
    match outcome {
        LoginOutcome::LoggedIn(principal) => {
            // A new session on login (a session that came with the request ends here).
            let old = ctx.token.clone();
            let (token, _) = state
                .call(&ctx, move |app| {
                    if !old.is_empty() {
                        app.end_session(&old)?;
                    }
                    let caller = Caller::Portal(principal.clone());
                    let lang = app.user_language(&caller)?.unwrap_or_else(|| "nl".into());
                    app.start_session(&principal, &lang)
                })
                .await?;
            Ok((Extension(SessionCookie::Start(token)), Redirect::to("/")).into_response())
        }
        LoginOutcome::Refused => {
            render_login(&ctx, &name, Some(ctx.tr.get("login-refused")), StatusCode::UNAUTHORIZED, None)
        }
        LoginOutcome::Throttled => render_login(
            &ctx,
            &name,
            Some(ctx.tr.get("login-throttled")),
            StatusCode::TOO_MANY_REQUESTS,
            None,
        ),
    }
}

pub async fn logout(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> WebResult<Response> {
    let old = ctx.token.clone();
    state.call(&ctx, move |app| app.end_session(&old)).await?;
    Ok((Extension(SessionCookie::End), Redirect::to("/login")).into_response())
}

#[derive(serde::Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn set_language(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<LanguageForm>,
) -> WebResult<Response> {
    let back = Redirect::to(&super::local_path(&form.back, "/".into()));
    let Some(principal) = ctx.principal.clone() else {
        // Before logging in: remembered in a cookie, nothing stored.
        let lang = crate::i18n::LANGUAGES.into_iter().find(|l| *l == form.lang);
        let lang = lang.ok_or_else(|| {
            WebError::new(
                &ctx,
                StatusCode::BAD_REQUEST,
                ctx.tr.args("error-unknown-language", &[("lang", &form.lang)]),
            )
        })?;
        return Ok((Extension(SessionCookie::Language(lang)), back).into_response());
    };
    let (token, lang, caller) = (ctx.token.clone(), form.lang.clone(), Caller::Portal(principal));
    state.call(&ctx, move |app| app.set_language(&token, Some(&caller), &lang)).await?;
    Ok(back.into_response())
}

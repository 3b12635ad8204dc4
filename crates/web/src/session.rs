//! The layer every request passes: session from the cookie, CSRF check on every POST, login
//! required outside the public paths, security headers on every response.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use tracing::Instrument;

use crate::ctx::Ctx;
use crate::i18n::{self, Tr};
use crate::AppState;

/// The session cookie's name (`__Host-` prefixed over TLS, which binds it to this host and path
/// `/` and requires `Secure`).
pub const SESSION_COOKIE: &str = "rapporteur_session";
const SECURE_SESSION_COOKIE: &str = "__Host-rapporteur_session";

/// The largest request body accepted (an uploaded return or record file).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/lang" | "/static/portal.css")
}

fn cookie_name(state: &AppState) -> &'static str {
    if state.secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

fn session_token(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The first interface language the browser asks for, else Dutch.
fn browser_language(request: &Request) -> &'static str {
    let accept = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| tag.trim().split('-').next().unwrap_or("").to_ascii_lowercase())
        .find_map(|lang| i18n::LANGUAGES.into_iter().find(|l| *l == lang))
        .unwrap_or("nl")
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `csrf` field of a form body (URL-encoded or multipart).
async fn csrf_field(content_type: &str, body: &Bytes) -> Option<String> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
    }
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(content_type).ok()?;
        let data = body.clone();
        let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(data) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("csrf") {
                return field.text().await.ok();
            }
        }
    }
    None
}

/// A refusal page of the layer (before any handler), in the session's language.
fn refusal(tr: Tr, status: StatusCode, key: &str) -> Response {
    crate::error::page(tr, status, &tr.get(key))
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let request_id = rapporteur_app::random_token()[..16].to_string();
    let span = tracing::info_span!("request", id = %request_id);
    session_layer(state, request, next, request_id).instrument(span).await
}

async fn session_layer(state: AppState, request: Request, next: Next, request_id: String) -> Response {
    let name = cookie_name(&state);
    let addr = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
    let token = session_token(&request, name);
    let found = match token.clone() {
        Some(token) => state.run(move |app| app.session(&token)).await.ok().flatten(),
        None => None,
    };
    let browser_lang = browser_language(&request);
    let is_post = request.method() == Method::POST;
    let path = request.uri().path().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(|| path.clone(), |p| p.to_string());
    let (token, session, principal, new_cookie) = match (token, found) {
        (Some(token), Some(session)) => {
            let principal = session.principal.clone();
            (token, session, principal, false)
        }
        _ => {
            if is_post {
                // No live session: a state-changing request cannot carry its token.
                return with_headers(
                    &state,
                    refusal(Tr::new(browser_lang), StatusCode::FORBIDDEN, "error-session"),
                );
            }
            let lang = browser_lang.to_string();
            match state.run(move |app| app.start_session(None, &lang)).await {
                Ok((token, session)) => (token, session, None, true),
                Err(e) => {
                    let page = crate::error::internal_page(Tr::new(browser_lang), &request_id, &e);
                    return with_headers(&state, page);
                }
            }
        }
    };
    let tr = Tr::new(&session.lang);
    let mut request = request;
    if is_post {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Ok(bytes) => bytes,
            Err(_) => {
                return with_headers(&state, refusal(tr, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"))
            }
        };
        let sent = csrf_field(&content_type, &bytes).await;
        if !sent.is_some_and(|sent| same_token(&sent, &session.csrf)) {
            return with_headers(&state, refusal(tr, StatusCode::FORBIDDEN, "error-csrf"));
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    if principal.is_none() && !is_public(&path) {
        let response = if is_post {
            refusal(tr, StatusCode::FORBIDDEN, "error-session")
        } else {
            Redirect::to("/login").into_response()
        };
        return with_cookie(&state, with_headers(&state, response), name, &token, new_cookie);
    }
    let who = principal.as_ref().map_or_else(|| "-".to_string(), |p| p.name.clone());
    let method = request.method().clone();
    let started = std::time::Instant::now();
    let ctx =
        Ctx { token: token.clone(), session, principal, tr, addr, path: path_and_query, request: request_id };
    request.extensions_mut().insert(ctx);
    let response = next.run(request).await;
    // An access log for the operator: who asked what, the answer and how long it took. Paths
    // hold only ids of cycles, cubes, sections and actors, never a person.
    let (status, ms) = (response.status().as_u16(), started.elapsed().as_millis());
    tracing::info!(%who, %method, %path, status, ms, "answered");
    with_cookie(&state, with_headers(&state, response), name, &token, new_cookie)
}

/// Sets the session cookie on `response` when the session is new, or when a handler replaced it
/// (login), in which case the handler put the new token in the response's extensions.
fn with_cookie(
    state: &AppState,
    mut response: Response,
    name: &str,
    token: &str,
    new_cookie: bool,
) -> Response {
    let replaced = response.extensions_mut().remove::<NewSession>();
    let token = match (&replaced, new_cookie) {
        (Some(NewSession(t)), _) => t.as_str(),
        (None, true) => token,
        (None, false) => return response,
    };
    let secure = if state.secure { "; Secure" } else { "" };
    let cookie = format!("{name}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A handler's new session token (after login or logout), for the layer to set as the cookie.
#[derive(Debug, Clone)]
pub struct NewSession(pub String);

fn with_headers(state: &AppState, mut response: Response) -> Response {
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    set("referrer-policy", "no-referrer");
    set("cross-origin-opener-policy", "same-origin");
    set("permissions-policy", "camera=(), microphone=(), geolocation=()");
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.secure {
        response
            .headers_mut()
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

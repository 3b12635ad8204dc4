//! The layer every request passes: a request id and its log line, who the visitor is (a
//! logged-in user's session from its cookie, or an anonymous visitor with a signed login-form
//! token that nothing stores), the CSRF check on every POST before the body is read beyond a
//! small limit, login required outside the public paths, and the security headers.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rapporteur_app::Session;
use tracing::Instrument;

use crate::ctx::Ctx;
use crate::i18n::{self, Tr};
use crate::login_token::{now_secs, same_token, LOGIN_TOKEN_SECS};
use crate::AppState;

/// The session cookie's name (`__Host-` prefixed over TLS, which binds it to this host and path
/// `/` and requires `Secure`).
pub const SESSION_COOKIE: &str = "rapporteur_session";
const SECURE_SESSION_COOKIE: &str = "__Host-rapporteur_session";
/// The cookie of the login form's signed token.
pub const LOGIN_COOKIE: &str = "rapporteur_login";
/// The interface language a visitor chose before logging in.
pub const LANG_COOKIE: &str = "rapporteur_lang";

/// The largest request body accepted: an uploaded return or record file.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// The largest form that is not a file upload (the largest return grid the portal shows whole,
/// with its stated figures, is far below this).
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/lang" | "/static/portal.css")
}

fn session_cookie_name(state: &AppState) -> &'static str {
    if state.secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A cookie's name as set: over TLS with the `__Host-` prefix, like the session's.
fn cookie_name(state: &AppState, name: &str) -> String {
    if state.secure {
        format!("__Host-{name}")
    } else {
        name.to_string()
    }
}

fn cookie(request: &Request, name: &str) -> Option<String> {
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
pub(crate) fn browser_language(request: &Request) -> &'static str {
    let accept = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| tag.trim().split('-').next().unwrap_or("").to_ascii_lowercase())
        .find_map(|lang| i18n::LANGUAGES.into_iter().find(|l| *l == lang))
        .unwrap_or("nl")
}

/// The visitor's language before logging in: the one chosen on the login page, else the
/// browser's.
fn visitor_language(state: &AppState, request: &Request) -> &'static str {
    cookie(request, &cookie_name(state, LANG_COOKIE))
        .and_then(|chosen| i18n::LANGUAGES.into_iter().find(|l| *l == chosen))
        .unwrap_or_else(|| browser_language(request))
}

/// The client's address: the socket's, or — behind a trusted reverse proxy — the last address
/// the proxy appended to `X-Forwarded-For` (earlier entries are the client's own claims).
fn client_address(state: &AppState, request: &Request) -> String {
    let forwarded = state.behind_proxy.then(|| {
        request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|a| !a.is_empty())
            .map(str::to_string)
    });
    forwarded.flatten().unwrap_or_else(|| {
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
    })
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

/// A refusal page of the layer (before any handler), in the visitor's language.
fn refusal(tr: Tr, status: StatusCode, key: &str) -> Response {
    crate::error::page(tr, status, &tr.get(key))
}

/// Who sends the request.
enum Visitor {
    /// A logged-in user, by the token of their session.
    User { token: String, session: Session },
    /// Someone not logged in: the login form's token (from their cookie when it is still
    /// good, else a fresh one to set) and their language.
    Anonymous { form_token: String, fresh: bool, lang: &'static str },
}

impl Visitor {
    fn session(&self) -> Session {
        match self {
            Visitor::User { session, .. } => session.clone(),
            Visitor::Anonymous { form_token, lang, .. } => {
                Session { csrf: form_token.clone(), lang: lang.to_string(), principal: None }
            }
        }
    }

    /// Whether a form sent by this visitor can carry a token they were given earlier.
    fn may_post(&self) -> bool {
        !matches!(self, Visitor::Anonymous { fresh: true, .. })
    }
}

/// The visitor of a request: the live session of its cookie, or an anonymous visitor. Nothing
/// is written for an anonymous visitor.
async fn identify(state: &AppState, cookies: Cookies) -> Result<Visitor, rapporteur_app::AppError> {
    if let Some(token) = cookies.session {
        let lookup = token.clone();
        if let Some(session) = state.run(move |app| app.session(&lookup)).await? {
            return Ok(Visitor::User { token, session });
        }
    }
    let now = now_secs();
    let kept = cookies.login_form.filter(|t| state.form_key.accepts(t, now));
    let fresh = kept.is_none();
    let form_token = kept.unwrap_or_else(|| state.form_key.issue(now));
    Ok(Visitor::Anonymous { form_token, fresh, lang: cookies.lang })
}

/// What the request's cookies (and, for the language, its headers) say about the visitor.
struct Cookies {
    session: Option<String>,
    login_form: Option<String>,
    lang: &'static str,
}

impl Cookies {
    fn of(state: &AppState, request: &Request) -> Cookies {
        Cookies {
            session: cookie(request, session_cookie_name(state)),
            login_form: cookie(request, &cookie_name(state, LOGIN_COOKIE)),
            lang: visitor_language(state, request),
        }
    }
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let request_id = rapporteur_app::random_token()[..16].to_string();
    let span = tracing::info_span!("request", id = %request_id);
    let response = session_layer(&state, request, next, request_id).instrument(span).await;
    with_headers(&state, response)
}

async fn session_layer(state: &AppState, request: Request, next: Next, request_id: String) -> Response {
    let addr = client_address(state, &request);
    let is_post = request.method() == Method::POST;
    let path = request.uri().path().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(|| path.clone(), |p| p.to_string());
    let cookies = Cookies::of(state, &request);
    let lang = cookies.lang;
    let visitor = match identify(state, cookies).await {
        Ok(visitor) => visitor,
        Err(e) => return crate::error::internal_page(Tr::new(lang), &request_id, &e),
    };
    let session = visitor.session();
    let tr = Tr::new(&session.lang);
    let request = if is_post {
        match checked_post(request, &visitor, &session, tr).await {
            Ok(request) => request,
            Err(refused) => return refused,
        }
    } else {
        request
    };
    if session.principal.is_none() && !is_public(&path) {
        let response = if is_post {
            refusal(tr, StatusCode::FORBIDDEN, "error-session")
        } else {
            Redirect::to("/login").into_response()
        };
        return with_cookies(state, response, &visitor);
    }
    let who = session.principal.as_ref().map_or_else(|| "-".to_string(), |p| p.name.clone());
    let method = request.method().clone();
    let started = std::time::Instant::now();
    let token = match &visitor {
        Visitor::User { token, .. } => token.clone(),
        Visitor::Anonymous { .. } => String::new(),
    };
    let principal = session.principal.clone();
    let ctx = Ctx { token, session, principal, tr, addr, path: path_and_query, request: request_id };
    let mut request = request;
    request.extensions_mut().insert(ctx);
    let response = next.run(request).await;
    // An access log for the operator: who asked what, the answer and how long it took. Paths
    // hold only ids of cycles, cubes, sections and actors, never a person.
    let (status, ms) = (response.status().as_u16(), started.elapsed().as_millis());
    tracing::info!(%who, %method, %path, status, ms, "answered");
    with_cookies(state, response, &visitor)
}

/// A state-changing request, let through only with the visitor's token: its body is read up to
/// the limit of its kind (a file upload, or a form), and refused whole beyond it, before any
/// handler or use case sees it.
async fn checked_post(
    request: Request,
    visitor: &Visitor,
    session: &Session,
    tr: Tr,
) -> Result<Request, Response> {
    if !visitor.may_post() {
        // No live session and no login form: the request cannot carry a token it was given.
        return Err(refusal(tr, StatusCode::FORBIDDEN, "error-session"));
    }
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let limit = if content_type.starts_with("multipart/form-data") { MAX_BODY_BYTES } else { MAX_FORM_BYTES };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return Err(refusal(tr, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large"));
    };
    let sent = csrf_field(&content_type, &bytes).await;
    if !sent.is_some_and(|sent| same_token(&sent, &session.csrf)) {
        return Err(refusal(tr, StatusCode::FORBIDDEN, "error-csrf"));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// What a handler asks the layer to do with the visitor's cookies.
#[derive(Debug, Clone)]
pub enum SessionCookie {
    /// A session started (login): its token.
    Start(String),
    /// The session ended (logout).
    End,
    /// A visitor who is not logged in chose this interface language.
    Language(&'static str),
}

fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// Sets the cookies the response needs: the session's when a handler started or ended one, the
/// language a visitor chose, and a fresh login-form token.
fn with_cookies(state: &AppState, mut response: Response, visitor: &Visitor) -> Response {
    let secure = if state.secure { "; Secure" } else { "" };
    let attributes = format!("Path=/; HttpOnly; SameSite=Strict{secure}");
    let name = session_cookie_name(state);
    match response.extensions_mut().remove::<SessionCookie>() {
        Some(SessionCookie::Start(token)) => {
            set_cookie(&mut response, &format!("{name}={token}; {attributes}"))
        }
        Some(SessionCookie::End) => set_cookie(&mut response, &format!("{name}=; Max-Age=0; {attributes}")),
        Some(SessionCookie::Language(lang)) => {
            let name = cookie_name(state, LANG_COOKIE);
            set_cookie(&mut response, &format!("{name}={lang}; Max-Age=31536000; {attributes}"))
        }
        None => {}
    }
    if let Visitor::Anonymous { form_token, fresh: true, .. } = visitor {
        let name = cookie_name(state, LOGIN_COOKIE);
        let cookie = format!("{name}={form_token}; Max-Age={LOGIN_TOKEN_SECS}; {attributes}");
        set_cookie(&mut response, &cookie);
    }
    response
}

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

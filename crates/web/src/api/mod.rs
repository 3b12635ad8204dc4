//! The API for actors' systems, under `/api/v1`: JSON over HTTP(S) with a bearer token the
//! coordinator issued (`rapporteur api-token issue`), over the same use cases as the portal and
//! the command line.
//!
//! - `POST /cycles/{cycle}/returns` and `POST /records`: a return or a record file as the
//!   request body, imported by `App::return_reader`/`App::store_return` and
//!   `App::import_records` exactly as an upload or `rapporteur import` — stored whole or refused
//!   whole with every located problem — and idempotent (`submit.rs`).
//! - `GET /cycles/{cycle}/findings`: the findings on the token's own returns.
//! - `GET /publications…`: what is published — the report builds, the tables of the open-data
//!   package as JSON or CSV, and the package's archive.
//! - `GET /openapi.json`: this API's OpenAPI 3.1 description, generated from these handlers and
//!   their response types by utoipa.
//!
//! One layer gives every request an id, its language (`Accept-Language`), a log line and the
//! headers; the routes that need a token pass the token layer, which makes the token the
//! request's caller (`App::authenticate_api`, which audits the use). Every error is JSON
//! (`ApiError`), including a malformed path or query and an unknown route; a body beyond
//! [`MAX_BODY_BYTES`] is refused with 413 before it is read further.

mod error;
mod model;
mod read;
mod submit;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use rapporteur_domain::access::Caller;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::OpenApi;

pub use error::{ApiError, ApiResult};

use crate::i18n::Tr;
use crate::AppState;

/// The largest request body the API accepts: a return or record file (as the portal's upload).
pub const MAX_BODY_BYTES: usize = crate::session::MAX_BODY_BYTES;

/// What a handler knows of its request.
#[derive(Clone)]
pub struct ApiCtx {
    /// The token's caller (on the routes behind the token layer).
    caller: Option<Caller>,
    pub tr: Tr,
    /// The request's id, in the log and in every error.
    pub request: String,
}

impl ApiCtx {
    /// The caller the token stands for.
    pub fn caller(&self) -> ApiResult<Caller> {
        self.caller.clone().ok_or_else(|| ApiError::internal(self, &"a route needing a token has no caller"))
    }
}

/// The API's description, generated from the handlers' annotations and the response types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rapporteur API",
        version = "1",
        description = "The national information system on human trafficking: actors' systems deliver returns and record files and read the findings on them; readers get the published data. Every request but this description needs a bearer token the coordinator issued (`rapporteur api-token issue`), scoped to one role and one actor. Errors are JSON (`ApiError`) with a machine code and a message in the language of Accept-Language (nl, fr, en)."
    ),
    paths(
        read::token,
        submit::submit_return,
        submit::submit_records,
        read::findings,
        read::publications,
        read::data_tables,
        read::data_table,
        read::open_data,
        openapi_json,
    ),
    components(schemas(read::TableFormat)),
    modifiers(&BearerToken),
    security(("bearer" = [])),
    tags(
        (name = "submissions", description = "Returns and record files, through the same import as the portal and the command line"),
        (name = "findings", description = "What validation found on the token's own returns"),
        (name = "published", description = "Published reports and their open data"),
        (name = "meta", description = "The token and this description"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The OpenAPI 3.1 description of this API (needs no token).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "This API's OpenAPI 3.1 description", content_type = "application/json"))
)]
pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// The API's routes, to be nested under `/api/v1`.
pub fn router(state: AppState) -> Router {
    let with_token = Router::new()
        .route("/token", get(read::token))
        .route("/cycles/{cycle}/returns", post(submit::submit_return))
        .route("/records", post(submit::submit_records))
        .route("/cycles/{cycle}/findings", get(read::findings))
        .route("/publications", get(read::publications))
        .route("/publications/{id}/data", get(read::data_tables))
        .route("/publications/{id}/data/{table}", get(read::data_table))
        .route("/publications/{id}/open-data", get(read::open_data))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), token_layer));
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .merge(with_token)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), request_layer))
        .with_state(state)
}

async fn not_found(Extension(ctx): Extension<ApiCtx>) -> ApiError {
    ApiError::new(&ctx, StatusCode::NOT_FOUND, "not-found", ctx.tr.get("api-not-found"))
}

async fn method_not_allowed(Extension(ctx): Extension<ApiCtx>) -> ApiError {
    ApiError::new(
        &ctx,
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        ctx.tr.get("api-method-not-allowed"),
    )
}

/// Every API request: an id, the language, a log line, the headers.
async fn request_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let id = rapporteur_app::random_token()[..16].to_string();
    let span = tracing::info_span!("api", id = %id);
    async move {
        let tr = Tr::new(crate::session::browser_language(&request));
        let (method, path) = (request.method().clone(), full_path(&request));
        let started = std::time::Instant::now();
        request.extensions_mut().insert(ApiCtx { caller: None, tr, request: id });
        let mut response = next.run(request).await;
        let who =
            response.extensions().get::<Caller>().map_or_else(|| "-".to_string(), |c| c.name().to_string());
        let (status, ms) = (response.status().as_u16(), started.elapsed().as_millis());
        tracing::info!(%who, %method, %path, status, ms, "answered");
        let headers = response.headers_mut();
        headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // Nothing the API answers is a page to render or frame.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        if state.secure {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
        }
        response
    }
    .instrument(span)
    .await
}

/// The request's path as sent (`/api/v1/…`; the nested router sees it without the prefix).
fn full_path(request: &Request) -> String {
    match request.extensions().get::<axum::extract::OriginalUri>() {
        Some(original) => original.path().to_string(),
        None => request.uri().path().to_string(),
    }
}

/// The bearer token of a request, if it sends one.
fn bearer(request: &Request) -> Option<String> {
    let value = request.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string()).filter(|t| !t.is_empty())
}

/// The routes that need a token: the token becomes the request's caller (its use audited), or
/// the request is refused with 401 before any handler runs.
async fn token_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(mut ctx) = request.extensions().get::<ApiCtx>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(secret) = bearer(&request) else {
        let mut response =
            ApiError::new(&ctx, StatusCode::UNAUTHORIZED, "token-missing", ctx.tr.get("api-token-missing"))
                .into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    };
    let what = format!("{} {}", request.method(), full_path(&request));
    let caller = match state.spawn(move |app| app.authenticate_api(&secret, &what)).await {
        Ok(Ok(caller)) => caller,
        Ok(Err(refused)) => {
            let error = ApiError::app(&ctx, refused);
            if error.status == StatusCode::UNAUTHORIZED.as_u16() {
                tracing::warn!(code = %error.code, "API token refused");
            }
            let mut response = error.into_response();
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
        Err(panic) => return ApiError::internal(&ctx, &panic).into_response(),
    };
    ctx.caller = Some(caller.clone());
    request.extensions_mut().insert(ctx);
    let mut response = next.run(request).await;
    response.extensions_mut().insert(caller);
    response
}

/// A handler's use case on the blocking pool, its error as the API's.
pub(crate) async fn call<T, F>(state: &AppState, ctx: &ApiCtx, f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut rapporteur_app::App) -> rapporteur_app::Result<T> + Send + 'static,
{
    match state.spawn(f).await {
        Ok(outcome) => outcome.map_err(|e| ApiError::app(ctx, e)),
        Err(panic) => Err(ApiError::internal(ctx, &panic)),
    }
}

/// A path's parameters, refused as JSON (400) when malformed.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let ctx = ctx_of(parts);
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(e) => Err(ApiError::new(
                &ctx,
                StatusCode::BAD_REQUEST,
                "bad-path",
                ctx.tr.args("api-bad-path", &[("detail", &e.body_text())]),
            )),
        }
    }
}

/// A query, refused as JSON (400) when malformed.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let ctx = ctx_of(parts);
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(ApiError::new(
                &ctx,
                StatusCode::BAD_REQUEST,
                "bad-query",
                ctx.tr.args("api-bad-query", &[("detail", &e.body_text())]),
            )),
        }
    }
}

fn ctx_of(parts: &Parts) -> ApiCtx {
    parts.extensions.get::<ApiCtx>().cloned().unwrap_or(ApiCtx {
        caller: None,
        tr: Tr::new("en"),
        request: String::new(),
    })
}

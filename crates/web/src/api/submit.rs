//! Submissions: a return or a record file as the request body, through the same import as the
//! portal's upload and `rapporteur import`/`import-records`.
//!
//! **Idempotency.** Every submission has a key: the request's `Idempotency-Key` header, or
//! else the SHA-256 of the request (route, cycle, file name and body). The first complete
//! answer (imported, unchanged or refused) is kept per token and key for 30 days, in the same
//! critical section as the import; a submission with a key already answered gets that answer
//! again — same status and body, with `Idempotency-Replayed: true` — and changes nothing, even
//! if the store changed meanwhile. The same key with a different request is refused (409). So
//! a client that retries after a lost answer never imports twice; one that means to deliver
//! the same bytes again on purpose (to restore values changed since) sends a new key. Errors
//! that are not an import's outcome (a refused token, a locked return, a busy store) are not
//! kept: retrying them tries again.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use rapporteur_app::{ApiAnswer, ImportOutcome};
use rapporteur_domain::access::Caller;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use super::model::{RecordSubmission, ReturnSubmission};
use super::{call, ApiCtx, ApiError, ApiPath, ApiQuery, ApiResult, MAX_BODY_BYTES};
use crate::AppState;

/// The header a replayed answer carries.
pub const REPLAYED_HEADER: &str = "idempotency-replayed";
/// The header of a client's idempotency key.
pub const KEY_HEADER: &str = "idempotency-key";

/// The file's name, as the import's provenance and the located problems give it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// The file's name (1 to 255 characters) [default: `upload`]. An XLSX workbook is
    /// recognised by its content, not its name.
    pub file_name: Option<String>,
}

fn file_name(ctx: &ApiCtx, query: FileQuery) -> ApiResult<String> {
    let name = query.file_name.unwrap_or_else(|| "upload".to_string());
    let count = name.chars().count();
    if (1..=255).contains(&count) && !name.chars().any(char::is_control) {
        Ok(name)
    } else {
        Err(ApiError::new(ctx, StatusCode::BAD_REQUEST, "bad-file-name", ctx.tr.get("api-bad-file-name")))
    }
}

/// The body, read up to the limit: beyond it, 413 before the rest is read.
async fn read_body(ctx: &ApiCtx, headers: &HeaderMap, body: Body) -> ApiResult<Vec<u8>> {
    let too_large = || {
        let max = MAX_BODY_BYTES.to_string();
        ApiError::new(
            ctx,
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            ctx.tr.args("api-too-large", &[("max", &max)]),
        )
    };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| too_large())?;
    if bytes.is_empty() {
        return Err(ApiError::new(ctx, StatusCode::BAD_REQUEST, "empty-file", ctx.tr.get("api-empty-file")));
    }
    Ok(bytes.to_vec())
}

/// A submission's idempotency: its key and the hash of what it asks.
struct Idempotency {
    key: String,
    request_sha256: String,
}

impl Idempotency {
    fn of(ctx: &ApiCtx, headers: &HeaderMap, parts: &[&str], body: &[u8]) -> ApiResult<Idempotency> {
        let mut hash = Sha256::new();
        for part in parts {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        hash.update(body);
        let request_sha256 = hex::encode(hash.finalize());
        let key = match headers.get(KEY_HEADER) {
            None => format!("sha256:{request_sha256}"),
            Some(value) => {
                let good = (1..=255).contains(&value.len())
                    && value.as_bytes().iter().all(|b| (0x21..=0x7e).contains(b));
                match value.to_str() {
                    Ok(key) if good => key.to_string(),
                    _ => {
                        return Err(ApiError::new(
                            ctx,
                            StatusCode::BAD_REQUEST,
                            "bad-idempotency-key",
                            ctx.tr.get("api-bad-idempotency-key"),
                        ))
                    }
                }
            }
        };
        Ok(Idempotency { key, request_sha256 })
    }

    /// The kept answer to this key: replayed if it answered this very request, refused if the
    /// key was used for another.
    fn replay(&self, ctx: &ApiCtx, kept: Option<ApiAnswer>) -> ApiResult<Option<Response>> {
        let Some(answer) = kept else { return Ok(None) };
        if answer.request_sha256 != self.request_sha256 {
            return Err(ApiError::new(
                ctx,
                StatusCode::CONFLICT,
                "idempotency-conflict",
                ctx.tr.get("api-idempotency-conflict"),
            ));
        }
        let mut response = json_response(answer.status, answer.body);
        response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        Ok(Some(response))
    }

    /// In the store's critical section: the answer kept for this key (checked again, since
    /// the same submission may have been answered while this one was read), or the answer
    /// `import` gives now (its status and body), kept for a retry.
    fn answer_once<T: serde::Serialize>(
        self,
        app: &mut rapporteur_app::App,
        caller: &Caller,
        ctx: &ApiCtx,
        import: impl FnOnce(&mut rapporteur_app::App) -> rapporteur_app::Result<(u16, T)>,
    ) -> rapporteur_app::Result<Answer> {
        if let Some(kept) = app.api_answer(caller, &self.key)? {
            return Ok(Answer::Replayed(self.replay(ctx, Some(kept))));
        }
        let (status, answer) = import(app)?;
        let body = serde_json::to_string(&answer).unwrap_or_default();
        app.keep_api_answer(caller, &self.key, &self.request_sha256, status, &body)?;
        Ok(Answer::Fresh(status, body))
    }
}

fn json_response(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// What a submission's critical section gives back.
enum Answer {
    Replayed(ApiResult<Option<Response>>),
    Fresh(u16, String),
}

/// Submit a return
///
/// The file (CSV in any of the flavours `rapporteur import` reads, or XLSX) is the request body.
/// It is read and checked whole and stored in one transaction, or refused whole with every
/// problem located — the same import as the portal's upload and `rapporteur import`; the
/// cycle is then validated again. The token must contribute every cube the file holds (a
/// contributor's token of the cubes' owner); a submitted or approved return is locked.
/// Idempotent: see `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{cycle}/returns",
    tag = "submissions",
    params(
        ("cycle" = String, Path, description = "The reporting cycle", example = "2019-2020"),
        FileQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; a retry with the same key and request gets the first answer again and changes nothing [default: the SHA-256 of the route, cycle, file name and body]"),
    ),
    request_body(content = super::model::FileBytes, content_type = "application/octet-stream", description = "The return file's bytes"),
    responses(
        (status = 201, description = "Imported", body = ReturnSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 200, description = "Unchanged: the store already held these values", body = ReturnSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 422, description = "Refused: nothing stored; every problem located", body = ReturnSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 400, description = "No file, or a bad file name or Idempotency-Key", body = ApiError),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The token may not contribute these returns (another actor's, or not a contributor's token)", body = ApiError),
        (status = 404, description = "Unknown cycle", body = ApiError),
        (status = 409, description = "The return is locked, or the Idempotency-Key was used for another request", body = ApiError),
        (status = 413, description = "The body is larger than the API accepts", body = ApiError),
        (status = 503, description = "The store stayed busy; nothing changed: retry", body = ApiError),
    )
)]
pub async fn submit_return(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiPath(cycle): ApiPath<String>,
    ApiQuery(query): ApiQuery<FileQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let caller = ctx.caller()?;
    let name = file_name(&ctx, query)?;
    // Who delivers no returns is refused before the body is read (as the portal's upload).
    let (by, c) = (caller.clone(), cycle.clone());
    let reader = call(&state, &ctx, move |app| app.return_reader(&by, Some(&c))).await?;
    let bytes = read_body(&ctx, &headers, body).await?;
    let idem = Idempotency::of(&ctx, &headers, &["returns", &cycle, &name], &bytes)?;
    // A retry answered before is answered again at once, without reading the file.
    let (by, key) = (caller.clone(), idem.key.clone());
    if let Some(replayed) =
        idem.replay(&ctx, call(&state, &ctx, move |app| app.api_answer(&by, &key)).await?)?
    {
        return Ok(replayed);
    }
    // Read without holding the store, one file at a time (as the portal's upload).
    let turn = state.reading.clone().acquire_owned().await.map_err(|e| ApiError::internal(&ctx, &e))?;
    let read = state
        .heavy
        .run(move || reader.read(&bytes, &mut |_, _| {}))
        .await
        .map_err(|e| ApiError::internal(&ctx, &e))?;
    drop(turn);
    let (catalog, lang, c2) = (state.catalog.clone(), ctx.tr.lang, ctx.clone());
    let answer = call(&state, &ctx, move |app| {
        idem.answer_once(app, &caller.clone(), &c2, |app| {
            let outcome = match read {
                Err(problems) => ImportOutcome::Refused(problems),
                Ok(read) => app.store_return(&caller, &name, read)?,
            };
            let answer = ReturnSubmission::of(&catalog.catalog, lang, &cycle, &name, &outcome);
            Ok((answer.outcome.status(), answer))
        })
    })
    .await?;
    finish(answer)
}

fn finish(answer: Answer) -> ApiResult<Response> {
    match answer {
        Answer::Replayed(replayed) => Ok(replayed?.unwrap_or_else(|| StatusCode::OK.into_response())),
        Answer::Fresh(status, body) => Ok(json_response(status, body)),
    }
}

/// Submit a record file
///
/// The pseudonymised record file (CSV, XLSX or JSON, as `rapporteur import-records` reads it)
/// is the request body: stored whole in one audited transaction or refused whole with every
/// problem located (a file that still identifies persons is refused). The token must
/// contribute the records' source (a contributor's token of the actor that holds them).
/// Idempotent: see `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/api/v1/records",
    tag = "submissions",
    params(
        FileQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 255 visible ASCII characters; a retry with the same key and request gets the first answer again and changes nothing [default: the SHA-256 of the route, file name and body]"),
    ),
    request_body(content = super::model::FileBytes, content_type = "application/octet-stream", description = "The record file's bytes"),
    responses(
        (status = 201, description = "Imported", body = RecordSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 200, description = "Unchanged: the store already held these records", body = RecordSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 422, description = "Refused: nothing stored; every problem located", body = RecordSubmission, headers(("Idempotency-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 400, description = "No file, or a bad file name or Idempotency-Key", body = ApiError),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The token may not contribute these records", body = ApiError),
        (status = 409, description = "The Idempotency-Key was used for another request", body = ApiError),
        (status = 413, description = "The body is larger than the API accepts", body = ApiError),
        (status = 503, description = "The store stayed busy; nothing changed: retry", body = ApiError),
    )
)]
pub async fn submit_records(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiQuery(query): ApiQuery<FileQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let caller: Caller = ctx.caller()?;
    let name = file_name(&ctx, query)?;
    let bytes = read_body(&ctx, &headers, body).await?;
    let idem = Idempotency::of(&ctx, &headers, &["records", &name], &bytes)?;
    let c2 = ctx.clone();
    let answer = call(&state, &ctx, move |app| {
        idem.answer_once(app, &caller.clone(), &c2, |app| {
            let answer = RecordSubmission::of(&name, &app.import_records(&caller, &name, &bytes[..])?);
            Ok((answer.outcome.status(), answer))
        })
    })
    .await?;
    finish(answer)
}

//! The API's errors: a status, a machine code and the message in the caller's language (from
//! the Fluent files), with the request's id; never a page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rapporteur_app::{AppError, PortalError};
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiCtx;
use crate::error::{portal_message, status_of};

/// What every refusal and failure of the API answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiError {
    /// A stable machine code (e.g. `forbidden`, `token-revoked`, `too-large`).
    pub code: String,
    /// What happened and what to do, in the language of `Accept-Language` (nl, fr or en).
    pub message: String,
    /// The request's id, as the server's log records it (an incident number for a failure).
    pub request_id: String,
    #[serde(skip)]
    #[schema(ignore)]
    pub status: u16,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(ctx: &ApiCtx, status: StatusCode, code: &str, message: String) -> ApiError {
        ApiError { code: code.to_string(), message, request_id: ctx.request.clone(), status: status.as_u16() }
    }

    /// A failure of the system, not of the request: its detail goes to the log under the
    /// request's id; the answer gives that id as the incident number.
    pub fn internal(ctx: &ApiCtx, detail: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(incident = %ctx.request, error = %detail, "internal error");
        let message = ctx.tr.args("error-internal", &[("incident", &ctx.request)]);
        ApiError::new(ctx, StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// A use case's error, in the caller's words.
    pub fn app(ctx: &ApiCtx, error: AppError) -> ApiError {
        let t = ctx.tr;
        let (status, code, message) = match &error {
            AppError::Portal(e) => (status_of(e), portal_code(e), portal_message(t, e)),
            AppError::UnknownCycle { wanted, .. } => {
                (StatusCode::NOT_FOUND, "unknown-cycle", t.args("error-unknown-cycle", &[("cycle", wanted)]))
            }
            AppError::UnknownLanguage { wanted, .. } => (
                StatusCode::BAD_REQUEST,
                "unknown-language",
                t.args("error-unknown-language", &[("lang", wanted)]),
            ),
            busy if busy.is_busy() => (StatusCode::SERVICE_UNAVAILABLE, "busy", t.get("api-busy")),
            other => return ApiError::internal(ctx, other),
        };
        ApiError::new(ctx, status, code, message)
    }
}

/// The machine code of a portal refusal.
fn portal_code(error: &PortalError) -> &'static str {
    match error {
        PortalError::Forbidden => "forbidden",
        PortalError::OtherActorsCubes(_) => "other-actors-returns",
        PortalError::Locked(_) => "locked",
        PortalError::UnknownItem { .. } => "not-found",
        PortalError::TokenUnknown => "token-unknown",
        PortalError::TokenRevoked(_) => "token-revoked",
        PortalError::CycleNotOpen(_) => "cycle-not-open",
        PortalError::NotAssigned(_) => "not-assigned",
        PortalError::UnknownActor(_) => "unknown-actor",
        _ => "refused",
    }
}

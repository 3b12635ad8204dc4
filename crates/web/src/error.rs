//! Refusals and failures as pages in the user's language, with the right status code.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rapporteur_app::AppError;
use rapporteur_app::PortalError;

use crate::ctx::Ctx;
use crate::i18n::Tr;
use crate::page::Page;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    p: Page,
    status: u16,
    message: String,
}

/// An error page outside a session (the session layer's refusals): no user, and forms (the
/// language switcher) without a token.
pub fn page(t: Tr, status: StatusCode, message: &str) -> Response {
    let p = Page {
        t,
        csrf: String::new(),
        user: None,
        title: t.get("error-title"),
        flash: None,
        path: String::new(),
    };
    render_page(p, status, message)
}

/// An internal failure outside a handler (the session layer's), as `WebError::internal`.
pub fn internal_page(t: Tr, incident: &str, detail: &dyn std::fmt::Display) -> Response {
    log_incident(incident, detail);
    page(t, StatusCode::INTERNAL_SERVER_ERROR, &incident_message(t, incident))
}

fn log_incident(incident: &str, detail: &dyn std::fmt::Display) {
    tracing::error!(%incident, error = %detail, "internal error");
}

fn incident_message(t: Tr, incident: &str) -> String {
    t.args("error-internal", &[("incident", incident)])
}

fn render_page(p: Page, status: StatusCode, message: &str) -> Response {
    let body = ErrorPage { p, status: status.as_u16(), message: message.to_string() }
        .render()
        .unwrap_or_else(|_| message.to_string());
    (status, Html(body)).into_response()
}

/// A handler's failure: a status and a message for the user.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
    /// The frame of the request's page: its user, language and CSRF token, so that the error
    /// page's own forms (language, logout) work.
    pub p: Box<Page>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        render_page(*self.p, self.status, &self.message)
    }
}

pub type WebResult<T> = std::result::Result<T, WebError>;

impl WebError {
    pub fn new(ctx: &Ctx, status: StatusCode, message: String) -> WebError {
        WebError { status, message, p: Box::new(Page::new(ctx, ctx.tr.get("error-title"))) }
    }

    pub fn forbidden(ctx: &Ctx) -> WebError {
        WebError::new(ctx, StatusCode::FORBIDDEN, ctx.tr.get("error-forbidden"))
    }

    pub fn not_found(ctx: &Ctx) -> WebError {
        WebError::new(ctx, StatusCode::NOT_FOUND, ctx.tr.get("error-not-found"))
    }

    /// A failure of the system, not of the user: the log gets its detail under the request's
    /// id; the user gets a plain message in their language and that id as the incident number.
    pub fn internal(ctx: &Ctx, detail: &dyn std::fmt::Display) -> WebError {
        log_incident(&ctx.request, detail);
        WebError::new(ctx, StatusCode::INTERNAL_SERVER_ERROR, incident_message(ctx.tr, &ctx.request))
    }

    /// A use case's error, in the user's words where the portal has them.
    pub fn app(ctx: &Ctx, error: AppError) -> WebError {
        let t = ctx.tr;
        let (status, message) = match &error {
            AppError::Portal(e) => (status_of(e), portal_message(t, e)),
            AppError::UnknownCycle { wanted, .. } => {
                (StatusCode::NOT_FOUND, t.args("error-unknown-cycle", &[("cycle", wanted)]))
            }
            AppError::UnknownDestination { wanted, .. } => {
                (StatusCode::NOT_FOUND, t.args("error-unknown-destination", &[("destination", wanted)]))
            }
            AppError::UnknownFinding { key, .. } => {
                (StatusCode::NOT_FOUND, t.args("error-unknown-finding", &[("key", key)]))
            }
            AppError::EmptyExplanation => (StatusCode::BAD_REQUEST, t.get("error-empty-explanation")),
            AppError::UnknownLanguage { wanted, .. } => {
                (StatusCode::BAD_REQUEST, t.args("error-unknown-language", &[("lang", wanted)]))
            }
            other => return WebError::internal(ctx, other),
        };
        WebError::new(ctx, status, message)
    }
}

pub fn status_of(error: &PortalError) -> StatusCode {
    match error {
        PortalError::Forbidden | PortalError::OtherActorsCubes(_) => StatusCode::FORBIDDEN,
        PortalError::Locked(_) | PortalError::BadTransition { .. } | PortalError::NameTaken(_) => {
            StatusCode::CONFLICT
        }
        PortalError::UnknownItem { .. } | PortalError::NotAssigned(_) | PortalError::CycleNotOpen(_) => {
            StatusCode::NOT_FOUND
        }
        PortalError::TokenUnknown | PortalError::TokenRevoked(_) => StatusCode::UNAUTHORIZED,
        PortalError::LabelTaken(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// A portal refusal in the user's language.
pub fn portal_message(t: Tr, error: &PortalError) -> String {
    let min = rapporteur_app::MIN_PASSWORD_CHARS.to_string();
    match error {
        PortalError::DraftsRemain { lang, count } => {
            t.args("error-drafts-remain", &[("lang", &lang.to_uppercase()), ("count", &count.to_string())])
        }
        PortalError::Forbidden => t.get("error-forbidden"),
        PortalError::NameTaken(name) => t.args("error-name-taken", &[("name", name)]),
        PortalError::BadName => t.get("error-bad-name"),
        PortalError::WeakPassword => t.args("error-weak-password", &[("min", &min)]),
        PortalError::RoleNeedsActor(role) => {
            t.args("error-role-needs-actor", &[("role", &t.get(&format!("role-{role}")))])
        }
        PortalError::RoleHasNoActor(role) => {
            t.args("error-role-has-no-actor", &[("role", &t.get(&format!("role-{role}")))])
        }
        PortalError::UnknownActor(actor) => t.args("error-unknown-actor", &[("actor", actor)]),
        PortalError::UnknownItem { kind, item } => {
            t.args("error-unknown-item", &[("kind", kind), ("item", item)])
        }
        PortalError::BadDate(date) => t.args("error-bad-date", &[("date", date)]),
        PortalError::CycleNotOpen(cycle) => t.args("error-cycle-not-open", &[("cycle", cycle)]),
        PortalError::Locked(item) => t.args("error-locked", &[("item", item)]),
        PortalError::NotAssigned(item) => t.args("error-not-assigned", &[("item", item)]),
        PortalError::BadTransition { item, from, to } => t.args(
            "error-bad-transition",
            &[
                ("item", item),
                ("from", &t.get(&format!("status-{from}"))),
                ("to", &t.get(&format!("status-{to}"))),
            ],
        ),
        PortalError::NothingDelivered(item) => t.args("error-nothing-delivered", &[("item", item)]),
        PortalError::Unexplained { item, count } => {
            t.args("error-unexplained", &[("item", item), ("count", &count.to_string())])
        }
        PortalError::NotAccepted { item, count } => {
            t.args("error-not-accepted", &[("item", item), ("count", &count.to_string())])
        }
        PortalError::AcceptOnlyErrors => t.get("error-accept-only-errors"),
        PortalError::AcceptUnexplained => t.get("error-accept-unexplained"),
        PortalError::CommentNeeded => t.get("error-comment-needed"),
        PortalError::WrongPassword => t.get("error-wrong-password"),
        PortalError::OtherActorsCubes(cubes) => t.args("error-other-actors", &[("cubes", cubes)]),
        PortalError::NotOwner { cube, owner } => {
            t.args("error-not-owner", &[("cube", cube), ("owner", owner)])
        }
        PortalError::LongPassword => {
            t.args("error-long-password", &[("max", &rapporteur_app::MAX_PASSWORD_CHARS.to_string())])
        }
        PortalError::BlankPassword => t.get("error-blank-password"),
        PortalError::CommonPassword => t.get("error-common-password"),
        PortalError::MixedScriptName => t.get("error-mixed-script-name"),
        PortalError::ConfusableName(other) => t.args("error-confusable-name", &[("other", other)]),
        PortalError::TooLong { what, max } => {
            let what = t.get(&format!("limit-{what}"));
            t.args("error-too-long", &[("what", &what), ("max", &max.to_string())])
        }
        PortalError::BadTokenLabel => t.get("api-token-bad-label"),
        PortalError::TokenRole(role) => {
            t.args("api-token-role", &[("role", &t.get(&format!("role-{role}")))])
        }
        PortalError::LabelTaken(label) => t.args("api-token-label-taken", &[("label", label)]),
        PortalError::TokenUnknown => t.get("api-token-unknown"),
        PortalError::TokenRevoked(label) => t.args("api-token-revoked", &[("label", label)]),
    }
}

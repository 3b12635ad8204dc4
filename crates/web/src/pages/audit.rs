//! The audit log, for the coordinator: every change and every read of record-level data, newest
//! first, filtered by who, action, entity or key.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use rapporteur_domain::AuditEntry;

use super::home::render;
use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::page::Page;
use crate::AppState;

const PAGE_SIZE: i64 = 100;
/// Longer before/after values are cut on the page (the store keeps them whole).
const SHOWN_CHARS: usize = 400;

#[derive(serde::Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: i64,
}

pub struct EntryView {
    pub entry: AuditEntry,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    p: Page,
    q: String,
    entries: Vec<EntryView>,
    total: i64,
    page: i64,
    pages: i64,
    /// Failed logins of the last day: attacks on accounts, for the coordinator to see.
    pressure: rapporteur_app::LoginPressure,
}

fn cut(text: Option<String>) -> String {
    let text = text.unwrap_or_default();
    if text.chars().count() > SHOWN_CHARS {
        format!("{}…", text.chars().take(SHOWN_CHARS).collect::<String>())
    } else {
        text
    }
}

pub async fn log(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(query): Query<AuditQuery>,
) -> WebResult<Response> {
    let page = query.page.max(0);
    let (filter, user) = (query.q.clone(), ctx.caller());
    let (found, pressure) = state
        .call(&ctx, move |app| {
            Ok((app.audit_page(&user, &filter, page * PAGE_SIZE, PAGE_SIZE)?, app.login_pressure(&user)?))
        })
        .await?;
    let (entries, total) = (found.entries, found.total);
    let entries = entries
        .into_iter()
        .map(|mut entry| EntryView {
            before: cut(entry.before.take()),
            after: cut(entry.after.take()),
            entry,
        })
        .collect();
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let p = Page::new(&ctx, ctx.tr.get("audit-title"));
    render(&ctx, &AuditPage { p, q: query.q, entries, total, page, pages, pressure })
}

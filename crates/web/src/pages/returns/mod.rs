//! A return in the portal: a grid laid out by the cube's dimensions (rows) and periods
//! (columns), the stated totals beside it, the findings at the cells they concern, an upload of
//! CSV or XLSX, explanations of findings, and the submit and review buttons.
//!
//! Saving the grid writes the return as CSV and imports it through the same use case as
//! `rapporteur import`: the same checks, the same audit, the same validation afterwards.

mod grid_csv;
mod sheet;

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_app::ImportOutcome;

use super::home::{render, Choice};
use super::{done, Done, Workflow};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

pub struct GridCell {
    pub name: String,
    pub value: String,
    pub stated: String,
    pub findings: Vec<usize>,
    pub label: String,
}

pub struct GridRow {
    pub index: usize,
    pub key: String,
    pub labels: Vec<String>,
    pub cells: Vec<GridCell>,
}

pub struct ControlView {
    pub period: String,
    pub label: String,
    pub value: String,
    pub kind: String,
    pub findings: Vec<usize>,
}

pub struct FindingItem {
    pub number: usize,
    pub key: String,
    pub severity: String,
    pub severity_label: String,
    pub message: String,
    pub explanation: String,
    pub explained_by: String,
    /// Who accepted the error as it stands, and when; empty when nobody did.
    pub accepted_by: String,
    /// Whether the coordinator may accept it now: an explained error not yet accepted.
    pub acceptable: bool,
}

pub struct NewRowDim {
    pub id: String,
    pub label: String,
    pub codes: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "return.html")]
pub(crate) struct ReturnPage {
    p: Page,
    cycle: String,
    cube: String,
    cube_name: String,
    description: String,
    actor_label: String,
    dims: Vec<String>,
    periods: Vec<String>,
    rows: Vec<GridRow>,
    new_row: Vec<NewRowDim>,
    controls: Vec<ControlView>,
    findings: Vec<FindingItem>,
    problems: Vec<String>,
    w: Workflow,
}

/// A grid row's form key: its codes as `dimension=code;…`.
fn encode_codes(codes: &BTreeMap<String, String>) -> String {
    codes.iter().map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join(";")
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    cycle: String,
    cube: String,
    problems: Vec<String>,
    flash: Option<String>,
    status: StatusCode,
) -> WebResult<Response> {
    let c = ctx.clone();
    let page = state
        .call(ctx, move |app| {
            let Some(cube) = app.catalog().cubes.get(&cube).cloned() else { return Ok(None) };
            let sheet = app.return_sheet(&c.caller(), &cycle, &cube.id)?;
            let cycle = app.cycle(Some(&cycle))?;
            Ok(Some(sheet::return_page(app, &c, (cycle, &cube), &sheet, problems)))
        })
        .await?
        .ok_or_else(|| WebError::not_found(ctx))?;
    let page = ReturnPage { p: page.p.with_flash(flash.as_deref()), ..page };
    let mut response = render(ctx, &page)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    show_page(&state, &ctx, cycle, cube, Vec::new(), q.done, StatusCode::OK).await
}

/// Imports `bytes` for the cube's owner and shows the outcome on the return's page.
async fn import_and_show(
    state: &AppState,
    ctx: &Ctx,
    cycle: String,
    cube: String,
    file_name: String,
    bytes: Vec<u8>,
) -> WebResult<Response> {
    let (user, c) = (ctx.caller(), cycle.clone());
    let reader = state.call(ctx, move |app| app.return_reader(&user, Some(&c))).await?;
    // The file is read without holding the store, one file at a time: a large or hostile one
    // slows only its sender and those who send files.
    let read = state.read(ctx, move || reader.read(&bytes, &mut |_, _| {})).await?;
    let outcome = match read {
        Err(problems) => ImportOutcome::Refused(problems),
        Ok(read) => {
            let user = ctx.caller();
            state.call(ctx, move |app| app.store_return(&user, &file_name, read)).await?
        }
    };
    match outcome {
        ImportOutcome::Refused(problems) => {
            let lines = super::problem_lines(ctx, &problems, "problem-row", "return-more-problems");
            show_page(state, ctx, cycle, cube, lines, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        ImportOutcome::Unchanged(_) => {
            Ok(done(&format!("/cycles/{cycle}/returns/{cube}"), "unchanged").into_response())
        }
        ImportOutcome::Imported { .. } => {
            Ok(done(&format!("/cycles/{cycle}/returns/{cube}"), "saved").into_response())
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    mut multipart: Multipart,
) -> WebResult<Response> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| WebError::new(&ctx, StatusCode::BAD_REQUEST, e.to_string()))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| WebError::new(&ctx, StatusCode::BAD_REQUEST, e.to_string()))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(WebError::new(&ctx, StatusCode::BAD_REQUEST, ctx.tr.get("return-no-file")));
    };
    import_and_show(&state, &ctx, cycle, cube, name, bytes).await
}

pub async fn save_grid(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    // A form with more fields, or more rows, than a grid of this cube can hold is refused before
    // any work: the fields are counted on the raw bytes, before anything is decoded.
    let too_large = || WebError::new(&ctx, StatusCode::PAYLOAD_TOO_LARGE, ctx.tr.get("error-too-large"));
    let catalog = &state.catalog.catalog;
    if grid_csv::fields_in(&body) > grid_csv::most_fields(catalog, &cube) {
        return Err(too_large());
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    if grid_csv::rows_of(&form) > grid_csv::most_rows(catalog, &cube) {
        return Err(too_large());
    }
    let (c, k, user) = (cycle.clone(), cube.clone(), ctx.caller());
    let sheet = state.call(&ctx, move |app| app.editable_return(&user, &c, &k)).await?;
    // Written as a CSV return without holding the store, then read and stored as an upload.
    let (catalog, k) = (state.catalog.clone(), cube.clone());
    let csv = state
        .read(&ctx, move || {
            grid_csv::grid_csv(&catalog.catalog, (&sheet.observations, &sheet.controls), &k, &form)
        })
        .await?
        .map_err(|e| WebError::new(&ctx, StatusCode::BAD_REQUEST, e))?;
    import_and_show(&state, &ctx, cycle, cube.clone(), format!("{cube} (grid form)"), csv).await
}

#[derive(serde::Deserialize)]
pub struct ExplainForm {
    key: String,
    explanation: String,
}

pub async fn explain(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    Form(form): Form<ExplainForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = cycle.clone();
    state.call(&ctx, move |app| app.acknowledge(&user, Some(&c), &form.key, &form.explanation)).await?;
    Ok(done(&format!("/cycles/{cycle}/returns/{cube}"), "explained").into_response())
}

#[derive(serde::Deserialize)]
pub struct AcceptForm {
    key: String,
}

/// The coordinator accepts an explained error as it stands.
pub async fn accept(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    Form(form): Form<AcceptForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = cycle.clone();
    state.call(&ctx, move |app| app.accept_finding(&user, Some(&c), &form.key)).await?;
    Ok(done(&format!("/cycles/{cycle}/returns/{cube}"), "accepted").into_response())
}

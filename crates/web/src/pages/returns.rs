//! A return in the portal: a grid laid out by the cube's dimensions (rows) and periods
//! (columns), the stated totals beside it, the findings at the cells they concern, an upload of
//! CSV or XLSX, explanations of findings, and the submit and review buttons.
//!
//! Saving the grid writes the return as CSV and imports it through the same use case as
//! `rapporteur import`: the same checks, the same audit, the same validation afterwards.

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_app::{App, ImportOutcome, ImportProblem};
use rapporteur_domain::value::format_scaled;
use rapporteur_domain::{columns, Coordinate, StoredRow};
use rapporteur_report::{finding_message, Locale};

use super::home::{actor_label, render, Choice};
use super::{done, Done, Workflow};
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::session::Ctx;
use crate::AppState;

/// Above this many code combinations the grid shows only the rows that hold values, and a line
/// to add one.
const MAX_FULL_GRID_ROWS: usize = 60;

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
}

pub struct NewRowDim {
    pub id: String,
    pub label: String,
    pub codes: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
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

/// The key of a cell as the store's rows give it (`Coordinate::key`), for a finding's cell or a
/// grid cell, which are not coordinates themselves.
fn coordinate_key(period: &str, codes: &BTreeMap<String, String>) -> String {
    Coordinate { period: period.to_string(), codes: codes.clone() }.key()
}

fn decode_codes(key: &str) -> BTreeMap<String, String> {
    key.split(';')
        .filter_map(|part| part.split_once('='))
        .map(|(d, c)| (d.to_string(), c.to_string()))
        .collect()
}

fn encode_codes(codes: &BTreeMap<String, String>) -> String {
    codes.iter().map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join(";")
}

fn decimals_of(app: &App, cube: &str) -> u32 {
    let catalog = app.catalog();
    catalog
        .cubes
        .get(cube)
        .and_then(|c| catalog.measures.iter().find(|m| m.id == c.measure))
        .map_or(0, |m| m.decimals)
}

fn code_label(app: &App, cube: &str, dimension: &str, code: &str, lang: &str) -> String {
    app.catalog()
        .code_list_of_dimension(cube, dimension)
        .and_then(|l| l.get(code))
        .map_or_else(|| code.to_string(), |c| c.labels.get(lang).to_string())
}

fn build_page(
    app: &mut App,
    ctx: &Ctx,
    cycle: &str,
    cube_id: &str,
    problems: Vec<String>,
) -> rapporteur_app::Result<Option<ReturnPage>> {
    let lang = ctx.tr.lang;
    let Some(cube) = app.catalog().cubes.get(cube_id).cloned() else { return Ok(None) };
    let sheet = app.return_sheet(&ctx.caller(), cycle, cube_id)?;
    let (observations, controls, findings) = (&sheet.observations, &sheet.controls, &sheet.findings);
    let catalog = app.catalog();
    let cycle_def = app.cycle(Some(cycle))?.clone();
    let decimals = decimals_of(app, cube_id);
    let locale = Locale::new(catalog, lang);
    let sep = locale.decimal_separator;

    // Which findings touch which coordinate.
    let mut marks: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut items = Vec::new();
    for (i, stored) in findings.iter().enumerate() {
        let number = i + 1;
        for cell in stored.finding.cells.iter().filter(|c| c.cube == cube_id) {
            marks.entry(coordinate_key(&cell.period, &cell.codes)).or_default().insert(number);
        }
        items.push(FindingItem {
            number,
            key: stored.finding.key.clone(),
            severity: stored.finding.severity.as_str().to_string(),
            severity_label: ctx.tr.get(&format!("severity-{}", stored.finding.severity.as_str())),
            message: finding_message(catalog, &stored.finding, &locale),
            explanation: stored.acknowledgment.as_ref().map(|a| a.explanation.clone()).unwrap_or_default(),
            explained_by: stored
                .acknowledgment
                .as_ref()
                .map(|a| format!("{}, {}", a.who, a.at))
                .unwrap_or_default(),
        });
    }
    let marks_at = |key: &str| marks.get(key).map(|s| s.iter().copied().collect()).unwrap_or_default();

    // Periods: those the cube holds, else the cycle's.
    let mut periods: Vec<String> = Vec::new();
    let ordered: Vec<&String> = cycle_def.context_periods.iter().chain(&cycle_def.periods).collect();
    let held: BTreeSet<&str> = observations.iter().map(|s| s.row.coordinate.period.as_str()).collect();
    for period in &ordered {
        if held.contains(period.as_str()) {
            periods.push((*period).clone());
        }
    }
    if periods.is_empty() {
        periods = cycle_def.periods.clone();
    }

    // Rows: every combination of leaf codes when there are few, else the combinations held.
    let leaves: Vec<(String, Vec<String>)> = cube
        .dimensions
        .iter()
        .map(|d| {
            let list = catalog.code_lists.get(&d.codelist);
            let codes = list
                .map(|l| l.codes.iter().filter(|c| !l.is_aggregate(&c.id)).map(|c| c.id.clone()).collect())
                .unwrap_or_default();
            (d.id.clone(), codes)
        })
        .collect();
    let combinations: usize = leaves.iter().map(|(_, c)| c.len().max(1)).product();
    let mut row_codes: Vec<BTreeMap<String, String>> = Vec::new();
    if combinations <= MAX_FULL_GRID_ROWS {
        row_codes.push(BTreeMap::new());
        for (dimension, codes) in &leaves {
            row_codes = row_codes
                .into_iter()
                .flat_map(|prefix| {
                    codes.iter().map(move |code| {
                        let mut next = prefix.clone();
                        next.insert(dimension.clone(), code.clone());
                        next
                    })
                })
                .collect();
        }
    }
    let mut seen: BTreeSet<String> = row_codes.iter().map(encode_codes).collect();
    for stored in observations {
        if seen.insert(encode_codes(&stored.row.coordinate.codes)) {
            row_codes.push(stored.row.coordinate.codes.clone());
        }
    }
    let values: BTreeMap<String, i64> =
        observations.iter().map(|s| (s.row.coordinate.key(), s.row.value)).collect();
    let stated: BTreeMap<String, i64> = controls
        .iter()
        .filter(|s| s.row.pct_base.is_none())
        .map(|s| (s.row.coordinate.key(), s.row.value))
        .collect();
    let dims: Vec<String> = cube
        .dimensions
        .iter()
        .map(|d| catalog.code_lists.get(&d.codelist).map_or(d.id.clone(), |l| l.name.get(lang).to_string()))
        .collect();
    let rows = row_codes
        .iter()
        .enumerate()
        .map(|(index, codes)| {
            let labels: Vec<String> = cube
                .dimensions
                .iter()
                .map(|d| {
                    codes.get(&d.id).map(|c| code_label(app, cube_id, &d.id, c, lang)).unwrap_or_default()
                })
                .collect();
            let cells = periods
                .iter()
                .enumerate()
                .map(|(p, period)| {
                    let key = coordinate_key(period, codes);
                    GridCell {
                        name: format!("c_{index}_{p}"),
                        value: values.get(&key).map(|v| format_scaled(*v, decimals, sep)).unwrap_or_default(),
                        stated: stated
                            .get(&key)
                            .map(|v| format_scaled(*v, decimals, sep))
                            .unwrap_or_default(),
                        findings: marks_at(&key),
                        label: format!("{} – {period}", labels.join(", ")),
                    }
                })
                .collect();
            GridRow { index, key: encode_codes(codes), labels, cells }
        })
        .collect();
    let new_row = if combinations > MAX_FULL_GRID_ROWS {
        cube.dimensions
            .iter()
            .zip(&leaves)
            .zip(&dims)
            .map(|((d, (_, codes)), label)| NewRowDim {
                id: d.id.clone(),
                label: label.clone(),
                codes: codes
                    .iter()
                    .map(|c| Choice { value: c.clone(), label: code_label(app, cube_id, &d.id, c, lang) })
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let control_views = controls
        .iter()
        .map(|s| {
            let row = &s.row;
            let label = row
                .coordinate
                .codes
                .iter()
                .map(|(d, c)| {
                    if c == rapporteur_domain::TOTAL_CODE {
                        ctx.tr.get("return-total")
                    } else {
                        code_label(app, cube_id, d, c, lang)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let (value, kind) = match &row.pct_base {
                Some(_) => (format!("{} %", format_scaled(row.value, 2, sep)), "pct"),
                None => (format_scaled(row.value, decimals, sep), "control"),
            };
            ControlView {
                period: row.coordinate.period.clone(),
                label: if label.is_empty() { ctx.tr.get("return-whole") } else { label },
                value,
                kind: ctx.tr.get(&format!("return-kind-{kind}")),
                findings: marks_at(&row.coordinate.key()),
            }
        })
        .collect();
    Ok(Some(ReturnPage {
        p: Page::new(ctx, cube.name.get(lang).to_string()),
        cycle: cycle.to_string(),
        cube: cube_id.to_string(),
        cube_name: cube.name.get(lang).to_string(),
        description: cube.description.as_ref().map(|d| d.get(lang).to_string()).unwrap_or_default(),
        actor_label: actor_label(app, &cube.owner, lang),
        dims,
        periods,
        rows,
        new_row,
        controls: control_views,
        findings: items,
        problems,
        w: Workflow::new(ctx, cycle, &sheet.view, format!("/cycles/{cycle}/returns/{cube_id}")),
    }))
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
        .call(ctx, move |app| build_page(app, &c, &cycle, &cube, problems))
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

/// The problems of a refused file, as the page lists them (`row 3, column 4: …`).
fn problem_lines(ctx: &Ctx, problems: &[ImportProblem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            let mut place = Vec::new();
            if let Some(sheet) = &p.sheet {
                place.push(ctx.tr.args("problem-sheet", &[("sheet", sheet)]));
            }
            if let Some(row) = p.row {
                place.push(ctx.tr.args("problem-row", &[("row", &row.to_string())]));
            }
            if let Some(column) = p.column {
                place.push(ctx.tr.args("problem-column", &[("column", &column.to_string())]));
            }
            if place.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", place.join(", "), p.message)
            }
        })
        .collect()
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
    let user = ctx.caller();
    let c = cycle.clone();
    let outcome =
        state.call(ctx, move |app| app.import(&user, &file_name, &bytes, Some(&c), &mut |_, _| {})).await?;
    match outcome {
        ImportOutcome::Refused(problems) => {
            let lines = problem_lines(ctx, &problems);
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

/// The grid as a return in CSV: the cells entered, and the stored control values unchanged.
fn grid_csv(
    app: &App,
    (observations, controls): (&[StoredRow], &[StoredRow]),
    cube_id: &str,
    form: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let catalog = app.catalog();
    let cube = catalog.cubes.get(cube_id).ok_or_else(|| format!("unknown cube {cube_id}"))?;
    let decimals = decimals_of(app, cube_id);
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string());
    let periods: Vec<String> = (0..).map_while(|p| field(&format!("col_{p}"))).collect();
    let kept: BTreeMap<String, (Vec<String>, Option<String>)> = observations
        .iter()
        .map(|s| (s.row.coordinate.key(), (s.row.flags.clone(), s.row.note.clone())))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![columns::CUBE.to_string(), columns::PERIOD.to_string()];
    header.extend(cube.dimensions.iter().map(|d| d.id.clone()));
    header.extend(
        [columns::VALUE, columns::FLAGS, columns::NOTE, columns::ROLE, columns::BASE].map(str::to_string),
    );
    out.write_record(&header).map_err(|e| e.to_string())?;
    let mut write = |period: &str,
                     codes: &BTreeMap<String, String>,
                     value: &str,
                     flags: &str,
                     note: &str,
                     role: &str,
                     base: &str| {
        let mut record = vec![cube_id.to_string(), period.to_string()];
        record.extend(cube.dimensions.iter().map(|d| codes.get(&d.id).cloned().unwrap_or_default()));
        record.extend([value, flags, note, role, base].map(str::to_string));
        out.write_record(&record).map_err(|e| e.to_string())
    };
    let mut rows: Vec<(BTreeMap<String, String>, Vec<String>)> = Vec::new();
    for index in 0.. {
        let Some(key) = field(&format!("row_{index}")) else { break };
        let cells =
            (0..periods.len()).map(|p| field(&format!("c_{index}_{p}")).unwrap_or_default()).collect();
        rows.push((decode_codes(&key), cells));
    }
    let new_codes: BTreeMap<String, String> = cube
        .dimensions
        .iter()
        .filter_map(|d| field(&format!("new_{}", d.id)).filter(|c| !c.is_empty()).map(|c| (d.id.clone(), c)))
        .collect();
    if new_codes.len() == cube.dimensions.len() && !cube.dimensions.is_empty() {
        let cells = (0..periods.len()).map(|p| field(&format!("new_c_{p}")).unwrap_or_default()).collect();
        rows.push((new_codes, cells));
    }
    for (codes, cells) in &rows {
        for (period, value) in periods.iter().zip(cells) {
            if value.is_empty() {
                continue;
            }
            // Either decimal mark is accepted in the form; the CSV uses a point.
            let value = value.replace(',', ".");
            let (flags, note) = kept.get(&coordinate_key(period, codes)).cloned().unwrap_or_default();
            write(period, codes, &value, &flags.join(" "), note.as_deref().unwrap_or(""), "data", "")?;
        }
    }
    for stored in controls {
        let row = &stored.row;
        let (value, role, base) = match &row.pct_base {
            Some(base) => {
                let written = row.stated_decimals.unwrap_or(2).min(2);
                let scaled = row.value / 10i64.pow(2 - written);
                (format_scaled(scaled, written, '.'), "pct", base.clone())
            }
            None => (format_scaled(row.value, decimals, '.'), "control", String::new()),
        };
        let note = row.note.clone().unwrap_or_default();
        write(
            &row.coordinate.period,
            &row.coordinate.codes,
            &value,
            &row.flags.join(" "),
            &note,
            role,
            &base,
        )?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

pub async fn save_grid(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, cube)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let (c, k, user) = (cycle.clone(), cube.clone(), ctx.caller());
    let csv = state
        .call(&ctx, move |app| {
            let sheet = app.return_sheet(&user, &c, &k)?;
            Ok(grid_csv(app, (&sheet.observations, &sheet.controls), &k, &form))
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

//! Reading: the token itself, the findings on its own returns, and what is published.

use axum::extract::State;
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::model::{
    stored_finding_json, DataTable, DataTables, Findings, Publication, Publications, TokenInfo,
};
use super::{call, ApiCtx, ApiError, ApiPath, ApiQuery, ApiResult};
use crate::AppState;

/// The token this request was made with: its label, role and actor.
#[utoipa::path(
    get,
    path = "/api/v1/token",
    tag = "meta",
    responses(
        (status = 200, description = "The token", body = TokenInfo),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
    )
)]
pub async fn token(Extension(ctx): Extension<ApiCtx>) -> ApiResult<Json<TokenInfo>> {
    let caller = ctx.caller()?;
    let client =
        caller.api_client().ok_or_else(|| ApiError::internal(&ctx, &"an API caller without a token"))?;
    Ok(Json(TokenInfo {
        label: client.label.clone(),
        role: client.role.as_str().to_string(),
        actor: client.actor.clone(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingsQuery {
    /// Only the findings on this cube's return (a cube of the token's actor).
    pub cube: Option<String>,
}

/// The findings on the token's own returns
///
/// What validation found on the returns of the token's actor in a cycle (every severity,
/// errors first, with any explanation given), or on the return of one `cube`. Another actor's
/// returns are refused. Messages are in the language of Accept-Language.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{cycle}/findings",
    tag = "findings",
    params(("cycle" = String, Path, description = "The reporting cycle", example = "2019-2020"), FindingsQuery),
    responses(
        (status = 200, description = "The findings", body = Findings),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "Another actor's returns, or a token that sees no actor's returns", body = ApiError),
        (status = 404, description = "Unknown cycle or cube", body = ApiError),
    )
)]
pub async fn findings(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiPath(cycle): ApiPath<String>,
    ApiQuery(query): ApiQuery<FindingsQuery>,
) -> ApiResult<Json<Findings>> {
    let caller = ctx.caller()?;
    let c = cycle.clone();
    let stored =
        call(&state, &ctx, move |app| app.findings_on_returns(&caller, Some(&c), query.cube.as_deref()))
            .await?;
    let catalog = &state.catalog.catalog;
    let findings = stored.iter().map(|s| stored_finding_json(catalog, ctx.tr.lang, s)).collect();
    Ok(Json(Findings { cycle, findings }))
}

/// The published reports
///
/// Every published report build, newest first (any token).
#[utoipa::path(
    get,
    path = "/api/v1/publications",
    tag = "published",
    responses(
        (status = 200, description = "The published builds", body = Publications),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
    )
)]
pub async fn publications(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
) -> ApiResult<Json<Publications>> {
    let caller = ctx.caller()?;
    let builds = call(&state, &ctx, move |app| app.published_builds(&caller)).await?;
    Ok(Json(Publications { publications: builds.iter().map(Publication::from).collect() }))
}

/// The files of a publication's open data, or 404.
async fn package(
    state: &AppState,
    ctx: &ApiCtx,
    id: i64,
) -> ApiResult<(rapporteur_domain::ReportBuild, Vec<rapporteur_app::PackageFile>)> {
    let caller = ctx.caller()?;
    let found = call(state, ctx, move |app| app.published_open_data_files(&caller, id)).await?;
    found.ok_or_else(|| {
        ApiError::new(
            ctx,
            StatusCode::NOT_FOUND,
            "not-found",
            ctx.tr.args("api-no-publication", &[("id", &id.to_string())]),
        )
    })
}

/// The tables a data file of the package holds: `data/<table>.csv`.
fn table_of(path: &str) -> Option<&str> {
    path.strip_prefix("data/")?.strip_suffix(".csv")
}

/// The tables of a publication's open data
///
/// The open-data package published with a report build holds one tidy table per cube: every
/// cell the publication prints, once, protected by disclosure control as published.
#[utoipa::path(
    get,
    path = "/api/v1/publications/{id}/data",
    tag = "published",
    params(("id" = i64, Path, description = "The published build's id")),
    responses(
        (status = 200, description = "The tables", body = DataTables),
        (status = 400, description = "A malformed id", body = ApiError),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 404, description = "No such published build, or none with open data", body = ApiError),
    )
)]
pub async fn data_tables(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DataTables>> {
    let (build, files) = package(&state, &ctx, id).await?;
    let tables = files.iter().filter_map(|f| table_of(&f.path)).map(str::to_string).collect();
    Ok(Json(DataTables { publication: build.id, cycle: build.cycle, tables }))
}

/// The format of a table.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    #[default]
    Json,
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableQuery {
    /// json (columns and rows) or csv (the package's file, as published) [default: json]
    pub format: Option<TableFormat>,
}

/// One table of a publication's open data
///
/// As JSON (columns and rows of text) or as the package's CSV file, byte for byte.
#[utoipa::path(
    get,
    path = "/api/v1/publications/{id}/data/{table}",
    tag = "published",
    params(
        ("id" = i64, Path, description = "The published build's id"),
        ("table" = String, Path, description = "The table's name (a cube's id), as `/publications/{id}/data` lists them"),
        TableQuery,
    ),
    responses(
        (status = 200, description = "The table", content(
            (DataTable = "application/json"),
            (String = "text/csv")
        )),
        (status = 400, description = "A malformed id or format", body = ApiError),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 404, description = "No such published build or table", body = ApiError),
    )
)]
pub async fn data_table(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiPath((id, table)): ApiPath<(i64, String)>,
    ApiQuery(query): ApiQuery<TableQuery>,
) -> ApiResult<Response> {
    let (build, files) = package(&state, &ctx, id).await?;
    let Some(file) = files.into_iter().find(|f| table_of(&f.path) == Some(table.as_str())) else {
        return Err(ApiError::new(
            &ctx,
            StatusCode::NOT_FOUND,
            "not-found",
            ctx.tr.args("api-no-data-table", &[("table", &table)]),
        ));
    };
    match query.format.unwrap_or_default() {
        TableFormat::Csv => {
            Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"))], file.bytes)
                .into_response())
        }
        TableFormat::Json => {
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(file.bytes.as_slice());
            let columns = reader
                .headers()
                .map_err(|e| ApiError::internal(&ctx, &e))?
                .iter()
                .map(str::to_string)
                .collect();
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| ApiError::internal(&ctx, &e))?;
                rows.push(record.iter().map(str::to_string).collect());
            }
            Ok(Json(DataTable { publication: build.id, table, columns, rows }).into_response())
        }
    }
}

/// A publication's open-data package
///
/// The ZIP archive published with the report build: tidy CSV and Parquet per cube, code
/// lists, datapackage.json, DCAT-AP metadata and READMEs (as the portal's download).
#[utoipa::path(
    get,
    path = "/api/v1/publications/{id}/open-data",
    tag = "published",
    params(("id" = i64, Path, description = "The published build's id")),
    responses(
        (status = 200, description = "The archive", body = super::model::FileBytes, content_type = "application/zip"),
        (status = 400, description = "A malformed id", body = ApiError),
        (status = 401, description = "No token, or an unknown or revoked one", body = ApiError),
        (status = 404, description = "No such published build, or none with open data", body = ApiError),
    )
)]
pub async fn open_data(
    State(state): State<AppState>,
    Extension(ctx): Extension<ApiCtx>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let caller = ctx.caller()?;
    let found = call(&state, &ctx, move |app| app.published_open_data(&caller, id)).await?;
    let Some((build, bytes)) = found else {
        return Err(ApiError::new(
            &ctx,
            StatusCode::NOT_FOUND,
            "not-found",
            ctx.tr.args("api-no-publication", &[("id", &id.to_string())]),
        ));
    };
    let disposition = format!("attachment; filename=\"rapporteur-{}-open-data.zip\"", build.cycle);
    let mut response =
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"))], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

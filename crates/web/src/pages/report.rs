//! Compiling: the coordinator builds the cycle's report (HTML, PDF, XLSX), reads the data-quality
//! annex, downloads and publishes; everyone downloads what is published.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_domain::ReportBuild;
use rapporteur_pdf::OutputFormat;
use rapporteur_report::{finding_message, Locale};

use super::home::{actor_label, render};
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

/// The formats the portal builds.
const FORMATS: [OutputFormat; 3] = [OutputFormat::Html, OutputFormat::Pdf, OutputFormat::Xlsx];

pub struct FindingView {
    pub severity: String,
    pub severity_label: String,
    pub message: String,
    pub actor: String,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct CompilePage {
    p: Page,
    cycle: String,
    builds: Vec<ReportBuild>,
    /// Per language, how many texts are draft translations (languages with none left out).
    drafts: std::collections::BTreeMap<String, usize>,
    findings: Vec<FindingView>,
    errors: usize,
    languages: Vec<String>,
    /// The international destinations: crosswalk id and name in the reader's language.
    destinations: Vec<(String, String)>,
}

/// How many texts are draft translations, per language that has any.
fn drafts_by_language(
    app: &rapporteur_app::App,
    user: &rapporteur_domain::access::Caller,
    cycle: &str,
) -> rapporteur_app::Result<std::collections::BTreeMap<String, usize>> {
    let mut out = std::collections::BTreeMap::new();
    for lang in &app.catalog().languages {
        let drafts = app.draft_translations(user, cycle, lang)?;
        if drafts > 0 {
            out.insert(lang.clone(), drafts);
        }
    }
    Ok(out)
}

pub async fn compile(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = ctx.clone();
    let page = state
        .call(&ctx, move |app| -> rapporteur_app::Result<CompilePage> {
            let cycle = app.cycle(Some(&cycle))?.id.clone();
            let lang = c.tr.lang;
            let locale = Locale::new(app.catalog(), lang);
            let stored = app.validate(&user, Some(&cycle))?;
            let findings: Vec<FindingView> = stored
                .iter()
                .map(|s| FindingView {
                    severity: s.finding.severity.as_str().to_string(),
                    severity_label: c.tr.get(&format!("severity-{}", s.finding.severity.as_str())),
                    message: finding_message(app.catalog(), &s.finding, &locale),
                    actor: s.finding.actor.as_deref().map(|a| actor_label(app, a, lang)).unwrap_or_default(),
                    explanation: s.acknowledgment.as_ref().map(|a| a.explanation.clone()).unwrap_or_default(),
                })
                .collect();
            let errors = findings.iter().filter(|f| f.severity == "error").count();
            Ok(CompilePage {
                p: Page::new(&c, c.tr.get("report-title")),
                drafts: drafts_by_language(app, &user, &cycle)?,
                builds: app.report_builds(&user, &cycle)?,
                cycle,
                findings,
                errors,
                languages: app.catalog().languages.clone(),
                destinations: app
                    .destinations()
                    .iter()
                    .map(|d| (d.id.clone(), d.name.get(lang).to_string()))
                    .collect(),
            })
        })
        .await?;
    let page = CompilePage { p: page.p.with_flash(q.done.as_deref()), ..page };
    render(&ctx, &page)
}

#[derive(serde::Deserialize)]
pub struct BuildForm {
    lang: String,
}

pub async fn build(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Form(form): Form<BuildForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let (c, lang, caller) = (cycle.clone(), form.lang.clone(), user.clone());
    let documents = state.call(&ctx, move |app| app.report(&caller, Some(&c), &[lang])).await?;
    // Typesetting takes seconds: it runs without holding the store.
    let files = state
        .heavy(&ctx, move || {
            let mut files = Vec::new();
            for document in &documents {
                for format in FORMATS {
                    let bytes = rapporteur_pdf::render_output(document, format).map_err(|e| e.to_string())?;
                    files.push((document.lang.clone(), format, bytes));
                }
            }
            Ok::<_, String>(files)
        })
        .await?
        .map_err(|e| WebError::internal(&ctx, &e))?;
    let c = cycle.clone();
    state
        .call(&ctx, move |app| -> rapporteur_app::Result<()> {
            for (lang, format, bytes) in files {
                app.save_report_build(&user, &c, (&lang, format.extension()), &bytes)?;
            }
            Ok(())
        })
        .await?;
    Ok(done(&format!("/cycles/{cycle}/report"), "built").into_response())
}

pub async fn download(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let found = state.call(&ctx, move |app| app.report_build(&user, id)).await?;
    let Some((row, bytes)) = found else { return Err(WebError::not_found(&ctx)) };
    let format = OutputFormat::parse(&row.format).unwrap_or(OutputFormat::Html);
    let file_name = format!("rapporteur-{}.{}.{}", row.cycle, row.lang, format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The publish form: `drafts=accepted` when the coordinator publishes draft translations.
#[derive(serde::Deserialize)]
pub struct PublishForm {
    drafts: Option<String>,
}

pub async fn publish(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let cycle = state
        .call(&ctx, move |app| -> rapporteur_app::Result<Option<String>> {
            app.publish_build(&user, id, form.drafts.as_deref() == Some("accepted"))?;
            Ok(app.report_build(&user, id)?.map(|(build, _)| build.cycle))
        })
        .await?
        .ok_or_else(|| WebError::not_found(&ctx))?;
    Ok(done(&format!("/cycles/{cycle}/report"), "published").into_response())
}

/// The open-data package published with a build, as one ZIP archive: for whoever may read
/// what is published; not found for a build that is not published.
pub async fn open_data(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let found = state.call(&ctx, move |app| app.published_open_data(&user, id)).await?;
    let Some((build, bytes)) = found else { return Err(WebError::not_found(&ctx)) };
    let file_name = format!("rapporteur-{}-open-data.zip", build.cycle);
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The export of a cycle to an international destination, as one ZIP archive (coordinator
/// only: it is made for sending, not published).
pub async fn export(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, destination)): Path<(String, String)>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let (file_name, bytes) = state
        .call(&ctx, move |app| {
            let today = app.now().chars().take("YYYY-MM-DD".len()).collect::<String>();
            app.export_archive(&user, &destination, Some(&cycle), &today)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "published.html")]
struct PublishedPage {
    p: Page,
    builds: Vec<PublishedView>,
}

/// A published build, with the size of its open-data archive in the reader's words.
struct PublishedView {
    build: ReportBuild,
    open_data_size: Option<String>,
}

pub async fn published(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> WebResult<Response> {
    let user = ctx.caller();
    let builds = state.call(&ctx, move |app| app.published_builds(&user)).await?;
    let builds = builds
        .into_iter()
        .map(|build| {
            // Whole kilobytes, rounded up: an archive is never shown as 0.
            let kb = build.open_data_size.map(|bytes| (bytes + 1023) / 1024);
            let open_data_size =
                kb.map(|kb| ctx.tr.args("published-open-data-size", &[("kb", &kb.to_string())]));
            PublishedView { build, open_data_size }
        })
        .collect();
    let p = Page::new(&ctx, ctx.tr.get("published-title"));
    render(&ctx, &PublishedPage { p, builds })
}

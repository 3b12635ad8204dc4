//! The exchange with the translation service, for the coordinator: the texts awaiting
//! translation downloaded as XLIFF 2.1 and the translated file uploaded back; the translation
//! memory downloaded and uploaded as TMX. The same use cases as `rapporteur translation-export`,
//! `translation-import`, `translation-memory-export` and `translation-memory-import`: the
//! downloads are the bytes the command line writes, a refused upload lists its problems.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use rapporteur_app::{ExportChoice, MemoryImport, TranslationImport};

use super::home::{actor_choices, render, Choice};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

#[derive(Template)]
#[template(path = "translations.html")]
struct TranslationsPage {
    p: Page,
    cycle: String,
    languages: Vec<String>,
    actors: Vec<Choice>,
    /// Per language, how many of the cycle's texts are draft translations.
    drafts: Vec<(String, usize)>,
    /// What the export pre-fills, and the likeness from which it offers a fuzzy match.
    export_help: String,
    /// Which upload was refused ("xliff" or "tmx"); empty when none was.
    refused: &'static str,
    problems: Vec<String>,
}

impl TranslationsPage {
    /// The language a form proposes first: the source Dutch, the target the first other.
    fn default_target(&self) -> &str {
        self.languages.iter().find(|l| *l != "nl").map_or("fr", String::as_str)
    }
}

/// What a redirect after an upload says: which message, and its counts.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Outcome {
    done: Option<String>,
    lang: Option<String>,
    count: Option<usize>,
    other: Option<usize>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    cycle: String,
    outcome: Outcome,
    refused: (&'static str, Vec<String>),
    status: StatusCode,
) -> WebResult<Response> {
    let c = ctx.clone();
    let page = state
        .call(ctx, move |app| -> rapporteur_app::Result<TranslationsPage> {
            let user = c.caller();
            let cycle = app.cycle(Some(&cycle))?.id.clone();
            let languages = app.catalog().languages.clone();
            let mut drafts = Vec::new();
            for lang in &languages {
                drafts.push((lang.clone(), app.draft_translations(&user, &cycle, lang)?));
            }
            let mut p = Page::new(&c, c.tr.get("translations-title"));
            p.flash = flash(&c, &outcome, &languages);
            Ok(TranslationsPage {
                p,
                cycle,
                actors: actor_choices(app, c.tr.lang),
                languages,
                drafts,
                export_help: c.tr.args(
                    "translations-xliff-export-help",
                    &[("threshold", &rapporteur_domain::translation::FUZZY_THRESHOLD.to_string())],
                ),
                refused: refused.0,
                problems: refused.1,
            })
        })
        .await?;
    let mut response = render(ctx, &page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The message of a redirect after an upload or an empty export, with its counts.
fn flash(ctx: &Ctx, outcome: &Outcome, languages: &[String]) -> Option<String> {
    let lang = outcome.lang.as_deref().filter(|l| languages.iter().any(|k| k == l))?.to_uppercase();
    let (count, other) = (outcome.count.unwrap_or(0).to_string(), outcome.other.unwrap_or(0).to_string());
    let key = match outcome.done.as_deref()? {
        "xliff-imported" => "flash-xliff-imported",
        "tmx-imported" => "flash-tmx-imported",
        "xliff-empty" => "flash-xliff-empty",
        "tmx-empty" => "flash-tmx-empty",
        _ => return None,
    };
    Some(ctx.tr.args(key, &[("lang", &lang), ("count", &count), ("other", &other)]))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Query(outcome): Query<Outcome>,
) -> WebResult<Response> {
    page(&state, &ctx, cycle, outcome, ("", Vec::new()), StatusCode::OK).await
}

/// The redirect to the page after an upload or an empty export.
fn back(cycle: &str, done: &str, lang: &str, (count, other): (usize, usize)) -> Response {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("done", done), ("lang", lang)])
        .extend_pairs([("count", count.to_string()), ("other", other.to_string())])
        .finish();
    Redirect::to(&format!("/cycles/{cycle}/translations?{query}")).into_response()
}

/// A file to download.
fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response()
}

/// The value of a query's field (the last if given twice), empty if absent.
fn field<'a>(query: &'a [(String, String)], name: &str) -> &'a str {
    query.iter().rev().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// The export form: `from`, `to`, any number of `actor`, and `sections` (numbers separated by
/// spaces or commas). Repeated fields, hence the pairs.
pub async fn export_xliff(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let (from, to) = (field(&query, "from").to_string(), field(&query, "to").to_string());
    let choice = ExportChoice {
        actors: query.iter().filter(|(k, v)| k == "actor" && !v.is_empty()).map(|(_, v)| v.clone()).collect(),
        sections: field(&query, "sections")
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let c = cycle.clone();
    let (f, t) = (from.clone(), to.clone());
    let (cycle_id, export) = state
        .call(&ctx, move |app| {
            let id = app.cycle(Some(&c))?.id.clone();
            Ok((id.clone(), app.export_translation(&user, Some(&id), (&f, &t), &choice)?))
        })
        .await?;
    if export.units == 0 {
        return Ok(back(&cycle_id, "xliff-empty", &to, (0, 0)));
    }
    let file_name = format!("rapporteur-{cycle_id}.{from}-{to}.xlf");
    Ok(attachment("application/xliff+xml", &file_name, export.xliff))
}

/// The memory export form: `from`, `to`, `scope` (`cycle` for this cycle's texts only, else
/// every cycle's and the pairs imported before) and `drafts`.
pub async fn export_tmx(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let (from, to) = (field(&query, "from").to_string(), field(&query, "to").to_string());
    let only_cycle = field(&query, "scope") == "cycle";
    let drafts = !field(&query, "drafts").is_empty();
    let c = cycle.clone();
    let (f, t) = (from.clone(), to.clone());
    let (cycle_id, export) = state
        .call(&ctx, move |app| {
            let id = app.cycle(Some(&c))?.id.clone();
            let scope = only_cycle.then_some(id.as_str());
            Ok((id.clone(), app.export_translation_memory(&user, scope, (&f, &t), drafts)?))
        })
        .await?;
    if export.units == 0 {
        return Ok(back(&cycle_id, "tmx-empty", &to, (0, 0)));
    }
    let file_name = if only_cycle {
        format!("rapporteur-{cycle_id}.{from}-{to}.tmx")
    } else {
        format!("rapporteur.{from}-{to}.tmx")
    };
    Ok(attachment("application/x-tmx+xml", &file_name, export.tmx))
}

/// An upload form's file and its other fields.
async fn read_upload(ctx: &Ctx, mut multipart: Multipart) -> WebResult<(Vec<u8>, Vec<(String, String)>)> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::new(ctx, StatusCode::BAD_REQUEST, e.to_string())
    };
    let mut file = Vec::new();
    let mut fields = Vec::new();
    while let Some(part) = multipart.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        if name == "file" {
            file = part.bytes().await.map_err(bad)?.to_vec();
        } else {
            fields.push((name, part.text().await.map_err(bad)?));
        }
    }
    if file.is_empty() {
        return Err(WebError::new(ctx, StatusCode::BAD_REQUEST, ctx.tr.get("return-no-file")));
    }
    Ok((file, fields))
}

/// The upload of a translated XLIFF file: every text stored, or the page listing the problems.
pub async fn import_xliff(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    multipart: Multipart,
) -> WebResult<Response> {
    let (bytes, _) = read_upload(&ctx, multipart).await?;
    let user = ctx.caller();
    match state.call(&ctx, move |app| app.import_translation(&user, &bytes)).await? {
        TranslationImport::Stored { language, texts, unchanged } => {
            let count = texts.values().sum();
            Ok(back(&cycle, "xliff-imported", &language, (count, unchanged)))
        }
        TranslationImport::Refused(problems) => {
            let lines = super::problem_lines(&ctx, &problems, "problem-line", "translations-more-problems");
            let outcome = Outcome::default();
            page(&state, &ctx, cycle, outcome, ("xliff", lines), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The upload of a TMX file into the translation memory (`to`: the target language, needed
/// only when the file holds translations into several).
pub async fn import_tmx(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    multipart: Multipart,
) -> WebResult<Response> {
    let (bytes, fields) = read_upload(&ctx, multipart).await?;
    let to = Some(field(&fields, "to").to_string()).filter(|t| !t.is_empty());
    let user = ctx.caller();
    match state.call(&ctx, move |app| app.import_translation_memory(&user, &bytes, to.as_deref())).await? {
        MemoryImport::Stored { to, pairs, changed, .. } => {
            Ok(back(&cycle, "tmx-imported", &to, (pairs, changed)))
        }
        MemoryImport::Refused(problems) => {
            let lines = super::problem_lines(&ctx, &problems, "problem-line", "translations-more-problems");
            let outcome = Outcome::default();
            page(&state, &ctx, cycle, outcome, ("tmx", lines), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

//! An actor's text of a report section: Markdown in each language, a preview, submit and
//! review. The preview is rendered on the server by the report's own Markdown renderer.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_domain::{ItemKind, ItemRef};
use rapporteur_report::markdown_to_html;

use super::home::{actor_label, item_label, render};
use super::{done, Done, Workflow};
use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::page::Page;
use crate::AppState;

pub struct LangText {
    pub lang: String,
    pub markdown: String,
    pub preview: String,
    /// Where the text stands in this language, in the page's language.
    pub status: String,
    /// The status's code (`original`, `draft`, … or `awaiting`), for its style.
    pub status_code: &'static str,
}

#[derive(Template)]
#[template(path = "text.html")]
struct TextPage {
    p: Page,
    cycle: String,
    section: String,
    section_label: String,
    actor: String,
    actor_label: String,
    texts: Vec<LangText>,
    w: Workflow,
}

async fn text_page(
    state: &AppState,
    ctx: &Ctx,
    cycle: String,
    section: String,
    actor: String,
    edited: Option<(String, String)>,
    flash: Option<String>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = ctx.clone();
    let page = state
        .call(ctx, move |app| -> rapporteur_app::Result<TextPage> {
            let lang = c.tr.lang;
            let found =
                app.section_texts(&user, &cycle, &ItemRef::new(ItemKind::Section, &section, &actor))?;
            let statuses = found.statuses;
            let texts = found
                .texts
                .into_iter()
                .map(|(l, saved)| {
                    let markdown = match &edited {
                        Some((el, text)) if *el == l => text.clone(),
                        _ => saved,
                    };
                    let status_code = statuses.get(&l).map_or("awaiting", |s| s.as_str());
                    let status = c.tr.get(&format!("text-status-{status_code}"));
                    LangText { lang: l, preview: markdown_to_html(&markdown), markdown, status, status_code }
                })
                .collect();
            Ok(TextPage {
                p: Page::new(&c, item_label(app, ItemKind::Section, &section, lang)),
                section_label: item_label(app, ItemKind::Section, &section, lang),
                actor_label: actor_label(app, &actor, lang),
                w: Workflow::new(&c, &cycle, &found.view, format!("/cycles/{cycle}/texts/{section}/{actor}")),
                cycle,
                section,
                actor,
                texts,
            })
        })
        .await?;
    let page = TextPage { p: page.p.with_flash(flash.as_deref()), ..page };
    render(ctx, &page)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, section, actor)): Path<(String, String, String)>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    text_page(&state, &ctx, cycle, section, actor, None, q.done).await
}

#[derive(serde::Deserialize)]
pub struct TextForm {
    lang: String,
    markdown: String,
    /// "preview" shows the text without saving it.
    #[serde(default)]
    action: String,
}

pub async fn save(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((cycle, section, actor)): Path<(String, String, String)>,
    Form(form): Form<TextForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    // Browsers send CR LF line ends; the store keeps LF.
    let markdown = form.markdown.replace("\r\n", "\n");
    if form.action == "preview" {
        return text_page(
            &state,
            &ctx,
            cycle,
            section,
            actor,
            Some((form.lang, markdown)),
            Some("preview".into()),
        )
        .await;
    }
    let (c, s, a) = (cycle.clone(), section.clone(), actor.clone());
    let text = ItemRef::new(ItemKind::Section, &s, &a);
    state.call(&ctx, move |app| app.save_text(&user, &c, &text, &form.lang, &markdown)).await?;
    Ok(done(&format!("/cycles/{cycle}/texts/{section}/{actor}"), "saved").into_response())
}

//! The start page, the cycle's completeness board, and the changes made from it: opening a
//! cycle, assigning, submitting, approving and sending back.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use rapporteur_app::{summarize, ActorSummary, App, BoardLine, LanguageCounts, TextLine};
use rapporteur_domain::access::Role;
use rapporteur_domain::ItemKind;

use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::page::Page;
use crate::AppState;

pub fn render(ctx: &Ctx, template: &impl Template) -> WebResult<Response> {
    let html = template.render().map_err(|e| WebError::internal(ctx, &e))?;
    Ok(Html(html).into_response())
}

/// A cycle as the start page lists it.
pub struct CycleView {
    pub id: String,
    pub name: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    p: Page,
    cycles: Vec<CycleView>,
}

pub async fn home(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    match ctx.user().role {
        Role::Reader => return Ok(Redirect::to("/reports").into_response()),
        Role::Field => return Ok(Redirect::to("/checklists/new").into_response()),
        _ => {}
    }
    let lang = ctx.tr.lang;
    let cycles = state
        .call(&ctx, move |app| -> rapporteur_app::Result<Vec<CycleView>> {
            let open = app.open_cycles()?;
            Ok(app
                .catalog()
                .cycles
                .iter()
                .map(|c| CycleView {
                    id: c.id.clone(),
                    name: c.name.get(lang).to_string(),
                    open: open.contains(&c.id),
                })
                .collect())
        })
        .await?;
    let p = Page::new(&ctx, ctx.tr.get("home-title")).with_flash(q.done.as_deref());
    render(&ctx, &HomePage { p, cycles })
}

/// One line of the board, ready to show.
pub struct LineView {
    pub kind: String,
    pub item: String,
    pub label: String,
    pub actor: String,
    pub actor_label: String,
    pub deadline: String,
    pub status: String,
    pub status_label: String,
    pub comment: String,
    pub delivered: bool,
    pub errors: usize,
    pub warnings: usize,
    pub unexplained: usize,
    pub late: bool,
    pub link: String,
    pub may_submit: bool,
    pub may_review: bool,
}

/// One actor's line of the board's summary.
pub struct SummaryView {
    pub actor_label: String,
    pub counts: ActorSummary,
}

/// One text item of the board (a section, an actor) and its status per language.
pub struct TextLineView {
    pub label: String,
    pub actor_label: String,
    /// The section's texts page, when the section is assigned to the actor.
    pub link: Option<String>,
    pub cells: Vec<TextCell>,
}

/// A text's status in one language: the status's code (for styling) and its word.
pub struct TextCell {
    pub lang: String,
    pub code: &'static str,
    pub label: String,
}

/// A choice of a select list: value and label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    p: Page,
    cycle: String,
    cycle_name: String,
    lines: Vec<LineView>,
    summary: Vec<SummaryView>,
    languages: Vec<String>,
    texts: Vec<TextLineView>,
    text_counts: Vec<String>,
    actors: Vec<Choice>,
    cubes: Vec<Choice>,
    sections: Vec<Choice>,
}

pub fn actor_label(app: &App, actor: &str, lang: &str) -> String {
    app.catalog().code_labels("actor", actor).get(lang).to_string()
}

/// The actors of the catalog as choices, labelled in `lang`.
pub fn actor_choices(app: &App, lang: &str) -> Vec<Choice> {
    app.catalog()
        .code_lists
        .get("actor")
        .map(|l| {
            l.codes
                .iter()
                .map(|c| Choice { value: c.id.clone(), label: c.labels.get(lang).to_string() })
                .collect()
        })
        .unwrap_or_default()
}

pub fn item_label(app: &App, kind: ItemKind, item: &str, lang: &str) -> String {
    let catalog = app.catalog();
    match kind {
        ItemKind::Cube => {
            catalog.cubes.get(item).map_or_else(|| item.to_string(), |c| c.name.get(lang).to_string())
        }
        ItemKind::Section => catalog
            .outline
            .iter()
            .flat_map(|o| &o.chapters)
            .flat_map(|c| {
                std::iter::once((&c.number, &c.title)).chain(c.sections.iter().map(|s| (&s.number, &s.title)))
            })
            .find(|(number, _)| number.as_str() == item)
            .map_or_else(|| item.to_string(), |(number, title)| format!("{number} {}", title.get(lang))),
    }
}

fn line_view(app: &App, ctx: &Ctx, cycle: &str, line: BoardLine) -> LineView {
    let lang = ctx.tr.lang;
    let a = line.assignment;
    let item = a.item;
    let link = match item.kind {
        ItemKind::Cube => format!("/cycles/{cycle}/returns/{}", item.item),
        ItemKind::Section => format!("/cycles/{cycle}/texts/{}/{}", item.item, item.actor),
    };
    LineView {
        label: item_label(app, item.kind, &item.item, lang),
        actor_label: actor_label(app, &item.actor, lang),
        status_label: ctx.tr.get(&format!("status-{}", a.status.as_str())),
        may_submit: line.may_submit,
        may_review: line.may_review,
        comment: a.comment.clone().unwrap_or_default(),
        kind: item.kind.as_str().to_string(),
        item: item.item,
        actor: item.actor,
        deadline: a.deadline,
        status: a.status.as_str().to_string(),
        delivered: line.delivered,
        errors: line.errors,
        warnings: line.warnings,
        unexplained: line.unexplained,
        late: line.late,
        link,
    }
}

fn text_line_view(app: &App, ctx: &Ctx, cycle: &str, line: TextLine, assigned: bool) -> TextLineView {
    let lang = ctx.tr.lang;
    let cells = line
        .statuses
        .into_iter()
        .map(|(lang, status)| {
            let code = status.map_or("awaiting", |s| s.as_str());
            TextCell { lang, code, label: ctx.tr.get(&format!("board-text-{code}")) }
        })
        .collect();
    TextLineView {
        label: item_label(app, ItemKind::Section, &line.section, lang),
        actor_label: actor_label(app, &line.actor, lang),
        link: assigned.then(|| format!("/cycles/{cycle}/texts/{}/{}", line.section, line.actor)),
        cells,
    }
}

/// A language's count line: "fr: 0 original, 70 drafts, …".
fn text_counts_line(ctx: &Ctx, c: &LanguageCounts) -> String {
    let n = |count: usize| count.to_string();
    ctx.tr.args(
        "board-text-counts",
        &[
            ("lang", &c.lang.to_uppercase()),
            ("original", &n(c.original)),
            ("awaiting", &n(c.awaiting)),
            ("draft", &n(c.draft)),
            ("translated", &n(c.translated)),
            ("reviewed", &n(c.reviewed)),
        ],
    )
}

/// Today (UTC) by the application's clock.
fn today(app: &App) -> String {
    app.now().chars().take(10).collect()
}

pub async fn board(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = ctx.clone();
    let page = state
        .call(&ctx, move |app| -> rapporteur_app::Result<BoardPage> {
            let lang = c.tr.lang;
            let cycle_name = app.cycle(Some(&cycle))?.name.get(lang).to_string();
            let board = app.board(&user, &cycle, &today(app))?;
            let summary = summarize(&board.lines)
                .into_iter()
                .map(|counts| SummaryView { actor_label: actor_label(app, &counts.actor, lang), counts })
                .collect();
            let assigned: std::collections::BTreeSet<(String, String)> = board
                .lines
                .iter()
                .filter(|l| l.assignment.item.kind == ItemKind::Section)
                .map(|l| (l.assignment.item.item.clone(), l.assignment.item.actor.clone()))
                .collect();
            let languages = board.text_counts.iter().map(|c| c.lang.to_uppercase()).collect();
            let text_counts = board.text_counts.iter().map(|counts| text_counts_line(&c, counts)).collect();
            let texts = board
                .texts
                .into_iter()
                .map(|t| {
                    let is_assigned = assigned.contains(&(t.section.clone(), t.actor.clone()));
                    text_line_view(app, &c, &cycle, t, is_assigned)
                })
                .collect();
            let lines = board.lines.into_iter().map(|line| line_view(app, &c, &cycle, line)).collect();
            let catalog = app.catalog();
            let actors = actor_choices(app, lang);
            let cubes = catalog
                .cubes
                .values()
                .map(|cube| Choice {
                    value: cube.id.clone(),
                    label: format!("{} ({})", cube.name.get(lang), cube.owner),
                })
                .collect();
            let sections = app
                .section_numbers()
                .into_iter()
                .map(|n| Choice { label: item_label(app, ItemKind::Section, &n, lang), value: n })
                .collect();
            Ok(BoardPage {
                p: Page::new(&c, cycle_name.clone()),
                cycle,
                cycle_name,
                lines,
                summary,
                languages,
                texts,
                text_counts,
                actors,
                cubes,
                sections,
            })
        })
        .await?;
    let page = BoardPage { p: page.p.with_flash(q.done.as_deref()), ..page };
    render(&ctx, &page)
}

#[derive(serde::Deserialize)]
pub struct OpenForm {
    cycle: String,
}

pub async fn open_cycle(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<OpenForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let cycle = form.cycle.clone();
    state.call(&ctx, move |app| app.open_cycle(&user, &cycle)).await?;
    Ok(done(&format!("/cycles/{}", form.cycle), "cycle-opened").into_response())
}

#[derive(serde::Deserialize)]
pub struct AssignForm {
    kind: String,
    item: String,
    actor: String,
    deadline: String,
}

pub async fn assign(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Form(form): Form<AssignForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = cycle.clone();
    let item = super::item_ref(&ctx, &form.kind, &form.item, &form.actor)?;
    state.call(&ctx, move |app| app.assign(&user, &c, &item, &form.deadline)).await?;
    Ok(done(&format!("/cycles/{cycle}"), "assigned").into_response())
}

#[derive(serde::Deserialize)]
pub struct StatusForm {
    kind: String,
    item: String,
    actor: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
    /// Where to go afterwards (a local path), else the board.
    #[serde(default)]
    back: String,
}

fn back_to(form_back: &str, cycle: &str) -> String {
    super::local_path(form_back, format!("/cycles/{cycle}"))
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Form(form): Form<StatusForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = cycle.clone();
    let back = back_to(&form.back, &cycle);
    let item = super::item_ref(&ctx, &form.kind, &form.item, &form.actor)?;
    state.call(&ctx, move |app| app.submit(&user, &c, &item)).await?;
    Ok(done(&back, "submitted").into_response())
}

pub async fn review(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(cycle): Path<String>,
    Form(form): Form<StatusForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let c = cycle.clone();
    let approve = form.decision == "approve";
    let back = back_to(&form.back, &cycle);
    let item = super::item_ref(&ctx, &form.kind, &form.item, &form.actor)?;
    state.call(&ctx, move |app| app.review(&user, &c, &item, approve, &form.comment)).await?;
    Ok(done(&back, if approve { "approved" } else { "sent-back" }).into_response())
}

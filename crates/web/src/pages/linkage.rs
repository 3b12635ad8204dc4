//! The chain, for the coordinator: the latest linkage run, what the linked records give
//! (distinct victims per year, the overlap between lists, the funnel of each cohort), the pairs
//! the rule is unsure of with what the centre knows of both records, and the decision on each.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use rapporteur_app::{Agreement, ChainView, Fact, FieldRow, RecordFacts, ReviewItem};
use rapporteur_domain::catalog::{Completeness, LinkBasis, SourceIdentities};
use rapporteur_domain::RecordRef;

use super::home::render;
use super::record_value::fact_text;
use super::{done, Done};
use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::page::Page;
use crate::AppState;

/// Uncertain pairs shown at once.
const REVIEW_SHOWN: usize = 50;

/// One row of a table: its header cell and its values.
pub struct Row {
    pub head: String,
    pub cells: Vec<String>,
}

/// A table of the page: caption, column heads, rows.
pub struct TableView {
    pub id: &'static str,
    pub caption: String,
    /// The heading of the rows' header column.
    pub head: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

pub struct PairView {
    pub legend: String,
    /// What the pair rests on when it is less than names and full birth dates (else empty).
    pub basis: String,
    pub item: ReviewItem,
    /// The two records' column heads: the record and the actor holding it.
    pub a: String,
    pub b: String,
    /// The non-identifying fields side by side.
    pub rows: Vec<FieldView>,
    /// How many days apart the two registrations are (empty when a date is missing).
    pub days_apart: String,
}

/// One field of the pair in the page's language.
pub struct FieldView {
    pub name: String,
    pub a: String,
    pub b: String,
    /// Whether the two agree, in words (empty when only one record holds the field).
    pub agreement: String,
    /// The row's class, so that agreement also shows without reading it.
    pub class: &'static str,
}

#[derive(Template)]
#[template(path = "linkage.html")]
struct LinkagePage {
    p: Page,
    run_summary: String,
    tables: Vec<TableView>,
    pairs: Vec<PairView>,
}

/// A record's column head: the record and who holds it.
fn head(t: Tr, record: &RecordRef, facts: &RecordFacts) -> String {
    match facts.owner_name.get(t.lang) {
        "" => record.to_string(),
        owner => format!("{record} ({owner})"),
    }
}

/// A field's value in the page's language, or the words for a field the record lacks.
fn value(t: Tr, fact: Option<&Fact>) -> String {
    fact.map_or_else(|| t.get("chain-not-given"), |fact| fact_text(t, fact))
}

fn field_view(t: Tr, row: &FieldRow<'_>) -> FieldView {
    let (agreement, class) = match row.agreement() {
        Agreement::Same => (t.get("chain-agree-same"), "agree"),
        Agreement::Different => (t.get("chain-agree-different"), "differ"),
        Agreement::Compatible => (t.get("chain-agree-compatible"), "compatible"),
        Agreement::NotComparable | Agreement::OneOnly => (String::new(), "one"),
    };
    FieldView {
        name: row.name.get(t.lang).to_string(),
        a: value(t, row.a),
        b: value(t, row.b),
        agreement,
        class,
    }
}

/// The chain's tables, with their labels in the page's language.
fn tables(ctx: &Ctx, view: &ChainView) -> Vec<TableView> {
    let t = &ctx.tr;
    let lists: Vec<String> = view.list_names.iter().map(|n| n.get(t.lang).to_string()).collect();
    let mut columns = vec![t.get("chain-registrations"), t.get("chain-persons")];
    columns.extend(lists.iter().cloned());
    let distinct = TableView {
        id: "distinct",
        caption: t.get("chain-distinct-caption"),
        head: t.get("chain-year"),
        columns,
        rows: view
            .distinct
            .iter()
            .map(|d| Row {
                head: d.year.to_string(),
                cells: [d.registrations, d.persons]
                    .iter()
                    .chain(&d.by_list)
                    .map(ToString::to_string)
                    .collect(),
            })
            .collect(),
    };
    let mut overlap_rows = Vec::new();
    for (year, combinations) in &view.overlap {
        let mut rows: Vec<(&u32, &u64)> = combinations.iter().collect();
        rows.sort_by_key(|(mask, n)| (std::cmp::Reverse(**n), **mask));
        for (mask, n) in rows {
            let names: Vec<&str> =
                (0..lists.len()).filter(|i| *mask >> i & 1 == 1).map(|i| lists[i].as_str()).collect();
            overlap_rows.push(Row { head: year.to_string(), cells: vec![names.join(" + "), n.to_string()] });
        }
    }
    let overlap = TableView {
        id: "overlap",
        caption: t.get("chain-overlap-caption"),
        head: t.get("chain-year"),
        columns: vec![t.get("chain-lists"), t.get("chain-persons")],
        rows: overlap_rows,
    };
    let steps = |step: &str| t.get(&format!("chain-step-{step}"));
    let mut columns = vec![t.get("chain-form")];
    columns.extend(view.chain.step_order.iter().map(|s| steps(s)));
    let funnel = TableView {
        id: "funnel",
        caption: t.get("chain-funnel-caption"),
        head: t.get("chain-cohort"),
        columns,
        rows: view
            .funnel
            .iter()
            .map(|row| Row {
                head: row.cohort.to_string(),
                cells: std::iter::once(row.form.clone().unwrap_or_else(|| t.get("chain-all-forms")))
                    .chain(row.reached.iter().map(|(_, n)| n.to_string()))
                    .collect(),
            })
            .collect(),
    };
    vec![distinct, overlap, funnel]
}

/// Each source's registrations by how complete the identity behind them was.
fn identities(ctx: &Ctx, catalog: &rapporteur_domain::Catalog, sources: &[SourceIdentities]) -> TableView {
    let t = &ctx.tr;
    let mut columns: Vec<String> =
        Completeness::ALL.iter().map(|c| c.label(catalog, t.lang).to_string()).collect();
    columns.push(t.get("chain-identity-incomplete"));
    TableView {
        id: "identity",
        caption: t.get("chain-identity-caption"),
        head: t.get("chain-source"),
        columns,
        rows: sources
            .iter()
            .filter(|s| s.total() > 0)
            .map(|s| Row {
                head: s.name.get(t.lang).to_string(),
                cells: Completeness::ALL
                    .iter()
                    .map(|c| s.counts[c].to_string())
                    .chain(std::iter::once(format!(
                        "{:.1} %",
                        100.0 * s.incomplete() as f64 / s.total() as f64
                    )))
                    .collect(),
            })
            .collect(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> WebResult<Response> {
    let (user, c) = (ctx.caller(), ctx.clone());
    let (view, items, identity) = state
        .call(&ctx, move |app| {
            let view = app.chain(&user)?;
            let items = if view.run.is_some() { app.link_review(&user, REVIEW_SHOWN)? } else { Vec::new() };
            let identity = identities(&c, app.catalog(), &app.identity_completeness(&user)?);
            Ok((view, items, identity))
        })
        .await?;
    let t = &ctx.tr;
    let pairs = items
        .into_iter()
        .map(|item| PairView {
            legend: t.args(
                "chain-pair",
                &[
                    ("similarity", &format!("{:.3}", item.pair.similarity)),
                    ("probability", &format!("{:.2}", item.pair.probability)),
                ],
            ),
            basis: match item.pair.basis {
                LinkBasis::NameAndBirthDate | LinkBasis::SharedReference => String::new(),
                LinkBasis::OneNameAndBirthDate => t.get("chain-basis-one-name"),
                LinkBasis::NameAndBirthYear => t.get("chain-basis-name-and-year"),
                LinkBasis::NameOnly => t.get("chain-basis-name-only"),
            },
            a: head(*t, &item.pair.a, &item.a),
            b: head(*t, &item.pair.b, &item.b),
            rows: item.rows().iter().map(|row| field_view(*t, row)).collect(),
            days_apart: item
                .days_apart
                .map(|days| t.args("chain-days-apart", &[("days", &days.to_string())]))
                .unwrap_or_default(),
            item,
        })
        .collect();
    let run_summary = match &view.run {
        None => t.get("chain-never-linked"),
        Some(run) => t.args(
            "chain-run-summary",
            &[
                ("id", &run.id.to_string()),
                ("at", &run.at),
                ("by", &run.by),
                ("records", &run.records.to_string()),
                ("persons", &run.persons.to_string()),
                ("linked", &run.linked_pairs.to_string()),
                ("review", &run.review_pairs.to_string()),
            ],
        ),
    };
    let p = Page::new(&ctx, t.get("chain-title")).with_flash(q.done.as_deref());
    let mut tables = tables(&ctx, &view);
    if !identity.rows.is_empty() {
        tables.push(identity);
    }
    render(&ctx, &LinkagePage { p, run_summary, tables, pairs })
}

pub async fn run(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> WebResult<Response> {
    let user = ctx.caller();
    state.call(&ctx, move |app| app.link_records(&user).map(|_| ())).await?;
    Ok(done("/linkage", "linked").into_response())
}

#[derive(serde::Deserialize)]
pub struct DecideForm {
    a_schema: String,
    a_key: String,
    b_schema: String,
    b_key: String,
    decision: String,
    #[serde(default)]
    comment: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<DecideForm>,
) -> WebResult<Response> {
    let user = ctx.caller();
    let same = form.decision == "same";
    let a = RecordRef { schema: form.a_schema, key: form.a_key };
    let b = RecordRef { schema: form.b_schema, key: form.b_key };
    state.call(&ctx, move |app| app.decide_link(&user, (&a, &b), same, &form.comment)).await?;
    Ok(done("/linkage", "link-decided").into_response())
}

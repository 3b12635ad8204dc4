//! The list of an actor's checklists for its field users: the latest first, codes by their
//! labels, person keys shortened.

use askama::Template;
use rapporteur_app::{App, Fact, Value};
use rapporteur_domain::catalog::{FieldKind, RecordField};

use crate::ctx::Ctx;
use crate::page::Page;
use crate::pages::home::actor_label;
use crate::pages::record_value::fact_text;

use super::*;

/// A stored checklist as the list shows it.
pub struct RowView {
    pub id: String,
    pub cells: Vec<String>,
    pub person: String,
}

#[derive(Template)]
#[template(path = "checklist_list.html")]
pub(super) struct ListPage {
    pub(super) p: Page,
    pub(super) actor_label: String,
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<RowView>,
}

pub(super) fn build_list(app: &mut App, ctx: &Ctx, actor: &str) -> rapporteur_app::Result<Option<ListPage>> {
    let t = ctx.tr;
    let records = app.checklists(&ctx.caller(), actor)?;
    let Some(schema) = app.catalog().records.get(SCHEMA) else { return Ok(None) };
    let shown: Vec<(usize, &RecordField)> =
        LIST_FIELDS.iter().filter_map(|id| schema.field_index(id).map(|i| (i, &schema.fields[i]))).collect();
    let person = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
    let mut rows: Vec<(String, RowView)> = records
        .iter()
        .map(|r| {
            let cells: Vec<String> =
                shown.iter().map(|(i, f)| fact_text(t, &Fact::of(app.catalog(), f, &r.values[*i]))).collect();
            let person = match person.map(|i| &r.values[i]) {
                Some(Value::Text(key)) => {
                    format!("{}…", key.chars().take(PERSON_KEY_SHOWN).collect::<String>())
                }
                _ => String::new(),
            };
            let sort = cells.first().cloned().unwrap_or_default();
            (sort, RowView { id: r.key(schema).to_string(), cells, person })
        })
        .collect();
    // The latest first.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    Ok(Some(ListPage {
        p: Page::new(ctx, t.get("checklist-list-title")),
        actor_label: actor_label(app, actor, t.lang),
        headers: shown.iter().map(|(_, f)| field_label(t, f)).collect(),
        rows: rows.into_iter().map(|(_, row)| row).collect(),
    }))
}

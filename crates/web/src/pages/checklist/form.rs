//! The checklist form: the schema's fields as inputs in the user's language, with the values
//! and problems of a refused attempt.

use std::collections::BTreeMap;

use askama::Template;
use rapporteur_app::App;
use rapporteur_domain::catalog::{FieldKind, RecordField, RecordSchema};

use crate::ctx::Ctx;
use crate::page::Page;
use crate::pages::home::actor_label;

use super::*;

/// A choice of a list or a check box.
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One control of the form.
pub struct FieldView {
    pub id: String,
    pub name: String,
    pub label: String,
    /// `select`, `checks`, or an input type (`date`, `number`, `text`).
    pub control: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<OptionView>,
    pub hint: String,
    pub problem: String,
    /// The ids of the hint and the problem, for `aria-describedby`.
    pub described_by: String,
}

#[derive(Template)]
#[template(path = "checklist_form.html")]
pub(super) struct FormPage {
    pub(super) p: Page,
    pub(super) actor_label: String,
    pub(super) fields: Vec<FieldView>,
    pub(super) asks_identity: bool,
    pub(super) identity_problem: String,
    /// The specialised centres, shown beside the form when no field of the schema takes them.
    pub(super) centres: Vec<String>,
    pub(super) problems: Vec<String>,
}

/// The leaf codes of a list with their labels in `lang`.
pub(super) fn leaf_codes(app: &App, codelist: &str, lang: &str) -> Vec<(String, String)> {
    app.catalog()
        .code_list(codelist)
        .map(|l| {
            l.codes
                .iter()
                .filter(|c| !l.is_aggregate(&c.id))
                .map(|c| (c.id.clone(), c.labels.get(lang).to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the form offers this field (the server makes the key, the person key and the
/// encoding).
pub(super) fn offered(schema: &RecordSchema, field: &RecordField) -> bool {
    field.id != schema.key
        && !matches!(field.kind, FieldKind::PersonKey | FieldKind::PersonEncoding)
        && !field.is_identity()
}

/// The values entered, by field id.
pub(super) type Values = BTreeMap<String, Vec<String>>;

/// What the form shows again after a refusal: the values entered (never the identity) and the
/// problems, by field and in general.
#[derive(Default)]
pub(super) struct Entered {
    pub(super) values: Values,
    pub(super) by_field: BTreeMap<String, Vec<String>>,
    pub(super) identity_problem: String,
    pub(super) general: Vec<String>,
}

pub(super) fn build_form(
    app: &App,
    ctx: &Ctx,
    actor: &str,
    asks_identity: bool,
    entered: Entered,
) -> rapporteur_app::Result<Option<FormPage>> {
    let Entered { values, by_field, identity_problem, general } = entered;
    let t = ctx.tr;
    let lang = t.lang;
    let Some(schema) = app.checklist_schema(&ctx.caller(), actor)? else { return Ok(None) };
    let today: String = app.now().chars().take(10).collect();
    let mut has_referral = false;
    let mut fields = Vec::new();
    for field in schema.fields.iter().filter(|f| offered(schema, f)) {
        let given = values.get(&field.id).cloned().unwrap_or_default();
        let first = given.first().cloned().unwrap_or_default();
        let chosen = |value: &str| given.iter().any(|g| g == value);
        let (control, value, options) = match &field.kind {
            FieldKind::Code { codelist } => {
                has_referral |= codelist == CENTRE_LIST;
                let options = leaf_codes(app, codelist, lang)
                    .into_iter()
                    .map(|(value, label)| OptionView { selected: chosen(&value), value, label })
                    .collect();
                ("select", String::new(), options)
            }
            FieldKind::Codes { codelist } => {
                has_referral |= codelist == CENTRE_LIST;
                let options = leaf_codes(app, codelist, lang)
                    .into_iter()
                    .map(|(value, label)| OptionView { selected: chosen(&value), value, label })
                    .collect();
                ("checks", String::new(), options)
            }
            FieldKind::Bool => {
                let options = [("yes", "value-yes"), ("no", "value-no")]
                    .into_iter()
                    .map(|(value, key)| OptionView {
                        value: value.to_string(),
                        label: t.get(key),
                        selected: chosen(value),
                    })
                    .collect();
                ("select", String::new(), options)
            }
            FieldKind::Date => {
                let value = if first.is_empty() && field.required { today.clone() } else { first };
                ("date", value, Vec::new())
            }
            FieldKind::Integer => ("number", first, Vec::new()),
            FieldKind::Text | FieldKind::Ref { .. } | FieldKind::PersonKey | FieldKind::PersonEncoding => {
                ("text", first, Vec::new())
            }
        };
        let hint = message(t, &format!("checklist-hint-{}", field.id)).unwrap_or_default();
        let problem = by_field.get(&field.id).map(|p| p.join(" ")).unwrap_or_default();
        let described_by = [(!hint.is_empty(), "hint"), (!problem.is_empty(), "problem")]
            .into_iter()
            .filter(|(shown, _)| *shown)
            .map(|(_, what)| format!("f-{}-{what}", field.id))
            .collect::<Vec<_>>()
            .join(" ");
        fields.push(FieldView {
            id: field.id.clone(),
            name: input_name(&field.id),
            label: field_label(t, field),
            control,
            required: field.required,
            value,
            options,
            hint,
            problem,
            described_by,
        });
    }
    let centres = if has_referral {
        Vec::new()
    } else {
        leaf_codes(app, CENTRE_LIST, lang).into_iter().map(|(_, label)| label).collect()
    };
    Ok(Some(FormPage {
        p: Page::new(ctx, t.get("checklist-title")),
        actor_label: actor_label(app, actor, lang),
        fields,
        asks_identity,
        identity_problem,
        centres,
        problems: general,
    }))
}

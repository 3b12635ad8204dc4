//! `datapackage.json`: the Frictionless Data Package (v1, profile tabular-data-package) — one
//! tabular resource per data CSV and per code list, each with its Table Schema: types, the
//! primary key over the code columns, and foreign keys from each code column to its code list
//! (a column holding sums written with `+` has none: those sums are not codes of the list).
//! The Parquet files are not resources here: a tabular data package describes delimited text;
//! `dcat-ap.jsonld` lists them.

use fluent_bundle::FluentValue;
use rapporteur_domain::{Catalog, CodeList};
use serde_json::{json, Value};

use crate::columns::{columns, ColumnKind};
use crate::csv_out::codelist_columns;
use crate::tidy::{TidyTable, PERIOD};
use crate::words::{each, joined, labels, Words};
use crate::{Metadata, LICENCE_ID, LICENCE_URL};

/// The resource name of a cube's data file.
pub fn data_resource(cube: &str) -> String {
    cube.to_lowercase()
}

/// The resource name of a code list's file (prefixed: a cube and a list may share an id).
pub fn codelist_resource(list: &str) -> String {
    format!("codelist-{}", list.to_lowercase())
}

pub fn datapackage(meta: &Metadata<'_>, tables: &[TidyTable<'_>], lists: &[&CodeList]) -> Value {
    let catalog = meta.catalog;
    let mut resources: Vec<Value> = tables.iter().map(|t| data_resource_json(catalog, t)).collect();
    resources.extend(lists.iter().map(|l| codelist_resource_json(catalog, l)));
    json!({
        "profile": "tabular-data-package",
        "name": meta.name,
        "title": joined(catalog, &meta.title),
        "description": joined(catalog, &meta.description),
        "licenses": [{ "name": LICENCE_ID, "path": LICENCE_URL, "title": joined(catalog, &meta.licence) }],
        "sources": meta.sources.iter().map(|s| json!({ "title": joined(catalog, s) })).collect::<Vec<_>>(),
        "created": format!("{}T00:00:00Z", meta.published_at),
        "keywords": meta.keywords,
        "resources": resources,
    })
}

/// A description made in every language, joined.
fn describe(catalog: &Catalog, make: impl Fn(&Words<'_>) -> String) -> String {
    joined(catalog, &each(catalog, make))
}

/// A fixed description in every language, joined.
fn fixed(catalog: &Catalog, key: &str) -> String {
    joined(catalog, &labels(catalog, key, &[]))
}

/// The name of language `lang` in the words' language.
fn language(words: &Words<'_>, lang: &str) -> String {
    words.text(&format!("od-language-{lang}"))
}

fn field(name: &str, kind: &str, description: String, constraints: Value) -> Value {
    json!({ "name": name, "type": kind, "description": description, "constraints": constraints })
}

fn data_resource_json(catalog: &Catalog, table: &TidyTable<'_>) -> Value {
    let cube = table.cube;
    let list_name = |i: usize, words: &Words<'_>| {
        words.label(&catalog.code_list_of(&cube.dimensions[i]).name).to_string()
    };
    let required = || json!({ "required": true });
    let fields: Vec<Value> = columns(&catalog.languages, table)
        .iter()
        .map(|column| match &column.kind {
            ColumnKind::Code(i) => {
                let key = if table.sums.contains(i) { "od-field-code-sum" } else { "od-field-code" };
                let list = cube.dimensions[*i].codelist.as_str();
                let text = describe(catalog, |w| {
                    w.with(key, &[("dimension", FluentValue::from(list_name(*i, w))), ("list", list.into())])
                });
                field(&column.name, "string", text, required())
            }
            ColumnKind::Period => {
                field(&column.name, "string", fixed(catalog, "od-field-period"), required())
            }
            ColumnKind::Label(i, lang) => {
                let text = describe(catalog, |w| {
                    let pairs =
                        [("dimension", list_name(*i, w).into()), ("language", language(w, lang).into())];
                    w.with("od-field-label", &pairs)
                });
                field(&column.name, "string", text, json!({}))
            }
            ColumnKind::Value => {
                let kind = if table.decimals == 0 { "integer" } else { "number" };
                field(&column.name, kind, fixed(catalog, "od-field-value"), json!({}))
            }
            ColumnKind::Unit => {
                let measure = catalog.measure_of(cube);
                let text = describe(catalog, |w| {
                    let named = format!("{} ({})", measure.id, w.label(&measure.name));
                    w.with("od-field-unit", &[("measures", named.into())])
                });
                field(&column.name, "string", text, json!({ "required": true, "enum": [measure.id] }))
            }
            ColumnKind::ObsStatus => field(
                &column.name,
                "string",
                fixed(catalog, "od-field-obs-status"),
                json!({ "required": true, "enum": ["A", "M"] }),
            ),
            ColumnKind::ConfStatus => field(
                &column.name,
                "string",
                fixed(catalog, "od-field-conf-status"),
                json!({ "required": true, "enum": ["F", "C"] }),
            ),
        })
        .collect();
    let primary_key: Vec<&str> = cube.dimensions.iter().map(|d| d.id.as_str()).chain([PERIOD]).collect();
    let foreign_keys: Vec<Value> = cube
        .dimensions
        .iter()
        .enumerate()
        .filter(|(i, _)| !table.sums.contains(i))
        .map(|(_, d)| {
            json!({ "fields": d.id, "reference": { "resource": codelist_resource(&d.codelist), "fields": "code" } })
        })
        .collect();
    let mut resource = csv_resource(
        (data_resource(&cube.id), format!("data/{}.csv", cube.id)),
        joined(catalog, &cube.name),
        fields,
        (json!(primary_key), json!(foreign_keys)),
    );
    resource["description"] =
        json!(cube.description.as_ref().map(|d| joined(catalog, d)).unwrap_or_default());
    resource
}

/// A tabular data resource of a UTF-8 CSV file: its (name, path), title, fields and
/// (primary key, foreign keys); an empty field is a missing value.
fn csv_resource(
    (name, path): (String, String),
    title: String,
    fields: Vec<Value>,
    (primary, foreign): (Value, Value),
) -> Value {
    json!({
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": { "fields": fields, "missingValues": [""], "primaryKey": primary, "foreignKeys": foreign },
    })
}

fn codelist_resource_json(catalog: &Catalog, list: &CodeList) -> Value {
    let fields: Vec<Value> = codelist_columns(catalog)
        .iter()
        .enumerate()
        .map(|(i, name)| match i {
            0 => field(
                name,
                "string",
                fixed(catalog, "od-field-list-code"),
                json!({ "required": true, "unique": true }),
            ),
            1 => field(name, "string", fixed(catalog, "od-field-list-parent"), json!({})),
            _ => {
                let lang = &catalog.languages[i - 2];
                let text = describe(catalog, |w| {
                    w.with("od-field-list-label", &[("language", language(w, lang).into())])
                });
                field(name, "string", text, json!({}))
            }
        })
        .collect();
    let title = describe(catalog, |w| {
        w.with("od-codelist-title", &[("list", w.label(&list.name).to_string().into())])
    });
    // A parent is a code of the same list (`""`: this resource).
    let parent = json!([{ "fields": "parent", "reference": { "resource": "", "fields": "code" } }]);
    csv_resource(
        (codelist_resource(&list.id), format!("codelists/{}.csv", list.id)),
        title,
        fields,
        (json!(["code"]), parent),
    )
}

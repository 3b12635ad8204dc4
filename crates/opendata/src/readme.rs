//! `README.<lang>.md`: what the package is, its files, cubes and columns, its flags, the
//! disclosure policy, the sources and the licence — every sentence from the Fluent files or
//! the catalog, the Markdown around them written here.

use fluent_bundle::FluentValue;
use rapporteur_domain::catalog::Outlet;
use rapporteur_domain::{Catalog, Confidentiality};

use crate::tidy::TidyTable;
use crate::words::Words;
use crate::Metadata;

pub fn readme(meta: &Metadata<'_>, tables: &[TidyTable<'_>], lang: &str) -> String {
    let catalog = meta.catalog;
    let w = Words { lang };
    let report = || FluentValue::from(w.label(&catalog.name).to_string());
    let cycle = || FluentValue::from(meta.cycle.to_string());
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!("# {}\n", w.with("readme-title", &[("report", report()), ("cycle", cycle())])));
    let date = FluentValue::from(meta.published_at.to_string());
    line(format!(
        "{}\n",
        w.with("readme-intro", &[("report", report()), ("cycle", cycle()), ("date", date)])
    ));

    line(format!("## {}\n", w.text("readme-files")));
    for key in [
        "readme-file-csv",
        "readme-file-parquet",
        "readme-file-codelists",
        "readme-file-datapackage",
        "readme-file-dcat",
    ] {
        line(format!("- {}", w.text(key)));
    }

    line(format!("\n## {}\n", w.text("readme-cubes")));
    for table in tables {
        let id = &table.cube.id;
        let rows = FluentValue::from(table.rows.len());
        let name = FluentValue::from(w.label(&table.cube.name).to_string());
        let described = w.with("readme-cube", &[("name", name), ("rows", rows)]);
        line(format!("- `{id}` ([CSV](data/{id}.csv), [Parquet](data/{id}.parquet)): {described}"));
    }

    line(format!("\n## {}\n", w.text("readme-columns")));
    for key in ["readme-column-code", "readme-column-period", "readme-column-labels", "readme-column-value"] {
        line(format!("- {}", w.text(key)));
    }
    line(format!("- {}", w.text("readme-column-unit")));
    for measure in used_measures(catalog, tables) {
        let named = catalog.measure(measure).map_or(measure, |m| w.label(&m.name));
        line(format!("  - `{measure}`: {named}"));
    }
    line(format!("- {}", w.text("readme-column-obs-status")));
    line(format!("- {}\n", w.text("readme-column-conf-status")));
    line(format!("{}\n", w.text("readme-parquet")));
    line(format!("{}\n", w.text("readme-order")));

    line(format!("## {}\n", w.text("readme-disclosure")));
    let policy = &catalog.disclosure;
    if policy.applies(Outlet::OpenData) {
        let pairs =
            [("k", FluentValue::from(policy.k)), ("interval", FluentValue::from(policy.min_interval))];
        line(format!("{}\n", w.with("readme-disclosure-rule", &pairs)));
        let count = |status: Confidentiality| {
            tables.iter().flat_map(|t| &t.rows).filter(|r| r.confidentiality == status).count()
        };
        let pairs = [
            ("primary", FluentValue::from(count(Confidentiality::Primary))),
            ("secondary", FluentValue::from(count(Confidentiality::Secondary))),
        ];
        line(format!("{}\n", w.with("readme-disclosure-counts", &pairs)));
        line(format!("{}\n", w.text("readme-footnote")));
        line(format!("> {}\n", w.label(&policy.footnote)));
        line(format!("{}\n", w.label(&policy.amounts_note)));
    } else {
        line(format!("{}\n", w.text("readme-disclosure-none")));
    }
    line(format!("{}\n", w.text("readme-records")));

    line(format!("## {}\n", w.text("readme-sources")));
    line(format!("{}\n", w.text("readme-sources-intro")));
    for actor in &meta.actors {
        line(format!("- {}", w.label(actor)));
    }

    line(format!("\n## {}\n", w.text("readme-licence")));
    line(w.with("readme-licence-text", &[("report", report()), ("cycle", cycle())]));
    out
}

/// The measures of the package's cubes, in the catalog's order.
fn used_measures<'a>(catalog: &'a Catalog, tables: &[TidyTable<'_>]) -> Vec<&'a str> {
    catalog
        .measures
        .iter()
        .filter(|m| tables.iter().any(|t| t.cube.measure == m.id))
        .map(|m| m.id.as_str())
        .collect()
}

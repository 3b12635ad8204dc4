//! `README.<lang>.md`: the export's cover — what it is, that its SDMX identifiers are assumed,
//! its files and columns, the definition of every table (the cubes and codes that fill it),
//! the sources the crosswalk was read from, what it could not verify, what is not sent and how
//! much that is per year, and the disclosure rule. Every sentence from the Fluent files or the
//! catalog, the Markdown around them written here.

use fluent_bundle::FluentValue;
use rapporteur_domain::catalog::{CubeTarget, Outlet};

use crate::{Export, NotSent};

use super::{csv_file_name, structure_ref, Structure, AGENCY, STRUCTURE_FILE, VERSION};
use crate::words::Words;

pub(super) fn readme(structure: &Structure<'_>, export: &Export<'_>, lang: &str) -> String {
    let catalog = export.catalog;
    let crosswalk = export.crosswalk;
    let w = Words { lang };
    let text = |value: &str| FluentValue::from(value.to_string());
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let destination = w.label(&crosswalk.name);
    line(format!(
        "# {}\n",
        w.with("sdmx-readme-title", &[("destination", text(destination)), ("cycle", text(export.cycle))])
    ));
    line(format!(
        "{}\n",
        w.with(
            "sdmx-readme-intro",
            &[
                ("destination", text(destination)),
                ("report", text(w.label(&catalog.name))),
                ("cycle", text(export.cycle)),
                ("date", text(&export.made_on)),
            ]
        )
    ));

    line(format!("## {}\n", w.text("sdmx-readme-assumed-title")));
    line(format!(
        "{}\n",
        w.with("sdmx-readme-assumed", &[("agency", text(AGENCY)), ("version", text(VERSION))])
    ));
    if let Some(note) = &crosswalk.verification.note {
        line(format!("{}\n", w.text("sdmx-readme-crosswalk-note")));
        line(format!("> {note}\n"));
    }

    line(format!("## {}\n", w.text("sdmx-readme-files")));
    for flow in &structure.flows {
        let cells: Vec<_> = export.cells.iter().filter(|c| c.table == flow.table.id).collect();
        let sent = cells.iter().filter(|c| super::csv_out::is_sent(c)).count();
        let described = w.with(
            "sdmx-readme-file-table",
            &[
                ("file", text(&csv_file_name(flow.table))),
                ("title", text(&flow.table.title)),
                ("flow", text(&structure_ref(flow.table))),
                ("rows", FluentValue::from(sent)),
                (
                    "confidential",
                    FluentValue::from(cells.iter().filter(|c| c.status.is_suppressed()).count()),
                ),
                ("missing", FluentValue::from(cells.len() - sent)),
            ],
        );
        line(format!("- {described}"));
    }
    line(format!("- {}", w.with("sdmx-readme-file-structure", &[("file", text(STRUCTURE_FILE))])));
    line(format!("- {}\n", w.text("sdmx-readme-file-readme")));

    line(format!("## {}\n", w.text("sdmx-readme-columns")));
    for key in [
        "sdmx-readme-column-structure",
        "sdmx-readme-column-action",
        "sdmx-readme-column-dimensions",
        "sdmx-readme-column-value",
        "sdmx-readme-column-obs-status",
        "sdmx-readme-column-conf-status",
    ] {
        line(format!("- {}", w.text(key)));
    }

    line(format!("\n## {}\n", w.text("sdmx-readme-definitions")));
    for flow in &structure.flows {
        let table = flow.table;
        line(format!("### `{}` — {}\n", table.id, table.title));
        let dimensions = table.dimensions.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ");
        line(format!("{}\n", w.with("sdmx-readme-dimensions", &[("dimensions", text(&dimensions))])));
        for map in crosswalk.cubes.iter().filter(|m| flow.cubes.contains(&m.cube.as_str())) {
            let CubeTarget::Table { dimensions, fixed, filter, summed, .. } = &map.target else { continue };
            let Some(cube) = catalog.cube(&map.cube) else { continue };
            let named = format!("`{}` ({})", cube.id, w.label(&cube.name));
            line(format!("- {}", w.with("sdmx-readme-definition-cube", &[("cube", text(&named))])));
            if let Some(description) = &cube.description {
                line(format!("  - {}", w.label(description)));
            }
            let fixed = fixed.iter().map(|(d, c)| format!("`{d}` = `{c}`")).collect::<Vec<_>>().join(", ");
            if !fixed.is_empty() {
                line(format!("  - {}", w.with("sdmx-readme-fixed", &[("codes", text(&fixed))])));
            }
            for (dimension, to) in dimensions {
                let Some(list) = catalog.code_list_of_dimension(&cube.id, dimension) else { continue };
                let named = format!("`{dimension}` ({})", w.label(&list.name));
                line(format!(
                    "  - {}",
                    w.with("sdmx-readme-mapped", &[("dimension", text(&named)), ("to", text(to))])
                ));
                if let Some(map) = crosswalk.code_map(&list.id, to) {
                    let mut pairs: Vec<String> = Vec::new();
                    for (code, destination) in &map.map {
                        let label = list.get(code).map_or(code.as_str(), |c| w.label(&c.labels));
                        pairs.push(format!("`{code}` ({label}) → `{destination}`"));
                    }
                    if map.identity {
                        pairs.push(w.text("sdmx-readme-identity"));
                    }
                    for code in map.unmapped.keys() {
                        let label = list.get(code).map_or(code.as_str(), |c| w.label(&c.labels));
                        pairs.push(format!("`{code}` ({label}): {}", w.text("sdmx-readme-unmapped")));
                    }
                    for pair in pairs {
                        line(format!("    - {pair}"));
                    }
                }
            }
            if !summed.is_empty() {
                let summed = summed.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ");
                line(format!("  - {}", w.with("sdmx-readme-summed", &[("dimensions", text(&summed))])));
            }
            for (dimension, codes) in filter {
                let codes = codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
                line(format!(
                    "  - {}",
                    w.with("sdmx-readme-filter", &[("dimension", text(dimension)), ("codes", text(&codes))])
                ));
            }
        }
        line(String::new());
    }

    line(format!("## {}\n", w.text("sdmx-readme-sources")));
    for source in &crosswalk.sources {
        let pairs =
            [("title", text(&source.title)), ("url", text(&source.url)), ("read", text(&source.read))];
        line(format!("- `{}`: {}", source.id, w.with("sdmx-readme-source-line", &pairs)));
    }

    line(format!("\n## {}\n", w.text("sdmx-readme-verification")));
    let mut unverified: Vec<(String, Option<&String>)> = Vec::new();
    if !crosswalk.verification.verified {
        unverified.push((format!("`{}`", crosswalk.id), crosswalk.verification.note.as_ref()));
    }
    for table in crosswalk.tables.iter().filter(|t| !t.verification.verified) {
        unverified.push((format!("`{}`", table.id), table.verification.note.as_ref()));
    }
    for map in crosswalk.code_maps.iter().filter(|m| !m.verification.verified) {
        unverified
            .push((format!("`{}` → `{}`", map.codelist, map.dimension), map.verification.note.as_ref()));
    }
    for map in crosswalk.cubes.iter().filter(|m| !m.verification.verified) {
        unverified.push((format!("`{}`", map.cube), map.verification.note.as_ref()));
    }
    if unverified.is_empty() {
        line(format!("{}\n", w.text("sdmx-readme-verified-all")));
    } else {
        line(format!("{}\n", w.text("sdmx-readme-verification-intro")));
        for (what, note) in unverified {
            match note {
                Some(note) => line(format!("- {what}: {note}")),
                None => line(format!("- {what}")),
            }
        }
        line(String::new());
    }

    line(format!("## {}\n", w.text("sdmx-readme-not-sent")));
    line(format!("{}\n", w.text("sdmx-readme-not-sent-intro")));
    for not_sent in &export.not_sent {
        line(format!("- {}", not_sent_line(export, not_sent, &w)));
    }

    line(format!("\n## {}\n", w.text("sdmx-readme-disclosure")));
    let policy = &catalog.disclosure;
    if policy.applies(Outlet::Exports) {
        let pairs =
            [("k", FluentValue::from(policy.k)), ("interval", FluentValue::from(policy.min_interval))];
        line(format!("{}\n", w.with("sdmx-readme-disclosure-rule", &pairs)));
        let confidential = export.cells.iter().filter(|c| c.status.is_suppressed()).count();
        line(format!(
            "{}\n",
            w.with("sdmx-readme-disclosure-count", &[("cells", FluentValue::from(confidential))])
        ));
        line(format!("> {}\n", w.label(&policy.footnote)));
    } else {
        line(format!("{}\n", w.text("sdmx-readme-disclosure-none")));
    }
    line(w.text("sdmx-readme-records"));
    out
}

/// One thing not sent: what (a cube, or a code of one of its dimensions), why, and its count
/// per period — unless disclosure control suppressed that count.
fn not_sent_line(export: &Export<'_>, not_sent: &NotSent, w: &Words<'_>) -> String {
    let catalog = export.catalog;
    let text = |value: &str| FluentValue::from(value.to_string());
    let cube = catalog.cube(&not_sent.cube);
    let cube_name = cube.map_or(not_sent.cube.clone(), |c| format!("`{}` ({})", c.id, w.label(&c.name)));
    let what = match &not_sent.code {
        None => w.with("sdmx-readme-not-sent-cube", &[("cube", text(&cube_name))]),
        Some((dimension, code)) => {
            let list = catalog.code_list_of_dimension(&not_sent.cube, dimension);
            let label = list.and_then(|l| l.get(code)).map_or(code.as_str(), |c| w.label(&c.labels));
            let pairs = [
                ("cube", text(&cube_name)),
                ("dimension", text(dimension)),
                ("code", text(&format!("`{code}` ({label})"))),
            ];
            w.with("sdmx-readme-not-sent-code", &pairs)
        }
    };
    let suppressed = |period: &str| not_sent.status.get(period).is_some_and(|s| s.is_suppressed());
    let counts = not_sent
        .counts
        .iter()
        .map(|(period, count)| match count {
            _ if suppressed(period) => w.with("sdmx-readme-count-confidential", &[("period", text(period))]),
            Some(n) => {
                w.with("sdmx-readme-count", &[("period", text(period)), ("count", FluentValue::from(*n))])
            }
            None => w.with("sdmx-readme-count-none", &[("period", text(period))]),
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "{what}: {} {}",
        w.label(&not_sent.reason),
        w.with("sdmx-readme-counts", &[("counts", text(&counts))])
    )
}

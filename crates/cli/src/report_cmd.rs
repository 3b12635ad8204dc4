//! The report and the main job: `report` builds the government report; `demo` imports the
//! embedded data set, writes every table and builds the report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rapporteur_app::{App, ComputedTable};
use rapporteur_domain::TableLayout;
use rapporteur_report::{Locale, TableView};

use crate::data_cmd::import_one;
use crate::operator::Operator;
use crate::output::Lang;
use crate::{ReportFormat, DATA_ERRORS};

/// The cycle the demo imports and reports.
const DEMO_CYCLE: &str = "2019-2020";

/// Builds the report and prints the files written.
pub fn report(
    op: &mut Operator,
    cycle: Option<&str>,
    lang: &[String],
    formats: &[ReportFormat],
    out_dir: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let languages = if lang.is_empty() { op.app.catalog().languages.clone() } else { lang.to_vec() };
    for path in write_report(op, cycle, &languages, formats, out_dir)? {
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

/// The main job on the embedded default data; exit 1 when a file of it was refused.
pub fn demo(
    op: &mut Operator,
    store: &Path,
    out_dir: &Path,
    formats: &[ReportFormat],
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let refused = import_embedded(op, store, out)?;
    let counts = op.app.counts(&op.caller)?;
    writeln!(
        out,
        "the store holds {} observations and {} control values from {} imports ({} returns); the audit log has {} entries",
        counts.observations, counts.control_values, counts.imports, counts.returns, counts.audit_entries
    )?;
    let tables = write_tables(op, out_dir)?;
    writeln!(out, "wrote {tables} tables (text and CSV) to {}", out_dir.display())?;
    let languages = op.app.catalog().languages.clone();
    let written = write_report(op, Some(DEMO_CYCLE), &languages, formats, out_dir)?;
    writeln!(out, "wrote the report ({}) to {}", written.len(), out_dir.display())?;
    Ok(if refused > 0 { ExitCode::from(DATA_ERRORS) } else { ExitCode::SUCCESS })
}

/// Imports the embedded data set; returns how many files were refused.
fn import_embedded(op: &mut Operator, store: &Path, out: &mut impl Write) -> anyhow::Result<usize> {
    let files = rapporteur_app::embedded_data_set(DEMO_CYCLE);
    writeln!(
        out,
        "importing the embedded {DEMO_CYCLE} data set ({} files) into {}",
        files.len(),
        store.display()
    )?;
    let mut refused = 0;
    for file in &files {
        let name = format!("data/be/{}", file.path);
        if !import_one(op, out, &name, file.bytes, Some(DEMO_CYCLE))? {
            refused += 1;
        }
    }
    Ok(refused)
}

/// Writes every numbered table as text and CSV; returns how many.
fn write_tables(op: &Operator, out_dir: &Path) -> anyhow::Result<usize> {
    let lang = Lang::pick(op.app.catalog(), None)?.0.to_string();
    let computed = op.app.tables(&op.caller, Some(DEMO_CYCLE), None)?;
    let views = table_views(&op.app, &computed, &lang);
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    for view in &views {
        let stem = out_dir.join(format!("table_{:02}", view.layout.number));
        let mut text = Vec::new();
        rapporteur_report::render_table_text(view, &mut text)?;
        write_file(&stem.with_extension("txt"), &text)?;
        let mut csv = Vec::new();
        rapporteur_report::render_table_csv(view, &mut csv)?;
        write_file(&stem.with_extension("csv"), &csv)?;
    }
    Ok(views.len())
}

/// Builds the report and writes it in every language and format asked for; returns the paths.
fn write_report(
    op: &mut Operator,
    cycle: Option<&str>,
    languages: &[String],
    formats: &[ReportFormat],
    out_dir: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let documents = op.app.report(&op.caller, cycle, languages)?;
    std::fs::create_dir_all(out_dir.join("figures"))
        .with_context(|| format!("creating {}", out_dir.display()))?;
    let mut written = Vec::new();
    for document in &documents {
        let stem = out_dir.join(format!("rapporteur-{}.{}", document.cycle, document.lang));
        for format in formats {
            let format = format.output();
            let bytes = rapporteur_pdf::render_output(document, format)
                .with_context(|| format!("rendering the {} report", format.extension()))?;
            let path = stem.with_extension(format!("{}.{}", document.lang, format.extension()));
            write_file(&path, &bytes)?;
            written.push(path);
        }
        for chart in document.chapters.iter().flat_map(|c| &c.sections).flat_map(|s| &s.blocks) {
            if let rapporteur_report::Block::Chart(chart) = chart {
                let path =
                    out_dir.join("figures").join(format!("chart_{:02}.{}.svg", chart.number, document.lang));
                write_file(&path, chart.svg.as_bytes())?;
            }
        }
    }
    Ok(written)
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Computed tables with what the renderers need to show them in `lang`.
pub fn table_views<'a>(
    app: &'a App,
    computed: &'a [(&'a TableLayout, ComputedTable)],
    lang: &str,
) -> Vec<TableView<'a>> {
    computed
        .iter()
        .map(|(layout, table)| TableView {
            catalog: app.catalog(),
            layout,
            table,
            locale: Locale::new(app.catalog(), lang),
        })
        .collect()
}

//! The report and the main job: `report` builds the government report; `demo` imports the
//! embedded data set, writes every table and builds the report — and, beside it, the report
//! with the chain chapter computed on a synthetic cycle (the data set holds no records).

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

/// The shared secret of the demo's synthetic actors (public: synthetic identities only).
const DEMO_KEY: &str = "rapporteur-demo-key-for-synthetic-identities-only";

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
    (catalog, open_other): (&rapporteur_app::LoadedCatalog, impl Fn(&Path) -> anyhow::Result<Operator>),
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
    let chain_dir = out_dir.join("chain-demo");
    std::fs::create_dir_all(&chain_dir).with_context(|| format!("creating {}", chain_dir.display()))?;
    let mut synthetic = open_other(&chain_dir.join("store.sqlite"))?;
    let refused = refused + chain_demo(&mut synthetic, catalog, &chain_dir, formats, out)?;
    Ok(if refused > 0 { ExitCode::from(DATA_ERRORS) } else { ExitCode::SUCCESS })
}

/// The chain on a synthetic cycle, in its own store and folder: the embedded returns, the
/// records `synth` fits to them (pseudonymised with a key made for the demo, imported), linked;
/// then the report with the chain chapter, marked synthetic. Returns how many files were refused.
fn chain_demo(
    op: &mut Operator,
    catalog: &rapporteur_app::LoadedCatalog,
    dir: &Path,
    formats: &[ReportFormat],
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut refused = import_embedded(op, &dir.join("store.sqlite"), out)?;
    let (raw, keyed) = (dir.join("raw"), dir.join("keyed"));
    std::fs::create_dir_all(&keyed).with_context(|| format!("creating {}", keyed.display()))?;
    let synthesis = rapporteur_app::synthesize_to_dir(catalog, Some(DEMO_CYCLE), None, 1, &raw)?;
    // A fixed key, so that the demo gives the same report each time; it encodes synthetic
    // identities only and must never serve for real ones.
    let key_file = dir.join("demo-key.txt");
    write_file(&key_file, DEMO_KEY.as_bytes())?;
    for set in &synthesis.sets {
        let name = format!("{}.csv", set.schema);
        let (input, output) = (raw.join(&name), keyed.join(&name));
        if rapporteur_app::pseudonymize_file(&catalog.catalog.identity, &key_file, &input, &output).is_err() {
            // A source that names no person leaves the actor as it is.
            std::fs::copy(&input, &output).with_context(|| format!("copying {}", input.display()))?;
        }
        let file = std::fs::File::open(&output).with_context(|| format!("reading {}", output.display()))?;
        if !matches!(
            op.app.import_records(
                &op.caller,
                &output.display().to_string(),
                std::io::BufReader::new(file)
            )?,
            rapporteur_app::RecordImportOutcome::Imported { .. }
                | rapporteur_app::RecordImportOutcome::Unchanged { .. }
        ) {
            refused += 1;
        }
    }
    let summary = op.app.link_records(&op.caller)?;
    writeln!(
        out,
        "synthetic chain: {} registrations linked into {} persons ({} pairs linked, {} for review)",
        summary.run.records, summary.run.persons, summary.run.linked_pairs, summary.run.review_pairs
    )?;
    let languages = op.app.catalog().languages.clone();
    let documents = op.app.report_with_synthetic_chain(&op.caller, Some(DEMO_CYCLE), &languages)?;
    let written = write_documents(&documents, formats, dir)?;
    writeln!(
        out,
        "wrote the report with the synthetic chain chapter ({}) to {}",
        written.len(),
        dir.display()
    )?;
    Ok(refused)
}

/// Imports the embedded data set; returns how many files were refused.
fn import_embedded(op: &mut Operator, store: &Path, out: &mut impl Write) -> anyhow::Result<usize> {
    let files = rapporteur_app::embedded_data_set(DEMO_CYCLE);
    writeln!(
        out,
        "importing the embedded {DEMO_CYCLE} data set ({} files) into {}",
        files.len(),
        rapporteur_app::shown_store(store)
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
    write_documents(&documents, formats, out_dir)
}

/// Writes built documents in every format asked for, with their figures; returns the paths.
fn write_documents(
    documents: &[rapporteur_app::Document],
    formats: &[ReportFormat],
    out_dir: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir.join("figures"))
        .with_context(|| format!("creating {}", out_dir.display()))?;
    let mut written = Vec::new();
    for document in documents {
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

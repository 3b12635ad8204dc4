//! The record-level commands: pseudonymise a file at the source, generate synthetic record
//! sets, import record files, compute tables from records.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use rapporteur_app::{RecordCounting, RecordImportOutcome};

use crate::operator::Operator;

use crate::output::Lang;

#[derive(Subcommand)]
pub enum RecordsCommand {
    /// Replace the identifying columns of a CSV file by a pseudonymous person key (at the source)
    ///
    /// Names (family_name, given_names, naam, voornaam, nom, prénom, …) and the birth date
    /// (birth_date, geboortedatum, date de naissance; YYYY-MM-DD or day first) make the key:
    /// HMAC-SHA-256 under the actors' shared secret over a normalised form (case, accents,
    /// whitespace and punctuation, name-part order, Cyrillic and Greek transliteration, date
    /// format). Every identifying column (also document numbers, addresses, …) is dropped.
    /// An incomplete identity is kept, never refused: an empty or placeholder birth date
    /// (1900-01-01, 1 January of an estimated year, 00/00/YYYY, "onbekend" — the catalog's
    /// identity.toml lists them with their reasons), a single name or no name at all. Such a
    /// row gets no exact key, an encoding of the parts that are known, and its `identity` code.
    Pseudonymize {
        /// The file holding the actors' shared secret (at least 16 bytes; never sent centrally)
        #[arg(long)]
        key_file: PathBuf,
        /// The actor's file, with identifying columns
        input: PathBuf,
        /// Where to write the pseudonymised file
        output: PathBuf,
    },
    /// Write synthetic raw record files for every record schema, fitted to the 2019-2020 returns
    ///
    /// One CSV per source in DIR, with synthetic names and birth dates (the same people in
    /// several sources, written with the variations real registrations have): pseudonymise them
    /// before importing. Deterministic for a given seed.
    Synth {
        /// How many records in all [default: as many as the 2019-2020 returns describe]
        #[arg(long)]
        records: Option<u64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// The cycle whose returns the records are fitted to [default: the current cycle]
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Import record files (CSV, XLSX or JSON; pseudonymised) into the store
    ///
    /// The kind of record is told by the key column (checklist_id, guidance_id, case_id,
    /// conviction_id, finding_id). A file is stored whole or refused whole with every problem;
    /// a file still carrying an identifying column is refused.
    ImportRecords {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compute the report's tables from the stored records (every read is audited)
    RecordTables {
        #[arg(long)]
        table: Option<u32>,
        #[arg(long)]
        cycle: Option<String>,
        #[arg(long)]
        lang: Option<String>,
        /// How linked prosecution cases count: once (a transfer chain once) or registered (every
        /// registration, as the 2019-2020 report did)
        #[arg(long, value_enum, default_value_t = CountingArg::Once)]
        counting: CountingArg,
        /// Print the derived cells instead of the tables: CSV of cube, period, coordinate
        /// (dimension=code;…) and count, the observations the tables are computed from
        #[arg(long, conflicts_with_all = ["table", "lang"])]
        cells: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CountingArg {
    Once,
    Registered,
}

/// Runs a record command. `open` opens the store for the operator with the global options.
pub fn run(
    command: &RecordsCommand,
    catalog: impl Fn() -> anyhow::Result<rapporteur_app::LoadedCatalog>,
    open: impl Fn() -> anyhow::Result<Operator>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        RecordsCommand::Pseudonymize { key_file, input, output } => {
            pseudonymize(&catalog()?, key_file, input, output, out)
        }
        RecordsCommand::Synth { records, seed, out: dir, cycle } => {
            synth(&catalog()?, cycle.as_deref(), (*records, *seed), dir, out).map(|()| ExitCode::SUCCESS)
        }
        RecordsCommand::ImportRecords { files } => import_records(&mut open()?, files, out),
        RecordsCommand::RecordTables { cycle, counting, cells: true, .. } => {
            record_cells(&mut open()?, cycle.as_deref(), *counting, out).map(|()| ExitCode::SUCCESS)
        }
        RecordsCommand::RecordTables { table, cycle, lang, counting, cells: false } => {
            record_tables(&mut open()?, (cycle.as_deref(), *table), lang.as_deref(), *counting, out)
                .map(|()| ExitCode::SUCCESS)
        }
    }
}

/// Pseudonymises one file at the actor's side; exit 1 when it cannot be (nothing is written).
fn pseudonymize(
    catalog: &rapporteur_app::LoadedCatalog,
    key_file: &Path,
    input: &Path,
    output: &Path,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match rapporteur_app::pseudonymize_file(&catalog.catalog.identity, key_file, input, output) {
        Ok(summary) => {
            writeln!(
                out,
                "{}: {} row(s) pseudonymised; dropped {}",
                output.display(),
                summary.rows,
                summary.dropped_columns.join(", ")
            )?;
            if summary.incomplete() > 0 {
                writeln!(
                    out,
                    "  {} row(s) with an incomplete identity are kept, without an exact person_key (identity column):",
                    summary.incomplete()
                )?;
                for (completeness, rows) in &summary.by_completeness {
                    if completeness.has_exact_key() {
                        continue;
                    }
                    let label = completeness.label(&catalog.catalog, "en");
                    writeln!(out, "    {rows} {label}")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            writeln!(out, "{e}")?;
            writeln!(out, "nothing was written")?;
            Ok(ExitCode::from(1))
        }
    }
}

/// Writes synthetic record files and says which cubes they reproduce.
fn synth(
    catalog: &rapporteur_app::LoadedCatalog,
    cycle: Option<&str>,
    (records, seed): (Option<u64>, u64),
    dir: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let synthesis = rapporteur_app::synthesize_to_dir(catalog, cycle, records, seed, dir)
        .with_context(|| format!("writing synthetic records to {}", dir.display()))?;
    for set in &synthesis.sets {
        writeln!(
            out,
            "{}: {} records",
            dir.join(format!("{}.csv", set.schema)).display(),
            set.records.len()
        )?;
    }
    writeln!(out, "{} synthetic persons", synthesis.persons.len())?;
    writeln!(out, "cubes the records reproduce exactly: {}", synthesis.exact.join(", "))?;
    for m in &synthesis.inexact {
        writeln!(
            out,
            "  {} differs in {} cell(s) (returns {}, records {}): the returns contradict another table of the same population",
            m.cube, m.cells, m.expected_total, m.derived_total
        )?;
    }
    Ok(())
}

/// Imports each record file; exit 1 when any was refused.
fn import_records(op: &mut Operator, files: &[PathBuf], out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let mut refused = 0;
    for path in files {
        let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.display().to_string();
        let size = file.metadata().map_or(0, |m| m.len());
        // Read as it streams: a bar on a terminal shows how far a large file has come.
        let bar = crate::data_cmd::progress_bar(&name, size as usize);
        let input = std::io::BufReader::with_capacity(1 << 16, file);
        let outcome = match &bar {
            Some(bar) => op.app.import_records(&op.caller, &name, bar.wrap_read(input)),
            None => op.app.import_records(&op.caller, &name, input),
        }
        .with_context(|| format!("importing {name}"))?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        match outcome {
            RecordImportOutcome::Refused(problems) => {
                refused += 1;
                writeln!(out, "{name}: refused, {} problem(s); nothing was stored", problems.len())?;
                for p in &problems {
                    writeln!(out, "  {}", p.located(&name))?;
                }
            }
            RecordImportOutcome::Unchanged { schema, records } => {
                writeln!(out, "{name}: unchanged ({records} {schema} records already stored)")?
            }
            RecordImportOutcome::Imported { import_id, schema, added, updated, unchanged } => writeln!(
                out,
                "{name}: imported as record import {import_id}: {schema}, {added} added, {updated} updated, {unchanged} unchanged"
            )?,
        }
    }
    Ok(if refused > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The tables computed from the stored records, with the counting rule stated.
fn record_tables(
    op: &mut Operator,
    (cycle, table): (Option<&str>, Option<u32>),
    lang: Option<&str>,
    counting: CountingArg,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let lang = Lang::pick(op.app.catalog(), lang)?.0.to_string();
    let counting = counting.rule();
    let computed = op.app.record_tables(&op.caller, cycle, table, counting)?;
    for (i, (layout, table)) in computed.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let view = rapporteur_report::TableView {
            catalog: op.app.catalog(),
            layout,
            table,
            locale: rapporteur_report::Locale::new(op.app.catalog(), &lang),
        };
        rapporteur_report::render_table_text(&view, out)?;
    }
    writeln!(out)?;
    writeln!(out, "Counting rule: {}.", counting.statement())?;
    Ok(())
}

impl CountingArg {
    fn rule(self) -> RecordCounting {
        match self {
            CountingArg::Once => RecordCounting::OncePerChain,
            CountingArg::Registered => RecordCounting::AsRegistered,
        }
    }
}

/// The cells derived from the stored records, as CSV, in the order of cube, period and
/// coordinate.
fn record_cells(
    op: &mut Operator,
    cycle: Option<&str>,
    counting: CountingArg,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut rows = op.app.record_observations(&op.caller, cycle, counting.rule())?;
    rows.sort_by(|a, b| (&a.cube, &a.coordinate).cmp(&(&b.cube, &b.coordinate)));
    writeln!(out, "cube,period,coordinate,value")?;
    for row in rows {
        let coordinate: Vec<String> = row.coordinate.codes.iter().map(|(d, c)| format!("{d}={c}")).collect();
        writeln!(out, "{},{},{},{}", row.cube, row.coordinate.period, coordinate.join(";"), row.value)?;
    }
    Ok(())
}

//! The `rapporteur` command: parses arguments, opens the catalog and the store, runs one use
//! case and maps its outcome to an exit code (0 ok, 1 done with data errors, 2 failure).

mod estimate_text;
mod output;
mod portal_cmd;
mod records_cmd;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use rapporteur_app::{system_clock, App, ImportOutcome, LoadedCatalog};

use crate::output::{print_aligned, Lang};

/// Rapporteur: the national information system on trafficking in and smuggling of human beings.
///
/// Collects the actors' figures, checks them against the catalog, and keeps them with their
/// provenance and an audit log in one SQLite file (the store).
///
/// Exit codes: 0 success; 1 done, but some data were refused (each problem is printed as
/// file:row:column: message); 2 failure (bad arguments, unreadable file or store, broken catalog).
#[derive(Parser)]
#[command(name = "rapporteur", version, max_term_width = 100)]
struct Cli {
    /// The store: an SQLite file, created on first use
    #[arg(long, global = true, env = "RAPPORTEUR_STORE", default_value = "rapporteur.sqlite")]
    store: PathBuf,

    /// A catalog folder to use instead of the embedded Belgian catalog (see catalog/FORMAT.md)
    #[arg(long, global = true, env = "RAPPORTEUR_CATALOG")]
    catalog: Option<PathBuf>,

    /// Who is working, for the audit log [default: the login name]
    #[arg(long, global = true, env = "RAPPORTEUR_USER")]
    user: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Records(records_cmd::RecordsCommand),
    #[command(flatten)]
    Portal(portal_cmd::PortalCommand),
    /// Import returns (CSV or XLSX, one row per observation) into the store
    ///
    /// Columns: cube, period, one column per dimension of the cube, value, and optionally flags
    /// and note. A code may be written as its id or any of its labels; _T (or a code that has
    /// children) marks a stated control total. CSV may be UTF-8 (with or without BOM), UTF-16 or
    /// Windows-1252, separated by ',' (decimal point) or ';' or tab (decimal comma). In a
    /// workbook, each sheet is named after the cube it holds.
    ///
    /// Each file is stored whole in one transaction, or refused whole with every problem listed.
    /// A file whose values the store already holds changes nothing.
    Import {
        /// The reporting cycle the returns belong to [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// The files to import
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the cubes (kinds of figures) of the catalog
    Cubes {
        /// Language of the names [default: the catalog's first language]
        #[arg(long)]
        lang: Option<String>,
    },
    /// List the codes of a code list, or the code lists when none is named
    Codes {
        /// The code list's id, e.g. exploitation_form or nationality
        list: Option<String>,
        /// Language of the labels [default: the catalog's first language]
        #[arg(long)]
        lang: Option<String>,
    },
    /// Check the catalog and summarise it (with --catalog DIR: the catalog being edited)
    Catalog,
    /// Show the audit log: every change, who made it and when, before and after
    Audit {
        /// Show only the last N entries
        #[arg(long)]
        last: Option<usize>,
    },
    /// Print the report's numbered tables, computed from the store
    ///
    /// Totals, subtotals and percentages are computed from the stored observations; the totals
    /// the actors printed are control values and never shown here.
    Tables {
        /// Only this table (its number in the report)
        #[arg(long)]
        table: Option<u32>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of labels and numbers [default: the catalog's first language]
        #[arg(long)]
        lang: Option<String>,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Run every validation rule of the catalog over a cycle and list the findings
    ///
    /// Rules check stated totals and narrative figures against the data, that cubes counting
    /// the same population agree, copy-pasted slices, completeness, plausibility against the
    /// previous year, code validity and table captions. Findings are stored with the cycle
    /// (explanations given with `rapporteur acknowledge` are kept). Exits with 1 when a
    /// finding of severity error exists.
    Validate {
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the messages [default: the catalog's first language]
        #[arg(long)]
        lang: Option<String>,
    },
    /// Explain a finding: it stays visible, marked as explained (the explanation is audited)
    Acknowledge {
        /// The finding's key, as `rapporteur validate` shows it in brackets
        key: String,
        /// Why the figures are as they are
        #[arg(long)]
        explanation: String,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
    },
    /// Estimate how many victims no list registered (multiple systems estimation)
    ///
    /// FILE holds capture histories: one 0/1 column per list (actor) and a `count` column, one
    /// row per observed history, as CSV or XLSX (first sheet). Poisson log-linear models with
    /// two-list interactions are fitted as in the R package SparseMSE (Chan, Silverman &
    /// Vincent, 2019): the existence and identifiability of each model is tested first, pairs of
    /// lists with nobody in common get an interaction of minus infinity, lists without
    /// information are left out. Prints the observed count, the estimate, the dark figure, the
    /// intervals with the method behind each, the model, the warnings and a paragraph for the
    /// report. Does not touch the store.
    Estimate {
        /// The capture histories
        file: PathBuf,
        /// How the model is chosen
        #[arg(long, value_enum, default_value_t = Method::Stepwise)]
        method: Method,
        /// Stepwise: add an interaction while its p-value is below this
        #[arg(long, default_value_t = 0.02)]
        threshold: f64,
        /// Bootstrap replicates for the BCa interval (the model choice is rerun in each); 0 for
        /// none
        #[arg(long, default_value_t = 1000)]
        bootstrap: usize,
        /// Seed of the bootstrap's random numbers (the same seed gives the same interval)
        #[arg(long, default_value_t = 1234)]
        seed: u64,
        /// Confidence level of the intervals
        #[arg(long, default_value_t = 0.95)]
        level: f64,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Languages of the explanatory paragraph, comma-separated (nl, fr, en)
        #[arg(long, default_value = "nl,fr,en", value_delimiter = ',')]
        lang: Vec<String>,
    },
    /// Build the government report of a cycle: every table and chart computed from the store,
    /// the actors' texts, the data-quality annex of the validation
    ///
    /// Writes, per language, rapporteur-CYCLE.LANG.html (self-contained), .md (for review),
    /// .xlsx (one sheet per table) and .pdf (typeset in-process), and figures/chart_NN.svg.
    Report {
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// Languages, comma-separated [default: every language of the catalog]
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// Formats, comma-separated
        #[arg(long, value_enum, default_value = "html,pdf,xlsx,md", value_delimiter = ',')]
        format: Vec<ReportFormat>,
        /// Where to write the files
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Show where a printed number comes from: the observations it sums and the returns (file,
    /// row, actor, import time, who) that brought them
    Explain {
        /// The table's number
        #[arg(long)]
        table: u32,
        /// The row: its position as `rapporteur tables` prints it (1 = first body row), or its
        /// codes joined by commas (e.g. sexual, or _T for a total)
        #[arg(long)]
        row: String,
        /// The column: its position (1 = first value column), or its codes (e.g. 2019, or
        /// 2019,pct_row when the table prints several measures)
        #[arg(long)]
        col: String,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
    },
    /// The main job on the embedded default data: import the Belgian 2019-2020 data set into
    /// the store (created if absent; running it twice changes nothing), summarise it, write
    /// every table as text and CSV, and build the report (in every language of the catalog;
    /// HTML, PDF, XLSX, Markdown) in the output folder
    Demo {
        /// Where to write the tables and the report
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Formats of the report, comma-separated
        #[arg(long, value_enum, default_value = "html,pdf,xlsx,md", value_delimiter = ',')]
        format: Vec<ReportFormat>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Html,
    Pdf,
    Xlsx,
    Md,
}

impl ReportFormat {
    fn output(self) -> rapporteur_pdf::OutputFormat {
        match self {
            ReportFormat::Html => rapporteur_pdf::OutputFormat::Html,
            ReportFormat::Pdf => rapporteur_pdf::OutputFormat::Pdf,
            ReportFormat::Xlsx => rapporteur_pdf::OutputFormat::Xlsx,
            ReportFormat::Md => rapporteur_pdf::OutputFormat::Md,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    Stepwise,
    Aic,
    Bic,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`rapporteur tables | head`) is not a failure.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rapporteur: {error:#}");
            ExitCode::from(2)
        }
    }
}

const DATA_ERRORS: u8 = 1;

fn login_name() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}

fn load_catalog(dir: Option<&Path>) -> anyhow::Result<LoadedCatalog> {
    Ok(match dir {
        Some(dir) => LoadedCatalog::from_dir(dir)
            .with_context(|| format!("loading the catalog in {}", dir.display()))?,
        None => LoadedCatalog::embedded().context("loading the embedded catalog")?,
    })
}

fn open_app(cli: &Cli) -> anyhow::Result<App> {
    let catalog = load_catalog(cli.catalog.as_deref())?;
    let user = cli.user.clone().unwrap_or_else(login_name);
    App::open(catalog, &cli.store, &user, system_clock())
        .with_context(|| format!("opening the store {}", cli.store.display()))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &cli.command {
        Command::Portal(command) => return portal_cmd::run(command, || open_app(&cli), &mut out),
        Command::Records(command) => {
            let catalog = || load_catalog(cli.catalog.as_deref());
            return records_cmd::run(command, catalog, || open_app(&cli), &mut out);
        }
        Command::Import { cycle, files } => {
            let mut app = open_app(&cli)?;
            let mut refused = 0;
            for path in files {
                let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                let name = path.display().to_string();
                if !import_one(&mut app, &mut out, &name, &bytes, cycle.as_deref())? {
                    refused += 1;
                }
            }
            if refused > 0 {
                writeln!(out, "{refused} of {} file(s) refused; nothing of them was stored", files.len())?;
                return Ok(ExitCode::from(DATA_ERRORS));
            }
        }
        Command::Cubes { lang } => {
            let loaded = load_catalog(cli.catalog.as_deref())?;
            let lang = Lang::pick(&loaded.catalog, lang.as_deref())?;
            let rows: Vec<Vec<String>> = loaded
                .catalog
                .cubes
                .values()
                .map(|cube| {
                    let dims: Vec<&str> = cube.dimensions.iter().map(|d| d.id.as_str()).collect();
                    vec![
                        cube.id.clone(),
                        cube.owner.clone(),
                        cube.measure.clone(),
                        dims.join(", "),
                        cube.name.get(lang.0).to_string(),
                    ]
                })
                .collect();
            print_aligned(&mut out, &["cube", "owner", "measure", "dimensions", "name"], &rows)?;
        }
        Command::Codes { list, lang } => {
            let loaded = load_catalog(cli.catalog.as_deref())?;
            let catalog = &loaded.catalog;
            let lang = Lang::pick(catalog, lang.as_deref())?;
            match list {
                None => {
                    let rows: Vec<Vec<String>> = catalog
                        .code_lists
                        .values()
                        .map(|l| {
                            vec![l.id.clone(), l.codes.len().to_string(), l.name.get(lang.0).to_string()]
                        })
                        .collect();
                    print_aligned(&mut out, &["code list", "codes", "name"], &rows)?;
                }
                Some(id) => {
                    let Some(list) = catalog.code_list(id) else {
                        let known: Vec<&str> = catalog.code_lists.keys().map(String::as_str).collect();
                        bail!("unknown code list {id:?}; the catalog has: {}", known.join(", "));
                    };
                    let rows: Vec<Vec<String>> = list
                        .codes
                        .iter()
                        .map(|c| {
                            vec![
                                c.id.clone(),
                                c.labels.get(lang.0).to_string(),
                                c.parent.clone().unwrap_or_default(),
                            ]
                        })
                        .collect();
                    print_aligned(&mut out, &["code", "label", "parent"], &rows)?;
                }
            }
        }
        Command::Catalog => {
            let loaded = load_catalog(cli.catalog.as_deref())?;
            let c = &loaded.catalog;
            let codes: usize = c.code_lists.values().map(|l| l.codes.len()).sum();
            writeln!(out, "catalog {:?}: languages {}", c.id, c.languages.join(", "))?;
            writeln!(
                out,
                "{} code lists with {codes} codes, {} cubes, {} measures, {} flags",
                c.code_lists.len(),
                c.cubes.len(),
                c.measures.len(),
                c.flags.len()
            )?;
            for cycle in &c.cycles {
                writeln!(
                    out,
                    "cycle {}: periods {}; context periods {}",
                    cycle.id,
                    cycle.periods.join(", "),
                    cycle.context_periods.join(", ")
                )?;
            }
            writeln!(out, "content hash {}", loaded.content_hash)?;
        }
        Command::Audit { last } => {
            let app = open_app(&cli)?;
            let log = app.store.audit_log()?;
            let skip = last.map_or(0, |n| log.len().saturating_sub(n));
            let rows: Vec<Vec<String>> = log
                .into_iter()
                .skip(skip)
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.at,
                        e.who,
                        e.action,
                        format!("{} {}", e.entity, e.entity_key),
                        e.before.unwrap_or_default(),
                        e.after.unwrap_or_default(),
                    ]
                })
                .collect();
            print_aligned(&mut out, &["#", "at", "who", "action", "what", "before", "after"], &rows)?;
        }
        Command::Tables { table, format, lang, cycle } => {
            let app = open_app(&cli)?;
            let lang = Lang::pick(&app.catalog.catalog, lang.as_deref())?.0.to_string();
            let computed = app.tables(cycle.as_deref(), *table)?;
            let views = table_views(&app, &computed, &lang);
            match format {
                Format::Text => {
                    for (i, view) in views.iter().enumerate() {
                        if i > 0 {
                            writeln!(out)?;
                        }
                        rapporteur_report::render_table_text(view, &mut out)?;
                    }
                }
                Format::Csv => rapporteur_report::render_tables_csv(&views, &mut out)?,
                Format::Json => rapporteur_report::render_tables_json(&views, &mut out)?,
            }
        }
        Command::Validate { cycle, format, lang } => {
            let mut app = open_app(&cli)?;
            let lang = Lang::pick(&app.catalog.catalog, lang.as_deref())?.0.to_string();
            let stored = app.validate(cycle.as_deref())?;
            let catalog = &app.catalog.catalog;
            let views = rapporteur_app::finding_views(&stored);
            let locale = rapporteur_report::Locale::new(catalog, &lang);
            match format {
                Format::Json => rapporteur_report::render_findings_json(catalog, &views, &locale, &mut out)?,
                Format::Text | Format::Csv => {
                    rapporteur_report::render_findings_text(catalog, &views, &locale, &mut out)?
                }
            }
            if stored.iter().any(|s| s.finding.severity == rapporteur_domain::Severity::Error) {
                return Ok(ExitCode::from(DATA_ERRORS));
            }
        }
        Command::Estimate { file, method, threshold, bootstrap, seed, level, format, lang } => {
            use rapporteur_stats::mse::{BootstrapOptions, EstimateOptions, Language, SelectionMethod};
            let languages: Vec<Language> = lang
                .iter()
                .map(|l| {
                    Language::parse(l)
                        .ok_or_else(|| anyhow::anyhow!("unknown language {l:?}: expected nl, fr or en"))
                })
                .collect::<anyhow::Result<_>>()?;
            let options = EstimateOptions {
                method: match method {
                    Method::Stepwise => SelectionMethod::Stepwise { threshold: *threshold },
                    Method::Aic => SelectionMethod::Aic,
                    Method::Bic => SelectionMethod::Bic,
                },
                level: *level,
                bootstrap: (*bootstrap > 0)
                    .then_some(BootstrapOptions { replicates: *bootstrap, seed: *seed }),
                ..EstimateOptions::default()
            };
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.display().to_string();
            match rapporteur_app::estimate_file(&bytes, &options).map_err(anyhow::Error::msg)? {
                rapporteur_app::EstimateOutcome::Refused(problems) => {
                    writeln!(out, "{name}: refused ({} problem(s)):", problems.len())?;
                    for problem in &problems {
                        writeln!(out, "  {}", problem.located(&name))?;
                    }
                    return Ok(ExitCode::from(DATA_ERRORS));
                }
                rapporteur_app::EstimateOutcome::Estimated(estimate) => match format {
                    Format::Json => {
                        serde_json::to_writer_pretty(&mut out, &estimate)?;
                        writeln!(out)?;
                    }
                    Format::Text | Format::Csv => {
                        estimate_text::write(&mut out, &name, &estimate, &languages)?;
                        if estimate.population.is_none() {
                            return Ok(ExitCode::from(DATA_ERRORS));
                        }
                    }
                },
            }
        }
        Command::Report { cycle, lang, format, out: out_dir } => {
            let mut app = open_app(&cli)?;
            let languages =
                if lang.is_empty() { app.catalog.catalog.languages.clone() } else { lang.clone() };
            let written = write_report(&mut app, cycle.as_deref(), &languages, format, out_dir)?;
            for path in written {
                writeln!(out, "wrote {}", path.display())?;
            }
        }
        Command::Explain { table, row, col, cycle } => {
            let app = open_app(&cli)?;
            let e = app.explain(cycle.as_deref(), *table, row, col)?;
            writeln!(
                out,
                "table {}, row {}, column {}: {}",
                e.table,
                e.row.join(" / "),
                e.column.join(" / "),
                e.text
            )?;
            let selection: Vec<String> =
                e.selection.iter().map(|(d, codes)| format!("{d} in {}", codes.join("|"))).collect();
            writeln!(out, "sums the observations with {}", selection.join(", "))?;
            let rows: Vec<Vec<String>> = e
                .observations
                .iter()
                .map(|s| {
                    let codes: Vec<String> =
                        s.row.coordinate.codes.iter().map(|(d, c)| format!("{d}={c}")).collect();
                    vec![
                        s.row.coordinate.period.clone(),
                        codes.join(" "),
                        s.row.value.to_string(),
                        format!("{}:{}", s.file_name, s.row.source_row),
                        s.actor.clone(),
                        format!("#{} {}", s.import_id, s.imported_at),
                        s.imported_by.clone(),
                    ]
                })
                .collect();
            print_aligned(
                &mut out,
                &["period", "codes", "value", "file:row", "actor", "import", "by"],
                &rows,
            )?;
        }
        Command::Acknowledge { key, explanation, cycle } => {
            let mut app = open_app(&cli)?;
            app.acknowledge(cycle.as_deref(), key, explanation)?;
            writeln!(out, "finding {key} explained by {}", app.user)?;
        }
        Command::Demo { out: out_dir, format: formats } => {
            let mut app = open_app(&cli)?;
            let cycle = "2019-2020";
            let files = rapporteur_app::embedded_data_set(cycle);
            writeln!(
                out,
                "importing the embedded {cycle} data set ({} files) into {}",
                files.len(),
                cli.store.display()
            )?;
            let mut refused = 0;
            for file in &files {
                let name = format!("data/be/{}", file.path);
                if !import_one(&mut app, &mut out, &name, file.bytes, Some(cycle))? {
                    refused += 1;
                }
            }
            let counts = app.store.counts()?;
            writeln!(
                out,
                "the store holds {} observations and {} control values from {} imports ({} returns); the audit log has {} entries",
                counts.observations, counts.control_values, counts.imports, counts.returns, counts.audit_entries
            )?;
            let lang = Lang::pick(&app.catalog.catalog, None)?.0.to_string();
            let computed = app.tables(Some(cycle), None)?;
            let views = table_views(&app, &computed, &lang);
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
            writeln!(out, "wrote {} tables (text and CSV) to {}", views.len(), out_dir.display())?;
            let languages = app.catalog.catalog.languages.clone();
            let written = write_report(&mut app, Some(cycle), &languages, formats, out_dir)?;
            writeln!(out, "wrote the report ({}) to {}", written.len(), out_dir.display())?;
            if refused > 0 {
                return Ok(ExitCode::from(DATA_ERRORS));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the report and writes it in every language and format asked for; returns the paths.
fn write_report(
    app: &mut App,
    cycle: Option<&str>,
    languages: &[String],
    formats: &[ReportFormat],
    out_dir: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let documents = app.report(cycle, languages)?;
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

fn table_views<'a>(
    app: &'a App,
    computed: &'a [(&'a rapporteur_domain::TableLayout, rapporteur_app::ComputedTable)],
    lang: &str,
) -> Vec<rapporteur_report::TableView<'a>> {
    computed
        .iter()
        .map(|(layout, table)| rapporteur_report::TableView {
            catalog: &app.catalog.catalog,
            layout,
            table,
            locale: rapporteur_report::Locale::new(&app.catalog.catalog, lang),
        })
        .collect()
}

/// Imports one file and prints what happened. Returns false when the file was refused.
fn import_one(
    app: &mut App,
    out: &mut impl Write,
    name: &str,
    bytes: &[u8],
    cycle: Option<&str>,
) -> anyhow::Result<bool> {
    // Small files import in a blink; a bar would only flicker.
    const BAR_FROM_BYTES: usize = 1 << 20;
    let bar = (bytes.len() >= BAR_FROM_BYTES && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(bytes.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        bar
    });
    let mut progress = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let outcome =
        app.import(name, bytes, cycle, &mut progress).with_context(|| format!("importing {name}"))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match outcome {
        ImportOutcome::Refused(problems) => {
            writeln!(out, "{name}: refused, nothing stored ({} problem(s)):", problems.len())?;
            for problem in &problems {
                writeln!(out, "  {}", problem.located(name))?;
            }
            Ok(false)
        }
        ImportOutcome::Unchanged(s) => {
            writeln!(
                out,
                "{name}: unchanged: the store already holds these {} observations and {} control values",
                s.observations, s.control_values
            )?;
            Ok(true)
        }
        ImportOutcome::Imported { import_id, summary: s, findings } => {
            writeln!(
                out,
                "{name}: imported {} observations and {} control values of {} as import #{import_id} ({} added, {} updated, {} removed; {})",
                s.observations,
                s.control_values,
                s.cubes.join(", "),
                s.added,
                s.updated,
                s.removed,
                s.layout
            )?;
            if !findings.is_empty() {
                let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
                let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
                rules.dedup();
                writeln!(
                    out,
                    "  validation: {} error(s), {} warning(s), {} info on these cubes ({}); see rapporteur validate",
                    count(rapporteur_domain::Severity::Error),
                    count(rapporteur_domain::Severity::Warning),
                    count(rapporteur_domain::Severity::Info),
                    rules.join(", ")
                )?;
            }
            Ok(true)
        }
    }
}

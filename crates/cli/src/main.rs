//! The `rapporteur` command: parses arguments, opens the catalog and the store, runs one use
//! case and maps its outcome to an exit code (0 ok, 1 done with data errors, 2 failure).

/// The allocator: see the reason beside the dependency in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backup_cmd;
mod catalog_cmd;
mod chain_cmd;
mod data_cmd;
mod disclosure_cmd;
mod estimate_cmd;
mod estimate_text;
mod export_cmd;
mod open_data_cmd;
mod operator;
mod output;
mod portal_cmd;
mod records_cmd;
mod report_cmd;
mod translation_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rapporteur: the national information system on trafficking in and smuggling of human beings.
///
/// Collects the actors' figures, checks them against the catalog, and keeps them with their
/// provenance and an audit log in the store: one SQLite file, or a PostgreSQL database.
///
/// Exit codes: 0 success; 1 done, but some data were refused (each problem is printed as
/// file:row:column: message); 2 failure (bad arguments, unreadable file or store, broken catalog).
#[derive(Parser)]
#[command(name = "rapporteur", version, max_term_width = 100)]
struct Cli {
    /// The store: an SQLite file, created on first use, or a PostgreSQL database
    /// (postgres://user@host/db or postgresql://…; its schema is created on first use)
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
    Chain(chain_cmd::ChainCommand),
    #[command(flatten)]
    Disclosure(disclosure_cmd::DisclosureCommand),
    #[command(flatten)]
    Portal(portal_cmd::PortalCommand),
    #[command(flatten)]
    Translation(translation_cmd::TranslationCommand),
    #[command(flatten)]
    OpenData(open_data_cmd::OpenDataCommand),
    /// Write the figures of a cycle for an international destination (Eurostat, UNODC, GRETA)
    #[command(long_about = export_cmd::LONG_ABOUT)]
    Export(export_cmd::ExportArgs),
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
    /// Copy the store to a new file, consistent while the portal runs
    ///
    /// SQLite: the online backup of the file; PostgreSQL: pg_dump's plain SQL of the store's
    /// schema (restore it with psql into an empty database). Prints what the copy holds.
    Backup {
        /// The new file (never overwritten)
        out: PathBuf,
    },
    /// Replace the store with a SQLite backup, verified table by table and by its audit log
    Restore {
        /// The backup file
        file: PathBuf,
        /// Replace a store that holds data (refused otherwise)
        #[arg(long)]
        force: bool,
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
    /// Accept an explained error as it stands, as the coordinator: the figures cannot be
    /// corrected (two sources counting differently, a figure already printed). Until then an
    /// error keeps its return from being submitted; the acceptance holds while the figures
    /// behind the finding stay as they are (audited)
    Accept {
        /// The finding's key, as `rapporteur validate` shows it in brackets
        key: String,
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
    /// report. With a FILE it does not touch the store; with --from-store the capture
    /// histories of --year are derived from the linked records (`rapporteur link`).
    Estimate {
        /// The capture histories
        #[arg(required_unless_present = "from_store", conflicts_with = "from_store")]
        file: Option<PathBuf>,
        /// Derive the capture histories from the store's linked records instead of a file
        #[arg(long, requires = "year")]
        from_store: bool,
        /// The year whose victims are estimated (with --from-store)
        #[arg(long)]
        year: Option<i32>,
        /// Only the victims of this form of exploitation (a code of exploitation_form; with
        /// --from-store)
        #[arg(long, requires = "from_store")]
        form: Option<String>,
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

/// Runs one command: commands on the catalog load it; the others open the store for the
/// operator and call one use case.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let out = &mut out;
    let catalog = || operator::load_catalog(cli.catalog.as_deref());
    let open = || operator::open(&cli.store, cli.catalog.as_deref(), cli.user.as_deref());
    let done = |()| ExitCode::SUCCESS;
    match &cli.command {
        Command::Portal(command) => portal_cmd::run(command, &cli.store, open, out),
        Command::Records(command) => records_cmd::run(command, catalog, open, out),
        Command::Chain(command) => chain_cmd::run(command, &mut open()?, out),
        Command::Disclosure(command) => disclosure_cmd::run(command, &mut open()?, out),
        Command::Translation(command) => translation_cmd::run(command, &mut open()?, out),
        Command::OpenData(command) => open_data_cmd::run(command, &mut open()?, out),
        Command::Export(args) => export_cmd::run(args, &mut open()?, out),
        Command::Import { cycle, files } => data_cmd::import(&mut open()?, cycle.as_deref(), files, out),
        Command::Cubes { lang } => catalog_cmd::cubes(&catalog()?, lang.as_deref(), out).map(done),
        Command::Codes { list, lang } => {
            catalog_cmd::codes(&catalog()?, list.as_deref(), lang.as_deref(), out).map(done)
        }
        Command::Catalog => catalog_cmd::summary(&catalog()?, out).map(done),
        Command::Audit { last } => data_cmd::audit(&open()?, *last, out).map(done),
        Command::Backup { out: file } => backup_cmd::backup(&open()?, file, out).map(done),
        Command::Restore { file, force } => backup_cmd::restore(&mut open()?, file, *force, out).map(done),
        Command::Tables { table, format, lang, cycle } => {
            data_cmd::tables(&open()?, (cycle.as_deref(), *table), *format, lang.as_deref(), out).map(done)
        }
        Command::Validate { cycle, format, lang } => {
            data_cmd::validate(&mut open()?, cycle.as_deref(), *format, lang.as_deref(), out)
        }
        Command::Estimate {
            file,
            from_store: _,
            year,
            form,
            method,
            threshold,
            bootstrap,
            seed,
            level,
            format,
            lang,
        } => {
            let settings = estimate_cmd::Settings {
                method: *method,
                threshold: *threshold,
                bootstrap: *bootstrap,
                seed: *seed,
                level: *level,
            };
            let source = match (file, year) {
                (Some(file), _) => estimate_cmd::Source::File(file),
                (None, year) => {
                    estimate_cmd::Source::Store(Box::new(open()?), year.unwrap_or_default(), form.as_deref())
                }
            };
            estimate_cmd::estimate(source, &settings, *format, lang, out)
        }
        Command::Report { cycle, lang, format, out: out_dir } => {
            report_cmd::report(&mut open()?, cycle.as_deref(), lang, format, out_dir, out).map(done)
        }
        Command::Explain { table, row, col, cycle } => {
            data_cmd::explain(&open()?, (cycle.as_deref(), *table), (row, col), out).map(done)
        }
        Command::Acknowledge { key, explanation, cycle } => {
            data_cmd::acknowledge(&mut open()?, cycle.as_deref(), key, explanation, out).map(done)
        }
        Command::Accept { key, cycle } => {
            data_cmd::accept(&mut open()?, cycle.as_deref(), key, out).map(done)
        }
        Command::Demo { out: out_dir, format } => {
            let open_other =
                |store: &std::path::Path| operator::open(store, cli.catalog.as_deref(), cli.user.as_deref());
            report_cmd::demo(&mut open()?, &cli.store, out_dir, format, (&catalog()?, open_other), out)
        }
    }
}

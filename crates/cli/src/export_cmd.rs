//! The export command: write a cycle's figures for an international destination into a folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};

use rapporteur_app::{eurostat_files, export_written};

use crate::operator::Operator;

/// An international destination and the catalog's crosswalk to it.
#[derive(Clone, Copy, ValueEnum)]
pub enum Destination {
    /// Eurostat's data collection on trafficking in human beings (SDMX)
    Eurostat,
    /// UNODC's questionnaire for the Global Report on Trafficking in Persons
    Unodc,
    /// GRETA's evaluation questionnaire
    Greta,
}

impl Destination {
    /// The id of the catalog's crosswalk (`crosswalks/<id>.toml`).
    fn crosswalk(self) -> &'static str {
        match self {
            Destination::Eurostat => "eurostat_thb",
            Destination::Unodc => "unodc_glotip",
            Destination::Greta => "greta",
        }
    }
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Write a cycle's figures for an international destination, cut through the catalog's
    /// crosswalk and protected by the same disclosure control as the report
    ///
    /// Eurostat: one SDMX-CSV 2.0 file per table, an SDMX-ML 2.1 structure message
    /// (structure.xml: the dataflows, data structures and code lists as the crosswalk assumes
    /// them) and a README in each language with the definitions, sources, verification
    /// caveats, what is not sent and the disclosure rule. Files already in DIR with the same
    /// names are replaced.
    Export {
        /// The destination
        #[arg(long, value_enum)]
        to: Destination,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// The folder to write the files into (created if absent)
        #[arg(long)]
        out: PathBuf,
        /// The date the export is made, YYYY-MM-DD [default: today]
        #[arg(long)]
        date: Option<String>,
    },
}

/// Runs the export command.
pub fn run(command: &ExportCommand, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let ExportCommand::Export { to, cycle, out: dir, date } = command;
    let cycle = op.app.cycle(cycle.as_deref())?.id.clone();
    let today = op.app.now().chars().take("YYYY-MM-DD".len()).collect::<String>();
    let date = date.clone().unwrap_or(today);
    let export = op.app.export(&op.caller, to.crosswalk(), Some(&cycle), &date)?;
    let files = match to {
        Destination::Eurostat => eurostat_files(&export)?,
        Destination::Unodc | Destination::Greta => {
            anyhow::bail!("export to {}: not yet implemented", to.crosswalk())
        }
    };
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let lang = op.app.catalog().languages[0].clone();
    let name = &export.crosswalk.name;
    writeln!(out, "{}", export_written(&lang, &dir.display().to_string(), name, &cycle, &files))?;
    Ok(ExitCode::SUCCESS)
}

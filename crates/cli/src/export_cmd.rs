//! The export command: a cycle's figures for an international destination, written into a
//! folder. (Minimal version: the questionnaire workbooks of UNODC and GRETA.)

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use rapporteur_exchange::{workbook, workbook_written};

use crate::operator::Operator;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Write a cycle's figures for an international destination: UNODC's or GRETA's
    /// questionnaire as a workbook (XLSX)
    ///
    /// The figures are cut through the catalog's crosswalk (crosswalks/<destination>.toml) from
    /// the same observations as the report, and protected by the same disclosure control. The
    /// workbook has a cover sheet (definitions, sources, verification caveats, what is not sent,
    /// the disclosure rule; in English, Dutch and French), then a sheet per table of the
    /// questionnaire: a row per category, a column per year.
    Export {
        /// The destination: unodc, greta (or a crosswalk's id)
        #[arg(long)]
        to: String,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// The folder to write into (created if absent)
        #[arg(long)]
        out: PathBuf,
        /// The date printed on the cover, YYYY-MM-DD [default: today]
        #[arg(long)]
        date: Option<String>,
    },
}

/// Runs the export command.
pub fn run(command: &ExportCommand, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let ExportCommand::Export { to, cycle, out: dir, date } = command;
    let destination = match to.as_str() {
        "unodc" => "unodc_glotip",
        "eurostat" => anyhow::bail!("the Eurostat export (SDMX) is not in this build yet"),
        other => other,
    };
    let cycle = op.app.cycle(cycle.as_deref())?.id.clone();
    let today = op.app.now().chars().take("YYYY-MM-DD".len()).collect::<String>();
    let date = date.clone().unwrap_or(today);
    let export = op.app.export(&op.caller, destination, Some(&cycle), &date)?;
    let file = workbook(&export)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(&file.path);
    std::fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
    let lang = op.app.catalog().languages[0].clone();
    writeln!(out, "{}", workbook_written(&lang, &export, &path.display().to_string()))?;
    Ok(ExitCode::SUCCESS)
}

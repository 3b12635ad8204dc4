//! The open-data command: write a cycle's open-data package into a folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use rapporteur_app::package_written;

use crate::operator::Operator;

#[derive(Subcommand)]
pub enum OpenDataCommand {
    /// Write the open-data package of a cycle: tidy CSV and Parquet per cube, code lists,
    /// datapackage.json, DCAT-AP metadata and READMEs
    ///
    /// Every cell the report's tables print, each once, one row per cell: a code column per
    /// dimension and the period (`_T` for a total, codes joined with `+` for a sum the code list
    /// has no code for), labels in every language, OBS_VALUE (exact, `.` as decimal separator),
    /// UNIT_MEASURE, OBS_STATUS (A, M) and CONF_STATUS (F, C, D: cells suppressed by disclosure
    /// control are empty). The same rows in Parquet, the code lists in codelists/, a Frictionless
    /// Data Package descriptor (check it with `frictionless validate DIR/datapackage.json`),
    /// DCAT-AP metadata in JSON-LD for data portals, and a README in each language. No
    /// record-level data is ever written. Files already in DIR with the same names are replaced.
    OpenData {
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// The folder to write the package into (created if absent)
        #[arg(long)]
        out: PathBuf,
        /// The date of publication, YYYY-MM-DD [default: today]
        #[arg(long)]
        date: Option<String>,
    },
}

/// Runs the open-data command.
pub fn run(command: &OpenDataCommand, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let OpenDataCommand::OpenData { cycle, out: dir, date } = command;
    let cycle = op.app.cycle(cycle.as_deref())?.id.clone();
    let today = op.app.now().chars().take("YYYY-MM-DD".len()).collect::<String>();
    let date = date.clone().unwrap_or(today);
    let files = op.app.open_data(&op.caller, &cycle, &date)?;
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let lang = op.app.catalog().languages[0].clone();
    writeln!(out, "{}", package_written(&lang, &dir.display().to_string(), &cycle, &date, &files))?;
    Ok(ExitCode::SUCCESS)
}

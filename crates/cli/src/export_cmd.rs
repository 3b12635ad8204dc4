//! The export command: write a cycle's figures for an international destination (Eurostat,
//! UNODC, GRETA) into a folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use rapporteur_exchange::{consistency_lines, export_files, export_written};

use crate::operator::Operator;

/// What `rapporteur export --help` says.
pub const LONG_ABOUT: &str = "Write the figures of a cycle for an international destination

The figures are cut as the destination's tables through the catalog's crosswalk
(crosswalks/<destination>.toml) and protected by disclosure control together with the report
and the open data, so that no combination of them reveals a count of fewer than k persons.
Eurostat's exports (trafficking, smuggling of migrants) are SDMX-CSV 2.0 with their structure
as SDMX-ML 2.1; UNODC's and GRETA's are workbooks in the questionnaire's layout. Each export has a cover with the definitions,
the sources of the crosswalk, what was not verified and what is not sent, and why. The
command then lists where the destination would receive a total other than the report's,
and why (coordinator's view: with every size). Files already in DIR with the same names are
replaced.";

#[derive(Args)]
pub struct ExportArgs {
    /// The destination: a crosswalk's id (eurostat_thb, eurostat_smu, unodc_glotip, greta), or
    /// its first part where no other id shares it (unodc)
    #[arg(long = "to")]
    destination: String,
    /// The reporting cycle [default: the catalog's current cycle]
    #[arg(long)]
    cycle: Option<String>,
    /// The folder to write the export into (created if absent)
    #[arg(long)]
    out: PathBuf,
    /// The date the export is made on, printed on its cover, YYYY-MM-DD [default: today]
    #[arg(long)]
    date: Option<String>,
    /// The language of the summary [default: the catalog's first]
    #[arg(long)]
    lang: Option<String>,
}

/// Runs the export command.
pub fn run(args: &ExportArgs, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let lang = args.lang.clone().unwrap_or_else(|| op.app.catalog().languages[0].clone());
    let cycle = op.app.cycle(args.cycle.as_deref())?.id.clone();
    let today = op.app.now().chars().take("YYYY-MM-DD".len()).collect::<String>();
    let date = args.date.clone().unwrap_or(today);
    let lines = op.app.destination_consistency(&op.caller, Some(&cycle))?;
    let export = op.app.export(&op.caller, &args.destination, Some(&cycle), &date)?;
    let files = export_files(&export)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    for file in &files {
        let path = args.out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    writeln!(out, "{}", export_written(&lang, &export, &args.out.display().to_string(), files.len()))?;
    for line in consistency_lines(op.app.catalog(), &lines, &export.crosswalk.id, &lang) {
        writeln!(out, "  {line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

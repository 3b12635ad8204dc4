//! The translation commands: export the actors' texts awaiting translation as XLIFF 2.1 for the
//! translation service, and import the translated file back.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use rapporteur_app::{ExportChoice, TranslationImport};

use crate::operator::Operator;

#[derive(Subcommand)]
pub enum TranslationCommand {
    /// Export the texts awaiting translation into a language as XLIFF 2.1
    ///
    /// Every actor's text of the cycle written in FROM whose TO version is absent or only a
    /// draft: one unit per text, one segment per sentence, its inline Markdown (emphasis,
    /// links, footnote references) and numbers protected as placeholders the translator keeps.
    /// Open it in any XLIFF 2 tool; bring it back with `translation-import`.
    TranslationExport {
        /// The language of the texts [default: nl]
        #[arg(long, default_value = "nl")]
        from: String,
        /// The language to translate into (fr, en)
        #[arg(long)]
        to: String,
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// Only this actor's texts (repeat for several)
        #[arg(long = "actor")]
        actors: Vec<String>,
        /// Only this section's texts, e.g. 2.9.1 (repeat for several)
        #[arg(long = "section")]
        sections: Vec<String>,
        /// Where to write the XLIFF file
        output: PathBuf,
    },
    /// Import a translated XLIFF file: every text stored, or none with every problem listed
    ///
    /// The file must come from `translation-export`: the same units and segments, every
    /// placeholder kept once, a translation in every segment. Segments left `initial` make the
    /// text a draft; all `reviewed` or `final`, a reviewed translation; else a translation.
    /// Each text is a new version, audited.
    TranslationImport {
        /// The translated XLIFF file
        file: PathBuf,
    },
}

/// Runs a translation command.
pub fn run(
    command: &TranslationCommand,
    op: &mut Operator,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        TranslationCommand::TranslationExport { from, to, cycle, actors, sections, output } => {
            let choice = ExportChoice { actors: actors.clone(), sections: sections.clone() };
            let export = op.app.export_translation(&op.caller, cycle.as_deref(), (from, to), &choice)?;
            std::fs::write(output, &export.xliff).with_context(|| format!("writing {}", output.display()))?;
            writeln!(
                out,
                "{}: {} text(s), {} segment(s) from {from} to {to}, {} pre-filled from earlier translations",
                output.display(),
                export.units,
                export.segments,
                export.prefilled
            )?;
            Ok(ExitCode::SUCCESS)
        }
        TranslationCommand::TranslationImport { file } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            match op.app.import_translation(&op.caller, &bytes)? {
                TranslationImport::Stored { language, texts, unchanged } => {
                    let counts: Vec<String> =
                        texts.iter().map(|(s, n)| format!("{n} {}", s.as_str())).collect();
                    writeln!(
                        out,
                        "{}: {language} texts stored ({}); {unchanged} unchanged",
                        file.display(),
                        counts.join(", ")
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                TranslationImport::Refused(problems) => {
                    let name = file.display().to_string();
                    writeln!(out, "{name}: refused, nothing stored ({} problem(s)):", problems.len())?;
                    for problem in &problems {
                        writeln!(out, "  {}", problem.located(&name))?;
                    }
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

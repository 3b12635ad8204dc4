//! The translation commands: export the actors' texts awaiting translation as XLIFF 2.1 for the
//! translation service, and import the translated file back; export and import the translation
//! memory as TMX 1.4b for the service's own tools.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use rapporteur_app::{ExportChoice, ImportProblem, MemoryImport, TranslationImport};
use rapporteur_domain::translation::FUZZY_THRESHOLD;

use crate::operator::Operator;

// The variants are the commands' names (translation-export, translation-memory-import, …).
#[allow(clippy::enum_variant_names)]
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
    /// Export the translation memory as TMX 1.4b for the translation service's tools
    ///
    /// Every text the store holds in FROM and in TO (translated or reviewed; drafts only with
    /// --include-drafts, marked x-rapporteur-status), cut into sentences as translation-export
    /// cuts them and aligned one to one, and (without --cycle) the pairs imported before; the
    /// inline Markdown and numbers as TMX inline codes. A text whose two versions have
    /// different numbers of sentences is left out and counted.
    TranslationMemoryExport {
        /// The source language [default: nl]
        #[arg(long, default_value = "nl")]
        from: String,
        /// The target language (fr, en)
        #[arg(long)]
        to: String,
        /// Only this cycle's texts [default: every cycle's, and the imported pairs]
        #[arg(long)]
        cycle: Option<String>,
        /// Also the draft translations' sentences, marked as drafts
        #[arg(long)]
        include_drafts: bool,
        /// Where to write the TMX file
        output: PathBuf,
    },
    /// Import a TMX file into the translation memory: every pair stored, or none with every
    /// problem listed
    ///
    /// Each <tu> needs a segment in the header's srclang and in the target language, with the
    /// same inline codes (markup, footnote references, numbers). The next translation-export
    /// pre-fills a sentence found there (subState rapporteur:tmx-match). Audited.
    TranslationMemoryImport {
        /// The target language, when the file holds translations into several
        #[arg(long)]
        to: Option<String>,
        /// The TMX file
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
                "{}: {} text(s), {} segment(s) from {from} to {to}, {} pre-filled from earlier translations, {} with fuzzy matches (at least {FUZZY_THRESHOLD} % alike)",
                output.display(),
                export.units,
                export.segments,
                export.prefilled,
                export.fuzzy
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
                TranslationImport::Refused(problems) => refused(file, &problems, out),
            }
        }
        TranslationCommand::TranslationMemoryExport { from, to, cycle, include_drafts, output } => {
            let export = op.app.export_translation_memory(
                &op.caller,
                cycle.as_deref(),
                (from, to),
                *include_drafts,
            )?;
            std::fs::write(output, &export.tmx).with_context(|| format!("writing {}", output.display()))?;
            writeln!(
                out,
                "{}: {} sentence pair(s) from {from} to {to} ({} draft, {} imported before) from {} text(s); left out: {} text(s) whose sentences do not align, {} pair(s) whose codes differ, {} duplicate(s)",
                output.display(),
                export.units,
                export.drafts,
                export.imported,
                export.texts,
                export.misaligned_texts,
                export.misaligned_sentences,
                export.duplicates
            )?;
            Ok(ExitCode::SUCCESS)
        }
        TranslationCommand::TranslationMemoryImport { to, file } => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            match op.app.import_translation_memory(&op.caller, &bytes, to.as_deref())? {
                MemoryImport::Stored { from, to, pairs, changed, drafts, duplicates } => {
                    writeln!(
                        out,
                        "{}: {pairs} sentence pair(s) from {from} to {to} in the translation memory, {changed} new or changed; not taken: {drafts} draft(s), {duplicates} repeated source(s)",
                        file.display()
                    )?;
                    Ok(ExitCode::SUCCESS)
                }
                MemoryImport::Refused(problems) => refused(file, &problems, out),
            }
        }
    }
}

/// Lists the problems of a refused file.
fn refused(file: &Path, problems: &[ImportProblem], out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    writeln!(out, "{name}: refused, nothing stored ({} problem(s)):", problems.len())?;
    for problem in problems {
        writeln!(out, "  {}", problem.located(&name))?;
    }
    Ok(ExitCode::from(1))
}

//! Disclosure control from the command line: protect a cycle's publication and say what was
//! hidden (counts of cells, never their values).

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use rapporteur_report::{each_table_line, protection_lines, ProtectionFigures};

use crate::operator::Operator;

#[derive(Subcommand)]
pub enum DisclosureCommand {
    /// Protect a cycle's publication under the catalog's disclosure policy and list what it hides
    ///
    /// Counts of fewer than k persons (disclosure.toml) are hidden, then as few and as small
    /// other figures as needed so that no combination of the report's tables, its workbook and
    /// its open data recomputes one — or narrows it to fewer than min_interval values. Cells are
    /// chosen by linear programming over the whole publication at once, then audited by an
    /// attacker's linear programs. The report and the open data print with the same pattern.
    Protect {
        /// The reporting cycle [default: the catalog's current cycle]
        #[arg(long)]
        cycle: Option<String>,
        /// Language of the summary [default: the catalog's first language]
        #[arg(long)]
        lang: Option<String>,
        /// Also protect each table on its own (as τ-ARGUS or sdcTable do) and say how many of
        /// its sensitive counts a reader of the whole publication narrows; the stored pattern
        /// stays the whole publication's
        #[arg(long)]
        each_table: bool,
    },
}

/// Runs a disclosure command for the operator.
pub fn run(command: &DisclosureCommand, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    match command {
        DisclosureCommand::Protect { cycle, lang, each_table } => {
            let view = op.app.protect_publication(&op.caller, cycle.as_deref())?;
            let catalog = op.app.catalog();
            let lang = lang.clone().unwrap_or_else(|| catalog.languages[0].clone());
            op.app.check_language(&lang)?;
            let figures = ProtectionFigures {
                cycle: &view.cycle,
                cells: view.cells,
                by_cube: &view.by_cube,
                narrowest: view.narrowest,
                programs: view.programs,
            };
            for line in protection_lines(catalog, &figures, &lang) {
                writeln!(out, "{line}")?;
            }
            if *each_table {
                let (pattern, narrowed) =
                    op.app.protect_each_table(&op.caller, Some(&view.cycle), &catalog.disclosure)?;
                writeln!(out, "{}", each_table_line(catalog, pattern.len(), narrowed, &lang))?;
            }
            if !view.unprotectable.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

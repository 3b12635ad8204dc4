//! Commands on the store's figures: `import`, `tables`, `validate`, `explain`, `acknowledge`,
//! `accept`, `audit`. Each calls one use case as the operator and prints its outcome.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use rapporteur_app::{ImportOutcome, ImportSummary};
use rapporteur_domain::{Finding, Severity};

use crate::operator::Operator;
use crate::output::{print_aligned, Lang};
use crate::report_cmd::table_views;
use crate::{Format, DATA_ERRORS};

/// Imports each file; exit 1 when any was refused.
pub fn import(
    op: &mut Operator,
    cycle: Option<&str>,
    files: &[PathBuf],
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut refused = 0;
    for path in files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.display().to_string();
        if !import_one(op, out, &name, &bytes, cycle)? {
            refused += 1;
        }
    }
    if refused > 0 {
        writeln!(out, "{refused} of {} file(s) refused; nothing of them was stored", files.len())?;
        return Ok(ExitCode::from(DATA_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar for a large file read on a terminal; none otherwise.
pub(crate) fn progress_bar(name: &str, bytes: usize) -> Option<indicatif::ProgressBar> {
    // Small files import in a blink; a bar would only flicker.
    const BAR_FROM_BYTES: usize = 1 << 20;
    (bytes >= BAR_FROM_BYTES && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(bytes as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        bar
    })
}

/// Imports one file and prints what happened. Returns false when the file was refused.
pub fn import_one(
    op: &mut Operator,
    out: &mut impl Write,
    name: &str,
    bytes: &[u8],
    cycle: Option<&str>,
) -> anyhow::Result<bool> {
    let bar = progress_bar(name, bytes.len());
    let mut progress = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let outcome = op
        .app
        .import(&op.caller, name, bytes, cycle, &mut progress)
        .with_context(|| format!("importing {name}"))?;
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
        ImportOutcome::Imported { import_id, summary, findings } => {
            write_imported(out, name, import_id, &summary, &findings)?;
            Ok(true)
        }
    }
}

fn write_imported(
    out: &mut impl Write,
    name: &str,
    import_id: i64,
    s: &ImportSummary,
    findings: &[Finding],
) -> anyhow::Result<()> {
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
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            rules.join(", ")
        )?;
    }
    Ok(())
}

/// The audit log, or its last `last` entries.
pub fn audit(op: &Operator, last: Option<usize>, out: &mut impl Write) -> anyhow::Result<()> {
    let log = op.app.audit_log(&op.caller)?;
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
    print_aligned(out, &["#", "at", "who", "action", "what", "before", "after"], &rows)?;
    Ok(())
}

/// The numbered tables (or one), as text, CSV or JSON.
pub fn tables(
    op: &Operator,
    (cycle, table): (Option<&str>, Option<u32>),
    format: Format,
    lang: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let lang = Lang::pick(op.app.catalog(), lang)?.0.to_string();
    let computed = op.app.tables(&op.caller, cycle, table)?;
    let views = table_views(&op.app, &computed, &lang);
    match format {
        Format::Text => {
            for (i, view) in views.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                rapporteur_report::render_table_text(view, out)?;
            }
        }
        Format::Csv => rapporteur_report::render_tables_csv(&views, out)?,
        Format::Json => rapporteur_report::render_tables_json(&views, out)?,
    }
    Ok(())
}

/// Validates the cycle and lists the findings; exit 1 when any is an error.
pub fn validate(
    op: &mut Operator,
    cycle: Option<&str>,
    format: Format,
    lang: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let lang = Lang::pick(op.app.catalog(), lang)?.0.to_string();
    let stored = op.app.validate(&op.caller, cycle)?;
    let catalog = op.app.catalog();
    let views = rapporteur_app::finding_views(&stored);
    let locale = rapporteur_report::Locale::new(catalog, &lang);
    match format {
        Format::Json => rapporteur_report::render_findings_json(catalog, &views, &locale, out)?,
        Format::Csv => rapporteur_report::render_findings_csv(catalog, &views, &locale, out)?,
        Format::Text => rapporteur_report::render_findings_text(catalog, &views, &locale, out)?,
    }
    if stored.iter().any(|s| s.finding.severity == Severity::Error) {
        return Ok(ExitCode::from(DATA_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a printed number comes from.
pub fn explain(
    op: &Operator,
    (cycle, table): (Option<&str>, u32),
    (row, col): (&str, &str),
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let e = op.app.explain(&op.caller, cycle, table, (row, col))?;
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
            let codes: Vec<String> = s.row.coordinate.codes.iter().map(|(d, c)| format!("{d}={c}")).collect();
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
    print_aligned(out, &["period", "codes", "value", "file:row", "actor", "import", "by"], &rows)?;
    Ok(())
}

/// Records the operator's explanation of a finding.
pub fn acknowledge(
    op: &mut Operator,
    cycle: Option<&str>,
    key: &str,
    explanation: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    op.app.acknowledge(&op.caller, cycle, key, explanation)?;
    writeln!(out, "finding {key} explained by {}", op.caller.name())?;
    Ok(())
}

/// Records the operator's acceptance of an explained error as it stands.
pub fn accept(op: &mut Operator, cycle: Option<&str>, key: &str, out: &mut impl Write) -> anyhow::Result<()> {
    op.app.accept_finding(&op.caller, cycle, key)?;
    writeln!(out, "finding {key} accepted as it stands by {}", op.caller.name())?;
    Ok(())
}

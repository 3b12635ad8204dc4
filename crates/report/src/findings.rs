//! Findings of validation as text and JSON, in one language.

use std::io::{self, Write};

use rapporteur_domain::{format_scaled, Catalog, Finding, Severity};
use rapporteur_rules::{describe_cell, render_message, rule_of};

use crate::format::{json_number, Locale};

/// A finding with its explanation, as shown to a reader.
pub struct FindingView<'a> {
    pub finding: &'a Finding,
    /// The actor's explanation, who gave it and when.
    pub explanation: Option<(&'a str, &'a str, &'a str)>,
}

/// A finding's message in the locale's language.
pub fn finding_message(catalog: &Catalog, finding: &Finding, locale: &Locale) -> String {
    match rule_of(catalog, finding) {
        Some(rule) => render_message(catalog, rule, finding, &locale.lang, locale.decimal_separator),
        None => format!("rule {} is no longer in the catalog", finding.rule),
    }
}

/// Writes findings, one paragraph each: severity, rule, key, message, tables, the cells with
/// their stated and computed values, and the explanation; then a count by severity.
pub fn render_findings_text(
    catalog: &Catalog,
    findings: &[FindingView<'_>],
    locale: &Locale,
    out: &mut impl Write,
) -> io::Result<()> {
    for view in findings {
        let f = view.finding;
        writeln!(out, "{} {} [{}]", f.severity.as_str(), f.rule, f.key)?;
        writeln!(out, "  {}", finding_message(catalog, f, locale))?;
        if !f.tables.is_empty() {
            let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
            writeln!(out, "  {}: {}", catalog.table_word.get(&locale.lang), tables.join(", "))?;
        }
        for cell in &f.cells {
            let value = |v: Option<i64>| v.map(|v| format_scaled(v, cell.decimals, locale.decimal_separator));
            let values = match (value(cell.expected), value(cell.actual)) {
                (Some(e), Some(a)) if cell.role != "total" => format!(": stated {e}, data {a}"),
                (_, Some(a)) => format!(": {a}"),
                _ => String::new(),
            };
            writeln!(out, "  - {} [{}]{values}", describe_cell(catalog, cell, &locale.lang), cell.role)?;
        }
        if let Some((explanation, who, at)) = view.explanation {
            writeln!(out, "  explained by {who} on {at}: {explanation}")?;
        }
        writeln!(out)?;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.finding.severity == s).count();
    let explained = findings.iter().filter(|f| f.explanation.is_some()).count();
    writeln!(
        out,
        "{} finding(s): {} error(s), {} warning(s), {} info; {explained} explained",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

#[derive(serde::Serialize)]
struct JsonCell<'a> {
    cube: &'a str,
    period: &'a str,
    codes: &'a std::collections::BTreeMap<String, String>,
    role: &'a str,
    label: String,
    expected: Option<Box<serde_json::value::RawValue>>,
    actual: Option<Box<serde_json::value::RawValue>>,
}

#[derive(serde::Serialize)]
struct JsonExplanation<'a> {
    explanation: &'a str,
    who: &'a str,
    at: &'a str,
}

#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    key: &'a str,
    rule: &'a str,
    severity: &'a str,
    actor: Option<&'a str>,
    message: String,
    tables: &'a [u32],
    cells: Vec<JsonCell<'a>>,
    explained: Option<JsonExplanation<'a>>,
}

/// Writes findings as a JSON list.
pub fn render_findings_json(
    catalog: &Catalog,
    findings: &[FindingView<'_>],
    locale: &Locale,
    out: &mut impl Write,
) -> io::Result<()> {
    let list: Vec<JsonFinding<'_>> = findings
        .iter()
        .map(|view| {
            let f = view.finding;
            JsonFinding {
                key: &f.key,
                rule: &f.rule,
                severity: f.severity.as_str(),
                actor: f.actor.as_deref(),
                message: finding_message(catalog, f, locale),
                tables: &f.tables,
                cells: f
                    .cells
                    .iter()
                    .map(|c| JsonCell {
                        cube: &c.cube,
                        period: &c.period,
                        codes: &c.codes,
                        role: &c.role,
                        label: describe_cell(catalog, c, &locale.lang),
                        expected: c.expected.and_then(|v| json_number(v, c.decimals)),
                        actual: c.actual.and_then(|v| json_number(v, c.decimals)),
                    })
                    .collect(),
                explained: view.explanation.map(|(explanation, who, at)| JsonExplanation {
                    explanation,
                    who,
                    at,
                }),
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &list).map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes findings as CSV, one row per finding: severity, rule, key, actor, the tables showing
/// it, the message in the locale's language, and its explanation (with who and when) if given.
/// Spreadsheet programs read a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return as a formula: such a cell (an explanation is typed by anyone) gets a leading
/// apostrophe.
pub fn render_findings_csv(
    catalog: &Catalog,
    findings: &[FindingView<'_>],
    locale: &Locale,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = [
        "severity",
        "rule",
        "key",
        "actor",
        "tables",
        "message",
        "explanation",
        "explained_by",
        "explained_at",
    ];
    writer.write_record(header)?;
    for view in findings {
        let f = view.finding;
        let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
        let (explanation, who, at) = view.explanation.unwrap_or(("", "", ""));
        let record = [
            f.severity.as_str().to_string(),
            f.rule.clone(),
            f.key.clone(),
            f.actor.clone().unwrap_or_default(),
            tables.join(" "),
            finding_message(catalog, f, locale),
            explanation.to_string(),
            who.to_string(),
            at.to_string(),
        ];
        writer.write_record(record.iter().map(|cell| inert_cell(cell).into_owned()))?;
    }
    writer.flush()
}

/// A cell a spreadsheet program shows as text, never runs as a formula.
fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

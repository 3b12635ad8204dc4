//! The data-quality annex as typst markup: a heading, an introduction (or the note that there
//! are no findings), and a `#finding` block per finding.

use std::fmt::Write as _;

use rapporteur_report::{AnnexFinding, Words};

use crate::escape::{escape_markup, escape_string};

/// Writes the annex at the end of the report.
pub(super) fn write_annex(out: &mut String, findings: &[AnnexFinding], words: &Words) {
    let _ = writeln!(out, "#heading(level: 1)[{}]\n", escape_markup(&words.annex_title));
    let _ = writeln!(out, "{}\n", escape_markup(&words.annex_intro));
    if findings.is_empty() {
        let _ = writeln!(out, "{}\n", escape_markup(&words.no_findings));
    }
    for finding in findings {
        write_finding(out, finding, words);
    }
}

/// One finding: a head line (severity, rule, tables, key), its message, and the actor's
/// explanation or `none`.
fn write_finding(out: &mut String, finding: &AnnexFinding, words: &Words) {
    let mut head = format!("#strong[{}]", escape_markup(&finding.severity_label));
    for part in [&finding.rule, &tables_list(&finding.tables, &words.table)] {
        if !part.is_empty() {
            let _ = write!(head, " · {}", escape_markup(part));
        }
    }
    if !finding.key.is_empty() {
        let _ = write!(head, " · #raw(\"{}\")", escape_string(&finding.key));
    }
    let explanation = match &finding.explanation {
        Some(text) => format!("[#emph[{}:] {}]", escape_markup(&words.explained), escape_markup(text)),
        None => "none".to_owned(),
    };
    let _ = writeln!(out, "#finding([{head}], [{}], {explanation})\n", escape_markup(&finding.message));
}

/// "Tabel 3, 17" for the tables a finding concerns; empty for none.
fn tables_list(tables: &[u32], table_word: &str) -> String {
    if tables.is_empty() {
        return String::new();
    }
    let numbers: Vec<String> = tables.iter().map(u32::to_string).collect();
    format!("{table_word} {}", numbers.join(", "))
}

//! The report as Markdown, for review and diffing: headings, the actors' texts as written,
//! tables as pipe tables, charts as a reference to their SVG file and their data.

use std::io::{self, Write};

use crate::document::{Block, Document, TableBlock};

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Writes the whole document. Charts are referred to as `figures/chart_NN.LANG.svg`, which the
/// caller writes beside the Markdown file.
pub fn render_markdown(document: &Document, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "# {}", document.title)?;
    writeln!(out)?;
    for chapter in &document.chapters {
        writeln!(out, "## {} {}", chapter.number, chapter.title)?;
        writeln!(out)?;
        for section in &chapter.sections {
            if section.depth > 1 {
                let level = "#".repeat((section.depth + 1).min(6));
                writeln!(out, "{level} {} {}", section.number, section.title)?;
                writeln!(out)?;
            }
            for block in &section.blocks {
                match block {
                    Block::Narrative { actor, markdown } => {
                        writeln!(out, "*{} {actor}*", document.words.contribution_of)?;
                        writeln!(out)?;
                        writeln!(out, "{}", markdown.trim_end())?;
                        writeln!(out)?;
                    }
                    Block::AwaitingTranslation { actor, available_in } => {
                        writeln!(
                            out,
                            "> **{} {actor}** — {} {}",
                            document.words.contribution_of,
                            document.words.awaiting_translation,
                            available_in.join(", ")
                        )?;
                        writeln!(out)?;
                    }
                    Block::Table(table) => table_markdown(out, table)?,
                    Block::Chart(chart) => {
                        writeln!(
                            out,
                            "![{}](figures/chart_{:02}.{}.svg)",
                            chart.title, chart.number, document.lang
                        )?;
                        writeln!(out)?;
                        writeln!(out, "*{}*", chart.source)?;
                        writeln!(out)?;
                    }
                }
            }
        }
    }
    writeln!(out, "## {}", document.words.annex_title)?;
    writeln!(out)?;
    if document.annex.findings.is_empty() {
        writeln!(out, "{}", document.words.no_findings)?;
    } else {
        writeln!(out, "{}", document.words.annex_intro)?;
        writeln!(out)?;
        for f in &document.annex.findings {
            let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
            let tables = if tables.is_empty() {
                String::new()
            } else {
                format!(" ({} {})", document.words.table, tables.join(", "))
            };
            writeln!(out, "- **{}** `{}` {}{tables}", f.severity, f.rule, f.message)?;
            if let Some(explanation) = &f.explanation {
                writeln!(out, "  - {}: {explanation}", document.words.explained)?;
            }
        }
    }
    Ok(())
}

fn table_markdown(out: &mut impl Write, table: &TableBlock) -> io::Result<()> {
    writeln!(out, "**{}**", table.title)?;
    writeln!(out)?;
    let labels = table.row_header.len();
    let columns = table.column_headers.first().map_or(0, Vec::len);
    // Markdown has one header row: the levels are joined, outer first.
    let header: Vec<String> = (0..columns)
        .map(|c| {
            let mut parts: Vec<&str> = Vec::new();
            for row in &table.column_headers {
                let label = row[c].as_str();
                if !label.is_empty() && parts.last() != Some(&label) {
                    parts.push(label);
                }
            }
            escape_cell(&parts.join(" / "))
        })
        .collect();
    let names: Vec<String> = table.row_header.iter().map(|h| escape_cell(h)).collect();
    writeln!(out, "| {} | {} |", names.join(" | "), header.join(" | "))?;
    writeln!(out, "|{}{}", " --- |".repeat(labels), " ---: |".repeat(columns))?;
    for row in &table.rows {
        let labels: Vec<String> = row
            .labels
            .iter()
            .map(|l| if row.total { format!("**{}**", escape_cell(l)) } else { escape_cell(l) })
            .collect();
        let cells: Vec<String> = row.cells.iter().map(|c| escape_cell(&c.text)).collect();
        writeln!(out, "| {} | {} |", labels.join(" | "), cells.join(" | "))?;
    }
    writeln!(out)?;
    writeln!(out, "*{}*", table.source)?;
    for (i, footnote) in table.footnotes.iter().enumerate() {
        writeln!(out, "({}) {footnote}", i + 1)?;
    }
    writeln!(out)
}

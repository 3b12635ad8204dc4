//! The report as Markdown, for review and diffing: headings, the actors' texts as written,
//! tables as pipe tables, charts as a reference to their SVG file and their data.

use std::io::{self, Write};

use crate::document::{AnnexFinding, Block, DocSection, Document, TableBlock, Words};

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Writes the whole document. Charts are referred to as `figures/chart_NN.LANG.svg`, which the
/// caller writes beside the Markdown file.
pub fn render_markdown(document: &Document, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "# {}", document.title)?;
    writeln!(out)?;
    if document.has_drafts() {
        writeln!(out, "> **{}**", document.words.draft_notice)?;
        writeln!(out)?;
    }
    for chapter in &document.chapters {
        writeln!(out, "## {} {}", chapter.number, chapter.title)?;
        writeln!(out)?;
        for section in &chapter.sections {
            section_markdown(out, section, document)?;
        }
    }
    annex_markdown(out, &document.annex.findings, &document.words)?;
    for block in &document.annex.blocks {
        writeln!(out)?;
        block_markdown(out, block, document)?;
    }
    Ok(())
}

/// A section: its heading (none for the chapter's own text, which the chapter heads), then its
/// blocks.
fn section_markdown(out: &mut impl Write, section: &DocSection, document: &Document) -> io::Result<()> {
    if section.depth > 1 {
        let level = "#".repeat((section.depth + 1).min(6));
        writeln!(out, "{level} {} {}", section.number, section.title)?;
        writeln!(out)?;
    }
    for block in &section.blocks {
        block_markdown(out, block, document)?;
    }
    Ok(())
}

/// One block of a section: an actor's text as written (or the note that it awaits
/// translation), a table, or a chart as a reference to its SVG file.
fn block_markdown(out: &mut impl Write, block: &Block, document: &Document) -> io::Result<()> {
    let words = &document.words;
    match block {
        Block::Narrative { actor, markdown, draft } => {
            writeln!(out, "*{} {actor}*", words.contribution_of)?;
            writeln!(out)?;
            if *draft {
                writeln!(out, "> *{}*", words.draft_translation)?;
                writeln!(out)?;
            }
            writeln!(out, "{}", markdown.trim_end())?;
            writeln!(out)
        }
        Block::AwaitingTranslation { actor, available_in } => {
            writeln!(
                out,
                "> **{} {actor}** — {} {}",
                words.contribution_of,
                words.awaiting_translation,
                available_in.join(", ")
            )?;
            writeln!(out)
        }
        Block::Table(table) => table_markdown(out, table),
        Block::Chart(chart) => {
            writeln!(out, "![{}](figures/chart_{:02}.{}.svg)", chart.title, chart.number, document.lang)?;
            writeln!(out)?;
            writeln!(out, "*{}*", chart.source)?;
            writeln!(out)
        }
    }
}

/// The data-quality annex: an introduction and a list item per finding (with the actor's
/// explanation below it), or the note that there are none.
fn annex_markdown(out: &mut impl Write, findings: &[AnnexFinding], words: &Words) -> io::Result<()> {
    writeln!(out, "## {}", words.annex_title)?;
    writeln!(out)?;
    if findings.is_empty() {
        return writeln!(out, "{}", words.no_findings);
    }
    writeln!(out, "{}", words.annex_intro)?;
    writeln!(out)?;
    for f in findings {
        let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
        let tables = if tables.is_empty() {
            String::new()
        } else {
            format!(" ({} {})", words.table, tables.join(", "))
        };
        writeln!(out, "- **{}** `{}` {}{tables}", f.severity_label, f.rule, f.message)?;
        if let Some(explanation) = &f.explanation {
            writeln!(out, "  - {}: {explanation}", words.explained)?;
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
    let alignments: String =
        (0..columns).map(|c| if table.is_text_column(c) { " --- |" } else { " ---: |" }).collect();
    writeln!(out, "|{}{alignments}", " --- |".repeat(labels))?;
    for row in &table.rows {
        let labels: Vec<String> = row
            .labels
            .iter()
            .map(|l| if row.total { format!("**{}**", escape_cell(l)) } else { escape_cell(l) })
            .collect();
        // A text cell's lines stay one cell: a pipe table row is one line.
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.text.lines().map(escape_cell).collect::<Vec<_>>().join("<br>"))
            .collect();
        writeln!(out, "| {} | {} |", labels.join(" | "), cells.join(" | "))?;
    }
    writeln!(out)?;
    writeln!(out, "*{}*", table.source)?;
    for (i, footnote) in table.footnotes.iter().enumerate() {
        writeln!(out, "({}) {footnote}", i + 1)?;
    }
    writeln!(out)
}

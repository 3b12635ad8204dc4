//! Builds the report document in one language from the catalog's outline, the computed tables
//! and charts, the actors' narrative texts and the validation's findings.

use std::collections::BTreeMap;

use rapporteur_domain::{Catalog, TableLayout};
use rapporteur_stats::tabulate::{ComputedTable, TableMeasureName};

use crate::chart::bar_chart_svg;
use crate::document::{
    Annex, AnnexFinding, Block, ChartBlock, DocChapter, DocSection, Document, TableBlock, TableCell,
    TableRow, Words,
};
use crate::findings::{finding_message, FindingView};
use crate::format::{scaled, Locale};
use crate::table::TableView;

/// One actor's text for one section, in one language (Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    pub section: String,
    pub actor: String,
    pub lang: String,
    pub markdown: String,
}

/// Everything a report is built from.
pub struct ReportInput<'a> {
    pub catalog: &'a Catalog,
    pub cycle: &'a str,
    pub tables: &'a [(&'a TableLayout, ComputedTable)],
    pub charts: &'a [(&'a TableLayout, ComputedTable)],
    pub narrative: &'a [Narrative],
    pub findings: &'a [FindingView<'a>],
}

/// Why a report cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the catalog has no report outline (outline.toml)")]
    NoOutline,
}

fn words(catalog: &Catalog, locale: &Locale) -> Words {
    let text = |key: &str| catalog.text(key, &locale.lang).to_string();
    Words {
        contents: text("contents"),
        table: catalog.table_word.get(&locale.lang).to_string(),
        figure: text("figure"),
        annex_title: text("annex_title"),
        annex_intro: text("annex_intro"),
        no_findings: text("no_findings"),
        explained: text("explained"),
        awaiting_translation: text("awaiting_translation"),
        contribution_of: text("contribution_of"),
        decimal_separator: locale.decimal_separator,
    }
}

/// A computed table as the report prints it.
pub fn table_block(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    locale: &Locale,
) -> TableBlock {
    let view = TableView { catalog, layout, table, locale: locale.clone() };
    let labels = view.row_labels();
    let texts = view.value_rows();
    let rows = table
        .cells
        .iter()
        .zip(labels)
        .zip(texts)
        .enumerate()
        .map(|(r, ((cells, labels), texts))| TableRow {
            labels,
            total: table.rows[r].iter().any(|h| matches!(h.key, rapporteur_stats::tabulate::AxisKey::Total))
                || table.rows[r].iter().any(|h| {
                    matches!(&h.key, rapporteur_stats::tabulate::AxisKey::Code(code)
                        if catalog.code_list_of_dimension(&layout.cube, &h.dimension).is_some_and(|l| l.is_aggregate(code)))
                }),
            cells: cells
                .iter()
                .zip(texts)
                .zip(&table.columns)
                .map(|((cell, text), column)| TableCell {
                    text,
                    value: cell.value.map(scaled),
                    pct: column.measure != TableMeasureName::Value,
                    total: cell.total,
                })
                .collect(),
        })
        .collect();
    TableBlock {
        number: layout.number,
        title: view.title(),
        caption: layout.caption.get(&locale.lang).to_string(),
        row_header: view.row_header_names(),
        column_headers: view.column_header_rows(),
        rows,
        source: layout.source.get(&locale.lang).to_string(),
        footnotes: layout.footnotes.iter().map(|f| f.get(&locale.lang).to_string()).collect(),
    }
}

/// A computed chart layout as a figure: non-total rows are the categories, non-total columns
/// the series.
pub fn chart_block(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    locale: &Locale,
) -> ChartBlock {
    let block = table_block(catalog, layout, table, locale);
    let keep_rows: Vec<usize> = (0..block.rows.len()).filter(|&r| !block.rows[r].total).collect();
    let keep_columns: Vec<usize> = (0..table.columns.len())
        .filter(|&c| !table.cells.iter().any(|row| row[c].total && !row.iter().all(|x| x.total)))
        .collect();
    let categories: Vec<String> = keep_rows
        .iter()
        .map(|&r| {
            let labels = &block.rows[r].labels;
            if labels.iter().all(String::is_empty) || layout.rows.is_empty() {
                block.caption.clone()
            } else {
                labels.join(" – ")
            }
        })
        .collect();
    let series: Vec<String> = keep_columns
        .iter()
        .map(|&c| {
            block
                .column_headers
                .iter()
                .map(|h| h[c].clone())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let values: Vec<Vec<Option<f64>>> = keep_rows
        .iter()
        .map(|&r| {
            keep_columns
                .iter()
                .map(|&c| {
                    block.rows[r].cells[c]
                        .value
                        .map(|(scaled, decimals)| scaled as f64 / 10f64.powi(decimals as i32))
                })
                .collect()
        })
        .collect();
    let title = format!("{} {}: {}", catalog.text("figure", &locale.lang), layout.number, block.caption);
    let svg = bar_chart_svg(&title, &categories, &series, &values, locale.decimal_separator);
    ChartBlock {
        number: layout.number,
        title,
        caption: block.caption,
        source: block.source,
        categories,
        series,
        values,
        svg,
    }
}

/// Builds the report in `locale`'s language.
pub fn build_document(input: &ReportInput<'_>, locale: &Locale) -> Result<Document, BuildError> {
    let catalog = input.catalog;
    let outline = catalog.outline.as_ref().ok_or(BuildError::NoOutline)?;
    let lang = locale.lang.as_str();
    let tables: BTreeMap<u32, &(&TableLayout, ComputedTable)> =
        input.tables.iter().map(|t| (t.0.number, t)).collect();
    let charts: BTreeMap<u32, &(&TableLayout, ComputedTable)> =
        input.charts.iter().map(|t| (t.0.number, t)).collect();
    let actor_name = |actor: &str| {
        catalog
            .code_list("actor")
            .and_then(|l| l.get(actor))
            .map_or_else(|| actor.to_string(), |c| c.labels.get(lang).to_string())
    };

    let mut chapters = Vec::new();
    for chapter in &outline.chapters {
        // Text at the chapter's own number comes before its first section.
        let numbers = std::iter::once((
            chapter.number.as_str(),
            1,
            chapter.title.get(lang),
            &[][..],
            &[][..],
        ))
        .chain(chapter.sections.iter().map(|s| {
            (s.number.as_str(), s.depth(), s.title.get(lang), s.tables.as_slice(), s.charts.as_slice())
        }));
        let mut sections = Vec::new();
        for (number, depth, title, table_numbers, chart_numbers) in numbers {
            let mut blocks = Vec::new();
            let mut actors: Vec<&str> =
                input.narrative.iter().filter(|n| n.section == number).map(|n| n.actor.as_str()).collect();
            actors.sort_unstable();
            actors.dedup();
            for actor in actors {
                match input
                    .narrative
                    .iter()
                    .find(|n| n.section == number && n.actor == actor && n.lang == lang)
                {
                    Some(text) => blocks
                        .push(Block::Narrative { actor: actor_name(actor), markdown: text.markdown.clone() }),
                    None => {
                        let mut available: Vec<String> = input
                            .narrative
                            .iter()
                            .filter(|n| n.section == number && n.actor == actor)
                            .map(|n| n.lang.clone())
                            .collect();
                        available.sort_unstable();
                        available.dedup();
                        blocks.push(Block::AwaitingTranslation {
                            actor: actor_name(actor),
                            available_in: available,
                        });
                    }
                }
            }
            for n in table_numbers {
                if let Some((layout, table)) = tables.get(n) {
                    blocks.push(Block::Table(table_block(catalog, layout, table, locale)));
                }
            }
            for n in chart_numbers {
                if let Some((layout, table)) = charts.get(n) {
                    blocks.push(Block::Chart(chart_block(catalog, layout, table, locale)));
                }
            }
            if depth == 1 && blocks.is_empty() {
                continue; // a chapter heading without its own text is the chapter itself
            }
            sections.push(DocSection { number: number.to_string(), depth, title: title.to_string(), blocks });
        }
        chapters.push(DocChapter {
            number: chapter.number.clone(),
            title: chapter.title.get(lang).to_string(),
            sections,
        });
    }

    let findings = input
        .findings
        .iter()
        .map(|view| AnnexFinding {
            severity: view.finding.severity.as_str().to_string(),
            rule: view.finding.rule.clone(),
            key: view.finding.key.clone(),
            message: finding_message(catalog, view.finding, locale),
            tables: view.finding.tables.clone(),
            explanation: view
                .explanation
                .map(|(text, who, at)| format!("{text} ({who}, {})", at.get(..10).unwrap_or(at))),
        })
        .collect();
    Ok(Document {
        lang: lang.to_string(),
        title: outline.title.get(lang).to_string(),
        cycle: input.cycle.to_string(),
        words: words(catalog, locale),
        chapters,
        annex: Annex { findings },
    })
}

//! A computed table as the report prints it (labels, texts, exact values, total rows), and a
//! computed chart layout as a figure (its categories, series, values and SVG drawing).

use rapporteur_domain::{Catalog, SuppressionPattern, TableLayout};
use rapporteur_stats::tabulate::{is_total_path, Cell, ComputedTable, TableMeasureName};

use crate::breakdown::breakdown_lines;
use crate::chart::bar_chart_svg;
use crate::document::{ChartBlock, TableBlock, TableCell, TableRow};
use crate::format::{scaled, Locale};
use crate::suppression::{table_mask, TableMask};
use crate::table::TableView;

/// A computed table as the report prints it.
pub fn table_block(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    locale: &Locale,
    pattern: &SuppressionPattern,
) -> TableBlock {
    let view = TableView { catalog, layout, table, locale: locale.clone() };
    let labels = view.row_labels();
    let mask = table_mask(catalog, layout, table, pattern);
    let mut texts = view.value_rows();
    if mask.any() {
        hide(&mut texts, &mask, &pattern.symbol);
        if let (Some(breakdown), Some(computed)) = (&layout.breakdown, &table.breakdown) {
            for (r, row) in texts.iter_mut().enumerate() {
                if let Some(last) = row.last_mut() {
                    *last = breakdown_lines(
                        catalog,
                        breakdown,
                        computed,
                        r,
                        locale,
                        Some((&mask, &pattern.symbol)),
                    )
                    .join("\n");
                }
            }
        }
    }
    let mut footnotes: Vec<String> =
        layout.footnotes.iter().map(|f| f.get(&locale.lang).to_string()).collect();
    if mask.any() {
        footnotes.push(catalog.disclosure.footnote.get(&locale.lang).to_string());
    }
    let rows = table
        .cells
        .iter()
        .zip(labels)
        .zip(texts)
        .zip(&table.rows)
        .zip(mask.cells.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|((((cells, labels), texts), headers), hidden)| TableRow {
            labels,
            total: is_total_path(catalog, &layout.cube, headers),
            cells: table_cells(table, cells, texts, hidden.map(Vec::as_slice).unwrap_or_default()),
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
        footnotes,
    }
}

/// The texts of hidden value cells replaced by the symbol.
fn hide(texts: &mut [Vec<String>], mask: &TableMask, symbol: &str) {
    for (row, hidden) in texts.iter_mut().zip(&mask.cells) {
        for (text, hidden) in row.iter_mut().zip(hidden) {
            if *hidden {
                *text = symbol.to_string();
            }
        }
    }
}

/// A row's cells: each value's text, exact value, and whether it is a percentage or a total;
/// then the texts that follow the values (a breakdown's).
fn table_cells(
    table: &ComputedTable,
    cells: &[Cell],
    mut texts: Vec<String>,
    hidden: &[bool],
) -> Vec<TableCell> {
    let trailing = texts.split_off(cells.len().min(texts.len()));
    let values =
        cells.iter().zip(texts).zip(&table.columns).enumerate().map(|(c, ((cell, text), column))| {
            let suppressed = hidden.get(c).copied().unwrap_or(false);
            TableCell {
                text,
                value: if suppressed { None } else { cell.value.map(scaled) },
                pct: column.measure != TableMeasureName::Value,
                total: cell.total,
                is_text: false,
                suppressed,
            }
        });
    let texts = trailing.into_iter().map(|text| TableCell {
        text,
        value: None,
        pct: false,
        total: false,
        is_text: true,
        suppressed: false,
    });
    values.chain(texts).collect()
}

/// A computed chart layout as a figure: non-total rows are the categories, non-total columns
/// the series.
pub fn chart_block(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    locale: &Locale,
    pattern: &SuppressionPattern,
) -> ChartBlock {
    let block = table_block(catalog, layout, table, locale, pattern);
    let keep_rows: Vec<usize> = (0..block.rows.len()).filter(|&r| !block.rows[r].total).collect();
    let keep_columns: Vec<usize> = (0..table.columns.len())
        .filter(|&c| !table.cells.iter().any(|row| row[c].total && !row.iter().all(|x| x.total)))
        .collect();
    let categories = chart_categories(&block, layout, &keep_rows);
    let series = chart_series(&block, &keep_columns);
    let values = chart_values(&block, &keep_rows, &keep_columns);
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

/// A category per kept row: its labels joined, or the caption for a table of one unlabelled row.
fn chart_categories(block: &TableBlock, layout: &TableLayout, keep_rows: &[usize]) -> Vec<String> {
    keep_rows
        .iter()
        .map(|&r| {
            let labels = &block.rows[r].labels;
            if labels.iter().all(String::is_empty) || layout.rows.is_empty() {
                block.caption.clone()
            } else {
                labels.join(" – ")
            }
        })
        .collect()
}

/// A series per kept column: its header labels at every level, joined.
fn chart_series(block: &TableBlock, keep_columns: &[usize]) -> Vec<String> {
    keep_columns
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
        .collect()
}

/// `values[category][series]` as numbers, none where the table has no figure.
fn chart_values(block: &TableBlock, keep_rows: &[usize], keep_columns: &[usize]) -> Vec<Vec<Option<f64>>> {
    keep_rows
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
        .collect()
}

//! A computed table as the report prints it (labels, texts, exact values, total rows), and a
//! computed chart layout as a figure (its categories, series, values and SVG drawing).

use rapporteur_domain::{
    status_under, Catalog, CellKey, ObsStatus, ObservationRow, SuppressionPattern, TableLayout,
};
use rapporteur_stats::tabulate::{is_total_path, Cell, ComputedTable, TableMeasureName};

use crate::breakdown::breakdown_lines;
use crate::chart::bar_chart_svg;
use crate::document::{ChartBlock, TableBlock, TableCell, TableRow};
use crate::format::{scaled, Locale};
use crate::suppression::{table_mask, TableMask};
use crate::table::TableView;

/// A computed table as the report prints it. A cell over cells the actor flagged (not
/// available, confidential) — the cell itself, or a total over it, which is not known — prints
/// its status's sign and no value, explained under the table.
pub fn table_block(
    catalog: &Catalog,
    layout: &TableLayout,
    table: &ComputedTable,
    locale: &Locale,
    (pattern, flagged): (&SuppressionPattern, &[ObservationRow]),
) -> TableBlock {
    let view = TableView { catalog, layout, table, locale: locale.clone() };
    let labels = view.row_labels();
    let mask = table_mask(catalog, layout, table, pattern);
    let mut texts = view.value_rows();
    let (signs, signed) = sign_flagged(catalog, table, flagged, &mut texts);
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
    footnotes.extend(status_legend(catalog, &signed, &locale.lang));
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
        .zip(&signs)
        .map(|(((((cells, labels), texts), headers), hidden), signed)| TableRow {
            labels,
            total: is_total_path(catalog, &layout.cube, headers),
            cells: table_cells(table, cells, texts, (hidden.map(Vec::as_slice).unwrap_or_default(), signed)),
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

/// The texts of value cells over flagged cells replaced by their status's sign: per row, which
/// cells are signed; and the statuses so printed, in order.
fn sign_flagged(
    catalog: &Catalog,
    table: &ComputedTable,
    flagged: &[ObservationRow],
    texts: &mut [Vec<String>],
) -> (Vec<Vec<bool>>, Vec<ObsStatus>) {
    let mut signs: Vec<Vec<bool>> = table.cells.iter().map(|row| vec![false; row.len()]).collect();
    let mut signed = Vec::new();
    if flagged.is_empty() {
        return (signs, signed);
    }
    for ((cells, row), marks) in table.cells.iter().zip(texts.iter_mut()).zip(&mut signs) {
        for ((cell, text), mark) in cells.iter().zip(row.iter_mut()).zip(marks.iter_mut()) {
            let key = CellKey { cube: table.cube.clone(), selection: cell.selection.clone() };
            let Some(status) = status_under(flagged, &key) else { continue };
            if let Some(marker) = catalog.status_marker(status) {
                *text = marker.sign.clone();
                *mark = true;
                signed.push(status);
            }
        }
    }
    signed.sort_unstable();
    signed.dedup();
    (signs, signed)
}

/// The legend line of each status a table prints: its sign and name (the catalog's
/// `status_legend` text).
fn status_legend(catalog: &Catalog, statuses: &[ObsStatus], lang: &str) -> Vec<String> {
    statuses
        .iter()
        .filter_map(|s| catalog.status_marker(*s))
        .map(|m| {
            catalog.text("status_legend", lang).replace("{sign}", &m.sign).replace("{name}", m.name.get(lang))
        })
        .collect()
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
/// then the texts that follow the values (a breakdown's). A hidden cell (suppressed) or one over
/// a flagged cell (signed) has no value.
fn table_cells(
    table: &ComputedTable,
    cells: &[Cell],
    mut texts: Vec<String>,
    (hidden, signed): (&[bool], &[bool]),
) -> Vec<TableCell> {
    let trailing = texts.split_off(cells.len().min(texts.len()));
    let values =
        cells.iter().zip(texts).zip(&table.columns).enumerate().map(|(c, ((cell, text), column))| {
            let suppressed = hidden.get(c).copied().unwrap_or(false);
            let unknown = suppressed || signed.get(c).copied().unwrap_or(false);
            TableCell {
                text,
                value: if unknown { None } else { cell.value.map(scaled) },
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
    marks: (&SuppressionPattern, &[ObservationRow]),
) -> ChartBlock {
    let block = table_block(catalog, layout, table, locale, marks);
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

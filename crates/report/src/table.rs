//! A computed table with its labels, rendered as text, CSV or JSON.

use std::io::{self, Write};

use rapporteur_domain::{Catalog, TableLayout, PERIOD};
use rapporteur_stats::tabulate::{AxisKey, ComputedTable, HeaderCell, TableMeasureName};

use crate::breakdown::breakdown_lines;
use crate::format::{format_cell, json_number, scaled, Locale};

/// A computed table with what it needs to be printed in one language.
pub struct TableView<'a> {
    pub catalog: &'a Catalog,
    pub layout: &'a TableLayout,
    pub table: &'a ComputedTable,
    pub locale: Locale,
}

impl TableView<'_> {
    fn lang(&self) -> &str {
        &self.locale.lang
    }

    /// The table's title line: "Tabel 17: …".
    pub fn title(&self) -> String {
        let word = self.catalog.table_word.get(self.lang());
        format!("{word} {}: {}", self.layout.number, self.layout.caption.get(self.lang()))
    }

    fn header_label(&self, cell: &HeaderCell) -> String {
        let axis =
            self.layout.rows.iter().chain(&self.layout.columns).find(|a| a.dimension == cell.dimension);
        match &cell.key {
            AxisKey::Total => axis.map(|a| a.total_label.get(self.lang()).to_string()).unwrap_or_default(),
            AxisKey::Code(code) if cell.dimension == PERIOD => code.clone(),
            AxisKey::Code(code) => self
                .catalog
                .code_list_of_dimension(&self.layout.cube, &cell.dimension)
                .and_then(|l| l.get(code))
                .map(|c| c.labels.get(self.lang()).to_string())
                .unwrap_or_else(|| code.clone()),
        }
    }

    fn measure_label(&self, measure: TableMeasureName) -> String {
        match measure {
            TableMeasureName::Value => self
                .catalog
                .cube(&self.layout.cube)
                .and_then(|c| self.catalog.measure(&c.measure))
                .map(|m| m.name.get(self.lang()).to_string())
                .unwrap_or_default(),
            TableMeasureName::PctRow | TableMeasureName::PctCol => "%".to_string(),
        }
    }

    /// Row labels of each body row (one per row axis; the caption's subject when there is none).
    pub fn row_labels(&self) -> Vec<Vec<String>> {
        self.table
            .rows
            .iter()
            .map(|row| {
                if row.is_empty() {
                    vec![self.measure_label(TableMeasureName::Value)]
                } else {
                    row.iter().map(|c| self.header_label(c)).collect()
                }
            })
            .collect()
    }

    /// Header rows: one per column axis, then one for the measures when there are several. A
    /// breakdown column's heading stands on the last row, after the value columns.
    pub fn column_header_rows(&self) -> Vec<Vec<String>> {
        let levels = self.layout.columns.len();
        let mut rows: Vec<Vec<String>> = (0..levels)
            .map(|level| self.table.columns.iter().map(|c| self.header_label(&c.path[level])).collect())
            .collect();
        if self.layout.measures.len() > 1 || levels == 0 {
            rows.push(self.table.columns.iter().map(|c| self.measure_label(c.measure)).collect());
        }
        if let Some(breakdown) = &self.layout.breakdown {
            let last = rows.len() - 1;
            for (level, row) in rows.iter_mut().enumerate() {
                row.push(if level == last {
                    breakdown.header.get(self.lang()).to_string()
                } else {
                    String::new()
                });
            }
        }
        rows
    }

    /// How many text columns follow the value columns of each row: the breakdown's, if any.
    pub fn text_columns(&self) -> usize {
        usize::from(self.layout.breakdown.is_some())
    }

    /// Every cell as printed: the values, then the breakdown's text (its lines joined by `\n`).
    pub fn value_rows(&self) -> Vec<Vec<String>> {
        self.table
            .cells
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let values = row.iter().map(|c| {
                    let zero = if c.total { &self.layout.zero_total } else { &self.layout.zero };
                    format_cell(c.value, zero, &self.layout.missing, &self.locale)
                });
                values.chain(self.breakdown_text(r)).collect()
            })
            .collect()
    }

    /// The breakdown column's cell of body row `row`, its items one a line.
    fn breakdown_text(&self, row: usize) -> Option<String> {
        let (Some(breakdown), Some(computed)) = (&self.layout.breakdown, &self.table.breakdown) else {
            return None;
        };
        Some(breakdown_lines(self.catalog, breakdown, computed, row, &self.locale, None).join("\n"))
    }

    pub fn row_header_names(&self) -> Vec<String> {
        if self.layout.rows.is_empty() {
            return vec![String::new()];
        }
        self.layout
            .rows
            .iter()
            .map(|axis| {
                if axis.dimension == PERIOD {
                    return self.catalog.period_word.get(self.lang()).to_string();
                }
                self.catalog
                    .code_list_of_dimension(&self.layout.cube, &axis.dimension)
                    .map(|l| l.name.get(self.lang()).to_string())
                    .unwrap_or_else(|| axis.dimension.clone())
            })
            .collect()
    }
}

/// The groups of equal neighbouring labels of each column-header level, as (label, span): what
/// a renderer shows once over the columns it spans. An outer level spans the columns it repeats
/// over; a group never crosses a boundary of an outer level, and the innermost level is never
/// merged (its labels are one per column even when they repeat, e.g. "n", "%" under each year).
/// A level shorter than `columns` is read as empty labels beyond its end.
pub fn header_spans(levels: &[Vec<String>], columns: usize) -> Vec<Vec<(String, usize)>> {
    let mut boundaries = vec![false; columns];
    let mut spans = Vec::with_capacity(levels.len());
    for (index, level) in levels.iter().enumerate() {
        let innermost = index + 1 == levels.len();
        let label = |column: usize| level.get(column).map(String::as_str).unwrap_or_default();
        let mut groups: Vec<(String, usize)> = Vec::new();
        for (column, boundary) in boundaries.iter_mut().enumerate() {
            let starts = column == 0 || innermost || *boundary || label(column) != label(column - 1);
            match groups.last_mut() {
                Some((_, span)) if !starts => *span += 1,
                _ => {
                    *boundary = true;
                    groups.push((label(column).to_owned(), 1));
                }
            }
        }
        spans.push(groups);
    }
    spans
}

/// Writes the table as aligned text: title, column headers (a label shown once over the
/// columns it spans), body, source line and footnotes. Figures are aligned right; a breakdown
/// column is aligned left, its items one a line below each other.
pub fn render_table_text(view: &TableView<'_>, out: &mut impl Write) -> io::Result<()> {
    let label_columns = view.row_header_names().len();
    let mut grid: Vec<Vec<String>> = Vec::new();
    let spans = header_spans(&view.column_header_rows(), view.table.columns.len() + view.text_columns());
    for (i, groups) in spans.iter().enumerate() {
        let mut line: Vec<String> =
            if i + 1 == spans.len() { view.row_header_names() } else { vec![String::new(); label_columns] };
        // A label an outer level repeats is shown once, over the first column it spans.
        for (label, span) in groups {
            line.push(label.clone());
            line.extend(std::iter::repeat_n(String::new(), span - 1));
        }
        grid.push(line);
    }
    let header_count = grid.len();
    for (labels, values) in view.row_labels().into_iter().zip(view.value_rows()) {
        grid.push(labels.into_iter().chain(values).collect());
    }
    let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            let lines = grid.iter().filter_map(|r| r.get(c)).flat_map(|s| s.lines());
            lines.map(|s| s.chars().count()).max().unwrap_or(0)
        })
        .collect();
    let left_aligned = |c: usize| c < label_columns || c + view.text_columns() >= columns;

    writeln!(out, "{}", view.title())?;
    writeln!(out)?;
    for (r, row) in grid.iter().enumerate() {
        let height = row.iter().map(|cell| cell.lines().count()).max().unwrap_or(0).max(1);
        for physical in 0..height {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let text = cell.lines().nth(physical).unwrap_or_default();
                let pad = widths[c] - text.chars().count();
                if c > 0 {
                    line.push_str("  ");
                }
                if left_aligned(c) {
                    line.push_str(text);
                    line.extend(std::iter::repeat_n(' ', pad));
                } else {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(text);
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        if r + 1 == header_count {
            let width: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            writeln!(out, "{}", "-".repeat(width))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", view.layout.source.get(view.lang()))?;
    for (i, footnote) in view.layout.footnotes.iter().enumerate() {
        writeln!(out, "({}) {}", i + 1, footnote.get(view.lang()))?;
    }
    Ok(())
}

/// Writes the table as CSV: a header row (row dimension names, then each column's labels joined
/// by " / "), then one record per body row.
pub fn render_table_csv(view: &TableView<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header_rows = view.column_header_rows();
    let mut header = view.row_header_names();
    for c in 0..view.table.columns.len() + view.text_columns() {
        header.push(
            header_rows
                .iter()
                .map(|r| r[c].as_str())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / "),
        );
    }
    writer.write_record(&header)?;
    for (labels, values) in view.row_labels().into_iter().zip(view.value_rows()) {
        writer.write_record(labels.iter().chain(&values))?;
    }
    writer.flush()
}

/// Writes several tables as CSV, each preceded by its title and followed by a blank line.
pub fn render_tables_csv(views: &[TableView<'_>], out: &mut impl Write) -> io::Result<()> {
    for view in views {
        writeln!(out, "# {}", view.title())?;
        render_table_csv(view, out)?;
        writeln!(out)?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonCell<'a> {
    row: Vec<String>,
    column: Vec<String>,
    row_codes: Vec<&'a AxisKey>,
    column_codes: Vec<&'a AxisKey>,
    value: Option<Box<serde_json::value::RawValue>>,
    measure: &'static str,
    total: bool,
    /// A breakdown column's text, its items one a line (its measure is "text").
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(serde::Serialize)]
struct JsonTable<'a> {
    number: u32,
    caption: &'a str,
    source: &'a str,
    cube: &'a str,
    footnotes: Vec<&'a str>,
    cells: Vec<JsonCell<'a>>,
}

/// Writes tables as a JSON list; each cell carries its labels, codes, value, measure and
/// whether it is a computed total; a breakdown column's cell carries its text instead of a value.
pub fn render_tables_json(views: &[TableView<'_>], out: &mut impl Write) -> io::Result<()> {
    let tables: Vec<JsonTable<'_>> = views
        .iter()
        .map(|view| {
            let row_labels = view.row_labels();
            let header_rows = view.column_header_rows();
            let values = view.value_rows();
            let measure_of = |c: &rapporteur_stats::tabulate::ColumnHeader| match c.measure {
                TableMeasureName::Value => {
                    view.catalog.cube(&view.layout.cube).map_or("count", |cube| match cube.measure.as_str() {
                        "count" => "count",
                        "eur" => "eur",
                        _ => "value",
                    })
                }
                TableMeasureName::PctRow | TableMeasureName::PctCol => "pct",
            };
            let mut cells = Vec::new();
            for (r, row) in view.table.cells.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let column = &view.table.columns[c];
                    cells.push(JsonCell {
                        row: row_labels[r].clone(),
                        column: header_rows.iter().map(|h| h[c].clone()).collect(),
                        row_codes: view.table.rows[r].iter().map(|h| &h.key).collect(),
                        column_codes: column.path.iter().map(|h| &h.key).collect(),
                        value: cell
                            .value
                            .map(scaled)
                            .and_then(|(scaled, decimals)| json_number(scaled, decimals)),
                        measure: measure_of(column),
                        total: cell.total,
                        text: None,
                    });
                }
                let columns = view.table.columns.len();
                for (c, text) in values[r].iter().enumerate().skip(columns) {
                    cells.push(JsonCell {
                        row: row_labels[r].clone(),
                        column: header_rows.iter().map(|h| h[c].clone()).collect(),
                        row_codes: view.table.rows[r].iter().map(|h| &h.key).collect(),
                        column_codes: Vec::new(),
                        value: None,
                        measure: "text",
                        total: false,
                        text: Some(text.clone()),
                    });
                }
            }
            JsonTable {
                number: view.layout.number,
                caption: view.layout.caption.get(view.lang()),
                source: view.layout.source.get(view.lang()),
                cube: &view.layout.cube,
                footnotes: view.layout.footnotes.iter().map(|f| f.get(view.lang())).collect(),
                cells,
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &tables).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::header_spans;

    fn labels(level: &[&str]) -> Vec<String> {
        level.iter().map(|label| (*label).to_owned()).collect()
    }

    #[test]
    fn outer_header_levels_span_and_inner_levels_do_not_cross_them() {
        let levels = vec![labels(&["2019", "2019", "2020", "2020"]), labels(&["n", "n", "n", "%"])];
        let spans = header_spans(&levels, 4);
        assert_eq!(spans[0], vec![("2019".to_owned(), 2), ("2020".to_owned(), 2)]);
        assert_eq!(spans[1].len(), 4);

        let levels = vec![labels(&["A", "A", "B"]), labels(&["x", "x", "x"]), labels(&["n", "n", "n"])];
        let spans = header_spans(&levels, 3);
        assert_eq!(spans[1], vec![("x".to_owned(), 2), ("x".to_owned(), 1)]);
    }
}

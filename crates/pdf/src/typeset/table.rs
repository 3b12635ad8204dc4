//! A numbered table as typst markup: a figure with the table's caption above, a `#table` whose
//! header rows repeat on every page, its body rows with a rule above each run of totals, and its
//! source and footnotes below. The type size and column widths are chosen so that the seed's
//! widest tables fit A4's text width.

use std::fmt::Write as _;

use rapporteur_report::{header_spans, TableBlock, TableRow};

use super::caption;
use crate::escape::escape_markup;

/// Libertinus Serif's figures and average letters are about half an em wide; a little more
/// covers bold totals.
const EM_PER_CHARACTER: f64 = 0.55;
/// A4 (595 pt) minus the margins (2 × 2.4 cm = 136 pt).
const TEXT_WIDTH_PT: f64 = 459.0;

/// How many columns and header rows a table has in typst: label columns for the widest of its
/// rows' labels and its row header, value columns for the widest of its rows and header levels.
struct Shape {
    label_columns: usize,
    value_columns: usize,
    /// The column header levels, or one row for the row header's names alone.
    header_rows: usize,
}

impl Shape {
    fn of(table: &TableBlock) -> Self {
        let label_columns = table
            .rows
            .iter()
            .map(|row| row.labels.len())
            .chain([table.row_header.len()])
            .max()
            .unwrap_or_default();
        let value_columns = table
            .rows
            .iter()
            .map(|row| row.cells.len())
            .chain(table.column_headers.iter().map(Vec::len))
            .max()
            .unwrap_or_default();
        let has_row_header = table.row_header.iter().any(|name| !name.trim().is_empty());
        let header_rows = table.column_headers.len().max(usize::from(has_row_header));
        Shape { label_columns, value_columns, header_rows }
    }
}

/// The type size and cell inset of a table, in points.
struct Setting {
    size: f64,
    inset: f64,
}

impl Setting {
    /// A4's text width (about 460 pt) holds a label column and some six value columns at 8.5 pt;
    /// the seed's widest tables have twelve (six codes × count and %), which fit at 7 pt.
    fn for_value_columns(value_columns: usize) -> Self {
        let (size, inset) = match value_columns {
            0..=6 => (8.5, 6.0),
            7..=10 => (7.5, 4.5),
            _ => (7.0, 3.5),
        };
        Setting { size, inset }
    }

    /// The estimated width of a cell holding `characters` characters, insets included.
    fn cell_width(&self, characters: usize) -> f64 {
        characters as f64 * self.size * EM_PER_CHARACTER + 2.0 * self.inset
    }
}

/// Writes a numbered table as a figure: caption, type size, the table, then its notes.
pub(super) fn write_table(out: &mut String, table: &TableBlock) {
    let shape = Shape::of(table);
    let Shape { label_columns, header_rows, .. } = shape;
    let _ = writeln!(
        out,
        "#figure(kind: table, supplement: none, numbering: none, caption: [{}], [",
        caption(&table.title, &table.caption)
    );
    let setting = Setting::for_value_columns(shape.value_columns);
    let Setting { size, inset } = setting;
    let columns = column_widths(table, &shape, &setting);
    let _ = writeln!(out, "#set text(size: {size}pt)");
    let _ = writeln!(
        out,
        "#table(columns: ({columns}), inset: (x: {inset}pt, y: 3pt), \
         align: (x, y) => if x < {label_columns} {{ left + horizon }} else if y < {header_rows} {{ center + horizon }} else {{ right + horizon }}, \
         fill: (x, y) => if y < {header_rows} {{ luma(234) }},"
    );
    write_header(out, table, &shape);
    write_body(out, table, &shape);
    out.push_str("table.hline(stroke: 0.7pt),\n)\n");
    write_notes(out, table);
    out.push_str("])\n\n");
}

/// The header rows between rules: the row header's names spanning them all, then each level's
/// labels spanning the columns that repeat them. Only the top rule without header rows.
fn write_header(out: &mut String, table: &TableBlock, shape: &Shape) {
    let Shape { label_columns, value_columns, header_rows } = *shape;
    if header_rows == 0 {
        out.push_str("table.hline(stroke: 0.7pt),\n");
        return;
    }
    out.push_str("table.header(table.hline(stroke: 0.7pt),\n");
    for column in 0..label_columns {
        let name = table.row_header.get(column).map(String::as_str).unwrap_or_default();
        let _ = write!(out, "table.cell(rowspan: {header_rows})[#strong[{}]], ", escape_markup(name));
    }
    let spans = header_spans(&table.column_headers, value_columns);
    for row in 0..header_rows {
        match spans.get(row) {
            Some(groups) => {
                for (label, span) in groups {
                    let _ = write!(out, "table.cell(colspan: {span})[#strong[{}]], ", escape_markup(label));
                }
            }
            None => out.push_str(&"[], ".repeat(value_columns)),
        }
        out.push('\n');
    }
    out.push_str("table.hline(stroke: 0.5pt)),\n");
}

/// The body rows; a total row is set off by a rule, once for a run of total rows.
fn write_body(out: &mut String, table: &TableBlock, shape: &Shape) {
    let mut previous_total = false;
    for row in &table.rows {
        if row.total && !previous_total {
            out.push_str("table.hline(stroke: 0.4pt),\n");
        }
        previous_total = row.total;
        write_row(out, row, shape.label_columns, shape.value_columns);
    }
}

/// The source and footnotes under the table, those that say something.
fn write_notes(out: &mut String, table: &TableBlock) {
    let notes: Vec<String> = [&table.source]
        .into_iter()
        .chain(&table.footnotes)
        .filter(|note| !note.trim().is_empty())
        .map(|note| format!("[{}]", escape_markup(note)))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "#notes({})", notes.join(", "));
    }
}

/// The table's column widths. All value columns have one width: typst widens only the last
/// column under a spanning header ("2019" over "n" and "%"), which would leave a group's columns
/// lopsided. That width fits the widest figure (at least 4.5 em); when the columns would not fit
/// the page that way, they share the width left by the labels (`1fr`). A label column is as wide
/// as its longest label, but at most its share of 35 % of the width, so that long labels wrap
/// instead of squeezing the figures.
fn column_widths(table: &TableBlock, shape: &Shape, setting: &Setting) -> String {
    let (mut widths, labels_width) = label_widths(table, shape.label_columns, setting);
    let texts_width: f64 = (0..shape.value_columns)
        .filter(|&c| table.is_text_column(c))
        .map(|c| setting.cell_width(longest_line(table, c)))
        .sum();
    let value = value_width(table, shape.value_columns, labels_width + texts_width, setting);
    // A text column (a breakdown's items) is as wide as its longest line.
    widths.extend((0..shape.value_columns).map(|c| {
        if table.is_text_column(c) {
            "auto".to_owned()
        } else {
            value.clone()
        }
    }));
    if widths.is_empty() {
        widths.push("auto".to_owned());
    }
    // A trailing comma keeps a single width an array in typst.
    format!("{},", widths.join(", "))
}

/// Each label column's width (`auto`, or its share of 35 % when its longest label would not
/// fit that share), and the estimated width of them all in points.
fn label_widths(table: &TableBlock, label_columns: usize, setting: &Setting) -> (Vec<String>, f64) {
    let mut widths = Vec::with_capacity(label_columns);
    let mut labels_width = 0.0;
    for column in 0..label_columns {
        let longest = table
            .rows
            .iter()
            .filter_map(|row| row.labels.get(column))
            .chain(table.row_header.get(column))
            .map(|label| label.chars().count())
            .max()
            .unwrap_or_default();
        let share = 0.35 / label_columns as f64;
        let estimate = setting.cell_width(longest);
        if estimate > share * TEXT_WIDTH_PT {
            labels_width += share * TEXT_WIDTH_PT;
            widths.push(format!("{:.1}%", share * 100.0));
        } else {
            labels_width += estimate;
            widths.push("auto".to_owned());
        }
    }
    (widths, labels_width)
}

/// The longest line of a column's cells or last-level header, in characters.
fn longest_line(table: &TableBlock, column: usize) -> usize {
    let cells = table.rows.iter().filter_map(|row| row.cells.get(column)).flat_map(|cell| cell.text.lines());
    cells
        .chain(table.column_headers.last().and_then(|level| level.get(column)).map(String::as_str))
        .map(|line| line.chars().count())
        .max()
        .unwrap_or_default()
}

/// The one width of every figure column: the widest figure or last-level header (at least
/// 4.5 em) in points, or `1fr` when that many columns would not fit beside the labels and
/// texts (`beside`, in points).
fn value_width(table: &TableBlock, value_columns: usize, beside: f64, setting: &Setting) -> String {
    let figures: Vec<usize> = (0..value_columns).filter(|&c| !table.is_text_column(c)).collect();
    let widest_value = figures.iter().map(|&c| longest_line(table, c)).max().unwrap_or_default();
    let value_width = setting.cell_width(widest_value).max(4.5 * setting.size);
    if beside + figures.len() as f64 * value_width <= TEXT_WIDTH_PT {
        format!("{value_width:.1}pt")
    } else {
        "1fr".to_owned()
    }
}

/// One body row: its labels, then its figures, each in bold in a total row or total cell, and
/// its texts; missing cells left empty. A row with a text (a breakdown's items, one a line) is
/// aligned at the top, so that its label and figures stand on the first item's line, as in the
/// seed, and is kept on one page.
fn write_row(out: &mut String, row: &TableRow, label_columns: usize, value_columns: usize) {
    let top = row.cells.iter().any(|cell| cell.is_text);
    let cell = |text: &str, bold: bool, side: &str| {
        let text = escape_markup(text);
        let text = if bold && !text.is_empty() { format!("#strong[{text}]") } else { text };
        if top {
            format!("table.cell(align: {side} + top)[{text}], ")
        } else {
            format!("[{text}], ")
        }
    };
    for column in 0..label_columns {
        out.push_str(&cell(
            row.labels.get(column).map(String::as_str).unwrap_or_default(),
            row.total,
            "left",
        ));
    }
    for column in 0..value_columns {
        match row.cells.get(column) {
            Some(text) if text.is_text => {
                let lines: Vec<String> = text.text.lines().map(escape_markup).collect();
                let _ =
                    write!(out, "table.cell(align: left + top, breakable: false)[{}], ", lines.join(" \\ "));
            }
            Some(value) => out.push_str(&cell(&value.text, row.total || value.total, "right")),
            None => out.push_str("[], "),
        }
    }
    out.push('\n');
}

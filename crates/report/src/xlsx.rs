//! The report's tables as a workbook: an index sheet, then one sheet per numbered table with
//! its caption, headers, numbers stored as numbers (percentages as fractions formatted as %),
//! and its source line. The same document gives the same bytes (fixed document properties).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::document::{Document, TableBlock, TableCell, TableRow};

/// Writes the workbook to bytes.
pub fn render_xlsx(document: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the workbook is a function of its document, not of the clock.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_title(&document.title).set_creation_datetime(&created));
    let formats = Formats::new();
    let tables = document.tables();
    write_index(workbook.add_worksheet(), document, &tables, &formats)?;
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(document, table))?;
        write_table(sheet, table, &formats)?;
    }
    workbook.save_to_buffer()
}

/// The cell formats of the workbook.
struct Formats {
    bold: Format,
    header: Format,
    integer: Format,
    decimal: Format,
    percent: Format,
    total_integer: Format,
    total_decimal: Format,
    total_percent: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let integer = Format::new().set_num_format("0");
        // Excel number formats are written with a point; Excel shows them in the reader's locale.
        let decimal = Format::new().set_num_format("0.00");
        let percent = Format::new().set_num_format("0.00%");
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new().set_bold().set_background_color("E8E8E8").set_border(FormatBorder::Thin),
            total_integer: integer.clone().set_bold(),
            total_decimal: decimal.clone().set_bold(),
            total_percent: percent.clone().set_bold(),
            integer,
            decimal,
            percent,
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// A value's number format: a percentage, a whole number or a decimal one, bold in a total.
    fn number(&self, pct: bool, decimals: u32, total: bool) -> &Format {
        match (pct, decimals, total) {
            (true, _, false) => &self.percent,
            (true, _, true) => &self.total_percent,
            (false, 0, false) => &self.integer,
            (false, 0, true) => &self.total_integer,
            (false, _, false) => &self.decimal,
            (false, _, true) => &self.total_decimal,
        }
    }
}

/// A table's sheet name: "Tabel 17".
fn sheet_name(document: &Document, table: &TableBlock) -> String {
    format!("{} {}", document.words.table, table.number)
}

/// The index sheet: the title and cycle, then a row per table linking to its sheet, with its
/// caption.
fn write_index(
    index: &mut Worksheet,
    document: &Document,
    tables: &[&TableBlock],
    formats: &Formats,
) -> Result<(), XlsxError> {
    index.set_name("Index")?;
    index.write_string_with_format(0, 0, &document.title, &formats.bold)?;
    index.write_string(1, 0, &document.cycle)?;
    index.write_string_with_format(3, 0, &document.words.table, &formats.header)?;
    index.write_string_with_format(3, 1, &document.words.contents, &formats.header)?;
    index.set_column_width(0, 10)?;
    index.set_column_width(1, 100)?;
    for (i, table) in tables.iter().enumerate() {
        let row = 4 + i as u32;
        let sheet = sheet_name(document, table);
        index.write_url_with_text(
            row,
            0,
            format!("internal:'{sheet}'!A1").as_str(),
            table.number.to_string(),
        )?;
        index.write_string_with_format(row, 1, &table.caption, &formats.wrap)?;
    }
    Ok(())
}

/// A table's sheet: its title, header rows, body rows, and after a blank row its source and
/// footnotes.
fn write_table(sheet: &mut Worksheet, table: &TableBlock, formats: &Formats) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, &table.title, &formats.bold)?;
    let mut row = 2u32;
    write_headers(sheet, row, table, formats)?;
    row += table.column_headers.len() as u32;
    for body in &table.rows {
        write_row(sheet, row, table.row_header.len() as u16, body, formats)?;
        row += 1;
    }
    row += 1;
    sheet.write_string(row, 0, &table.source)?;
    for (i, footnote) in table.footnotes.iter().enumerate() {
        sheet.write_string(row + 1 + i as u32, 0, format!("({}) {footnote}", i + 1))?;
    }
    sheet.set_column_width(0, 40)?;
    let labels = table.row_header.len() as u16;
    let columns = table.column_headers.iter().map(Vec::len).max().unwrap_or_default();
    for column in (0..columns).filter(|&c| table.is_text_column(c)) {
        let widest = table.rows.iter().filter_map(|r| r.cells.get(column)).flat_map(|c| c.text.lines());
        let characters = widest.map(|line| line.chars().count()).max().unwrap_or_default();
        sheet.set_column_width(labels + column as u16, characters.max(12) as f64 + 2.0)?;
    }
    Ok(())
}

/// The column header rows from `first`; the row-label names stand on the last of them.
fn write_headers(
    sheet: &mut Worksheet,
    first: u32,
    table: &TableBlock,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let labels = table.row_header.len() as u16;
    for (level, headers) in table.column_headers.iter().enumerate() {
        let row = first + level as u32;
        if level + 1 == table.column_headers.len() {
            for (i, name) in table.row_header.iter().enumerate() {
                sheet.write_string_with_format(row, i as u16, name, &formats.header)?;
            }
        }
        for (c, label) in headers.iter().enumerate() {
            sheet.write_string_with_format(row, labels + c as u16, label, &formats.header)?;
        }
    }
    Ok(())
}

/// A body row: its labels (bold in a total row), then its values from column `labels`.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    labels: u16,
    body: &TableRow,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (i, label) in body.labels.iter().enumerate() {
        if body.total {
            sheet.write_string_with_format(row, i as u16, label, &formats.bold)?;
        } else {
            sheet.write_string(row, i as u16, label)?;
        }
    }
    for (c, cell) in body.cells.iter().enumerate() {
        write_value(sheet, row, labels + c as u16, cell, body.total, formats)?;
    }
    Ok(())
}

/// A value as a number (a percentage as a fraction), in its format, or a text cell as wrapped
/// text; a suppressed cell as its symbol; nothing for an empty cell.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &TableCell,
    total_row: bool,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if cell.is_text {
        // A breakdown's items, one a line in the cell, as the seed prints them.
        if !cell.text.is_empty() {
            sheet.write_string_with_format(row, col, &cell.text, &formats.wrap)?;
        }
        return Ok(());
    }
    if cell.suppressed {
        sheet.write_string_with_format(
            row,
            col,
            &cell.text,
            formats.number(cell.pct, 0, cell.total || total_row),
        )?;
        return Ok(());
    }
    let Some((scaled, decimals)) = cell.value else { return Ok(()) };
    let value = scaled as f64 / 10f64.powi(decimals as i32);
    let number = if cell.pct { value / 100.0 } else { value };
    sheet.write_number_with_format(
        row,
        col,
        number,
        formats.number(cell.pct, decimals, cell.total || total_row),
    )?;
    Ok(())
}

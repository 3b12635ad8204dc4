//! The report's tables as a workbook: an index sheet, then one sheet per numbered table with
//! its caption, headers, numbers stored as numbers (percentages as fractions formatted as %),
//! and its source line. The same document gives the same bytes (fixed document properties).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::document::Document;

/// Writes the workbook to bytes.
pub fn render_xlsx(document: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the workbook is a function of its document, not of the clock.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_title(&document.title).set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color("E8E8E8")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let integer = Format::new().set_num_format("0");
    // Excel number formats are written with a point; Excel shows them in the reader's locale.
    let decimal = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.00%");
    let total_integer = integer.clone().set_bold();
    let total_decimal = decimal.clone().set_bold();
    let total_percent = percent.clone().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let tables = document.tables();
    let index = workbook.add_worksheet();
    index.set_name("Index")?;
    index.write_string_with_format(0, 0, &document.title, &bold)?;
    index.write_string(1, 0, &document.cycle)?;
    index.write_string_with_format(3, 0, &document.words.table, &header)?;
    index.write_string_with_format(3, 1, &document.words.contents, &header)?;
    index.set_column_width(0, 10)?;
    index.set_column_width(1, 100)?;
    for (i, table) in tables.iter().enumerate() {
        let row = 4 + i as u32;
        let sheet = format!("{} {}", document.words.table, table.number);
        index.write_url_with_text(
            row,
            0,
            format!("internal:'{sheet}'!A1").as_str(),
            table.number.to_string(),
        )?;
        index.write_string_with_format(row, 1, &table.caption, &wrap)?;
    }

    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(format!("{} {}", document.words.table, table.number))?;
        sheet.write_string_with_format(0, 0, &table.title, &bold)?;
        let labels = table.row_header.len() as u16;
        let mut row = 2u32;
        for (level, headers) in table.column_headers.iter().enumerate() {
            if level + 1 == table.column_headers.len() {
                for (i, name) in table.row_header.iter().enumerate() {
                    sheet.write_string_with_format(row, i as u16, name, &header)?;
                }
            }
            for (c, label) in headers.iter().enumerate() {
                sheet.write_string_with_format(row, labels + c as u16, label, &header)?;
            }
            row += 1;
        }
        for body in &table.rows {
            for (i, label) in body.labels.iter().enumerate() {
                if body.total {
                    sheet.write_string_with_format(row, i as u16, label, &bold)?;
                } else {
                    sheet.write_string(row, i as u16, label)?;
                }
            }
            for (c, cell) in body.cells.iter().enumerate() {
                let col = labels + c as u16;
                match cell.value {
                    None => {}
                    Some((scaled, decimals)) => {
                        let value = scaled as f64 / 10f64.powi(decimals as i32);
                        let (number, format) = match (cell.pct, decimals, cell.total || body.total) {
                            (true, _, false) => (value / 100.0, &percent),
                            (true, _, true) => (value / 100.0, &total_percent),
                            (false, 0, false) => (value, &integer),
                            (false, 0, true) => (value, &total_integer),
                            (false, _, false) => (value, &decimal),
                            (false, _, true) => (value, &total_decimal),
                        };
                        sheet.write_number_with_format(row, col, number, format)?;
                    }
                }
            }
            row += 1;
        }
        row += 1;
        sheet.write_string(row, 0, &table.source)?;
        for (i, footnote) in table.footnotes.iter().enumerate() {
            sheet.write_string(row + 1 + i as u32, 0, format!("({}) {footnote}", i + 1))?;
        }
        sheet.set_column_width(0, 40)?;
    }
    workbook.save_to_buffer()
}

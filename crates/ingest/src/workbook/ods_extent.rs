//! The extent of an ODS workbook's sheets, measured before calamine reads them. calamine reads
//! an ODS sheet whole into a grid as large as its used cells' bounding box, and an ODS file
//! repeats rows and cells by count (`table:number-rows-repeated`, `…-columns-repeated`): a few
//! bytes can claim millions of cells. Here the repeats are counted from the XML tags as they
//! stream by, and a sheet whose non-empty cells would reach beyond the [`Limits`] is refused.

use std::io::{self, Cursor, Read};

use zip::ZipArchive;

use super::limits::Limits;
use crate::problem::ImportProblem;

/// Refuses an ODS workbook (a zip holding `content.xml`) with a sheet beyond `limits`.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ImportProblem> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(content) = archive.by_name("content.xml") else { return Ok(()) };
    let mut extent = Extent::new(limits);
    let mut tags = Tags::new(limits.xml_token_bytes);
    let mut buffer = [0u8; 64 * 1024];
    let mut content = content.take(limits.entry_bytes);
    loop {
        let read = match content.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A damaged part is calamine's to report.
            Err(_) => break,
        };
        tags.feed(&buffer[..read], &mut |tag| extent.tag(tag))?;
    }
    Ok(())
}

/// Where the rows and cells of the current sheet have reached.
struct Extent<'a> {
    limits: &'a Limits,
    sheet: String,
    /// Rows so far, repeats counted.
    row: u64,
    /// The repeats of the current row.
    row_repeats: u64,
    /// Columns so far in the current row, repeats counted.
    column: u64,
    /// The column after the current row's last non-empty cell.
    row_width: u64,
}

impl Extent<'_> {
    fn new(limits: &Limits) -> Extent<'_> {
        Extent { limits, sheet: String::new(), row: 0, row_repeats: 1, column: 0, row_width: 0 }
    }

    fn tag(&mut self, tag: &[u8]) -> Result<(), ImportProblem> {
        let closes = tag.starts_with(b"</");
        let empty = tag.ends_with(b"/>");
        let name = tag_name(tag);
        match (name, closes) {
            (b"table:table", false) => {
                self.sheet = attribute(tag, b"table:name")
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                self.row = 0;
            }
            (b"table:table-row", false) => {
                self.row_repeats = count(tag, b"table:number-rows-repeated");
                self.column = 0;
                self.row_width = 0;
                if empty {
                    self.end_row()?;
                }
            }
            (b"table:table-row", true) => self.end_row()?,
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                self.column = self.column.saturating_add(count(tag, b"table:number-columns-repeated"));
                if !empty || attribute(tag, b"office:value-type").is_some() {
                    self.row_width = self.column;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Counts the row just ended and refuses the sheet once its non-empty cells reach too far.
    fn end_row(&mut self) -> Result<(), ImportProblem> {
        self.row = self.row.saturating_add(self.row_repeats);
        if self.row_width == 0 {
            return Ok(());
        }
        let limits = self.limits;
        let beyond = if self.row > u64::from(limits.rows) {
            Some(format!("row {}, beyond the {} rows a spreadsheet has", self.row, limits.rows))
        } else if self.row_width > u64::from(limits.columns) {
            Some(format!(
                "column {}, beyond the {} columns a sheet of a return, a record file or capture histories may use",
                self.row_width, limits.columns
            ))
        } else if self.row.saturating_mul(self.row_width) > limits.cells {
            Some(format!(
                "{} rows of {} columns, more than the {} cells an import reads",
                self.row, self.row_width, limits.cells
            ))
        } else {
            None
        };
        match beyond {
            Some(beyond) => Err(ImportProblem::file(format!(
                "sheet {:?}: with its repeated rows and cells, its cells reach {beyond}; delete what stands far away, or save the sheet again from the spreadsheet program",
                self.sheet
            ))
            .in_sheet(&self.sheet)),
            None => Ok(()),
        }
    }
}

/// A tag's name: the bytes after `<` or `</` up to a space, `/` or `>`.
fn tag_name(tag: &[u8]) -> &[u8] {
    let start = if tag.starts_with(b"</") { 2 } else { 1 };
    let rest = tag.get(start..).unwrap_or_default();
    let end =
        rest.iter().position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>').unwrap_or(rest.len());
    &rest[..end]
}

/// The value of attribute `name` in `tag`, between its quotes.
fn attribute<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let at = tag.windows(name.len() + 1).position(|w| w.starts_with(name) && w[name.len()] == b'=')?;
    let rest = tag.get(at + name.len() + 1..)?;
    let quote = *rest.first()?;
    let rest = rest.get(1..)?;
    let end = rest.iter().position(|&b| b == quote)?;
    Some(&rest[..end])
}

/// A repeat count attribute: 1 when absent or unreadable (as a reader takes it), else its value.
fn count(tag: &[u8], name: &[u8]) -> u64 {
    attribute(tag, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// Cuts a byte stream into tags (`<` … `>`, quotes respected), whatever the chunks.
struct Tags {
    tag: Vec<u8>,
    inside: bool,
    quote: Option<u8>,
    /// A longer tag is cut here (the container check has refused longer ones already).
    longest: usize,
}

impl Tags {
    fn new(longest: u64) -> Tags {
        Tags {
            tag: Vec::new(),
            inside: false,
            quote: None,
            longest: usize::try_from(longest).unwrap_or(usize::MAX),
        }
    }

    fn feed(
        &mut self,
        bytes: &[u8],
        on_tag: &mut dyn FnMut(&[u8]) -> Result<(), ImportProblem>,
    ) -> Result<(), ImportProblem> {
        for &byte in bytes {
            if !self.inside {
                if byte == b'<' {
                    self.inside = true;
                    self.tag.clear();
                    self.tag.push(byte);
                }
                continue;
            }
            if self.tag.len() < self.longest {
                self.tag.push(byte);
            }
            match (self.quote, byte) {
                (None, b'>') => {
                    self.inside = false;
                    on_tag(&self.tag)?;
                }
                (None, b'"' | b'\'') => self.quote = Some(byte),
                (Some(q), b) if q == b => self.quote = None,
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(content: &str) -> Result<(), ImportProblem> {
        let limits = Limits::DEFAULT;
        let mut extent = Extent::new(&limits);
        let mut tags = Tags::new(limits.xml_token_bytes);
        for chunk in content.as_bytes().chunks(7) {
            tags.feed(chunk, &mut |tag| extent.tag(tag))?;
        }
        Ok(())
    }

    #[test]
    fn empty_repeats_are_free_and_repeated_values_count() {
        let trailing = r#"<table:table table:name="t"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        assert_eq!(reach(trailing), Ok(()), "what LibreOffice writes after the data");
        let wide = r#"<table:table table:name="t"><table:table-row><table:table-cell table:number-columns-repeated="300" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        let problem = reach(wide).unwrap_err();
        assert!(problem.message.starts_with("sheet \"t\": with its repeated rows and cells, its cells reach column 300, beyond the 256 columns"), "{problem:?}");
        let tall = r#"<table:table table:name="t"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="20" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        let problem = reach(tall).unwrap_err();
        assert!(
            problem.message.contains("1000000 rows of 20 columns, more than the 16777216 cells"),
            "{problem:?}"
        );
    }
}

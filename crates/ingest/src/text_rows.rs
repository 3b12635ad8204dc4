//! Delimited text read as it comes, one row at a time, none kept: what a record file of a
//! million rows is read with, in memory bounded by its longest row.
//!
//! The encoding is told as the bytes arrive, as [`crate::decode`] tells it of a whole file: a
//! BOM names it (UTF-16 files, rare for records, are decoded whole first); otherwise the text
//! is UTF-8 until a row holds bytes that are not, and then Windows-1252, which older Belgian
//! Excel writes. Rows read before the switch were plain ASCII, the same in both, so the file
//! reads as a whole-file decoder would read it. A file whose UTF-8 text is followed by bytes
//! that are not UTF-8 mixes two encodings: its first such row is a problem, not guessed at.

use std::io::Read;

use crate::problem::ImportProblem;

/// How the text's bytes are read, as far as the rows so far tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoding {
    /// UTF-8; `non_ascii` once a row held a character outside ASCII.
    Utf8 {
        non_ascii: bool,
    },
    Windows1252,
}

/// The rows of delimited text: each non-blank row with the byte it starts at and its 1-based
/// line number, or the problem of an unreadable line.
pub(crate) struct TextRows<R> {
    reader: csv::Reader<R>,
    record: csv::ByteRecord,
    decoding: Decoding,
    /// The name of the encoding a BOM gave; `None` when the bytes tell it.
    named: Option<&'static str>,
    rows_read: usize,
    /// Set when the input itself failed: nothing more is read.
    failed: bool,
}

impl<R: Read> TextRows<R> {
    /// Rows of `text` (no BOM: [`open_text`] removes it) split by `delimiter`.
    pub(crate) fn new(text: R, delimiter: u8) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text);
        TextRows {
            reader,
            record: csv::ByteRecord::new(),
            decoding: Decoding::Utf8 { non_ascii: false },
            named: None,
            rows_read: 0,
            failed: false,
        }
    }

    /// The encoding the text was read in.
    pub(crate) fn encoding(&self) -> &'static str {
        match (self.named, self.decoding) {
            (Some(name), _) => name,
            (None, Decoding::Utf8 { .. }) => encoding_rs::UTF_8.name(),
            (None, Decoding::Windows1252) => encoding_rs::WINDOWS_1252.name(),
        }
    }

    /// The current row's cells as text into `cells` (its strings reused: a file of millions of
    /// rows allocates per row only what grows), deciding the encoding when its bytes first tell it.
    fn cells_into(&mut self, line: usize, cells: &mut Vec<String>) -> Result<(), ImportProblem> {
        if let Decoding::Utf8 { non_ascii } = self.decoding {
            if std::str::from_utf8(self.record.as_slice()).is_err() {
                if non_ascii {
                    return Err(ImportProblem::at(
                        line,
                        None,
                        "this line holds bytes that are not UTF-8, while earlier lines were UTF-8: the file mixes two encodings; save it again as UTF-8 (CSV UTF-8 in Excel)",
                    ));
                }
                self.decoding = Decoding::Windows1252;
            } else if !self.record.as_slice().is_ascii() {
                self.decoding = Decoding::Utf8 { non_ascii: true };
            }
        }
        cells.resize_with(self.record.len(), String::new);
        for (cell, field) in cells.iter_mut().zip(self.record.iter()) {
            cell.clear();
            match self.decoding {
                Decoding::Utf8 { .. } => cell.push_str(std::str::from_utf8(field).unwrap_or_default()),
                Decoding::Windows1252 => {
                    cell.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(field).0)
                }
            }
        }
        Ok(())
    }

    /// Reads the next non-blank row into `cells`: the byte it starts at and its 1-based line
    /// number, or the problem of an unreadable line; `None` at the end.
    pub(crate) fn next_into(
        &mut self,
        cells: &mut Vec<String>,
    ) -> Option<Result<(u64, usize), ImportProblem>> {
        while !self.failed {
            let position = self.reader.position().clone();
            self.rows_read += 1;
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    let line = self.record.position().map_or(self.rows_read, |p| p.line() as usize);
                    if let Err(problem) = self.cells_into(line, cells) {
                        return Some(Err(problem));
                    }
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    return Some(Ok((position.byte(), line)));
                }
                Err(e) => {
                    let line = e.position().map_or(self.rows_read, |p| p.line() as usize);
                    // An error of the input itself (a disk, a connection) ends the reading.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.failed = true;
                        let problem =
                            ImportProblem::at(line, None, format!("the file could not be read: {e}"));
                        return Some(Err(problem));
                    }
                    return Some(Err(ImportProblem::at(line, None, format!("unreadable line: {e}"))));
                }
            }
        }
        None
    }
}

impl<R: Read> Iterator for TextRows<R> {
    type Item = Result<(u64, (usize, Vec<String>)), ImportProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut cells = Vec::new();
        Some(self.next_into(&mut cells)?.map(|(position, line)| (position, (line, cells))))
    }
}

/// A text file opened for reading as it comes: the first bytes looked at for a BOM and for the
/// separator of the header line.
pub(crate) struct OpenedText<'t> {
    pub rows: TextRows<Box<dyn Read + Send + 't>>,
    pub delimiter: u8,
}

/// How much of a file's start is looked at before its rows are read: a header line is shorter.
const SNIFF_BYTES: usize = 64 * 1024;

/// Opens delimited text that starts with `head` (the bytes already read) and goes on in `rest`.
pub(crate) fn open_text<'t>(
    head: Vec<u8>,
    mut rest: Box<dyn Read + Send + 't>,
) -> std::io::Result<OpenedText<'t>> {
    let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(&head) else {
        let delimiter = crate::detect_delimiter(&String::from_utf8_lossy(&head));
        let input: Box<dyn Read + Send + 't> = Box::new(std::io::Cursor::new(head).chain(rest));
        return Ok(OpenedText { rows: TextRows::new(input, delimiter), delimiter });
    };
    if encoding == encoding_rs::UTF_8 {
        let head = head[bom_length..].to_vec();
        let delimiter = crate::detect_delimiter(&String::from_utf8_lossy(&head));
        let input: Box<dyn Read + Send + 't> = Box::new(std::io::Cursor::new(head).chain(rest));
        let mut rows = TextRows::new(input, delimiter);
        rows.named = Some(encoding.name());
        return Ok(OpenedText { rows, delimiter });
    }
    // UTF-16: decoded whole (a record file in it is rare), then read as UTF-8.
    let mut bytes = head;
    rest.read_to_end(&mut bytes)?;
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
    let delimiter = crate::detect_delimiter(&text);
    let input: Box<dyn Read + Send + 't> = Box::new(std::io::Cursor::new(text.into_owned().into_bytes()));
    let mut rows = TextRows::new(input, delimiter);
    rows.named = Some(encoding.name());
    Ok(OpenedText { rows, delimiter })
}

/// The first bytes of `input` (up to [`SNIFF_BYTES`]), read for the format, the encoding and
/// the separator to be told before the rest is read.
pub(crate) fn head_of(input: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    input.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as the reader gives it: its line and cells, or the problem of the line.
    type Row = Result<(usize, Vec<String>), ImportProblem>;

    fn rows(bytes: &[u8]) -> (Vec<Row>, &'static str) {
        let head = bytes.to_vec();
        let opened = open_text(head, Box::new(std::io::empty())).expect("in memory");
        let mut rows = opened.rows;
        let read: Vec<_> = rows.by_ref().map(|r| r.map(|(_, row)| row)).collect();
        (read, rows.encoding())
    }

    #[test]
    fn tells_the_encoding_as_the_rows_come() {
        let (read, encoding) = rows("case_id;name\nPF-1;Ren\u{e9}\n".as_bytes());
        assert_eq!(encoding, "UTF-8");
        assert_eq!(read[1].as_ref().unwrap().1, vec!["PF-1", "Ren\u{e9}"]);

        // The same text as older Excel writes it: é is the one byte 0xE9.
        let (read, encoding) = rows(b"case_id;name\nPF-1;Ren\xe9\n");
        assert_eq!(encoding, "windows-1252");
        assert_eq!(read[1].as_ref().unwrap().1, vec!["PF-1", "Ren\u{e9}"]);

        let (read, encoding) = rows("\u{feff}case_id,name\nPF-1,x\n".as_bytes());
        assert_eq!(encoding, "UTF-8");
        assert_eq!(read[0].as_ref().unwrap().1, vec!["case_id", "name"]);
    }

    #[test]
    fn a_file_mixing_utf8_and_other_bytes_is_told_at_the_line() {
        let (read, _) = rows(b"case_id;name\nPF-1;Ren\xc3\xa9\nPF-2;Ren\xe9\n");
        let problem = read[2].as_ref().unwrap_err();
        assert_eq!(problem.row, Some(3));
        assert!(problem.message.contains("mixes two encodings"), "{problem:?}");
    }

    #[test]
    fn utf16_is_decoded_whole() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "case_id\tx\nPF-1\t\u{e9}\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let (read, encoding) = rows(&bytes);
        assert_eq!(encoding, "UTF-16LE");
        assert_eq!(read[1].as_ref().unwrap().1, vec!["PF-1", "\u{e9}"]);
    }
}

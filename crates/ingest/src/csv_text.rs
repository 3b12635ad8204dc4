//! Delimited text returns: detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
//! otherwise Windows-1252 as older Belgian Excel writes it) and the separator (`;` with decimal
//! commas as Belgian Excel writes it, `,` or tab).

use rapporteur_domain::{Catalog, Cycle, DecimalStyle};

use crate::check::{check_grid, Grid, GridRow, Place, Seen};
use crate::problem::ImportProblem;
use crate::{Layout, ParsedReturn, Progress};

const EMPTY_FILE: &str = "the file is empty: expected a header line (cube, period, the cube's dimensions, value) and one row per observation";

pub(crate) fn parse(
    bytes: &[u8],
    catalog: &Catalog,
    cycle: &Cycle,
    progress: Progress<'_>,
) -> Result<ParsedReturn, Vec<ImportProblem>> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(vec![ImportProblem::file(EMPTY_FILE)]);
    }
    let delimiter = detect_delimiter(&text);
    let style = if delimiter == b',' { DecimalStyle::Point } else { DecimalStyle::Comma };

    let TextRows { rows: mut numbered, mut problems } = read_rows(&text, delimiter, progress);
    let header = (!numbered.is_empty()).then(|| numbered.remove(0));
    let rows = numbered.into_iter().map(|(number, cells)| GridRow { number, cells }).collect();
    let Some((header_row, header)) = header else {
        return Err(vec![ImportProblem::file(EMPTY_FILE)]);
    };
    let grid = Grid { header, header_row, rows, sheet_cube: None, style };
    let observations =
        check_grid(&grid, catalog, cycle, &Place { sheet: None }, &mut Seen::default(), &mut problems);
    if problems.is_empty() {
        Ok(ParsedReturn {
            layout: Layout::Csv {
                encoding,
                delimiter: delimiter as char,
                decimal_comma: style == DecimalStyle::Comma,
            },
            rows: observations,
        })
    } else {
        problems.sort();
        Err(problems)
    }
}

/// Delimited text read as rows: each non-blank row with its 1-based line number, and a problem
/// per unreadable line.
pub(crate) struct TextRows {
    pub rows: Vec<(usize, Vec<String>)>,
    pub problems: Vec<ImportProblem>,
}

/// Reads delimited text into numbered rows, skipping blank ones (spreadsheets leave them at the
/// end). Returns, cell for cell, what every text reader of this crate works on.
pub(crate) fn read_rows(text: &str, delimiter: u8, progress: Progress<'_>) -> TextRows {
    let total = text.len() as u64;
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for (i, row) in row_stream(text.as_bytes(), delimiter).enumerate() {
        match row {
            Ok((position, row)) => {
                if i % 1024 == 0 {
                    progress(position, total);
                }
                rows.push(row);
            }
            Err(problem) => problems.push(problem),
        }
    }
    progress(total, total);
    TextRows { rows, problems }
}

/// The rows of delimited text one at a time, none kept: each non-blank row with the byte it
/// starts at and its 1-based line number, or the problem of an unreadable line.
pub(crate) fn row_stream<R: std::io::Read>(
    text: R,
    delimiter: u8,
) -> impl Iterator<Item = Result<(u64, (usize, Vec<String>)), ImportProblem>> {
    crate::text_rows::TextRows::new(text, delimiter)
}

/// Decodes text: a BOM names its encoding; valid UTF-8 is UTF-8; anything else is taken as
/// Windows-1252, which every byte sequence is.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), encoding_rs::UTF_8.name()),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), encoding_rs::WINDOWS_1252.name())
        }
    }
}

/// The separator the header line uses most: `;`, `,` or tab (`,` when none appears).
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    [(b';', count(';')), (b'\t', count('\t')), (b',', count(','))]
        .into_iter()
        .max_by_key(|&(d, n)| (n, d == b','))
        .filter(|&(_, n)| n > 0)
        .map_or(b',', |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_separators() {
        assert_eq!(detect_delimiter("cube;period;value\n"), b';');
        assert_eq!(detect_delimiter("cube,period,value\n"), b',');
        assert_eq!(detect_delimiter("cube\tperiod\tvalue\n"), b'\t');
        assert_eq!(detect_delimiter("value\n"), b',');
    }

    #[test]
    fn decodes_bom_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFcube").0, "cube");
        let (text, encoding) = decode(b"S\xFCrya");
        assert_eq!((text.as_str(), encoding), ("Sürya", "windows-1252"));
        let (text, encoding) = decode(b"\xFF\xFEa\x00");
        assert_eq!((text.as_str(), encoding), ("a", "UTF-16LE"));
    }
}

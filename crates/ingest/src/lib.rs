//! Import formats: turns the bytes of a return (CSV in any of the encodings and separators
//! Belgian offices produce, or an XLSX workbook) into observation rows checked against the
//! catalog. Reads bytes, never opens paths; a bad file yields every problem with its row and
//! column, never a panic.

mod capture;
mod check;
mod csv_text;
mod problem;
mod records;
mod text_rows;
mod tmx;
mod utf8_text;
mod workbook;
mod xliff;
mod xlsx;
mod xml_events;

use rapporteur_domain::{Catalog, Cycle, ObservationRow};

pub use capture::{parse_capture_histories, CaptureRow, CaptureTable};
pub use csv_text::{decode, detect_delimiter};
pub use problem::ImportProblem;
pub use records::{open_records, parse_records, ParsedRecords, RecordStream, PROBLEMS_LISTED};
pub use tmx::{primary_language, read_tmx, TmxCodeKind, TmxFile, TmxPart, TmxUnit, TmxVariant};
pub use utf8_text::utf8_text;
pub use xliff::{read_xliff, ReadSegment, ReadUnit, TargetPart, XliffFile};

/// How a file was read, for the import summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    Csv { encoding: &'static str, delimiter: char, decimal_comma: bool },
    Workbook { sheets: Vec<String> },
}

/// A return read and checked whole.
#[derive(Debug, Clone)]
pub struct ParsedReturn {
    pub layout: Layout,
    /// Rows in file order (sheet by sheet for a workbook).
    pub rows: Vec<ObservationRow>,
}

/// Reports progress as (units done, units in all), for a progress bar.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Reads a return from `bytes`. The format is told by the content (a ZIP or OLE header means a
/// workbook), not by the file name. Every problem of the file is returned at once.
pub fn parse_return(
    bytes: &[u8],
    catalog: &Catalog,
    cycle: &Cycle,
    progress: Progress<'_>,
) -> Result<ParsedReturn, Vec<ImportProblem>> {
    if workbook::looks_like_workbook(bytes) {
        xlsx::parse(bytes, catalog, cycle, progress)
    } else {
        csv_text::parse(bytes, catalog, cycle, progress)
    }
}

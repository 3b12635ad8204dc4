//! Workbooks (XLSX, and the XLSB, XLS and ODS that calamine also reads) opened within bounds: the
//! zip container is checked before anything is unpacked ([`container`]), and a sheet's cells
//! are streamed and checked one by one ([`sheet_rows`]) against the [`Limits`]; ODS and XLS
//! sheets, which calamine reads whole, are measured first ([`ods_extent`], [`xls_extent`]). Returns, record
//! files and capture histories all read their sheets here.

mod container;
mod limits;
mod ods_extent;
mod sheet_rows;
mod xls_extent;
mod xml_token;

use std::io::Cursor;

use calamine::{Reader, Sheets};

use crate::problem::ImportProblem;
pub(crate) use limits::Limits;
pub(crate) use sheet_rows::NumberedRows;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

pub(crate) fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

/// Runs a reader of a workbook. calamine can panic on a damaged workbook (an overflowing cell
/// reference, found by the property test); a damaged file is a problem to report, never a crash.
pub(crate) fn guarded<T>(
    read: impl FnOnce() -> Result<T, Vec<ImportProblem>>,
) -> Result<T, Vec<ImportProblem>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(vec![ImportProblem::file(
            "the workbook is damaged and cannot be read: save it again from the spreadsheet program",
        )])
    })
}

/// An open workbook and what is left of its [`Limits`] as its sheets are read.
pub(crate) struct Workbook<'a> {
    sheets: Sheets<Cursor<&'a [u8]>>,
    limits: Limits,
    budget: limits::Budget,
}

impl<'a> Workbook<'a> {
    /// Opens a workbook from its bytes within [`Limits::DEFAULT`]; call it inside [`guarded`].
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>, Vec<ImportProblem>> {
        Workbook::open_within(bytes, Limits::DEFAULT)
    }

    /// Opens a workbook within `limits`: a zip container is checked before it is unpacked.
    pub fn open_within(bytes: &'a [u8], limits: Limits) -> Result<Workbook<'a>, Vec<ImportProblem>> {
        if bytes.starts_with(ZIP_MAGIC) {
            container::check(bytes, &limits).map_err(|p| vec![p])?;
            ods_extent::check(bytes, &limits).map_err(|p| vec![p])?;
        } else {
            xls_extent::check(bytes, &limits).map_err(|p| vec![p])?;
        }
        let sheets = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
            vec![ImportProblem::file(format!(
                "the file looks like a workbook but cannot be read as one: {e}"
            ))]
        })?;
        Ok(Workbook { sheets, limits, budget: limits::Budget::new(&limits) })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// The non-blank rows of `sheet`. XLSX and XLSB sheets are streamed cell by cell; XLS and
    /// ODS sheets, which calamine reads whole, are taken from its range.
    pub fn rows(&mut self, sheet: &str) -> Result<NumberedRows, ImportProblem> {
        let (limits, budget) = (&self.limits, &mut self.budget);
        let unreadable =
            |e: &dyn std::fmt::Display| ImportProblem::file(format!("sheet {sheet:?} cannot be read: {e}"));
        match &mut self.sheets {
            Sheets::Xlsx(workbook) => match workbook.worksheet_cells_reader(sheet) {
                Ok(mut cells) => sheet_rows::from_cells(sheet, || cells.next_cell(), limits, budget),
                // A chart sheet holds no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Vec::new()),
                Err(e) => Err(unreadable(&e)),
            },
            Sheets::Xlsb(workbook) => {
                let mut cells = workbook.worksheet_cells_reader(sheet).map_err(|e| unreadable(&e))?;
                sheet_rows::from_cells(sheet, || cells.next_cell(), limits, budget)
            }
            other => {
                let range = other.worksheet_range(sheet).map_err(|e| unreadable(&e))?;
                sheet_rows::from_range(sheet, &range, limits, budget)
            }
        }
    }
}

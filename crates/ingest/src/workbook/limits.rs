//! How much a workbook may hold before it is refused: bounds on what its zip container unpacks
//! to, on the coordinates of its cells and on the cells kept in memory. Reading stays within
//! these bounds whatever the file claims, so a hostile workbook (a far cell, a zip bomb) is a
//! refusal with a reason, never an allocation proportional to a claimed size.

/// The bounds applied while reading one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Bytes one part of the zip container may unpack to (a sheet, the shared strings, …).
    pub entry_bytes: u64,
    /// Bytes all parts together may unpack to.
    pub total_bytes: u64,
    /// Parts the zip container may hold.
    pub entries: usize,
    /// The longest single piece of text or markup in a sheet or the shared strings: what the
    /// XML reader holds at once.
    pub xml_token_bytes: u64,
    /// Rows a sheet may reach: a cell in a later row is refused.
    pub rows: u32,
    /// Columns a sheet may reach: a cell in a later column is refused.
    pub columns: u32,
    /// Cells kept in memory for the whole workbook, counting the empty cells that place the
    /// others at their columns.
    pub cells: u64,
    /// Bytes of cell text kept in memory for the whole workbook.
    pub text_bytes: u64,
}

impl Limits {
    /// The bounds of every import.
    ///
    /// - 256 MiB unpacked per part and 512 MiB in all: a sheet of Excel's 1,048,576 rows with a
    ///   return's few columns is about 150 MiB of XML; anything larger is a zip bomb.
    /// - 10,000 parts: a workbook has a few parts per sheet.
    /// - 1 MiB for one piece of text or markup: a cell holds at most 32,767 characters, at most
    ///   about 160 KiB of escaped UTF-8.
    /// - 1,048,576 rows (Excel's own maximum) and 256 columns (A to IV, Excel 2003's maximum):
    ///   a return has a period, a cube's dimensions, a value and a few optional columns, and
    ///   the widest record schema 19 fields; 256 leaves room for notes beside the data.
    /// - 16,777,216 cells and 256 MiB of cell text for the whole workbook: a million rows of 16
    ///   columns, which keeps the grid handed to the checks under about 1 GiB of memory.
    pub const DEFAULT: Limits = Limits {
        entry_bytes: 256 << 20,
        total_bytes: 512 << 20,
        entries: 10_000,
        xml_token_bytes: 1 << 20,
        rows: 1_048_576,
        columns: 256,
        cells: 1 << 24,
        text_bytes: 256 << 20,
    };
}

/// What is left of [`Limits::cells`] and [`Limits::text_bytes`] while a workbook's sheets are
/// read: every sheet draws on the same budget.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub cells: u64,
    pub text_bytes: u64,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget { cells: limits.cells, text_bytes: limits.text_bytes }
    }

    /// Draws `cells` cells holding `text_bytes` bytes of text; false when the budget is spent.
    pub fn draw(&mut self, cells: u64, text_bytes: u64) -> bool {
        match (self.cells.checked_sub(cells), self.text_bytes.checked_sub(text_bytes)) {
            (Some(c), Some(t)) => {
                self.cells = c;
                self.text_bytes = t;
                true
            }
            _ => false,
        }
    }
}

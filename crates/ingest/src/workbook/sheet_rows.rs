//! A sheet's cells → its non-blank rows, each with its 1-based row number and its cells placed
//! at their spreadsheet columns, as [`crate::csv_text::read_rows`] gives the rows of a text file.
//! Cells are taken one at a time (streamed from an XLSX or XLSB sheet, or from a range calamine
//! built for XLS and ODS); each is checked against the [`Limits`] before it is kept, so memory
//! grows with the cells a sheet really holds, never with the size it claims.

use calamine::{Cell, Data, DataRef, Range};

use super::limits::{Budget, Limits};
use crate::problem::ImportProblem;

/// Rows with their 1-based number; cell `i` stands in column `i + 1`.
pub(crate) type NumberedRows = Vec<(usize, Vec<String>)>;

/// One cell kept: 0-based row and column, and its text.
struct Kept {
    row: u32,
    column: u32,
    text: String,
}

/// Reads the cells `next` yields, in any order, into rows. Every row is as wide as the sheet's
/// last used column, as calamine's ranges make them, so that a streamed sheet reads exactly as
/// the range of the same sheet did.
pub(crate) fn from_cells<'a, E: std::fmt::Display>(
    sheet: &str,
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<NumberedRows, ImportProblem> {
    let mut kept = Vec::new();
    while let Some(cell) =
        next().map_err(|e| ImportProblem::file(format!("sheet {sheet:?} cannot be read: {e}")))?
    {
        let ((row, column), value) = (cell.get_position(), cell.get_value());
        if matches!(value, DataRef::Empty) {
            continue;
        }
        kept.push(keep(sheet, row, column, &Data::from(value.clone()), limits, budget)?);
    }
    // A later cell at the same place replaces an earlier one, as in calamine's ranges.
    kept.sort_by_key(|k| (k.row, k.column));
    kept.reverse();
    kept.dedup_by_key(|k| (k.row, k.column));
    kept.reverse();
    into_rows(sheet, kept, budget)
}

/// Reads a range calamine has already built (XLS, ODS) into rows, within the same limits.
pub(crate) fn from_range(
    sheet: &str,
    range: &Range<Data>,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<NumberedRows, ImportProblem> {
    let mut kept = Vec::new();
    for (row, column, value) in range.used_cells() {
        if matches!(value, Data::Empty) {
            continue;
        }
        let (row, column) =
            (u32::try_from(row).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX));
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        kept.push(keep(
            sheet,
            first_row.saturating_add(row),
            first_column.saturating_add(column),
            value,
            limits,
            budget,
        )?);
    }
    into_rows(sheet, kept, budget)
}

/// Checks one cell's place and draws its text from the budget.
fn keep(
    sheet: &str,
    row: u32,
    column: u32,
    value: &Data,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Kept, ImportProblem> {
    let at = |message: String| {
        ImportProblem::at(row as usize + 1, Some(column as usize + 1), message).in_sheet(sheet)
    };
    let name = cell_name(row, column);
    if column >= limits.columns {
        return Err(at(format!(
            "cell {name} lies beyond column {}: a sheet of a return, a record file or capture histories may use at most {} columns; delete what stands in {name} or move it left",
            column_name(limits.columns - 1),
            limits.columns
        )));
    }
    if row >= limits.rows {
        return Err(at(format!(
            "cell {name} lies beyond row {}, the last row a spreadsheet has: the sheet is damaged; save it again from the spreadsheet program",
            limits.rows
        )));
    }
    let text = cell_text(value);
    if !budget.draw(1, text.len() as u64) {
        return Err(at(too_many_cells(limits)));
    }
    Ok(Kept { row, column, text })
}

/// The kept cells as non-blank rows, each padded to the sheet's width.
fn into_rows(sheet: &str, kept: Vec<Kept>, budget: &mut Budget) -> Result<NumberedRows, ImportProblem> {
    let width = kept.iter().map(|k| k.column as usize + 1).max().unwrap_or(0);
    let mut rows: NumberedRows = Vec::new();
    let mut cells = kept.into_iter().peekable();
    while let Some(first) = cells.next() {
        let row = first.row;
        let mut line = vec![(first.column, first.text)];
        while let Some(cell) = cells.next_if(|c| c.row == row) {
            line.push((cell.column, cell.text));
        }
        if line.iter().all(|(_, text)| text.trim().is_empty()) {
            continue;
        }
        // The empty cells that place the others at their columns.
        if !budget.draw((width - line.len()) as u64, 0) {
            return Err(
                ImportProblem::at(row as usize + 1, None, too_many_cells_in_all(width)).in_sheet(sheet)
            );
        }
        let mut padded = vec![String::new(); width];
        for (column, text) in line {
            padded[column as usize] = text;
        }
        rows.push((row as usize + 1, padded));
    }
    Ok(rows)
}

fn too_many_cells(limits: &Limits) -> String {
    format!(
        "the workbook holds more than {} cells or {} bytes of cell text, the most an import reads: split the data over several files",
        limits.cells, limits.text_bytes
    )
}

fn too_many_cells_in_all(width: usize) -> String {
    format!(
        "the sheet's rows, each {width} columns wide up to its last used column, hold more cells than an import reads: delete what stands far to the right, or split the data over several files"
    )
}

/// A cell as text. Whole numbers print without a decimal point, so that a period typed as the
/// number 2019 reads "2019" and a count 12 reads "12"; other numbers use the shortest exact form.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// A cell's name as a spreadsheet shows it, e.g. `XFD1048576` for (1048575, 16383).
pub(crate) fn cell_name(row: u32, column: u32) -> String {
    format!("{}{}", column_name(column), u64::from(row) + 1)
}

/// A 0-based column's letters: A, …, Z, AA, …
fn column_name(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_as_a_spreadsheet_does() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(cell_name(0, 255), "IV1");
        assert_eq!(cell_name(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }
}

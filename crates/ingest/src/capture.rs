//! Capture histories for multiple systems estimation: one 0/1 column per list and a `count`
//! column, one row per observed history, as CSV (any of the accepted encodings and separators)
//! or as the first sheet of a workbook.

use crate::csv_text::{decode, detect_delimiter, read_rows};
use crate::problem::ImportProblem;
use crate::workbook::{guarded, looks_like_workbook, Workbook};

/// The name of the count column.
pub const COUNT: &str = "count";

/// Capture histories as read: the lists in column order, and per row its 1-based row number in
/// the file, whether the persons are on each list, and how many they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureTable {
    pub lists: Vec<String>,
    pub rows: Vec<CaptureRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureRow {
    pub row: usize,
    pub history: Vec<bool>,
    pub count: i64,
}

/// Reads capture histories, reporting every problem with its row and column.
pub fn parse_capture_histories(bytes: &[u8]) -> Result<CaptureTable, Vec<ImportProblem>> {
    // Both readers leave out blank rows.
    let grid = if looks_like_workbook(bytes) { workbook_grid(bytes)? } else { text_grid(bytes)? };
    let mut grid = grid.into_iter();
    let Some((header_row, header)) = grid.next() else {
        return Err(vec![ImportProblem::file(
            "the file is empty: expected a header with one column per list and a count column",
        )]);
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let count_column = names.iter().position(|n| n.eq_ignore_ascii_case(COUNT));
    let mut problems = Vec::new();
    let Some(count_column) = count_column else {
        return Err(vec![ImportProblem::at(
            header_row,
            None,
            format!("no {COUNT:?} column: expected one 0/1 column per list and a column {COUNT:?} with the number of persons"),
        )]);
    };
    let list_columns: Vec<usize> =
        (0..names.len()).filter(|&i| i != count_column && !names[i].is_empty()).collect();
    let mut rows = Vec::new();
    for (row, cells) in grid {
        let cell = |i: usize| cells.get(i).map(|c| c.trim()).unwrap_or("");
        let mut history = Vec::with_capacity(list_columns.len());
        let mut ok = true;
        for &i in &list_columns {
            match cell(i) {
                "1" => history.push(true),
                "0" => history.push(false),
                other => {
                    problems.push(ImportProblem::at(
                        row,
                        Some(i + 1),
                        format!(
                            "{other:?} in list {:?}: expected 1 (on the list) or 0 (not on it)",
                            names[i]
                        ),
                    ));
                    ok = false;
                }
            }
        }
        let count = match cell(count_column).parse::<i64>() {
            Ok(count) if count >= 0 => Some(count),
            Ok(count) => {
                problems.push(ImportProblem::at(
                    row,
                    Some(count_column + 1),
                    format!("count {count} is negative"),
                ));
                None
            }
            Err(_) => {
                problems.push(ImportProblem::at(
                    row,
                    Some(count_column + 1),
                    format!("count {:?} is not a whole number", cell(count_column)),
                ));
                None
            }
        };
        if let (true, Some(count)) = (ok, count) {
            rows.push(CaptureRow { row, history, count });
        }
    }
    if problems.is_empty() {
        Ok(CaptureTable { lists: list_columns.iter().map(|&i| names[i].clone()).collect(), rows })
    } else {
        Err(problems)
    }
}

type Grid = Vec<(usize, Vec<String>)>;

fn text_grid(bytes: &[u8]) -> Result<Grid, Vec<ImportProblem>> {
    let (text, _) = decode(bytes);
    let read = read_rows(&text, detect_delimiter(&text), &mut |_, _| {});
    if read.problems.is_empty() {
        Ok(read.rows)
    } else {
        Err(read.problems)
    }
}

fn workbook_grid(bytes: &[u8]) -> Result<Grid, Vec<ImportProblem>> {
    guarded(|| {
        let mut workbook = Workbook::open(bytes)?;
        let Some(sheet) = workbook.sheet_names().first().cloned() else {
            return Err(vec![ImportProblem::file("the workbook has no sheet")]);
        };
        workbook.rows(&sheet).map_err(|p| vec![p])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_histories_and_locates_problems() {
        let table = parse_capture_histories(b"LA;NG;count\n1;0;54\n0;1;463\n1;1;15\n").unwrap();
        assert_eq!(table.lists, ["LA", "NG"]);
        assert_eq!(table.rows[2], CaptureRow { row: 4, history: vec![true, true], count: 15 });
        let problems = parse_capture_histories(b"LA,NG,count\n1,2,5\n1,0,-1\n").unwrap_err();
        let located: Vec<String> = problems.iter().map(|p| p.located("x.csv").to_string()).collect();
        assert_eq!(
            located,
            [
                "x.csv:2:2: \"2\" in list \"NG\": expected 1 (on the list) or 0 (not on it)",
                "x.csv:3:3: count -1 is negative"
            ]
        );
        assert!(parse_capture_histories(b"LA,NG\n1,0\n").is_err());
    }
}

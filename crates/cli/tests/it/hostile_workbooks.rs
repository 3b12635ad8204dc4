//! Hostile workbooks through the command line: a 1.7 KB XLSX whose last cell is XFD1048576
//! (which made the sheet reader allocate the whole grid and abort the process with exit 134)
//! is refused with the cell's place and the bound, exit 1, and the store is left as it was.

use crate::{check_expected, stdout, test_data, Workspace};

#[test]
fn a_workbook_with_a_far_cell_is_refused_not_aborted() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    let before = ws.store_bytes();
    let cwd = test_data().join("import");
    let output = ws.run_in(&cwd, &["import", "hostile/far_cell.xlsx"]);
    assert_eq!(output.status.code(), Some(1), "refused, not aborted: {output:?}");
    check_expected(&cwd.join("hostile/far_cell.expected"), &stdout(&output));
    assert_eq!(ws.store_bytes(), before, "nothing stored");
}

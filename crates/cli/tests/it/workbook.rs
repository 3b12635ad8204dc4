//! XLSX returns: one sheet per cube, named after it.

use rust_xlsxwriter::Workbook;

use crate::{check_expected, stdout, test_data, Workspace};

/// Table 4 (RSZ checklists per provincial directorate, 2019) as a contributor types it: labels
/// as printed, numbers as numbers, the printed total on the last row.
fn table_4_workbook(sheet_name: &str) -> Vec<u8> {
    let rows = [
        ("West-Vlaanderen", 11.0),
        ("Oost-Vlaanderen", 20.0),
        ("Antwerpen", 11.0),
        ("Limburg", 7.0),
        ("Henegouwen", 4.0),
        ("Namen-Luxemburg", 39.0),
        ("Luik", 4.0),
        ("Vlaams-Brabant", 4.0),
        ("Brussel", 20.0),
        ("Waals-Brabant", 0.0),
        ("_T", 120.0),
    ];
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    for (col, name) in ["period", "rsz_directorate", "value"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (i, (directorate, count)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, 2019.0).unwrap();
        sheet.write_string(row, 1, *directorate).unwrap();
        sheet.write_number(row, 2, *count).unwrap();
    }
    let notes = workbook.add_worksheet();
    notes.set_name("_toelichting").unwrap();
    notes.write_string(0, 0, "Bron: RSZ, checklists bijlage 5 COL 01/2015").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_imports_sheet_by_sheet() {
    let ws = Workspace::new();
    let path = ws.dir.path().join("rsz_2019.xlsx");
    std::fs::write(&path, table_4_workbook("rsz_checklists_by_directorate")).unwrap();
    let output = ws.run(&["import", "rsz_2019.xlsx"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("imported 10 observations and 1 control values"), "{}", stdout(&output));
    let stored = ws.rows("observation");
    assert!(stored.contains(&(
        "rsz_checklists_by_directorate".into(),
        "2019".into(),
        "{\"rsz_directorate\":\"namen_luxemburg\"}".into(),
        39
    )));
    assert_eq!(stored.iter().map(|r| r.3).sum::<i64>(), 120, "Table 4's parts add up to its printed total");
}

#[test]
fn a_workbook_with_a_wrong_sheet_name_is_refused() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    std::fs::write(ws.dir.path().join("wrong_sheet_name.xlsx"), table_4_workbook("Blad1")).unwrap();
    let before = ws.store_bytes();
    let output = ws.run(&["import", "wrong_sheet_name.xlsx"]);
    assert_eq!(output.status.code(), Some(1));
    check_expected(&test_data().join("import/refused/wrong_sheet_name_xlsx.expected"), &stdout(&output));
    assert_eq!(ws.store_bytes(), before);
}

//! Properties of the importer: whatever the bytes, it answers with rows or located problems and
//! never panics; a file that imports gives back exactly what was written. Record files: every
//! problem located (`record_files`). Hostile workbooks are refused in bounded memory
//! (`hostile_workbooks`, and a property over crafted ones, `hostile_properties`).

mod fuzz_regressions;
mod hostile_properties;
mod hostile_workbooks;
mod hostile_xls;
mod markers;
mod record_files;
mod tmx;

use std::path::Path;

use proptest::prelude::*;
use rapporteur_domain::{Catalog, SourceFile};
use rapporteur_ingest::{parse_capture_histories, parse_return, ImportProblem};

fn belgian_catalog() -> Catalog {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(SourceFile { path: relative, text: std::fs::read_to_string(&path).unwrap() });
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/be");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    Catalog::parse(&files).expect("the Belgian catalog is valid")
}

thread_local! {
    static CATALOG: Catalog = belgian_catalog();
}

fn parse(bytes: &[u8]) -> Result<usize, Vec<ImportProblem>> {
    CATALOG.with(|catalog| {
        let cycle = catalog.cycle("2019-2020").expect("the 2019-2020 cycle");
        parse_return(bytes, catalog, cycle, &mut |_, _| {}).map(|r| r.rows.len())
    })
}

/// The problems of a return that must be refused.
fn parse_problems(bytes: &[u8]) -> Vec<ImportProblem> {
    parse(bytes).expect_err("the return is refused")
}

fn assert_answers(bytes: &[u8]) {
    match parse(bytes) {
        Ok(_) => {}
        Err(problems) => {
            assert!(!problems.is_empty(), "a refusal always says why");
            for p in &problems {
                assert!(!p.message.is_empty());
                assert!(p.row.is_none_or(|r| r >= 1), "rows are 1-based: {p:?}");
                assert!(p.column.is_none_or(|c| c >= 1), "columns are 1-based: {p:?}");
            }
        }
    }
}

/// Cells that look like what people type: codes, labels, numbers in both styles, junk.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("police_thb_findings".to_string()),
        Just("rsz_checklists_by_directorate".to_string()),
        Just("2019".to_string()),
        Just("2020".to_string()),
        Just("sexual".to_string()),
        Just("Exploitation économique".to_string()),
        Just("Namen-Luxemburg".to_string()),
        Just("_T".to_string()),
        Just("thb".to_string()),
        "[0-9]{1,4}",
        "-?[0-9]{1,3}[.,][0-9]{1,3}",
        "\\PC{0,12}",
        Just(String::new()),
        Just("\"quoted; with, separators\"".to_string()),
    ]
}

fn header_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cube".to_string()),
        Just("period".to_string()),
        Just("exploitation_form".to_string()),
        Just("rsz_directorate".to_string()),
        Just("value".to_string()),
        Just("flags".to_string()),
        Just("note".to_string()),
        "[a-z_]{1,10}",
    ]
}

/// A valid workbook holding Table 2, to be damaged by the property below.
fn table_2_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("police_thb_findings").unwrap();
    for (col, name) in ["period", "exploitation_form", "value"].iter().enumerate() {
        sheet.write_string(0, col as u16, *name).unwrap();
    }
    for (i, (form, value)) in [("sexual", 171.0), ("labour", 146.0), ("begging", 5.0)].iter().enumerate() {
        sheet.write_number(i as u32 + 1, 0, 2019.0).unwrap();
        sheet.write_string(i as u32 + 1, 1, *form).unwrap();
        sheet.write_number(i as u32 + 1, 2, *value).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

thread_local! {
    static WORKBOOK: Vec<u8> = table_2_workbook();
}

#[test]
fn the_undamaged_workbook_imports() {
    WORKBOOK.with(|bytes| assert_eq!(parse(bytes), Ok(3)));
}

/// A workbook whose one sheet is filled from `cells` placed from B2 on (column A and row 1 left
/// empty, as people leave a margin), to check that problems name the spreadsheet's own row and
/// column.
fn workbook_from_b2(sheet_name: &str, cells: &[&[&str]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    for (r, row) in cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16 + 1, *text).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn problems_in_a_workbook_with_a_margin_name_the_spreadsheets_row_and_column() {
    // The value "veel" is typed in D3: header in row 2 from column B, first data row 3, value
    // the third column from B.
    let bytes = workbook_from_b2(
        "police_thb_findings",
        &[&["period", "exploitation_form", "value"], &["2019", "sexual", "veel"]],
    );
    let problems = parse(&bytes).unwrap_err();
    let places: Vec<(Option<usize>, Option<usize>)> = problems.iter().map(|p| (p.row, p.column)).collect();
    assert_eq!(places, [(Some(3), Some(4))], "{problems:?}");

    // Capture histories: the "2" stands in C3 (list NG, the second column from B).
    let bytes = workbook_from_b2("histories", &[&["LA", "NG", "count"], &["1", "2", "5"]]);
    let problems = parse_capture_histories(&bytes).unwrap_err();
    let places: Vec<(Option<usize>, Option<usize>)> = problems.iter().map(|p| (p.row, p.column)).collect();
    assert_eq!(places, [(Some(3), Some(3))], "{problems:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_workbook_never_panics(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = WORKBOOK.with(Clone::clone);
        for (at, byte) in damage {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        assert_answers(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        assert_answers(&bytes);
    }

    #[test]
    fn bytes_behind_a_workbook_signature_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&tail);
        assert_answers(&zip);
        let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        ole.extend(&tail);
        assert_answers(&ole);
    }

    #[test]
    fn csv_shaped_text_never_panics(
        header in proptest::collection::vec(header_cell(), 0..7),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..20),
        separator in prop_oneof![Just(","), Just(";"), Just("\t")],
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = header.join(separator);
        for row in rows {
            text.push_str(newline);
            text.push_str(&row.join(separator));
        }
        assert_answers(text.as_bytes());
    }

    #[test]
    fn a_valid_return_gives_back_every_row(values in proptest::collection::vec(0u32..100_000, 5)) {
        let forms = ["sexual", "labour", "begging", "forced_crime", "organ_removal"];
        let mut text = String::from("cube;period;exploitation_form;value\n");
        for (form, value) in forms.iter().zip(&values) {
            text.push_str(&format!("police_thb_findings;2020;{form};{value}\n"));
        }
        prop_assert_eq!(parse(text.as_bytes()), Ok(5));
        CATALOG.with(|catalog| {
            let cycle = catalog.cycle("2019-2020").unwrap();
            let parsed = parse_return(text.as_bytes(), catalog, cycle, &mut |_, _| {}).unwrap();
            let read: Vec<i64> = parsed.rows.iter().map(|r| r.value).collect();
            let written: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
            assert_eq!(read, written);
        });
    }
}

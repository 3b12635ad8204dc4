//! A property over crafted workbooks: cell references up to and far beyond XFD1048576, dimension
//! references, huge and malformed row numbers, parts that lie about their size, many parts and
//! nested part names; XLS cells at any 16-bit row and column; ODS rows and cells repeated any
//! number of times. Whatever they hold, every importer answers (rows or located problems)
//! without a panic, an abort or an allocation proportional to a claimed size: the property runs
//! in a child process whose address space is limited to 1 GiB, where such an allocation fails
//! and aborts the child, which fails the test.

use proptest::prelude::*;
use rapporteur_ingest::{parse_capture_histories, parse_records};

use crate::hostile_workbooks::{ods, set_declared_size, workbook_with_parts, SHEET_START};
use crate::hostile_xls::{compound_file, workbook_stream, Cell};
use crate::{assert_answers, CATALOG};

/// Runs the properties below (`hostile_properties::crafted_…`) under `ulimit -v` (1 GiB of
/// address space).
#[test]
#[cfg(unix)]
fn crafted_workbooks_never_hurt_within_1_gib() {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" hostile_properties::crafted_ --ignored --test-threads=1 -q")
        .arg(std::env::current_exe().expect("the test binary"))
        .status()
        .expect("sh runs");
    assert!(status.success(), "the property failed or the process aborted in 1 GiB: {status:?}");
}

/// Column letters, from A to far beyond XFD, and some that are not letters at all.
fn column() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{1,2}",
        Just("IV".to_string()),
        Just("IW".to_string()),
        Just("XFD".to_string()),
        Just("XFE".to_string()),
        "[A-Z]{4,9}",
        Just(String::new()),
        "[a-z$€-]{1,3}",
    ]
}

/// Row numbers, from 1 to far beyond 1,048,576 and beyond 32 bits, and malformed ones.
fn row_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u64..=20).prop_map(|n| n.to_string()),
        (1u64..=1_048_576).prop_map(|n| n.to_string()),
        (1_048_577u64..=u64::from(u32::MAX)).prop_map(|n| n.to_string()),
        Just(u64::from(u32::MAX).to_string()),
        Just((u64::from(u32::MAX) + 1).to_string()),
        Just("99999999999999999999".to_string()),
        Just("0".to_string()),
        Just(String::new()),
        "-?[0-9]{1,3}",
    ]
}

fn reference() -> impl Strategy<Value = String> {
    (column(), row_number()).prop_map(|(c, r)| format!("{c}{r}"))
}

/// A value: a number, a code or a header word.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("period".to_string()),
        Just("exploitation_form".to_string()),
        Just("value".to_string()),
        Just("count".to_string()),
        Just("2019".to_string()),
        Just("sexual".to_string()),
        "[0-9]{1,4}",
        " {0,3}",
    ]
}

/// A sheet: an optional dimension, then rows (with an optional `r`) of cells (with an optional
/// `r`), as a hostile file may write them.
fn sheet() -> impl Strategy<Value = String> {
    let cell = (proptest::option::of(reference()), value());
    let row = (proptest::option::of(row_number()), proptest::collection::vec(cell, 0..5));
    let dimension = proptest::option::of(prop_oneof![
        reference(),
        (reference(), reference()).prop_map(|(a, b)| format!("{a}:{b}")),
        "\\PC{0,12}",
    ]);
    (dimension, proptest::collection::vec(row, 0..6)).prop_map(|(dimension, rows)| {
        let mut xml = SHEET_START.to_string();
        if let Some(dimension) = dimension {
            xml.push_str(&format!("<dimension ref=\"{}\"/>", escape(&dimension)));
        }
        xml.push_str("<sheetData>");
        for (r, cells) in rows {
            match r {
                Some(r) => xml.push_str(&format!("<row r=\"{}\">", escape(&r))),
                None => xml.push_str("<row>"),
            }
            for (reference, value) in cells {
                let at = reference.map(|r| format!(" r=\"{}\"", escape(&r))).unwrap_or_default();
                xml.push_str(&format!("<c{at} t=\"inlineStr\"><is><t>{value}</t></is></c>"));
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData></worksheet>");
        xml
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Extra parts: nested and odd names, some empty, some with content.
fn extra_parts() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop_oneof![
        "xl/worksheets/[a-z]{1,3}/[a-z]{1,3}\\.xml",
        "([a-z]{1,4}/){1,12}[a-z]{1,4}",
        Just("../../evil.xml".to_string()),
        Just("/xl/sharedStrings.xml".to_string()),
        "\\PC{1,20}",
    ];
    let content = proptest::collection::vec(any::<u8>(), 0..64);
    prop_oneof![
        proptest::collection::vec((name.clone(), content), 0..8),
        (0usize..1500).prop_map(|n| (0..n).map(|i| (format!("x/{i}"), Vec::new())).collect()),
    ]
}

/// The part whose declared size to change, and the size declared.
fn lie() -> impl Strategy<Value = Option<(&'static str, u32)>> {
    let part = prop_oneof![
        Just("xl/worksheets/sheet1.xml"),
        Just("xl/workbook.xml"),
        Just("[Content_Types].xml"),
        Just("xl/_rels/workbook.xml.rels"),
    ];
    proptest::option::of((part, prop_oneof![Just(0u32), 1u32..64, Just(u32::MAX), any::<u32>()]))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    #[ignore = "run by crafted_workbooks_never_hurt_within_1_gib, in 1 GiB of address space"]
    fn crafted_workbooks_never_hurt(
        sheet_name in prop_oneof![Just("police_thb_findings"), Just("cases"), Just("histories")],
        xml in sheet(),
        extra in extra_parts(),
        lie in lie(),
    ) {
        let mut bytes = workbook_with_parts(sheet_name, &extra, |w| w.write_all(xml.as_bytes()).unwrap());
        if let Some((part, size)) = lie {
            set_declared_size(&mut bytes, part, size);
        }
        assert_answers(&bytes);
        let _ = CATALOG.with(|catalog| parse_records(&bytes, catalog));
        let _ = parse_capture_histories(&bytes);
    }

    #[test]
    #[ignore = "run by crafted_workbooks_never_hurt_within_1_gib, in 1 GiB of address space"]
    fn crafted_xls_cells_never_hurt(cells in proptest::collection::vec((any::<u16>(), any::<u16>()), 0..6)) {
        let mut placed = vec![Cell::Text(0, 0, "count")];
        placed.extend(cells.iter().map(|&(row, column)| Cell::Number(row, column, 1.0)));
        let bytes = compound_file(workbook_stream("histories", &placed));
        assert_answers(&bytes);
        let _ = parse_capture_histories(&bytes);
    }

    #[test]
    #[ignore = "run by crafted_workbooks_never_hurt_within_1_gib, in 1 GiB of address space"]
    fn crafted_ods_repeats_never_hurt(
        rows in proptest::collection::vec((prop_oneof![Just(None), any::<u32>().prop_map(Some)], 0u32..4, any::<u32>()), 0..4),
    ) {
        let mut xml = String::new();
        for (rows_repeated, empty_cells, cells_repeated) in rows {
            let repeated = rows_repeated.map(|n| format!(" table:number-rows-repeated=\"{n}\"")).unwrap_or_default();
            xml.push_str(&format!("<table:table-row{repeated}>"));
            for _ in 0..empty_cells {
                xml.push_str("<table:table-cell/>");
            }
            xml.push_str(&format!(
                "<table:table-cell table:number-columns-repeated=\"{cells_repeated}\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>"
            ));
        }
        let bytes = ods("histories", &xml);
        assert_answers(&bytes);
        let _ = parse_capture_histories(&bytes);
    }
}

//! Workbooks built to hurt: a far cell that would make the reader allocate the whole grid, zip
//! bombs, and parts whose declared size lies. Each is refused with its place and reason, in
//! bounded memory; none aborts the process.

use std::io::{Cursor, Write};

use rapporteur_ingest::{parse_capture_histories, parse_records, ImportProblem};
use zip::write::SimpleFileOptions;

use crate::{parse_problems, CATALOG};

/// The parts every XLSX needs, with one sheet named `sheet` whose XML is written by `body`.
pub fn workbook(sheet: &str, body: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    workbook_with_parts(sheet, &[], body)
}

/// [`workbook`] with `extra` parts (name, content) after the sheet.
pub fn workbook_with_parts(
    sheet: &str,
    extra: &[(String, Vec<u8>)],
    body: impl FnOnce(&mut dyn Write),
) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_level(Some(1)).large_file(false);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELATIONSHIPS.to_string()),
        (
            "xl/workbook.xml",
            format!("{WORKBOOK_START}<sheet name=\"{sheet}\" sheetId=\"1\" r:id=\"rId1\"/>{WORKBOOK_END}"),
        ),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS.to_string()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    body(&mut zip);
    for (name, content) in extra {
        // A name the writer refuses (a duplicate) is left out.
        if zip.start_file(name.as_str(), options).is_ok() {
            zip.write_all(content).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#;
const WORKBOOK_END: &str = "</sheets></workbook>";
const WORKBOOK_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
pub const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A sheet XML: `dimension` (if any), then `cells` as `(reference, value)` in rows by the row
/// number of their reference.
pub fn sheet_xml(dimension: Option<&str>, cells: &[(&str, &str)]) -> String {
    let mut xml = SHEET_START.to_string();
    if let Some(dimension) = dimension {
        xml.push_str(&format!("<dimension ref=\"{dimension}\"/>"));
    }
    xml.push_str("<sheetData>");
    for (reference, value) in cells {
        let row: String = reference.chars().filter(char::is_ascii_digit).collect();
        let value = match value.parse::<f64>() {
            Ok(_) => format!("<c r=\"{reference}\"><v>{value}</v></c>"),
            Err(_) => format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"),
        };
        xml.push_str(&format!("<row r=\"{row}\">{value}</row>"));
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// A return of Table 2 as people type it, with one number left in the sheet's last cell.
pub fn far_cell_workbook(sheet: &str) -> Vec<u8> {
    let xml = sheet_xml(
        Some("A1:XFD1048576"),
        &[
            ("A1", "period"),
            ("B1", "exploitation_form"),
            ("C1", "value"),
            ("A2", "2019"),
            ("B2", "sexual"),
            ("C2", "171"),
            ("XFD1048576", "1"),
        ],
    );
    workbook(sheet, |w| w.write_all(xml.as_bytes()).unwrap())
}

/// A zip bomb: a sheet of `bytes` bytes of `fill` written in chunks, so that neither this test
/// nor the zip writer holds it, compressed to a small file.
pub fn zip_bomb(bytes: u64, fill: &[u8]) -> Vec<u8> {
    workbook("police_thb_findings", |w| {
        w.write_all(SHEET_START.as_bytes()).unwrap();
        w.write_all(b"<sheetData>").unwrap();
        let chunk = fill.repeat((1 << 20) / fill.len());
        let mut written = 0u64;
        while written < bytes {
            w.write_all(&chunk).unwrap();
            written += chunk.len() as u64;
        }
        w.write_all(b"</sheetData></worksheet>").unwrap();
    })
}

fn only(problems: &[ImportProblem]) -> &ImportProblem {
    assert_eq!(problems.len(), 1, "{problems:?}");
    &problems[0]
}

#[test]
fn a_far_cell_is_refused_at_its_place_in_each_importer() {
    let bytes = far_cell_workbook("police_thb_findings");
    assert!(bytes.len() < 2048, "a 1.6 KB file: {} bytes", bytes.len());
    let check = |problems: Vec<ImportProblem>| {
        let problem = only(&problems);
        assert_eq!((problem.row, problem.column), (Some(1_048_576), Some(16_384)), "{problem:?}");
        assert!(problem.sheet.is_some(), "{problem:?}");
        assert!(
            problem.message.starts_with("cell XFD1048576 lies beyond column IV: ")
                && problem.message.contains("at most 256 columns"),
            "{problem:?}"
        );
    };
    check(parse_problems(&bytes));
    check(CATALOG.with(|catalog| parse_records(&far_cell_workbook("cases"), catalog)).unwrap_err());
    check(parse_capture_histories(&far_cell_workbook("histories")).unwrap_err());
}

#[test]
fn a_cell_beyond_the_last_row_is_refused_at_its_place() {
    let xml = sheet_xml(None, &[("A1", "period"), ("A4294967295", "1")]);
    let problems = parse_problems(&workbook("police_thb_findings", |w| w.write_all(xml.as_bytes()).unwrap()));
    let problem = only(&problems);
    assert_eq!((problem.row, problem.column), (Some(4_294_967_295), Some(1)), "{problem:?}");
    assert!(problem.message.contains("beyond row 1048576"), "{problem:?}");
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 300 MiB of rows, more than a part may unpack to (256 MiB), in a file of about 1 MB.
    let bytes = zip_bomb(300 << 20, b"<row><c><v>1</v></c></row>");
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    let problem = only(&parse_problems(&bytes)).clone();
    assert_eq!(
        problem.message,
        "part xl/worksheets/sheet1.xml of the workbook unpacks to more than 268435456 bytes, the most one part may hold: the file is damaged or built to exhaust memory (a zip bomb)"
    );
}

#[test]
fn a_sheet_of_whitespace_is_refused_without_being_buffered() {
    // 8 MiB of blanks between two tags: the XML reader would hold them as one piece of text.
    let bytes = zip_bomb(8 << 20, b" ");
    let problem = only(&parse_problems(&bytes)).clone();
    assert!(
        problem.message.starts_with(
            "part xl/worksheets/sheet1.xml of the workbook holds a single piece of text or markup of 8388"
        ),
        "{problem:?}"
    );
}

#[test]
fn a_part_larger_than_it_declares_is_refused() {
    let xml = sheet_xml(None, &[("A1", "period"), ("B1", "exploitation_form"), ("C1", "value")]);
    let mut bytes = workbook("police_thb_findings", |w| w.write_all(xml.as_bytes()).unwrap());
    let patched = set_declared_size(&mut bytes, "xl/worksheets/sheet1.xml", 10);
    assert_eq!(patched, 2, "the local header and the central directory entry");
    let problem = only(&parse_problems(&bytes)).clone();
    assert!(
        problem.message.starts_with("part xl/worksheets/sheet1.xml of the workbook is damaged: "),
        "{problem:?}"
    );
}

/// An ODS workbook whose one sheet `sheet` holds `rows` (the XML of its rows).
pub fn ods(sheet: &str, rows: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default()).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#).unwrap();
    zip.start_file("content.xml", SimpleFileOptions::default()).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_sheet_of_repeated_cells_is_refused_before_it_is_read() {
    let header = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>period</text:p></table:table-cell></table:table-row>"#;
    let valid = ods("police_thb_findings", header);
    let problem = only(&parse_problems(&valid)).clone();
    assert!(problem.message.contains("missing column"), "a small ODS sheet is read: {problem:?}");
    // One cell repeated in 95 columns of 1,048,575 rows: 99.6 million cells, 3 GiB as a grid.
    let repeated = r#"<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="95" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods("police_thb_findings", &format!("{header}{repeated}"));
    let problem = only(&parse_problems(&bytes)).clone();
    assert_eq!(problem.sheet.as_deref(), Some("police_thb_findings"));
    assert!(
        problem.message.contains("its cells reach column 95, beyond the 256 columns")
            || problem.message.contains("1048576 rows of 95 columns, more than the 16777216 cells"),
        "{problem:?}"
    );
}

#[test]
fn a_workbook_of_too_many_parts_is_refused() {
    let extra: Vec<(String, Vec<u8>)> =
        (0..10_000).map(|i| (format!("xl/media/part{i}.bin"), Vec::new())).collect();
    let xml = sheet_xml(None, &[("A1", "period")]);
    let bytes = workbook_with_parts("police_thb_findings", &extra, |w| w.write_all(xml.as_bytes()).unwrap());
    let problem = only(&parse_problems(&bytes)).clone();
    assert_eq!(
        problem.message,
        "the workbook holds 10005 parts; a workbook has a few per sheet, at most 10000 are read"
    );
}

/// Declares `to` as the unpacked size of the part `name`, in its local header and its central
/// directory entry; returns how many headers were changed.
pub fn set_declared_size(zip: &mut [u8], name: &str, to: u32) -> usize {
    let mut changed = 0;
    for (signature, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut at = 0;
        while let Some(found) = zip[at..].windows(4).position(|w| w == signature) {
            let start = at + found;
            at = start + 4;
            let header = &zip[start..];
            if header.len() < name_at + name.len()
                || &header[name_at..name_at + name.len()] != name.as_bytes()
            {
                continue;
            }
            zip[start + size_at..start + size_at + 4].copy_from_slice(&to.to_le_bytes());
            changed += 1;
        }
    }
    changed
}

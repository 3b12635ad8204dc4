//! Inputs the fuzz targets (`crates/ingest/fuzz`) found to crash or abort, kept as regression
//! cases: each must be answered with located problems.

use rapporteur_ingest::parse_capture_histories;

use crate::{assert_answers, parse_problems};

/// An OLE compound file cut inside a FAT sector: calamine asserts that the sector's length is
/// a multiple of four and panics; ingest catches the panic and reports a damaged workbook.
#[test]
fn an_ole_file_cut_inside_a_sector_is_a_damaged_workbook() {
    let bytes = include_bytes!("fuzz_regressions/xlsx_return_ole_partial_sector.bin");
    assert_answers(bytes);
    let problems = parse_problems(bytes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.starts_with("the workbook is damaged"), "{problems:?}");
}

/// OLE compound files whose directory's chain of sectors loops: calamine followed it until it
/// had asked for 2 GiB (an abort once memory runs out). In the others the loop runs through
/// sectors the file ends in, short or empty the first time calamine reads them and zeros the
/// next. Each is refused before calamine reads it.
#[test]
fn an_ole_file_whose_sectors_loop_is_refused_before_it_is_read() {
    let expected = "the file looks like an XLS workbook, but its compound file is damaged (a chain of its sectors loops): save it again from the spreadsheet program, as XLSX";
    for bytes in [
        &include_bytes!("fuzz_regressions/xlsx_return_ole_sector_loop.bin")[..],
        &include_bytes!("fuzz_regressions/xlsx_return_ole_short_sector_loop.bin")[..],
    ] {
        let problems = parse_problems(bytes);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, expected);
    }
    for bytes in [
        &include_bytes!("fuzz_regressions/capture_histories_ole_short_sector_loop.bin")[..],
        &include_bytes!("fuzz_regressions/capture_histories_ole_cached_sector_loop.bin")[..],
    ] {
        let problems = parse_capture_histories(bytes).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, expected);
    }
}

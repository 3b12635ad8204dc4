//! A return as a workbook (XLSX, and whatever calamine takes behind a zip or OLE signature):
//! `parse_return` answers with rows or located problems, never a panic, an abort or a huge
//! allocation (run with `-rss_limit_mb`, see README.md).
#![no_main]

mod catalog;
mod panics;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    panics::only_escaping_panics_fail();
    let catalog = catalog::belgian();
    let cycle = catalog.cycle("2019-2020").expect("the 2019-2020 cycle");
    let _ = rapporteur_ingest::parse_return(bytes, catalog, cycle, &mut |_, _| {});
});

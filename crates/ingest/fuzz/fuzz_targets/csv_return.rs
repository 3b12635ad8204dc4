//! A return as CSV text: `parse_return` answers with rows or located problems, never a panic.
#![no_main]

mod catalog;
mod panics;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    panics::only_escaping_panics_fail();
    // Workbook signatures go to the xlsx_return target.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return;
    }
    let catalog = catalog::belgian();
    let cycle = catalog.cycle("2019-2020").expect("the 2019-2020 cycle");
    let _ = rapporteur_ingest::parse_return(bytes, catalog, cycle, &mut |_, _| {});
});

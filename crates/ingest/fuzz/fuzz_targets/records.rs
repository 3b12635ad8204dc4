//! A record file (CSV, JSON or a workbook): `parse_records` answers with records or located
//! problems, never a panic.
#![no_main]

mod catalog;
mod panics;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    panics::only_escaping_panics_fail();
    let _ = rapporteur_ingest::parse_records(bytes, catalog::belgian());
});

//! Capture histories (CSV or a workbook): `parse_capture_histories` answers with a table or
//! located problems, never a panic.
#![no_main]

mod panics;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    panics::only_escaping_panics_fail();
    let _ = rapporteur_ingest::parse_capture_histories(bytes);
});

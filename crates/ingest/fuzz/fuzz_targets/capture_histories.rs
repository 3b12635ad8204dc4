//! Capture histories (CSV or a workbook): `parse_capture_histories` answers with a table or
//! located problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = rapporteur_ingest::parse_capture_histories(bytes);
});

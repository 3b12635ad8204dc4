//! libfuzzer-sys's panic hook aborts on every panic, even one that ingest catches: calamine can
//! panic on a damaged workbook, and ingest catches that panic (`workbook::guarded`) and reports
//! the file as damaged, which is an answer. This hook keeps quiet instead, so that only a panic
//! escaping ingest fails the run (libfuzzer-sys aborts when the target itself unwinds).

use std::sync::Once;

pub fn only_escaping_panics_fail() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

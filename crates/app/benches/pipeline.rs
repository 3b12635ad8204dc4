//! The record pipeline at scale, through the use cases the commands and the portal call:
//! synthesise → write raw CSV → pseudonymise → import (`App::import_records`: parse, check and
//! store in one transaction) → tables (`App::record_tables`: load, derive, tabulate), timed per
//! stage, with the process's peak resident memory. One size per process, so that the peak
//! belongs to it: `cargo bench -p rapporteur-app --bench pipeline -- 100000` (default 100 000).
//!
//! Measured in release on the 2-core, 23 GiB development machine, with other builds sharing
//! the cores (load about 3.5); peak = the process's VmHWM; the store is a SQLite file on local
//! disk:
//!
//! | asked | records made | persons | keyed CSV | synth | import | tables | total | records/s | peak RSS |
//! | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
//! | 10^5 | 114 153 | 59 299 | 12.3 MiB | 0.22 s | 0.83 s | 0.44 s | 1.67 s | 68 374 | 119 MiB |
//! | 10^6 | 1 141 419 | 594 557 | 123.4 MiB | 2.88 s | 14.42 s | 5.93 s | 25.46 s | 44 831 | 1 070 MiB |
//!
//! At 10^7, measured when the benchmark called the crates directly (parse and store timed
//! apart, derive and tabulate from the parsed records): 11 414 091 records, 5 942 866 persons,
//! 1 233.9 MiB of keyed CSV; synth 78.65 s, raw CSV 13.16 s, pseudonymise 13.85 s, parse and
//! check 32.36 s, store 251.90 s, derive 10.56 s, tabulate 0.13 s; 404.31 s in all (28 231
//! records/s), peak 10 025 MiB (confirmed by `/usr/bin/time -v`). The store (one transaction)
//! dominates; memory is about 0.9 KiB per record, most of it the whole synthesis held at once
//! (the generator fits all records of a schema together), plus one source file's buffers at a
//! time.

use std::time::Instant;

use rapporteur_app::{
    embedded_returns, system_clock, App, LoadedCatalog, RecordCounting, RecordImportOutcome,
};
use rapporteur_domain::access::Caller;
use rapporteur_records::{pseudonymize_csv, synthesize, write_raw_csv, Secret};

const CYCLE: &str = "2019-2020";

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Seconds spent in each stage, summed over the source files.
#[derive(Default)]
struct Stages {
    synth: f64,
    raw: f64,
    pseudonymise: f64,
    import: f64,
    tables: f64,
}

/// Runs `stage`, adding its time to `seconds`.
fn timed<T>(seconds: &mut f64, stage: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = stage();
    *seconds += t.elapsed().as_secs_f64();
    out
}

fn main() {
    let n: u64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let loaded = LoadedCatalog::embedded().expect("the embedded catalog");
    let targets = embedded_returns(&loaded, Some(CYCLE)).expect("the returns");
    let catalog = &loaded.catalog;
    let cycle = catalog.cycle(CYCLE).expect("the cycle");
    let secret = Secret::from_key_file(b"benchmark secret of thirty-two b").expect("secret");
    let dir = tempfile::tempdir().expect("temp dir");
    let operator = Caller::Operator("bench".into());
    let mut app = App::open(loaded.clone(), &dir.path().join("bench.sqlite"), &operator, system_clock())
        .expect("the store");

    let all = Instant::now();
    let mut s = Stages::default();
    let mut synthesis = timed(&mut s.synth, || synthesize(catalog, cycle, &targets, Some(n), 1));
    let records: usize = synthesis.sets.iter().map(|set| set.records.len()).sum();
    let mut bytes = 0;
    // One source file at a time, each set dropped once written and each stage's buffer once the
    // next has it: the peak is the synthesis plus one file's stages, not every file at once.
    for set in std::mem::take(&mut synthesis.sets) {
        let schema = &catalog.records[&set.schema];
        let raw = timed(&mut s.raw, || {
            let mut raw = Vec::new();
            write_raw_csv(catalog, schema, &set, &synthesis.persons, &mut raw).expect("in memory");
            raw
        });
        drop(set);
        let keyed = timed(&mut s.pseudonymise, || {
            if schema.person_field().is_none() {
                return raw;
            }
            let mut keyed = Vec::with_capacity(raw.len());
            pseudonymize_csv(&secret, &catalog.identity, &raw[..], b',', &mut keyed).expect("keyed");
            keyed
        });
        bytes += keyed.len();
        let file_name = format!("{}.csv", schema.id);
        match timed(&mut s.import, || app.import_records(&operator, &file_name, &keyed[..])).expect("stored")
        {
            RecordImportOutcome::Imported { .. } => {}
            other => panic!("{file_name}: {other:?}"),
        }
    }
    let tables = timed(&mut s.tables, || {
        app.record_tables(&operator, Some(CYCLE), None, RecordCounting::OncePerChain).expect("tables")
    });
    let total = all.elapsed().as_secs_f64();
    println!(
        "records asked {n}, made {records} ({} persons), pseudonymised CSV {:.1} MiB",
        synthesis.persons.len(),
        bytes as f64 / 1048576.0
    );
    println!(
        "synth {:.2} s | raw CSV {:.2} s | pseudonymise {:.2} s | import (parse+check+store) {:.2} s | tables (load+derive+tabulate, {} tables) {:.2} s",
        s.synth,
        s.raw,
        s.pseudonymise,
        s.import,
        tables.len(),
        s.tables
    );
    println!(
        "total {total:.2} s, {:.0} records/s end to end; peak RSS {:.0} MiB",
        records as f64 / total,
        peak_rss_mib()
    );
}

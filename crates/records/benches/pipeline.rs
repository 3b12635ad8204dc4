//! The record pipeline at scale: synthesise → write raw CSV → pseudonymise → parse (import
//! checks) → store (SQLite, one transaction) → derive → tabulate, timed per stage, with the
//! process's peak resident memory. One size per process, so that the peak belongs to it:
//! `cargo bench -p rapporteur-records --bench pipeline -- 100000` (default 100 000).
//!
//! Measured once in release on the 2-core, 23 GiB development machine (peak = the process's
//! VmHWM, confirmed by `/usr/bin/time -v` at 10^7; the store is a SQLite file on local disk):
//!
//! | asked | records made | persons | keyed CSV | synth | store | total | records/s | peak RSS |
//! | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
//! | 10^5 | 114 153 | 59 299 | 12.3 MiB | 0.29 s | 1.27 s | 2.39 s | 47 859 | 114 MiB |
//! | 10^6 | 1 141 419 | 594 557 | 123.4 MiB | 3.29 s | 15.81 s | 25.83 s | 44 195 | 1 017 MiB |
//! | 10^7 | 11 414 091 | 5 942 866 | 1 233.9 MiB | 78.65 s | 251.90 s | 404.31 s | 28 231 | 10 025 MiB |
//!
//! At 10^7 the other stages took: raw CSV 13.16 s, pseudonymise 13.85 s, parse and check
//! 32.36 s, derive 10.56 s, tabulate 0.13 s. The store (one transaction) dominates; memory is
//! about 0.9 KiB per record, most of it the whole synthesis held at once (the generator fits all
//! records of a schema together), plus one source file's buffers at a time.

use std::path::Path;
use std::time::Instant;

use rapporteur_domain::{Catalog, ObservationRow, SourceFile};
use rapporteur_records::{derive, pseudonymize_csv, synthesize, write_raw_csv, Counting, Secret};

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out)
        } else {
            out.push(p)
        }
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let n: u64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let base = root.join("catalog/be");
    let mut paths = Vec::new();
    files(&base, &mut paths);
    let sources: Vec<SourceFile> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| SourceFile {
            path: p.strip_prefix(&base).expect("under").to_string_lossy().into_owned(),
            text: std::fs::read_to_string(p).expect("text"),
        })
        .collect();
    let catalog = Catalog::parse(&sources).expect("catalog");
    let cycle = catalog.cycle("2019-2020").expect("cycle").clone();
    let mut targets: Vec<ObservationRow> = Vec::new();
    let mut data = Vec::new();
    files(&root.join("data/be/2019-2020"), &mut data);
    for p in data.iter().filter(|p| p.extension().is_some_and(|e| e == "csv")) {
        let bytes = std::fs::read(p).expect("return");
        targets.extend(
            rapporteur_ingest::parse_return(&bytes, &catalog, &cycle, &mut |_, _| {}).expect("valid").rows,
        );
    }
    let secret = Secret::from_key_file(b"benchmark secret of thirty-two b").expect("secret");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = rapporteur_store::Store::open(&dir.path().join("bench.sqlite")).expect("store");

    let all = Instant::now();
    let t = Instant::now();
    let mut synthesis = synthesize(&catalog, &cycle, &targets, Some(n), 1);
    let records: usize = synthesis.sets.iter().map(|s| s.records.len()).sum();
    let synth_s = t.elapsed().as_secs_f64();
    let (mut raw_s, mut pseudo_s, mut parse_s, mut store_s, mut derive_s, mut bytes) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0usize);
    let mut derived = Vec::new();
    // One source file at a time, each set dropped once written and each stage's buffer once the
    // next has it: the peak is the synthesis plus one file's stages, not every file at once.
    let sets = std::mem::take(&mut synthesis.sets);
    for set in sets {
        let schema = &catalog.records[&set.schema];
        let t = Instant::now();
        let mut raw = Vec::new();
        write_raw_csv(&catalog, schema, &set, &synthesis.persons, &mut raw).expect("memory");
        let schema_id = set.schema.clone();
        drop(set);
        raw_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let keyed = if schema.person_field().is_some() {
            let mut keyed = Vec::with_capacity(raw.len());
            pseudonymize_csv(&secret, std::str::from_utf8(&raw).expect("utf-8"), b',', &mut keyed)
                .expect("keyed");
            drop(raw);
            keyed
        } else {
            raw
        };
        pseudo_s += t.elapsed().as_secs_f64();
        bytes += keyed.len();
        let t = Instant::now();
        let parsed = rapporteur_ingest::parse_records(&keyed, &catalog).expect("valid");
        drop(keyed);
        parse_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let person =
            schema.fields.iter().position(|f| f.kind == rapporteur_domain::catalog::FieldKind::PersonKey);
        let rows: Vec<rapporteur_store::RecordRow> = parsed
            .records
            .iter()
            .map(|r| rapporteur_store::RecordRow {
                key: r.key(schema).to_string(),
                person_key: person.and_then(|i| match &r.values[i] {
                    rapporteur_records::Value::Text(t) => Some(t.to_string()),
                    _ => None,
                }),
                fields: schema
                    .fields
                    .iter()
                    .zip(&r.values)
                    .map(|(f, v)| (f.id.clone(), rapporteur_records::format_value(&catalog, f, v)))
                    .collect(),
                source_row: r.source_row,
            })
            .collect();
        let import = rapporteur_store::NewRecordImport {
            schema: &schema_id,
            file_name: "bench.csv",
            sha256: "-",
            at: "2021-05-08T00:00:00Z",
            by: "bench",
            layout: "CSV",
        };
        store.apply_record_import(&import, &rows).expect("stored");
        drop(rows);
        store_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        derived.extend(derive(&catalog, schema, &cycle, &parsed.records, Counting::OncePerChain).rows);
        derive_s += t.elapsed().as_secs_f64();
    }
    let t = Instant::now();
    let mut tables = 0;
    for layout in catalog.tables.values() {
        let rows: Vec<ObservationRow> = derived.iter().filter(|r| r.cube == layout.cube).cloned().collect();
        if !rows.is_empty() {
            rapporteur_stats::tabulate::compute_table(&catalog, layout, &rows);
            tables += 1;
        }
    }
    let tab_s = t.elapsed().as_secs_f64();
    let total = all.elapsed().as_secs_f64();
    println!(
        "records asked {n}, made {records} ({} persons), pseudonymised CSV {:.1} MiB",
        synthesis.persons.len(),
        bytes as f64 / 1048576.0
    );
    println!(
        "synth {synth_s:.2} s | raw CSV {raw_s:.2} s | pseudonymise {pseudo_s:.2} s | parse+check {parse_s:.2} s | store {store_s:.2} s | derive {derive_s:.2} s | tabulate {tables} tables {tab_s:.3} s"
    );
    println!(
        "total {total:.2} s, {:.0} records/s end to end; peak RSS {:.0} MiB",
        records as f64 / total,
        peak_rss_mib()
    );
}

//! What validating the whole 2019–2020 cycle costs: every rule of the catalog over the 43
//! returns, as an import runs it after storing a file. `check_cycle` is the rules alone over
//! the rows in memory; `validate` is the use case (`rapporteur validate`): the cycle's rows
//! loaded from a real SQLite file, every rule, the findings stored. The target is under 100 ms
//! in release for the whole cycle.
//!
//! Run: `cargo bench -p rapporteur-app --bench validation` (release). Measured when written, on
//! the 2-core development machine while two other builds shared its cores (so an upper bound),
//! the 43 returns (about 1 800 rows), every rule of the catalog:
//!
//! | bench | fastest | median | mean | slowest |
//! | --- | ---: | ---: | ---: | ---: |
//! | `check_cycle_in_memory` | 11.5 ms | 20.3 ms | 20.4 ms | 49.9 ms |
//! | `validate_from_the_store` | 13.4 ms | 19.7 ms | 25.2 ms | 64.7 ms |
//!
//! With the rules of flagged cells, context years and peer magnitude added (the same machine,
//! load average about 9 from the other engineers' builds, so an upper bound):
//!
//! | bench | fastest | median | mean | slowest |
//! | --- | ---: | ---: | ---: | ---: |
//! | `check_cycle_in_memory` | 14.4 ms | 23.2 ms | 24.4 ms | 78.3 ms |
//! | `validate_from_the_store` | 21.8 ms | 31.3 ms | 35.0 ms | 69.0 ms |

use std::sync::OnceLock;

use rapporteur_app::{embedded_data_set, system_clock, App, LoadedCatalog};
use rapporteur_domain::access::Caller;
use rapporteur_domain::{ObservationRow, RowKind};
use rapporteur_ingest::parse_return;
use rapporteur_rules::{check_cycle, CycleData};

const CYCLE: &str = "2019-2020";

fn main() {
    divan::main();
}

fn catalog() -> &'static LoadedCatalog {
    static CATALOG: OnceLock<LoadedCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| LoadedCatalog::embedded().expect("the embedded catalog"))
}

/// The cycle's observations and stated figures, parsed as an import parses them.
fn rows() -> &'static (Vec<ObservationRow>, Vec<ObservationRow>) {
    static ROWS: OnceLock<(Vec<ObservationRow>, Vec<ObservationRow>)> = OnceLock::new();
    ROWS.get_or_init(|| {
        let catalog = &catalog().catalog;
        let cycle = catalog.cycle(CYCLE).expect("the cycle");
        embedded_data_set(CYCLE)
            .iter()
            .flat_map(|file| {
                parse_return(file.bytes, catalog, cycle, &mut |_, _| {}).expect("the seed imports").rows
            })
            .partition(|row| row.kind != RowKind::Control)
    })
}

#[divan::bench]
fn check_cycle_in_memory() -> usize {
    let catalog = &catalog().catalog;
    let (observations, controls) = rows();
    let data = CycleData { cycle: catalog.cycle(CYCLE).expect("the cycle"), observations, controls };
    check_cycle(catalog, &data, None).len()
}

#[divan::bench(sample_count = 30)]
fn validate_from_the_store(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let operator = Caller::Operator("bench".into());
    let mut app = App::open(catalog().clone(), &dir.path().join("bench.sqlite"), &operator, system_clock())
        .expect("the store");
    for file in embedded_data_set(CYCLE) {
        app.import(&operator, &file.path, file.bytes, Some(CYCLE), &mut |_, _| {}).expect("imported");
    }
    bencher.bench_local(|| app.validate(&operator, Some(CYCLE)).expect("validated").len());
}

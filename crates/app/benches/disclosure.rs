//! What protecting a whole publication costs: the 2019–2020 publication (43 tables and the
//! charts, 21 872 published cells) — building its model, protecting it (primary and secondary
//! suppression, one linear program per sensitive cell), and the attacker's audit (two linear
//! programs per suppressed sensitive cell) — and a synthetic publication ten times larger
//! (`rapporteur_sdc::synthetic::replicate`: ten copies, as ten regions publishing the same
//! tables, each with its own small counts).
//!
//! Run: `cargo bench -p rapporteur-app --bench disclosure` (release). Measured on the 2-core
//! development machine on 2026-12-05, all in one run (divan; 5 or 3 samples, so the median is
//! what to quote):
//!
//! | bench | fastest | median | slowest |
//! | --- | ---: | ---: | ---: |
//! | `model_2019_2020` (21 872 cells, 13 components) | 35.3 ms | 36.0 ms | 149.7 ms |
//! | `protect_2019_2020` (323 sensitive, one program each) | 233.4 ms | 243.3 ms | 263.7 ms |
//! | `protect_2019_2020_with_exports` (+ every export's cells: 22 740 in all) | 318.4 ms | 333.9 ms | 452.4 ms |
//! | `protect_and_audit_2019_2020` (+ two programs per sensitive cell) | 1.054 s | 1.064 s | 1.109 s |
//! | `protect_ten_times_larger` (218 720 cells, 130 components) | 2.47 s | 2.65 s | 2.73 s |
//!
//! Ten times the publication costs 10.9 times the protection (median against median): the
//! components are independent, so the cost grows with the sensitive cells times the size of
//! their component, not with the publication as a whole. Protecting the exports with the
//! report costs 1.37 times the report alone.

use std::sync::OnceLock;

use rapporteur_app::{embedded_data_set, LoadedCatalog};
use rapporteur_domain::{ObservationRow, RowKind, TableLayout};
use rapporteur_exchange::with_export_cells;
use rapporteur_ingest::parse_return;
use rapporteur_sdc::{audit, build_model, protect, synthetic::replicate, Model, Relations};
use rapporteur_stats::published::{published_cells, PublishedCell};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};

const CYCLE: &str = "2019-2020";

fn main() {
    divan::main();
}

fn catalog() -> &'static LoadedCatalog {
    static CATALOG: OnceLock<LoadedCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| LoadedCatalog::embedded().expect("the embedded catalog"))
}

/// The cycle's observations, parsed as an import parses them.
fn observations() -> &'static Vec<ObservationRow> {
    static ROWS: OnceLock<Vec<ObservationRow>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let catalog = &catalog().catalog;
        let cycle = catalog.cycle(CYCLE).expect("the cycle");
        embedded_data_set(CYCLE)
            .iter()
            .flat_map(|file| {
                parse_return(file.bytes, catalog, cycle, &mut |_, _| {}).expect("the seed imports").rows
            })
            .filter(|row| row.kind == RowKind::Observation)
            .collect()
    })
}

/// Every cell the tables and charts print.
fn cells() -> &'static Vec<PublishedCell> {
    static CELLS: OnceLock<Vec<PublishedCell>> = OnceLock::new();
    CELLS.get_or_init(|| {
        let catalog = &catalog().catalog;
        let tables: Vec<(&TableLayout, ComputedTable)> = catalog
            .tables
            .values()
            .chain(catalog.charts.values())
            .map(|layout| (layout, compute_table(catalog, layout, observations())))
            .collect();
        published_cells(catalog, &tables)
    })
}

/// The same with every export's cells (Eurostat, UNODC, GRETA), as the app protects them.
fn cells_with_exports() -> &'static Vec<PublishedCell> {
    static CELLS: OnceLock<Vec<PublishedCell>> = OnceLock::new();
    CELLS.get_or_init(|| {
        let catalog = &catalog().catalog;
        let cycle = catalog.cycle(CYCLE).expect("the cycle");
        with_export_cells(catalog, cycle, observations(), cells().clone()).expect("the exports' cells")
    })
}

fn model_with_exports() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        build_model(&catalog().catalog, cells_with_exports(), observations(), Relations::Declared)
    })
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| build_model(&catalog().catalog, cells(), observations(), Relations::Declared))
}

fn ten_times() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| replicate(model(), 10, 7))
}

#[divan::bench(sample_count = 5)]
fn model_2019_2020() -> Model {
    build_model(&catalog().catalog, cells(), observations(), Relations::Declared)
}

#[divan::bench(sample_count = 5)]
fn protect_2019_2020() -> usize {
    protect(model(), &catalog().catalog.disclosure).expect("protected").pattern.len()
}

#[divan::bench(sample_count = 5)]
fn protect_2019_2020_with_exports() -> usize {
    protect(model_with_exports(), &catalog().catalog.disclosure).expect("protected").pattern.len()
}

#[divan::bench(sample_count = 3)]
fn protect_and_audit_2019_2020() -> usize {
    let protection = protect(model(), &catalog().catalog.disclosure).expect("protected");
    audit(model(), &protection).expect("audited").len()
}

#[divan::bench(sample_count = 3)]
fn protect_ten_times_larger() -> usize {
    protect(ten_times(), &catalog().catalog.disclosure).expect("protected").pattern.len()
}

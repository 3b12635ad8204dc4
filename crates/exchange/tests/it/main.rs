//! Exports of the 2019–2020 cycle, made through the app from the embedded catalog and data set.

mod sdmx;

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, OnceLock};

use rapporteur_app::{embedded_data_set, App, LoadedCatalog};
use rapporteur_domain::access::Caller;
use rapporteur_domain::catalog::CubeTarget;
use rapporteur_domain::{Catalog, Selection};

const CYCLE: &str = "2019-2020";

fn officer() -> Caller {
    Caller::Operator("test-officer".into())
}

struct Fixture {
    app: App,
    _dir: tempfile::TempDir,
}

fn fixture() -> MutexGuard<'static, Fixture> {
    static FIXTURE: OnceLock<Mutex<Fixture>> = OnceLock::new();
    let fixture = FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let loaded = LoadedCatalog::embedded().unwrap();
        let clock = Box::new(|| "2026-03-02T10:00:00Z".to_string());
        let mut app = App::open(loaded, &dir.path().join("store.sqlite"), &officer(), clock).unwrap();
        for file in embedded_data_set(CYCLE) {
            app.import(&officer(), &file.path, file.bytes, Some(CYCLE), &mut |_, _| {}).unwrap();
        }
        Mutex::new(Fixture { app, _dir: dir })
    });
    fixture.lock().unwrap_or_else(|e| e.into_inner())
}

/// Per cube and period, the sum of the data rows of the embedded return files (read here with
/// the csv crate, apart from the import) at leaf codes, those of `filter` only.
fn file_total(catalog: &Catalog, cube: &str, period: &str, filter: &Selection) -> Option<i64> {
    let mut total = None;
    for file in embedded_data_set(CYCLE).iter().filter(|f| f.path.ends_with(".csv")) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file.bytes);
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            let field = |name: &str| headers.iter().position(|h| h == name).and_then(|i| record.get(i));
            if field("cube") != Some(cube) || field("period") != Some(period) {
                continue;
            }
            if !matches!(field("role"), None | Some("") | Some("data")) {
                continue;
            }
            let dimensions = &catalog.cube(cube).unwrap().dimensions;
            let at_leaves = dimensions.iter().all(|d| {
                let code = field(&d.id).unwrap_or("");
                catalog.leaves_of(cube, &d.id, code) == BTreeSet::from([code.to_string()])
                    && filter.get(&d.id).is_none_or(|allowed| allowed.contains(code))
            });
            if at_leaves {
                *total.get_or_insert(0) += field("value").unwrap().parse::<i64>().unwrap();
            }
        }
    }
    total
}

/// Nothing is dropped silently: per cube and period, what an export sends plus what it lists
/// as not sent equals the sum of the return files' rows for that cube and period.
#[test]
fn what_is_sent_and_not_sent_adds_up_to_the_returns() {
    let fixture = fixture();
    let app = &fixture.app;
    let catalog = app.catalog();
    let mut compared = 0;
    for destination in ["eurostat_thb", "unodc_glotip", "greta"] {
        let export = app.export(&officer(), destination, Some(CYCLE), "2026-03-02").unwrap();
        for map in &export.crosswalk.cubes {
            let CubeTarget::Table { filter, dimensions, .. } = &map.target else { continue };
            // A mapped dimension's destination codes partition the cube's codes, so with at
            // most one mapped dimension the cells add up to the cube.
            assert!(dimensions.len() <= 1, "{destination}: {} maps several dimensions", map.cube);
            let filter: Selection = filter
                .iter()
                .map(|(d, codes)| {
                    (d.clone(), codes.iter().flat_map(|c| catalog.leaves_of(&map.cube, d, c)).collect())
                })
                .collect();
            for period in &catalog.cycle(CYCLE).unwrap().periods {
                let Some(total) = file_total(catalog, &map.cube, period, &filter) else { continue };
                let sent: i64 = export
                    .cells
                    .iter()
                    .filter(|c| c.cube == map.cube && &c.period == period)
                    .filter_map(|c| c.value)
                    .sum();
                let unsent: i64 = export
                    .not_sent
                    .iter()
                    .filter(|n| n.cube == map.cube && n.code.is_some())
                    .filter_map(|n| n.counts.get(period).copied().flatten())
                    .sum();
                assert_eq!(
                    sent + unsent,
                    total,
                    "{destination}: {} in {period}: sent {sent} + not sent {unsent}",
                    map.cube
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "only {compared} cube totals compared");
}

//! Exports of the 2019–2020 cycle, made through the app from the embedded catalog and data set.

mod sdmx;
mod workbook;

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, OnceLock};

use rapporteur_app::{embedded_data_set, App, LoadedCatalog};
use rapporteur_domain::access::Caller;
use rapporteur_domain::catalog::CubeTarget;
use rapporteur_domain::{Catalog, Selection};
use rapporteur_exchange::{Explanation, Verdict};
use rapporteur_report::Block;

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

/// Every destination receives the report's populations (those the catalog's `equal_totals`
/// rules name) with the report's totals, or the difference is explained: by the codes the
/// crosswalk does not send, by a narrower definition, or by the actor's explanation of the
/// finding that the data count the population differently. Unexplained lines are exactly the
/// populations whose finding no one has explained, and explaining it explains them.
#[test]
fn every_destination_gets_the_reports_populations_or_the_difference_is_explained() {
    let mut fixture = fixture();
    let app = &mut fixture.app;
    let lines = app.destination_consistency(&officer(), Some(CYCLE)).unwrap();
    let catalog = app.catalog().clone();

    // Eurostat has no category for forced criminality: its victims by form of exploitation lack
    // exactly the forced criminality the returns hold, and say so.
    for period in ["2019", "2020"] {
        let line = lines
            .iter()
            .find(|l| l.destination == "eurostat_thb" && l.cube == "centre_guidances" && l.period == period)
            .expect("Eurostat receives the centres' victims by form");
        let forced = file_total(
            &catalog,
            "centre_guidances",
            period,
            &leaves(&catalog, "centre_guidances", "exploitation_form", "forced_crime"),
        );
        let Verdict::Explained(explained) = &line.verdict else { panic!("{period}: {:?}", line.verdict) };
        assert!(
            explained.iter().any(|e| matches!(e, Explanation::NotSent(codes) if codes.iter().any(|w| w.code == "forced_crime" && Some(w.count) == forced))),
            "{period}: {explained:?}"
        );
        assert_eq!(Some(line.report - line.sent), forced);
    }

    // A destination whose crosswalk filters a cube receives a narrower population, and says so.
    assert!(lines.iter().any(|l| l.cube == "conviction_nationality"
        && matches!(&l.verdict, Verdict::Explained(e) | Verdict::Unexplained { explained: e, .. }
            if e.iter().any(|x| matches!(x, Explanation::Definition { .. })))));

    // Unexplained lines are the populations whose finding in that period nobody explained.
    let findings = app.validate(&officer(), Some(CYCLE)).unwrap();
    let unexplained: Vec<_> =
        lines.iter().filter(|l| matches!(l.verdict, Verdict::Unexplained { .. })).collect();
    assert!(!unexplained.is_empty(), "the seed counts some populations differently");
    for line in &unexplained {
        let finding = findings
            .iter()
            .find(|f| f.finding.rule == line.rule && f.finding.cells.iter().any(|c| c.period == line.period))
            .unwrap_or_else(|| panic!("no finding of {} in {} behind {line:?}", line.rule, line.period));
        assert!(finding.acknowledgment.is_none());
    }

    // The actor explains the finding; the line is explained by it.
    let line = unexplained[0].clone();
    let finding = findings
        .iter()
        .find(|f| f.finding.rule == line.rule && f.finding.cells.iter().any(|c| c.period == line.period))
        .unwrap();
    let text = "Eén begeleiding werd in 2019 twee keer per leeftijd geteld (test).";
    app.acknowledge(&officer(), Some(CYCLE), &finding.finding.key, text).unwrap();
    let again = app.destination_consistency(&officer(), Some(CYCLE)).unwrap();
    let same = again
        .iter()
        .find(|l| {
            l.rule == line.rule
                && l.period == line.period
                && l.destination == line.destination
                && l.cube == line.cube
        })
        .unwrap();
    let explained = match &same.verdict {
        Verdict::Explained(e) | Verdict::Unexplained { explained: e, .. } => e,
        Verdict::Same => panic!("{same:?}"),
    };
    assert!(
        explained.iter().any(|e| matches!(e, Explanation::Actor { explanation, .. } if explanation == text)),
        "{same:?}"
    );
}

fn leaves(catalog: &Catalog, cube: &str, dimension: &str, code: &str) -> Selection {
    Selection::from([(dimension.to_string(), catalog.leaves_of(cube, dimension, code))])
}

/// The report's data-quality annex lists, per destination, figure and year, whether the
/// destination receives the report's total; the size of what a destination does not receive is
/// printed only where disclosure control left that count free.
#[test]
fn the_reports_annex_says_what_each_destination_receives_without_revealing_a_hidden_count() {
    let mut fixture = fixture();
    let app = &mut fixture.app;
    let lines = app.destination_consistency(&officer(), Some(CYCLE)).unwrap();
    let documents = app.report(&officer(), Some(CYCLE), &["en".to_string()]).unwrap();
    let table = documents[0]
        .annex
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.caption == "The report's totals and the totals sent abroad" => Some(t),
            _ => None,
        })
        .expect("the annex has the table of the figures sent abroad");
    let figures: BTreeSet<(&str, &str, &str)> =
        lines.iter().map(|l| (l.destination.as_str(), l.cube.as_str(), l.period.as_str())).collect();
    assert_eq!(table.rows.len(), figures.len());

    let export = app.export(&officer(), "eurostat_thb", Some(CYCLE), "2026-03-02").unwrap();
    let forced = export
        .not_sent
        .iter()
        .find(|n| n.cube == "centre_guidances" && n.code.as_ref().is_some_and(|(_, c)| c == "forced_crime"))
        .expect("Eurostat is not sent forced criminality");
    let name = &app.catalog().cube("centre_guidances").unwrap().name;
    for period in ["2019", "2020"] {
        let row = table
            .rows
            .iter()
            .find(|r| {
                r.labels[0].starts_with("Eurostat") && r.labels[1] == name.get("en") && r.labels[2] == period
            })
            .unwrap_or_else(|| panic!("no Eurostat row for the centres' victims in {period}"));
        let text = &row.cells[0].text;
        let count = forced.counts[period].unwrap();
        let printed = text.contains(&format!("Forced criminality ({count})"));
        assert!(text.contains("Forced criminality"), "{text}");
        assert_eq!(printed, !forced.status[period].is_suppressed(), "{period}: {text}");
    }
}

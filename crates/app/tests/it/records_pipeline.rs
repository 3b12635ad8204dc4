//! Synthetic records fitted to the seed's returns → raw files → pseudonymised → imported →
//! derived → the same tables as the 2019-2020 returns, where the seed is consistent. The whole
//! record pipeline (records, ingest, rules, stats), so it lives with the use cases that join
//! those crates.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rapporteur_app::{embedded_returns, LoadedCatalog};
use rapporteur_domain::{Catalog, ObservationRow, RowKind, Severity};
use rapporteur_records::{derive, pseudonymize_csv, synthesize, write_raw_csv, Counting, Secret, Synthesis};
use rapporteur_stats::tabulate::{compute_table, CellValue, ComputedTable};

/// The embedded (Belgian) catalog, loaded once.
fn loaded() -> &'static LoadedCatalog {
    static LOADED: OnceLock<LoadedCatalog> = OnceLock::new();
    LOADED.get_or_init(|| LoadedCatalog::embedded().expect("the embedded catalog"))
}

fn catalog() -> &'static Catalog {
    &loaded().catalog
}

/// Every observation of the embedded 2019-2020 returns.
fn returns() -> &'static Vec<ObservationRow> {
    static ROWS: OnceLock<Vec<ObservationRow>> = OnceLock::new();
    ROWS.get_or_init(|| embedded_returns(loaded(), Some("2019-2020")).expect("the 2019-2020 returns"))
}

/// The record-derived cubes that the seed itself contradicts, with the validation rule whose
/// finding on the 2019-2020 returns shows the contradiction (data/be/2019-2020/notes,
/// `rapporteur validate`). No population of records can give both sides of a contradiction, so
/// these may differ from the returns; the test checks that the rule does report them. Every
/// other record-derived cube must come out exactly.
const CONTRADICTED: [(&str, &str); 11] = [
    // Table 26: the centres' registrations by outcome vs the text's totals and the new guidances.
    ("centre_registrations", "new_guidances_same_population"),
    ("centre_guidances", "new_guidances_same_population"),
    ("centre_thb_guidances_age", "new_guidances_same_population"),
    // Tables 36 and 41: 121 smuggling convictions in 2020, 166 persons by nationality.
    ("conviction_count", "convictions_same_population"),
    ("conviction_nationality", "convictions_same_population"),
    // Tables 37-39: prison sentences vs their durations (and a repeated slice).
    ("conviction_penalties", "prison_sentences_same_population"),
    ("conviction_prison_duration", "prison_sentences_same_population"),
    // Table 2 vs the text of 11.1.1: 9 or 7 forced-criminality findings in 2019.
    ("police_thb_records", "police_findings_same_population"),
    // Tables 6 and 7: the checklists' sex split differs between nationality and age.
    ("rsz_checklists_by_age", "checklists_same_sex_split"),
    // Table 15 and its totals: 8 or 9 referrals in Liège, 3 or 4 in Antwerp, 38 or 40 in 2020.
    ("rsz_referrals_by_directorate", "referrals_same_population"),
    ("rsz_referrals_by_nationality", "referrals_same_population"),
];

/// Cubes that give only the cells the text names (their catalog description says so): the
/// records give every cell, so only the stated ones are compared.
const STATED_CELLS_ONLY: [&str; 1] = ["rsz_referrals_by_centre"];

/// Every cube some record schema derives.
fn derived_cubes() -> Vec<String> {
    let mut cubes: Vec<String> =
        catalog().records.values().flat_map(|s| s.derivations.iter().map(|d| d.cube.clone())).collect();
    cubes.sort();
    cubes.dedup();
    cubes
}

/// The findings of the validation rules on the 2019-2020 returns.
fn seed_findings() -> Vec<rapporteur_domain::Finding> {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let observations: Vec<ObservationRow> =
        returns().iter().filter(|r| r.kind == RowKind::Observation).cloned().collect();
    let controls: Vec<ObservationRow> =
        returns().iter().filter(|r| r.kind == RowKind::Control).cloned().collect();
    let data = rapporteur_rules::CycleData { cycle, observations: &observations, controls: &controls };
    rapporteur_rules::check_cycle(catalog, &data, None)
}

/// A cube's values by coordinate (zeros left out: records count every combination, the returns
/// print only some).
fn cells(rows: &[ObservationRow], cube: &str) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for r in rows.iter().filter(|r| r.cube == cube && r.kind == RowKind::Observation) {
        *out.entry(r.coordinate.key()).or_insert(0) += r.value;
    }
    out.retain(|_, v| *v != 0);
    out
}

fn secret() -> Secret {
    Secret::from_key_file(b"round-trip test secret, 32 bytes").expect("long enough")
}

/// Synthesis → raw CSV → pseudonymised CSV → parsed records → derived rows, per schema.
fn pipeline(synthesis: &Synthesis, counting: Counting) -> Vec<ObservationRow> {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let mut rows = Vec::new();
    for set in &synthesis.sets {
        let schema = &catalog.records[&set.schema];
        let mut raw = Vec::new();
        write_raw_csv(catalog, schema, set, &synthesis.persons, &mut raw).expect("in memory");
        let raw = String::from_utf8(raw).expect("utf-8");
        let mut keyed = Vec::new();
        if schema.person_field().is_some() {
            pseudonymize_csv(&secret(), &catalog.identity, &raw, b',', &mut keyed).expect("pseudonymised");
        } else {
            keyed = raw.into_bytes();
        }
        let parsed = rapporteur_ingest::parse_records(&keyed, catalog)
            .unwrap_or_else(|p| panic!("{}: {:?}", set.schema, &p[..p.len().min(5)]));
        assert_eq!(parsed.schema, set.schema);
        assert_eq!(parsed.records.len(), set.records.len());
        rows.extend(derive(catalog, schema, cycle, &parsed.records, counting).rows);
    }
    rows
}

fn amounts(table: &ComputedTable) -> Vec<Vec<i64>> {
    // A cell the returns leave empty is a zero for records, which count every combination.
    table
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| match c.value {
                    Some(CellValue::Amount { scaled, .. }) => scaled,
                    Some(CellValue::Pct { hundredths }) => hundredths,
                    None => 0,
                })
                .collect()
        })
        .collect()
}

#[test]
fn synthetic_records_give_the_seed_tables_where_the_seed_is_consistent() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let synthesis = synthesize(catalog, cycle, returns(), None, 2021);
    let derived = pipeline(&synthesis, Counting::AsRegistered);
    let findings = seed_findings();
    let contradicted: BTreeMap<&str, &str> = CONTRADICTED.into_iter().collect();

    // Every derived cube: exactly the returns, or a contradiction a rule reports, or (for a
    // cube of stated cells only) exactly the stated cells.
    let mut exact = Vec::new();
    let mut explained = Vec::new();
    for cube in derived_cubes() {
        let expected = cells(returns(), &cube);
        let mut actual = cells(&derived, &cube);
        if STATED_CELLS_ONLY.contains(&cube.as_str()) {
            actual.retain(|k, _| expected.contains_key(k));
            assert_eq!(actual, expected, "{cube}: the cells the text states");
            exact.push(cube);
            continue;
        }
        if actual == expected {
            exact.push(cube);
            continue;
        }
        let rule = contradicted.get(cube.as_str()).unwrap_or_else(|| {
            let diff: Vec<_> = expected
                .keys()
                .chain(actual.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|k| expected.get(*k) != actual.get(*k))
                .map(|k| format!("{k}: returns {:?}, records {:?}", expected.get(k), actual.get(k)))
                .collect();
            panic!("{cube} differs from the returns and no finding explains it: {diff:#?}")
        });
        assert!(
            findings.iter().any(|f| f.rule == *rule
                && f.severity == Severity::Error
                && f.cells.iter().any(|c| c.cube == cube)),
            "{cube}: the seed has no {rule} finding on it any more; fit it exactly"
        );
        explained.push(cube);
    }
    // The generator's own verification agrees with the pipeline's.
    for cube in &exact {
        if !STATED_CELLS_ONLY.contains(&cube.as_str()) {
            assert!(synthesis.exact.contains(cube), "{cube}: {:?}", synthesis.inexact);
        }
    }
    // Only a cube that a finding involves may be listed as contradicted.
    let involved: BTreeSet<&str> =
        findings.iter().flat_map(|f| f.cells.iter().map(|c| c.cube.as_str())).collect();
    for (cube, _) in CONTRADICTED {
        assert!(involved.contains(cube), "{cube} is in no finding of the seed");
    }
    assert_eq!(exact.len() + explained.len(), derived_cubes().len());
    assert!(exact.len() >= 15, "exact: {exact:?}; explained: {explained:?}");

    // And the report's tables of the exact cubes are the returns' tables.
    let mut compared = Vec::new();
    for layout in catalog.tables.values().filter(|l| exact.contains(&l.cube)) {
        if STATED_CELLS_ONLY.contains(&layout.cube.as_str()) {
            continue;
        }
        let from_returns: Vec<ObservationRow> =
            returns().iter().filter(|r| r.cube == layout.cube).cloned().collect();
        let from_records: Vec<ObservationRow> =
            derived.iter().filter(|r| r.cube == layout.cube).cloned().collect();
        let expected = compute_table(catalog, layout, &from_returns);
        let actual = compute_table(catalog, layout, &from_records);
        assert_eq!(amounts(&actual), amounts(&expected), "table {} ({})", layout.number, layout.cube);
        compared.push(layout.number);
    }
    // Tables 2 (police), 17-19 (prosecution), the centres' and the inspection's tables at least.
    assert!(compared.len() >= 10, "only tables {compared:?} compared");
}

#[test]
fn transfers_are_counted_once_or_as_registered() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let synthesis = synthesize(catalog, cycle, returns(), None, 2021);
    let set = synthesis.sets.iter().find(|s| s.schema == "prosecution_case").expect("cases");
    let schema = &catalog.records["prosecution_case"];
    let registered = derive(catalog, schema, cycle, &set.records, Counting::AsRegistered);
    let once = derive(catalog, schema, cycle, &set.records, Counting::OncePerChain);
    let total = |d: &rapporteur_records::Derived, cube: &str| -> i64 {
        d.rows.iter().filter(|r| r.cube == cube).map(|r| r.value).sum()
    };
    // Table 18 prints 162 transferred THB cases; each went on in another district.
    let transferred = returns()
        .iter()
        .filter(|r| {
            r.cube == "prosecution_state"
                && r.coordinate.codes.get("prosecution_state").is_some_and(|s| s == "transferred")
        })
        .map(|r| r.value)
        .sum::<i64>();
    assert!(transferred >= 162);
    assert_eq!(registered.not_counted_as_linked, 0);
    assert!(once.not_counted_as_linked > 0);
    assert_eq!(
        total(&registered, "prosecution_inflow") - total(&once, "prosecution_inflow"),
        once.not_counted_as_linked as i64,
        "every continued case is one registration fewer"
    );
}

#[test]
fn generation_is_deterministic_and_scales() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let a = synthesize(catalog, cycle, returns(), Some(20_000), 5);
    let b = synthesize(catalog, cycle, returns(), Some(20_000), 5);
    let sizes = |s: &Synthesis| s.sets.iter().map(|x| x.records.len()).collect::<Vec<_>>();
    assert_eq!(sizes(&a), sizes(&b));
    assert_eq!(a.sets[0].records, b.sets[0].records);
    assert_eq!(a.persons, b.persons);
    let total: usize = sizes(&a).iter().sum();
    assert!((18_000..=24_000).contains(&total), "{total} records for 20 000 asked");
    // Scaled up, each cube is rounded on its own, so consistent cubes may differ by rounding
    // only: within half a percent of their total.
    let contradicted: Vec<&str> = CONTRADICTED.iter().map(|(c, _)| *c).collect();
    let exact_cubes = |m: &&rapporteur_records::Mismatch| {
        !contradicted.contains(&m.cube.as_str()) && !STATED_CELLS_ONLY.contains(&m.cube.as_str())
    };
    for m in a.inexact.iter().filter(exact_cubes) {
        assert!((m.derived_total - m.expected_total).abs() * 200 <= m.expected_total, "{m:?}");
    }
}

//! Synthetic records fitted to the seed's returns → raw files → pseudonymised → imported →
//! derived → the same tables as the 2019-2020 returns, where the seed is consistent. The whole
//! record pipeline (records, ingest, rules, stats), so it lives with the use cases that join
//! those crates.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rapporteur_app::{embedded_returns, LoadedCatalog};
use rapporteur_domain::{Catalog, ObservationRow, RowKind, Severity};
use rapporteur_records::{derive, synthesize, Counting, Secret, Synthesis};
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
    for (set, (_, keyed)) in synthesis.sets.iter().zip(keyed_files(synthesis)) {
        let schema = &catalog.records[&set.schema];
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

/// The synthetic set's files as a source sends them: pseudonymised where they name persons.
fn keyed_files(synthesis: &Synthesis) -> Vec<(String, Vec<u8>)> {
    crate::keyed_files(catalog(), synthesis, &secret())
}

/// Observations in a comparable order.
fn sorted(mut rows: Vec<ObservationRow>) -> Vec<ObservationRow> {
    rows.sort_by(|a, b| (&a.cube, &a.coordinate).cmp(&(&b.cube, &b.coordinate)));
    rows
}

#[test]
fn every_record_survives_the_compact_stored_form() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let synthesis = synthesize(catalog, cycle, returns(), Some(5_000), 3);
    for (schema_id, bytes) in keyed_files(&synthesis) {
        let schema = &catalog.records[&schema_id];
        // A dictionary numbered otherwise than the catalog's order, as a store's may be.
        let codes = rapporteur_records::dictionary_codes(catalog, schema);
        let dictionary =
            codes.iter().rev().enumerate().map(|(i, (list, code))| (i as u64 * 7 + 3, *list, *code));
        let codebook = rapporteur_records::Codebook::new(catalog, schema, dictionary);
        let parsed = rapporteur_ingest::parse_records(&bytes, catalog).expect("parsed");
        let mut stored_bytes = 0;
        for record in &parsed.records {
            let mut data = Vec::new();
            codebook.encode(schema, record, &mut data);
            stored_bytes += data.len();
            let back =
                codebook.decode(schema, record.key(schema), &data, record.source_row).expect("decodes");
            assert_eq!(&back, record, "{schema_id}/{}", record.key(schema));
            // A byte short: refused, or — where the last field was empty, and a schema grows at
            // its end so a form may end at a field's boundary — the same record, never another.
            match codebook.decode(schema, record.key(schema), &data[..data.len() - 1], record.source_row) {
                Err(_) => {}
                Ok(cut) => {
                    assert_eq!(record.values.last(), Some(&rapporteur_records::Value::Empty));
                    assert_eq!(&cut, record, "{schema_id}/{}", record.key(schema));
                }
            }
        }
        // Smaller than the file's text, which holds the same values and the key besides.
        assert!(
            stored_bytes < bytes.len(),
            "{schema_id}: {stored_bytes} bytes stored for {} in the file",
            bytes.len()
        );
    }
}

#[test]
fn stored_records_derive_what_the_parsed_records_derive_and_the_latest_import_wins() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let synthesis = synthesize(catalog, cycle, returns(), Some(4_000), 11);
    let files = keyed_files(&synthesis);
    let store = crate::TestStore::new();
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-05T09:00:00Z".to_string());
    let mut app = rapporteur_app::App::open(loaded().clone(), store.location(), &crate::officer(), clock)
        .expect("a store");
    let expected = |files: &[(String, Vec<u8>)], counting: Counting| {
        let mut rows = Vec::new();
        for (schema_id, bytes) in files {
            let parsed = rapporteur_ingest::parse_records(bytes, catalog).expect("parsed");
            rows.extend(derive(catalog, &catalog.records[schema_id], cycle, &parsed.records, counting).rows);
        }
        sorted(rows)
    };
    for (schema_id, bytes) in &files {
        let records = rapporteur_ingest::parse_records(bytes, catalog).expect("parsed").records.len();
        match app.import_records(&crate::officer(), &format!("{schema_id}.csv"), &bytes[..]).expect("stored")
        {
            rapporteur_app::RecordImportOutcome::Imported { added, updated: 0, unchanged: 0, .. } => {
                assert_eq!(added, records, "{schema_id}")
            }
            other => panic!("{schema_id}: {other:?}"),
        }
    }
    for counting in [Counting::OncePerChain, Counting::AsRegistered] {
        let stored =
            app.record_observations(&crate::officer(), Some("2019-2020"), counting).expect("derived");
        assert_eq!(sorted(stored), expected(&files, counting), "{counting:?}");
    }

    // The same file again changes nothing; a file with one case edited updates that case only,
    // and the tables then count it as the latest import says.
    let (schema_id, bytes) = files.iter().find(|(s, _)| s == "prosecution_case").expect("cases").clone();
    let outcome = app.import_records(&crate::officer(), "again.csv", &bytes[..]).expect("answered");
    assert!(matches!(outcome, rapporteur_app::RecordImportOutcome::Unchanged { .. }), "{outcome:?}");
    let text = String::from_utf8(bytes).expect("utf-8");
    let mut lines: Vec<&str> = text.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).expect("a column");
    let (form, links) = (column("exploitation_form"), [column("transferred_to"), column("merged_into")]);
    // A case no other case links to and that links to none: its form may change alone.
    let at = (1..lines.len())
        .find(|&i| {
            let cells: Vec<&str> = lines[i].split(',').collect();
            links.iter().all(|&l| cells[l].is_empty()) && text.matches(cells[column("case_id")]).count() == 1
        })
        .expect("an unlinked case");
    let mut cells: Vec<String> = lines[at].split(',').map(str::to_string).collect();
    cells[form] = if cells[form] == "labour" { "sexual" } else { "labour" }.to_string();
    let edited_row = cells.join(",");
    lines[at] = &edited_row;
    let edited = lines.join("\n") + "\n";
    let records = text.lines().count() - 1;
    match app.import_records(&crate::officer(), "edited.csv", edited.as_bytes()).expect("stored") {
        rapporteur_app::RecordImportOutcome::Imported { added: 0, updated: 1, unchanged, .. } => {
            assert_eq!(unchanged, records - 1)
        }
        other => panic!("{other:?}"),
    }
    let mut now = files.clone();
    now.iter_mut().find(|(s, _)| *s == schema_id).expect("cases").1 = edited.into_bytes();
    for counting in [Counting::OncePerChain, Counting::AsRegistered] {
        let stored =
            app.record_observations(&crate::officer(), Some("2019-2020"), counting).expect("derived");
        assert_eq!(sorted(stored), expected(&now, counting), "{counting:?} after the edit");
    }
    // The update's before and after are the whole record, its key included.
    let audit = app.audit_log(&crate::officer()).expect("the log");
    let update = audit.iter().find(|e| e.action == "update").expect("the update audited");
    let key = format!("[\"case_id\",{:?}]", cells[column("case_id")]);
    for text in [&update.before, &update.after] {
        let text = text.as_deref().unwrap_or_default();
        assert!(text.contains("exploitation_form") && text.contains(&key), "{key} in {text}");
    }
}

#[test]
fn records_stored_as_text_before_the_compact_form_are_converted_once() {
    let catalog = catalog();
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let synthesis = synthesize(catalog, cycle, returns(), Some(2_000), 4);
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("old.sqlite");
    let clock = || -> rapporteur_app::Clock { Box::new(|| "2026-12-05T09:30:00Z".to_string()) };
    drop(rapporteur_app::App::open(loaded().clone(), &path, &crate::officer(), clock()).expect("a store"));
    // Each source's records as version 5 to 16 stored them: a JSON list of (field, text) pairs.
    let conn = rusqlite::Connection::open(&path).expect("the file");
    let mut parsed_sets = Vec::new();
    for (schema_id, bytes) in keyed_files(&synthesis) {
        let schema = &catalog.records[&schema_id];
        let parsed = rapporteur_ingest::parse_records(&bytes, catalog).expect("parsed");
        conn.execute(
            "INSERT INTO record_import (schema_id, file_name, sha256, imported_at, imported_by, layout, record_count) VALUES (?1, ?1, '', '2025-01-01T00:00:00Z', 'old', 'csv', ?2)",
            rusqlite::params![schema_id, parsed.records.len() as i64],
        )
        .expect("an import");
        let import_id = conn.last_insert_rowid();
        for record in &parsed.records {
            let fields: Vec<(String, String)> = schema
                .fields
                .iter()
                .zip(&record.values)
                .map(|(f, v)| (f.id.clone(), rapporteur_records::format_value(catalog, f, v)))
                .collect();
            let person = schema.person_field().map(|f| fields[schema.field_index(&f.id).unwrap()].1.clone());
            conn.execute(
                "INSERT INTO record_text (schema_id, record_key, person_key, fields, import_id, source_row) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![schema_id, record.key(schema), person.filter(|p| !p.is_empty()), serde_json::to_string(&fields).unwrap(), import_id, record.source_row as i64],
            )
            .expect("a record as text");
        }
        parsed_sets.push((schema_id, parsed));
    }
    drop(conn);

    let mut app =
        rapporteur_app::App::open(loaded().clone(), &path, &crate::officer(), clock()).expect("converted");
    let expected: Vec<ObservationRow> = parsed_sets
        .iter()
        .flat_map(|(id, parsed)| {
            derive(catalog, &catalog.records[id], cycle, &parsed.records, Counting::OncePerChain).rows
        })
        .collect();
    let stored = app
        .record_observations(&crate::officer(), Some("2019-2020"), Counting::OncePerChain)
        .expect("derived");
    assert_eq!(sorted(stored), sorted(expected));
    let conn = rusqlite::Connection::open(&path).expect("the file");
    let left: i64 = conn.query_row("SELECT count(*) FROM record_text", [], |r| r.get(0)).expect("counted");
    assert_eq!(left, 0, "every record converted");
    let converted = app.audit_log(&crate::officer()).expect("the log");
    let conversions: Vec<_> = converted.iter().filter(|e| e.action == "convert_records").collect();
    assert_eq!(conversions.len(), parsed_sets.len(), "one audited conversion per source");
    // Opened again, nothing is left to convert.
    drop(app);
    let app = rapporteur_app::App::open(loaded().clone(), &path, &crate::officer(), clock()).expect("again");
    let again = app.audit_log(&crate::officer()).expect("the log");
    assert_eq!(again.iter().filter(|e| e.action == "convert_records").count(), parsed_sets.len());
}

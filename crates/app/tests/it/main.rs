//! The embedded catalog and data set: the catalog loads clean, every label exists in every
//! language, and the seed's printed names map to codes.

mod backup;
mod boundary;
mod chain;
mod defects;
mod disclosure;
mod incomplete_identity;
mod portal;
mod record_stream;
mod records_pipeline;
mod report;
mod seed_tables;
mod translation_memory;
mod translations;
mod validation;

use std::path::{Path, PathBuf};

use rapporteur_app::{embedded_data_set, LoadedCatalog};
use rapporteur_domain::access::Caller;
use rapporteur_store::scratch::ScratchSchema;

/// Where a test's store lives: a SQLite file in a directory of the test's own, or, when
/// `RAPPORTEUR_TEST_STORE=postgres`, a PostgreSQL schema of the test's own on the test database
/// (`RAPPORTEUR_TEST_POSTGRES`, else 127.0.0.1:5432/test), dropped at the end.
struct TestStore {
    _dir: tempfile::TempDir,
    location: PathBuf,
    _schema: Option<ScratchSchema>,
}

impl TestStore {
    fn new() -> TestStore {
        let dir = tempfile::tempdir().expect("a temporary directory");
        match std::env::var("RAPPORTEUR_TEST_STORE").as_deref() {
            Ok("postgres") => {
                let schema = ScratchSchema::new();
                TestStore { _dir: dir, location: schema.location(), _schema: Some(schema) }
            }
            Ok("sqlite") | Err(_) => {
                let location = dir.path().join("store.sqlite");
                TestStore { _dir: dir, location, _schema: None }
            }
            Ok(other) => panic!("RAPPORTEUR_TEST_STORE is postgres or sqlite, not {other}"),
        }
    }

    fn location(&self) -> &Path {
        &self.location
    }
}

/// Each record set of a synthesis as its actor sends it, by schema: raw CSV, pseudonymised
/// under `secret` where it names persons.
fn keyed_files(
    catalog: &rapporteur_domain::Catalog,
    synthesis: &rapporteur_records::Synthesis,
    secret: &rapporteur_records::Secret,
) -> Vec<(String, Vec<u8>)> {
    synthesis
        .sets
        .iter()
        .map(|set| {
            let schema = &catalog.records[&set.schema];
            let mut raw = Vec::new();
            rapporteur_records::write_raw_csv(catalog, schema, set, &synthesis.persons, &mut raw)
                .expect("in memory");
            if schema.person_field().is_none() {
                return (set.schema.clone(), raw);
            }
            let raw = String::from_utf8(raw).expect("utf-8");
            let mut keyed = Vec::new();
            rapporteur_records::pseudonymize_csv(secret, &catalog.identity, raw.as_bytes(), b',', &mut keyed)
                .expect("pseudonymised");
            (set.schema.clone(), keyed)
        })
        .collect()
}

/// The data officer who runs the commands of a test at the command line.
fn officer() -> Caller {
    Caller::Operator("test-officer".into())
}

#[test]
fn the_embedded_catalog_is_valid_and_complete_in_every_language() {
    let loaded = LoadedCatalog::embedded().expect("the embedded catalog loads without problems");
    let catalog = &loaded.catalog;
    assert_eq!(catalog.languages, ["nl", "fr", "en"]);
    for list in catalog.code_lists.values() {
        for code in &list.codes {
            for lang in &catalog.languages {
                assert!(
                    code.labels.get_exact(lang).is_some_and(|l| !l.is_empty()),
                    "{}:{} lacks {lang}",
                    list.id,
                    code.id
                );
            }
        }
    }
    for required in [
        "exploitation_form",
        "aggravating_circumstance",
        "sex",
        "nationality",
        "rsz_directorate",
        "judicial_district",
        "activity_sector",
        "prosecution_state",
        "dismissal_reason",
        "penalty_type",
        "prison_duration",
        "centre",
        "actor",
    ] {
        assert!(catalog.code_list(required).is_some(), "code list {required} is missing");
    }
}

/// The nationality rows of Table 25 (criminal record, capitals, variants such as
/// "VOLKSREPUBLIEK CHINA" and "JOEGOSLAVIË (code niet geactualiseerd)"), read from the seed.
fn table_25_names() -> Vec<String> {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seed/000_640292eb0415b436.txt");
    let text = std::fs::read_to_string(seed).expect("the seed is beside the clone");
    let start = text.find("Tabel 25: nationaliteit van de daders").expect("Table 25");
    let section = &text[start..];
    let end = section.find("11.1.5").expect("the section after Table 25");
    section[..end]
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let numbers = words.iter().rev().take_while(|w| w.chars().all(|c| c.is_ascii_digit())).count();
            (numbers == 2 && words.len() > 2).then(|| words[..words.len() - 2].join(" "))
        })
        .filter(|name| name.chars().next().is_some_and(char::is_uppercase) && name.to_uppercase() == *name)
        .collect()
}

#[test]
fn every_nationality_printed_in_table_25_maps_to_a_code() {
    let loaded = LoadedCatalog::embedded().unwrap();
    let nationality = loaded.catalog.code_list("nationality").unwrap();
    let names = table_25_names();
    assert!(names.len() > 40, "Table 25 lists many nationalities, read {}", names.len());
    let unmapped: Vec<&String> = names.iter().filter(|n| nationality.lookup(n).is_none()).collect();
    assert!(unmapped.is_empty(), "no code for {unmapped:?}");
    // Variants of case and accents map alike.
    for (printed, variant) in [
        ("VOLKSREPUBLIEK CHINA", "Volksrepubliek China"),
        ("ROEMENIË", "roemenie"),
        ("SLOVAAKSE REPUBLIEK", "slovaakse republiek"),
    ] {
        assert_eq!(nationality.lookup(printed).map(|c| &c.id), nationality.lookup(variant).map(|c| &c.id));
    }
    assert_eq!(nationality.lookup("VOLKSREPUBLIEK CHINA").unwrap().labels.get("fr"), "Chine");
    assert_eq!(
        nationality.lookup("JOEGOSLAVIË (code niet geactualiseerd)").unwrap().labels.get("en"),
        "Yugoslavia"
    );
}

#[test]
fn the_embedded_data_set_is_found() {
    let files = embedded_data_set("2019-2020");
    assert!(files.iter().any(|f| f.path.ends_with("police_thb_findings.csv")));
    assert!(embedded_data_set("1999-2000").is_empty());
}

#[test]
fn a_windows_1252_export_is_pseudonymised_like_its_utf8_copy() {
    // Belgian Excel writes CSV in Windows-1252 with semicolons; the import reads that, and the
    // pseudonymiser at the source must too, giving the same person the same key.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("secret.key");
    std::fs::write(&key, b"an invented shared secret for this test only\n").unwrap();
    let utf8 = dir.path().join("utf8.csv");
    std::fs::write(
        &utf8,
        "checklist_id,family_name,given_names,birth_date\nc-1,Zoëlander,Anaïs,1990-04-05\n",
    )
    .unwrap();
    let cp1252 = dir.path().join("cp1252.csv");
    std::fs::write(
        &cp1252,
        b"checklist_id;family_name;given_names;birth_date\r\nc-1;Zo\xEBlander;Ana\xEFs;1990-04-05\r\n",
    )
    .unwrap();
    let keys: Vec<String> = [&utf8, &cp1252]
        .iter()
        .map(|input| {
            let output = input.with_extension("out.csv");
            rapporteur_app::pseudonymize_file(
                &LoadedCatalog::embedded().unwrap().catalog.identity,
                &key,
                input,
                &output,
            )
            .unwrap();
            let text = std::fs::read_to_string(&output).unwrap();
            assert!(!text.contains("lander") && text.contains("person_key"), "{text}");
            text.lines().nth(1).unwrap().split([',', ';']).find(|f| f.len() == 64).unwrap().to_string()
        })
        .collect();
    assert_eq!(keys[0], keys[1]);
}

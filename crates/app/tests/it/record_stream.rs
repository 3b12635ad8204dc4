//! A record file imported as it streams (issue 16): its records go to the store batch by batch
//! as they are read, yet the file is still refused whole — a problem in its last row, after
//! thousands of records were written in the import's transaction, leaves the store as it was;
//! a reader that hands the bytes over a few at a time gives what the whole file in memory
//! gives; an input that breaks off midway stores nothing.

use std::io::Read;
use std::sync::OnceLock;

use rapporteur_app::{embedded_returns, App, LoadedCatalog, RecordImportOutcome};
use rapporteur_domain::{Catalog, ObservationRow};
use rapporteur_records::{synthesize, Counting, Secret};

use super::{officer, TestStore};

fn loaded() -> &'static LoadedCatalog {
    static LOADED: OnceLock<LoadedCatalog> = OnceLock::new();
    LOADED.get_or_init(|| LoadedCatalog::embedded().expect("the embedded catalog"))
}

fn catalog() -> &'static Catalog {
    &loaded().catalog
}

/// The police findings of a synthetic cycle large enough that the file spans several of the
/// import's batches, as the police sends them (pseudonymised).
fn police_findings() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let cycle = catalog().cycle("2019-2020").expect("the cycle");
        let returns = embedded_returns(loaded(), Some("2019-2020")).expect("the returns");
        let synthesis = synthesize(catalog(), cycle, &returns, Some(40_000), 11);
        let secret = Secret::from_key_file(b"record stream test secret, 32 bytes").expect("a secret");
        let files = super::keyed_files(catalog(), &synthesis, &secret);
        let (_, bytes) = files.into_iter().find(|(schema, _)| schema == "police_finding").expect("findings");
        bytes
    })
}

fn open(store: &TestStore) -> App {
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-05T11:00:00Z".to_string());
    App::open(loaded().clone(), store.location(), &officer(), clock).expect("a store")
}

/// The police findings the store holds, by how complete their identity is.
fn stored_findings(app: &App) -> u64 {
    let sources = app.identity_completeness(&officer()).expect("the counts");
    sources.iter().filter(|s| s.schema == "police_finding").flat_map(|s| s.counts.values()).sum()
}

fn tables(app: &mut App) -> Vec<ObservationRow> {
    let mut rows =
        app.record_observations(&officer(), Some("2019-2020"), Counting::AsRegistered).expect("derived");
    rows.sort_by(|a, b| (&a.cube, &a.coordinate).cmp(&(&b.cube, &b.coordinate)));
    rows
}

/// The file's lines: its header and one line per record.
fn lines(bytes: &[u8]) -> Vec<&str> {
    std::str::from_utf8(bytes).expect("utf-8").lines().collect()
}

#[test]
fn a_problem_in_the_last_row_after_thousands_of_stored_records_leaves_the_store_as_it_was() {
    let all = lines(police_findings());
    let records = all.len() - 1;
    assert!(records > 10_000, "the file must span several batches of 4096: {records} records");

    // The store holds the first half of the findings.
    let store = TestStore::new();
    let mut app = open(&store);
    let half = all[..1 + records / 2].join("\n") + "\n";
    match app.import_records(&officer(), "first-half.csv", half.as_bytes()).expect("answered") {
        RecordImportOutcome::Imported { added, .. } => assert_eq!(added, records / 2),
        other => panic!("{other:?}"),
    }
    let (held, tables_before) = (stored_findings(&app), tables(&mut app));
    let audit_before = app.audit_log(&officer()).expect("the log").len();
    assert_eq!(held, (records / 2) as u64);

    // Then the whole file, whose last row has a date that is none: the second half was
    // written to the store, batch by batch, before the last row was read.
    let header: Vec<&str> = all[0].split(',').collect();
    let date = header.iter().position(|c| *c == "found_on").expect("a date column");
    let mut last: Vec<&str> = all[records].split(',').collect();
    last[date] = "2020-02-30";
    let last = last.join(",");
    let mut broken = all.clone();
    broken[records] = &last;
    let broken = broken.join("\n") + "\n";
    let outcome = app.import_records(&officer(), "all.csv", broken.as_bytes()).expect("answered");
    let RecordImportOutcome::Refused(problems) = outcome else { panic!("{outcome:?}") };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].row, problems[0].column), (Some(records + 1), Some(date + 1)), "{problems:?}");

    assert_eq!(stored_findings(&app), held, "no record of the refused file stays");
    assert_eq!(tables(&mut app), tables_before);
    let audit = app.audit_log(&officer()).expect("the log");
    assert!(
        audit[audit_before..].iter().all(|e| e.action == "read"),
        "a refused import writes nothing but the audited reads of the check: {:?}",
        &audit[audit_before..]
    );

    // Mended, the same file is stored: the first half unchanged, the second added.
    let mended = all.join("\n") + "\n";
    match app.import_records(&officer(), "all.csv", mended.as_bytes()).expect("answered") {
        RecordImportOutcome::Imported { added, updated: 0, unchanged, .. } => {
            assert_eq!((added, unchanged), (records - records / 2, records / 2))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stored_findings(&app), records as u64);
}

/// Hands the bytes over a few at a time, as a slow upload or a pipe does, and fails where told.
struct Trickle<'a> {
    bytes: &'a [u8],
    at: usize,
    step: usize,
    fail_at: Option<usize>,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_at.is_some_and(|at| self.at >= at) {
            return Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "the upload broke off"));
        }
        // Steps of 1 to 13 bytes, so that rows, fields and UTF-8 characters are cut anywhere.
        self.step = self.step % 13 + 1;
        let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn a_file_read_a_few_bytes_at_a_time_is_stored_as_the_whole_file_is() {
    let bytes = police_findings();
    let (whole, trickled) = (TestStore::new(), TestStore::new());
    let (mut a, mut b) = (open(&whole), open(&trickled));
    let from_memory = a.import_records(&officer(), "findings.csv", bytes).expect("answered");
    let reader = Trickle { bytes, at: 0, step: 0, fail_at: None };
    let from_reader = b.import_records(&officer(), "findings.csv", reader).expect("answered");
    assert!(matches!(from_memory, RecordImportOutcome::Imported { .. }), "{from_memory:?}");
    assert_eq!(format!("{from_memory:?}"), format!("{from_reader:?}"));
    assert_eq!(tables(&mut a), tables(&mut b));
    // The import's digest is the file's, whichever way it was read.
    let digest = |app: &App| {
        let log = app.audit_log(&officer()).expect("the log");
        log.into_iter().find(|e| e.action == "import_records").and_then(|e| e.after).expect("an import")
    };
    assert_eq!(digest(&a), digest(&b));
}

#[test]
fn an_input_that_breaks_off_midway_stores_nothing() {
    let bytes = police_findings();
    let store = TestStore::new();
    let mut app = open(&store);
    let reader = Trickle { bytes, at: 0, step: 0, fail_at: Some(bytes.len() * 2 / 3) };
    let outcome = app.import_records(&officer(), "findings.csv", reader).expect("answered");
    let RecordImportOutcome::Refused(problems) = outcome else { panic!("{outcome:?}") };
    assert!(problems.iter().any(|p| p.message.contains("the upload broke off")), "{problems:?}");
    assert_eq!(stored_findings(&app), 0);
}

#[test]
fn a_damaged_record_in_a_later_batch_stops_the_derivation_with_its_name() {
    // A SQLite file, whose bytes this test damages as a disk or a hand edit would.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let location = dir.path().join("store.sqlite");
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-05T11:00:00Z".to_string());
    let mut app = App::open(loaded().clone(), &location, &officer(), clock).expect("a store");
    let outcome = app.import_records(&officer(), "findings.csv", police_findings()).expect("answered");
    let RecordImportOutcome::Imported { added, .. } = outcome else { panic!("{outcome:?}") };
    assert!(added > 2 * 4096, "the records span three or more of the reading's batches of 4096: {added}");
    let sound = tables(&mut app);

    // The last finding in key order is read in the last batch, long after the first were decoded.
    let sqlite = rusqlite::Connection::open(&location).expect("the file");
    let key: String = sqlite
        .query_row("SELECT max(record_key) FROM record WHERE schema_id = 'police_finding'", [], |r| r.get(0))
        .expect("a key");
    let sound_bytes: Vec<u8> = sqlite
        .query_row(
            "SELECT data FROM record WHERE schema_id = 'police_finding' AND record_key = ?1",
            [&key],
            |r| r.get(0),
        )
        .expect("its bytes");
    let damaged = sqlite
        .execute(
            "UPDATE record SET data = x'ff00' WHERE schema_id = 'police_finding' AND record_key = ?1",
            [&key],
        )
        .expect("damaged");
    assert_eq!(damaged, 1);
    let error = app
        .record_observations(&officer(), Some("2019-2020"), Counting::AsRegistered)
        .expect_err("a damaged record is no count");
    assert!(error.to_string().contains(&format!("police_finding/{key}")), "{error}");

    // Put back, the same records derive the same cells.
    sqlite
        .execute(
            "UPDATE record SET data = ?1 WHERE schema_id = 'police_finding' AND record_key = ?2",
            (&sound_bytes, &key),
        )
        .expect("mended");
    assert_eq!(tables(&mut app), sound);
}

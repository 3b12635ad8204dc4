//! The two store engines side by side: importing the whole 2019–2020 data set (43 returns,
//! about 1 800 rows, each import one transaction with its audit entries) into a new store, and
//! validating the cycle (`rapporteur validate`: the rows read from the store, every rule, the
//! findings stored), on a SQLite file and on PostgreSQL (a schema of its own on the test
//! database, `RAPPORTEUR_TEST_POSTGRES`, else 127.0.0.1:5432/test, over loopback TCP).
//!
//! Run: `cargo bench -p rapporteur-app --bench engines` (release). Measured when written, on
//! the 2-core development machine under a load average of 7–8 (other builds and tests), medians:
//! import 2.641 s on SQLite, 4.886 s on PostgreSQL 15; validation 47.19 ms on SQLite, 53.74 ms
//! on PostgreSQL. The whole table is in ARCHITECTURE.md, "The store".

use std::path::PathBuf;
use std::sync::OnceLock;

use rapporteur_app::{embedded_data_set, system_clock, App, LoadedCatalog};
use rapporteur_domain::access::Caller;
use rapporteur_store::scratch::ScratchSchema;

const CYCLE: &str = "2019-2020";
const ENGINES: &[&str] = &["sqlite", "postgres"];

fn main() {
    divan::main();
}

fn catalog() -> &'static LoadedCatalog {
    static CATALOG: OnceLock<LoadedCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| LoadedCatalog::embedded().expect("the embedded catalog"))
}

fn operator() -> Caller {
    Caller::Operator("bench".into())
}

/// A new, empty store on `engine`, with what keeps it alive (and drops it afterwards).
struct NewStore {
    _dir: tempfile::TempDir,
    _schema: Option<ScratchSchema>,
    location: PathBuf,
}

fn new_store(engine: &str) -> NewStore {
    let dir = tempfile::tempdir().expect("temp dir");
    if engine == "postgres" {
        let schema = ScratchSchema::new();
        NewStore { _dir: dir, location: schema.location(), _schema: Some(schema) }
    } else {
        let location = dir.path().join("bench.sqlite");
        NewStore { _dir: dir, _schema: None, location }
    }
}

fn open(store: &NewStore) -> App {
    App::open(catalog().clone(), &store.location, &operator(), system_clock()).expect("the store")
}

fn import_all(app: &mut App) -> usize {
    let files = embedded_data_set(CYCLE);
    for file in &files {
        app.import(&operator(), &file.path, file.bytes, Some(CYCLE), &mut |_, _| {}).expect("imported");
    }
    files.len()
}

#[divan::bench(args = ENGINES, sample_count = 10, sample_size = 1)]
fn import_data_set(bencher: divan::Bencher, engine: &str) {
    bencher
        .with_inputs(|| {
            let store = new_store(engine);
            let app = open(&store);
            (store, app)
        })
        .bench_local_refs(|(_, app)| import_all(app));
}

#[divan::bench(args = ENGINES, sample_count = 30)]
fn validate_cycle(bencher: divan::Bencher, engine: &str) {
    let store = new_store(engine);
    let mut app = open(&store);
    import_all(&mut app);
    bencher.bench_local(|| app.validate(&operator(), Some(CYCLE)).expect("validated").len());
}

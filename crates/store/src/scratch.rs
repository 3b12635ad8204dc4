//! For tests (the store's own, and those of crates above it with the `test-support` feature):
//! a PostgreSQL store in a schema of its own, dropped at the end even when the test fails, and
//! a test run on both engines, SQLite in memory and PostgreSQL.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Store;

/// The PostgreSQL the tests use: `RAPPORTEUR_TEST_POSTGRES`, else the one CI starts.
pub fn postgres_url() -> String {
    std::env::var("RAPPORTEUR_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// `url` with one more query parameter (`key=value`), after those it has.
pub fn with_parameter(url: &str, parameter: &str) -> String {
    let joint = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joint}{parameter}")
}

/// A schema made for one test, dropped (with everything in it) when the guard goes.
pub struct ScratchSchema {
    pub name: String,
}

impl Default for ScratchSchema {
    fn default() -> Self {
        Self::new()
    }
}

impl ScratchSchema {
    pub fn new() -> ScratchSchema {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let name = format!(
            "t{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            nanos % 1_000_000_000
        );
        admin().batch_execute(&format!("CREATE SCHEMA {name}")).expect("the scratch schema is created");
        ScratchSchema { name }
    }

    /// The store's URL: the test database with this schema first on the search path (after
    /// the query parameters the test database's URL has, `sslmode` for one).
    pub fn url(&self) -> String {
        with_parameter(&postgres_url(), &format!("options=-csearch_path%3D{}", self.name))
    }

    /// The store's URL as a path, as `Store::open` and the app take it.
    pub fn location(&self) -> std::path::PathBuf {
        self.url().into()
    }

    pub fn open(&self) -> Store {
        Store::open_postgres(&self.url()).expect("the PostgreSQL store opens")
    }
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        let dropped = admin().batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        if let Err(error) = dropped {
            eprintln!("cannot drop the test schema {}: {error}", self.name);
        }
    }
}

/// A connection to the test database; PostgreSQL not answering fails the test, loudly.
fn admin() -> postgres::Client {
    let url = postgres_url();
    crate::connect_postgres(&url).unwrap_or_else(|error| {
        panic!(
            "PostgreSQL does not answer at {url} ({error}): the store's tests need it (.ci/run starts one)"
        )
    })
}

/// Runs `test` on a new SQLite store in memory, then on a new PostgreSQL one.
pub fn each_engine(test: impl Fn(Store)) {
    test(Store::open_in_memory().expect("the SQLite store opens"));
    let schema = ScratchSchema::new();
    test(schema.open());
}

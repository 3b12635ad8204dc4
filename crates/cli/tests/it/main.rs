//! End-to-end tests of the `rapporteur` binary on real SQLite files (and PostgreSQL schemas where
//! the engine matters): the embedded data set, the corpus of refused and accepted import files
//! under `test_data/import/`, workbooks, the portal's processes, and what a killed process leaves.
//!
//! Expected outputs live beside the files as `*.expected`; run with `UPDATE_EXPECT=1` to
//! rewrite them on purpose, then review the diff as data.

mod api;
mod backup;
mod catalog;
mod concurrency;
mod demo;
mod durability;
mod estimate;
mod hostile_workbooks;
mod import_corpus;
mod instances;
mod portal;
mod portal_process;
mod records;
mod report;
mod validate;
mod workbook;

use std::path::{Path, PathBuf};
use std::process::Output;

use rapporteur_store::scratch::ScratchSchema;

/// A fresh temporary folder with a store inside it: a SQLite file, or a PostgreSQL store in a
/// schema made for the test (dropped at the end, even when the test fails).
pub struct Workspace {
    pub dir: tempfile::TempDir,
    schema: Option<ScratchSchema>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace { dir: tempfile::tempdir().expect("a temporary folder"), schema: None }
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// A workspace whose store is a new PostgreSQL schema on the test database.
    pub fn postgres() -> Workspace {
        Workspace { schema: Some(ScratchSchema::new()), ..Workspace::default() }
    }

    /// The store argument: the SQLite file's path, or the PostgreSQL store's URL.
    pub fn store(&self) -> PathBuf {
        match &self.schema {
            Some(schema) => schema.location(),
            None => self.dir.path().join("store.sqlite"),
        }
    }

    /// The engine's name, for messages.
    pub fn engine(&self) -> &'static str {
        if self.schema.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// The one number `sql` (a count) gives on the store, on either engine.
    pub fn count(&self, sql: &str) -> i64 {
        match &self.schema {
            Some(schema) => {
                let mut client = rapporteur_store::connect_postgres(&schema.url()).expect("PostgreSQL");
                client.query_one(sql, &[]).expect("the query runs").get(0)
            }
            None => {
                let conn = rusqlite::Connection::open(self.store()).expect("the store opens");
                conn.query_row(sql, [], |r| r.get(0)).expect("the query runs")
            }
        }
    }

    /// Runs `rapporteur --store <store> ARGS` in `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
            .current_dir(cwd)
            .arg("--store")
            .arg(self.store())
            .args(args)
            .env("RAPPORTEUR_USER", "test-officer")
            .env_remove("RAPPORTEUR_CATALOG")
            .env_remove("RAPPORTEUR_STORE")
            .output()
            .expect("the rapporteur binary runs")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), args)
    }

    pub fn store_bytes(&self) -> Vec<u8> {
        std::fs::read(self.store()).expect("the store exists")
    }

    /// (cube, period, codes JSON, value) of every stored row of `table`, in key order.
    pub fn rows(&self, table: &str) -> Vec<(String, String, String, i64)> {
        let conn = rusqlite::Connection::open(self.store()).expect("the store opens");
        let mut statement = conn
            .prepare(&format!("SELECT cube, period, codes, value FROM {table} ORDER BY cube, coordinate"))
            .expect("the table exists");
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("the query runs")
            .collect::<Result<_, _>>()
            .expect("rows read")
    }
}

pub fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Compares `actual` with the golden file `path`, or rewrites it under `UPDATE_EXPECT=1`.
pub fn check_expected(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).expect("the expected file is writable");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_EXPECT=1 to create it", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

/// The seed's Table 2 (police THB findings), as printed: form, 2019, 2020.
pub const TABLE_2: [(&str, i64, i64); 5] = [
    ("sexual", 171, 142),
    ("labour", 146, 121),
    ("begging", 5, 7),
    ("forced_crime", 9, 7),
    ("organ_removal", 0, 1),
];

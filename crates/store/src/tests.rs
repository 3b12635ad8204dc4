//! Tests of what the two engines must share: the schema their migrations make, imports as one
//! transaction with the same audit entries, and writers that wait for each other.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{Change, Coordinate, ObservationRow, RowKind};

use crate::db::{params, Db};
use crate::scratch::{each_engine, ScratchSchema};
use crate::{NewImport, Stamp, Store, StoreError};

/// Each column of each table: (table, column) → (type class, not null, part of the key).
type Columns = BTreeMap<(String, String), (String, bool, bool)>;

fn columns(db: &Db) -> Columns {
    let sql = match db.engine() {
        crate::Engine::Sqlite => {
            "SELECT m.name, p.name, lower(p.type), p.\"notnull\" OR p.pk > 0, p.pk > 0
             FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'"
        }
        crate::Engine::Postgres => {
            "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO',
                    EXISTS (SELECT 1 FROM information_schema.table_constraints t
                            JOIN information_schema.key_column_usage k
                              ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
                            WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema
                              AND k.table_name = c.table_name AND k.column_name = c.column_name)
             FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.table_name <> 'rapporteur_schema'"
        }
    };
    let class = |ty: &str| match ty {
        "integer" | "bigint" => "integer",
        "real" | "double precision" => "real",
        "blob" | "bytea" => "bytes",
        "text" => "text",
        other => panic!("a column of type {other}"),
    };
    db.query(sql, params![], |r| {
        let ty: String = r.get(2)?;
        Ok(((r.get(0)?, r.get(1)?), (class(&ty).to_string(), r.get(3)?, r.get(4)?)))
    })
    .unwrap()
    .into_iter()
    .collect()
}

#[test]
fn both_migration_lists_make_the_same_tables_and_columns() {
    let sqlite = Store::open_in_memory().unwrap();
    let schema = ScratchSchema::new();
    let postgres = schema.open();
    let (expected, found) = (columns(&sqlite.conn), columns(&postgres.conn));
    let tables: BTreeSet<&str> = expected.keys().map(|(t, _)| t.as_str()).collect();
    assert!(tables.contains("observation") && tables.contains("api_submission"), "{tables:?}");
    assert_eq!(expected, found);
}

#[test]
fn opening_a_migrated_postgres_store_again_changes_nothing() {
    let schema = ScratchSchema::new();
    let first = schema.open();
    let version = |store: &Store| -> i64 {
        store.conn.query_row("SELECT version FROM rapporteur_schema", params![], |r| r.get(0)).unwrap()
    };
    let again = schema.open();
    assert_eq!(version(&first), version(&again));
    assert_eq!(version(&again) as usize, crate::schema::steps());
}

fn row(code: &str, value: i64, source_row: usize) -> ObservationRow {
    ObservationRow {
        cube: "police_thb_findings".into(),
        coordinate: Coordinate {
            period: "2019".into(),
            codes: BTreeMap::from([("exploitation_form".to_string(), code.to_string())]),
        },
        kind: RowKind::Observation,
        value,
        flags: vec![],
        note: (code == "labour").then(|| "incl. domestic work".to_string()),
        pct_base: None,
        stated_decimals: None,
        source_row,
    }
}

fn import<'a>(file_name: &'a str, at: &'a str) -> NewImport<'a> {
    NewImport {
        file_name,
        sha256: "0f3c",
        cycle: "2019-2020",
        stamp: Stamp { at, by: "an.officer" },
        layout: "long",
        row_count: 2,
    }
}

/// The audit log as each engine recorded it, ids and times included.
fn audit_trail(store: &Store) -> Vec<rapporteur_domain::AuditEntry> {
    store.audit_log().unwrap()
}

#[test]
fn an_import_lands_whole_or_not_at_all_with_the_same_audit_on_both_engines() {
    let trails = std::sync::Mutex::new(Vec::new());
    each_engine(|mut store| {
        let owners = BTreeMap::from([("police_thb_findings".to_string(), "police".to_string())]);
        let first = [Change::Add(row("sexual", 61, 2)), Change::Add(row("labour", 35, 3))];
        store.apply_import(&import("police.csv", "2026-01-10T09:00:00Z"), &owners, &first).unwrap();
        let before = store.counts().unwrap();
        // The second change adds a value the store holds already: the import is refused by the
        // key, after its first change was written inside the transaction.
        let refused = [
            Change::Update { before: row("sexual", 61, 2), after: row("sexual", 64, 2) },
            Change::Add(row("labour", 36, 3)),
        ];
        assert!(store
            .apply_import(&import("police-2.csv", "2026-01-11T09:00:00Z"), &owners, &refused)
            .is_err());
        assert_eq!(store.counts().unwrap(), before);
        let values: Vec<i64> = store
            .rows(RowKind::Observation, "2019-2020", "police_thb_findings")
            .unwrap()
            .iter()
            .map(|r| r.row.value)
            .collect();
        assert_eq!(values, [35, 61]);
        trails.lock().unwrap().push(audit_trail(&store));
    });
    let trails = trails.into_inner().unwrap();
    assert_eq!(trails[0].len(), 4, "an import, a return and two values: {:?}", trails[0]);
    assert_eq!(trails[0], trails[1]);
}

/// Two stores on one location: a SQLite file, or a PostgreSQL schema.
fn each_shared_location(test: impl Fn(&dyn Fn() -> Store)) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shared.sqlite");
    test(&|| Store::open(&file).unwrap());
    let schema = ScratchSchema::new();
    test(&|| schema.open());
}

#[test]
fn a_writer_that_waits_too_long_gives_up_busy_and_writes_nothing() {
    each_shared_location(|open| {
        let mut holder = open();
        let mut other = open();
        other.conn.set_writer_wait(std::time::Duration::from_millis(200)).unwrap();
        let held = holder.begin_write().unwrap();
        let refused =
            other.open_portal_cycle("2019-2020", Stamp { at: "2026-01-10T09:00:00Z", by: "an.coord" });
        assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
        held.commit().unwrap();
        assert!(other.portal_cycles().unwrap().is_empty());
        assert!(other
            .open_portal_cycle("2019-2020", Stamp { at: "2026-01-10T09:01:00Z", by: "an.coord" })
            .unwrap());
    });
}

#[test]
fn a_writer_waits_for_another_and_then_writes() {
    each_shared_location(|open| {
        let mut holder = open();
        let mut other = open();
        let held = holder.begin_write().unwrap();
        held.execute(
            "INSERT INTO portal_cycle (id, opened_at, opened_by) VALUES (?1, ?2, ?3)",
            params!["2019-2020", "2026-01-10T09:00:00Z", "an.coord"],
        )
        .unwrap();
        std::thread::scope(|scope| {
            let waiting = scope.spawn(move || {
                other.open_portal_cycle("2021-2022", Stamp { at: "2026-01-10T09:00:01Z", by: "an.coord" })
            });
            if held.engine() == crate::Engine::Postgres {
                // Commit only once the other writer is seen waiting for the lock.
                while held
                    .query_row(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                        params![],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
                    == 0
                {
                    std::thread::yield_now();
                }
            }
            held.commit().unwrap();
            assert!(waiting.join().unwrap().unwrap());
        });
        let ids: Vec<String> = open().portal_cycles().unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["2019-2020", "2021-2022"]);
    });
}

#[test]
fn the_audit_filter_ignores_the_case_of_letters_on_both_engines() {
    each_engine(|mut store| {
        store.open_portal_cycle("2019-2020", Stamp { at: "2026-01-10T09:00:00Z", by: "An.Coord" }).unwrap();
        let (entries, total) = store.audit_page("an.c", 0, 10).unwrap();
        assert_eq!((entries.len(), total), (1, 1));
        assert_eq!(
            store.audit_page("an_c", 0, 10).unwrap().1,
            0,
            "_ is a letter of the filter, not a wildcard"
        );
    });
}

//! The embedded store: one SQLite file, created on first use, migrated by version. The only
//! crate that speaks SQL; it takes and returns domain values.
//!
//! The file uses SQLite's rollback journal, so that a refused import or a read leaves the file
//! byte for byte as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod portal;
mod records;

pub use portal::{AssignmentRow, NarrativeRow, NewUser, PortalCycleRow, ReportBuildRow, SessionRow, UserRow};
pub use records::{NewRecordImport, RecordChanges, RecordRow};

use rapporteur_domain::{Catalog, Change, Coordinate, Finding, ObservationRow, RowKind};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rusqlite_migration::{Migrations, M};

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot bring the store's schema up to date: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("store query failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the store holds a value it cannot read back: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up(include_str!("migrations/002_control_values.sql")),
        M::up(include_str!("migrations/003_findings.sql")),
        M::up(include_str!("migrations/004_stated_decimals.sql")),
        M::up(include_str!("migrations/005_records.sql")),
        M::up(include_str!("migrations/006_portal.sql")),
    ])
}

/// What an import is: the file and who brought it.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub cycle: &'a str,
    pub at: &'a str,
    pub by: &'a str,
    pub layout: &'a str,
    pub row_count: usize,
}

/// A stored value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub row: ObservationRow,
    pub return_id: i64,
    pub import_id: i64,
    pub file_name: String,
    pub imported_at: String,
    pub imported_by: String,
    pub actor: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A recorded import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub cycle: String,
    pub imported_at: String,
    pub imported_by: String,
    pub layout: String,
    pub row_count: i64,
}

/// An actor's explanation of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgment {
    pub explanation: String,
    pub who: String,
    pub at: String,
}

/// A stored finding and its explanation, if an actor gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFinding {
    pub finding: Finding,
    pub found_at: String,
    pub acknowledgment: Option<Acknowledgment>,
}

/// How many things the store holds, for summaries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoreCounts {
    pub imports: i64,
    pub returns: i64,
    pub observations: i64,
    pub control_values: i64,
    pub audit_entries: i64,
}

fn table_of(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Observation => "observation",
        RowKind::Control => "control_value",
    }
}

/// The store. Holds one connection; not shared between threads.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the store at `path`, creating the file and its schema on first use.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)
            .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        Self::from_connection(conn)
    }

    /// A store in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // Waiting briefly for a concurrent writer beats failing at once with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// Records the catalog the data are checked against, if it differs from the one stored.
    /// Returns whether anything was written.
    pub fn sync_catalog(
        &mut self,
        catalog: &Catalog,
        content_hash: &str,
        at: &str,
        who: &str,
    ) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .query_row("SELECT content_hash FROM catalog_snapshot WHERE id = 1", [], |r| r.get(0))
            .optional()?;
        if stored.as_deref() == Some(content_hash) {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM code", [])?;
        tx.execute("DELETE FROM code_list", [])?;
        tx.execute("DELETE FROM cube", [])?;
        for list in catalog.code_lists.values() {
            tx.execute(
                "INSERT INTO code_list (id, name) VALUES (?1, ?2)",
                params![list.id, json(&list.name)],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO code (list_id, id, position, parent, labels) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (position, code) in list.codes.iter().enumerate() {
                insert.execute(params![
                    list.id,
                    code.id,
                    position as i64,
                    code.parent,
                    json(&code.labels)
                ])?;
            }
        }
        for cube in catalog.cubes.values() {
            let dimensions: Vec<BTreeMap<&str, &str>> = cube
                .dimensions
                .iter()
                .map(|d| BTreeMap::from([("id", d.id.as_str()), ("codelist", d.codelist.as_str())]))
                .collect();
            tx.execute(
                "INSERT INTO cube (id, owner, measure, decimals, dimensions, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![cube.id, cube.owner, cube.measure, catalog.measure_of(cube).decimals, json(&dimensions), json(&cube.name)],
            )?;
        }
        tx.execute(
            "INSERT INTO catalog_snapshot (id, catalog_id, content_hash, loaded_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET catalog_id = excluded.catalog_id, content_hash = excluded.content_hash, loaded_at = excluded.loaded_at",
            params![catalog.id, content_hash, at],
        )?;
        audit(
            &tx,
            at,
            who,
            "load_catalog",
            "catalog",
            &catalog.id,
            stored.map(|h| json(&h)),
            Some(json(&content_hash)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The stored rows (data and control values) of `cycle` within the given (cube, period) pairs.
    pub fn rows_in_scope(
        &self,
        cycle: &str,
        scope: &std::collections::BTreeSet<(String, String)>,
    ) -> Result<Vec<StoredRow>> {
        let mut out = Vec::new();
        for (cube, period) in scope {
            for kind in [RowKind::Observation, RowKind::Control] {
                out.extend(self.query_rows(
                    kind,
                    "t.cycle = ?1 AND t.cube = ?2 AND t.period = ?3",
                    params![cycle, cube, period],
                )?);
            }
        }
        Ok(out)
    }

    /// All stored rows of one kind for a cube in a cycle, in coordinate order.
    pub fn rows(&self, kind: RowKind, cycle: &str, cube: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(kind, "t.cycle = ?1 AND t.cube = ?2", params![cycle, cube])
    }

    fn query_rows(
        &self,
        kind: RowKind,
        condition: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<StoredRow>> {
        let sql = format!(
            "SELECT t.cube, t.period, t.codes, t.value, t.flags, t.note, t.source_row, t.return_id,
                    r.import_id, r.actor, i.file_name, i.imported_at, i.imported_by, {} AS base, {} AS stated_decimals
             FROM {} t JOIN data_return r ON r.id = t.return_id JOIN import i ON i.id = r.import_id
             WHERE {condition} ORDER BY t.cube, t.coordinate",
            if kind == RowKind::Control { "t.base" } else { "NULL" },
            if kind == RowKind::Control { "t.stated_decimals" } else { "NULL" },
            table_of(kind)
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map(args, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, String>(12)?,
                r.get::<_, Option<String>>(13)?,
                r.get::<_, Option<u32>>(14)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                cube,
                period,
                codes,
                value,
                flags,
                note,
                source_row,
                return_id,
                import_id,
                actor,
                file_name,
                imported_at,
                imported_by,
                pct_base,
                stated_decimals,
            ) = row?;
            let codes: BTreeMap<String, String> = serde_json::from_str(&codes)
                .map_err(|e| StoreError::Corrupt(format!("codes {codes:?}: {e}")))?;
            out.push(StoredRow {
                row: ObservationRow {
                    cube,
                    coordinate: Coordinate { period, codes },
                    kind,
                    value,
                    flags: flags.split_whitespace().map(str::to_string).collect(),
                    note,
                    pct_base,
                    stated_decimals,
                    source_row: source_row as usize,
                },
                return_id,
                import_id,
                file_name,
                imported_at,
                imported_by,
                actor,
            });
        }
        Ok(out)
    }

    /// Applies the changes of one import in one transaction: the import, one return per cube
    /// it changed, the changes and their audit entries all land, or none does.
    pub fn apply_import(
        &mut self,
        import: &NewImport<'_>,
        owners: &BTreeMap<String, String>,
        changes: &[Change],
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO import (file_name, sha256, cycle, imported_at, imported_by, layout, row_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![import.file_name, import.sha256, import.cycle, import.at, import.by, import.layout, import.row_count as i64],
        )?;
        let import_id = tx.last_insert_rowid();
        audit(
            &tx,
            import.at,
            import.by,
            "import",
            "import",
            &import_id.to_string(),
            None,
            Some(json(&BTreeMap::from([
                ("file", import.file_name),
                ("sha256", import.sha256),
                ("cycle", import.cycle),
                ("layout", import.layout),
            ]))),
        )?;

        let mut returns: BTreeMap<&str, i64> = BTreeMap::new();
        for change in changes {
            let cube = change.row().cube.as_str();
            if returns.contains_key(cube) {
                continue;
            }
            let periods: std::collections::BTreeSet<&str> = changes
                .iter()
                .filter(|c| c.row().cube == cube)
                .map(|c| c.row().coordinate.period.as_str())
                .collect();
            let actor = owners.get(cube).map(String::as_str).unwrap_or("");
            tx.execute(
                "INSERT INTO data_return (cycle, cube, actor, import_id, status, created_at, periods) VALUES (?1, ?2, ?3, ?4, 'submitted', ?5, ?6)",
                params![import.cycle, cube, actor, import_id, import.at, json(&periods)],
            )?;
            let return_id = tx.last_insert_rowid();
            audit(
                &tx,
                import.at,
                import.by,
                "submit",
                "return",
                &return_id.to_string(),
                None,
                Some(json(&BTreeMap::from([("cycle", import.cycle), ("cube", cube), ("actor", actor)]))),
            )?;
            returns.insert(cube, return_id);
        }

        for change in changes {
            let row = change.row();
            let table = table_of(row.kind);
            let entity_key = format!("{}/{}/{}", import.cycle, row.cube, row.key());
            match change {
                Change::Add(row) => {
                    insert_row(&tx, table, import.cycle, returns[row.cube.as_str()], row)?;
                    audit(&tx, import.at, import.by, "add", table, &entity_key, None, Some(value_json(row)))?;
                }
                Change::Update { before, after } => {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE cycle = ?1 AND cube = ?2 AND coordinate = ?3"),
                        params![import.cycle, after.cube, after.key()],
                    )?;
                    insert_row(&tx, table, import.cycle, returns[after.cube.as_str()], after)?;
                    audit(
                        &tx,
                        import.at,
                        import.by,
                        "update",
                        table,
                        &entity_key,
                        Some(value_json(before)),
                        Some(value_json(after)),
                    )?;
                }
                Change::Remove(before) => {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE cycle = ?1 AND cube = ?2 AND coordinate = ?3"),
                        params![import.cycle, before.cube, before.key()],
                    )?;
                    audit(
                        &tx,
                        import.at,
                        import.by,
                        "remove",
                        table,
                        &entity_key,
                        Some(value_json(before)),
                        None,
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(import_id)
    }

    /// All stored rows of one kind in a cycle, in cube and coordinate order.
    pub fn cycle_rows(&self, kind: RowKind, cycle: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(kind, "t.cycle = ?1", params![cycle])
    }

    /// The cubes of `cycle` that hold at least one observation.
    pub fn cubes_with_observations(&self, cycle: &str) -> Result<BTreeSet<String>> {
        let mut statement = self.conn.prepare("SELECT DISTINCT cube FROM observation WHERE cycle = ?1")?;
        let rows = statement.query_map(params![cycle], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Makes the stored findings of `cycle` exactly `findings`. Writes nothing when they are
    /// already stored (so validating twice leaves the file as it was); explanations are kept.
    /// Returns whether anything changed.
    pub fn replace_findings(&mut self, cycle: &str, findings: &[Finding], at: &str) -> Result<bool> {
        let stored: BTreeMap<String, (String, String)> = {
            let mut statement =
                self.conn.prepare("SELECT key, detail, found_at FROM finding WHERE cycle = ?1")?;
            let rows = statement.query_map(params![cycle], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let wanted: BTreeMap<String, String> = findings.iter().map(|f| (f.key.clone(), json(f))).collect();
        let unchanged = stored.len() == wanted.len()
            && stored.iter().all(|(key, (detail, _))| wanted.get(key) == Some(detail));
        if unchanged {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM finding WHERE cycle = ?1", params![cycle])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO finding (cycle, key, rule, severity, actor, detail, found_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for finding in findings {
                // A finding that was already there keeps the time it was first found.
                let found_at = match stored.get(&finding.key) {
                    Some((detail, first)) if Some(detail) == wanted.get(&finding.key) => first.as_str(),
                    _ => at,
                };
                insert.execute(params![
                    cycle,
                    finding.key,
                    finding.rule,
                    finding.severity.as_str(),
                    finding.actor,
                    wanted[&finding.key],
                    found_at
                ])?;
            }
        }
        tx.commit()?;
        Ok(true)
    }

    /// The findings of `cycle`, errors first, with their explanations.
    pub fn findings(&self, cycle: &str) -> Result<Vec<StoredFinding>> {
        let mut statement = self.conn.prepare(
            "SELECT f.detail, f.found_at, a.explanation, a.who, a.at
             FROM finding f LEFT JOIN acknowledgment a ON a.cycle = f.cycle AND a.key = f.key
             WHERE f.cycle = ?1
             ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule, f.key",
        )?;
        let rows = statement.query_map(params![cycle], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (detail, found_at, explanation, who, at) = row?;
            let finding: Finding = serde_json::from_str(&detail)
                .map_err(|e| StoreError::Corrupt(format!("finding {detail:?}: {e}")))?;
            let acknowledgment = match (explanation, who, at) {
                (Some(explanation), Some(who), Some(at)) => Some(Acknowledgment { explanation, who, at }),
                _ => None,
            };
            out.push(StoredFinding { finding, found_at, acknowledgment });
        }
        Ok(out)
    }

    /// Records an actor's explanation of finding `key`, audited. Returns false when the cycle
    /// has no such finding.
    pub fn acknowledge(
        &mut self,
        cycle: &str,
        key: &str,
        explanation: &str,
        who: &str,
        at: &str,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM finding WHERE cycle = ?1 AND key = ?2)",
            params![cycle, key],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(false);
        }
        let before: Option<String> = tx
            .query_row(
                "SELECT explanation FROM acknowledgment WHERE cycle = ?1 AND key = ?2",
                params![cycle, key],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO acknowledgment (cycle, key, explanation, who, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (cycle, key) DO UPDATE SET explanation = excluded.explanation, who = excluded.who, at = excluded.at",
            params![cycle, key, explanation, who, at],
        )?;
        audit(
            &tx,
            at,
            who,
            "acknowledge",
            "finding",
            &format!("{cycle}/{key}"),
            before.map(|b| json(&b)),
            Some(json(explanation)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The imports, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT id, file_name, sha256, cycle, imported_at, imported_by, layout, row_count FROM import ORDER BY id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(ImportRecord {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                cycle: r.get(3)?,
                imported_at: r.get(4)?,
                imported_by: r.get(5)?,
                layout: r.get(6)?,
                row_count: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log ORDER BY id",
        )?;
        let rows = statement.query_map([], audit_entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many imports, returns, values and audit entries the store holds.
    pub fn counts(&self) -> Result<StoreCounts> {
        let count = |table: &str| -> Result<i64> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(StoreCounts {
            imports: count("import")?,
            returns: count("data_return")?,
            observations: count("observation")?,
            control_values: count("control_value")?,
            audit_entries: count("audit_log")?,
        })
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("maps of strings and numbers always serialise")
}

fn value_json(row: &ObservationRow) -> String {
    let mut map = serde_json::Map::new();
    map.insert("value".into(), row.value.into());
    map.insert("flags".into(), row.flags.join(" ").into());
    map.insert("note".into(), row.note.clone().map_or(serde_json::Value::Null, Into::into));
    map.insert("source_row".into(), (row.source_row as u64).into());
    serde_json::Value::Object(map).to_string()
}

fn insert_row(
    tx: &Transaction<'_>,
    table: &str,
    cycle: &str,
    return_id: i64,
    row: &ObservationRow,
) -> Result<()> {
    // Only control values carry a percentage's base; observations have no such column.
    let (base_column, base_value) =
        if table == "control_value" { (", base, stated_decimals", ", ?11, ?12") } else { ("", "") };
    tx.execute(
        &format!(
            "INSERT INTO {table} (cycle, cube, coordinate, period, codes, value, flags, note, return_id, source_row{base_column})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10{base_value})"
        ),
        rusqlite::params_from_iter(
            [
                rusqlite::types::Value::from(cycle.to_string()),
                row.cube.clone().into(),
                row.key().into(),
                row.coordinate.period.clone().into(),
                json(&row.coordinate.codes).into(),
                row.value.into(),
                row.flags.join(" ").into(),
                row.note.clone().into(),
                return_id.into(),
                (row.source_row as i64).into(),
            ]
            .into_iter()
            .chain(
                (table == "control_value")
                    .then(|| [row.pct_base.clone().into(), row.stated_decimals.map(i64::from).into()])
                    .into_iter()
                    .flatten(),
            ),
        ),
    )?;
    Ok(())
}

/// An audit entry from a row of `SELECT id, at, who, action, entity, entity_key, before, after`.
fn audit_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        who: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_key: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
    })
}

#[allow(clippy::too_many_arguments)]
fn audit(
    tx: &Transaction<'_>,
    at: &str,
    who: &str,
    action: &str,
    entity: &str,
    entity_key: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, who, action, entity, entity_key, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![at, who, action, entity, entity_key, before, after],
    )?;
    Ok(())
}

//! Observations and stated control values: the imports that bring them, one return per cube
//! and import, and the reads the tables, the rules and the portal's grids make. An import's
//! changes and their audit entries land in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use crate::db::params;
use rapporteur_domain::{
    Change, Coordinate, ImportRecord, ObsStatus, ObservationRow, RowKind, StoreCounts, StoredRow,
};

use crate::audit::audit;
use crate::{json, Result, Stamp, Store, StoreError};

/// What an import is: the file and who brought it.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub cycle: &'a str,
    pub stamp: Stamp<'a>,
    pub layout: &'a str,
    pub row_count: usize,
}

fn table_of(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Observation | RowKind::Flagged(_) => "observation",
        RowKind::Control => "control_value",
    }
}

/// Which stored rows a read returns: values of data, control values, or cells of data holding
/// a status instead of a value (kept in the observations' table, told apart by `status`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Values,
    Controls,
    Flagged,
}

impl Rows {
    fn of(kind: RowKind) -> Rows {
        match kind {
            RowKind::Observation => Rows::Values,
            RowKind::Control => Rows::Controls,
            RowKind::Flagged(_) => Rows::Flagged,
        }
    }

    fn table(self) -> &'static str {
        match self {
            Rows::Values | Rows::Flagged => "observation",
            Rows::Controls => "control_value",
        }
    }

    fn condition(self) -> &'static str {
        match self {
            Rows::Values => " AND t.status IS NULL",
            Rows::Flagged => " AND t.status IS NOT NULL",
            Rows::Controls => "",
        }
    }
}

impl Store {
    /// The stored rows (data and control values) of `cycle` within the given (cube, period) pairs.
    pub fn rows_in_scope(&self, cycle: &str, scope: &BTreeSet<(String, String)>) -> Result<Vec<StoredRow>> {
        let mut out = Vec::new();
        for (cube, period) in scope {
            for rows in [Rows::Values, Rows::Controls, Rows::Flagged] {
                out.extend(self.query_rows(
                    rows,
                    "t.cycle = ?1 AND t.cube = ?2 AND t.period = ?3",
                    params![cycle, cube, period],
                )?);
            }
        }
        Ok(out)
    }

    /// All stored rows of one kind for a cube in a cycle, in coordinate order (for
    /// [`RowKind::Flagged`], the cells holding any status).
    pub fn rows(&self, kind: RowKind, cycle: &str, cube: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(Rows::of(kind), "t.cycle = ?1 AND t.cube = ?2", params![cycle, cube])
    }

    fn query_rows(&self, rows: Rows, condition: &str, args: Vec<crate::db::Value>) -> Result<Vec<StoredRow>> {
        let controls = rows == Rows::Controls;
        let sql = format!(
            "SELECT t.cube, t.period, t.codes, t.value, t.flags, t.note, t.source_row, t.return_id,
                    r.import_id, r.actor, i.file_name, i.imported_at, i.imported_by, {} AS base, {} AS stated_decimals,
                    {} AS status
             FROM {} t JOIN data_return r ON r.id = t.return_id JOIN import i ON i.id = r.import_id
             WHERE {condition}{} ORDER BY t.cube, t.coordinate",
            if controls { "t.base" } else { "NULL" },
            if controls { "t.stated_decimals" } else { "NULL" },
            if controls { "NULL" } else { "t.status" },
            rows.table(),
            rows.condition(),
        );
        let kind = if controls { RowKind::Control } else { RowKind::Observation };
        let rows = self.conn.query(&sql, args, |r| {
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
                r.get::<_, Option<String>>(15)?,
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
                status,
            ) = row;
            let kind = match status {
                None => kind,
                Some(code) => RowKind::Flagged(
                    ObsStatus::from_code(&code)
                        .ok_or_else(|| StoreError::Corrupt(format!("observation status {code:?}")))?,
                ),
            };
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
        let tx = self.begin_write()?;
        let import_id = tx.insert(
            "INSERT INTO import (file_name, sha256, cycle, imported_at, imported_by, layout, row_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![import.file_name, import.sha256, import.cycle, import.stamp.at, import.stamp.by, import.layout, import.row_count as i64],
        )?;
        audit(
            &tx,
            import.stamp,
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
            let periods: BTreeSet<&str> = changes
                .iter()
                .filter(|c| c.row().cube == cube)
                .map(|c| c.row().coordinate.period.as_str())
                .collect();
            let actor = owners.get(cube).map(String::as_str).unwrap_or("");
            let return_id = tx.insert(
                "INSERT INTO data_return (cycle, cube, actor, import_id, status, created_at, periods) VALUES (?1, ?2, ?3, ?4, 'submitted', ?5, ?6)",
                params![import.cycle, cube, actor, import_id, import.stamp.at, json(&periods)],
            )?;
            audit(
                &tx,
                import.stamp,
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
                    audit(&tx, import.stamp, "add", table, &entity_key, None, Some(value_json(row)))?;
                }
                Change::Update { before, after } => {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE cycle = ?1 AND cube = ?2 AND coordinate = ?3"),
                        params![import.cycle, after.cube, after.key()],
                    )?;
                    insert_row(&tx, table, import.cycle, returns[after.cube.as_str()], after)?;
                    audit(
                        &tx,
                        import.stamp,
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
                    audit(&tx, import.stamp, "remove", table, &entity_key, Some(value_json(before)), None)?;
                }
            }
        }
        tx.commit()?;
        Ok(import_id)
    }

    /// All stored rows of one kind in a cycle, in cube and coordinate order (for
    /// [`RowKind::Flagged`], the cells holding any status).
    pub fn cycle_rows(&self, kind: RowKind, cycle: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(Rows::of(kind), "t.cycle = ?1", params![cycle])
    }

    /// The cells of data of a cycle flagged with a status (not available, confidential)
    /// instead of a value, in cube and coordinate order.
    pub fn cycle_flagged(&self, cycle: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(Rows::Flagged, "t.cycle = ?1", params![cycle])
    }

    /// The cells of data of a cube flagged with a status instead of a value.
    pub fn flagged_rows(&self, cycle: &str, cube: &str) -> Result<Vec<StoredRow>> {
        self.query_rows(Rows::Flagged, "t.cycle = ?1 AND t.cube = ?2", params![cycle, cube])
    }

    /// The cubes of `cycle` that hold at least one observation.
    pub fn cubes_with_observations(&self, cycle: &str) -> Result<BTreeSet<String>> {
        let rows = self.conn.query(
            "SELECT DISTINCT cube FROM observation WHERE cycle = ?1",
            params![cycle],
            |r| r.get(0),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// The imports, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let rows = self.conn.query("SELECT id, file_name, sha256, cycle, imported_at, imported_by, layout, row_count FROM import ORDER BY id", params![], |r| {
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
        Ok(rows.into_iter().collect())
    }

    /// How many imports, returns, values and audit entries the store holds.
    pub fn counts(&self) -> Result<StoreCounts> {
        let count = |table: &str| -> Result<i64> {
            self.conn.query_row(&format!("SELECT count(*) FROM {table}"), params![], |r| r.get(0))
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

fn value_json(row: &ObservationRow) -> String {
    let mut map = serde_json::Map::new();
    match row.kind.status() {
        Some(status) => map.insert("status".into(), status.code().into()),
        None => map.insert("value".into(), row.value.into()),
    };
    map.insert("flags".into(), row.flags.join(" ").into());
    map.insert("note".into(), row.note.clone().map_or(serde_json::Value::Null, Into::into));
    map.insert("source_row".into(), (row.source_row as u64).into());
    serde_json::Value::Object(map).to_string()
}

fn insert_row(
    tx: &crate::db::Db,
    table: &str,
    cycle: &str,
    return_id: i64,
    row: &ObservationRow,
) -> Result<()> {
    // Only control values carry a percentage's base; only cells of data a status.
    let (extra_columns, extra_values) = if table == "control_value" {
        (", base, stated_decimals", ", ?11, ?12")
    } else {
        (", status", ", ?11")
    };
    tx.execute(
        &format!(
            "INSERT INTO {table} (cycle, cube, coordinate, period, codes, value, flags, note, return_id, source_row{extra_columns})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10{extra_values})"
        ),
        params![
            cycle,
            row.cube,
            row.key(),
            row.coordinate.period,
            json(&row.coordinate.codes),
            row.value,
            row.flags.join(" "),
            row.note,
            return_id,
            row.source_row as i64
        ]
        .into_iter()
        .chain(if table == "control_value" {
            params![row.pct_base, row.stated_decimals]
        } else {
            params![row.kind.status().map(|s| s.code())]
        })
        .collect(),
    )?;
    Ok(())
}

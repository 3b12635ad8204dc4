//! The catalog the stored data are checked against: a copy of its code lists and cubes, and
//! the hash of its files, so that a change of catalog is audited.

use std::collections::BTreeMap;

use crate::db::params;
use rapporteur_domain::Catalog;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

impl Store {
    /// Records the catalog the data are checked against, if it differs from the one stored.
    /// Returns whether anything was written.
    pub fn sync_catalog(&mut self, catalog: &Catalog, content_hash: &str, stamp: Stamp<'_>) -> Result<bool> {
        let stored_hash = |conn: &crate::db::Db| -> Result<Option<String>> {
            conn.query_opt("SELECT content_hash FROM catalog_snapshot WHERE id = 1", params![], |r| r.get(0))
        };
        // Most opens find the catalog current and write nothing (a read leaves the file intact).
        if stored_hash(&self.conn)?.as_deref() == Some(content_hash) {
            return Ok(false);
        }
        let tx = self.begin_write()?;
        // Another process may have recorded it while this one waited for the lock.
        let stored = stored_hash(&tx)?;
        if stored.as_deref() == Some(content_hash) {
            return Ok(false);
        }
        tx.execute("DELETE FROM code", params![])?;
        tx.execute("DELETE FROM code_list", params![])?;
        tx.execute("DELETE FROM cube", params![])?;
        for list in catalog.code_lists.values() {
            tx.execute(
                "INSERT INTO code_list (id, name) VALUES (?1, ?2)",
                params![list.id, json(&list.name)],
            )?;
            let insert =
                "INSERT INTO code (list_id, id, position, parent, labels) VALUES (?1, ?2, ?3, ?4, ?5)";
            for (position, code) in list.codes.iter().enumerate() {
                tx.execute(
                    insert,
                    params![list.id, code.id, position as i64, code.parent, json(&code.labels)],
                )?;
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
            params![catalog.id, content_hash, stamp.at],
        )?;
        audit(
            &tx,
            stamp,
            "load_catalog",
            "catalog",
            &catalog.id,
            stored.map(|h| json(&h)),
            Some(json(&content_hash)),
        )?;
        tx.commit()?;
        Ok(true)
    }
}

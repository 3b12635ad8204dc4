//! The suppression pattern of a cycle's publication, replaced whole each time disclosure
//! control runs, with the counts before and after in the audit log (never a value).

use crate::db::params;
use rapporteur_domain::{Confidentiality, SuppressionPattern};

use crate::audit::audit;
use crate::{Result, Stamp, Store};

impl Store {
    /// Replaces the cycle's stored pattern; true when it changed.
    pub fn save_suppressions(
        &mut self,
        cycle: &str,
        pattern: &SuppressionPattern,
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let count = |status: &str| -> Result<i64> {
            tx.query_row(
                "SELECT count(*) FROM suppression WHERE cycle = ?1 AND status = ?2",
                params![cycle, status],
                |r| r.get(0),
            )
        };
        let before = (count("primary")?, count("secondary")?);
        let mut old: Vec<(String, String, String)> = {
            let rows = tx.query(
                "SELECT cube, cell, status FROM suppression WHERE cycle = ?1 ORDER BY cube, cell",
                params![cycle],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            rows.into_iter().collect()
        };
        let mut new: Vec<(String, String, String)> = pattern
            .suppressed()
            .map(|(key, status)| {
                let cell = serde_json::to_string(&key.selection).unwrap_or_default();
                (key.cube.clone(), cell, status.as_str().to_string())
            })
            .collect();
        old.sort();
        new.sort();
        if old == new {
            return Ok(false);
        }
        tx.execute("DELETE FROM suppression WHERE cycle = ?1", params![cycle])?;
        for (cube, cell, status) in &new {
            tx.execute(
                "INSERT INTO suppression (cycle, cube, cell, status, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![cycle, cube, cell, status, stamp.at, stamp.by],
            )?;
        }
        let counts = |(p, s): (i64, i64)| format!("{{\"primary\":{p},\"secondary\":{s}}}");
        let after = new.iter().fold((0, 0), |(p, s), (_, _, st)| {
            if st == Confidentiality::Primary.as_str() {
                (p + 1, s)
            } else {
                (p, s + 1)
            }
        });
        audit(&tx, stamp, "protect", "publication", cycle, Some(counts(before)), Some(counts(after)))?;
        tx.commit()?;
        Ok(true)
    }
}

//! The translation memory imported from TMX files: sentence pairs per language pair, replaced
//! pair by pair by a later import; every pair added or changed is audited with its translation
//! before and after, in the import's one transaction.

use std::collections::BTreeMap;

use crate::db::params;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// One sentence pair of the memory: the source sentence (normalised) and its translation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MemoryPair {
    pub source: String,
    pub target: String,
}

impl Store {
    /// Stores the pairs of one import from `from` into `to` in one transaction (all or none),
    /// each new or changed pair audited; returns how many were new or changed.
    pub fn save_memory_pairs(
        &mut self,
        (from, to): (&str, &str),
        pairs: &[MemoryPair],
        stamp: Stamp<'_>,
    ) -> Result<usize> {
        let tx = self.begin_write()?;
        let mut changed = 0;
        for pair in pairs {
            let before: Option<String> = tx
                .query_opt(
                    "SELECT target FROM translation_memory WHERE source_lang = ?1 AND target_lang = ?2 AND source = ?3",
                    params![from, to, pair.source],
                    |r| r.get(0),
                )?;
            if before.as_deref() == Some(pair.target.as_str()) {
                continue;
            }
            tx.execute(
                "INSERT INTO translation_memory (source_lang, target_lang, source, target, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (source_lang, target_lang, source) DO UPDATE SET target = excluded.target,
                   imported_at = excluded.imported_at, imported_by = excluded.imported_by",
                params![from, to, pair.source, pair.target, stamp.at, stamp.by],
            )?;
            let value =
                |target: &str| json(&BTreeMap::from([("source", pair.source.as_str()), ("target", target)]));
            audit(
                &tx,
                stamp,
                "import_tmx",
                "translation_memory",
                &format!("{from}/{to}"),
                before.as_deref().map(value),
                Some(value(&pair.target)),
            )?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The imported pairs from `from` into `to`, by source sentence.
    pub fn memory_pairs(&self, (from, to): (&str, &str)) -> Result<Vec<MemoryPair>> {
        let rows = self.conn.query("SELECT source, target FROM translation_memory WHERE source_lang = ?1 AND target_lang = ?2 ORDER BY source", params![from, to], |r| Ok(MemoryPair { source: r.get(0)?, target: r.get(1)? }))?;
        Ok(rows.into_iter().collect())
    }
}

//! The actors' texts of the report's sections, one per cycle, section, actor and language,
//! saved in the portal; every save is audited with the text before and after.

use std::collections::BTreeMap;

use crate::db::params;
use rapporteur_domain::TextStatus;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// An actor's text of a section in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeRow {
    pub cycle: String,
    pub section: String,
    pub actor: String,
    pub lang: String,
    pub markdown: String,
    pub status: TextStatus,
    pub updated_at: String,
    pub updated_by: String,
}

/// Which text: a section of a cycle, by one actor, in one language.
#[derive(Debug, Clone, Copy)]
pub struct TextRef<'a> {
    pub cycle: &'a str,
    pub section: &'a str,
    pub actor: &'a str,
    pub lang: &'a str,
}

impl Store {
    /// Saves an actor's text of a section in one language with its status, audited with before
    /// and after. Returns false when the text was already exactly this, in this status.
    pub fn save_narrative(
        &mut self,
        text: TextRef<'_>,
        (markdown, status): (&str, TextStatus),
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let changed = save_one(&tx, text, (markdown, status), stamp)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Saves several texts in one transaction (all or none), each audited; how many changed.
    pub fn save_narratives(
        &mut self,
        texts: &[(TextRef<'_>, &str, TextStatus)],
        stamp: Stamp<'_>,
    ) -> Result<usize> {
        let tx = self.begin_write()?;
        let mut changed = 0;
        for (text, markdown, status) in texts {
            changed += usize::from(save_one(&tx, *text, (markdown, *status), stamp)?);
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The texts saved in the portal for a cycle.
    pub fn narratives(&self, cycle: &str) -> Result<Vec<NarrativeRow>> {
        let rows = self.conn.query(
            "SELECT cycle, section, actor, lang, markdown, updated_at, updated_by, status FROM narrative_text
             WHERE cycle = ?1 ORDER BY section, actor, lang",
            params![cycle],
            |r| {
                Ok(NarrativeRow {
                    cycle: r.get(0)?,
                    section: r.get(1)?,
                    actor: r.get(2)?,
                    lang: r.get(3)?,
                    markdown: r.get(4)?,
                    updated_at: r.get(5)?,
                    updated_by: r.get(6)?,
                    status: crate::parsed(r, 7, TextStatus::parse)?,
                })
            },
        )?;
        Ok(rows.into_iter().collect())
    }
}

/// Saves one text inside a transaction; false when it was already exactly this.
fn save_one(
    tx: &crate::db::Db,
    text: TextRef<'_>,
    (markdown, status): (&str, TextStatus),
    stamp: Stamp<'_>,
) -> Result<bool> {
    let TextRef { cycle, section, actor, lang } = text;
    let before: Option<(String, String)> = tx
        .query_opt(
            "SELECT markdown, status FROM narrative_text WHERE cycle = ?1 AND section = ?2 AND actor = ?3 AND lang = ?4",
            params![cycle, section, actor, lang],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    if before.as_ref().is_some_and(|(m, s)| m == markdown && s == status.as_str()) {
        return Ok(false);
    }
    let before = before.map(|(m, _)| m);
    tx.execute(
        "INSERT INTO narrative_text (cycle, section, actor, lang, markdown, updated_at, updated_by, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (cycle, section, actor, lang) DO UPDATE SET markdown = excluded.markdown,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by, status = excluded.status",
        params![cycle, section, actor, lang, markdown, stamp.at, stamp.by, status.as_str()],
    )?;
    audit(
        tx,
        stamp,
        "save_text",
        "narrative",
        &format!("{cycle}/{section}/{actor}/{lang}"),
        before.map(|b| json(&b)),
        Some(json(&BTreeMap::from([("markdown", markdown), ("status", status.as_str())]))),
    )?;
    Ok(true)
}

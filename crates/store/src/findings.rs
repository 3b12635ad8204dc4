//! Findings of validation, the actors' explanations of them and the coordinator's acceptance of
//! an explained error. Findings are replaced whole at each validation; an explanation is keyed
//! by a finding's stable key and survives it; an acceptance survives it only while the finding's
//! detail (its figures) is the one accepted.

use std::collections::BTreeMap;

use crate::db::params;
use rapporteur_domain::{Acceptance, Acknowledgment, Finding, StoredFinding};

use crate::audit::audit;
use crate::{json, Result, Stamp, Store, StoreError};

impl Store {
    /// Makes the stored findings of `cycle` exactly `findings`. Writes nothing when they are
    /// already stored (so validating twice leaves the file as it was); explanations are kept.
    /// Returns whether anything changed.
    pub fn replace_findings(&mut self, cycle: &str, findings: &[Finding], at: &str) -> Result<bool> {
        let stored: BTreeMap<String, (String, String)> = {
            let rows = self.conn.query(
                "SELECT key, detail, found_at FROM finding WHERE cycle = ?1",
                params![cycle],
                |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
            )?;
            rows.into_iter().collect()
        };
        let wanted: BTreeMap<String, String> = findings.iter().map(|f| (f.key.clone(), json(f))).collect();
        let unchanged = stored.len() == wanted.len()
            && stored.iter().all(|(key, (detail, _))| wanted.get(key) == Some(detail));
        if unchanged {
            return Ok(false);
        }
        let tx = self.begin_write()?;
        tx.execute("DELETE FROM finding WHERE cycle = ?1", params![cycle])?;
        {
            let insert = "INSERT INTO finding (cycle, key, rule, severity, actor, detail, found_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
            for finding in findings {
                // A finding that was already there keeps the time it was first found.
                let found_at = match stored.get(&finding.key) {
                    Some((detail, first)) if Some(detail) == wanted.get(&finding.key) => first.as_str(),
                    _ => at,
                };
                tx.execute(
                    insert,
                    params![
                        cycle,
                        finding.key,
                        finding.rule,
                        finding.severity.as_str(),
                        finding.actor,
                        wanted[&finding.key],
                        found_at
                    ],
                )?;
            }
        }
        tx.commit()?;
        Ok(true)
    }

    /// The findings of `cycle`, errors first, with their explanations and the acceptances that
    /// still hold.
    pub fn findings(&self, cycle: &str) -> Result<Vec<StoredFinding>> {
        let rows = self.conn.query(
            "SELECT f.detail, f.found_at, a.explanation, a.who, a.at, c.who, c.at
             FROM finding f LEFT JOIN acknowledgment a ON a.cycle = f.cycle AND a.key = f.key
             LEFT JOIN finding_acceptance c ON c.cycle = f.cycle AND c.key = f.key AND c.detail = f.detail
             WHERE f.cycle = ?1
             ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule, f.key",
            params![cycle],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (detail, found_at, explanation, who, at, accepted_by, accepted_at) = row;
            let finding: Finding = serde_json::from_str(&detail)
                .map_err(|e| StoreError::Corrupt(format!("finding {detail:?}: {e}")))?;
            let acknowledgment = match (explanation, who, at) {
                (Some(explanation), Some(who), Some(at)) => Some(Acknowledgment { explanation, who, at }),
                _ => None,
            };
            let acceptance = match (accepted_by, accepted_at) {
                (Some(who), Some(at)) => Some(Acceptance { who, at }),
                _ => None,
            };
            out.push(StoredFinding { finding, found_at, acknowledgment, acceptance });
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
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM finding WHERE cycle = ?1 AND key = ?2)",
            params![cycle, key],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(false);
        }
        let before: Option<String> = tx.query_opt(
            "SELECT explanation FROM acknowledgment WHERE cycle = ?1 AND key = ?2",
            params![cycle, key],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO acknowledgment (cycle, key, explanation, who, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (cycle, key) DO UPDATE SET explanation = excluded.explanation, who = excluded.who, at = excluded.at",
            params![cycle, key, explanation, stamp.by, stamp.at],
        )?;
        audit(
            &tx,
            stamp,
            "acknowledge",
            "finding",
            &format!("{cycle}/{key}"),
            before.map(|b| json(&b)),
            Some(json(explanation)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Records the coordinator's acceptance of finding `key` as it stands now (its detail),
    /// audited. Returns false when the cycle has no such finding.
    pub fn accept_finding(&mut self, cycle: &str, key: &str, stamp: Stamp<'_>) -> Result<bool> {
        let tx = self.begin_write()?;
        let detail: Option<String> = tx.query_opt(
            "SELECT detail FROM finding WHERE cycle = ?1 AND key = ?2",
            params![cycle, key],
            |r| r.get(0),
        )?;
        let Some(detail) = detail else { return Ok(false) };
        let before: Option<String> = tx.query_opt(
            "SELECT detail FROM finding_acceptance WHERE cycle = ?1 AND key = ?2",
            params![cycle, key],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO finding_acceptance (cycle, key, detail, who, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (cycle, key) DO UPDATE SET detail = excluded.detail, who = excluded.who, at = excluded.at",
            params![cycle, key, detail, stamp.by, stamp.at],
        )?;
        audit(&tx, stamp, "accept", "finding", &format!("{cycle}/{key}"), before, Some(detail))?;
        tx.commit()?;
        Ok(true)
    }
}

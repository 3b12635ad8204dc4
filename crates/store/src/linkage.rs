//! Record linkage in the store: the check value of the secret the encodings are made under,
//! each run with its persons and scored pairs (one transaction, audited), and the
//! coordinator's decisions on pairs (each audited with before and after).

use std::collections::{BTreeMap, HashMap};

use crate::db::params;
use rapporteur_domain::catalog::LinkBasis;
use rapporteur_domain::{LinkDecision, LinkPair, LinkRun, PairStatus, RecordRef};

use crate::audit::audit;
use crate::{json, Result, Stamp, Store, StoreError};

/// A run of the linkage about to be stored.
#[derive(Debug, Clone)]
pub struct NewLinkRun<'a> {
    pub stamp: Stamp<'a>,
    pub records: usize,
    pub candidate_pairs: usize,
    /// The decision rule's parameters, as JSON.
    pub model: &'a str,
}

/// Registers the check value of the encodings' secret at the first import that carries
/// encodings, and refuses another one (in the import's transaction, so that two imports made
/// under two secrets cannot both pass).
pub(crate) fn register_encoding_check(tx: &crate::db::Db, stamp: Stamp<'_>, check: &str) -> Result<()> {
    let registered: Option<String> =
        tx.query_opt("SELECT check_value FROM encoding_check WHERE id = 1", params![], |r| r.get(0))?;
    match registered {
        Some(registered) if registered == check => Ok(()),
        Some(registered) => Err(StoreError::OtherSecret { registered, found: check.to_string() }),
        None => {
            tx.execute(
                "INSERT INTO encoding_check (id, check_value, registered_at, registered_by) VALUES (1, ?1, ?2, ?3)",
                params![check, stamp.at, stamp.by],
            )?;
            audit(
                tx,
                stamp,
                "register",
                "encoding_check",
                "1",
                None,
                Some(json(&BTreeMap::from([("check_value", check)]))),
            )
        }
    }
}

fn record_ref(schema: String, key: String) -> RecordRef {
    RecordRef { schema, key }
}

impl Store {
    /// The check value of the secret the stored encodings were made under, if any was imported.
    pub fn encoding_check(&self) -> Result<Option<String>> {
        self.conn.query_opt("SELECT check_value FROM encoding_check WHERE id = 1", params![], |r| r.get(0))
    }

    /// Stores a run: its persons (replacing the previous run's) and its scored pairs, with one
    /// audit entry for the run. Returns the run's id.
    pub fn save_link_run(
        &mut self,
        run: &NewLinkRun<'_>,
        persons: &[(RecordRef, i64)],
        pairs: &[LinkPair],
    ) -> Result<i64> {
        let tx = self.begin_write()?;
        let count = |status: PairStatus| pairs.iter().filter(|p| p.status == status).count() as i64;
        let linked = count(PairStatus::Linked) + count(PairStatus::Accepted);
        let review = count(PairStatus::Review);
        let distinct: std::collections::HashSet<i64> = persons.iter().map(|(_, p)| *p).collect();
        let run_id = tx.insert(
            "INSERT INTO link_run (run_at, run_by, records, persons, candidate_pairs, linked_pairs, review_pairs, model) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![run.stamp.at, run.stamp.by, run.records as i64, distinct.len() as i64, run.candidate_pairs as i64, linked, review, run.model],
        )?;
        tx.execute("DELETE FROM linked_person", params![])?;
        tx.execute("DELETE FROM link_pair", params![])?;
        {
            let insert = "INSERT INTO linked_person (schema_id, record_key, person_id, run_id) VALUES (?1, ?2, ?3, ?4)";
            for (record, person) in persons {
                tx.execute(insert, params![record.schema, record.key, person, run_id])?;
            }
            let insert = "INSERT INTO link_pair (a_schema, a_key, b_schema, b_key, similarity, weight, probability, status, run_id, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
            for p in pairs {
                tx.execute(
                    insert,
                    params![
                        p.a.schema,
                        p.a.key,
                        p.b.schema,
                        p.b.key,
                        p.similarity,
                        p.weight,
                        p.probability,
                        p.status.as_str(),
                        run_id,
                        p.basis.as_str()
                    ],
                )?;
            }
        }
        let summary = BTreeMap::from([
            ("records", run.records.to_string()),
            ("persons", distinct.len().to_string()),
            ("candidate_pairs", run.candidate_pairs.to_string()),
            ("linked_pairs", linked.to_string()),
            ("review_pairs", review.to_string()),
        ]);
        audit(&tx, run.stamp, "link", "link_run", &run_id.to_string(), None, Some(json(&summary)))?;
        tx.commit()?;
        Ok(run_id)
    }

    /// The person of every linked record, as the latest run found it.
    pub fn record_persons(&self) -> Result<HashMap<RecordRef, i64>> {
        let rows = self.conn.query(
            "SELECT schema_id, record_key, person_id FROM linked_person",
            params![],
            |r| Ok((record_ref(r.get(0)?, r.get(1)?), r.get::<_, i64>(2)?)),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// The latest run, if the records were ever linked.
    pub fn latest_link_run(&self) -> Result<Option<LinkRun>> {
        self
            .conn
            .query_opt(
                "SELECT id, run_at, run_by, records, persons, candidate_pairs, linked_pairs, review_pairs, model FROM link_run ORDER BY id DESC LIMIT 1",
                params![],
                |r| {
                    Ok(LinkRun {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        by: r.get(2)?,
                        records: r.get(3)?,
                        persons: r.get(4)?,
                        candidate_pairs: r.get(5)?,
                        linked_pairs: r.get(6)?,
                        review_pairs: r.get(7)?,
                        model: r.get(8)?,
                    })
                },
            )
    }

    /// The latest run's pairs with this status (all if `None`), the least certain first.
    pub fn link_pairs(&self, status: Option<PairStatus>) -> Result<Vec<LinkPair>> {
        let rows = self.conn.query("SELECT a_schema, a_key, b_schema, b_key, similarity, weight, probability, status, basis FROM link_pair WHERE ?1 IS NULL OR status = ?1 ORDER BY abs(probability - 0.5), a_schema, a_key, b_schema, b_key", params![status.map(PairStatus::as_str)], |r| {
            let status: String = r.get(7)?;
            Ok((
                LinkPair {
                    a: record_ref(r.get(0)?, r.get(1)?),
                    b: record_ref(r.get(2)?, r.get(3)?),
                    similarity: r.get(4)?,
                    weight: r.get(5)?,
                    probability: r.get(6)?,
                    status: PairStatus::Review,
                    basis: crate::parsed(r, 8, LinkBasis::parse)?,
                },
                status,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut pair, status) = row;
            pair.status = PairStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("link pair status {status:?}")))?;
            out.push(pair);
        }
        Ok(out)
    }

    /// The coordinator's decisions on pairs.
    pub fn link_decisions(&self) -> Result<Vec<LinkDecision>> {
        let rows = self.conn.query("SELECT a_schema, a_key, b_schema, b_key, same_person, comment, decided_at, decided_by FROM link_decision ORDER BY a_schema, a_key, b_schema, b_key", params![], |r| {
            Ok(LinkDecision {
                a: record_ref(r.get(0)?, r.get(1)?),
                b: record_ref(r.get(2)?, r.get(3)?),
                same_person: r.get::<_, i64>(4)? != 0,
                comment: r.get(5)?,
                at: r.get(6)?,
                by: r.get(7)?,
            })
        })?;
        Ok(rows.into_iter().collect())
    }

    /// Records the coordinator's decision on a pair (the pair in either order), audited with
    /// the decision it replaces; the latest run's pair takes the decided status at once.
    pub fn decide_link(
        &mut self,
        stamp: Stamp<'_>,
        (a, b): (&RecordRef, &RecordRef),
        same_person: bool,
        comment: &str,
    ) -> Result<()> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let tx = self.begin_write()?;
        let before: Option<(i64, String)> = tx
            .query_opt(
                "SELECT same_person, comment FROM link_decision WHERE a_schema = ?1 AND a_key = ?2 AND b_schema = ?3 AND b_key = ?4",
                params![a.schema, a.key, b.schema, b.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        tx.execute(
            "INSERT INTO link_decision (a_schema, a_key, b_schema, b_key, same_person, comment, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (a_schema, a_key, b_schema, b_key) DO UPDATE SET same_person = excluded.same_person,
               comment = excluded.comment, decided_at = excluded.decided_at, decided_by = excluded.decided_by",
            params![a.schema, a.key, b.schema, b.key, i64::from(same_person), comment, stamp.at, stamp.by],
        )?;
        let status = if same_person { PairStatus::Accepted } else { PairStatus::Rejected };
        tx.execute(
            "UPDATE link_pair SET status = ?5 WHERE a_schema = ?1 AND a_key = ?2 AND b_schema = ?3 AND b_key = ?4",
            params![a.schema, a.key, b.schema, b.key, status.as_str()],
        )?;
        let describe = |same: bool, comment: &str| {
            json(&BTreeMap::from([("same_person", same.to_string()), ("comment", comment.to_string())]))
        };
        audit(
            &tx,
            stamp,
            "decide",
            "link_decision",
            &format!("{a} {b}"),
            before.map(|(same, comment)| describe(same != 0, &comment)),
            Some(describe(same_person, comment)),
        )?;
        tx.commit()?;
        Ok(())
    }
}

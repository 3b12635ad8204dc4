//! Cycles opened in the portal, and their assignments: what each actor owes (a cube's return or
//! a section's text), by when, and where it stands. Every change is audited with before and
//! after.

use crate::db::{params, Row};
use rapporteur_domain::access::Status;
use rapporteur_domain::{Assignment, ItemKind, ItemRef};

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// A cycle opened in the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalCycleRow {
    pub id: String,
    pub opened_at: String,
    pub opened_by: String,
}

const ASSIGNMENT_COLUMNS: &str = "cycle, kind, item, actor, deadline, status, comment, status_at, status_by";

fn assignment_row(r: &Row<'_>) -> crate::Result<Assignment> {
    Ok(Assignment {
        cycle: r.get(0)?,
        item: ItemRef { kind: crate::parsed(r, 1, ItemKind::parse)?, item: r.get(2)?, actor: r.get(3)? },
        deadline: r.get(4)?,
        status: crate::parsed(r, 5, Status::parse)?,
        comment: r.get(6)?,
        status_at: r.get(7)?,
        status_by: r.get(8)?,
    })
}

fn assignment_json(a: &Assignment) -> String {
    json(&serde_json::json!({
        "deadline": a.deadline, "status": a.status.as_str(), "comment": a.comment,
    }))
}

fn entity_key(cycle: &str, item: &ItemRef) -> String {
    format!("{cycle}/{}/{}/{}", item.kind, item.item, item.actor)
}

/// The assignment of `item` in `cycle`, if there is one.
fn find_assignment(conn: &crate::db::Db, cycle: &str, item: &ItemRef) -> Result<Option<Assignment>> {
    let sql = format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM assignment WHERE cycle = ?1 AND kind = ?2 AND item = ?3 AND actor = ?4"
    );
    let args = params![cycle, item.kind.as_str(), item.item, item.actor];
    conn.query_opt(&sql, args, assignment_row)
}

impl Store {
    /// Opens a catalog cycle for collection, audited; false when it is open already.
    pub fn open_portal_cycle(&mut self, id: &str, stamp: Stamp<'_>) -> Result<bool> {
        let tx = self.begin_write()?;
        let inserted = tx.execute(
            "INSERT INTO portal_cycle (id, opened_at, opened_by) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![id, stamp.at, stamp.by],
        )?;
        if inserted == 1 {
            audit(&tx, stamp, "open_cycle", "cycle", id, None, Some(json(stamp.at)))?;
        }
        tx.commit()?;
        Ok(inserted == 1)
    }

    pub fn portal_cycles(&self) -> Result<Vec<PortalCycleRow>> {
        let rows = self.conn.query(
            "SELECT id, opened_at, opened_by FROM portal_cycle ORDER BY id",
            params![],
            |r| Ok(PortalCycleRow { id: r.get(0)?, opened_at: r.get(1)?, opened_by: r.get(2)? }),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Creates an assignment or changes its deadline, audited.
    pub fn assign(&mut self, cycle: &str, item: &ItemRef, deadline: &str, stamp: Stamp<'_>) -> Result<()> {
        let tx = self.begin_write()?;
        let before = find_assignment(&tx, cycle, item)?;
        let after = match &before {
            Some(b) => Assignment { deadline: deadline.to_string(), ..b.clone() },
            None => Assignment {
                cycle: cycle.to_string(),
                item: item.clone(),
                deadline: deadline.to_string(),
                status: Status::Open,
                comment: None,
                status_at: stamp.at.to_string(),
                status_by: stamp.by.to_string(),
            },
        };
        if before.as_ref() == Some(&after) {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO assignment (cycle, kind, item, actor, deadline, status, comment, status_at, status_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (cycle, kind, item, actor) DO UPDATE SET deadline = excluded.deadline",
            params![
                after.cycle,
                after.item.kind.as_str(),
                after.item.item,
                after.item.actor,
                after.deadline,
                after.status.as_str(),
                after.comment,
                after.status_at,
                after.status_by
            ],
        )?;
        audit(
            &tx,
            stamp,
            "assign",
            "assignment",
            &entity_key(cycle, item),
            before.as_ref().map(assignment_json),
            Some(assignment_json(&after)),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The assignments of a cycle, by actor, kind and item.
    pub fn assignments(&self, cycle: &str) -> Result<Vec<Assignment>> {
        let sql = format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM assignment WHERE cycle = ?1 ORDER BY actor, kind, item"
        );
        let rows = self.conn.query(&sql, params![cycle], assignment_row)?;
        Ok(rows.into_iter().collect())
    }

    /// Moves an assignment to `status` with an optional comment, audited. Returns false when
    /// there is no such assignment.
    pub fn set_assignment_status(
        &mut self,
        cycle: &str,
        item: &ItemRef,
        status: Status,
        comment: Option<&str>,
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let Some(before) = find_assignment(&tx, cycle, item)? else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE assignment SET status = ?5, comment = ?6, status_at = ?7, status_by = ?8
             WHERE cycle = ?1 AND kind = ?2 AND item = ?3 AND actor = ?4",
            params![
                cycle,
                item.kind.as_str(),
                item.item,
                item.actor,
                status.as_str(),
                comment,
                stamp.at,
                stamp.by
            ],
        )?;
        let after = Assignment {
            status,
            comment: comment.map(str::to_string),
            status_at: stamp.at.to_string(),
            status_by: stamp.by.to_string(),
            ..before.clone()
        };
        audit(
            &tx,
            stamp,
            "set_status",
            "assignment",
            &entity_key(cycle, item),
            Some(assignment_json(&before)),
            Some(assignment_json(&after)),
        )?;
        tx.commit()?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use rapporteur_domain::access::Role;

    use super::*;
    use crate::NewUser;

    #[test]
    fn assignment_status_changes_are_audited_with_before_and_after() {
        crate::scratch::each_engine(|mut store| {
            let coordinator = NewUser {
                name: "an.coord",
                password_hash: "h",
                role: Role::Coordinator,
                actor: None,
                lang: "nl",
            };
            store.add_user(&coordinator, Stamp { at: "2026-01-01T00:00:00Z", by: "cli" }).unwrap();
            let by_coordinator = Stamp { at: "2026-01-01T00:00:00Z", by: "an.coord" };
            store.open_portal_cycle("2019-2020", by_coordinator).unwrap();
            let item = ItemRef::new(ItemKind::Cube, "police_thb_findings", "police");
            store.assign("2019-2020", &item, "2026-03-01", by_coordinator).unwrap();
            let by_reviewer = Stamp { at: "2026-01-02T00:00:00Z", by: "rev" };
            assert!(store
                .set_assignment_status("2019-2020", &item, Status::Approved, None, by_reviewer)
                .unwrap());
            let a = &store.assignments("2019-2020").unwrap()[0];
            assert_eq!((a.status, a.status_by.as_str()), (Status::Approved, "rev"));
            let last = store.audit_log().unwrap().pop().unwrap();
            assert_eq!(last.action, "set_status");
            assert!(last.before.unwrap().contains("\"open\""));
            assert!(last.after.unwrap().contains("\"approved\""));
        });
    }
}

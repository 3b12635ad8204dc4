//! The portal's tables: accounts, sessions, login attempts, opened cycles, assignments, actors'
//! texts and report builds. Every change is audited (never with a password hash or a token).

use rusqlite::{params, OptionalExtension, Row};

use crate::{audit, json, Result, Store};

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub actor: Option<String>,
    pub lang: String,
    pub active: bool,
    pub created_at: String,
}

/// A browser session, anonymous when `user_id` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: Option<i64>,
    pub csrf: String,
    pub lang: String,
    pub created_at: String,
    pub expires_at: String,
}

/// What an actor owes in a cycle, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRow {
    pub cycle: String,
    pub kind: String,
    pub item: String,
    pub actor: String,
    pub deadline: String,
    pub status: String,
    pub comment: Option<String>,
    pub status_at: String,
    pub status_by: String,
}

/// An actor's text of a section in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeRow {
    pub cycle: String,
    pub section: String,
    pub actor: String,
    pub lang: String,
    pub markdown: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A built report file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportBuildRow {
    pub id: i64,
    pub cycle: String,
    pub lang: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub built_at: String,
    pub built_by: String,
    pub published: bool,
}

/// A cycle opened in the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalCycleRow {
    pub id: String,
    pub opened_at: String,
    pub opened_by: String,
}

fn user_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        name: r.get(1)?,
        password_hash: r.get(2)?,
        role: r.get(3)?,
        actor: r.get(4)?,
        lang: r.get(5)?,
        active: r.get(6)?,
        created_at: r.get(7)?,
    })
}

const USER_COLUMNS: &str = "id, name, password_hash, role, actor, lang, active, created_at";

fn user_json(name: &str, role: &str, actor: Option<&str>, lang: &str, active: bool) -> String {
    json(&serde_json::json!({"name": name, "role": role, "actor": actor, "lang": lang, "active": active}))
}

fn assignment_row(r: &Row<'_>) -> rusqlite::Result<AssignmentRow> {
    Ok(AssignmentRow {
        cycle: r.get(0)?,
        kind: r.get(1)?,
        item: r.get(2)?,
        actor: r.get(3)?,
        deadline: r.get(4)?,
        status: r.get(5)?,
        comment: r.get(6)?,
        status_at: r.get(7)?,
        status_by: r.get(8)?,
    })
}

const ASSIGNMENT_COLUMNS: &str = "cycle, kind, item, actor, deadline, status, comment, status_at, status_by";

fn assignment_json(a: &AssignmentRow) -> String {
    json(&serde_json::json!({
        "deadline": a.deadline, "status": a.status, "comment": a.comment,
    }))
}

fn report_build_row(r: &Row<'_>) -> rusqlite::Result<ReportBuildRow> {
    Ok(ReportBuildRow {
        id: r.get(0)?,
        cycle: r.get(1)?,
        lang: r.get(2)?,
        format: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        built_at: r.get(6)?,
        built_by: r.get(7)?,
        published: r.get(8)?,
    })
}

const REPORT_BUILD_COLUMNS: &str =
    "id, cycle, lang, format, length(bytes), sha256, built_at, built_by, published";

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub actor: Option<&'a str>,
    pub lang: &'a str,
}

impl Store {
    /// Creates an account, audited; `None` when the name is taken.
    pub fn add_user(&mut self, user: &NewUser<'_>, at: &str, by: &str) -> Result<Option<i64>> {
        let tx = self.conn.transaction()?;
        let taken: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?1)", [user.name], |r| {
                r.get(0)
            })?;
        if taken {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO app_user (name, password_hash, role, actor, lang, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
            params![user.name, user.password_hash, user.role, user.actor, user.lang, at],
        )?;
        let id = tx.last_insert_rowid();
        let after = user_json(user.name, user.role, user.actor, user.lang, true);
        audit(&tx, at, by, "add_user", "user", user.name, None, Some(after))?;
        tx.commit()?;
        Ok(Some(id))
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE name = ?1");
        Ok(self.conn.query_row(&sql, [name], user_row).optional()?)
    }

    pub fn user(&self, id: i64) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], user_row).optional()?)
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY name");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes an account's role, actor and whether it may log in, audited; a deactivated
    /// account loses its sessions. Returns false when there is no such account.
    pub fn update_user(
        &mut self,
        id: i64,
        role: &str,
        actor: Option<&str>,
        active: bool,
        at: &str,
        by: &str,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1");
        let Some(before) = tx.query_row(&sql, [id], user_row).optional()? else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE app_user SET role = ?2, actor = ?3, active = ?4 WHERE id = ?1",
            params![id, role, actor, active],
        )?;
        if !active || before.role != role || before.actor.as_deref() != actor {
            tx.execute("DELETE FROM web_session WHERE user_id = ?1", [id])?;
        }
        audit(
            &tx,
            at,
            by,
            "update_user",
            "user",
            &before.name,
            Some(user_json(&before.name, &before.role, before.actor.as_deref(), &before.lang, before.active)),
            Some(user_json(&before.name, role, actor, &before.lang, active)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Replaces an account's password hash and ends its other sessions, audited (without the
    /// hash).
    pub fn set_password(&mut self, id: i64, password_hash: &str, at: &str, by: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let name: Option<String> =
            tx.query_row("SELECT name FROM app_user WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let Some(name) = name else { return Ok(false) };
        tx.execute("UPDATE app_user SET password_hash = ?2 WHERE id = ?1", params![id, password_hash])?;
        tx.execute("DELETE FROM web_session WHERE user_id = ?1", [id])?;
        audit(&tx, at, by, "set_password", "user", &name, None, Some(json("password changed")))?;
        tx.commit()?;
        Ok(true)
    }

    /// Remembers an account's interface language, audited.
    pub fn set_user_lang(&mut self, id: i64, lang: &str, at: &str, by: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        let before: Option<(String, String)> = tx
            .query_row("SELECT name, lang FROM app_user WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((name, old)) = before {
            if old != lang {
                tx.execute("UPDATE app_user SET lang = ?2 WHERE id = ?1", params![id, lang])?;
                audit(&tx, at, by, "set_language", "user", &name, Some(json(&old)), Some(json(lang)))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn create_session(&mut self, session: &SessionRow) -> Result<()> {
        self.conn.execute(
            "INSERT INTO web_session (token_hash, user_id, csrf, lang, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                session.token_hash,
                session.user_id,
                session.csrf,
                session.lang,
                session.created_at,
                session.expires_at
            ],
        )?;
        Ok(())
    }

    /// The session with this token hash, if it has not expired at `now`.
    pub fn session(&self, token_hash: &str, now: &str) -> Result<Option<SessionRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT token_hash, user_id, csrf, lang, created_at, expires_at FROM web_session WHERE token_hash = ?1 AND expires_at > ?2",
                params![token_hash, now],
                |r| {
                    Ok(SessionRow {
                        token_hash: r.get(0)?,
                        user_id: r.get(1)?,
                        csrf: r.get(2)?,
                        lang: r.get(3)?,
                        created_at: r.get(4)?,
                        expires_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn set_session_lang(&mut self, token_hash: &str, lang: &str) -> Result<()> {
        self.conn
            .execute("UPDATE web_session SET lang = ?2 WHERE token_hash = ?1", params![token_hash, lang])?;
        Ok(())
    }

    /// Ends a session (logout, or a login that replaces an anonymous session).
    pub fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        self.conn.execute("DELETE FROM web_session WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Forgets expired sessions and login attempts older than `before`.
    pub fn purge_sessions(&mut self, now: &str, attempts_before: &str) -> Result<()> {
        self.conn.execute("DELETE FROM web_session WHERE expires_at <= ?1", [now])?;
        self.conn.execute("DELETE FROM login_attempt WHERE at < ?1", [attempts_before])?;
        Ok(())
    }

    /// Records a login attempt; a successful one is audited too.
    pub fn record_login_attempt(&mut self, name: &str, addr: &str, at: &str, ok: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO login_attempt (name, addr, at, ok) VALUES (?1, ?2, ?3, ?4)",
            params![name, addr, at, ok],
        )?;
        let action = if ok { "login" } else { "login_failed" };
        audit(&tx, at, name, action, "user", name, None, Some(json(addr)))?;
        tx.commit()?;
        Ok(())
    }

    /// Failed login attempts since `since`: for this account name, and from this address.
    pub fn failed_logins_since(&self, name: &str, addr: &str, since: &str) -> Result<(i64, i64)> {
        let count = |column: &str, value: &str| -> Result<i64> {
            Ok(self.conn.query_row(
                &format!("SELECT count(*) FROM login_attempt WHERE {column} = ?1 AND at >= ?2 AND ok = 0"),
                params![value, since],
                |r| r.get(0),
            )?)
        };
        Ok((count("name", name)?, count("addr", addr)?))
    }

    /// Opens a catalog cycle for collection, audited; false when it is open already.
    pub fn open_portal_cycle(&mut self, id: &str, at: &str, by: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO portal_cycle (id, opened_at, opened_by) VALUES (?1, ?2, ?3)",
            params![id, at, by],
        )?;
        if inserted == 1 {
            audit(&tx, at, by, "open_cycle", "cycle", id, None, Some(json(at)))?;
        }
        tx.commit()?;
        Ok(inserted == 1)
    }

    pub fn portal_cycles(&self) -> Result<Vec<PortalCycleRow>> {
        let mut statement =
            self.conn.prepare("SELECT id, opened_at, opened_by FROM portal_cycle ORDER BY id")?;
        let rows = statement.query_map([], |r| {
            Ok(PortalCycleRow { id: r.get(0)?, opened_at: r.get(1)?, opened_by: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates an assignment or changes its deadline, audited.
    #[allow(clippy::too_many_arguments)]
    pub fn assign(
        &mut self,
        cycle: &str,
        kind: &str,
        item: &str,
        actor: &str,
        deadline: &str,
        at: &str,
        by: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let sql = format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM assignment WHERE cycle = ?1 AND kind = ?2 AND item = ?3 AND actor = ?4"
        );
        let before = tx.query_row(&sql, params![cycle, kind, item, actor], assignment_row).optional()?;
        let after = match &before {
            Some(b) => AssignmentRow { deadline: deadline.to_string(), ..b.clone() },
            None => AssignmentRow {
                cycle: cycle.to_string(),
                kind: kind.to_string(),
                item: item.to_string(),
                actor: actor.to_string(),
                deadline: deadline.to_string(),
                status: "open".to_string(),
                comment: None,
                status_at: at.to_string(),
                status_by: by.to_string(),
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
                after.kind,
                after.item,
                after.actor,
                after.deadline,
                after.status,
                after.comment,
                after.status_at,
                after.status_by
            ],
        )?;
        audit(
            &tx,
            at,
            by,
            "assign",
            "assignment",
            &format!("{cycle}/{kind}/{item}/{actor}"),
            before.as_ref().map(assignment_json),
            Some(assignment_json(&after)),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The assignments of a cycle, by actor, kind and item.
    pub fn assignments(&self, cycle: &str) -> Result<Vec<AssignmentRow>> {
        let sql = format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM assignment WHERE cycle = ?1 ORDER BY actor, kind, item"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([cycle], assignment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves an assignment to `status` with an optional comment, audited. Returns false when
    /// there is no such assignment.
    #[allow(clippy::too_many_arguments)]
    pub fn set_assignment_status(
        &mut self,
        cycle: &str,
        kind: &str,
        item: &str,
        actor: &str,
        status: &str,
        comment: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let sql = format!(
            "SELECT {ASSIGNMENT_COLUMNS} FROM assignment WHERE cycle = ?1 AND kind = ?2 AND item = ?3 AND actor = ?4"
        );
        let Some(before) =
            tx.query_row(&sql, params![cycle, kind, item, actor], assignment_row).optional()?
        else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE assignment SET status = ?5, comment = ?6, status_at = ?7, status_by = ?8
             WHERE cycle = ?1 AND kind = ?2 AND item = ?3 AND actor = ?4",
            params![cycle, kind, item, actor, status, comment, at, by],
        )?;
        let after = AssignmentRow {
            status: status.to_string(),
            comment: comment.map(str::to_string),
            status_at: at.to_string(),
            status_by: by.to_string(),
            ..before.clone()
        };
        audit(
            &tx,
            at,
            by,
            "set_status",
            "assignment",
            &format!("{cycle}/{kind}/{item}/{actor}"),
            Some(assignment_json(&before)),
            Some(assignment_json(&after)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Saves an actor's text of a section in one language, audited with before and after.
    /// Returns false when the text was already exactly this.
    #[allow(clippy::too_many_arguments)]
    pub fn save_narrative(
        &mut self,
        cycle: &str,
        section: &str,
        actor: &str,
        lang: &str,
        markdown: &str,
        at: &str,
        by: &str,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let before: Option<String> = tx
            .query_row(
                "SELECT markdown FROM narrative_text WHERE cycle = ?1 AND section = ?2 AND actor = ?3 AND lang = ?4",
                params![cycle, section, actor, lang],
                |r| r.get(0),
            )
            .optional()?;
        if before.as_deref() == Some(markdown) {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO narrative_text (cycle, section, actor, lang, markdown, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (cycle, section, actor, lang) DO UPDATE SET markdown = excluded.markdown,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![cycle, section, actor, lang, markdown, at, by],
        )?;
        audit(
            &tx,
            at,
            by,
            "save_text",
            "narrative",
            &format!("{cycle}/{section}/{actor}/{lang}"),
            before.map(|b| json(&b)),
            Some(json(markdown)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The texts saved in the portal for a cycle.
    pub fn narratives(&self, cycle: &str) -> Result<Vec<NarrativeRow>> {
        let mut statement = self.conn.prepare(
            "SELECT cycle, section, actor, lang, markdown, updated_at, updated_by FROM narrative_text
             WHERE cycle = ?1 ORDER BY section, actor, lang",
        )?;
        let rows = statement.query_map([cycle], |r| {
            Ok(NarrativeRow {
                cycle: r.get(0)?,
                section: r.get(1)?,
                actor: r.get(2)?,
                lang: r.get(3)?,
                markdown: r.get(4)?,
                updated_at: r.get(5)?,
                updated_by: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a built report file, audited (its hash and size, not its bytes).
    #[allow(clippy::too_many_arguments)]
    pub fn save_report_build(
        &mut self,
        cycle: &str,
        lang: &str,
        format: &str,
        bytes: &[u8],
        sha256: &str,
        at: &str,
        by: &str,
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO report_build (cycle, lang, format, bytes, sha256, built_at, built_by, published)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![cycle, lang, format, bytes, sha256, at, by],
        )?;
        let id = tx.last_insert_rowid();
        let after = json(
            &serde_json::json!({"lang": lang, "format": format, "sha256": sha256, "bytes": bytes.len()}),
        );
        audit(&tx, at, by, "build_report", "report_build", &id.to_string(), None, Some(after))?;
        tx.commit()?;
        Ok(id)
    }

    /// The report builds of a cycle, newest first.
    pub fn report_builds(&self, cycle: &str) -> Result<Vec<ReportBuildRow>> {
        let sql =
            format!("SELECT {REPORT_BUILD_COLUMNS} FROM report_build WHERE cycle = ?1 ORDER BY id DESC");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([cycle], report_build_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every published report build, newest first.
    pub fn published_builds(&self) -> Result<Vec<ReportBuildRow>> {
        let sql =
            format!("SELECT {REPORT_BUILD_COLUMNS} FROM report_build WHERE published = 1 ORDER BY id DESC");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], report_build_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One build with its bytes.
    pub fn report_build(&self, id: i64) -> Result<Option<(ReportBuildRow, Vec<u8>)>> {
        let sql = format!("SELECT {REPORT_BUILD_COLUMNS}, bytes FROM report_build WHERE id = ?1");
        Ok(self
            .conn
            .query_row(&sql, [id], |r| Ok((report_build_row(r)?, r.get::<_, Vec<u8>>(9)?)))
            .optional()?)
    }

    /// Publishes a build, audited; false when there is no such build.
    pub fn publish_build(&mut self, id: i64, at: &str, by: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let changed =
            tx.execute("UPDATE report_build SET published = 1 WHERE id = ?1 AND published = 0", [id])?;
        if changed == 1 {
            audit(
                &tx,
                at,
                by,
                "publish",
                "report_build",
                &id.to_string(),
                Some(json(&false)),
                Some(json(&true)),
            )?;
        }
        tx.commit()?;
        Ok(changed == 1)
    }

    /// A page of the audit log, newest first, optionally only entries whose who, action, entity
    /// or key contains `filter`; with the number of matching entries.
    pub fn audit_page(&self, filter: &str, offset: i64, limit: i64) -> Result<(Vec<crate::AuditEntry>, i64)> {
        let pattern = format!("%{}%", filter.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let condition = "(who LIKE ?1 ESCAPE '\\' OR action LIKE ?1 ESCAPE '\\' OR entity LIKE ?1 ESCAPE '\\' OR entity_key LIKE ?1 ESCAPE '\\')";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM audit_log WHERE {condition}"),
            [&pattern],
            |r| r.get(0),
        )?;
        let mut statement = self.conn.prepare(&format!(
            "SELECT id, at, who, action, entity, entity_key, before, after FROM audit_log WHERE {condition}
             ORDER BY id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = statement.query_map(params![pattern, limit, offset], crate::audit_entry)?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_user() -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let user = NewUser {
            name: "an.coord",
            password_hash: "$argon2id$x",
            role: "coordinator",
            actor: None,
            lang: "nl",
        };
        let id = store.add_user(&user, "2026-01-01T00:00:00Z", "cli").unwrap().unwrap();
        (store, id)
    }

    #[test]
    fn a_taken_name_is_refused_and_the_audit_never_holds_the_hash() {
        let (mut store, _) = store_with_user();
        let again = NewUser { name: "an.coord", password_hash: "h", role: "reader", actor: None, lang: "fr" };
        assert_eq!(store.add_user(&again, "2026-01-01T00:00:01Z", "cli").unwrap(), None);
        let log = store.audit_log().unwrap();
        assert_eq!(log.len(), 1);
        assert!(!log[0].after.as_deref().unwrap().contains("argon2"));
    }

    #[test]
    fn the_schema_refuses_an_actor_user_without_actor() {
        let mut store = Store::open_in_memory().unwrap();
        let user = NewUser { name: "x", password_hash: "h", role: "contributor", actor: None, lang: "nl" };
        assert!(store.add_user(&user, "2026-01-01T00:00:00Z", "cli").is_err());
        assert!(store.users().unwrap().is_empty());
    }

    #[test]
    fn sessions_expire_and_end_when_the_role_changes() {
        let (mut store, id) = store_with_user();
        let session = SessionRow {
            token_hash: "t".into(),
            user_id: Some(id),
            csrf: "c".into(),
            lang: "nl".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            expires_at: "2026-01-01T08:00:00Z".into(),
        };
        store.create_session(&session).unwrap();
        assert!(store.session("t", "2026-01-01T07:59:59Z").unwrap().is_some());
        assert!(store.session("t", "2026-01-01T08:00:00Z").unwrap().is_none());
        store.update_user(id, "reader", None, true, "2026-01-01T01:00:00Z", "cli").unwrap();
        assert!(store.session("t", "2026-01-01T02:00:00Z").unwrap().is_none());
    }

    #[test]
    fn assignment_status_changes_are_audited_with_before_and_after() {
        let (mut store, _) = store_with_user();
        store.open_portal_cycle("2019-2020", "2026-01-01T00:00:00Z", "an.coord").unwrap();
        store
            .assign(
                "2019-2020",
                "cube",
                "police_thb_findings",
                "police",
                "2026-03-01",
                "2026-01-01T00:00:00Z",
                "an.coord",
            )
            .unwrap();
        assert!(store
            .set_assignment_status(
                "2019-2020",
                "cube",
                "police_thb_findings",
                "police",
                "approved",
                None,
                "2026-01-02T00:00:00Z",
                "rev"
            )
            .unwrap());
        let a = &store.assignments("2019-2020").unwrap()[0];
        assert_eq!((a.status.as_str(), a.status_by.as_str()), ("approved", "rev"));
        let last = store.audit_log().unwrap().pop().unwrap();
        assert_eq!(last.action, "set_status");
        assert!(last.before.unwrap().contains("\"open\""));
        assert!(last.after.unwrap().contains("\"approved\""));
    }
}

//! The portal's accounts: name, password hash, role, actor, language, whether it may log in.
//! Every change is audited, never with the hash.

use crate::db::{params, Row};
use rapporteur_domain::access::Role;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub actor: Option<String>,
    pub lang: String,
    pub active: bool,
    pub created_at: String,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub actor: Option<&'a str>,
    pub lang: &'a str,
}

const USER_COLUMNS: &str = "id, name, password_hash, role, actor, lang, active, created_at";

fn user_row(r: &Row<'_>) -> crate::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        name: r.get(1)?,
        password_hash: r.get(2)?,
        role: crate::parsed(r, 3, Role::parse)?,
        actor: r.get(4)?,
        lang: r.get(5)?,
        active: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn user_json(name: &str, role: Role, actor: Option<&str>, lang: &str, active: bool) -> String {
    json(
        &serde_json::json!({"name": name, "role": role.as_str(), "actor": actor, "lang": lang, "active": active}),
    )
}

impl Store {
    /// Creates an account, audited; `None` when the name is taken.
    pub fn add_user(&mut self, user: &NewUser<'_>, stamp: Stamp<'_>) -> Result<Option<i64>> {
        let tx = self.begin_write()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?1)",
            params![user.name],
            |r| r.get(0),
        )?;
        if taken {
            return Ok(None);
        }
        let id = tx.insert(
            "INSERT INTO app_user (name, password_hash, role, actor, lang, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
            params![user.name, user.password_hash, user.role.as_str(), user.actor, user.lang, stamp.at],
        )?;
        let after = user_json(user.name, user.role, user.actor, user.lang, true);
        audit(&tx, stamp, "add_user", "user", user.name, None, Some(after))?;
        tx.commit()?;
        Ok(Some(id))
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE name = ?1");
        self.conn.query_opt(&sql, params![name], user_row)
    }

    pub fn user(&self, id: i64) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1");
        self.conn.query_opt(&sql, params![id], user_row)
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY name");
        let rows = self.conn.query(&sql, params![], user_row)?;
        Ok(rows.into_iter().collect())
    }

    /// Changes an account's role, actor and whether it may log in, audited; a deactivated
    /// account, or one whose role or actor changed, loses its sessions. Returns false when
    /// there is no such account.
    pub fn update_user(
        &mut self,
        id: i64,
        role: Role,
        actor: Option<&str>,
        active: bool,
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = ?1");
        let Some(before) = tx.query_opt(&sql, params![id], user_row)? else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE app_user SET role = ?2, actor = ?3, active = ?4 WHERE id = ?1",
            params![id, role.as_str(), actor, active],
        )?;
        if !active || before.role != role || before.actor.as_deref() != actor {
            tx.execute("DELETE FROM web_session WHERE user_id = ?1", params![id])?;
        }
        audit(
            &tx,
            stamp,
            "update_user",
            "user",
            &before.name,
            Some(user_json(&before.name, before.role, before.actor.as_deref(), &before.lang, before.active)),
            Some(user_json(&before.name, role, actor, &before.lang, active)),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Replaces an account's password hash and ends its sessions, audited (without the hash).
    pub fn set_password(&mut self, id: i64, password_hash: &str, stamp: Stamp<'_>) -> Result<bool> {
        let tx = self.begin_write()?;
        let name: Option<String> =
            tx.query_opt("SELECT name FROM app_user WHERE id = ?1", params![id], |r| r.get(0))?;
        let Some(name) = name else { return Ok(false) };
        tx.execute("UPDATE app_user SET password_hash = ?2 WHERE id = ?1", params![id, password_hash])?;
        tx.execute("DELETE FROM web_session WHERE user_id = ?1", params![id])?;
        audit(&tx, stamp, "set_password", "user", &name, None, Some(json("password changed")))?;
        tx.commit()?;
        Ok(true)
    }

    /// Remembers an account's interface language, audited.
    pub fn set_user_lang(&mut self, id: i64, lang: &str, stamp: Stamp<'_>) -> Result<()> {
        let tx = self.begin_write()?;
        let before: Option<(String, String)> =
            tx.query_opt("SELECT name, lang FROM app_user WHERE id = ?1", params![id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if let Some((name, old)) = before {
            if old != lang {
                tx.execute("UPDATE app_user SET lang = ?2 WHERE id = ?1", params![id, lang])?;
                audit(&tx, stamp, "set_language", "user", &name, Some(json(&old)), Some(json(lang)))?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::each_engine;
    use crate::SessionRow;

    pub(crate) fn with_user(mut store: Store) -> (Store, i64) {
        let user = NewUser {
            name: "an.coord",
            password_hash: "$argon2id$x",
            role: Role::Coordinator,
            actor: None,
            lang: "nl",
        };
        let id = store.add_user(&user, Stamp { at: "2026-01-01T00:00:00Z", by: "cli" }).unwrap().unwrap();
        (store, id)
    }

    #[test]
    fn a_taken_name_is_refused_and_the_audit_never_holds_the_hash() {
        each_engine(|store| {
            let (mut store, _) = with_user(store);
            let again =
                NewUser { name: "an.coord", password_hash: "h", role: Role::Reader, actor: None, lang: "fr" };
            assert_eq!(
                store.add_user(&again, Stamp { at: "2026-01-01T00:00:01Z", by: "cli" }).unwrap(),
                None
            );
            let log = store.audit_log().unwrap();
            assert_eq!(log.len(), 1);
            assert!(!log[0].after.as_deref().unwrap().contains("argon2"));
        });
    }

    #[test]
    fn the_schema_refuses_an_actor_user_without_actor() {
        each_engine(|mut store| {
            let user =
                NewUser { name: "x", password_hash: "h", role: Role::Contributor, actor: None, lang: "nl" };
            assert!(store.add_user(&user, Stamp { at: "2026-01-01T00:00:00Z", by: "cli" }).is_err());
            assert!(store.users().unwrap().is_empty());
        });
    }

    #[test]
    fn sessions_expire_and_end_when_the_role_changes() {
        each_engine(|store| {
            let (mut store, id) = with_user(store);
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
            store
                .update_user(id, Role::Reader, None, true, Stamp { at: "2026-01-01T01:00:00Z", by: "cli" })
                .unwrap();
            assert!(store.session("t", "2026-01-01T02:00:00Z").unwrap().is_none());
        });
    }
}

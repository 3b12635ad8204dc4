//! Browser sessions of the portal: stored as the SHA-256 of their token (never the token), with
//! the CSRF token, the interface language and when they expire.

use crate::db::params;

use crate::{Result, Store};

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

impl Store {
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
        self
            .conn
            .query_opt(
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
    }

    pub fn set_session_lang(&mut self, token_hash: &str, lang: &str) -> Result<()> {
        self.conn
            .execute("UPDATE web_session SET lang = ?2 WHERE token_hash = ?1", params![token_hash, lang])?;
        Ok(())
    }

    /// Ends a session (logout, or a login that replaces an anonymous session).
    pub fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        self.conn.execute("DELETE FROM web_session WHERE token_hash = ?1", params![token_hash])?;
        Ok(())
    }

    /// Forgets the sessions expired at `now`.
    pub fn purge_sessions(&mut self, now: &str) -> Result<()> {
        self.conn.execute("DELETE FROM web_session WHERE expires_at <= ?1", params![now])?;
        Ok(())
    }
}

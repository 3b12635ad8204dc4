//! API tokens of actors' systems: stored as the SHA-256 of the token (never the token), with
//! their role and actor; issuing, revoking and every use are audited (never with the hash). And
//! the first answer the API gave to each submission, for a retry to get it again.

use crate::db::{params, Row};
use rapporteur_domain::access::Role;

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// A token as stored (without its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    pub id: i64,
    pub label: String,
    pub role: Role,
    pub actor: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
    pub last_used_at: Option<String>,
}

/// A new token.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    pub label: &'a str,
    pub token_hash: &'a str,
    pub role: Role,
    pub actor: Option<&'a str>,
}

/// The answer kept for a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSubmissionRow {
    pub request_sha256: String,
    pub status: u16,
    pub response: String,
    pub created_at: String,
}

const TOKEN_COLUMNS: &str =
    "id, label, role, actor, created_at, created_by, revoked_at, revoked_by, last_used_at";

fn token_row(r: &Row<'_>) -> crate::Result<ApiTokenRow> {
    Ok(ApiTokenRow {
        id: r.get(0)?,
        label: r.get(1)?,
        role: crate::parsed(r, 2, Role::parse)?,
        actor: r.get(3)?,
        created_at: r.get(4)?,
        created_by: r.get(5)?,
        revoked_at: r.get(6)?,
        revoked_by: r.get(7)?,
        last_used_at: r.get(8)?,
    })
}

impl Store {
    /// Stores a new token, audited (label, role and actor; never the hash); `None` when the
    /// label is taken.
    pub fn add_api_token(&mut self, token: &NewApiToken<'_>, stamp: Stamp<'_>) -> Result<Option<i64>> {
        let tx = self.begin_write()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM api_token WHERE label = ?1)",
            params![token.label],
            |r| r.get(0),
        )?;
        if taken {
            return Ok(None);
        }
        let id = tx.insert(
            "INSERT INTO api_token (label, token_hash, role, actor, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token.label, token.token_hash, token.role.as_str(), token.actor, stamp.at, stamp.by],
        )?;
        let after = json(&serde_json::json!({
            "id": id, "label": token.label, "role": token.role.as_str(), "actor": token.actor
        }));
        audit(&tx, stamp, "issue_api_token", "api_token", token.label, None, Some(after))?;
        tx.commit()?;
        Ok(Some(id))
    }

    /// Every token, by label.
    pub fn api_tokens(&self) -> Result<Vec<ApiTokenRow>> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_token ORDER BY label");
        let rows = self.conn.query(&sql, params![], token_row)?;
        Ok(rows.into_iter().collect())
    }

    /// The token with this hash, revoked or not.
    pub fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiTokenRow>> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_token WHERE token_hash = ?1");
        self.conn.query_opt(&sql, params![token_hash], token_row)
    }

    /// The token with this label.
    pub fn api_token_by_label(&self, label: &str) -> Result<Option<ApiTokenRow>> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_token WHERE label = ?1");
        self.conn.query_opt(&sql, params![label], token_row)
    }

    /// Revokes a token, audited; false when there is none or it is revoked already.
    pub fn revoke_api_token(&mut self, id: i64, stamp: Stamp<'_>) -> Result<bool> {
        let tx = self.begin_write()?;
        let label: Option<String> = tx.query_opt(
            "SELECT label FROM api_token WHERE id = ?1 AND revoked_at IS NULL",
            params![id],
            |r| r.get(0),
        )?;
        let Some(label) = label else { return Ok(false) };
        tx.execute(
            "UPDATE api_token SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1",
            params![id, stamp.at, stamp.by],
        )?;
        let after = json(&serde_json::json!({"id": id, "revoked_at": stamp.at}));
        audit(&tx, stamp, "revoke_api_token", "api_token", &label, None, Some(after))?;
        tx.commit()?;
        Ok(true)
    }

    /// Records one use of a token (`what`: the method and path it was used for), audited under
    /// the token's name in `stamp`.
    pub fn record_api_token_use(&mut self, id: i64, label: &str, what: &str, stamp: Stamp<'_>) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute("UPDATE api_token SET last_used_at = ?2 WHERE id = ?1", params![id, stamp.at])?;
        let after = json(&serde_json::json!({"request": what}));
        audit(&tx, stamp, "use_api_token", "api_token", label, None, Some(after))?;
        tx.commit()?;
        Ok(())
    }

    /// The answer kept for token `token_id`'s submission under `key`.
    pub fn api_submission(&self, token_id: i64, key: &str) -> Result<Option<ApiSubmissionRow>> {
        self
            .conn
            .query_opt(
                "SELECT request_sha256, status, response, created_at FROM api_submission WHERE token_id = ?1 AND idempotency_key = ?2",
                params![token_id, key],
                |r| {
                    Ok(ApiSubmissionRow {
                        request_sha256: r.get(0)?,
                        status: r.get(1)?,
                        response: r.get(2)?,
                        created_at: r.get(3)?,
                    })
                },
            )
    }

    /// Keeps the answer to a submission (the first one: a key already kept is left as it is),
    /// and forgets the answers kept since before `forget_before`.
    pub fn save_api_submission(
        &mut self,
        token_id: i64,
        key: &str,
        answer: &ApiSubmissionRow,
        forget_before: &str,
    ) -> Result<()> {
        let tx = self.begin_write()?;
        tx.execute("DELETE FROM api_submission WHERE created_at < ?1", params![forget_before])?;
        tx.execute(
            "INSERT INTO api_submission (token_id, idempotency_key, request_sha256, status, response, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![token_id, key, answer.request_sha256, answer.status, answer.response, answer.created_at],
        )?;
        tx.commit()?;
        Ok(())
    }
}

//! API tokens for actors' systems: the coordinator issues one for one role and (for an actor's
//! roles) one actor, sees and revokes them; a request's bearer token becomes its caller. The
//! store keeps only the token's SHA-256 (the token is 256 random bits, so a hash without salt
//! or stretching is enough: nobody can guess one to test against it); issuing, revoking and
//! every use are audited. And the first answer the API gave to a submission, kept so that a
//! retry gets it again and changes nothing.

use rapporteur_domain::access::{Action, ApiClient, Caller, Role};
use rapporteur_store::{ApiSubmissionRow, ApiTokenRow, NewApiToken, Stamp};
use sha2::{Digest, Sha256};

use crate::access::allow;
use crate::error::{refuse, PortalError, Result};
use crate::sessions::random_token;
use crate::throttle::add_seconds;
use crate::App;

/// What every token starts with, so that a secret scanner (or a person) recognises one in a
/// log or a repository.
pub const API_TOKEN_PREFIX: &str = "rap_";

/// The roles a token may have: the API serves actors' systems (contributors deliver returns
/// and records, reviewers and field systems read or fill their actor's work) and readers. No
/// coordinator token exists: a standing credential to everything would outlive the person.
pub const API_TOKEN_ROLES: [Role; 4] = [Role::Contributor, Role::Reviewer, Role::Field, Role::Reader];

/// How long the answer to a submission is kept for retries, in seconds (30 days).
pub const API_ANSWER_KEPT_SECS: i64 = 30 * 24 * 3600;

/// A token as the coordinator sees it: never its secret, which only its holder has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub label: String,
    pub role: Role,
    pub actor: Option<String>,
    pub created_at: String,
    pub created_by: String,
    /// When and by whom it was revoked; a revoked token opens nothing.
    pub revoked: Option<(String, String)>,
    pub last_used_at: Option<String>,
}

/// A token just issued: its secret, shown this once and never again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub secret: String,
    pub token: ApiToken,
}

/// The first answer the API gave to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAnswer {
    /// The SHA-256 of what was submitted (route, cycle, file name and body, as the API hashes
    /// them): a key used again for anything else is refused.
    pub request_sha256: String,
    pub status: u16,
    /// The answer's body as sent (JSON).
    pub body: String,
    pub at: String,
}

fn token_view(row: ApiTokenRow) -> ApiToken {
    ApiToken {
        id: row.id,
        label: row.label,
        role: row.role,
        actor: row.actor,
        created_at: row.created_at,
        created_by: row.created_by,
        revoked: row.revoked_at.zip(row.revoked_by),
        last_used_at: row.last_used_at,
    }
}

/// What the store keeps of a token.
fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A token's label: 3 to 64 ASCII letters, digits, dots, dashes or underscores (it is part of
/// the name the audit log records, `api:<label>`).
fn check_label(label: &str) -> Result<()> {
    let good = (3..=64).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if good {
        Ok(())
    } else {
        Err(refuse(PortalError::BadTokenLabel))
    }
}

impl App {
    /// Issues a token for `role` (and its actor) under `label` (coordinator only): the secret
    /// is returned this once; the store keeps its hash.
    pub fn issue_api_token(
        &mut self,
        by: &Caller,
        label: &str,
        (role, actor): (Role, Option<&str>),
    ) -> Result<IssuedToken> {
        allow(by, Action::Coordinate)?;
        check_label(label)?;
        if !API_TOKEN_ROLES.contains(&role) {
            return Err(refuse(PortalError::TokenRole(role)));
        }
        let actor = self.check_role_actor(role, actor)?;
        let secret = format!("{API_TOKEN_PREFIX}{}", random_token());
        let hash = token_hash(&secret);
        let at = self.now();
        let new = NewApiToken { label, token_hash: &hash, role, actor };
        let stamp = Stamp { at: &at, by: by.name() };
        let id = self
            .store
            .add_api_token(&new, stamp)?
            .ok_or_else(|| refuse(PortalError::LabelTaken(label.into())))?;
        let token = ApiToken {
            id,
            label: label.to_string(),
            role,
            actor: actor.map(str::to_string),
            created_at: at,
            created_by: by.name().to_string(),
            revoked: None,
            last_used_at: None,
        };
        Ok(IssuedToken { secret, token })
    }

    /// Every token, by label, without its secret (coordinator only).
    pub fn api_tokens(&self, by: &Caller) -> Result<Vec<ApiToken>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.api_tokens()?.into_iter().map(token_view).collect())
    }

    /// Revokes the token labelled `label` (coordinator only): from now on it opens nothing.
    pub fn revoke_api_token(&mut self, by: &Caller, label: &str) -> Result<()> {
        allow(by, Action::Coordinate)?;
        let unknown = || refuse(PortalError::UnknownItem { kind: "api token".into(), item: label.into() });
        let row = self.store.api_token_by_label(label)?.ok_or_else(unknown)?;
        if row.revoked_at.is_some() {
            return Err(refuse(PortalError::TokenRevoked(label.to_string())));
        }
        let at = self.now();
        if self.store.revoke_api_token(row.id, Stamp { at: &at, by: by.name() })? {
            Ok(())
        } else {
            Err(refuse(PortalError::TokenRevoked(label.to_string())))
        }
    }

    /// The caller a request's bearer token stands for, its use (`request`: method and path)
    /// recorded in the audit log. An unknown token and a revoked one are refused, and write
    /// nothing (an unknown one could be anyone's guess; a revoked one is logged by the server).
    pub fn authenticate_api(&mut self, secret: &str, request: &str) -> Result<Caller> {
        let Some(row) = self.store.api_token_by_hash(&token_hash(secret))? else {
            return Err(refuse(PortalError::TokenUnknown));
        };
        if row.revoked_at.is_some() {
            return Err(refuse(PortalError::TokenRevoked(row.label)));
        }
        let client = ApiClient::new(row.id, &row.label, row.role, row.actor.as_deref());
        let at = self.now();
        // At most this much of the request is kept (a path holds ids, never a person).
        let request: String = request.chars().take(512).collect();
        self.store.record_api_token_use(
            row.id,
            &row.label,
            &request,
            Stamp { at: &at, by: &client.audit_name },
        )?;
        Ok(Caller::Api(client))
    }

    /// The answer the API gave to `by`'s submission under `key`, if it gave one (only API
    /// tokens have them; each sees only its own).
    pub fn api_answer(&self, by: &Caller, key: &str) -> Result<Option<ApiAnswer>> {
        let Some(client) = by.api_client() else { return Ok(None) };
        Ok(self.store.api_submission(client.token_id, key)?.map(|row| ApiAnswer {
            request_sha256: row.request_sha256,
            status: row.status,
            body: row.response,
            at: row.created_at,
        }))
    }

    /// Keeps the answer to `by`'s submission under `key` for its retries (the first answer
    /// stays); answers older than [`API_ANSWER_KEPT_SECS`] are forgotten meanwhile.
    pub fn keep_api_answer(
        &mut self,
        by: &Caller,
        key: &str,
        request_sha256: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        let Some(client) = by.api_client() else { return Ok(()) };
        let at = self.now();
        let row = ApiSubmissionRow {
            request_sha256: request_sha256.to_string(),
            status,
            response: body.to_string(),
            created_at: at.clone(),
        };
        let forget_before = add_seconds(&at, -API_ANSWER_KEPT_SECS);
        Ok(self.store.save_api_submission(client.token_id, key, &row, &forget_before)?)
    }
}

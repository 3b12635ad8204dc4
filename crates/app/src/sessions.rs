//! Logins and browser sessions: a login checks a name and password (throttled), a session is
//! stored as the SHA-256 of a random token that only the browser's cookie holds.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use rapporteur_domain::access::{Action, Caller, Principal};
use rapporteur_store::{SessionRow, Stamp, UserRow};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::access::allow;
use crate::accounts::{hash_password, principal_of, verify_password};
use crate::error::Result;
use crate::throttle::add_seconds;
use crate::App;

/// How long a session lives, in seconds (a working day).
pub const SESSION_SECS: i64 = 8 * 3600;
/// The longest name an account can have; a longer typed name is kept (in the attempts and the
/// audit log) only to this length.
pub const MAX_NAME_CHARS: usize = 64;

/// How a login went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    LoggedIn(Principal),
    /// Wrong name or password (never which of the two).
    Refused,
    /// Too many failed attempts recently; try again later.
    Throttled,
}

/// A login under way: the name and address as kept, and the account if one has that name.
#[derive(Debug)]
pub struct LoginAttempt {
    name: String,
    addr: String,
    at: String,
    user: Option<UserRow>,
}

/// A login attempt whose password was checked.
#[derive(Debug)]
pub struct VerifiedLogin {
    attempt: LoginAttempt,
    ok: bool,
}

impl LoginAttempt {
    /// Checks `password` against the account's hash — without the store. Without an account,
    /// the same time is spent on a hash of nobody's, so that timing does not tell which names
    /// exist.
    pub fn verify(self, password: &str) -> VerifiedLogin {
        let ok = match &self.user {
            Some(user) => verify_password(&user.password_hash, password),
            None => {
                verify_password(
                    DUMMY_HASH.get_or_init(|| hash_password("not a password of anyone")),
                    password,
                );
                false
            }
        };
        VerifiedLogin { attempt: self, ok }
    }
}

/// The purpose under which the store keeps the login form's key.
const LOGIN_FORM_KEY: &str = "login_form";

/// A live browser session as the portal needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The token every form must send back.
    pub csrf: String,
    /// The interface language.
    pub lang: String,
    /// Its user, when logged in (and the account is still active).
    pub principal: Option<Principal>,
}

/// A fresh random token (256 bits, hex).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the store keeps of a session token.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

impl App {
    /// Checks a name and password from `addr`, throttled per name and address and per address.
    /// The three steps below, for a caller that holds the store only when it must.
    pub fn login(&mut self, name: &str, password: &str, addr: &str) -> Result<LoginOutcome> {
        match self.begin_login(name, addr)? {
            Ok(attempt) => {
                let verified = attempt.verify(password);
                self.finish_login(verified)
            }
            Err(throttled) => Ok(throttled),
        }
    }

    /// The first step of a login, with the store: refuses a throttled attempt, else finds the
    /// account. The password is checked without the store (`LoginAttempt::verify`: Argon2id
    /// takes tens of milliseconds), then `finish_login` records the outcome.
    pub fn begin_login(
        &self,
        name: &str,
        addr: &str,
    ) -> Result<std::result::Result<LoginAttempt, LoginOutcome>> {
        let now = self.now();
        // No account has a longer name: what was typed is kept only to that length, in the
        // form names are stored in (NFKC).
        let name: String = name.nfkc().take(MAX_NAME_CHARS + 1).collect();
        let addr: String = addr.chars().take(MAX_NAME_CHARS).collect();
        if self.login_throttled(&name, &addr, &now)? {
            return Ok(Err(LoginOutcome::Throttled));
        }
        let user = self.store.user_by_name(&name)?.filter(|u| u.active);
        Ok(Ok(LoginAttempt { name, addr, at: now, user }))
    }

    /// The last step of a login: records the attempt (audited) and says how it went.
    pub fn finish_login(&mut self, verified: VerifiedLogin) -> Result<LoginOutcome> {
        let VerifiedLogin { attempt, ok } = verified;
        let principal = attempt.user.as_ref().filter(|_| ok).map(principal_of);
        self.store.record_login_attempt(&attempt.name, &attempt.addr, &attempt.at, principal.is_some())?;
        Ok(principal.map_or(LoginOutcome::Refused, LoginOutcome::LoggedIn))
    }

    /// Starts the session of a user who logged in (only logged-in users have one); returns the
    /// token for the cookie. Expired sessions and attempts that no longer count go at the same
    /// time, so the tables stay as small as the portal's use.
    pub fn start_session(&mut self, principal: &Principal, lang: &str) -> Result<(String, Session)> {
        let token = random_token();
        let now = self.now();
        let row = SessionRow {
            token_hash: token_hash(&token),
            user_id: Some(principal.user_id),
            csrf: random_token(),
            lang: lang.to_string(),
            created_at: now.clone(),
            expires_at: add_seconds(&now, SESSION_SECS),
        };
        self.store.purge_sessions(&now)?;
        self.forget_old_login_attempts(&now)?;
        self.store.create_session(&row)?;
        Ok((token, Session { csrf: row.csrf, lang: row.lang, principal: Some(principal.clone()) }))
    }

    /// The live session of a cookie's token, if its user is still active.
    pub fn session(&self, token: &str) -> Result<Option<Session>> {
        let Some(row) = self.store.session(&token_hash(token), &self.now())? else { return Ok(None) };
        let Some(user) = row.user_id.map(|id| self.store.user(id)).transpose()?.flatten() else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        Ok(Some(Session { csrf: row.csrf, lang: row.lang, principal: Some(principal_of(&user)) }))
    }

    /// The key that signs the portal's login form: the store's own, made on first use, so that
    /// every portal instance on one store accepts a form another one gave out. Asked once when
    /// the portal starts, by whoever starts it (the operator); never shown to anyone.
    pub fn login_form_key(&mut self, by: &Caller) -> Result<String> {
        allow(by, Action::Coordinate)?;
        let at = self.now();
        Ok(self.store.secret(LOGIN_FORM_KEY, random_token, Stamp { at: &at, by: by.name() })?)
    }

    pub fn end_session(&mut self, token: &str) -> Result<()> {
        Ok(self.store.delete_session(&token_hash(token))?)
    }

    /// Switches the interface language of a session, and remembers it for its user.
    pub fn set_language(&mut self, token: &str, by: Option<&Caller>, lang: &str) -> Result<()> {
        self.check_language(lang)?;
        self.store.set_session_lang(&token_hash(token), lang)?;
        if let Some(principal) = by.and_then(Caller::principal) {
            let at = self.now();
            self.store.set_user_lang(principal.user_id, lang, Stamp { at: &at, by: &principal.name })?;
        }
        Ok(())
    }

    /// The language the caller's account chose.
    pub fn user_language(&self, by: &Caller) -> Result<Option<String>> {
        match by.principal() {
            Some(p) => Ok(self.store.user(p.user_id)?.map(|u| u.lang)),
            None => Ok(None),
        }
    }
}

//! Accounts and passwords: the coordinator creates and changes accounts; each user changes
//! their own password. Passwords are stored as Argon2id hashes and never leave this file.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rapporteur_domain::access::{Action, Caller, Principal, Role};
use rapporteur_store::{NewUser, Stamp, UserRow};

use crate::access::allow;
use crate::credentials::{account_name, check_distinct, check_password};
use crate::error::{refuse, PortalError, Result};
use crate::App;

/// An account as the coordinator sees it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub actor: Option<String>,
    pub lang: String,
    pub active: bool,
    pub created_at: String,
}

impl From<UserRow> for Account {
    fn from(u: UserRow) -> Account {
        Account {
            id: u.id,
            name: u.name,
            role: u.role,
            actor: u.actor,
            lang: u.lang,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// Hashes a password with Argon2id (the crate's defaults: 19 MiB, 2 passes) and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with default parameters accepts any password")
        .to_string()
}

pub(crate) fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// The policy's view of an account that may log in.
pub(crate) fn principal_of(user: &UserRow) -> Principal {
    Principal { user_id: user.id, name: user.name.clone(), role: user.role, actor: user.actor.clone() }
}

impl App {
    /// The actor of an account of `role`: required (and known) for an actor's roles, refused
    /// for the others. An empty actor is none.
    pub(crate) fn check_role_actor<'a>(&self, role: Role, actor: Option<&'a str>) -> Result<Option<&'a str>> {
        let actor = actor.filter(|a| !a.is_empty());
        match (role.has_actor(), actor) {
            (true, None) => Err(refuse(PortalError::RoleNeedsActor(role))),
            (false, Some(_)) => Err(refuse(PortalError::RoleHasNoActor(role))),
            (true, Some(actor)) => self.catalog.check_actor(actor).map(|()| Some(actor)),
            (false, None) => Ok(None),
        }
    }

    /// Creates an account (the coordinator, or the operator for the first coordinator).
    pub fn add_user(
        &mut self,
        by: &Caller,
        name: &str,
        password: &str,
        (role, actor): (Role, Option<&str>),
        lang: &str,
    ) -> Result<i64> {
        allow(by, Action::Coordinate)?;
        let name = account_name(name)?;
        check_distinct(&name, self.store.users()?.iter().map(|u| u.name.as_str()))?;
        check_password(password, &name)?;
        let actor = self.check_role_actor(role, actor)?;
        self.check_language(lang)?;
        let hash = hash_password(password);
        let at = self.now();
        let user = NewUser { name: &name, password_hash: &hash, role, actor, lang };
        self.store
            .add_user(&user, Stamp { at: &at, by: by.name() })?
            .ok_or_else(|| refuse(PortalError::NameTaken(name.clone())))
    }

    /// Changes an account's role, actor and whether it may log in (coordinator only).
    pub fn update_user(
        &mut self,
        by: &Caller,
        user_id: i64,
        (role, actor): (Role, Option<&str>),
        active: bool,
    ) -> Result<()> {
        allow(by, Action::Coordinate)?;
        let actor = self.check_role_actor(role, actor)?;
        let at = self.now();
        if self.store.update_user(user_id, role, actor, active, Stamp { at: &at, by: by.name() })? {
            Ok(())
        } else {
            Err(refuse(PortalError::UnknownItem { kind: "user".into(), item: user_id.to_string() }))
        }
    }

    /// Sets an account's password (the coordinator, e.g. for a forgotten one; users change their
    /// own with `change_own_password`). All the account's sessions end, so a stolen session does
    /// not outlive the change.
    pub fn set_password(&mut self, by: &Caller, user_id: i64, password: &str) -> Result<()> {
        allow(by, Action::Coordinate)?;
        self.store_password(by, user_id, password)
    }

    fn store_password(&mut self, by: &Caller, user_id: i64, password: &str) -> Result<()> {
        let unknown = || refuse(PortalError::UnknownItem { kind: "user".into(), item: user_id.to_string() });
        let user = self.store.user(user_id)?.ok_or_else(unknown)?;
        check_password(password, &user.name)?;
        let hash = hash_password(password);
        let at = self.now();
        if self.store.set_password(user_id, &hash, Stamp { at: &at, by: by.name() })? {
            Ok(())
        } else {
            Err(refuse(PortalError::UnknownItem { kind: "user".into(), item: user_id.to_string() }))
        }
    }

    /// Changes the portal user's own password, after checking the current one.
    pub fn change_own_password(&mut self, by: &Caller, current: &str, password: &str) -> Result<()> {
        let principal = by.principal().ok_or_else(|| refuse(PortalError::Forbidden))?;
        let user = self.store.user(principal.user_id)?.ok_or_else(|| refuse(PortalError::Forbidden))?;
        if !verify_password(&user.password_hash, current) {
            return Err(refuse(PortalError::WrongPassword));
        }
        self.store_password(by, user.id, password)
    }

    /// Every account (coordinator only).
    pub fn users(&self, by: &Caller) -> Result<Vec<Account>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.users()?.into_iter().map(Account::from).collect())
    }

    /// Whether any account exists (the first coordinator is created from the command line).
    pub fn has_accounts(&self) -> Result<bool> {
        Ok(!self.store.users()?.is_empty())
    }
}

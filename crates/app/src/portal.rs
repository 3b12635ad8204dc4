//! The portal's use cases: accounts and logins, sessions, cycles and assignments, submitting,
//! reviewing, the actors' texts, the completeness board and report builds. Every one checks the
//! access policy (`rapporteur_domain::access`) itself, so that no caller can forget it.

use std::collections::{BTreeMap, BTreeSet};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rapporteur_domain::access::{Action, Principal, Role, Status};
use rapporteur_domain::Severity;
use rapporteur_store::{AssignmentRow, NewUser, SessionRow, UserRow};
use sha2::{Digest, Sha256};

use crate::{App, AppError, Result};

/// A password shorter than this is refused.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Failed logins of one account name within the throttle window before it is refused.
pub const MAX_FAILED_PER_NAME: i64 = 5;
/// Failed logins from one address within the window before it is refused.
pub const MAX_FAILED_PER_ADDR: i64 = 20;
/// The throttle window, in seconds.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// How long a logged-in session lives, in seconds (a working day).
pub const SESSION_SECS: i64 = 8 * 3600;
/// How long an anonymous session (the login form's) lives, in seconds.
pub const ANONYMOUS_SESSION_SECS: i64 = 3600;

/// Why a portal action was refused; each says what the user can do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortalError {
    #[error("you may not do this")]
    Forbidden,
    #[error("the account name {0:?} is taken")]
    NameTaken(String),
    #[error("an account name is 3 to 64 letters, digits, dots, dashes or underscores")]
    BadName,
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error("role {0} needs an actor (contributor, reviewer and field users work for one actor)")]
    RoleNeedsActor(Role),
    #[error("role {0} has no actor")]
    RoleHasNoActor(Role),
    #[error("unknown actor {0:?}")]
    UnknownActor(String),
    #[error("unknown {kind} {item:?}")]
    UnknownItem { kind: String, item: String },
    #[error("a deadline is a date written YYYY-MM-DD, not {0:?}")]
    BadDate(String),
    #[error("cycle {0} is not open in the portal")]
    CycleNotOpen(String),
    #[error("{0} is submitted or approved and locked: a reviewer must send it back before it changes")]
    Locked(String),
    #[error("{0} is not assigned to this actor in this cycle")]
    NotAssigned(String),
    #[error("{item} cannot go from {from} to {to}")]
    BadTransition { item: String, from: String, to: String },
    #[error("{0} has no data yet: enter or upload the return first")]
    NothingDelivered(String),
    #[error(
        "{item} has {count} error(s) or warning(s) without an explanation: fix them or explain each one"
    )]
    Unexplained { item: String, count: usize },
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("sending back needs a comment that says what to change")]
    CommentNeeded,
    #[error("the file holds returns of other actors: {0}")]
    OtherActorsCubes(String),
    #[error("return {cube} is owed by its owner {owner}, not by another actor")]
    NotOwner { cube: String, owner: String },
}

/// How a login went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    LoggedIn(Principal),
    /// Wrong name or password (never which of the two).
    Refused,
    /// Too many failed attempts recently; try again later.
    Throttled,
}

/// One line of the completeness board: an assignment and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLine {
    pub assignment: AssignmentRow,
    /// Whether the actor has delivered anything for it (values, or a text).
    pub delivered: bool,
    /// Error findings on it, and those without an explanation.
    pub errors: usize,
    pub warnings: usize,
    pub unexplained: usize,
    /// Past its deadline and neither submitted nor approved.
    pub late: bool,
}

/// Per actor, how many of its assignments are in each state: the head of the completeness board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorSummary {
    pub actor: String,
    pub owed: usize,
    pub delivered: usize,
    /// With an error finding (explained or not).
    pub failing: usize,
    pub submitted: usize,
    pub approved: usize,
    pub late: usize,
}

/// The board's lines summed per actor, in actor order.
pub fn summarize(lines: &[BoardLine]) -> Vec<ActorSummary> {
    let mut by_actor: BTreeMap<&str, ActorSummary> = BTreeMap::new();
    for line in lines {
        let actor = line.assignment.actor.as_str();
        let s = by_actor
            .entry(actor)
            .or_insert_with(|| ActorSummary { actor: actor.to_string(), ..Default::default() });
        s.owed += 1;
        s.delivered += usize::from(line.delivered);
        s.failing += usize::from(line.errors > 0);
        s.submitted += usize::from(status_of(&line.assignment) == Status::Submitted);
        s.approved += usize::from(status_of(&line.assignment) == Status::Approved);
        s.late += usize::from(line.late);
    }
    by_actor.into_values().collect()
}

/// Where an assignment stands (the store holds only names the schema allows).
fn status_of(assignment: &AssignmentRow) -> Status {
    Status::parse(&assignment.status).unwrap_or(Status::Open)
}

/// Hashes a password with Argon2id (the crate's defaults: 19 MiB, 2 passes) and a random salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with default parameters accepts any password")
        .to_string()
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh random token (256 bits, hex).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the store keeps of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn principal_of(user: &UserRow) -> Option<Principal> {
    Some(Principal {
        user_id: user.id,
        name: user.name.clone(),
        role: Role::parse(&user.role)?,
        actor: user.actor.clone(),
    })
}

fn add_seconds(at: &str, seconds: i64) -> String {
    at.parse::<jiff::Timestamp>()
        .ok()
        .and_then(|t| t.checked_add(jiff::SignedDuration::from_secs(seconds)).ok())
        .map(|t| t.to_string())
        .unwrap_or_else(|| at.to_string())
}

fn forbid_unless(principal: &Principal, action: Action<'_>) -> Result<()> {
    if principal.may(action) {
        Ok(())
    } else {
        Err(AppError::Portal(PortalError::Forbidden))
    }
}

fn refuse(error: PortalError) -> AppError {
    AppError::Portal(error)
}

fn valid_name(name: &str) -> bool {
    (3..=64).contains(&name.chars().count())
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

impl App {
    fn check_actor(&self, actor: &str) -> Result<()> {
        let known = self.catalog.catalog.code_lists.get("actor").is_some_and(|l| l.get(actor).is_some());
        if known {
            Ok(())
        } else {
            Err(refuse(PortalError::UnknownActor(actor.to_string())))
        }
    }

    /// The actor of an account of `role`: required (and known) for an actor's roles, refused
    /// for the others. An empty actor is none.
    fn check_role_actor<'a>(&self, role: Role, actor: Option<&'a str>) -> Result<Option<&'a str>> {
        let actor = actor.filter(|a| !a.is_empty());
        match (role.has_actor(), actor) {
            (true, None) => Err(refuse(PortalError::RoleNeedsActor(role))),
            (false, Some(_)) => Err(refuse(PortalError::RoleHasNoActor(role))),
            (true, Some(actor)) => self.check_actor(actor).map(|()| Some(actor)),
            (false, None) => Ok(None),
        }
    }

    /// Creates an account. `by` is `None` only for the first coordinator, created from the
    /// command line; otherwise it must be the coordinator.
    pub fn add_user(
        &mut self,
        by: Option<&Principal>,
        name: &str,
        password: &str,
        role: Role,
        actor: Option<&str>,
        lang: &str,
    ) -> Result<i64> {
        if let Some(by) = by {
            forbid_unless(by, Action::Coordinate)?;
        }
        if !valid_name(name) {
            return Err(refuse(PortalError::BadName));
        }
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(refuse(PortalError::WeakPassword));
        }
        let actor = self.check_role_actor(role, actor)?;
        self.check_language(lang)?;
        let hash = hash_password(password);
        let at = self.now();
        let who = by.map_or(self.user.clone(), |p| p.name.clone());
        let user = NewUser { name, password_hash: &hash, role: role.as_str(), actor, lang };
        self.store.add_user(&user, &at, &who)?.ok_or_else(|| refuse(PortalError::NameTaken(name.to_string())))
    }

    /// Changes an account's role, actor and whether it may log in (coordinator only).
    pub fn update_user(
        &mut self,
        by: &Principal,
        user_id: i64,
        role: Role,
        actor: Option<&str>,
        active: bool,
    ) -> Result<()> {
        forbid_unless(by, Action::Coordinate)?;
        let actor = self.check_role_actor(role, actor)?;
        let at = self.now();
        if self.store.update_user(user_id, role.as_str(), actor, active, &at, &by.name)? {
            Ok(())
        } else {
            Err(refuse(PortalError::UnknownItem { kind: "user".into(), item: user_id.to_string() }))
        }
    }

    /// Sets an account's password (the coordinator, e.g. for a forgotten one; users change their
    /// own with `change_own_password`). All the account's sessions end, so a stolen session does
    /// not outlive the change.
    pub fn set_password(&mut self, by: &Principal, user_id: i64, password: &str) -> Result<()> {
        forbid_unless(by, Action::Coordinate)?;
        self.store_password(by, user_id, password)
    }

    fn store_password(&mut self, by: &Principal, user_id: i64, password: &str) -> Result<()> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(refuse(PortalError::WeakPassword));
        }
        let hash = hash_password(password);
        let at = self.now();
        if self.store.set_password(user_id, &hash, &at, &by.name)? {
            Ok(())
        } else {
            Err(refuse(PortalError::UnknownItem { kind: "user".into(), item: user_id.to_string() }))
        }
    }

    /// Changes the user's own password, after checking the current one.
    pub fn change_own_password(&mut self, by: &Principal, current: &str, password: &str) -> Result<()> {
        let user = self.store.user(by.user_id)?.ok_or_else(|| refuse(PortalError::Forbidden))?;
        if !verify_password(&user.password_hash, current) {
            return Err(refuse(PortalError::WrongPassword));
        }
        self.store_password(by, by.user_id, password)
    }

    /// Every account (coordinator only).
    pub fn users(&self, by: &Principal) -> Result<Vec<UserRow>> {
        forbid_unless(by, Action::Coordinate)?;
        Ok(self.store.users()?)
    }

    /// Checks a name and password from `addr`, throttled per name and per address.
    pub fn login(&mut self, name: &str, password: &str, addr: &str) -> Result<LoginOutcome> {
        let now = self.now();
        let since = add_seconds(&now, -THROTTLE_WINDOW_SECS);
        let (by_name, by_addr) = self.store.failed_logins_since(name, addr, &since)?;
        if by_name >= MAX_FAILED_PER_NAME || by_addr >= MAX_FAILED_PER_ADDR {
            return Ok(LoginOutcome::Throttled);
        }
        let user = self.store.user_by_name(name)?.filter(|u| u.active);
        let principal = match &user {
            Some(user) if verify_password(&user.password_hash, password) => principal_of(user),
            Some(_) => None,
            None => {
                // Spend the same time as for a real account, so that timing does not tell
                // which names exist.
                verify_password(
                    DUMMY_HASH.get_or_init(|| hash_password("not a password of anyone")),
                    password,
                );
                None
            }
        };
        self.store.record_login_attempt(name, addr, &now, principal.is_some())?;
        Ok(principal.map_or(LoginOutcome::Refused, LoginOutcome::LoggedIn))
    }

    /// Starts a session (anonymous when `user_id` is `None`); returns the token for the cookie.
    pub fn start_session(&mut self, user_id: Option<i64>, lang: &str) -> Result<(String, SessionRow)> {
        let token = random_token();
        let now = self.now();
        let lifetime = if user_id.is_some() { SESSION_SECS } else { ANONYMOUS_SESSION_SECS };
        let session = SessionRow {
            token_hash: token_hash(&token),
            user_id,
            csrf: random_token(),
            lang: lang.to_string(),
            created_at: now.clone(),
            expires_at: add_seconds(&now, lifetime),
        };
        self.store.purge_sessions(&now, &add_seconds(&now, -THROTTLE_WINDOW_SECS))?;
        self.store.create_session(&session)?;
        Ok((token, session))
    }

    /// The live session of a cookie's token, with its user if logged in and still active.
    pub fn session(&self, token: &str) -> Result<Option<(SessionRow, Option<Principal>)>> {
        let Some(session) = self.store.session(&token_hash(token), &self.now())? else { return Ok(None) };
        let principal = match session.user_id {
            Some(id) => match self.store.user(id)?.filter(|u| u.active).and_then(|u| principal_of(&u)) {
                Some(p) => Some(p),
                None => return Ok(None),
            },
            None => None,
        };
        Ok(Some((session, principal)))
    }

    pub fn end_session(&mut self, token: &str) -> Result<()> {
        Ok(self.store.delete_session(&token_hash(token))?)
    }

    /// Switches the interface language of a session, and remembers it for its user.
    pub fn set_language(&mut self, token: &str, principal: Option<&Principal>, lang: &str) -> Result<()> {
        self.check_language(lang)?;
        self.store.set_session_lang(&token_hash(token), lang)?;
        if let Some(p) = principal {
            let at = self.now();
            self.store.set_user_lang(p.user_id, lang, &at, &p.name)?;
        }
        Ok(())
    }

    /// The language an account chose.
    pub fn user_language(&self, user_id: i64) -> Result<Option<String>> {
        Ok(self.store.user(user_id)?.map(|u| u.lang))
    }

    /// Opens a catalog cycle for collection (coordinator only).
    pub fn open_cycle(&mut self, by: &Principal, cycle: &str) -> Result<bool> {
        forbid_unless(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(Some(cycle))?.id.clone();
        let at = self.now();
        Ok(self.store.open_portal_cycle(&cycle, &at, &by.name)?)
    }

    fn check_open(&self, cycle: &str) -> Result<()> {
        if self.store.portal_cycles()?.iter().any(|c| c.id == cycle) {
            Ok(())
        } else {
            Err(refuse(PortalError::CycleNotOpen(cycle.to_string())))
        }
    }

    /// Assigns a return (`kind` "cube") or a narrative section (`kind` "section") to an actor
    /// with a deadline, or moves the deadline (coordinator only).
    pub fn assign(
        &mut self,
        by: &Principal,
        cycle: &str,
        kind: &str,
        item: &str,
        actor: &str,
        deadline: &str,
    ) -> Result<()> {
        forbid_unless(by, Action::Coordinate)?;
        self.check_open(cycle)?;
        self.check_actor(actor)?;
        let known = match kind {
            // A return is owed by the actor the catalog names as its owner, and only by it.
            "cube" => match self.catalog.catalog.cubes.get(item) {
                Some(cube) if cube.owner != actor => {
                    return Err(refuse(PortalError::NotOwner {
                        cube: item.to_string(),
                        owner: cube.owner.clone(),
                    }));
                }
                found => found.is_some(),
            },
            "section" => self.section_numbers().contains(item),
            _ => false,
        };
        if !known {
            return Err(refuse(PortalError::UnknownItem { kind: kind.to_string(), item: item.to_string() }));
        }
        if deadline.parse::<jiff::civil::Date>().is_err() {
            return Err(refuse(PortalError::BadDate(deadline.to_string())));
        }
        let at = self.now();
        Ok(self.store.assign(cycle, kind, item, actor, deadline, &at, &by.name)?)
    }

    /// The numbers of the report's sections.
    pub fn section_numbers(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(outline) = &self.catalog.catalog.outline {
            for chapter in &outline.chapters {
                out.insert(chapter.number.clone());
                out.extend(chapter.sections.iter().map(|s| s.number.clone()));
            }
        }
        out
    }

    /// The assignments of a cycle that `by` may see, with where each stands at `today`
    /// (YYYY-MM-DD).
    pub fn board(&self, by: &Principal, cycle: &str, today: &str) -> Result<Vec<BoardLine>> {
        let findings = self.store.findings(cycle)?;
        let texts: BTreeSet<(String, String)> = self
            .narratives(cycle)?
            .into_iter()
            .filter(|n| !n.markdown.trim().is_empty())
            .map(|n| (n.section, n.actor))
            .collect();
        let delivered_cubes = self.store.cubes_with_observations(cycle)?;
        let mut out = Vec::new();
        for assignment in self.store.assignments(cycle)? {
            if !by.may(Action::ViewActor(&assignment.actor)) {
                continue;
            }
            let (mut errors, mut warnings, mut unexplained) = (0, 0, 0);
            if assignment.kind == "cube" {
                for stored in &findings {
                    if !stored.finding.cells.iter().any(|c| c.cube == assignment.item) {
                        continue;
                    }
                    match stored.finding.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        _ => continue,
                    }
                    if stored.acknowledgment.is_none() {
                        unexplained += 1;
                    }
                }
            }
            let delivered = match assignment.kind.as_str() {
                "cube" => delivered_cubes.contains(&assignment.item),
                _ => texts.contains(&(assignment.item.clone(), assignment.actor.clone())),
            };
            let late = assignment.deadline.as_str() < today && !status_of(&assignment).is_locked();
            out.push(BoardLine { assignment, delivered, errors, warnings, unexplained, late });
        }
        Ok(out)
    }

    fn assignment(&self, cycle: &str, kind: &str, item: &str, actor: &str) -> Result<AssignmentRow> {
        self.store
            .assignments(cycle)?
            .into_iter()
            .find(|a| a.kind == kind && a.item == item && a.actor == actor)
            .ok_or_else(|| refuse(PortalError::NotAssigned(item.to_string())))
    }

    /// Refuses a change to `cube` while any actor's assignment of it is submitted or approved.
    pub fn check_unlocked(&self, cycle: &str, kind: &str, item: &str) -> Result<()> {
        let locked = self
            .store
            .assignments(cycle)?
            .iter()
            .any(|a| a.kind == kind && a.item == item && status_of(a).is_locked());
        if locked {
            Err(refuse(PortalError::Locked(item.to_string())))
        } else {
            Ok(())
        }
    }

    /// Submits an assignment for review (the actor's contributor). A return must hold data and
    /// every error or warning on it must be fixed or explained; a section must have a text.
    pub fn submit(&mut self, by: &Principal, cycle: &str, kind: &str, item: &str, actor: &str) -> Result<()> {
        forbid_unless(by, Action::Contribute(actor))?;
        let assignment = self.assignment(cycle, kind, item, actor)?;
        if !status_of(&assignment).awaits_contributor() {
            return Err(refuse(PortalError::BadTransition {
                item: item.to_string(),
                from: assignment.status,
                to: Status::Submitted.as_str().into(),
            }));
        }
        let line = self
            .board(by, cycle, "0000-00-00")?
            .into_iter()
            .find(|l| l.assignment == assignment)
            .ok_or_else(|| refuse(PortalError::NotAssigned(item.to_string())))?;
        if !line.delivered {
            return Err(refuse(PortalError::NothingDelivered(item.to_string())));
        }
        if line.unexplained > 0 {
            return Err(refuse(PortalError::Unexplained { item: item.to_string(), count: line.unexplained }));
        }
        let at = self.now();
        let submitted = Status::Submitted.as_str();
        self.store.set_assignment_status(cycle, kind, item, actor, submitted, None, &at, &by.name)?;
        Ok(())
    }

    /// Approves a submitted assignment (locking it) or sends it back with a comment (the
    /// actor's reviewer).
    #[allow(clippy::too_many_arguments)]
    pub fn review(
        &mut self,
        by: &Principal,
        cycle: &str,
        kind: &str,
        item: &str,
        actor: &str,
        approve: bool,
        comment: &str,
    ) -> Result<()> {
        forbid_unless(by, Action::Review(actor))?;
        let assignment = self.assignment(cycle, kind, item, actor)?;
        let to = if approve { Status::Approved } else { Status::SentBack }.as_str();
        if !status_of(&assignment).awaits_review() {
            return Err(refuse(PortalError::BadTransition {
                item: item.to_string(),
                from: assignment.status,
                to: to.into(),
            }));
        }
        let comment = comment.trim();
        if !approve && comment.is_empty() {
            return Err(refuse(PortalError::CommentNeeded));
        }
        let at = self.now();
        let comment = (!comment.is_empty()).then_some(comment);
        self.store.set_assignment_status(cycle, kind, item, actor, to, comment, &at, &by.name)?;
        Ok(())
    }

    /// Saves an actor's text of a section in one language (the actor's contributor), unless
    /// the section is submitted or approved.
    pub fn save_text(
        &mut self,
        by: &Principal,
        cycle: &str,
        section: &str,
        actor: &str,
        lang: &str,
        markdown: &str,
    ) -> Result<bool> {
        forbid_unless(by, Action::Contribute(actor))?;
        self.check_language(lang)?;
        self.assignment(cycle, "section", section, actor)?;
        self.check_unlocked(cycle, "section", section)?;
        let at = self.now();
        Ok(self.store.save_narrative(cycle, section, actor, lang, markdown, &at, &by.name)?)
    }

    /// The actors' texts of a cycle: the embedded data set's, replaced by those saved in the
    /// portal.
    pub fn narratives(&self, cycle: &str) -> Result<Vec<rapporteur_report::Narrative>> {
        let mut merged: BTreeMap<(String, String, String), String> = crate::embedded_narrative(cycle)
            .into_iter()
            .map(|n| ((n.section, n.actor, n.lang), n.markdown))
            .collect();
        for saved in self.store.narratives(cycle)? {
            merged.insert((saved.section, saved.actor, saved.lang), saved.markdown);
        }
        Ok(merged
            .into_iter()
            .map(|((section, actor, lang), markdown)| rapporteur_report::Narrative {
                section,
                actor,
                lang,
                markdown,
            })
            .collect())
    }

    /// Stores a built report file (coordinator only).
    pub fn save_report_build(
        &mut self,
        by: &Principal,
        cycle: &str,
        lang: &str,
        format: &str,
        bytes: &[u8],
    ) -> Result<i64> {
        forbid_unless(by, Action::Coordinate)?;
        let at = self.now();
        let sha = hex::encode(Sha256::digest(bytes));
        Ok(self.store.save_report_build(cycle, lang, format, bytes, &sha, &at, &by.name)?)
    }

    /// Publishes a build (coordinator only).
    pub fn publish_build(&mut self, by: &Principal, id: i64) -> Result<bool> {
        forbid_unless(by, Action::Coordinate)?;
        let at = self.now();
        Ok(self.store.publish_build(id, &at, &by.name)?)
    }

    /// A report build's bytes: any build for the coordinator, published builds for everyone.
    pub fn report_build(
        &self,
        by: &Principal,
        id: i64,
    ) -> Result<Option<(rapporteur_store::ReportBuildRow, Vec<u8>)>> {
        let build = self.store.report_build(id)?;
        Ok(build.filter(|(row, _)| row.published || by.may(Action::Coordinate)))
    }

    /// An explanation of a finding by the actor concerned (its contributor).
    pub fn acknowledge_as(
        &mut self,
        by: &Principal,
        cycle: &str,
        key: &str,
        explanation: &str,
    ) -> Result<()> {
        let finding = self
            .store
            .findings(cycle)?
            .into_iter()
            .find(|f| f.finding.key == key)
            .ok_or_else(|| AppError::UnknownFinding { key: key.to_string(), cycle: cycle.to_string() })?;
        let owners: BTreeSet<&str> = finding
            .finding
            .cells
            .iter()
            .filter_map(|c| self.catalog.catalog.cubes.get(&c.cube).map(|cube| cube.owner.as_str()))
            .collect();
        if !owners.iter().any(|owner| by.may(Action::Contribute(owner))) {
            return Err(refuse(PortalError::Forbidden));
        }
        for cube in finding.finding.cells.iter().map(|c| c.cube.as_str()).collect::<BTreeSet<_>>() {
            self.check_unlocked(cycle, "cube", cube)?;
        }
        let previous = std::mem::replace(&mut self.user, by.name.clone());
        let result = self.acknowledge(Some(cycle), key, explanation);
        self.user = previous;
        result
    }
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

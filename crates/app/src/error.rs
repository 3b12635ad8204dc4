//! Why a use case failed (as opposed to data that were refused, which is an outcome), and why
//! the portal refused an action: each says what the user can do about it.

use rapporteur_domain::access::Role;
use rapporteur_domain::{CatalogProblem, ItemKind};
use rapporteur_store::StoreError;

use crate::credentials::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the catalog has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Catalog(Vec<CatalogProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("unknown cycle {wanted:?}: the catalog has {known}")]
    UnknownCycle { wanted: String, known: String },
    #[error("the catalog has no cycle")]
    NoCycle,
    #[error("unknown table {wanted}: the catalog has tables {known}")]
    UnknownTable { wanted: u32, known: String },
    #[error(
        "cycle {cycle} has no finding {key:?}: run rapporteur validate to list the findings and their keys"
    )]
    UnknownFinding { key: String, cycle: String },
    #[error("an explanation cannot be empty: say why the figures are as they are")]
    EmptyExplanation,
    #[error("unknown language {wanted:?}: the catalog has {known}")]
    UnknownLanguage { wanted: String, known: String },
    #[error("cannot build the report: {0}")]
    Report(String),
    #[error("disclosure control failed: {0}")]
    Disclosure(String),
    #[error("cannot build the open-data package: {0}")]
    OpenData(String),
    #[error("no crosswalk to {wanted:?}: the catalog's destinations are {known}")]
    UnknownDestination { wanted: String, known: String },
    #[error("cannot make the export: {0}")]
    Export(String),
    #[error("no {what} {wanted:?} in this table; its {what}s are, by position or by codes: {known}")]
    UnknownCell { what: String, wanted: String, known: String },
    #[error("the store holds data a restore would replace: restore onto a new store, or pass --force to replace them")]
    RestoreOntoData,
    #[error(transparent)]
    Portal(#[from] PortalError),
}

pub type Result<T> = std::result::Result<T, AppError>;

impl AppError {
    /// Whether the store stayed busy with another writer (nothing was changed; try again).
    pub fn is_busy(&self) -> bool {
        matches!(self, AppError::Store(StoreError::Busy))
    }
}

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
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    LongPassword,
    #[error("a password cannot be only spaces")]
    BlankPassword,
    #[error("this password is among the most common ones (or is the account's name): choose another, e.g. a few unrelated words")]
    CommonPassword,
    #[error("an account name is written in one script (not Latin and Cyrillic letters mixed, say)")]
    MixedScriptName,
    #[error("the account name looks like the existing account {0:?}: choose a name that reads differently")]
    ConfusableName(String),
    #[error("{what} has at most {max} characters")]
    TooLong { what: String, max: usize },
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
    #[error(
        "{item} has {count} explained error(s) the coordinator has not accepted as they stand: correct the values, or ask the coordinator to accept each one"
    )]
    NotAccepted { item: String, count: usize },
    #[error("only an error finding is accepted as it stands; warnings are explained by the actor")]
    AcceptOnlyErrors,
    #[error("the actor must explain the error before the coordinator accepts it as it stands")]
    AcceptUnexplained,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("sending back needs a comment that says what to change")]
    CommentNeeded,
    #[error("the file holds returns of other actors: {0}")]
    OtherActorsCubes(String),
    #[error("return {cube} is owed by its owner {owner}, not by another actor")]
    NotOwner { cube: String, owner: String },
    #[error("the {lang} report holds {count} draft translation(s): accept them to publish, or import their translation first")]
    DraftsRemain { lang: String, count: usize },
    #[error("an API token's label is 3 to 64 letters, digits, dots, dashes or underscores")]
    BadTokenLabel,
    #[error("an API token is for a contributor, reviewer, field or reader system, not for role {0}")]
    TokenRole(Role),
    #[error("an API token labelled {0:?} exists already")]
    LabelTaken(String),
    #[error("this API token is not known: send the token the coordinator issued, as `Authorization: Bearer <token>`")]
    TokenUnknown,
    #[error("the API token {0:?} was revoked: ask the coordinator for a new one")]
    TokenRevoked(String),
}

impl PortalError {
    pub(crate) fn unknown(kind: ItemKind, item: &str) -> PortalError {
        PortalError::UnknownItem { kind: kind.as_str().to_string(), item: item.to_string() }
    }
}

/// A portal refusal as a use case's error.
pub(crate) fn refuse(error: PortalError) -> AppError {
    AppError::Portal(error)
}

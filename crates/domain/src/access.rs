//! Who may do what: the portal's roles and the one policy every route and use case asks.
//!
//! The coordinator runs the cycle and sees everything. An actor's contributor enters and submits
//! that actor's returns and texts; its reviewer approves or sends them back; its field user fills
//! indicator checklists. A reader sees only published reports. No role of one actor reaches
//! another actor's returns, records or texts.

use std::fmt;

/// A portal role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Coordinator,
    Contributor,
    Reviewer,
    Field,
    Reader,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Coordinator, Role::Contributor, Role::Reviewer, Role::Field, Role::Reader];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Contributor => "contributor",
            Role::Reviewer => "reviewer",
            Role::Field => "field",
            Role::Reader => "reader",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether users of this role belong to an actor.
    pub fn has_actor(self) -> bool {
        matches!(self, Role::Contributor | Role::Reviewer | Role::Field)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A logged-in user, as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// The actor the user works for (contributors, reviewers and field users).
    pub actor: Option<String>,
}

/// An actor's system calling the API with a token the coordinator issued: scoped to one role
/// and (for an actor's roles) one actor, as a portal user of that role and actor would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub token_id: i64,
    /// The token's label, as the coordinator named it (e.g. `police-ang`).
    pub label: String,
    pub role: Role,
    pub actor: Option<String>,
    /// The name the audit log records: `api:` and the label (no account name has a colon).
    pub audit_name: String,
}

impl ApiClient {
    pub fn new(token_id: i64, label: &str, role: Role, actor: Option<&str>) -> ApiClient {
        ApiClient {
            token_id,
            label: label.to_string(),
            role,
            actor: actor.map(str::to_string),
            audit_name: format!("{API_NAME_PREFIX}{label}"),
        }
    }

    /// Whether the token's system may do `action`: exactly what a portal user of its role and
    /// actor may do.
    pub fn may(&self, action: Action<'_>) -> bool {
        role_may(self.role, self.actor.as_deref(), action)
    }
}

/// What the audit log writes before an API token's label.
pub const API_NAME_PREFIX: &str = "api:";

/// Who calls a use case: a user logged in to the portal, a named operator at the command line,
/// or an actor's system with an API token.
///
/// The operator runs `rapporteur` on the server with the store file in hand, so nothing the
/// store holds could be kept from them: the policy lets them do everything, and every change
/// they make is audited under their name. Portal users and API tokens get exactly what their
/// role allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Portal(Principal),
    Operator(String),
    Api(ApiClient),
}

impl Caller {
    /// The name the audit log records.
    pub fn name(&self) -> &str {
        match self {
            Caller::Portal(p) => &p.name,
            Caller::Operator(name) => name,
            Caller::Api(client) => &client.audit_name,
        }
    }

    /// Whether this caller may do `action`.
    pub fn may(&self, action: Action<'_>) -> bool {
        match self {
            Caller::Portal(p) => p.may(action),
            Caller::Operator(_) => true,
            Caller::Api(client) => client.may(action),
        }
    }

    /// The actor the caller works for: a portal user's or an API token's (none for the
    /// coordinator, readers and the operator).
    pub fn actor(&self) -> Option<&str> {
        match self {
            Caller::Portal(p) => p.actor.as_deref(),
            Caller::Operator(_) => None,
            Caller::Api(client) => client.actor.as_deref(),
        }
    }

    /// Whether the caller is the operator at the command line.
    pub fn is_operator(&self) -> bool {
        matches!(self, Caller::Operator(_))
    }

    /// The API token's system, if the caller is one.
    pub fn api_client(&self) -> Option<&ApiClient> {
        match self {
            Caller::Api(client) => Some(client),
            _ => None,
        }
    }

    /// The portal user, if the caller is one.
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Caller::Portal(p) => Some(p),
            Caller::Operator(_) | Caller::Api(_) => None,
        }
    }
}

impl From<Principal> for Caller {
    fn from(principal: Principal) -> Caller {
        Caller::Portal(principal)
    }
}

/// Something a user may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Manage accounts, open cycles, assign, build and publish the report, read the audit log.
    Coordinate,
    /// See an actor's returns, findings, texts and their status.
    ViewActor(&'a str),
    /// Enter, upload, explain and submit an actor's returns and texts.
    Contribute(&'a str),
    /// Approve or send back an actor's submissions.
    Review(&'a str),
    /// Fill an indicator checklist for an actor.
    FillChecklist(&'a str),
    /// Read the cycle's board and the built (unpublished) report.
    ViewCycle,
    /// Read published reports.
    ReadPublished,
}

impl Principal {
    /// Whether this user may do `action`. The coordinator may do all but fill in an actor's
    /// own work (contribute, review, checklists): that stays with the actor.
    pub fn may(&self, action: Action<'_>) -> bool {
        role_may(self.role, self.actor.as_deref(), action)
    }
}

/// The policy: whether a user (or token) of `role` working for `actor` may do `action`.
fn role_may(role: Role, actor: Option<&str>, action: Action<'_>) -> bool {
    let own = |wanted: &str| actor == Some(wanted);
    match (role, action) {
        (_, Action::ReadPublished) => true,
        (Role::Coordinator, Action::Coordinate | Action::ViewActor(_) | Action::ViewCycle) => true,
        (Role::Contributor, Action::ViewActor(a) | Action::Contribute(a)) => own(a),
        (Role::Reviewer, Action::ViewActor(a) | Action::Review(a)) => own(a),
        (Role::Field, Action::FillChecklist(a)) => own(a),
        _ => false,
    }
}

/// Where an assignment (a return or a text an actor owes) stands. The store keeps its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Submitted,
    Approved,
    SentBack,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Submitted, Status::Approved, Status::SentBack];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::SentBack => "sent_back",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Its actor's contributor may still change it and submit it.
    pub fn awaits_contributor(self) -> bool {
        matches!(self, Status::Open | Status::SentBack)
    }

    /// It waits for its actor's reviewer.
    pub fn awaits_review(self) -> bool {
        self == Status::Submitted
    }

    /// Submitted or approved: nothing may change what it covers until a reviewer sends it back.
    pub fn is_locked(self) -> bool {
        matches!(self, Status::Submitted | Status::Approved)
    }
}

impl Principal {
    /// Whether this user may change an actor's return or text standing at `status`.
    pub fn may_edit(&self, actor: &str, status: Status) -> bool {
        self.may(Action::Contribute(actor)) && !status.is_locked()
    }

    /// Whether this user may submit it for review.
    pub fn may_submit(&self, actor: &str, status: Status) -> bool {
        self.may(Action::Contribute(actor)) && status.awaits_contributor()
    }

    /// Whether this user may approve it or send it back.
    pub fn may_review(&self, actor: &str, status: Status) -> bool {
        self.may(Action::Review(actor)) && status.awaits_review()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, actor: Option<&str>) -> Principal {
        Principal { user_id: 1, name: "u".into(), role, actor: actor.map(str::to_string) }
    }

    #[test]
    fn an_actors_users_reach_only_their_own_actor() {
        let contributor = user(Role::Contributor, Some("police"));
        assert!(contributor.may(Action::Contribute("police")));
        assert!(contributor.may(Action::ViewActor("police")));
        assert!(!contributor.may(Action::Contribute("rsz")));
        assert!(!contributor.may(Action::ViewActor("rsz")));
        assert!(!contributor.may(Action::Review("police")));
        let reviewer = user(Role::Reviewer, Some("police"));
        assert!(reviewer.may(Action::Review("police")));
        assert!(!reviewer.may(Action::Review("rsz")));
        assert!(!reviewer.may(Action::Contribute("police")));
        let field = user(Role::Field, Some("rsz"));
        assert!(field.may(Action::FillChecklist("rsz")));
        assert!(!field.may(Action::FillChecklist("police")));
        assert!(!field.may(Action::ViewActor("rsz")));
    }

    #[test]
    fn readers_see_only_published_reports_and_the_coordinator_does_not_do_an_actors_work() {
        let reader = user(Role::Reader, None);
        assert!(reader.may(Action::ReadPublished));
        assert!(!reader.may(Action::ViewCycle));
        assert!(!reader.may(Action::ViewActor("police")));
        let coordinator = user(Role::Coordinator, None);
        assert!(coordinator.may(Action::Coordinate));
        assert!(coordinator.may(Action::ViewActor("police")));
        assert!(!coordinator.may(Action::Contribute("police")));
        assert!(!coordinator.may(Action::FillChecklist("rsz")));
    }

    #[test]
    fn a_submission_goes_from_its_contributor_to_its_reviewer_and_is_locked_meanwhile() {
        let contributor = user(Role::Contributor, Some("police"));
        let reviewer = user(Role::Reviewer, Some("police"));
        for status in [Status::Open, Status::SentBack] {
            assert!(contributor.may_edit("police", status) && contributor.may_submit("police", status));
            assert!(!reviewer.may_review("police", status));
        }
        for status in [Status::Submitted, Status::Approved] {
            assert!(!contributor.may_edit("police", status) && !contributor.may_submit("police", status));
        }
        assert!(reviewer.may_review("police", Status::Submitted));
        assert!(!reviewer.may_review("police", Status::Approved));
        assert!(!user(Role::Reviewer, Some("rsz")).may_review("police", Status::Submitted));
        assert!(!contributor.may_edit("rsz", Status::Open));
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}

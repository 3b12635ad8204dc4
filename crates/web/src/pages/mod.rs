//! The portal's pages, one module per area.

pub mod account;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod checklist;
pub mod home;
pub mod report;
pub mod returns;
pub mod texts;
pub mod users;

/// Where an actor's return or text stands, and what the user may do with it: the part the
/// return and text pages share, and the submit and review forms read.
pub struct Workflow {
    pub cycle: String,
    /// "cube" or "section", and which one.
    pub kind: &'static str,
    pub item: String,
    pub actor: String,
    pub assigned: bool,
    pub status: String,
    pub status_label: String,
    pub comment: String,
    pub may_edit: bool,
    pub may_submit: bool,
    pub may_review: bool,
    /// The page to come back to after submitting or reviewing.
    pub back: String,
}

impl Workflow {
    /// An unassigned item stands open: it may be entered, but neither submitted nor reviewed.
    pub fn new(
        ctx: &crate::session::Ctx,
        cycle: &str,
        kind: &'static str,
        item: &str,
        actor: &str,
        assignment: Option<&rapporteur_store::AssignmentRow>,
        back: String,
    ) -> Workflow {
        use rapporteur_domain::access::Status;
        let status = assignment.and_then(|a| Status::parse(&a.status)).unwrap_or(Status::Open);
        let user = ctx.user();
        let assigned = assignment.is_some();
        Workflow {
            cycle: cycle.to_string(),
            kind,
            item: item.to_string(),
            actor: actor.to_string(),
            assigned,
            status: status.as_str().to_string(),
            status_label: ctx.tr.get(&format!("status-{}", status.as_str())),
            comment: assignment.and_then(|a| a.comment.clone()).unwrap_or_default(),
            may_edit: user.may_edit(actor, status),
            may_submit: assigned && user.may_submit(actor, status),
            may_review: assigned && user.may_review(actor, status),
            back,
        }
    }
}

/// The query of a page reached by a redirect: which `flash-` message to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// `/path?done=what`: a redirect after a change that shows the `flash-what` message.
pub fn done(path: &str, what: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&format!("{path}?done={what}"))
}

/// `back` if it is a path on this site, else `fallback`: never an open redirect. Browsers read
/// `//host` and `/\host` as another site, and a control character could split the header.
pub fn local_path(back: &str, fallback: String) -> String {
    let mut chars = back.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !back.chars().any(|c| c.is_control());
    if local {
        back.to_string()
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        let fallback = || "/".to_string();
        assert_eq!(local_path("/cycles/2019-2020?done=saved", fallback()), "/cycles/2019-2020?done=saved");
        for outside in
            ["//evil.example", "/\\evil.example", "https://evil.example", "", "/x\r\nSet-Cookie: a=b"]
        {
            assert_eq!(local_path(outside, fallback()), "/", "{outside:?}");
        }
    }
}

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

/// The query of a page reached by a redirect: which `flash-` message to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// `/path?done=what`: a redirect after a change that shows the `flash-what` message.
pub fn done(path: &str, what: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&format!("{path}?done={what}"))
}

//! What a handler knows about its request: the session, who is logged in, the words of their
//! language, the address, the path and the request's id. Set by the session layer; read by
//! the pages, the page frame and the error pages.

use rapporteur_app::Session;
use rapporteur_domain::access::{Caller, Principal};

use crate::i18n::Tr;

/// What a handler knows about the request's session.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub token: String,
    pub session: Session,
    pub principal: Option<Principal>,
    pub tr: Tr,
    pub addr: String,
    /// The path (and query) asked for, to come back to after switching language.
    pub path: String,
    /// This request's id: its log lines carry it, and an internal error shows it to the user
    /// as the incident number to report.
    pub request: String,
}

impl Ctx {
    /// The logged-in user (the layer lets no request without one reach a private route).
    pub fn user(&self) -> &Principal {
        self.principal.as_ref().expect("the session layer lets only logged-in users reach this route")
    }

    /// The logged-in user as the caller of a use case.
    pub fn caller(&self) -> Caller {
        Caller::Portal(self.user().clone())
    }
}

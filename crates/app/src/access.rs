//! The one place a use case asks the policy (`rapporteur_domain::access`) whether its caller
//! may do what it is about to do.

use rapporteur_domain::access::{Action, Caller};

use crate::error::{refuse, PortalError, Result};

/// Refuses the use case unless `caller` may do `action`.
pub(crate) fn allow(caller: &Caller, action: Action<'_>) -> Result<()> {
    if caller.may(action) {
        Ok(())
    } else {
        Err(refuse(PortalError::Forbidden))
    }
}

/// Whether `by` contributes any actor's data at all: the operator, or a contributor of an actor
/// (a portal user or an API token). Asked before a file is read or a finding looked up, so that
/// nobody else makes the system do that work.
pub(crate) fn contributes_somewhere(by: &Caller) -> bool {
    match by.actor() {
        None => by.is_operator(),
        Some(actor) => by.may(Action::Contribute(actor)),
    }
}

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

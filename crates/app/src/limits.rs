//! How long what a user types may be, checked where it enters the system.

use crate::error::{refuse, PortalError, Result};

/// An actor's text of a section in one language (the longest section of the 2019–2020 report
/// is about 40,000 characters).
pub const MAX_TEXT_CHARS: usize = 200_000;
/// An explanation of a finding.
pub const MAX_EXPLANATION_CHARS: usize = 4_000;
/// A reviewer's comment when sending back.
pub const MAX_COMMENT_CHARS: usize = 4_000;

/// Refuses `text` (what the user calls `what`) beyond `max` characters.
pub(crate) fn check_length(what: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        Err(refuse(PortalError::TooLong { what: what.to_string(), max }))
    } else {
        Ok(())
    }
}

//! What an account name and a password must be.
//!
//! Names: NFKC-normalised, 3 to 64 letters, digits, dots, dashes or underscores, in one script,
//! and not confusable with an existing name (UTS #39 skeletons: "сoord" with a Cyrillic "с" is
//! "coord"). Passwords, after NIST SP 800-63B: at least 12 characters, at most 1,024, not only
//! spaces, not one of the 20,000 most common passwords (`data/common-passwords.txt`), not the
//! account's name; no rules of composition.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_security::{skeleton, MixedScript};

use crate::error::{refuse, PortalError, Result};

/// A password shorter than this is refused.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// A password longer than this is refused (it would only cost hashing time).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The 20,000 most common passwords (see `data/README.md`), lower case.
fn common_passwords() -> &'static HashSet<&'static str> {
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON.get_or_init(|| include_str!("../data/common-passwords.txt").split_whitespace().collect())
}

/// An account name as it is stored and compared: NFKC. Refuses a name of the wrong length or
/// characters, or written in more than one script.
pub(crate) fn account_name(typed: &str) -> Result<String> {
    let name: String = typed.nfkc().collect();
    let valid = (3..=64).contains(&name.chars().count())
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(refuse(PortalError::BadName));
    }
    if !name.is_single_script() {
        return Err(refuse(PortalError::MixedScriptName));
    }
    Ok(name)
}

/// What a name looks like, case aside: two names with the same look are one name to a reader.
fn look(name: &str) -> String {
    skeleton(&name.to_lowercase()).collect::<String>().to_lowercase()
}

/// Refuses `name` when it looks like one of `existing`.
pub(crate) fn check_distinct<'a>(name: &str, existing: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let wanted = look(name);
    match existing.into_iter().find(|other| look(other) == wanted) {
        Some(other) if other == name => Err(refuse(PortalError::NameTaken(name.to_string()))),
        Some(other) => Err(refuse(PortalError::ConfusableName(other.to_string()))),
        None => Ok(()),
    }
}

/// Refuses a password that is too short or long, blank, common, or the account's name.
pub(crate) fn check_password(password: &str, name: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(refuse(PortalError::WeakPassword));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(refuse(PortalError::LongPassword));
    }
    if password.trim().is_empty() {
        return Err(refuse(PortalError::BlankPassword));
    }
    let lower = password.trim().to_lowercase();
    if common_passwords().contains(lower.as_str()) || lower == name.to_lowercase() {
        return Err(refuse(PortalError::CommonPassword));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(result: Result<impl std::fmt::Debug>) -> PortalError {
        match result {
            Err(crate::AppError::Portal(e)) => e,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn look_alike_and_mixed_script_names_are_refused() {
        assert_eq!(account_name("an.coord").unwrap(), "an.coord");
        // Full-width letters are the same name once normalised.
        assert_eq!(account_name("ｃｏｏｒｄ").unwrap(), "coord");
        assert_eq!(refusal(account_name("сoord")), PortalError::MixedScriptName, "Cyrillic с among Latin");
        assert_eq!(refusal(account_name("co")), PortalError::BadName);
        assert_eq!(refusal(check_distinct("C00RD", ["coord"])), PortalError::ConfusableName("coord".into()));
        assert_eq!(refusal(check_distinct("coord", ["coord"])), PortalError::NameTaken("coord".into()));
        assert!(check_distinct("pol.contrib", ["coord", "pol.review"]).is_ok());
    }

    #[test]
    fn blank_common_and_name_passwords_are_refused() {
        assert_eq!(refusal(check_password(&" ".repeat(12), "an.coord")), PortalError::BlankPassword);
        assert_eq!(refusal(check_password("password1234", "an.coord")), PortalError::CommonPassword);
        assert_eq!(refusal(check_password("An.Coordinator", "an.coordinator")), PortalError::CommonPassword);
        assert_eq!(refusal(check_password("short", "x")), PortalError::WeakPassword);
        assert_eq!(refusal(check_password(&"x".repeat(1025), "x")), PortalError::LongPassword);
        assert!(check_password("the river runs past four mills", "an.coord").is_ok());
    }
}

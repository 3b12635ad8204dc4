//! What every page's template gets: the words of the user's language, the CSRF token for its
//! forms, who is logged in, and what the navigation offers them.

use rapporteur_domain::access::{Action, Principal};

use crate::ctx::Ctx;
use crate::i18n::{Tr, LANGUAGES};

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Page {
    pub t: Tr,
    pub csrf: String,
    pub user: Option<Principal>,
    pub title: String,
    /// A message after a redirect (the key of a `flash-` message).
    pub flash: Option<String>,
    /// Where the page was asked for (the language switcher comes back here).
    pub path: String,
}

impl Page {
    pub fn new(ctx: &Ctx, title: String) -> Page {
        Page {
            t: ctx.tr,
            csrf: ctx.session.csrf.clone(),
            user: ctx.principal.clone(),
            title,
            flash: None,
            path: ctx.path.clone(),
        }
    }

    /// Shows the `flash-…` message named in a redirect's `?done=` (other values are ignored).
    pub fn with_flash(mut self, done: Option<&str>) -> Page {
        self.flash = done
            .filter(|d| d.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .map(|d| self.t.get(&format!("flash-{d}")))
            .filter(|text| !text.starts_with("flash-"));
        self
    }

    /// A message with a `count` value.
    pub fn count(&self, key: &str, count: impl ToString) -> String {
        self.t.args(key, &[("count", &count.to_string())])
    }

    pub fn languages(&self) -> &'static [&'static str] {
        &LANGUAGES
    }

    pub fn is_coordinator(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.may(Action::Coordinate))
    }

    pub fn user_name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.name.as_str())
    }

    /// The user's role and actor as shown in the header.
    pub fn user_role(&self) -> String {
        match &self.user {
            Some(u) => {
                let role = self.t.get(&format!("role-{}", u.role.as_str()));
                match &u.actor {
                    Some(actor) => format!("{role} · {actor}"),
                    None => role,
                }
            }
            None => String::new(),
        }
    }

    pub fn fills_checklists(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == rapporteur_domain::access::Role::Field)
    }
}

//! What an actor owes in a cycle: a return (the figures of a cube) or a section's text, with a
//! deadline and where it stands on its way from the contributor to the reviewer.

use std::fmt;

use crate::access::Status;

/// The kind of thing owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// A return: the figures of one cube, owed by the cube's owner.
    Cube,
    /// A narrative section of the report, owed by any actor it is assigned to.
    Section,
}

impl ItemKind {
    pub const ALL: [ItemKind; 2] = [ItemKind::Cube, ItemKind::Section];

    /// The name the store and the portal's forms use.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Cube => "cube",
            ItemKind::Section => "section",
        }
    }

    pub fn parse(text: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing owed by one actor: a cube's return or a section's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemRef {
    pub kind: ItemKind,
    /// The cube's id or the section's number.
    pub item: String,
    pub actor: String,
}

impl ItemRef {
    pub fn new(kind: ItemKind, item: &str, actor: &str) -> ItemRef {
        ItemRef { kind, item: item.to_string(), actor: actor.to_string() }
    }
}

/// An assignment of a cycle and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub cycle: String,
    pub item: ItemRef,
    /// YYYY-MM-DD.
    pub deadline: String,
    pub status: Status,
    /// The reviewer's comment when it was sent back.
    pub comment: Option<String>,
    pub status_at: String,
    pub status_by: String,
}

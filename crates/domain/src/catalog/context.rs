//! What table layouts, rules and record schemas are checked against: the parts of the catalog
//! read before them, and the reference checks they share.

use std::collections::BTreeMap;

use super::source::FileProblems;
use super::{CodeList, Cube, Dimension};

/// The languages, code lists, cubes and periods of a catalog, as read so far.
pub(super) struct Context<'a> {
    pub languages: &'a [String],
    pub code_lists: &'a BTreeMap<String, CodeList>,
    pub cubes: &'a BTreeMap<String, Cube>,
    /// Every period of every cycle.
    pub periods: &'a [&'a str],
}

impl Context<'_> {
    /// The code list a dimension is bound to; `None` when the catalog lacks it (the cube's
    /// check or the list's own file has said why), and then the codes of the dimension are
    /// not checked.
    pub(super) fn code_list_of(&self, dimension: &Dimension) -> Option<&CodeList> {
        self.code_lists.get(&dimension.codelist)
    }

    /// Reports a period that no cycle of the catalog has.
    pub(super) fn check_period(&self, p: &mut FileProblems<'_>, offset: usize, what: &str, period: &str) {
        if !self.periods.contains(&period) {
            p.at(offset, format!("{what}: period {period:?} is in no cycle of the catalog"));
        }
    }
}

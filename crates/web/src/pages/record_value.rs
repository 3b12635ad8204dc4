//! A record field's value in the page's language: a code's label, yes or no, a date or text as
//! written. Shared by the pages that show records (the checklists, the chain's review list).

use rapporteur_app::Fact;

use crate::i18n::Tr;

/// `fact`'s value in the user's language.
pub fn fact_text(t: Tr, fact: &Fact) -> String {
    fact.text(t.lang, [&t.get("value-yes"), &t.get("value-no")])
}

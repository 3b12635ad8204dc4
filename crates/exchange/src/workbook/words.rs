//! The workbooks' languages: the sheets in English, the cover in every language the words have.

use rapporteur_domain::Catalog;

use crate::words::messages;

/// The language of the table sheets: the questionnaires are in English.
pub(super) const GRID_LANG: &str = "en";

/// The languages of the cover sheet, side by side: English (the destinations' language) first,
/// then the catalog's other languages the files have words for.
pub(super) fn cover_languages(catalog: &Catalog) -> Vec<&str> {
    let mut langs = vec![GRID_LANG];
    for lang in &catalog.languages {
        if !langs.contains(&lang.as_str()) && !messages().ids(lang).is_empty() {
            langs.push(lang);
        }
    }
    langs
}

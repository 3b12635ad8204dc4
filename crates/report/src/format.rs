//! Number formats: a value as the report prints it in one language.

use rapporteur_domain::{format_scaled, Catalog};
use rapporteur_stats::tabulate::CellValue;

/// How one language writes numbers, from the catalog.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: String,
    pub decimal_separator: char,
}

impl Locale {
    /// The catalog's number format for `lang` (a point when the catalog says nothing).
    pub fn new(catalog: &Catalog, lang: &str) -> Locale {
        let decimal_separator =
            catalog.decimal_separator.get_exact(lang).and_then(|s| s.chars().next()).unwrap_or('.');
        Locale { lang: lang.to_string(), decimal_separator }
    }
}

/// A cell as printed: `zero` for a zero amount, "" for a missing value, percentages with two
/// decimals, amounts with their measure's decimals.
pub fn format_cell(value: Option<CellValue>, zero: &str, locale: &Locale) -> String {
    match value {
        None => String::new(),
        Some(CellValue::Amount { scaled: 0, .. }) => zero.to_string(),
        Some(CellValue::Amount { scaled, decimals }) => {
            format_scaled(scaled, decimals, locale.decimal_separator)
        }
        Some(CellValue::Pct { hundredths }) => format_scaled(hundredths, 2, locale.decimal_separator),
    }
}

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

/// A cell as printed: `missing` when no observation lies under it, `zero` for a zero (count or
/// percentage) when the layout sets a marker other than "0", percentages with two decimals,
/// amounts with their measure's decimals.
pub fn format_cell(value: Option<CellValue>, zero: &str, missing: &str, locale: &Locale) -> String {
    let is_zero =
        matches!(value, Some(CellValue::Amount { scaled: 0, .. } | CellValue::Pct { hundredths: 0 }));
    if is_zero && zero != "0" {
        return zero.to_string();
    }
    match value {
        None => missing.to_string(),
        Some(CellValue::Amount { scaled, decimals }) => {
            format_scaled(scaled, decimals, locale.decimal_separator)
        }
        Some(CellValue::Pct { hundredths }) => format_scaled(hundredths, 2, locale.decimal_separator),
    }
}

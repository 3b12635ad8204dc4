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
    match value.map(scaled) {
        None => missing.to_string(),
        Some((scaled, decimals)) => format_scaled(scaled, decimals, locale.decimal_separator),
    }
}

/// A value as its exact scaled integer and decimals (a percentage in hundredths has two).
pub(crate) fn scaled(value: CellValue) -> (i64, u32) {
    match value {
        CellValue::Amount { scaled, decimals } => (scaled, decimals),
        CellValue::Pct { hundredths } => (hundredths, 2),
    }
}

/// A scaled value as a JSON number with its decimals exactly as printed (100.00, not 100.0).
pub(crate) fn json_number(scaled: i64, decimals: u32) -> Option<Box<serde_json::value::RawValue>> {
    serde_json::value::RawValue::from_string(format_scaled(scaled, decimals, '.')).ok()
}

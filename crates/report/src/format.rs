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

/// A count rounded to a whole number, its digits grouped by three with `separator` (which the
/// language's words give): 11,313 / 11.313 / 11\u{202f}313.
pub fn format_count(value: f64, separator: &str) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_rounded_and_grouped_by_three() {
        assert_eq!(format_count(11312.99, ","), "11,313");
        assert_eq!(format_count(11312.99, "\u{202f}"), "11\u{202f}313");
        assert_eq!(format_count(999.4, ","), "999");
        assert_eq!(format_count(999.5, "."), "1.000");
        assert_eq!(format_count(1_234_567.0, "."), "1.234.567");
        assert_eq!(format_count(-1234.0, ","), "-1,234");
        assert_eq!(format_count(0.0, ","), "0");
    }
}

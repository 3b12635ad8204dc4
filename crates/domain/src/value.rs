//! Exact values: a measure with `d` decimals stores `value × 10^d` as an integer, so that sums and
//! comparisons are exact and the same inputs always print the same digits.

/// How the decimal separator is written in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalStyle {
    /// `1234.5` or `1,234.5` (international, comma-separated CSV).
    Point,
    /// `1234,5` or `1.234,5` or `1 234,5` (as Belgian Excel writes semicolon-separated CSV).
    Comma,
}

/// Why a text is not a value of a measure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("the value is empty")]
    Empty,
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{text:?} has more decimals than the measure allows ({allowed})")]
    TooManyDecimals { text: String, allowed: u32 },
    #[error("{0:?} is too large")]
    TooLarge(String),
}

/// Parses `text` as a number with at most `decimals` decimals, returning it scaled by
/// `10^decimals`. Never rounds: a value that cannot be stored exactly is an error.
pub fn parse_scaled(text: &str, decimals: u32, style: DecimalStyle) -> Result<i64, ValueError> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        return Err(ValueError::Empty);
    }
    let not_a_number = || ValueError::NotANumber(trimmed.to_string());
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (decimal_sep, group_seps): (char, &[char]) = match style {
        DecimalStyle::Point => ('.', &[',', ' ', '\u{a0}', '\u{202f}']),
        DecimalStyle::Comma => (',', &['.', ' ', '\u{a0}', '\u{202f}']),
    };
    let (int_part, frac_part) = match unsigned.split_once(decimal_sep) {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let int_digits = parse_grouped_integer(int_part, group_seps).ok_or_else(not_a_number)?;
    let frac_digits = match frac_part {
        Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => f,
        Some(_) => return Err(not_a_number()),
        None => "",
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(not_a_number());
    }
    let significant_frac = frac_digits.trim_end_matches('0');
    if significant_frac.len() as u32 > decimals {
        return Err(ValueError::TooManyDecimals { text: trimmed.to_string(), allowed: decimals });
    }
    let too_large = || ValueError::TooLarge(trimmed.to_string());
    let mut scaled: i64 = 0;
    for c in int_digits.chars().chain(significant_frac.chars()) {
        let digit = i64::from(c as u8 - b'0');
        scaled = scaled.checked_mul(10).and_then(|v| v.checked_add(digit)).ok_or_else(too_large)?;
    }
    let pad = decimals - significant_frac.len() as u32;
    scaled = scaled.checked_mul(10_i64.checked_pow(pad).ok_or_else(too_large)?).ok_or_else(too_large)?;
    Ok(if negative { -scaled } else { scaled })
}

/// The digits of an integer part, with group separators removed where they separate groups of
/// exactly three digits (so `12.34` in comma style is not silently read as 1234).
fn parse_grouped_integer(text: &str, group_seps: &[char]) -> Option<String> {
    let groups: Vec<&str> = text.split(|c| group_seps.contains(&c)).collect();
    let all_digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    if groups.len() == 1 {
        return all_digits(groups[0]).then(|| groups[0].to_string());
    }
    let first_ok = (1..=3).contains(&groups[0].len()) && all_digits(groups[0]);
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
    (first_ok && rest_ok).then(|| groups.concat())
}

/// Rounds `numerator / denominator × 100` half up to hundredths, exactly (integer arithmetic,
/// as the report prints percentages); none for a zero denominator.
pub fn percentage_hundredths(numerator: i64, denominator: i64) -> Option<i64> {
    if denominator == 0 {
        return None;
    }
    let scaled = i128::from(numerator) * 10_000;
    let den = i128::from(denominator);
    // Round half away from zero on the exact ratio: floor((2·n·10⁴ + d) / 2d) for positive values.
    let rounded = if (scaled >= 0) == (den > 0) {
        (2 * scaled.abs() + den.abs()) / (2 * den.abs())
    } else {
        -((2 * scaled.abs() + den.abs()) / (2 * den.abs()))
    };
    i64::try_from(rounded).ok()
}

/// How many decimals a number is written with ("85" → 0, "56,87" → 2, "100,0" → 1).
pub fn written_decimals(text: &str, style: DecimalStyle) -> u32 {
    let separator = match style {
        DecimalStyle::Point => '.',
        DecimalStyle::Comma => ',',
    };
    text.trim()
        .split_once(separator)
        .map_or(0, |(_, fraction)| fraction.chars().filter(char::is_ascii_digit).count() as u32)
}

/// Formats a scaled value with exactly `decimals` decimals and `decimal_sep`, no grouping.
pub fn format_scaled(scaled: i64, decimals: u32, decimal_sep: char) -> String {
    if decimals == 0 {
        return scaled.to_string();
    }
    let factor = 10_u64.pow(decimals);
    let magnitude = scaled.unsigned_abs();
    let sign = if scaled < 0 { "-" } else { "" };
    format!(
        "{sign}{}{decimal_sep}{:0width$}",
        magnitude / factor,
        magnitude % factor,
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_in_both_styles() {
        assert_eq!(parse_scaled("171", 0, DecimalStyle::Point), Ok(171));
        assert_eq!(parse_scaled(" 1.234 ", 0, DecimalStyle::Comma), Ok(1234));
        assert_eq!(parse_scaled("1,234", 0, DecimalStyle::Point), Ok(1234));
        assert_eq!(parse_scaled("-3", 0, DecimalStyle::Point), Ok(-3));
    }

    #[test]
    fn euro_amounts_with_decimal_commas() {
        assert_eq!(parse_scaled("1.234,50", 2, DecimalStyle::Comma), Ok(123450));
        assert_eq!(parse_scaled("12 500,5", 2, DecimalStyle::Comma), Ok(1250050));
        assert_eq!(parse_scaled("12500.05", 2, DecimalStyle::Point), Ok(1250005));
        assert_eq!(parse_scaled("7,0", 0, DecimalStyle::Comma), Ok(7));
    }

    #[test]
    fn refuses_what_cannot_be_stored_exactly() {
        assert_eq!(
            parse_scaled("2,5", 0, DecimalStyle::Comma),
            Err(ValueError::TooManyDecimals { text: "2,5".into(), allowed: 0 })
        );
        assert_eq!(
            parse_scaled("12.34", 0, DecimalStyle::Comma),
            Err(ValueError::NotANumber("12.34".into()))
        );
        assert_eq!(parse_scaled("veel", 0, DecimalStyle::Point), Err(ValueError::NotANumber("veel".into())));
        assert_eq!(parse_scaled("", 0, DecimalStyle::Point), Err(ValueError::Empty));
        assert_eq!(
            parse_scaled("99999999999999999999", 0, DecimalStyle::Point),
            Err(ValueError::TooLarge("99999999999999999999".into()))
        );
    }

    #[test]
    fn percentages_round_half_up_exactly() {
        assert_eq!(percentage_hundredths(5, 371), Some(135)); // 1.3477 → 1.35
        assert_eq!(percentage_hundredths(211, 371), Some(5687)); // 56.873 → 56.87
        assert_eq!(percentage_hundredths(1, 8), Some(1250)); // 12.5 exactly
        assert_eq!(percentage_hundredths(1, 800), Some(13)); // 0.125 → 0.13, half up
        assert_eq!(percentage_hundredths(3, 0), None);
        assert_eq!(percentage_hundredths(744, 744), Some(10000));
    }

    #[test]
    fn formats_fixed_decimals() {
        assert_eq!(format_scaled(123450, 2, ','), "1234,50");
        assert_eq!(format_scaled(-5, 2, '.'), "-0.05");
        assert_eq!(format_scaled(331, 0, '.'), "331");
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(v in -1_000_000_000_000i64..1_000_000_000_000, d in 0u32..4) {
            let point = format_scaled(v, d, '.');
            prop_assert_eq!(parse_scaled(&point, d, DecimalStyle::Point), Ok(v));
            let comma = format_scaled(v, d, ',');
            prop_assert_eq!(parse_scaled(&comma, d, DecimalStyle::Comma), Ok(v));
        }

        #[test]
        fn never_panics(s in "\\PC*", d in 0u32..6) {
            let _ = parse_scaled(&s, d, DecimalStyle::Point);
            let _ = parse_scaled(&s, d, DecimalStyle::Comma);
        }
    }
}

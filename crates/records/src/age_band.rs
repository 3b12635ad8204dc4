//! The ages an age band's code covers. The catalog's age bands are written as ranges
//! (`0-17`, `18-30`, `50plus`; seed tables 29, 43 and the checklists): a band `N-M` covers ages
//! N up to M, except M itself where the next band starts at M; a band `N-17` covers 17, the last
//! age of a minor.

/// The ages (first, last) band `code` covers, if the code is written as an age range.
pub fn age_bounds(code: &str) -> Option<(i32, i32)> {
    if let Some(low) = code.strip_suffix("plus").and_then(|l| l.parse::<i32>().ok()) {
        return Some((low, 150));
    }
    let (low, high) = code.split_once('-')?;
    let (low, high) = (low.parse::<i32>().ok()?, high.parse::<i32>().ok()?);
    Some(if high == 17 { (low, high) } else { (low, (high - 1).max(low)) })
}

/// Whether two bands (of one list or of two) admit a common age; `None` when either code is
/// not an age range.
pub fn bands_overlap(a: &str, b: &str) -> Option<bool> {
    let ((a0, a1), (b0, b1)) = (age_bounds(a)?, age_bounds(b)?);
    Some(a0 <= b1 && b0 <= a1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_read_as_ranges() {
        assert_eq!(age_bounds("0-17"), Some((0, 17)));
        assert_eq!(age_bounds("18-30"), Some((18, 29)));
        assert_eq!(age_bounds("18plus"), Some((18, 150)));
        assert_eq!(age_bounds("unknown"), None);
        assert_eq!(bands_overlap("18plus", "18-30"), Some(true));
        assert_eq!(bands_overlap("0-17", "18-30"), Some(false));
        assert_eq!(bands_overlap("0-17", "18plus"), Some(false));
        assert_eq!(bands_overlap("unknown", "18plus"), None);
    }
}

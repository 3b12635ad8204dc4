//! The exact test behind the plausibility check.

/// The two-sided p-value of observing `x2` events in the second period and `x1` in the first
/// when both periods have the same Poisson rate: conditionally on `n = x1 + x2`, `x2` is
/// Binomial(n, ½), so p = min(1, 2 · P(X ≤ min(x1, x2))). Exact, and right for small counts,
/// where a z-score on the difference is not.
pub fn binomial_two_sided_p(x1: i64, x2: i64) -> f64 {
    let (x1, x2) = (x1.max(0) as u64, x2.max(0) as u64);
    let n = x1 + x2;
    if n == 0 {
        return 1.0;
    }
    let k = x1.min(x2);
    // ln C(n, i) - n ln 2, summed for i ≤ k in log space to stay exact for large n.
    let ln_factorial = |m: u64| -> f64 { (2..=m).map(|i| (i as f64).ln()).sum() };
    let ln_n = ln_factorial(n);
    let ln_half_n = n as f64 * std::f64::consts::LN_2;
    let mut ln_terms = Vec::with_capacity(k as usize + 1);
    let mut ln_i_fact = 0.0;
    let mut ln_rest_fact = ln_factorial(n);
    for i in 0..=k {
        if i > 0 {
            ln_i_fact += (i as f64).ln();
            ln_rest_fact -= ((n - i + 1) as f64).ln();
        }
        ln_terms.push(ln_n - ln_i_fact - ln_rest_fact - ln_half_n);
    }
    let max = ln_terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tail = max.exp() * ln_terms.iter().map(|t| (t - max).exp()).sum::<f64>();
    (2.0 * tail).min(1.0)
}

/// A p-value as a message shows it: four decimals, or "< 0.0001".
pub(crate) fn format_p(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_string()
    } else {
        format!("{p:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_exact_binomial_test() {
        // binom.test(3, 10, 0.5) in R: p = 0.34375 (2 · 176/1024).
        assert!((binomial_two_sided_p(7, 3) - 0.34375).abs() < 1e-12);
        // Equal counts are as plausible as can be.
        assert_eq!(binomial_two_sided_p(40, 40), 1.0);
        // 20 → 65 checklists (Table 11's Oost-Vlaanderen): far beyond chance.
        assert!(binomial_two_sided_p(20, 65) < 1e-5);
        assert_eq!(binomial_two_sided_p(0, 0), 1.0);
        // binom.test(0, 5): p = 2 · (1/32) = 0.0625.
        assert!((binomial_two_sided_p(5, 0) - 0.0625).abs() < 1e-12);
    }
}

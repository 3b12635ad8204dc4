//! The few distribution functions the method needs, with R's conventions: the normal CDF and
//! quantile, the two-sided Poisson tail probability of stepwise selection, and quantiles of a
//! sample by R's `quantile(type = 8)`.

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::{gamma_lr, gamma_ur};

fn standard_normal() -> Normal {
    // Mean 0 and standard deviation 1 are valid parameters.
    Normal::standard()
}

/// Φ(x), R's `pnorm`, from the C library's erfc (musl's, accurate to an ulp); statrs's normal
/// CDF is off by about 1e-11 near the tails that BCa limits use.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Φ⁻¹(p), R's `qnorm`: −∞ at 0, +∞ at 1, NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    standard_normal().inverse_cdf(p)
}

/// The p-value of stepwise selection for an observed pair count `n` with Poisson mean `lambda`:
/// min(P(X ≤ n), P(X ≥ n)), as SparseMSE's `min(ppois(n, λ), ppois(n − 1, λ, FALSE))`.
pub fn poisson_p_value(n: f64, lambda: f64) -> f64 {
    if lambda <= 0.0 || !lambda.is_finite() {
        // X is 0 for sure: a zero count is what is expected, anything else impossible.
        return if n == 0.0 { 1.0 } else { 0.0 };
    }
    // P(X ≤ n) = Q(n + 1, λ), the upper regularised gamma function.
    let lower_tail = gamma_ur(n + 1.0, lambda);
    // P(X ≥ n) = P(n, λ), the lower regularised gamma function; 1 for n = 0.
    let upper_tail = if n == 0.0 { 1.0 } else { gamma_lr(n, lambda) };
    lower_tail.min(upper_tail)
}

/// The `p` quantile of a sorted sample by R's `quantile(type = 8)` (median-unbiased, Hyndman &
/// Fan 1996), including R's fuzz against round-off at the order statistics.
///
/// Infinite values (replicates without an estimate) sort last and are returned as such when
/// the quantile reaches them.
///
/// ```
/// use rapporteur_stats::mse::quantile_type8;
/// let sorted = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(quantile_type8(&sorted, 0.5), 2.5);
/// assert_eq!(quantile_type8(&sorted, 0.0), 1.0);
/// ```
pub fn quantile_type8(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || p.is_nan() {
        return f64::NAN;
    }
    // R: nppm = a + p·(n + 1 − a − b) with a = b = 1/3; j = floor(nppm + fuzz); h = nppm − j.
    let third = 1.0 / 3.0;
    let nppm = third + p * (n as f64 + third);
    let fuzz = 4.0 * f64::EPSILON;
    let j = (nppm + fuzz).floor();
    let mut h = nppm - j;
    if h.abs() < fuzz {
        h = 0.0;
    }
    // x[0] = x[1] and x[n + 1] = x[n], 1-based.
    let at = |index: f64| -> f64 {
        let index = index.clamp(1.0, n as f64) as usize;
        sorted[index - 1]
    };
    let (low, high) = (at(j), at(j + 1.0));
    if h == 0.0 || low == high {
        low
    } else if h == 1.0 {
        high
    } else {
        (1.0 - h) * low + h * high
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_match_r() {
        // qnorm(0.975) and qnorm(0.025) in R.
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-14);
        assert!((normal_quantile(0.025) + 1.959963984540054).abs() < 1e-14);
        assert!((normal_cdf(1.959963984540054) - 0.975).abs() < 1e-15);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn poisson_tails_match_r() {
        // ppois(35 - 1, 9.20288561225354, FALSE) = 7.13234748828339e-11 (the UK's first step).
        let p = poisson_p_value(35.0, 9.20288561225354);
        assert!((p / 7.13234748828339e-11 - 1.0).abs() < 1e-9, "{p}");
        // ppois(0, 2.14830741175454) = exp(-λ).
        let p = poisson_p_value(0.0, 2.14830741175454);
        assert!((p - (-2.14830741175454f64).exp()).abs() < 1e-15);
        assert_eq!(poisson_p_value(0.0, 0.0), 1.0);
    }

    #[test]
    fn type8_quantiles_match_r() {
        // Hyndman & Fan's definition by hand: sorted 1 1 2 3 4 5 6 9, position (n + 1/3)p + 1/3
        // is 1.1667, 2.4167 and 7.8333 for p = 0.1, 0.25, 0.9.
        let mut x = vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        x.sort_by(f64::total_cmp);
        assert!((quantile_type8(&x, 0.1) - 1.0).abs() < 1e-12);
        assert!((quantile_type8(&x, 0.25) - 1.416_666_666_666_667).abs() < 1e-12);
        assert!((quantile_type8(&x, 0.9) - 8.5).abs() < 1e-12);
        assert_eq!(quantile_type8(&x, 1.0), 9.0);
        let with_infinity = [1.0, 2.0, f64::INFINITY];
        assert_eq!(quantile_type8(&with_infinity, 0.99), f64::INFINITY);
    }
}

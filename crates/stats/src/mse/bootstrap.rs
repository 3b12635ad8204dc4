//! The bootstrap interval of SparseMSE's `estimatepopulation`: multinomial resampling of the
//! observed capture histories with the whole estimation rerun on each replicate, and BCa limits
//! with the acceleration from the count-weighted delete-one-person jackknife.
//!
//! Replicate `r` draws from its own ChaCha stream `r` of the seed, so the replicates do not
//! depend on how many threads run them.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::data::CaptureData;
use super::distributions::{normal_cdf, normal_quantile, quantile_type8};

/// SparseMSE's default number of replicates.
pub const DEFAULT_REPLICATES: usize = 1000;

/// SparseMSE's default seed (`iseed = 1234`); any seed will do, but it must be stated.
pub const DEFAULT_SEED: u64 = 1234;

/// The probabilities at which SparseMSE's `estimatepopulation` reports BCa limits.
pub const SPARSEMSE_PROBABILITIES: [f64; 8] = [0.025, 0.05, 0.1, 0.16, 0.84, 0.9, 0.95, 0.975];

/// Options of the bootstrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapOptions {
    pub replicates: usize,
    pub seed: u64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        Self { replicates: DEFAULT_REPLICATES, seed: DEFAULT_SEED }
    }
}

/// A multinomial resample of `counts` with the same total: every one of the n persons is drawn
/// with replacement, so a history's share of the draws is its share of the data. Replicate
/// `replicate` of `seed` always gives the same counts.
pub fn resample_counts(counts: &[u64], seed: u64, replicate: u64) -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replicate);
    let mut cumulative = Vec::with_capacity(counts.len());
    let mut total = 0u64;
    for &count in counts {
        total += count;
        cumulative.push(total);
    }
    let mut resampled = vec![0u64; counts.len()];
    if total == 0 {
        return resampled;
    }
    for _ in 0..total {
        let person = rng.random_range(0..total);
        // The row of person p is the first whose cumulative count exceeds p.
        let row = cumulative.partition_point(|&c| c <= person);
        resampled[row] += 1;
    }
    resampled
}

/// The estimates of `replicates` bootstrap resamples of `data`, in replicate order, computed in
/// parallel; `None` where the estimator gives no estimate.
pub fn bootstrap_estimates<F>(data: &CaptureData, options: BootstrapOptions, estimator: F) -> Vec<Option<f64>>
where
    F: Fn(&CaptureData) -> Option<f64> + Sync,
{
    (0..options.replicates as u64)
        .into_par_iter()
        .map(|replicate| {
            let counts = resample_counts(data.counts(), options.seed, replicate);
            estimator(&data.with_counts(counts))
        })
        .collect()
}

/// The delete-one-person jackknife: for every row with a positive count, the estimate with one
/// person fewer in that row (`None` for rows with count zero, and where the estimator fails).
pub fn jackknife_estimates<F>(data: &CaptureData, estimator: F) -> Vec<Option<f64>>
where
    F: Fn(&CaptureData) -> Option<f64> + Sync,
{
    (0..data.counts().len())
        .into_par_iter()
        .map(|row| {
            let count = data.counts()[row];
            if count == 0 || data.observed() == 1 {
                return None;
            }
            let mut counts = data.counts().to_vec();
            counts[row] = count - 1;
            estimator(&data.with_counts(counts))
        })
        .collect()
}

/// The BCa acceleration from the jackknife estimates, each residual counted once per person of
/// its row: with J the count-weighted mean and r = J − J_i,
/// a = Σ n_i r_i³ / (6 (Σ n_i r_i²)^{3/2}).
///
/// `None` when a row with persons has no jackknife estimate, or all estimates are equal.
pub fn jackknife_acceleration(counts: &[u64], jackknife: &[Option<f64>]) -> Option<f64> {
    let mut weighted = Vec::with_capacity(counts.len());
    for (&count, estimate) in counts.iter().zip(jackknife) {
        if count > 0 {
            weighted.push((count as f64, (*estimate)?));
        }
    }
    let total: f64 = weighted.iter().map(|(n, _)| n).sum();
    let mean = weighted.iter().map(|(n, j)| n * j).sum::<f64>() / total;
    let (mut cubes, mut squares) = (0.0, 0.0);
    for (n, j) in &weighted {
        let r = mean - j;
        cubes += n * r * r * r;
        squares += n * r * r;
    }
    (squares > 0.0).then(|| cubes / (6.0 * squares.powf(1.5)))
}

/// BCa limits of a bootstrap sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BcaLimits {
    /// z₀ = Φ⁻¹(share of replicates strictly below the estimate).
    pub z0: f64,
    pub acceleration: f64,
    /// (probability, limit) pairs; a limit is +∞ when it falls among replicates without an
    /// estimate.
    pub limits: Vec<(f64, f64)>,
}

/// Why BCa limits cannot be formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BcaError {
    #[error("no bootstrap replicates")]
    NoReplicates,
    #[error("every bootstrap replicate is on the same side of the estimate, so z0 is infinite")]
    AllOnOneSide,
    #[error("even the lower limit falls among replicates without an estimate")]
    LowerLimitUnbounded,
}

/// BCa limits as SparseMSE's `bcaconfvalues`: for each probability α, z_α = Φ⁻¹(α),
/// q = Φ(z₀ + (z₀ + z_α) / (1 − a (z₀ + z_α))), and the limit is the q quantile of the replicates
/// by R's `quantile(type = 8)`.
///
/// Replicates without an estimate are passed as +∞: they are never below the estimate and sort
/// above every finite replicate.
pub fn bca_limits(
    replicates: &[f64],
    estimate: f64,
    acceleration: f64,
    probabilities: &[f64],
) -> Result<BcaLimits, BcaError> {
    if replicates.is_empty() {
        return Err(BcaError::NoReplicates);
    }
    let below = replicates.iter().filter(|&&r| r < estimate).count();
    if below == 0 || below == replicates.len() {
        return Err(BcaError::AllOnOneSide);
    }
    let z0 = normal_quantile(below as f64 / replicates.len() as f64);
    let mut sorted = replicates.to_vec();
    sorted.sort_by(f64::total_cmp);
    let limits = probabilities
        .iter()
        .map(|&alpha| {
            let z = z0 + normal_quantile(alpha);
            let q = normal_cdf(z0 + z / (1.0 - acceleration * z));
            (alpha, quantile_type8(&sorted, q))
        })
        .collect();
    Ok(BcaLimits { z0, acceleration, limits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resampling_keeps_the_total_and_is_reproducible() {
        let counts = [54, 463, 0, 995, 3];
        let a = resample_counts(&counts, 7, 3);
        assert_eq!(a.iter().sum::<u64>(), counts.iter().sum::<u64>());
        assert_eq!(a[2], 0, "an empty history is never drawn");
        assert_eq!(a, resample_counts(&counts, 7, 3));
        assert_ne!(a, resample_counts(&counts, 7, 4));
        assert_ne!(a, resample_counts(&counts, 8, 3));
    }

    #[test]
    fn resampling_has_multinomial_means() {
        let counts = [100, 300, 600];
        let replicates = 400;
        let mut sums = [0.0; 3];
        for r in 0..replicates {
            for (sum, c) in sums.iter_mut().zip(resample_counts(&counts, 1, r)) {
                *sum += c as f64;
            }
        }
        for (sum, &c) in sums.iter().zip(&counts) {
            // Standard error of the mean of 400 binomial(1000, p) counts is below 1.
            assert!((sum / replicates as f64 - c as f64).abs() < 4.0, "{sum} vs {c}");
        }
    }

    #[test]
    fn acceleration_is_zero_for_symmetric_jackknife() {
        let a = jackknife_acceleration(&[1, 1, 0], &[Some(9.0), Some(11.0), None]).unwrap();
        assert!(a.abs() < 1e-15);
        assert_eq!(jackknife_acceleration(&[1, 1], &[Some(9.0), None]), None);
    }

    #[test]
    fn bca_without_bias_or_acceleration_is_the_percentile_interval() {
        let replicates: Vec<f64> = (1..=1000).map(f64::from).collect();
        let limits = bca_limits(&replicates, 500.5, 0.0, &[0.025, 0.975]).unwrap();
        assert_eq!(limits.z0, 0.0);
        for (alpha, limit) in limits.limits {
            assert!((limit - quantile_type8(&replicates, alpha)).abs() < 1e-9);
        }
        assert_eq!(bca_limits(&replicates, 0.5, 0.0, &[0.5]), Err(BcaError::AllOnOneSide));
    }
}

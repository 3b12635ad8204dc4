//! Coverage on simulated populations of known size: the intervals should contain the truth in
//! about 95% of data sets, both when the lists register independently and when two pairs of
//! lists depend on each other (positively and negatively) as the log-linear model allows.
//!
//! Tolerance: with 60 data sets per scenario, an interval of exact 95% coverage contains the
//! truth at least 52 times with probability above 0.99, so the tests require a coverage of at
//! least 52/60 ≈ 0.87. The seeds are fixed, so the outcome is reproducible. The bootstrap uses
//! 200 replicates to keep the debug-build run time to seconds.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_stats::mse::{
    compute_estimate, BootstrapOptions, CaptureData, EstimateOptions, IntervalMethod,
};

const DATA_SETS: u64 = 60;
const REPLICATES: usize = 200;
const MINIMUM_COVERED: usize = 52;

/// A population of `size` persons whose capture histories follow the log-linear model with
/// main effects `main` and interactions `pairs` ((i, j, γ)); the table of those registered.
fn simulate(size: u64, main: &[f64], pairs: &[(usize, usize, f64)], seed: u64) -> CaptureData {
    let lists = main.len();
    let weights: Vec<f64> = (0..1u32 << lists)
        .map(|h| {
            let on = |i: usize| h & (1 << i) != 0;
            let mut log = (0..lists).filter(|&i| on(i)).map(|i| main[i]).sum::<f64>();
            log += pairs.iter().filter(|(i, j, _)| on(*i) && on(*j)).map(|(_, _, g)| g).sum::<f64>();
            log.exp()
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::new();
    let mut running = 0.0;
    for w in &weights {
        running += w / total;
        cumulative.push(running);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts = vec![0i64; weights.len()];
    for _ in 0..size {
        let u: f64 = rng.random();
        let cell = cumulative.partition_point(|&c| c <= u).min(weights.len() - 1);
        counts[cell] += 1;
    }
    CaptureData::new(
        (0..lists).map(|i| format!("L{i}")).collect(),
        (1..counts.len()).map(|h| ((0..lists).map(|i| h & (1 << i) != 0).collect(), counts[h])),
    )
    .expect("a simulated table")
}

fn coverage(size: u64, main: &[f64], pairs: &[(usize, usize, f64)]) -> (usize, usize) {
    let (mut bca, mut log_normal) = (0, 0);
    for seed in 0..DATA_SETS {
        let data = simulate(size, main, pairs, seed);
        let options = EstimateOptions {
            bootstrap: Some(BootstrapOptions { replicates: REPLICATES, seed }),
            ..EstimateOptions::default()
        };
        let estimate = compute_estimate(&data, &options).unwrap();
        let truth = size as f64;
        for interval in &estimate.intervals {
            let covers = interval.lower <= truth && interval.upper.is_none_or(|u| truth <= u);
            match interval.method {
                IntervalMethod::BootstrapBca => bca += usize::from(covers),
                IntervalMethod::LogNormal => log_normal += usize::from(covers),
            }
        }
    }
    (bca, log_normal)
}

#[test]
fn intervals_cover_independent_lists() {
    // Three lists registering 30%, 25% and 20% of 1,000 persons, independently.
    let odds = |p: f64| (p / (1.0 - p)).ln();
    let (bca, log_normal) = coverage(1000, &[odds(0.3), odds(0.25), odds(0.2)], &[]);
    assert!(bca >= MINIMUM_COVERED, "BCa covered {bca} of {DATA_SETS}");
    assert!(log_normal >= MINIMUM_COVERED, "log-normal covered {log_normal} of {DATA_SETS}");
}

#[test]
fn intervals_cover_dependent_lists() {
    // Four lists; A and B register the same persons more often than chance (γ = 1), C and D
    // less often (γ = −1); 2,000 persons.
    let (bca, log_normal) = coverage(2000, &[-1.2, -1.0, -1.1, -1.3], &[(0, 1, 1.0), (2, 3, -1.0)]);
    assert!(bca >= MINIMUM_COVERED, "BCa covered {bca} of {DATA_SETS}");
    assert!(log_normal >= MINIMUM_COVERED, "log-normal covered {log_normal} of {DATA_SETS}");
}

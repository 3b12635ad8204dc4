//! Benchmarks of multiple systems estimation beside SparseMSE's timings in
//! `test_data/reference.json` (R 4.2.2 on a 2-core machine of the same kind): the stepwise fit,
//! the stepwise fit with a 1,000-replicate BCa bootstrap (R: 73.5 s for five lists, 178 s for
//! six), the exhaustive search over all 1,024 models of five lists (R: 4.5 s) and all 32,768 of
//! six (R: 224 s), and a slice of the 2^28 models of eight lists.
//!
//! Run with `cargo bench -p rapporteur-stats`.

use std::path::PathBuf;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_stats::mse::{
    compute_estimate, search_exhaustive, BootstrapOptions, CaptureData, EstimateOptions, ExhaustiveOptions,
};

fn main() {
    divan::main();
}

fn uk(name: &str) -> CaptureData {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("test_data/{name}.csv"));
    let text = std::fs::read_to_string(&path).expect("UK data");
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().expect("header").split(',').map(str::to_owned).collect();
    let lists = header.len() - 1;
    let rows = lines.map(|line| {
        let fields: Vec<&str> = line.split(',').collect();
        (fields[..lists].iter().map(|f| *f == "1").collect(), fields[lists].parse().expect("count"))
    });
    CaptureData::new(header[..lists].to_vec(), rows.collect::<Vec<_>>()).expect("valid")
}

/// Eight lists of a simulated population of 20,000 with a few dependences, so that the table
/// is sparse the way real eight-list data are (New Orleans has eight lists).
fn eight_lists() -> CaptureData {
    let main = [-2.0, -2.5, -1.8, -3.0, -2.2, -2.8, -3.2, -2.4];
    let pairs = [(0, 1, 0.8), (2, 3, -0.6), (1, 4, 0.5), (5, 6, 1.0)];
    let weights: Vec<f64> = (0..1u32 << 8)
        .map(|h| {
            let on = |i: usize| h & (1 << i) != 0;
            let log: f64 = (0..8).filter(|&i| on(i)).map(|i| main[i]).sum::<f64>()
                + pairs.iter().filter(|(i, j, _)| on(*i) && on(*j)).map(|p| p.2).sum::<f64>();
            log.exp()
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |running, w| {
            *running += w / total;
            Some(*running)
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut counts = vec![0i64; 256];
    for _ in 0..20_000 {
        let u: f64 = rng.random();
        counts[cumulative.partition_point(|&c| c <= u).min(255)] += 1;
    }
    CaptureData::new(
        (0..8).map(|i| format!("L{i}")).collect(),
        (1..256usize).map(|h| ((0..8).map(|i| h & (1 << i) != 0).collect(), counts[h])),
    )
    .expect("valid")
}

#[divan::bench(args = ["UKdat_5", "UKdat"])]
fn stepwise_fit(bencher: divan::Bencher, name: &str) {
    let data = uk(name);
    bencher.bench(|| compute_estimate(&data, &EstimateOptions::default()));
}

#[divan::bench(args = ["UKdat_5", "UKdat"], sample_count = 10)]
fn stepwise_with_1000_bootstrap_replicates(bencher: divan::Bencher, name: &str) {
    let data = uk(name);
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 1000, seed: 1234 }),
        ..EstimateOptions::default()
    };
    bencher.bench(|| compute_estimate(&data, &options));
}

#[divan::bench(args = ["UKdat_5", "UKdat"], sample_count = 10)]
fn exhaustive_all_models(bencher: divan::Bencher, name: &str) {
    let data = uk(name);
    bencher.bench(|| search_exhaustive(&data, &ExhaustiveOptions::default()));
}

/// 2^16 of the 2^28 models of eight lists (those of the first 16 pairs); the whole search is
/// 4,096 times as long.
#[divan::bench(sample_count = 3)]
fn exhaustive_eight_lists_slice_of_65536(bencher: divan::Bencher) {
    let data = eight_lists();
    let options = ExhaustiveOptions { models: Some(0..1 << 16), ..ExhaustiveOptions::default() };
    bencher.bench(|| search_exhaustive(&data, &options));
}

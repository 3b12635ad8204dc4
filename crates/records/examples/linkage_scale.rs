//! Linkage at scale on synthetic identities: `cargo run --release -p rapporteur-records --example
//! linkage_scale -- RECORDS [BAND_BITS BANDS] [dist]`. Prints the similarity distributions (with `dist`), the
//! blocking statistics, the model, precision/recall/F1 against the truth and the wall time of
//! `link` alone (generation and encoding are timed apart).

#[path = "../tests/linkage_support/mod.rs"]
mod support;

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_records::linkage::{link, LinkOptions, PairStatus};
use rapporteur_records::Encoder;
use rayon::prelude::*;

/// The weights of a comparison's levels, rounded.
fn weights(p: &rapporteur_records::linkage::FieldProbabilities) -> Vec<f64> {
    (0..p.m.len()).map(|l| (p.weight(l) * 100.0).round() / 100.0).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dist = args.iter().any(|a| a == "dist");
    // Persons write 2 records on average.
    let t = Instant::now();
    let (_, synth) = support::generate(target / 2, 42, &support::Rates::moderate());
    let encoder = Encoder::new(&support::secret("0123456789abcdef-linkage-scale"));
    let records: Vec<_> = synth.par_chunks(4096).flat_map_iter(|c| support::encode(&encoder, c)).collect();
    let truth: Vec<u32> = synth.iter().map(|r| r.person).collect();
    println!(
        "records {} (persons {}), generated and encoded in {:.1?}",
        records.len(),
        target / 2,
        t.elapsed()
    );

    if dist {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = records.len();
        let mut random: Vec<f64> = (0..2_000_000)
            .map(|_| {
                let (i, j) = (rng.random_range(0..n), rng.random_range(0..n));
                if truth[i] == truth[j] {
                    return 0.0;
                }
                records[i].encoding.similarity(&records[j].encoding)
            })
            .collect();
        random.sort_by(f64::total_cmp);
        let q = |v: &[f64], p: f64| v[((v.len() - 1) as f64 * p) as usize];
        println!(
            "random pairs: mean {:.3} q50 {:.3} q90 {:.3} q99 {:.3} q99.9 {:.3} q99.99 {:.3} max {:.3}",
            random.iter().sum::<f64>() / random.len() as f64,
            q(&random, 0.5),
            q(&random, 0.9),
            q(&random, 0.99),
            q(&random, 0.999),
            q(&random, 0.9999),
            random[random.len() - 1]
        );
        for r in [16, 20, 24, 28] {
            let e: f64 = random.iter().map(|s| s.powi(r)).sum::<f64>() / random.len() as f64;
            let above: f64 = random.iter().filter(|&&s| s >= 0.72).count() as f64 / random.len() as f64;
            println!("  r {r}: E[s^r] {e:.3e}; share ≥ 0.72 {above:.2e}");
        }
        let mut same: Vec<f64> = Vec::new();
        for w in 1..synth.len() {
            for v in w.saturating_sub(3)..w {
                if truth[v] == truth[w] {
                    same.push(records[v].encoding.similarity(&records[w].encoding));
                }
            }
        }
        same.sort_by(f64::total_cmp);
        let below = |x: f64| same.iter().filter(|&&s| s < x).count() as f64 / same.len() as f64;
        println!(
            "true pairs {}: q1 {:.3} q5 {:.3} q10 {:.3} q50 {:.3}; below 0.72 {:.4}, 0.80 {:.4}, 0.88 {:.4}",
            same.len(),
            q(&same, 0.01),
            q(&same, 0.05),
            q(&same, 0.10),
            q(&same, 0.5),
            below(0.72),
            below(0.80),
            below(0.88)
        );
    }

    let mut options = LinkOptions::default();
    let numbers: Vec<usize> = args.iter().skip(2).filter_map(|a| a.parse().ok()).collect();
    if let [bits, bands, ..] = numbers[..] {
        options.band_bits = bits;
        options.bands = bands;
    }
    let t = Instant::now();
    let linkage = link(&records, &[], &options);
    let elapsed = t.elapsed();
    let s = support::scores(&truth, &linkage.persons);
    let b = &linkage.model.blocking;
    println!("link: {elapsed:.2?} on {} threads", rayon::current_num_threads());
    println!(
        "blocking: distinct {} exhaustive {} bands {}x{} comparisons {} encoding pairs {} candidates {} oversized {}",
        b.distinct_encodings,
        b.exhaustive,
        b.bands,
        b.band_bits,
        b.comparisons,
        b.encoding_pairs,
        b.candidate_pairs,
        b.oversized_buckets
    );
    let m = &linkage.model;
    println!(
        "model: prior {:.4} iterations {} converged {} fallback {}; weights names {:?} date {:?} sex {:?}",
        m.prior,
        m.iterations,
        m.converged,
        m.fallback,
        weights(&m.names),
        weights(&m.date),
        weights(&m.sex),
    );
    let count = |st: PairStatus| linkage.pairs.iter().filter(|p| p.status == st).count();
    println!(
        "pairs: linked {} review {} (of which linked {}); persons {}",
        count(PairStatus::Linked),
        count(PairStatus::Review),
        linkage.pairs.iter().filter(|p| p.status == PairStatus::Review && p.linked).count(),
        linkage.person_count()
    );
    println!(
        "precision {:.4} recall {:.4} F1 {:.4} (true pairs {}, found {}, correct {})",
        s.precision, s.recall, s.f1, s.true_pairs, s.found_pairs, s.correct_pairs
    );
}

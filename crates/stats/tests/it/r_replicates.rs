//! R's own bootstrap, replicate by replicate: SparseMSE's 1,000 resampled count tables
//! (`shared/mse/boot/`) fed to our estimator reproduce R's replicate estimates, our jackknife
//! reproduces R's, and our BCa formula on R's replicates reproduces R's limits.

use rapporteur_stats::mse::{
    bca_limits, estimate_population, jackknife_acceleration, jackknife_estimates, CaptureData,
    SelectionMethod, DEFAULT_MAX_MODELS, SPARSEMSE_PROBABILITIES,
};
use rayon::prelude::*;

use crate::common::{assert_relative, number, read_csv, reference, shared_mse, uk};

/// The replicate tables, one count vector per replicate, rows in the order of the data file.
fn boot_tables(name: &str) -> Vec<Vec<i64>> {
    let (header, rows) = read_csv(&shared_mse(&format!("boot/{name}_bootcounts.csv")));
    let first = header.iter().position(|h| h == "b1").expect("column b1");
    (first..header.len())
        .map(|column| rows.iter().map(|row| row[column].parse().expect("count")).collect())
        .collect()
}

fn boot_estimates(name: &str) -> Vec<f64> {
    let (_, rows) = read_csv(&shared_mse(&format!("boot/{name}_bootreps.csv")));
    rows.iter().map(|row| row[1].parse().expect("estimate")).collect()
}

fn jackknife(name: &str) -> Vec<f64> {
    let (header, rows) = read_csv(&shared_mse(&format!("boot/{name}_jackknife.csv")));
    let column = header.iter().position(|h| h == "jackknife_estimate").expect("column");
    rows.iter().map(|row| row[column].parse().expect("estimate")).collect()
}

fn with_counts(data: &CaptureData, counts: &[i64]) -> CaptureData {
    CaptureData::new(data.lists().to_vec(), data.rows().zip(counts).map(|((h, _), &n)| (h, n)))
        .expect("valid replicate")
}

const STEPWISE: SelectionMethod = SelectionMethod::Stepwise { threshold: 0.02 };

fn replicates_match(name: &str) {
    let data = uk(name);
    let tables = boot_tables(name);
    let expected = boot_estimates(name);
    assert_eq!(tables.len(), 1000);
    assert_eq!(expected.len(), 1000);
    let ours: Vec<f64> = tables
        .par_iter()
        .map(|counts| estimate_population(&with_counts(&data, counts), STEPWISE, DEFAULT_MAX_MODELS).unwrap())
        .collect();
    let worst = ours
        .iter()
        .zip(&expected)
        .map(|(a, b)| (a - b).abs() / b)
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap();
    // R's glm stops at a relative deviance change of 1e-8; the estimates agree far closer.
    assert!(worst.1 < 1e-7, "{name}: replicate {} differs by {:e}", worst.0 + 1, worst.1);
}

#[test]
fn five_list_replicates_reproduce_r() {
    replicates_match("UKdat_5");
}

#[test]
fn six_list_replicates_reproduce_r() {
    replicates_match("UKdat");
}

#[test]
fn jackknife_reproduces_r() {
    for name in ["UKdat", "UKdat_5"] {
        let data = uk(name);
        let ours = jackknife_estimates(&data, |d| estimate_population(d, STEPWISE, DEFAULT_MAX_MODELS).ok());
        for (row, (ours, theirs)) in ours.iter().zip(jackknife(name)).enumerate() {
            assert_relative(&format!("{name} jackknife row {}", row + 1), ours.unwrap(), theirs, 1e-8);
        }
    }
}

/// The BCa formula is deterministic: on R's replicates, R's estimate and R's jackknife it must
/// give R's limits to round-off.
#[test]
fn bca_on_r_replicates_reproduces_r_limits() {
    for name in ["UKdat", "UKdat_5"] {
        let reference = reference(name);
        let bca = &reference["bca"];
        let data = uk(name);
        let counts: Vec<u64> = data.rows().map(|(_, n)| n).collect();
        let jack: Vec<Option<f64>> = jackknife(name).into_iter().map(Some).collect();
        let acceleration = jackknife_acceleration(&counts, &jack).unwrap();
        assert_relative("acceleration", acceleration, number(&bca["ahat"]), 1e-12);
        let limits = bca_limits(
            &boot_estimates(name),
            number(&reference["estimate"]),
            acceleration,
            &SPARSEMSE_PROBABILITIES,
        )
        .unwrap();
        assert_relative("z0", limits.z0, number(&bca["z0"]), 1e-12);
        for (probability, limit) in limits.limits {
            let expected = number(&bca["quantiles"][format!("{probability}")]);
            assert_relative(&format!("{name} BCa {probability}"), limit, expected, 1e-12);
        }
    }
}

//! The exhaustive AIC/BIC search against the reference's loop over SparseMSE's `modelfit`, and
//! its limits.

use rapporteur_stats::mse::{
    compute_estimate, search_exhaustive, EstimateOptions, ExhaustiveError, ExhaustiveOptions, RankedModel,
    SelectionMethod,
};
use serde_json::Value;

use crate::common::{assert_close, assert_relative, lettered, number, reference, strings, uk};

fn sorted(mut terms: Vec<String>) -> Vec<String> {
    terms.sort();
    terms
}

fn matches(ours: &RankedModel, theirs: &Value) {
    assert_eq!(sorted(ours.terms.clone()), sorted(strings(&theirs["terms"])));
    assert_relative("N̂", ours.population, number(&theirs["estimate"]), 1e-7);
    assert_relative("lower", ours.log_normal_interval.0, number(&theirs["wald_lognormal_ci"][0]), 1e-7);
    assert_relative("upper", ours.log_normal_interval.1, number(&theirs["wald_lognormal_ci"][1]), 1e-7);
    assert_close("AIC", ours.aic, number(&theirs["aic"]), 1e-6);
    assert_close("BIC", ours.bic, number(&theirs["bic"]), 1e-6);
    assert_eq!(ours.parameters, number(&theirs["npar"]) as usize);
}

fn search_matches(name: &str) {
    let data = uk(name);
    let exhaustive = &reference(name)["exhaustive"]["exhaustive_fit"];
    let options = ExhaustiveOptions { keep: 5, ..ExhaustiveOptions::default() };
    let search = search_exhaustive(&data, &options).unwrap();
    assert_eq!(search.models_total, number(&exhaustive["models_total"]) as u64);
    assert_eq!(search.models_fitted, number(&exhaustive["models_fitted"]) as u64);
    assert!(search.skipped.is_empty());
    matches(&search.by_aic[0], &exhaustive["aic_best"]);
    matches(&search.by_bic[0], &exhaustive["bic_best"]);
    for (ours, theirs) in search.by_bic.iter().zip(exhaustive["top5_by_bic"].as_array().unwrap()) {
        matches(ours, theirs);
    }
    // LA:GP has nobody in common: in the AIC-best model it is a −∞ term.
    if name == "UKdat_5" {
        assert_eq!(search.by_aic[0].neg_inf_terms, vec!["LA:GP".to_owned()]);
    }
}

#[test]
fn five_lists_all_1024_models_rank_as_the_reference() {
    search_matches("UKdat_5");
}

#[test]
fn six_lists_all_32768_models_rank_as_the_reference() {
    search_matches("UKdat");
}

#[test]
fn aic_and_bic_methods_choose_the_best_models() {
    let data = uk("UKdat_5");
    let exhaustive = &reference("UKdat_5")["exhaustive"]["exhaustive_fit"];
    for (method, key) in [(SelectionMethod::Aic, "aic_best"), (SelectionMethod::Bic, "bic_best")] {
        let options = EstimateOptions { method, ..EstimateOptions::default() };
        let estimate = compute_estimate(&data, &options).unwrap();
        assert_relative("N̂", estimate.population.unwrap(), number(&exhaustive[key]["estimate"]), 1e-7);
        let search = estimate.search.as_ref().unwrap();
        assert_eq!(search.models_fitted, 1024);
        assert!(estimate.steps.is_empty());
    }
}

#[test]
fn eight_lists_are_searched_in_ranges() {
    // Eight lists, 28 pairs: 2^28 models are more than the default limit.
    let histories = [
        "10000000", "01000000", "00100000", "00010000", "00001000", "00000100", "00000010", "00000001",
        "11000000", "00110000", "00001100", "00000011", "10100000", "01010000", "00101000", "00010100",
        "10000001", "01000010",
    ];
    let rows: Vec<(&str, i64)> = histories.iter().enumerate().map(|(i, h)| (*h, 40 - i as i64)).collect();
    let data = lettered(&rows);
    let error = search_exhaustive(&data, &ExhaustiveOptions::default()).unwrap_err();
    assert_eq!(error, ExhaustiveError::TooManyModels { lists: 8, models: 1 << 28, limit: 1 << 21 });
    assert!(error.to_string().contains("search them in ranges"));
    let options = ExhaustiveOptions { models: Some(0..256), ..ExhaustiveOptions::default() };
    let search = search_exhaustive(&data, &options).unwrap();
    assert_eq!(search.models_searched, 256);
    assert_eq!(search.models_fitted + search.skipped.iter().map(|s| s.models).sum::<u64>(), 256);
    let beyond = ExhaustiveOptions { models: Some(0..(1 << 29)), ..ExhaustiveOptions::default() };
    assert!(matches!(search_exhaustive(&data, &beyond), Err(ExhaustiveError::RangeOutOfBounds { .. })));
    // The AIC and BIC methods report the refusal instead of an estimate.
    let options = EstimateOptions { method: SelectionMethod::Bic, ..EstimateOptions::default() };
    let estimate = compute_estimate(&data, &options).unwrap();
    assert_eq!(estimate.population, None);
    assert!(estimate.no_estimate.unwrap().to_string().contains("268435456 models"));
}

#[test]
fn ranges_split_the_search_without_changing_it() {
    let data = uk("UKdat_5");
    let whole = search_exhaustive(&data, &ExhaustiveOptions::default()).unwrap();
    let halves: Vec<_> = [0..512, 512..1024]
        .into_iter()
        .map(|range| {
            search_exhaustive(
                &data,
                &ExhaustiveOptions { models: Some(range), ..ExhaustiveOptions::default() },
            )
            .unwrap()
        })
        .collect();
    let best = halves.iter().map(|h| &h.by_bic[0]).min_by(|a, b| a.bic.total_cmp(&b.bic)).unwrap();
    assert_eq!(best, &whole.by_bic[0]);
    assert_eq!(halves.iter().map(|h| h.models_fitted).sum::<u64>(), whole.models_fitted);
}

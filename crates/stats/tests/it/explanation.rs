//! The facts an explanation of an estimate states (rapporteur-report writes the paragraphs and
//! tests their words), and the estimate as the CLI prints it in JSON.

use rapporteur_stats::mse::{
    compute_estimate, BootstrapOptions, EstimateFacts, EstimateOptions, EstimateOutcome, IntervalMethod,
};

use crate::common::{number, reference, uk};

#[test]
fn the_uk_facts_are_sparsemse_numbers_and_the_chosen_interactions() {
    // The numbers below are SparseMSE's for UKdat_5 (test_data/reference.json), rounded to whole
    // persons: observed, estimate, stepwise_fit.dark_figure and the wald_ci limits.
    let sparsemse = reference("UKdat_5");
    let rounded = |value: &serde_json::Value| number(value).round() as u64;
    assert_eq!(
        [
            rounded(&sparsemse["observed"]),
            rounded(&sparsemse["estimate"]),
            rounded(&sparsemse["stepwise_fit"]["dark_figure"]),
            rounded(&sparsemse["wald_ci"]["low"]),
            rounded(&sparsemse["wald_ci"]["high"]),
        ],
        [2744, 11313, 8569, 9884, 13027]
    );
    let estimate = compute_estimate(&uk("UKdat_5"), &EstimateOptions::default()).unwrap();
    let facts = EstimateFacts::of(&estimate);
    assert_eq!((facts.lists_used, facts.observed), (5, 2744));
    let EstimateOutcome::Estimated { population, dark_figure, interval, interactions } = facts.outcome else {
        panic!("no estimate: {facts:?}");
    };
    assert_eq!([population.round(), dark_figure.round()], [11313.0, 8569.0]);
    let interval = interval.expect("an interval");
    assert_eq!(interval.method, IntervalMethod::LogNormal);
    assert_eq!(
        [interval.level, interval.lower.round(), interval.upper.unwrap().round()],
        [0.95, 9884.0, 13027.0]
    );
    assert_eq!(interactions.estimated, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]);
    assert!(interactions.disjoint.is_empty());
}

#[test]
fn the_first_interval_is_the_bootstrap_one_when_there_is_one() {
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 50, seed: 7 }),
        ..EstimateOptions::default()
    };
    let facts = EstimateFacts::of(&compute_estimate(&uk("UKdat_5"), &options).unwrap());
    let EstimateOutcome::Estimated { interval: Some(interval), .. } = facts.outcome else {
        panic!("no interval: {facts:?}");
    };
    assert_eq!(interval.method, IntervalMethod::BootstrapBca);
}

#[test]
fn the_estimate_serialises_everything_the_cli_prints() {
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 50, seed: 7 }),
        ..EstimateOptions::default()
    };
    let estimate = compute_estimate(&uk("UKdat_5"), &options).unwrap();
    let json = serde_json::to_value(&estimate).unwrap();
    assert_eq!(json["observed"], 2744);
    assert!(json["population"].as_f64().unwrap() > 11312.0);
    assert!(json["dark_figure"].as_f64().unwrap() > 8568.0);
    let methods: Vec<&str> =
        json["intervals"].as_array().unwrap().iter().map(|i| i["method"].as_str().unwrap()).collect();
    assert_eq!(methods, vec!["bootstrap_bca", "log_normal"]);
    assert_eq!(json["method"]["method"], "stepwise");
    assert_eq!(json["method"]["threshold"], 0.02);
    assert_eq!(json["model"]["terms"][6]["name"], "LA:NG");
    assert_eq!(json["model"]["terms"][6]["kind"], "estimated");
    assert!(json["lists_removed"].as_array().unwrap().is_empty());
    assert!(json["warnings"].as_array().unwrap().is_empty());
    assert_eq!(json["bootstrap"]["replicates"], 50);
    assert_eq!(json["bootstrap"]["seed"], 7);
    assert_eq!(json["steps"].as_array().unwrap().len(), 7);
}

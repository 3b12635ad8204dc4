//! The UK 2013 data against SparseMSE 2.0.1's own results (`test_data/reference.json`): the
//! stepwise model with its trace, N̂, the model-based interval, the main-effects fit, and the BCa
//! bootstrap interval (within 5%, as it depends on the random draws).

use rapporteur_stats::mse::{
    compute_estimate, BootstrapOptions, EstimateOptions, IntervalMethod, SelectionMethod, TermValue,
};

use crate::common::{assert_close, assert_relative, number, reference, strings, uk};

/// N̂ and the model-based limits must agree within 0.1%; they agree to about 1e-7 (R's `glm`
/// stops at a relative deviance change of 1e-8 and takes se(b₀) from the weights of its last
/// step but one), so the tests hold them to 1e-6 and the coefficients to 1e-6 absolute.
const MODEL_TOLERANCE: f64 = 1e-6;

fn stepwise_matches(name: &str) {
    let data = uk(name);
    let reference = reference(name);
    let estimate = compute_estimate(&data, &EstimateOptions::default()).unwrap();
    assert_eq!(estimate.observed, number(&reference["observed"]) as u64);
    assert!(estimate.lists_removed.is_empty());
    let model = estimate.model.as_ref().unwrap();
    let interactions: Vec<String> =
        model.terms.iter().filter(|t| t.lists.len() == 2).map(|t| t.name.clone()).collect();
    assert_eq!(interactions, strings(&reference["model_terms"]), "{name}: terms in the order added");
    assert!(model.neg_inf_terms.is_empty());
    assert_relative("N̂", estimate.population.unwrap(), number(&reference["estimate"]), MODEL_TOLERANCE);
    let fit = &reference["stepwise_fit"];
    assert_relative(
        "dark figure",
        estimate.dark_figure.unwrap(),
        number(&fit["dark_figure"]),
        MODEL_TOLERANCE,
    );

    let wald = estimate.intervals.iter().find(|i| i.method == IntervalMethod::LogNormal).unwrap();
    assert_relative("log-normal lower", wald.lower, number(&reference["wald_ci"]["low"]), MODEL_TOLERANCE);
    assert_relative(
        "log-normal upper",
        wald.upper.unwrap(),
        number(&reference["wald_ci"]["high"]),
        MODEL_TOLERANCE,
    );

    for term in &model.terms {
        let TermValue::Estimated { coefficient, std_error } = term.value else {
            panic!("{}: no −∞ term expected", term.name)
        };
        assert_close(&term.name, coefficient, number(&fit["coefficients"][&term.name]), 1e-6);
        if term.name == "(Intercept)" {
            assert_relative("se(b0)", std_error, number(&fit["intercept_se"]), 1e-6);
        }
    }
    assert_close("deviance", model.deviance, number(&fit["deviance"]), 1e-6);
    assert_eq!(model.df_residual, number(&fit["df_residual"]) as usize);
    assert_eq!(model.cells_fitted, number(&fit["glm_cells"]) as usize);
    assert_close("AIC", model.aic, number(&fit["aic_adjusted"]), 1e-6);

    let steps = fit["steps"].as_array().unwrap();
    assert_eq!(estimate.steps.len(), steps.len());
    for (ours, theirs) in estimate.steps.iter().zip(steps) {
        assert_eq!(ours.term, theirs["best_candidate"].as_str().unwrap());
        assert_eq!(ours.added, theirs["added"].as_bool().unwrap());
        assert_relative("p-value", ours.p_value, number(&theirs["p_value"]), 1e-6);
        assert_eq!(ours.observed_pair_count, number(&theirs["observed_pair_count"]));
        assert_relative("λ", ours.expected_pair_count, number(&theirs["expected_pair_count"]), 1e-7);
        assert!(ours.blocked.is_empty(), "SparseMSE blocked no candidate");
    }
}

#[test]
fn six_list_stepwise_matches_sparsemse() {
    stepwise_matches("UKdat");
}

#[test]
fn five_list_stepwise_matches_sparsemse() {
    stepwise_matches("UKdat_5");
}

#[test]
fn five_list_estimate_is_the_home_office_figure() {
    let estimate = compute_estimate(&uk("UKdat_5"), &EstimateOptions::default()).unwrap();
    // The Home Office's 2014 analysis: 11,313, reported as 10,000–13,000.
    assert_eq!(estimate.population.unwrap().round(), 11_313.0);
    let wald = &estimate.intervals[0];
    assert_eq!((wald.lower / 1000.0).round(), 10.0);
    assert_eq!((wald.upper.unwrap() / 1000.0).round(), 13.0);
}

#[test]
fn main_effects_match_sparsemse() {
    for name in ["UKdat", "UKdat_5"] {
        let reference = reference(name);
        let main = &reference["main_effects"];
        let options = EstimateOptions {
            method: SelectionMethod::Stepwise { threshold: 0.0 },
            ..EstimateOptions::default()
        };
        let estimate = compute_estimate(&uk(name), &options).unwrap();
        assert_relative("N̂", estimate.population.unwrap(), number(&main["estimate"]), MODEL_TOLERANCE);
        let wald = &estimate.intervals[0];
        assert_relative("lower", wald.lower, number(&main["wald_lognormal_ci"][0]), MODEL_TOLERANCE);
        assert_relative("upper", wald.upper.unwrap(), number(&main["wald_lognormal_ci"][1]), MODEL_TOLERANCE);
        let model = estimate.model.unwrap();
        assert_close("deviance", model.deviance, number(&main["deviance"]), 1e-6);
        for term in &model.terms {
            let TermValue::Estimated { coefficient, .. } = term.value else { panic!() };
            assert_close(&term.name, coefficient, number(&main["coefficients"][&term.name]), 1e-6);
        }
    }
}

/// The bootstrap of SparseMSE's `estimatepopulation` with 1,000 replicates: our generator is
/// not R's, so the limits agree within 5%; the acceleration comes from the jackknife, which has
/// no random part, and agrees to 1e-9.
fn bootstrap_matches(name: &str) {
    let reference = reference(name);
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 1000, seed: 1234 }),
        ..EstimateOptions::default()
    };
    let estimate = compute_estimate(&uk(name), &options).unwrap();
    let bca = &estimate.intervals[0];
    assert_eq!(bca.method, IntervalMethod::BootstrapBca);
    assert!(bca.description.contains("BCa bootstrap"));
    assert_relative("BCa lower", bca.lower, number(&reference["ci_low"]), 0.05);
    assert_relative("BCa upper", bca.upper.unwrap(), number(&reference["ci_high"]), 0.05);
    let summary = estimate.bootstrap.as_ref().unwrap();
    assert_eq!(summary.replicates_without_estimate, 0);
    assert!(summary.acceleration_from_jackknife);
    assert_relative("acceleration", summary.acceleration, number(&reference["bca"]["ahat"]), 1e-9);
    // z0 is Φ⁻¹ of the share of replicates below N̂; R had 313 and 298 of 1,000.
    assert_close("z0", summary.z0.unwrap(), number(&reference["bca"]["z0"]), 0.1);
    assert_eq!(estimate.intervals[1].method, IntervalMethod::LogNormal);
    assert!(estimate.warnings.is_empty(), "{:?}", estimate.warnings);
}

#[test]
fn five_list_bootstrap_matches_sparsemse() {
    bootstrap_matches("UKdat_5");
}

#[test]
fn six_list_bootstrap_matches_sparsemse() {
    bootstrap_matches("UKdat");
}

#[test]
fn bootstrap_does_not_depend_on_thread_count() {
    let data = uk("UKdat_5");
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 64, seed: 99 }),
        ..EstimateOptions::default()
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| compute_estimate(&data, &options).unwrap())
    };
    let (one, two) = (run(1), run(2));
    let replicates =
        |e: &rapporteur_stats::mse::Estimate| e.bootstrap.as_ref().unwrap().replicate_estimates.clone();
    assert_eq!(replicates(&one), replicates(&two));
    assert_eq!(one, two);
    let other_seed = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 64, seed: 100 }),
        ..EstimateOptions::default()
    };
    assert_ne!(replicates(&one), replicates(&compute_estimate(&data, &other_seed).unwrap()));
}

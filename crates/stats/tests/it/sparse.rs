//! The sparse cases of Chan, Silverman & Vincent (2019): pairs of lists with nobody in common
//! get a fixed −∞ interaction; a model whose estimate does not exist, or whose parameters are
//! not identifiable, is skipped with its reason and never turned into a number.

use rapporteur_stats::mse::{
    check_model, compute_estimate, fit_checked_model, search_exhaustive, select_stepwise, EstimateFacts,
    EstimateOptions, EstimateOutcome, ExhaustiveOptions, Model, ModelFailure, NoEstimate, NoEstimateReason,
    Pair, RemovalReason, SkipCount, TermValue, Warning,
};

use crate::common::lettered;

const AB: Pair = Pair { first: 0, second: 1 };
const AC: Pair = Pair { first: 0, second: 2 };
const BC: Pair = Pair { first: 1, second: 2 };

/// The pattern of the paper's Table 2 (SparseMSE's `Artificial_3`): A, B and C alone, A with
/// B, and nobody on A and C or on B and C.
fn table_2() -> rapporteur_stats::mse::CaptureData {
    lettered(&[("100", 10), ("010", 12), ("001", 15), ("110", 3)])
}

#[test]
fn table_2_models_are_checked_as_the_paper_prescribes() {
    let data = table_2();
    let check = |pairs: &[Pair]| check_model(&data, &Model::with_pairs(3, pairs));
    // Main effects, or A:C and B:C (both −∞) without A:B: both tests pass.
    for pairs in [&[][..], &[AC], &[BC], &[AC, BC]] {
        assert_eq!(check(pairs), None, "{pairs:?}");
    }
    // A:B alone or with one of the others: the linear program's optimum is zero.
    for pairs in [&[AB][..], &[AB, AC], &[AB, BC]] {
        assert_eq!(check(pairs), Some(ModelFailure::MleDoesNotExist), "{pairs:?}");
    }
    // All three: the optimum is positive, but four cells cannot identify five parameters.
    assert_eq!(check(&[AB, AC, BC]), Some(ModelFailure::NotIdentifiable));
    // A failing model is not fitted.
    let failing = fit_checked_model(&data, &Model::with_pairs(3, &[AB]));
    assert_eq!(failing.unwrap_err(), ModelFailure::MleDoesNotExist);
    let passing = fit_checked_model(&data, &Model::with_pairs(3, &[AC, BC])).unwrap();
    assert_eq!(passing.neg_inf_pairs, vec![1, 2]);
    assert_eq!(passing.cells_fitted, 4, "cells with A and C or with B and C are left out");
    // Two −∞ parameters count in AIC: four fitted plus two.
    assert_eq!(passing.parameters, 6);
}

#[test]
fn exhaustive_search_skips_failing_models_with_reasons() {
    let search = search_exhaustive(&table_2(), &ExhaustiveOptions::default()).unwrap();
    assert_eq!(search.models_fitted, 4);
    assert_eq!(
        search.skipped,
        vec![
            SkipCount { reason: ModelFailure::MleDoesNotExist, models: 3 },
            SkipCount { reason: ModelFailure::NotIdentifiable, models: 1 },
        ]
    );
    let skipped: Vec<_> =
        search.skipped_examples.iter().map(|s| (s.terms.join("+"), s.reason.clone())).collect();
    assert_eq!(
        skipped,
        vec![
            ("A:B".to_owned(), ModelFailure::MleDoesNotExist),
            ("A:B+A:C".to_owned(), ModelFailure::MleDoesNotExist),
            ("A:B+B:C".to_owned(), ModelFailure::MleDoesNotExist),
            ("A:B+A:C+B:C".to_owned(), ModelFailure::NotIdentifiable),
        ]
    );
    for ranked in &search.by_aic {
        assert!(ranked.population.is_finite());
        assert!(!ranked.terms.contains(&"A:B".to_owned()));
    }
}

#[test]
fn stepwise_gives_a_blocked_candidate_p_one_and_says_why() {
    let selection = select_stepwise(&table_2(), 0.02);
    let step = &selection.steps[0];
    assert_eq!(step.blocked.len(), 1);
    assert_eq!(step.blocked[0].term, "A:B");
    assert_eq!(step.blocked[0].reason, ModelFailure::MleDoesNotExist);
    assert_ne!(step.term, "A:B");
    let estimate = compute_estimate(&table_2(), &EstimateOptions::default()).unwrap();
    assert!(estimate.warnings.contains(&Warning::ModelSkipped {
        terms: vec!["A:B".to_owned()],
        reason: ModelFailure::MleDoesNotExist
    }));
    assert!(estimate.population.is_some());
}

#[test]
fn a_non_overlapping_pair_enters_as_minus_infinity() {
    // A and B share nobody, though under independence some 17 persons would be on both.
    let data = lettered(&[("100", 100), ("010", 100), ("001", 50), ("101", 20), ("011", 20)]);
    let estimate = compute_estimate(&data, &EstimateOptions::default()).unwrap();
    let first = &estimate.steps[0];
    assert_eq!((first.term.as_str(), first.observed_pair_count, first.added), ("A:B", 0.0, true));
    // p = P(X ≤ 0) = exp(−λ).
    assert!((first.p_value - (-first.expected_pair_count).exp()).abs() < 1e-15);
    let model = estimate.model.as_ref().unwrap();
    assert_eq!(model.neg_inf_terms, vec!["A:B".to_owned()]);
    let ab = model.terms.iter().find(|t| t.name == "A:B").unwrap();
    assert_eq!(ab.value, TermValue::NegativeInfinity);
    assert_eq!(model.cells_fitted, 5);
    assert!(estimate.warnings.contains(&Warning::NegativeInfinityTerm { term: "A:B".to_owned() }));
    // With A:B at −∞ the fit is exact: of those on A (or B) and not the other, 20 are on C for
    // 100 not, so the 50 on C alone stand for 250 on no list, and N̂ = 290 + 250.
    assert!((estimate.population.unwrap() - 540.0).abs() < 1e-6);
    let json = serde_json::to_value(&estimate).unwrap();
    let terms = json["model"]["terms"].as_array().unwrap();
    assert_eq!(terms.last().unwrap()["kind"], "negative_infinity");
    let EstimateOutcome::Estimated { interactions, .. } = EstimateFacts::of(&estimate).outcome else {
        panic!("no estimate");
    };
    assert_eq!(interactions.disjoint, ["A:B"]);
}

#[test]
fn lists_without_overlap_give_no_estimate_and_say_why() {
    for rows in [vec![("10", 30), ("01", 20)], vec![("100", 10), ("010", 12), ("001", 15)]] {
        let data = lettered(&rows);
        let estimate = compute_estimate(&data, &EstimateOptions::default()).unwrap();
        assert_eq!(estimate.population, None);
        assert!(estimate.intervals.is_empty());
        assert_eq!(
            estimate.no_estimate,
            Some(NoEstimate::ModelFails { terms: vec![], reason: ModelFailure::MleDoesNotExist })
        );
        assert_eq!(
            EstimateFacts::of(&estimate).outcome,
            EstimateOutcome::NotEstimated { reason: Some(NoEstimateReason::EstimateDoesNotExist) }
        );
    }
    // With the interaction at −∞, two cells are left for three parameters.
    let two = lettered(&[("10", 30), ("01", 20)]);
    assert_eq!(check_model(&two, &Model::all_pairs(2)), Some(ModelFailure::NotIdentifiable));
}

#[test]
fn lists_without_information_are_removed_and_reported() {
    let base = [("100", 100), ("010", 100), ("001", 50), ("101", 20), ("011", 20), ("110", 15)];
    // D: nobody; E: duplicates A.
    let widened: Vec<(String, i64)> =
        base.iter().map(|(h, n)| (format!("{h}0{}", &h[..1]), *n)).chain([("00010".to_owned(), 0)]).collect();
    let rows: Vec<(&str, i64)> = widened.iter().map(|(h, n)| (h.as_str(), *n)).collect();
    let with_extra = compute_estimate(&lettered(&rows), &EstimateOptions::default()).unwrap();
    let plain = compute_estimate(&lettered(&base), &EstimateOptions::default()).unwrap();
    assert_eq!(with_extra.lists_used, vec!["A", "B", "C"]);
    let removed: Vec<_> =
        with_extra.lists_removed.iter().map(|r| (r.list.as_str(), r.reason.clone())).collect();
    assert_eq!(
        removed,
        vec![("D", RemovalReason::NoPersons), ("E", RemovalReason::DuplicateOf { list: "A".into() })]
    );
    assert_eq!(with_extra.population, plain.population);
    assert_eq!(with_extra.warnings[0].to_string(), "list D was removed: nobody is on it");
}

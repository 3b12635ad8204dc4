//! Estimates that between them take every path of the explanation: each kind of interval,
//! each mix of interactions, each reason for no estimate, counts that need a thousands
//! separator or round up to one, and list counts in words and in digits. They are derived from
//! one real estimate by changing what each case is about.

use rapporteur_stats::mse::{
    compute_estimate, CaptureData, Estimate, EstimateOptions, ExhaustiveError, IntervalMethod, ModelFailure,
    NoEstimate, RemovalReason, RemovedList, TermValue,
};

/// (name, estimate) in a fixed order.
pub fn estimate_cases() -> Vec<(&'static str, Estimate)> {
    let base = base_estimate();
    let mut cases = vec![("model-based interval, estimated interactions", base.clone())];

    let mut bootstrap = base.clone();
    bootstrap.intervals.insert(0, interval(IntervalMethod::BootstrapBca, 0.9, 1_234.4, Some(98_765_432.6)));
    cases.push(("bootstrap interval first, 90%", bootstrap));

    let mut unbounded = base.clone();
    unbounded.intervals[0].upper = None;
    cases.push(("model-based interval without an upper limit", unbounded));

    let mut unbounded_bootstrap = base.clone();
    unbounded_bootstrap.intervals = vec![interval(IntervalMethod::BootstrapBca, 0.95, 999.5, None)];
    cases.push(("bootstrap interval without an upper limit", unbounded_bootstrap));

    let mut no_interval = base.clone();
    no_interval.intervals.clear();
    cases.push(("no interval", no_interval));

    let mut independent = base.clone();
    independent.model.as_mut().unwrap().terms.retain(|t| t.lists.len() < 2);
    cases.push(("no interactions", independent));

    let mut no_model = base.clone();
    no_model.model = None;
    cases.push(("no model", no_model));

    let mut mixed = base.clone();
    set_interactions(&mut mixed, &[("A:B", false), ("A:C", true), ("B:C", false), ("A:D", true)]);
    cases.push(("estimated interactions and lists with nobody in common", mixed));

    let mut disjoint = base.clone();
    set_interactions(&mut disjoint, &[("A:B", true), ("C:D", true)]);
    cases.push(("only lists with nobody in common", disjoint));

    let mut large = base.clone();
    large.observed = 1_234_567;
    large.population = Some(12_345_678.5);
    large.dark_figure = Some(999.5);
    cases.push(("counts with thousands separators, rounded", large));

    let mut removed = base.clone();
    removed.lists_removed.push(RemovedList { list: "C".to_owned(), reason: RemovalReason::NoPersons });
    cases.push(("a list left out", removed));

    let mut many = base.clone();
    many.lists = (0..12).map(|i| format!("L{i}")).collect();
    cases.push(("twelve lists", many));

    let mut ten = base.clone();
    ten.lists = (0..10).map(|i| format!("L{i}")).collect();
    cases.push(("ten lists", ten));

    let reasons = [
        ("fewer than two informative lists", Some(NoEstimate::TooFewInformativeLists { remaining: 1 })),
        ("the estimate does not exist", Some(fails(ModelFailure::MleDoesNotExist))),
        ("not identifiable", Some(fails(ModelFailure::NotIdentifiable))),
        ("neither exists nor is identifiable", Some(fails(ModelFailure::MleDoesNotExistAndNotIdentifiable))),
        ("the fit did not converge", Some(fails(ModelFailure::FitDidNotConverge))),
        ("the check failed", Some(fails(ModelFailure::CheckFailed { detail: "solver".to_owned() }))),
        ("no model passes", Some(NoEstimate::NoModelPasses)),
        (
            "too many models",
            Some(NoEstimate::Search(ExhaustiveError::TooManyModels {
                lists: 10,
                models: 1 << 45,
                limit: 1000,
            })),
        ),
        ("no reason given", None),
    ];
    for (name, reason) in reasons {
        let mut none = base.clone();
        none.population = None;
        none.dark_figure = None;
        none.intervals.clear();
        none.no_estimate = reason;
        cases.push((name, none));
    }

    let mut one_list = base.clone();
    one_list.population = None;
    one_list.lists_removed = ["B", "C"]
        .map(|list| RemovedList { list: list.to_owned(), reason: RemovalReason::AllPersons })
        .into();
    one_list.observed = 12_000;
    one_list.no_estimate = Some(NoEstimate::TooFewInformativeLists { remaining: 1 });
    cases.push(("one list left", one_list.clone()));

    let mut no_list = one_list.clone();
    no_list.lists_removed.push(RemovedList { list: "A".to_owned(), reason: RemovalReason::NoPersons });
    no_list.observed = 0;
    no_list.no_estimate = Some(NoEstimate::TooFewInformativeLists { remaining: 0 });
    cases.push(("no list left", no_list));

    let mut population_without_dark = base;
    population_without_dark.dark_figure = None;
    cases.push(("a population without a dark figure", population_without_dark));
    cases
}

/// Three lists A, B and C with some overlap; stepwise selection keeps interactions.
fn base_estimate() -> Estimate {
    let rows = [("100", 600), ("010", 500), ("001", 400), ("110", 120), ("101", 90), ("011", 8), ("111", 20)];
    let data = CaptureData::new(
        vec!["A".into(), "B".into(), "C".into()],
        rows.iter().map(|(h, n)| (h.chars().map(|c| c == '1').collect(), *n)),
    )
    .unwrap();
    let mut estimate = compute_estimate(&data, &EstimateOptions::default()).unwrap();
    set_interactions(&mut estimate, &[("A:B", false), ("B:C", false)]);
    estimate
}

fn interval(
    method: IntervalMethod,
    level: f64,
    lower: f64,
    upper: Option<f64>,
) -> rapporteur_stats::mse::Interval {
    rapporteur_stats::mse::Interval { method, level, lower, upper, description: String::new() }
}

fn fails(reason: ModelFailure) -> NoEstimate {
    NoEstimate::ModelFails { terms: vec!["A:B".to_owned()], reason }
}

/// Replaces the model's interactions by these (name, with nobody in common).
fn set_interactions(estimate: &mut Estimate, interactions: &[(&str, bool)]) {
    let model = estimate.model.as_mut().unwrap();
    model.terms.retain(|t| t.lists.len() < 2);
    for (name, disjoint) in interactions {
        let value = if *disjoint {
            TermValue::NegativeInfinity
        } else {
            TermValue::Estimated { coefficient: 0.5, std_error: 0.1 }
        };
        let lists = name.split(':').map(str::to_owned).collect();
        model.terms.push(rapporteur_stats::mse::Term { name: (*name).to_owned(), lists, value });
    }
}

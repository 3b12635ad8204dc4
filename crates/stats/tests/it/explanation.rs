//! The explanatory paragraphs of the five-list UK estimate, as golden files reviewed as text
//! (`test_data/explain_UKdat_5.{en,nl,fr}.txt`). After a deliberate change of wording, rewrite
//! them with `UPDATE_EXPECT=1 cargo test -p rapporteur-stats` and review the diff.

use rapporteur_stats::mse::{
    compute_estimate, explain_estimate, BootstrapOptions, EstimateOptions, Language,
};

use crate::common::{number, read, reference, test_data, uk};

#[test]
fn uk_paragraphs_match_the_golden_files() {
    // A small bootstrap keeps the test quick; the paragraph names the first interval.
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 200, seed: 1234 }),
        ..EstimateOptions::default()
    };
    let estimate = compute_estimate(&uk("UKdat_5"), &options).unwrap();
    for (language, code) in [(Language::En, "en"), (Language::Nl, "nl"), (Language::Fr, "fr")] {
        let text = explain_estimate(&estimate, language);
        let path = test_data(&format!("explain_UKdat_5.{code}.txt"));
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, format!("{text}\n")).unwrap();
        }
        assert_eq!(format!("{text}\n"), read(&path), "{code}: rerun with UPDATE_EXPECT=1 to review");
    }
}

#[test]
fn paragraphs_carry_the_numbers_and_the_assumptions() {
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
    let en = explain_estimate(&estimate, Language::En);
    for needle in [
        "2,744",
        "11,313",
        "8,569",
        "9,884 to 13,027",
        "closed over the period",
        "same chance of being registered",
        "matched exactly",
        "LA:NG",
        "model-based interval",
    ] {
        assert!(en.contains(needle), "en lacks {needle:?}: {en}");
    }
    let nl = explain_estimate(&estimate, Language::Nl);
    for needle in ["2.744", "11.313", "9.884 tot 13.027", "gesloten over de periode", "exact gekoppeld"] {
        assert!(nl.contains(needle), "nl lacks {needle:?}: {nl}");
    }
    let fr = explain_estimate(&estimate, Language::Fr);
    for needle in
        ["11\u{202f}313", "9\u{202f}884 à 13\u{202f}027", "fermée sur la période", "appariées exactement"]
    {
        assert!(fr.contains(needle), "fr lacks {needle:?}: {fr}");
    }
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

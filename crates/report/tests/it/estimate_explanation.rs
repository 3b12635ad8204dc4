//! The paragraphs that explain an estimate, as golden files reviewed as text: the five-list UK
//! estimate (`test_data/explain_UKdat_5.{en,nl,fr}.txt`) and one paragraph for every path
//! through the words (`test_data/explain_cases.{en,nl,fr}.txt`). After a deliberate change of
//! wording, rewrite them with `UPDATE_EXPECT=1 cargo test -p rapporteur-report` and review the
//! diff.

use std::path::PathBuf;

use rapporteur_report::{estimate_messages, explain_estimate, Language};
use rapporteur_stats::mse::{
    compute_estimate, BootstrapOptions, CaptureData, EstimateFacts, EstimateOptions,
};

use crate::estimate_cases::estimate_cases;

#[test]
fn uk_paragraphs_match_the_golden_files() {
    // A small bootstrap keeps the test quick; the paragraph names the first interval.
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: 200, seed: 1234 }),
        ..EstimateOptions::default()
    };
    let facts = EstimateFacts::of(&compute_estimate(&uk_five_lists(), &options).unwrap());
    for language in [Language::En, Language::Nl, Language::Fr] {
        let text = format!("{}\n", explain_estimate(&facts, language));
        assert_golden(&format!("explain_UKdat_5.{}.txt", language.code()), &text);
    }
}

#[test]
fn every_path_through_the_words_matches_the_golden_files() {
    let cases = estimate_cases();
    for language in [Language::En, Language::Nl, Language::Fr] {
        let mut text = String::new();
        for (name, estimate) in &cases {
            let paragraph = explain_estimate(&EstimateFacts::of(estimate), language);
            assert!(!paragraph.contains('{'), "{}, {name}: a value is missing: {paragraph}", language.code());
            text.push_str(&format!("## {name}\n{paragraph}\n\n"));
        }
        assert_golden(&format!("explain_cases.{}.txt", language.code()), &text);
    }
}

#[test]
fn paragraphs_carry_the_numbers_and_the_assumptions() {
    // SparseMSE's numbers for UKdat_5 rounded to whole persons (rapporteur-stats checks them
    // against its reference): 2744 observed, 11313 estimated, 8569 on no list, 9884 to 13027.
    let estimate = compute_estimate(&uk_five_lists(), &EstimateOptions::default()).unwrap();
    let facts = EstimateFacts::of(&estimate);
    let en = explain_estimate(&facts, Language::En);
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
    let nl = explain_estimate(&facts, Language::Nl);
    for needle in ["2.744", "11.313", "9.884 tot 13.027", "gesloten over de periode", "exact gekoppeld"] {
        assert!(nl.contains(needle), "nl lacks {needle:?}: {nl}");
    }
    let fr = explain_estimate(&facts, Language::Fr);
    for needle in
        ["11\u{202f}313", "9\u{202f}884 à 13\u{202f}027", "fermée sur la période", "appariées exactement"]
    {
        assert!(fr.contains(needle), "fr lacks {needle:?}: {fr}");
    }
    for text in [&en, &nl, &fr] {
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "isolation marks in {text}");
    }
}

#[test]
fn every_language_has_every_message_of_the_others() {
    let messages = estimate_messages();
    let reference = messages.ids("en");
    assert!(reference.len() >= 10, "en has {} messages", reference.len());
    for language in Language::ALL {
        let ids = messages.ids(language.code());
        assert_eq!(ids, reference, "locales/{}/estimate.ftl has other messages than en", language.code());
    }
}

/// Compares `text` with the golden file `name`, or rewrites the file under `UPDATE_EXPECT`.
#[track_caller]
fn assert_golden(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(text, expected, "{name}: rerun with UPDATE_EXPECT=1 to review");
}

/// The UK 2013 data set with five lists, from rapporteur-stats' fixtures: 0/1 columns per list,
/// then a count.
fn uk_five_lists() -> CaptureData {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../stats/test_data/UKdat_5.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header: Vec<String> = lines.next().expect("header").split(',').map(|f| f.trim().to_owned()).collect();
    let lists = header.len() - 1;
    let rows: Vec<(Vec<bool>, i64)> = lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            (fields[..lists].iter().map(|f| *f == "1").collect(), fields[lists].parse().expect("count"))
        })
        .collect();
    CaptureData::new(header[..lists].to_vec(), rows).expect("valid capture data")
}

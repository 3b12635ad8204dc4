//! Validation of the embedded 2019-2020 data set: every self-contradiction of the seed that the
//! data set keeps is found, each by a general rule (no rule names a table or an expected
//! number), and the complete list of findings is reviewed as data in
//! `test_data/validation/seed_findings.txt` (`UPDATE_EXPECT=1` rewrites it).

use std::path::Path;

use crate::{officer, TestStore};
use rapporteur_app::{embedded_data_set, system_clock, App, LoadedCatalog};
use rapporteur_rules::{render_message, rule_of};

fn validated() -> (TestStore, App, Vec<rapporteur_domain::StoredFinding>) {
    let dir = TestStore::new();
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), dir.location(), &officer(), system_clock()).unwrap();
    for file in embedded_data_set("2019-2020") {
        app.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
    }
    let findings = app.validate(&officer(), Some("2019-2020")).unwrap();
    (dir, app, findings)
}

#[test]
fn the_seed_findings_are_as_reviewed() {
    let (_dir, app, findings) = validated();
    let catalog = app.catalog();
    let text: String = findings
        .iter()
        .map(|s| {
            let f = &s.finding;
            let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
            let message = render_message(catalog, rule_of(catalog, f).unwrap(), f, "en", '.');
            format!("{} {} [{}]: {message}\n", f.severity.as_str(), f.rule, tables.join(","))
        })
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/validation/seed_findings.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    assert_eq!(text, std::fs::read_to_string(&path).unwrap(), "the findings on the seed changed");
}

/// The seed's self-contradictions (data/be/2019-2020/notes/README.md), each with the general
/// rule that must find it and a table its finding must name.
const CONTRADICTIONS: [(&str, &str, u32); 13] = [
    ("Tables 6 and 7 split the same 2019 checklists differently by sex", "checklists_same_sex_split", 6),
    ("Table 15's free text gives more referred victims than its counts", "referrals_same_population", 15),
    (
        "the text of 11.1.1 gives 7 forced-criminality findings in 2019, Table 2 prints 9",
        "stated_figure_matches_data",
        2,
    ),
    ("Table 39 repeats Table 38", "repeated_slice", 39),
    ("Table 39's suspended sentences exceed Table 37's", "prison_sentences_same_population", 37),
    ("Table 41's printed total 181 is not the sum of its rows", "stated_figure_matches_data", 41),
    ("Table 41's rows disagree with Table 36's 121 convictions", "convictions_same_population", 36),
    (
        "Table 26's printed 'not victims' totals are not the sums of their rows",
        "stated_figure_matches_data",
        26,
    ),
    ("Table 26 disagrees with the prose's 1085 and 838 registrations", "registrations_same_population", 26),
    ("Table 29's printed totals are not the sums of their rows", "stated_figure_matches_data", 29),
    (
        "Table 29 gives Payoke 53 new guidances in 2019, Tables 26, 27 and 30 give 52",
        "new_guidances_same_population",
        29,
    ),
    ("the prose gives 7 Romanian victims in 2019, Table 31 prints 11", "stated_figure_matches_data", 31),
    ("Table 14's caption names 2019 for the 2020 table", "caption_names_shown_year", 14),
];

#[test]
fn every_self_contradiction_of_the_seed_is_found_by_a_general_rule() {
    let (_dir, _app, findings) = validated();
    let mut missing = Vec::new();
    for (what, rule, table) in CONTRADICTIONS {
        if !findings.iter().any(|s| s.finding.rule == rule && s.finding.tables.contains(&table)) {
            missing.push(format!("{what} (rule {rule}, table {table})"));
        }
    }
    assert!(missing.is_empty(), "not found:\n{}", missing.join("\n"));
}

#[test]
fn an_explanation_stays_attached_across_validations() {
    let (_dir, mut app, findings) = validated();
    let key = findings.iter().find(|s| s.finding.rule == "repeated_slice").unwrap().finding.key.clone();
    app.acknowledge(
        &officer(),
        Some("2019-2020"),
        &key,
        "Table 39 was pasted from Table 38 in the 2021 edition; the criminal record will resend it",
    )
    .unwrap();
    let again = app.validate(&officer(), Some("2019-2020")).unwrap();
    let explained = again.iter().find(|s| s.finding.key == key).unwrap();
    assert!(explained.acknowledgment.as_ref().unwrap().explanation.starts_with("Table 39 was pasted"));
    assert_eq!(again.len(), findings.len(), "an explained finding stays visible");
    let audit = app.audit_log(&officer()).unwrap();
    assert!(audit.iter().any(|e| e.action == "acknowledge" && e.entity_key.ends_with(&key)));
    assert!(app.acknowledge(&officer(), Some("2019-2020"), "0000000000000000", "no such finding").is_err());
}

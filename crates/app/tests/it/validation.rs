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

/// The seed's referrals by directorate with Namur-Luxembourg's 2019 figure marked "n.b." and
/// Liège's "conf.", imported in place of the seed's return.
fn referrals_with_flags(without_namur: bool) -> Vec<u8> {
    let original = embedded_data_set("2019-2020")
        .into_iter()
        .find(|f| f.path.ends_with("rsz/rsz_referrals_by_directorate.csv"))
        .expect("the seed's referrals by directorate");
    let text = std::str::from_utf8(original.bytes).unwrap();
    let namur = "rsz_referrals_by_directorate,2019,namen_luxemburg,";
    let liege = "rsz_referrals_by_directorate,2019,luik,";
    assert!(text.contains(namur) && text.contains(liege));
    text.lines()
        .filter(|line| !(without_namur && line.starts_with(namur)))
        .map(|line| {
            let with = |prefix: &str, marker: &str| format!("{prefix}{marker},");
            if line.starts_with(namur) {
                with(namur, "N.B.")
            } else if line.starts_with(liege) {
                with(liege, "conf.")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

#[test]
fn a_cell_marked_not_available_is_neither_a_zero_nor_missing_and_is_published_without_a_value() {
    use rapporteur_app::ImportOutcome;
    use rapporteur_domain::{ObsStatus, Severity};
    let (_dir, mut app, seed) = validated();
    let cube = "rsz_referrals_by_directorate";
    let outcome =
        app.import(&officer(), "referrals.csv", &referrals_with_flags(false), None, &mut |_, _| {}).unwrap();
    let ImportOutcome::Imported { summary, .. } = outcome else { panic!("refused: {outcome:?}") };
    assert_eq!(summary.updated, 2, "two values became statuses");
    let findings = app.validate(&officer(), Some("2019-2020")).unwrap();

    // Information where the cells stand, with their statuses; nothing missing.
    let on_cube = |rule: &str| -> Vec<&rapporteur_domain::Finding> {
        findings
            .iter()
            .map(|s| &s.finding)
            .filter(|f| f.rule == rule && f.cells.iter().any(|c| c.cube == cube))
            .collect()
    };
    let not_available = on_cube("cell_not_available");
    assert_eq!(not_available.len(), 1);
    assert_eq!(not_available[0].severity, Severity::Info);
    assert_eq!(not_available[0].cells[0].codes["rsz_directorate"], "namen_luxemburg");
    assert_eq!(on_cube("cell_confidential")[0].cells[0].codes["rsz_directorate"], "luik");
    assert!(on_cube("directorates_complete").is_empty(), "a flagged cell is given, not missing");

    // The stated total of 2019 (73) and the equality with the referrals by nationality are
    // not checked over the flagged cells, rather than summed with zeros there: no error or
    // warning that the seed did not have.
    let serious = |f: &&rapporteur_domain::StoredFinding| f.finding.severity != Severity::Info;
    let seed_keys: Vec<&str> = seed.iter().filter(serious).map(|s| s.finding.key.as_str()).collect();
    let new: Vec<&str> = findings
        .iter()
        .filter(serious)
        .map(|s| s.finding.key.as_str())
        .filter(|k| !seed_keys.contains(k))
        .collect();
    assert!(new.is_empty(), "new errors or warnings: {new:?}");
    let messages: Vec<String> = findings
        .iter()
        .filter(|s| s.finding.rule == "cell_not_available")
        .map(|s| {
            render_message(app.catalog(), rule_of(app.catalog(), &s.finding).unwrap(), &s.finding, "nl", ',')
        })
        .collect();
    assert!(messages[0].contains("niet beschikbaar") && messages[0].contains("2019"), "{messages:?}");

    // The audit log says what became of the value.
    let audit = app.audit_log(&officer()).unwrap();
    let update = audit
        .iter()
        .rev()
        .find(|e| e.action == "update" && e.entity_key.contains("namen_luxemburg"))
        .unwrap();
    assert!(update.before.as_deref().unwrap().contains("\"value\":37"), "{update:?}");
    assert!(update.after.as_deref().unwrap().contains("\"status\":\"M\""), "{update:?}");

    // The open data: no value, OBS_STATUS M for the cell not available, CONF_STATUS C for the
    // confidential one.
    let files = app.open_data(&officer(), "2019-2020", "2026-03-02").unwrap();
    let data = files.iter().find(|f| f.path == format!("data/{cube}.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(data.bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let published = |directorate: &str| -> (String, String, String) {
        let row = rows
            .iter()
            .find(|r| r[column("rsz_directorate")] == *directorate && r[column("period")] == *"2019")
            .unwrap_or_else(|| panic!("no row for {directorate}"));
        (row[column("OBS_VALUE")].into(), row[column("OBS_STATUS")].into(), row[column("CONF_STATUS")].into())
    };
    // (Its CONF_STATUS is disclosure control's: the pattern may hide the cell as well.)
    let (value, status, _) = published("namen_luxemburg");
    assert_eq!((value.as_str(), status.as_str()), ("", "M"));
    assert_eq!(published("luik"), ("".into(), "".into(), "C".into()));
    assert_eq!(published("_T"), ("".into(), "".into(), "C".into()), "a total over them is not known");

    // The report prints the seed's sign for a figure not given ("/", Table 39) where the cell
    // stands in Table 8, with the legend under the table; the total over it is not known, and
    // prints the sign of what it stands on (confidential, Liège's).
    let flagged = app.return_sheet(&officer(), "2019-2020", cube).unwrap().observations;
    let table_8 = printed_table(&app, &flagged, 8);
    let namur = table_8.rows.iter().find(|r| r.labels[0] == "Namen-Luxemburg").unwrap();
    assert_eq!(namur.cells[0].text, "/");
    assert_eq!(namur.cells[0].value, None);
    let legend = "/: niet beschikbaar volgens de actor (geen nul; niet meegeteld in de totalen)";
    assert!(table_8.footnotes.iter().any(|f| f == legend), "{:?}", table_8.footnotes);
    let total = table_8.rows.iter().find(|r| r.total).unwrap();
    assert_eq!((total.cells[0].text.as_str(), total.cells[0].value), ("c", None));
    let brussels = table_8.rows.iter().find(|r| r.labels[0] == "Brussel").unwrap();
    assert_eq!(brussels.cells[0].text, "20", "a cell given keeps its value");

    // Left out instead of marked, the cell is missing: an error, distinct from the flag.
    let statuses: Vec<Option<ObsStatus>> =
        flagged.iter().map(|s| s.row.kind.status()).filter(Option::is_some).collect();
    assert_eq!(statuses, [Some(ObsStatus::Confidential), Some(ObsStatus::NotAvailable)]);
    app.import(&officer(), "referrals.csv", &referrals_with_flags(true), None, &mut |_, _| {}).unwrap();
    let findings = app.validate(&officer(), Some("2019-2020")).unwrap();
    let missing: Vec<_> = findings
        .iter()
        .filter(|s| s.finding.rule == "directorates_complete" && s.finding.cells[0].cube == cube)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].finding.severity, Severity::Error);
    assert!(findings.iter().all(|s| s.finding.rule != "cell_not_available"));
}

/// Table `number` of the report as printed in Dutch over the store's tables and these flagged
/// cells.
fn printed_table(
    app: &App,
    flagged: &[rapporteur_domain::StoredRow],
    number: u32,
) -> rapporteur_report::TableBlock {
    use rapporteur_report::Block;
    let flagged: Vec<_> =
        flagged.iter().map(|s| s.row.clone()).filter(|r| r.kind.status().is_some()).collect();
    let pattern = rapporteur_domain::SuppressionPattern::new(&app.catalog().disclosure.symbol);
    crate::disclosure::report_with(app, &pattern, &flagged)
        .chapters
        .into_iter()
        .flat_map(|c| c.sections)
        .flat_map(|s| s.blocks)
        .find_map(|b| match b {
            Block::Table(t) if t.number == number => Some(t),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table {number}"))
}

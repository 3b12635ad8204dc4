//! The corpus of import files: each refused file has one defect and must be reported exactly,
//! leaving the store byte for byte as it was; each accepted file is written as real tools
//! write it (BOM, Windows-1252, semicolons and decimal commas) and must import correctly.

use std::path::PathBuf;

use crate::{check_expected, stdout, test_data, Workspace, TABLE_2};

fn corpus(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(test_data().join("import").join(kind))
        .expect("the corpus exists")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn each_refused_file_is_reported_exactly_and_stores_nothing() {
    let files = corpus("refused");
    assert!(files.len() >= 11, "the refused corpus is incomplete: {files:?}");
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    let cwd = test_data().join("import");
    for file in files {
        let before = ws.store_bytes();
        let relative = format!("refused/{}", file.file_name().unwrap().to_string_lossy());
        let output = ws.run_in(&cwd, &["import", &relative]);
        assert_eq!(output.status.code(), Some(1), "{relative} should be refused with exit code 1");
        check_expected(&file.with_extension("expected"), &stdout(&output));
        assert_eq!(ws.store_bytes(), before, "{relative} changed the store");
    }
}

#[test]
fn files_as_belgian_tools_write_them_import_correctly() {
    let cwd = test_data().join("import");
    for (file, encoding) in
        [("accepted/utf8_bom.csv", "UTF-8"), ("accepted/windows_1252.csv", "windows-1252")]
    {
        let ws = Workspace::new();
        let output = ws.run_in(&cwd, &["import", file]);
        assert!(output.status.success(), "{file}: {}", stdout(&output));
        assert!(stdout(&output).contains(encoding), "{file} not read as {encoding}: {}", stdout(&output));
        let mut expected: Vec<(String, String, String, i64)> = TABLE_2
            .iter()
            .flat_map(|(form, a, b)| {
                [("2019", *a), ("2020", *b)].map(|(p, v)| {
                    (
                        "police_thb_findings".to_string(),
                        p.to_string(),
                        format!("{{\"exploitation_form\":\"{form}\"}}"),
                        v,
                    )
                })
            })
            .collect();
        expected.sort_by(|x, y| (&x.1, &x.2).cmp(&(&y.1, &y.2)));
        let mut stored = ws.rows("observation");
        stored.sort_by(|x, y| (&x.1, &x.2).cmp(&(&y.1, &y.2)));
        assert_eq!(stored, expected, "{file}");
    }

    let ws = Workspace::new();
    let output = ws.run_in(&cwd, &["import", "accepted/semicolon_decimal_comma.csv"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("';'-separated, decimal comma"));
    assert_eq!(
        ws.rows("observation"),
        vec![
            ("commission_thb_amount".into(), "2019".into(), "{}".into(), 100_000),
            ("commission_thb_amount".into(), "2020".into(), "{}".into(), 1_250_000),
        ]
    );
}

#[test]
fn control_values_and_percentages_are_kept_apart_from_the_data() {
    let ws = Workspace::new();
    let cwd = test_data().join("import");
    let output = ws.run_in(&cwd, &["import", "accepted/controls_and_percentages.csv"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("imported 5 observations and 3 control values"), "{}", stdout(&output));
    assert_eq!(ws.rows("observation").iter().map(|r| r.3).sum::<i64>(), 5 + 211 + 111 + 1 + 43);
    let controls = ws.rows("control_value");
    // The percentage is kept exactly, in hundredths, beside the count stated at the same cell.
    assert!(controls.contains(&(
        "prosecution_inflow".into(),
        "2019".into(),
        "{\"exploitation_form\":\"sexual\"}".into(),
        5687
    )));
    assert!(controls.contains(&(
        "prosecution_inflow".into(),
        "2019".into(),
        "{\"exploitation_form\":\"sexual\"}".into(),
        211
    )));
    assert!(controls.contains(&(
        "prosecution_inflow".into(),
        "2019".into(),
        "{\"exploitation_form\":\"thb\"}".into(),
        371
    )));
}

#[test]
fn reimporting_says_unchanged_and_a_correction_is_audited_before_and_after() {
    let ws = Workspace::new();
    let original = test_data().join("import/accepted/utf8_bom.csv");
    let original = original.to_str().unwrap();
    assert!(ws.run(&["import", original]).status.success());
    let before = ws.store_bytes();
    let again = ws.run(&["import", original]);
    assert!(again.status.success());
    assert!(stdout(&again).contains("unchanged"), "{}", stdout(&again));
    assert_eq!(ws.store_bytes(), before);

    // The actor corrects one figure and drops the organ-removal rows.
    let corrected = ws.dir.path().join("corrected.csv");
    let text = std::fs::read_to_string(original).unwrap();
    let text: String =
        text.lines()
            .filter(|l| !l.contains("Prélèvement"))
            .map(|l| {
                if l.contains("2020,Exploitation sexuelle") {
                    l.replace(",142", ",143")
                } else {
                    l.to_string()
                }
            })
            .map(|l| l + "\n")
            .collect();
    std::fs::write(&corrected, text).unwrap();
    let output = ws.run(&["import", corrected.to_str().unwrap()]);
    assert!(stdout(&output).contains("(0 added, 1 updated, 2 removed;"), "{}", stdout(&output));
    let audit = stdout(&ws.run(&["audit"]));
    let update = audit.lines().find(|l| l.contains(" update ")).expect("an update entry");
    assert!(update.contains("\"value\":142") && update.contains("\"value\":143"), "{update}");
    assert_eq!(audit.lines().filter(|l| l.contains(" remove ")).count(), 2);
}

#[test]
fn all_files_are_tried_and_only_good_ones_land() {
    let ws = Workspace::new();
    let cwd = test_data().join("import");
    let output =
        ws.run_in(&cwd, &["import", "refused/negative_count.csv", "accepted/semicolon_decimal_comma.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("1 of 2 file(s) refused; nothing of them was stored\n"));
    assert_eq!(ws.rows("observation").len(), 2);
}

#[test]
fn an_unreadable_file_is_a_failure_with_exit_code_2() {
    let ws = Workspace::new();
    let output = ws.run(&["import", "no-such-file.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        crate::stderr(&output).starts_with("rapporteur: reading no-such-file.csv: "),
        "{}",
        crate::stderr(&output)
    );
}

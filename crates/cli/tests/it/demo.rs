//! The README's main job: the embedded data set into a fresh store, twice.

use crate::{stdout, Workspace, TABLE_2};

#[test]
fn demo_imports_the_embedded_data_set_and_a_second_run_changes_nothing() {
    let ws = Workspace::new();
    let first = ws.run(&["demo", "--format", "md"]);
    assert!(first.status.success(), "demo failed: {}", stdout(&first));
    assert!(stdout(&first).contains("police_thb_findings.csv: imported 10 observations and "));

    let observations = ws.rows("observation");
    for (form, y2019, y2020) in TABLE_2 {
        for (period, value) in [("2019", y2019), ("2020", y2020)] {
            let codes = format!("{{\"exploitation_form\":\"{form}\"}}");
            assert!(
                observations.contains(&("police_thb_findings".into(), period.into(), codes.clone(), value)),
                "missing {period} {codes} = {value}"
            );
        }
    }
    // The printed totals are control values, never data.
    let totals = ws.rows("control_value");
    assert!(totals.contains(&(
        "police_thb_findings".into(),
        "2019".into(),
        "{\"exploitation_form\":\"_T\"}".into(),
        331
    )));
    assert!(!observations.iter().any(|(_, _, codes, _)| codes.contains("_T")));
    // Euro amounts are stored exactly, in cents.
    assert!(observations.contains(&("commission_thb_amount".into(), "2020".into(), "{}".into(), 1_250_000)));

    let before = ws.store_bytes();
    let second = ws.run(&["demo", "--format", "md"]);
    assert!(second.status.success());
    assert!(!stdout(&second).contains("imported"), "second run imported again: {}", stdout(&second));
    assert!(stdout(&second).contains("unchanged"));
    assert_eq!(ws.store_bytes(), before, "a second demo must leave the store byte for byte unchanged");
}

#[test]
fn every_import_is_in_the_audit_log() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    let audit = stdout(&ws.run(&["audit"]));
    let lines: Vec<&str> = audit.lines().collect();
    assert!(lines[0].starts_with('#'));
    assert!(lines.iter().any(|l| l.contains("load_catalog")));
    let adds = lines.iter().filter(|l| l.contains(" add ") && l.contains("test-officer")).count();
    let counts_rows = ws.rows("observation").len() + ws.rows("control_value").len();
    assert_eq!(adds, counts_rows, "one audit entry per stored value");
}

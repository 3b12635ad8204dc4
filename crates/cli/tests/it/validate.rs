//! `rapporteur validate` and `rapporteur acknowledge` on the embedded data set.

use crate::{stderr, stdout, Workspace};

#[test]
fn validate_lists_findings_in_the_chosen_language_and_exits_1_on_errors() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    let output = ws.run(&["validate", "--lang", "fr"]);
    assert_eq!(output.status.code(), Some(1), "errors exist in the seed");
    let text = stdout(&output);
    assert!(
        text.contains("Le nombre de condamnations et leur ventilation par nationalité diffèrent"),
        "{text}"
    );
    assert!(text.lines().last().unwrap().contains("error(s)"));

    let json = stdout(&ws.run(&["validate", "--format", "json", "--lang", "en"]));
    assert!(json.contains("\"tables\": [\n      41\n    ]"), "{json}");
    assert!(json.contains("\"expected\": 181") && json.contains("\"actual\": 166"), "{json}");
}

#[test]
fn an_actor_explains_a_finding_and_it_stays_visible() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.success());
    let text = stdout(&ws.run(&["validate"]));
    let line =
        text.lines().find(|l| l.starts_with("error repeated_slice")).expect("the copied table is found");
    let key = line.split('[').nth(1).unwrap().trim_end_matches(']');
    let ack = ws.run(&[
        "acknowledge",
        key,
        "--explanation",
        "Tabel 39 werd uit tabel 38 gekopieerd; het Strafregister levert opnieuw aan",
    ]);
    assert!(ack.status.success(), "{}", stderr(&ack));
    let again = stdout(&ws.run(&["validate"]));
    assert!(again.contains("explained by test-officer"), "{again}");
    assert!(again.lines().last().unwrap().ends_with("1 explained"));
    assert!(stdout(&ws.run(&["audit", "--last", "1"])).contains("acknowledge"));

    let unknown = ws.run(&["acknowledge", "ffffffffffffffff", "--explanation", "x"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("has no finding \"ffffffffffffffff\""), "{}", stderr(&unknown));
}

#[test]
fn validate_writes_csv_when_asked_and_the_operator_is_never_unknown() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--format", "md"]).status.code().is_some());
    let csv = ws.run(&["validate", "--format", "csv", "--lang", "en"]);
    let text = stdout(&csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..3], ["severity", "rule", "key"]);
    let rows = reader.records().count();
    let text_output = stdout(&ws.run(&["validate", "--lang", "en"]));
    assert!(
        rows > 0
            && text_output
                .lines()
                .filter(|l| l.starts_with("error ") || l.starts_with("warning ") || l.starts_with("info "))
                .count()
                == rows
    );
    // Without any name in the environment, the audit log names the system's user id.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(ws.store())
        .args(["acknowledge", &first_key(&text), "--explanation", "checked with the police"])
        .env_remove("RAPPORTEUR_USER")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let audit = stdout(&ws.run(&["audit", "--last", "1"]));
    assert!(audit.contains("uid ") && !audit.contains("unknown"), "{audit}");
}

/// The key of the first finding in a CSV listing.
fn first_key(csv_text: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader.records().next().unwrap().unwrap()[2].to_string()
}

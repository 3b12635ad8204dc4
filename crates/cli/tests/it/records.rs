//! The record commands end to end: synth → pseudonymize → import-records → record-tables, the
//! refusal of a file that still identifies persons, and the audit of every read.

use crate::{stdout, Workspace};

#[test]
fn synthetic_records_go_through_pseudonymisation_into_the_store() {
    let ws = Workspace::new();
    let dir = ws.dir.path();
    let synth = ws.run(&["synth", "--seed", "3", "--out", "raw"]);
    assert_eq!(synth.status.code(), Some(0), "{}", stdout(&synth));
    assert!(stdout(&synth).contains("cubes the records reproduce exactly: centre_smuggling_victims"));
    std::fs::write(dir.join("secret.key"), "a shared secret of the actors, 32b\n").expect("key written");

    // A raw file still names persons: the central import refuses it whole.
    let refused = ws.run(&["import-records", "raw/guidance_file.csv"]);
    assert_eq!(refused.status.code(), Some(1));
    let text = stdout(&refused);
    assert!(text.contains("raw/guidance_file.csv:1:2: column \"family_name\" identifies a person"), "{text}");
    assert!(text.contains("raw/guidance_file.csv:1:4: column \"birth_date\" identifies a person"), "{text}");

    for source in ["guidance_file", "indicator_checklist", "conviction", "police_finding"] {
        let out = ws.run(&[
            "pseudonymize",
            "--key-file",
            "secret.key",
            &format!("raw/{source}.csv"),
            &format!("{source}.csv"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        assert!(stdout(&out).contains("dropped family_name, given_names, birth_date"));
    }
    std::fs::copy(dir.join("raw/prosecution_case.csv"), dir.join("prosecution_case.csv")).expect("copied");
    let files = [
        "guidance_file.csv",
        "indicator_checklist.csv",
        "conviction.csv",
        "police_finding.csv",
        "prosecution_case.csv",
    ];
    let mut args = vec!["import-records"];
    args.extend(files);
    let imported = ws.run(&args);
    assert_eq!(imported.status.code(), Some(0), "{}", stdout(&imported));
    assert_eq!(stdout(&imported).matches("imported as record import").count(), 5);
    // Importing the same files again changes nothing.
    let again = ws.run(&args);
    assert_eq!(stdout(&again).matches("unchanged").count(), 5, "{}", stdout(&again));

    // Table 17 (prosecution inflow) as the 2019-2020 report counts it: every registration.
    let tables = ws.run(&["record-tables", "--table", "17", "--counting", "registered"]);
    assert_eq!(tables.status.code(), Some(0), "{}", stdout(&tables));
    let text = stdout(&tables);
    assert!(text.contains("211") && text.contains("234"), "{text}");
    assert!(text.contains("every registration is counted"));

    // Every read of record-level data is in the audit log.
    let conn = rusqlite::Connection::open(ws.store()).expect("store");
    let reads: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'record'", [], |r| {
            r.get(0)
        })
        .expect("query");
    assert_eq!(reads, 5, "one audited read per source");
    // No name of the raw files reaches the store's records, in any field of their stored form.
    let raw = std::fs::read_to_string(dir.join("raw/guidance_file.csv")).expect("the raw file");
    let mut lines = raw.lines();
    let column = lines.next().expect("a header").split(',').position(|c| c == "family_name").expect("names");
    let names: Vec<&str> = lines
        .filter_map(|l| l.split(',').nth(column))
        .filter(|n| n.len() > 3 && n.chars().any(|c| c.to_ascii_lowercase() > 'f')) // no hex look-alike
        .take(200)
        .collect();
    assert!(names.len() > 50, "{} names", names.len());
    for name in names {
        let stored: i64 = conn
            .query_row("SELECT COUNT(*) FROM record WHERE instr(data, CAST(?1 AS BLOB)) > 0", [name], |r| {
                r.get(0)
            })
            .expect("query");
        assert_eq!(stored, 0, "{name} is stored");
    }

    // The coordinator's review list: each pair's fields named as the catalog names them, in
    // words, with whether the two records agree; no key, no encoding.
    let linked = ws.run(&["link"]);
    assert_eq!(linked.status.code(), Some(0), "{}", stdout(&linked));
    let review = ws.run(&["link-review", "--limit", "5"]);
    assert_eq!(review.status.code(), Some(0), "{}", stdout(&review));
    let text = stdout(&review);
    let catalog = rapporteur_app::LoadedCatalog::embedded().expect("the catalog").catalog;
    let name = |schema: &str, field: &str| {
        let schema = &catalog.records[schema];
        schema.fields[schema.field_index(field).expect("the field")].name.get("en").to_string()
    };
    assert_eq!(text.matches("\n  A: ").count(), 5, "{text}");
    assert!(text.contains(&format!("    {}: ", name("guidance_file", "identity"))), "{text}");
    assert!(text.contains("(same)"), "{text}");
    for hidden in ["person_key", "person_encoding"] {
        assert!(!text.contains(hidden) && !text.contains(&name("guidance_file", hidden)), "{text}");
    }
}

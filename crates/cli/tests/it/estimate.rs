//! `rapporteur estimate` on the UK 2013 capture histories and on a broken file.

use crate::{stdout, Workspace};

fn uk(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../stats/test_data")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_five_uk_lists_give_the_home_office_estimate() {
    let ws = Workspace::new();
    let output = ws.run(&["estimate", &uk("UKdat_5.csv"), "--bootstrap", "200", "--lang", "en,fr"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("estimate:     11313 persons"), "{text}");
    assert!(text.contains("dark figure:  8569"), "{text}");
    assert!(text.contains("bootstrap BCa") && text.contains("model-based (log scale)"), "{text}");
    assert!(text.contains("closed over the period") && text.contains("population est fermée"), "{text}");
    // The same seed gives the same interval.
    assert_eq!(
        stdout(&ws.run(&["estimate", &uk("UKdat_5.csv"), "--bootstrap", "200", "--lang", "en,fr"])),
        text
    );

    let json = stdout(&ws.run(&["estimate", &uk("UKdat_5.csv"), "--bootstrap", "0", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["population"].as_f64().unwrap().round(), 11313.0);
    assert!(json.contains("\"log_normal\""), "{json}");
}

#[test]
fn a_broken_capture_file_is_refused_with_every_problem_located() {
    let ws = Workspace::new();
    let path = ws.dir.path().join("lists.csv");
    std::fs::write(&path, "police;rsz;centres;count\n1;0;0;54\n0;1;0;x\n1;0;0;12\n0;0;0;3\n").unwrap();
    let output = ws.run(&["estimate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("lists.csv:3:4: count \"x\" is not a whole number"), "{text}");
    std::fs::write(&path, "police;rsz;centres;count\n1;0;0;54\n0;1;0;7\n1;0;0;12\n0;0;0;3\n").unwrap();
    let text = stdout(&ws.run(&["estimate", path.to_str().unwrap()]));
    assert!(text.contains("lists.csv:4: history 100 is already given in row 1"), "{text}");
    assert!(text.contains("lists.csv:5: the history is on no list"), "{text}");
}

//! Data-driven tests of catalog loading: each file under `test_data/catalogs/` holds catalog
//! files (`--- path` sections, laid over `_base.txt`) and the exact problems expected
//! (`=== expected`, one `file:line: message` per line, empty for a valid catalog).
//! `UPDATE_EXPECT=1` rewrites the expected sections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rapporteur_domain::{Catalog, SourceFile};

fn sections(text: &str) -> (BTreeMap<String, String>, Option<String>) {
    let (files_part, expected) = match text.split_once("=== expected\n") {
        Some((files, expected)) => (files, Some(expected.to_string())),
        None => (text, None),
    };
    let mut files = BTreeMap::new();
    for chunk in files_part.split("--- ").filter(|c| !c.trim().is_empty()) {
        let (path, body) = chunk.split_once('\n').expect("a section has a path line");
        files.insert(path.trim().to_string(), body.to_string());
    }
    (files, expected)
}

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/catalogs");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_base.txt"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn catalog_cases() {
    let base_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/catalogs/_base.txt");
    let (base, _) = sections(&std::fs::read_to_string(base_path).unwrap());
    let cases = case_files();
    assert!(cases.len() >= 3);
    for case in cases {
        let text = std::fs::read_to_string(&case).unwrap();
        let (overlay, expected) = sections(&text);
        let mut files = base.clone();
        files.extend(overlay);
        let sources: Vec<SourceFile> =
            files.into_iter().map(|(path, text)| SourceFile { path, text }).collect();
        let actual: String = match Catalog::parse(&sources) {
            Ok(_) => String::new(),
            Err(problems) => problems.iter().map(|p| format!("{p}\n")).collect(),
        };
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let files_part = text.split("=== expected\n").next().unwrap();
            std::fs::write(&case, format!("{files_part}=== expected\n{actual}")).unwrap();
            continue;
        }
        assert_eq!(actual, expected.unwrap_or_default(), "problems of {}", case.display());
    }
}

#[test]
fn a_valid_catalog_answers_lookups() {
    let base_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/catalogs/_base.txt");
    let (mut files, _) = sections(&std::fs::read_to_string(base_path).unwrap());
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/catalogs/valid.txt");
    files.extend(sections(&std::fs::read_to_string(valid).unwrap()).0);
    let sources: Vec<SourceFile> = files.into_iter().map(|(path, text)| SourceFile { path, text }).collect();
    let catalog = Catalog::parse(&sources).expect("valid");
    let reasons = catalog.code_list("dismissal_reason").unwrap();
    assert!(reasons.is_aggregate("technical"));
    assert!(!reasons.is_aggregate("insufficient_evidence"));
    assert_eq!(reasons.lookup("ONVOLDOENDE  bewijzen").map(|c| c.id.as_str()), Some("insufficient_evidence"));
    assert_eq!(reasons.lookup("charges insuffisantes").map(|c| c.id.as_str()), Some("insufficient_evidence"));
    let leaves: Vec<&str> = reasons.leaves_under("technical").iter().map(|c| c.id.as_str()).collect();
    assert_eq!(leaves, ["insufficient_evidence"]);
    assert_eq!(reasons.closest("onvoldoende bewijs", 1)[0].id, "insufficient_evidence");
}

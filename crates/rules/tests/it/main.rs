//! Golden tests of rule parsing and evaluation, in the manner of sqllogictest files: each file
//! under `test_data/cases/` lays changes over the clean synthetic catalog and data set of
//! `test_data/base.txt` (`--- path` replaces a file, `--- !path` removes it) and lists, after
//! `=== findings`, exactly the findings expected (`severity rule [tables]: message in English`).
//! Data are imported with the base catalog and validated with the case's catalog, so a case can
//! also change the catalog under stored data. `UPDATE_EXPECT=1` rewrites the expectations.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rapporteur_domain::{Catalog, ObservationRow, RowKind, SourceFile};
use rapporteur_rules::{check_cycle, render_message, rule_of, CycleData};

struct Case {
    files: BTreeMap<String, String>,
    removed: BTreeSet<String>,
    expected: String,
    head: String,
}

fn parse_case(text: &str) -> Case {
    let (head, expected) = text.split_once("=== findings\n").unwrap_or((text, ""));
    let mut files = BTreeMap::new();
    let mut removed = BTreeSet::new();
    // Every file starts a line with "--- "; what precedes the first is the case's comment.
    let head_lines = format!("\n{head}");
    for chunk in head_lines.split("\n--- ").skip(1) {
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        match path.trim().strip_prefix('!') {
            Some(gone) => {
                removed.insert(gone.to_string());
            }
            None => {
                files.insert(path.trim().to_string(), body.to_string());
            }
        }
    }
    Case { files, removed, expected: expected.to_string(), head: head.to_string() }
}

#[test]
fn a_case_may_start_with_its_first_file() {
    let case =
        parse_case("--- data/a.csv\nx\n--- !catalog/b.toml\n# note\n--- data/c.csv\ny\n=== findings\n");
    assert_eq!(case.files.keys().collect::<Vec<_>>(), ["data/a.csv", "data/c.csv"]);
    assert_eq!(case.files["data/a.csv"], "x");
    assert_eq!(case.removed, BTreeSet::from(["catalog/b.toml".to_string()]));
}

fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data")
}

fn catalog_of(files: &BTreeMap<String, String>) -> Catalog {
    let sources: Vec<SourceFile> = files
        .iter()
        .filter_map(|(path, text)| {
            path.strip_prefix("catalog/").map(|p| SourceFile { path: p.to_string(), text: text.clone() })
        })
        .collect();
    Catalog::parse(&sources).unwrap_or_else(|problems| {
        panic!(
            "the test catalog is broken:\n{}",
            problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
        )
    })
}

/// The findings of a case, one line each, in the order the rules give them.
fn run(base: &Case, case: &Case) -> String {
    let import_catalog = catalog_of(&base.files);
    let mut files = base.files.clone();
    files.extend(case.files.clone());
    for gone in &case.removed {
        files.remove(gone);
    }
    let validation_catalog = catalog_of(&files);
    let cycle = import_catalog.cycle("2019-2020").unwrap();
    let mut rows: Vec<ObservationRow> = Vec::new();
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with("data/")) {
        match rapporteur_ingest::parse_return(text.as_bytes(), &import_catalog, cycle, &mut |_, _| {}) {
            Ok(parsed) => rows.extend(parsed.rows),
            Err(problems) => panic!("{path} does not import: {problems:?}"),
        }
    }
    let (controls, observations): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.kind == RowKind::Control);
    let cycle = validation_catalog.cycle("2019-2020").unwrap();
    let data = CycleData { cycle, observations: &observations, controls: &controls };
    let findings = check_cycle(&validation_catalog, &data, None);
    findings
        .iter()
        .map(|f| {
            let rule = rule_of(&validation_catalog, f).unwrap();
            let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
            format!(
                "{} {} [{}]: {}\n",
                f.severity.as_str(),
                f.rule,
                tables.join(","),
                render_message(&validation_catalog, rule, f, "en", '.')
            )
        })
        .collect()
}

#[test]
fn rule_cases() {
    let base = parse_case(&std::fs::read_to_string(test_data().join("base.txt")).unwrap());
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(test_data().join("cases")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 12, "every rule kind needs its case");
    let mut failures = Vec::new();
    for path in paths {
        let case = parse_case(&std::fs::read_to_string(&path).unwrap());
        let actual = run(&base, &case);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, format!("{}=== findings\n{actual}", case.head)).unwrap();
            continue;
        }
        if actual != case.expected {
            failures.push(format!("{}:\nexpected:\n{}actual:\n{actual}", path.display(), case.expected));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A broken case holds one defect: it must yield findings, all of one rule; the clean one none.
#[test]
fn each_defect_is_found_by_exactly_one_rule() {
    let base = parse_case(&std::fs::read_to_string(test_data().join("base.txt")).unwrap());
    for entry in std::fs::read_dir(test_data().join("cases")).unwrap() {
        let path = entry.unwrap().path();
        let case = parse_case(&std::fs::read_to_string(&path).unwrap());
        let actual = run(&base, &case);
        let rules: BTreeSet<&str> = actual.lines().filter_map(|l| l.split_whitespace().nth(1)).collect();
        if path.file_name().unwrap() == "clean.txt" {
            assert!(actual.is_empty(), "the clean data set yields findings:\n{actual}");
        } else {
            assert_eq!(
                rules.len(),
                1,
                "{}: expected one rule to fire, got {rules:?}\n{actual}",
                path.display()
            );
        }
    }
}

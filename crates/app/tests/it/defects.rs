//! The defect corpus (`test_data/defects/`): the seed's 2019–2020 returns, each with one slip
//! a clerk makes or written in one harmless flavour, generated here from the embedded returns
//! (`UPDATE_EXPECT=1` rewrites the files and `MANIFEST.tsv`), and each imported into the cycle
//! in place of its return: every slip marked findable must be refused or raise a new error or
//! warning on its cube, every harmless flavour must raise nothing new.

mod corpus;
mod sheet;
mod slips;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rapporteur_app::{embedded_data_set, LoadedCatalog};
use rapporteur_domain::{Catalog, Cycle, Finding, ObservationRow, RowKind, Severity};
use rapporteur_ingest::parse_return;
use rapporteur_rules::{check_cycle, CycleData};

use corpus::{Change, Entry, Expect, CORPUS};
use sheet::Sheet;

const CYCLE: &str = "2019-2020";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/defects")
}

/// The embedded returns of the cycle, by path under the cycle's folder.
fn seed_returns() -> BTreeMap<String, &'static [u8]> {
    embedded_data_set(CYCLE)
        .into_iter()
        .map(|f| (f.path.trim_start_matches(&format!("{CYCLE}/")).to_string(), f.bytes))
        .collect()
}

/// The bytes of an entry, made from its return.
fn generate(catalog: &Catalog, entry: &Entry, original: &[u8]) -> Vec<u8> {
    match entry.change {
        Change::Slip(slip) => {
            let mut sheet = Sheet::parse(original);
            slip.apply(&mut sheet);
            sheet.to_bytes()
        }
        Change::Flavour(flavour) => {
            let cube = Sheet::parse(original).rows[0][0].clone();
            flavour.apply(catalog, &cube, original)
        }
    }
}

fn describe_expect(expect: Expect) -> String {
    match expect {
        Expect::Refused => "refused at import".into(),
        Expect::Flagged(cube) => format!("new error or warning on {cube}"),
        Expect::FlaggedOnlyBy(cube, rule) => format!("new error or warning on {cube}, by {rule} alone"),
        Expect::Unseen => "nothing (no rule can see it; see README)".into(),
        Expect::Clean => "nothing (harmless)".into(),
    }
}

fn describe_change(change: Change) -> String {
    match change {
        Change::Slip(slip) => slip.describe(),
        Change::Flavour(flavour) => flavour.describe(),
    }
}

fn manifest() -> String {
    let mut out = String::from("id\tactor\treturn\tchange\tmust give\n");
    for e in CORPUS {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            e.id,
            e.actor,
            e.file,
            describe_change(e.change),
            describe_expect(e.expect)
        ));
    }
    out
}

/// The rows of every return, parsed as an import parses them.
fn parse(catalog: &Catalog, cycle: &Cycle, bytes: &[u8]) -> Result<Vec<ObservationRow>, usize> {
    parse_return(bytes, catalog, cycle, &mut |_, _| {}).map(|p| p.rows).map_err(|problems| problems.len())
}

/// The findings over the cycle's returns, as `App::validate` computes them from the store.
fn findings(
    catalog: &Catalog,
    cycle: &Cycle,
    returns: &BTreeMap<String, Vec<ObservationRow>>,
) -> Vec<Finding> {
    let rows = returns.values().flatten();
    let observations: Vec<ObservationRow> =
        rows.clone().filter(|r| r.kind != RowKind::Control).cloned().collect();
    let controls: Vec<ObservationRow> = rows.filter(|r| r.kind == RowKind::Control).cloned().collect();
    check_cycle(catalog, &CycleData { cycle, observations: &observations, controls: &controls }, None)
}

/// What importing an entry gave: refused, or the cubes of the new errors and warnings and how
/// many errors and warnings the cycle then has.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Refused(usize),
    Accepted { new: BTreeSet<String>, rules: BTreeSet<String>, serious: usize },
}

fn outcome_meets(outcome: &Outcome, expect: Expect) -> bool {
    match (outcome, expect) {
        (Outcome::Refused(_), Expect::Refused) => true,
        (Outcome::Accepted { new, .. }, Expect::Flagged(cube)) => new.contains(cube),
        (Outcome::Accepted { new, rules, .. }, Expect::FlaggedOnlyBy(cube, rule)) => {
            new.contains(cube) && rules.iter().all(|r| r == rule)
        }
        (Outcome::Accepted { new, .. }, Expect::Unseen | Expect::Clean) => new.is_empty(),
        _ => false,
    }
}

fn serious(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.severity != Severity::Info).count()
}

/// The seed's returns as parsed, and the findings on them.
struct Seed {
    returns: BTreeMap<String, Vec<ObservationRow>>,
    findings: Vec<Finding>,
}

impl Seed {
    fn parse(catalog: &Catalog, cycle: &Cycle) -> Seed {
        let returns: BTreeMap<String, Vec<ObservationRow>> = seed_returns()
            .into_iter()
            .map(|(path, bytes)| (path, parse(catalog, cycle, bytes).expect("the seed imports")))
            .collect();
        let findings = findings(catalog, cycle, &returns);
        Seed { returns, findings }
    }

    /// Imports `bytes` in place of the return `file`. A finding is new unless the seed gives it
    /// with the same cells and values: a slip that changes the numbers of one of the seed's own
    /// contradictions shows the actor new numbers.
    fn import_in_place(&self, catalog: &Catalog, cycle: &Cycle, file: &str, bytes: &[u8]) -> Outcome {
        let rows = match parse(catalog, cycle, bytes) {
            Err(problems) => return Outcome::Refused(problems),
            Ok(rows) => rows,
        };
        let mut returns = self.returns.clone();
        returns.insert(file.to_string(), rows);
        let found = findings(catalog, cycle, &returns);
        let serious = serious(&found);
        let new: Vec<Finding> = found
            .into_iter()
            .filter(|f| f.severity != Severity::Info && !self.findings.contains(f))
            .collect();
        let rules = new.iter().map(|f| f.rule.clone()).collect();
        let new = new.into_iter().flat_map(|f| f.cells.into_iter().map(|c| c.cube)).collect();
        Outcome::Accepted { new, rules, serious }
    }
}

#[test]
fn the_defect_corpus_is_generated_from_the_seed_returns() {
    let loaded = LoadedCatalog::embedded().unwrap();
    let returns = seed_returns();
    let dir = corpus_dir();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    let mut expected_files: BTreeSet<String> =
        BTreeSet::from(["MANIFEST.tsv".to_string(), "README.md".to_string()]);
    for entry in CORPUS {
        let bytes = generate(&loaded.catalog, entry, returns[entry.file]);
        let name = format!("{}.csv", entry.id);
        let path = dir.join(&name);
        expected_files.insert(name);
        if update {
            std::fs::write(&path, &bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(entry.id);
        }
    }
    let manifest_path = dir.join("MANIFEST.tsv");
    if update {
        std::fs::write(&manifest_path, manifest()).unwrap();
    } else if std::fs::read_to_string(&manifest_path).ok() != Some(manifest()) {
        stale.push("MANIFEST.tsv");
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let strays: Vec<&String> = on_disk.difference(&expected_files).collect();
    assert!(
        stale.is_empty() && strays.is_empty(),
        "regenerate with UPDATE_EXPECT=1: stale {stale:?}, strays {strays:?}"
    );
    let actors: BTreeSet<&str> =
        CORPUS.iter().filter(|e| matches!(e.change, Change::Slip(_))).map(|e| e.actor).collect();
    let slips = CORPUS.iter().filter(|e| matches!(e.change, Change::Slip(_))).count();
    assert!(
        slips >= 60 && actors.len() >= 12 && CORPUS.len() - slips >= 15,
        "{slips} slips over {} actors",
        actors.len()
    );
}

#[test]
fn every_findable_slip_is_found_and_no_harmless_flavour_raises_anything() {
    let loaded = LoadedCatalog::embedded().unwrap();
    let catalog = &loaded.catalog;
    let cycle = catalog.cycle(CYCLE).unwrap();
    let seed = Seed::parse(catalog, cycle);
    let mut wrong = Vec::new();
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for entry in CORPUS {
        let bytes = std::fs::read(corpus_dir().join(format!("{}.csv", entry.id))).unwrap();
        let outcome = seed.import_in_place(catalog, cycle, entry.file, &bytes);
        let met = outcome_meets(&outcome, entry.expect);
        let verdict = if met { "as expected" } else { "NOT as expected" };
        *tally.entry(format!("{} {verdict}", describe_expect(entry.expect))).or_default() += 1;
        if !met {
            wrong.push(format!("{}: expected {}, got {outcome:?}", entry.id, describe_expect(entry.expect)));
        }
        // An incomplete return never reports fewer problems than the complete one.
        let leaves_rows_out = matches!(entry.change, Change::Slip(slip) if slip.leaves_rows_out());
        if let Outcome::Accepted { serious, .. } = outcome {
            if leaves_rows_out && serious < self::serious(&seed.findings) {
                wrong.push(format!("{}: fewer errors and warnings than the complete return", entry.id));
            }
        }
    }
    eprintln!("{tally:#?}");
    assert!(wrong.is_empty(), "{} of {} entries:\n{}", wrong.len(), CORPUS.len(), wrong.join("\n"));
}

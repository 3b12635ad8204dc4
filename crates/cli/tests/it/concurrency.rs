//! Two writers on one store: each waits its turn. Before writers took the lock up front, the
//! second of two imports started at once failed with "database is locked" in about half the
//! runs.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::{stderr, Workspace};

fn data_files(actor: &str) -> Vec<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/be/2019-2020").join(actor);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn start_import(ws: &Workspace, files: &[PathBuf]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(ws.store())
        .arg("import")
        .args(files)
        .env("RAPPORTEUR_USER", "test-officer")
        .env_remove("RAPPORTEUR_CATALOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rapporteur binary runs")
}

#[test]
fn two_imports_started_together_into_a_new_store_both_land() {
    let (police, inspection) = (data_files("police"), data_files("rsz"));
    for _round in 0..4 {
        let ws = Workspace::new();
        let first = start_import(&ws, &police);
        let second = start_import(&ws, &inspection);
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "exit {:?}: {}", output.status.code(), stderr(&output));
        }
        let cubes: std::collections::BTreeSet<String> =
            ws.rows("observation").into_iter().map(|(cube, ..)| cube).collect();
        assert!(
            cubes.contains("police_thb_findings") && cubes.contains("rsz_referrals_by_centre"),
            "{cubes:?}"
        );
    }
}

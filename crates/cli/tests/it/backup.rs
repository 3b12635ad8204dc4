//! `rapporteur backup` and `restore` at the command line: a store with the police's returns is
//! copied, restored into a new store with the same rows, and a second restore onto it is
//! refused unless `--force`.

use crate::{stderr, stdout, Workspace};

fn police_files() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/be/2019-2020/police");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the police's returns")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn a_backup_restores_into_a_new_store_and_a_restore_onto_data_needs_force() {
    let live = Workspace::new();
    let mut import = vec!["import"];
    let files = police_files();
    import.extend(files.iter().map(String::as_str));
    assert!(live.run(&import).status.success());
    let backup = live.dir.path().join("backup.sqlite");
    let backed_up = live.run(&["backup", backup.to_str().unwrap()]);
    assert!(backed_up.status.success(), "{}", stderr(&backed_up));
    let digest = stdout(&backed_up).lines().last().unwrap().to_string();
    assert!(digest.starts_with("audit log: "), "{digest}");

    let other = Workspace::new();
    let restored = other.run(&["restore", backup.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(stdout(&restored).lines().last().unwrap(), digest);
    assert_eq!(other.rows("observation"), live.rows("observation"));

    let again = other.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert!(other.run(&["restore", "--force", backup.to_str().unwrap()]).status.success());
}

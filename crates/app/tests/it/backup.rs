//! Backup and restore of the store with the 2019-2020 data set: the restored store holds what
//! the backup holds, and a restore onto a store holding data is refused unless forced.

use rapporteur_app::{embedded_data_set, App, AppError, LoadedCatalog};

use crate::officer;

fn open(path: &std::path::Path) -> App {
    let clock = Box::new(|| "2026-12-05T06:00:00Z".to_string());
    App::open(LoadedCatalog::embedded().unwrap(), path, &officer(), clock).unwrap()
}

#[test]
fn the_data_set_is_restored_whole_and_a_restore_onto_data_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut live = open(&dir.path().join("live.sqlite"));
    for file in embedded_data_set("2019-2020") {
        live.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
    }
    let backup = dir.path().join("backup.sqlite");
    let copied = live.backup(&officer(), &backup).unwrap();
    assert_eq!(copied.rows["import"], live.counts(&officer()).unwrap().imports);

    let mut other = open(&dir.path().join("other.sqlite"));
    let restored = other.restore(&officer(), &backup, false).unwrap();
    assert_eq!(restored, copied);
    assert_eq!(other.counts(&officer()).unwrap().observations, live.counts(&officer()).unwrap().observations);

    let entries = other.audit_log(&officer()).unwrap().len();
    assert!(matches!(other.restore(&officer(), &backup, false), Err(AppError::RestoreOntoData)));
    assert_eq!(other.audit_log(&officer()).unwrap().len(), entries, "a refused restore changes nothing");
    assert_eq!(other.restore(&officer(), &backup, true).unwrap(), copied);
}

//! Disclosure control of the 2019–2020 publication.

use crate::officer;
use rapporteur_app::{embedded_data_set, App, LoadedCatalog};

fn seeded() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Box::new(|| "2021-06-30T12:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("store.sqlite"), &officer(), clock).unwrap();
    for file in embedded_data_set("2019-2020") {
        app.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
    }
    (dir, app)
}

#[test]
fn explore() {
    let (_dir, app) = seeded();
    let t = std::time::Instant::now();
    let view = app.protect_publication(&officer(), Some("2019-2020")).unwrap();
    eprintln!("{:?}", t.elapsed());
    eprintln!(
        "cells {} primary {} secondary {} programs {} narrowest {:?} unprotectable {:?}",
        view.cells, view.primary, view.secondary, view.programs, view.narrowest, view.unprotectable
    );
    eprintln!("{:?}", view.components);
    for c in &view.by_cube {
        eprintln!("{c:?}");
    }
}

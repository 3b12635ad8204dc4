//! What a process leaves when it dies, and writers from two processes, on both engines: an
//! `import-records` of a large file killed with SIGKILL at points drawn (with a fixed seed)
//! across the import's duration leaves the import whole or absent, never half, and the store
//! takes the same import whole afterwards; a command-line import started while the portal saves
//! grids waits its turn, and both sides finish without an error.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::portal_process::{serve, user_add, Browser};
use crate::{stderr, stdout, Workspace};

/// How many prosecution cases the large file holds (as `rapporteur synth` writes them for this
/// many records in all).
const SYNTH_RECORDS: &str = "60000";
/// How many times an import is killed, per engine.
const KILLS: u64 = 5;
/// The seed of the kill points.
const SEED: u64 = 16;

/// A large record file that needs no pseudonymising (prosecution cases name no person), made
/// once per test in `dir`.
fn large_case_file(dir: &std::path::Path) -> PathBuf {
    let ws = Workspace::new();
    let made = ws.run(&["synth", "--records", SYNTH_RECORDS, "--seed", "7", "--out", dir.to_str().unwrap()]);
    assert!(made.status.success(), "{}", stderr(&made));
    dir.join("prosecution_case.csv")
}

/// The store argument with a name the killed process's connection is known by on PostgreSQL.
fn store_arg(ws: &Workspace, name: &str) -> std::ffi::OsString {
    let mut store = ws.store().into_os_string();
    if ws.engine() == "PostgreSQL" {
        store.push(format!("&application_name={name}"));
    }
    store
}

fn start_import(ws: &Workspace, name: &str, file: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(store_arg(ws, name))
        .arg("import-records")
        .arg(file)
        .env("RAPPORTEUR_USER", "test-officer")
        .env_remove("RAPPORTEUR_CATALOG")
        .env_remove("RAPPORTEUR_STORE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the rapporteur binary runs")
}

/// What the store holds of record imports: records, imports, and their audit entries.
fn imported(ws: &Workspace) -> (i64, i64, i64) {
    (
        ws.count("SELECT count(*) FROM record"),
        ws.count("SELECT count(*) FROM record_import"),
        ws.count("SELECT count(*) FROM audit_log WHERE entity LIKE 'record%'"),
    )
}

/// Waits until PostgreSQL has ended the killed process's session (and so rolled back or
/// committed its transaction): until then what the store holds may still change.
fn until_session_gone(ws: &Workspace, name: &str) {
    if ws.engine() != "PostgreSQL" {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let sql = format!("SELECT count(*) FROM pg_stat_activity WHERE application_name = '{name}'");
    while ws.count(&sql) > 0 {
        assert!(Instant::now() < deadline, "PostgreSQL still serves the killed process");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// SplitMix64: the kill points' fractions, the same in every run.
fn fractions(seed: u64, n: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|i| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            let u = (z ^ (z >> 31)) as f64 / u64::MAX as f64;
            // One point in each of n equal stretches of the import.
            (i as f64 + u) / n as f64
        })
        .collect()
}

/// A new store of the engine, opened once (so the catalog is in it before the clock starts).
fn fresh(postgres: bool) -> Workspace {
    let ws = if postgres { Workspace::postgres() } else { Workspace::new() };
    let opened = ws.run(&["audit", "--last", "1"]);
    assert!(opened.status.success(), "{}", stderr(&opened));
    ws
}

fn killed_imports_leave_the_import_whole_or_absent(postgres: bool) {
    let data = tempfile::tempdir().unwrap();
    let file = large_case_file(data.path());
    // The whole import, once, timed: what "whole" is, and how long an import takes.
    let reference = fresh(postgres);
    let started = Instant::now();
    let done = start_import(&reference, "rapporteur_reference", &file).wait_with_output().unwrap();
    let duration = started.elapsed();
    assert!(done.status.success(), "{}: the whole import: {done:?}", reference.engine());
    let (whole, absent) = (imported(&reference), imported(&fresh(postgres)));
    assert!(whole.0 > 10_000 && whole.1 == 1, "{}: {whole:?}", reference.engine());

    let mut interrupted = 0;
    for (i, fraction) in fractions(SEED, KILLS).into_iter().enumerate() {
        let ws = fresh(postgres);
        let name = format!("rapporteur_killed_{i}");
        let mut child = start_import(&ws, &name, &file);
        std::thread::sleep(duration.mul_f64(fraction));
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        interrupted += usize::from(running);
        until_session_gone(&ws, &name);
        let left = imported(&ws);
        let found = if left == whole { "whole" } else { "absent" };
        eprintln!(
            "{}: killed at {:.0} % of {duration:?} (running: {running}): the import is {found}",
            ws.engine(),
            fraction * 100.0
        );
        assert!(
            left == whole || left == absent,
            "{}: killed at {:.0} % of the import, the store holds {left:?} (whole {whole:?}, absent {absent:?})",
            ws.engine(),
            fraction * 100.0
        );
        // The store takes the import afterwards, whole.
        let again = start_import(&ws, &format!("{name}_again"), &file).wait_with_output().unwrap();
        assert!(again.status.success(), "{}: after the kill: {again:?}", ws.engine());
        assert_eq!(imported(&ws).0, whole.0, "{}", ws.engine());
    }
    assert!(interrupted >= 3, "{}: only {interrupted} kills found the import running", engine_name(postgres));
}

fn engine_name(postgres: bool) -> &'static str {
    if postgres {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

#[test]
fn an_import_killed_at_random_points_is_whole_or_absent_on_sqlite() {
    killed_imports_leave_the_import_whole_or_absent(false);
}

#[test]
fn an_import_killed_at_random_points_is_whole_or_absent_on_postgres() {
    killed_imports_leave_the_import_whole_or_absent(true);
}

const CYCLE: &str = "2019-2020";
const PASSWORD: &str = "a long test password";

/// The inspection's returns, imported at the command line while the police's grid is saved.
fn inspection_files() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/be/2019-2020/rsz");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    files.sort();
    files
}

/// A logged-in browser on `addr`.
fn logged_in(addr: &str, name: &str) -> Browser {
    let mut browser = Browser::default();
    browser.get(addr, "/login");
    let reply = browser.post(addr, "/login", &[("name", name), ("password", PASSWORD)]);
    assert_eq!(reply.status, 303, "{name}: {reply:?}");
    browser
}

fn a_command_line_import_waits_for_the_portals_writes(ws: Workspace) {
    for args in
        [&["coord", "--role", "coordinator"][..], &["pol.one", "--role", "contributor", "--actor", "police"]]
    {
        assert!(user_add(&ws, args, PASSWORD).status.success());
    }
    let server = serve(&ws);
    let addr = server.addr.clone();
    let mut coord = logged_in(&addr, "coord");
    coord.get(&addr, "/");
    assert_eq!(coord.post(&addr, "/cycles", &[("cycle", CYCLE)]).status, 303);
    let assign =
        [("kind", "cube"), ("item", "police_thb_findings"), ("actor", "police"), ("deadline", "2026-12-31")];
    assert_eq!(coord.post(&addr, &format!("/cycles/{CYCLE}/assign"), &assign).status, 303);

    // The contributor saves the grid over and over, a value changing each time.
    let return_path = format!("/cycles/{CYCLE}/returns/police_thb_findings");
    let mut contributor = logged_in(&addr, "pol.one");
    assert_eq!(contributor.get(&addr, &return_path).status, 200);
    let stop = Arc::new(AtomicBool::new(false));
    let saves: Arc<Mutex<Vec<(Instant, u16)>>> = Arc::default();
    let saver = {
        let (stop, saves, addr, path) = (stop.clone(), saves.clone(), addr.clone(), return_path.clone());
        std::thread::spawn(move || {
            let mut value = 171;
            while !stop.load(Ordering::Relaxed) {
                value += 1;
                let v = value.to_string();
                let grid = [("col_0", "2019"), ("row_0", "exploitation_form=sexual"), ("c_0_0", v.as_str())];
                let reply = contributor.post(&addr, &path, &grid);
                saves.lock().unwrap().push((Instant::now(), reply.status));
            }
        })
    };
    let wait_for_saves = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(120);
        while saves.lock().unwrap().len() < n {
            assert!(Instant::now() < deadline, "the portal saves no grid");
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    wait_for_saves(2);
    let files = inspection_files();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let started = Instant::now();
    let import = ws.run(&args);
    let ended = Instant::now();
    let before = saves.lock().unwrap().len();
    wait_for_saves(before + 2);
    stop.store(true, Ordering::Relaxed);
    saver.join().unwrap();

    assert_eq!(import.status.code(), Some(0), "{}: {}{}", ws.engine(), stdout(&import), stderr(&import));
    let saves = saves.lock().unwrap();
    let failed: Vec<_> = saves.iter().filter(|(_, status)| *status != 303).collect();
    assert!(failed.is_empty(), "{}: grid saves that failed: {failed:?}", ws.engine());
    let during = saves.iter().filter(|(at, _)| *at > started && *at < ended).count();
    assert!(during > 0, "{}: no grid was saved while the import ran", ws.engine());
    let inspection = ws.count("SELECT count(*) FROM observation WHERE cube LIKE 'rsz_%'");
    assert!(inspection > 0, "{}: the import landed", ws.engine());
    let police = ws.count("SELECT count(*) FROM import WHERE file_name LIKE 'police_thb_findings%'");
    assert_eq!(police as usize, saves.len(), "{}: every save is an import of its own", ws.engine());
}

#[test]
fn a_command_line_import_during_portal_writes_waits_and_succeeds_on_sqlite() {
    a_command_line_import_waits_for_the_portals_writes(Workspace::new());
}

#[test]
fn a_command_line_import_during_portal_writes_waits_and_succeeds_on_postgres() {
    a_command_line_import_waits_for_the_portals_writes(Workspace::postgres());
}

//! Who runs a command: the operator at the command line, named by `--user` (or the login name),
//! and the system they work on. Every use case is called with this caller and audited under
//! its name.

use std::path::Path;

use anyhow::Context;
use rapporteur_app::{system_clock, App, LoadedCatalog};
use rapporteur_domain::access::Caller;

/// The system opened for one command, and its caller.
pub struct Operator {
    pub app: App,
    pub caller: Caller,
}

/// The login name of the person running the command, from the environment; without one (a
/// service or a container may set none), the system's user id, so that the audit log never
/// names nobody.
pub fn login_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .find_map(|var| std::env::var(var).ok().filter(|name| !name.trim().is_empty()))
        .or_else(user_id)
        .unwrap_or_else(|| "an unnamed operator".to_string())
}

/// "uid N" of the process, read from `/proc/self/status` (Linux).
fn user_id() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(1).map(|uid| format!("uid {uid}"))
}

/// The catalog in `dir`, or the embedded one.
pub fn load_catalog(dir: Option<&Path>) -> anyhow::Result<LoadedCatalog> {
    Ok(match dir {
        Some(dir) => LoadedCatalog::from_dir(dir)
            .with_context(|| format!("loading the catalog in {}", dir.display()))?,
        None => LoadedCatalog::embedded().context("loading the embedded catalog")?,
    })
}

/// Opens the store at `store` over the catalog, for the operator named `user`.
pub fn open(store: &Path, catalog: Option<&Path>, user: Option<&str>) -> anyhow::Result<Operator> {
    let catalog = load_catalog(catalog)?;
    let caller = Caller::Operator(user.map_or_else(login_name, str::to_string));
    let app = App::open(catalog, store, &caller, system_clock())
        .with_context(|| format!("opening the store {}", rapporteur_app::shown_store(store)))?;
    Ok(Operator { app, caller })
}

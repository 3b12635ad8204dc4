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

/// The login name of the person running the command.
pub fn login_name() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
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
        .with_context(|| format!("opening the store {}", store.display()))?;
    Ok(Operator { app, caller })
}

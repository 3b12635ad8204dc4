//! A checked catalog with the hash of its files, loaded from the embedded copy or a folder.

use std::path::Path;

use rapporteur_domain::{Catalog, Cycle, SourceFile};

use crate::catalog_files::{self, embedded_catalog_files, load_catalog_dir};
use crate::error::{AppError, Result};

/// A checked catalog with the hash of its files, which tells whether the store's copy is current.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub content_hash: String,
}

impl LoadedCatalog {
    /// The embedded Belgian catalog.
    pub fn embedded() -> Result<LoadedCatalog> {
        Self::from_files(embedded_catalog_files())
    }

    /// The catalog in `dir` (e.g. a copy of `catalog/be` being edited).
    pub fn from_dir(dir: &Path) -> Result<LoadedCatalog> {
        Self::from_files(load_catalog_dir(dir)?)
    }

    fn from_files(files: Vec<SourceFile>) -> Result<LoadedCatalog> {
        let content_hash = catalog_files::content_hash(&files);
        let catalog = Catalog::parse(&files).map_err(AppError::Catalog)?;
        Ok(LoadedCatalog { catalog, content_hash })
    }

    /// The cycle called `id`, or the catalog's current one.
    pub fn cycle(&self, id: Option<&str>) -> Result<&Cycle> {
        match id {
            Some(id) => self.catalog.cycle(id).ok_or_else(|| AppError::UnknownCycle {
                wanted: id.to_string(),
                known: self.catalog.cycles.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", "),
            }),
            None => self.catalog.current_cycle().ok_or(AppError::NoCycle),
        }
    }

    /// Refuses a language the catalog does not have.
    pub fn check_language(&self, lang: &str) -> Result<()> {
        if self.catalog.languages.iter().any(|l| l == lang) {
            Ok(())
        } else {
            Err(AppError::UnknownLanguage {
                wanted: lang.to_string(),
                known: self.catalog.languages.join(", "),
            })
        }
    }

    /// Refuses an actor the catalog's `actor` list does not have.
    pub fn check_actor(&self, actor: &str) -> Result<()> {
        let known = self.catalog.code_lists.get("actor").is_some_and(|l| l.get(actor).is_some());
        if known {
            Ok(())
        } else {
            Err(crate::error::refuse(crate::PortalError::UnknownActor(actor.to_string())))
        }
    }
}

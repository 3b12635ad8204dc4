//! The open-data package as the portal publishes it: one ZIP archive per published report
//! build, made when the coordinator publishes the build (`publish_build`) and downloaded by
//! whoever may read what is published.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::ReportBuild;
use rapporteur_opendata::{archive_folder, unzip_package, zip_package, PackageFile};

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

impl App {
    /// The open-data archive published with a build, and the build: for everyone who may read
    /// what is published; `None` for a build that is not published (or has no archive), as for
    /// one that does not exist. Writes nothing.
    pub fn published_open_data(&self, by: &Caller, build_id: i64) -> Result<Option<(ReportBuild, Vec<u8>)>> {
        allow(by, Action::ReadPublished)?;
        Ok(self.store.published_open_data(build_id)?)
    }

    /// The files of the open-data archive published with a build (paths within the package,
    /// e.g. `data/<cube>.csv`), for everyone who may read what is published; `None` as for
    /// [`App::published_open_data`]. Writes nothing.
    pub fn published_open_data_files(
        &self,
        by: &Caller,
        build_id: i64,
    ) -> Result<Option<(ReportBuild, Vec<PackageFile>)>> {
        let Some((build, bytes)) = self.published_open_data(by, build_id)? else { return Ok(None) };
        let files = unzip_package(&archive_folder(&build.cycle), &bytes)
            .map_err(|e| AppError::OpenData(e.to_string()))?;
        Ok(Some((build, files)))
    }

    /// The open-data package of `cycle` as published at `at` (a timestamp of the clock, whose
    /// date is the publication's), in one ZIP archive under `rapporteur-<cycle>-open-data/`,
    /// with the number of files it holds. The same data on the same day give the same bytes.
    pub(crate) fn open_data_archive(&self, by: &Caller, cycle: &str, at: &str) -> Result<(usize, Vec<u8>)> {
        let date: String = at.chars().take("YYYY-MM-DD".len()).collect();
        let files = self.open_data(by, cycle, &date)?;
        let bytes = zip_package(&archive_folder(cycle), &files, &date)
            .map_err(|e| AppError::OpenData(e.to_string()))?;
        Ok((files.len(), bytes))
    }
}

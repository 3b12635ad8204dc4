//! Report builds and their publication: the coordinator builds the report of a cycle in a
//! language and format, then publishes it; readers see published builds only.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_store::{ReportBuildRow, Stamp};
use sha2::{Digest, Sha256};

use crate::access::allow;
use crate::error::Result;
use crate::App;

/// A built report file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportBuild {
    pub id: i64,
    pub cycle: String,
    pub lang: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub built_at: String,
    pub built_by: String,
    pub published: bool,
}

impl From<ReportBuildRow> for ReportBuild {
    fn from(r: ReportBuildRow) -> ReportBuild {
        ReportBuild {
            id: r.id,
            cycle: r.cycle,
            lang: r.lang,
            format: r.format,
            size: r.size,
            sha256: r.sha256,
            built_at: r.built_at,
            built_by: r.built_by,
            published: r.published,
        }
    }
}

impl App {
    /// Stores a built report file (coordinator only).
    pub fn save_report_build(
        &mut self,
        by: &Caller,
        cycle: &str,
        (lang, format): (&str, &str),
        bytes: &[u8],
    ) -> Result<i64> {
        allow(by, Action::Coordinate)?;
        let at = self.now();
        let sha = hex::encode(Sha256::digest(bytes));
        let stamp = Stamp { at: &at, by: by.name() };
        Ok(self.store.save_report_build(cycle, (lang, format), bytes, &sha, stamp)?)
    }

    /// Publishes a build (coordinator only); false when there is none or it is published.
    pub fn publish_build(&mut self, by: &Caller, id: i64) -> Result<bool> {
        allow(by, Action::Coordinate)?;
        let at = self.now();
        Ok(self.store.publish_build(id, Stamp { at: &at, by: by.name() })?)
    }

    /// A report build and its bytes: any build for the coordinator, published builds for
    /// everyone; `None` for a build the caller may not see, as for one that does not exist.
    pub fn report_build(&self, by: &Caller, id: i64) -> Result<Option<(ReportBuild, Vec<u8>)>> {
        let build = self.store.report_build(id)?;
        Ok(build
            .filter(|(row, _)| row.published || by.may(Action::Coordinate))
            .map(|(row, bytes)| (row.into(), bytes)))
    }

    /// The builds of a cycle, newest first (coordinator only).
    pub fn report_builds(&self, by: &Caller, cycle: &str) -> Result<Vec<ReportBuild>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.report_builds(cycle)?.into_iter().map(ReportBuild::from).collect())
    }

    /// Every published build, newest first.
    pub fn published_builds(&self, by: &Caller) -> Result<Vec<ReportBuild>> {
        allow(by, Action::ReadPublished)?;
        Ok(self.store.published_builds()?.into_iter().map(ReportBuild::from).collect())
    }
}

//! Report builds and their publication: the coordinator builds the report of a cycle in a
//! language and format, then publishes it; readers see published builds only.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::ReportBuild;
use rapporteur_store::{OpenDataArchive, Stamp};
use sha2::{Digest, Sha256};

use crate::access::allow;
use crate::error::{refuse, PortalError, Result};
use crate::App;

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

    /// Publishes a build (coordinator only); false when there is none or it is published. A
    /// build in a language whose texts include draft translations is published only when the
    /// coordinator accepts them (`drafts_accepted`): they are marked as drafts in it, but the
    /// coordinator may hold publication until they are translated.
    ///
    /// The open-data package of the build's cycle is made at that moment (`open_data`: the
    /// data as they stand, protected under the policy, dated today) and stored with the build
    /// as one ZIP archive, in the same transaction as the publication; readers download what
    /// was published, whatever changes afterwards.
    pub fn publish_build(&mut self, by: &Caller, id: i64, drafts_accepted: bool) -> Result<bool> {
        allow(by, Action::Coordinate)?;
        let Some((build, _)) = self.store.report_build(id)? else { return Ok(false) };
        if build.published {
            return Ok(false);
        }
        let drafts = self.draft_translations(by, &build.cycle, &build.lang)?;
        if drafts > 0 && !drafts_accepted {
            return Err(refuse(PortalError::DraftsRemain { lang: build.lang, count: drafts }));
        }
        let at = self.now();
        let (files, bytes) = self.open_data_archive(by, &build.cycle, &at)?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let archive = OpenDataArchive { bytes: &bytes, sha256: &sha256, files };
        Ok(self.store.publish_build(id, &archive, Stamp { at: &at, by: by.name() })?)
    }

    /// How many of the actors' texts of `cycle` in `lang` are draft translations (coordinator).
    pub fn draft_translations(&self, by: &Caller, cycle: &str, lang: &str) -> Result<usize> {
        allow(by, Action::Coordinate)?;
        Ok(self.narratives(cycle)?.iter().filter(|n| n.lang == lang && n.status.is_draft()).count())
    }

    /// A report build and its bytes: any build for the coordinator, published builds for
    /// everyone; `None` for a build the caller may not see, as for one that does not exist.
    pub fn report_build(&self, by: &Caller, id: i64) -> Result<Option<(ReportBuild, Vec<u8>)>> {
        let build = self.store.report_build(id)?;
        Ok(build.filter(|(row, _)| row.published || by.may(Action::Coordinate)))
    }

    /// The builds of a cycle, newest first (coordinator only).
    pub fn report_builds(&self, by: &Caller, cycle: &str) -> Result<Vec<ReportBuild>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.report_builds(cycle)?)
    }

    /// Every published build, newest first.
    pub fn published_builds(&self, by: &Caller) -> Result<Vec<ReportBuild>> {
        allow(by, Action::ReadPublished)?;
        Ok(self.store.published_builds()?)
    }
}

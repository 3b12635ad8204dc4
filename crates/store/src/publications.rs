//! Built report files and their publication: the coordinator builds, then publishes; readers
//! see only what is published. Builds are audited by hash and size, not bytes.

use crate::db::{params, Row};

use crate::audit::audit;
use crate::{json, Result, Stamp, Store};

/// A built report file as the store gives it.
pub use rapporteur_domain::ReportBuild as ReportBuildRow;

fn report_build_row(r: &Row<'_>) -> crate::Result<ReportBuildRow> {
    Ok(ReportBuildRow {
        id: r.get(0)?,
        cycle: r.get(1)?,
        lang: r.get(2)?,
        format: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        built_at: r.get(6)?,
        built_by: r.get(7)?,
        published: r.get(8)?,
        open_data_size: r.get(9)?,
    })
}

const REPORT_BUILD_COLUMNS: &str =
    "report_build.id, report_build.cycle, report_build.lang, report_build.format,
     length(report_build.bytes), report_build.sha256, report_build.built_at, report_build.built_by,
     report_build.published,
     (SELECT length(a.bytes) FROM report_open_data a WHERE a.build_id = report_build.id)";

/// The open-data package published with a build, as one archive.
pub struct OpenDataArchive<'a> {
    pub bytes: &'a [u8],
    pub sha256: &'a str,
    /// How many files of the package it holds.
    pub files: usize,
}

impl Store {
    /// Stores a built report file, audited (its hash and size, not its bytes).
    pub fn save_report_build(
        &mut self,
        cycle: &str,
        (lang, format): (&str, &str),
        bytes: &[u8],
        sha256: &str,
        stamp: Stamp<'_>,
    ) -> Result<i64> {
        let tx = self.begin_write()?;
        let id = tx.insert(
            "INSERT INTO report_build (cycle, lang, format, bytes, sha256, built_at, built_by, published)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![cycle, lang, format, bytes, sha256, stamp.at, stamp.by],
        )?;
        let after = json(
            &serde_json::json!({"lang": lang, "format": format, "sha256": sha256, "bytes": bytes.len()}),
        );
        audit(&tx, stamp, "build_report", "report_build", &id.to_string(), None, Some(after))?;
        tx.commit()?;
        Ok(id)
    }

    /// The report builds of a cycle, newest first.
    pub fn report_builds(&self, cycle: &str) -> Result<Vec<ReportBuildRow>> {
        let sql =
            format!("SELECT {REPORT_BUILD_COLUMNS} FROM report_build WHERE cycle = ?1 ORDER BY id DESC");
        let rows = self.conn.query(&sql, params![cycle], report_build_row)?;
        Ok(rows.into_iter().collect())
    }

    /// Every published report build, newest first.
    pub fn published_builds(&self) -> Result<Vec<ReportBuildRow>> {
        let sql =
            format!("SELECT {REPORT_BUILD_COLUMNS} FROM report_build WHERE published = 1 ORDER BY id DESC");
        let rows = self.conn.query(&sql, params![], report_build_row)?;
        Ok(rows.into_iter().collect())
    }

    /// One build with its bytes.
    pub fn report_build(&self, id: i64) -> Result<Option<(ReportBuildRow, Vec<u8>)>> {
        let sql = format!("SELECT {REPORT_BUILD_COLUMNS}, bytes FROM report_build WHERE id = ?1");
        self.conn.query_opt(&sql, params![id], |r| Ok((report_build_row(r)?, r.get::<_, Vec<u8>>(10)?)))
    }

    /// Publishes a build with the open-data archive made for it, in one transaction: the
    /// publication and the archive (by hash, size and number of files, not its bytes) are
    /// audited. False, and nothing stored, when there is no such build or it is published
    /// already.
    pub fn publish_build(
        &mut self,
        id: i64,
        archive: &OpenDataArchive<'_>,
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        let tx = self.begin_write()?;
        let changed =
            tx.execute("UPDATE report_build SET published = 1 WHERE id = ?1 AND published = 0", params![id])?;
        if changed == 1 {
            let key = id.to_string();
            audit(&tx, stamp, "publish", "report_build", &key, Some(json(&false)), Some(json(&true)))?;
            tx.execute(
                "INSERT INTO report_open_data (build_id, bytes, sha256, files, made_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, archive.bytes, archive.sha256, archive.files as i64, stamp.at],
            )?;
            let after = json(&serde_json::json!({
                "sha256": archive.sha256,
                "bytes": archive.bytes.len(),
                "files": archive.files,
            }));
            audit(&tx, stamp, "publish_open_data", "report_build", &key, None, Some(after))?;
        }
        tx.commit()?;
        Ok(changed == 1)
    }

    /// The open-data archive of a published build, with the build; none for a build that is
    /// not published or has no archive.
    pub fn published_open_data(&self, id: i64) -> Result<Option<(ReportBuildRow, Vec<u8>)>> {
        let sql = format!(
            "SELECT {REPORT_BUILD_COLUMNS}, o.bytes FROM report_build
             JOIN report_open_data o ON o.build_id = report_build.id
             WHERE report_build.id = ?1 AND report_build.published = 1"
        );
        self.conn.query_opt(&sql, params![id], |r| Ok((report_build_row(r)?, r.get::<_, Vec<u8>>(10)?)))
    }
}

//! The catalog and data set shipped inside the binary, and reading a catalog from a folder.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{include_dir, Dir};
use rapporteur_domain::{SourceFile, TextStatus};
use sha2::{Digest, Sha256};

use crate::{AppError, Result};

static CATALOG_BE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../catalog/be");
static DATA_BE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../data/be");

/// One file of the embedded data set: its path below `data/be/` and its bytes.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: String,
    pub bytes: &'static [u8],
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The embedded Belgian catalog's files, sorted by path.
pub fn embedded_catalog_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect(&CATALOG_BE, &mut files);
    let mut out: Vec<SourceFile> = files
        .into_iter()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(|f| SourceFile {
            path: f.path().to_string_lossy().replace('\\', "/"),
            text: f.contents_utf8().unwrap_or_default().to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The embedded data set of a cycle (`data/be/<cycle>/`): its import files (CSV, XLSX), sorted
/// by path. Notes and other documents beside them are not returned.
pub fn embedded_data_set(cycle: &str) -> Vec<DataFile> {
    let Some(dir) = DATA_BE.get_dir(cycle) else { return Vec::new() };
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut out: Vec<DataFile> = files
        .into_iter()
        .filter(|f| f.path().extension().is_some_and(|e| e == "csv" || e == "xlsx"))
        .map(|f| DataFile { path: f.path().to_string_lossy().replace('\\', "/"), bytes: f.contents() })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The actors' narrative texts of a cycle's embedded data set:
/// `narrative/<section number>/<actor>.<lang>.md`, sorted by path.
pub fn embedded_narrative(cycle: &str) -> Vec<rapporteur_report::Narrative> {
    let Some(dir) = DATA_BE.get_dir(format!("{cycle}/narrative")) else { return Vec::new() };
    let statuses = translation_statuses(dir);
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut out: Vec<rapporteur_report::Narrative> = files
        .into_iter()
        .filter_map(|f| {
            let path = f.path();
            let section = path.parent()?.file_name()?.to_str()?.to_string();
            let name = path.file_name()?.to_str()?.strip_suffix(".md")?;
            let (actor, lang) = name.rsplit_once('.')?;
            Some(rapporteur_report::Narrative {
                section,
                actor: actor.to_string(),
                lang: lang.to_string(),
                markdown: f.contents_utf8()?.to_string(),
                status: statuses.get(lang).copied().unwrap_or(TextStatus::Original),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.section, &a.actor, &a.lang).cmp(&(&b.section, &b.actor, &b.lang)));
    out
}

/// The status of the texts of each language of a narrative folder (`translations.toml`: a
/// `[status]` table of language → status); a language not listed holds originals. The file is
/// part of the embedded data set and checked by its tests: one that does not read holds none.
fn translation_statuses(dir: &Dir<'_>) -> BTreeMap<String, TextStatus> {
    #[derive(serde::Deserialize)]
    struct Statuses {
        #[serde(default)]
        status: BTreeMap<String, String>,
    }
    let path = dir.path().join("translations.toml");
    let Some(text) = DATA_BE.get_file(&path).and_then(|f| f.contents_utf8()) else { return BTreeMap::new() };
    let Ok(read) = toml::from_str::<Statuses>(text) else { return BTreeMap::new() };
    read.status.into_iter().filter_map(|(lang, status)| Some((lang, TextStatus::parse(&status)?))).collect()
}

/// Reads every `.toml` file below `dir` as a catalog file.
pub fn load_catalog_dir(dir: &Path) -> Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    read_dir_into(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn read_dir_into(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<()> {
    let read_error = |path: &Path, source| AppError::Read { path: path.display().to_string(), source };
    for entry in std::fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        let path = entry.map_err(|e| read_error(dir, e))?.path();
        if path.is_dir() {
            read_dir_into(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
            let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push(SourceFile { path: relative, text });
        }
    }
    Ok(())
}

/// A hash of the catalog's files (paths and texts, in path order).
pub(crate) fn content_hash(files: &[SourceFile]) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update(file.text.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

//! The open-data package of a published cycle: every cell the publication prints
//! (`stats::published`), each once, as tidy files — one CSV and one Parquet file per cube with
//! codes, labels in every language, the value and its SDMX flags (OBS_STATUS, CONF_STATUS), the
//! code lists as their own files, a Frictionless Data Package descriptor, DCAT-AP metadata and
//! a README per language.
//!
//! Pure: the files are returned in memory ([`PackageFile`]); the caller writes them. The date
//! of publication is passed in. The same inputs give the same bytes.

mod archive;
mod columns;
mod csv_out;
mod datapackage;
mod dcat;
mod parquet_out;
mod readme;
pub mod tidy;
mod words;

use std::collections::BTreeSet;

use fluent_bundle::FluentValue;
use rapporteur_domain::catalog::Outlet;
use rapporteur_domain::{Catalog, CodeList, Labels, ObservationRow, SuppressionPattern};
use rapporteur_stats::published::PublishedCell;

pub use archive::{archive_folder, unzip_package, zip_package};
pub use columns::OBS_VALUE;
pub use datapackage::{codelist_resource, data_resource};
pub use tidy::{decimal_text, tidy_tables, TidyRow, TidyTable, SUM_JOINER};
pub use words::{messages, package_written};

use crate::words::labels;

/// The licence of the package: Belgian federal open data is published under CC BY 4.0.
pub const LICENCE_ID: &str = "CC-BY-4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// A file of the package: its path inside the package (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What the package is made of.
pub struct PackageInput<'a> {
    pub catalog: &'a Catalog,
    /// The cycle published.
    pub cycle: &'a str,
    /// The publication's cells (`published_cells` over the cycle's tables).
    pub cells: &'a [PublishedCell],
    /// What disclosure control suppressed; ignored when the policy does not apply to open data.
    pub pattern: &'a SuppressionPattern,
    /// The cells of data the actors flagged not available or confidential instead of a value:
    /// a published cell with no value over them carries their status.
    pub flagged: &'a [ObservationRow],
    /// The date of publication, `YYYY-MM-DD`.
    pub published_at: &'a str,
}

/// Why the package could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("a publication date is written YYYY-MM-DD, not {0:?}")]
    BadDate(String),
    #[error("cannot write a CSV file: {0}")]
    Csv(String),
    #[error("cannot write a Parquet file: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("the Parquet writer has fewer columns than its schema")]
    ParquetColumns,
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the ZIP archive: {0}")]
    Zip(String),
}

impl From<csv::Error> for PackageError {
    fn from(error: csv::Error) -> Self {
        PackageError::Csv(error.to_string())
    }
}

/// What the metadata files and READMEs say of the package as a whole.
pub(crate) struct Metadata<'a> {
    pub catalog: &'a Catalog,
    pub cycle: &'a str,
    pub published_at: &'a str,
    /// The package's name: `rapporteur-<catalog>-<cycle>`.
    pub name: String,
    pub title: Labels,
    pub description: Labels,
    pub licence: Labels,
    pub publisher: Labels,
    /// The actors whose returns the package's cubes come from, in code-list order.
    pub actors: Vec<Labels>,
    /// The report, then each actor's returns.
    pub sources: Vec<Labels>,
    pub keywords: Vec<String>,
}

/// Whether `text` is a date `YYYY-MM-DD` (the digits only; the caller's clock made it).
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// The package: `data/<cube>.csv` and `.parquet` per cube with published cells,
/// `codelists/<list>.csv` per code list they use, `datapackage.json`, `dcat-ap.jsonld` and
/// `README.<lang>.md` per language of the catalog, in that order.
pub fn build_package(input: &PackageInput<'_>) -> Result<Vec<PackageFile>, PackageError> {
    if !is_date(input.published_at) {
        return Err(PackageError::BadDate(input.published_at.to_string()));
    }
    let catalog = input.catalog;
    let free = SuppressionPattern::new(&catalog.disclosure.symbol);
    let pattern = if catalog.disclosure.applies(Outlet::OpenData) { input.pattern } else { &free };
    let tables = tidy_tables(catalog, input.cells, pattern, input.flagged);
    let meta = metadata(input, &tables);

    let mut files = Vec::new();
    for table in &tables {
        let path = format!("data/{}.csv", table.cube.id);
        files.push(PackageFile { path, bytes: csv_out::data_csv(catalog, table)? });
    }
    for table in &tables {
        let path = format!("data/{}.parquet", table.cube.id);
        files.push(PackageFile { path, bytes: parquet_out::data_parquet(catalog, table)? });
    }
    let list_ids: BTreeSet<&str> =
        tables.iter().flat_map(|t| &t.cube.dimensions).map(|d| d.codelist.as_str()).collect();
    let lists: Vec<&CodeList> = list_ids.into_iter().filter_map(|id| catalog.code_list(id)).collect();
    let total = labels(catalog, "od-total", &[]);
    for list in &lists {
        let path = format!("codelists/{}.csv", list.id);
        files.push(PackageFile { path, bytes: csv_out::codelist_csv(catalog, list, &total)? });
    }
    let descriptor = datapackage::datapackage(&meta, &tables, &lists);
    let distributions: Vec<(&str, &PackageFile)> = files
        .iter()
        .filter_map(|f| {
            let name = f.path.strip_prefix("data/")?;
            let cube = name.strip_suffix(".csv").or_else(|| name.strip_suffix(".parquet"))?;
            Some((cube, f))
        })
        .collect();
    let metadata = dcat::dcat(&meta, &distributions);
    files.push(json_file("datapackage.json", &descriptor)?);
    files.push(json_file("dcat-ap.jsonld", &metadata)?);
    for lang in &catalog.languages {
        let path = format!("README.{lang}.md");
        files.push(PackageFile { path, bytes: readme::readme(&meta, &tables, lang).into_bytes() });
    }
    Ok(files)
}

fn json_file(path: &str, value: &serde_json::Value) -> Result<PackageFile, PackageError> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(PackageFile { path: path.to_string(), bytes })
}

fn metadata<'a>(input: &PackageInput<'a>, tables: &[TidyTable<'_>]) -> Metadata<'a> {
    let catalog = input.catalog;
    let cycle = input.cycle;
    let report = |w: &words::Words<'_>| FluentValue::from(w.label(&catalog.name).to_string());
    let about =
        |key: &str| words::each(catalog, |w| w.with(key, &[("report", report(w)), ("cycle", cycle.into())]));
    let owners: BTreeSet<&str> = tables.iter().map(|t| t.cube.owner.as_str()).collect();
    let actor_list = catalog.code_list("actor");
    let mut actors: Vec<(usize, Labels)> = owners
        .into_iter()
        .map(|owner| {
            let code =
                actor_list.and_then(|l| l.codes.iter().position(|c| c.id == owner).map(|i| (i, &l.codes[i])));
            match code {
                Some((i, code)) => (i, code.labels.clone()),
                None => (usize::MAX, words::each(catalog, |_| owner.to_string())),
            }
        })
        .collect();
    actors.sort_by_key(|a| a.0);
    let actors: Vec<Labels> = actors.into_iter().map(|(_, l)| l).collect();
    let mut sources = vec![about("od-source-report")];
    sources.extend(actors.iter().map(|actor| {
        words::each(catalog, |w| w.with("od-source-actor", &[("actor", w.label(actor).to_string().into())]))
    }));
    let keywords = catalog
        .languages
        .iter()
        .flat_map(|lang| {
            let text = words::Words { lang }.text("od-keywords");
            text.split(',').map(|k| k.trim().to_string()).collect::<Vec<_>>()
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Metadata {
        catalog,
        cycle,
        published_at: input.published_at,
        name: format!("rapporteur-{}-{}", catalog.id, cycle).to_lowercase(),
        title: about("od-title"),
        description: about("od-description"),
        licence: labels(catalog, "od-licence", &[]),
        publisher: labels(catalog, "od-publisher", &[]),
        actors,
        sources,
        keywords,
    }
}

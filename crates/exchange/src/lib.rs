//! Exports of a cycle's figures to international destinations — Eurostat's data collection,
//! UNODC's questionnaire for the Global Report, GRETA's evaluation questionnaire — cut through
//! the catalog's crosswalks (`crosswalks/<destination>.toml`).
//!
//! [`destination_cells`] turns a cycle's observations into the cells of the destination's
//! tables: per cell the destination's codes, the catalog cells it adds up (so that disclosure
//! control protects it with the rest of the publication) and its value. What the crosswalk
//! cannot send is listed with its reason and the number of persons it holds ([`NotSent`]), for
//! the export's cover sheet. The writers turn an [`Export`] into files.
//!
//! Pure: files are returned in memory ([`ExportFile`]); the caller writes them.

mod annex;
mod cells;
mod consistency;
mod protected;
mod sdmx;
mod words;
mod workbook;

use std::collections::BTreeMap;

use rapporteur_domain::catalog::{Crosswalk, ExportFormat};
use rapporteur_domain::{Catalog, CellKey, Confidentiality, Labels, ObsStatus};

pub use annex::{consistency_annex, consistency_lines, export_written};
pub use cells::{destination_cells, DestinationCut};
pub use consistency::{consistency, ConsistencyLine, Explanation, Verdict, Withheld};
pub use protected::with_export_cells;
pub use sdmx::eurostat_files;
pub use workbook::workbook;

/// A file of an export: its path inside the export and its bytes (the open-data package's file
/// type, so that one archive writer serves both).
pub type ExportFile = rapporteur_opendata::PackageFile;

/// The files of an export in its destination's format (the crosswalk says which).
pub fn export_files(export: &Export<'_>) -> Result<Vec<ExportFile>, ExportError> {
    match export.crosswalk.format {
        ExportFormat::Workbook => Ok(vec![workbook(export)?]),
        ExportFormat::Sdmx => eurostat_files(export),
    }
}

/// One cell of a destination's table, for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationCell {
    /// The destination table's id (`crim_thb_vexp`, `q1_offences`).
    pub table: String,
    /// Destination dimension → destination code, for every dimension of the table (mapped from
    /// the cube or fixed by the crosswalk), time aside.
    pub codes: BTreeMap<String, String>,
    /// The period (a year of the cycle).
    pub period: String,
    /// The catalog cube the cell is cut from.
    pub cube: String,
    /// What the cell adds up in the catalog: the key disclosure control knows it by.
    pub key: CellKey,
    /// The value (a count; the cube's measure scaled by `10^decimals`); `None` when no
    /// observation lies under the cell (not available, not zero).
    pub value: Option<i64>,
    pub decimals: u32,
    /// Whether disclosure control suppressed it (the export prints no value then).
    pub status: Confidentiality,
    /// The status of the cells flagged under it (the actor marked them not available or
    /// confidential): the cell has then no value (a total over it is not known) and is sent
    /// with that status.
    pub flag: Option<ObsStatus>,
}

/// What a destination does not receive: a whole cube, or the codes of one dimension of a cube
/// the crosswalk sends, with the reason and the count it holds per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    pub cube: String,
    /// The catalog dimension and code left out; `None` for a whole cube.
    pub code: Option<(String, String)>,
    /// Why, in every catalog language.
    pub reason: Labels,
    /// Per period of the cycle, what the left-out part counts (`None`: no observation).
    pub counts: BTreeMap<String, Option<i64>>,
    /// Per period, what the count adds up in the catalog (the cover prints it, so disclosure
    /// control protects it with the rest of the publication) and whether it was suppressed.
    pub keys: BTreeMap<String, CellKey>,
    pub status: BTreeMap<String, Confidentiality>,
}

/// An export of one cycle to one destination, its cells protected.
#[derive(Debug, Clone)]
pub struct Export<'a> {
    pub catalog: &'a Catalog,
    pub crosswalk: &'a Crosswalk,
    /// The cycle exported.
    pub cycle: &'a str,
    pub cells: Vec<DestinationCell>,
    pub not_sent: Vec<NotSent>,
    /// When it was made (`YYYY-MM-DD`), printed on the cover.
    pub made_on: String,
}

/// Why an export cannot be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportError {
    /// The crosswalk names a cube the catalog lacks (a checked catalog never does).
    #[error("crosswalk {crosswalk:?}: {what}")]
    Crosswalk { crosswalk: String, what: String },
    /// Two cubes fill the same cell of a destination table.
    #[error("crosswalk {crosswalk:?}: table {table:?} gets cell {cell} from both {first:?} and {second:?}")]
    Overlap { crosswalk: String, table: String, cell: String, first: String, second: String },
    #[error("writing {file}: {what}")]
    Write { file: String, what: String },
}

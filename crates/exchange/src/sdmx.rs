//! An export to an SDMX destination (Eurostat) as files: per destination table one SDMX-CSV 2.0
//! data file, one SDMX-ML 2.1 structure message describing the dataflows, data structures,
//! concepts and code lists the data are read against, and a README in each catalog language.
//!
//! The SDMX identifiers are the crosswalk's, taken as Eurostat's: agency `ESTAT`, each
//! dataflow (and its data structure) named by the destination table's id in capitals, version
//! `1.0`, the dimensions and codes as the crosswalk names them. The crosswalk marks them as
//! assumed (`verified = false`); the structure message and the README say so. The structure is
//! built from the crosswalk and the catalog, not from the data: it holds every code the
//! crosswalk can send, so that a reader can check the data against it.
//!
//! Rows and flags: a cell with a value is sent with `OBS_STATUS` `A` (normal value) and
//! `CONF_STATUS` `F` (free); a cell suppressed by disclosure control with no value, no
//! `OBS_STATUS` and `CONF_STATUS` `C` (confidential; whether as sensitive or to protect another
//! is never said); a cell the actor marked not available, with no value and `OBS_STATUS` `M`;
//! one the actor marked confidential, like a suppressed cell. A free cell under which no observation lies (not available: unknown, not
//! zero) is not sent — SDMX data leave out what has no value, and `OBS_STATUS` `O` ("missing
//! value") on some 800 country rows would say no more; the README gives their number per file.
//! Every row has `ACTION` `R` (replace): the export is the whole of the cycle's figures for
//! these tables.

mod csv_out;
mod ml;
mod readme;

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::catalog::{Crosswalk, CubeTarget, DestinationTable, Mapped};
use rapporteur_domain::{Catalog, Labels};

use crate::{Export, ExportError, ExportFile};

/// The maintenance agency of the dataflows, data structures and code lists (assumed).
pub const AGENCY: &str = "ESTAT";
/// The version of every structure (assumed).
pub const VERSION: &str = "1.0";
/// The name of the structure message among the export's files.
pub const STRUCTURE_FILE: &str = "structure.xml";

/// The `OBS_STATUS` of a value (SDMX: "normal value").
pub const OBS_NORMAL: &str = "A";
/// The `OBS_STATUS` of a cell the actor marked not available (SDMX: "missing value").
pub const OBS_MISSING: &str = rapporteur_domain::ObsStatus::NotAvailable.code();
/// The `CONF_STATUS` of a cell suppressed or marked confidential (SDMX: "confidential").
pub const CONF_CONFIDENTIAL: &str = "C";

/// The export's files: `<table>.csv` per destination table (SDMX-CSV 2.0), `structure.xml`
/// (SDMX-ML 2.1 structure message) and `README.<lang>.md` per catalog language.
pub fn eurostat_files(export: &Export<'_>) -> Result<Vec<ExportFile>, ExportError> {
    let structure = Structure::new(export.catalog, export.crosswalk)?;
    let mut files = Vec::new();
    for flow in &structure.flows {
        files.push(ExportFile {
            path: csv_file_name(flow.table),
            bytes: csv_out::write(&structure, flow, export)?,
        });
    }
    files.push(ExportFile {
        path: STRUCTURE_FILE.to_string(),
        bytes: ml::structure_message(&structure, export),
    });
    for lang in &export.catalog.languages {
        let text = readme::readme(&structure, export, lang);
        files.push(ExportFile { path: format!("README.{lang}.md"), bytes: text.into_bytes() });
    }
    Ok(files)
}

/// The data file of a destination table.
pub fn csv_file_name(table: &DestinationTable) -> String {
    format!("{}.csv", table.id)
}

/// The SDMX id of a destination table's dataflow and data structure: its id in capitals.
pub fn flow_id(table: &DestinationTable) -> String {
    table.id.to_uppercase()
}

/// The SDMX id of the code list of a destination dimension: `CL_` and the id in capitals.
pub fn codelist_id(dimension: &str) -> String {
    format!("CL_{}", dimension.to_uppercase())
}

/// The SDMX-CSV `STRUCTURE_ID` of a table's dataflow: `ESTAT:CRIM_THB_VEXP(1.0)`.
pub fn structure_ref(table: &DestinationTable) -> String {
    format!("{AGENCY}:{}({VERSION})", flow_id(table))
}

/// One dataflow: a destination table the crosswalk sends cubes to.
pub(crate) struct Flow<'a> {
    pub table: &'a DestinationTable,
    /// The cubes sent to it, in the crosswalk's order.
    pub cubes: Vec<&'a str>,
}

/// A code of a destination code list, with the catalog codes that become it.
#[derive(Default)]
pub(crate) struct DestinationCode {
    /// Per catalog code list, the leaf codes that become this code, in the list's order.
    pub from: Vec<(String, String)>,
    /// Whether a cube's mapping fixes the code (`leg_stat = "VICT"`).
    pub fixed: bool,
}

/// The structures an export is read against, built from the crosswalk and the catalog.
pub(crate) struct Structure<'a> {
    pub catalog: &'a Catalog,
    pub crosswalk: &'a Crosswalk,
    /// The tables that receive at least one cube, in the crosswalk's order.
    pub flows: Vec<Flow<'a>>,
    /// Per destination dimension, its codes.
    pub codelists: BTreeMap<String, BTreeMap<String, DestinationCode>>,
}

impl<'a> Structure<'a> {
    pub fn new(catalog: &'a Catalog, crosswalk: &'a Crosswalk) -> Result<Structure<'a>, ExportError> {
        let problem = |what: String| ExportError::Crosswalk { crosswalk: crosswalk.id.clone(), what };
        let mut flows: Vec<Flow<'a>> = Vec::new();
        let mut codelists: BTreeMap<String, BTreeMap<String, DestinationCode>> = BTreeMap::new();
        for map in &crosswalk.cubes {
            let CubeTarget::Table { table, dimensions, fixed, .. } = &map.target else { continue };
            let table = crosswalk.table(table).ok_or_else(|| problem(format!("no table {table:?}")))?;
            match flows.iter_mut().find(|f| f.table.id == table.id) {
                Some(flow) => flow.cubes.push(&map.cube),
                None => flows.push(Flow { table, cubes: vec![&map.cube] }),
            }
            for (dimension, code) in fixed {
                codelists.entry(dimension.clone()).or_default().entry(code.clone()).or_default().fixed = true;
            }
            let cube = catalog.cube(&map.cube).ok_or_else(|| problem(format!("no cube {:?}", map.cube)))?;
            for (dimension, to) in dimensions {
                let list = cube
                    .dimension(dimension)
                    .map(|d| catalog.code_list_of(d))
                    .ok_or_else(|| problem(format!("cube {:?} has no dimension {dimension:?}", cube.id)))?;
                let codes = codelists.entry(to.clone()).or_default();
                for leaf in list.leaves() {
                    if let Some(Mapped::To(code)) = crosswalk.lookup(&list.id, to, &leaf.id) {
                        let from = &mut codes.entry(code.to_string()).or_default().from;
                        let pair = (list.id.clone(), leaf.id.clone());
                        if !from.contains(&pair) {
                            from.push(pair);
                        }
                    }
                }
            }
        }
        for flow in &flows {
            for dimension in &flow.table.dimensions {
                if !codelists.contains_key(dimension) {
                    return Err(problem(format!(
                        "table {:?}: no cube gives a code for dimension {dimension:?}",
                        flow.table.id
                    )));
                }
            }
        }
        Ok(Structure { catalog, crosswalk, flows, codelists })
    }

    /// The name of a destination code in each catalog language: the labels of the catalog codes
    /// that become it, joined with " + "; a code only fixed by the crosswalk is named by itself.
    pub fn code_name(&self, code: &str, destination: &DestinationCode) -> Labels {
        let mut names = BTreeMap::new();
        for lang in &self.catalog.languages {
            let mut labels: Vec<&str> = Vec::new();
            for (list, leaf) in &destination.from {
                let label = self
                    .catalog
                    .code_list(list)
                    .and_then(|l| l.get(leaf))
                    .map_or(leaf.as_str(), |c| c.labels.get(lang));
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
            let name = if labels.is_empty() { code.to_string() } else { labels.join(" + ") };
            names.insert(lang.clone(), name);
        }
        Labels(names)
    }

    /// Every destination dimension of the flows, in order of first use.
    pub fn dimensions(&self) -> Vec<&'a str> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for flow in &self.flows {
            for dimension in &flow.table.dimensions {
                if seen.insert(dimension.as_str()) {
                    out.push(dimension.as_str());
                }
            }
        }
        out
    }
}

/// The value `scaled / 10^decimals` written exactly, with a full stop: `1234, 2` → `12.34`.
pub(crate) fn decimal_text(scaled: i64, decimals: u32) -> String {
    let digits = scaled.unsigned_abs().to_string();
    let sign = if scaled < 0 { "-" } else { "" };
    let decimals = decimals as usize;
    if decimals == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (whole, fraction) = padded.split_at(padded.len() - decimals);
    format!("{sign}{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_exactly() {
        assert_eq!(decimal_text(1234, 2), "12.34");
        assert_eq!(decimal_text(5, 2), "0.05");
        assert_eq!(decimal_text(-5, 0), "-5");
        assert_eq!(decimal_text(0, 0), "0");
    }
}

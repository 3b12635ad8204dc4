//! Crosswalks (`crosswalks/<destination>.toml`): how the catalog's cubes and code lists map to
//! an international destination's tables, dimensions and codes (Eurostat, UNODC, GRETA), with
//! what cannot be mapped and why, and the public source every mapping was read from.
//!
//! The exports ask [`Crosswalk::lookup`] what a catalog code becomes: a destination code, or
//! the stated reason it has none. A checked catalog's code maps cover every leaf code of their
//! code list, so nothing is dropped silently.

use std::collections::BTreeMap;

use crate::label::Labels;

/// Where a mapping was read: a public metadata page or questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkSource {
    /// The id the mappings name it by (`esms`).
    pub id: String,
    pub url: String,
    pub title: String,
    /// When it was read (YYYY-MM-DD), and in what form if not live.
    pub read: String,
}

/// Whether a mapping was checked against its source, and what was assumed when it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub verified: bool,
    /// What was checked, or what was assumed and remains to be checked.
    pub note: Option<String>,
}

/// A table of the destination (an SDMX dataset, a questionnaire table) and its dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationTable {
    pub id: String,
    pub title: String,
    /// The destination's dimensions other than time, in its order.
    pub dimensions: Vec<String>,
    /// The legal provision the table's figures are under, when the destination asks (UNODC).
    pub article: Option<String>,
    pub source: String,
    pub verification: Verification,
}

/// What a catalog code becomes at the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped<'a> {
    /// This destination code (several catalog codes may share one).
    To(&'a str),
    /// No destination code, for this reason (in every catalog language).
    Unmapped(&'a Labels),
}

/// One catalog code list mapped onto one destination dimension's code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeMap {
    /// The catalog code list.
    pub codelist: String,
    /// The destination dimension whose codes the catalog codes become.
    pub dimension: String,
    /// Whether a code not named in `map` or `unmapped` keeps its own id (ISO alpha-2 countries).
    pub identity: bool,
    /// Catalog code → destination code.
    pub map: BTreeMap<String, String>,
    /// Catalog codes without a destination code, with the reason.
    pub unmapped: BTreeMap<String, Labels>,
    pub source: String,
    pub verification: Verification,
}

impl CodeMap {
    /// The destination code of a catalog code, or why it has none. `None` for a code the map
    /// does not know (in a checked catalog: an aggregate code not mapped as such).
    pub fn lookup<'a>(&'a self, code: &'a str) -> Option<Mapped<'a>> {
        if let Some(to) = self.map.get(code) {
            return Some(Mapped::To(to));
        }
        if let Some(reason) = self.unmapped.get(code) {
            return Some(Mapped::Unmapped(reason));
        }
        self.identity.then_some(Mapped::To(code))
    }
}

/// How one catalog cube goes to the destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CubeTarget {
    /// Into a destination table.
    Table {
        table: String,
        /// Catalog dimension → destination dimension (their codes through the code map of the
        /// dimension's code list and the destination dimension).
        dimensions: BTreeMap<String, String>,
        /// Destination dimensions the cube fills with one fixed code (`leg_stat = "VICT"`).
        fixed: BTreeMap<String, String>,
        /// Catalog dimension → the codes that count (aggregates stand for their leaves).
        filter: BTreeMap<String, Vec<String>>,
        /// Catalog dimensions summed over (the destination does not break them down).
        summed: Vec<String>,
    },
    /// Not sent to this destination, for this reason.
    Unmapped { reason: Labels },
}

/// One catalog cube and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CubeMap {
    pub cube: String,
    pub target: CubeTarget,
    pub source: String,
    pub verification: Verification,
}

/// The form an export to the destination takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// SDMX (SDMX-CSV 2.0, with the structure as SDMX-ML 2.1): Eurostat's collections.
    Sdmx,
    /// A workbook in the questionnaire's layout (XLSX): UNODC, GRETA.
    Workbook,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text {
            "sdmx" => Some(ExportFormat::Sdmx),
            "workbook" => Some(ExportFormat::Workbook),
            _ => None,
        }
    }
}

/// An international destination and the mapping of the catalog onto it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    /// The file name without `.toml` (`eurostat_thb`).
    pub id: String,
    pub name: Labels,
    /// What the export is written as.
    pub format: ExportFormat,
    pub verification: Verification,
    pub sources: Vec<CrosswalkSource>,
    pub tables: Vec<DestinationTable>,
    pub code_maps: Vec<CodeMap>,
    pub cubes: Vec<CubeMap>,
}

impl Crosswalk {
    pub fn source(&self, id: &str) -> Option<&CrosswalkSource> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn table(&self, id: &str) -> Option<&DestinationTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The code map of a catalog code list onto a destination dimension.
    pub fn code_map(&self, codelist: &str, dimension: &str) -> Option<&CodeMap> {
        self.code_maps.iter().find(|m| m.codelist == codelist && m.dimension == dimension)
    }

    /// What a catalog code of `codelist` becomes on the destination's `dimension`: `None` when
    /// the crosswalk does not map that code list onto that dimension, or does not know the code.
    pub fn lookup<'a>(&'a self, codelist: &str, dimension: &str, code: &'a str) -> Option<Mapped<'a>> {
        self.code_map(codelist, dimension)?.lookup(code)
    }

    /// Where a cube goes, if the crosswalk says.
    pub fn cube(&self, cube: &str) -> Option<&CubeMap> {
        self.cubes.iter().find(|c| c.cube == cube)
    }

    /// Every mapping left unverified: tables, code maps and cubes, and the destination itself.
    pub fn unverified_count(&self) -> usize {
        usize::from(!self.verification.verified)
            + self.tables.iter().filter(|t| !t.verification.verified).count()
            + self.code_maps.iter().filter(|m| !m.verification.verified).count()
            + self.cubes.iter().filter(|c| !c.verification.verified).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, SourceFile};

    /// The repository's Belgian catalog, read from `catalog/be`.
    fn belgian_catalog() -> Catalog {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/be");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                    files.push(SourceFile { path: rel, text: std::fs::read_to_string(&path).unwrap() });
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Catalog::parse(&files).unwrap_or_else(|p| panic!("the Belgian catalog loads: {p:?}"))
    }

    #[test]
    fn the_belgian_crosswalks_say_what_each_code_becomes_or_why_not() {
        let catalog = belgian_catalog();
        let eurostat = &catalog.crosswalks["eurostat_thb"];
        let form = |code| eurostat.lookup("exploitation_form", "typ_expl", code);
        assert_eq!(form("sexual"), Some(Mapped::To("SEX_EXP")));
        assert_eq!(form("begging"), Some(Mapped::To("OTH_EXP")));
        assert_eq!(form("organ_removal"), Some(Mapped::To("OTH_EXP")));
        let Some(Mapped::Unmapped(reason)) = form("forced_crime") else {
            panic!("forced criminality is unmapped")
        };
        assert!(reason.get("en").contains("no category of its own"));
        assert!(reason.get("nl").contains("geen eigen categorie"));
        // An aggregate code is not mapped as such.
        assert_eq!(form("thb"), None);
        // Nationalities: ISO alpha-2 is kept, with Eurostat's exceptions.
        let citizen = |code| eurostat.lookup("nationality", "citizen", code);
        assert_eq!(citizen("RO"), Some(Mapped::To("RO")));
        assert_eq!(citizen("GR"), Some(Mapped::To("EL")));
        assert_eq!(citizen("BE"), Some(Mapped::To("NAT")));
        assert!(matches!(citizen("YUCS"), Some(Mapped::Unmapped(_))));
        // Age bands that nest go several to one; a group that does not split is unmapped.
        assert_eq!(eurostat.lookup("age_band_checklist", "age", "30-40"), Some(Mapped::To("Y_GE18")));
        assert!(matches!(eurostat.lookup("citizenship_group", "citizen", "eu"), Some(Mapped::Unmapped(_))));
        // Every leaf of every mapped code list has an answer: nothing is dropped silently.
        for crosswalk in catalog.crosswalks.values() {
            assert!(!crosswalk.sources.is_empty());
            for map in &crosswalk.code_maps {
                for leaf in catalog.code_list(&map.codelist).unwrap().leaves() {
                    assert!(map.lookup(&leaf.id).is_some(), "{}: {} {}", crosswalk.id, map.codelist, leaf.id);
                }
            }
        }
        // UNODC has a category for forced criminality.
        let unodc = &catalog.crosswalks["unodc_glotip"];
        assert_eq!(
            unodc.lookup("exploitation_form", "form", "forced_crime"),
            Some(Mapped::To("forced_criminal_activity"))
        );
        let victims = eurostat.cube("centre_guidances").unwrap();
        assert!(matches!(&victims.target, CubeTarget::Table { table, .. } if table == "crim_thb_vexp"));
        assert!(matches!(eurostat.cube("police_thb_findings").unwrap().target, CubeTarget::Unmapped { .. }));
    }
}

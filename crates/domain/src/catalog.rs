//! The catalog: code lists, cubes, cycles, measures and flags of one country's report, parsed
//! from text files and checked as a whole.
//!
//! This file holds the checked catalog's types and lookups. Parsing is in stages, one file
//! each: `parse` runs them in order; `manifest_parse`, `cycle_parse`, `code_list_parse`,
//! `cube_parse`, `table_parse`, `outline_parse`, `rule_parse`, `record_parse`, `identity_parse`, `disclosure_parse` and `crosswalk_parse`
//! read one kind of file each; `source` (files, located problems, shared checks) and `context` (what later
//! stages check against) are the leaves they share. `leaf_combinations` combines the leaves of
//! several dimensions.

mod code_list_parse;
mod context;
mod crosswalk;
mod crosswalk_parse;
mod cube_parse;
mod cycle_parse;
mod disclosure;
mod disclosure_parse;
mod identifying;
mod identity;
mod identity_parse;
mod leaf_combinations;
mod manifest_parse;
mod outline_parse;
mod parse;
mod record;
mod record_parse;
mod rule_parse;
mod source;
mod table_parse;

use std::collections::{BTreeMap, HashMap};

use crate::label::{normalize_label, Labels};
use crate::observation::TOTAL_CODE;

pub use crosswalk::{
    CodeMap, Crosswalk, CrosswalkSource, CubeMap, CubeTarget, DestinationTable, ExportFormat, Mapped,
    Verification,
};
pub use disclosure::{CountedUnit, DisclosurePolicy, ExemptCells, Exemption, Outlet};
pub use identifying::{
    is_column_of, is_identifying_column, BIRTH_DATE_COLUMNS, GIVEN_NAME_COLUMNS, IDENTIFYING_COLUMNS,
    NAME_COLUMNS, OTHER_IDENTIFYING_COLUMNS,
};
pub use identity::{
    BirthDatePlaceholder, Completeness, IdentityPolicy, LinkBasis, PlaceholderMeans, SourceIdentities,
};
pub use leaf_combinations::{LeafCombinations, LeafOrder};
pub use record::{
    ChainPart, ChainRole, CountUnit, Derivation, FieldKind, LinkKind, PeriodRule, RecordField, RecordSchema,
    IDENTITY_LIST,
};
pub use record_parse::CHAIN_STEP_LIST;
pub use source::{CatalogProblem, SourceFile};

/// A checked catalog. Maps are ordered so that listing a catalog is deterministic.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub languages: Vec<String>,
    pub name: Labels,
    /// How each language writes the decimal separator (`,` in nl and fr).
    pub decimal_separator: Labels,
    /// How each language separates thousands in running text (`.` in nl, a space in fr).
    pub group_separator: Labels,
    /// The word before a table's number in each language ("Tabel", "Tableau").
    pub table_word: Labels,
    /// The heading of a period axis in each language ("Periode", "Période").
    pub period_word: Labels,
    /// The fixed words outputs print ("Inhoud", "Bijlage …"), by key, in every language.
    pub texts: BTreeMap<String, Labels>,
    pub measures: Vec<Measure>,
    pub flags: Vec<Flag>,
    /// How a cell owed without a value is written and printed, per status (`[[status]]`).
    pub statuses: Vec<crate::status::StatusMarker>,
    pub cycles: Vec<Cycle>,
    pub code_lists: BTreeMap<String, CodeList>,
    pub cubes: BTreeMap<String, Cube>,
    /// The numbered tables of the report, by number.
    pub tables: BTreeMap<u32, crate::table::TableLayout>,
    /// The numbered charts (figures) of the report, by number: table layouts drawn as bars.
    pub charts: BTreeMap<u32, crate::table::TableLayout>,
    /// The report's chapters and sections, when the catalog describes a report.
    pub outline: Option<crate::outline::Outline>,
    /// The validation rules, in file order.
    pub rules: Vec<crate::rule::Rule>,
    /// The record schemas (record-level data of the sources), by id.
    pub records: BTreeMap<String, RecordSchema>,
    /// How identities are read at the source: placeholder birth dates and names.
    pub identity: IdentityPolicy,
    /// The disclosure policy (`disclosure.toml`); protects nothing when the catalog has none.
    pub disclosure: DisclosurePolicy,
    /// The crosswalks to international destinations (`crosswalks/*.toml`), by destination id.
    pub crosswalks: BTreeMap<String, Crosswalk>,
}

/// What a cube counts or sums, and how exactly its values are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub id: String,
    pub decimals: u32,
    pub name: Labels,
}

/// An observation flag such as provisional or estimated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub id: String,
    pub name: Labels,
}

/// A reporting cycle and the periods its observations may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub id: String,
    pub periods: Vec<String>,
    /// Earlier periods a return may repeat for comparison (e.g. the previous years a table shows).
    pub context_periods: Vec<String>,
    pub name: Labels,
    /// What the cycle owes of its cubes beyond the default (`owed` in `cycles.toml`).
    pub owed: crate::period::Owed,
}

impl Cycle {
    /// Every period an observation of this cycle may have: its own, then the context periods.
    pub fn accepted_periods(&self) -> impl Iterator<Item = &str> {
        self.periods.iter().chain(&self.context_periods).map(String::as_str)
    }

    pub fn accepts_period(&self, period: &str) -> bool {
        self.accepted_periods().any(|p| p == period)
    }

    /// The periods the cycle owes of `cube`: its own periods of the cube's period type, or
    /// those its `owed` exceptions name.
    pub fn owed_periods(&self, cube: &Cube) -> Vec<&str> {
        match self.owed.exceptions.get(&cube.id) {
            Some(periods) => periods.iter().map(String::as_str).collect(),
            None => self.periods.iter().map(String::as_str).filter(|p| cube.period.fits(p)).collect(),
        }
    }
}

/// One code of a code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub id: String,
    pub labels: Labels,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub note: Option<String>,
    /// The region (a code of the [`REGION_LIST`] list) a place lies in — a judicial district,
    /// a directorate, a centre's service area — so that places of different lists compare.
    pub region: Option<String>,
    /// Whether the code says the source did not know (sex or nationality "unknown"): it agrees
    /// or disagrees with nothing, so the linkage and the review list read it as not given.
    pub unknown: bool,
}

/// The code list of the regions that places of other lists lie in ([`Code::region`]).
pub const REGION_LIST: &str = "region";

/// An identified list of codes, in printed order, with an index by id and by normalised name.
#[derive(Debug, Clone)]
pub struct CodeList {
    pub id: String,
    pub name: Labels,
    pub description: Option<Labels>,
    pub codes: Vec<Code>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    aggregates: Vec<bool>,
}

impl CodeList {
    /// Builds the indexes. The caller (the catalog parser) has already refused duplicates.
    fn new(id: String, name: Labels, description: Option<Labels>, codes: Vec<Code>) -> Self {
        let by_id: HashMap<String, usize> =
            codes.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let mut by_name = HashMap::new();
        for (i, code) in codes.iter().enumerate() {
            for name in code_names(code) {
                by_name.entry(normalize_label(name)).or_insert(i);
            }
        }
        let aggregates =
            codes.iter().map(|c| codes.iter().any(|child| child.parent.as_deref() == Some(&c.id))).collect();
        CodeList { id, name, description, codes, by_id, by_name, aggregates }
    }

    /// The code with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Code> {
        self.by_id.get(id).map(|&i| &self.codes[i])
    }

    /// The code a printed name means: its id, or any label or alias, ignoring case, accents and
    /// punctuation.
    pub fn lookup(&self, text: &str) -> Option<&Code> {
        self.lookup_index(text).map(|i| &self.codes[i])
    }

    /// Where in `codes` the code a printed name means is (as [`CodeList::lookup`] finds it):
    /// what a record's value holds, read once per cell of a record file.
    pub fn lookup_index(&self, text: &str) -> Option<usize> {
        self.by_id.get(text).or_else(|| self.by_name.get(&normalize_label(text))).copied()
    }

    /// Where in `codes` the code with exactly this id is.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Whether the code at `index` of `codes` has children.
    pub fn is_aggregate_at(&self, index: usize) -> bool {
        self.aggregates.get(index).copied().unwrap_or(false)
    }

    /// Whether the code at `index` of `codes` says the source did not know ([`Code::unknown`]).
    pub fn is_unknown_at(&self, index: usize) -> bool {
        self.codes.get(index).is_some_and(|c| c.unknown)
    }

    /// Whether the code has children, so that its value is computed, never stored.
    pub fn is_aggregate(&self, id: &str) -> bool {
        self.index_of(id).is_some_and(|i| self.is_aggregate_at(i))
    }

    /// The codes without children, in printed order.
    pub fn leaves(&self) -> impl Iterator<Item = &Code> {
        self.codes.iter().zip(&self.aggregates).filter(|(_, agg)| !**agg).map(|(c, _)| c)
    }

    /// The leaf codes below `id` (itself if it is a leaf), in printed order.
    pub fn leaves_under(&self, id: &str) -> Vec<&Code> {
        if id == TOTAL_CODE {
            return self.leaves().collect();
        }
        self.leaves().filter(|leaf| self.ancestors_or_self(&leaf.id).any(|a| a == id)).collect()
    }

    /// The chain `id`, parent of `id`, … up to a root. Stops at a missing code.
    pub fn ancestors_or_self<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut next = Some(id);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            // A checked catalog has no cycles; the bound keeps an unchecked one from looping.
            next = if steps > self.codes.len() {
                None
            } else {
                self.get(current).and_then(|c| c.parent.as_deref())
            };
            Some(current)
        })
    }

    /// Up to `n` codes closest to `text` (by id, label or alias), best first, for "did you mean"
    /// messages.
    pub fn closest(&self, text: &str, n: usize) -> Vec<&Code> {
        let wanted = normalize_label(text);
        let mut scored: Vec<(f64, usize)> = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let best = code_names(code)
                    .map(|name| strsim::jaro_winkler(&wanted, &normalize_label(name)))
                    .fold(0.0_f64, f64::max);
                (best, i)
            })
            .collect();
        // Ties keep printed order, so the suggestion list is deterministic.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(n).map(|(_, i)| &self.codes[i]).collect()
    }
}

/// Every name a code answers to: its id, its labels and its aliases.
fn code_names(code: &Code) -> impl Iterator<Item = &str> {
    std::iter::once(code.id.as_str())
        .chain(code.labels.0.values().map(String::as_str))
        .chain(code.aliases.iter().map(String::as_str))
}

/// One dimension of a cube, bound to a code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    pub id: String,
    pub codelist: String,
}

/// A data structure: what one kind of figure looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cube {
    pub id: String,
    pub owner: String,
    pub measure: String,
    pub name: Labels,
    pub description: Option<Labels>,
    pub dimensions: Vec<Dimension>,
    /// The kind of period its observations have.
    pub period: crate::period::PeriodType,
}

impl Cube {
    /// The dimension with this id, if the cube has it.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }
}

impl Catalog {
    /// A catalog with nothing in it: where parsing starts, each stage filling in its part.
    fn empty() -> Catalog {
        Catalog {
            id: String::new(),
            languages: Vec::new(),
            name: Labels::default(),
            decimal_separator: Labels::default(),
            group_separator: Labels::default(),
            table_word: Labels::default(),
            period_word: Labels::default(),
            texts: BTreeMap::new(),
            measures: Vec::new(),
            flags: Vec::new(),
            statuses: Vec::new(),
            cycles: Vec::new(),
            code_lists: BTreeMap::new(),
            cubes: BTreeMap::new(),
            tables: BTreeMap::new(),
            charts: BTreeMap::new(),
            outline: None,
            rules: Vec::new(),
            records: BTreeMap::new(),
            identity: IdentityPolicy::default(),
            disclosure: DisclosurePolicy::default(),
            crosswalks: BTreeMap::new(),
        }
    }

    /// How `lang` writes numbers in running text (its group and decimal separators).
    pub fn number_style(&self, lang: &str) -> crate::translation::NumberStyle {
        let first = |labels: &Labels, default: char| {
            labels.get_exact(lang).and_then(|s| s.chars().next()).unwrap_or(default)
        };
        crate::translation::NumberStyle {
            group: first(&self.group_separator, ','),
            decimal: first(&self.decimal_separator, '.'),
        }
    }

    pub fn code_list(&self, id: &str) -> Option<&CodeList> {
        self.code_lists.get(id)
    }

    /// The labels of code `code` of list `list`, or the code itself (in every language) where
    /// the list lacks it: what a page or report shows for a code it names.
    pub fn code_labels(&self, list: &str, code: &str) -> Labels {
        self.code_list(list)
            .and_then(|l| l.get(code))
            .map_or_else(|| Labels::untranslated(code), |c| c.labels.clone())
    }

    pub fn cube(&self, id: &str) -> Option<&Cube> {
        self.cubes.get(id)
    }

    /// A fixed word of the outputs in `lang`; the key itself when the catalog lacks it, so
    /// that a missing text shows instead of vanishing.
    pub fn text<'a>(&'a self, key: &'a str, lang: &str) -> &'a str {
        self.texts.get(key).map_or(key, |labels| labels.get(lang))
    }

    pub fn table(&self, number: u32) -> Option<&crate::table::TableLayout> {
        self.tables.get(&number)
    }

    pub fn cycle(&self, id: &str) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn flag(&self, id: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.id == id)
    }

    /// The status a value cell's text marks (`n.b.`, `conf.`), if it is one of the markers.
    pub fn status_written_as(&self, text: &str) -> Option<crate::status::ObsStatus> {
        self.statuses.iter().find(|s| s.is_written_as(text)).map(|s| s.status)
    }

    /// How the catalog writes and prints `status`.
    pub fn status_marker(&self, status: crate::status::ObsStatus) -> Option<&crate::status::StatusMarker> {
        self.statuses.iter().find(|s| s.status == status)
    }

    /// The measure of a cube; a checked catalog always has it.
    pub fn measure_of(&self, cube: &Cube) -> &Measure {
        self.measure(&cube.measure).expect("a checked catalog binds every cube to a known measure")
    }

    /// The code list of a dimension; a checked catalog always has it.
    pub fn code_list_of(&self, dimension: &Dimension) -> &CodeList {
        self.code_list(&dimension.codelist)
            .expect("a checked catalog binds every dimension to a known code list")
    }

    /// The leaf codes (or the period) a code selects on a dimension of a cube: the leaves under
    /// an aggregate code, every leaf for `_T`, the code itself for a leaf or a period.
    pub fn leaves_of(&self, cube: &str, dimension: &str, code: &str) -> std::collections::BTreeSet<String> {
        if dimension == crate::table::PERIOD {
            return std::collections::BTreeSet::from([code.to_string()]);
        }
        self.code_list_of_dimension(cube, dimension)
            .map(|list| list.leaves_under(code).into_iter().map(|c| c.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The code list of a cube's dimension, if both exist.
    pub fn code_list_of_dimension(&self, cube: &str, dimension: &str) -> Option<&CodeList> {
        self.cube(cube).and_then(|c| c.dimension(dimension)).and_then(|d| self.code_list(&d.codelist))
    }

    /// The latest cycle (the last one listed), the default for imports.
    pub fn current_cycle(&self) -> Option<&Cycle> {
        self.cycles.last()
    }
}

//! The disclosure policy of the publication (`disclosure.toml`): which cubes count persons and
//! are protected, the primary rule that makes a cell sensitive, how wide an interval a reader
//! must be left for it, where the policy applies, which cells are exempt and why, and how a
//! suppressed cell prints.

use crate::label::Labels;

/// What a cube counts, as the policy classifies it. Only persons are protected: a count of
/// one case file or one amount does not single out a person the way a count of one victim does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountedUnit {
    Persons,
    Cases,
    Amounts,
    Shares,
}

impl CountedUnit {
    pub fn parse(text: &str) -> Option<CountedUnit> {
        match text {
            "persons" => Some(CountedUnit::Persons),
            "cases" => Some(CountedUnit::Cases),
            "amounts" => Some(CountedUnit::Amounts),
            "shares" => Some(CountedUnit::Shares),
            _ => None,
        }
    }

    /// The name `disclosure.toml` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            CountedUnit::Persons => "persons",
            CountedUnit::Cases => "cases",
            CountedUnit::Amounts => "amounts",
            CountedUnit::Shares => "shares",
        }
    }
}

/// A publication the policy may apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outlet {
    /// The report: HTML, Markdown, PDF and its XLSX tables.
    Report,
    /// The open-data package.
    OpenData,
    /// The exports to international destinations.
    Exports,
}

impl Outlet {
    pub fn parse(text: &str) -> Option<Outlet> {
        match text {
            "report" => Some(Outlet::Report),
            "open_data" => Some(Outlet::OpenData),
            "exports" => Some(Outlet::Exports),
            _ => None,
        }
    }
}

/// Which cells of a cube an exemption covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExemptCells {
    /// Every cell of the cube.
    All,
    /// The cube's total per period: every dimension but the period summed over all its codes.
    PeriodTotals,
}

/// Cells that are published whatever their value, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    pub cube: String,
    pub cells: ExemptCells,
    pub reason: Labels,
}

/// The policy; a catalog without `disclosure.toml` protects nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisclosurePolicy {
    /// A count of persons from 1 to `k − 1` is sensitive (the threshold rule: fewer than `k`
    /// persons). Zero is not: an empty cell describes nobody.
    pub k: i64,
    /// How wide the interval a reader can narrow a suppressed sensitive cell to must stay, at
    /// least (in persons), whatever combination of published cells they use.
    pub min_interval: i64,
    /// Where the policy applies.
    pub applies_to: Vec<Outlet>,
    /// What each cube counts, for every cube of the catalog.
    pub units: std::collections::BTreeMap<String, CountedUnit>,
    pub exemptions: Vec<Exemption>,
    /// How a suppressed cell prints ("x").
    pub symbol: String,
    /// The footnote under a table with suppressed cells.
    pub footnote: Labels,
    /// Why amounts are not protected by a dominance rule (the returns hold no contributions).
    pub amounts_note: Labels,
}

impl DisclosurePolicy {
    /// Whether the policy protects anything in `outlet`.
    pub fn applies(&self, outlet: Outlet) -> bool {
        self.k > 1 && self.applies_to.contains(&outlet)
    }

    /// Whether the cube counts persons, the only cubes protected.
    pub fn protects(&self, cube: &str) -> bool {
        self.units.get(cube) == Some(&CountedUnit::Persons)
    }

    /// Whether a count is sensitive under the threshold rule.
    pub fn is_sensitive(&self, count: i64) -> bool {
        count > 0 && count < self.k
    }

    /// The same policy with another threshold (and interval), as the attacker tests try.
    pub fn with_k(&self, k: i64) -> DisclosurePolicy {
        DisclosurePolicy { k, min_interval: k, ..self.clone() }
    }
}

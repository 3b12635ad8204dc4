//! Validation rules as data, and the findings they produce. The rules are read from the
//! catalog (`rules/*.toml`); the `rules` crate evaluates them.

use std::collections::BTreeMap;

use crate::label::Labels;
use crate::status::ObsStatus;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a finding concerns: one cube (and so its owner), the whole cycle, or an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleScope {
    Cube,
    Cycle,
    Actor,
}

/// The cubes a rule looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CubeSet {
    All,
    Only(Vec<String>),
}

impl CubeSet {
    pub fn contains(&self, cube: &str) -> bool {
        match self {
            CubeSet::All => true,
            CubeSet::Only(cubes) => cubes.iter().any(|c| c == cube),
        }
    }
}

/// One side of an equality: a cube, restricted by codes (an aggregate code or several codes
/// joined by `|` select the leaves under them; `period=2019|2020` sums those periods).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub cube: String,
    pub filter: BTreeMap<String, Vec<String>>,
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Every control value (a printed total or subtotal, a narrative figure, a percentage)
    /// equals what the data under it give.
    ControlValues { cubes: CubeSet, tolerance: i64, pct_tolerance: i64 },
    /// The members count the same population: their totals, or their margins by the `by`
    /// dimensions, are equal.
    EqualTotals { members: Vec<Member>, by: Vec<String>, tolerance: i64 },
    /// No slice of a cube along one dimension repeats another slice exactly (a copy-paste
    /// signal), with at least `min_nonzero` non-zero values.
    RepeatedSlices { cubes: CubeSet, min_nonzero: usize },
    /// Every owed cube has data in the cycle; every combination of the `require`d dimensions'
    /// leaf codes (`dimension`, or `dimension=code` for the leaves under a code) has an
    /// observation (or one flagged not applicable) in each period.
    Completeness { cubes: CubeSet, require: Vec<String>, periods: Vec<String> },
    /// A value is plausible against the previous period: an exact two-sided test of equal
    /// Poisson rates (conditional binomial), flagged below `alpha` when both periods together
    /// count at least `min_total`, and, with `ratio`, only when the larger value is (at least
    /// `min`, below `max`) times the smaller, both non-zero. Amounts (a measure with decimals)
    /// follow no Poisson model: with `ratio.amounts`, they are flagged on the ratio alone.
    Plausibility { cubes: CubeSet, alpha: f64, min_total: i64, ratio: Ratio },
    /// Every owed cube holds data in every period the cycle owes of it; with `earlier_only`,
    /// flags instead a cube whose data are all of earlier periods (the previous cycle's file);
    /// with `context`, the cycle's context periods that a table showing the cube prints
    /// instead (a separate matter: they repeat figures published before).
    OwedPeriods { cubes: CubeSet, earlier_only: bool, context: bool },
    /// Every cell of data flagged with `status` instead of a value: information, and the notice
    /// that no sum or comparison over it is made.
    FlaggedCells { cubes: CubeSet, status: ObsStatus },
    /// A count far out of line with its peers in the same period (the other codes of the
    /// `peers` dimension, all other codes equal): flagged when the exact test of equal Poisson
    /// rates against the median of the peers' non-zero counts gives less than `alpha` and the
    /// count is at least `min_ratio` times that median (above it: a slip multiplies), with at
    /// least `min_peers` such peers.
    PeerMagnitude { cubes: CubeSet, peers: String, alpha: f64, min_ratio: f64, min_peers: usize },
    /// Every stated figure (a printed total, a narrative figure, a percentage) has data under it.
    StatedWithoutData { cubes: CubeSet },
    /// A part is no larger than its whole ("of which"), per group of the `by` dimensions (the
    /// whole grouped by those of them it has and does not filter).
    Subset { part: Member, whole: Member, by: Vec<String> },
    /// Shares of a set sum to `total` within the rounding they are printed at (`rounding`, in
    /// the measure's unit), per group of the `by` dimensions.
    SharesSum { member: Member, by: Vec<String>, total: f64, rounding: f64 },
    /// Every stored code is still a code of its code list (data at leaf codes).
    ValidCodes { cubes: CubeSet },
    /// A table's caption names no year that the table does not show.
    CaptionPeriods,
}

impl Check {
    pub fn name(&self) -> &'static str {
        match self {
            Check::ControlValues { .. } => "control_values",
            Check::EqualTotals { .. } => "equal_totals",
            Check::RepeatedSlices { .. } => "repeated_slices",
            Check::Completeness { .. } => "completeness",
            Check::Plausibility { .. } => "plausibility",
            Check::ValidCodes { .. } => "valid_codes",
            Check::CaptionPeriods => "caption_periods",
            Check::OwedPeriods { .. } => "owed_periods",
            Check::FlaggedCells { .. } => "flagged_cells",
            Check::PeerMagnitude { .. } => "peer_magnitude",
            Check::StatedWithoutData { .. } => "stated_without_data",
            Check::Subset { .. } => "subset",
            Check::SharesSum { .. } => "shares_sum",
        }
    }
}

/// How large a change between periods must be, as the larger value over the smaller.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ratio {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub amounts: Option<f64>,
}

impl Ratio {
    /// Whether two values are as far apart as the bounds ask. A zero has no ratio: it passes an
    /// upper bound alone (a change to or from zero is never "at least tenfold"), never a lower.
    pub fn admits(&self, a: i64, b: i64) -> bool {
        if a == 0 || b == 0 {
            return self.min.is_none();
        }
        let ratio = a.max(b) as f64 / a.min(b) as f64;
        self.min.is_none_or(|min| ratio >= min) && self.max.is_none_or(|max| ratio < max)
    }
}

/// A rule of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub scope: RuleScope,
    pub check: Check,
    /// The message in each language, with `{placeholders}` for the values involved.
    pub message: Labels,
}

/// One cell a finding involves: where it is, and the value stated there (`expected`) and the
/// value the data give (`actual`), scaled by `10^decimals`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FindingCell {
    pub cube: String,
    pub period: String,
    pub codes: BTreeMap<String, String>,
    /// What the cell is: "control", "data", "total", "pct".
    pub role: String,
    pub expected: Option<i64>,
    pub actual: Option<i64>,
    pub decimals: u32,
}

/// A value a message shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Placeholder {
    Text(String),
    Number { scaled: i64, decimals: u32 },
}

/// A rule that failed, with everything needed to show and trace it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable across runs (rule and cells), so that an explanation stays attached.
    pub key: String,
    pub rule: String,
    pub severity: Severity,
    /// The actor the finding is for (the owner of its first cube), if any.
    pub actor: Option<String>,
    pub cells: Vec<FindingCell>,
    /// The numbers of the report tables its cells appear in.
    pub tables: Vec<u32>,
    pub values: BTreeMap<String, Placeholder>,
}

/// A short stable key: FNV-1a over the text, in hex (no cryptography needed: it names, it
/// does not protect).
pub fn finding_key(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

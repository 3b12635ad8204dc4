//! The domain of Rapporteur: the catalog (code lists, cubes, cycles, measures), exact values and
//! observations. Pure: no IO, no clock, no environment; text comes in, values and problems go out.

pub mod access;
pub mod assignment;
pub mod catalog;
pub mod change;
pub mod combinations;
pub mod disclosure;
pub mod label;
pub mod linkage;
pub mod observation;
pub mod outline;
pub mod period;
pub mod provenance;
pub mod rule;
pub mod status;
pub mod table;
pub mod translation;
pub mod value;

pub use assignment::{Assignment, ItemKind, ItemRef};
pub use catalog::{
    Catalog, CatalogProblem, Code, CodeList, CountedUnit, Cube, Cycle, Dimension, DisclosurePolicy,
    ExemptCells, Exemption, Flag, LeafCombinations, LeafOrder, Measure, Outlet, SourceFile,
};
pub use change::{plan_changes, scope_of, Change};
pub use combinations::Combinations;
pub use disclosure::{CellKey, Confidentiality, Selection, SuppressionPattern};
pub use label::{normalize_label, Labels};
pub use linkage::{LinkDecision, LinkPair, LinkRun, PairStatus, RecordRef};
pub use observation::{columns, dimension_and_code, Coordinate, ObservationRow, RowKind, TOTAL_CODE};
pub use outline::{Chapter, Outline, Section};
pub use period::{Owed, PeriodType};
pub use provenance::{
    Acceptance, Acknowledgment, AuditEntry, ImportRecord, LoginPressure, ReportBuild, StoreCounts,
    StoredFinding, StoredRow,
};
pub use rule::{
    finding_key, Check, CubeSet, Finding, FindingCell, Member, Placeholder, Ratio, Rule, RuleScope, Severity,
};
pub use status::{status_under, ObsStatus, StatusMarker};
pub use table::{Axis, Breakdown, BreakdownOrder, TableLayout, TableMeasure, TotalPosition, PERIOD};
pub use translation::TextStatus;
pub use value::{
    format_scaled, parse_scaled, percentage_hundredths, written_decimals, DecimalStyle, ValueError,
};

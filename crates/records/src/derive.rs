//! Derivations: records → observations of the catalog's cubes, by counting the records at each
//! combination of the fields a derivation maps to the cube's dimensions. Every leaf combination
//! of a period the cycle owns gets a row, zeros included, so a table from records shows a zero
//! where nobody was counted, as a return does.
//!
//! The steps live beside this file: the counting rule for linked cases ([`linked`]), the
//! derivation resolved against its schema and cycle ([`resolve`]), counting records into cells
//! ([`cells`]) and the cells as observation rows ([`rows`]).

mod cells;
mod linked;
pub(crate) mod resolve;
mod rows;

use std::collections::HashSet;

use rapporteur_domain::catalog::{CountUnit, Derivation, RecordSchema};
use rapporteur_domain::{Catalog, Cycle, ObservationRow};

use crate::record::Record;
use cells::count_records;
use linked::linked_records;
use resolve::Resolved;
use rows::observation_rows;

/// How cases linked by transfers and merges are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counting {
    /// Rapporteur's rule: a chain of transfers counts once, at its first registration; a case
    /// merged into another counts in its parent only.
    #[default]
    OncePerChain,
    /// The prosecution statistics' rule in the 2019–2020 report: every registration counts, so a
    /// case transferred between districts is counted in both.
    AsRegistered,
}

impl Counting {
    /// The sentence a report prints under a table derived from records.
    pub fn statement(self) -> &'static str {
        match self {
            Counting::OncePerChain => "a case transferred between districts is counted once, at its first registration; a case merged into another is counted in its parent only",
            Counting::AsRegistered => "every registration is counted: a case transferred between districts is counted in each district",
        }
    }
}

/// The observations derived from one schema's records, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derived {
    pub rows: Vec<ObservationRow>,
    /// Records not counted because they continue a chain counted at its first registration.
    pub not_counted_as_linked: usize,
    /// Records whose period date falls outside the cycle's periods.
    pub outside_cycle: usize,
}

/// Derives every cube the schema declares from `records`.
pub fn derive(
    catalog: &Catalog,
    schema: &RecordSchema,
    cycle: &Cycle,
    records: &[Record],
    counting: Counting,
) -> Derived {
    let mut out = Derived::default();
    let skipped = linked_records(schema, records, counting);
    out.not_counted_as_linked = skipped.iter().filter(|s| **s).count();
    let mut outside = HashSet::new();
    for derivation in &schema.derivations {
        let (rows, outside_rows) = derive_one(catalog, schema, cycle, records, derivation, &skipped);
        out.rows.extend(rows);
        outside.extend(outside_rows);
    }
    out.outside_cycle = outside.len();
    out
}

/// The rows of one derivation, and the records whose date falls outside the cycle.
fn derive_one(
    catalog: &Catalog,
    schema: &RecordSchema,
    cycle: &Cycle,
    records: &[Record],
    derivation: &Derivation,
    skipped: &[bool],
) -> (Vec<ObservationRow>, Vec<usize>) {
    let resolved = Resolved::new(catalog, schema, cycle, derivation);
    let skipped = (derivation.count == CountUnit::Chain).then_some(skipped);
    let (mut counts, outside) = count_records(&resolved, records, skipped);
    // Zeros for every leaf combination of the cycle's own periods, so that a derived table has
    // the same cells as a return.
    for period in resolved.periods.own() {
        counts.entry(period).or_default();
    }
    (observation_rows(catalog, &derivation.cube, &resolved.dimensions, counts), outside)
}

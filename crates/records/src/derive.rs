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

use rapporteur_domain::catalog::{CountUnit, Derivation, RecordSchema};
use rapporteur_domain::{Catalog, Cycle, ObservationRow};

use crate::record::Record;
use cells::{count_record, Cells, Placed};
use linked::linked_records;
pub use linked::{ChainLinks, Skipped};
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

/// Derives every cube the schema declares from `records`, all at hand.
pub fn derive(
    catalog: &Catalog,
    schema: &RecordSchema,
    cycle: &Cycle,
    records: &[Record],
    counting: Counting,
) -> Derived {
    let mut tally = Tally::new(catalog, schema, cycle, linked_records(schema, records, counting));
    for record in records {
        tally.add(record);
    }
    tally.finish(catalog)
}

/// Every derivation of one schema counting records one at a time, in memory bounded by the
/// cells (and the keys of the records a chain leaves out), not by the records: a store reads
/// a source once and hands each record here.
pub struct Tally<'a> {
    schema: &'a RecordSchema,
    derivations: Vec<(Resolved<'a>, &'a Derivation, Cells)>,
    skipped: Skipped,
    out: Derived,
}

impl<'a> Tally<'a> {
    /// A tally of `schema`'s derivations in `cycle`, leaving out `skipped` where a derivation
    /// counts chains ([`ChainLinks`] tells them).
    pub fn new(catalog: &Catalog, schema: &'a RecordSchema, cycle: &'a Cycle, skipped: Skipped) -> Self {
        let derivations = schema
            .derivations
            .iter()
            .map(|d| (Resolved::new(catalog, schema, cycle, d), d, Cells::new()))
            .collect();
        let not_counted_as_linked = skipped.len();
        Tally { schema, derivations, skipped, out: Derived { not_counted_as_linked, ..Derived::default() } }
    }

    /// Counts one record in every derivation.
    pub fn add(&mut self, record: &Record) {
        let skipped = !self.skipped.is_empty() && self.skipped.contains(record.key(self.schema));
        let mut outside = false;
        for (resolved, derivation, cells) in &mut self.derivations {
            if skipped && derivation.count == CountUnit::Chain {
                continue;
            }
            outside |= count_record(resolved, record, cells) == Placed::Outside;
        }
        self.out.outside_cycle += usize::from(outside);
    }

    /// The observations: per derivation, every leaf combination of the cycle's own periods
    /// (zeros included, so that a derived table has the same cells as a return) and of every
    /// other period counted.
    pub fn finish(mut self, catalog: &Catalog) -> Derived {
        for (resolved, derivation, mut counts) in self.derivations {
            for period in resolved.periods.own() {
                counts.entry(period).or_default();
            }
            self.out.rows.extend(observation_rows(catalog, &derivation.cube, &resolved.dimensions, counts));
        }
        self.out
    }
}

//! The synthetic generator: record sets for every record schema, fitted to the observations of
//! the returns (the seed's tables), scaled to any size, with the same people appearing in
//! several sources under the spelling variations real registrations have.
//!
//! The steps: the returns' observations, scaled to the size asked ([`targets`]), become demands
//! on records ([`demand`]) that a [`fit::Fitter`] meets schema by schema; [`fill`] completes the
//! fields no derivation constrains (and [`link`] the references between records); [`persons`]
//! gives the records people, some met again in another source; [`verify`] derives the cubes
//! back and lists those the records reproduce exactly and those the seed's contradictions
//! prevent (`Synthesis::inexact`). [`write_raw_csv`] writes a set as the actor's raw file, each
//! person written as some registration would ([`registrations`]). Deterministic for a given
//! seed: one ChaCha stream, ordered maps only.

mod buckets;
mod demand;
mod fill;
mod fit;
mod link;
mod persons;
mod random;
mod raw_csv;
mod registrations;
mod targets;
mod verify;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::{Catalog, Cycle, ObservationRow};

use crate::record::Record;
use fit::Fitter;
use targets::Targets;

pub use persons::Person;
pub use raw_csv::write_raw_csv;
pub use verify::Mismatch;

/// The records of one schema, with the person behind each record (if the schema has one).
#[derive(Debug, Clone)]
pub struct SynthSet {
    pub schema: String,
    pub records: Vec<Record>,
    pub persons: Vec<Option<u32>>,
}

/// What the generator made.
#[derive(Debug, Clone)]
pub struct Synthesis {
    pub sets: Vec<SynthSet>,
    pub persons: Vec<Person>,
    /// The cubes whose derivation (counting every registration) equals the scaled returns.
    pub exact: Vec<String>,
    pub inexact: Vec<Mismatch>,
}

/// Generates record sets matching `targets` (observations of the returns), scaled so that the
/// sets hold about `records` records in all (`None`: the returns' own size).
pub fn synthesize(
    catalog: &Catalog,
    cycle: &Cycle,
    targets: &[ObservationRow],
    records: Option<u64>,
    seed: u64,
) -> Synthesis {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let targets = Targets::new(catalog, cycle, targets, records);
    let years: Vec<i32> = cycle.periods.iter().filter_map(|p| p.parse().ok()).collect();
    let mut sets = Vec::new();
    for schema in catalog.records.values() {
        let mut records = Fitter::fit(catalog, schema, &targets, &mut rng);
        fill::fill(catalog, schema, &mut records, &years, &mut rng);
        sets.push(SynthSet { schema: schema.id.clone(), records, persons: Vec::new() });
    }
    let persons = persons::assign_persons(catalog, &mut sets, &mut rng);
    let (exact, inexact) = verify::verify(catalog, &targets, &sets);
    Synthesis { sets, persons, exact, inexact }
}

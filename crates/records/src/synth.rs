//! The synthetic generator: record sets for every record schema, fitted to the observations of
//! the returns (the seed's tables), scaled to any size, with the same people appearing in
//! several sources under the errors real registrations make, and the truth beside them (which
//! person and which case each record concerns) to test record linkage against.
//!
//! The steps: the returns' observations, scaled to the size asked ([`targets`]), become demands
//! on records ([`demand`]) that a [`fit::Fitter`] meets schema by schema; [`fill`] completes the
//! fields no derivation constrains (and [`link`] the references between records); [`chain`]
//! gives the records people — victims met again along the chain, offenders of their own — and
//! the case numbers that follow them, and [`registrations`] writes each registration of a
//! person with the errors of the model below; [`verify`] derives the cubes back and lists those
//! the records reproduce exactly and those the seed's contradictions prevent
//! (`Synthesis::inexact`). [`write_raw_csv`] writes a set as the actor's raw file,
//! [`Synthesis::write_truth_csv`] the truth and [`Synthesis::readme`] what the files are.
//! Deterministic for a given seed: one ChaCha stream, ordered maps only.
//!
//! # Identity errors
//!
//! A person's first registration (in the order police, checklist, centre; convictions apart)
//! writes the true identity. Each later registration draws, independently of the others:
//!
//! | error | applies to | probability |
//! | --- | --- | --- |
//! | typo in a name part (a letter inserted, deleted, substituted; two transposed) | every later registration | 0.35 |
//! | phonetic variant of a name part (w/v, ph/f, y/i, c/k, sch/sh, ou/u, ck/k, th/t, …) | names with such a pattern | 0.25 |
//! | transliteration variant (zh/j/z/sh, kh/h/ch, yu/iu/ju, ya/ia/ja, ts/c/tz, ch/tch, -ov/-off, …) | Cyrillic-origin names with such a pattern | 0.40 |
//! | second given name missing | persons with two given names | 0.30 |
//! | other family name (marriage) | women of 18 or more at the registration | 0.15 |
//! | day and month of birth swapped | birth day ≤ 12 and not equal to the month | 0.10 |
//! | another day of the birth month | every later registration | 0.06 |
//! | birth year one off | every later registration | 0.06 |
//!
//! At most one error per name part and one in the birth date (so at most two in the given
//! names), at most three per registration: about one error per later registration on average
//! and two in three with at least one, on the identity alone (FEBRL's `generate.py` spreads its
//! one or two modifications per duplicate, at most two per field, over about ten fields of which
//! names and birth date are three); a typo is never one
//! a phonetic or transliteration rule explains, a phonetic variant never a transliteration, so
//! each error can be told from the written identity. Then a
//! formatting the normalisation folds away: 40 % as it is, 10 % each the family name in upper
//! case (date DD/MM/YYYY), accents and lower-case given names (DD.MM.YYYY), family and given
//! names swapped, spaces and hyphens (YYYYMMDD), 20 % Cyrillic script for a Cyrillic-origin
//! name where the normalisation brings it back (else DD/MM/YYYY). About one later registration
//! in three keeps the true key (`tests/synth.rs` measures every rate).
//!
//! Then, on a separate random stream, about one registration of a victim list in eight leaves the
//! identity incomplete — no birth date, the default date 1900-01-01, 1 January of an estimated
//! year, 00/00/YYYY, one name only, or no identity at all ([`incomplete`] gives the rates).
//!
//! # The chain
//!
//! | source | a person of an earlier source | a person of the same source | notice number written (if the person or judgment concerns a case) |
//! | --- | --- | --- | --- |
//! | police_finding | — | 0.05 | 0.70 |
//! | indicator_checklist | 0.30 (police) | 0.03 | 0.40 |
//! | guidance_file | 0.45 (police, checklist) | 0.05 | 0.50 |
//! | conviction (offenders only) | — | 0.04 | 0.90 |
//!
//! A person is met again only if they agree with the record (sex, nationality, age band, form of
//! exploitation; a sex or nationality coded unknown agrees with anyone; 48 tries, else a new
//! person), so the rates reached are somewhat lower ([`Synthesis::readme`] states them). With
//! probability 0.80 ([`flow::SAME_REGION`]) the first 32 tries take only persons first registered
//! in the region of the record's place (the police's district, the inspection's directorate, the
//! centre's seat: `[chain] place`): the inspection controls with the local police, a victim is
//! referred mostly to the centre of the region. Each source's records are given persons in order
//! of their dates, and a person is met again only on or after their first registration in the
//! sources met before; a person of an earlier source is met, with probability 0.75
//! ([`flow::REFERRAL_SOON`]), among those first registered there in the 61 days before
//! ([`flow::REFERRAL_DAYS`]: a referral follows the detection, a checklist is filled at the
//! control), else (or when no one compatible was registered then) at any time after
//! ([`Synthesis::referrals`] counts how many meetings came within the 61 days). A new victim
//! concerns, with probability 0.60, a prosecution case of the registration's form of
//! exploitation (labour for a checklist), of the same year if there is one; all their
//! registrations concern it. Every police finding has a PV number of its own
//! (`PV.LU.100042/2019`); a checklist writes the police's PV of its person (0.50,
//! [`flow::POLICE_PV_WRITTEN`]) or, for a person the police did not find, one of the
//! inspection's own (0.30, `PJ.SI.100007/2020`). A conviction judged, with probability 0.75, a
//! case of the set in a prosecuted state (judicial investigation, pre-trial chamber, summons) of
//! one of its forms that entered before it. A prosecution case's key is its notice number.
//!
//! Once every source has met its persons, a police finding, and a centre's registration that
//! started no guidance (whose sex and nationality no derivation reads), write the person's sex
//! (0.98, [`flow::SEX_WRITTEN`]) and nationality (0.95, [`flow::NATIONALITY_WRITTEN`]): the
//! nationality a registration gave the person, else one drawn among the victims' nationalities
//! of the same name origin, the same in all the person's records. Last, a centre's registration
//! of a person the police found on or before its date writes the PV of the police's first
//! finding of them, with the checklist's probability (0.50, [`flow::POLICE_PV_WRITTEN`]): a
//! referral by the police comes with its report. These draws come after all others, so the
//! other files are as they were without them.

mod buckets;
mod chain;
mod demand;
mod fill;
mod fit;
pub mod incomplete;
mod link;
mod persons;
mod random;
mod raw_csv;
pub mod registrations;
mod targets;
mod truth;
mod verify;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::{Catalog, Cycle, ObservationRow};

use crate::record::Record;
use fit::Fitter;
use targets::Targets;

pub use chain::{flow, Referrals, CASE_SOURCE, OFFENDER_SOURCES, VICTIM_SOURCES};
pub use persons::{Person, Role};
pub use raw_csv::write_raw_csv;
pub use registrations::WrittenIdentity;
pub use truth::TruthRow;
pub use verify::Mismatch;

/// The records of one schema, with the person behind each record (if the schema has one).
#[derive(Debug, Clone)]
pub struct SynthSet {
    pub schema: String,
    pub records: Vec<Record>,
    /// The person of each record (an index into `Synthesis::persons`).
    pub persons: Vec<Option<u32>>,
    /// How each record's registration writes its person (the raw file's identity columns).
    pub written: Vec<Option<WrittenIdentity>>,
    /// The notice number (a prosecution case's key) of the case each record concerns, whether
    /// the record writes it or not.
    pub cases: Vec<Option<Box<str>>>,
}

/// What the generator made.
#[derive(Debug, Clone)]
pub struct Synthesis {
    pub sets: Vec<SynthSet>,
    pub persons: Vec<Person>,
    /// How soon the chain met persons of an earlier source again.
    pub referrals: Referrals,
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
        sets.push(SynthSet {
            schema: schema.id.clone(),
            records,
            persons: Vec::new(),
            written: Vec::new(),
            cases: Vec::new(),
        });
    }
    let (persons, referrals) = chain::assign(catalog, &mut sets, &mut rng);
    incomplete::leave_incomplete(&mut sets, seed);
    let (exact, inexact) = verify::verify(catalog, &targets, &sets);
    Synthesis { sets, persons, referrals, exact, inexact }
}

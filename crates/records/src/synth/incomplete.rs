//! Incomplete identities in the victim lists' registrations: potential victims often carry no
//! documents, give no birth date or only one name, and registers then hold an empty cell, the
//! systems' default date or 1 January of an estimated year. After the corruption model has
//! written every registration, each registration of a victim list independently leaves its
//! identity incomplete in one of these ways, with the probabilities below (at most one per
//! registration; the first registration of a person too). A separate random stream, so that
//! the rest of the synthesis is the same as without it.
//!
//! The rates are assumptions for a test bed, not measurements: no published register states
//! them. They are set so that about one registration in eight is incomplete, the order of what
//! practitioners report for undocumented potential victims, and every kind occurs often enough
//! to be measured at 10^4 records.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::chain::VICTIM_SOURCES;
use super::registrations::WrittenIdentity;
use super::SynthSet;

/// The probability of each way a victim list's registration leaves the identity incomplete.
pub mod rates {
    /// The birth date cell left empty.
    pub const NO_BIRTH_DATE: f64 = 0.04;
    /// The systems' default date, 1900-01-01.
    pub const DEFAULT_DATE: f64 = 0.01;
    /// 1 January of an estimated year (the true year, or up to two years off).
    pub const ESTIMATED_YEAR: f64 = 0.03;
    /// The year only, written 00/00/YYYY.
    pub const YEAR_ONLY: f64 = 0.01;
    /// One name only: the given names left empty.
    pub const ONE_NAME: f64 = 0.03;
    /// No identity at all (refused to give one): the three cells empty.
    pub const NO_IDENTITY: f64 = 0.01;
}

/// The kinds with their probability (for the README beside the files and the tests).
pub const INCOMPLETE_RATES: [(&str, f64); 6] = [
    ("birth date left empty", rates::NO_BIRTH_DATE),
    ("default date 1900-01-01", rates::DEFAULT_DATE),
    ("1 January of an estimated year (up to two years off)", rates::ESTIMATED_YEAR),
    ("year only, 00/00/YYYY", rates::YEAR_ONLY),
    ("one name only (given names empty)", rates::ONE_NAME),
    ("no identity at all", rates::NO_IDENTITY),
];

/// The stream's own seed, derived from the synthesis's.
const STREAM: u64 = 0x696e_636f_6d70_6c65;

/// Leaves some victim-list registrations' identities incomplete (module documentation).
pub(super) fn leave_incomplete(sets: &mut [SynthSet], seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ STREAM);
    for set in sets.iter_mut().filter(|s| VICTIM_SOURCES.contains(&s.schema.as_str())) {
        for written in set.written.iter_mut().flatten() {
            let draw: f64 = rng.random();
            let offset: i32 = rng.random_range(-2..=2);
            let mut bound = 0.0;
            let kind = INCOMPLETE_RATES.iter().position(|(_, p)| {
                bound += p;
                draw < bound
            });
            if let Some(kind) = kind {
                blank(written, kind, offset);
            }
        }
    }
}

/// The year a written birth date holds (any accepted format).
fn year_of(text: &str) -> Option<i32> {
    crate::pseudonym::normalize_birth_date(text).ok().map(|d| d.year)
}

/// Makes one registration's identity incomplete in the way `kind` (an index of
/// [`INCOMPLETE_RATES`]) says.
fn blank(written: &mut WrittenIdentity, kind: usize, offset: i32) {
    let year = year_of(&written.birth_date);
    match kind {
        0 => written.birth_date = "".into(),
        1 => written.birth_date = "1900-01-01".into(),
        2 => written.birth_date = year.map_or_else(String::new, |y| format!("01/01/{}", y + offset)).into(),
        3 => written.birth_date = year.map_or_else(String::new, |y| format!("00/00/{y}")).into(),
        4 => written.given_names = "".into(),
        _ => {
            written.family_name = "".into();
            written.given_names = "".into();
            written.birth_date = "".into();
        }
    }
    written.incomplete = Some(INCOMPLETE_RATES[kind].0);
}

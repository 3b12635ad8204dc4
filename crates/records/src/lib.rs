//! Record-level data: records of the catalog's record schemas as typed values, the
//! pseudonymisation actors apply before a record leaves them, the derivations from records to
//! the cubes' observations, and the synthetic generator. Pure: no IO, no clock; a seed is
//! passed in and writers are given.

pub mod age_band;
pub mod chain;
pub mod compact;
pub mod derive;
pub mod encoding;
pub mod identity;
pub mod linkage;
pub mod pseudonym;
pub mod pseudonymize_file;
pub mod record;
pub mod synth;

pub use compact::{dictionary_codes, Codebook, CompactError, PersonFields};
pub use derive::{derive, ChainLinks, Counting, Derived, Skipped, Tally};
pub use encoding::{CheckValue, Encoder, Encoding, EncodingError};
pub use identity::{read_birth_date, BirthDate, Identity};
pub use linkage::{link, LinkOptions, LinkRecord, Linkage, PairStatus, ReviewDecision, ScoredPair};
pub use pseudonym::{
    exact_key, normalize_birth_date, normalize_name_parts, person_key, PseudonymError, Secret,
};
pub use pseudonymize_file::{pseudonymize_csv, PseudonymizeError, PseudonymizeSummary};
pub use record::{
    code_index, format_value, parse_value, Date, Record, Value, ValueError, ValueReader, CODES_SEPARATOR,
};
pub use synth::{synthesize, write_raw_csv, Mismatch, Person, SynthSet, Synthesis};

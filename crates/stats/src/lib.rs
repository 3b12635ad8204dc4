//! Rapporteur's statistics: the report's tables, and estimates of hidden populations from
//! overlapping registrations.
//!
//! Architecture invariant: this crate does no IO. It opens no files, reads no environment and
//! no clock; random seeds are passed in, and the same inputs give the same numbers whatever the
//! number of threads. Parsing CSV or XLSX belongs to the ingest crate, printing to the CLI and
//! report crates.
//!
//! [`mse`]: multiple systems estimation (capture–recapture with two or more lists) as in Chan,
//! Silverman & Vincent (2019) and the R package SparseMSE. [`tabulate`]: the report's tables
//! computed from a cube's observations (totals, subtotals and percentages, exactly).

pub mod mse;
pub mod published;
pub mod tabulate;

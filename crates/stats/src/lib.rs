//! Rapporteur's statistics: the report's tables computed from a cube's observations.
//!
//! Architecture invariant: this crate does no IO. It opens no files, reads no environment and
//! no clock; the same inputs give the same numbers.

pub mod tabulate;

//! Statistical disclosure control of a whole publication: which published cells must not be
//! shown, so that no count of fewer than `k` persons can be read or recomputed — or narrowed to
//! an interval narrower than the policy allows — from any combination of what is published.
//!
//! [`model`]: the publication as linear equations over atoms (the finest sums a reader could
//! know), with the relations the catalog declares between cubes. [`protect`]: primary and
//! secondary suppression by linear programming. [`attack`]: the attacker's audit, the tightest
//! interval of a suppressed cell.
//!
//! Architecture invariant: pure and deterministic — no IO, no clock; the same data give the
//! same pattern. Depends on `domain` and `stats` (the published cells) only.

pub mod attack;
mod lp;
pub mod model;
pub mod protect;
pub mod synthetic;

pub use attack::{interval, Interval};
pub use lp::LpError;
pub use model::{build_model, Model, ModelCell, Relations};
pub use protect::{audit, protect, sensitive_cells, Protection};

//! Integration tests of rapporteur-report: the explanation of a multiple systems estimate, from
//! real estimates of rapporteur-stats.

mod estimate_cases;
mod estimate_explanation;

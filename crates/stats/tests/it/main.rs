//! Integration tests of rapporteur-stats: multiple systems estimation against SparseMSE's
//! reference results on the UK 2013 data, the sparse cases of Chan, Silverman & Vincent
//! (2019), coverage on simulated populations, and the explanatory paragraphs.

mod common;
mod coverage;
mod exhaustive;
mod explanation;
mod r_replicates;
mod sparse;
mod uk_reference;

//! Records on their own (the crate depends on `domain` only): pseudonymisation. The whole record
//! pipeline (synthesis fitted to the seed, derivations, tables) is tested where the crates it
//! joins meet, in the app crate (`crates/app/tests/it/records_pipeline.rs`), and record files
//! refused by the import in ingest (`crates/ingest/tests/it/record_files.rs`).

#[path = "../catalog_support/mod.rs"]
mod catalog_support;
mod incomplete_identity;
mod pseudonymisation;
mod schema_growth;

//! A synthetic set written as the actor's raw CSV: identity columns instead of the person key
//! and the encoding, to be pseudonymised before it leaves the actor.

use std::fmt::Write as _;

use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::Catalog;

use super::chain::written_of;
use super::persons::Person;
use super::SynthSet;
use crate::record::format_value;

/// The columns a raw (not yet pseudonymised) file carries instead of the person key.
const IDENTITY_COLUMNS: [&str; 3] = ["family_name", "given_names", "birth_date"];

/// Writes a set as the actor's raw CSV (identity columns instead of the person key, each
/// record's person as its registration writes them), to be pseudonymised before it leaves the
/// actor. `persons` is kept for callers; the written identities are the set's own.
pub fn write_raw_csv(
    catalog: &Catalog,
    schema: &RecordSchema,
    set: &SynthSet,
    _persons: &[Person],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let person_field = schema.fields.iter().position(|f| f.kind == FieldKind::PersonKey);
    // The encoding and the identity's completeness are made from the identity by the
    // pseudonymisation, like the key.
    let written: Vec<usize> = (0..schema.fields.len())
        .filter(|&i| schema.fields[i].kind != FieldKind::PersonEncoding && !schema.fields[i].is_identity())
        .collect();
    let mut header: Vec<&str> = Vec::new();
    for &i in &written {
        let f = &schema.fields[i];
        if Some(i) == person_field {
            header.extend(IDENTITY_COLUMNS);
        } else {
            header.push(&f.id);
        }
    }
    writeln!(out, "{}", header.join(","))?;
    let mut line = String::new();
    for (n, r) in set.records.iter().enumerate() {
        line.clear();
        for (column, &i) in written.iter().enumerate() {
            let f = &schema.fields[i];
            if column > 0 {
                line.push(',');
            }
            if Some(i) == person_field {
                if let Some(w) = written_of(set, n) {
                    let _ = write!(line, "{},{},{}", w.family_name, w.given_names, w.birth_date);
                } else {
                    line.push_str(",,");
                }
            } else {
                line.push_str(&format_value(catalog, f, &r.values[i]));
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

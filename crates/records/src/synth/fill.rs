//! Filling the fields no derivation constrains (identifiers, districts, indicators, links), so
//! that the records look like a source's, without changing any derived count.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{FieldKind, RecordField, RecordSchema};
use rapporteur_domain::Catalog;

use super::link::link;
use crate::record::{code_index, format_value, Date, Record, Value};

/// Fills every field of `records` the fit left alone; `years` are the cycle's years.
pub(super) fn fill(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    years: &[i32],
    rng: &mut ChaCha8Rng,
) {
    let used = constrained_fields(schema);
    for (i, field) in schema.fields.iter().enumerate() {
        if field.id == schema.key {
            number(schema, records, i);
        } else if field.is_identity() {
            // Written by the pseudonymisation from the identity, like the key.
        } else if super::chain::writes_from_person(&schema.id, &field.id) {
            // Written by the chain from the record's person, once it has met them all.
        } else if used.contains(&field.id.as_str()) {
            // A required field some record still lacks (made by a derivation that does not
            // constrain it) gets a code, so that every record is valid.
            if field.required {
                complete_required(catalog, field, records, i, rng);
            }
        } else {
            fill_free(catalog, schema, records, i, field, years, rng);
        }
    }
}

/// The fields some derivation reads: its dimensions' fields, its filter's and its period's.
fn constrained_fields(schema: &RecordSchema) -> Vec<&str> {
    schema
        .derivations
        .iter()
        .flat_map(|d| {
            d.dimensions
                .iter()
                .map(|(_, f)| f.as_str())
                .chain(d.filter.keys().map(String::as_str))
                .chain([d.period.field()])
        })
        .collect()
}

/// The key field: the initials of the schema and a running number (`PC0000042`).
fn number(schema: &RecordSchema, records: &mut [Record], field: usize) {
    let prefix: String =
        schema.id.split('_').filter_map(|w| w.chars().next()).collect::<String>().to_uppercase();
    for (n, r) in records.iter_mut().enumerate() {
        r.values[field] = Value::Text(format!("{prefix}{n:07}").into());
    }
}

/// The leaf codes of a code list, as indexes.
fn leaves(catalog: &Catalog, codelist: &str) -> Vec<u32> {
    catalog
        .code_list(codelist)
        .map_or_else(Vec::new, |l| l.leaves().filter_map(|c| code_index(catalog, codelist, &c.id)).collect())
}

/// A random leaf code in each record where a required code field is still empty.
fn complete_required(
    catalog: &Catalog,
    field: &RecordField,
    records: &mut [Record],
    i: usize,
    rng: &mut ChaCha8Rng,
) {
    let (FieldKind::Code { codelist } | FieldKind::Codes { codelist }) = &field.kind else { return };
    let leaves = leaves(catalog, codelist);
    for r in records.iter_mut().filter(|r| matches!(&r.values[i], Value::Empty)) {
        if leaves.is_empty() {
            break;
        }
        let code = leaves[rng.random_range(0..leaves.len())];
        r.values[i] = if matches!(field.kind, FieldKind::Code { .. }) {
            Value::Code(code)
        } else {
            Value::Codes(vec![code].into())
        };
    }
}

/// A field no derivation reads, filled by its kind: random leaf codes (up to two of a
/// multi-code field), a flag true for about 30 %, a date after the cycle, prison months within
/// the sentence's band, a reference to another record.
fn fill_free(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    i: usize,
    field: &RecordField,
    years: &[i32],
    rng: &mut ChaCha8Rng,
) {
    match &field.kind {
        FieldKind::Code { codelist } => {
            let leaves = leaves(catalog, codelist);
            if leaves.is_empty() {
                return;
            }
            for r in records.iter_mut() {
                r.values[i] = Value::Code(leaves[rng.random_range(0..leaves.len())]);
            }
        }
        FieldKind::Codes { codelist } => {
            let leaves = leaves(catalog, codelist);
            if leaves.is_empty() {
                return;
            }
            for r in records.iter_mut() {
                let mut cs: Vec<u32> =
                    (0..rng.random_range(0..3)).map(|_| leaves[rng.random_range(0..leaves.len())]).collect();
                cs.sort_unstable();
                cs.dedup();
                r.values[i] = Value::Codes(cs.into());
            }
        }
        FieldKind::Bool => {
            for r in records.iter_mut() {
                r.values[i] = Value::Bool(rng.random_bool(0.3));
            }
        }
        FieldKind::Date => {
            // A date no derivation reads (an extraction date): after the cycle.
            let last = years.iter().copied().max().unwrap_or(2020);
            let date = Date::new(last + 1, 5, 8).unwrap_or(Date { year: last + 1, month: 5, day: 8 });
            for r in records.iter_mut() {
                r.values[i] = Value::Date(date);
            }
        }
        FieldKind::Integer if field.id == "prison_months" => prison_months(catalog, schema, records, i, rng),
        FieldKind::Ref { .. } => link(catalog, schema, records, i, field, rng),
        _ => {}
    }
}

/// Months of prison within the band of the record's `prison_duration`.
fn prison_months(
    catalog: &Catalog,
    schema: &RecordSchema,
    records: &mut [Record],
    i: usize,
    rng: &mut ChaCha8Rng,
) {
    let duration = schema.field_index("prison_duration");
    for r in records.iter_mut() {
        let band = duration.and_then(|d| match r.values[d] {
            Value::Code(c) => Some(format_value(catalog, &schema.fields[d], &Value::Code(c))),
            _ => None,
        });
        if let Some((low, high)) = band.as_deref().and_then(months_of_band) {
            r.values[i] = Value::Integer(rng.random_range(low..=high));
        }
    }
}

/// Months of a prison-duration band (`1y-3y` → 12..=35).
fn months_of_band(band: &str) -> Option<(i64, i64)> {
    let (low, high) = band.split_once('-')?;
    let months = |t: &str| -> Option<i64> {
        let (n, unit) = t.split_at(t.len().checked_sub(1)?);
        let n: i64 = n.parse().ok()?;
        Some(match unit {
            "d" => 0,
            "m" => n,
            "y" => n * 12,
            _ => return None,
        })
    };
    let low = months(low)?.max(1);
    let high = (months(high)? - 1).max(low);
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(months_of_band("1y-3y"), Some((12, 35)));
        assert_eq!(months_of_band("8d-1m"), Some((1, 1)));
    }
}

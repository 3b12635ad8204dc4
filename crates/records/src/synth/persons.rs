//! The synthetic persons behind the records: invented names and birth dates, and the same
//! person met again in a later source.

use std::collections::BTreeMap;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::RecordSchema;
use rapporteur_domain::Catalog;

use super::random::random_date;
use super::SynthSet;
use crate::record::{format_value, Date, Record, Value};

/// A synthetic person: as the first registration writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub family_name: String,
    pub given_names: String,
    pub birth_date: Date,
    /// Whether some registrations write the name in Cyrillic.
    pub cyrillic: bool,
}

/// Nationalities whose registrations may write names in Cyrillic.
const CYRILLIC: [&str; 6] = ["BG", "UA", "RU", "RS", "MK", "BY"];

/// Syllables of synthetic names: Latin letters the Cyrillic table maps one to one, so that a
/// name written in Cyrillic transliterates back to the same spelling.
const SYLLABLES: [&str; 30] = [
    "ma", "ri", "an", "to", "ka", "le", "na", "so", "vi", "el", "ra", "du", "mi", "sa", "ko", "lu", "be",
    "da", "ni", "or", "ha", "ze", "fa", "ti", "go", "ne", "pa", "il", "ro", "sha",
];

/// Gives records of schemas with a person field a person, reusing persons across sources: a
/// record is, three times in ten, a person of the same nationality and sex an earlier source
/// registered.
pub(super) fn assign_persons(catalog: &Catalog, sets: &mut [SynthSet], rng: &mut ChaCha8Rng) -> Vec<Person> {
    let mut persons: Vec<Person> = Vec::new();
    // Persons by (nationality code id, sex code id): a later source meets some of them again.
    let mut pool: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    for set in sets.iter_mut() {
        let Some(schema) = catalog.records.get(&set.schema) else { continue };
        if schema.person_field().is_none() {
            set.persons = vec![None; set.records.len()];
            continue;
        }
        let mut out = Vec::with_capacity(set.records.len());
        let mut new_here: Vec<((String, String), u32)> = Vec::new();
        for r in &set.records {
            let group = (text(catalog, schema, r, "nationality"), text(catalog, schema, r, "sex"));
            let reuse = rng.random_bool(0.3);
            let existing = pool.get(&group).filter(|v| !v.is_empty());
            let person = match existing {
                Some(v) if reuse => v[rng.random_range(0..v.len())],
                _ => {
                    persons.push(invent(catalog, schema, r, CYRILLIC.contains(&group.0.as_str()), rng));
                    let id = (persons.len() - 1) as u32;
                    new_here.push((group, id));
                    id
                }
            };
            out.push(Some(person));
        }
        for (group, id) in new_here {
            pool.entry(group).or_default().push(id);
        }
        set.persons = out;
    }
    persons
}

/// A record's field as text (empty if the schema has no such field).
fn text(catalog: &Catalog, schema: &RecordSchema, r: &Record, id: &str) -> String {
    schema.field_index(id).map(|i| format_value(catalog, &schema.fields[i], &r.values[i])).unwrap_or_default()
}

/// A new person for a record: born in a year that gives the age of the record's age band in
/// the year of its period field.
fn invent(
    catalog: &Catalog,
    schema: &RecordSchema,
    r: &Record,
    cyrillic: bool,
    rng: &mut ChaCha8Rng,
) -> Person {
    let period_field = schema.derivations.first().map(|d| d.period.field()).unwrap_or_default();
    let year = match schema.field_index(period_field).map(|i| &r.values[i]) {
        Some(Value::Date(d)) => d.year,
        _ => 2020,
    };
    let (low, high) = age_range(&text(catalog, schema, r, "age_band"));
    let age = rng.random_range(low..=high);
    let birth_date = random_date(year - age, rng);
    let family_name = name(rng, 2, 4);
    let given_names = if rng.random_bool(0.2) {
        format!("{} {}", name(rng, 2, 3), name(rng, 2, 3))
    } else {
        name(rng, 2, 3)
    };
    Person { family_name, given_names, birth_date, cyrillic }
}

/// Ages a band code covers (`18-30` → 18..=29, `50plus` → 50..=70, `0-17` → 12..=17).
fn age_range(band: &str) -> (i32, i32) {
    if let Some(low) = band.strip_suffix("plus").and_then(|l| l.parse::<i32>().ok()) {
        return (low, low + 20);
    }
    if let Some((low, high)) = band.split_once('-') {
        if let (Ok(low), Ok(high)) = (low.parse::<i32>(), high.parse::<i32>()) {
            return if high == 17 { (low.max(12), high) } else { (low, (high - 1).max(low)) };
        }
    }
    (18, 55)
}

/// A name of `min` to `max` syllables, capitalised.
fn name(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(SYLLABLES[rng.random_range(0..SYLLABLES.len())]);
    }
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands() {
        assert_eq!(age_range("18-30"), (18, 29));
        assert_eq!(age_range("0-17"), (12, 17));
        assert_eq!(age_range("50plus"), (50, 70));
    }
}

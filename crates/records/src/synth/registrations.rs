//! How registrations write a person: the spelling variations of real registrations, most of
//! which the pseudonymisation folds into the same key, some (a typo, a day and month swapped)
//! into another.

use super::persons::Person;
use crate::pseudonym::to_cyrillic;
use crate::record::Date;

/// The variation record `n` of source `schema` is written with: a fixed, well-spread function
/// of both, so that a person is written differently in different sources.
pub(super) fn variant_of(schema: &str, n: usize) -> u64 {
    mix(n as u64 ^ (hash_str(schema) << 1))
}

/// How a registration writes a person, as (family name, given names, birth date).
pub(super) fn written_identity(person: &Person, variant: u64) -> (String, String, String) {
    let d = person.birth_date;
    let iso = d.to_string();
    let day_first = format!("{:02}/{:02}/{:04}", d.day, d.month, d.year);
    let accented = |s: &str| s.replacen('e', "é", 1).replacen('a', "ä", 1);
    match variant % 100 {
        // Same key: case, accents, order of the name parts, date format, script.
        0..=39 => (person.family_name.clone(), person.given_names.clone(), iso),
        40..=49 => (person.family_name.to_uppercase(), person.given_names.clone(), day_first),
        50..=59 => (
            accented(&person.family_name),
            person.given_names.to_lowercase(),
            format!("{:02}.{:02}.{:04}", d.day, d.month, d.year),
        ),
        60..=69 => (person.given_names.clone(), person.family_name.clone(), iso),
        70..=79 => (
            format!("  {} ", person.family_name),
            person.given_names.replace(' ', "-"),
            format!("{:04}{:02}{:02}", d.year, d.month, d.day),
        ),
        80..=91 if person.cyrillic => (
            to_cyrillic(&person.family_name).unwrap_or_else(|| person.family_name.clone()),
            to_cyrillic(&person.given_names).unwrap_or_else(|| person.given_names.clone()),
            day_first,
        ),
        80..=91 => (person.family_name.clone(), person.given_names.clone(), day_first),
        // Another key, as in real registrations: a typo, a day and month swapped.
        92..=96 => {
            let mut chars: Vec<char> = person.family_name.chars().collect();
            if chars.len() > 3 {
                chars.swap(1, 2);
            }
            (chars.into_iter().collect(), person.given_names.clone(), iso)
        }
        _ => {
            let swapped = Date::new(d.year, d.day, d.month).unwrap_or(d);
            (person.family_name.clone(), person.given_names.clone(), swapped.to_string())
        }
    }
}

/// FNV-1a of a text.
fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64: a fixed, well-spread function of the index.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

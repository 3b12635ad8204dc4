//! The synthetic persons behind the records: invented names and birth dates, victims and
//! offenders apart.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::random::random_date;
use crate::record::Date;

/// Whom a person is in the records: a (potential) victim, registered by the police, the social
/// inspection and the specialised centres, or a convicted offender. Never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Victim,
    Offender,
}

/// A synthetic person: the true identity, as their first registration writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// `P000123` for a victim, `O000045` for an offender (numbered apart).
    pub id: String,
    pub role: Role,
    pub family_name: String,
    /// One or two given names, separated by a space.
    pub given_names: String,
    pub birth_date: Date,
    pub female: bool,
    /// Whether the name is of Cyrillic origin: some registrations write it in Cyrillic, others
    /// in another transliteration.
    pub cyrillic: bool,
    /// The family name some later registrations of an adult woman write instead (marriage).
    pub other_family_name: String,
}

/// Nationalities whose persons bear Cyrillic-origin names.
pub(super) const CYRILLIC: [&str; 6] = ["BG", "UA", "RU", "RS", "MK", "BY"];

/// Syllables of synthetic names, with the letter groups the phonetic variants play on.
const SYLLABLES: [&str; 38] = [
    "ma", "ri", "an", "to", "ka", "le", "na", "so", "vi", "el", "ra", "du", "mi", "sa", "ko", "lu", "be",
    "da", "ni", "or", "ha", "ze", "fa", "ti", "go", "ne", "pa", "il", "ro", "sha", "wa", "yo", "phi", "lou",
    "schu", "ci", "the", "ke",
];

/// Syllables of Cyrillic-origin names, as their usual Latin transliteration writes them.
const SLAVIC: [&str; 30] = [
    "zha", "kho", "yu", "ya", "tse", "che", "va", "ko", "na", "li", "se", "mi", "ra", "shchu", "vi", "ni",
    "ta", "le", "do", "bo", "ri", "sla", "ka", "du", "ma", "ge", "ki", "lu", "zho", "khi",
];

/// What a registration says of the person it writes, to invent one that fits it.
pub(super) struct Traits {
    /// The registration's date.
    pub date: Date,
    /// Ages the registration's age band covers, if it has one.
    pub ages: Option<(i32, i32)>,
    /// `Some(true)` female, `Some(false)` male, `None` unknown.
    pub female: Option<bool>,
    pub nationality: Option<String>,
}

/// A new person of `role` fitting what a registration says; `number` is their ordinal among
/// persons of that role.
pub(super) fn invent(role: Role, number: u32, traits: &Traits, rng: &mut ChaCha8Rng) -> Person {
    let (low, high) = traits.ages.unwrap_or(match role {
        Role::Victim if rng.random_bool(0.1) => (12, 17),
        Role::Victim => (18, 45),
        Role::Offender => (20, 60),
    });
    let age = rng.random_range(low..=high);
    // Born `age` full years before the registration.
    let mut birth_date = random_date(traits.date.year - age, rng);
    if (birth_date.month, birth_date.day) > (traits.date.month, traits.date.day) {
        birth_date.year -= 1;
    }
    let female =
        traits.female.unwrap_or_else(|| rng.random_bool(if role == Role::Victim { 0.6 } else { 0.15 }));
    let cyrillic = match &traits.nationality {
        Some(n) => CYRILLIC.contains(&n.as_str()),
        None => rng.random_bool(0.15),
    };
    let family_name = family_name(cyrillic, female, rng);
    let other_family_name = family_name_other(&family_name, cyrillic, female, rng);
    let given_names = if rng.random_bool(0.3) {
        format!("{} {}", given_name(cyrillic, rng), given_name(cyrillic, rng))
    } else {
        given_name(cyrillic, rng)
    };
    let id = match role {
        Role::Victim => format!("P{number:06}"),
        Role::Offender => format!("O{number:06}"),
    };
    Person { id, role, family_name, given_names, birth_date, female, cyrillic, other_family_name }
}

/// Another family name than `family`.
fn family_name_other(family: &str, cyrillic: bool, female: bool, rng: &mut ChaCha8Rng) -> String {
    loop {
        let other = family_name(cyrillic, female, rng);
        if other != family {
            return other;
        }
    }
}

/// A family name: syllables, and for a Cyrillic-origin name a suffix by sex.
fn family_name(cyrillic: bool, female: bool, rng: &mut ChaCha8Rng) -> String {
    if cyrillic {
        let suffixes: [&str; 3] = if female { ["ova", "eva", "ina"] } else { ["ov", "ev", "in"] };
        let stem = syllables(&SLAVIC, rng, 1, 2);
        capitalised(&format!("{stem}{}", suffixes[rng.random_range(0..suffixes.len())]))
    } else {
        capitalised(&syllables(&SYLLABLES, rng, 2, 4))
    }
}

/// A given name.
fn given_name(cyrillic: bool, rng: &mut ChaCha8Rng) -> String {
    capitalised(&syllables(if cyrillic { &SLAVIC } else { &SYLLABLES }, rng, 2, 3))
}

/// `min` to `max` syllables of `from`.
fn syllables(from: &[&str], rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    (0..n).map(|_| from[rng.random_range(0..from.len())]).collect()
}

/// A name with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Ages a band code covers, to invent a birth date (`18-30` → 18..=29, `50plus` → 50..=70,
/// `0-17` → 12..=17).
pub(super) fn age_range(band: &str) -> (i32, i32) {
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

/// Ages a band code admits, to meet a person again (`18plus` → 18..=150, `18-30` → 18..=29;
/// any age for a code that is not a range).
pub(super) fn age_bounds(band: &str) -> (i32, i32) {
    crate::age_band::age_bounds(band).unwrap_or((0, 150))
}

/// Full years of age at `on` of a person born on `born`.
pub(super) fn age_at(born: Date, on: Date) -> i32 {
    on.year - born.year - i32::from((on.month, on.day) < (born.month, born.day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands() {
        assert_eq!(age_range("18-30"), (18, 29));
        assert_eq!(age_range("0-17"), (12, 17));
        assert_eq!(age_range("50plus"), (50, 70));
        assert_eq!(age_bounds("0-17"), (0, 17));
        assert_eq!(age_bounds("18plus"), (18, 150));
        let d = |y, m, day| Date { year: y, month: m, day };
        assert_eq!(age_at(d(2000, 5, 10), d(2020, 5, 9)), 19);
        assert_eq!(age_at(d(2000, 5, 10), d(2020, 5, 10)), 20);
    }
}

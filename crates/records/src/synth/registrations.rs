//! How registrations write a person: the corruption model. A person's first registration writes
//! the true identity as it is; each later registration independently draws the errors of the
//! table in the [module documentation of `synth`](super) (a typo, a phonetic or transliteration
//! variant, a missing second given name, another family name, a date error), at most three per
//! registration, at most one per name part (so at most two in the given names, one in the
//! family name and one in the birth date), then a formatting that the normalisation folds away
//! (case, accents, order of the name fields, date format, Cyrillic script).

use std::collections::BTreeSet;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::persons::Person;
use crate::pseudonym::{normalize_name_parts, to_cyrillic};
use crate::record::Date;

/// The probability of each error in a later registration (the first writes the true identity).
pub mod rates {
    /// A typo in one name part: a letter inserted, deleted, substituted, or two transposed.
    pub const TYPO: f64 = 0.35;
    /// A phonetic variant of one name part (w/v, ph/f, y/i, c/k, sch/sh, ou/u, …), where a
    /// part has one.
    pub const PHONETIC: f64 = 0.25;
    /// Another transliteration of one name part of a Cyrillic-origin name (zh→j, kh→h,
    /// yu→iu, ts→c, -ov→-off, …), where a part has one.
    pub const TRANSLITERATION: f64 = 0.40;
    /// The second given name left out (persons with two).
    pub const MISSING_GIVEN: f64 = 0.30;
    /// Another family name (by marriage) for a woman of 18 or more at the registration.
    pub const NAME_CHANGE: f64 = 0.15;
    /// Day and month swapped (birth day ≤ 12 and not equal to the month).
    pub const DAY_MONTH_SWAP: f64 = 0.10;
    /// Another day of the same month.
    pub const OTHER_DAY: f64 = 0.06;
    /// The year one off (earlier or later).
    pub const YEAR_OFF: f64 = 0.06;
    /// The most errors one registration carries.
    pub const MAX_ERRORS: usize = 3;
}

/// The errors of the corruption model, each with what it applies to and its probability in a
/// later registration (for the README beside the files and the tests).
pub const CORRUPTION_RATES: [(&str, &str, f64); 8] = [
    ("typo in a name part (insert, delete, substitute, transpose)", "every later registration", rates::TYPO),
    ("phonetic variant of a name part", "names with a phonetic pattern", rates::PHONETIC),
    (
        "transliteration variant of a name part",
        "Cyrillic-origin names with a pattern",
        rates::TRANSLITERATION,
    ),
    ("second given name missing", "persons with two given names", rates::MISSING_GIVEN),
    ("other family name (marriage)", "women of 18 or more", rates::NAME_CHANGE),
    ("day and month of birth swapped", "birth day <= 12 and not the month", rates::DAY_MONTH_SWAP),
    ("another day of the birth month", "every later registration", rates::OTHER_DAY),
    ("birth year one off", "every later registration", rates::YEAR_OFF),
];

/// Phonetic variants: spellings that sound alike, in both directions.
pub const PHONETIC_RULES: [(&str, &str); 22] = [
    ("w", "v"),
    ("v", "w"),
    ("ph", "f"),
    ("f", "ph"),
    ("y", "i"),
    ("i", "y"),
    ("c", "k"),
    ("k", "c"),
    ("sch", "sh"),
    ("sh", "sch"),
    ("ou", "u"),
    ("u", "ou"),
    ("ck", "k"),
    ("th", "t"),
    ("dt", "t"),
    ("ij", "y"),
    ("ei", "ai"),
    ("ai", "ei"),
    ("ae", "e"),
    ("ee", "e"),
    ("oo", "o"),
    ("gh", "g"),
];

/// Transliteration variants of a Cyrillic-origin name's usual Latin spelling (French, German,
/// English, Polish conventions). `$`: at the end of the part only.
pub const TRANSLITERATION_RULES: [(&str, &str); 18] = [
    ("zh", "j"),
    ("zh", "z"),
    ("zh", "sh"),
    ("kh", "h"),
    ("kh", "ch"),
    ("yu", "iu"),
    ("yu", "ju"),
    ("ya", "ia"),
    ("ya", "ja"),
    ("ts", "c"),
    ("ts", "tz"),
    ("ch", "tch"),
    ("ch", "tsch"),
    ("shch", "sch"),
    ("ov$", "off"),
    ("ev$", "eff"),
    ("iy$", "y"),
    ("ei", "ey"),
];

/// How one registration writes a person: the three identity columns of a raw file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenIdentity {
    pub family_name: Box<str>,
    pub given_names: Box<str>,
    pub birth_date: Box<str>,
    /// The person's first registration: the true identity, written as it is.
    pub first: bool,
    /// How the registration left the identity incomplete, if it did (see `synth::incomplete`).
    pub incomplete: Option<&'static str>,
}

/// What the registration knows of the person when it writes them.
pub(super) struct Moment {
    /// The person's age at the registration.
    pub age: i32,
}

/// Every spelling one rule application makes of a (lower-case) name part.
pub fn one_rule_variants(part: &str, rules: &[(&str, &str)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (from, to) in rules {
        let (from, at_end) = match from.strip_suffix('$') {
            Some(f) => (f, true),
            None => (*from, false),
        };
        if at_end {
            if let Some(stem) = part.strip_suffix(from) {
                out.insert(format!("{stem}{to}"));
            }
            continue;
        }
        let mut start = 0;
        while let Some(pos) = part[start..].find(from) {
            let at = start + pos;
            out.insert(format!("{}{}{}", &part[..at], to, &part[at + from.len()..]));
            start = at + 1;
            while !part.is_char_boundary(start) {
                start += 1;
            }
        }
    }
    out.remove(part);
    out
}

/// The transliteration variants of a part (none for a name not of Cyrillic origin).
pub fn transliteration_variants(part: &str, cyrillic: bool) -> BTreeSet<String> {
    if cyrillic {
        one_rule_variants(part, &TRANSLITERATION_RULES)
    } else {
        BTreeSet::new()
    }
}

/// The phonetic variants of a part that are not also transliteration variants.
pub fn phonetic_variants(part: &str, cyrillic: bool) -> BTreeSet<String> {
    let translit = transliteration_variants(part, cyrillic);
    one_rule_variants(part, &PHONETIC_RULES).into_iter().filter(|v| !translit.contains(v)).collect()
}

/// Whether two spellings are one insertion, deletion, substitution or transposition of
/// adjacent letters apart.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => false,
        (la, lb) if la == lb + 1 => ra[1..] == *rb,
        (la, lb) if lb == la + 1 => rb[1..] == *ra,
        (la, lb) if la == lb => {
            ra[1..] == rb[1..] || (la >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        _ => false,
    }
}

/// The true identity, written as it is (a person's first registration).
pub(super) fn first_registration(person: &Person) -> WrittenIdentity {
    WrittenIdentity {
        family_name: person.family_name.as_str().into(),
        given_names: person.given_names.as_str().into(),
        birth_date: person.birth_date.to_string().into(),
        first: true,
        incomplete: None,
    }
}

/// A later registration: the errors the model draws, then a formatting.
pub(super) fn later_registration(person: &Person, moment: &Moment, rng: &mut ChaCha8Rng) -> WrittenIdentity {
    // Every draw is made, whatever applies, so that one registration's draws never depend on
    // another's identity.
    let typo = rng.random_bool(rates::TYPO);
    let phonetic = rng.random_bool(rates::PHONETIC);
    let translit = rng.random_bool(rates::TRANSLITERATION);
    let missing = rng.random_bool(rates::MISSING_GIVEN);
    let change = rng.random_bool(rates::NAME_CHANGE);
    let date_draw: f64 = rng.random();
    let d = person.birth_date;

    let mut family = person.family_name.to_lowercase();
    let mut given: Vec<String> = person.given_names.split(' ').map(str::to_lowercase).collect();
    let mut errors = 0;
    // The date first: one error at most.
    let swap_ok = d.day <= 12 && d.day != d.month;
    let date = if date_draw < rates::DAY_MONTH_SWAP {
        swap_ok.then_some(Date { year: d.year, month: d.day, day: d.month })
    } else if date_draw < rates::DAY_MONTH_SWAP + rates::OTHER_DAY {
        Some(other_day(d, rng))
    } else if date_draw < rates::DAY_MONTH_SWAP + rates::OTHER_DAY + rates::YEAR_OFF {
        Some(year_off(d, rng))
    } else {
        None
    };
    if date.is_some() {
        errors += 1;
    }
    let date = date.unwrap_or(d);

    // The name parts an error may still touch: 0 = family, 1.. = given names.
    let mut free: Vec<usize> = (0..=given.len()).collect();
    if change && person.female && moment.age >= 18 && errors < rates::MAX_ERRORS {
        family = person.other_family_name.to_lowercase();
        free.retain(|&p| p != 0);
        errors += 1;
    }
    if missing && given.len() == 2 && errors < rates::MAX_ERRORS {
        given.pop();
        free.retain(|&p| p != 2);
        errors += 1;
    }
    let cyr = person.cyrillic;
    let part_of = |p: usize, family: &String, given: &[String]| -> String {
        if p == 0 {
            family.clone()
        } else {
            given[p - 1].clone()
        }
    };
    let part_errors: [(bool, Kind); 3] =
        [(translit, Kind::Transliteration), (phonetic, Kind::Phonetic), (typo, Kind::Typo)];
    for (drawn, kind) in part_errors {
        if !drawn || errors >= rates::MAX_ERRORS {
            continue;
        }
        let chosen: Option<(usize, String)> = match kind {
            // A typo: the first free part, from a random one on, that takes one.
            Kind::Typo => {
                let start = rng.random_range(0..free.len().max(1));
                (0..free.len()).find_map(|k| {
                    let p = free[(start + k) % free.len()];
                    typo_of(&part_of(p, &family, &given), cyr, rng).map(|t| (p, t))
                })
            }
            // A variant: one of those of a random free part that has some.
            Kind::Transliteration | Kind::Phonetic => {
                let options: Vec<(usize, Vec<String>)> = free
                    .iter()
                    .map(|&p| {
                        let text = part_of(p, &family, &given);
                        let spellings = if matches!(kind, Kind::Transliteration) {
                            transliteration_variants(&text, cyr)
                        } else {
                            phonetic_variants(&text, cyr)
                        };
                        (p, spellings.into_iter().collect::<Vec<_>>())
                    })
                    .filter(|(_, s)| !s.is_empty())
                    .collect();
                if options.is_empty() {
                    None
                } else {
                    let (p, spellings) = &options[rng.random_range(0..options.len())];
                    Some((*p, spellings[rng.random_range(0..spellings.len())].clone()))
                }
            }
        };
        let Some((p, new)) = chosen else { continue };
        if p == 0 {
            family = new;
        } else {
            given[p - 1] = new;
        }
        free.retain(|&x| x != p);
        errors += 1;
    }
    let family = capitalised(&family);
    let given: Vec<String> = given.iter().map(|g| capitalised(g)).collect();
    format(&family, &given, date, cyr, rng)
}

/// The errors that change one name part.
#[derive(Clone, Copy)]
enum Kind {
    Transliteration,
    Phonetic,
    Typo,
}

/// A typo of a lower-case part that no phonetic or transliteration rule explains (so that each
/// error is told apart from the others), if one is found in a few tries.
fn typo_of(part: &str, cyrillic: bool, rng: &mut ChaCha8Rng) -> Option<String> {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    let chars: Vec<char> = part.chars().collect();
    let phonetic = phonetic_variants(part, cyrillic);
    let translit = transliteration_variants(part, cyrillic);
    let explained = |s: &str| phonetic.contains(s) || translit.contains(s);
    for _ in 0..8 {
        let mut c = chars.clone();
        let letter = char::from(LETTERS[rng.random_range(0..LETTERS.len())]);
        match rng.random_range(0..4) {
            0 => c.insert(rng.random_range(0..=c.len()), letter),
            1 if c.len() >= 3 => {
                c.remove(rng.random_range(0..c.len()));
            }
            2 if !c.is_empty() => {
                let i = rng.random_range(0..c.len());
                c[i] = letter;
            }
            3 if c.len() >= 2 => {
                let i = rng.random_range(0..c.len() - 1);
                c.swap(i, i + 1);
            }
            _ => continue,
        }
        let s: String = c.into_iter().collect();
        if s != part && !explained(&s) {
            return Some(s);
        }
    }
    None
}

/// Another day of the same month (up to the 28th, so always a valid date).
fn other_day(d: Date, rng: &mut ChaCha8Rng) -> Date {
    loop {
        let day = rng.random_range(1..=28u8);
        if day != d.day {
            return Date { day, ..d };
        }
    }
}

/// The year one earlier or later (the 29th of February becomes the 28th).
fn year_off(d: Date, rng: &mut ChaCha8Rng) -> Date {
    let year = if rng.random_bool(0.5) { d.year - 1 } else { d.year + 1 };
    Date::new(year, d.month, d.day).unwrap_or(Date { year, month: d.month, day: 28 })
}

/// A lower-case part with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The share of each formatting among later registrations: as it is, upper-case family name,
/// accents and lower-case given names, name fields swapped, spaces and hyphens, another
/// script (Cyrillic for a Cyrillic-origin name where the normalisation brings it back, else
/// as it is), in percent.
pub const FORMATTING: [(&str, u32); 6] = [
    ("as it is, YYYY-MM-DD", 40),
    ("family name upper case, DD/MM/YYYY", 10),
    ("accents, given names lower case, DD.MM.YYYY", 10),
    ("family and given names swapped", 10),
    ("spaces around, given names hyphenated, YYYYMMDD", 10),
    ("Cyrillic script (Cyrillic-origin names), DD/MM/YYYY", 20),
];

/// A formatting of the (possibly corrupted) identity that the normalisation folds away.
fn format(family: &str, given: &[String], d: Date, cyrillic: bool, rng: &mut ChaCha8Rng) -> WrittenIdentity {
    let given_text = given.join(" ");
    let iso = d.to_string();
    let day_first = format!("{:02}/{:02}/{:04}", d.day, d.month, d.year);
    let accented = |s: &str| s.replacen('e', "é", 1).replacen('a', "ä", 1);
    let in_cyrillic =
        |s: &str| to_cyrillic(s).filter(|c| normalize_name_parts([c.as_str()]) == normalize_name_parts([s]));
    let (f, g, b) = match rng.random_range(0..100u32) {
        0..=39 => (family.to_string(), given_text, iso),
        40..=49 => (family.to_uppercase(), given_text, day_first),
        50..=59 => (
            accented(family),
            given_text.to_lowercase(),
            format!("{:02}.{:02}.{:04}", d.day, d.month, d.year),
        ),
        60..=69 => (given_text, family.to_string(), iso),
        70..=79 => {
            (format!("  {family} "), given.join("-"), format!("{:04}{:02}{:02}", d.year, d.month, d.day))
        }
        _ if cyrillic => (
            in_cyrillic(family).unwrap_or_else(|| family.to_string()),
            given.iter().map(|g| in_cyrillic(g).unwrap_or_else(|| g.clone())).collect::<Vec<_>>().join(" "),
            day_first,
        ),
        _ => (family.to_string(), given_text, day_first),
    };
    WrittenIdentity {
        family_name: f.into(),
        given_names: g.into(),
        birth_date: b.into(),
        first: false,
        incomplete: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_and_edits() {
        assert!(transliteration_variants("zhukov", true).contains("zhukoff"));
        assert!(transliteration_variants("zhukov", true).contains("jukov"));
        assert!(transliteration_variants("zhukov", false).is_empty());
        let ph = phonetic_variants("wika", false);
        assert!(ph.contains("vika") && ph.contains("wyka") && ph.contains("wica"));
        assert!(!phonetic_variants("yuri", true).contains("iuri"), "a transliteration, not phonetic");
        assert!(one_edit_apart("maria", "mraia"));
        assert!(one_edit_apart("maria", "mari"));
        assert!(one_edit_apart("maria", "marria"));
        assert!(one_edit_apart("maria", "mazia"));
        assert!(!one_edit_apart("maria", "maria"));
        assert!(!one_edit_apart("maria", "mirai"));
    }
}

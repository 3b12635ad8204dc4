//! Synthetic identities for the linkage tests and the scale example: invented syllable names,
//! random birth dates, each person written into 1–4 records of distinct sources with
//! corruptions at stated rates, and the pairwise precision/recall of a partition against the
//! truth.
#![allow(dead_code)]

use std::collections::HashMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_records::{Encoder, LinkRecord, Secret};

/// How often each corruption hits a record (independently).
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    /// One edit (insert, delete, substitute, transpose) in one name part.
    pub typo: f64,
    /// Day and month swapped (when the day is a possible month and differs from it).
    pub swap: f64,
    /// The second given name left out (when the person has one).
    pub drop_given: f64,
    /// A spelling variant of one sound (w/v, ph/f, c/k, y/i, sch/sh).
    pub phonetic: f64,
    /// Another family name (marriage), for a woman.
    pub married: f64,
    /// Sex not recorded.
    pub missing_sex: f64,
    /// Nationality not recorded.
    pub missing_nationality: f64,
    /// Nationality recorded as another one.
    pub wrong_nationality: f64,
}

impl Rates {
    /// Moderate error rates.
    pub fn moderate() -> Rates {
        Rates {
            typo: 0.10,
            swap: 0.04,
            drop_given: 0.10,
            phonetic: 0.06,
            married: 0.02,
            missing_sex: 0.10,
            missing_nationality: 0.15,
            wrong_nationality: 0.02,
        }
    }
}

/// A person's identity.
#[derive(Debug, Clone)]
pub struct Identity {
    pub family: String,
    pub given: Vec<String>,
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub sex: u32,
    pub nationality: u32,
}

/// One written record and whom it really is.
#[derive(Debug, Clone)]
pub struct SynthRecord {
    pub person: u32,
    pub source: u16,
    pub names: Vec<String>,
    pub birth_date: String,
    pub sex: Option<u32>,
    pub nationality: Option<u32>,
}

const ONSETS: &[&str] = &[
    "b", "d", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "ch", "ph", "w", "g", "f", "h", "j",
    "br", "st", "kr", "dr", "tr", "y", "c",
];
const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ia", "ei", "ou", "a", "e", "o"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "k", "v", "m"];

/// A skewed index in 0..n (small indexes more common), as name and nationality frequencies are.
fn skewed(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((u * u * n as f64) as usize).min(n - 1)
}

fn syllable(rng: &mut ChaCha8Rng) -> String {
    let mut s = String::new();
    s.push_str(ONSETS[skewed(rng, ONSETS.len())]);
    s.push_str(NUCLEI[rng.random_range(0..NUCLEI.len())]);
    s.push_str(CODAS[rng.random_range(0..CODAS.len())]);
    s
}

fn name(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    (0..n).map(|_| syllable(rng)).collect()
}

/// A fresh identity.
pub fn identity(rng: &mut ChaCha8Rng) -> Identity {
    let mut given = vec![name(rng, 2, 3)];
    if rng.random_bool(0.4) {
        given.push(name(rng, 2, 3));
    }
    let month = rng.random_range(1..=12u8);
    Identity {
        family: name(rng, 2, 4),
        given,
        year: rng.random_range(1950..=2012),
        month,
        day: rng.random_range(1..=28u8),
        sex: rng.random_range(0..2),
        nationality: skewed(rng, 40) as u32,
    }
}

/// One random edit of a name part.
fn typo(rng: &mut ChaCha8Rng, part: &str) -> String {
    let mut chars: Vec<char> = part.chars().collect();
    let letters: Vec<char> = "abcdefghijklmnoprstuvz".chars().collect();
    let i = rng.random_range(0..chars.len());
    match rng.random_range(0..4) {
        0 => chars.insert(i, letters[rng.random_range(0..letters.len())]),
        1 if chars.len() > 2 => {
            chars.remove(i);
        }
        2 | 1 => chars[i] = letters[rng.random_range(0..letters.len())],
        _ => {
            if i + 1 < chars.len() {
                chars.swap(i, i + 1);
            } else if i > 0 {
                chars.swap(i - 1, i);
            }
        }
    }
    chars.into_iter().collect()
}

/// A spelling variant of one sound, if the part has one.
fn phonetic_variant(rng: &mut ChaCha8Rng, part: &str) -> Option<String> {
    const VARIANTS: &[(&str, &str)] = &[
        ("w", "v"),
        ("v", "w"),
        ("ph", "f"),
        ("f", "ph"),
        ("c", "k"),
        ("k", "c"),
        ("y", "i"),
        ("sh", "sch"),
        ("ch", "tch"),
        ("ou", "u"),
    ];
    let mut options: Vec<&(&str, &str)> = VARIANTS.iter().filter(|(from, _)| part.contains(from)).collect();
    if options.is_empty() {
        return None;
    }
    let (from, to) = options.swap_remove(rng.random_range(0..options.len()));
    Some(part.replacen(from, to, 1))
}

/// Writes the persons into records, with corruptions at the given rates.
pub fn generate(persons: usize, seed: u64, rates: &Rates) -> (Vec<Identity>, Vec<SynthRecord>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut identities = Vec::with_capacity(persons);
    let mut records = Vec::with_capacity(persons * 2);
    for p in 0..persons {
        let id = identity(&mut rng);
        let copies = match rng.random_range(0..10) {
            0..=3 => 1,
            4..=6 => 2,
            7..=8 => 3,
            _ => 4,
        };
        let mut sources: Vec<u16> = (0..6).collect();
        for _ in 0..copies {
            let source = sources.swap_remove(rng.random_range(0..sources.len()));
            records.push(write(&mut rng, p as u32, source, &id, rates));
        }
        identities.push(id);
    }
    (identities, records)
}

/// One record of a person.
pub fn write(rng: &mut ChaCha8Rng, person: u32, source: u16, id: &Identity, rates: &Rates) -> SynthRecord {
    let mut family = id.family.clone();
    let mut given = id.given.clone();
    if id.sex == 1 && rng.random_bool(rates.married) {
        family = name(rng, 2, 4);
    }
    if given.len() > 1 && rng.random_bool(rates.drop_given) {
        given.pop();
    }
    let mut parts: Vec<String> = std::iter::once(family).chain(given).collect();
    if rng.random_bool(rates.phonetic) {
        let i = rng.random_range(0..parts.len());
        if let Some(v) = phonetic_variant(rng, &parts[i]) {
            parts[i] = v;
        }
    }
    if rng.random_bool(rates.typo) {
        let i = rng.random_range(0..parts.len());
        parts[i] = typo(rng, &parts[i]);
    }
    let (mut month, mut day) = (id.month, id.day);
    if day <= 12 && day != month && rng.random_bool(rates.swap) {
        std::mem::swap(&mut month, &mut day);
    }
    // Formats and case differ between sources; the encoding folds them.
    let birth_date = if source.is_multiple_of(2) {
        format!("{:04}-{month:02}-{day:02}", id.year)
    } else {
        format!("{day:02}/{month:02}/{:04}", id.year)
    };
    if source.is_multiple_of(3) {
        parts = parts.iter().map(|p| p.to_uppercase()).collect();
        parts.reverse();
    }
    let sex = (!rng.random_bool(rates.missing_sex)).then_some(id.sex);
    let nationality = if rng.random_bool(rates.missing_nationality) {
        None
    } else if rng.random_bool(rates.wrong_nationality) {
        Some(rng.random_range(0..40))
    } else {
        Some(id.nationality)
    };
    SynthRecord { person, source, names: parts, birth_date, sex, nationality }
}

/// The test secret.
pub fn secret(text: &str) -> Secret {
    Secret::from_key_file(text.as_bytes()).expect("a long enough secret")
}

/// The records to link, encoded under this encoder.
pub fn encode(encoder: &Encoder, records: &[SynthRecord]) -> Vec<LinkRecord> {
    records
        .iter()
        .map(|r| LinkRecord {
            source: r.source,
            encoding: encoder
                .encode(&r.names[0], &r.names[1..].join(" "), &r.birth_date)
                .expect("an identity"),
            sex: r.sex,
            nationality: r.nationality,
            form: None,
            region: None,
            basis: rapporteur_domain::catalog::LinkBasis::NameAndBirthDate,
            references: [None, None],
            day: None,
        })
        .collect()
}

/// Pairwise precision, recall and F1 of a partition against the truth.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub true_pairs: u64,
    pub found_pairs: u64,
    pub correct_pairs: u64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Compares the found partition (cluster per record) with the true one.
pub fn scores(truth: &[u32], found: &[u32]) -> Scores {
    assert_eq!(truth.len(), found.len());
    let mut by_truth: HashMap<u32, u64> = HashMap::new();
    let mut by_found: HashMap<u32, u64> = HashMap::new();
    let mut by_both: HashMap<(u32, u32), u64> = HashMap::new();
    for (&t, &f) in truth.iter().zip(found) {
        *by_truth.entry(t).or_default() += 1;
        *by_found.entry(f).or_default() += 1;
        *by_both.entry((t, f)).or_default() += 1;
    }
    let true_pairs: u64 = by_truth.values().map(|&n| pairs(n)).sum();
    let found_pairs: u64 = by_found.values().map(|&n| pairs(n)).sum();
    let correct_pairs: u64 = by_both.values().map(|&n| pairs(n)).sum();
    let precision = if found_pairs == 0 { 1.0 } else { correct_pairs as f64 / found_pairs as f64 };
    let recall = if true_pairs == 0 { 1.0 } else { correct_pairs as f64 / true_pairs as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Scores { precision, recall, f1, true_pairs, found_pairs, correct_pairs }
}

/// A seeded generator for the tests' own choices.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Shuffles with a seeded generator (Fisher–Yates), returning the permutation applied:
/// `order[k]` is the original index of the record now at position `k`.
pub fn shuffled_order(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    order
}

//! Pseudonymisation at the actor's side: a person's names and birth date become a person key,
//! HMAC-SHA-256 under the actors' shared secret over a normalised form, so that the same person
//! written differently by two actors gets the same key and nobody without the secret can compute
//! (or test a guess of) a key. The centre never holds the secret.
//!
//! The normalisation (version 1), applied to the names:
//! 1. Unicode compatibility decomposition (NFKD), then combining marks are dropped (accents:
//!    `Müller` → `Muller`, `Şahin` → `Sahin`);
//! 2. letters with no decomposition are transliterated by a fixed table: Cyrillic and Greek to
//!    Latin (simplified ISO 9 / ELOT 743, one Latin spelling per letter), `ß` → `ss`, `æ` → `ae`,
//!    `ø` → `o`, `ł` → `l`, `đ` → `d`, `ı` → `i`, `þ` → `th`, `œ` → `oe`;
//! 3. lower case; every character that is not a letter or digit separates name parts
//!    (`Jean-Pierre` = `Jean Pierre`, apostrophes and repeated spaces vanish);
//! 4. the parts of all name fields together are sorted, so the order of the parts and which
//!    field holds them (family name first or last, given names swapped) do not matter.
//!
//! The birth date is read as `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, or day first as
//! `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (Belgian usage: day before month, never month first)
//! and written `YYYY-MM-DD`. A day and month swapped in a registration, or a typo in a name,
//! give another key: they are different texts, and telling them apart from different people is
//! record linkage's job, not the key's.
//!
//! The key is `hex(HMAC-SHA-256(secret, "rapporteur-person-v1" 0x1F parts-joined-by-space 0x1F
//! date))`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;

use crate::record::Date;

/// The prefix of the hashed text: a new normalisation gets a new version, so that keys of two
/// versions can never be confused.
const DOMAIN: &str = "rapporteur-person-v1";

/// The shortest secret accepted, in bytes: 128 bits, so that the secret cannot be searched.
pub const MIN_SECRET_BYTES: usize = 16;

/// The actors' shared secret.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A secret must never reach a log or an error message.
        f.write_str("Secret(..)")
    }
}

/// Why a secret or an identity cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PseudonymError {
    #[error("the key file holds {0} bytes; a shared secret needs at least {MIN_SECRET_BYTES} (e.g. 32 random bytes in hex)")]
    ShortSecret(usize),
    #[error("no name: a person key needs at least one name part")]
    NoName,
    #[error(
        "{0:?} is not a birth date: expected YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY or YYYYMMDD"
    )]
    BirthDate(String),
}

impl Secret {
    /// The secret from a key file's bytes; surrounding whitespace (a final newline) is ignored.
    pub fn from_key_file(bytes: &[u8]) -> Result<Secret, PseudonymError> {
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
        let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |e| e + 1);
        let trimmed = &bytes[start..end];
        if trimmed.len() < MIN_SECRET_BYTES {
            return Err(PseudonymError::ShortSecret(trimmed.len()));
        }
        Ok(Secret(trimmed.to_vec()))
    }
}

impl Secret {
    /// A keyed hash under the secret, to derive the keys of the encoding from it.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes keys of any length")
    }
}

/// The normalised name parts (sorted) of all the name fields given.
pub fn normalize_name_parts<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut parts = Vec::new();
    for name in names {
        let mut current = String::new();
        for c in name.nfkd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            match transliterate(c) {
                Some(latin) => current.push_str(latin),
                None if c.is_alphanumeric() => current.extend(c.to_lowercase()),
                None => {
                    if !current.is_empty() {
                        parts.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            parts.push(current);
        }
    }
    parts.sort();
    parts
}

/// Reads a birth date in any of the accepted formats (module documentation).
pub fn normalize_birth_date(text: &str) -> Result<Date, PseudonymError> {
    let t = text.trim();
    let bad = || PseudonymError::BirthDate(text.to_string());
    let fields: Vec<&str> = t.split(['-', '/', '.', ' ']).filter(|s| !s.is_empty()).collect();
    let number = |s: &str| s.parse::<i32>().map_err(|_| bad());
    let (year, month, day) = match fields.as_slice() {
        [single] if single.len() == 8 => {
            (number(&single[0..4])?, number(&single[4..6])?, number(&single[6..8])?)
        }
        [a, b, c] if a.len() == 4 => (number(a)?, number(b)?, number(c)?),
        [a, b, c] if c.len() == 4 => (number(c)?, number(b)?, number(a)?),
        _ => return Err(bad()),
    };
    let month = u8::try_from(month).map_err(|_| bad())?;
    let day = u8::try_from(day).map_err(|_| bad())?;
    Date::new(year, month, day).ok_or_else(bad)
}

/// The person key of a person with these name fields and this birth date.
pub fn person_key<'a>(
    secret: &Secret,
    names: impl IntoIterator<Item = &'a str>,
    birth_date: &str,
) -> Result<String, PseudonymError> {
    let parts = normalize_name_parts(names);
    if parts.is_empty() {
        return Err(PseudonymError::NoName);
    }
    let date = normalize_birth_date(birth_date)?;
    Ok(person_key_of_normalized(secret, &parts, date))
}

/// The exact key of an identity read under the catalog's policy: only a complete one (two name
/// parts or more, the full birth date) has one. Any other would collide with every other
/// person of the same name whose birth date is unknown.
pub fn exact_key(secret: &Secret, identity: &crate::identity::Identity) -> Option<String> {
    match identity.birth {
        crate::identity::BirthDate::Full(date) if identity.completeness().has_exact_key() => {
            Some(person_key_of_normalized(secret, &identity.parts, date))
        }
        _ => None,
    }
}

/// The key of an already normalised identity.
fn person_key_of_normalized(secret: &Secret, parts: &[String], date: Date) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = secret.mac();
    mac.update(DOMAIN.as_bytes());
    mac.update(&[0x1f]);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            mac.update(b" ");
        }
        mac.update(part.as_bytes());
    }
    mac.update(&[0x1f]);
    mac.update(date.to_string().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Latin spelling of letters that Unicode decomposition leaves alone.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ı' => "i",
        'þ' => "th",
        // Cyrillic (Russian, Ukrainian, Bulgarian, Serbian letters), one spelling per letter.
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'є' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' | 'ы' => "i",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "ch",
        'џ' => "dz",
        'ш' => "sh",
        'щ' => "sht",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        // Greek.
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "i",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        _ => return None,
    })
}

/// Latin → Cyrillic for the letters [`transliterate`] maps one to one, so that the synthetic
/// generator can write a Latin name in Cyrillic and the normalisation brings it back.
pub(crate) fn to_cyrillic(latin: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = latin.chars().peekable();
    while let Some(c) = chars.next() {
        let lower = c.to_ascii_lowercase();
        let two = chars.peek().map(|n| n.to_ascii_lowercase());
        let cyr = match (lower, two) {
            ('z', Some('h')) => {
                chars.next();
                'ж'
            }
            ('c', Some('h')) => {
                chars.next();
                'ч'
            }
            ('s', Some('h')) => {
                chars.next();
                'ш'
            }
            ('a', _) => 'а',
            ('b', _) => 'б',
            ('v', _) => 'в',
            ('g', _) => 'г',
            ('d', _) => 'д',
            ('e', _) => 'е',
            ('z', _) => 'з',
            ('i', _) => 'и',
            ('k', _) => 'к',
            ('l', _) => 'л',
            ('m', _) => 'м',
            ('n', _) => 'н',
            ('o', _) => 'о',
            ('p', _) => 'п',
            ('r', _) => 'р',
            ('s', _) => 'с',
            ('t', _) => 'т',
            ('u', _) => 'у',
            ('f', _) => 'ф',
            ('h', _) => 'х',
            _ => return None,
        };
        if c.is_uppercase() {
            out.extend(cyr.to_uppercase());
        } else {
            out.push(cyr);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_across_spellings() {
        assert_eq!(
            normalize_name_parts(["Müller-Lüdenscheid", "Jean  Pierre"]),
            ["jean", "ludenscheid", "muller", "pierre"]
        );
        assert_eq!(normalize_name_parts(["Иванов", "Пётр"]), ["ivanov", "petr"]);
        assert_eq!(normalize_name_parts(["Straße"]), ["strasse"]);
        assert_eq!(normalize_name_parts(["D'Hondt"]), ["d", "hondt"]);
    }

    #[test]
    fn birth_dates_in_every_format() {
        for text in ["1990-04-03", "03/04/1990", "3-4-1990", "03.04.1990", "19900403", "1990/04/03"] {
            assert_eq!(normalize_birth_date(text).map(|d| d.to_string()), Ok("1990-04-03".into()), "{text}");
        }
        assert!(normalize_birth_date("31/02/1990").is_err());
        assert!(normalize_birth_date("1990").is_err());
    }

    #[test]
    fn cyrillic_round_trip() {
        let cyr = to_cyrillic("Zhivkova").unwrap_or_default();
        assert_eq!(cyr, "Живкова");
        assert_eq!(normalize_name_parts([cyr.as_str()]), ["zhivkova"]);
    }

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(Secret::from_key_file(b"short\n").err(), Some(PseudonymError::ShortSecret(5)));
        assert!(Secret::from_key_file(b"0123456789abcdef0123\n").is_ok());
    }
}

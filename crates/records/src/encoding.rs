//! The similarity encoding: beside the exact person key, each record leaving an actor carries a
//! privacy-preserving encoding of the identity, so that the centre can link the same person
//! written with a typo, a swapped day and month, a missing given name or another
//! transliteration — without ever seeing a name or a birth date.
//!
//! The encoding (version 1) is a cryptographic long-term key in Schnell's family (a Bloom
//! filter of the identity's q-grams, as `clkhash` makes), hardened:
//! 1. **Tokens.** The name parts, normalised as for the key ([`normalize_name_parts`]: accents,
//!    case, transliteration, part order) give their padded bigrams (`_ma`, …) and a phonetic
//!    code each ([`phonetic`]); the birth date gives its year, its month, its day and the
//!    unordered pair (day, month), so a swapped day and month still agree on three tokens of
//!    four. An incomplete identity ([`crate::identity`]) gives only what is known: the year
//!    alone, or no date token at all — never a placeholder's.
//! 2. **Keyed random hashing.** Each token's bit positions come from HMAC-SHA-256 under a key
//!    derived from the actors' shared secret (not from double hashing, whose regular patterns
//!    the published pattern-mining attacks exploit). Without the secret nobody can encode a
//!    guessed identity and compare it.
//! 3. **Balancing.** The 512-bit filter is followed by its complement and the 1024 bits are
//!    permuted by a secret permutation: every encoding has exactly 512 ones, so the number of
//!    ones says nothing about the length of a name, and no position is "usually empty".
//! 4. **Check value.** The first eight bytes of a keyed hash of a fixed label, under the same
//!    secret, travel with every encoding: the centre cannot learn the secret from it, but sees
//!    at once an encoding made under another secret (whose bits would compare as noise).
//!
//! Text form: `e1:` + 16 hex digits (check value) + `:` + 256 hex digits (the 1024 bits).
//! Similarity is the Dice coefficient of two encodings' ones; for balanced encodings it is the
//! share of the 512 ones two encodings have in common.

use hmac::{Hmac, KeyInit, Mac};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::Sha256;

use crate::identity::{BirthDate, Identity};
use crate::pseudonym::{normalize_birth_date, normalize_name_parts, PseudonymError, Secret};

/// Bits of the filter before balancing.
const FILTER_BITS: usize = 512;
/// Bits of an encoding (the filter and its complement).
pub const ENCODING_BITS: usize = 2 * FILTER_BITS;
/// 64-bit words of an encoding.
pub const ENCODING_WORDS: usize = ENCODING_BITS / 64;
/// The text form's length: `e1:`, the check value, `:`, the bits in hex.
pub const ENCODING_TEXT_LEN: usize = 3 + 16 + 1 + ENCODING_BITS / 4;

/// How many bit positions each kind of token sets.
const K_BIGRAM: usize = 10;
const K_PHONETIC: usize = 8;
const K_YEAR: usize = 10;
const K_MONTH_DAY: usize = 6;
const K_DAY_MONTH_PAIR: usize = 8;

const HASH_LABEL: &str = "rapporteur-encoding-v1-hash";
const PERMUTATION_LABEL: &str = "rapporteur-encoding-v1-permutation";
const CHECK_LABEL: &str = "rapporteur-encoding-v1-check";

/// A person's similarity encoding: 1024 bits, 512 of them set.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoding {
    pub words: [u64; ENCODING_WORDS],
}

impl std::fmt::Debug for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoding({} ones)", self.ones())
    }
}

/// The keyed check value that travels with every encoding made under one secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CheckValue(pub [u8; 8]);

impl std::fmt::Display for CheckValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// Why a text is not an encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodingError {
    #[error("not a person encoding: expected e1: then 16 hexadecimal digits, a colon and 256 hexadecimal digits ({ENCODING_TEXT_LEN} characters, from rapporteur pseudonymize), found {0} characters")]
    Malformed(usize),
    #[error("not a balanced person encoding: it holds {0} ones where every encoding holds {FILTER_BITS} (damaged in transit?)")]
    Unbalanced(u32),
}

impl Encoding {
    /// The number of ones.
    pub fn ones(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// The Dice coefficient of the two encodings' ones, in [0, 1].
    pub fn similarity(&self, other: &Encoding) -> f64 {
        let common: u32 = self.words.iter().zip(&other.words).map(|(a, b)| (a & b).count_ones()).sum();
        let total = self.ones() + other.ones();
        if total == 0 {
            0.0
        } else {
            2.0 * f64::from(common) / f64::from(total)
        }
    }

    /// Whether bit `i` is set.
    pub fn bit(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// The text form, with the check value of the secret it was made under.
    pub fn to_text(&self, check: CheckValue) -> String {
        let mut bytes = Vec::with_capacity(ENCODING_BITS / 8);
        for w in &self.words {
            bytes.extend_from_slice(&w.to_be_bytes());
        }
        format!("e1:{check}:{}", hex::encode(bytes))
    }

    /// Reads the text form: the check value and the encoding.
    pub fn parse(text: &str) -> Result<(CheckValue, Encoding), EncodingError> {
        let malformed = || EncodingError::Malformed(text.chars().count());
        let rest = text.strip_prefix("e1:").ok_or_else(malformed)?;
        let (check, bits) = rest.split_once(':').ok_or_else(malformed)?;
        if check.len() != 16 || bits.len() != ENCODING_BITS / 4 {
            return Err(malformed());
        }
        let mut check_bytes = [0u8; 8];
        hex::decode_to_slice(check, &mut check_bytes).map_err(|_| malformed())?;
        let mut bytes = [0u8; ENCODING_BITS / 8];
        hex::decode_to_slice(bits, &mut bytes).map_err(|_| malformed())?;
        let mut words = [0u64; ENCODING_WORDS];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_be_bytes(b);
        }
        let encoding = Encoding { words };
        if encoding.ones() as usize != FILTER_BITS {
            return Err(EncodingError::Unbalanced(encoding.ones()));
        }
        Ok((CheckValue(check_bytes), encoding))
    }
}

/// Makes encodings under one secret: the keyed hash and the permutation, derived once.
pub struct Encoder {
    hash: Hmac<Sha256>,
    /// Where each of the 1024 bits (filter, then complement) goes.
    permutation: Vec<u16>,
    check: CheckValue,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keyed material must never reach a log.
        write!(f, "Encoder(check {})", self.check)
    }
}

/// A keyed hash of `label` under the secret.
fn keyed(secret: &Secret, label: &str) -> [u8; 32] {
    let mut mac = secret.mac();
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl Encoder {
    pub fn new(secret: &Secret) -> Encoder {
        let hash_key = keyed(secret, HASH_LABEL);
        let hash =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&hash_key).expect("HMAC takes keys of any length");
        let mut permutation: Vec<u16> = (0..ENCODING_BITS as u16).collect();
        permutation.shuffle(&mut ChaCha8Rng::from_seed(keyed(secret, PERMUTATION_LABEL)));
        let full = keyed(secret, CHECK_LABEL);
        let mut check = [0u8; 8];
        check.copy_from_slice(&full[..8]);
        Encoder { hash, permutation, check: CheckValue(check) }
    }

    /// The check value of this encoder's secret.
    pub fn check(&self) -> CheckValue {
        self.check
    }

    /// The encoding of a person with these name fields and this birth date (any accepted
    /// format, as for the key).
    pub fn encode<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
        birth_date: &str,
    ) -> Result<Encoding, PseudonymError> {
        let parts = normalize_name_parts(names);
        if parts.is_empty() {
            return Err(PseudonymError::NoName);
        }
        let date = normalize_birth_date(birth_date)?;
        Ok(self.encode_normalized(&parts, BirthDate::Full(date)))
    }

    /// The encoding of an identity read under the catalog's policy: its known parts only (no
    /// date tokens for an unknown birth date, the year's alone for a year). `None` when it has
    /// no name: a birth date alone identifies nobody.
    pub fn encode_identity(&self, identity: &Identity) -> Option<Encoding> {
        if identity.parts.is_empty() {
            return None;
        }
        Some(self.encode_normalized(&identity.parts, identity.birth))
    }

    /// The encoding of an already normalised identity.
    pub fn encode_normalized(&self, parts: &[String], birth: BirthDate) -> Encoding {
        let mut filter = [0u64; FILTER_BITS / 64];
        for (token, k) in tokens(parts, birth) {
            self.set_token(&mut filter, &token, k);
        }
        self.balance(&filter)
    }

    /// Sets the `k` keyed positions of one token.
    fn set_token(&self, filter: &mut [u64; FILTER_BITS / 64], token: &str, k: usize) {
        let mut mac = self.hash.clone();
        mac.update(token.as_bytes());
        let digest = mac.finalize().into_bytes();
        // 16 positions of 9 bits each from the 32 bytes (512 = 2^9 divides 2^16 exactly).
        for pair in digest.chunks_exact(2).take(k) {
            let position = usize::from(u16::from_be_bytes([pair[0], pair[1]])) % FILTER_BITS;
            filter[position / 64] |= 1 << (position % 64);
        }
    }

    /// The filter followed by its complement, permuted.
    fn balance(&self, filter: &[u64; FILTER_BITS / 64]) -> Encoding {
        let mut words = [0u64; ENCODING_WORDS];
        for i in 0..ENCODING_BITS {
            let source = i % FILTER_BITS;
            let set = filter[source / 64] >> (source % 64) & 1 == 1;
            if set == (i < FILTER_BITS) {
                let to = usize::from(self.permutation[i]);
                words[to / 64] |= 1 << (to % 64);
            }
        }
        Encoding { words }
    }
}

/// The tokens of an identity, each with how many positions it sets: the known parts of the
/// birth date only.
fn tokens(parts: &[String], birth: BirthDate) -> Vec<(String, usize)> {
    let mut tokens = Vec::new();
    for part in parts {
        let padded: Vec<char> =
            std::iter::once('_').chain(part.chars()).chain(std::iter::once('_')).collect();
        for pair in padded.windows(2) {
            tokens.push((format!("b:{}{}", pair[0], pair[1]), K_BIGRAM));
        }
        tokens.push((format!("p:{}", phonetic(part)), K_PHONETIC));
    }
    match birth {
        BirthDate::Full(date) => {
            let (low, high) =
                if date.day <= date.month { (date.day, date.month) } else { (date.month, date.day) };
            tokens.push((format!("y:{}", date.year), K_YEAR));
            tokens.push((format!("m:{}", date.month), K_MONTH_DAY));
            tokens.push((format!("d:{}", date.day), K_MONTH_DAY));
            tokens.push((format!("dm:{low}-{high}"), K_DAY_MONTH_PAIR));
        }
        BirthDate::Year(year) => tokens.push((format!("y:{year}"), K_YEAR)),
        BirthDate::Unknown => {}
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

/// A phonetic code of a normalised name part, so that spellings of one sound agree: the
/// usual variants of transliteration and spelling are folded (`ph` → `f`, `w` → `v`, `y`/`j`
/// → `i`, `ck`/`c`/`q` → `k`, `kh` → `h`, `ts`/`tz`/`z` → `s`, `sch`/`sh`/`ch`/`cs` → `s`, `dzh`/`dj`
/// → `j`… ), vowels after the first letter dropped and doubled letters collapsed.
pub fn phonetic(part: &str) -> String {
    let mut folded = part.to_string();
    for (from, to) in [
        ("sch", "s"),
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("sh", "s"),
        ("ch", "s"),
        ("cs", "s"),
        ("ph", "f"),
        ("kh", "h"),
        ("ck", "k"),
        ("ts", "s"),
        ("tz", "s"),
        ("th", "t"),
        ("ou", "u"),
        ("w", "v"),
        ("q", "k"),
        ("c", "k"),
        ("z", "s"),
        ("x", "ks"),
        ("y", "i"),
    ] {
        folded = folded.replace(from, to);
    }
    let mut code = String::new();
    for (i, c) in folded.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'j' | 'h');
        if i > 0 && vowel {
            continue;
        }
        if code.ends_with(c) {
            continue;
        }
        code.push(c);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> Secret {
        Secret::from_key_file(text.as_bytes()).expect("a long enough secret")
    }

    fn encode(e: &Encoder, family: &str, given: &str, birth: &str) -> Encoding {
        e.encode([family, given], birth).expect("an identity")
    }

    #[test]
    fn balanced_and_round_trips_through_text() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let a = encode(&e, "Kovacs", "Maria Elena", "1990-04-03");
        assert_eq!(a.ones() as usize, FILTER_BITS);
        let text = a.to_text(e.check());
        assert_eq!(text.len(), ENCODING_TEXT_LEN);
        assert_eq!(Encoding::parse(&text), Ok((e.check(), a)));
        assert!(matches!(Encoding::parse(&text[..100]), Err(EncodingError::Malformed(100))));
        let unbalanced = format!("e1:{}:{}", e.check(), "0".repeat(256));
        assert_eq!(Encoding::parse(&unbalanced), Err(EncodingError::Unbalanced(0)));
    }

    #[test]
    fn variants_of_one_person_are_closer_than_other_people() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let base = encode(&e, "Kovacs", "Maria Elena", "1990-04-03");
        let same = encode(&e, "KOVÁCS", "maria-elena", "03/04/1990");
        assert_eq!(base.similarity(&same), 1.0, "the normalisation folds case, accents, format");
        let typo = encode(&e, "Kovasc", "Maria Elena", "1990-04-03");
        let swapped = encode(&e, "Kovacs", "Maria Elena", "1990-03-04");
        let missing = encode(&e, "Kovacs", "Maria", "1990-04-03");
        let phonetic = encode(&e, "Kowatsch", "Maria Elena", "1990-04-03");
        let other = encode(&e, "Petrov", "Ivan", "1985-11-21");
        let same_date = encode(&e, "Dimitrova", "Sofia", "1990-04-03");
        for (what, variant) in
            [("typo", typo), ("swap", swapped), ("missing", missing), ("phonetic", phonetic)]
        {
            let s = base.similarity(&variant);
            assert!(s > 0.8, "{what}: {s}");
            assert!(s > base.similarity(&same_date) + 0.1, "{what}: {s}");
        }
        assert!(base.similarity(&other) < 0.75, "{}", base.similarity(&other));
    }

    #[test]
    fn another_secret_gives_another_check_and_unrelated_bits() {
        let a = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let b = Encoder::new(&secret("fedcba9876543210-other-secret"));
        assert_ne!(a.check(), b.check());
        let x = encode(&a, "Kovacs", "Maria", "1990-04-03");
        let y = encode(&b, "Kovacs", "Maria", "1990-04-03");
        // Balanced random bits agree on about half their ones.
        assert!(x.similarity(&y) < 0.65, "{}", x.similarity(&y));
    }

    #[test]
    fn phonetic_codes_fold_spellings() {
        assert_eq!(phonetic("kowatsch"), phonetic("kovacs"));
        assert_eq!(phonetic("philippe"), phonetic("filip"));
        assert_eq!(phonetic("yuliya"), phonetic("iulia"));
        assert_ne!(phonetic("petrov"), phonetic("ivanov"));
    }
}

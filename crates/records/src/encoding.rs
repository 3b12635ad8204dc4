//! The similarity encoding: beside the exact person key, each record leaving an actor carries a
//! privacy-preserving encoding of the identity, so that the centre can link the same person
//! written with a typo, a swapped day and month, a missing given name or another
//! transliteration — without ever seeing a name or a birth date.
//!
//! The encoding (version 3) carries four parts, each made under its own key derived from the
//! actors' shared secret (a keyed per-field salt: no part's bits or tokens compare with
//! another's):
//! - the **identity filter**, a cryptographic long-term key in Schnell's family (a Bloom filter
//!   of the whole identity's q-grams, as `clkhash` makes), which the centre's blocking uses;
//! - the **names filter**: the same construction over the name parts only, with keyed noise
//!   (below), so that the decision rule weighs the names apart from the birth date;
//! - the **birth-date tokens**: keyed hashes of the year, the month, the day and the unordered
//!   pair (day, month), 32 bits each, so that a date error is recognised as such (one part
//!   differs; day and month swapped) instead of lowering one similarity.
//!
//! Version 1 (the identity filter alone) mixed names and date in one similarity: a changed name
//! part plus a date error fell to the level of different persons with similar names
//! (`crates/records/bench/README.md`). Version 2 had no given-names filter: a married name, the
//! commonest reason a true pair went unlinked (seven in ten of the pairs of complete identities
//! missed at 10⁵ synthetic registrations), could not be told from a stranger. The filters are
//! hardened:
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
//! 4. **Noise in the names and given-names filters.** The names filter of one name would be
//!    identical for every person of that name, so the centre could count names and match the
//!    counts to the published frequency of names. Each bit of these two filters is flipped with
//!    probability 1/64 by a stream keyed by the secret and seeded by the whole identity (names
//!    and birth date): two persons of one name get different filters (similarity about 0.97),
//!    while two registrations of one identity keep the same (they share the exact person key
//!    anyway). The noise hides no count from a centre that groups filters by similarity: the
//!    given-names filter, one name for most persons, is the part most open to such a frequency
//!    analysis. What it can give is the given name of the records of a common one — never a
//!    family name or a birth date, which no filter holds alone — and the threat model in
//!    ARCHITECTURE.md weighs that against counting a married woman twice.
//! 5. **Check value.** The first eight bytes of a keyed hash of a fixed label, under the same
//!    secret, travel with every encoding: the centre cannot learn the secret from it, but sees
//!    at once an encoding made under another secret (whose bits would compare as noise).
//!
//! Text form: `e3:` + 16 hex digits (check value) + `:` + 256 hex digits (the identity
//! filter's 1024 bits) + `:` + 256 hex digits (the names filter's) + `:` + 256 hex digits (the
//! given-names filter's, 256 dashes when there is none) + `:` + four tokens of 8 hex digits
//! (year, month, day, day–month pair), each `--------` when the date does not give it.
//! Similarity is the Dice coefficient of two filters' ones; for balanced filters it is the share
//! of the 512 ones two filters have in common.

use hmac::{Hmac, KeyInit, Mac};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
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
/// Birth-date tokens: year, month, day, the unordered (day, month) pair.
pub const BIRTH_TOKENS: usize = 4;
/// The text form's length: `e3:`, the check value, `:`, the three filters in hex, each followed
/// by `:`, the tokens.
pub const ENCODING_TEXT_LEN: usize = 3 + 16 + 1 + 3 * (ENCODING_BITS / 4 + 1) + BIRTH_TOKENS * 8;
/// The text form's prefix.
const VERSION_PREFIX: &str = "e3:";
/// The prefixes of earlier versions, which the linkage no longer reads.
const OLD_PREFIXES: [&str; 2] = ["e1:", "e2:"];
/// The given-names filter's place in the text form when there is none.
const NO_FILTER: &str = match std::str::from_utf8(&[b'-'; ENCODING_BITS / 4]) {
    Ok(dashes) => dashes,
    Err(_) => panic!("dashes are text"),
};
/// A token the date does not give, in the text form.
const NO_TOKEN: &str = "--------";
/// One bit in this many of the names filter is flipped by the keyed noise.
const NOISE_ONE_IN: u32 = 64;

/// How many bit positions each kind of token sets.
const K_BIGRAM: usize = 10;
const K_PHONETIC: usize = 8;
const K_YEAR: usize = 10;
const K_MONTH_DAY: usize = 6;
const K_DAY_MONTH_PAIR: usize = 8;
/// How many times as many positions a token of the given-names filter sets ([`given_tokens`]).
const GIVEN_DENSITY: usize = 3;

// The identity filter's labels are version 1's: its bits are made as they were.
const HASH_LABEL: &str = "rapporteur-encoding-v1-hash";
const PERMUTATION_LABEL: &str = "rapporteur-encoding-v1-permutation";
const CHECK_LABEL: &str = "rapporteur-encoding-v2-check";
const NAMES_HASH_LABEL: &str = "rapporteur-encoding-v2-names-hash";
const NAMES_PERMUTATION_LABEL: &str = "rapporteur-encoding-v2-names-permutation";
const NAMES_NOISE_LABEL: &str = "rapporteur-encoding-v2-names-noise";
const GIVEN_HASH_LABEL: &str = "rapporteur-encoding-v3-given-hash";
const GIVEN_PERMUTATION_LABEL: &str = "rapporteur-encoding-v3-given-permutation";
const BIRTH_LABELS: [&str; BIRTH_TOKENS] = [
    "rapporteur-encoding-v2-birth-year",
    "rapporteur-encoding-v2-birth-month",
    "rapporteur-encoding-v2-birth-day",
    "rapporteur-encoding-v2-birth-day-month",
];

/// A person's similarity encoding: the identity filter and the names filter (1024 bits each,
/// 512 of them set) and the birth-date tokens the identity gives.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encoding {
    /// The identity filter (names and birth date).
    pub words: [u64; ENCODING_WORDS],
    /// The names filter (names only, with keyed noise).
    pub names: [u64; ENCODING_WORDS],
    /// The given-names filter (the given-names field's parts only, with keyed noise); `None`
    /// when the identity has no given names apart.
    pub given: Option<[u64; ENCODING_WORDS]>,
    /// The keyed tokens of the birth year, month, day and unordered (day, month) pair; `None`
    /// where the identity does not give the part.
    pub birth: [Option<u32>; BIRTH_TOKENS],
}

/// How two birth dates compare, from their keyed tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateAgreement {
    /// Year, month and day agree.
    Same,
    /// The year agrees and the day and month are swapped.
    Swapped,
    /// Two of year, month and day agree.
    OnePartDiffers,
    /// Fewer agree.
    Differs,
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
    #[error("not a person encoding: expected e3:, 16 hexadecimal digits, a colon, 256 hexadecimal digits, a colon, 256 more, a colon, 256 more or 256 dashes, a colon and four birth-date tokens of 8 hexadecimal digits or dashes ({ENCODING_TEXT_LEN} characters, from rapporteur pseudonymize), found {0} characters")]
    Malformed(usize),
    #[error("a person encoding of an earlier version ({0}), which the linkage no longer reads: pseudonymise the file again with this version's rapporteur pseudonymize")]
    OldVersion(&'static str),
    #[error("not a balanced person encoding: a filter holds {0} ones where every filter holds {FILTER_BITS} (damaged in transit?)")]
    Unbalanced(u32),
}

impl Encoding {
    /// The number of ones of the identity filter.
    pub fn ones(&self) -> u32 {
        ones(&self.words)
    }

    /// The Dice coefficient of the two identity filters' ones, in [0, 1].
    pub fn similarity(&self, other: &Encoding) -> f64 {
        dice(&self.words, &other.words)
    }

    /// The Dice coefficient of the two names filters' ones, in [0, 1].
    pub fn name_similarity(&self, other: &Encoding) -> f64 {
        dice(&self.names, &other.names)
    }

    /// The Dice coefficient of the two given-names filters' ones; `None` when either identity
    /// has no given names apart.
    pub fn given_similarity(&self, other: &Encoding) -> Option<f64> {
        Some(dice(self.given.as_ref()?, other.given.as_ref()?))
    }

    /// How the two birth dates compare; `None` when either identity lacks the full date.
    pub fn date_agreement(&self, other: &Encoding) -> Option<DateAgreement> {
        let [year, month, day, pair] = std::array::from_fn(|i| match (self.birth[i], other.birth[i]) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        });
        let (year, month, day, pair) = (year?, month?, day?, pair?);
        Some(match usize::from(year) + usize::from(month) + usize::from(day) {
            3 => DateAgreement::Same,
            _ if year && pair && !day => DateAgreement::Swapped,
            2 => DateAgreement::OnePartDiffers,
            _ => DateAgreement::Differs,
        })
    }

    /// Whether the two birth dates are one: the same, or the day and month swapped (what the
    /// blocking's birth-date rules pair records by).
    pub fn same_birth_date(&self, other: &Encoding) -> bool {
        matches!(self.date_agreement(other), Some(DateAgreement::Same | DateAgreement::Swapped))
    }

    /// Whether bit `i` of the identity filter is set.
    pub fn bit(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// The text form, with the check value of the secret it was made under.
    pub fn to_text(&self, check: CheckValue) -> String {
        let hex_of = |words: &[u64; ENCODING_WORDS]| {
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
            hex::encode(bytes)
        };
        let tokens: String = self
            .birth
            .iter()
            .map(|t| t.map_or_else(|| NO_TOKEN.to_string(), |t| format!("{t:08x}")))
            .collect();
        let given = self.given.as_ref().map_or_else(|| NO_FILTER.to_string(), hex_of);
        format!("{VERSION_PREFIX}{check}:{}:{}:{given}:{tokens}", hex_of(&self.words), hex_of(&self.names))
    }

    /// The check value of the secret a text form (read by [`Encoding::parse`] already) was
    /// made under, without reading the rest.
    pub fn check_of(text: &str) -> Option<CheckValue> {
        let check = text.strip_prefix(VERSION_PREFIX)?.get(..16)?;
        let mut bytes = [0u8; 8];
        decode_hex(check.as_bytes(), &mut bytes, &HEX_DIGITS).then_some(CheckValue(bytes))
    }

    /// Reads the text form: the check value and the encoding.
    pub fn parse(text: &str) -> Result<(CheckValue, Encoding), EncodingError> {
        if let Some(old) = OLD_PREFIXES.into_iter().find(|p| text.starts_with(p)) {
            return Err(EncodingError::OldVersion(old));
        }
        let malformed = || EncodingError::Malformed(text.chars().count());
        let TextParts { check, words, names, given, tokens } = TextParts::of(text).ok_or_else(malformed)?;
        if !tokens.is_ascii() {
            return Err(malformed());
        }
        let mut check_bytes = [0u8; 8];
        if !decode_hex(check.as_bytes(), &mut check_bytes, &HEX_DIGITS) {
            return Err(malformed());
        }
        let words = filter_of_hex(words).ok_or_else(malformed)?;
        let names = filter_of_hex(names).ok_or_else(malformed)?;
        let given = match given {
            NO_FILTER => None,
            given => Some(filter_of_hex(given).ok_or_else(malformed)?),
        };
        let mut birth = [None; BIRTH_TOKENS];
        for (slot, i) in birth.iter_mut().zip(0..) {
            let token = &tokens[8 * i..8 * i + 8];
            if token != NO_TOKEN {
                *slot = Some(u32::from_str_radix(token, 16).map_err(|_| malformed())?);
            }
        }
        for filter in [Some(&words), Some(&names), given.as_ref()].into_iter().flatten() {
            if ones(filter) as usize != FILTER_BITS {
                return Err(EncodingError::Unbalanced(ones(filter)));
            }
        }
        Ok((CheckValue(check_bytes), Encoding { words, names, given, birth }))
    }
}

/// The five parts of a text form of this version, each of its length (their digits unchecked).
struct TextParts<'a> {
    check: &'a str,
    words: &'a str,
    names: &'a str,
    given: &'a str,
    tokens: &'a str,
}

impl<'a> TextParts<'a> {
    fn of(text: &'a str) -> Option<TextParts<'a>> {
        let mut parts = text.strip_prefix(VERSION_PREFIX)?.split(':');
        let (Some(check), Some(words), Some(names), Some(given), Some(tokens), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let filter_hex = ENCODING_BITS / 4;
        let lengths = check.len() == 16
            && [words, names, given].iter().all(|f| f.len() == filter_hex)
            && tokens.len() == BIRTH_TOKENS * 8;
        lengths.then_some(TextParts { check, words, names, given, tokens })
    }
}

/// The bit of the compact form's first byte saying that the given-names filter is present (the
/// bits below it say which birth tokens are).
const GIVEN_PRESENT: u8 = 1 << BIRTH_TOKENS;

/// The filters a compact form whose first byte is `present` holds.
fn filters_in(present: u8) -> usize {
    if present & GIVEN_PRESENT != 0 {
        3
    } else {
        2
    }
}

/// Appends the bytes of an encoding's text form, as the compact stored form keeps it: a byte
/// saying which birth tokens and whether the given-names filter are present, the check value,
/// the filters and the present tokens — 265 to 409 bytes for 823 characters. False (nothing
/// appended) for a text that is not a text form in lower case, which the stored form then keeps
/// as text.
pub fn text_to_bytes(text: &str, out: &mut Vec<u8>) -> bool {
    let Some(TextParts { check, words, names, given, tokens }) = TextParts::of(text) else { return false };
    let start = out.len();
    out.push(0);
    let mut present = 0u8;
    let given = (given != NO_FILTER).then_some(given);
    if given.is_some() {
        present |= GIVEN_PRESENT;
    }
    for part in [Some(check), Some(words), Some(names), given].into_iter().flatten() {
        if !extend_lower_hex(out, part) {
            out.truncate(start);
            return false;
        }
    }
    for i in 0..BIRTH_TOKENS {
        let token = &tokens[8 * i..8 * i + 8];
        if token == NO_TOKEN {
            continue;
        }
        if !extend_lower_hex(out, token) {
            out.truncate(start);
            return false;
        }
        present |= 1 << i;
    }
    out[start] = present;
    true
}

/// The value of each byte as a hexadecimal digit, [`NOT_HEX`] where it is none: a table
/// instead of the `hex` crate's per-digit matching, since an import reads two filters of 256
/// digits per record twice (when the value is read, when it is stored).
const fn hex_digits(upper_too: bool) -> [u8; 256] {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        if upper_too {
            table[b'A' as usize + i] = 10 + i as u8;
        }
        i += 1;
    }
    table
}
const NOT_HEX: u8 = 0xff;
const HEX_DIGITS: [u8; 256] = hex_digits(true);
const LOWER_HEX_DIGITS: [u8; 256] = hex_digits(false);

/// Decodes `text` (two digits a byte, of `digits`' table) into `out`, which it must fill
/// exactly; false when a character is no digit.
fn decode_hex(text: &[u8], out: &mut [u8], digits: &[u8; 256]) -> bool {
    if text.len() != 2 * out.len() {
        return false;
    }
    let mut seen = 0u8;
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let (high, low) = (digits[pair[0] as usize], digits[pair[1] as usize]);
        seen |= high | low;
        *byte = high << 4 | low;
    }
    // A digit is below 16; NOT_HEX is not.
    seen < 16
}

/// Appends the bytes of lower-case hexadecimal `text`; false (and `out` as it was) if it is not.
fn extend_lower_hex(out: &mut Vec<u8>, text: &str) -> bool {
    let start = out.len();
    out.resize(start + text.len() / 2, 0);
    let ok =
        text.len().is_multiple_of(2) && decode_hex(text.as_bytes(), &mut out[start..], &LOWER_HEX_DIGITS);
    if !ok {
        out.truncate(start);
    }
    ok
}

/// Passes over the bytes [`text_to_bytes`] wrote at the front of `bytes`; `None` when they end
/// too soon or name tokens that cannot be.
pub fn skip_bytes(bytes: &mut &[u8]) -> Option<()> {
    let (&present, rest) = bytes.split_first()?;
    *bytes = rest.get(compact_len(present)?..)?;
    Some(())
}

/// The length of the compact form after its first byte `present`; `None` when that byte names
/// parts that cannot be.
fn compact_len(present: u8) -> Option<usize> {
    if present >> (BIRTH_TOKENS + 1) != 0 {
        return None;
    }
    Some(
        8 + filters_in(present) * (ENCODING_BITS / 8)
            + 4 * (present & (GIVEN_PRESENT - 1)).count_ones() as usize,
    )
}

/// The text form of bytes [`text_to_bytes`] wrote, read from the front of `bytes` (which then
/// starts after them); `None` when they end too soon or name tokens that cannot be.
pub fn text_of_bytes(bytes: &mut &[u8]) -> Option<String> {
    let (&present, rest) = bytes.split_first()?;
    let len = compact_len(present)?;
    let fixed = 8 + filters_in(present) * (ENCODING_BITS / 8);
    let body = rest.get(..len)?;
    *bytes = &rest[len..];
    let (check, filters) = body.split_at(8);
    let mut filters = filters[..fixed - 8].chunks_exact(ENCODING_BITS / 8);
    let (words, names) = (filters.next()?, filters.next()?);
    let given = filters.next().map_or_else(|| NO_FILTER.to_string(), hex::encode);
    let mut tokens = String::with_capacity(BIRTH_TOKENS * 8);
    let mut present_tokens = body[fixed..].chunks_exact(4);
    for i in 0..BIRTH_TOKENS {
        match present & (1 << i) {
            0 => tokens.push_str(NO_TOKEN),
            _ => tokens.push_str(&hex::encode(present_tokens.next()?)),
        }
    }
    Some(format!(
        "{VERSION_PREFIX}{}:{}:{}:{given}:{tokens}",
        hex::encode(check),
        hex::encode(words),
        hex::encode(names)
    ))
}

/// The ones of a filter.
fn ones(words: &[u64; ENCODING_WORDS]) -> u32 {
    words.iter().map(|w| w.count_ones()).sum()
}

/// The Dice coefficient of two filters' ones.
fn dice(a: &[u64; ENCODING_WORDS], b: &[u64; ENCODING_WORDS]) -> f64 {
    let common: u32 = a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum();
    let total = ones(a) + ones(b);
    if total == 0 {
        0.0
    } else {
        2.0 * f64::from(common) / f64::from(total)
    }
}

/// A filter from its 256 hexadecimal digits.
fn filter_of_hex(text: &str) -> Option<[u64; ENCODING_WORDS]> {
    if text.len() != ENCODING_BITS / 4 {
        return None;
    }
    let mut bytes = [0u8; ENCODING_BITS / 8];
    if !decode_hex(text.as_bytes(), &mut bytes, &HEX_DIGITS) {
        return None;
    }
    let mut words = [0u64; ENCODING_WORDS];
    for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
        *w = u64::from_be_bytes(chunk.try_into().ok()?);
    }
    Some(words)
}

/// One keyed, balanced Bloom filter: the keyed hash of its tokens and its secret permutation.
struct Filter {
    hash: Hmac<Sha256>,
    /// Where each of the 1024 bits (filter, then complement) goes.
    permutation: Vec<u16>,
}

impl Filter {
    fn new(secret: &Secret, hash_label: &str, permutation_label: &str) -> Filter {
        let hash = hmac_of(&keyed(secret, hash_label));
        let mut permutation: Vec<u16> = (0..ENCODING_BITS as u16).collect();
        permutation.shuffle(&mut ChaCha8Rng::from_seed(keyed(secret, permutation_label)));
        Filter { hash, permutation }
    }

    /// The filter of the tokens (each with its number of positions), bits flipped by `noise`.
    fn of(&self, tokens: &[(String, usize)], noise: Option<&mut ChaCha8Rng>) -> [u64; ENCODING_WORDS] {
        let mut filter = [0u64; FILTER_BITS / 64];
        for (token, k) in tokens {
            self.set_token(&mut filter, token, *k);
        }
        if let Some(rng) = noise {
            for position in 0..FILTER_BITS {
                if rng.random_range(0..NOISE_ONE_IN) == 0 {
                    filter[position / 64] ^= 1 << (position % 64);
                }
            }
        }
        self.balance(&filter)
    }

    /// Sets the `k` keyed positions of one token.
    fn set_token(&self, filter: &mut [u64; FILTER_BITS / 64], token: &str, k: usize) {
        // 16 positions of 9 bits each from the 32 bytes of a digest (512 = 2^9 divides 2^16
        // exactly); past 16, the next digest is of the token and the round's number.
        for round in 0..k.div_ceil(16) {
            let mut mac = self.hash.clone();
            mac.update(token.as_bytes());
            if round > 0 {
                mac.update(&[round as u8]);
            }
            let digest = mac.finalize().into_bytes();
            for pair in digest.chunks_exact(2).take(k - 16 * round) {
                let position = usize::from(u16::from_be_bytes([pair[0], pair[1]])) % FILTER_BITS;
                filter[position / 64] |= 1 << (position % 64);
            }
        }
    }

    /// The filter followed by its complement, permuted.
    fn balance(&self, filter: &[u64; FILTER_BITS / 64]) -> [u64; ENCODING_WORDS] {
        let mut words = [0u64; ENCODING_WORDS];
        for i in 0..ENCODING_BITS {
            let source = i % FILTER_BITS;
            let set = filter[source / 64] >> (source % 64) & 1 == 1;
            if set == (i < FILTER_BITS) {
                let to = usize::from(self.permutation[i]);
                words[to / 64] |= 1 << (to % 64);
            }
        }
        words
    }
}

/// Makes encodings under one secret: the keyed hashes and the permutations, derived once.
pub struct Encoder {
    identity: Filter,
    names: Filter,
    given: Filter,
    noise: Hmac<Sha256>,
    /// The keyed hash of each birth-date token (year, month, day, pair).
    birth: [Hmac<Sha256>; BIRTH_TOKENS],
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

/// HMAC-SHA-256 under a derived key.
fn hmac_of(key: &[u8; 32]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

impl Encoder {
    pub fn new(secret: &Secret) -> Encoder {
        let full = keyed(secret, CHECK_LABEL);
        let mut check = [0u8; 8];
        check.copy_from_slice(&full[..8]);
        Encoder {
            identity: Filter::new(secret, HASH_LABEL, PERMUTATION_LABEL),
            names: Filter::new(secret, NAMES_HASH_LABEL, NAMES_PERMUTATION_LABEL),
            given: Filter::new(secret, GIVEN_HASH_LABEL, GIVEN_PERMUTATION_LABEL),
            noise: hmac_of(&keyed(secret, NAMES_NOISE_LABEL)),
            birth: BIRTH_LABELS.map(|label| hmac_of(&keyed(secret, label))),
            check: CheckValue(check),
        }
    }

    /// The check value of this encoder's secret.
    pub fn check(&self) -> CheckValue {
        self.check
    }

    /// The encoding of a person with this family name, these given names and this birth date
    /// (any accepted format, as for the key).
    pub fn encode(&self, family: &str, given: &str, birth_date: &str) -> Result<Encoding, PseudonymError> {
        let parts = normalize_name_parts([family, given]);
        if parts.is_empty() {
            return Err(PseudonymError::NoName);
        }
        let date = normalize_birth_date(birth_date)?;
        Ok(self.encode_normalized(&parts, &normalize_name_parts([given]), BirthDate::Full(date)))
    }

    /// The encoding of an identity read under the catalog's policy: its known parts only (no
    /// date tokens for an unknown birth date, the year's alone for a year). `None` when it has
    /// no name: a birth date alone identifies nobody.
    pub fn encode_identity(&self, identity: &Identity) -> Option<Encoding> {
        if identity.parts.is_empty() {
            return None;
        }
        Some(self.encode_normalized(&identity.parts, &identity.given, identity.birth))
    }

    /// The encoding of an already normalised identity: all its name parts, those of them that
    /// are given names (none when the source does not tell them apart), its birth date.
    pub fn encode_normalized(&self, parts: &[String], given: &[String], birth: BirthDate) -> Encoding {
        let names = name_tokens(parts);
        let mut all = names.clone();
        all.extend(date_tokens(birth));
        all.sort();
        all.dedup();
        // The noise's stream: keyed, seeded by the whole identity.
        let mut mac = self.noise.clone();
        for (token, _) in &all {
            mac.update(token.as_bytes());
            mac.update(&[0]);
        }
        let mut noise = ChaCha8Rng::from_seed(mac.finalize().into_bytes().into());
        let names = self.names.of(&names, Some(&mut noise));
        Encoding {
            words: self.identity.of(&all, None),
            names,
            given: (!given.is_empty()).then(|| self.given.of(&given_tokens(given), Some(&mut noise))),
            birth: self.birth_tokens(birth),
        }
    }

    /// The keyed tokens of the parts of the birth date that are known.
    fn birth_tokens(&self, birth: BirthDate) -> [Option<u32>; BIRTH_TOKENS] {
        let values: [Option<String>; BIRTH_TOKENS] = match birth {
            BirthDate::Full(date) => {
                let (low, high) = day_month_pair(date.day, date.month);
                [
                    Some(date.year.to_string()),
                    Some(date.month.to_string()),
                    Some(date.day.to_string()),
                    Some(format!("{low}-{high}")),
                ]
            }
            BirthDate::Year(year) => [Some(year.to_string()), None, None, None],
            BirthDate::Unknown => [None, None, None, None],
        };
        std::array::from_fn(|i| {
            values[i].as_ref().map(|value| {
                let mut mac = self.birth[i].clone();
                mac.update(value.as_bytes());
                let digest = mac.finalize().into_bytes();
                u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
            })
        })
    }
}

/// The day and month in ascending order: a swapped date gives the same pair.
fn day_month_pair(day: u8, month: u8) -> (u8, u8) {
    if day <= month {
        (day, month)
    } else {
        (month, day)
    }
}

/// The tokens of the name parts (padded bigrams and a phonetic code per part), each with how
/// many positions it sets, sorted.
fn name_tokens(parts: &[String]) -> Vec<(String, usize)> {
    let mut tokens = Vec::new();
    for part in parts {
        let padded: Vec<char> =
            std::iter::once('_').chain(part.chars()).chain(std::iter::once('_')).collect();
        for pair in padded.windows(2) {
            tokens.push((format!("b:{}{}", pair[0], pair[1]), K_BIGRAM));
        }
        tokens.push((format!("p:{}", phonetic(part)), K_PHONETIC));
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

/// The tokens of the given names: those of [`name_tokens`], each setting [`GIVEN_DENSITY`] times
/// as many positions. A filter of one short name would otherwise hold few ones, and on a
/// balanced filter two unrelated sparse filters share most of their complements: unrelated
/// given names would compare at about 0.8, one slip at 0.93. Denser, unrelated given names compare
/// at about 0.6, one slip at 0.76–0.94 (most about 0.85), the same names at about 0.97.
fn given_tokens(parts: &[String]) -> Vec<(String, usize)> {
    name_tokens(parts).into_iter().map(|(token, k)| (token, GIVEN_DENSITY * k)).collect()
}

/// The tokens of the known parts of the birth date, each with how many positions it sets.
fn date_tokens(birth: BirthDate) -> Vec<(String, usize)> {
    match birth {
        BirthDate::Full(date) => {
            let (low, high) = day_month_pair(date.day, date.month);
            vec![
                (format!("y:{}", date.year), K_YEAR),
                (format!("m:{}", date.month), K_MONTH_DAY),
                (format!("d:{}", date.day), K_MONTH_DAY),
                (format!("dm:{low}-{high}"), K_DAY_MONTH_PAIR),
            ]
        }
        BirthDate::Year(year) => vec![(format!("y:{year}"), K_YEAR)],
        BirthDate::Unknown => Vec::new(),
    }
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
        e.encode(family, given, birth).expect("an identity")
    }

    #[test]
    fn hexadecimal_digits_by_table() {
        let mut out = [0u8; 3];
        assert!(decode_hex(b"00fF9a", &mut out, &HEX_DIGITS));
        assert_eq!(out, [0x00, 0xff, 0x9a]);
        assert!(!decode_hex(b"00fF9a", &mut out, &LOWER_HEX_DIGITS), "upper case is not the text form");
        for bad in [b"00fg9a".as_slice(), b"0 ff9a", b"00ff9", b"00ff9a00"] {
            assert!(!decode_hex(bad, &mut out, &HEX_DIGITS), "{bad:?}");
        }
        let mut bytes = vec![7];
        assert!(!extend_lower_hex(&mut bytes, "abc") && bytes == [7]);
        assert!(extend_lower_hex(&mut bytes, "abcd") && bytes == [7, 0xab, 0xcd]);
    }

    /// The text of an encoding whose birth date is a year alone (three tokens absent).
    fn year_only_text(e: &Encoder) -> String {
        let identity = Identity {
            parts: vec!["kovacs".into(), "maria".into()],
            given: vec!["maria".into()],
            birth: BirthDate::Year(1990),
        };
        e.encode_identity(&identity).expect("a name").to_text(e.check())
    }

    #[test]
    fn balanced_and_round_trips_through_text() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let a = encode(&e, "Kovacs", "Maria Elena", "1990-04-03");
        assert_eq!(a.ones() as usize, FILTER_BITS);
        let text = a.to_text(e.check());
        assert_eq!(text.len(), ENCODING_TEXT_LEN);
        assert_eq!(Encoding::parse(&text), Ok((e.check(), a)));
        assert_eq!(Encoding::check_of(&text), Some(e.check()));
        // A source with one whole-name column: no given-names filter, and a shorter stored form.
        let whole = e
            .encode_normalized(&["kovacs".into(), "maria".into()], &[], BirthDate::Unknown)
            .to_text(e.check());
        assert_eq!(whole.len(), ENCODING_TEXT_LEN);
        assert_eq!(Encoding::parse(&whole).map(|(_, e)| e.given), Ok(None));
        for text in [&text, &year_only_text(&e), &whole] {
            let mut bytes = vec![42];
            assert!(text_to_bytes(text, &mut bytes));
            assert!(bytes.len() < text.len() / 2 + 2, "{} bytes", bytes.len());
            let mut read = &bytes[1..];
            assert_eq!(text_of_bytes(&mut read).as_deref(), Some(text.as_str()));
            assert!(read.is_empty());
            let mut skipped = &bytes[1..];
            assert_eq!(skip_bytes(&mut skipped), Some(()));
            assert!(skipped.is_empty());
            assert_eq!(text_of_bytes(&mut &bytes[1..bytes.len() - 1]), None, "cut short");
        }
        let mut bytes = Vec::new();
        assert!(!text_to_bytes(&text.to_uppercase(), &mut bytes) && bytes.is_empty());
        let other = Encoder::new(&secret("another-secret-of-enough-length"));
        assert_eq!(
            Encoding::check_of(&encode(&other, "Kovacs", "Maria", "1990-04-03").to_text(other.check())),
            Some(other.check())
        );
        assert_ne!(other.check(), e.check());
        assert!(matches!(Encoding::parse(&text[..100]), Err(EncodingError::Malformed(100))));
        let (head, tokens) = text.split_at(text.len() - BIRTH_TOKENS * 8);
        let unbalanced = format!("e3:{}:{}:{}:{tokens}", e.check(), "0".repeat(256), &head[277..790]);
        assert_eq!(Encoding::parse(&unbalanced), Err(EncodingError::Unbalanced(0)));
        let old = format!("e1:{}:{}", e.check(), &head[20..276]);
        assert_eq!(Encoding::parse(&old), Err(EncodingError::OldVersion("e1:")));
        let old = format!("e2:{}:{}:{}:{tokens}", e.check(), &head[20..276], &head[277..533]);
        assert_eq!(Encoding::parse(&old), Err(EncodingError::OldVersion("e2:")));
        // A year alone gives the year's token only; the text keeps its length.
        let identity = Identity {
            parts: vec!["kovacs".into(), "maria".into()],
            given: vec!["maria".into()],
            birth: BirthDate::Year(1990),
        };
        let year_only = e.encode_identity(&identity).expect("a name");
        assert_eq!(year_only.birth.iter().filter(|t| t.is_some()).count(), 1);
        let text = year_only.to_text(e.check());
        assert_eq!(text.len(), ENCODING_TEXT_LEN);
        assert_eq!(Encoding::parse(&text), Ok((e.check(), year_only)));
        assert_eq!(year_only.date_agreement(&a), None, "no full date, no date comparison");
    }

    #[test]
    fn the_given_names_filter_tells_a_married_name_from_a_stranger() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let base = encode(&e, "Kovacs", "Maria", "1990-04-03");
        let given = |other: &Encoding| base.given_similarity(other).expect("both have given names");
        // Another family name (a marriage): the given names still agree, through the noise.
        let married = encode(&e, "Vandermeulen", "Maria", "1990-04-03");
        assert!(given(&married) > 0.93, "{}", given(&married));
        assert!(base.name_similarity(&married) < 0.85, "{}", base.name_similarity(&married));
        // One slip in the given name (most reach the level, a transposition in a short name does
        // not), and unrelated given names.
        let slip = |g: &str| given(&encode(&e, "Vandermeulen", g, "1990-04-03"));
        assert!((0.84..0.93).contains(&slip("Marja")), "{}", slip("Marja"));
        assert!((0.84..0.93).contains(&slip("Mari")), "{}", slip("Mari"));
        assert!(slip("Mraia") < 0.84, "{}", slip("Mraia"));
        for other in ["Quintilla", "Oksana", "Beatrijs"] {
            let stranger = encode(&e, "Kovacs", other, "1990-04-03");
            assert!(given(&stranger) < 0.75, "{other}: {}", given(&stranger));
        }
        // A source that writes the whole name in one field has no given-names filter.
        let whole = e.encode_normalized(&["kovacs".into(), "maria".into()], &[], BirthDate::Unknown);
        assert_eq!(whole.given, None);
        assert_eq!(base.given_similarity(&whole), None);
    }

    #[test]
    fn the_date_tokens_tell_a_date_error_from_another_date() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let date = |d: &str| encode(&e, "Kovacs", "Maria", d);
        let base = date("1990-04-03");
        assert_eq!(base.date_agreement(&date("1990-04-03")), Some(DateAgreement::Same));
        assert_eq!(base.date_agreement(&date("1990-03-04")), Some(DateAgreement::Swapped));
        assert_eq!(base.date_agreement(&date("1990-04-17")), Some(DateAgreement::OnePartDiffers));
        assert_eq!(base.date_agreement(&date("1991-04-03")), Some(DateAgreement::OnePartDiffers));
        assert_eq!(base.date_agreement(&date("1985-11-21")), Some(DateAgreement::Differs));
        // The names filter does not see the date; the identity filter does.
        let other_date = date("1985-11-21");
        assert!(base.name_similarity(&other_date) > 0.93, "{}", base.name_similarity(&other_date));
        assert!(
            base.similarity(&other_date) < base.name_similarity(&other_date) - 0.03,
            "{} {}",
            base.similarity(&other_date),
            base.name_similarity(&other_date)
        );
    }

    #[test]
    fn namesakes_get_different_names_filters_and_one_identity_the_same() {
        let e = Encoder::new(&secret("0123456789abcdef-test-secret"));
        let a = encode(&e, "Kovacs", "Maria", "1990-04-03");
        let again = encode(&e, "KOVÁCS", "maria", "03/04/1990");
        let namesake = encode(&e, "Kovacs", "Maria", "1972-10-28");
        assert_eq!(a.names, again.names);
        assert_ne!(a.names, namesake.names, "the keyed noise differs with the identity");
        // The noise flips about 8 of 512 bits in each: namesakes stay far closer than others.
        let other = encode(&e, "Petrova", "Irina", "1990-04-03");
        assert!(a.name_similarity(&namesake) > 0.93, "{}", a.name_similarity(&namesake));
        assert!(a.name_similarity(&other) < 0.8, "{}", a.name_similarity(&other));
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
        assert!(x.name_similarity(&y) < 0.65, "{}", x.name_similarity(&y));
        assert_eq!(x.date_agreement(&y), Some(DateAgreement::Differs), "no token agrees");
    }

    #[test]
    fn phonetic_codes_fold_spellings() {
        assert_eq!(phonetic("kowatsch"), phonetic("kovacs"));
        assert_eq!(phonetic("philippe"), phonetic("filip"));
        assert_eq!(phonetic("yuliya"), phonetic("iulia"));
        assert_ne!(phonetic("petrov"), phonetic("ivanov"));
    }
}

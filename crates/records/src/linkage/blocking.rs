//! Blocking: which pairs of records are compared at all.
//!
//! 1. **Identical encodings** are grouped first (the records arrive in canonical order, sorted by
//!    encoding, so a group is a run). The records of a group are candidates of each other with
//!    similarity 1; a group of more than [`MAX_GROUP`] records is chained to its first record
//!    instead of paired all with all (the same partition, far fewer pairs).
//! 2. **Distinct encodings** are compared all against all up to
//!    [`LinkOptions::exhaustive_up_to`] of them (at the default, 2·10^6 similarities: a fraction
//!    of a second, and no true pair lost).
//! 3. Beyond that, a **Hamming LSH** (bit sampling) proposes the pairs. For balanced encodings
//!    (512 ones of 1024) the share of the 1024 positions on which two encodings agree equals
//!    their Dice similarity `s` exactly: `2·common/1024`. A band is `r` positions drawn without
//!    replacement with a fixed seed; two encodings collide in a band with probability about
//!    `s^r`, and are proposed when they collide in any of `b` bands: `1 − (1 − s^r)^b`.
//!    With the defaults `b` = [`DEFAULT_BANDS`] = 800 and `r` = [`DEFAULT_BAND_BITS`] = 24:
//!
//!    | similarity s                   | s^r        | proposed: 1 − (1 − s^r)^b |
//!    | ------------------------------ | ---------- | ------------------------- |
//!    | 0.95 (one small fault)         | 0.29       | 1                         |
//!    | 0.88                           | 0.047      | 1                         |
//!    | 0.85                           | 0.020      | 1 − 10^-7                 |
//!    | 0.80                           | 0.0047     | 0.977                     |
//!    | 0.75 (two faults)              | 0.0010     | 0.55                      |
//!    | 0.72 (the candidate floor)     | 0.00038    | 0.26                      |
//!    | 0.65 (unrelated, upper tail)   | 3.2·10^-5  | 0.026                     |
//!    | 0.56 (unrelated, mean)         | 1.0·10^-6  | 0.0008                    |
//!
//!    Measured on synthetic identities (the crate's `linkage_scale` example): unrelated pairs
//!    have a mean similarity of 0.563 (99.9 % below 0.68), and the mean of `s^24` over them is
//!    3.0·10^-6; 95 % of the pairs of one person's records are above 0.88 and 98.6 % above 0.80.
//!    So pairs with one fault are all proposed, pairs with two faults about half the time —
//!    and those rarely link anyway, since unrelated pairs with the same birth date reach the
//!    same similarity. The cost is the number of proposals, `b · Σ_pairs s^r`: for 10^6
//!    records (6.5·10^5 distinct encodings, 2·10^11 pairs) about 5·10^8 comparisons. No bit
//!    sampling can separate 0.75 from 0.65–0.70 much more cheaply: ln 0.75 / ln 0.68 ≈ 0.75, so
//!    each halving of the unrelated proposals costs nearly as much again in bands.
//!
//!    Each proposed pair is first compared on a **sketch** (the encoding's first 256 bits, which
//!    no band uses, kept in a dense array): a pair at the floor agrees on about `256·s` of them
//!    (standard deviation `√(256·s(1−s))` ≈ 7.2); a pair more than three deviations short of
//!    the floor's agreement (163 of 256) is dropped. That keeps 99.9 % of pairs at the floor and
//!    all above 0.75, and drops 99 % of unrelated pairs of mean similarity (fewer of the more
//!    similar ones the bands propose), each for a quarter of the cost of the
//!    whole comparison. A pair is then compared whole only in the first band it collides in
//!    (the earlier bands' signatures are checked), so pairs of one person, which collide in
//!    many bands, are compared once.
//! 4. **Buckets are capped**: a bucket (records sharing a band's signature) of more than
//!    [`LinkOptions::max_bucket`] records is not compared all with all; its records are ordered
//!    by the signature of the next band (then by encoding) and each is compared with the next
//!    `max_bucket − 1` in that order (a sorted neighbourhood), so one huge bucket costs linear,
//!    not quadratic, time.
//! 5. Only pairs reaching the candidate floor are stored, each once, so memory holds the
//!    candidates, not the proposals.
//!
//! Pairs of distinct encodings are then expanded to the records of the two groups: all pairs
//! when the two groups have at most `MAX_GROUP²` pairs, otherwise the pairs of each group's
//! first record with the other group.

use rand::seq::index::sample;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{LinkOptions, LinkRecord};
use crate::encoding::{Encoding, ENCODING_BITS, ENCODING_WORDS};

/// The default number of LSH bands.
pub const DEFAULT_BANDS: usize = 800;
/// The default number of bit positions per band.
pub const DEFAULT_BAND_BITS: usize = 24;
/// The default bucket cap.
pub const DEFAULT_MAX_BUCKET: usize = 200;
/// The default number of distinct encodings up to which all pairs are compared.
pub const DEFAULT_EXHAUSTIVE_UP_TO: usize = 2_000;
/// The largest group of identical encodings paired all with all.
pub const MAX_GROUP: usize = 64;
/// Bands proposed in parallel at a time.
const BANDS_PER_ROUND: usize = 8;
/// Words of the encoding in the sketch compared before the whole (and used by no band).
const SKETCH_WORDS: usize = 4;
/// How many standard deviations below the floor's expected agreement the sketch may fall.
const SKETCH_SIGMAS: f64 = 3.0;

/// What one band gives: the pairs reaching the floor, the comparisons made, the oversized
/// buckets met.
type BandResult = (Vec<(u32, u32, f32)>, u64, u64);

/// What every band reads.
struct Shared<'a> {
    encodings: &'a [Encoding],
    ones: &'a [u32],
    sketches: &'a Sketches,
    columns: &'a [Vec<u64>],
    cap: usize,
    floor: f32,
}

/// A candidate pair (canonical record indexes, `a < b`) and its similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The first record.
    pub a: u32,
    /// The second record.
    pub b: u32,
    /// The Dice similarity of their encodings.
    pub similarity: f32,
}

/// What the blocking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BlockingStats {
    /// Records given.
    pub records: u64,
    /// Distinct encodings among them.
    pub distinct_encodings: u64,
    /// Whether all pairs of distinct encodings were compared (no LSH).
    pub exhaustive: bool,
    /// LSH bands used (0 when exhaustive).
    pub bands: u64,
    /// Bit positions per band.
    pub band_bits: u64,
    /// Similarities computed between distinct encodings (repeats across bands included).
    pub comparisons: u64,
    /// Distinct pairs of distinct encodings reaching the candidate floor.
    pub encoding_pairs: u64,
    /// Buckets over the cap, compared in a sliding window.
    pub oversized_buckets: u64,
    /// Candidate pairs of records (after expansion to the groups of identical encodings).
    pub candidate_pairs: u64,
}

/// The candidate pairs of the records (in canonical order: identical encodings adjacent),
/// sorted by `(a, b)`, and what the blocking did.
pub fn candidates(
    records: &[LinkRecord],
    options: &LinkOptions,
    floor: f32,
) -> (Vec<Candidate>, BlockingStats) {
    // Groups of identical encodings: runs of the canonical order.
    let mut starts: Vec<u32> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if i == 0 || records[i - 1].encoding != r.encoding {
            starts.push(i as u32);
        }
    }
    let group_end = |g: usize| starts.get(g + 1).map_or(records.len() as u32, |&s| s);
    let encodings: Vec<Encoding> = starts.iter().map(|&s| records[s as usize].encoding).collect();
    let mut stats = BlockingStats {
        records: records.len() as u64,
        distinct_encodings: encodings.len() as u64,
        ..Default::default()
    };

    let pairs = if encodings.len() <= options.exhaustive_up_to {
        stats.exhaustive = true;
        exhaustive(&encodings, floor, &mut stats)
    } else {
        lsh(&encodings, options, floor, &mut stats)
    };
    stats.encoding_pairs = pairs.len() as u64;

    let mut out: Vec<Candidate> = Vec::new();
    for (g, &start) in starts.iter().enumerate() {
        let end = group_end(g);
        let size = (end - start) as usize;
        for i in start..end {
            let partners = if size <= MAX_GROUP || i == start { i + 1..end } else { 0..0 };
            out.extend(partners.map(|j| Candidate { a: i, b: j, similarity: 1.0 }));
        }
    }
    for &(u, v, similarity) in &pairs {
        let (su, eu) = (starts[u as usize], group_end(u as usize));
        let (sv, ev) = (starts[v as usize], group_end(v as usize));
        if u64::from(eu - su) * u64::from(ev - sv) <= (MAX_GROUP * MAX_GROUP) as u64 {
            for i in su..eu {
                out.extend((sv..ev).map(|j| Candidate { a: i, b: j, similarity }));
            }
        } else {
            out.extend((sv..ev).map(|j| Candidate { a: su, b: j, similarity }));
            out.extend((su + 1..eu).map(|i| Candidate { a: i, b: sv, similarity }));
        }
    }
    // Group u precedes group v (u < v), so a < b already; sort by (a, b).
    out.par_sort_unstable_by_key(|c| (c.a, c.b));
    stats.candidate_pairs = out.len() as u64;
    (out, stats)
}

/// The Dice similarity, from the precomputed counts of ones.
#[inline]
fn dice(a: &Encoding, b: &Encoding, ones_a: u32, ones_b: u32) -> f32 {
    let common: u32 = a.words.iter().zip(&b.words).map(|(x, y)| (x & y).count_ones()).sum();
    let total = ones_a + ones_b;
    if total == 0 {
        0.0
    } else {
        2.0 * common as f32 / total as f32
    }
}

/// All pairs of distinct encodings reaching the floor.
fn exhaustive(encodings: &[Encoding], floor: f32, stats: &mut BlockingStats) -> Vec<(u32, u32, f32)> {
    let ones: Vec<u32> = encodings.iter().map(Encoding::ones).collect();
    let m = encodings.len();
    stats.comparisons = (m as u64) * (m as u64).saturating_sub(1) / 2;
    (0..m)
        .into_par_iter()
        .flat_map_iter(|u| {
            let (eu, ou) = (&encodings[u], ones[u]);
            let ones = &ones;
            (u + 1..m).filter_map(move |v| {
                let s = dice(eu, &encodings[v], ou, ones[v]);
                (s >= floor).then_some((u as u32, v as u32, s))
            })
        })
        .collect()
}

/// A band: `band_bits` bit positions of one word of the encoding (positions 256..1024). The
/// encoder's secret permutation scatters every token's bits uniformly, so the positions of one
/// word are as random a sample of the identity's bits as any, and a band's signature is one AND.
#[derive(Debug, Clone, Copy)]
struct Band {
    word: usize,
    mask: u64,
}

/// The bands: fixed by the seed.
fn bands(count: usize, bits: usize, seed: u64) -> Vec<Band> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let word = SKETCH_WORDS + rng.random_range(0..ENCODING_WORDS - SKETCH_WORDS);
            let mask = sample(&mut rng, 64, bits).into_iter().fold(0u64, |m, p| m | 1 << p);
            Band { word, mask }
        })
        .collect()
}

/// The sketch: the first words of the encodings, in a dense array, compared before the whole.
#[derive(Debug)]
struct Sketches {
    sketch: Vec<[u64; SKETCH_WORDS]>,
    /// Whether the encoding is balanced (the sketch's agreement estimates the similarity).
    balanced: Vec<bool>,
    /// The least agreement (of `SKETCH_WORDS · 64` positions) a pair at the floor may show.
    min_agree: u32,
}

impl Sketches {
    fn new(encodings: &[Encoding], ones: &[u32], floor: f32) -> Sketches {
        let n = (SKETCH_WORDS * 64) as f64;
        let f = f64::from(floor);
        let min_agree = (f * n - SKETCH_SIGMAS * (n * f * (1.0 - f)).sqrt()).floor().max(0.0) as u32;
        Sketches {
            sketch: encodings.iter().map(|e| std::array::from_fn(|w| e.words[w])).collect(),
            balanced: ones.iter().map(|&o| o as usize * 2 == ENCODING_BITS).collect(),
            min_agree,
        }
    }

    /// The sketch of an encoding (`None` when it is not balanced: always compared whole).
    #[inline]
    fn of(&self, u: usize) -> Option<[u64; SKETCH_WORDS]> {
        self.balanced[u].then(|| self.sketch[u])
    }

    /// Whether a pair with these sketches may reach the floor.
    #[inline]
    fn may_reach(&self, a: Option<[u64; SKETCH_WORDS]>, b: Option<[u64; SKETCH_WORDS]>) -> bool {
        let (Some(a), Some(b)) = (a, b) else { return true };
        let differ: u32 = (0..SKETCH_WORDS).map(|w| (a[w] ^ b[w]).count_ones()).sum();
        (SKETCH_WORDS as u32 * 64 - differ) >= self.min_agree
    }
}

/// The pairs of distinct encodings the LSH proposes that reach the floor, deduplicated.
fn lsh(
    encodings: &[Encoding],
    options: &LinkOptions,
    floor: f32,
    stats: &mut BlockingStats,
) -> Vec<(u32, u32, f32)> {
    let count = options.bands.max(1);
    let bits = options.band_bits.clamp(1, 64);
    let cap = options.max_bucket.max(2);
    stats.bands = count as u64;
    stats.band_bits = bits as u64;
    let bands = bands(count, bits, options.seed);
    let ones: Vec<u32> = encodings.iter().map(Encoding::ones).collect();
    let sketches = Sketches::new(encodings, &ones, floor);
    // The encodings by word (one column per word), so that a band reads 8 bytes a record.
    let columns: Vec<Vec<u64>> =
        (0..ENCODING_WORDS).map(|w| encodings.iter().map(|e| e.words[w]).collect()).collect();
    let shared = Shared { encodings, ones: &ones, sketches: &sketches, columns: &columns, cap, floor };
    let mut found: Vec<(u32, u32, f32)> = Vec::new();
    let band_ids: Vec<usize> = (0..count).collect();
    for round in band_ids.chunks(BANDS_PER_ROUND) {
        let results: Vec<BandResult> = round
            .par_iter()
            .map(|&band| {
                let next = bands[(band + 1) % count];
                band_pairs(&shared, &bands[..=band], next)
            })
            .collect();
        for (pairs, comparisons, oversized) in results {
            found.extend(pairs);
            stats.comparisons += comparisons;
            stats.oversized_buckets += oversized;
        }
    }
    // Each pair was kept by the first band it collides in: no repeats (the dedup is a guard).
    found.par_sort_unstable_by_key(|&(u, v, _)| (u, v));
    found.dedup_by_key(|&mut (u, v, _)| (u, v));
    found
}

/// Sorts the keys by their bits from `low` up, stably (so keys built in index order stay in index
/// order within a bucket): least significant digit first, 11 bits a pass, several times faster
/// than a comparison sort on the 10^5–10^6 keys of a band.
fn radix_sort(keys: &mut Vec<u64>, low: u32) {
    const DIGIT: u32 = 11;
    let mut scratch = vec![0u64; keys.len()];
    let mut counts = vec![0usize; 1 << DIGIT];
    let mut shift = low;
    while shift < 64 {
        counts.iter_mut().for_each(|c| *c = 0);
        let digit = |k: u64| (k >> shift) as usize & ((1 << DIGIT) - 1);
        for &k in keys.iter() {
            counts[digit(k)] += 1;
        }
        let mut total = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = total;
            total += here;
        }
        for &k in keys.iter() {
            let slot = &mut counts[digit(k)];
            scratch[*slot] = k;
            *slot += 1;
        }
        std::mem::swap(keys, &mut scratch);
        shift += DIGIT;
    }
}

/// A band's signature (of the word `word` of an encoding), hashed to `64 − index_bits` bits
/// and followed by the index.
#[inline]
fn key(word: u64, band: Band, index: u32, index_bits: u32) -> u64 {
    let hashed = (word & band.mask).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hashed >> index_bits << index_bits) | u64::from(index)
}

/// The pairs one band proposes that reach the floor; the comparisons made (sketches compared);
/// the oversized buckets met.
fn band_pairs(shared: &Shared<'_>, bands: &[Band], next: Band) -> BandResult {
    let Shared { encodings, ones, sketches, columns, cap, floor } = *shared;
    let (band, earlier) = bands.split_last().expect("a band");
    let band = *band;
    let index_bits = u32::BITS - (encodings.len() as u32).leading_zeros();
    let mut keys: Vec<u64> =
        columns[band.word].iter().enumerate().map(|(u, &w)| key(w, band, u as u32, index_bits)).collect();
    radix_sort(&mut keys, index_bits);
    let index_mask = (1u64 << index_bits) - 1;
    let mut out = Vec::new();
    let mut comparisons = 0u64;
    let mut oversized = 0u64;
    // The whole comparison of a pair whose sketches may reach the floor.
    let compare = |u: u32, v: u32, out: &mut Vec<(u32, u32, f32)>| {
        let (u, v) = (u.min(v), u.max(v));
        let (eu, ev) = (&encodings[u as usize], &encodings[v as usize]);
        // A pair is kept by the first band it collides in only.
        if earlier.iter().any(|b| (eu.words[b.word] ^ ev.words[b.word]) & b.mask == 0) {
            return;
        }
        let s = dice(eu, ev, ones[u as usize], ones[v as usize]);
        if s >= floor {
            out.push((u, v, s));
        }
    };
    // The bucket's members and their sketches, gathered once (not once per pair).
    let mut local: Vec<(u32, Option<[u64; SKETCH_WORDS]>)> = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let bucket_of = |k: u64| k >> index_bits;
        let mut end = start + 1;
        while end < keys.len() && bucket_of(keys[end]) == bucket_of(keys[start]) {
            end += 1;
        }
        let bucket = &keys[start..end];
        if bucket.len() == 1 {
        } else if bucket.len() <= cap {
            local.clear();
            local.extend(
                bucket.iter().map(|&k| ((k & index_mask) as u32, sketches.of((k & index_mask) as usize))),
            );
            for (i, &(u, su)) in local.iter().enumerate() {
                for &(v, sv) in &local[i + 1..] {
                    if sketches.may_reach(su, sv) {
                        compare(u, v, &mut out);
                    }
                }
            }
            comparisons += (bucket.len() * (bucket.len() - 1) / 2) as u64;
        } else {
            oversized += 1;
            // Sorted neighbourhood: by the next band's signature, then by encoding (distinct).
            let mut members: Vec<u32> = bucket.iter().map(|&k| (k & index_mask) as u32).collect();
            members.sort_unstable_by(|&x, &y| {
                let (ex, ey) = (&encodings[x as usize], &encodings[y as usize]);
                (ex.words[next.word] & next.mask)
                    .cmp(&(ey.words[next.word] & next.mask))
                    .then_with(|| ex.words.cmp(&ey.words))
            });
            for (i, &u) in members.iter().enumerate() {
                for &v in members.iter().skip(i + 1).take(cap - 1) {
                    if sketches.may_reach(sketches.of(u as usize), sketches.of(v as usize)) {
                        compare(u, v, &mut out);
                    }
                    comparisons += 1;
                }
            }
        }
        start = end;
    }
    (out, comparisons, oversized)
}

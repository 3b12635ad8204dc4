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
//!    With the defaults `b` = [`DEFAULT_BANDS`] = 400 and `r` = [`DEFAULT_BAND_BITS`] = 28:
//!
//!    | similarity s                   | s^r        | proposed: 1 − (1 − s^r)^b |
//!    | ------------------------------ | ---------- | ------------------------- |
//!    | 0.95 (one small fault)         | 0.24       | 1                         |
//!    | 0.88                           | 0.028      | 1 − 10^-5                 |
//!    | 0.85                           | 0.011      | 0.986                     |
//!    | 0.82                           | 0.0039     | 0.79                      |
//!    | 0.80                           | 0.0019     | 0.54                      |
//!    | 0.78 (the candidate floor)     | 0.00095    | 0.32                      |
//!    | 0.72                           | 0.00010    | 0.040                     |
//!    | 0.65 (unrelated, upper tail)   | 5.8·10^-6  | 0.0023                    |
//!    | 0.56 (unrelated, mean)         | 8.9·10^-8  | 0.00004                   |
//!
//!    The identity filter mixes names and birth date; the decision rule compares them apart (the
//!    names filter and the date tokens), so a pair below 0.85 here is usually either a changed
//!    name part with a date error or a different person with a similar name and the same birth
//!    date, and the rule links few of them. Measured on `synth`'s victim lists (10⁵ records,
//!    `crates/records/bench/README.md`), under one decision rule (a variant that estimated u of
//!    names and date jointly): with 800 bands of 24 bits and the floor at 0.72 the pairwise F1
//!    of complete identities was 0.951 and the blocking took 16 s on 2 shared cores (12 M pairs
//!    reached the floor, counting repeats across bands); with these defaults, F1 0.949 and 2.4 s
//!    (1.3 M). The cost is the number of proposals, `b · Σ_pairs s^r`, dominated by the
//!    similar names of different persons: no bit sampling separates 0.80 from 0.70 cheaply
//!    (ln 0.80 / ln 0.70 ≈ 0.63).
//!
//!    Each proposed pair is first compared on a **sketch** (the encoding's first 256 bits, which
//!    no band uses): a pair at the floor agrees on about `256·s` of them
//!    (standard deviation `√(256·s(1−s))` ≈ 7.2); a pair more than three deviations short of
//!    the floor's agreement (163 of 256) is dropped. That keeps 99.9 % of pairs at the floor and
//!    all above 0.75, and drops 99 % of unrelated pairs of mean similarity (fewer of the more
//!    similar ones the bands propose), each for a quarter of the cost of the
//!    whole comparison.
//!    A bucket's members are gathered once (their encodings copied side by side) and its pairs
//!    compared there: at 10⁶ registrations a band compares about a million pairs, and reading
//!    two encodings from anywhere in memory for each was most of the blocking's time.
//! 4. **Buckets are capped**: a bucket (records sharing a band's signature) of more than
//!    [`LinkOptions::max_bucket`] records is not compared all with all; its records are ordered
//!    by the signature of the next band (then by encoding) and each is compared with the next
//!    `max_bucket − 1` in that order (a sorted neighbourhood), so one huge bucket costs linear,
//!    not quadratic, time.
//! 5. **Each encoding keeps its most similar partners only**: of the pairs reaching the
//!    candidate floor ([`LinkOptions::candidate_floor`]), each distinct encoding keeps at most
//!    [`LinkOptions::partners_per_encoding`] (default [`DEFAULT_PARTNERS_PER_ENCODING`]), the
//!    most similar (ties: the lower index), and a pair is a candidate when either of its two
//!    encodings keeps it. Memory holds these lists, not the proposals: at 10⁶ synthetic
//!    registrations 284.7 M pairs of distinct encodings reached the floor of 0.72, most of them
//!    different persons with similar names, and held in memory for the decision rule they took
//!    8.2 GiB. A person has a handful of registrations, so a true partner is among an encoding's
//!    most similar unless more than that many others are closer to it. The lists are filled band
//!    by band and depend only on the set of pairs found (a partner met again in a later band is
//!    not added twice), so the result does not depend on the order of bands or threads. A pair
//!    less similar than the least similar partner of both its encodings' full lists can never
//!    enter them, so it is dropped where it is found rather than sorted and offered.
//!
//! Pairs of distinct encodings are then expanded to the records of the two groups: all pairs
//! when the two groups have at most `MAX_GROUP²` pairs, otherwise the pairs of each group's
//! first record with the other group.
//!
//! 6. **Records naming the same case number** are candidates of each other whatever their
//!    similarity: every pair of the records naming one PV or one notice number, when at most
//!    [`MAX_SHARING`] records name it. A shared number is strong evidence the rule weighs
//!    ([`super::model`]), and the pairs it should rescue are those the identity filter puts
//!    below the floor: a married name with another name fault, a name and a birth date both
//!    changed (at 10⁵ synthetic registrations, weighing the number alone left about 140 true
//!    pairs with the same birth date, names at 0.70–0.85 and a shared number unlinked; these
//!    candidates raised the recall of complete identities from 0.930 to 0.937). They are few:
//!    a number is named by a handful of registrations (505 pairs added at 10⁵). The pair's names
//!    must still reach the lowest similarity level ([`LinkOptions::levels`]): two co-victims
//!    of one case, siblings say, may share a family name and a birth date, and below that level
//!    the candidates are too few for EM to weigh such names (with no floor, the weight of the
//!    lowest level rose from −13.3 to −8.8 at 10⁵, and a number and a birth date together
//!    linked names at 0.55). Below it, a pair naming one number is a candidate only when the
//!    two birth dates are one (the same, or day and month swapped), and such a pair
//!    ([`Candidate::by_date`]) is scored but not used to estimate the rule, which weighs its
//!    names at the lowest level as it does any pair's: a married name with another name fault
//!    under one police report. At 10⁶ synthetic registrations, once centres' files named the
//!    police's PV, about 600 true pairs of complete identities with one birth date, names at
//!    0.60–0.72 and a shared number were left out by the names floor; these candidates raised
//!    F1 of complete identities from 0.984 to 0.986 (`crates/records/bench/README.md`).
//! 7. **Records with the same birth date** are compared whatever their identity filters'
//!    similarity: the records with one birth year and one unordered (day, month) pair (the same
//!    date, or day and month swapped) are compared on their given-names filters and their
//!    identity filters. A pair is a candidate
//!    - when the given names agree ([`super::comparison::GIVEN_AGREE`]): a registration under
//!      another family name falls below the candidate floor on the identity filter (0.70–0.78),
//!      and the rule can weigh what it cannot see;
//!    - when the identity filters reach the candidate floor: the bands above propose such a pair
//!      only with some probability (0.32 at the floor, 0.54 at 0.80), and of the true pairs of
//!      complete identities they left unproposed at 10⁶ synthetic registrations, most had one
//!      birth date (`crates/records/bench/README.md`). These pairs
//!      ([`Candidate::by_date`]) are scored but not used to estimate the rule: chosen by the date
//!      among the pairs of low names similarity, they would make EM see the names and the date as
//!      dependent and raise m of the low names levels (measured: strangers of one birth date and
//!      similar names then linked).
//!
//!    A date's records are a few hundred at 10⁶ registrations; a date of more than
//!    [`MAX_SAME_DATE`] records compares each with the next `MAX_SAME_DATE − 1` only (in the
//!    canonical order).

use rand::seq::index::sample;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::comparison::{given_names_agree, References};
use super::{LinkOptions, LinkRecord};
use crate::encoding::{ENCODING_BITS, ENCODING_WORDS};

/// An identity filter's bits: what the blocking compares.
type Filter = [u64; ENCODING_WORDS];

/// The default number of LSH bands.
pub const DEFAULT_BANDS: usize = 400;
/// The default number of bit positions per band.
pub const DEFAULT_BAND_BITS: usize = 28;
/// The default bucket cap.
pub const DEFAULT_MAX_BUCKET: usize = 200;
/// The default number of distinct encodings up to which all pairs are compared.
pub const DEFAULT_EXHAUSTIVE_UP_TO: usize = 2_000;
/// The default number of partners each distinct encoding keeps.
pub const DEFAULT_PARTNERS_PER_ENCODING: usize = 16;
/// The largest group of identical encodings paired all with all.
pub const MAX_GROUP: usize = 64;
/// A case number named by more records than this makes no candidates by itself (a placeholder
/// written for every record, say, would make all pairs of them candidates); its records are still
/// compared when their identities are similar.
pub const MAX_SHARING: usize = 64;
/// Records of one birth date compared all with all on their given names (see step 7).
pub const MAX_SAME_DATE: usize = 4096;
/// Bands proposed in parallel at a time.
const BANDS_PER_ROUND: usize = 32;
/// Words of the encoding in the sketch compared before the whole (and used by no band).
const SKETCH_WORDS: usize = 4;
/// How many standard deviations below the floor's expected agreement the sketch may fall.
const SKETCH_SIGMAS: f64 = 3.0;

/// What one band gives: the pairs reaching the floor (repeats of earlier bands' included), the
/// comparisons made, the oversized buckets met.
type BandResult = (Vec<(u32, u32, f32)>, u64, u64);

/// What every band reads.
struct Shared<'a> {
    encodings: &'a [Filter],
    ones: &'a [u32],
    sketches: &'a Sketches,
    columns: &'a [Vec<u64>],
    /// Per encoding, the least similarity its list of partners may still take (see
    /// [`Partners::admission`]), as the lists stood before this round of bands.
    admission: &'a [f32],
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
    /// Proposed only because the two records share their birth date, and their identity
    /// filters reach the candidate floor (step 7) or they name one case number (step 6): scored
    /// by the rule, but not used to estimate it.
    pub by_date: bool,
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
    /// Distinct pairs of distinct encodings kept (reaching the candidate floor, among the
    /// most similar partners of either encoding).
    pub encoding_pairs: u64,
    /// Buckets over the cap, compared in a sliding window.
    pub oversized_buckets: u64,
    /// Candidate pairs of records (after expansion to the groups of identical encodings).
    pub candidate_pairs: u64,
    /// Of them, pairs that are candidates only because they name the same case number.
    pub reference_pairs: u64,
    /// Of those, pairs whose names fall below the lowest similarity level, candidates for
    /// their one birth date (not used to estimate the rule).
    pub reference_date_pairs: u64,
    /// Of them, pairs that are candidates only because their given names and birth date agree.
    pub given_name_pairs: u64,
    /// Of them, pairs that are candidates only because they share their birth date and their
    /// identity filters reach the candidate floor (not used to estimate the rule).
    pub date_floor_pairs: u64,
}

/// The candidate pairs of the records (in canonical order: identical encodings adjacent),
/// sorted by `(a, b)`, and what the blocking did.
pub fn candidates(
    records: &[LinkRecord],
    references: &References,
    options: &LinkOptions,
) -> (Vec<Candidate>, BlockingStats) {
    let floor = options.candidate_floor as f32;
    // Groups of identical encodings: runs of the canonical order.
    let mut starts: Vec<u32> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if i == 0 || records[i - 1].encoding != r.encoding {
            starts.push(i as u32);
        }
    }
    let group_end = |g: usize| starts.get(g + 1).map_or(records.len() as u32, |&s| s);
    let encodings: Vec<Filter> = starts.iter().map(|&s| records[s as usize].encoding.words).collect();
    let mut stats = BlockingStats {
        records: records.len() as u64,
        distinct_encodings: encodings.len() as u64,
        ..Default::default()
    };

    let mut partners = Partners::new(encodings.len(), options.partners_per_encoding.max(1));
    if encodings.len() <= options.exhaustive_up_to {
        stats.exhaustive = true;
        partners.add(exhaustive(&encodings, floor, &mut stats));
    } else {
        lsh(&encodings, options, floor, &mut stats, &mut partners);
    }
    let pairs = partners.pairs();
    stats.encoding_pairs = pairs.len() as u64;

    let mut out: Vec<Candidate> = Vec::new();
    for (g, &start) in starts.iter().enumerate() {
        let end = group_end(g);
        let size = (end - start) as usize;
        for i in start..end {
            let partners = if size <= MAX_GROUP || i == start { i + 1..end } else { 0..0 };
            out.extend(partners.map(|j| Candidate { a: i, b: j, similarity: 1.0, by_date: false }));
        }
    }
    for &(u, v, similarity) in &pairs {
        let (su, eu) = (starts[u as usize], group_end(u as usize));
        let (sv, ev) = (starts[v as usize], group_end(v as usize));
        if u64::from(eu - su) * u64::from(ev - sv) <= (MAX_GROUP * MAX_GROUP) as u64 {
            for i in su..eu {
                out.extend((sv..ev).map(|j| Candidate { a: i, b: j, similarity, by_date: false }));
            }
        } else {
            out.extend((sv..ev).map(|j| Candidate { a: su, b: j, similarity, by_date: false }));
            out.extend((su + 1..eu).map(|i| Candidate { a: i, b: sv, similarity, by_date: false }));
        }
    }
    // Group u precedes group v (u < v), so a < b already; sort by (a, b).
    out.par_sort_unstable_by_key(|c| (c.a, c.b));
    let names_floor = options.levels.last().copied().unwrap_or(0.0);
    let mut sharing = sharing_a_reference(records, references, &out, names_floor);
    stats.reference_pairs = sharing.len() as u64;
    stats.reference_date_pairs = sharing.iter().filter(|c| c.by_date).count() as u64;
    let given = same_birth_date(records, &out, &sharing, floor);
    stats.date_floor_pairs = given.iter().filter(|c| c.by_date).count() as u64;
    stats.given_name_pairs = given.len() as u64 - stats.date_floor_pairs;
    sharing.extend(given);
    sharing.sort_unstable_by_key(|c| (c.a, c.b));
    // Both sorted by (a, b) and disjoint: merged in place from the back (a second vector of the
    // candidates would cost 75 MiB at 10⁶ registrations).
    let (mut i, mut j) = (out.len(), sharing.len());
    out.extend_from_slice(&sharing);
    for w in (0..out.len()).rev() {
        if j == 0 {
            break;
        }
        if i > 0 && (out[i - 1].a, out[i - 1].b) > (sharing[j - 1].a, sharing[j - 1].b) {
            out[w] = out[i - 1];
            i -= 1;
        } else {
            out[w] = sharing[j - 1];
            j -= 1;
        }
    }
    stats.candidate_pairs = out.len() as u64;
    (out, stats)
}

/// The pairs of records naming the same PV or notice number (named by at most [`MAX_SHARING`]
/// records) whose names are at least `names_floor` similar, or whose birth dates are one (the
/// same, or day and month swapped; marked [`Candidate::by_date`] unless their given names
/// agree, as step 7 would propose them), and that are not among `candidates` (sorted by
/// `(a, b)`), with their similarity.
fn sharing_a_reference(
    records: &[LinkRecord],
    references: &References,
    candidates: &[Candidate],
    names_floor: f64,
) -> Vec<Candidate> {
    let mut pairs: Vec<(u32, u32)> = references
        .groups()
        .filter(|members| (2..=MAX_SHARING).contains(&members.len()))
        .flat_map(|members| {
            members.iter().enumerate().flat_map(move |(x, &a)| members[x + 1..].iter().map(move |&b| (a, b)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .filter(|&(a, b)| candidates.binary_search_by_key(&(a, b), |c| (c.a, c.b)).is_err())
        .filter_map(|(a, b)| {
            let (p, q) = (&records[a as usize].encoding, &records[b as usize].encoding);
            let similar = p.name_similarity(q) >= names_floor;
            // A married name (the given names agree) is a pair step 7 proposes, fitted.
            let by_date = !similar && !given_names_agree(p, q);
            (similar || p.same_birth_date(q)).then(|| Candidate {
                a,
                b,
                similarity: p.similarity(q) as f32,
                by_date,
            })
        })
        .collect()
}

/// The pairs of records with the same birth year and (day, month) pair whose given-names filters
/// agree or whose identity filters reach `floor` (step 7), that are neither among `candidates`
/// nor among `sharing` (both sorted by `(a, b)`), with their similarity; the latter marked
/// [`Candidate::by_date`].
fn same_birth_date(
    records: &[LinkRecord],
    candidates: &[Candidate],
    sharing: &[Candidate],
    floor: f32,
) -> Vec<Candidate> {
    let mut dated: Vec<(u32, u32, u32)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.encoding.given.is_some())
        .filter_map(|(i, r)| Some((r.encoding.birth[0]?, r.encoding.birth[3]?, i as u32)))
        .collect();
    dated.sort_unstable();
    let dates: Vec<&[(u32, u32, u32)]> = dated.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)).collect();
    let known =
        |list: &[Candidate], a: u32, b: u32| list.binary_search_by_key(&(a, b), |c| (c.a, c.b)).is_ok();
    let mut pairs: Vec<Candidate> = dates
        .par_iter()
        .flat_map_iter(|date| {
            date.iter().enumerate().flat_map(move |(x, &(_, _, a))| {
                let end = date.len().min(x + MAX_SAME_DATE);
                date[x + 1..end].iter().filter_map(move |&(_, _, b)| {
                    let (p, q) = (&records[a as usize].encoding, &records[b as usize].encoding);
                    let agree = given_names_agree(p, q);
                    let similarity = p.similarity(q) as f32;
                    ((agree || similarity >= floor) && !known(candidates, a, b) && !known(sharing, a, b))
                        .then_some(Candidate { a, b, similarity, by_date: !agree })
                })
            })
        })
        .collect();
    pairs.sort_unstable_by_key(|c| (c.a, c.b));
    pairs
}

/// The Dice similarity, from the precomputed counts of ones.
#[inline]
fn dice(a: &Filter, b: &Filter, ones_a: u32, ones_b: u32) -> f32 {
    let common: u32 = a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum();
    let total = ones_a + ones_b;
    if total == 0 {
        0.0
    } else {
        2.0 * common as f32 / total as f32
    }
}

/// All pairs of distinct encodings reaching the floor.
fn exhaustive(encodings: &[Filter], floor: f32, stats: &mut BlockingStats) -> Vec<(u32, u32, f32)> {
    let ones: Vec<u32> = encodings.iter().map(|e| e.iter().map(|w| w.count_ones()).sum()).collect();
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

/// The sketch test: the first words of two encodings compared before the whole.
#[derive(Debug)]
struct Sketches {
    /// The least agreement (of `SKETCH_WORDS · 64` positions) a pair at the floor may show.
    min_agree: u32,
}

impl Sketches {
    fn new(floor: f32) -> Sketches {
        let n = (SKETCH_WORDS * 64) as f64;
        let f = f64::from(floor);
        let min_agree = (f * n - SKETCH_SIGMAS * (n * f * (1.0 - f)).sqrt()).floor().max(0.0) as u32;
        Sketches { min_agree }
    }

    /// Whether a pair may reach the floor by its sketches (a pair with an unbalanced encoding,
    /// whose agreement does not estimate the similarity, always may).
    #[inline]
    fn may_reach(&self, a: &Member, b: &Member) -> bool {
        if !(a.balanced && b.balanced) {
            return true;
        }
        let differ: u32 = (0..SKETCH_WORDS).map(|w| (a.filter[w] ^ b.filter[w]).count_ones()).sum();
        (SKETCH_WORDS as u32 * 64 - differ) >= self.min_agree
    }
}

/// A bucket's member, gathered once per bucket: its pairs within the bucket are then compared
/// in the cache rather than each reading two encodings from anywhere in memory (at 10^6
/// registrations a band compares about a million pairs among its buckets' members).
#[derive(Debug, Clone, Copy)]
struct Member {
    index: u32,
    ones: u32,
    /// Whether the encoding is balanced (the sketch's agreement estimates the similarity).
    balanced: bool,
    filter: Filter,
}

impl Member {
    fn of(shared: &Shared<'_>, index: u32) -> Member {
        let ones = shared.ones[index as usize];
        Member {
            index,
            ones,
            balanced: ones as usize * 2 == ENCODING_BITS,
            filter: shared.encodings[index as usize],
        }
    }
}

/// Per distinct encoding, its most similar partners so far: `(similarity, partner)`, at most
/// `keep` of them.
struct Partners {
    keep: usize,
    lists: Vec<Vec<(f32, u32)>>,
    /// Per encoding, the least similarity its list may still take: none below the least similar
    /// partner of a full list can enter it ([`offer`]), and the lists only get more similar. A
    /// pair below both its encodings' admissions is dropped where it is found, and a pair is
    /// offered only to the lists that may take it: the same lists, without sorting and offering
    /// the pairs that cannot enter (at 10^6 registrations most of the pairs found).
    admission: Vec<f32>,
}

impl Partners {
    fn new(encodings: usize, keep: usize) -> Partners {
        Partners { keep, lists: vec![Vec::new(); encodings], admission: vec![f32::NEG_INFINITY; encodings] }
    }

    /// Offers each pair to those of its encodings' lists that may take it (in parallel: each
    /// list is filled by one thread, in the order of its partners' indexes).
    fn add(&mut self, pairs: Vec<(u32, u32, f32)>) {
        let admission = &self.admission;
        let mut offers: Vec<(u32, u32, f32)> = pairs
            .into_iter()
            .flat_map(|(u, v, s)| {
                let to_u = (s >= admission[u as usize]).then_some((u, v, s));
                let to_v = (s >= admission[v as usize]).then_some((v, u, s));
                to_u.into_iter().chain(to_v)
            })
            .collect();
        offers.par_sort_unstable_by_key(|&(of, partner, _)| (of, partner));
        offers.dedup_by_key(|&mut (of, partner, _)| (of, partner));
        // Where each encoding's offers start (the offers are sorted by encoding).
        let mut starts = vec![0u32; self.lists.len() + 1];
        for &(of, _, _) in &offers {
            starts[of as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let keep = self.keep;
        self.lists.par_iter_mut().zip(self.admission.par_iter_mut()).enumerate().for_each(
            |(of, (list, admission))| {
                let (start, end) = (starts[of] as usize, starts[of + 1] as usize);
                for &(_, partner, similarity) in &offers[start..end] {
                    offer(list, keep, partner, similarity);
                }
                if list.len() >= keep {
                    *admission = list.iter().map(|&(s, _)| s).fold(f32::INFINITY, f32::min);
                }
            },
        );
    }

    /// The pairs either encoding keeps, `u < v`, sorted and once each.
    fn pairs(self) -> Vec<(u32, u32, f32)> {
        let mut pairs: Vec<(u32, u32, f32)> = self
            .lists
            .into_iter()
            .enumerate()
            .flat_map(|(u, list)| list.into_iter().map(move |(s, v)| (v.min(u as u32), v.max(u as u32), s)))
            .collect();
        pairs.par_sort_unstable_by_key(|&(u, v, _)| (u, v));
        pairs.dedup_by_key(|&mut (u, v, _)| (u, v));
        pairs
    }
}

/// Keeps `partner` in the list if it is not there and is among the `keep` most similar (ties:
/// the lower index first).
fn offer(list: &mut Vec<(f32, u32)>, keep: usize, partner: u32, similarity: f32) {
    if list.iter().any(|&(_, p)| p == partner) {
        return;
    }
    if list.len() < keep {
        list.push((similarity, partner));
        return;
    }
    // The least similar kept, the higher index among equals.
    let worse = |a: &(f32, u32), b: &(f32, u32)| a.0 < b.0 || (a.0 == b.0 && a.1 > b.1);
    let (mut worst, mut at) = (list[0], 0);
    for (i, entry) in list.iter().enumerate().skip(1) {
        if worse(entry, &worst) {
            (worst, at) = (*entry, i);
        }
    }
    if worse(&worst, &(similarity, partner)) {
        list[at] = (similarity, partner);
    }
}

/// Offers the pairs of distinct encodings the LSH proposes that reach the floor to the
/// encodings' lists of partners.
fn lsh(
    encodings: &[Filter],
    options: &LinkOptions,
    floor: f32,
    stats: &mut BlockingStats,
    partners: &mut Partners,
) {
    let count = options.bands.max(1);
    let bits = options.band_bits.clamp(1, 64);
    let cap = options.max_bucket.max(2);
    stats.bands = count as u64;
    stats.band_bits = bits as u64;
    let bands = bands(count, bits, options.seed);
    let ones: Vec<u32> = encodings.iter().map(|e| e.iter().map(|w| w.count_ones()).sum()).collect();
    let sketches = Sketches::new(floor);
    // The encodings by word (one column per word), so that a band reads 8 bytes a record.
    let columns: Vec<Vec<u64>> =
        (0..ENCODING_WORDS).map(|w| encodings.iter().map(|e| e[w]).collect()).collect();
    let band_ids: Vec<usize> = (0..count).collect();
    for round in band_ids.chunks(BANDS_PER_ROUND) {
        let shared = Shared {
            encodings,
            ones: &ones,
            sketches: &sketches,
            columns: &columns,
            admission: &partners.admission,
            cap,
            floor,
        };
        let results: Vec<BandResult> = round
            .par_iter()
            .map(|&band| band_pairs(&shared, bands[band], bands[(band + 1) % count]))
            .collect();
        let mut pairs = Vec::new();
        for (found, comparisons, oversized) in results {
            pairs.extend(found);
            stats.comparisons += comparisons;
            stats.oversized_buckets += oversized;
        }
        partners.add(pairs);
    }
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
fn band_pairs(shared: &Shared<'_>, band: Band, next: Band) -> BandResult {
    let Shared { encodings, sketches, columns, admission, cap, floor, .. } = *shared;
    let index_bits = u32::BITS - (encodings.len() as u32).leading_zeros();
    let mut keys: Vec<u64> =
        columns[band.word].iter().enumerate().map(|(u, &w)| key(w, band, u as u32, index_bits)).collect();
    radix_sort(&mut keys, index_bits);
    let index_mask = (1u64 << index_bits) - 1;
    let mut out = Vec::new();
    let mut comparisons = 0u64;
    let mut oversized = 0u64;
    // The whole comparison of a pair whose sketches may reach the floor; the pair is kept when
    // it does and either encoding's list may take it.
    let compare = |a: &Member, b: &Member, out: &mut Vec<(u32, u32, f32)>| {
        if !sketches.may_reach(a, b) {
            return;
        }
        let (u, v) = (a.index.min(b.index), a.index.max(b.index));
        let s = dice(&a.filter, &b.filter, a.ones, b.ones);
        if s >= floor && (s >= admission[u as usize] || s >= admission[v as usize]) {
            out.push((u, v, s));
        }
    };
    // The bucket's members, gathered once (not once per pair).
    let mut local: Vec<Member> = Vec::new();
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
            local.extend(bucket.iter().map(|&k| Member::of(shared, (k & index_mask) as u32)));
            for (i, a) in local.iter().enumerate() {
                for b in &local[i + 1..] {
                    compare(a, b, &mut out);
                }
            }
            comparisons += (bucket.len() * (bucket.len() - 1) / 2) as u64;
        } else {
            oversized += 1;
            // Sorted neighbourhood: by the next band's signature, then by encoding (the distinct
            // encodings are numbered in the order of their filters, so by index).
            let next_column = &columns[next.word];
            let mut members: Vec<(u64, u32)> = bucket
                .iter()
                .map(|&k| {
                    let u = (k & index_mask) as u32;
                    (next_column[u as usize] & next.mask, u)
                })
                .collect();
            members.sort_unstable();
            local.clear();
            local.extend(members.iter().map(|&(_, u)| Member::of(shared, u)));
            for (i, a) in local.iter().enumerate() {
                for b in local.iter().skip(i + 1).take(cap - 1) {
                    compare(a, b, &mut out);
                    comparisons += 1;
                }
            }
        }
        start = end;
    }
    (out, comparisons, oversized)
}

//! Record linkage: which records of the actors' lists are the same person, from their similarity
//! encodings ([`Encoding`]) and the few non-identifying fields the centre holds (sex,
//! nationality). Pure: no IO, no clock; the same input gives the same output on any number of
//! threads.
//!
//! The steps, one module each:
//! 1. **Canonical order** ([`link`]): the records are first put in an order that depends only on
//!    their content (encoding, then source, sex and nationality), so that every later choice —
//!    the random sample, the tie-breaks, the bucket fallback — is the same whatever order the
//!    records came in. Only the numbering of the persons follows the input order.
//! 2. **Blocking** ([`blocking`]): records with the identical encoding are grouped; the distinct
//!    encodings are compared all against all when there are few, otherwise only the pairs that
//!    share a band of a Hamming locality-sensitive hash. Only pairs whose identity filters are
//!    at least as similar as the candidate floor are kept, and of those only each encoding's
//!    most similar partners: the candidates; and the records naming the same PV or notice
//!    number, whatever their similarity (when their names reach the lowest similarity level);
//!    and the records of one birth date whose given names agree (a married name).
//! 3. **Comparison** ([`comparison`]): each candidate gets a comparison vector — the level of its
//!    names filters' similarity, in a run by how the given names compare (or, when the given
//!    names agree and the names do not, a level of its own), how the birth dates compare, whether
//!    sex, nationality and form agree (unknown when either record lacks the field), whether the
//!    two records name the same PV or notice number, and how many records name it, how many
//!    near-namesakes (names as alike, another birth date) the two records have among the
//!    candidates, and how many days apart the two registrations are.
//! 4. **Decision rule** ([`model`]): a Fellegi–Sunter model whose m probabilities are estimated
//!    by expectation–maximisation on the candidates, and whose u probabilities and share of
//!    matches are the population's (u measured on a fixed random sample of record pairs, as
//!    splink does, and a shared case number's from how many records name it; the share of
//!    matches among all pairs of records); each pair gets a match weight (log2 of its Bayes factor) and a posterior probability,
//!    and is linked, sent to review or left unlinked by the thresholds of [`LinkOptions`].
//! 5. **Review decisions** override the rule: an accepted pair always links, a rejected pair
//!    never links directly.
//! 6. **Clustering** ([`clustering`]): the persons are the connected components of the links,
//!    built strongest link first; a link that would put the two records of a rejected pair in
//!    one person is refused (so the weakest link on every path between them gives way).

pub mod blocking;
pub mod clustering;
pub mod comparison;
pub mod model;

use rapporteur_domain::catalog::LinkBasis;
use rayon::prelude::*;

use crate::encoding::Encoding;

pub use blocking::BlockingStats;
pub use comparison::{Comparison, FieldLevel};
pub use model::{ContextProbabilities, FieldProbabilities, Model};

/// One record to link: which list (source) it comes from, its encoding, and the non-identifying
/// fields the centre holds for it (code indexes; `None` when the source has no such field or it
/// is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRecord {
    /// The list (actor's source) the record comes from.
    pub source: u16,
    /// The similarity encoding of the person's identity.
    pub encoding: Encoding,
    /// The sex, as a code index.
    pub sex: Option<u32>,
    /// The nationality, as a code index.
    pub nationality: Option<u32>,
    /// The form of exploitation, as a code index.
    pub form: Option<u32>,
    /// The region the record was made in (its `[chain] place`: a district, a directorate, a
    /// centre's seat), as a code index of the region list.
    pub region: Option<u32>,
    /// What the record's identity holds besides names: the full birth date, the year only, or
    /// nothing ([`LinkBasis`]); a pair rests on the weaker of its two records'.
    pub basis: LinkBasis,
    /// The police report (PV) number and the prosecution's notice number the record names, as
    /// ids (the same text, the same id, across sources): evidence the rule weighs for every
    /// pair, and what a pair of incomplete identities needs to be linked.
    pub references: [Option<u32>; 2],
    /// The day of the registration (the date the chain follows it by, as
    /// [`crate::Date::day_number`]), if the record has one.
    pub day: Option<i32>,
}

impl LinkRecord {
    /// Whether the two records name the same PV or the same notice number.
    fn shares_reference(&self, other: &LinkRecord) -> bool {
        self.references.iter().zip(&other.references).any(|(a, b)| a.is_some() && a == b)
    }
}

/// A coordinator's review decision on a pair (record indexes into the slice given to [`link`]).
/// A later decision on the same pair overrides an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewDecision {
    /// One record of the pair.
    pub a: u32,
    /// The other record of the pair (the order of `a` and `b` does not matter).
    pub b: u32,
    /// Whether the coordinator judged the two records to be the same person.
    pub same_person: bool,
}

/// The parameters of the linkage. [`LinkOptions::default`] gives the values this module's
/// documentation justifies.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkOptions {
    /// Bands of the Hamming LSH (see [`blocking`] for the choice).
    pub bands: usize,
    /// Bit positions per band (at most 64).
    pub band_bits: usize,
    /// The largest bucket compared all against all; a larger one is compared in a sliding
    /// window of this many records (see [`blocking`]).
    pub max_bucket: usize,
    /// Up to this many distinct encodings every pair is compared (no LSH, no loss).
    pub exhaustive_up_to: usize,
    /// The similarity of the identity filters a pair needs to be a candidate at all.
    pub candidate_floor: f64,
    /// Each distinct encoding keeps at most this many partners, its most similar (see
    /// [`blocking`]); a pair is a candidate when either of its encodings keeps it.
    pub partners_per_encoding: usize,
    /// The lower bounds of the name similarity levels, descending.
    pub levels: Vec<f64>,
    /// The most EM iterations.
    pub max_iterations: usize,
    /// EM stops when no parameter moves by more than this.
    pub tolerance: f64,
    /// Pairs of records drawn (with a fixed seed) to measure the population's u probabilities,
    /// which EM starts from and the rule applies (see [`model`]).
    pub u_sample_pairs: usize,
    /// A pair links when its posterior probability of being a match is at least this.
    pub link_probability: f64,
    /// Pairs with a probability in `[review_low, review_high)` are sent to review (and link
    /// meanwhile when their probability reaches `link_probability`).
    pub review_low: f64,
    /// See `review_low`.
    pub review_high: f64,
    /// The seed of the LSH bit positions and of the u sample: fixed, so that runs agree.
    pub seed: u64,
}

impl Default for LinkOptions {
    fn default() -> LinkOptions {
        LinkOptions {
            bands: blocking::DEFAULT_BANDS,
            band_bits: blocking::DEFAULT_BAND_BITS,
            max_bucket: blocking::DEFAULT_MAX_BUCKET,
            exhaustive_up_to: blocking::DEFAULT_EXHAUSTIVE_UP_TO,
            candidate_floor: comparison::DEFAULT_CANDIDATE_FLOOR,
            partners_per_encoding: blocking::DEFAULT_PARTNERS_PER_ENCODING,
            levels: comparison::DEFAULT_LEVELS.to_vec(),
            max_iterations: 1000,
            tolerance: 1e-7,
            u_sample_pairs: 4_000_000,
            // A match is declared when it is more likely than not: the symmetric choice when a
            // missed link and a false link cost alike. Between 5 % and 95 % a coordinator looks.
            link_probability: 0.5,
            review_low: 0.05,
            review_high: 0.95,
            seed: 0x7261_7070_6c69_6e6b,
        }
    }
}

/// What became of a scored pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PairStatus {
    /// The rule links the pair with a probability of at least `review_high`.
    Linked,
    /// The rule is uncertain (probability in the review band): a coordinator should decide.
    Review,
    /// A coordinator decided: the same person.
    Accepted,
    /// A coordinator decided: not the same person.
    Rejected,
}

/// A pair that is linked, sent to review or decided by a coordinator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    /// The first record (index into the slice given to [`link`]), `a < b`.
    pub a: u32,
    /// The second record.
    pub b: u32,
    /// The Dice similarity of the two identity filters.
    pub similarity: f32,
    /// The comparison vector.
    pub comparison: Comparison,
    /// The Fellegi–Sunter match weight: log2 of the Bayes factor, the sum of log2(m/u) over the
    /// comparisons (the prior not included).
    pub weight: f64,
    /// The posterior probability that the two records are the same person (the model's prior
    /// share of matches among all pairs of records included).
    pub probability: f64,
    /// Linked, under review, or decided. Identical encodings of full identities are always
    /// `Linked`; a pair resting on less than names and full birth dates is linked by the rule
    /// only when a shared PV or notice number corroborates it (else it goes to review when the
    /// rule would link it).
    pub status: PairStatus,
    /// What the pair's similarity rests on: the weaker of its two records' identities.
    pub basis: LinkBasis,
    /// Whether the pair joins its two records in one person: accepted, or linked by the rule
    /// (probability at least `link_probability`), and not refused by the clustering because it
    /// would join the records of a rejected pair.
    pub linked: bool,
}

/// The result of [`link`].
#[derive(Debug, Clone, PartialEq)]
pub struct Linkage {
    /// Every candidate pair that is linked or sent to review, and every decided pair (whether a
    /// candidate or not), sorted by `(a, b)`, `a < b`. Clear non-links are left out.
    pub pairs: Vec<ScoredPair>,
    /// The decision rule's parameters as estimated, and the blocking statistics.
    pub model: Model,
    /// Per record, its person: numbered 0.. in the order of each person's smallest record index.
    pub persons: Vec<u32>,
    /// Decisions ignored because they name a record out of range or the same record twice.
    pub ignored_decisions: usize,
}

impl Linkage {
    /// The number of persons.
    pub fn person_count(&self) -> usize {
        self.persons.iter().max().map_or(0, |&p| p as usize + 1)
    }
}

/// Links the records: candidates, the estimated decision rule, the review decisions, persons.
///
/// The partition into persons does not depend on the order of `records` (with the decisions'
/// indexes following the records): the work is done in a canonical order of the records'
/// content. Only the persons' numbers follow the input order. (One exception, documented in
/// [`blocking`]: a group of more than [`blocking::MAX_GROUP`] records with one identical
/// encoding is chained rather than paired all with all; the partition is still the same.)
pub fn link(records: &[LinkRecord], decisions: &[ReviewDecision], options: &LinkOptions) -> Linkage {
    let n = records.len();
    // Canonical order: by content, ties (records identical in every field) by input index.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&x, &y| {
        let (p, q) = (&records[x as usize], &records[y as usize]);
        p.encoding
            .words
            .cmp(&q.encoding.words)
            .then(p.encoding.names.cmp(&q.encoding.names))
            .then(p.encoding.birth.cmp(&q.encoding.birth))
            .then(p.source.cmp(&q.source))
            .then(p.sex.cmp(&q.sex))
            .then(p.nationality.cmp(&q.nationality))
            .then(p.form.cmp(&q.form))
            .then(p.region.cmp(&q.region))
            .then(p.basis.cmp(&q.basis))
            .then(p.references.cmp(&q.references))
            .then(x.cmp(&y))
    });
    let canonical: Vec<LinkRecord> = order.iter().map(|&i| records[i as usize]).collect();
    let mut position = vec![0u32; n];
    for (k, &i) in order.iter().enumerate() {
        position[i as usize] = k as u32;
    }

    // Decisions, in canonical indexes; a later one on the same pair wins.
    let mut decided: std::collections::BTreeMap<(u32, u32), bool> = std::collections::BTreeMap::new();
    let mut ignored_decisions = 0;
    for d in decisions {
        if d.a == d.b || d.a as usize >= n || d.b as usize >= n {
            ignored_decisions += 1;
            continue;
        }
        let (x, y) = (position[d.a as usize], position[d.b as usize]);
        decided.insert((x.min(y), x.max(y)), d.same_person);
    }

    let levels = comparison::Levels::new(&options.levels);
    let references = comparison::References::of(&canonical);
    let (candidates, blocking_stats) = blocking::candidates(&canonical, &references, options);
    let namesakes = comparison::Namesakes::of(&canonical, &candidates);
    let comparer = comparison::Comparer {
        records: &canonical,
        levels: &levels,
        references: &references,
        namesakes: &namesakes,
    };
    let comparisons: Vec<Comparison> = candidates.par_iter().map(|c| comparer.compare(c.a, c.b)).collect();
    let sample = model::sample_comparisons(&comparer, options);
    // The rule is estimated on the pairs it may decide: those resting on full identities (a
    // missing birth date lowers a true match's similarity, and would blur the levels), and
    // proposed by the encodings rather than by the birth date alone (`Candidate::by_date`).
    let basis = |a: u32, b: u32| LinkBasis::of_pair(canonical[a as usize].basis, canonical[b as usize].basis);
    let shared = |a: u32, b: u32| canonical[a as usize].shares_reference(&canonical[b as usize]);
    let decidable: Vec<Comparison> = candidates
        .iter()
        .zip(&comparisons)
        .filter(|(c, _)| basis(c.a, c.b).rule_may_link() && !c.by_date)
        .map(|(_, comparison)| *comparison)
        .collect();
    let model = model::estimate(&decidable, &sample, &levels, options, blocking_stats);

    // Score: candidates that are not clear non-links, and every decided pair.
    let mut scored: Vec<ScoredPair> = Vec::new();
    let mut decided_left = decided.clone();
    for (c, comparison) in candidates.iter().zip(&comparisons) {
        let decision = decided_left.remove(&(c.a, c.b));
        let pair = Pair {
            a: c.a,
            b: c.b,
            similarity: c.similarity,
            comparison: *comparison,
            basis: basis(c.a, c.b),
            shared_reference: shared(c.a, c.b),
        };
        if let Some(pair) = score(&model, options, pair, decision) {
            scored.push(pair);
        }
    }
    for (&(a, b), &same) in &decided_left {
        let (p, q) = (&canonical[a as usize], &canonical[b as usize]);
        let similarity = p.encoding.similarity(&q.encoding) as f32;
        let comparison = comparer.compare(a, b);
        let pair = Pair { a, b, similarity, comparison, basis: basis(a, b), shared_reference: shared(a, b) };
        scored.extend(score(&model, options, pair, Some(same)));
    }

    let canonical_persons = clustering::cluster(n, &mut scored);

    // Back to input indexes; persons numbered by their smallest input index.
    let mut pairs: Vec<ScoredPair> = scored
        .into_iter()
        .map(|mut p| {
            let (x, y) = (order[p.a as usize], order[p.b as usize]);
            p.a = x.min(y);
            p.b = x.max(y);
            p
        })
        .collect();
    pairs.sort_by_key(|p| (p.a, p.b));
    let mut number = vec![u32::MAX; n];
    let mut persons = vec![0u32; n];
    let mut next = 0;
    for (i, person) in persons.iter_mut().enumerate() {
        let root = canonical_persons[position[i] as usize] as usize;
        if number[root] == u32::MAX {
            number[root] = next;
            next += 1;
        }
        *person = number[root];
    }
    Linkage { pairs, model, persons, ignored_decisions }
}

/// A candidate or decided pair before it is scored.
struct Pair {
    a: u32,
    b: u32,
    similarity: f32,
    comparison: Comparison,
    basis: LinkBasis,
    shared_reference: bool,
}

/// The scored pair, or `None` for a clear non-link that no coordinator decided. A pair of
/// identical encodings of full identities always links (unless rejected), whatever sex and
/// nationality say. A pair resting on less — a name alone, or a name and a birth year — is
/// linked by the rule only when the two records also name the same PV or notice number, the
/// rule would link the pair (probability at least `link_probability`, as for a pair of full
/// identities; the shared number weighed in it as for any pair, see [`model`]) and neither sex
/// nor nationality disagrees: two persons of one name whose birth dates are unknown would look
/// identical, and only a shared report or case tells them apart. Otherwise it goes to review
/// when the rule would link it (or the encodings are identical), so that no missing birth date
/// rules a likely match out either.
fn score(model: &Model, options: &LinkOptions, pair: Pair, decision: Option<bool>) -> Option<ScoredPair> {
    let Pair { a, b, similarity, comparison, basis, shared_reference } = pair;
    let weight = model.weight(&comparison);
    let probability = model.probability(weight);
    if decision.is_none() && !basis.rule_may_link() {
        let corroborated = shared_reference
            && probability >= options.link_probability
            && comparison.sex != FieldLevel::Disagree
            && comparison.nationality != FieldLevel::Disagree;
        if corroborated {
            let (status, basis, linked) = (PairStatus::Linked, LinkBasis::SharedReference, true);
            return Some(ScoredPair {
                a,
                b,
                similarity,
                comparison,
                weight,
                probability,
                status,
                basis,
                linked,
            });
        }
        // Only a pair the rule would link goes to review: at 10^5 registrations the unsure
        // band held 107,000 such pairs of which 2 % were one person; the pairs the rule would
        // link, 3,500 of which 75 % were (crates/records/bench/README.md).
        if similarity < 1.0 && probability < options.link_probability {
            return None;
        }
        let (status, linked) = (PairStatus::Review, false);
        return Some(ScoredPair { a, b, similarity, comparison, weight, probability, status, basis, linked });
    }
    let (status, linked) = match decision {
        Some(true) => (PairStatus::Accepted, true),
        Some(false) => (PairStatus::Rejected, false),
        // The identical encoding: the same names and birth date after normalisation. Two persons
        // alike in both are far rarer than a sex or nationality recorded wrongly: always linked.
        None if similarity >= 1.0 => (PairStatus::Linked, true),
        None if probability >= options.review_high => (PairStatus::Linked, true),
        None if probability >= options.review_low => {
            (PairStatus::Review, probability >= options.link_probability)
        }
        None if probability >= options.link_probability => (PairStatus::Linked, true),
        None => return None,
    };
    Some(ScoredPair { a, b, similarity, comparison, weight, probability, status, basis, linked })
}

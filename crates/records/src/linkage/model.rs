//! The decision rule: a Fellegi–Sunter model estimated by expectation–maximisation.
//!
//! Each comparison the rule weighs — the names' similarity level, how the birth dates compare,
//! whether sex agrees, whether the case numbers agree (and nationality and form, below) — has an
//! m probability per level (how
//! often the level occurs among pairs of the same person) and a u probability (among pairs of
//! different persons); under
//! conditional independence a pair's Bayes factor is the product of m/u over its comparisons,
//! an unknown field contributing nothing (but see below for names and date). Names and birth date are compared field by field
//! (their own filter and tokens, [`crate::encoding`]), so a changed name part does not drag a
//! matching date down with it, and a date error is weighed as what it is.
//!
//! **A known departure from independence.** The candidates are chosen on the identity filter,
//! which holds names and date together: a different person becomes a candidate either with very
//! similar names or with less similar names and the same birth date, so among candidates the two
//! comparisons are not independent for non-matches. Estimating u for names and date jointly
//! (a 5 × 4 table) was tried: it removed most false links of that kind at 10⁵ registrations but
//! made the latent-class model unidentifiable (a saturated u explains the names × date table on
//! its own), and EM's answer then depended on where it started. The product is kept, and this
//! is where precision is lost at scale (`crates/records/bench/README.md`).
//!
//! **Given names agreeing where the names do not** (a married name: [`super::comparison`]) is
//! the last level of the names comparison, outside the order the other levels keep (below):
//! its m from EM, its u the population's, the share of random pairs whose given names agree
//! while their names do not — about one in seven thousand in `synth`, far more among real
//! names, where a few given names are common, and the rule then weighs it less by itself. With
//! the same birth date it links at 10⁴ and 10⁵ synthetic registrations; at 10⁶ strangers
//! sharing given names and a birth date are as many as the married names, and the rule links
//! such a pair only with more (sex, a case number).
//!
//! **Nationality and the form of exploitation: u by names level.** Different persons with
//! similar names agree on nationality far more often than random pairs do (the names come from
//! the same language), so under conditional independence a nationality agreement would be
//! counted as more evidence than it is: at 10⁵ synthetic registrations, when EM weighed it
//! with the other fields, it linked different persons of one nationality with similar names.
//! These two fields (the form too: it goes with nationality and sex) are therefore weighed
//! outside EM, with a u per names level: the share of agreement among the candidates whose
//! birth dates differ in two parts or more — different persons, but as alike in name as the
//! candidates of that level — shrunk towards the population's share by [`CONTEXT_PRIOR_PAIRS`]
//! pseudo-pairs. Their m is the share of agreement among the candidates with the same names and
//! birth date (matches but for a rare namesake born the same day), or EM's posterior share when
//! those are fewer than [`MIN_SURE_MATCHES`]. A nationality still keeps a pair of incomplete
//! identities from being linked on a shared reference when it disagrees.
//!
//! **How crowded the names are.** Two strangers with similar names are common where names are
//! (few syllables, one language's endings) and rare elsewhere, and the names' u, one average per
//! level, weighs a rare name's agreement too little and a common one's too much (splink adjusts
//! for a name's frequency; the centre never sees a name). The third context field is the class
//! of the pair's near-namesakes ([`super::comparison::Namesakes`]: records with names at least
//! 0.85 alike and another birth date, counted among the candidates), weighed like nationality: u
//! per names level from the candidates whose birth dates differ, m from the pairs of one names
//! and birth date. At 10⁶ synthetic registrations, among the candidates with names at 0.84–0.88
//! and one part of the birth date differing, nine in ten were one person where neither record
//! had a near-namesake and one in twenty-four where one of them had four or more; weighing it raised
//! precision from 0.965 to 0.984 (`crates/records/bench/README.md`).
//!
//! **How far apart the registrations are.** One victim's registrations follow one another along
//! the chain — the inspection's checklist at the control, the centre's file after the referral —
//! while a stranger's registration falls on any day of the period. The fourth context field is
//! the class of the days between the two records' dates ([`super::comparison::interval_class`]),
//! weighed like nationality: m from the pairs of one names and birth date, u per names level from
//! the candidates whose birth dates differ. It mattered most where the lists shared least: before
//! police findings carried sex and nationality, a police finding and a checklist had only names,
//! birth date and a case number to go by. At 10⁶ synthetic registrations (`synth`: a later
//! list meets a person within two months of their first registration with probability 0.75)
//! it raised F1 of complete identities from 0.959 to 0.964; the police findings' sex and
//! nationality then to 0.967 (`crates/records/bench/README.md`).
//!
//! **Where the registrations were made.** The inspection controls with the local police, a
//! victim is referred mostly to the centre of the region, and a second registration follows the
//! first where the person lives or works; strangers are registered all over the country. The
//! fifth context field is whether the two records' regions agree (each record's `[chain]
//! place`: the police's district, the inspection's directorate, the centre's seat, placed in
//! the region list), weighed like nationality.
//! Each field's **match
//! weight** is the log2 of m/u, and with the share λ of matches among all pairs of records a
//! pair's **posterior probability** is `1 / (1 + 2^-(weight + log2(λ / (1 − λ))))`.
//!
//! **The case numbers.** Whether the two records name the same PV or notice number (agree),
//! both name one of a kind and none is the same (disagree), or not (unknown) is weighed like the
//! other fields, its m from EM on the candidates. An agreement's u is not the sample's: random
//! pairs of records almost never name the same number, so a sampled share would rest on a
//! handful of pairs, and it would be one average for a number one person's registrations name
//! and for a case's notice number that ten victims' do. Each shared number is weighed by its own
//! u instead — the chance that a record of another person names it, `(records naming it − 1) /
//! (records naming a number of its kind − 1)` ([`super::comparison::References::one_in`]), as
//! splink's term-frequency adjustment does for a name — so a number several victims share (one
//! case, one raid) weighs less the more records name it, and a number of one person's
//! registrations is weighed as if one of them were another's (u overstated, the evidence
//! understated). A disagreement's u is the sample's. The independence this assumes: two
//! different persons naming one number are no more alike in name and birth date than any two.
//! Co-victims of one case or raid may be — siblings, compatriots (names of one language) — so the
//! blocking adds a pair for its shared number only when its names reach the lowest similarity
//! level ([`super::blocking`]), and nationality weighs by its share among strangers with names
//! as alike (below), which counts compatriots; co-victims of one raid may be compatriots more
//! often still, and the synthetic data cannot say by how much. In `synth`, victims are given
//! their case at random within a form and year and every police finding has a PV of its own:
//! the synthetic data cannot show that dependence, and it is optimistic about PVs (the gain did
//! not rest on it: with the police's PVs merged three or ten at a time, as if each named the
//! victims of one raid, F1 at 10⁵ registrations moved by less than 0.001;
//! `crates/records/bench/README.md`).
//!
//! **Estimation.** The u probabilities are first measured on a fixed random sample of record
//! pairs (seeded; all pairs when there are few), which are nearly all non-matches — splink's
//! "u by random sampling". EM then runs on the candidate pairs, grouped by comparison vector
//! (at most 43·5·3·3 patterns, so each iteration is instant and the result does not depend on the
//! order of pairs): it starts from those u, from m favouring the highest similarity and
//! agreement, and λ = ½, and re-estimates m, u (the candidates are a selection, so their u is
//! not the sample's) and λ until no parameter moves by more than the tolerance or the
//! iterations run out. Counts are smoothed by half a pair per level, so no level has a
//! probability of 0 and no weight is infinite. Each step keeps the similarity levels in order:
//! m never rises and u never falls as the names' similarity falls (pooled adjacent violators).
//! Without that, EM on 10⁵ synthetic registrations called the mass of similar-name non-matches
//! at the lowest level a class of matches (m = 0.88 there) and chained them into persons of up
//! to 1,004 registrations (pairwise precision 0.017).
//!
//! **From the candidates to the population.** EM's u describe the candidates, and among them
//! names and date are far from independent for different persons: a different person becomes a
//! candidate with the same names and any birth date (a namesake), or with less similar names and
//! the same birth date, never with both unlike. The product of EM's u then misjudges exactly
//! those pairs, and more so as the lists grow (at 10⁶ synthetic registrations a fifth of the
//! links joined namesakes or same-day births with similar names: precision 0.79). Among *all*
//! pairs of records, the names and the birth dates of two different persons are independent,
//! and that is where the rule is applied: EM's m are kept (the errors of one person's
//! registrations), u become the population's, measured on the random sample (splink's "u by
//! random sampling"; the matches the sample holds, λ·m per level, taken out — at the highest
//! names levels they are most of what it finds — and those levels, where a sample of a few
//! million pairs finds no stranger, counted on the blocking's candidates of differing birth
//! dates: `names_in_the_population`), and λ becomes the share of matches among all pairs of records the rule may
//! decide — the matches EM found among the candidates over all those pairs. A pair's posterior
//! is then the same whether or not the blocking selected it, and it falls as the lists grow, as
//! the chance that a similar stranger exists does. Only when the sample is too thin (fewer than
//! [`MIN_SAMPLED`] pairs with a known level of some field, e.g. a few dozen records) is EM's
//! own estimate on the candidates kept. The names' similarity is cut in fine levels (13, see
//! [`super::comparison`]), so that the population's u tell a pair at 0.93 from one at 0.89: at
//! 10⁶ registrations five levels left a typo with a one-part date error at a posterior of
//! 0.4987, and thirteen gave it its own.
//!
//! **Guards.** EM's two classes can come out swapped (the "match" class being the less similar
//! one): they are swapped back. The estimate is not used, and the model falls back to fixed
//! parameters ([`Model::fallback`]), when there are fewer than [`MIN_PAIRS_FOR_EM`] candidates,
//! when they fall in fewer than two similarity levels (e.g. all pairs identical), or when EM
//! collapses (a share of matches of 0 or 1, or m/u not higher at the top names level than at
//! the bottom one). The fixed parameters weigh the names levels geometrically (m falling by 3,
//! u rising by 10 a level), a birth date that agrees as 16 times more likely among matches, one
//! that differs entirely as 16 times less, and λ = ½.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::blocking::BlockingStats;
use super::comparison::{Comparer, Comparison, FieldLevel, Levels, INTERVAL_CLASSES, NAMESAKE_CLASSES};
use super::LinkOptions;
use crate::encoding::DateAgreement;

/// Fewer sampled pairs with a known level of a field than this, and the population's u are not
/// trusted (the rule then stays with EM's estimate on the candidates).
const MIN_SAMPLED: u64 = 1_000;
/// Fewer candidates than this, and EM is not trusted.
pub const MIN_PAIRS_FOR_EM: usize = 20;
/// The pseudo-count added to every level when estimating.
const SMOOTHING: f64 = 0.5;
/// The comparisons the rule weighs: names, birth date, sex, case numbers.
const FIELDS: usize = 4;
/// Where each is in [`Params`]' arrays.
const NAMES: usize = 0;
const DATE: usize = 1;
const SEX: usize = 2;
const REFERENCE: usize = 3;
/// Levels of the date comparison: same, swapped, one part differs, differs.
const DATE_LEVELS: usize = 4;

/// The m and u probabilities of one comparison's levels (for sex: agree, disagree; unknown
/// carries no information and has none).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProbabilities {
    /// Per level, its probability among pairs of the same person.
    pub m: Vec<f64>,
    /// Per level, its probability among pairs of different persons.
    pub u: Vec<f64>,
}

impl FieldProbabilities {
    /// log2(m/u) of a level.
    pub fn weight(&self, level: usize) -> f64 {
        (self.m[level] / self.u[level]).log2()
    }
}

/// The estimated decision rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The names' similarity levels.
    pub names: FieldProbabilities,
    /// The birth dates: same, swapped day and month, one part differs, differs.
    pub date: FieldProbabilities,
    /// Sex: agree, disagree.
    pub sex: FieldProbabilities,
    /// The case numbers (a PV or notice number shared): agree, disagree. The u of an agreement
    /// is the population's on average; a pair is weighed by the u of the number it shares
    /// ([`Model::weight`]).
    pub reference: FieldProbabilities,
    /// Nationality, weighed with u conditional on the names level (see the module).
    pub nationality: ContextProbabilities,
    /// The form of exploitation, likewise.
    pub form: ContextProbabilities,
    /// How many near-namesakes the two records have, likewise (see the module).
    pub namesakes: ContextProbabilities,
    /// How many days apart the two registrations are, likewise (see the module).
    pub interval: ContextProbabilities,
    /// Whether the two registrations were made in one region, likewise (see the module).
    pub region: ContextProbabilities,
    /// The share of matches among all pairs of records the rule may decide (λ); EM's share among
    /// the candidates when the model keeps EM's estimate (see the module).
    pub prior: f64,
    /// EM iterations run.
    pub iterations: usize,
    /// Whether EM converged within the tolerance.
    pub converged: bool,
    /// Whether the fixed fallback parameters are used instead of EM's (see the module).
    pub fallback: bool,
    /// The weight at which a pair's probability reaches `link_probability`.
    pub link_weight: f64,
    /// The weight at which it reaches `review_low`.
    pub review_low_weight: f64,
    /// The weight at which it reaches `review_high`.
    pub review_high_weight: f64,
    /// Random pairs sampled for the starting u.
    pub sampled_pairs: u64,
    /// What the blocking did.
    pub blocking: BlockingStats,
}

/// A context field of a pair (nationality, form of exploitation: agree or disagree; the
/// near-namesakes' class), with m among matches and, among non-matches, u per names level (see
/// the module).
#[derive(Debug, Clone, PartialEq)]
pub struct ContextProbabilities {
    /// Per level of the field, its probability among pairs of the same person.
    pub m: Vec<f64>,
    /// Per names level, per level of the field, its probability among pairs of different
    /// persons.
    pub u: Vec<Vec<f64>>,
    /// Candidate pairs of different birth dates (different persons) the u were counted on.
    pub counted: u64,
}

impl ContextProbabilities {
    /// Weighs nothing: m and u alike at every level.
    fn neutral(names_levels: usize, levels: usize) -> ContextProbabilities {
        let even = vec![1.0 / levels as f64; levels];
        ContextProbabilities { m: even.clone(), u: vec![even; names_levels], counted: 0 }
    }

    /// log2(m/u) of a level at a names level.
    pub fn weight(&self, names: usize, level: usize) -> f64 {
        (self.m[level] / self.u[names][level]).log2()
    }
}

/// The level of each weighed comparison of a pair (`None`: unknown, no factor).
fn field_levels(c: &Comparison) -> [Option<usize>; FIELDS] {
    [Some(usize::from(c.names)), c.date.map(|d| d as usize), c.sex.known(), c.reference.known()]
}

impl Model {
    /// The match weight of a comparison vector: the sum of log2(m/u). A shared case number is
    /// weighed by the u of that number — the chance that a record of another person names it,
    /// `1 / c.reference_one_in` — rather than by the average over all numbers.
    pub fn weight(&self, c: &Comparison) -> f64 {
        let fields = [&self.names, &self.date, &self.sex, &self.reference];
        let weight = |(field, (level, probabilities)): (usize, (&Option<usize>, &FieldProbabilities))| {
            let level = (*level)?;
            Some(if field == REFERENCE && c.reference == FieldLevel::Agree && c.reference_one_in > 0 {
                (probabilities.m[level] * f64::from(c.reference_one_in)).log2()
            } else {
                probabilities.weight(level)
            })
        };
        let context = context_levels(c)
            .into_iter()
            .zip([&self.nationality, &self.form, &self.namesakes, &self.interval, &self.region])
            .filter_map(|(level, field)| Some(field.weight(usize::from(c.names), level?)));
        field_levels(c).iter().zip(fields).enumerate().filter_map(weight).sum::<f64>() + context.sum::<f64>()
    }

    /// The posterior probability of a match at this weight.
    pub fn probability(&self, weight: f64) -> f64 {
        let prior_odds = (self.prior / (1.0 - self.prior)).log2();
        1.0 / (1.0 + (-(weight + prior_odds)).exp2())
    }

    /// The weight at which the probability is `p`.
    fn weight_at(&self, p: f64) -> f64 {
        let p = p.clamp(1e-12, 1.0 - 1e-12);
        (p / (1.0 - p)).log2() - (self.prior / (1.0 - self.prior)).log2()
    }
}

/// The context fields, weighed with u by names level: nationality and form (agree, disagree),
/// the near-namesakes' class, the interval between the registrations and the region (agree,
/// disagree).
const CONTEXT: usize = 5;
/// The comparisons the sample counts: the weighed fields, then the context fields.
const SAMPLED: usize = FIELDS + CONTEXT;

/// The number of levels of each context field.
const CONTEXT_LEVELS: [usize; CONTEXT] = [2, 2, NAMESAKE_CLASSES, INTERVAL_CLASSES, 2];

/// The level of each context field of a pair (`None`: unknown, no factor).
fn context_levels(c: &Comparison) -> [Option<usize>; CONTEXT] {
    [
        c.nationality.known(),
        c.form.known(),
        Some(usize::from(c.namesakes)),
        c.interval.map(usize::from),
        c.region.known(),
    ]
}

/// Counts a pair's levels of the weighed fields, then of the context fields.
fn tally(counts: &mut [Vec<u64>; SAMPLED], c: &Comparison) {
    for (field, level) in field_levels(c).into_iter().chain(context_levels(c)).enumerate() {
        if let Some(level) = level {
            counts[field][level] += 1;
        }
    }
}

/// Counts of comparison levels among sampled pairs, per weighed field, then per context field.
#[derive(Debug, Clone)]
pub struct Sample {
    counts: [Vec<u64>; SAMPLED],
    pairs: u64,
    /// All pairs of the records the rule may decide (full identities): the population the
    /// share of matches is counted in.
    population: u64,
    /// All pairs of the records, the sample's population.
    all: u64,
}

/// The number of levels of each weighed field.
fn level_counts(levels: &Levels) -> [usize; FIELDS] {
    [levels.names_count(), DATE_LEVELS, 2, 2]
}

/// Sampled pairs compared per task: each chunk has its own random stream (seeded by the seed
/// and the chunk's number), so the counts do not depend on the number of threads.
const SAMPLE_CHUNK: u64 = 1 << 16;

/// The comparison levels of a fixed random sample of record pairs (all pairs when there are
/// no more than `options.u_sample_pairs`). Counted chunk by chunk: neither the pairs nor their
/// comparisons are held.
pub fn sample_comparisons(comparer: &Comparer, options: &LinkOptions) -> Sample {
    let records = comparer.records;
    let n = records.len() as u64;
    let all = n * n.saturating_sub(1) / 2;
    let decidable = records.iter().filter(|r| r.basis.rule_may_link()).count() as u64;
    let empty = || {
        let [names, date, sex, reference] = level_counts(comparer.levels);
        let [nationality, form, namesakes, interval, region] = CONTEXT_LEVELS;
        [names, date, sex, reference, nationality, form, namesakes, interval, region].map(|k| vec![0u64; k])
    };
    let count = |mut counts: [Vec<u64>; SAMPLED], (i, j): (u64, u64)| {
        tally(&mut counts, &comparer.compare(i as u32, j as u32));
        counts
    };
    let add = |mut a: [Vec<u64>; SAMPLED], b: [Vec<u64>; SAMPLED]| {
        for (x, y) in a.iter_mut().zip(b) {
            x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
        }
        a
    };
    let (counts, pairs) = if all <= options.u_sample_pairs as u64 {
        let counts = (0..n)
            .into_par_iter()
            .fold(empty, |counts, i| (i + 1..n).map(|j| (i, j)).fold(counts, count))
            .reduce(empty, add);
        (counts, all)
    } else {
        let wanted = options.u_sample_pairs as u64;
        let counts = (0..wanted.div_ceil(SAMPLE_CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let mut rng = ChaCha8Rng::seed_from_u64(options.seed ^ 0x5eed_0000_0000_0001 ^ (chunk << 20));
                let size = SAMPLE_CHUNK.min(wanted - chunk * SAMPLE_CHUNK);
                (0..size)
                    .map(|_| {
                        let i = rng.random_range(0..n);
                        let j = rng.random_range(0..n - 1);
                        (i, if j >= i { j + 1 } else { j })
                    })
                    .fold(empty(), count)
            })
            .reduce(empty, add);
        (counts, wanted)
    };
    Sample { counts, pairs, population: decidable * decidable.saturating_sub(1) / 2, all }
}

/// EM's estimate on the candidates, carried to the population of all pairs: u as measured on
/// the random sample, and the share of matches as the matches EM found among the candidates
/// over all pairs (see the module). m stays EM's.
fn in_the_population(params: Params, comparisons: &[Comparison], sample: &Sample) -> Params {
    let sampled = |field: usize| sample.counts[field].iter().sum::<u64>() >= MIN_SAMPLED;
    // The case numbers may be unknown in every pair (no list writes them): they then weigh
    // nothing whatever their u, and do not keep the other fields from the population's.
    if ![NAMES, DATE, SEX].into_iter().all(sampled) || sample.population == 0 {
        return params;
    }
    let matches = params.prior * comparisons.len() as f64;
    let sampled_matches = matches / sample.all.max(1) as f64;
    let population =
        |field: usize| shares(&without_matches(&sample.counts[field], &params.m[field], sampled_matches));
    let date = population(DATE);
    let names = names_in_the_population(
        &without_matches(&sample.counts[NAMES], &params.m[NAMES], sampled_matches),
        comparisons,
        sample.population as f64 * date[DateAgreement::Differs as usize],
    );
    Params {
        prior: (matches / sample.population as f64).clamp(1e-15, 0.5),
        u: [
            names,
            date,
            population(SEX),
            if sampled(REFERENCE) { population(REFERENCE) } else { params.u[REFERENCE].clone() },
        ],
        m: params.m,
    }
}

/// The names levels' u among all pairs, per level from the blocking or from the sample. The
/// blocking compares every pair of very similar names whatever their birth dates, and its
/// candidates whose birth dates differ in two parts or more (`differing`: all pairs of the
/// population times the share of such dates among different persons) count the strangers of
/// such a level exactly; lower, it leaves most pairs out. The sample (`sampled`, its matches
/// taken out) is unbiased at every level but holds a few million pairs: at the highest levels
/// it finds none or a stray match, and its smoothing would make two strangers of the same names
/// as common as one in eight million pairs — thirty times what the blocking finds at 10⁶
/// registrations. So a level keeps the blocking's share while the sample's count is what chance
/// allows around it (three standard deviations, and three pairs), and the sample's where it finds
/// more, as it does where the blocking is incomplete. A level neither finds is as rare as half a
/// pair.
fn names_in_the_population(sampled: &[f64], comparisons: &[Comparison], differing: f64) -> Vec<f64> {
    let known: f64 = sampled.iter().sum();
    let mut found = vec![0u64; sampled.len()];
    for c in comparisons.iter().filter(|c| c.date == Some(DateAgreement::Differs)) {
        found[usize::from(c.names)] += 1;
    }
    let u: Vec<f64> = sampled
        .iter()
        .zip(&found)
        .map(|(&count, &f)| {
            let blocking = (f as f64).max(SMOOTHING) / differing;
            let expected = blocking * known;
            if count <= expected + 3.0 * expected.sqrt() + 3.0 {
                blocking
            } else {
                count / known
            }
        })
        .collect();
    let total: f64 = u.iter().sum();
    u.iter().map(|x| x / total).collect()
}

/// A field's counts in the random sample less the matches it holds: a random pair is a match
/// with the share `share` of all pairs, and the matches fall in the levels as `m` says. At the
/// highest names levels they are most of what the sample finds (two strangers rarely have the
/// same names, two registrations of one person often), so without this the u of the same names
/// would be about λ·m, and the same names could never weigh more than the odds against a match
/// among all pairs.
fn without_matches(counts: &[u64], m: &[f64], share: f64) -> Vec<f64> {
    let known = counts.iter().sum::<u64>() as f64;
    counts.iter().zip(m).map(|(&c, &m)| (c as f64 - share * known * m).max(0.0)).collect()
}

/// Smoothed shares of counts.
fn shares(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum::<f64>() + SMOOTHING * counts.len() as f64;
    counts.iter().map(|&c| (c + SMOOTHING) / total).collect()
}

/// The parameters EM moves: the share of matches, and per weighed field m and u.
#[derive(Debug, Clone)]
struct Params {
    prior: f64,
    m: [Vec<f64>; FIELDS],
    u: [Vec<f64>; FIELDS],
}

impl Params {
    fn distance(&self, other: &Params) -> f64 {
        let vectors = self.m.iter().zip(&other.m).chain(self.u.iter().zip(&other.u));
        vectors
            .flat_map(|(a, b)| a.iter().zip(b.iter()).map(|(x, y)| (x - y).abs()))
            .fold((self.prior - other.prior).abs(), f64::max)
    }

    /// The same parameters with the classes swapped.
    fn swapped(self) -> Params {
        Params { prior: 1.0 - self.prior, m: self.u, u: self.m }
    }

    /// m/u of a names level.
    fn ratio(&self, level: usize) -> f64 {
        self.m[NAMES][level] / self.u[NAMES][level]
    }
}

/// The distinct comparison vectors among the candidates (as the levels the rule weighs) and how
/// often each occurs, sorted.
fn patterns(comparisons: &[Comparison]) -> Vec<([Option<usize>; FIELDS], f64)> {
    let mut counts: std::collections::BTreeMap<[Option<usize>; FIELDS], u64> =
        std::collections::BTreeMap::new();
    for c in comparisons {
        *counts.entry(field_levels(c)).or_default() += 1;
    }
    counts.into_iter().map(|(c, n)| (c, n as f64)).collect()
}

/// One EM step: the expected classes, then the parameters maximising the likelihood.
fn em_step(p: &Params, patterns: &[([Option<usize>; FIELDS], f64)], levels: &Levels) -> Params {
    let mut m_counts = p.m.clone().map(|v| vec![0.0; v.len()]);
    let mut u_counts = m_counts.clone();
    let (mut matches, mut total) = (0.0, 0.0);
    for (levels, n) in patterns {
        let g = posterior(p, levels);
        let (wm, wu) = (n * g, n * (1.0 - g));
        matches += wm;
        total += n;
        for (field, level) in levels.iter().enumerate() {
            if let Some(l) = *level {
                m_counts[field][l] += wm;
                u_counts[field][l] += wu;
            }
        }
    }
    // Matches are no more frequent at a lower names level than at a higher one, and
    // non-matches no less: without these constraints, EM at scale can explain the mass of
    // similar-name non-matches at the lowest levels as a class of matches, and chain them into
    // giant persons. Each run of ordered levels (by how the given names compare) is kept in
    // order on its own; the level of given names agreeing when the names do not stands apart.
    for run in levels.ordered_runs() {
        non_increasing(&mut m_counts[NAMES][run.clone()]);
        u_counts[NAMES][run.clone()].reverse();
        non_increasing(&mut u_counts[NAMES][run.clone()]);
        u_counts[NAMES][run].reverse();
    }
    // Likewise for the birth dates, from the same over one part differing to all differing
    // (a swap stands apart): without it, EM at 10⁵ registrations took namesakes with other
    // birth dates for matches (m of a differing date 0.2) and linked them.
    let ordered = |counts: &[f64]| [counts[0], counts[2], counts[3]];
    let mut m_date = ordered(&m_counts[DATE]);
    non_increasing(&mut m_date);
    // And a date differing in two parts or more is no more frequent among matches than a swap.
    if m_date[2] > m_counts[DATE][1] {
        let pooled = (m_date[2] + m_counts[DATE][1]) / 2.0;
        (m_date[2], m_counts[DATE][1]) = (pooled, pooled);
    }
    let mut u_date = ordered(&u_counts[DATE]);
    u_date.reverse();
    non_increasing(&mut u_date);
    u_date.reverse();
    for (counts, [same, one_part, differs]) in [(&mut m_counts[DATE], m_date), (&mut u_counts[DATE], u_date)]
    {
        (counts[0], counts[2], counts[3]) = (same, one_part, differs);
    }
    Params {
        prior: ((matches + SMOOTHING) / (total + 2.0 * SMOOTHING)).clamp(1e-12, 1.0 - 1e-12),
        m: m_counts.map(|c| shares(&c)),
        u: u_counts.map(|c| shares(&c)),
    }
}

/// The posterior probability that a pair with these levels of the weighed fields is a match
/// under EM's parameters.
fn posterior(p: &Params, levels: &[Option<usize>; FIELDS]) -> f64 {
    let (mut pm, mut pu) = (p.prior, 1.0 - p.prior);
    for (field, level) in levels.iter().enumerate() {
        if let Some(l) = *level {
            pm *= p.m[field][l];
            pu *= p.u[field][l];
        }
    }
    if pm + pu > 0.0 {
        pm / (pm + pu)
    } else {
        0.5
    }
}

/// How many pairs the population's share counts for in a names level's u of a context field:
/// a level with few candidates of different birth dates keeps close to it.
const CONTEXT_PRIOR_PAIRS: f64 = 20.0;
/// Fewer candidates with the same names and birth date and a known context field than this,
/// and the field's m is EM's posterior share instead of theirs.
const MIN_SURE_MATCHES: u64 = 100;

/// A context field's probabilities (see the module): m from the candidates with the same names
/// and birth date, or EM's posterior on the candidates when they are too few; u per names level
/// from the candidates whose birth dates differ (different persons), shrunk towards the
/// population's shares (`population`: the field's levels among the sampled pairs).
fn context_field(
    comparisons: &[Comparison],
    em: &Params,
    population: &[u64],
    names_levels: usize,
    field: usize,
) -> ContextProbabilities {
    let k = population.len();
    let mut posterior_counts = vec![0.0; k];
    let mut sure = vec![0u64; k];
    let mut by_level = vec![vec![0u64; k]; names_levels];
    for c in comparisons {
        let Some(level) = context_levels(c)[field] else { continue };
        posterior_counts[level] += posterior(em, &field_levels(c));
        match c.date {
            Some(DateAgreement::Differs) => by_level[usize::from(c.names)][level] += 1,
            Some(DateAgreement::Same) if c.names == 0 => sure[level] += 1,
            _ => {}
        }
    }
    // The pairs with the same names and birth date are matches but for a rare namesake born the
    // same day: where they are enough, m is theirs; EM's classes take some similar strangers for
    // matches at scale (at 10⁶ synthetic registrations EM's posterior gave nationality an m of
    // 0.89, these pairs 0.99).
    let m = if sure.iter().sum::<u64>() >= MIN_SURE_MATCHES {
        shares(&sure.iter().map(|&x| x as f64).collect::<Vec<f64>>())
    } else {
        shares(&posterior_counts)
    };
    let u_population = shares(&population.iter().map(|&x| x as f64).collect::<Vec<f64>>());
    let u = by_level
        .iter()
        .map(|counts| {
            let total = counts.iter().sum::<u64>() as f64 + CONTEXT_PRIOR_PAIRS;
            counts
                .iter()
                .zip(&u_population)
                .map(|(&c, p)| (c as f64 + CONTEXT_PRIOR_PAIRS * p) / total)
                .collect()
        })
        .collect();
    ContextProbabilities { m, u, counted: by_level.iter().flatten().sum() }
}

/// Pools adjacent violators (isotonic regression with equal weights), so that the values never
/// rise from one level to the next: the likelihood's maximum under that order.
fn non_increasing(values: &mut [f64]) {
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(values.len());
    for &v in values.iter() {
        blocks.push((v, 1));
        while let [.., (s1, c1), (s2, c2)] = blocks[..] {
            if s1 / c1 as f64 >= s2 / c2 as f64 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push((s1 + s2, c1 + c2));
        }
    }
    let mut i = 0;
    for (sum, count) in blocks {
        for _ in 0..count {
            values[i] = sum / count as f64;
            i += 1;
        }
    }
}

/// Geometric shares over `k` levels: the first level most likely when `ratio` < 1.
fn geometric(k: usize, ratio: f64) -> Vec<f64> {
    let raw: Vec<f64> = (0..k).map(|i| ratio.powi(i as i32)).collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|r| r / total).collect()
}

/// Shares of the names levels: geometric over each run of ordered levels, the runs weighing
/// `runs` (given names agreeing, agreeing in part, differing), and `given` for the level of
/// given names that agree when the names do not.
fn names_shares(levels: &Levels, ratio: f64, runs: [f64; 3], given: f64) -> Vec<f64> {
    let mut shares = vec![0.0; levels.names_count()];
    shares[usize::from(levels.given_pattern())] = given;
    for (run, weight) in levels.ordered_runs().into_iter().zip(runs) {
        for (level, share) in run.zip(geometric(levels.count(), ratio)) {
            shares[level] = share * weight * (1.0 - given);
        }
    }
    shares
}

/// The model: EM's estimate, or the fixed fallback (see the module).
pub fn estimate(
    comparisons: &[Comparison],
    sample: &Sample,
    levels: &Levels,
    options: &LinkOptions,
    blocking: BlockingStats,
) -> Model {
    let k = levels.count();
    let as_f64 = |c: &[u64]| c.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let measured = |field: usize, otherwise: Vec<f64>| {
        if sample.counts[field].iter().sum::<u64>() >= 10 {
            shares(&as_f64(&sample.counts[field]))
        } else {
            otherwise
        }
    };
    // The given names of a match mostly agree, a stranger's mostly differ; the given-names
    // level: a few matches (a marriage), very few non-matches.
    let u_start = [
        measured(NAMES, names_shares(levels, 10.0, [0.1, 0.3, 0.6], 0.001)),
        measured(DATE, vec![0.001, 0.001, 0.05, 0.948]),
        measured(SEX, vec![0.5, 0.5]),
        measured(REFERENCE, vec![0.001, 0.999]),
    ];
    let m_date = vec![0.8, 0.05, 0.1, 0.05];
    let m_reference = vec![0.7, 0.3];
    let start = Params {
        prior: 0.5,
        m: [
            names_shares(levels, 0.5, [0.8, 0.15, 0.05], 0.05),
            m_date.clone(),
            vec![0.95, 0.05],
            m_reference.clone(),
        ],
        u: u_start.clone(),
    };
    let fallback = Params {
        prior: 0.5,
        // How the given names compare weighs nothing here: the runs weigh alike.
        m: [names_shares(levels, 1.0 / 3.0, [1.0 / 3.0; 3], 0.05), m_date, vec![0.95, 0.05], m_reference],
        u: [
            names_shares(levels, 10.0, [1.0 / 3.0; 3], 0.001),
            vec![0.05, 0.01, 0.14, 0.8],
            u_start[SEX].clone(),
            u_start[REFERENCE].clone(),
        ],
    };

    let patterns = patterns(comparisons);
    let levels_present = {
        let mut seen = vec![false; levels.names_count()];
        for (levels, _) in &patterns {
            if let Some(l) = levels[NAMES] {
                seen[l] = true;
            }
        }
        seen.iter().filter(|&&s| s).count()
    };
    let (mut params, mut iterations, mut converged) = (start, 0, false);
    let use_fallback = if comparisons.len() < MIN_PAIRS_FOR_EM || levels_present < 2 {
        true
    } else {
        while iterations < options.max_iterations {
            let next = em_step(&params, &patterns, levels);
            iterations += 1;
            let moved = next.distance(&params);
            params = next;
            if moved <= options.tolerance {
                converged = true;
                break;
            }
        }
        if params.ratio(0) < 1.0 && params.ratio(k - 1) > 1.0 {
            params = params.swapped();
        }
        let finite = params.m.iter().chain(&params.u).all(|v| v.iter().all(|x| x.is_finite() && *x > 0.0));
        // Collapsed?
        !(1e-9..=1.0 - 1e-9).contains(&params.prior)
            || !finite
            || params.ratio(0) <= 1.0
            || params.ratio(0) <= params.ratio(k - 1)
    };
    let names_levels = levels.names_count();
    let context = |field: usize| {
        let population = &sample.counts[FIELDS + field];
        if use_fallback {
            ContextProbabilities::neutral(names_levels, population.len())
        } else {
            context_field(comparisons, &params, population, names_levels, field)
        }
    };
    let [nationality, form, namesakes, interval, region] = [0, 1, 2, 3, 4].map(context);
    if use_fallback {
        params = fallback;
    } else {
        params = in_the_population(params, comparisons, sample);
    }
    let [m_names, m_date, m_sex, m_reference] = params.m;
    let [u_names, u_date, u_sex, u_reference] = params.u;
    let mut model = Model {
        names: FieldProbabilities { m: m_names, u: u_names },
        date: FieldProbabilities { m: m_date, u: u_date },
        sex: FieldProbabilities { m: m_sex, u: u_sex },
        reference: FieldProbabilities { m: m_reference, u: u_reference },
        nationality,
        form,
        namesakes,
        interval,
        region,
        prior: params.prior,
        iterations,
        converged,
        fallback: use_fallback,
        link_weight: 0.0,
        review_low_weight: 0.0,
        review_high_weight: 0.0,
        sampled_pairs: sample.pairs,
        blocking,
    };
    model.link_weight = model.weight_at(options.link_probability);
    model.review_low_weight = model.weight_at(options.review_low);
    model.review_high_weight = model.weight_at(options.review_high);
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::DateAgreement;
    use crate::linkage::comparison::FieldLevel;

    /// Five ordered names levels (and the given-names level, 5), as the sample below counts them.
    const FIVE_LEVELS: [f64; 4] = [0.95, 0.88, 0.80, 0.72];

    fn c(names: u8, date: Option<DateAgreement>, sex: FieldLevel) -> Comparison {
        Comparison {
            names,
            date,
            sex,
            nationality: FieldLevel::Unknown,
            form: FieldLevel::Unknown,
            region: FieldLevel::Unknown,
            reference: FieldLevel::Unknown,
            reference_one_in: 0,
            namesakes: 0,
            interval: None,
        }
    }

    /// All pairs of the records of a test: 100,321 pairs of different persons (names, dates and
    /// sex as the counts say) and the test's `matches`, which a random sample of all pairs holds
    /// too.
    fn sample_of(matches: &[Comparison]) -> Sample {
        let mut counts = [
            // Five ordered levels of given names agreeing, the given-names level, then the levels
            // of given names agreeing in part and differing: none here.
            // As many pairs at each level as the tests' candidates hold at least.
            [vec![0, 1, 100, 3_000, 97_200, 20], vec![0; 10]].concat(),
            vec![3, 1, 400, 99_917],
            vec![50_000, 50_000],
            vec![0, 60_000],
            vec![0, 0],
            vec![0, 0],
            vec![100_321, 0, 0, 0, 0, 0],
            vec![0; INTERVAL_CLASSES],
            vec![0, 0],
        ];
        for c in matches {
            tally(&mut counts, c);
        }
        let all = 100_321 + matches.len() as u64;
        Sample { counts, pairs: all, population: all, all }
    }

    fn sample() -> Sample {
        sample_of(&[])
    }

    #[test]
    fn em_separates_a_clear_mixture() {
        use DateAgreement::*;
        use FieldLevel::*;
        let mut comparisons = Vec::new();
        // 300 matches: similar names (one in fifteen under another family name: the given names
        // agree, level 5), dates agreeing (a few with one part off), sex agreeing; 3000
        // non-matches among the candidates: less similar names, other dates, either sex.
        for i in 0..300 {
            let date = if i % 10 == 0 { OnePartDiffers } else { Same };
            let names = match i % 15 {
                7 => 5,
                _ if i % 3 == 0 => 1,
                _ => 0,
            };
            comparisons.push(c(names, Some(date), Agree));
        }
        for i in 0..3000 {
            let sex = if i % 2 == 0 { Agree } else { Disagree };
            let date = if i % 40 == 0 { OnePartDiffers } else { Differs };
            comparisons.push(c(if i % 50 == 0 { 2 } else { 3 + (i % 2) as u8 }, Some(date), sex));
        }
        let levels = Levels::new(&FIVE_LEVELS);
        let sample = sample_of(&comparisons[..300]);
        let model =
            estimate(&comparisons, &sample, &levels, &LinkOptions::default(), BlockingStats::default());
        assert!(!model.fallback && model.converged, "{model:?}");
        // EM finds the 300 matches among the 3,300 candidates; the rule's share is theirs among
        // all 100,621 pairs of the population.
        let share = 300.0 / sample.population as f64;
        assert!((model.prior / share - 1.0).abs() < 0.05, "{} against {share}", model.prior);
        // u is the sample's, the matches it holds aside: at the top level, where only matches
        // were sampled, as if none had been.
        let sampled = 97_200.0 / 100_321.0;
        assert!((model.names.u[4] - sampled).abs() < 0.001, "{} {sampled}", model.names.u[4]);
        assert!(model.names.u[0] < 10.0 / 100_321.0, "{}", model.names.u[0]);
        // Given names agreeing when the names do not: as rare among all pairs as 20 in 100,321,
        // a match with the same birth date; the lowest ordered level with it is not.
        assert!(model.probability(model.weight(&c(5, Some(Same), Agree))) > 0.5);
        assert!(model.probability(model.weight(&c(4, Some(Same), Agree))) < 0.5);
        let top = model.probability(model.weight(&c(0, Some(Same), Agree)));
        let bottom = model.probability(model.weight(&c(3, Some(Differs), Disagree)));
        assert!(top > 0.99 && bottom < 0.01, "{top} {bottom}");
        assert!(model.weight(&c(4, None, Unknown)) < model.weight(&c(3, None, Unknown)));
        assert!(model.weight(&c(1, Some(Same), Unknown)) > model.weight(&c(1, Some(Differs), Unknown)));
        assert!((model.probability(model.link_weight) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_shared_case_number_weighs_by_how_rare_it_is_and_links_a_pair_the_names_leave_apart() {
        use DateAgreement::*;
        use FieldLevel::*;
        let with = |names, date, reference, one_in| Comparison {
            reference,
            reference_one_in: one_in,
            ..c(names, Some(date), Agree)
        };
        let mut comparisons = Vec::new();
        // 300 matches, two in three naming the same case number, one in six another; 3,000
        // non-matches, one in three with two different numbers.
        for i in 0..300 {
            let reference = [Agree, Agree, Unknown, Agree, Agree, Disagree][i % 6];
            let one_in = if reference == Agree { 5_000 } else { 0 };
            comparisons.push(with(if i % 3 == 0 { 1 } else { 0 }, Same, reference, one_in));
        }
        for i in 0..3000 {
            let reference = if i % 3 == 0 { Disagree } else { Unknown };
            comparisons.push(with(
                3 + (i % 2) as u8,
                if i % 40 == 0 { OnePartDiffers } else { Differs },
                reference,
                0,
            ));
        }
        let levels = Levels::new(&FIVE_LEVELS);
        let sample = sample_of(&comparisons[..300]);
        let model =
            estimate(&comparisons, &sample, &levels, &LinkOptions::default(), BlockingStats::default());
        assert!(!model.fallback && model.converged, "{model:?}");
        let m_agree = model.reference.m[0];
        assert!(m_agree > 0.5, "EM finds most matches agreeing: {:?}", model.reference);
        // An agreement weighs log2(m / u) with u the number's own: 1 / one_in.
        let unknown = model.weight(&with(3, Same, Unknown, 0));
        for one_in in [10, 5_000] {
            let shared = model.weight(&with(3, Same, Agree, one_in));
            assert!((shared - unknown - (m_agree * f64::from(one_in)).log2()).abs() < 1e-9);
        }
        assert!(model.weight(&with(3, Same, Disagree, 0)) < unknown, "two different numbers weigh against");
        // Names below the last level's bound and the same birth date: not linked on their own,
        // linked when both records name a number few others name, not when many do.
        let alone = model.weight(&with(4, Same, Unknown, 0));
        assert!(model.probability(alone) < 0.5, "{}", model.probability(alone));
        assert!(model.probability(model.weight(&with(4, Same, Agree, 5_000))) > 0.5);
        assert!(model.probability(model.weight(&with(4, Same, Agree, 2))) < 0.5);
    }

    #[test]
    fn nationality_weighs_by_its_share_among_strangers_with_names_as_alike() {
        use DateAgreement::*;
        use FieldLevel::*;
        let with = |names, date, nationality| Comparison { nationality, ..c(names, Some(date), Agree) };
        let mut comparisons = Vec::new();
        // 300 matches of one nationality (120 with the same names and birth date); 3,000
        // different persons with other birth dates: at names level 2 they share a nationality one
        // time in two (names of one language), at levels 3 and 4 one time in ten.
        for i in 0..300 {
            let names = if i % 5 < 2 { 0 } else { 1 };
            comparisons.push(with(names, if i % 10 == 9 { OnePartDiffers } else { Same }, Agree));
        }
        for i in 0..3000 {
            let names = [2, 3, 4][i % 3];
            let agree = if names == 2 { i % 2 == 0 } else { i % 10 == 0 };
            comparisons.push(with(names as u8, Differs, if agree { Agree } else { Disagree }));
        }
        let mut sample = sample();
        // Among all pairs of records, one in ten share a nationality.
        sample.counts[FIELDS] = vec![10_000, 90_000];
        let levels = Levels::new(&FIVE_LEVELS);
        let model =
            estimate(&comparisons, &sample, &levels, &LinkOptions::default(), BlockingStats::default());
        assert!(!model.fallback, "{model:?}");
        let nationality = &model.nationality;
        assert!(nationality.m[0] > 0.99, "the pairs of one name and birth date agree: {:?}", nationality.m);
        // u follows the names level: about a half at level 2, a tenth at levels 3 and 4 and where
        // no such candidates were counted (the population's share).
        assert!((nationality.u[2][0] - 0.5).abs() < 0.02, "{:?}", nationality.u);
        assert!((nationality.u[3][0] - 0.1).abs() < 0.01, "{:?}", nationality.u);
        assert!((nationality.u[0][0] - 0.1).abs() < 1e-4, "{:?}", nationality.u);
        assert_eq!(nationality.counted, 3000);
        // An agreement weighs less where strangers agree more; a disagreement weighs against.
        let weight = |names, level| model.weight(&with(names, Same, level));
        let agreement = |names| weight(names, Agree) - weight(names, Unknown);
        assert!(agreement(2) > 0.9 && agreement(2) < 1.1, "{}", agreement(2));
        assert!(agreement(3) > 3.2, "{}", agreement(3));
        assert!(weight(3, Disagree) < weight(3, Unknown) - 6.0);
        // The form of exploitation, never known here, weighs nothing.
        assert_eq!(model.form.counted, 0);
        assert_eq!(
            model.weight(&Comparison { form: Agree, ..with(3, Same, Unknown) }) - weight(3, Unknown),
            { (model.form.m[0] / model.form.u[3][0]).log2() }
        );
    }

    #[test]
    fn near_namesakes_weigh_by_how_often_strangers_with_names_as_alike_have_them() {
        use DateAgreement::*;
        use FieldLevel::*;
        let with = |names, date, namesakes| Comparison { namesakes, ..c(names, Some(date), Agree) };
        let mut comparisons = Vec::new();
        // 300 matches, half without a near-namesake; 3,000 different persons with other birth
        // dates at names level 3, nine in ten of them in a crowd (class 4: 8–15 near-namesakes).
        for i in 0..300 {
            comparisons.push(with(if i % 5 < 2 { 0 } else { 1 }, Same, if i % 2 == 0 { 0 } else { 2 }));
        }
        for i in 0..3000 {
            comparisons.push(with(3, Differs, if i % 10 == 0 { 0 } else { 4 }));
        }
        let levels = Levels::new(&FIVE_LEVELS);
        let model =
            estimate(&comparisons, &sample(), &levels, &LinkOptions::default(), BlockingStats::default());
        let namesakes = &model.namesakes;
        assert!((namesakes.m[0] - 0.5).abs() < 0.05, "{:?}", namesakes.m);
        assert!((namesakes.u[3][4] - 0.9).abs() < 0.02, "{:?}", namesakes.u[3]);
        // Names at level 3 with the same birth date: a sure match where neither record has a
        // near-namesake, an uncertain one in a crowd.
        let p = |class| model.probability(model.weight(&with(3, Same, class)));
        assert!(p(0) > 0.99 && p(4) < 0.9, "{} {}", p(0), p(4));
    }

    #[test]
    fn the_interval_weighs_by_how_soon_one_persons_registrations_follow_each_other() {
        use DateAgreement::*;
        let with = |names, date, interval| Comparison { interval, ..c(names, Some(date), FieldLevel::Agree) };
        let mut comparisons = Vec::new();
        // 300 matches with the same names and birth date, registered within a week (half), a
        // month or two months of each other; 3,000 different persons with other birth dates,
        // registered as far apart as two random days of two years are: 1 in 50 within a week, 3 in
        // 5 more than a year apart.
        for i in 0..300usize {
            comparisons.push(with((i % 2) as u8, Same, Some([0, 0, 0, 1, 1, 2][(i / 2) % 6])));
        }
        let strangers = [60, 120, 120, 420, 480, 1800];
        for (class, n) in strangers.iter().enumerate() {
            comparisons.extend((0..*n).map(|_| with(3, Differs, Some(class as u8))));
        }
        let mut sample = sample();
        sample.counts[FIELDS + 3] = strangers.iter().map(|&n| n * 30).collect();
        let levels = Levels::new(&FIVE_LEVELS);
        let model =
            estimate(&comparisons, &sample, &levels, &LinkOptions::default(), BlockingStats::default());
        let interval = &model.interval;
        assert!((interval.m[0] - 0.5).abs() < 0.02 && interval.m[5] < 0.01, "{:?}", interval.m);
        assert_eq!(interval.counted, 3000);
        // Within a week is evidence for, more than a year evidence against; no dates, nothing.
        let weight = |class| model.weight(&with(3, Same, class));
        assert!(weight(Some(0)) - weight(None) > 4.0, "{} {}", weight(Some(0)), weight(None));
        assert!(weight(Some(5)) - weight(None) < -4.0, "{} {}", weight(Some(5)), weight(None));
        assert!(weight(Some(2)) > weight(Some(3)));
    }

    #[test]
    fn the_highest_names_levels_take_their_u_from_the_blocking_and_the_others_from_the_sample() {
        use DateAgreement::*;
        // A million sampled pairs of ten billion with differing birth dates; the candidates with
        // such dates: 40 at level 0, 30 at level 1, 100 at level 2.
        let sampled = [0.0, 2.0, 5_000.0, 995_000.0];
        let mut comparisons = Vec::new();
        for (level, n) in [(0, 40), (1, 30), (2, 100)] {
            comparisons.extend((0..n).map(|_| c(level, Some(Differs), FieldLevel::Unknown)));
        }
        comparisons.push(c(1, Some(Same), FieldLevel::Unknown));
        let u = names_in_the_population(&sampled, &comparisons, 1e10);
        // Level 1: two stray pairs in the sample are chance, the blocking's thirty in ten
        // billion the share; level 2: the sample finds far more than the blocking.
        assert!((u[0] - 40.0 / 1e10).abs() < 1e-12 && (u[1] - 30.0 / 1e10).abs() < 1e-12, "{u:?}");
        let sampled_share = |level: usize| sampled[level] / 1e6;
        assert!((u[2] - sampled_share(2)).abs() < 1e-6 && (u[3] - sampled_share(3)).abs() < 1e-6, "{u:?}");
    }

    #[test]
    fn degenerate_inputs_fall_back() {
        use DateAgreement::*;
        use FieldLevel::*;
        let levels = Levels::new(&FIVE_LEVELS);
        let options = LinkOptions::default();
        let none = estimate(&[], &sample(), &levels, &options, BlockingStats::default());
        assert!(none.fallback);
        let identical = vec![c(0, Some(Same), Agree); 500];
        let model = estimate(&identical, &sample(), &levels, &options, BlockingStats::default());
        assert!(model.fallback);
        // The fallback: similar names with the same date, or one date part off, link; names at
        // 0.80–0.88 with another date, or unlike names with the same date, do not.
        let p = |names, date, sex| model.probability(model.weight(&c(names, date, sex)));
        assert!(p(1, Some(Same), Unknown) > 0.95);
        assert!(p(1, Some(OnePartDiffers), Agree) > 0.5);
        assert!(p(2, Some(Differs), Unknown) < 0.5);
        assert!(p(4, Some(Same), Agree) < 0.5);
    }
}

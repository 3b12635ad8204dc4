//! The decision rule: a Fellegi–Sunter model estimated by expectation–maximisation.
//!
//! Each comparison (similarity level, sex, nationality) has an m probability per level (how
//! often the level occurs among pairs of the same person) and a u probability (among pairs of
//! different persons); under conditional independence a pair's Bayes factor is the product of
//! m/u over its comparisons, an unknown field contributing nothing. Its **match weight** is the
//! log2 of that factor, and with the share λ of matches among the candidates its **posterior
//! probability** is `1 / (1 + 2^-(weight + log2(λ / (1 − λ))))`.
//!
//! **Estimation.** The u probabilities are first measured on a fixed random sample of record
//! pairs (seeded; all pairs when there are few), which are nearly all non-matches — splink's
//! "u by random sampling". EM then runs on the candidate pairs, grouped by comparison vector
//! (at most 4·3·3 patterns, so each iteration is instant and the result does not depend on the
//! order of pairs): it starts from those u, from m favouring the highest similarity and
//! agreement, and λ = ½, and re-estimates m, u (the candidates are a selection, so their u is
//! not the sample's) and λ until no parameter moves by more than the tolerance or the
//! iterations run out. Counts are smoothed by half a pair per level, so no level has a
//! probability of 0 and no weight is infinite. Each step keeps the similarity levels in order:
//! m never rises and u never falls as similarity falls (pooled adjacent violators). Without
//! that, EM on 10⁵ synthetic registrations called the mass of similar-name non-matches at the
//! lowest level a class of matches (m = 0.88 there) and chained them into persons of up to
//! 1,004 registrations (pairwise precision 0.017); with it, precision 0.971 and recall 0.860.
//!
//! **Guards.** EM's two classes can come out swapped (the "match" class being the less similar
//! one): they are swapped back. The estimate is not used, and the model falls back to fixed
//! parameters ([`Model::fallback`]), when there are fewer than [`MIN_PAIRS_FOR_EM`] candidates,
//! when they fall in fewer than two similarity levels (e.g. all pairs identical), or when EM
//! collapses (a share of matches of 0 or 1, or m/u not higher at the top similarity level than
//! at the bottom one). The fixed parameters give similarity factors of about 750, 25, 0.8 and
//! 0.03 for the four default levels and λ = ½: a pair with similarity ≥ 0.88 links, a pair at
//! 0.80–0.88 links when sex and nationality agree and goes to review otherwise, and a pair below
//! 0.80 is reviewed at most.
//!
//! The level below the candidate floor occurs only for decided pairs that were no candidates;
//! its u is the sample's share of pairs below the floor and its m the smoothing's half pair
//! among the expected matches, so such a pair's weight is strongly negative.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::blocking::BlockingStats;
use super::comparison::{compare, Comparison, FieldLevel, Levels};
use super::{LinkOptions, LinkRecord};

/// Fewer candidates than this, and EM is not trusted.
pub const MIN_PAIRS_FOR_EM: usize = 20;
/// The pseudo-count added to every level when estimating.
const SMOOTHING: f64 = 0.5;

/// The m and u probabilities of one comparison's levels (for sex and nationality: agree,
/// disagree; unknown carries no information and has none).
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
    /// The similarity levels (the last: below the candidate floor).
    pub similarity: FieldProbabilities,
    /// Sex: agree, disagree.
    pub sex: FieldProbabilities,
    /// Nationality: agree, disagree.
    pub nationality: FieldProbabilities,
    /// The share of matches among the candidate pairs (λ).
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

impl Model {
    /// The match weight of a comparison vector: the sum of log2(m/u).
    pub fn weight(&self, c: &Comparison) -> f64 {
        let mut w = self.similarity.weight(usize::from(c.similarity));
        if c.sex != FieldLevel::Unknown {
            w += self.sex.weight(c.sex.index());
        }
        if c.nationality != FieldLevel::Unknown {
            w += self.nationality.weight(c.nationality.index());
        }
        w
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

/// Counts of comparison levels among sampled pairs.
#[derive(Debug, Clone)]
pub struct Sample {
    similarity: Vec<u64>,
    sex: [u64; 2],
    nationality: [u64; 2],
    pairs: u64,
}

/// The comparison levels of a fixed random sample of record pairs (all pairs when there are
/// no more than `options.u_sample_pairs`).
pub fn sample_comparisons(records: &[LinkRecord], levels: &Levels, options: &LinkOptions) -> Sample {
    let n = records.len();
    let mut sample =
        Sample { similarity: vec![0; levels.count()], sex: [0; 2], nationality: [0; 2], pairs: 0 };
    let all = (n as u64) * (n as u64).saturating_sub(1) / 2;
    let pairs: Vec<(u32, u32)> = if all <= options.u_sample_pairs as u64 {
        (0..n as u32).flat_map(|i| (i + 1..n as u32).map(move |j| (i, j))).collect()
    } else {
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed ^ 0x5eed_0000_0000_0001);
        (0..options.u_sample_pairs)
            .map(|_| {
                let i = rng.random_range(0..n);
                let j = rng.random_range(0..n - 1);
                (i as u32, if j >= i { j + 1 } else { j } as u32)
            })
            .collect()
    };
    let comparisons: Vec<Comparison> = pairs
        .par_iter()
        .map(|&(i, j)| {
            let (p, q) = (&records[i as usize], &records[j as usize]);
            compare(levels, p, q, p.encoding.similarity(&q.encoding) as f32)
        })
        .collect();
    for c in &comparisons {
        sample.similarity[usize::from(c.similarity)] += 1;
        if c.sex != FieldLevel::Unknown {
            sample.sex[c.sex.index()] += 1;
        }
        if c.nationality != FieldLevel::Unknown {
            sample.nationality[c.nationality.index()] += 1;
        }
        sample.pairs += 1;
    }
    sample
}

/// Smoothed shares of counts.
fn shares(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum::<f64>() + SMOOTHING * counts.len() as f64;
    counts.iter().map(|&c| (c + SMOOTHING) / total).collect()
}

/// The parameters EM moves.
#[derive(Debug, Clone)]
struct Params {
    prior: f64,
    m_sim: Vec<f64>,
    u_sim: Vec<f64>,
    m_sex: Vec<f64>,
    u_sex: Vec<f64>,
    m_nat: Vec<f64>,
    u_nat: Vec<f64>,
}

impl Params {
    fn distance(&self, other: &Params) -> f64 {
        let pairs = [
            (&self.m_sim, &other.m_sim),
            (&self.u_sim, &other.u_sim),
            (&self.m_sex, &other.m_sex),
            (&self.u_sex, &other.u_sex),
            (&self.m_nat, &other.m_nat),
            (&self.u_nat, &other.u_nat),
        ];
        pairs
            .iter()
            .flat_map(|(a, b)| a.iter().zip(b.iter()).map(|(x, y)| (x - y).abs()))
            .fold((self.prior - other.prior).abs(), f64::max)
    }

    /// The same parameters with the classes swapped.
    fn swapped(self) -> Params {
        Params {
            prior: 1.0 - self.prior,
            m_sim: self.u_sim,
            u_sim: self.m_sim,
            m_sex: self.u_sex,
            u_sex: self.m_sex,
            m_nat: self.u_nat,
            u_nat: self.m_nat,
        }
    }

    fn ratio(&self, level: usize) -> f64 {
        self.m_sim[level] / self.u_sim[level]
    }
}

/// The distinct comparison vectors among the candidates and how often each occurs, sorted.
fn patterns(comparisons: &[Comparison]) -> Vec<(Comparison, f64)> {
    let mut counts: std::collections::BTreeMap<Comparison, u64> = std::collections::BTreeMap::new();
    for c in comparisons {
        *counts.entry(*c).or_default() += 1;
    }
    counts.into_iter().map(|(c, n)| (c, n as f64)).collect()
}

/// One EM step: the expected classes, then the parameters maximising the likelihood.
fn em_step(p: &Params, patterns: &[(Comparison, f64)], candidate_levels: usize) -> Params {
    let mut sim_m = vec![0.0; candidate_levels];
    let mut sim_u = vec![0.0; candidate_levels];
    let (mut sex_m, mut sex_u, mut nat_m, mut nat_u) = ([0.0; 2], [0.0; 2], [0.0; 2], [0.0; 2]);
    let (mut matches, mut total) = (0.0, 0.0);
    for (c, n) in patterns {
        let s = usize::from(c.similarity);
        let (mut pm, mut pu) = (p.prior * p.m_sim[s], (1.0 - p.prior) * p.u_sim[s]);
        if c.sex != FieldLevel::Unknown {
            pm *= p.m_sex[c.sex.index()];
            pu *= p.u_sex[c.sex.index()];
        }
        if c.nationality != FieldLevel::Unknown {
            pm *= p.m_nat[c.nationality.index()];
            pu *= p.u_nat[c.nationality.index()];
        }
        let g = if pm + pu > 0.0 { pm / (pm + pu) } else { 0.5 };
        let (wm, wu) = (n * g, n * (1.0 - g));
        matches += wm;
        total += n;
        sim_m[s] += wm;
        sim_u[s] += wu;
        if c.sex != FieldLevel::Unknown {
            sex_m[c.sex.index()] += wm;
            sex_u[c.sex.index()] += wu;
        }
        if c.nationality != FieldLevel::Unknown {
            nat_m[c.nationality.index()] += wm;
            nat_u[c.nationality.index()] += wu;
        }
    }
    // Matches are no more frequent at a lower similarity level than at a higher one, and
    // non-matches no less: without these constraints, EM at scale can explain the mass of
    // similar-name non-matches at the lowest candidate level (who share nationality and sex
    // far more than random pairs) as a class of matches, and chain them into giant persons.
    non_increasing(&mut sim_m);
    sim_u.reverse();
    non_increasing(&mut sim_u);
    sim_u.reverse();
    Params {
        prior: ((matches + SMOOTHING) / (total + 2.0 * SMOOTHING)).clamp(1e-12, 1.0 - 1e-12),
        m_sim: shares(&sim_m),
        u_sim: shares(&sim_u),
        m_sex: shares(&sex_m),
        u_sex: shares(&sex_u),
        m_nat: shares(&nat_m),
        u_nat: shares(&nat_u),
    }
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

/// The model: EM's estimate, or the fixed fallback (see the module).
pub fn estimate(
    comparisons: &[Comparison],
    sample: &Sample,
    levels: &Levels,
    options: &LinkOptions,
    blocking: BlockingStats,
) -> Model {
    let k = levels.count() - 1; // the candidate levels
    let as_f64 = |c: &[u64]| c.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let u_sex =
        if sample.sex.iter().sum::<u64>() > 0 { shares(&as_f64(&sample.sex)) } else { vec![0.5, 0.5] };
    let u_nat = if sample.nationality.iter().sum::<u64>() > 0 {
        shares(&as_f64(&sample.nationality))
    } else {
        vec![0.1, 0.9]
    };
    let above: Vec<f64> = as_f64(&sample.similarity[..k]);
    let u_sim_start = if above.iter().sum::<f64>() >= 10.0 { shares(&above) } else { geometric(k, 10.0) };
    let start = Params {
        prior: 0.5,
        m_sim: geometric(k, 0.5),
        u_sim: u_sim_start,
        m_sex: vec![0.95, 0.05],
        u_sex: u_sex.clone(),
        m_nat: vec![0.9, 0.1],
        u_nat: u_nat.clone(),
    };
    let fallback = Params {
        prior: 0.5,
        m_sim: geometric(k, 1.0 / 3.0),
        u_sim: geometric(k, 10.0),
        m_sex: vec![0.95, 0.05],
        u_sex,
        m_nat: vec![0.9, 0.1],
        u_nat,
    };

    let patterns = patterns(comparisons);
    let levels_present = {
        let mut seen = vec![false; k];
        for (c, _) in &patterns {
            seen[usize::from(c.similarity).min(k - 1)] = true;
        }
        seen.iter().filter(|&&s| s).count()
    };
    let (mut params, mut iterations, mut converged) = (start, 0, false);
    let use_fallback = if comparisons.len() < MIN_PAIRS_FOR_EM || levels_present < 2 {
        true
    } else {
        while iterations < options.max_iterations {
            let next = em_step(&params, &patterns, k);
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
        let finite =
            [&params.m_sim, &params.u_sim, &params.m_sex, &params.u_sex, &params.m_nat, &params.u_nat]
                .iter()
                .all(|v| v.iter().all(|x| x.is_finite() && *x > 0.0));
        // Collapsed?
        !(1e-9..=1.0 - 1e-9).contains(&params.prior)
            || !finite
            || params.ratio(0) <= 1.0
            || params.ratio(0) <= params.ratio(k - 1)
    };
    if use_fallback {
        params = fallback;
    }

    // The level below the floor: u from the sample, m the smoothing's half pair of the matches.
    let below_u = if sample.pairs > 0 {
        (sample.similarity[k] as f64 + SMOOTHING) / (sample.pairs as f64 + SMOOTHING * (k + 1) as f64)
    } else {
        0.99
    };
    let expected_matches = params.prior * comparisons.len() as f64;
    let below_m = SMOOTHING / (expected_matches + SMOOTHING * (k + 1) as f64);
    let mut m_sim = params.m_sim;
    let mut u_sim = params.u_sim;
    m_sim.push(below_m);
    u_sim.push(below_u);
    let mut model = Model {
        similarity: FieldProbabilities { m: m_sim, u: u_sim },
        sex: FieldProbabilities { m: params.m_sex, u: params.u_sex },
        nationality: FieldProbabilities { m: params.m_nat, u: params.u_nat },
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
    use crate::linkage::comparison::DEFAULT_LEVELS;

    fn c(similarity: u8, sex: FieldLevel, nationality: FieldLevel) -> Comparison {
        Comparison { similarity, sex, nationality }
    }

    fn sample() -> Sample {
        Sample {
            similarity: vec![0, 1, 20, 300, 100_000],
            sex: [50_000, 50_000],
            nationality: [10_000, 80_000],
            pairs: 100_300,
        }
    }

    #[test]
    fn em_separates_a_clear_mixture() {
        use FieldLevel::*;
        let mut comparisons = Vec::new();
        // 300 matches: high similarity, fields agreeing; 3000 non-matches: low, mixed.
        for i in 0..300 {
            comparisons.push(c(
                if i % 3 == 0 { 1 } else { 0 },
                Agree,
                if i % 10 == 0 { Unknown } else { Agree },
            ));
        }
        for i in 0..3000 {
            let sex = if i % 2 == 0 { Agree } else { Disagree };
            let nat = if i % 7 == 0 { Agree } else { Disagree };
            comparisons.push(c(if i % 50 == 0 { 2 } else { 3 }, sex, nat));
        }
        let levels = Levels::new(&DEFAULT_LEVELS);
        let model =
            estimate(&comparisons, &sample(), &levels, &LinkOptions::default(), BlockingStats::default());
        assert!(!model.fallback && model.converged, "{model:?}");
        assert!((model.prior - 300.0 / 3300.0).abs() < 0.01, "{}", model.prior);
        let top = model.probability(model.weight(&c(0, Agree, Agree)));
        let bottom = model.probability(model.weight(&c(3, Disagree, Disagree)));
        assert!(top > 0.99 && bottom < 0.01, "{top} {bottom}");
        assert!(model.weight(&c(4, Unknown, Unknown)) < model.weight(&c(3, Unknown, Unknown)));
        assert!((model.probability(model.link_weight) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn degenerate_inputs_fall_back() {
        use FieldLevel::*;
        let levels = Levels::new(&DEFAULT_LEVELS);
        let options = LinkOptions::default();
        let none = estimate(&[], &sample(), &levels, &options, BlockingStats::default());
        assert!(none.fallback);
        let identical = vec![c(0, Agree, Agree); 500];
        let model = estimate(&identical, &sample(), &levels, &options, BlockingStats::default());
        assert!(model.fallback);
        // The fallback: ≥ 0.88 links; 0.80–0.88 links only with agreeing fields.
        let p = |s, sex, nat| model.probability(model.weight(&c(s, sex, nat)));
        assert!(p(1, Unknown, Unknown) > 0.95);
        assert!(p(2, Agree, Agree) > 0.5 && p(2, Unknown, Unknown) < 0.5);
        assert!(p(3, Agree, Agree) < 0.5);
    }
}

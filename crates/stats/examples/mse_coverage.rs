//! Coverage of the multiple systems estimate's intervals on synthetic populations of known size.
//!
//! `cargo run --release -p rapporteur-stats --example mse_coverage -- [--replicates R]
//! [--bootstrap B] [--sizes 500,2000] [--lists 3,4] [--scenarios A,B,C] [--seed S]
//! [--markdown PATH]`
//!
//! For every scenario, population size N and number of lists, R populations of exactly N persons
//! are drawn (ChaCha8, seeded), each person's capture history is drawn by the scenario, the
//! persons on no list are dropped, and [`compute_estimate`] runs with the default options
//! (stepwise selection, level 0.95) and a bootstrap of B replicates. For every interval the
//! estimate reports (named by its `IntervalMethod` as serialised) it records whether it covers
//! N and its width; for the estimate, its relative bias and whether there was one at all.
//!
//! Scenarios (list probabilities are taken in order; three lists use the first three):
//! - A, independent lists: p = 0.15, 0.25, 0.35, 0.20. The main-effects model is true.
//! - B, lists 1 and 2 positively dependent: p(1) = 0.25, p(2 | on 1) = 0.45,
//!   p(2 | not on 1) = 0.15 (odds ratio 4.6), lists 3 and 4 independent with 0.30 and 0.20.
//!   The model with the 1:2 interaction is true.
//! - C, heterogeneity: a quarter of the population is highly catchable (p = 0.45, 0.50, 0.55,
//!   0.45), the rest hardly (0.08, 0.10, 0.12, 0.09), the same class on every list. No model of
//!   two-list interactions is true; they only approximate it.
//!
//! Two tables go to stdout (and, with `--markdown`, as Markdown to PATH): the coverage, width,
//! bias and share without an estimate; and the spread of N̂ over the runs against the spread
//! each interval implies, with the coverage predicted if all the interval missed were the
//! variance of the unseen persons themselves. Progress goes to stderr. The results are in
//! `crates/stats/COVERAGE.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapporteur_stats::mse::{
    compute_estimate, normal_cdf, BootstrapOptions, CaptureData, EstimateOptions, Interval,
};

const LEVEL: f64 = 0.95;
/// The normal quantile of a two-sided 95% margin.
const Z: f64 = 1.959_963_984_540_054;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Independent,
    Dependent,
    Heterogeneous,
}

const INDEPENDENT: [f64; 4] = [0.15, 0.25, 0.35, 0.20];
/// Lists 1, 3 and 4 of scenario B; list 2 depends on list 1 (see [`Scenario::person`]).
const DEPENDENT: [f64; 4] = [0.25, f64::NAN, 0.30, 0.20];
const HIGH: [f64; 4] = [0.45, 0.50, 0.55, 0.45];
const LOW: [f64; 4] = [0.08, 0.10, 0.12, 0.09];
const HIGH_SHARE: f64 = 0.25;

impl Scenario {
    fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "A" | "a" => Some(Self::Independent),
            "B" | "b" => Some(Self::Dependent),
            "C" | "c" => Some(Self::Heterogeneous),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Independent => "A independent",
            Self::Dependent => "B 1–2 dependent",
            Self::Heterogeneous => "C heterogeneity",
        }
    }

    fn number(self) -> u64 {
        match self {
            Self::Independent => 1,
            Self::Dependent => 2,
            Self::Heterogeneous => 3,
        }
    }

    /// One person's capture history as a bit set (bit j = list j).
    fn person(self, rng: &mut ChaCha8Rng, lists: usize) -> usize {
        let mut bits = 0;
        let mut on = |j: usize, p: f64, rng: &mut ChaCha8Rng| {
            if rng.random_bool(p) {
                bits |= 1 << j;
            }
        };
        match self {
            Self::Independent => (0..lists).for_each(|j| on(j, INDEPENDENT[j], rng)),
            Self::Dependent => {
                let first = rng.random_bool(DEPENDENT[0]);
                let second = rng.random_bool(if first { 0.45 } else { 0.15 });
                (2..lists).for_each(|j| on(j, DEPENDENT[j], rng));
                bits |= usize::from(first) | usize::from(second) << 1;
            }
            Self::Heterogeneous => {
                let probabilities = if rng.random_bool(HIGH_SHARE) { &HIGH } else { &LOW };
                (0..lists).for_each(|j| on(j, probabilities[j], rng));
            }
        }
        bits
    }
}

/// The capture histories of a population of `size` persons: counts of every history on at
/// least one list.
fn population(scenario: Scenario, size: usize, lists: usize, rng: &mut ChaCha8Rng) -> CaptureData {
    let mut counts = vec![0i64; 1 << lists];
    for _ in 0..size {
        counts[scenario.person(rng, lists)] += 1;
    }
    CaptureData::new(
        (1..=lists).map(|j| format!("L{j}")).collect(),
        (1..1usize << lists).map(|h| ((0..lists).map(|j| h & (1 << j) != 0).collect(), counts[h])),
    )
    .expect("a synthetic population observes somebody")
}

/// What one run gives: the estimate, and per interval its method's name, limits.
struct Run {
    population: Option<f64>,
    /// N̂ − observed: the estimated count of the cell of persons on no list.
    dark_figure: Option<f64>,
    intervals: Vec<(String, f64, Option<f64>)>,
}

fn method_name(interval: &Interval) -> String {
    serde_json::to_value(interval.method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{:?}", interval.method))
}

struct Config {
    scenario: Scenario,
    size: usize,
    lists: usize,
}

/// One line of the table: a configuration and one interval method.
struct Line {
    scenario: &'static str,
    size: usize,
    lists: usize,
    replicates: usize,
    bootstrap: usize,
    method: String,
    with_interval: usize,
    covered: usize,
    infinite_upper: usize,
    median_width: f64,
    median_bias: f64,
    no_estimate: usize,
    /// The standard deviation of (N̂ − N) / N over the runs.
    empirical_sd: f64,
    /// The median of m̂₀ / N, the estimated unseen cell.
    median_dark: f64,
    /// The median of the implied standard error over N.
    median_implied_se: f64,
    predicted_coverage: f64,
}

fn main() {
    let args = Args::parse();
    let mut configs = Vec::new();
    for &scenario in &args.scenarios {
        for &size in &args.sizes {
            for &lists in &args.lists {
                configs.push(Config { scenario, size, lists });
            }
        }
    }
    let started = Instant::now();
    let mut lines = Vec::new();
    for (index, config) in configs.iter().enumerate() {
        let runs: Vec<Run> = (0..args.replicates)
            .map(|replicate| {
                let run = run_once(config, replicate, &args);
                if (replicate + 1) % (args.replicates / 10).max(1) == 0 || replicate + 1 == args.replicates {
                    eprintln!(
                        "[{:>6.1?}] {}/{} {} N={} lists={}: {}/{}",
                        started.elapsed(),
                        index + 1,
                        configs.len(),
                        config.scenario.code(),
                        config.size,
                        config.lists,
                        replicate + 1,
                        args.replicates
                    );
                }
                run
            })
            .collect();
        lines.extend(summarise(config, &runs, &args));
    }
    let table = markdown(&lines);
    let diagnosis = spread(&lines);
    println!("{table}");
    println!(
        "R = replicate populations; B = bootstrap replicates per estimate; coverage among the runs \
         with that interval, [Wilson 95% interval]; verdict: within ±{:.3} (the binomial 95% \
         margin of a method that covers 95% in R runs) of 0.95 or not; width = (upper − lower) / N, \
         median; bias = (N̂ − N) / N, median over runs with an estimate. Wall time {:.1?}.",
        Z * (LEVEL * (1.0 - LEVEL) / args.replicates as f64).sqrt(),
        started.elapsed()
    );
    println!("{diagnosis}");
    println!(
        "sd = standard deviation of (N̂ − N) / N over the R runs; se = (upper − lower) / (2·1.96) / N, \
         median; m̂0 = N̂ − observed, the unseen cell, median / N; predicted = the mean over runs of \
         2Φ(1.96·se / √(se² + m̂0)) − 1, the coverage if all the interval missed were the Poisson \
         variance of the unseen persons themselves (it has the variance of m̂0, not of N − observed)."
    );
    if let Some(path) = &args.markdown {
        std::fs::write(path, format!("{table}\n{diagnosis}")).expect("write the Markdown tables");
    }
}

fn run_once(config: &Config, replicate: usize, args: &Args) -> Run {
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    // One stream per (scenario, N, lists, replicate): a run does not depend on the others.
    rng.set_stream(
        config.scenario.number() << 56
            | (config.size as u64) << 24
            | (config.lists as u64) << 20
            | replicate as u64,
    );
    let data = population(config.scenario, config.size, config.lists, &mut rng);
    let options = EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: args.bootstrap, seed: args.seed + replicate as u64 }),
        ..EstimateOptions::default()
    };
    assert_eq!(options.level, LEVEL, "the default level is the nominal rate checked here");
    let estimate = compute_estimate(&data, &options).expect("the default options are valid");
    Run {
        population: estimate.population,
        dark_figure: estimate.dark_figure,
        intervals: estimate.intervals.iter().map(|i| (method_name(i), i.lower, i.upper)).collect(),
    }
}

/// What the runs of one configuration give for one interval method.
#[derive(Default)]
struct MethodTally {
    with_interval: usize,
    covered: usize,
    infinite_upper: usize,
    widths: Vec<f64>,
    /// The standard error a symmetric interval of this width implies, (upper − lower) / 2z.
    implied_se: Vec<f64>,
    /// Per run, the coverage the interval would have if all it missed were the variance of the
    /// unseen cell itself: 2Φ(z·se / √(se² + m̂₀)) − 1.
    predicted: Vec<f64>,
}

fn summarise(config: &Config, runs: &[Run], args: &Args) -> Vec<Line> {
    let truth = config.size as f64;
    let errors: Vec<f64> = runs.iter().filter_map(|r| r.population).map(|p| (p - truth) / truth).collect();
    let empirical_sd = standard_deviation(&errors);
    let median_bias = median(&mut errors.clone());
    let no_estimate = runs.iter().filter(|r| r.population.is_none()).count();
    let mut dark: Vec<f64> = runs.iter().filter_map(|r| r.dark_figure).map(|d| d / truth).collect();
    let median_dark = median(&mut dark);
    // Methods in the order the estimate gives them (bootstrap first), as first seen.
    let mut order: Vec<String> = Vec::new();
    let mut per_method: BTreeMap<String, MethodTally> = BTreeMap::new();
    for run in runs {
        for (method, lower, upper) in &run.intervals {
            if !order.contains(method) {
                order.push(method.clone());
            }
            let tally = per_method.entry(method.clone()).or_default();
            tally.with_interval += 1;
            let upper = upper.unwrap_or(f64::INFINITY);
            if *lower <= truth && truth <= upper {
                tally.covered += 1;
            }
            if upper.is_infinite() {
                tally.infinite_upper += 1;
            }
            tally.widths.push((upper - lower) / truth);
            let se = (upper - lower) / (2.0 * Z);
            if let (true, Some(dark)) = (se.is_finite(), run.dark_figure) {
                tally.implied_se.push(se / truth);
                tally.predicted.push(2.0 * normal_cdf(Z * se / (se * se + dark).sqrt()) - 1.0);
            }
        }
    }
    order
        .into_iter()
        .map(|method| {
            let mut tally = per_method.remove(&method).expect("seen");
            Line {
                scenario: config.scenario.code(),
                size: config.size,
                lists: config.lists,
                replicates: runs.len(),
                bootstrap: args.bootstrap,
                method,
                with_interval: tally.with_interval,
                covered: tally.covered,
                infinite_upper: tally.infinite_upper,
                median_width: median(&mut tally.widths),
                median_bias,
                no_estimate,
                empirical_sd,
                median_dark,
                median_implied_se: median(&mut tally.implied_se),
                predicted_coverage: tally.predicted.iter().sum::<f64>() / tally.predicted.len() as f64,
            }
        })
        .collect()
}

fn standard_deviation(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The Wilson score interval of `successes` in `n` at 95%.
fn wilson(successes: usize, n: usize) -> (f64, f64) {
    let (k, n) = (successes as f64, n as f64);
    let p = k / n;
    let denominator = 1.0 + Z * Z / n;
    let centre = (p + Z * Z / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + Z * Z / (4.0 * n * n)).sqrt() / denominator;
    (centre - half, centre + half)
}

fn markdown(lines: &[Line]) -> String {
    let mut out = String::new();
    out.push_str(
        "| scenario | N | lists | R | B | interval | runs with it | coverage [Wilson 95%] | vs 0.95 | \
         median rel. width | median rel. bias | no estimate |\n",
    );
    out.push_str("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | ---: | ---: | ---: |\n");
    for line in lines {
        let n = line.with_interval;
        let coverage = line.covered as f64 / n as f64;
        let (low, high) = wilson(line.covered, n);
        let margin = Z * (LEVEL * (1.0 - LEVEL) / n as f64).sqrt();
        let verdict = if (coverage - LEVEL).abs() <= margin {
            "within"
        } else if coverage < LEVEL {
            "**below**"
        } else {
            "above"
        };
        let infinite = if line.infinite_upper > 0 {
            format!(" ({} no upper)", line.infinite_upper)
        } else {
            String::new()
        };
        let width = if line.median_width.is_finite() {
            format!("{:.3}", line.median_width)
        } else {
            "∞".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {}{} | {:.3} [{:.3}, {:.3}] | {} | {} | {:+.3} | {:.1}% |",
            line.scenario,
            line.size,
            line.lists,
            line.replicates,
            line.bootstrap,
            line.method,
            n,
            infinite,
            coverage,
            low,
            high,
            verdict,
            width,
            line.median_bias,
            100.0 * line.no_estimate as f64 / line.replicates as f64,
        );
    }
    out
}

/// Why the coverage is what it is: the spread of N̂ across the runs against the spread each
/// interval implies, and the coverage predicted if all it missed were the unseen cell's own
/// variance.
fn spread(lines: &[Line]) -> String {
    let mut out = String::new();
    out.push_str(
        "| scenario | N | lists | interval | sd of N̂/N over runs | implied se/N | sd / se | m̂0/N | \
         predicted coverage | observed coverage |\n",
    );
    out.push_str("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for line in lines {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.4} | {:.4} | {:.2} | {:.3} | {:.3} | {:.3} |",
            line.scenario,
            line.size,
            line.lists,
            line.method,
            line.empirical_sd,
            line.median_implied_se,
            line.empirical_sd / line.median_implied_se,
            line.median_dark,
            line.predicted_coverage,
            line.covered as f64 / line.with_interval as f64,
        );
    }
    out
}

struct Args {
    replicates: usize,
    bootstrap: usize,
    sizes: Vec<usize>,
    lists: Vec<usize>,
    scenarios: Vec<Scenario>,
    seed: u64,
    markdown: Option<String>,
}

impl Args {
    fn parse() -> Self {
        let mut args = Self {
            replicates: 200,
            bootstrap: 199,
            sizes: vec![500, 2000],
            lists: vec![3, 4],
            scenarios: vec![Scenario::Independent, Scenario::Dependent, Scenario::Heterogeneous],
            seed: 20_261_204,
            markdown: None,
        };
        let mut given = std::env::args().skip(1);
        while let Some(flag) = given.next() {
            let value = given.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
            let number =
                |v: &str| v.trim().parse::<usize>().unwrap_or_else(|_| usage(&format!("bad number {v}")));
            match flag.as_str() {
                "--replicates" => args.replicates = number(&value),
                "--bootstrap" => args.bootstrap = number(&value),
                "--sizes" => args.sizes = value.split(',').map(number).collect(),
                "--lists" => args.lists = value.split(',').map(number).collect(),
                "--scenarios" => {
                    args.scenarios = value
                        .split(',')
                        .map(|s| Scenario::parse(s).unwrap_or_else(|| usage(&format!("bad scenario {s}"))))
                        .collect();
                }
                "--seed" => args.seed = number(&value) as u64,
                "--markdown" => args.markdown = Some(value),
                _ => usage(&format!("unknown option {flag}")),
            }
        }
        if args.replicates == 0 || args.bootstrap == 0 {
            usage("--replicates and --bootstrap must be positive");
        }
        if args.lists.iter().any(|l| !(2..=4).contains(l)) {
            usage("--lists takes 2, 3 or 4");
        }
        args
    }
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "{problem}\nusage: mse_coverage [--replicates R] [--bootstrap B] [--sizes 500,2000] [--lists 3,4] \
         [--scenarios A,B,C] [--seed S] [--markdown PATH]"
    );
    std::process::exit(2)
}

//! Links a `synth` output in memory, without the store: `cargo run --release -p
//! rapporteur-records --example link_synth -- RAW_DIR KEY_FILE CATALOG_DIR [dist] [floor=F]
//! [partners=K] [bits=R] [bands=B] [persons=FILE] [records=FILE] [oracle] [given2d] [calibration]
//! [nointerval] [noregion] [context]`.
//! Pseudonymises the victim lists' raw files as
//! `pseudonymize` does (the catalog's identity policy), links them with `LinkOptions` (the
//! defaults, or the values given), and scores the persons against `truth.csv` pairwise
//! (precision, recall, F1), as `crates/records/bench/evaluate.py` does for the store. With `dist`,
//! prints how the true pairs and the candidates that are not spread over the comparison levels,
//! and where the pairs of complete identities the persons do not join were lost (below the
//! candidate floor, not proposed by the blocking, scored below the review band, in it). With
//! `given2d`, the candidates by names, birth date, how the given names compare and the
//! near-namesakes, one person or not, and the names levels' u beside the blocking's count. With
//! `calibration`, the scored pairs by posterior probability and kind, and how many are one person.
//! With `persons=FILE`, writes each linked record's person number, one a line in the order read:
//! the same file from two builds means the same persons (`cmp`), which is how a change meant for
//! speed only is checked. With `records=FILE`, writes each linked record's list, key, true
//! person, linked person and whether its identity is complete as CSV, for an analysis of the raw
//! identities of the pairs missed. With `oracle`, decides the review list as the truth says (a coordinator who never errs) and scores
//! the persons of the run again with those decisions. With `nointerval`, the records' dates are
//! left out (the interval between registrations weighs nothing); with `noregion`, the records'
//! places (the region weighs nothing). With `context`, the u of the
//! near-namesakes and the interval at every names level. A tool for tuning the linkage between two runs of the benchmark
//! (`crates/records/bench/linkage.sh`), which measures the whole command.

use std::collections::HashMap;
use std::time::Instant;

use rapporteur_domain::catalog::{Completeness, SourceFile};
use rapporteur_domain::Catalog;
use rapporteur_records::chain::region_of;
use rapporteur_records::encoding::DateAgreement;
use rapporteur_records::linkage::blocking;
use rapporteur_records::linkage::comparison::{
    Comparer, Levels, Namesakes, References, GIVEN_AGREE, GIVEN_PARTLY,
};
use rapporteur_records::linkage::{link, LinkOptions, LinkRecord, PairStatus, ReviewDecision};
use rapporteur_records::{parse_value, pseudonymize_csv, Date, Encoding, Secret};

/// The lists whose records are victims' registrations, as `link` reads them.
const VICTIM_LISTS: [&str; 3] = ["guidance_file", "indicator_checklist", "police_finding"];

fn catalog_files(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<SourceFile>) {
    for entry in std::fs::read_dir(dir).expect("a catalog directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            catalog_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("a catalog file");
            let relative = path.strip_prefix(root).expect("below the root").to_string_lossy().into_owned();
            out.push(SourceFile { path: relative, text });
        }
    }
}

/// Interns texts: the same text, the same id.
#[derive(Default)]
struct Ids(HashMap<String, u32>);

impl Ids {
    fn of(&mut self, text: &str) -> Option<u32> {
        if text.trim().is_empty() {
            return None;
        }
        let next = self.0.len() as u32;
        Some(*self.0.entry(text.trim().to_string()).or_insert(next))
    }
}

/// `text`, or nothing when it is a code saying the source did not know (as `rapporteur link`
/// reads it).
fn known<'a>(catalog: &Catalog, list: &str, text: &'a str) -> &'a str {
    let unknown = catalog.code_list(list).and_then(|l| l.lookup(text)).is_some_and(|c| c.unknown);
    if unknown {
        ""
    } else {
        text
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Pairwise precision and recall of the persons `found` (per record) against the true
/// `persons`, over the records `keep` admits; `unlinkable` are records without an encoding (true
/// persons, singletons). Also the true, predicted and correct pairs.
fn scores(
    found: &[u32],
    persons: &[String],
    keep: impl Fn(usize) -> bool,
    unlinkable: &[String],
) -> (f64, f64, [u64; 3]) {
    let mut cells: HashMap<(u32, &str), u64> = HashMap::new();
    let mut clusters: HashMap<u32, u64> = HashMap::new();
    let mut true_sizes: HashMap<&str, u64> = HashMap::new();
    for (i, person) in persons.iter().enumerate().filter(|(i, _)| keep(*i)) {
        *cells.entry((found[i], person)).or_default() += 1;
        *clusters.entry(found[i]).or_default() += 1;
        *true_sizes.entry(person).or_default() += 1;
    }
    for person in unlinkable {
        *true_sizes.entry(person).or_default() += 1;
    }
    let tp: u64 = cells.values().map(|&n| pairs(n)).sum();
    let predicted: u64 = clusters.values().map(|&n| pairs(n)).sum();
    let true_pairs: u64 = true_sizes.values().map(|&n| pairs(n)).sum();
    (tp as f64 / predicted.max(1) as f64, tp as f64 / true_pairs.max(1) as f64, [true_pairs, predicted, tp])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, raw, key, catalog_dir, ..] = &args[..] else {
        eprintln!(
            "usage: link_synth RAW_DIR KEY_FILE CATALOG_DIR [dist] [floor=F] [partners=K] [bits=R] [bands=B] [persons=FILE] [records=FILE] [oracle] [given2d] [calibration] [nointerval] [noregion] [context]"
        );
        std::process::exit(2);
    };
    let option = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(&format!("{name}=")).map(|v| v.parse::<f64>().expect("a number")))
    };
    let mut options = LinkOptions::default();
    if let Some(f) = option("floor") {
        options.candidate_floor = f;
    }
    if let Some(k) = option("partners") {
        options.partners_per_encoding = k as usize;
    }
    if let Some(r) = option("bits") {
        options.band_bits = r as usize;
    }
    if let Some(b) = option("bands") {
        options.bands = b as usize;
    }
    if let Some(n) = option("iterations") {
        options.max_iterations = n as usize;
    }
    if let Some(n) = option("usample") {
        options.u_sample_pairs = n as usize;
    }
    if let Some(n) = option("exhaustive") {
        options.exhaustive_up_to = n as usize;
    }
    if let Some(levels) = args.iter().find_map(|a| a.strip_prefix("levels=")) {
        options.levels = levels.split(',').map(|l| l.parse().expect("a level")).collect();
    }

    let no_interval = args.iter().any(|a| a == "nointerval");
    let no_region = args.iter().any(|a| a == "noregion");
    let root = std::path::Path::new(catalog_dir);
    let mut files = Vec::new();
    catalog_files(root, root, &mut files);
    let catalog = Catalog::parse(&files).unwrap_or_else(|p| panic!("{} catalog problems", p.len()));
    let secret = Secret::from_key_file(&std::fs::read(key).expect("the key file")).expect("a secret");

    let t = Instant::now();
    let mut truth: HashMap<(String, String), String> = HashMap::new();
    let mut reader = csv::Reader::from_path(format!("{raw}/truth.csv")).expect("truth.csv");
    for row in reader.records() {
        let row = row.expect("a truth row");
        truth.insert((row[0].to_string(), row[1].to_string()), row[2].to_string());
    }
    let (mut sex, mut nationality, mut form, mut references) =
        (Ids::default(), Ids::default(), Ids::default(), Ids::default());
    let mut records: Vec<LinkRecord> = Vec::new();
    let mut persons: Vec<String> = Vec::new();
    let mut names: Vec<(&str, String)> = Vec::new();
    let mut unlinkable: Vec<String> = Vec::new();
    for (source, list) in VICTIM_LISTS.iter().enumerate() {
        let schema = &catalog.records[*list];
        let text = std::fs::read_to_string(format!("{raw}/{list}.csv")).expect("a raw file");
        let mut keyed = Vec::new();
        pseudonymize_csv(&secret, &catalog.identity, text.as_bytes(), b',', &mut keyed)
            .expect("pseudonymised");
        let mut reader = csv::Reader::from_reader(keyed.as_slice());
        let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
        let column = |id: &str| header.iter().position(|h| h == id);
        let key = column(&schema.key).expect("the key column");
        let encoding = column("person_encoding").expect("an encoding column");
        let identity = column("identity").expect("an identity column");
        let date = schema.chain.as_ref().and_then(|c| column(&c.date));
        // The record's place read as `rapporteur link` reads it, through the schema.
        let place = schema.chain.as_ref().and_then(|c| c.place.as_deref()).and_then(|p| schema.field(p));
        let place_column = place.and_then(|f| column(&f.id));
        let region_at = |text: &str| {
            let field = place?;
            region_of(&catalog, field, &parse_value(&catalog, field, text).ok()?)
        };
        for row in reader.records() {
            let row = row.expect("a row");
            let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("");
            let person = truth.get(&(list.to_string(), row[key].to_string())).cloned().expect("in the truth");
            let Ok((_, e)) = Encoding::parse(&row[encoding]) else {
                unlinkable.push(person);
                continue;
            };
            let basis = Completeness::from_code(&row[identity]).expect("an identity code").link_basis();
            records.push(LinkRecord {
                source: source as u16,
                encoding: e,
                sex: sex.of(known(&catalog, "sex", get(column("sex")))),
                nationality: nationality.of(known(&catalog, "nationality", get(column("nationality")))),
                form: form.of(get(column("exploitation_form"))),
                region: region_at(get(place_column)).filter(|_| !no_region),
                basis,
                references: [
                    references
                        .of(&format!("pv:{}", get(column("pv_number"))))
                        .filter(|_| !get(column("pv_number")).is_empty()),
                    references
                        .of(&format!("n:{}", get(column("notice_number"))))
                        .filter(|_| !get(column("notice_number")).is_empty()),
                ],
                day: Date::parse_iso(get(date)).map(Date::day_number).filter(|_| !no_interval),
            });
            persons.push(person);
            names.push((list, row[key].to_string()));
        }
    }
    println!(
        "{} records to link ({} without an encoding), read and pseudonymised in {:.1?}",
        records.len(),
        unlinkable.len(),
        t.elapsed()
    );

    let t = Instant::now();
    let linkage = link(&records, &[], &options);
    if let Some(path) = args.iter().find_map(|a| a.strip_prefix("persons=")) {
        let text: String = linkage.persons.iter().map(|p| format!("{p}\n")).collect();
        std::fs::write(path, text).expect("the persons file written");
    }
    if let Some(path) = args.iter().find_map(|a| a.strip_prefix("records=")) {
        let mut text = String::from("schema,record,person,linked_person,complete\n");
        for (i, (list, key)) in names.iter().enumerate() {
            let complete = records[i].basis == rapporteur_domain::catalog::LinkBasis::NameAndBirthDate;
            text.push_str(&format!("{list},{key},{},{},{complete}\n", persons[i], linkage.persons[i]));
        }
        std::fs::write(path, text).expect("the records file written");
    }
    println!("link: {:.2?} on {} threads", t.elapsed(), rayon::current_num_threads());
    let b = &linkage.model.blocking;
    println!(
        "blocking: distinct {} exhaustive {} bands {}x{} comparisons {} encoding pairs {} candidates {} (by a shared case number {}, of which below the names floor by date {}, by given names and date {}, by date at the floor {}) oversized {}",
        b.distinct_encodings, b.exhaustive, b.bands, b.band_bits, b.comparisons, b.encoding_pairs, b.candidate_pairs, b.reference_pairs, b.reference_date_pairs, b.given_name_pairs, b.date_floor_pairs, b.oversized_buckets
    );
    let m = &linkage.model;
    let w = |p: &rapporteur_records::linkage::FieldProbabilities| {
        (0..p.m.len()).map(|l| format!("{:.2}", p.weight(l))).collect::<Vec<_>>().join(" ")
    };
    println!(
        "model: prior {:.5} iterations {} converged {} fallback {}; weights names [{}] date [{}] sex [{}] case numbers [{}] (m {:.3} {:.3}); link weight {:.2}",
        m.prior, m.iterations, m.converged, m.fallback, w(&m.names), w(&m.date), w(&m.sex), w(&m.reference), m.reference.m[0], m.reference.m[1], m.link_weight
    );
    println!("date m {:?} u {:?}", m.date.m, m.date.u);
    println!("sex m {:?} u {:?}", m.sex.m, m.sex.u);
    for (name, field) in [("nationality", &m.nationality), ("form", &m.form), ("region", &m.region)] {
        let weights: Vec<String> = field
            .u
            .iter()
            .enumerate()
            .map(|(l, _)| format!("{:.1}/{:.1}", field.weight(l, 0), field.weight(l, 1)))
            .collect();
        println!(
            "{name}: m {:.3} counted {} weights by names level [{}]",
            field.m[0],
            field.counted,
            weights.join(" ")
        );
    }
    for (name, n) in [("namesakes", &m.namesakes), ("interval", &m.interval)] {
        let f = |v: &[f64]| v.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(" ");
        println!("{name}: m [{}] counted {}", f(&n.m), n.counted);
        for (level, u) in n.u.iter().enumerate().filter(|_| args.iter().any(|a| a == "context")) {
            println!("  names level {level}: u [{}]", f(u));
        }
        let weights: Vec<String> = (0..n.m.len()).map(|l| format!("{:.2}", n.weight(0, l))).collect();
        println!("  weights at names level 0: [{}]", weights.join(" "));
    }
    let levels = Levels::new(&options.levels);
    let given_level = levels.given_pattern();
    let given = usize::from(given_level);
    println!("given-names level: m {:.4} u {:.3e}", m.names.m[given], m.names.u[given]);
    let count = |st: PairStatus| linkage.pairs.iter().filter(|p| p.status == st).count();
    println!(
        "pairs: linked {} review {}; persons {}",
        count(PairStatus::Linked),
        count(PairStatus::Review),
        linkage.person_count()
    );

    {
        // The links that join two persons, among all links.
        let links = || linkage.pairs.iter().filter(|p| p.linked);
        let wrong = links().filter(|p| persons[p.a as usize] != persons[p.b as usize]).count();
        println!("links joining two persons: {wrong} of {} links", links().count());
    }
    // Pairwise scores over all victim-list records (those without an encoding are singletons),
    // then over the records of complete identities only (what the rule may link).
    let complete = |i: usize| records[i].basis == rapporteur_domain::catalog::LinkBasis::NameAndBirthDate;
    let report = |label: &str, found: &[u32], only_complete: bool| {
        let keep = |i: usize| !only_complete || complete(i);
        let (p, r, [true_pairs, predicted, tp]) =
            scores(found, &persons, keep, if only_complete { &[] } else { &unlinkable });
        println!(
            "{label}precision {p:.4} recall {r:.4} F1 {:.4} (true pairs {true_pairs}, predicted {predicted}, correct {tp})",
            2.0 * p * r / (p + r)
        );
    };
    report("", &linkage.persons, false);
    report("complete identities: ", &linkage.persons, true);

    if args.iter().any(|a| a == "calibration") {
        // The scored pairs by posterior probability (tenths), and how many are the same person.
        let mut bins: std::collections::BTreeMap<(String, usize), [u64; 2]> = Default::default();
        for p in linkage.pairs.iter().filter(|p| complete(p.a as usize) && complete(p.b as usize)) {
            let bin = ((p.probability * 10.0) as usize).min(9);
            let kind = format!(
                "{} {:?} n{}",
                if p.comparison.names == given_level { "married" } else { "names" },
                p.comparison.date,
                p.comparison.namesakes
            );
            bins.entry((kind, bin)).or_default()
                [usize::from(persons[p.a as usize] == persons[p.b as usize])] += 1;
        }
        let mut detail: std::collections::BTreeMap<String, [u64; 2]> = Default::default();
        for p in linkage.pairs.iter().filter(|p| complete(p.a as usize) && complete(p.b as usize)) {
            if (0.2..0.5).contains(&p.probability) && p.comparison.names != given_level {
                let c = &p.comparison;
                let key = format!(
                    "{:?} names {} n{} sex {:?} nat {:?} form {:?} reg {:?} i{:?} ref {:?} w {:.1}",
                    c.date,
                    c.names,
                    c.namesakes,
                    c.sex,
                    c.nationality,
                    c.form,
                    c.region,
                    c.interval,
                    c.reference,
                    p.weight
                );
                detail.entry(key).or_default()
                    [usize::from(persons[p.a as usize] == persons[p.b as usize])] += 1;
            }
        }
        let mut detail: Vec<_> = detail.into_iter().collect();
        detail.sort_by_key(|(_, [f, t])| std::cmp::Reverse(f + t));
        println!("pairs at 0.2-0.5 (names levels): false true");
        for (key, [f, t]) in detail.iter().take(30) {
            println!("  {key:>70} {f:>6} {t:>6}");
        }
        println!("scored pairs of complete identities by kind and posterior: pairs, share the same person");
        for ((kind, k), [f, t]) in &bins {
            let n = f + t;
            if n >= 50 && *k < 9 {
                println!(
                    "  {kind:>40} {:.1}-{:.1}: {n:>8} {:.3}",
                    *k as f64 / 10.0,
                    (k + 1) as f64 / 10.0,
                    *t as f64 / n as f64
                );
            }
        }
    }

    if args.iter().any(|a| a == "oracle") {
        // A coordinator who decides every pair of the review list as the truth says.
        let decisions: Vec<ReviewDecision> = linkage
            .pairs
            .iter()
            .filter(|p| p.status == PairStatus::Review)
            .map(|p| ReviewDecision {
                a: p.a,
                b: p.b,
                same_person: persons[p.a as usize] == persons[p.b as usize],
            })
            .collect();
        let on_complete = linkage
            .pairs
            .iter()
            .filter(|p| p.status == PairStatus::Review && complete(p.a as usize) && complete(p.b as usize))
            .count();
        let reviewed = link(&records, &decisions, &options);
        println!(
            "after the review list is decided ({} pairs, {on_complete} of complete identities, {} the same person):",
            decisions.len(),
            decisions.iter().filter(|d| d.same_person).count()
        );
        report("  reviewed: ", &reviewed.persons, false);
        report("  reviewed, complete identities: ", &reviewed.persons, true);
    }

    // The candidates and the comparisons as `link` makes them (on the records in input order),
    // for the analyses of the pairs.
    let analyses = ["given2d", "dist"];
    let analysed = args.iter().any(|a| analyses.contains(&a.as_str()));
    let references = References::of(&records);
    let candidates =
        if analysed { blocking::candidates(&records, &references, &options).0 } else { Vec::new() };
    let namesakes = Namesakes::of(&records, &candidates);
    let comparer =
        Comparer { records: &records, levels: &levels, references: &references, namesakes: &namesakes };

    if args.iter().any(|a| a == "given2d") {
        // Candidates of complete identities by names level, date and given-names class, true or not.
        let mut table: std::collections::BTreeMap<(i32, String, u8), [u64; 2]> = Default::default();
        let mut by_density: std::collections::BTreeMap<(i32, String, u32), [u64; 2]> = Default::default();
        for c in &candidates {
            let (i, j) = (c.a as usize, c.b as usize);
            if !(complete(i) && complete(j)) {
                continue;
            }
            let (a, b) = (&records[i].encoding, &records[j].encoding);
            let bucket = (a.name_similarity(b) * 50.0).floor() as i32;
            let given = match a.given_similarity(b) {
                Some(g) if g >= GIVEN_AGREE => 0,
                Some(g) if g >= GIVEN_PARTLY => 1,
                Some(_) => 2,
                None => 3,
            };
            let date = match a.date_agreement(b) {
                Some(d) => format!("{d:?}"),
                None => "-".into(),
            };
            table.entry((bucket, date.clone(), given)).or_default()[usize::from(persons[i] == persons[j])] +=
                1;
            let class = u32::from(namesakes.class(&records, c.a, c.b));
            by_density.entry((bucket / 2, date, class)).or_default()
                [usize::from(persons[i] == persons[j])] += 1;
        }
        println!("candidates of complete identities by names (×0.04), date, near-namesakes' class (0, 1, 2–3, 4–7, 8–15, 16+): false true");
        for ((bucket, date, dense), [f, t]) in &by_density {
            println!("  D {:.2} {date:>16} {dense} {f:>8} {t:>8}", f64::from(*bucket) / 25.0);
        }
        {
            // The names levels' u, as the model has them and from the candidates of different
            // birth dates over all pairs of complete identities.
            let mut differs = vec![0u64; levels.names_count()];
            for c in &candidates {
                let (i, j) = (c.a as usize, c.b as usize);
                if complete(i) && complete(j) {
                    let (a, b) = (&records[i].encoding, &records[j].encoding);
                    if a.date_agreement(b) == Some(DateAgreement::Differs) {
                        differs
                            [usize::from(levels.names_level(a.name_similarity(b), a.given_similarity(b)))] +=
                            1;
                    }
                }
            }
            let n = (0..records.len()).filter(|&i| complete(i)).count() as f64;
            let all = n * (n - 1.0) / 2.0 * linkage.model.date.u[3];
            println!("names level: model u, candidates' u (date differs), count");
            for (level, count) in differs.iter().enumerate() {
                println!(
                    "  {level:>2} {:.3e} {:.3e} {count}",
                    linkage.model.names.u[level],
                    *count as f64 / all
                );
            }
        }
        println!("candidates of complete identities by names (×0.02), date, given class (agree, partial, differ, none): false true");
        for ((bucket, date, given), [f, t]) in &table {
            println!("  {:.2} {date:>16} {given} {f:>8} {t:>8}", f64::from(*bucket) / 50.0);
        }
    }

    if args.iter().any(|a| a == "dist") {
        // Candidates (linked or reviewed pairs only are kept by `link`; so recompare the true
        // pairs directly) by names level and date agreement, true and not.
        let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, person) in persons.iter().enumerate() {
            by_person.entry(person).or_default().push(i);
        }
        let mut table: std::collections::BTreeMap<(i32, String, &str, bool), u64> = Default::default();
        let mut missed: HashMap<(i32, String, i32, String), u64> = HashMap::new();
        let is_candidate: std::collections::HashSet<(u32, u32)> =
            candidates.iter().map(|c| (c.a.min(c.b), c.a.max(c.b))).collect();
        let shared = |i: usize, j: usize| {
            let (x, y) = (&records[i].references, &records[j].references);
            if x.iter().zip(y).any(|(a, b)| a.is_some() && a == b) {
                "shared"
            } else if x.iter().zip(y).any(|(a, b)| a.is_some() && b.is_some()) {
                "differ"
            } else {
                "-"
            }
        };
        for members in by_person.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in members[x + 1..].iter().filter(|&&j| complete(i) && complete(j)) {
                    let (a, b) = (&records[i].encoding, &records[j].encoding);
                    let linked = linkage.persons[i] == linkage.persons[j];
                    let bucket = (a.name_similarity(b) * 20.0).floor() as i32;
                    *table
                        .entry((bucket, format!("{:?}", a.date_agreement(b)), shared(i, j), linked))
                        .or_default() += 1;
                    if !linked {
                        let (x, y) = (i.min(j) as u32, i.max(j) as u32);
                        let scored = linkage.pairs.iter().find(|p| (p.a, p.b) == (x, y));
                        let given = a.given_similarity(b).map(|g| (g * 20.0).floor() as i32).unwrap_or(-1);
                        let status = match scored {
                            Some(p) => format!("{:?} {:.0}", p.status, p.weight),
                            None if a.similarity(b) < options.candidate_floor => "below floor".to_string(),
                            None => {
                                let c = comparer.compare(i as u32, j as u32);
                                let w = linkage.model.weight(&c);
                                if is_candidate.contains(&(x, y)) {
                                    format!("low {:.0} {:?}/{:?}", w, c.sex, c.nationality)
                                } else {
                                    format!("not candidate {:.0}", w)
                                }
                            }
                        };
                        *missed
                            .entry((bucket, format!("{:?}", a.date_agreement(b)), given, status))
                            .or_default() += 1;
                    }
                }
            }
        }
        println!("missed pairs of complete identities by names (×0.05), date, given names (×0.05), status:");
        let mut missed: Vec<_> = missed.into_iter().collect();
        missed.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for ((bucket, date, given, status), n) in missed.iter().take(400) {
            println!(
                "  {:.2} {date:>28} {:.2} {status:>16} {n}",
                f64::from(*bucket) / 20.0,
                f64::from(*given) / 20.0
            );
        }
        println!("true pairs by names similarity (×0.05), date, case numbers, linked:");
        for ((bucket, date, reference, linked), n) in &table {
            println!("  {:.2} {date:>28} {reference:>6} {linked:>5} {n}", f64::from(*bucket) / 20.0);
        }
        let mut wrong: std::collections::BTreeMap<(i32, String), u64> = Default::default();
        for pair in linkage.pairs.iter().filter(|p| p.linked) {
            let (i, j) = (pair.a as usize, pair.b as usize);
            if persons[i] != persons[j] {
                let (a, b) = (&records[i].encoding, &records[j].encoding);
                let bucket = (a.name_similarity(b) * 20.0).floor() as i32;
                *wrong.entry((bucket, format!("{:?}", a.date_agreement(b)))).or_default() += 1;
            }
        }
        let mut by_level: std::collections::BTreeMap<(bool, String, String, bool), u64> = Default::default();
        for pair in linkage.pairs.iter().filter(|p| p.comparison.names == given_level) {
            let (i, j) = (pair.a as usize, pair.b as usize);
            *by_level
                .entry((
                    pair.linked,
                    format!("{:?}", pair.comparison.date),
                    format!("{:?}", pair.comparison.sex),
                    persons[i] == persons[j],
                ))
                .or_default() += 1;
        }
        println!("pairs at the given-names level by linked, date, sex, true:");
        for ((linked, date, sex, truth), n) in &by_level {
            println!("  linked {linked} {date:>28} {sex:>9} true {truth} {n}");
        }
        println!("false links by names similarity (×0.05), date:");
        for ((bucket, date), n) in &wrong {
            println!("  {:.2} {date:>28} {n}", f64::from(*bucket) / 20.0);
        }
    }
}

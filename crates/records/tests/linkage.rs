//! Linkage against the truth of synthetic identities: precision, recall and F1, exact copies,
//! review decisions, another secret, determinism and independence of the input order.

mod linkage_support;

use linkage_support as support;
use rapporteur_domain::catalog::LinkBasis;
use rapporteur_records::linkage::comparison::given_names_agree;
use rapporteur_records::linkage::{blocking, link, LinkOptions, LinkRecord, PairStatus, ReviewDecision};
use rapporteur_records::{normalize_name_parts, BirthDate, Encoder, Identity};
use support::{Rates, SynthRecord};

const SECRET: &str = "0123456789abcdef-linkage-test-secret";

fn dataset(persons: usize, seed: u64, rates: &Rates) -> (Vec<SynthRecord>, Vec<LinkRecord>, Vec<u32>) {
    let (_, synth) = support::generate(persons, seed, rates);
    let records = support::encode(&Encoder::new(&support::secret(SECRET)), &synth);
    let truth = synth.iter().map(|r| r.person).collect();
    (synth, records, truth)
}

/// Whether two partitions are the same (up to the numbering).
fn same_partition(x: &[u32], y: &[u32]) -> bool {
    let mut forward = std::collections::HashMap::new();
    let mut backward = std::collections::HashMap::new();
    x.iter()
        .zip(y)
        .all(|(&a, &b)| *forward.entry(a).or_insert(b) == b && *backward.entry(b).or_insert(a) == a)
}

#[test]
fn links_moderately_corrupted_records_with_high_precision_and_recall() {
    let (_, records, truth) = dataset(5_000, 1, &Rates::moderate());
    let linkage = link(&records, &[], &LinkOptions::default());
    let s = support::scores(&truth, &linkage.persons);
    let b = &linkage.model.blocking;
    eprintln!(
        "records {} candidates {} comparisons {} prior {:.3} iterations {} fallback {}: {s:?}",
        records.len(),
        b.candidate_pairs,
        b.comparisons,
        linkage.model.prior,
        linkage.model.iterations,
        linkage.model.fallback
    );
    assert!(!b.exhaustive, "10^4 records go through the LSH");
    assert!(!linkage.model.fallback && linkage.model.converged);
    assert!(s.precision >= 0.98 && s.recall >= 0.98 && s.f1 >= 0.98, "{s:?}");
    // Persons numbered by their smallest record.
    let mut next = 0;
    for &p in &linkage.persons {
        assert!(p <= next);
        if p == next {
            next += 1;
        }
    }
    // Pairs sorted, a < b, no clear non-links.
    assert!(linkage.pairs.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)));
    assert!(linkage.pairs.iter().all(|p| p.a < p.b && p.probability >= LinkOptions::default().review_low));
}

#[test]
fn without_errors_every_copy_links_and_nothing_else() {
    let none = Rates {
        typo: 0.0,
        swap: 0.0,
        drop_given: 0.0,
        phonetic: 0.0,
        married: 0.0,
        missing_sex: 0.0,
        missing_nationality: 0.0,
        wrong_nationality: 0.0,
    };
    let (_, records, truth) = dataset(3_000, 2, &none);
    let linkage = link(&records, &[], &LinkOptions::default());
    let s = support::scores(&truth, &linkage.persons);
    assert_eq!(s.recall, 1.0, "{s:?}");
    assert!(s.precision >= 0.999, "{s:?}");
}

#[test]
fn exact_copies_always_link_even_with_disagreeing_fields() {
    let (_, mut records, _) = dataset(2_000, 3, &Rates::moderate());
    let n = records.len();
    // Copies of ten records, with sex and nationality changed or missing.
    for k in 0..10 {
        let mut copy = records[k * 37];
        copy.source = 9;
        copy.sex = if k % 2 == 0 { None } else { copy.sex.map(|s| 1 - s) };
        copy.nationality = if k % 3 == 0 { None } else { Some(39) };
        records.push(copy);
    }
    let linkage = link(&records, &[], &LinkOptions::default());
    for k in 0..10 {
        assert_eq!(linkage.persons[k * 37], linkage.persons[n + k], "copy {k}");
    }
}

/// Two records of different persons that the rule links (or one person's records it does not).
fn find_pair(records: &[LinkRecord], truth: &[u32], linked: bool) -> (u32, u32) {
    let linkage = link(records, &[], &LinkOptions::default());
    let pair = linkage
        .pairs
        .iter()
        .find(|p| {
            let together = linkage.persons[p.a as usize] == linkage.persons[p.b as usize];
            together == linked && (truth[p.a as usize] == truth[p.b as usize]) != linked
        })
        .map(|p| (p.a, p.b));
    pair.unwrap_or_else(|| {
        // No error of the rule to correct (every true pair linked, no false one): any two
        // records the rule keeps apart (or joins) will do.
        (0..records.len() as u32)
            .flat_map(|a| (a + 1..records.len() as u32).map(move |b| (a, b)))
            .find(|&(a, b)| (linkage.persons[a as usize] == linkage.persons[b as usize]) == linked)
            .expect("a pair")
    })
}

#[test]
fn a_rejection_separates_two_records_that_would_link_and_survives_a_rerun() {
    let (_, records, truth) = dataset(2_000, 4, &Rates::moderate());
    let before = link(&records, &[], &LinkOptions::default());
    // Two records the rule puts in one person (true or not): a linked pair.
    let p = before.pairs.iter().find(|p| p.status == PairStatus::Linked && p.linked).expect("a linked pair");
    let (a, b) = (p.a, p.b);
    assert_eq!(before.persons[a as usize], before.persons[b as usize]);
    let decisions = [ReviewDecision { a: b, b: a, same_person: false }];
    for _ in 0..2 {
        let after = link(&records, &decisions, &LinkOptions::default());
        assert_ne!(after.persons[a as usize], after.persons[b as usize]);
        let decided = after.pairs.iter().find(|q| (q.a, q.b) == (a, b)).expect("the decided pair is kept");
        assert_eq!(decided.status, PairStatus::Rejected);
        assert!(!decided.linked);
    }
    // A third record of the same person is not joined to both through another path.
    let _ = truth;
}

#[test]
fn a_rejection_inside_a_chain_breaks_the_weakest_link() {
    let (_, records, truth) = dataset(3_000, 5, &Rates::moderate());
    let before = link(&records, &[], &LinkOptions::default());
    // A person of three or more records: reject its two least similar records.
    let mut members: std::collections::BTreeMap<u32, Vec<u32>> = std::collections::BTreeMap::new();
    for (i, &p) in before.persons.iter().enumerate() {
        members.entry(p).or_default().push(i as u32);
    }
    let group = members.values().find(|m| m.len() >= 3).expect("a person of three records");
    let (a, b) = (group[0], group[group.len() - 1]);
    let after = link(&records, &[ReviewDecision { a, b, same_person: false }], &LinkOptions::default());
    assert_ne!(after.persons[a as usize], after.persons[b as usize]);
    assert!(
        after.pairs.iter().any(|p| p.status != PairStatus::Rejected && !p.linked),
        "a refused link is marked"
    );
    // Nothing else moved: records outside the group keep their partition.
    let outside: Vec<usize> = (0..records.len()).filter(|i| !group.contains(&(*i as u32))).collect();
    let x: Vec<u32> = outside.iter().map(|&i| before.persons[i]).collect();
    let y: Vec<u32> = outside.iter().map(|&i| after.persons[i]).collect();
    assert!(same_partition(&x, &y));
    let _ = truth;
}

#[test]
fn an_acceptance_joins_two_records_that_would_not_link() {
    let (_, records, truth) = dataset(2_000, 6, &Rates::moderate());
    let (a, b) = find_pair(&records, &truth, false);
    let before = link(&records, &[], &LinkOptions::default());
    assert_ne!(before.persons[a as usize], before.persons[b as usize]);
    let after = link(&records, &[ReviewDecision { a, b, same_person: true }], &LinkOptions::default());
    assert_eq!(after.persons[a as usize], after.persons[b as usize]);
    let decided = after.pairs.iter().find(|q| (q.a, q.b) == (a.min(b), a.max(b))).expect("kept");
    assert_eq!(decided.status, PairStatus::Accepted);
    assert!(decided.linked);
}

#[test]
fn another_secret_links_almost_nothing() {
    let (synth, records, _) = dataset(2_000, 7, &Rates::moderate());
    let other = support::encode(&Encoder::new(&support::secret("fedcba9876543210-another-secret")), &synth);
    // Half the records under one secret, half under another: persons across the halves are
    // noise to each other.
    let half = records.len() / 2;
    let mixed: Vec<LinkRecord> = records[..half].iter().chain(&other[half..]).copied().collect();
    let linkage = link(&mixed, &[], &LinkOptions::default());
    let across = linkage
        .pairs
        .iter()
        .filter(|p| p.linked && ((p.a as usize) < half) != ((p.b as usize) < half))
        .count();
    let within = linkage.pairs.iter().filter(|p| p.linked).count();
    eprintln!("links across secrets {across}, within {within}");
    assert!(across <= within / 1000 + 1, "{across} links across secrets of {within}");
}

#[test]
fn the_same_input_gives_the_same_output_in_any_order() {
    let (_, records, _) = dataset(3_000, 8, &Rates::moderate());
    let options = LinkOptions::default();
    let decisions = [
        ReviewDecision { a: 10, b: 11, same_person: true },
        ReviewDecision { a: 5, b: 6, same_person: false },
    ];
    let first = link(&records, &decisions, &options);
    assert_eq!(first, link(&records, &decisions, &options));
    let order = support::shuffled_order(records.len(), 99);
    let shuffled: Vec<LinkRecord> = order.iter().map(|&i| records[i]).collect();
    let mut at = vec![0u32; records.len()];
    for (k, &i) in order.iter().enumerate() {
        at[i] = k as u32;
    }
    let moved: Vec<ReviewDecision> =
        decisions.iter().map(|d| ReviewDecision { a: at[d.a as usize], b: at[d.b as usize], ..*d }).collect();
    let second = link(&shuffled, &moved, &options);
    let back: Vec<u32> = (0..records.len()).map(|i| second.persons[at[i] as usize]).collect();
    assert!(same_partition(&first.persons, &back));
    assert_eq!(first.model.prior, second.model.prior);
    assert_eq!(first.pairs.len(), second.pairs.len());
}

#[test]
fn small_and_degenerate_inputs() {
    let options = LinkOptions::default();
    let empty = link(&[], &[], &options);
    assert!(empty.persons.is_empty() && empty.pairs.is_empty() && empty.model.fallback);
    let (_, records, _) = dataset(3, 9, &Rates::moderate());
    let one = link(&records[..1], &[ReviewDecision { a: 0, b: 5, same_person: true }], &options);
    assert_eq!(one.persons, vec![0]);
    assert_eq!(one.ignored_decisions, 1);
    // All records identical: one person, by the fallback rule.
    let same = vec![records[0]; 50];
    let linkage = link(&same, &[], &options);
    assert!(linkage.model.fallback);
    assert!(linkage.persons.iter().all(|&p| p == 0));
    // The exhaustive path (few distinct encodings) links like the LSH.
    let (_, records, truth) = dataset(600, 10, &Rates::moderate());
    let linkage = link(&records, &[], &options);
    assert!(linkage.model.blocking.exhaustive);
    let s = support::scores(&truth, &linkage.persons);
    assert!(s.f1 >= 0.97, "{s:?}");
}

#[test]
fn the_thread_count_does_not_change_the_result() {
    let (_, records, _) = dataset(3_000, 11, &Rates::moderate());
    let options = LinkOptions::default();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    let one = pool.install(|| link(&records, &[], &options));
    let many = link(&records, &[], &options);
    assert_eq!(one, many);
}

/// A record of these names with an unknown birth date (issue 20), from a fourth source.
fn without_birth_date(
    encoder: &Encoder,
    names: &[String],
    sex: Option<u32>,
    nationality: Option<u32>,
) -> LinkRecord {
    let identity = Identity {
        parts: normalize_name_parts(names.iter().map(String::as_str)),
        given: normalize_name_parts(names[1..].iter().map(String::as_str)),
        birth: BirthDate::Unknown,
    };
    LinkRecord {
        source: 3,
        encoding: encoder.encode_identity(&identity).expect("a name"),
        sex,
        nationality,
        form: None,
        region: None,
        basis: LinkBasis::NameOnly,
        references: [None, None],
        day: None,
    }
}

#[test]
fn a_missing_birth_date_neither_merges_namesakes_nor_rules_a_match_out() {
    let (synth, mut records, _) = dataset(2_000, 4, &Rates::moderate());
    let encoder = Encoder::new(&support::secret(SECRET));
    let n = records.len() as u32;
    // Two different persons of one name, both registered with the systems' default date: their
    // encodings are identical, yet nothing says they are one person.
    let namesake = vec!["Testerova".to_string(), "Quintilla".to_string()];
    records.push(without_birth_date(&encoder, &namesake, Some(1), Some(7)));
    records.push(without_birth_date(&encoder, &namesake, Some(1), Some(7)));
    // A person of the data set registered again without their birth date.
    let known = &synth[11];
    records.push(without_birth_date(&encoder, &known.names, known.sex, known.nationality));
    let linkage = link(&records, &[], &LinkOptions::default());

    let pair = |a: u32, b: u32| linkage.pairs.iter().find(|p| (p.a, p.b) == (a.min(b), a.max(b)));
    let namesakes = pair(n, n + 1).expect("the namesakes are scored");
    assert_eq!(namesakes.similarity, 1.0);
    assert_eq!(
        (namesakes.status, namesakes.basis, namesakes.linked),
        (PairStatus::Review, LinkBasis::NameOnly, false)
    );
    assert_ne!(linkage.persons[n as usize], linkage.persons[n as usize + 1], "namesakes are not merged");

    let again = pair(11, n + 2).expect("a missing birth date does not rule the match out");
    assert_eq!((again.status, again.basis, again.linked), (PairStatus::Review, LinkBasis::NameOnly, false));
    assert_ne!(linkage.persons[11], linkage.persons[n as usize + 2], "not linked before the review");
    // Every pair resting on less than full identities awaits the coordinator.
    assert!(linkage.pairs.iter().filter(|p| p.basis != LinkBasis::NameAndBirthDate).all(|p| !p.linked));

    // The coordinator accepts: linked.
    let accepted =
        link(&records, &[ReviewDecision { a: 11, b: n + 2, same_person: true }], &LinkOptions::default());
    assert_eq!(accepted.persons[11], accepted.persons[n as usize + 2]);
}

#[test]
fn a_shared_report_number_corroborates_a_name_without_birth_date() {
    let (synth, mut records, _) = dataset(2_000, 5, &Rates::moderate());
    let encoder = Encoder::new(&support::secret(SECRET));
    let n = records.len() as u32;
    // Person 17 registered by the police (PV 1) and again, without a birth date, by a source
    // that writes the same PV: the report corroborates the name.
    let known = &synth[17];
    records[17].references = [Some(1), None];
    let mut again = without_birth_date(&encoder, &known.names, known.sex, known.nationality);
    again.references = [Some(1), None];
    records.push(again);
    // Two namesakes without birth dates in two different reports: nothing corroborates them.
    let namesake = vec!["Testerova".to_string(), "Quintilla".to_string()];
    for pv in [2, 3] {
        let mut record = without_birth_date(&encoder, &namesake, Some(1), Some(7));
        record.references = [Some(pv), None];
        records.push(record);
    }
    let linkage = link(&records, &[], &LinkOptions::default());
    let pair = |a: u32, b: u32| linkage.pairs.iter().find(|p| (p.a, p.b) == (a.min(b), a.max(b)));
    let corroborated = pair(17, n).expect("scored");
    assert_eq!((corroborated.status, corroborated.basis), (PairStatus::Linked, LinkBasis::SharedReference));
    assert_eq!(linkage.persons[17], linkage.persons[n as usize]);
    let namesakes = pair(n + 1, n + 2).expect("scored");
    assert_eq!(
        (namesakes.status, namesakes.basis, namesakes.linked),
        (PairStatus::Review, LinkBasis::NameOnly, false)
    );
}

#[test]
fn a_shared_case_number_links_a_changed_name_the_identity_alone_leaves_apart() {
    let (synth, mut records, truth) = dataset(2_000, 6, &Rates::moderate());
    let encoder = Encoder::new(&support::secret(SECRET));
    let n = records.len() as u32;
    // Person 23 registered again under another family name (a marriage), with the same given
    // names, birth date, sex and nationality, by a source that writes the whole name in one
    // field: no given-names filter, so the given names cannot be told apart.
    let known = &synth[23];
    let mut names = vec!["Vandermeulen".to_string()];
    names.extend(known.names[1..].iter().cloned());
    let mut again = records[23];
    let date = rapporteur_records::normalize_birth_date(&known.birth_date).expect("a date");
    again.encoding = encoder.encode_normalized(
        &normalize_name_parts(names.iter().map(String::as_str)),
        &[],
        BirthDate::Full(date),
    );
    assert_eq!(again.encoding.given, None);
    records.push(again);
    let alone = link(&records, &[], &LinkOptions::default());
    assert_ne!(alone.persons[23], alone.persons[n as usize], "the names alone do not link them");

    // Every person's registrations name the person's own PV; the new one names person 23's, and
    // so does a record of another person (one raid): the number is rare, and links the two.
    for (i, record) in records.iter_mut().enumerate() {
        let person = truth.get(i).copied().unwrap_or(truth[23]);
        record.references = [Some(if i == 40 { truth[23] } else { person }), None];
    }
    assert_ne!(truth[40], truth[23]);
    let linkage = link(&records, &[], &LinkOptions::default());
    let pair = linkage.pairs.iter().find(|p| (p.a, p.b) == (23, n)).expect("a candidate for the number");
    assert_eq!(
        (pair.status, pair.basis, pair.linked),
        (PairStatus::Linked, LinkBasis::NameAndBirthDate, true)
    );
    assert_eq!(linkage.persons[23], linkage.persons[n as usize]);
    assert_ne!(linkage.persons[23], linkage.persons[40], "a stranger in the same report stays apart");
}

#[test]
fn the_records_naming_one_case_number_are_candidates_once_and_in_order() {
    let (_, mut records, truth) = dataset(2_000, 7, &Rates::moderate());
    // Each person's registrations name the person's own PV; in the canonical order (identical
    // encodings adjacent), as `link` gives them to the blocking.
    for (record, person) in records.iter_mut().zip(&truth) {
        record.references = [Some(*person), None];
    }
    records.sort_by_key(|r| r.encoding.words);
    let options = LinkOptions::default();
    let references = rapporteur_records::linkage::comparison::References::of(&records);
    let (candidates, stats) = blocking::candidates(&records, &references, &options);
    assert_eq!(stats.candidate_pairs, candidates.len() as u64);
    assert!(candidates.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)), "sorted, each pair once");

    // Every pair naming one number whose names reach the lowest level is a candidate, and some
    // are only because of the number.
    let floor = *options.levels.last().expect("levels");
    let mut naming: std::collections::BTreeMap<u32, Vec<u32>> = std::collections::BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        naming.entry(record.references[0].expect("a PV")).or_default().push(i as u32);
    }
    // Below that level, every pair naming one number with one birth date (the same, or day and
    // month swapped) is a candidate too, marked as not used to estimate the rule.
    let (mut expected, mut by_date) = (0, 0);
    for members in naming.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let (p, q) = (&records[a as usize].encoding, &records[b as usize].encoding);
                let found = candidates.binary_search_by_key(&(a, b), |c| (c.a, c.b));
                if p.name_similarity(q) >= floor {
                    expected += 1;
                    assert!(found.is_ok(), "{a} {b} name one number");
                } else if p.same_birth_date(q) {
                    let candidate = found.map(|k| candidates[k]).expect("one number and one birth date");
                    if !given_names_agree(p, q) && candidate.similarity < options.candidate_floor as f32 {
                        by_date += 1;
                        assert!(candidate.by_date, "{a} {b}: below the names floor, proposed by the date");
                    }
                }
            }
        }
    }
    assert!(
        stats.reference_pairs > 0 && stats.reference_pairs < expected + by_date,
        "{stats:?} of {expected}"
    );
    assert!(
        stats.reference_date_pairs > 0 && stats.reference_date_pairs == by_date,
        "{stats:?} of {by_date}"
    );
}

#[test]
fn a_married_name_links_on_the_given_names_and_birth_date_and_a_namesake_born_elsewhen_does_not() {
    let (identities, synth) = support::generate(2_000, 8, &Rates::moderate());
    let encoder = Encoder::new(&support::secret(SECRET));
    let mut records = support::encode(&encoder, &synth);
    let n = records.len() as u32;
    // Record 31 writes its person's identity as it is; the person is registered again under
    // another family name (a marriage), with the same given names and birth date; and a
    // stranger has those given names, another family name and another birth date.
    let known = &identities[synth[31].person as usize];
    let (given, birth_date) =
        (known.given.join(" "), format!("{}-{:02}-{:02}", known.year, known.month, known.day));
    records[31].encoding = encoder.encode(&known.family, &given, &birth_date).expect("an identity");
    let married = encoder.encode("Vandermeulen", &given, &birth_date).expect("an identity");
    let stranger = encoder.encode("Oosterlinck", &given, "1961-10-29").expect("an identity");
    let names_alone = records[31].encoding.name_similarity(&married);
    assert!(names_alone < 0.85, "the names alone look like a stranger's: {names_alone}");
    for encoding in [married, stranger] {
        records.push(LinkRecord { encoding, source: 4, ..records[31] });
    }
    let linkage = link(&records, &[], &LinkOptions::default());
    let given_level =
        rapporteur_records::linkage::comparison::Levels::new(&LinkOptions::default().levels).given_pattern();
    let pair = linkage
        .pairs
        .iter()
        .find(|p| (p.a, p.b) == (31, n))
        .expect("a candidate by birth date and given names");
    assert_eq!(pair.comparison.names, given_level);
    assert_eq!((pair.status, pair.linked), (PairStatus::Linked, true));
    assert_eq!(linkage.persons[31], linkage.persons[n as usize]);
    assert_ne!(
        linkage.persons[31],
        linkage.persons[n as usize + 1],
        "the namesake born elsewhen stays apart"
    );
    assert!(linkage.model.blocking.given_name_pairs > 0);
}

#[test]
fn pairs_of_one_birth_date_at_the_candidate_floor_are_candidates_whatever_the_bands_propose() {
    let (_, mut records, _) = dataset(2_000, 9, &Rates::moderate());
    records.sort_by_key(|p| p.encoding.words);
    let references = rapporteur_records::linkage::comparison::References::of(&records);
    // Every pair at the floor, compared all with all; then bands that propose almost nothing.
    let all = LinkOptions { exhaustive_up_to: usize::MAX, ..LinkOptions::default() };
    let blind = LinkOptions { exhaustive_up_to: 0, bands: 2, ..LinkOptions::default() };
    let (every, _) = blocking::candidates(&records, &references, &all);
    let (found, stats) = blocking::candidates(&records, &references, &blind);
    let floor = blind.candidate_floor as f32;
    let one_date =
        |a: u32, b: u32| records[a as usize].encoding.same_birth_date(&records[b as usize].encoding);
    let expected: Vec<(u32, u32)> =
        every.iter().filter(|c| c.similarity >= floor && one_date(c.a, c.b)).map(|c| (c.a, c.b)).collect();
    assert!(expected.len() > 100, "{} pairs of one birth date at the floor", expected.len());
    let proposed: std::collections::HashSet<(u32, u32)> = found.iter().map(|c| (c.a, c.b)).collect();
    let missing = expected.iter().filter(|pair| !proposed.contains(pair)).count();
    // Records with given names only take part in the birth-date rule (an identity without them
    // has no given-names filter): the others may still be missed.
    let without_given = expected
        .iter()
        .filter(|&&(a, b)| {
            records[a as usize].encoding.given.is_none() || records[b as usize].encoding.given.is_none()
        })
        .count();
    assert!(
        missing <= without_given,
        "{missing} of {} missed, {without_given} without given names",
        expected.len()
    );
    // Those the bands missed are marked: scored, not used to estimate the rule.
    let by_date: Vec<_> = found.iter().filter(|c| c.by_date).collect();
    assert_eq!(by_date.len() as u64, stats.date_floor_pairs + stats.reference_date_pairs);
    assert!(stats.date_floor_pairs > 50, "{stats:?}");
    assert!(by_date.iter().all(|c| c.similarity >= floor && one_date(c.a, c.b)));
}

//! The synthetic generator's truth: the identity errors at the documented rates (measured by
//! comparing what each later registration writes with the person's true identity), every
//! record of every schema with persons in the truth once, offenders never victims, notice
//! numbers that name existing cases of the same form, and the same bytes for the same seed.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{Catalog, Coordinate, ObservationRow, RowKind};
use rapporteur_records::synth::incomplete::INCOMPLETE_RATES;
use rapporteur_records::synth::registrations::{
    one_edit_apart, phonetic_variants, rates, transliteration_variants,
};
use rapporteur_records::synth::Role;
use rapporteur_records::{
    format_value, normalize_birth_date, normalize_name_parts, synthesize, write_raw_csv, Date, Person,
    Synthesis, Value,
};

mod catalog_support;
use catalog_support::catalog;

fn row(cube: &str, period: &str, codes: &[(&str, &str)], value: i64) -> ObservationRow {
    ObservationRow {
        cube: cube.into(),
        coordinate: Coordinate {
            period: period.into(),
            codes: codes.iter().map(|(d, c)| (d.to_string(), c.to_string())).collect::<BTreeMap<_, _>>(),
        },
        kind: RowKind::Observation,
        value,
        flags: Vec::new(),
        note: None,
        pct_base: None,
        stated_decimals: None,
        source_row: 0,
    }
}

/// Returns of every source with persons and of the prosecution, with many nationalities of
/// Cyrillic-origin names, to be scaled up.
fn targets() -> Vec<ObservationRow> {
    let mut rows = Vec::new();
    let nationalities = ["BG", "UA", "RU", "RO", "NG", "MA", "BR"];
    for year in ["2019", "2020"] {
        for (form, n) in [("sexual", 300), ("labour", 250), ("begging", 30), ("forced_crime", 40)] {
            rows.push(row("police_thb_findings", year, &[("exploitation_form", form)], n));
            rows.push(row("prosecution_inflow", year, &[("exploitation_form", form)], n / 2));
        }
        rows.push(row("police_smuggling_findings", year, &[], 200));
        rows.push(row("prosecution_inflow", year, &[("exploitation_form", "smuggling")], 100));
        for nat in nationalities {
            for sex in ["F", "M"] {
                rows.push(row(
                    "rsz_checklists_by_nationality",
                    year,
                    &[("nationality", nat), ("sex", sex)],
                    30,
                ));
            }
            rows.push(row("centre_thb_guidances_nationality", year, &[("nationality", nat)], 35));
            rows.push(row("conviction_nationality", year, &[("offence", "thb"), ("nationality", nat)], 20));
        }
        for band in ["18-30", "30-40", "40-50"] {
            for sex in ["F", "M"] {
                rows.push(row(
                    "rsz_checklists_by_age",
                    year,
                    &[("age_band_checklist", band), ("sex", sex)],
                    70,
                ));
            }
        }
        // As many checklists by directorate as by age and sex, in three regions.
        for directorate in ["antwerpen", "brussel", "luik"] {
            rows.push(row("rsz_checklists_by_directorate", year, &[("rsz_directorate", directorate)], 140));
        }
        for centre in ["pag_asa", "payoke", "surya"] {
            for sex in ["F", "M"] {
                rows.push(row("centre_thb_guidances_sex", year, &[("centre", centre), ("sex", sex)], 40));
            }
            for form in ["sexual", "labour"] {
                rows.push(row(
                    "centre_guidances",
                    year,
                    &[("centre", centre), ("exploitation_form", form)],
                    45,
                ));
            }
            // Registrations that started no guidance: the returns count them by centre only.
            rows.push(row(
                "centre_registrations",
                year,
                &[("centre", centre), ("centre_registration_outcome", "not_thb_victim")],
                200,
            ));
        }
        rows.push(row("conviction_count", year, &[("offence", "thb")], 150));
        rows.push(row("conviction_count", year, &[("offence", "smuggling")], 100));
    }
    for form in ["sexual", "labour", "begging", "forced_crime", "smuggling"] {
        for (state, n) in
            [("summons", 60), ("judicial_investigation", 40), ("dismissed", 80), ("pretrial_chamber", 20)]
        {
            rows.push(row(
                "prosecution_state",
                "2019-2020",
                &[("exploitation_form", form), ("prosecution_state", state)],
                n,
            ));
        }
    }
    rows
}

fn synthesis(catalog: &Catalog, records: u64, seed: u64) -> Synthesis {
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    synthesize(catalog, cycle, &targets(), Some(records), seed)
}

/// A record's field as text.
fn text(catalog: &Catalog, schema: &str, r: &rapporteur_records::Record, field: &str) -> String {
    let s = &catalog.records[schema];
    s.field_index(field).map(|i| format_value(catalog, &s.fields[i], &r.values[i])).unwrap_or_default()
}

/// The errors told from a written identity against the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Error {
    Typo,
    Phonetic,
    Transliteration,
    MissingGiven,
    NameChange,
    DayMonthSwap,
    OtherDay,
    YearOff,
}

/// What changed a (normalised) name part, `Ok(None)` if nothing did, `Err` if no error of the
/// model explains it.
fn part_error(truth: &str, written: &str, cyrillic: bool) -> Result<Option<Error>, ()> {
    if truth == written {
        Ok(None)
    } else if transliteration_variants(truth, cyrillic).contains(written) {
        Ok(Some(Error::Transliteration))
    } else if phonetic_variants(truth, cyrillic).contains(written) {
        Ok(Some(Error::Phonetic))
    } else if one_edit_apart(truth, written) {
        Ok(Some(Error::Typo))
    } else {
        Err(())
    }
}

/// The name errors of a registration whose family and given name fields hold `family` and
/// `given` (normalised parts), or `Err` if the model explains no difference.
fn name_errors(person: &Person, family: &[String], given: &[String]) -> Result<Vec<Error>, ()> {
    let cyr = person.cyrillic;
    let mut errors = Vec::new();
    let [f] = family else { return Err(()) };
    let true_family = person.family_name.to_lowercase();
    if *f == person.other_family_name.to_lowercase() && person.female {
        errors.push(Error::NameChange);
    } else {
        errors.extend(part_error(&true_family, f, cyr)?);
    }
    let true_given: Vec<String> = person.given_names.split(' ').map(str::to_lowercase).collect();
    match (true_given.as_slice(), given) {
        ([t], [w]) => errors.extend(part_error(t, w, cyr)?),
        ([t1, _], [w]) => {
            errors.push(Error::MissingGiven);
            errors.extend(part_error(t1, w, cyr)?);
        }
        ([t1, t2], [w1, w2]) => {
            // The written parts are sorted: the alignment that the fewest errors explain.
            let straight = part_error(t1, w1, cyr).and_then(|a| part_error(t2, w2, cyr).map(|b| [a, b]));
            let crossed = part_error(t1, w2, cyr).and_then(|a| part_error(t2, w1, cyr).map(|b| [a, b]));
            let count =
                |r: &Result<[Option<Error>; 2], ()>| r.as_ref().map_or(9, |v| v.iter().flatten().count());
            let best = if count(&crossed) < count(&straight) { crossed } else { straight };
            errors.extend(best?.into_iter().flatten());
        }
        _ => return Err(()),
    }
    Ok(errors)
}

/// The errors of one registration written as (family, given, birth date) of `person`.
fn errors_of(person: &Person, family: &str, given: &str, birth: &str) -> Vec<Error> {
    let mut errors = Vec::new();
    let date = normalize_birth_date(birth).expect("a birth date in an accepted format");
    let t = person.birth_date;
    if date != t {
        errors.push(if date.year == t.year && date.month == t.day && date.day == t.month {
            Error::DayMonthSwap
        } else if date.year == t.year && date.month == t.month {
            Error::OtherDay
        } else if (date.year - t.year).abs() == 1
            && ((date.month, date.day) == (t.month, t.day) || (t.month, t.day, date.day) == (2, 29, 28))
        {
            Error::YearOff
        } else {
            panic!("{birth} for {t}: no date error of the model")
        });
    }
    let col1 = normalize_name_parts([family]);
    let col2 = normalize_name_parts([given]);
    // The family and given names may be written in each other's fields.
    let straight = name_errors(person, &col1, &col2);
    let swapped = name_errors(person, &col2, &col1);
    let names = match (straight, swapped) {
        (Ok(a), Ok(b)) => {
            if b.len() < a.len() {
                b
            } else {
                a
            }
        }
        (Ok(a), Err(())) | (Err(()), Ok(a)) => a,
        (Err(()), Err(())) => panic!("{family:?} {given:?}: no name error of the model explains {person:?}"),
    };
    errors.extend(names);
    errors
}

#[test]
fn identity_errors_come_at_the_documented_rates() {
    let catalog = catalog();
    let s = synthesis(&catalog, 60_000, 11);
    let mut counts: BTreeMap<Error, (usize, usize)> = BTreeMap::new();
    let mut later = 0usize;
    let mut kept_key = 0usize;
    let mut per_registration: BTreeMap<usize, usize> = BTreeMap::new();
    for set in &s.sets {
        let schema = &catalog.records[&set.schema];
        let period = schema.derivations.first().map(|d| d.period.field()).unwrap_or_default();
        let date_field = schema.field_index(period);
        for (n, written) in set.written.iter().enumerate() {
            // An identity left incomplete is measured apart (`incomplete_identities_come_…`).
            let Some(w) = written.as_ref().filter(|w| w.incomplete.is_none()) else { continue };
            let person = &s.persons[set.persons[n].expect("a person") as usize];
            let errors = errors_of(person, &w.family_name, &w.given_names, &w.birth_date);
            if w.first {
                assert!(errors.is_empty(), "a first registration writes the true identity: {w:?} {person:?}");
                continue;
            }
            later += 1;
            assert!(errors.len() <= rates::MAX_ERRORS, "{errors:?}");
            *per_registration.entry(errors.len()).or_default() += 1;
            if errors.is_empty() {
                kept_key += 1;
            }
            let on = match date_field.map(|f| &set.records[n].values[f]) {
                Some(Value::Date(d)) => *d,
                _ => Date { year: 2020, month: 6, day: 15 },
            };
            let age = on.year
                - person.birth_date.year
                - i32::from((on.month, on.day) < (person.birth_date.month, person.birth_date.day));
            let family = person.family_name.to_lowercase();
            let given: Vec<String> = person.given_names.split(' ').map(str::to_lowercase).collect();
            let parts: Vec<&String> = std::iter::once(&family).chain(&given).collect();
            let b = person.birth_date;
            let eligible = [
                (Error::Typo, true),
                (Error::Phonetic, parts.iter().any(|p| !phonetic_variants(p, person.cyrillic).is_empty())),
                (
                    Error::Transliteration,
                    parts.iter().any(|p| !transliteration_variants(p, person.cyrillic).is_empty()),
                ),
                (Error::MissingGiven, given.len() == 2),
                (Error::NameChange, person.female && age >= 18),
                (Error::DayMonthSwap, b.day <= 12 && b.day != b.month),
                (Error::OtherDay, true),
                (Error::YearOff, true),
            ];
            for (kind, ok) in eligible {
                let c = counts.entry(kind).or_default();
                if ok {
                    c.1 += 1;
                    if errors.contains(&kind) {
                        c.0 += 1;
                    }
                } else {
                    assert!(!errors.contains(&kind), "{kind:?} where it cannot apply: {w:?} {person:?}");
                }
            }
        }
    }
    let documented = [
        (Error::Typo, rates::TYPO),
        (Error::Phonetic, rates::PHONETIC),
        (Error::Transliteration, rates::TRANSLITERATION),
        (Error::MissingGiven, rates::MISSING_GIVEN),
        (Error::NameChange, rates::NAME_CHANGE),
        (Error::DayMonthSwap, rates::DAY_MONTH_SWAP),
        (Error::OtherDay, rates::OTHER_DAY),
        (Error::YearOff, rates::YEAR_OFF),
    ];
    eprintln!(
        "later registrations {later}, keeping the true key {kept_key} ({:.3})",
        kept_key as f64 / later as f64
    );
    eprintln!("errors per later registration: {per_registration:?}");
    assert!(later > 5_000, "only {later} later registrations");
    for (kind, rate) in documented {
        let (hits, of) = counts[&kind];
        let measured = hits as f64 / of.max(1) as f64;
        let se = (rate * (1.0 - rate) / of.max(1) as f64).sqrt();
        eprintln!("{kind:?}: {hits} of {of} = {measured:.3} (documented {rate:.2})");
        assert!(of >= 300, "{kind:?}: only {of} eligible registrations");
        // The caps (one error per part, three per registration) take a little off.
        assert!(
            (measured - rate).abs() <= 0.12 * rate + 3.0 * se,
            "{kind:?}: measured {measured:.3} against {rate:.2}"
        );
    }
}

#[test]
fn the_truth_lists_every_record_once_and_offenders_are_never_victims() {
    let catalog = catalog();
    let s = synthesis(&catalog, 20_000, 3);
    let truth = s.truth(&catalog);
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for t in &truth {
        assert!(seen.insert((t.schema, t.record)), "{t:?} twice");
    }
    let mut expected = 0;
    for set in &s.sets {
        let schema = &catalog.records[&set.schema];
        if schema.person_field().is_some() {
            expected += set.records.len();
            for r in &set.records {
                assert!(
                    seen.contains(&(set.schema.as_str(), r.key(schema))),
                    "{} {} not in the truth",
                    set.schema,
                    r.key(schema)
                );
            }
        } else {
            assert!(set.persons.iter().all(Option::is_none));
        }
    }
    assert_eq!(truth.len(), expected);

    let persons_of = |schemas: &[&str]| -> BTreeSet<&str> {
        truth.iter().filter(|t| schemas.contains(&t.schema)).map(|t| t.person).collect()
    };
    let offenders = persons_of(&["conviction"]);
    let victims = persons_of(&["police_finding", "indicator_checklist", "guidance_file"]);
    assert!(!offenders.is_empty() && !victims.is_empty());
    assert!(offenders.is_disjoint(&victims), "a convicted person among the victims");
    assert!(offenders.iter().all(|p| p.starts_with('O')) && victims.iter().all(|p| p.starts_with('P')));
    for p in &s.persons {
        let id_kind = if p.role == Role::Offender { 'O' } else { 'P' };
        assert!(p.id.starts_with(id_kind));
    }
    // Victims flow: some persons are in two or three sources.
    let mut sources: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for t in &truth {
        sources.entry(t.person).or_default().insert(t.schema);
    }
    let in_two = sources.values().filter(|v| v.len() >= 2).count();
    let in_three = sources.values().filter(|v| v.len() == 3).count();
    eprintln!("persons in two sources or more: {in_two}, in three: {in_three}; {:?}", s.meeting_rates());
    assert!(in_two > 100 && in_three > 0);

    // The CSV has the header and one line per row.
    let mut csv = Vec::new();
    s.write_truth_csv(&catalog, &mut csv).expect("in memory");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.starts_with("schema,record,person,notice_number\n"));
    assert_eq!(csv.lines().count(), truth.len() + 1);
}

#[test]
fn notice_numbers_name_existing_cases_of_the_same_form() {
    let catalog = catalog();
    let s = synthesis(&catalog, 20_000, 5);
    let cases_schema = &catalog.records["prosecution_case"];
    let cases = s.sets.iter().find(|x| x.schema == "prosecution_case").expect("cases");
    let case_of: BTreeMap<&str, &rapporteur_records::Record> =
        cases.records.iter().map(|r| (r.key(cases_schema), r)).collect();
    assert_eq!(case_of.len(), cases.records.len(), "case ids are unique");
    let judgeable = ["prosecuted", "judicial_investigation", "pretrial_chamber", "summons"];
    let mut pvs: BTreeSet<String> = BTreeSet::new();
    let mut with_case: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    // A victim's registrations concern one case.
    let mut case_of_person: BTreeMap<u32, Option<&str>> = BTreeMap::new();
    for set in &s.sets {
        let schema = &catalog.records[&set.schema];
        if schema.person_field().is_none() {
            continue;
        }
        for (n, r) in set.records.iter().enumerate() {
            let truth = set.cases[n].as_deref();
            let written = text(&catalog, &set.schema, r, "notice_number");
            let c = with_case.entry(&set.schema).or_default();
            c.0 += 1;
            if truth.is_some() {
                c.1 += 1;
            }
            if !written.is_empty() {
                c.2 += 1;
                assert_eq!(Some(written.as_str()), truth, "a written notice number is the record's case");
            }
            if set.schema != "conviction" {
                let p = set.persons[n].expect("a person");
                let before = case_of_person.entry(p).or_insert(truth);
                assert_eq!(*before, truth, "every registration of a victim concerns the same case");
            }
            let Some(key) = truth else { continue };
            let case = case_of.get(key).unwrap_or_else(|| panic!("{key}: no such case"));
            let case_form = text(&catalog, "prosecution_case", case, "exploitation_form");
            match set.schema.as_str() {
                "police_finding" | "guidance_file" => {
                    let form = text(&catalog, &set.schema, r, "exploitation_form");
                    if !form.is_empty() {
                        assert_eq!(form, case_form, "{} {}", set.schema, r.key(schema));
                    }
                }
                "conviction" => {
                    let state = text(&catalog, "prosecution_case", case, "state");
                    assert!(judgeable.contains(&state.as_str()), "a conviction of a case in state {state}");
                    let inflow = text(&catalog, "prosecution_case", case, "inflow_date");
                    let convicted = text(&catalog, "conviction", r, "convicted_on");
                    assert!(inflow < convicted, "judged before it entered: {inflow} {convicted}");
                    let forms = text(&catalog, "conviction", r, "exploitation_forms");
                    if !forms.is_empty() {
                        assert!(forms.split('|').any(|f| f == case_form), "{forms} against {case_form}");
                    }
                }
                _ => {}
            }
        }
        if set.schema == "police_finding" {
            for r in &set.records {
                let pv = text(&catalog, "police_finding", r, "pv_number");
                assert!(pv.starts_with("PV."), "{pv}");
                assert!(pvs.insert(pv.clone()), "{pv} twice");
            }
        }
    }
    eprintln!("records, concerning a case, writing its notice number: {with_case:?}");
    for (schema, (records, concern, written)) in &with_case {
        assert!(*concern > 0 && *written > 0 && written < concern, "{schema}: {records} {concern} {written}");
    }
}

/// The raw files, the truth and the README of a synthesis, as bytes.
fn files(catalog: &Catalog, s: &Synthesis) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for set in &s.sets {
        let mut bytes = Vec::new();
        write_raw_csv(catalog, &catalog.records[&set.schema], set, &s.persons, &mut bytes)
            .expect("in memory");
        out.push(bytes);
    }
    let mut truth = Vec::new();
    s.write_truth_csv(catalog, &mut truth).expect("in memory");
    out.push(truth);
    out.push(s.readme().into_bytes());
    out
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let catalog = catalog();
    let a = files(&catalog, &synthesis(&catalog, 8_000, 21));
    let b = files(&catalog, &synthesis(&catalog, 8_000, 21));
    assert_eq!(a, b);
    let c = files(&catalog, &synthesis(&catalog, 8_000, 22));
    assert_ne!(a, c);
}

#[test]
fn incomplete_identities_come_at_the_documented_rates() {
    let catalog = catalog();
    let s = synthesis(&catalog, 60_000, 12);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut registrations = 0usize;
    for set in
        s.sets.iter().filter(|set| rapporteur_records::synth::VICTIM_SOURCES.contains(&set.schema.as_str()))
    {
        for w in set.written.iter().flatten() {
            registrations += 1;
            let Some(kind) = w.incomplete else { continue };
            *counts.entry(kind).or_default() += 1;
            let empty = |t: &str| t.trim().is_empty();
            match kind {
                "birth date left empty" => assert!(empty(&w.birth_date)),
                "default date 1900-01-01" => assert_eq!(&*w.birth_date, "1900-01-01"),
                "one name only (given names empty)" => {
                    assert!(empty(&w.given_names) && !empty(&w.family_name))
                }
                "no identity at all" => {
                    assert!(empty(&w.family_name) && empty(&w.given_names) && empty(&w.birth_date))
                }
                _ => {
                    assert!(w.birth_date.starts_with("01/01/") || w.birth_date.starts_with("00/00/"), "{w:?}")
                }
            }
        }
    }
    // Offenders' registrations keep their identities whole.
    for set in
        s.sets.iter().filter(|set| !rapporteur_records::synth::VICTIM_SOURCES.contains(&set.schema.as_str()))
    {
        assert!(set.written.iter().flatten().all(|w| w.incomplete.is_none()), "{}", set.schema);
    }
    for (kind, rate) in INCOMPLETE_RATES {
        let n = counts.get(kind).copied().unwrap_or(0) as f64;
        let expected = rate * registrations as f64;
        // Four binomial standard deviations.
        let tolerance = 4.0 * (expected * (1.0 - rate)).sqrt();
        assert!(
            (n - expected).abs() <= tolerance,
            "{kind}: {n} of {registrations}, expected {expected:.0} ± {tolerance:.0}"
        );
    }
}

#[test]
fn persons_are_met_again_after_their_first_registration_and_mostly_soon() {
    let catalog = catalog();
    let s = synthesis(&catalog, 40_000, 5);
    // Each victim's registrations, source by source in the chain's order, by date.
    let mut dates: BTreeMap<u32, Vec<(usize, Date)>> = BTreeMap::new();
    for (order, source) in rapporteur_records::synth::VICTIM_SOURCES.iter().enumerate() {
        let set = s.sets.iter().find(|x| x.schema == *source).expect("a victim list");
        let schema = &catalog.records[*source];
        let field = rapporteur_records::chain::date_field(schema);
        for (r, p) in set.records.iter().zip(&set.persons) {
            let d = rapporteur_records::chain::date_in(r, field).expect("each record has its date");
            dates.entry(p.expect("a person")).or_default().push((order, d));
        }
    }
    let (mut soon, mut later) = (0, 0);
    for registrations in dates.values() {
        let first_in =
            |source: usize| registrations.iter().filter(|(o, _)| *o == source).map(|(_, d)| *d).min();
        for source in 1..rapporteur_records::synth::VICTIM_SOURCES.len() {
            let Some(here) = first_in(source) else { continue };
            let Some(before) = (0..source).filter_map(first_in).min() else { continue };
            assert!(before <= here, "met on {here} before their first registration, on {before}");
            let gap = here.day_number() - before.day_number();
            if gap <= rapporteur_records::synth::flow::REFERRAL_DAYS {
                soon += 1;
            } else {
                later += 1;
            }
        }
    }
    // Counted from the records as the generator counted its meetings.
    assert_eq!((soon, later), (s.referrals.soon, s.referrals.later));
    let share = soon as f64 / (soon + later) as f64;
    eprintln!(
        "met again within {} days: {soon} of {}",
        rapporteur_records::synth::flow::REFERRAL_DAYS,
        soon + later
    );
    assert!(
        share > 0.5 && share <= rapporteur_records::synth::flow::REFERRAL_SOON + 0.1,
        "{share:.3} of the meetings soon after the first registration"
    );
}

#[test]
fn police_findings_and_centre_intakes_write_their_persons_sex_and_nationality() {
    let catalog = catalog();
    let s = synthesis(&catalog, 40_000, 5);
    // Every sex and nationality written of each victim, by source.
    let mut written: BTreeMap<(u32, &str), BTreeSet<(&str, String)>> = BTreeMap::new();
    // Per source, the records the fit leaves these fields to (all police findings; the centres'
    // registrations that started no guidance), and how many write each field.
    let mut free: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for source in rapporteur_records::synth::VICTIM_SOURCES {
        let set = s.sets.iter().find(|x| x.schema == source).expect("a victim list");
        for (r, p) in set.records.iter().zip(&set.persons) {
            let p = p.expect("a person");
            for field in ["sex", "nationality"] {
                let value = text(&catalog, source, r, field);
                if !value.is_empty() && value != "UNKNOWN" {
                    written.entry((p, field)).or_default().insert((source, value));
                }
            }
            let left = match source {
                "police_finding" => true,
                "guidance_file" => text(&catalog, source, r, "outcome") != "guidance_started",
                _ => false,
            };
            if left {
                let counts = free.entry(source).or_default();
                counts[0] += 1;
                counts[1] += usize::from(!text(&catalog, source, r, "sex").is_empty());
                counts[2] += usize::from(!text(&catalog, source, r, "nationality").is_empty());
            }
        }
    }
    // One sex and one nationality per person, whichever list writes it.
    for ((p, field), values) in &written {
        let distinct: BTreeSet<&String> = values.iter().map(|(_, v)| v).collect();
        assert_eq!(distinct.len(), 1, "person {p} has {field} {values:?}");
    }
    // Written for nearly every such record, at the documented rates.
    let flow =
        [rapporteur_records::synth::flow::SEX_WRITTEN, rapporteur_records::synth::flow::NATIONALITY_WRITTEN];
    for source in ["police_finding", "guidance_file"] {
        let [records, with_sex, with_nationality] = free[source];
        assert!(records > 1000, "{records} records of {source} left to the chain");
        for (with, rate) in [with_sex, with_nationality].into_iter().zip(flow) {
            let share = with as f64 / records as f64;
            assert!((share - rate).abs() < 0.01, "{source}: written on {share:.3} of {records}, not {rate}");
        }
    }
    // The police's persons and the others' share their nationalities.
    let of = |source: &str| -> BTreeSet<&String> {
        written.values().flatten().filter(|(s, _)| *s == source).map(|(_, v)| v).collect()
    };
    let police_nationalities = of("police_finding");
    let others: BTreeSet<&String> = of("indicator_checklist").union(&of("guidance_file")).copied().collect();
    assert!(police_nationalities.is_subset(&others), "{police_nationalities:?} beyond {others:?}");
}

#[test]
fn checklists_and_centres_write_the_pv_of_the_police_finding_of_their_person() {
    let catalog = catalog();
    let s = synthesis(&catalog, 40_000, 5);
    let set = |schema: &str| s.sets.iter().find(|x| x.schema == schema).expect("a victim list");
    // Each person's police findings: PV and date.
    let mut found: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
    let police = set("police_finding");
    for (r, p) in police.records.iter().zip(&police.persons) {
        let finding = (
            text(&catalog, "police_finding", r, "pv_number"),
            text(&catalog, "police_finding", r, "found_on"),
        );
        found.entry(p.expect("a person")).or_default().push(finding);
    }
    let flow = rapporteur_records::synth::flow::POLICE_PV_WRITTEN;
    // Per list: the records whose person the police found (before, for a centre), and how many
    // of them write the police's PV.
    for (schema, date) in [("indicator_checklist", "filled_on"), ("guidance_file", "registered_on")] {
        let list = set(schema);
        let (mut eligible, mut written) = (0usize, 0usize);
        for (r, p) in list.records.iter().zip(&list.persons) {
            let on = text(&catalog, schema, r, date);
            let findings = found.get(&p.expect("a person")).map_or(&[][..], Vec::as_slice);
            let first = findings.iter().min_by(|a, b| a.1.cmp(&b.1));
            let before = first.is_some_and(|(_, day)| schema == "indicator_checklist" || *day <= on);
            let pv = text(&catalog, schema, r, "pv_number");
            eligible += usize::from(before);
            if pv.starts_with("PV.") {
                written += 1;
                let (first, day) = first.expect("a PV of the police names a person the police found");
                assert_eq!(&pv, first, "{schema}: the PV of the person's first finding");
                assert!(
                    schema == "indicator_checklist" || *day <= on,
                    "{schema} on {on} names a PV of {day}"
                );
            } else {
                assert!(
                    schema == "indicator_checklist" || pv.is_empty(),
                    "a centre writes no PV of its own: {pv}"
                );
            }
        }
        assert!(eligible > 1000, "{schema}: {eligible} records of persons the police found");
        let share = written as f64 / eligible as f64;
        assert!(
            (share - flow).abs() < 0.03,
            "{schema}: the police's PV on {share:.3} of {eligible}, not {flow}"
        );
    }
}

#[test]
fn the_sex_and_nationality_written_from_the_person_change_no_derived_count() {
    let catalog = catalog();
    let s = synthesis(&catalog, 40_000, 5);
    let cycle = catalog.cycle("2019-2020").expect("cycle");
    let schema = &catalog.records["guidance_file"];
    let set = s.sets.iter().find(|x| x.schema == "guidance_file").expect("the centres' list");
    // The same records with the two fields emptied wherever no guidance started.
    let [sex, nationality, outcome] =
        ["sex", "nationality", "outcome"].map(|f| schema.field_index(f).expect("a field"));
    let started = |r: &rapporteur_records::Record| {
        format_value(&catalog, &schema.fields[outcome], &r.values[outcome]) == "guidance_started"
    };
    let mut emptied = set.records.clone();
    let mut cleared = 0;
    for r in emptied.iter_mut().filter(|r| !started(r)) {
        for f in [sex, nationality] {
            cleared += usize::from(r.values[f] != rapporteur_records::Value::Empty);
            r.values[f] = rapporteur_records::Value::Empty;
        }
    }
    assert!(cleared > 1000, "{cleared} values written where no guidance started");
    // The returns count fewer guidances by sex (80 a centre) and by nationality (245 in all)
    // than by form (90 a centre): the fit leaves some guidances' sex and nationality unknown,
    // and the chain must leave them so.
    for cube in ["centre_thb_guidances_sex", "centre_thb_guidances_nationality"] {
        assert!(s.exact.iter().any(|c| c == cube), "{cube} differs from the returns: {:?}", s.inexact);
    }
    let rows = |records: &[rapporteur_records::Record]| {
        let derived = rapporteur_records::derive(
            &catalog,
            schema,
            cycle,
            records,
            rapporteur_records::Counting::AsRegistered,
        );
        let mut rows: Vec<(String, String, i64)> =
            derived.rows.iter().map(|r| (r.cube.clone(), r.coordinate.key(), r.value)).collect();
        rows.sort();
        rows
    };
    assert_eq!(rows(&set.records), rows(&emptied));
}

#[test]
fn persons_are_met_again_mostly_in_the_region_they_were_registered_in() {
    let catalog = catalog();
    let s = synthesis(&catalog, 40_000, 5);
    // Each person's region (of the first registration with a place, in the order the chain
    // meets them: source by source, by date), and each later registration with a place against it.
    let mut known: BTreeMap<u32, u32> = BTreeMap::new();
    let mut registered: BTreeSet<u32> = BTreeSet::new();
    let (mut placed, mut in_region) = (0, 0);
    let mut by_region: BTreeMap<u32, usize> = BTreeMap::new();
    for source in rapporteur_records::synth::VICTIM_SOURCES {
        let set = s.sets.iter().find(|x| x.schema == source).expect("a victim list");
        let schema = &catalog.records[source];
        let field = rapporteur_records::chain::date_field(schema);
        let mut order: Vec<usize> = (0..set.records.len()).collect();
        order.sort_by_key(|&n| (rapporteur_records::chain::date_in(&set.records[n], field), n));
        for n in order {
            let p = set.persons[n].expect("a person");
            let region = rapporteur_records::chain::region_in(&catalog, schema, &set.records[n]);
            if let Some(r) = region {
                *by_region.entry(r).or_default() += 1;
            }
            if !registered.insert(p) {
                if let (Some(&there), Some(here)) = (known.get(&p), region) {
                    placed += 1;
                    in_region += usize::from(there == here);
                }
            }
            if let Some(r) = region {
                known.entry(p).or_insert(r);
            }
        }
    }
    // Counted from the records as the generator counted its meetings.
    assert_eq!((placed, in_region), (s.referrals.placed, s.referrals.in_region));
    // Far more often in one region than two registrations drawn at random.
    let total: usize = by_region.values().sum();
    let chance: f64 = by_region.values().map(|&n| (n as f64 / total as f64).powi(2)).sum();
    let share = in_region as f64 / placed as f64;
    eprintln!("met again in the same region: {in_region} of {placed} ({share:.3}; by chance {chance:.3})");
    assert!(placed > 1000, "{placed} meetings with places");
    let sought = rapporteur_records::synth::flow::SAME_REGION;
    // Sought in the region with the documented probability, found there when someone compatible
    // was registered there (else anywhere): above chance, below always found.
    assert!(share > chance + 0.2 && share <= sought + (1.0 - sought) * chance + 0.02, "{share:.3}");
    assert!(chance < 0.6, "{chance:.3}");
}

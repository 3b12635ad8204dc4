//! The persons behind the records and the cases they concern, as they flow through the chain:
//! a victim found by the police may be met again by the social inspection and in a centre's
//! guidance; the police report (PV) and the prosecution's notice number follow them; each
//! conviction has an offender of its own (never a victim) and names the case it judged.
//!
//! The rates are in [`flow`]; the module documentation of [`synth`](super) tabulates them.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::Catalog;

use super::persons::{age_at, age_bounds, age_range, invent, Person, Role, Traits, CYRILLIC};
use super::registrations::{first_registration, later_registration, Moment, WrittenIdentity};
use super::SynthSet;
use crate::derive::resolve::{resolve_filters, ResolvedFilter};
use crate::record::{format_value, parse_value, Date, Record, Value, CODES_SEPARATOR};

/// The victims' sources in the order a victim usually meets them.
pub const VICTIM_SOURCES: [&str; 3] = ["police_finding", "indicator_checklist", "guidance_file"];
/// The offenders' sources.
pub const OFFENDER_SOURCES: [&str; 1] = ["conviction"];
/// The schema whose records are the cases (their key is the notice number).
pub const CASE_SOURCE: &str = "prosecution_case";

/// The rates at which persons and case numbers flow through the chain.
pub mod flow {
    /// For each source with persons: the probability that a record is a person an earlier
    /// source of the chain registered (found compatible: same sex, nationality, age band and
    /// form of exploitation), and that it is a person this source registered before.
    pub const MEETINGS: [(&str, f64, f64); 4] = [
        ("police_finding", 0.0, 0.05),
        ("indicator_checklist", 0.30, 0.03),
        ("guidance_file", 0.45, 0.05),
        ("conviction", 0.0, 0.04),
    ];
    /// The probability that a new victim concerns a prosecution case (of the form of
    /// exploitation of the registration, labour for a checklist).
    pub const VICTIM_WITH_CASE: f64 = 0.60;
    /// The probability that a conviction judged a case of the set (a case that reached the
    /// prosecution and entered before the conviction; the others judged older cases).
    pub const CONVICTION_WITH_CASE: f64 = 0.75;
    /// For each source: the probability that a record whose person or judgment concerns a case
    /// writes its notice number.
    pub const NOTICE_WRITTEN: [(&str, f64); 4] = [
        ("police_finding", 0.70),
        ("indicator_checklist", 0.40),
        ("guidance_file", 0.50),
        ("conviction", 0.90),
    ];
    /// The probability that a checklist, or a centre's registration, of a person the police
    /// found (before, for a centre) writes the police's PV number: the inspection controls with
    /// the police, and a referral by the police comes with its report.
    pub const POLICE_PV_WRITTEN: f64 = 0.50;
    /// The probability that any other checklist writes a PV of the inspection's own.
    pub const CHECKLIST_OWN_PV: f64 = 0.30;
    /// Every police finding has a PV number of its own.
    pub const POLICE_PV: f64 = 1.0;
    /// The probability that a person met by a later source of the chain is met within
    /// [`REFERRAL_DAYS`] of their first registration by an earlier one (a referral follows the
    /// detection, a checklist is filled at the control), when someone compatible was registered
    /// then; otherwise at any time after it.
    pub const REFERRAL_SOON: f64 = 0.75;
    /// The days after a registration within which a referral counts as soon.
    pub const REFERRAL_DAYS: i32 = 61;
    /// The probabilities that a police finding or a centre's registration writes the person's
    /// sex, and their nationality, where no derivation has set them: the police database
    /// registers both for a person concerned by the facts, a centre's intake for whoever is
    /// referred to it, whether a guidance starts or not (the returns count them for the
    /// guidances started only); now and then one is unknown.
    pub const SEX_WRITTEN: f64 = 0.98;
    pub const NATIONALITY_WRITTEN: f64 = 0.95;
    /// The probability that a person met again is sought first in the region of the record
    /// (its `[chain] place`: the district, the directorate, the centre's seat): the inspection
    /// controls with the local police, a victim is referred mostly to the centre of the
    /// region, a second registration follows the first where the person lives or works.
    /// Sought there in [`super::NEAR_TRIES`] tries, else anywhere.
    pub const SAME_REGION: f64 = 0.80;
}

/// The schema of the police findings, which write their persons' sex and nationality once the
/// chain has met them all (the fit sets none: no derivation reads them).
const POLICE_SOURCE: &str = "police_finding";
/// The sources whose records write their persons' sex and nationality once the chain has met
/// them all, where the fit left them empty: the police findings, and the centres' registrations
/// that started no guidance (the derivations read those fields of the guidances started only).
const PERSON_SOURCES: [&str; 2] = [POLICE_SOURCE, "guidance_file"];
/// The fields the chain writes from the person (left empty by the filling of free fields).
const PERSON_FIELDS: [&str; 2] = ["sex", "nationality"];
/// The sources whose records write the PV of the police finding that preceded them once the
/// chain has met their persons all: the centres' registrations (a referral by the police). A
/// checklist writes it as it meets its person ([`flow::POLICE_PV_WRITTEN`]).
const REFERRAL_PV_SOURCES: [&str; 1] = ["guidance_file"];
/// The field of a record's police report number.
const PV_FIELD: &str = "pv_number";

/// Whether the chain writes field `field` of schema `schema` from the record's person.
pub(super) fn writes_from_person(schema: &str, field: &str) -> bool {
    schema == POLICE_SOURCE && PERSON_FIELDS.contains(&field)
}

/// The filters on other fields than `field` (and than its dimensions) of each derivation of
/// `schema` that reads `field`, as a dimension or in its filter: a record passing all of one's
/// filters would be counted by it once `field` holds a value.
fn readers(catalog: &Catalog, schema: &RecordSchema, field: &str) -> Vec<Vec<ResolvedFilter>> {
    schema
        .derivations
        .iter()
        .filter(|d| d.dimensions.iter().any(|(_, f)| f == field) || d.filter.contains_key(field))
        .map(|d| {
            let mut others = d.filter.clone();
            others.remove(field);
            resolve_filters(catalog, schema, &others, &d.dimensions)
        })
        .collect()
}

/// Whether one of the derivations whose filters are `readers` counts the record.
fn counted_by(readers: &[Vec<ResolvedFilter>], record: &Record) -> bool {
    readers.iter().any(|filters| filters.iter().all(|f| f.passes(record)))
}

/// How many persons of a pool are tried before a record gets a new person.
const MEETING_TRIES: usize = 48;
/// Of those, how many must be of the record's region when the person is sought there first
/// ([`flow::SAME_REGION`]).
const NEAR_TRIES: usize = 32;

/// The exploitation form of a victim first met in a checklist (the inspection's checklists are
/// about labour exploitation).
const CHECKLIST_FORM: &str = "labour";

/// The cases of the set, by what a record looks them up by.
struct Cases {
    keys: Vec<Box<str>>,
    /// By (form, year of inflow), and by form.
    by_form_year: BTreeMap<(String, i32), Vec<usize>>,
    by_form: BTreeMap<String, Vec<usize>>,
    /// The cases in a state that can reach a judgment (prosecuted), by form, by inflow date.
    judgeable: BTreeMap<String, Vec<(Date, usize)>>,
}

impl Cases {
    fn of(catalog: &Catalog, sets: &[SynthSet]) -> Cases {
        let mut cases = Cases {
            keys: Vec::new(),
            by_form_year: BTreeMap::new(),
            by_form: BTreeMap::new(),
            judgeable: BTreeMap::new(),
        };
        let Some(schema) = catalog.records.get(CASE_SOURCE) else { return cases };
        let Some(set) = sets.iter().find(|s| s.schema == CASE_SOURCE) else { return cases };
        let judged: BTreeSet<String> =
            catalog.code_list("prosecution_state").map_or_else(BTreeSet::new, |l| {
                let mut s: BTreeSet<String> =
                    l.leaves_under("prosecuted").iter().map(|c| c.id.clone()).collect();
                s.insert("prosecuted".into());
                s
            });
        let inflow = schema.field_index("inflow_date");
        for (i, r) in set.records.iter().enumerate() {
            cases.keys.push(r.key(schema).into());
            let form = text(catalog, schema, r, "exploitation_form");
            let Some(Value::Date(date)) = inflow.map(|f| &r.values[f]) else { continue };
            if form.is_empty() {
                continue;
            }
            cases.by_form_year.entry((form.clone(), date.year)).or_default().push(i);
            cases.by_form.entry(form.clone()).or_default().push(i);
            if judged.contains(&text(catalog, schema, r, "state")) {
                cases.judgeable.entry(form).or_default().push((*date, i));
            }
        }
        for v in cases.judgeable.values_mut() {
            v.sort();
        }
        cases
    }

    /// A case of `form` for a victim registered in `year` (of that year if there is one).
    fn for_victim(&self, form: &str, year: i32, rng: &mut ChaCha8Rng) -> Option<usize> {
        let pool = self
            .by_form_year
            .get(&(form.to_string(), year))
            .filter(|v| !v.is_empty())
            .or_else(|| self.by_form.get(form))?;
        (!pool.is_empty()).then(|| pool[rng.random_range(0..pool.len())])
    }

    /// A judgeable case of one of `forms` that entered before `date`, each such case alike.
    fn judged(&self, forms: &[String], date: Date, rng: &mut ChaCha8Rng) -> Option<usize> {
        let eligible: Vec<&[(Date, usize)]> = forms
            .iter()
            .filter_map(|f| self.judgeable.get(f))
            .map(|v| &v[..v.partition_point(|(d, _)| *d < date)])
            .collect();
        let total: usize = eligible.iter().map(|v| v.len()).sum();
        if total == 0 {
            return None;
        }
        let mut pick = rng.random_range(0..total);
        for v in eligible {
            if pick < v.len() {
                return Some(v[pick].1);
            }
            pick -= v.len();
        }
        None
    }
}

/// What a record says that a person must agree with.
struct Context {
    date: Date,
    female: Option<bool>,
    nationality: Option<String>,
    /// The ages its age band admits, and those to invent a person in.
    ages: Option<((i32, i32), (i32, i32))>,
    form: Option<String>,
    /// The region of the record's place (an index of the region list).
    region: Option<u32>,
}

impl Context {
    fn of(catalog: &Catalog, schema: &RecordSchema, r: &Record) -> Context {
        let period = schema.derivations.first().map(|d| d.period.field()).unwrap_or_default();
        let date = match schema.field_index(period).map(|i| &r.values[i]) {
            Some(Value::Date(d)) => *d,
            _ => Date { year: 2020, month: 6, day: 15 },
        };
        let female = match text(catalog, schema, r, "sex").as_str() {
            "F" => Some(true),
            "M" => Some(false),
            _ => None,
        };
        let some = |s: String| (!s.is_empty()).then_some(s);
        let band = text(catalog, schema, r, "age_band");
        let ages = (!band.is_empty()).then(|| (age_bounds(&band), age_range(&band)));
        Context {
            date,
            female,
            nationality: some(known_text(catalog, schema, r, "nationality")),
            ages,
            form: some(text(catalog, schema, r, "exploitation_form")),
            region: crate::chain::region_in(catalog, schema, r),
        }
    }

    fn traits(&self) -> Traits {
        Traits {
            date: self.date,
            ages: self.ages.map(|(_, invent)| invent),
            female: self.female,
            nationality: self.nationality.clone(),
        }
    }
}

/// What the chain learnt of a person from their registrations.
#[derive(Default, Clone)]
struct Known {
    nationality: Option<String>,
    form: Option<String>,
    /// The case a victim's registrations concern.
    case: Option<usize>,
    /// The PV number of the police's first finding of the person, and its day
    /// (`Date::day_number`).
    police_pv: Option<(Box<str>, i32)>,
    /// The region of the person's first registration with a place.
    region: Option<u32>,
}

/// The day of a person's first registration in a pool (`Date::day_number`), and the person.
type Dated = (i32, u32);

/// Persons registered by some sources, to meet again, each with the day of their first
/// registration there (`Date::day_number`); every list in order of that day.
#[derive(Default)]
struct Pool {
    members: BTreeMap<u32, i32>,
    all: Vec<Dated>,
    by_nationality: BTreeMap<String, Vec<Dated>>,
    no_nationality: Vec<Dated>,
}

impl Pool {
    /// The persons of a nationality (`None`: of none known yet).
    fn of_nationality(&mut self, nationality: Option<&str>) -> &mut Vec<Dated> {
        match nationality {
            Some(n) => self.by_nationality.entry(n.to_string()).or_default(),
            None => &mut self.no_nationality,
        }
    }

    /// A person first registered on `day` (registrations come in order of their day).
    fn add(&mut self, p: u32, day: i32, nationality: Option<&str>) {
        if let Entry::Vacant(member) = self.members.entry(p) {
            member.insert(day);
            in_order(&mut self.all, (day, p));
            in_order(self.of_nationality(nationality), (day, p));
        }
    }

    /// The persons of `other` added, with the nationality now known of each: appended, then
    /// every list put in order once.
    fn merge(&mut self, other: &Pool, nationality: impl Fn(u32) -> Option<String>) {
        for (&p, &day) in &other.members {
            if let Entry::Vacant(member) = self.members.entry(p) {
                member.insert(day);
                self.all.push((day, p));
                self.of_nationality(nationality(p).as_deref()).push((day, p));
            }
        }
        self.all.sort_unstable();
        self.no_nationality.sort_unstable();
        self.by_nationality.values_mut().for_each(|v| v.sort_unstable());
    }

    /// A person of the pool learnt to be of `nationality`.
    fn learn(&mut self, p: u32, nationality: &str) {
        if let Some(&day) = self.members.get(&p) {
            in_order(self.of_nationality(Some(nationality)), (day, p));
        }
    }

    /// A random person who may be of `nationality` (any if `None`), first registered here on
    /// one of `days`.
    fn candidate(
        &self,
        nationality: Option<&str>,
        days: &RangeInclusive<i32>,
        rng: &mut ChaCha8Rng,
    ) -> Option<u32> {
        let within = |v: &[Dated]| -> (usize, usize) {
            (v.partition_point(|(d, _)| d < days.start()), v.partition_point(|(d, _)| d <= days.end()))
        };
        let (known, unknown): (&[Dated], &[Dated]) = match nationality {
            None => (&self.all, &[]),
            Some(n) => (self.by_nationality.get(n).map_or(&[], Vec::as_slice), &self.no_nationality),
        };
        let ((a, b), (c, d)) = (within(known), within(unknown));
        let total = (b - a) + (d - c);
        if total == 0 {
            return None;
        }
        let i = rng.random_range(0..total);
        Some(if i < b - a { known[a + i].1 } else { unknown[c + i - (b - a)].1 })
    }
}

/// Inserts `entry` where the order of days keeps (at the end when it comes in order).
fn in_order(v: &mut Vec<Dated>, entry: Dated) {
    let at = v.partition_point(|e| *e <= entry);
    v.insert(at, entry);
}

/// Whom a record seeks among the persons met before: one who agrees with its context and has its
/// role; when `near`, the first tries only among those of its region ([`flow::SAME_REGION`]).
#[derive(Clone, Copy)]
struct Sought<'c> {
    ctx: &'c Context,
    role: Role,
    near: bool,
}

/// The persons as the chain makes them.
struct People<'a> {
    catalog: &'a Catalog,
    cases: Cases,
    persons: Vec<Person>,
    known: Vec<Known>,
    victims: u32,
    offenders: u32,
    /// The police findings numbered so far (for unique PV numbers).
    pvs: u32,
    /// The inspection's own PVs numbered so far.
    inspection_pvs: u32,
    /// How soon persons of an earlier source were met again.
    referrals: Referrals,
}

/// How soon persons of an earlier source of the chain were met again: how many meetings came
/// within [`flow::REFERRAL_DAYS`] of the person's first registration there, and how many later;
/// and where: of the meetings (any source) of a person known in a region by a record with a
/// place, how many in that region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Referrals {
    pub soon: usize,
    pub later: usize,
    pub placed: usize,
    pub in_region: usize,
}

/// Gives every record of a schema with a person field a person (and its written identity), the
/// case it concerns and the case numbers it writes; the persons made, and how soon the chain met
/// them again.
pub(super) fn assign(
    catalog: &Catalog,
    sets: &mut [SynthSet],
    rng: &mut ChaCha8Rng,
) -> (Vec<Person>, Referrals) {
    let mut people = People {
        catalog,
        cases: Cases::of(catalog, sets),
        persons: Vec::new(),
        known: Vec::new(),
        victims: 0,
        offenders: 0,
        pvs: 0,
        inspection_pvs: 0,
        referrals: Referrals::default(),
    };
    for set in sets.iter_mut() {
        set.persons = vec![None; set.records.len()];
        set.written = vec![None; set.records.len()];
        set.cases = vec![None; set.records.len()];
    }
    let mut earlier = Pool::default();
    for source in VICTIM_SOURCES {
        if let Some(set) = sets.iter_mut().find(|s| s.schema == source) {
            let here = people.register(set, Role::Victim, &mut earlier, rng);
            earlier.merge(&here, |p| people.known[p as usize].nationality.clone());
        }
    }
    for source in OFFENDER_SOURCES {
        if let Some(set) = sets.iter_mut().find(|s| s.schema == source) {
            people.register(set, Role::Offender, &mut Pool::default(), rng);
        }
    }
    // A schema with persons the chain does not know yet: persons of its own, as victims.
    for set in sets.iter_mut() {
        let known =
            VICTIM_SOURCES.contains(&set.schema.as_str()) || OFFENDER_SOURCES.contains(&set.schema.as_str());
        let has_person = catalog.records.get(&set.schema).is_some_and(|s| s.person_field().is_some());
        if has_person && !known {
            people.register(set, Role::Victim, &mut Pool::default(), rng);
        }
    }
    // Last, so that every other draw is as it was without these fields.
    let mut drawn = BTreeMap::new();
    for source in PERSON_SOURCES {
        if let Some(set) = sets.iter_mut().find(|s| s.schema == source) {
            people.write_sex_and_nationality(set, &mut drawn, rng);
        }
    }
    for source in REFERRAL_PV_SOURCES {
        if let Some(set) = sets.iter_mut().find(|s| s.schema == source) {
            people.write_police_pv(set, rng);
        }
    }
    (people.persons, people.referrals)
}

impl People<'_> {
    /// Registers the records of one source: each a person met before or a new one. The pool
    /// of this source's persons.
    fn register(&mut self, set: &mut SynthSet, role: Role, earlier: &mut Pool, rng: &mut ChaCha8Rng) -> Pool {
        let catalog = self.catalog;
        let Some(schema) = catalog.records.get(&set.schema) else { return Pool::default() };
        let (p_earlier, p_same) =
            flow::MEETINGS.iter().find(|(s, _, _)| *s == set.schema).map_or((0.0, 0.0), |&(_, e, s)| (e, s));
        let mut here = Pool::default();
        // In order of the registrations' dates: a person is met again after they were met.
        let contexts: Vec<Context> = set.records.iter().map(|r| Context::of(catalog, schema, r)).collect();
        let mut order: Vec<usize> = (0..set.records.len()).collect();
        order.sort_by_key(|&n| (contexts[n].date, n));
        for n in order {
            let ctx = &contexts[n];
            let day = ctx.date.day_number();
            let draw: f64 = rng.random();
            let near = ctx.region.is_some() && rng.random_bool(flow::SAME_REGION);
            let sought = Sought { ctx, role, near };
            // A person of an earlier source is met here once (a second registration here is a
            // meeting of the same source), most often soon after (a referral).
            let met = if draw < p_earlier {
                let soon = rng.random_bool(flow::REFERRAL_SOON);
                let recent = day - flow::REFERRAL_DAYS..=day;
                let met = soon
                    .then(|| self.meet(earlier, Some(&here), &sought, &recent, rng))
                    .flatten()
                    .or_else(|| self.meet(earlier, Some(&here), &sought, &(i32::MIN..=day), rng));
                if let Some(p) = met {
                    let counted = if recent.contains(&earlier.members[&p]) {
                        &mut self.referrals.soon
                    } else {
                        &mut self.referrals.later
                    };
                    *counted += 1;
                }
                met
            } else if draw < p_earlier + p_same {
                self.meet(&here, None, &sought, &(i32::MIN..=day), rng)
            } else {
                None
            };
            let (p, written) = match met {
                Some(p) => {
                    if let (Some(there), Some(here)) = (self.known[p as usize].region, ctx.region) {
                        self.referrals.placed += 1;
                        self.referrals.in_region += usize::from(there == here);
                    }
                    let person = &self.persons[p as usize];
                    let moment = Moment { age: age_at(person.birth_date, ctx.date) };
                    let written = later_registration(person, &moment, rng);
                    if let (Some(n), None) = (&ctx.nationality, &self.known[p as usize].nationality) {
                        earlier.learn(p, n);
                        here.learn(p, n);
                    }
                    self.learn(p, ctx, role);
                    (p, written)
                }
                None => {
                    let p = self.new_person(role, ctx, &set.schema, rng);
                    (p, first_registration(&self.persons[p as usize]))
                }
            };
            let nationality = self.known[p as usize].nationality.clone();
            here.add(p, day, nationality.as_deref());
            set.persons[n] = Some(p);
            set.written[n] = Some(written);
            let case = match role {
                Role::Victim => self.known[p as usize].case,
                Role::Offender => self.judged_case(catalog, schema, &set.records[n], ctx.date, rng),
            };
            set.cases[n] = case.map(|c| self.cases.keys[c].clone());
            self.write_numbers(schema, &mut set.records[n], p, case, ctx, rng);
        }
        here
    }

    /// A person of `pool` (not of `except`) first registered there on one of `days` who agrees
    /// with the record `sought` is for, if one is found in a few tries.
    fn meet(
        &self,
        pool: &Pool,
        except: Option<&Pool>,
        sought: &Sought,
        days: &RangeInclusive<i32>,
        rng: &mut ChaCha8Rng,
    ) -> Option<u32> {
        let Sought { ctx, role, near } = *sought;
        for attempt in 0..MEETING_TRIES {
            let p = pool.candidate(ctx.nationality.as_deref(), days, rng)?;
            let placed = !near || attempt >= NEAR_TRIES || self.in_region(p, ctx);
            if placed && !except.is_some_and(|e| e.members.contains_key(&p)) && self.agrees(p, ctx, role) {
                return Some(p);
            }
        }
        None
    }

    /// Whether person `p` was first registered in the record's region (or nowhere known).
    fn in_region(&self, p: u32, ctx: &Context) -> bool {
        self.known[p as usize].region.is_none_or(|r| Some(r) == ctx.region)
    }

    /// Whether person `p` may be the person of a record.
    fn agrees(&self, p: u32, ctx: &Context, role: Role) -> bool {
        let person = &self.persons[p as usize];
        let known = &self.known[p as usize];
        if person.role != role {
            return false;
        }
        if ctx.female.is_some_and(|f| f != person.female) {
            return false;
        }
        if let Some(n) = &ctx.nationality {
            let same = match &known.nationality {
                Some(m) => m == n,
                None => person.cyrillic == CYRILLIC.contains(&n.as_str()),
            };
            if !same {
                return false;
            }
        }
        if let Some(((low, high), _)) = ctx.ages {
            let age = age_at(person.birth_date, ctx.date);
            if age < low || age > high {
                return false;
            }
        }
        !matches!((&ctx.form, &known.form), (Some(f), Some(g)) if f != g)
    }

    /// What a registration tells of a person met again.
    fn learn(&mut self, p: u32, ctx: &Context, role: Role) {
        let known = &mut self.known[p as usize];
        if known.nationality.is_none() {
            known.nationality.clone_from(&ctx.nationality);
        }
        if role == Role::Victim && known.form.is_none() {
            known.form.clone_from(&ctx.form);
        }
        if known.region.is_none() {
            known.region = ctx.region;
        }
    }

    /// A new person for a record of `schema`, and (a victim) the case they concern.
    fn new_person(&mut self, role: Role, ctx: &Context, schema: &str, rng: &mut ChaCha8Rng) -> u32 {
        let number = match role {
            Role::Victim => &mut self.victims,
            Role::Offender => &mut self.offenders,
        };
        *number += 1;
        let person = invent(role, *number, &ctx.traits(), rng);
        let mut known =
            Known { nationality: ctx.nationality.clone(), region: ctx.region, ..Known::default() };
        if role == Role::Victim {
            known.form = ctx
                .form
                .clone()
                .or_else(|| (schema == "indicator_checklist").then(|| CHECKLIST_FORM.to_string()));
            if rng.random_bool(flow::VICTIM_WITH_CASE) {
                known.case = known.form.as_deref().and_then(|f| self.cases.for_victim(f, ctx.date.year, rng));
            }
        }
        self.persons.push(person);
        self.known.push(known);
        (self.persons.len() - 1) as u32
    }

    /// The case a conviction judged, if it is one of the set.
    fn judged_case(
        &self,
        catalog: &Catalog,
        schema: &RecordSchema,
        r: &Record,
        date: Date,
        rng: &mut ChaCha8Rng,
    ) -> Option<usize> {
        if !rng.random_bool(flow::CONVICTION_WITH_CASE) {
            return None;
        }
        let list = catalog.code_list("exploitation_form")?;
        let leaves = |field: &str| -> Vec<String> {
            let mut out: Vec<String> = text(catalog, schema, r, field)
                .split(CODES_SEPARATOR)
                .filter(|s| !s.is_empty())
                .flat_map(|c| list.leaves_under(c).into_iter().map(|l| l.id.clone()))
                .collect();
            out.sort();
            out.dedup();
            out
        };
        let mut forms = leaves("exploitation_forms");
        if forms.is_empty() {
            forms = leaves("offences");
        }
        if forms.is_empty() {
            forms = list.leaves().map(|l| l.id.clone()).collect();
        }
        self.cases.judged(&forms, date, rng)
    }

    /// Each record's sex and nationality as its person has them, where the schema holds the
    /// fields, the record leaves them empty and no derivation reading them would count the
    /// record (a value the fit left empty there keeps a derived count): the person's sex; the
    /// nationality a registration gave them, else one drawn among those of the victims whose
    /// names have the same origin (each victim alike), so that the police's persons are of the
    /// nationalities the other sources register; `drawn` keeps the nationalities drawn, per
    /// person, across sources.
    fn write_sex_and_nationality<'a>(
        &'a self,
        set: &mut SynthSet,
        drawn: &mut BTreeMap<usize, &'a str>,
        rng: &mut ChaCha8Rng,
    ) {
        let catalog = self.catalog;
        let Some(schema) = catalog.records.get(&set.schema) else { return };
        let [Some(sex), Some(nationality)] = PERSON_FIELDS.map(|f| schema.field_index(f)) else { return };
        let mut nationalities: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
        for (person, known) in self.persons.iter().zip(&self.known) {
            if let (Role::Victim, Some(n)) = (person.role, &known.nationality) {
                nationalities[usize::from(person.cyrillic)].push(n);
            }
        }
        // A code of the field's own list.
        let code = |field: usize, id: &str| parse_value(catalog, &schema.fields[field], id).ok();
        let [sex_readers, nationality_readers] = PERSON_FIELDS.map(|f| readers(catalog, schema, f));
        // A person no registration gave a nationality gets one, the same in all their records.
        for (record, p) in set.records.iter_mut().zip(&set.persons) {
            let Some(p) = p.map(|p| p as usize) else { continue };
            let (person, known) = (&self.persons[p], &self.known[p]);
            let write_sex = rng.random_bool(flow::SEX_WRITTEN);
            let write_nationality = rng.random_bool(flow::NATIONALITY_WRITTEN);
            let origin = &nationalities[usize::from(person.cyrillic)];
            if known.nationality.is_none() && !origin.is_empty() {
                drawn.entry(p).or_insert_with(|| origin[rng.random_range(0..origin.len())]);
            }
            if write_sex && record.values[sex] == Value::Empty && !counted_by(&sex_readers, record) {
                if let Some(v) = code(sex, if person.female { "F" } else { "M" }) {
                    record.values[sex] = v;
                }
            }
            let of_person = known.nationality.as_deref().or_else(|| drawn.get(&p).copied());
            let free = !counted_by(&nationality_readers, record);
            if let (true, Value::Empty, Some(n), true) =
                (write_nationality, &record.values[nationality], of_person, free)
            {
                if let Some(v) = code(nationality, n) {
                    record.values[nationality] = v;
                }
            }
        }
    }

    /// Writes on the records of `set` whose person the police found on or before the record's
    /// date the PV number of that finding, with probability [`flow::POLICE_PV_WRITTEN`].
    fn write_police_pv(&self, set: &mut SynthSet, rng: &mut ChaCha8Rng) {
        let Some(schema) = self.catalog.records.get(&set.schema) else { return };
        let Some(field) = schema.field_index(PV_FIELD) else { return };
        let dated_by = crate::chain::date_field(schema);
        for (record, p) in set.records.iter_mut().zip(&set.persons) {
            let Some((pv, found)) = p.and_then(|p| self.known[p as usize].police_pv.as_ref()) else {
                continue;
            };
            let Some(day) = crate::chain::date_in(record, dated_by).map(Date::day_number) else { continue };
            if *found <= day
                && record.values[field] == Value::Empty
                && rng.random_bool(flow::POLICE_PV_WRITTEN)
            {
                record.values[field] = Value::Text(pv.clone());
            }
        }
    }

    /// The PV and notice numbers a record writes.
    fn write_numbers(
        &mut self,
        schema: &RecordSchema,
        r: &mut Record,
        p: u32,
        case: Option<usize>,
        ctx: &Context,
        rng: &mut ChaCha8Rng,
    ) {
        let catalog = self.catalog;
        // A centre's registration writes the police's PV once the chain has met all persons.
        let referral = REFERRAL_PV_SOURCES.contains(&schema.id.as_str());
        if let Some(f) = schema.field_index(PV_FIELD).filter(|_| !referral) {
            let pv: Option<Box<str>> = if schema.id == "police_finding" {
                let district: String = text(catalog, schema, r, "district").chars().take(2).collect();
                let district = if district.is_empty() { "XX".to_string() } else { district.to_uppercase() };
                self.pvs += 1;
                let pv: Box<str> =
                    format!("PV.{district}.{:06}/{}", 100_000 + self.pvs, ctx.date.year).into();
                self.known[p as usize].police_pv.get_or_insert_with(|| (pv.clone(), ctx.date.day_number()));
                Some(pv)
            } else {
                match self.known[p as usize].police_pv.clone().map(|(pv, _)| pv) {
                    Some(police) => rng.random_bool(flow::POLICE_PV_WRITTEN).then_some(police),
                    None if rng.random_bool(flow::CHECKLIST_OWN_PV) => {
                        self.inspection_pvs += 1;
                        Some(format!("PJ.SI.{:06}/{}", 100_000 + self.inspection_pvs, ctx.date.year).into())
                    }
                    None => None,
                }
            };
            if let Some(pv) = pv {
                r.values[f] = Value::Text(pv);
            }
        }
        if let (Some(f), Some(c)) = (schema.field_index("notice_number"), case) {
            let rate = flow::NOTICE_WRITTEN.iter().find(|(s, _)| *s == schema.id).map_or(0.5, |(_, r)| *r);
            if rng.random_bool(rate) {
                r.values[f] = Value::Text(self.cases.keys[c].clone());
            }
        }
    }
}

/// A record's field as text (empty if the schema has no such field).
fn text(catalog: &Catalog, schema: &RecordSchema, r: &Record, id: &str) -> String {
    schema.field_index(id).map(|i| format_value(catalog, &schema.fields[i], &r.values[i])).unwrap_or_default()
}

/// A record's field as text, empty when it is a code saying the source did not know (such a
/// record agrees with any person).
fn known_text(catalog: &Catalog, schema: &RecordSchema, r: &Record, id: &str) -> String {
    let unknown = schema.field_index(id).is_some_and(|i| match (&schema.fields[i].kind, &r.values[i]) {
        (FieldKind::Code { codelist }, Value::Code(c)) => {
            catalog.code_list(codelist).is_some_and(|l| l.is_unknown_at(*c as usize))
        }
        _ => false,
    });
    if unknown {
        String::new()
    } else {
        text(catalog, schema, r, id)
    }
}

/// The identity each record of a set writes (for the raw file).
pub(super) fn written_of(set: &SynthSet, n: usize) -> Option<&WrittenIdentity> {
    set.written.get(n).and_then(Option::as_ref)
}

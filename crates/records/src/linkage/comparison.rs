//! The comparison vector of a pair: the level of its names filters' similarity (in a run by how
//! the given names compare), how the birth dates compare (from their keyed tokens), whether sex,
//! nationality and form agree, whether the two records name the same PV or notice number — with,
//! when they do, how common that number is among the records ([`References`]), which the rule
//! weighs it by (see [`super::model`]) — and how many near-namesakes the two records have
//! ([`Namesakes`]).
//!
//! The name levels (defaults: 13 bounds from 0.97 down to 0.72, two hundredths apart above 0.75,
//! then below) are fine because the rule weighs each by the population's u (see
//! [`super::model`]), which fall steeply with similarity. What the names filter gives: the same names score 1 (0.97 for namesakes with another birth date: the keyed
//! noise); a typo, a phonetic or transliteration variant about 0.90–0.95; a missing second given
//! name or a changed name part about 0.80–0.90; different persons with similar names 0.65–0.8
//! and unrelated names about 0.55. The candidate floor is apart ([`DEFAULT_CANDIDATE_FLOOR`], on
//! the identity filter, see [`super::blocking`]).
//!
//! **Given names agree, the rest differs.** A registration under another family name (a
//! marriage) keeps the given names and the birth date, but its names filter falls to 0.65–0.80,
//! among strangers with similar names. When the two given-names filters agree
//! ([`GIVEN_AGREE`]: the same given names, or most single slips) while the names filters are below
//! [`GIVEN_PATTERN_BELOW`], the pair gets a level of its own after the ordered ones, which the
//! rule weighs by its own m and u ([`super::model`]): among all pairs of records it is as rare
//! as two strangers sharing their given names. It is one level of the names comparison, not a
//! field beside it, so that the given names are not counted twice.
//!
//! **How the given names compare, at every names level.** The same names similarity hides
//! different pairs: a typo in the family name with the given names intact, one of two given names
//! missing (the given names agree in part, [`GIVEN_PARTLY`]), or strangers whose names share
//! syllables and whose given names differ. The ordered levels come in three runs
//! ([`Levels::ordered_runs`]) — given names agreeing (or unknown: a source without them), agreeing
//! in part, differing — each weighed by its own m and u, so the given names are again one
//! comparison with the names, not a second one.
//!
//! **Near-namesakes** ([`Namesakes`]): how many records with names as alike and another birth
//! date each record has — how crowded its names are. The rule weighs it like nationality, by
//! names level (see [`super::model`]).
//!
//! **The interval between the registrations** ([`interval_class`]): a victim's registrations
//! by the chain's actors follow one another — the checklist is filled at the control, the
//! referral to a centre follows the detection — while a stranger's registration is as likely on
//! any day of the period. The rule weighs the class of the days between the two records' dates
//! like nationality (see [`super::model`]).

use std::collections::HashMap;

use super::blocking::Candidate;
use super::LinkRecord;
use crate::encoding::{DateAgreement, Encoding};

/// The default lower bounds of the name similarity levels.
pub const DEFAULT_LEVELS: [f64; 13] =
    [0.97, 0.95, 0.93, 0.91, 0.89, 0.87, 0.85, 0.83, 0.81, 0.79, 0.77, 0.75, 0.72];
/// The default candidate floor: the least similarity of the identity filters a pair needs to be
/// compared at all (see [`super::blocking`] for the choice).
pub const DEFAULT_CANDIDATE_FLOOR: f64 = 0.78;
/// The least similarity of two given-names filters that counts as the same given names: the
/// same names give about 0.97 (the keyed noise), one slip in one of them 0.76–0.94 (most about
/// 0.85), unrelated names about 0.6. Lower, strangers of one given name and birth date multiply
/// at scale (`crates/records/bench/README.md`: 0.80 lost 0.012 of F1 at 10⁶ registrations).
pub const GIVEN_AGREE: f64 = 0.84;
/// Whether the given names of two encodings agree ([`GIVEN_AGREE`]); never when either has no
/// given names apart.
pub fn given_names_agree(p: &Encoding, q: &Encoding) -> bool {
    p.given_similarity(q).is_some_and(|s| s >= GIVEN_AGREE)
}

/// Given-names filters at least this similar, and less than [`GIVEN_AGREE`], agree in part: one
/// of two given names missing, or a slip and another error; below, unrelated given names (about
/// 0.6). Among candidates of one names level, strangers' given names mostly differ and a
/// person's mostly agree, at least in part (`crates/records/bench/README.md`).
pub const GIVEN_PARTLY: f64 = 0.65;
/// Names filters at least this similar keep their ordered level whatever the given names: the
/// whole names then agree too well for a changed family name to be what sets them apart.
pub const GIVEN_PATTERN_BELOW: f64 = 0.85;

/// Whether a field agrees between the two records of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldLevel {
    /// Both records have the field, with the same value.
    Agree,
    /// Both records have the field, with different values.
    Disagree,
    /// Either record lacks it: the comparison carries no information (a factor of 1).
    Unknown,
}

impl FieldLevel {
    fn of(a: Option<u32>, b: Option<u32>) -> FieldLevel {
        match (a, b) {
            (Some(x), Some(y)) if x == y => FieldLevel::Agree,
            (Some(_), Some(_)) => FieldLevel::Disagree,
            _ => FieldLevel::Unknown,
        }
    }

    /// 0 for agree, 1 for disagree, 2 for unknown.
    pub fn index(self) -> usize {
        self as usize
    }

    /// 0 for agree, 1 for disagree, `None` for unknown.
    pub fn known(self) -> Option<usize> {
        (self != FieldLevel::Unknown).then_some(self.index())
    }
}

/// The comparison vector of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Comparison {
    /// The names' similarity level: 0 for the most similar, `levels.len()` for below the last
    /// bound, `levels.len() + 1` when the given names agree and the names do not
    /// ([`Levels::given_pattern`]).
    pub names: u8,
    /// How the birth dates compare; `None` when either record lacks the full date.
    pub date: Option<DateAgreement>,
    /// Sex.
    pub sex: FieldLevel,
    /// Nationality.
    pub nationality: FieldLevel,
    /// The form of exploitation.
    pub form: FieldLevel,
    /// The region the two registrations were made in.
    pub region: FieldLevel,
    /// The case numbers: agree when the two records name the same PV or the same notice number,
    /// disagree when both name one of the two kinds and none agrees, unknown otherwise.
    pub reference: FieldLevel,
    /// When the case numbers agree, how rare the shared number is: a record of another person
    /// names it about once in this many records that name a number of its kind (see
    /// [`References::one_in`]); the rarest when both kinds agree; 0 otherwise.
    pub reference_one_in: u32,
    /// How many near-namesakes the two records have besides each other, as a class
    /// ([`Namesakes::class`]): how crowded their names are.
    pub namesakes: u8,
    /// How far apart the two registrations are in time, as a class ([`interval_class`]);
    /// `None` when either record lacks its date.
    pub interval: Option<u8>,
}

/// The upper bounds, in days, of the classes of the interval between two registrations: within
/// a week, a month, two months (a referral after the detection), half a year, a year, more.
pub const INTERVAL_DAYS: [u32; 5] = [7, 30, 61, 182, 365];
/// The number of interval classes: one per bound and one beyond.
pub const INTERVAL_CLASSES: usize = INTERVAL_DAYS.len() + 1;

/// The class of the days between two registrations: the first bound it does not exceed.
pub fn interval_class(a: Option<i32>, b: Option<i32>) -> Option<u8> {
    let days = a?.abs_diff(b?);
    Some(INTERVAL_DAYS.iter().position(|&bound| days <= bound).unwrap_or(INTERVAL_DAYS.len()) as u8)
}

/// How many records name each PV and notice number, and how many name one of each kind: the
/// chance that a record of another person names the same number as a given one, the u
/// probability of an agreement on that number ([`super::model`]).
#[derive(Debug, Clone, Default)]
pub struct References {
    /// Per kind (`LinkRecord::references` order), the records naming each number (their
    /// indexes, ascending).
    named: [HashMap<u32, Vec<u32>>; 2],
    /// Per kind, the records naming a number of that kind.
    known: [u32; 2],
}

impl References {
    /// Who names what among the records to link.
    pub fn of(records: &[LinkRecord]) -> References {
        let mut references = References::default();
        for (i, r) in records.iter().enumerate() {
            for (kind, reference) in r.references.iter().enumerate() {
                if let Some(id) = reference {
                    references.named[kind].entry(*id).or_default().push(i as u32);
                    references.known[kind] += 1;
                }
            }
        }
        references
    }

    /// The records naming each number, a list per number of either kind (what the blocking
    /// pairs, [`super::blocking`]).
    pub fn groups(&self) -> impl Iterator<Item = &[u32]> {
        self.named.iter().flat_map(|by_number| by_number.values().map(Vec::as_slice))
    }

    /// For a number of `kind` that two records share: among the other records naming a number
    /// of that kind, one in how many names this one — `(known − 1) / (named − 1)`, at least 1.
    /// The records of the same person that name it are counted as if they were others', so the
    /// chance is overstated and the evidence understated when a number is named by one person's
    /// registrations only; a number several victims share (one case, one raid) is weighed less
    /// the more records name it.
    pub fn one_in(&self, kind: usize, id: u32) -> u32 {
        let named = self.named[kind].get(&id).map_or(0, Vec::len).max(2) as u32;
        (self.known[kind].saturating_sub(1) / (named - 1)).max(1)
    }
}

/// Names filters at least this similar, with birth dates that differ in two parts or more, make
/// two records near-namesakes: different persons (a person's registrations rarely err in two
/// parts of the date) with names as alike as a typo makes them.
pub const NAMESAKE_NAMES: f64 = 0.85;
/// The classes of a pair's count of near-namesakes: 0, 1, 2–3, 4–7, 8–15, 16 or more.
pub const NAMESAKE_CLASSES: usize = 6;

/// How many near-namesakes each record has among the candidates: how crowded the neighbourhood
/// of its names is. Two strangers with similar names are common where names are (a few
/// syllables, one language's endings), rare elsewhere: at 10⁶ synthetic registrations, of the
/// candidates with names at 0.84–0.88 and one part of the birth date differing, nine in ten were
/// one person where neither record had a near-namesake, one in twenty-four where one had four or
/// more (`crates/records/bench/README.md`). It is splink's term-frequency adjustment, measured on
/// the encodings instead of on the names, which the centre never sees: what it counts is what a
/// centre grouping filters by similarity could count anyway (ARCHITECTURE.md, threat model).
#[derive(Debug, Clone, Default)]
pub struct Namesakes(Vec<u32>);

impl Namesakes {
    /// Counts, per record, the candidates that are its near-namesakes.
    pub fn of(records: &[LinkRecord], candidates: &[Candidate]) -> Namesakes {
        let mut counts = vec![0u32; records.len()];
        for c in candidates {
            if near_namesakes(&records[c.a as usize], &records[c.b as usize]) {
                counts[c.a as usize] += 1;
                counts[c.b as usize] += 1;
            }
        }
        Namesakes(counts)
    }

    /// The class of the near-namesakes of records `i` and `j` besides each other, by the record
    /// with more (two registrations of one identity have the same): 0 for none, then one class
    /// per doubling up to [`NAMESAKE_CLASSES`] − 1.
    pub fn class(&self, records: &[LinkRecord], i: u32, j: u32) -> u8 {
        let count = |k: u32| self.0.get(k as usize).copied().unwrap_or(0);
        let each_other = u32::from(near_namesakes(&records[i as usize], &records[j as usize]));
        let others = count(i).max(count(j)).saturating_sub(each_other);
        ((u32::BITS - others.leading_zeros()) as usize).min(NAMESAKE_CLASSES - 1) as u8
    }
}

/// Whether two records are near-namesakes ([`NAMESAKE_NAMES`]).
fn near_namesakes(a: &LinkRecord, b: &LinkRecord) -> bool {
    a.encoding.date_agreement(&b.encoding) == Some(DateAgreement::Differs)
        && a.encoding.name_similarity(&b.encoding) >= NAMESAKE_NAMES
}

/// What the pairs of a set of records are compared with: the levels, who names which case
/// number and how many near-namesakes each record has.
pub struct Comparer<'a> {
    /// The records, in the order the indexes of the pairs refer to.
    pub records: &'a [LinkRecord],
    /// The names' similarity levels.
    pub levels: &'a Levels,
    /// Who names which case number.
    pub references: &'a References,
    /// The near-namesakes of each record.
    pub namesakes: &'a Namesakes,
}

impl Comparer<'_> {
    /// The comparison vector of records `i` and `j`.
    pub fn compare(&self, i: u32, j: u32) -> Comparison {
        let (a, b) = (&self.records[i as usize], &self.records[j as usize]);
        Comparison {
            namesakes: self.namesakes.class(self.records, i, j),
            ..compare(self.levels, self.references, a, b)
        }
    }
}

/// The similarity levels' bounds, checked.
#[derive(Debug, Clone)]
pub struct Levels(Vec<f32>);

impl Levels {
    /// The levels from descending lower bounds; empty or unsorted bounds fall back to the
    /// defaults.
    pub fn new(bounds: &[f64]) -> Levels {
        let valid = !bounds.is_empty()
            && bounds.len() < 80
            && bounds.windows(2).all(|w| w[0] > w[1])
            && bounds.iter().all(|b| (0.0..=1.0).contains(b));
        let bounds = if valid { bounds } else { &DEFAULT_LEVELS[..] };
        Levels(bounds.iter().map(|&b| b as f32).collect())
    }

    /// The number of ordered levels, the "below" level included.
    pub fn count(&self) -> usize {
        self.0.len() + 1
    }

    /// The number of levels of the names comparison: three runs of the ordered levels (given
    /// names that agree or are unknown, that agree in part, that differ) and the level of given
    /// names that agree when the names do not.
    pub fn names_count(&self) -> usize {
        3 * self.count() + 1
    }

    /// The level of given names that agree when the names do not (after the first run).
    pub fn given_pattern(&self) -> u8 {
        self.count() as u8
    }

    /// The runs of ordered levels, each from the most similar names to the least: given names
    /// that agree (or that one record lacks), that agree in part, that differ.
    pub fn ordered_runs(&self) -> [std::ops::Range<usize>; 3] {
        let k = self.count();
        [0..k, k + 1..2 * k + 1, 2 * k + 1..3 * k + 1]
    }

    /// The level of a similarity.
    pub fn level(&self, similarity: f32) -> u8 {
        self.0.iter().position(|&b| similarity >= b).unwrap_or(self.0.len()) as u8
    }

    /// The names level of a pair: the given-names level when the given names agree and the
    /// names are below [`GIVEN_PATTERN_BELOW`]; otherwise the ordered level of the names
    /// filters' similarity, in the run of how the given names compare ([`Levels::ordered_runs`]).
    pub fn names_level(&self, names: f64, given: Option<f64>) -> u8 {
        let ordered = self.level(names as f32);
        let [_, partly, differ] = self.ordered_runs().map(|run| run.start as u8);
        match given {
            Some(given) if given >= GIVEN_AGREE && names < GIVEN_PATTERN_BELOW => self.given_pattern(),
            Some(given) if given >= GIVEN_AGREE => ordered,
            Some(given) if given >= GIVEN_PARTLY => partly + ordered,
            Some(_) => differ + ordered,
            None => ordered,
        }
    }
}

/// The comparison vector of two records, their near-namesakes left out (class 0): what
/// [`Comparer::compare`] completes.
fn compare(levels: &Levels, references: &References, a: &LinkRecord, b: &LinkRecord) -> Comparison {
    let (mut reference, mut reference_one_in) = (FieldLevel::Unknown, 0);
    for (kind, (x, y)) in a.references.iter().zip(&b.references).enumerate() {
        match FieldLevel::of(*x, *y) {
            FieldLevel::Agree => {
                reference = FieldLevel::Agree;
                reference_one_in = reference_one_in.max(references.one_in(kind, x.unwrap_or_default()));
            }
            FieldLevel::Disagree if reference == FieldLevel::Unknown => reference = FieldLevel::Disagree,
            _ => {}
        }
    }
    Comparison {
        names: levels
            .names_level(a.encoding.name_similarity(&b.encoding), a.encoding.given_similarity(&b.encoding)),
        date: a.encoding.date_agreement(&b.encoding),
        sex: FieldLevel::of(a.sex, b.sex),
        nationality: FieldLevel::of(a.nationality, b.nationality),
        form: FieldLevel::of(a.form, b.form),
        region: FieldLevel::of(a.region, b.region),
        reference,
        reference_one_in,
        namesakes: 0,
        interval: interval_class(a.day, b.day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_is_classed_by_the_first_bound_it_does_not_exceed() {
        let class = |days: i32| interval_class(Some(1_000), Some(1_000 + days));
        assert_eq!(
            [0, 7, 8, 30, 31, 61, 62, 182, 365, 366, 4_000].map(class),
            [0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 5].map(Some)
        );
        assert_eq!(class(-7), Some(0), "either record may come first");
        assert_eq!(interval_class(None, Some(1)), None);
    }

    #[test]
    fn levels_and_fields() {
        let levels = Levels::new(&[0.95, 0.88, 0.80, 0.72]);
        assert_eq!(levels.count(), 5);
        assert_eq!(levels.level(1.0), 0);
        assert_eq!(levels.level(0.9), 1);
        assert_eq!(levels.level(0.72), 3);
        assert_eq!(levels.level(0.5), 4);
        assert_eq!(Levels::new(&DEFAULT_LEVELS).count(), DEFAULT_LEVELS.len() + 1);
        assert_eq!(
            Levels::new(&[0.5, 0.9]).count(),
            DEFAULT_LEVELS.len() + 1,
            "unsorted bounds fall back to the defaults"
        );
        assert_eq!(levels.names_count(), 16);
        assert_eq!(levels.ordered_runs(), [0..5, 6..11, 11..16]);
        assert_eq!(levels.names_level(0.78, Some(0.96)), 5, "a changed family name");
        assert_eq!(levels.names_level(0.78, None), 3, "no given names: the first run");
        assert_eq!(levels.names_level(0.90, Some(0.90)), 1, "the given names agree");
        assert_eq!(levels.names_level(0.90, Some(0.70)), 6 + 1, "one of two given names missing");
        assert_eq!(levels.names_level(0.78, Some(0.60)), 11 + 3, "other given names");
        assert_eq!(levels.names_level(0.97, Some(0.96)), 0, "the whole names agree");
        assert_eq!(FieldLevel::of(Some(1), Some(1)), FieldLevel::Agree);
        assert_eq!(FieldLevel::of(Some(1), Some(2)), FieldLevel::Disagree);
        assert_eq!(FieldLevel::of(None, Some(2)), FieldLevel::Unknown);
    }

    #[test]
    fn near_namesakes_are_counted_besides_each_other_by_the_record_with_more() {
        use crate::{Encoder, Secret};
        use rapporteur_domain::catalog::LinkBasis;
        let encoder =
            Encoder::new(&Secret::from_key_file(b"0123456789abcdef-namesakes-test!").expect("a secret"));
        let record = |family: &str, born: &str| LinkRecord {
            source: 0,
            encoding: encoder.encode(family, "Quintilla", born).expect("an identity"),
            sex: None,
            nationality: None,
            form: None,
            region: None,
            basis: LinkBasis::NameAndBirthDate,
            references: [None, None],
            day: None,
        };
        // One name born on four dates far apart (near-namesakes of each other), a typo of it born
        // on the first date, and another name born on two dates.
        let records = vec![
            record("Testerova", "1990-04-03"),
            record("Testerova", "1975-11-21"),
            record("Testerova", "1968-07-14"),
            record("Testerova", "1983-02-27"),
            record("Testerowa", "1990-04-03"),
            record("Amundsen", "1990-04-03"),
            record("Amundsen", "1961-09-30"),
        ];
        let candidates: Vec<Candidate> = (0..records.len() as u32)
            .flat_map(|a| {
                (a + 1..records.len() as u32).map(move |b| Candidate {
                    a,
                    b,
                    similarity: 0.9,
                    by_date: false,
                })
            })
            .collect();
        let namesakes = Namesakes::of(&records, &candidates);
        // Records 0–3 have three near-namesakes each, and the typo (4) those of 0 but 0 itself.
        assert_eq!(namesakes.class(&records, 0, 1), 2, "two besides each other: class 2–3");
        assert_eq!(namesakes.class(&records, 0, 4), 2, "the typo's date is 0's: 0 has three");
        assert_eq!(namesakes.class(&records, 4, 5), 2, "by the record with more");
        assert_eq!(namesakes.class(&records, 5, 6), 0, "two namesakes with no other");
        assert_eq!(Namesakes::default().class(&records, 0, 1), 0, "none counted");
    }

    #[test]
    fn case_numbers_compare_and_a_shared_one_is_as_rare_as_the_records_naming_it() {
        use crate::{Encoder, Secret};
        use rapporteur_domain::catalog::LinkBasis;
        let encoder =
            Encoder::new(&Secret::from_key_file(b"0123456789abcdef-comparison-test").expect("a secret"));
        let encoding = encoder.encode("Testerova", "Quintilla", "1990-04-03").expect("an identity");
        let record = |pv: Option<u32>, notice: Option<u32>| LinkRecord {
            source: 0,
            encoding,
            sex: None,
            nationality: None,
            form: None,
            region: None,
            basis: LinkBasis::NameAndBirthDate,
            references: [pv, notice],
            day: None,
        };
        // PV 7 named by 2 records, PV 8 by 11 (one raid), 1,001 naming a PV in all; notice 3 by 2
        // of the 3 naming a notice number.
        let mut records = vec![record(Some(7), Some(3)), record(Some(7), Some(3)), record(None, Some(4))];
        records.extend((0..11).map(|_| record(Some(8), None)));
        records.extend((100..1_088).map(|pv| record(Some(pv), None)));
        let references = References::of(&records);
        let pvs = records.iter().filter(|r| r.references[0].is_some()).count() as u32;
        assert_eq!(pvs, 1_001);
        assert_eq!(references.one_in(0, 7), pvs - 1, "one other record names it");
        assert_eq!(references.one_in(0, 8), (pvs - 1) / 10, "ten others name it");
        let notices = records.iter().filter(|r| r.references[1].is_some()).count() as u32;
        assert_eq!(references.one_in(1, 3), notices - 1, "of the two others, one names it");

        let levels = Levels::new(&DEFAULT_LEVELS);
        let compared = |a: &LinkRecord, b: &LinkRecord| {
            let c = compare(&levels, &references, a, b);
            (c.reference, c.reference_one_in)
        };
        // Both numbers shared: the rarer one counts.
        assert_eq!(compared(&records[0], &records[1]), (FieldLevel::Agree, pvs - 1));
        assert_eq!(compared(&records[3], &records[4]), (FieldLevel::Agree, (pvs - 1) / 10));
        // Another PV, and no notice number on one side: disagree; nothing to compare: unknown.
        assert_eq!(compared(&records[0], &records[3]), (FieldLevel::Disagree, 0));
        assert_eq!(compared(&records[2], &records[3]), (FieldLevel::Unknown, 0));
        // The notice numbers differ but the PVs agree: agree.
        let mut other_case = records[1];
        other_case.references[1] = Some(4);
        assert_eq!(compared(&records[0], &other_case), (FieldLevel::Agree, pvs - 1));
    }
}

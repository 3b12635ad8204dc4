//! The truth of a synthesis: which person and which case each record of a schema with persons
//! concerns, to measure record linkage against; and the README that says what the files are.
//! Written beside the record files, never imported.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rapporteur_domain::Catalog;

use super::chain::{flow, Referrals, VICTIM_SOURCES};
use super::incomplete::INCOMPLETE_RATES;
use super::registrations::{CORRUPTION_RATES, FORMATTING};
use super::Synthesis;

/// One record of a schema with persons, with the truth about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthRow<'a> {
    pub schema: &'a str,
    /// The record's key.
    pub record: &'a str,
    /// The synthetic person's id (`P000123` a victim, `O000045` an offender).
    pub person: &'a str,
    /// The notice number of the case the record concerns, if any.
    pub notice_number: Option<&'a str>,
}

/// The truth file's header.
pub const TRUTH_HEADER: &str = "schema,record,person,notice_number";

impl Synthesis {
    /// One row per record of every schema with a person field, in the sets' order.
    pub fn truth<'a>(&'a self, catalog: &Catalog) -> Vec<TruthRow<'a>> {
        let mut rows = Vec::new();
        for set in &self.sets {
            let Some(schema) = catalog.records.get(&set.schema) else { continue };
            if schema.person_field().is_none() {
                continue;
            }
            for (n, r) in set.records.iter().enumerate() {
                let Some(p) = set.persons.get(n).copied().flatten() else { continue };
                rows.push(TruthRow {
                    schema: &set.schema,
                    record: r.key(schema),
                    person: &self.persons[p as usize].id,
                    notice_number: set.cases.get(n).and_then(|c| c.as_deref()),
                });
            }
        }
        rows
    }

    /// Writes the truth as CSV (`schema,record,person,notice_number`).
    pub fn write_truth_csv(&self, catalog: &Catalog, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{TRUTH_HEADER}")?;
        for row in self.truth(catalog) {
            writeln!(
                out,
                "{},{},{},{}",
                row.schema,
                row.record,
                row.person,
                row.notice_number.unwrap_or("")
            )?;
        }
        Ok(())
    }

    /// The share of each source's records whose person an earlier source (of the chain)
    /// registered, and the share whose person the same source registered before: the rates the
    /// generator reached.
    pub fn meeting_rates(&self) -> BTreeMap<String, (f64, f64)> {
        let mut seen_in: BTreeMap<u32, BTreeSet<&str>> = BTreeMap::new();
        let mut out = BTreeMap::new();
        let order = VICTIM_SOURCES.iter().chain(super::chain::OFFENDER_SOURCES.iter());
        for source in order {
            let Some(set) = self.sets.iter().find(|s| s.schema == *source) else { continue };
            let (mut earlier, mut same) = (0usize, 0usize);
            let mut here: BTreeSet<u32> = BTreeSet::new();
            for p in set.persons.iter().flatten() {
                if here.contains(p) {
                    same += 1;
                } else if seen_in.get(p).is_some_and(|s| !s.is_empty()) {
                    earlier += 1;
                }
                here.insert(*p);
            }
            for p in here {
                seen_in.entry(p).or_default().insert(source);
            }
            let n = set.records.len().max(1) as f64;
            out.insert(source.to_string(), (earlier as f64 / n, same as f64 / n));
        }
        out
    }

    /// What the files of a synthesis are, the corruption model's rates and the chain's.
    pub fn readme(&self) -> String {
        let mut s = String::new();
        let records: usize = self.sets.iter().map(|set| set.records.len()).sum();
        let _ = writeln!(s, "Synthetic record files (Rapporteur `synth`)\n");
        let _ = writeln!(
            s,
            "Every name, birth date and case in these files is invented. {records} records, {} persons.\n",
            self.persons.len()
        );
        let _ = writeln!(s, "Files");
        for set in &self.sets {
            let _ = writeln!(
                s,
                "  {}.csv  {} records (raw: names and birth date, to be pseudonymised)",
                set.schema,
                set.records.len()
            );
        }
        let _ = writeln!(
            s,
            "  truth.csv  which person and which case each record concerns: {TRUTH_HEADER}\n\
             \x20            (person P... a victim, O... a convicted offender; notice_number the case's\n\
             \x20            key in prosecution_case.csv, empty if none, whether the record writes it or not)\n"
        );
        let _ = writeln!(
            s,
            "truth.csv is the answer key for testing record linkage. It must NEVER be imported: it is\n\
             not a record file of any source (no schema has a `record` key column, so the import\n\
             refuses it), and it links every pseudonym to a person.\n"
        );
        let _ = writeln!(
            s,
            "Identity errors (each later registration of a person; the first writes the true identity)\n"
        );
        let _ = writeln!(s, "  {:<62} {:<40} probability", "error", "applies to");
        for (error, applies, rate) in CORRUPTION_RATES {
            let _ = writeln!(s, "  {error:<62} {applies:<40} {rate:.2}");
        }
        let _ = writeln!(
            s,
            "\n  At most one error per name part and one in the birth date, at most three per\n\
             \x20 registration. Formatting that the normalisation\n\
             \x20 folds away (percent of later registrations):"
        );
        for (f, pct) in FORMATTING {
            let _ = writeln!(s, "    {pct:>3} %  {f}");
        }
        let _ = writeln!(
            s,
            "\nIncomplete identities (each registration of a victim list, first ones included; at most one)\n"
        );
        for (kind, rate) in INCOMPLETE_RATES {
            let _ = writeln!(s, "  {kind:<62} {rate:.2}");
        }
        let _ = writeln!(s, "\nThe chain (probabilities stated; reached = share of the source's records)\n");
        let reached = self.meeting_rates();
        let _ = writeln!(
            s,
            "  {:<20} {:>16} {:>9} {:>16} {:>9} {:>16}",
            "source", "earlier source", "reached", "same source", "reached", "notice written"
        );
        for (source, earlier, same) in flow::MEETINGS {
            let (re, rs) = reached.get(source).copied().unwrap_or((0.0, 0.0));
            let notice = flow::NOTICE_WRITTEN.iter().find(|(s, _)| *s == source).map_or(0.0, |(_, r)| *r);
            let _ =
                writeln!(s, "  {source:<20} {earlier:>16.2} {re:>9.3} {same:>16.2} {rs:>9.3} {notice:>16.2}");
        }
        let Referrals { soon, later, placed, in_region } = self.referrals;
        let _ = writeln!(
            s,
            "\n  A person of an earlier source is met again on or after their first registration there;\n\
             \x20 with probability {:.2} within {} days of it when someone compatible was registered then\n\
             \x20 (reached: {soon} of {} such meetings).",
            flow::REFERRAL_SOON,
            flow::REFERRAL_DAYS,
            soon + later
        );
        let _ = writeln!(
            s,
            "  A person met again is sought first, with probability {:.2}, in the region of the record's\n\
             \x20 place (district, directorate, centre), else anywhere (reached: {in_region} of {placed}\n\
             \x20 meetings of a person known in a region, in that region).",
            flow::SAME_REGION
        );
        let cases = |schema: &str| -> (usize, usize) {
            self.sets
                .iter()
                .find(|x| x.schema == schema)
                .map_or((0, 0), |x| (x.cases.iter().filter(|c| c.is_some()).count(), x.records.len()))
        };
        let _ = writeln!(
            s,
            "\n  A new victim concerns a prosecution case with probability {:.2}; a conviction judged a\n\
             \x20 case of the set with probability {:.2} (a case in a prosecuted state that entered before it).\n\
             \x20 Every police finding has its own PV number; a checklist writes the police's PV of its\n\
             \x20 person with probability {:.2}, else one of the inspection's own with probability {:.2};\n\
             \x20 a centre's registration of a person the police found before writes that finding's PV\n\
             \x20 with probability {:.2}.",
            flow::VICTIM_WITH_CASE,
            flow::CONVICTION_WITH_CASE,
            flow::POLICE_PV_WRITTEN,
            flow::CHECKLIST_OWN_PV,
            flow::POLICE_PV_WRITTEN
        );
        let _ = writeln!(
            s,
            "  A police finding, and a centre's registration that started no guidance, write the\n\
             \x20 person's sex with probability {:.2} and nationality with probability {:.2}: the\n\
             \x20 nationality a registration gives the person, else one of the victims' nationalities\n\
             \x20 of the same name origin.",
            flow::SEX_WRITTEN,
            flow::NATIONALITY_WRITTEN
        );
        let _ = writeln!(s, "  Records concerning a case (truth):");
        for schema in VICTIM_SOURCES.iter().chain(super::chain::OFFENDER_SOURCES.iter()) {
            let (with, of) = cases(schema);
            let _ = writeln!(s, "    {schema:<20} {with} of {of}");
        }
        s
    }
}

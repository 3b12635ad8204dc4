//! Record linkage, the coordinator's use cases: link the victim lists' records into persons
//! (from the encodings made at the sources), list the pairs the rule is unsure of with the
//! non-identifying fields that help decide, and record the coordinator's decisions, which the
//! next run obeys.

use std::collections::{BTreeMap, HashMap};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::{ChainRole, FieldKind, LinkBasis, RecordSchema};
use rapporteur_domain::{Catalog, LinkDecision, LinkPair, LinkRun, PairStatus, RecordRef};
use rapporteur_records::linkage::Model;
use rapporteur_records::{
    chain, link, Date, Encoding, LinkOptions, LinkRecord, Record, ReviewDecision, Value,
};
use rapporteur_store::{NewLinkRun, Stamp};

use crate::access::allow;
use crate::error::Result;
use crate::limits::{check_length, MAX_COMMENT_CHARS};
use crate::review_item::{RecordFacts, ReviewItem};
use crate::App;

/// What a run of the linkage did.
#[derive(Debug, Clone)]
pub struct LinkSummary {
    pub run: LinkRun,
    /// Records of the victim lists without an encoding (no identity given): counted where
    /// they are registered, never linked.
    pub without_encoding: usize,
    /// The decision rule the data gave.
    pub model: Model,
    /// Coordinator's decisions naming records no longer stored.
    pub stale_decisions: usize,
    /// Pairs sent to review because they rest on less than names and full birth dates (an
    /// unknown birth date, the year only): the rule never links those.
    pub review_on_incomplete_identity: usize,
}

/// The records of the victim lists, with where each comes from.
struct Lists {
    refs: Vec<RecordRef>,
    records: Vec<LinkRecord>,
    without_encoding: usize,
    /// The PV and notice numbers met so far, by text: the same number, the same id.
    references: HashMap<String, u32>,
}

/// The fields whose shared value the rule weighs, and which corroborates a pair of incomplete
/// identities: the police report's number and the prosecution's notice number (in
/// `LinkRecord::references` order).
const REFERENCE_FIELDS: [&str; 2] = ["pv_number", "notice_number"];

impl Lists {
    /// The id of the text of field `id` of a record, if it has one (ids per field: a PV and a
    /// notice number never compare).
    fn reference(&mut self, schema: &RecordSchema, record: &Record, id: &str) -> Option<u32> {
        let i = schema.field_index(id)?;
        let Value::Text(text) = &record.values[i] else { return None };
        let key = format!("{id}\u{1f}{}", text.trim());
        let next = self.references.len() as u32;
        Some(*self.references.entry(key).or_insert(next))
    }
}

/// The schemas whose records are registrations of victims with an encoding.
fn victim_schemas(catalog: &rapporteur_domain::Catalog) -> Vec<&RecordSchema> {
    catalog
        .records
        .values()
        .filter(|s| s.chain.as_ref().is_some_and(|c| c.role == ChainRole::Victims))
        .filter(|s| s.encoding_field().is_some())
        .collect()
}

/// A code field's index in its list, when the schema has the field `id` on list `id`.
fn code_of(catalog: &Catalog, schema: &RecordSchema, record: &Record, id: &str) -> Option<u32> {
    let i = schema.field_index(id)?;
    match (&schema.fields[i].kind, &record.values[i]) {
        // A code saying the source did not know is not given.
        (FieldKind::Code { codelist }, Value::Code(c)) if codelist == id => {
            let unknown = catalog.code_list(codelist).is_some_and(|l| l.is_unknown_at(*c as usize));
            (!unknown).then_some(*c)
        }
        _ => None,
    }
}

/// The decision rule as JSON, for the run's provenance.
fn model_json(model: &Model, options: &LinkOptions) -> String {
    let probabilities =
        |p: &rapporteur_records::linkage::FieldProbabilities| serde_json::json!({ "m": p.m, "u": p.u });
    let context = |p: &rapporteur_records::linkage::ContextProbabilities| serde_json::json!({ "m": p.m, "u_by_names_level": p.u, "pairs_counted_for_u": p.counted });
    let blocking = serde_json::json!({
        "records": model.blocking.records,
        "distinct_encodings": model.blocking.distinct_encodings,
        "exhaustive": model.blocking.exhaustive,
        "bands": model.blocking.bands,
        "band_bits": model.blocking.band_bits,
        "comparisons": model.blocking.comparisons,
        "candidate_floor": options.candidate_floor,
        "partners_per_encoding": options.partners_per_encoding,
        "candidate_encoding_pairs": model.blocking.encoding_pairs,
        "candidate_pairs_by_a_shared_case_number": model.blocking.reference_pairs,
        "candidate_pairs_by_given_names_and_birth_date": model.blocking.given_name_pairs,
        "candidate_pairs_by_birth_date_at_the_floor": model.blocking.date_floor_pairs,
        "candidate_pairs_by_case_number_and_birth_date": model.blocking.reference_date_pairs,
    });
    serde_json::json!({
        "rule": "Fellegi-Sunter, m and u estimated by EM on the candidate pairs the encodings propose (not on those of one birth date at the candidate floor, nor on those naming one case number whose names fall below the lowest level, which it scores)",
        "encoding": "e3: identity filter (blocking), names filter, given-names filter, birth-date tokens",
        "name_similarity_levels": options.levels,
        "names": probabilities(&model.names),
        "date_levels": ["same", "day and month swapped", "one part differs", "differs"],
        "date": probabilities(&model.date),
        "sex": probabilities(&model.sex),
        "reference_levels": ["the same PV or notice number", "both name one, none the same"],
        "reference": probabilities(&model.reference),
        "reference_agreement_u": "per shared number: (records naming it - 1) / (records naming a number of its kind - 1)",
        "names_levels": "the ordered levels of the names filters' similarity with the given names agreeing (or unknown), then: the given names agree where the names do not, then the ordered levels with the given names agreeing in part, then with the given names differing",
        "given_names_bounds": { "agree": rapporteur_records::linkage::comparison::GIVEN_AGREE, "in_part": rapporteur_records::linkage::comparison::GIVEN_PARTLY },
        "context_levels": ["agree", "disagree"],
        "context_u": "per names level, from candidate pairs whose birth dates differ, shrunk towards the population's share",
        "nationality": context(&model.nationality),
        "exploitation_form": context(&model.form),
        "namesakes_levels": "near-namesakes (names at least as similar as the bound, birth dates differing) of the record of the pair with more, besides each other: 0, 1, 2-3, 4-7, 8-15, 16 or more",
        "namesakes_names_bound": rapporteur_records::linkage::comparison::NAMESAKE_NAMES,
        "namesakes": context(&model.namesakes),
        "interval_levels": "days between the two registrations' dates, at most each bound, then more",
        "interval_days": rapporteur_records::linkage::comparison::INTERVAL_DAYS,
        "interval": context(&model.interval),
        "region": context(&model.region),
        "prior": model.prior,
        "iterations": model.iterations,
        "converged": model.converged,
        "fallback": model.fallback,
        "link_probability": options.link_probability,
        "review_band": [options.review_low, options.review_high],
        "link_weight": model.link_weight,
        "blocking": blocking,
    })
    .to_string()
}

/// Person ids that stay with the records: each new person takes the id most of its records
/// had in the previous run (larger persons choose first), or a new id.
fn stable_ids(clusters: &[u32], refs: &[RecordRef], previous: &HashMap<RecordRef, i64>) -> Vec<i64> {
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &c) in clusters.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    let mut order: Vec<(&u32, &Vec<usize>)> = members.iter().collect();
    order.sort_by_key(|(c, m)| (std::cmp::Reverse(m.len()), **c));
    let mut next = previous.values().copied().max().unwrap_or(0) + 1;
    let mut taken = std::collections::HashSet::new();
    let mut id_of_cluster: HashMap<u32, i64> = HashMap::new();
    for (cluster, records) in order {
        let mut votes: BTreeMap<i64, usize> = BTreeMap::new();
        for &r in records {
            if let Some(&id) = previous.get(&refs[r]) {
                *votes.entry(id).or_default() += 1;
            }
        }
        let best = votes
            .into_iter()
            .filter(|(id, _)| !taken.contains(id))
            .max_by_key(|&(id, n)| (n, std::cmp::Reverse(id)))
            .map(|(id, _)| id);
        let id = best.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        taken.insert(id);
        id_of_cluster.insert(*cluster, id);
    }
    clusters.iter().map(|c| id_of_cluster[c]).collect()
}

fn domain_status(status: rapporteur_records::PairStatus) -> PairStatus {
    match status {
        rapporteur_records::PairStatus::Linked => PairStatus::Linked,
        rapporteur_records::PairStatus::Review => PairStatus::Review,
        rapporteur_records::PairStatus::Accepted => PairStatus::Accepted,
        rapporteur_records::PairStatus::Rejected => PairStatus::Rejected,
    }
}

impl App {
    /// The victim lists' records to link, read for `by` (audited).
    fn victim_lists(&mut self, by: &Caller) -> Result<Lists> {
        let ids: Vec<String> = victim_schemas(&self.catalog.catalog).iter().map(|s| s.id.clone()).collect();
        let mut lists =
            Lists { refs: Vec::new(), records: Vec::new(), without_encoding: 0, references: HashMap::new() };
        for (source, id) in ids.iter().enumerate() {
            let records = self.load_records(by, id, "record linkage")?;
            let catalog = self.catalog.clone();
            let Some(schema) = catalog.catalog.records.get(id) else { continue };
            let Some(field) = schema.fields.iter().position(|f| f.kind == FieldKind::PersonEncoding) else {
                continue;
            };
            let date = chain::date_field(schema);
            for record in &records {
                let encoding = match &record.values[field] {
                    Value::Text(text) => Encoding::parse(text).ok().map(|(_, e)| e),
                    _ => None,
                };
                let Some(encoding) = encoding else {
                    lists.without_encoding += 1;
                    continue;
                };
                lists.refs.push(RecordRef { schema: id.clone(), key: record.key(schema).to_string() });
                let completeness = crate::identity::completeness_of(&catalog.catalog, schema, record);
                let references = REFERENCE_FIELDS.map(|f| lists.reference(schema, record, f));
                lists.records.push(LinkRecord {
                    source: source as u16,
                    encoding,
                    sex: code_of(&catalog.catalog, schema, record, "sex"),
                    nationality: code_of(&catalog.catalog, schema, record, "nationality"),
                    form: code_of(&catalog.catalog, schema, record, "exploitation_form"),
                    region: chain::region_in(&catalog.catalog, schema, record),
                    basis: completeness.map_or(LinkBasis::NameOnly, |c| c.link_basis()),
                    references,
                    day: chain::date_in(record, date).map(Date::day_number),
                });
            }
        }
        Ok(lists)
    }

    /// Links the victim lists' records into persons (the coordinator): blocking, comparison,
    /// the decision rule estimated from the data, the coordinator's decisions, clustering;
    /// stores the persons, the pairs and the rule in one audited transaction. Persons keep
    /// their ids across runs where their records do.
    pub fn link_records(&mut self, by: &Caller) -> Result<LinkSummary> {
        allow(by, Action::Coordinate)?;
        let lists = self.victim_lists(by)?;
        let index: HashMap<&RecordRef, u32> =
            lists.refs.iter().enumerate().map(|(i, r)| (r, i as u32)).collect();
        let stored = self.store.link_decisions()?;
        let mut decisions = Vec::new();
        let mut stale_decisions = 0;
        for d in &stored {
            match (index.get(&d.a), index.get(&d.b)) {
                (Some(&a), Some(&b)) => decisions.push(ReviewDecision { a, b, same_person: d.same_person }),
                _ => stale_decisions += 1,
            }
        }
        let options = LinkOptions::default();
        let linkage = link(&lists.records, &decisions, &options);
        let previous = self.store.record_persons()?;
        let ids = stable_ids(&linkage.persons, &lists.refs, &previous);
        let persons: Vec<(RecordRef, i64)> = lists.refs.iter().cloned().zip(ids).collect();
        let pairs: Vec<LinkPair> = linkage
            .pairs
            .iter()
            .map(|p| LinkPair {
                a: lists.refs[p.a as usize].clone(),
                b: lists.refs[p.b as usize].clone(),
                similarity: f64::from(p.similarity),
                weight: p.weight,
                probability: p.probability,
                status: domain_status(p.status),
                basis: p.basis,
            })
            .collect();
        let model = model_json(&linkage.model, &options);
        let at = self.now();
        let run = NewLinkRun {
            stamp: Stamp { at: &at, by: by.name() },
            records: lists.records.len(),
            candidate_pairs: linkage.model.blocking.encoding_pairs as usize,
            model: &model,
        };
        self.store.save_link_run(&run, &persons, &pairs)?;
        let run = self.store.latest_link_run()?.ok_or_else(|| {
            crate::AppError::Store(rapporteur_store::StoreError::Corrupt("the link run just stored".into()))
        })?;
        Ok(LinkSummary {
            run,
            without_encoding: lists.without_encoding,
            review_on_incomplete_identity: linkage
                .pairs
                .iter()
                .filter(|p| p.status == rapporteur_records::PairStatus::Review && !p.basis.rule_may_link())
                .count(),
            model: linkage.model,
            stale_decisions,
        })
    }

    /// The latest run of the linkage, if any (the coordinator).
    pub fn latest_link_run(&self, by: &Caller) -> Result<Option<LinkRun>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.latest_link_run()?)
    }

    /// The pairs the rule is unsure of, least certain first, each with what the centre knows
    /// of its two records (the coordinator; the records' read is audited).
    pub fn link_review(&mut self, by: &Caller, limit: usize) -> Result<Vec<ReviewItem>> {
        allow(by, Action::Coordinate)?;
        let pairs: Vec<LinkPair> =
            self.store.link_pairs(Some(PairStatus::Review))?.into_iter().take(limit).collect();
        let mut schemas: Vec<String> =
            pairs.iter().flat_map(|p| [p.a.schema.clone(), p.b.schema.clone()]).collect();
        schemas.sort();
        schemas.dedup();
        let mut facts: HashMap<RecordRef, RecordFacts> = HashMap::new();
        let mut days: HashMap<RecordRef, i32> = HashMap::new();
        for id in schemas {
            let records = self.load_records(by, &id, "review of uncertain links")?;
            let catalog = &self.catalog.catalog;
            let Some(schema) = catalog.records.get(&id) else { continue };
            let date = chain::date_field(schema);
            for record in &records {
                let reference = RecordRef { schema: id.clone(), key: record.key(schema).to_string() };
                if let Some(d) = chain::date_in(record, date) {
                    days.insert(reference.clone(), d.day_number());
                }
                facts.insert(reference, RecordFacts::of(catalog, schema, record));
            }
        }
        Ok(pairs
            .into_iter()
            .map(|pair| ReviewItem {
                a: facts.get(&pair.a).cloned().unwrap_or_else(RecordFacts::gone),
                b: facts.get(&pair.b).cloned().unwrap_or_else(RecordFacts::gone),
                days_apart: days.get(&pair.a).zip(days.get(&pair.b)).map(|(x, y)| x.abs_diff(*y)),
                pair,
            })
            .collect())
    }

    /// Records the coordinator's decision that two records are (or are not) one person; it
    /// holds in every later run until changed. Audited with the decision it replaces.
    pub fn decide_link(
        &mut self,
        by: &Caller,
        (a, b): (&RecordRef, &RecordRef),
        same_person: bool,
        comment: &str,
    ) -> Result<()> {
        allow(by, Action::Coordinate)?;
        check_length("comment", comment, MAX_COMMENT_CHARS)?;
        let at = self.now();
        Ok(self.store.decide_link(Stamp { at: &at, by: by.name() }, (a, b), same_person, comment)?)
    }

    /// The person of every linked record, as the latest run found it (the coordinator).
    pub fn linked_persons(&self, by: &Caller) -> Result<HashMap<RecordRef, i64>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.record_persons()?)
    }

    /// Every pair the latest run linked, sent to review or saw decided, least certain first
    /// (the coordinator).
    pub fn link_pairs(&self, by: &Caller) -> Result<Vec<LinkPair>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.link_pairs(None)?)
    }

    /// The coordinator's decisions on pairs.
    pub fn link_decisions(&self, by: &Caller) -> Result<Vec<LinkDecision>> {
        allow(by, Action::Coordinate)?;
        Ok(self.store.link_decisions()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LoadedCatalog;

    #[test]
    fn a_code_saying_the_source_did_not_know_is_not_given_to_the_linkage() {
        let catalog = LoadedCatalog::embedded().expect("the embedded catalog").catalog;
        let schema = &catalog.records["guidance_file"];
        let with = |field: &str, code: &str| {
            let mut record = Record { values: vec![Value::Empty; schema.fields.len()], source_row: 1 };
            let i = schema.field_index(field).expect("the field");
            let index = rapporteur_records::code_index(&catalog, field, code).expect("a code of the list");
            record.values[i] = Value::Code(index);
            code_of(&catalog, schema, &record, field)
        };
        assert!(with("sex", "F").is_some() && with("nationality", "RO").is_some());
        assert_eq!(with("sex", "UNKNOWN"), None);
        assert_eq!(with("nationality", "UNKNOWN"), None);
        // Stateless is a nationality the source knows.
        assert!(with("nationality", "STATELESS").is_some());
    }
}

//! What the linked records give (the coordinator and the cycle's readers): every person of the
//! victim lists followed through the chain — distinct victims and the overlap between lists per
//! year, the funnel of each cohort — and the estimate of the hidden population from capture
//! histories derived from the links, never typed.

use std::collections::{BTreeMap, HashMap};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{Labels, LinkRun};
use rapporteur_records::chain::{
    capture_histories, distinct_by_year, follow, funnel, overlap_by_year, Chain, ChainSource, DistinctYear,
    FunnelRow,
};
use rapporteur_records::Record;
use rapporteur_report::{ChainFigures, DistinctRow, FunnelLine, YearEstimate};
use rapporteur_stats::mse::{compute_estimate, CaptureData, EstimateFacts};

use crate::access::allow;
use crate::error::Result;
use crate::estimate::{BootstrapOptions, EstimateOptions, EstimateOutcome};
use crate::{App, ImportProblem};

/// The chain as the latest linkage gives it.
#[derive(Debug, Clone)]
pub struct ChainView {
    pub chain: Chain,
    /// The victim lists' names, in the order of `chain.lists`.
    pub list_names: Vec<Labels>,
    pub distinct: Vec<DistinctYear>,
    /// Per year, persons by the combination of lists (bits in the order of `chain.lists`).
    pub overlap: BTreeMap<i32, BTreeMap<u32, u64>>,
    pub funnel: Vec<FunnelRow>,
    /// The run the persons come from; `None` when the records were never linked.
    pub run: Option<LinkRun>,
}

/// How the report estimates: the default model choice, with the BCa interval of a bootstrap
/// that reruns the choice (as `rapporteur estimate` does by default).
fn report_estimate_options() -> EstimateOptions {
    EstimateOptions {
        bootstrap: Some(BootstrapOptions { replicates: REPORT_BOOTSTRAP, seed: REPORT_SEED }),
        ..EstimateOptions::default()
    }
}

/// The bootstrap replicates and seed of the report's estimates: fixed, so that the same data
/// give the same report.
const REPORT_BOOTSTRAP: usize = 1000;
const REPORT_SEED: u64 = 1234;

/// The estimate of the hidden population of `year` from the capture histories of the links, or
/// why none can be made.
fn estimate_of(chain: &Chain, year: i32, form: Option<&str>) -> YearEstimate {
    let (lists, rows) = capture_histories(chain, year, form);
    match CaptureData::new(lists, rows) {
        Err(invalid) => YearEstimate::NotMade(
            invalid.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
        ),
        Ok(data) => match compute_estimate(&data, &report_estimate_options()) {
            Ok(estimate) => YearEstimate::Made(EstimateFacts::of(&estimate)),
            Err(e) => YearEstimate::NotMade(e.to_string()),
        },
    }
}

/// The fewest persons of one form in a year for the report to estimate the form's hidden
/// population: with fewer, the overlaps are too sparse for the models to be told apart.
const MIN_FORM_PERSONS: usize = 100;

/// Per year, the estimate of all victims, then of each form with enough persons.
fn estimates(
    chain: &Chain,
    distinct: &[DistinctYear],
    form_labels: &dyn Fn(&str) -> Labels,
) -> Vec<(i32, Option<Labels>, YearEstimate)> {
    let mut out = Vec::new();
    for d in distinct {
        out.push((d.year, None, estimate_of(chain, d.year, None)));
        let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
        for path in chain.persons.iter().filter(|p| p.lists_by_year.contains_key(&d.year)) {
            if let Some(form) = path.form.as_deref() {
                *forms.entry(form).or_default() += 1;
            }
        }
        for (form, _) in forms.into_iter().filter(|(_, n)| *n >= MIN_FORM_PERSONS) {
            out.push((d.year, Some(form_labels(form)), estimate_of(chain, d.year, Some(form))));
        }
    }
    out
}

impl App {
    /// What the report's chain chapter prints, when the records were linked.
    pub(crate) fn chain_figures(&mut self, by: &Caller, synthetic: bool) -> Result<Option<ChainFigures>> {
        // Never linked: no chapter, and no read of records (each one is audited).
        if self.store.latest_link_run()?.is_none() {
            return Ok(None);
        }
        let view = self.chain(by)?;
        let Some(run) = &view.run else { return Ok(None) };
        let catalog = &self.catalog.catalog;
        // A form the code list lacks is shown by its code.
        let form_labels = |form: &str| -> Labels { catalog.code_labels("exploitation_form", form) };
        Ok(Some(ChainFigures {
            synthetic,
            run: (run.id, run.at.clone(), run.records, run.persons),
            lists: view.list_names.clone(),
            distinct: view
                .distinct
                .iter()
                .map(|d| DistinctRow {
                    year: d.year,
                    registrations: d.registrations,
                    persons: d.persons,
                    by_list: d.by_list.clone(),
                    listed_in_another_year: d.listed_in_another_year,
                })
                .collect(),
            overlap: view.overlap.clone(),
            steps: view.chain.step_order.clone(),
            funnel: view
                .funnel
                .iter()
                .map(|f| FunnelLine {
                    cohort: f.cohort,
                    form: f.form.as_deref().map(form_labels),
                    reached: f.reached.iter().map(|(_, n)| *n).collect(),
                })
                .collect(),
            estimates: estimates(&view.chain, &view.distinct, &form_labels),
        }))
    }

    /// Every person of the victim lists followed through the chain (the cycle's readers; the
    /// records' read is audited).
    pub fn chain(&mut self, by: &Caller) -> Result<ChainView> {
        allow(by, Action::ViewCycle)?;
        let catalog = self.catalog.clone();
        let schemas: Vec<_> = catalog.catalog.records.values().filter(|s| s.chain.is_some()).collect();
        let mut records: Vec<Vec<Record>> = Vec::new();
        for schema in &schemas {
            records.push(self.load_records(by, &schema.id, "the chain from detection to judgment")?);
        }
        let sources: Vec<ChainSource<'_>> =
            schemas.iter().zip(&records).map(|(schema, records)| ChainSource { schema, records }).collect();
        let persons: HashMap<_, _> = self.store.record_persons()?;
        let chain = follow(&catalog.catalog, &sources, &persons);
        let list_names = chain
            .lists
            .iter()
            .map(|l| catalog.catalog.records.get(&l.schema).map(|s| s.name.clone()).unwrap_or_default())
            .collect();
        Ok(ChainView {
            distinct: distinct_by_year(&chain),
            overlap: overlap_by_year(&chain),
            funnel: funnel(&chain),
            run: self.store.latest_link_run()?,
            list_names,
            chain,
        })
    }

    /// The capture histories of `year` (and `form`, if given) derived from the links, as the
    /// CSV `estimate FILE` reads (one 0/1 column per list, then `count`).
    pub fn capture_histories_csv(&mut self, by: &Caller, year: i32, form: Option<&str>) -> Result<String> {
        let view = self.chain(by)?;
        let (lists, rows) = capture_histories(&view.chain, year, form);
        let mut out = lists.join(",");
        out.push_str(",count\n");
        for (history, count) in rows {
            let flags: Vec<&str> = history.iter().map(|&on| if on { "1" } else { "0" }).collect();
            out.push_str(&format!("{},{count}\n", flags.join(",")));
        }
        Ok(out)
    }

    /// The multiple systems estimate of `year`'s hidden population (of one form of
    /// exploitation, if given) from the capture histories the links give; too few lists or
    /// nobody registered is an outcome that says so.
    pub fn estimate_from_store(
        &mut self,
        by: &Caller,
        (year, form): (i32, Option<&str>),
        options: &EstimateOptions,
    ) -> Result<std::result::Result<EstimateOutcome, String>> {
        let view = self.chain(by)?;
        let (lists, rows) = capture_histories(&view.chain, year, form);
        Ok(match CaptureData::new(lists, rows) {
            Err(invalid) => Ok(EstimateOutcome::Refused(
                invalid.problems.iter().map(|p| ImportProblem::file(p.to_string())).collect(),
            )),
            Ok(data) => compute_estimate(&data, options)
                .map(|e| EstimateOutcome::Estimated(Box::new(e)))
                .map_err(|e| e.to_string()),
        })
    }
}

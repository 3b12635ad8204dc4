//! The chapter on the chain, from the linked records: distinct victims per year, the overlap
//! between the victim lists (a table and an UpSet-style figure: one bar per combination of
//! lists), the funnel of each cohort from detection to conviction, and the estimate of the
//! hidden population of each year with its explanatory paragraph. Its words are those of
//! `locales/{nl,fr,en}/chain.ftl`; a chapter computed on synthetic data says so first.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_bundle::FluentArgs;
use rapporteur_domain::{Catalog, Labels};
use rapporteur_stats::mse::EstimateFacts;

use crate::chart::bar_chart_svg;
use crate::document::{Block, ChartBlock, DocChapter, DocSection, TableBlock, TableCell, TableRow};
use crate::estimate_explanation::{count_in, explain_estimate};
use crate::format::Locale;
use crate::language::Language;
use crate::messages::Messages;

const SOURCES: [(&str, &[&str]); 3] = [
    ("nl", &[include_str!("../locales/nl/chain.ftl")]),
    ("fr", &[include_str!("../locales/fr/chain.ftl")]),
    ("en", &[include_str!("../locales/en/chain.ftl")]),
];

fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(&SOURCES))
}

/// One year of distinct victims: registrations, distinct persons, persons per list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinctRow {
    pub year: i32,
    pub registrations: usize,
    pub persons: usize,
    pub by_list: Vec<usize>,
    /// Persons of the year registered in another year by a list that did not register them
    /// this year (said after the year's estimate: their histories of the year miss that list).
    pub listed_in_another_year: usize,
}

/// One cohort (and form) of the funnel: persons reaching each step.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelLine {
    pub cohort: i32,
    /// The form's labels; `None` for all forms.
    pub form: Option<Labels>,
    pub reached: Vec<usize>,
}

/// The estimate of a year: its facts, or why none could be made (a message of the data).
#[derive(Debug, Clone, PartialEq)]
pub enum YearEstimate {
    Made(EstimateFacts),
    NotMade(String),
}

/// What the chapter prints, in no language yet.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainFigures {
    /// Computed on a synthetic cycle (said first).
    pub synthetic: bool,
    /// The link run: id, time, registrations linked, persons.
    pub run: (i64, String, i64, i64),
    /// The victim lists' names.
    pub lists: Vec<Labels>,
    pub distinct: Vec<DistinctRow>,
    /// Per year, persons by combination of lists (bits in the order of `lists`).
    pub overlap: BTreeMap<i32, BTreeMap<u32, u64>>,
    /// The steps (codes of `chain_step`), in order.
    pub steps: Vec<String>,
    pub funnel: Vec<FunnelLine>,
    /// Per year, the estimate of all victims, then of each form of exploitation the data
    /// support (the form's labels).
    pub estimates: Vec<(i32, Option<Labels>, YearEstimate)>,
}

/// Where the chapter's numbers start.
#[derive(Debug, Clone, Copy)]
pub struct Numbering<'a> {
    pub chapter: &'a str,
    pub first_table: u32,
    pub first_figure: u32,
}

struct Words<'a> {
    lang: &'a str,
}

impl Words<'_> {
    fn get(&self, key: &str) -> String {
        self.with(key, None)
    }

    fn with(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        messages().text(self.lang, key, args)
    }

    /// A count in a sentence, its digits grouped as the estimate's paragraph groups them.
    fn count(&self, n: f64) -> String {
        count_in(self.lang, n)
    }
}

fn table(
    catalog: &Catalog,
    locale: &Locale,
    number: u32,
    caption: String,
    (row_header, columns): (Vec<String>, Vec<String>),
    rows: Vec<TableRow>,
) -> Block {
    let word = catalog.table_word.get(&locale.lang);
    let words = Words { lang: &locale.lang };
    Block::Table(TableBlock {
        number,
        title: format!("{word} {number}: {caption}"),
        caption,
        row_header,
        column_headers: vec![columns],
        rows,
        source: words.get("chain-source"),
        footnotes: Vec::new(),
    })
}

fn section(numbering: &Numbering<'_>, n: usize, title: String, blocks: Vec<Block>) -> DocSection {
    DocSection { number: format!("{}.{n}", numbering.chapter), depth: 2, title, blocks }
}

/// The chapter in `locale`'s language.
pub fn chain_chapter(
    catalog: &Catalog,
    figures: &ChainFigures,
    locale: &Locale,
    numbering: Numbering<'_>,
) -> DocChapter {
    let lang = locale.lang.as_str();
    let w = Words { lang };
    let lists: Vec<String> = figures.lists.iter().map(|l| l.get(lang).to_string()).collect();
    let mut intro = String::new();
    if figures.synthetic {
        intro.push_str(&format!("**{}**\n\n", w.get("chain-synthetic")));
    }
    let mut args = FluentArgs::new();
    args.set("run", figures.run.0);
    args.set("at", figures.run.1.clone());
    args.set("records", w.count(figures.run.2 as f64));
    args.set("persons", w.count(figures.run.3 as f64));
    intro.push_str(&w.with("chain-intro", Some(&args)));
    // Computed by the system, not written by an actor.
    let narrative =
        |markdown: String| Block::Narrative { actor: "Rapporteur".to_string(), markdown, draft: false };

    let mut number = numbering.first_table;
    let mut next = || {
        number += 1;
        number - 1
    };
    let mut columns = vec![w.get("chain-registrations"), w.get("chain-persons")];
    columns.extend(lists.iter().cloned());
    let distinct_rows = figures
        .distinct
        .iter()
        .map(|d| TableRow {
            labels: vec![d.year.to_string()],
            cells: [d.registrations, d.persons]
                .iter()
                .chain(&d.by_list)
                .map(|&n| TableCell::count(n as u64))
                .collect(),
            total: false,
        })
        .collect();
    let distinct = table(
        catalog,
        locale,
        next(),
        w.get("chain-distinct-caption"),
        (vec![w.get("chain-year")], columns),
        distinct_rows,
    );

    let combination = |mask: u32| -> String {
        (0..lists.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| lists[i].as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let years: Vec<i32> = figures.overlap.keys().copied().collect();
    let mut masks: Vec<u32> = figures.overlap.values().flat_map(|m| m.keys().copied()).collect();
    masks.sort_by_key(|m| {
        (std::cmp::Reverse(figures.overlap.values().map(|y| y.get(m).copied().unwrap_or(0)).sum::<u64>()), *m)
    });
    masks.dedup();
    let overlap_rows = masks
        .iter()
        .map(|m| TableRow {
            labels: vec![combination(*m)],
            cells: years
                .iter()
                .map(|y| TableCell::count(figures.overlap[y].get(m).copied().unwrap_or(0)))
                .collect(),
            total: false,
        })
        .collect();
    let overlap = table(
        catalog,
        locale,
        next(),
        w.get("chain-overlap-caption"),
        (vec![w.get("chain-lists")], years.iter().map(ToString::to_string).collect()),
        overlap_rows,
    );
    let categories: Vec<String> = masks.iter().map(|m| combination(*m)).collect();
    let series: Vec<String> = years.iter().map(ToString::to_string).collect();
    let values: Vec<Vec<Option<f64>>> = masks
        .iter()
        .map(|m| years.iter().map(|y| figures.overlap[y].get(m).map(|&n| n as f64)).collect())
        .collect();
    let figure_caption = w.get("chain-overlap-figure");
    let figure = Block::Chart(ChartBlock {
        number: numbering.first_figure,
        title: format!("{} {}: {figure_caption}", catalog.text("figure", lang), numbering.first_figure),
        svg: bar_chart_svg(&figure_caption, &categories, &series, &values, locale.decimal_separator),
        caption: figure_caption,
        source: w.get("chain-source"),
        categories,
        series,
        values,
    });

    let steps: Vec<String> = figures.steps.iter().map(|s| w.get(&format!("chain-step-{s}"))).collect();
    let funnel_rows = figures
        .funnel
        .iter()
        .map(|f| TableRow {
            labels: vec![
                f.cohort.to_string(),
                f.form.as_ref().map_or_else(|| w.get("chain-all-forms"), |l| l.get(lang).to_string()),
            ],
            cells: f.reached.iter().map(|&n| TableCell::count(n as u64)).collect(),
            total: f.form.is_none(),
        })
        .collect();
    let funnel = table(
        catalog,
        locale,
        next(),
        w.get("chain-funnel-caption"),
        (vec![w.get("chain-cohort"), w.get("chain-form")], steps),
        funnel_rows,
    );

    let language = Language::parse(lang).unwrap_or(Language::En);
    let hidden: Vec<Block> = figures
        .estimates
        .iter()
        .map(|(year, form, estimate)| {
            let mut args = FluentArgs::new();
            args.set("year", year.to_string());
            let head = match form {
                None => w.with("chain-hidden-year", Some(&args)),
                Some(form) => {
                    args.set("form", form.get(lang).to_string());
                    w.with("chain-hidden-year-form", Some(&args))
                }
            };
            let body = match estimate {
                YearEstimate::Made(facts) => explain_estimate(facts, language),
                YearEstimate::NotMade(reason) => {
                    let mut args = FluentArgs::new();
                    args.set("reason", reason.clone());
                    w.with("chain-hidden-none", Some(&args))
                }
            };
            let edges = match figures.distinct.iter().find(|d| d.year == *year) {
                Some(d) if form.is_none() && d.listed_in_another_year > 0 => {
                    let mut args = FluentArgs::new();
                    args.set("year", year.to_string());
                    args.set("persons", w.count(d.persons as f64));
                    args.set("listed", w.count(d.listed_in_another_year as f64));
                    format!(" {}", w.with("chain-hidden-edges", Some(&args)))
                }
                _ => String::new(),
            };
            narrative(format!("**{head}** {body}{edges}"))
        })
        .collect();

    DocChapter {
        number: numbering.chapter.to_string(),
        title: w.get("chain-chapter"),
        sections: vec![
            section(&numbering, 1, w.get("chain-distinct-section"), vec![narrative(intro), distinct]),
            section(&numbering, 2, w.get("chain-overlap-section"), vec![overlap, figure]),
            section(&numbering, 3, w.get("chain-funnel-section"), vec![funnel]),
            section(&numbering, 4, w.get("chain-hidden-section"), hidden),
        ],
    }
}

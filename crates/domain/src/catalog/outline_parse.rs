//! Reading and checking the report outline (`outline.toml`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::source::{CatalogProblem, FileProblems, RawLabels, SourceFile};
use crate::outline::{Chapter, Outline, Section};
use crate::table::TableLayout;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutline {
    title: Spanned<RawLabels>,
    #[serde(default)]
    chapter: Vec<Spanned<RawChapter>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChapter {
    number: String,
    title: RawLabels,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    number: String,
    title: RawLabels,
    #[serde(default)]
    tables: Vec<u32>,
    #[serde(default)]
    charts: Vec<u32>,
}

/// Reads and checks the outline, `file` being `outline.toml` if the catalog has one.
pub(super) fn parse_outline(
    file: Option<&SourceFile>,
    languages: &[String],
    tables: &BTreeMap<u32, TableLayout>,
    charts: &BTreeMap<u32, TableLayout>,
    problems: &mut Vec<CatalogProblem>,
) -> Option<Outline> {
    let mut p = FileProblems::new(file?, problems);
    let raw = p.parse::<RawOutline>()?;
    let mut check = OutlineCheck {
        languages,
        tables,
        charts,
        numbers: BTreeSet::new(),
        placed_tables: BTreeMap::new(),
        placed_charts: BTreeMap::new(),
    };
    let title = p.labels(raw.title.span().start, "the report title", raw.title.get_ref(), languages);
    let chapters = raw.chapter.into_iter().map(|chapter| check.chapter(&mut p, chapter)).collect();
    check.every_layout_placed(&mut p);
    Some(Outline { title, chapters })
}

/// What checking an outline keeps track of: the numbers taken, and where each table and chart
/// is placed.
struct OutlineCheck<'a> {
    languages: &'a [String],
    tables: &'a BTreeMap<u32, TableLayout>,
    charts: &'a BTreeMap<u32, TableLayout>,
    /// Chapter and section numbers.
    numbers: BTreeSet<String>,
    /// Table number → the section placing it.
    placed_tables: BTreeMap<u32, String>,
    /// Chart number → the section placing it.
    placed_charts: BTreeMap<u32, String>,
}

impl OutlineCheck<'_> {
    /// A chapter: a new number, a title, its sections.
    fn chapter(&mut self, p: &mut FileProblems<'_>, spanned: Spanned<RawChapter>) -> Chapter {
        let offset = spanned.span().start;
        let chapter = spanned.into_inner();
        if !self.numbers.insert(chapter.number.clone()) {
            p.at(offset, format!("chapter {} appears twice", chapter.number));
        }
        let title = p.labels(offset, &format!("chapter {}", chapter.number), &chapter.title, self.languages);
        let sections =
            chapter.section.into_iter().map(|section| self.section(p, &chapter.number, section)).collect();
        Chapter { number: chapter.number, title, sections }
    }

    /// A section: numbered under its chapter, new, placing tables and charts that exist and
    /// that no other section places.
    fn section(&mut self, p: &mut FileProblems<'_>, chapter: &str, spanned: Spanned<RawSection>) -> Section {
        let offset = spanned.span().start;
        let section = spanned.into_inner();
        let what = format!("section {}", section.number);
        if !section.number.starts_with(&format!("{chapter}.")) {
            p.at(offset, format!("{what} is not numbered under chapter {chapter}"));
        }
        if !self.numbers.insert(section.number.clone()) {
            p.at(offset, format!("{what} appears twice"));
        }
        let title = p.labels(offset, &what, &section.title, self.languages);
        for (list, known, placed, kind) in [
            (&section.tables, self.tables, &mut self.placed_tables, "table"),
            (&section.charts, self.charts, &mut self.placed_charts, "chart"),
        ] {
            for number in list {
                if !known.contains_key(number) {
                    p.at(offset, format!("{what} places {kind} {number}, which the catalog does not define"));
                }
                if let Some(first) = placed.insert(*number, section.number.clone()) {
                    p.at(
                        offset,
                        format!(
                            "{kind} {number} is placed in section {first} and again in {}",
                            section.number
                        ),
                    );
                }
            }
        }
        Section { number: section.number, title, tables: section.tables, charts: section.charts }
    }

    /// Every table and chart of the catalog is placed in some section.
    fn every_layout_placed(&self, p: &mut FileProblems<'_>) {
        let tables = self.tables.keys().map(|n| (n, "table", &self.placed_tables));
        let charts = self.charts.keys().map(|n| (n, "chart", &self.placed_charts));
        for (number, what, placed) in tables.chain(charts) {
            if !placed.contains_key(number) {
                p.whole(format!("{what} {number} is placed in no section of the outline"));
            }
        }
    }
}

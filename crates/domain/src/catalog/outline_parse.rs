//! Reading and checking the report outline (`outline.toml`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::parse::{FileProblems, RawLabels};
use crate::outline::{Chapter, Outline, Section};
use crate::table::TableLayout;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutline {
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

pub(super) fn check_outline(
    p: &mut FileProblems<'_>,
    raw: RawOutline,
    languages: &[String],
    tables: &BTreeMap<u32, TableLayout>,
    charts: &BTreeMap<u32, TableLayout>,
) -> Outline {
    let title = p.labels(raw.title.span().start, "the report title", raw.title.get_ref(), languages);
    let mut numbers = BTreeSet::new();
    let mut placed_tables = BTreeMap::new();
    let mut placed_charts = BTreeMap::new();
    let mut chapters = Vec::new();
    for chapter in raw.chapter {
        let offset = chapter.span().start;
        let chapter = chapter.into_inner();
        if !numbers.insert(chapter.number.clone()) {
            p.at(offset, format!("chapter {} appears twice", chapter.number));
        }
        let title = p.labels(offset, &format!("chapter {}", chapter.number), &chapter.title, languages);
        let mut sections = Vec::new();
        for section in chapter.section {
            let offset = section.span().start;
            let section = section.into_inner();
            let what = format!("section {}", section.number);
            if !section.number.starts_with(&format!("{}.", chapter.number)) {
                p.at(offset, format!("{what} is not numbered under chapter {}", chapter.number));
            }
            if !numbers.insert(section.number.clone()) {
                p.at(offset, format!("{what} appears twice"));
            }
            let title = p.labels(offset, &what, &section.title, languages);
            for (list, known, placed, kind) in [
                (&section.tables, tables, &mut placed_tables, "table"),
                (&section.charts, charts, &mut placed_charts, "chart"),
            ] {
                for number in list {
                    if !known.contains_key(number) {
                        p.at(
                            offset,
                            format!("{what} places {kind} {number}, which the catalog does not define"),
                        );
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
            sections.push(Section {
                number: section.number,
                title,
                tables: section.tables,
                charts: section.charts,
            });
        }
        chapters.push(Chapter { number: chapter.number, title, sections });
    }
    for (number, what) in tables.keys().map(|n| (n, "table")).chain(charts.keys().map(|n| (n, "chart"))) {
        let placed = if what == "table" { &placed_tables } else { &placed_charts };
        if !placed.contains_key(number) {
            p.whole(format!("{what} {number} is placed in no section of the outline"));
        }
    }
    Outline { title, chapters }
}

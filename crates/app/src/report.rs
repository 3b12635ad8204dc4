//! The report: validate the cycle, compute every table and chart, gather the actors' texts,
//! and build the report document in each language.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{CellKey, Outlet, StoredFinding};
use rapporteur_exchange::consistency_annex;
use rapporteur_report::{
    build_document, chain_chapter, disclosure_annex, identity_annex, Block, ChainFigures, DisclosureSummary,
    Document, FindingView, Locale, Narrative, Numbering, ReportInput,
};

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

/// Stored findings as the renderers show them: each with its explanation, if given.
pub fn finding_views(stored: &[StoredFinding]) -> Vec<FindingView<'_>> {
    stored
        .iter()
        .map(|s| FindingView {
            finding: &s.finding,
            explanation: s
                .acknowledgment
                .as_ref()
                .map(|a| (a.explanation.as_str(), a.who.as_str(), a.at.as_str())),
        })
        .collect()
}

impl App {
    /// Validates `cycle` and builds its report in each of `languages`, with the chapter on the
    /// chain when the records were linked (coordinator only).
    pub fn report(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        languages: &[String],
    ) -> Result<Vec<Document>> {
        self.build_report(by, cycle, languages, false)
    }

    /// The report whose chain chapter is computed on synthetic records (`rapporteur synth`):
    /// the chapter and the title say so (coordinator only).
    pub fn report_with_synthetic_chain(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        languages: &[String],
    ) -> Result<Vec<Document>> {
        self.build_report(by, cycle, languages, true)
    }

    fn build_report(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        languages: &[String],
        synthetic: bool,
    ) -> Result<Vec<Document>> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        for lang in languages {
            self.check_language(lang)?;
        }
        let stored = self.validate(by, Some(&cycle))?;
        let tables = self.tables(by, Some(&cycle), None)?;
        let charts = self.charts(by, Some(&cycle))?;
        let narrative: Vec<Narrative> = self.narratives(&cycle)?;
        let findings = finding_views(&stored);
        let (pattern, published, unprotectable) = self.outlet_pattern(by, &cycle, Outlet::Report)?;
        let catalog = &self.catalog.catalog;
        let flagged: Vec<_> = self.store.cycle_flagged(&cycle)?.into_iter().map(|s| s.row).collect();
        let input = ReportInput {
            catalog,
            cycle: &cycle,
            tables: &tables,
            charts: &charts,
            narrative: &narrative,
            findings: &findings,
            pattern: &pattern,
            flagged: &flagged,
        };
        let mut documents = languages
            .iter()
            .map(|lang| {
                build_document(&input, &Locale::new(catalog, lang))
                    .map_err(|e| AppError::Report(e.to_string()))
            })
            .collect::<Result<Vec<Document>>>()?;
        if let Some(figures) = self.chain_figures(by, synthetic)? {
            for document in &mut documents {
                add_chain_chapter(&self.catalog.catalog, document, &figures);
            }
        }
        let identities = self.identity_completeness(by)?;
        let sent_abroad = self.consistency_with(&cycle, &stored, &pattern)?;
        let printable = self.printable_cells(by, &cycle, &pattern)?;
        for document in &mut documents {
            let locale = Locale::new(&self.catalog.catalog, &document.lang);
            let number = last_table(document) + 1;
            document.annex.blocks.extend(identity_annex(&self.catalog.catalog, &identities, &locale, number));
            let summary = DisclosureSummary { pattern: &pattern, cells: published, unprotectable };
            let number = last_table(document).max(annex_last_table(document)) + 1;
            document.annex.blocks.extend(disclosure_annex(&self.catalog.catalog, &summary, &locale, number));
            let number = last_table(document).max(annex_last_table(document)) + 1;
            let shown = |key: &CellKey| printable.contains(key);
            document.annex.blocks.extend(consistency_annex(
                &self.catalog.catalog,
                &sent_abroad,
                &shown,
                &locale,
                number,
            ));
        }
        Ok(documents)
    }
}

/// The highest table number of the document's chapters.
fn last_table(document: &Document) -> u32 {
    document
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .flat_map(|s| &s.blocks)
        .filter_map(|b| if let Block::Table(t) = b { Some(t.number) } else { None })
        .max()
        .unwrap_or(0)
}

/// The highest table number of the annex.
fn annex_last_table(document: &Document) -> u32 {
    document
        .annex
        .blocks
        .iter()
        .filter_map(|b| if let Block::Table(t) = b { Some(t.number) } else { None })
        .max()
        .unwrap_or(0)
}

/// Appends the chain chapter after the others, its tables and figure numbered after theirs; a
/// synthetic chapter marks the title too.
fn add_chain_chapter(catalog: &rapporteur_domain::Catalog, document: &mut Document, figures: &ChainFigures) {
    let locale = Locale::new(catalog, &document.lang);
    let blocks = || document.chapters.iter().flat_map(|c| &c.sections).flat_map(|s| &s.blocks);
    let first_table = last_table(document) + 1;
    let first_figure = blocks()
        .filter_map(|b| if let Block::Chart(c) = b { Some(c.number) } else { None })
        .max()
        .unwrap_or(0)
        + 1;
    let number =
        document.chapters.last().and_then(|c| c.number.parse::<u32>().ok()).map_or(1, |n| n + 1).to_string();
    let chapter =
        chain_chapter(catalog, figures, &locale, Numbering { chapter: &number, first_table, first_figure });
    if figures.synthetic {
        document.title = format!("{} — {}", document.title, chapter.title);
    }
    document.chapters.push(chapter);
}

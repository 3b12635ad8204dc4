//! The report: validate the cycle, compute every table and chart, gather the actors' texts,
//! and build the report document in each language.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::StoredFinding;
use rapporteur_report::{build_document, Document, FindingView, Locale, Narrative, ReportInput};

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
    /// Validates `cycle` and builds its report in each of `languages`.
    /// (coordinator only).
    pub fn report(
        &mut self,
        by: &Caller,
        cycle: Option<&str>,
        languages: &[String],
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
        let catalog = &self.catalog.catalog;
        let input = ReportInput {
            catalog,
            cycle: &cycle,
            tables: &tables,
            charts: &charts,
            narrative: &narrative,
            findings: &findings,
        };
        languages
            .iter()
            .map(|lang| {
                build_document(&input, &Locale::new(catalog, lang))
                    .map_err(|e| AppError::Report(e.to_string()))
            })
            .collect()
    }
}

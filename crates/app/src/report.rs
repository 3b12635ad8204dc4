//! The report use case: validate the cycle, compute every table and chart, gather the actors'
//! texts, and build the report document in each language; and `explain`, which traces a printed
//! number back to the observations and returns it was computed from.

use rapporteur_domain::{RowKind, TableLayout};
use rapporteur_report::{build_document, Document, FindingView, Locale, Narrative, ReportInput};
use rapporteur_stats::tabulate::{compute_table, ComputedTable};
use rapporteur_store::StoredRow;

use crate::{App, AppError, Result};

/// A printed number and where it comes from.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub table: u32,
    pub row: Vec<String>,
    pub column: Vec<String>,
    pub text: String,
    /// Per dimension, the codes summed into the cell.
    pub selection: Vec<(String, Vec<String>)>,
    /// The stored observations summed into it, with their provenance.
    pub observations: Vec<StoredRow>,
}

/// Stored findings as the renderers show them: each with its explanation, if given.
pub fn finding_views(stored: &[rapporteur_store::StoredFinding]) -> Vec<FindingView<'_>> {
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
    /// Every chart of the catalog, computed from the store.
    pub fn charts(&self, cycle: Option<&str>) -> Result<Vec<(&TableLayout, ComputedTable)>> {
        let cycle = self.catalog.cycle(cycle)?;
        let catalog = &self.catalog.catalog;
        let mut out = Vec::new();
        for layout in catalog.charts.values() {
            let rows: Vec<_> = self
                .store
                .rows(RowKind::Observation, &cycle.id, &layout.cube)?
                .into_iter()
                .map(|s| s.row)
                .collect();
            out.push((layout, compute_table(catalog, layout, &rows)));
        }
        Ok(out)
    }

    /// Validates `cycle` and builds its report in each of `languages`.
    pub fn report(&mut self, cycle: Option<&str>, languages: &[String]) -> Result<Vec<Document>> {
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        for lang in languages {
            self.check_language(lang)?;
        }
        let stored = self.validate(Some(&cycle))?;
        let tables = self.tables(Some(&cycle), None)?;
        let charts = self.charts(Some(&cycle))?;
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

    /// The number printed in table `number` at `row` and `column`, and the stored observations
    /// it sums. A row or column is addressed by its 1-based position as `rapporteur tables`
    /// prints it, or by its codes joined with commas (`sexual`, `2019,pct_row`).
    pub fn explain(&self, cycle: Option<&str>, number: u32, row: &str, column: &str) -> Result<Explanation> {
        let cycle_id = self.catalog.cycle(cycle)?.id.clone();
        let computed = self.tables(Some(&cycle_id), Some(number))?;
        let (layout, table) = computed
            .into_iter()
            .next()
            .ok_or(AppError::UnknownTable { wanted: number, known: String::new() })?;
        let row_codes: Vec<String> = table
            .rows
            .iter()
            .map(|r| r.iter().map(|h| h.key.as_code().to_string()).collect::<Vec<_>>().join(","))
            .collect();
        let column_codes: Vec<String> = table
            .columns
            .iter()
            .map(|c| {
                let mut codes: Vec<String> = c.path.iter().map(|h| h.key.as_code().to_string()).collect();
                if layout.measures.len() > 1 {
                    codes.push(c.measure.as_str().to_string());
                }
                codes.join(",")
            })
            .collect();
        let find = |spec: &str, codes: &[String], what: &str| -> Result<usize> {
            let by_position =
                spec.parse::<usize>().ok().filter(|p| (1..=codes.len()).contains(p)).map(|p| p - 1);
            by_position.or_else(|| codes.iter().position(|c| c == spec)).ok_or_else(|| {
                AppError::UnknownCell {
                    what: what.to_string(),
                    wanted: spec.to_string(),
                    known: codes.join("; "),
                }
            })
        };
        let r = find(row, &row_codes, "row")?;
        let c = find(column, &column_codes, "column")?;
        let cell = &table.cells[r][c];
        let locale = Locale::new(&self.catalog.catalog, &self.catalog.catalog.languages[0]);
        let view =
            rapporteur_report::TableView { catalog: &self.catalog.catalog, layout, table: &table, locale };
        let text = view.value_rows()[r][c].clone();
        let labels = view.row_labels()[r].clone();
        let headers = view.column_header_rows();
        let column_labels = headers.iter().map(|h| h[c].clone()).collect();
        let observations: Vec<StoredRow> = self
            .store
            .rows(RowKind::Observation, &cycle_id, &layout.cube)?
            .into_iter()
            .filter(|s| s.row.coordinate.is_in(&cell.selection))
            .collect();
        Ok(Explanation {
            table: number,
            row: labels,
            column: column_labels,
            text,
            selection: cell
                .selection
                .iter()
                .map(|(d, codes)| (d.clone(), codes.iter().cloned().collect()))
                .collect(),
            observations,
        })
    }
}

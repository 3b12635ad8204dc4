//! `explain`: where a printed number comes from — the cell's selection of codes and the stored
//! observations it sums, with the file, row, time and person that brought each.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{RowKind, StoredRow};
use rapporteur_report::Locale;

use crate::access::allow;
use crate::error::{AppError, Result};
use crate::App;

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

impl App {
    /// The number printed in table `number` at `row` and `column`, and the stored observations
    /// it sums. A row or column is addressed by its 1-based position as `rapporteur tables`
    /// prints it, or by its codes joined with commas (`sexual`, `2019,pct_row`).
    pub fn explain(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        number: u32,
        (row, column): (&str, &str),
    ) -> Result<Explanation> {
        allow(by, Action::ViewCycle)?;
        let cycle_id = self.catalog.cycle(cycle)?.id.clone();
        let computed = self.tables(by, Some(&cycle_id), Some(number))?;
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

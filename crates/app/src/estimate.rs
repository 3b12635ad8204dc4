//! The estimation use case: capture histories from a file → a multiple systems estimate.

use rapporteur_ingest::{parse_capture_histories, ImportProblem};
use rapporteur_stats::mse::{compute_estimate, CaptureData, CaptureDataProblem};

/// What an estimation is asked and what it gives: the estimation's own types are part of this
/// use case's answer.
pub use rapporteur_stats::mse::{
    BootstrapOptions, Estimate, EstimateFacts, EstimateOptions, IntervalMethod, SelectionMethod, TermValue,
};

/// What an estimation gave.
#[derive(Debug)]
pub enum EstimateOutcome {
    /// The file had problems; every one is listed.
    Refused(Vec<ImportProblem>),
    Estimated(Box<Estimate>),
}

/// Reads capture histories from `bytes` (CSV or workbook) and estimates the population. Fails
/// only on options that make no sense; bad input is an outcome.
pub fn estimate_file(bytes: &[u8], options: &EstimateOptions) -> Result<EstimateOutcome, String> {
    let table = match parse_capture_histories(bytes) {
        Ok(table) => table,
        Err(problems) => return Ok(EstimateOutcome::Refused(problems)),
    };
    let file_row = |index: usize| table.rows.get(index.wrapping_sub(1)).map(|r| r.row);
    let data = CaptureData::new(table.lists.clone(), table.rows.iter().map(|r| (r.history.clone(), r.count)));
    let data = match data {
        Ok(data) => data,
        Err(invalid) => {
            let problems = invalid
                .problems
                .iter()
                .map(|problem| {
                    let text = problem.to_string();
                    // Problems of one row name it by position among the rows: point at the file's row.
                    let row = match problem {
                        CaptureDataProblem::HistoryLength { row, .. }
                        | CaptureDataProblem::AllZeroHistory { row }
                        | CaptureDataProblem::DuplicateHistory { row, .. }
                        | CaptureDataProblem::NegativeCount { row, .. } => file_row(*row),
                        _ => None,
                    };
                    match row {
                        Some(row) => {
                            let message = text.split_once(": ").map_or(text.as_str(), |(_, m)| m).to_string();
                            ImportProblem::at(row, None, message)
                        }
                        None => ImportProblem::file(text),
                    }
                })
                .collect();
            return Ok(EstimateOutcome::Refused(problems));
        }
    };
    compute_estimate(&data, options)
        .map(|e| EstimateOutcome::Estimated(Box::new(e)))
        .map_err(|e| e.to_string())
}

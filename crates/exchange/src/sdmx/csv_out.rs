//! One destination table as an SDMX-CSV 2.0 data message: `STRUCTURE`, `STRUCTURE_ID`,
//! `ACTION`, the table's dimensions in its order, `TIME_PERIOD`, `OBS_VALUE`, then the
//! attributes `OBS_STATUS` and `CONF_STATUS`; one row per cell, in the export's order, but for
//! the cells under which no observation lies (see [`is_sent`]).

use crate::{DestinationCell, Export, ExportError};

use rapporteur_domain::ObsStatus;

use super::{decimal_text, structure_ref, Flow, Structure, CONF_CONFIDENTIAL, OBS_MISSING, OBS_NORMAL};

/// The action of every row: replace what the receiver holds for these observations.
const ACTION: &str = "R";

pub(super) fn write(
    structure: &Structure<'_>,
    flow: &Flow<'_>,
    export: &Export<'_>,
) -> Result<Vec<u8>, ExportError> {
    let table = flow.table;
    let file = super::csv_file_name(table);
    let failed = |e: csv::Error| ExportError::Write { file: file.clone(), what: e.to_string() };
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header = vec!["STRUCTURE", "STRUCTURE_ID", "ACTION"];
    header.extend(table.dimensions.iter().map(String::as_str));
    header.extend(["TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]);
    out.write_record(&header).map_err(failed)?;
    let id = structure_ref(table);
    for cell in export.cells.iter().filter(|c| c.table == table.id && is_sent(c)) {
        let mut row = vec!["dataflow".to_string(), id.clone(), ACTION.to_string()];
        for dimension in &table.dimensions {
            let code = cell.codes.get(dimension).ok_or_else(|| ExportError::Crosswalk {
                crosswalk: structure.crosswalk.id.clone(),
                what: format!("a cell of {:?} from {:?} has no code for {dimension:?}", table.id, cell.cube),
            })?;
            row.push(code.clone());
        }
        let (value, obs_status, conf_status) = flags(cell);
        row.extend([cell.period.clone(), value, obs_status.to_string(), conf_status.to_string()]);
        out.write_record(&row).map_err(failed)?;
    }
    out.into_inner().map_err(|e| ExportError::Write { file, what: e.to_string() })
}

/// Whether a cell is a row of the data file: a value, or a suppressed cell (whatever lies under
/// it, so that a `C` never tells whether anything does). A free cell under which no observation
/// lies is not sent: the data set has no figure for it (unknown, not zero), and an SDMX data
/// message leaves out an observation it has no value for; the README counts them per file.
/// A cell the actor flagged (not available or confidential) is sent with that status and no
/// value.
pub(crate) fn is_sent(cell: &DestinationCell) -> bool {
    cell.status.is_suppressed() || cell.value.is_some() || cell.flag.is_some()
}

/// `OBS_VALUE`, `OBS_STATUS` and `CONF_STATUS` of a cell sent: the value, `A` and `F`; no value,
/// no `OBS_STATUS` and `C` when suppressed or flagged confidential; no value, `M` and `F` when
/// flagged not available.
fn flags(cell: &DestinationCell) -> (String, &'static str, &'static str) {
    let conf = cell.status.public_code();
    match (cell.value, cell.flag) {
        _ if cell.status.is_suppressed() => (String::new(), "", conf),
        (Some(value), _) => (decimal_text(value, cell.decimals), OBS_NORMAL, conf),
        (None, Some(ObsStatus::NotAvailable)) => (String::new(), OBS_MISSING, conf),
        (None, _) => (String::new(), "", CONF_CONFIDENTIAL),
    }
}

#[cfg(test)]
mod tests {
    use rapporteur_domain::{CellKey, Confidentiality, ObsStatus};

    use super::{flags, is_sent};
    use crate::DestinationCell;

    fn cell(value: Option<i64>, status: Confidentiality, flag: Option<ObsStatus>) -> DestinationCell {
        DestinationCell {
            table: "crim_thb_vexp".into(),
            codes: Default::default(),
            period: "2019".into(),
            cube: "police_thb_findings".into(),
            key: CellKey { cube: "police_thb_findings".into(), selection: Default::default() },
            value,
            decimals: 0,
            status,
            flag,
        }
    }

    #[test]
    fn a_flagged_cell_is_sent_without_a_value_and_with_its_status() {
        let sent = |c: &DestinationCell| (is_sent(c), flags(c));
        let free = Confidentiality::Free;
        assert_eq!(sent(&cell(Some(171), free, None)), (true, ("171".into(), "A", "F")));
        assert_eq!(sent(&cell(None, free, Some(ObsStatus::NotAvailable))), (true, (String::new(), "M", "F")));
        assert_eq!(sent(&cell(None, free, Some(ObsStatus::Confidential))), (true, (String::new(), "", "C")));
        let suppressed = cell(Some(3), Confidentiality::Primary, None);
        assert_eq!(sent(&suppressed), (true, (String::new(), "", "C")));
        assert!(!is_sent(&cell(None, free, None)), "no observation and no flag: not sent");
    }
}

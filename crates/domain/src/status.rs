//! A cell an actor owes but gives no figure for, as SDMX says it: not available (`OBS_STATUS`
//! `M`, "missing value") or confidential (`CONF_STATUS` `C`). Such a cell is information, not a zero: it is
//! never summed nor compared, and a cell neither given nor marked is missing. The words a clerk
//! writes in the value cell for each status ("n.b.", "conf.") and the sign the report prints for
//! it are catalog data (`[[status]]` in `catalog.toml`).

use crate::disclosure::CellKey;
use crate::label::Labels;
use crate::observation::ObservationRow;

/// Why an owed cell holds no value: SDMX's code for it (`OBS_STATUS` M, `CONF_STATUS` C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObsStatus {
    /// `M`: the figure is not available (not collected, not known).
    NotAvailable,
    /// `C`: the figure exists and is confidential.
    Confidential,
}

impl ObsStatus {
    /// The SDMX code (`M` or `C`), as stored and exported.
    pub const fn code(self) -> &'static str {
        match self {
            ObsStatus::NotAvailable => "M",
            ObsStatus::Confidential => "C",
        }
    }

    /// The status of an SDMX code.
    pub fn from_code(code: &str) -> Option<ObsStatus> {
        match code {
            "M" => Some(ObsStatus::NotAvailable),
            "C" => Some(ObsStatus::Confidential),
            _ => None,
        }
    }
}

/// The status of a published or exported cell that has no value: of the flagged cells under
/// it, confidential if any is, else not available; none when no flagged cell lies under it.
pub fn status_under<'a>(
    flagged: impl IntoIterator<Item = &'a ObservationRow>,
    key: &CellKey,
) -> Option<ObsStatus> {
    flagged
        .into_iter()
        .filter(|o| o.cube == key.cube && o.coordinate.is_in(&key.selection))
        .filter_map(|o| o.kind.status())
        .max()
}

/// How a catalog lets a status be written and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMarker {
    pub status: ObsStatus,
    /// What a clerk may write in the value cell instead of a number (compared ignoring case,
    /// accents and spacing).
    pub markers: Vec<String>,
    /// What a printed table shows in the cell.
    pub sign: String,
    pub name: Labels,
}

impl StatusMarker {
    /// Whether `text` (a value cell) is one of this status's markers.
    pub fn is_written_as(&self, text: &str) -> bool {
        let text = marker_form(text);
        !text.is_empty() && self.markers.iter().any(|m| marker_form(m) == text)
    }
}

/// A marker as compared: lower case, without spaces or full stops ("N.B." and "nb" alike, "/"
/// kept).
fn marker_form(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_match_ignoring_case_spaces_and_full_stops() {
        let marker = StatusMarker {
            status: ObsStatus::NotAvailable,
            markers: vec!["n.b.".into(), "/".into()],
            sign: "/".into(),
            name: Labels::default(),
        };
        assert!(marker.is_written_as("N.B."));
        assert!(marker.is_written_as(" nb "));
        assert!(marker.is_written_as("n. b."));
        assert!(marker.is_written_as("/"));
        assert!(!marker.is_written_as(""));
        assert!(!marker.is_written_as("."));
        assert!(!marker.is_written_as("0"));
        assert_eq!(ObsStatus::from_code(ObsStatus::Confidential.code()), Some(ObsStatus::Confidential));
    }
}

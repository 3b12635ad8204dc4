//! The published cells as tidy rows: one row per cell, one code column per dimension of its
//! cube and one for the period, the labels of each code, the value and its SDMX flags.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{
    status_under, Catalog, CodeList, Confidentiality, Cube, Labels, ObsStatus, ObservationRow,
    SuppressionPattern, TOTAL_CODE,
};
use rapporteur_stats::published::PublishedCell;

use crate::words::labels;

/// The name of the period column (and of the period in a cell's selection).
pub const PERIOD: &str = rapporteur_domain::PERIOD;
/// What joins the codes of a sum for which the code list has no code.
pub const SUM_JOINER: &str = "+";

/// One cube's rows.
#[derive(Debug, Clone)]
pub struct TidyTable<'a> {
    pub cube: &'a Cube,
    /// The measure's decimals: every value of the cube is scaled by `10^decimals`.
    pub decimals: u32,
    pub rows: Vec<TidyRow>,
    /// The dimensions (by index in the cube) whose column holds a sum written with `+`.
    pub sums: BTreeSet<usize>,
}

/// One published cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TidyRow {
    /// The code of each dimension, in the cube's order, then the period.
    pub codes: Vec<String>,
    /// The labels of each dimension's code, in the cube's order.
    pub labels: Vec<Labels>,
    /// The value scaled by `10^decimals`; `None` when no observation lies under the cell.
    pub value: Option<i64>,
    pub confidentiality: Confidentiality,
    /// The status of the cells the actors flagged under the cell, if any: the cell, or a total
    /// over it, is then not known and published without a value.
    pub flag: Option<ObsStatus>,
}

impl TidyRow {
    /// The value as published: none when suppressed or over a flagged cell.
    pub fn published_value(&self) -> Option<i64> {
        self.value.filter(|_| !self.confidentiality.is_suppressed() && self.flag.is_none())
    }

    /// SDMX's OBS_STATUS: `A` for a value, `M` when no observation lies under the cell (none
    /// given, or flagged not available), none when the actor flagged it confidential.
    pub fn obs_status(&self) -> &'static str {
        match (self.value, self.flag) {
            (_, Some(ObsStatus::Confidential)) => "",
            (_, Some(ObsStatus::NotAvailable)) | (None, None) => ObsStatus::NotAvailable.code(),
            (Some(_), None) => "A",
        }
    }

    /// SDMX's CONF_STATUS as a public file prints it: `C` when suppressed or flagged
    /// confidential by the actor, else `F`.
    pub fn conf_status(&self) -> &'static str {
        if self.flag == Some(ObsStatus::Confidential) {
            ObsStatus::Confidential.code()
        } else {
            self.confidentiality.public_code()
        }
    }
}

/// The value `scaled / 10^decimals` written exactly, with a full stop: `1234, 2` → `12.34`.
pub fn decimal_text(scaled: i64, decimals: u32) -> String {
    let digits = scaled.unsigned_abs().to_string();
    let sign = if scaled < 0 { "-" } else { "" };
    let decimals = decimals as usize;
    if decimals == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (whole, fraction) = padded.split_at(padded.len() - decimals);
    format!("{sign}{whole}.{fraction}")
}

/// The cells grouped by cube, in cube order, each cube's rows in the order of its code lists.
pub fn tidy_tables<'a>(
    catalog: &'a Catalog,
    cells: &[PublishedCell],
    pattern: &SuppressionPattern,
    flagged: &[ObservationRow],
) -> Vec<TidyTable<'a>> {
    let total = labels(catalog, "od-total", &[]);
    let mut by_cube: BTreeMap<&str, Vec<&PublishedCell>> = BTreeMap::new();
    for cell in cells {
        by_cube.entry(cell.key.cube.as_str()).or_default().push(cell);
    }
    let mut tables = Vec::new();
    for (cube_id, cells) in by_cube {
        let Some(cube) = catalog.cube(cube_id) else { continue };
        let lists: Vec<&CodeList> = cube.dimensions.iter().map(|d| catalog.code_list_of(d)).collect();
        let mut sums = BTreeSet::new();
        let mut keyed: Vec<(Vec<Rank>, TidyRow)> = Vec::new();
        for cell in cells {
            let mut codes = Vec::new();
            let mut row_labels = Vec::new();
            let mut rank = Vec::new();
            for (i, (dimension, list)) in cube.dimensions.iter().zip(&lists).enumerate() {
                let coded = code_of(catalog, list, cell.key.selection.get(&dimension.id), &total);
                if matches!(coded.rank, Rank::Sum(_)) {
                    sums.insert(i);
                }
                codes.push(coded.code);
                row_labels.push(coded.labels);
                rank.push(coded.rank);
            }
            let period = period_of(cell.key.selection.get(PERIOD));
            rank.push(match &period {
                p if p == TOTAL_CODE => Rank::Total,
                p if p.contains(SUM_JOINER) => Rank::Sum(p.clone()),
                p => Rank::Period(p.clone()),
            });
            codes.push(period);
            let row = TidyRow {
                codes,
                labels: row_labels,
                value: cell.value,
                confidentiality: pattern.status(&cell.key),
                flag: status_under(flagged, &cell.key),
            };
            keyed.push((rank, row));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let decimals = catalog.measure_of(cube).decimals;
        tables.push(TidyTable { cube, decimals, rows: keyed.into_iter().map(|(_, r)| r).collect(), sums });
    }
    tables
}

/// Where a code sorts: the total first, then the code list's codes in printed order, then the
/// periods, then sums.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Total,
    Code(usize),
    Period(String),
    Sum(String),
}

struct Coded {
    code: String,
    labels: Labels,
    rank: Rank,
}

/// The code of a dimension selecting `leaves`: `_T` for all (a dimension the key leaves out),
/// the leaf itself, the code whose leaves they are, or else the leaves joined with `+`.
fn code_of(catalog: &Catalog, list: &CodeList, leaves: Option<&BTreeSet<String>>, total: &Labels) -> Coded {
    let Some(leaves) = leaves else {
        return Coded { code: TOTAL_CODE.to_string(), labels: total.clone(), rank: Rank::Total };
    };
    let position = |id: &str| list.codes.iter().position(|c| c.id == id);
    let single = if leaves.len() == 1 { leaves.iter().next().and_then(|id| list.get(id)) } else { None };
    let aggregate = || {
        list.codes.iter().find(|code| {
            list.is_aggregate(&code.id)
                && list
                    .leaves_under(&code.id)
                    .iter()
                    .map(|c| &c.id)
                    .eq(sorted_in_list(list, leaves).iter().copied())
        })
    };
    if let Some(code) = single.or_else(aggregate) {
        return Coded {
            code: code.id.clone(),
            labels: code.labels.clone(),
            rank: Rank::Code(position(&code.id).unwrap_or(usize::MAX)),
        };
    }
    let ordered = sorted_in_list(list, leaves);
    let code = ordered.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(SUM_JOINER);
    let labels = Labels(
        catalog
            .languages
            .iter()
            .map(|lang| {
                let separator = crate::words::Words { lang }.text("od-sum-separator");
                let texts: Vec<&str> = ordered
                    .iter()
                    .map(|id| list.get(id).map_or(id.as_str(), |c| c.labels.get(lang)))
                    .collect();
                (lang.clone(), texts.join(&separator))
            })
            .collect(),
    );
    Coded { code: code.clone(), labels, rank: Rank::Sum(code) }
}

/// The codes of `leaves` in the code list's printed order (unknown ones last, as given).
fn sorted_in_list<'a>(list: &CodeList, leaves: &'a BTreeSet<String>) -> Vec<&'a String> {
    let mut ordered: Vec<&String> = leaves.iter().collect();
    ordered.sort_by_key(|id| list.codes.iter().position(|c| &c.id == *id).unwrap_or(usize::MAX));
    ordered
}

/// The period column: `_T` when the cell sums every period, the period, or the periods joined.
fn period_of(periods: Option<&BTreeSet<String>>) -> String {
    match periods {
        None => TOTAL_CODE.to_string(),
        Some(periods) => periods.iter().map(String::as_str).collect::<Vec<_>>().join(SUM_JOINER),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_exactly() {
        assert_eq!(decimal_text(0, 0), "0");
        assert_eq!(decimal_text(17, 0), "17");
        assert_eq!(decimal_text(1234, 2), "12.34");
        assert_eq!(decimal_text(5, 2), "0.05");
        assert_eq!(decimal_text(-5, 1), "-0.5");
        assert_eq!(decimal_text(-1200, 2), "-12.00");
        assert_eq!(decimal_text(i64::MIN, 3), "-9223372036854775.808");
    }
}

//! The columns of a cube's data file, shared by the CSV and Parquet writers and the table schema
//! so that all three say the same.

use crate::tidy::{decimal_text, TidyRow, TidyTable, PERIOD};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// The code of the cube's dimension at this index.
    Code(usize),
    Period,
    /// The label of the dimension's code at this index, in a language.
    Label(usize, String),
    Value,
    Unit,
    ObsStatus,
    ConfStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// The value column's name, as SDMX names it.
pub const OBS_VALUE: &str = "OBS_VALUE";

/// The columns of `table`: the codes (dimensions, then the period), the labels per dimension
/// and language, the value and its flags.
pub fn columns(languages: &[String], table: &TidyTable<'_>) -> Vec<Column> {
    let dimensions = &table.cube.dimensions;
    let mut columns: Vec<Column> = dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| Column { name: d.id.clone(), kind: ColumnKind::Code(i) })
        .collect();
    columns.push(Column { name: PERIOD.to_string(), kind: ColumnKind::Period });
    for (i, dimension) in dimensions.iter().enumerate() {
        for lang in languages {
            columns.push(Column {
                name: format!("{}_label_{lang}", dimension.id),
                kind: ColumnKind::Label(i, lang.clone()),
            });
        }
    }
    columns.push(Column { name: OBS_VALUE.to_string(), kind: ColumnKind::Value });
    columns.push(Column { name: "UNIT_MEASURE".to_string(), kind: ColumnKind::Unit });
    columns.push(Column { name: "OBS_STATUS".to_string(), kind: ColumnKind::ObsStatus });
    columns.push(Column { name: "CONF_STATUS".to_string(), kind: ColumnKind::ConfStatus });
    columns
}

/// The text of a row's column: the value written exactly, empty when not published.
pub fn text(table: &TidyTable<'_>, row: &TidyRow, kind: &ColumnKind) -> String {
    match kind {
        ColumnKind::Code(i) => row.codes[*i].clone(),
        ColumnKind::Period => row.codes[table.cube.dimensions.len()].clone(),
        ColumnKind::Label(i, lang) => row.labels[*i].get(lang).to_string(),
        ColumnKind::Value => {
            row.published_value().map(|v| decimal_text(v, table.decimals)).unwrap_or_default()
        }
        ColumnKind::Unit => table.cube.measure.clone(),
        ColumnKind::ObsStatus => row.obs_status().to_string(),
        ColumnKind::ConfStatus => row.conf_status().to_string(),
    }
}

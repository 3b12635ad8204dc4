//! The grid form as a return: the values typed in each cell, written as a CSV return with the
//! stored flags and notes and the stated figures unchanged, for the same import as an upload.

use std::collections::{BTreeMap, HashMap};

use rapporteur_domain::value::format_scaled;
use rapporteur_domain::{columns, Catalog, StoredRow};

use super::sheet::{coordinate_key, decimals_of};

/// A grid row's codes from its form key (`dimension=code;…`).
pub(super) fn decode_codes(key: &str) -> BTreeMap<String, String> {
    key.split(';')
        .filter_map(|part| part.split_once('='))
        .map(|(d, c)| (d.to_string(), c.to_string()))
        .collect()
}

/// The grid form as a return in CSV: the cells entered, and the stored control values unchanged.
pub(super) fn grid_csv(
    catalog: &Catalog,
    (observations, controls): (&[StoredRow], &[StoredRow]),
    cube_id: &str,
    form: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let cube = catalog.cubes.get(cube_id).ok_or_else(|| format!("unknown cube {cube_id}"))?;
    let decimals = decimals_of(catalog, cube_id);
    // The form's fields by name, read once (the first of a repeated name counts).
    let mut fields: HashMap<&str, &str> = HashMap::with_capacity(form.len());
    for (name, value) in form {
        fields.entry(name.as_str()).or_insert(value.as_str());
    }
    let field = |name: &str| fields.get(name).map(|v| v.trim().to_string());
    let periods: Vec<String> = (0..).map_while(|p| field(&format!("col_{p}"))).collect();
    let kept: BTreeMap<String, (Vec<String>, Option<String>)> = observations
        .iter()
        .map(|s| (s.row.coordinate.key(), (s.row.flags.clone(), s.row.note.clone())))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![columns::CUBE.to_string(), columns::PERIOD.to_string()];
    header.extend(cube.dimensions.iter().map(|d| d.id.clone()));
    header.extend(
        [columns::VALUE, columns::FLAGS, columns::NOTE, columns::ROLE, columns::BASE].map(str::to_string),
    );
    out.write_record(&header).map_err(|e| e.to_string())?;
    let mut write = |period: &str,
                     codes: &BTreeMap<String, String>,
                     value: &str,
                     flags: &str,
                     note: &str,
                     role: &str,
                     base: &str| {
        let mut record = vec![cube_id.to_string(), period.to_string()];
        record.extend(cube.dimensions.iter().map(|d| codes.get(&d.id).cloned().unwrap_or_default()));
        record.extend([value, flags, note, role, base].map(str::to_string));
        out.write_record(&record).map_err(|e| e.to_string())
    };
    let mut rows: Vec<(BTreeMap<String, String>, Vec<String>)> = Vec::new();
    for index in 0.. {
        let Some(key) = field(&format!("row_{index}")) else { break };
        let cells =
            (0..periods.len()).map(|p| field(&format!("c_{index}_{p}")).unwrap_or_default()).collect();
        rows.push((decode_codes(&key), cells));
    }
    let new_codes: BTreeMap<String, String> = cube
        .dimensions
        .iter()
        .filter_map(|d| field(&format!("new_{}", d.id)).filter(|c| !c.is_empty()).map(|c| (d.id.clone(), c)))
        .collect();
    if new_codes.len() == cube.dimensions.len() && !cube.dimensions.is_empty() {
        let cells = (0..periods.len()).map(|p| field(&format!("new_c_{p}")).unwrap_or_default()).collect();
        rows.push((new_codes, cells));
    }
    for (codes, cells) in &rows {
        for (period, value) in periods.iter().zip(cells) {
            if value.is_empty() {
                continue;
            }
            // Either decimal mark is accepted in the form; the CSV uses a point.
            let value = value.replace(',', ".");
            let (flags, note) = kept.get(&coordinate_key(period, codes)).cloned().unwrap_or_default();
            write(period, codes, &value, &flags.join(" "), note.as_deref().unwrap_or(""), "data", "")?;
        }
    }
    for stored in controls {
        let row = &stored.row;
        let (value, role, base) = match &row.pct_base {
            Some(base) => {
                let written = row.stated_decimals.unwrap_or(2).min(2);
                let scaled = row.value / 10i64.pow(2 - written);
                (format_scaled(scaled, written, '.'), "pct", base.clone())
            }
            None => (format_scaled(row.value, decimals, '.'), "control", String::new()),
        };
        let note = row.note.clone().unwrap_or_default();
        write(
            &row.coordinate.period,
            &row.coordinate.codes,
            &value,
            &row.flags.join(" "),
            &note,
            role,
            &base,
        )?;
    }
    out.into_inner().map_err(|e| e.to_string())
}

/// How many rows a grid form of `cube` can hold: every combination of its leaf codes, and the
/// line to add one. A form with more is no grid this portal sent.
pub(super) fn most_rows(catalog: &Catalog, cube_id: &str) -> usize {
    let Some(cube) = catalog.cubes.get(cube_id) else { return 0 };
    let selections: Vec<(&str, &str)> =
        cube.dimensions.iter().map(|d| (d.id.as_str(), rapporteur_domain::TOTAL_CODE)).collect();
    let order = rapporteur_domain::catalog::LeafOrder::Printed;
    catalog.leaf_combinations(cube_id, &selections, order).remaining().saturating_add(1)
}

/// How many fields a grid form of `cube` can hold: per row its key and a cell per column (the
/// most periods any cycle shows), the columns' own fields, and a few more (the token, a new
/// row's codes). Counted on the raw form, before it is decoded, a form with more is refused at
/// the cost of one pass over its bytes — a flood of oversized grids costs the server next to
/// nothing.
pub(super) fn most_fields(catalog: &Catalog, cube_id: &str) -> usize {
    let columns = catalog.cycles.iter().map(|c| c.accepted_periods().count()).max().unwrap_or(0);
    let dimensions = catalog.cubes.get(cube_id).map_or(0, |c| c.dimensions.len());
    most_rows(catalog, cube_id).saturating_mul(columns + 1).saturating_add(columns + 2 * dimensions + 16)
}

/// How many fields a form sent as `application/x-www-form-urlencoded` holds, without decoding
/// it: its `&` separators plus one (an encoded `&` is `%26`, never a separator).
pub(super) fn fields_in(body: &[u8]) -> usize {
    body.iter().filter(|&&b| b == b'&').count() + 1
}

/// How many rows a grid form holds.
pub(super) fn rows_of(form: &[(String, String)]) -> usize {
    form.iter().filter(|(name, _)| name.starts_with("row_")).count()
}

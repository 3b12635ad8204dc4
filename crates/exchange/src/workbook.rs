//! An export as an XLSX workbook in the layout of the destination's questionnaire (UNODC,
//! GRETA): a cover sheet first — destination, cycle, definitions, sources, verification caveats,
//! what is not sent and the disclosure rule, in English, Dutch and French side by side — then
//! one sheet per destination table: its title, legal article and data source above a grid with
//! a row per category (the table's codes, labelled from the catalog) and a column per year of
//! the cycle, as a questionnaire is filled in. A suppressed cell shows the disclosure policy's
//! symbol; a cell without observation is empty, with a note saying it is not available. Long
//! lists (countries) list only the rows with a figure or a suppressed cell.
//!
//! Every sentence comes from the Fluent files (`locales/*/workbook.ftl`). The same export gives
//! the same bytes (the document's date is the export's).

mod cover;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::catalog::{CubeMap, CubeTarget, DestinationTable, Mapped};
use rapporteur_domain::{Code, CodeList, Confidentiality};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

use crate::{DestinationCell, Export, ExportError, ExportFile};
use words::GRID_LANG;

use crate::words::Words;

/// The export as the destination's questionnaire workbook, `<destination>_<cycle>.xlsx`.
pub fn workbook(export: &Export<'_>) -> Result<ExportFile, ExportError> {
    let path = format!("{}_{}.xlsx", export.crosswalk.id, export.cycle);
    let bytes = write(export).map_err(|e| ExportError::Write { file: path.clone(), what: e.to_string() })?;
    Ok(ExportFile { path, bytes })
}

fn write(export: &Export<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let words = Words { lang: GRID_LANG };
    let created = made_on(&export.made_on)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(words.label(&export.crosswalk.name))
            .set_author("Rapporteur")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    cover::write(book.add_worksheet(), export, &formats)?;
    for table in &export.crosswalk.tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table))?;
        write_table(sheet, export, table, &formats)?;
    }
    book.save_to_buffer()
}

/// The document's date: the export's `YYYY-MM-DD`, or a fixed date when it is not one.
fn made_on(date: &str) -> Result<ExcelDateTime, XlsxError> {
    let parts: Vec<Option<u32>> = date.split('-').map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [Some(y), Some(m), Some(d)] if *y <= u32::from(u16::MAX) && *m <= 12 && *d <= 31 => {
            ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8)
                .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))
        }
        _ => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// A table's sheet: its id (Excel allows 31 characters).
fn sheet_name(table: &DestinationTable) -> String {
    table.id.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect()
}

/// The cycle's periods that `present` keeps, in the cycle's order (a yearly cube has no cell for
/// the cycle as a whole): the columns of a grid.
fn periods<'a>(export: &'a Export<'_>, present: impl Fn(&str) -> bool) -> Vec<&'a str> {
    let all: Vec<&str> = match export.catalog.cycle(export.cycle) {
        Some(cycle) => cycle.periods.iter().map(String::as_str).collect(),
        None => {
            let set: BTreeSet<&str> = export.cells.iter().map(|c| c.period.as_str()).collect();
            set.into_iter().collect()
        }
    };
    all.into_iter().filter(|p| present(p)).collect()
}

/// The cell formats of the workbook.
struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    wrap: Format,
    integer: Format,
    decimal: Format,
    symbol: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            bold: Format::new().set_bold(),
            header: Format::new().set_bold().set_background_color("E8E8E8").set_border(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            integer: Format::new().set_num_format("0"),
            // Excel number formats are written with a point; Excel shows the reader's locale.
            decimal: Format::new().set_num_format("0.00"),
            symbol: Format::new().set_align(FormatAlign::Right),
        }
    }
}

/// The cubes the crosswalk sends into `table`, in its order.
fn cube_maps<'a>(export: &'a Export<'_>, table: &str) -> Vec<&'a CubeMap> {
    export
        .crosswalk
        .cubes
        .iter()
        .filter(|m| matches!(&m.target, CubeTarget::Table { table: t, .. } if t == table))
        .collect()
}

/// The catalog code list whose codes become `dimension`'s codes when `cube` is sent, and its
/// leaves that become `code` (with their place in the list); `None` when the cube fills the
/// dimension with a fixed code.
fn catalog_codes<'a>(
    export: &'a Export<'_>,
    cube: &str,
    dimension: &str,
    code: &str,
) -> Option<(&'a CodeList, Vec<(usize, &'a Code)>)> {
    let map = export.crosswalk.cube(cube)?;
    let CubeTarget::Table { dimensions, .. } = &map.target else { return None };
    let (from, _) = dimensions.iter().find(|(_, to)| to.as_str() == dimension)?;
    let list = export.catalog.code_list_of_dimension(cube, from)?;
    let codes = list
        .leaves()
        .enumerate()
        .filter(|(_, leaf)| export.crosswalk.lookup(&list.id, dimension, &leaf.id) == Some(Mapped::To(code)))
        .collect();
    Some((list, codes))
}

/// How a destination code of `cube`'s cells reads: the labels of the catalog codes that become
/// it, or for a code no catalog code becomes (a fixed code) the Fluent word `wb-code-<code>`, or
/// the code itself.
fn code_label(words: Words<'_>, export: &Export<'_>, cube: &str, dimension: &str, code: &str) -> String {
    let labels: Vec<&str> = catalog_codes(export, cube, dimension, code)
        .map(|(_, codes)| codes.iter().map(|(_, c)| words.label(&c.labels)).collect())
        .unwrap_or_default();
    if labels.is_empty() {
        words.maybe(&format!("wb-code-{code}")).unwrap_or_else(|| code.to_string())
    } else {
        labels.join(" + ")
    }
}

/// A row of a grid: the destination codes, and per period its cell.
struct Row<'a> {
    codes: &'a BTreeMap<String, String>,
    cube: &'a str,
    cells: BTreeMap<&'a str, &'a DestinationCell>,
}

/// The rows of a table: one per combination of codes, ordered by the cube that fills it (in
/// the crosswalk's order), then by the catalog order of the codes (a fixed code first). In a
/// table with a long list (countries: a code map that keeps the catalog's codes), only the rows
/// with a figure or a suppressed cell.
fn rows<'a>(export: &'a Export<'_>, table: &DestinationTable) -> (Vec<Row<'a>>, Option<String>) {
    let mut by_codes: BTreeMap<&BTreeMap<String, String>, Row<'a>> = BTreeMap::new();
    for cell in export.cells.iter().filter(|c| c.table == table.id) {
        let row = by_codes.entry(&cell.codes).or_insert_with(|| Row {
            codes: &cell.codes,
            cube: &cell.cube,
            cells: BTreeMap::new(),
        });
        row.cells.insert(&cell.period, cell);
    }
    let cubes: Vec<&str> = cube_maps(export, &table.id).iter().map(|m| m.cube.as_str()).collect();
    let place = |row: &Row<'_>| {
        let cube = cubes.iter().position(|c| *c == row.cube).unwrap_or(usize::MAX);
        let codes: Vec<usize> = table
            .dimensions
            .iter()
            .map(|d| {
                let code = row.codes.get(d).map_or("", String::as_str);
                catalog_codes(export, row.cube, d, code)
                    .and_then(|(_, codes)| codes.first().map(|(i, _)| i + 1))
                    .unwrap_or(0)
            })
            .collect();
        (cube, codes)
    };
    let mut rows: Vec<Row<'a>> = by_codes.into_values().collect();
    rows.sort_by_cached_key(|row| (place(row), row.codes.clone()));
    let long = table
        .dimensions
        .iter()
        .find(|d| export.crosswalk.code_maps.iter().any(|m| m.identity && &m.dimension == *d));
    if long.is_some() {
        rows.retain(|row| row.cells.values().any(|c| c.value.is_some() || c.status != Confidentiality::Free));
    }
    (rows, long.cloned())
}

/// The readable name of a destination dimension: the name of the catalog code list whose codes
/// become its codes, or the dimension's id.
fn dimension_name(
    words: Words<'_>,
    export: &Export<'_>,
    table: &DestinationTable,
    dimension: &str,
) -> String {
    cube_maps(export, &table.id)
        .iter()
        .find_map(|m| catalog_codes(export, &m.cube, dimension, ""))
        .map(|(list, _)| words.label(&list.name).to_string())
        .unwrap_or_else(|| dimension.to_string())
}

/// One table's sheet: title, legal article, data source, the mapping's source and the legend,
/// then the grid: the dimensions' labels, a column per period, the dimensions' codes.
fn write_table(
    sheet: &mut Worksheet,
    export: &Export<'_>,
    table: &DestinationTable,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let words = Words { lang: GRID_LANG };
    let symbol = export.catalog.disclosure.symbol.as_str();
    let (rows, long) = rows(export, table);
    let mut lines = vec![(table.title.clone(), &formats.title)];
    if let Some(article) = &table.article {
        lines.push((words.with_texts("wb-article", &[("article", article.clone())]), &formats.bold));
    }
    let owners: Vec<String> = cube_maps(export, &table.id)
        .iter()
        .filter_map(|m| export.catalog.cube(&m.cube))
        .map(|cube| owner_name(words, export, &cube.owner))
        .fold(Vec::new(), |mut seen, owner| {
            if !seen.contains(&owner) {
                seen.push(owner);
            }
            seen
        });
    lines.push((words.with_texts("wb-data-source", &[("sources", owners.join("; "))]), &formats.bold));
    if let Some(source) = export.crosswalk.source(&table.source) {
        let pairs = [("title", source.title.clone()), ("url", source.url.clone())];
        lines.push((words.with_texts("wb-mapping-source", &pairs), &formats.wrap));
    }
    lines.push((words.with_texts("wb-legend", &[("symbol", symbol.to_string())]), &formats.wrap));
    if let Some(dimension) = &long {
        let name = dimension_name(words, export, table, dimension);
        lines.push((words.with_texts("wb-long-list", &[("dimension", name)]), &formats.wrap));
    }
    for (row, (text, format)) in lines.iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, text, format)?;
    }

    let periods = periods(export, |p| export.cells.iter().any(|c| c.table == table.id && c.period == p));
    let labels = table.dimensions.len().max(1) as u16;
    let header = lines.len() as u32 + 1;
    for (i, dimension) in table.dimensions.iter().enumerate() {
        let name = dimension_name(words, export, table, dimension);
        sheet.write_string_with_format(header, i as u16, name, &formats.header)?;
        sheet.write_string_with_format(
            header,
            labels + periods.len() as u16 + i as u16,
            dimension,
            &formats.header,
        )?;
    }
    if table.dimensions.is_empty() {
        sheet.write_string_with_format(header, 0, "", &formats.header)?;
    }
    for (j, period) in periods.iter().enumerate() {
        sheet.write_string_with_format(header, labels + j as u16, *period, &formats.header)?;
    }
    let empty = Note::new(words.text("wb-empty-note")).add_author_prefix(false);
    for (r, row) in rows.iter().enumerate() {
        let at = header + 1 + r as u32;
        if table.dimensions.is_empty() {
            sheet.write_string(at, 0, words.text("wb-code-total"))?;
        }
        for (i, dimension) in table.dimensions.iter().enumerate() {
            let code = row.codes.get(dimension).map_or("", String::as_str);
            sheet.write_string(at, i as u16, code_label(words, export, row.cube, dimension, code))?;
            sheet.write_string(at, labels + periods.len() as u16 + i as u16, code)?;
        }
        for (j, period) in periods.iter().enumerate() {
            let col = labels + j as u16;
            match row.cells.get(period) {
                Some(cell) if cell.status != Confidentiality::Free => {
                    sheet.write_string_with_format(at, col, symbol, &formats.symbol)?;
                }
                Some(DestinationCell { value: Some(value), decimals, .. }) => {
                    let (number, format) = number(*value, *decimals, formats);
                    sheet.write_number_with_format(at, col, number, format)?;
                }
                _ => {
                    sheet.insert_note(at, col, &empty)?;
                }
            }
        }
    }
    for i in 0..labels {
        sheet.set_column_width(i, if table.dimensions.is_empty() { 20 } else { 32 })?;
    }
    for j in 0..periods.len() as u16 {
        sheet.set_column_width(labels + j, 10)?;
    }
    for i in 0..table.dimensions.len() as u16 {
        sheet.set_column_width(labels + periods.len() as u16 + i, 18)?;
    }
    sheet.set_freeze_panes(header + 1, labels)?;
    Ok(())
}

/// A value scaled by `10^decimals` as the number a cell holds, and its format.
fn number(value: i64, decimals: u32, formats: &Formats) -> (f64, &Format) {
    let format = if decimals == 0 { &formats.integer } else { &formats.decimal };
    (value as f64 / 10f64.powi(decimals as i32), format)
}

/// The name of the actor that owns a cube (the catalog's `actor` list), or its id.
fn owner_name(words: Words<'_>, export: &Export<'_>, owner: &str) -> String {
    export
        .catalog
        .code_list("actor")
        .and_then(|list| list.get(owner))
        .map_or_else(|| owner.to_string(), |code| words.label(&code.labels).to_string())
}

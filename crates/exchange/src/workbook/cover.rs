//! The cover sheet: a column per language (English, then the catalog's other languages), a row
//! per sentence: the destination and cycle, the definitions of the tables (what each counts and
//! from which cube), the sources of the mapping, what was not verified, what is not sent (with
//! per year, in the columns after the languages, what it counts) and the disclosure rule.

use rapporteur_domain::catalog::CubeTarget;
use rapporteur_domain::{Confidentiality, Outlet};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::words::{cover_languages, GRID_LANG};
use super::{owner_name, periods, sheet_name, Formats};
use crate::words::Words;
use crate::Export;

/// Writes the cover sheet.
pub(super) fn write(sheet: &mut Worksheet, export: &Export<'_>, formats: &Formats) -> Result<(), XlsxError> {
    let langs = cover_languages(export.catalog);
    sheet.set_name(Words { lang: GRID_LANG }.text("wb-cover-sheet"))?;
    for col in 0..langs.len() as u16 {
        sheet.set_column_width(col, 60)?;
    }
    let periods = periods(export, |p| export.not_sent.iter().any(|n| n.counts.contains_key(p)));
    for j in 0..periods.len() as u16 {
        sheet.set_column_width(langs.len() as u16 + j, 10)?;
    }
    let mut cover = Cover { sheet, row: 0, langs, formats };
    cover.line(&formats.header, |w| w.text("wb-language"))?;
    cover.line(&formats.title, |w| w.label(&export.crosswalk.name).to_string())?;
    cover.line(&formats.bold, |w| w.with_texts("wb-cycle", &[("cycle", export.cycle.to_string())]))?;
    cover.line(&formats.wrap, |w| w.with_texts("wb-made-on", &[("date", export.made_on.clone())]))?;
    cover.line(&formats.wrap, |w| w.text("wb-layout"))?;

    definitions(&mut cover, export)?;
    sources(&mut cover, export)?;
    caveats(&mut cover, export)?;
    not_sent(&mut cover, export, &periods)?;

    cover.heading("wb-disclosure")?;
    let policy = &export.catalog.disclosure;
    if policy.applies(Outlet::Exports) {
        let pairs = [
            ("below", (policy.k - 1).to_string()),
            ("symbol", policy.symbol.clone()),
            ("interval", policy.min_interval.to_string()),
        ];
        cover.line(&formats.wrap, |w| w.with_texts("wb-disclosure-rule", &pairs))?;
        cover.line(&formats.wrap, |w| w.label(&policy.footnote).to_string())?;
    }
    cover.line(&formats.wrap, |w| w.text("wb-not-available"))?;
    Ok(())
}

/// The sheet being written, a row at a time.
struct Cover<'s, 'l> {
    sheet: &'s mut Worksheet,
    row: u32,
    langs: Vec<&'l str>,
    formats: &'s Formats,
}

impl Cover<'_, '_> {
    /// A row with the text `make` gives in each language, in its column.
    fn line(&mut self, format: &Format, make: impl Fn(Words<'_>) -> String) -> Result<(), XlsxError> {
        for (col, lang) in self.langs.iter().enumerate() {
            self.sheet.write_string_with_format(self.row, col as u16, make(Words { lang }), format)?;
        }
        self.row += 1;
        Ok(())
    }

    /// An empty row, then a heading.
    fn heading(&mut self, key: &str) -> Result<(), XlsxError> {
        self.row += 1;
        let bold = self.formats.bold.clone();
        self.line(&bold, |w| w.text(key))
    }

    fn text(&mut self, make: impl Fn(Words<'_>) -> String) -> Result<(), XlsxError> {
        let wrap = self.formats.wrap.clone();
        self.line(&wrap, make)
    }
}

/// Per table: its sheet and title, then per cube it is cut from: the cube's name, id and actor,
/// the codes it is restricted to and the dimensions it is added up over.
fn definitions(cover: &mut Cover<'_, '_>, export: &Export<'_>) -> Result<(), XlsxError> {
    cover.heading("wb-definitions")?;
    let catalog = export.catalog;
    for table in &export.crosswalk.tables {
        let pairs = [("sheet", sheet_name(table)), ("table", table.title.clone())];
        let bold = cover.formats.bold.clone();
        cover.line(&bold, |w| w.with_texts("wb-definition-table", &pairs))?;
        for map in super::cube_maps(export, &table.id) {
            let Some(cube) = catalog.cube(&map.cube) else { continue };
            let CubeTarget::Table { filter, summed, .. } = &map.target else { continue };
            cover.text(|w| {
                let pairs = [
                    ("cube", w.label(&cube.name).to_string()),
                    ("id", cube.id.clone()),
                    ("owner", owner_name(w, export, &cube.owner)),
                ];
                w.with_texts("wb-definition-cube", &pairs)
            })?;
            for (dimension, codes) in filter {
                let Some(list) = catalog.code_list_of_dimension(&cube.id, dimension) else { continue };
                cover.text(|w| {
                    let labels: Vec<&str> = codes
                        .iter()
                        .map(|c| list.get(c).map_or(c.as_str(), |c| w.label(&c.labels)))
                        .collect();
                    let pairs =
                        [("dimension", w.label(&list.name).to_string()), ("codes", labels.join(", "))];
                    w.with_texts("wb-definition-filter", &pairs)
                })?;
            }
            if !summed.is_empty() {
                cover.text(|w| {
                    let names: Vec<&str> = summed
                        .iter()
                        .map(|d| {
                            catalog
                                .code_list_of_dimension(&cube.id, d)
                                .map_or(d.as_str(), |l| w.label(&l.name))
                        })
                        .collect();
                    w.with_texts("wb-definition-summed", &[("dimensions", names.join(", "))])
                })?;
            }
        }
    }
    Ok(())
}

/// The public pages and questionnaires the mapping was read from.
fn sources(cover: &mut Cover<'_, '_>, export: &Export<'_>) -> Result<(), XlsxError> {
    cover.heading("wb-sources")?;
    for source in &export.crosswalk.sources {
        let pairs =
            [("title", source.title.clone()), ("url", source.url.clone()), ("read", source.read.clone())];
        cover.text(|w| w.with_texts("wb-source", &pairs))?;
    }
    Ok(())
}

/// Every mapping marked not verified, with its note: the destination, its tables, the code maps
/// and the cubes.
fn caveats(cover: &mut Cover<'_, '_>, export: &Export<'_>) -> Result<(), XlsxError> {
    cover.heading("wb-caveats")?;
    let crosswalk = export.crosswalk;
    if crosswalk.unverified_count() == 0 {
        return cover.text(|w| w.text("wb-caveat-none"));
    }
    cover.text(|w| w.text("wb-caveats-intro"))?;
    let note = |n: &Option<String>| n.clone().unwrap_or_default();
    if !crosswalk.verification.verified {
        cover.text(|w| {
            w.with_texts("wb-caveat-destination", &[("note", note(&crosswalk.verification.note))])
        })?;
    }
    for table in crosswalk.tables.iter().filter(|t| !t.verification.verified) {
        let pairs = [("table", table.title.clone()), ("note", note(&table.verification.note))];
        cover.text(|w| w.with_texts("wb-caveat-table", &pairs))?;
    }
    for map in crosswalk.code_maps.iter().filter(|m| !m.verification.verified) {
        let list = export.catalog.code_list(&map.codelist);
        cover.text(|w| {
            let pairs = [
                ("list", list.map_or(map.codelist.clone(), |l| w.label(&l.name).to_string())),
                ("dimension", map.dimension.clone()),
                ("note", note(&map.verification.note)),
            ];
            w.with_texts("wb-caveat-codes", &pairs)
        })?;
    }
    for map in crosswalk.cubes.iter().filter(|m| !m.verification.verified) {
        let cube = export.catalog.cube(&map.cube);
        cover.text(|w| {
            let pairs = [
                ("cube", cube.map_or(map.cube.clone(), |c| w.label(&c.name).to_string())),
                ("note", note(&map.verification.note)),
            ];
            w.with_texts("wb-caveat-cube", &pairs)
        })?;
    }
    Ok(())
}

/// What is not sent, in the export's order: the heading row names the periods in the columns
/// after the languages; each row says what is left out and why, and its count per period.
fn not_sent(cover: &mut Cover<'_, '_>, export: &Export<'_>, periods: &[&str]) -> Result<(), XlsxError> {
    cover.heading("wb-not-sent")?;
    let first = cover.langs.len() as u16;
    let heading = cover.row - 1;
    for (j, period) in periods.iter().enumerate() {
        cover.sheet.write_string_with_format(heading, first + j as u16, *period, &cover.formats.header)?;
    }
    cover.text(|w| w.text("wb-not-sent-intro"))?;
    if export.not_sent.is_empty() {
        return cover.text(|w| w.text("wb-not-sent-none"));
    }
    let catalog = export.catalog;
    let policy = &catalog.disclosure;
    for item in &export.not_sent {
        let cube = catalog.cube(&item.cube);
        let cube_name = |w: Words<'_>| cube.map_or(item.cube.clone(), |c| w.label(&c.name).to_string());
        let reason = |w: Words<'_>| w.label(&item.reason).to_string();
        let row = cover.row;
        match &item.code {
            None => cover.text(|w| {
                w.with_texts("wb-not-sent-cube", &[("cube", cube_name(w)), ("reason", reason(w))])
            })?,
            Some((dimension, code)) => {
                let list = catalog.code_list_of_dimension(&item.cube, dimension);
                cover.text(|w| {
                    let label = list.and_then(|l| l.get(code)).map_or(code.as_str(), |c| w.label(&c.labels));
                    let pairs = [
                        ("cube", cube_name(w)),
                        ("dimension", list.map_or(dimension.clone(), |l| w.label(&l.name).to_string())),
                        ("code", label.to_string()),
                        ("reason", reason(w)),
                    ];
                    w.with_texts("wb-not-sent-code", &pairs)
                })?
            }
        }
        for (j, period) in periods.iter().enumerate() {
            let col = first + j as u16;
            match item.counts.get(*period) {
                Some(Some(_)) if item.status.get(*period).is_some_and(|s| *s != Confidentiality::Free) => {
                    cover.sheet.write_string_with_format(row, col, &policy.symbol, &cover.formats.symbol)?;
                }
                Some(Some(count)) => {
                    let decimals = cube.map_or(0, |c| catalog.measure_of(c).decimals);
                    let (number, format) = super::number(*count, decimals, cover.formats);
                    cover.sheet.write_number_with_format(row, col, number, format)?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

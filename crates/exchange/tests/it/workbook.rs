//! The questionnaire workbooks (UNODC, GRETA) of 2019–2020 reopened with calamine and read
//! cell for cell against the export: every free cell's value, every suppressed cell's symbol,
//! every row's labels and codes, and on the cover the not-sent counts per year.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use rapporteur_domain::catalog::{CubeTarget, Mapped};
use rapporteur_domain::Confidentiality;
use rapporteur_exchange::{workbook, DestinationCell, Export};

use super::{fixture, officer, CYCLE};

fn cell(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn rows(range: &Range<Data>) -> u32 {
    range.end().map_or(0, |(r, _)| r + 1)
}

/// The expected label of a destination code, read from the catalog apart from the writer: the
/// English labels of the catalog leaves the crosswalk maps onto it, or "Total" for a code the
/// crosswalk fixes.
fn expected_label(export: &Export<'_>, cube: &str, dimension: &str, code: &str) -> String {
    let map = export.crosswalk.cube(cube).unwrap();
    let CubeTarget::Table { dimensions, fixed, .. } = &map.target else { unreachable!() };
    if fixed.get(dimension).is_some_and(|c| c == code) {
        assert_eq!(code, "total", "{cube}: fixed code {code}");
        return "Total".to_string();
    }
    let (from, _) = dimensions.iter().find(|(_, to)| *to == dimension).unwrap();
    let list = export.catalog.code_list_of_dimension(cube, from).unwrap();
    let labels: Vec<&str> = list
        .leaves()
        .filter(|leaf| export.crosswalk.lookup(&list.id, dimension, &leaf.id) == Some(Mapped::To(code)))
        .map(|leaf| leaf.labels.get("en"))
        .collect();
    assert!(!labels.is_empty(), "{cube}: no catalog code becomes {dimension}={code}");
    labels.join(" + ")
}

/// What a table sheet's grid must hold for `cell`.
fn expected_value(export: &Export<'_>, cell: &DestinationCell) -> Data {
    match (cell.status, cell.value) {
        (Confidentiality::Free, Some(value)) => Data::Float(value as f64 / 10f64.powi(cell.decimals as i32)),
        (Confidentiality::Free, None) => Data::Empty,
        _ => Data::String(export.catalog.disclosure.symbol.clone()),
    }
}

#[derive(Default)]
struct Counts {
    values: usize,
    suppressed: usize,
    empty: usize,
    left_out_rows: usize,
}

fn check_table(export: &Export<'_>, range: &Range<Data>, table_id: &str, counts: &mut Counts) {
    let table = export.crosswalk.table(table_id).unwrap();
    // The columns: the cycle's periods the table has cells for, in the cycle's order.
    let periods: Vec<&String> = export
        .catalog
        .cycle(CYCLE)
        .unwrap()
        .periods
        .iter()
        .filter(|p| export.cells.iter().any(|c| c.table == table_id && &c.period == *p))
        .collect();
    assert_eq!(text(range, 0, 0), table.title);
    if let Some(article) = &table.article {
        assert_eq!(text(range, 1, 0), format!("Legal article: {article}"));
    }
    // The header: the row that names every period.
    let header = (0..rows(range))
        .find(|&r| periods.iter().all(|p| (0..20).any(|c| text(range, r, c) == **p)))
        .unwrap_or_else(|| panic!("{table_id}: no header row with {periods:?}"));
    let column = |name: &str, from: u32| (from..40).find(|&c| text(range, header, c) == name);
    let labels = table.dimensions.len().max(1) as u32;
    let period_col: BTreeMap<&str, u32> =
        periods.iter().map(|p| (p.as_str(), column(p, 0).unwrap())).collect();
    for (j, p) in periods.iter().enumerate() {
        assert_eq!(period_col[p.as_str()], labels + j as u32, "{table_id}: column of {p}");
    }
    let code_col: BTreeMap<&str, u32> = table
        .dimensions
        .iter()
        .map(|d| (d.as_str(), column(d, labels + periods.len() as u32).unwrap()))
        .collect();
    // The grid's rows, by their codes.
    let mut grid: BTreeMap<BTreeMap<String, String>, u32> = BTreeMap::new();
    for r in header + 1..rows(range) {
        let codes: BTreeMap<String, String> =
            code_col.iter().map(|(d, c)| (d.to_string(), text(range, r, *c))).collect();
        assert!(grid.insert(codes.clone(), r).is_none(), "{table_id}: row {codes:?} twice");
    }
    let mut seen = 0;
    let cells: Vec<&DestinationCell> = export.cells.iter().filter(|c| c.table == table_id).collect();
    assert!(!cells.is_empty(), "{table_id}: no cells");
    let mut rows_used = std::collections::BTreeSet::new();
    for c in &cells {
        let Some(&row) = grid.get(&c.codes) else {
            // Only a long list's row that holds nothing in any year is left out.
            let siblings = cells.iter().filter(|o| o.codes == c.codes);
            assert!(
                siblings.clone().all(|o| o.value.is_none() && o.status == Confidentiality::Free),
                "{table_id}: row {:?} with data is missing",
                c.codes
            );
            assert!(table.dimensions.contains(&"citizenship".to_string()), "{table_id} drops a row");
            counts.left_out_rows += 1;
            continue;
        };
        rows_used.insert(row);
        let got = cell(range, row, period_col[c.period.as_str()]);
        assert_eq!(got, expected_value(export, c), "{table_id} {:?} {}", c.codes, c.period);
        match &got {
            Data::Float(_) => counts.values += 1,
            Data::String(_) => counts.suppressed += 1,
            _ => counts.empty += 1,
        }
        // Labels: from the catalog; for countries, the catalog's country names.
        if table.dimensions.is_empty() {
            assert_eq!(text(range, row, 0), "Total");
        }
        for (i, dimension) in table.dimensions.iter().enumerate() {
            let code = &c.codes[dimension];
            let label = text(range, row, i as u32);
            assert_eq!(label, expected_label(export, &c.cube, dimension, code), "{table_id} {code}");
            if dimension == "citizenship" {
                let country = export.catalog.code_list("nationality").unwrap().get(code).unwrap();
                assert_eq!(label, country.labels.get("en"));
            }
        }
        seen += 1;
    }
    assert_eq!(rows_used.len(), grid.len(), "{table_id}: a grid row no cell fills");
    assert!(seen > 0);
}

fn check_cover(export: &Export<'_>, range: &Range<Data>) {
    let periods: Vec<&String> = export
        .catalog
        .cycle(CYCLE)
        .unwrap()
        .periods
        .iter()
        .filter(|p| export.not_sent.iter().any(|n| n.counts.contains_key(*p)))
        .collect();
    let name = &export.crosswalk.name;
    assert_eq!(
        [text(range, 0, 0), text(range, 0, 1), text(range, 0, 2)],
        ["English", "Nederlands", "Français"]
    );
    assert_eq!(
        [text(range, 1, 0), text(range, 1, 1), text(range, 1, 2)],
        [name.get("en"), name.get("nl"), name.get("fr")]
    );
    assert_eq!(text(range, 2, 0), format!("Reporting cycle: {CYCLE}"));
    let all: Vec<String> =
        (0..rows(range)).flat_map(|r| (0..3).map(move |c| (r, c))).map(|(r, c)| text(range, r, c)).collect();
    let contains = |needle: &str| all.iter().any(|t| t.contains(needle));
    for source in &export.crosswalk.sources {
        assert!(contains(&source.url), "cover lacks source {}", source.url);
        assert!(contains(&source.read), "cover lacks the read date {}", source.read);
    }
    for table in &export.crosswalk.tables {
        assert!(contains(&table.title), "cover lacks the definition of {}", table.id);
        if !table.verification.verified {
            assert!(contains(table.verification.note.as_deref().unwrap_or("")), "caveat of {}", table.id);
        }
    }
    for map in &export.crosswalk.cubes {
        if let CubeTarget::Table { .. } = map.target {
            assert!(contains(&format!("({})", map.cube)), "cover lacks the source cube {}", map.cube);
        }
    }
    if let Some(note) =
        export.crosswalk.verification.note.as_deref().filter(|_| !export.crosswalk.verification.verified)
    {
        assert!(contains(note));
    }
    for lang in ["nl", "fr", "en"] {
        assert!(contains(export.catalog.disclosure.footnote.get(lang)), "footnote in {lang}");
    }
    // What is not sent: a row per item, in the export's order, with its reason in each
    // language and its count per year under the years of the section's heading.
    assert!(!export.not_sent.is_empty());
    let mut next = 0;
    for item in &export.not_sent {
        let row = (next..rows(range))
            .find(|&r| text(range, r, 0).contains(item.reason.get("en")))
            .unwrap_or_else(|| panic!("cover lacks not-sent {} {:?}", item.cube, item.code));
        assert!(text(range, row, 1).contains(item.reason.get("nl")));
        assert!(text(range, row, 2).contains(item.reason.get("fr")));
        let heading = (0..row).rev().find(|&r| text(range, r, 3) == *periods[0]).expect("the years' heading");
        for (j, period) in periods.iter().enumerate() {
            assert_eq!(text(range, heading, 3 + j as u32), **period);
            let suppressed = item.status.get(*period).is_some_and(|s| *s != Confidentiality::Free);
            let want = match item.counts.get(*period).copied().flatten() {
                // Protected with the rest of the publication: a suppressed count prints the symbol.
                Some(_) if suppressed => Data::String(export.catalog.disclosure.symbol.clone()),
                Some(count) => Data::Float(count as f64),
                None => Data::Empty,
            };
            assert_eq!(
                cell(range, row, 3 + j as u32),
                want,
                "not sent {} {:?} {period}",
                item.cube,
                item.code
            );
        }
        next = row + 1;
    }
}

#[test]
fn the_unodc_and_greta_workbooks_reopen_cell_for_cell() {
    let fixture = fixture();
    let mut counts = Counts::default();
    for destination in ["unodc_glotip", "greta"] {
        let export = fixture.app.export(&officer(), destination, Some(CYCLE), "2026-03-02").unwrap();
        let file = workbook(&export).unwrap();
        assert_eq!(file.path, format!("{destination}_{CYCLE}.xlsx"));
        // The same export gives the same bytes.
        assert_eq!(workbook(&export).unwrap().bytes, file.bytes);
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(file.bytes)).unwrap();
        let names = book.sheet_names();
        let tables: Vec<&str> = export.crosswalk.tables.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(names[0], "Cover");
        assert_eq!(names[1..], tables);
        for table in tables {
            let range = book.worksheet_range(table).unwrap();
            check_table(&export, &range, table, &mut counts);
        }
        check_cover(&export, &book.worksheet_range("Cover").unwrap());
    }
    assert!(counts.values >= 20, "only {} values compared", counts.values);
    assert!(counts.suppressed >= 1, "no suppressed cell compared");
    assert!(counts.left_out_rows >= 50, "the nationality list was not shortened");
    eprintln!(
        "{} values, {} suppressed, {} not available, {} empty cells of long lists left out",
        counts.values, counts.suppressed, counts.empty, counts.left_out_rows
    );
}

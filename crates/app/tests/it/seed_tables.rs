//! Every numbered table of the seed, computed from the embedded data set through its layout,
//! equals the table as the seed prints it (`test_data/seed_tables/table_NN.tsv`), cell for
//! cell, a breakdown's text column included — except where the seed contradicts itself: there
//! the computed value must differ from the printed one by exactly the declared discrepancy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::officer;
use rapporteur_app::{embedded_data_set, system_clock, App, ImportOutcome, LoadedCatalog};
use rapporteur_report::{Locale, TableView};

/// A printed table: body rows (labels, values) and the declared discrepancies by (row, column).
struct Printed {
    rows: Vec<(Vec<String>, Vec<String>)>,
    discrepancies: BTreeMap<(usize, usize), (String, String)>,
}

fn parse_printed(path: &Path, label_cells: usize) -> Printed {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = Vec::new();
    let mut discrepancies = BTreeMap::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            // "# discrepancy: row R, column C: printed P, computed X"
            if let Some(rest) = comment.trim().strip_prefix("discrepancy:") {
                discrepancies.insert(parse_position(rest, path), parse_values(rest, path));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        let split = label_cells.min(cells.len());
        rows.push((cells[..split].to_vec(), cells[split..].to_vec()));
    }
    Printed { rows, discrepancies }
}

/// The (row, column) of "row R, column C: …".
fn parse_position(text: &str, path: &Path) -> (usize, usize) {
    let number_after = |word: &str| -> usize {
        let at = text.find(word).unwrap_or_else(|| panic!("{}: no {word:?} in {text:?}", path.display()));
        let digits: String = text[at + word.len()..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap_or_else(|_| panic!("{}: bad {word:?} in {text:?}", path.display()))
    };
    (number_after("row "), number_after("column "))
}

/// The printed and computed values of "…: printed P, computed X" (values may hold a decimal comma).
fn parse_values(text: &str, path: &Path) -> (String, String) {
    let printed = text.find("printed ").map(|i| i + "printed ".len());
    let computed = text.find(", computed ");
    match (printed, computed) {
        (Some(p), Some(c)) if p <= c => {
            (text[p..c].trim().to_string(), text[c + ", computed ".len()..].trim().to_string())
        }
        _ => panic!(
            "{}: a discrepancy reads \"row R, column C: printed P, computed X\", not {text:?}",
            path.display()
        ),
    }
}

fn seed_tables_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/seed_tables")
}

fn app_with_data_set() -> (crate::TestStore, App) {
    let dir = crate::TestStore::new();
    let catalog = LoadedCatalog::embedded().unwrap();
    let mut app = App::open(catalog, dir.location(), &officer(), system_clock()).unwrap();
    for file in embedded_data_set("2019-2020") {
        let outcome =
            app.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
        if let ImportOutcome::Refused(problems) = outcome {
            let listed: Vec<String> = problems.iter().map(|p| p.located(&file.path).to_string()).collect();
            panic!(
                "the embedded data set must import whole; {} was refused:\n{}",
                file.path,
                listed.join("\n")
            );
        }
    }
    (dir, app)
}

/// One table as computed and printed in Dutch: its row labels and value cells.
struct Rendered {
    rows: Vec<(Vec<String>, Vec<String>)>,
    label_cells: usize,
}

/// Every table computed once from one real store holding the whole embedded data set (the
/// import and the tabulation run once for all the per-table tests below).
fn rendered_tables() -> &'static BTreeMap<u32, Rendered> {
    static TABLES: OnceLock<BTreeMap<u32, Rendered>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let (_dir, app) = app_with_data_set();
        let catalog = app.catalog();
        app.tables(&officer(), Some("2019-2020"), None)
            .unwrap()
            .iter()
            .map(|(layout, table)| {
                let view = TableView { catalog, layout, table, locale: Locale::new(catalog, "nl") };
                // A breakdown cell's lines are compared joined by "; ", as the printed tables
                // write the items the seed prints one a line.
                let values = view
                    .value_rows()
                    .into_iter()
                    .map(|row| row.iter().map(|v| v.replace('\n', "; ")).collect());
                let rows = view.row_labels().into_iter().zip(values).collect();
                (layout.number, Rendered { rows, label_cells: layout.rows.len().max(1) })
            })
            .collect()
    })
}

/// Compares table `number` with the seed's printed table; returns every difference.
fn differences(number: u32) -> Vec<String> {
    let Some(computed) = rendered_tables().get(&number) else {
        return vec![format!("table {number} has no layout in the catalog")];
    };
    let path = seed_tables_dir().join(format!("table_{number:02}.tsv"));
    if !path.exists() {
        return vec![format!("table {number}: no printed table {}", path.display())];
    }
    let printed = parse_printed(&path, computed.label_cells);
    if printed.rows.len() != computed.rows.len() {
        return vec![format!(
            "table {number}: {} rows computed, {} printed",
            computed.rows.len(),
            printed.rows.len()
        )];
    }
    let mut failures = Vec::new();
    for (r, ((labels, printed_values), (_, computed_values))) in
        printed.rows.iter().zip(&computed.rows).enumerate()
    {
        if printed_values.len() != computed_values.len() {
            failures.push(format!(
                "table {number} row {} ({}): {} values computed, {} printed",
                r + 1,
                labels.join(" / "),
                computed_values.len(),
                printed_values.len()
            ));
            continue;
        }
        for (c, (p, v)) in printed_values.iter().zip(computed_values).enumerate() {
            let declared = printed.discrepancies.get(&(r + 1, c + 1));
            let as_expected = match declared {
                Some((declared_printed, declared_computed)) => {
                    p == declared_printed && v == declared_computed
                }
                None => p == v,
            };
            if !as_expected {
                let place = format!("table {number} row {} column {} ({})", r + 1, c + 1, labels.join(" / "));
                failures.push(match declared {
                    Some((dp, dc)) => {
                        format!("{place}: declared printed {dp} / computed {dc}, found printed {p} / computed {v}")
                    }
                    None => format!("{place}: printed {p:?}, computed {v:?}"),
                });
            }
        }
    }
    failures
}

fn check_table(number: u32) {
    let failures = differences(number);
    assert!(failures.is_empty(), "{} difference(s):\n{}", failures.len(), failures.join("\n"));
}

/// One test per numbered table of the seed (Table 1 in section 8.1.3, Tables 2-43 in chapter 11).
macro_rules! seed_tables {
    ($($name:ident = $number:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_table($number);
            }
        )*

        #[test]
        fn every_layout_has_its_test() {
            let tested = [$($number),*];
            let untested: Vec<&u32> = rendered_tables().keys().filter(|n| !tested.contains(*n)).collect();
            assert!(untested.is_empty(), "tables without a test: {untested:?}");
        }
    };
}

seed_tables! {
    table_01 = 1, table_02 = 2, table_03 = 3, table_04 = 4, table_05 = 5, table_06 = 6,
    table_07 = 7, table_08 = 8, table_09 = 9, table_10 = 10, table_11 = 11, table_12 = 12,
    table_13 = 13, table_14 = 14, table_15 = 15, table_16 = 16, table_17 = 17, table_18 = 18,
    table_19 = 19, table_20 = 20, table_21 = 21, table_22 = 22, table_23 = 23, table_24 = 24,
    table_25 = 25, table_26 = 26, table_27 = 27, table_28 = 28, table_29 = 29, table_30 = 30,
    table_31 = 31, table_32 = 32, table_33 = 33, table_34 = 34, table_35 = 35, table_36 = 36,
    table_37 = 37, table_38 = 38, table_39 = 39, table_40 = 40, table_41 = 41, table_42 = 42,
    table_43 = 43,
}

#[test]
fn every_printed_table_has_a_layout() {
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(seed_tables_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let number: u32 = name.trim_start_matches("table_").trim_end_matches(".tsv").parse().unwrap();
        if catalog.table(number).is_none() {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "printed tables without a layout: {orphans:?}");
}

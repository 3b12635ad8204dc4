//! Every numbered table of the seed, computed from the embedded data set through its layout,
//! equals the table as the seed prints it (`test_data/seed_tables/table_NN.tsv`), cell for
//! cell — except where the seed contradicts itself: there the computed value must differ from
//! the printed one by exactly the declared discrepancy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

fn app_with_data_set() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let catalog = LoadedCatalog::embedded().unwrap();
    let mut app =
        App::open(catalog, &dir.path().join("store.sqlite"), "test-officer", system_clock()).unwrap();
    for file in embedded_data_set("2019-2020") {
        let outcome = app.import(&file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
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

#[test]
fn every_table_equals_the_seed_cell_for_cell() {
    let (_dir, app) = app_with_data_set();
    let catalog = &app.catalog.catalog;
    let computed = app.tables(Some("2019-2020"), None).unwrap();
    assert!(!computed.is_empty());
    let mut failures = Vec::new();
    for (layout, table) in &computed {
        let path = seed_tables_dir().join(format!("table_{:02}.tsv", layout.number));
        if !path.exists() {
            failures.push(format!("table {}: no printed table {}", layout.number, path.display()));
            continue;
        }
        let view = TableView { catalog, layout, table, locale: Locale::new(catalog, "nl") };
        let printed = parse_printed(&path, layout.rows.len().max(1));
        let values = view.value_rows();
        if printed.rows.len() != values.len() {
            failures.push(format!(
                "table {}: {} rows computed, {} printed",
                layout.number,
                values.len(),
                printed.rows.len()
            ));
            continue;
        }
        for (r, ((labels, printed_values), computed_values)) in printed.rows.iter().zip(&values).enumerate() {
            if printed_values.len() != computed_values.len() {
                failures.push(format!(
                    "table {} row {} ({}): {} values computed, {} printed",
                    layout.number,
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
                    let place = format!(
                        "table {} row {} column {} ({})",
                        layout.number,
                        r + 1,
                        c + 1,
                        labels.join(" / ")
                    );
                    failures.push(match declared {
                        Some((dp, dc)) => {
                            format!("{place}: declared printed {dp} / computed {dc}, found printed {p} / computed {v}")
                        }
                        None => format!("{place}: printed {p:?}, computed {v:?}"),
                    });
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} difference(s):\n{}", failures.len(), failures.join("\n"));
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

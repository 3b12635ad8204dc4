//! Disclosure control of the 2019–2020 publication, checked by an attacker who knows nothing of
//! how the suppressions were chosen: it reads the published open-data files (one tidy CSV per
//! cube, codes `_T` for a dimension summed over all its codes and `a+b` for a sum of codes),
//! writes down what they say as linear equations over the finest sums it can tell apart, and
//! asks a linear program for the least and greatest value of every suppressed cell.

use std::collections::{BTreeMap, BTreeSet};

use crate::officer;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use rapporteur_app::{embedded_data_set, App, LoadedCatalog, PackageFile};
use rapporteur_domain::{Catalog, SuppressionPattern};

fn seeded() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Box::new(|| "2021-06-30T12:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("store.sqlite"), &officer(), clock).unwrap();
    for file in embedded_data_set("2019-2020") {
        app.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
    }
    (dir, app)
}

/// One row of a published tidy file: the cube, per dimension the code as printed, the value
/// (none when suppressed or missing), and whether it is suppressed.
struct Published {
    cube: String,
    codes: BTreeMap<String, String>,
    value: Option<f64>,
    suppressed: bool,
}

/// Reads every `data/*.csv` of the package.
fn read_package(catalog: &Catalog, files: &[PackageFile]) -> Vec<Published> {
    let mut rows = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv")) {
        let cube = file.path.trim_start_matches("data/").trim_end_matches(".csv").to_string();
        let dimensions: Vec<String> = catalog.cube(&cube).unwrap().dimensions.iter().map(|d| d.id.clone()).collect();
        let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{cube}: {name}"));
        for record in reader.records() {
            let record = record.unwrap();
            let codes = dimensions
                .iter()
                .chain(std::iter::once(&"period".to_string()))
                .map(|d| (d.clone(), record[column(d)].to_string()))
                .collect();
            let suppressed = matches!(&record[column("CONF_STATUS")], "C" | "D");
            let value = record[column("OBS_VALUE")].parse::<f64>().ok();
            let value = if record[column("OBS_STATUS")] == *"M" { Some(0.0) } else { value };
            rows.push(Published { cube: cube.clone(), codes, value, suppressed });
        }
    }
    rows
}

/// The attacker's system: per cube, each dimension cut into the classes of codes no published
/// row tells apart; a variable per combination of classes not known to be zero.
struct Attack {
    /// Per published row, its variables.
    rows: Vec<Vec<usize>>,
    variables: usize,
}

fn leaves(catalog: &Catalog, cube: &str, dimension: &str, code: &str, universe: &BTreeSet<String>) -> BTreeSet<String> {
    if code == "_T" {
        return universe.clone();
    }
    code.split('+').flat_map(|c| if dimension == "period" { BTreeSet::from([c.to_string()]) } else { catalog.leaves_of(cube, dimension, c) }).collect()
}

fn attack_system(catalog: &Catalog, published: &[Published]) -> Attack {
    let mut by_cube: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, row) in published.iter().enumerate() {
        by_cube.entry(&row.cube).or_default().push(i);
    }
    let mut next = 0;
    let mut row_vars: Vec<Vec<usize>> = vec![Vec::new(); published.len()];
    for (cube, members) in &by_cube {
        let dimensions: Vec<String> = published[members[0]].codes.keys().cloned().collect();
        // The universe of each dimension: its code list's leaves, or the periods printed and one
        // more standing for any period never printed alone.
        let universe: Vec<BTreeSet<String>> = dimensions
            .iter()
            .map(|d| {
                if d == "period" {
                    let mut periods: BTreeSet<String> = members
                        .iter()
                        .flat_map(|&m| published[m].codes[d].split('+').map(str::to_string).collect::<Vec<_>>())
                        .filter(|p| p != "_T")
                        .collect();
                    periods.insert("(other)".to_string());
                    periods
                } else {
                    let list = &catalog.cube(cube).unwrap().dimensions.iter().find(|x| &x.id == d).unwrap().codelist;
                    catalog.code_list(list).unwrap().leaves().map(|c| c.id.clone()).collect()
                }
            })
            .collect();
        let sets: Vec<Vec<BTreeSet<String>>> = members
            .iter()
            .map(|&m| {
                dimensions
                    .iter()
                    .zip(&universe)
                    .map(|(d, u)| leaves(catalog, cube, d, &published[m].codes[d], u))
                    .collect()
            })
            .collect();
        // Classes per dimension: codes with the same membership in every row's set.
        let classes: Vec<BTreeMap<String, usize>> = (0..dimensions.len())
            .map(|d| {
                let mut by_signature: BTreeMap<Vec<bool>, usize> = BTreeMap::new();
                universe[d]
                    .iter()
                    .map(|code| {
                        let signature: Vec<bool> = sets.iter().map(|s| s[d].contains(code)).collect();
                        let n = by_signature.len();
                        (code.clone(), *by_signature.entry(signature).or_insert(n))
                    })
                    .collect()
            })
            .collect();
        let counts: Vec<usize> = classes.iter().map(|c| c.values().max().map_or(1, |m| m + 1)).collect();
        let total: usize = counts.iter().product();
        let first = next;
        next += total;
        let index = |combo: &[usize]| combo.iter().zip(&counts).fold(0, |acc, (c, n)| acc * n + c) + first;
        for (k, &m) in members.iter().enumerate() {
            let per_dim: Vec<BTreeSet<usize>> =
                (0..dimensions.len()).map(|d| sets[k][d].iter().filter_map(|c| classes[d].get(c).copied()).collect()).collect();
            let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
            for d in &per_dim {
                combos = combos.iter().flat_map(|c| d.iter().map(move |x| [c.clone(), vec![*x]].concat())).collect();
            }
            row_vars[m] = combos.iter().map(|c| index(c)).collect();
        }
    }
    Attack { rows: row_vars, variables: next }
}

/// The least and greatest value a suppressed row can take given every free row.
fn interval(published: &[Published], attack: &Attack, target: usize) -> (f64, f64) {
    // Variables under a free zero are zero: left out.
    let mut zero = vec![false; attack.variables];
    for (i, row) in published.iter().enumerate() {
        if !row.suppressed && row.value == Some(0.0) {
            for &v in &attack.rows[i] {
                zero[v] = true;
            }
        }
    }
    let cube = &published[target].cube;
    let bound = |direction| {
        let mut problem = Problem::new(direction);
        let mut vars = BTreeMap::new();
        let targets: BTreeSet<usize> = attack.rows[target].iter().copied().collect();
        for (i, _) in published.iter().enumerate().filter(|(_, r)| &r.cube == cube) {
            for &v in &attack.rows[i] {
                if !zero[v] {
                    vars.entry(v).or_insert_with(|| problem.add_var(if targets.contains(&v) { 1.0 } else { 0.0 }, (0.0, f64::INFINITY)));
                }
            }
        }
        for (i, row) in published.iter().enumerate().filter(|(_, r)| &r.cube == cube && !r.suppressed) {
            let terms: Vec<_> = attack.rows[i].iter().filter_map(|v| vars.get(v).map(|x| (*x, 1.0))).collect();
            if !terms.is_empty() {
                problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, row.value.unwrap());
            }
        }
        match problem.solve() {
            Ok(outcome) => Some(outcome.into_solution().unwrap().objective()),
            Err(microlp::Error::Unbounded) => None,
            Err(e) => panic!("{e}"),
        }
    };
    (bound(OptimizationDirection::Minimize).unwrap_or(0.0), bound(OptimizationDirection::Maximize).unwrap_or(f64::INFINITY))
}

/// Every suppressed row whose interval is narrower than `width`, with its interval.
fn too_narrow(catalog: &Catalog, files: &[PackageFile], width: f64) -> (usize, Vec<(String, BTreeMap<String, String>, f64, f64)>) {
    let published = read_package(catalog, files);
    let attack = attack_system(catalog, &published);
    let mut checked = 0;
    let mut narrow = Vec::new();
    for (i, row) in published.iter().enumerate().filter(|(_, r)| r.suppressed) {
        checked += 1;
        let (low, high) = interval(&published, &attack, i);
        if high - low < width - 1e-6 {
            narrow.push((row.cube.clone(), row.codes.clone(), low, high));
        }
    }
    (checked, narrow)
}

fn package(app: &App, pattern: &SuppressionPattern) -> Vec<PackageFile> {
    app.open_data_package(&officer(), "2019-2020", pattern, "2021-06-30").unwrap()
}

#[test]
fn no_suppressed_cell_of_the_whole_publication_can_be_narrowed_below_the_policy() {
    let (_dir, app) = seeded();
    let catalog = app.catalog().clone();
    for k in [3, 5] {
        let policy = catalog.disclosure.with_k(k);
        let view = app.protect_publication_under(&officer(), Some("2019-2020"), &policy).unwrap();
        assert!(view.primary > 0, "the 2019–2020 publication has counts below {k}");
        assert!(view.unprotectable.is_empty(), "k = {k}: {:?}", view.unprotectable);
        let (checked, narrow) = too_narrow(&catalog, &package(&app, &view.pattern), k as f64);
        assert!(checked >= view.primary, "every primary cell is in the open data as suppressed");
        assert!(narrow.is_empty(), "k = {k}: {} of {checked} suppressed cells narrowed: {:?}", narrow.len(), &narrow[..narrow.len().min(5)]);
    }
}

#[test]
fn table_by_table_protection_leaves_cells_a_reader_recomputes_across_tables() {
    let (_dir, app) = seeded();
    let catalog = app.catalog().clone();
    let policy = catalog.disclosure.with_k(3);
    let per_table = app.protect_each_table(&officer(), Some("2019-2020"), &policy).unwrap();
    let (checked, narrow) = too_narrow(&catalog, &package(&app, &per_table), 3.0);
    assert!(checked > 0);
    assert!(!narrow.is_empty(), "per-table protection of {checked} cells held across tables");
    eprintln!("table by table: {} of {checked} suppressed cells narrowed below 3, e.g. {:?}", narrow.len(), narrow[0]);
}

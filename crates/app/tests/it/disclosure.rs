//! Disclosure control of the 2019–2020 publication, checked by an attacker who knows nothing of
//! how the suppressions were chosen: it reads the published open-data files (one tidy CSV per
//! cube, codes `_T` for a dimension summed over all its codes and `a+b` for a sum of codes),
//! writes down what they say as linear equations over the finest sums it can tell apart, and
//! asks a linear program for the least and greatest value of every suppressed cell.

use std::collections::{BTreeMap, BTreeSet};

use crate::officer;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use rapporteur_app::{embedded_data_set, App, Document, LoadedCatalog, PackageFile};
use rapporteur_domain::{Catalog, SuppressionPattern};
use rapporteur_report::{build_document, Locale, ReportInput};

fn seeded() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Box::new(|| "2021-06-30T12:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("store.sqlite"), &officer(), clock)
            .unwrap();
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
    /// Not published: one side of a declared equality, added so that the cut tells it apart.
    pseudo: bool,
    /// The least value the report tells: 1 for a breakdown item it lists (even as the symbol).
    floor: f64,
}

/// Reads every `data/*.csv` of the package.
fn read_package(catalog: &Catalog, files: &[PackageFile]) -> Vec<Published> {
    let mut rows = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv")) {
        let cube = file.path.trim_start_matches("data/").trim_end_matches(".csv").to_string();
        let dimensions: Vec<String> =
            catalog.cube(&cube).unwrap().dimensions.iter().map(|d| d.id.clone()).collect();
        let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        let column =
            |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{cube}: {name}"));
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
            rows.push(Published { cube: cube.clone(), codes, value, suppressed, pseudo: false, floor: 0.0 });
        }
    }
    rows
}

/// The equalities the catalog declares between cubes (`equal_totals` without tolerance, no
/// filter), public knowledge: per group of their `by` dimensions, one pseudo-row per member;
/// returns the pairs of pseudo-rows that are equal.
fn declared_equalities(catalog: &Catalog, published: &mut Vec<Published>) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for rule in &catalog.rules {
        let rapporteur_domain::Check::EqualTotals { members, by, tolerance: 0 } = &rule.check else {
            continue;
        };
        if members.iter().any(|m| !m.filter.is_empty()) {
            continue;
        }
        let cubes: Vec<&str> = members.iter().map(|m| m.cube.as_str()).collect();
        if !cubes.iter().all(|c| published.iter().any(|r| r.cube == *c)) {
            continue;
        }
        let Some(first) = published.iter().find(|r| r.cube == cubes[0]) else { continue };
        let dimensions: Vec<String> = first.codes.keys().cloned().collect();
        let mut groups: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
        for d in by {
            let values: BTreeSet<String> = if d == "period" {
                published
                    .iter()
                    .filter(|r| cubes.contains(&r.cube.as_str()))
                    .map(|r| r.codes["period"].clone())
                    .filter(|p| p != "_T" && !p.contains('+'))
                    .collect()
            } else {
                let Some(list) = catalog.code_list_of_dimension(cubes[0], d) else { continue };
                list.leaves().map(|c| c.id.clone()).collect()
            };
            groups = groups
                .into_iter()
                .flat_map(|g| {
                    values.iter().map(move |v| {
                        let mut g = g.clone();
                        g.insert(d.clone(), v.clone());
                        g
                    })
                })
                .collect();
        }
        for group in groups {
            let rows: Vec<usize> = cubes
                .iter()
                .map(|cube| {
                    let own: Vec<String> = published
                        .iter()
                        .find(|r| &r.cube == cube)
                        .map(|r| r.codes.keys().cloned().collect())
                        .unwrap_or_else(|| dimensions.clone());
                    let codes = own
                        .iter()
                        .map(|d| (d.clone(), group.get(d).cloned().unwrap_or_else(|| "_T".to_string())))
                        .collect();
                    published.push(Published {
                        cube: cube.to_string(),
                        codes,
                        value: None,
                        suppressed: true,
                        pseudo: true,
                        floor: 0.0,
                    });
                    published.len() - 1
                })
                .collect();
            pairs.extend(rows.windows(2).map(|w| (w[0], w[1])));
        }
    }
    pairs
}

/// What the report's breakdown columns tell beyond the open data: an item listed under a row
/// ("x Pakistan (xM)") counts at least one, and so does each part of its split that is named.
/// The attacker reads the printed labels back to codes with the code lists.
fn listed_items(catalog: &Catalog, report: &Document, published: &mut [Published]) {
    let code_of = |cube: &str, dimension: &str, label: &str| -> Option<String> {
        let list = catalog.code_list_of_dimension(cube, dimension)?;
        list.codes.iter().find(|c| c.labels.get("nl") == label).map(|c| c.id.clone())
    };
    for table in report.tables() {
        let layout = catalog.table(table.number).unwrap();
        let Some(breakdown) = &layout.breakdown else { continue };
        let period = layout.filter.get("period").cloned().unwrap_or_else(|| "_T".to_string());
        for row in table.rows.iter().filter(|r| !r.total) {
            let mut fixed: BTreeMap<String, String> =
                BTreeMap::from([("period".to_string(), period.clone())]);
            for (axis, label) in layout.rows.iter().zip(&row.labels) {
                fixed.insert(axis.dimension.clone(), code_of(&layout.cube, &axis.dimension, label).unwrap());
            }
            let text = &row.cells.last().unwrap().text;
            for line in text.lines().filter(|l| !l.is_empty()) {
                let (_count, rest) = line.split_once(' ').unwrap();
                let (label, parts) = match rest.rfind(" (") {
                    Some(i) if rest.ends_with(')') => (&rest[..i], Some(&rest[i + 2..rest.len() - 1])),
                    _ => (rest, None),
                };
                let item = code_of(&breakdown.cube, &breakdown.dimension, label).unwrap();
                let mut named = vec![(None, item.clone())];
                if let (Some(split), Some(parts)) = (&breakdown.split, parts) {
                    for part in parts.split(breakdown.split_separator.get("nl")) {
                        let mark = part.trim_start_matches(|c: char| !c.is_alphabetic());
                        let code = breakdown
                            .split_marks
                            .iter()
                            .find(|(_, m)| m.get("nl") == mark)
                            .map(|(c, _)| c.clone());
                        if let Some(code) = code {
                            named.push((Some(split.clone()), code));
                        }
                    }
                }
                for (split, part) in named {
                    let mut codes = fixed.clone();
                    codes.insert(breakdown.dimension.clone(), item.clone());
                    if let Some(split) = &split {
                        codes.insert(split.clone(), part.clone());
                    }
                    for p in published.iter_mut().filter(|p| p.cube == breakdown.cube && !p.pseudo) {
                        let matches =
                            p.codes.iter().all(|(d, c)| codes.get(d).map_or(c == "_T", |want| want == c));
                        if matches {
                            p.floor = 1.0;
                        }
                    }
                }
            }
        }
    }
}

/// The attacker's system: per cube, each dimension cut into the classes of codes no published
/// row tells apart; a variable per combination of classes not known to be zero.
struct Attack {
    /// Per published row, its variables.
    rows: Vec<Vec<usize>>,
    variables: usize,
    /// Pairs of (pseudo-)rows declared equal.
    equal: Vec<(usize, usize)>,
}

fn leaves(
    catalog: &Catalog,
    cube: &str,
    dimension: &str,
    code: &str,
    universe: &BTreeSet<String>,
) -> BTreeSet<String> {
    if code == "_T" {
        return universe.clone();
    }
    code.split('+')
        .flat_map(|c| {
            if dimension == "period" {
                BTreeSet::from([c.to_string()])
            } else {
                catalog.leaves_of(cube, dimension, c)
            }
        })
        .collect()
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
                        .flat_map(|&m| {
                            published[m].codes[d].split('+').map(str::to_string).collect::<Vec<_>>()
                        })
                        .filter(|p| p != "_T")
                        .collect();
                    periods.insert("(other)".to_string());
                    periods
                } else {
                    let list =
                        &catalog.cube(cube).unwrap().dimensions.iter().find(|x| &x.id == d).unwrap().codelist;
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
            let per_dim: Vec<BTreeSet<usize>> = (0..dimensions.len())
                .map(|d| sets[k][d].iter().filter_map(|c| classes[d].get(c).copied()).collect())
                .collect();
            let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
            for d in &per_dim {
                combos = combos
                    .iter()
                    .flat_map(|c| d.iter().map(move |x| [c.clone(), vec![*x]].concat()))
                    .collect();
            }
            row_vars[m] = combos.iter().map(|c| index(c)).collect();
        }
    }
    Attack { rows: row_vars, variables: next, equal: Vec::new() }
}

/// The least and greatest value a suppressed row can take given every free row.
fn interval(published: &[Published], attack: &Attack, target: usize) -> (f64, f64) {
    let bound = |direction| {
        bound(published, attack, &attack.equal, target, direction).unwrap_or_else(|e| panic!("{e}"))
    };
    (
        bound(OptimizationDirection::Minimize).unwrap_or(0.0),
        bound(OptimizationDirection::Maximize).unwrap_or(f64::INFINITY),
    )
}

/// The least or greatest value of `target` under the free rows and the equalities `equal`.
fn bound(
    published: &[Published],
    attack: &Attack,
    equal: &[(usize, usize)],
    target: usize,
    direction: OptimizationDirection,
) -> Result<Option<f64>, microlp::Error> {
    // Variables under a free zero are zero: left out.
    let mut zero = vec![false; attack.variables];
    for (i, row) in published.iter().enumerate() {
        if !row.suppressed && !row.pseudo && row.value == Some(0.0) {
            for &v in &attack.rows[i] {
                zero[v] = true;
            }
        }
    }
    // The cubes a reader can bring to bear: the target's, and those declared equal to it.
    let mut cubes: BTreeSet<&str> = BTreeSet::from([published[target].cube.as_str()]);
    loop {
        let before = cubes.len();
        for &(a, b) in equal {
            if cubes.contains(published[a].cube.as_str()) || cubes.contains(published[b].cube.as_str()) {
                cubes.insert(&published[a].cube);
                cubes.insert(&published[b].cube);
            }
        }
        if cubes.len() == before {
            break;
        }
    }
    {
        let mut problem = Problem::new(direction);
        let mut vars = BTreeMap::new();
        let targets: BTreeSet<usize> = attack.rows[target].iter().copied().collect();
        for (i, _) in published.iter().enumerate().filter(|(_, r)| cubes.contains(r.cube.as_str())) {
            for &v in &attack.rows[i] {
                if !zero[v] {
                    vars.entry(v).or_insert_with(|| {
                        problem.add_var(if targets.contains(&v) { 1.0 } else { 0.0 }, (0.0, f64::INFINITY))
                    });
                }
            }
        }
        for (i, row) in
            published.iter().enumerate().filter(|(_, r)| cubes.contains(r.cube.as_str()) && !r.suppressed)
        {
            let terms: Vec<_> =
                attack.rows[i].iter().filter_map(|v| vars.get(v).map(|x| (*x, 1.0))).collect();
            if !terms.is_empty() {
                problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, row.value.unwrap());
            }
        }
        for (i, row) in published
            .iter()
            .enumerate()
            .filter(|(_, r)| cubes.contains(r.cube.as_str()) && r.suppressed && r.floor > 0.0)
        {
            let terms: Vec<_> =
                attack.rows[i].iter().filter_map(|v| vars.get(v).map(|x| (*x, 1.0))).collect();
            problem.add_constraint(terms.as_slice(), ComparisonOp::Ge, row.floor);
        }
        for &(a, b) in equal.iter().filter(|(a, _)| cubes.contains(published[*a].cube.as_str())) {
            let mut terms: BTreeMap<usize, f64> = BTreeMap::new();
            for &v in &attack.rows[a] {
                *terms.entry(v).or_default() += 1.0;
            }
            for &v in &attack.rows[b] {
                *terms.entry(v).or_default() -= 1.0;
            }
            let row: Vec<_> = terms
                .iter()
                .filter(|(_, c)| **c != 0.0)
                .filter_map(|(v, c)| vars.get(v).map(|x| (*x, *c)))
                .collect();
            if !row.is_empty() {
                problem.add_constraint(row.as_slice(), ComparisonOp::Eq, 0.0);
            }
        }
        match problem.solve() {
            Ok(outcome) => Ok(Some(outcome.into_solution().unwrap().objective())),
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A suppressed row the attacker narrowed: its cube, codes and interval.
type Narrowed = (String, BTreeMap<String, String>, f64, f64);

/// Every suppressed row whose interval is narrower than `width`, with its interval.
fn too_narrow(
    catalog: &Catalog,
    files: &[PackageFile],
    report: &Document,
    width: f64,
) -> (usize, Vec<Narrowed>) {
    let mut published = read_package(catalog, files);
    listed_items(catalog, report, &mut published);
    let equal = declared_equalities(catalog, &mut published);
    let mut attack = attack_system(catalog, &published);
    // A declared equality the published figures contradict (the data break it, and validation
    // said so) is no knowledge: the attacker keeps those consistent with what is published.
    attack.equal = equal
        .into_iter()
        .filter(|&pair| bound(&published, &attack, &[pair], pair.0, OptimizationDirection::Minimize).is_ok())
        .collect();
    let mut checked = 0;
    let mut narrow = Vec::new();
    for (i, row) in published.iter().enumerate().filter(|(_, r)| r.suppressed && !r.pseudo) {
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

/// The report's tables printed under `pattern`, in Dutch.
fn report(app: &App, pattern: &SuppressionPattern) -> Document {
    report_with(app, pattern, &[])
}

/// The report's tables printed under `pattern`, with these cells flagged, in Dutch.
pub(crate) fn report_with(
    app: &App,
    pattern: &SuppressionPattern,
    flagged: &[rapporteur_domain::ObservationRow],
) -> Document {
    let catalog = app.catalog();
    let tables = app.tables(&officer(), Some("2019-2020"), None).unwrap();
    let input = ReportInput {
        catalog,
        cycle: "2019-2020",
        tables: &tables,
        charts: &[],
        narrative: &[],
        findings: &[],
        pattern,
        flagged,
    };
    build_document(&input, &Locale::new(catalog, "nl")).unwrap()
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
        let (checked, narrow) =
            too_narrow(&catalog, &package(&app, &view.pattern), &report(&app, &view.pattern), k as f64);
        assert!(checked >= view.primary, "every primary cell is in the open data as suppressed");
        assert!(
            narrow.is_empty(),
            "k = {k}: {} of {checked} suppressed cells narrowed: {:?}",
            narrow.len(),
            &narrow[..narrow.len().min(5)]
        );
    }
}

#[test]
fn the_pattern_is_stored_and_audited_with_counts_never_values_and_again_changes_nothing() {
    let (_dir, mut app) = seeded();
    let before = app.audit_log(&officer()).unwrap().len();
    let view = app.protect_publication(&officer(), Some("2019-2020")).unwrap();
    let log = app.audit_log(&officer()).unwrap();
    assert_eq!(log.len(), before + 1);
    let entry = log.last().unwrap();
    assert_eq!((entry.action.as_str(), entry.entity_key.as_str()), ("protect", "2019-2020"));
    let after = entry.after.as_deref().unwrap();
    assert_eq!(after, format!("{{\"primary\":{},\"secondary\":{}}}", view.primary, view.secondary));
    let again = app.protect_publication(&officer(), Some("2019-2020")).unwrap();
    assert_eq!(again.pattern, view.pattern, "the same data give the same pattern");
    assert_eq!(
        app.audit_log(&officer()).unwrap().len(),
        before + 1,
        "an unchanged pattern is not written again"
    );
}

#[test]
fn table_by_table_protection_leaves_counts_a_reader_recomputes_across_tables() {
    let (_dir, app) = seeded();
    let catalog = app.catalog().clone();
    let policy = catalog.disclosure.with_k(3);
    let (per_table, narrowed_by_sdc) =
        app.protect_each_table(&officer(), Some("2019-2020"), &policy).unwrap();
    let (checked, narrow) = too_narrow(&catalog, &package(&app, &per_table), &report(&app, &per_table), 3.0);
    eprintln!(
        "table by table: {} of {checked} suppressed cells narrowed below 3 (the system's own attacker: {narrowed_by_sdc} sensitive cells), e.g. {:?}",
        narrow.len(),
        narrow.first()
    );
    assert!(!narrow.is_empty(), "per-table protection of {checked} cells held across tables");
    assert!(narrowed_by_sdc > 0);
}

//! The linear structure of a publication, as a reader who combines its figures sees it.
//!
//! Every published cell of a cube adds up some of the cube's observations. Cutting each
//! dimension into classes of codes that no published cell (nor declared relation) tells apart
//! gives the cube's *atoms*: the finest sums anyone could know. Every cell is then a sum of
//! atoms, and the reader's knowledge is a system of linear equations over the atoms (each free
//! cell equals its printed value, each atom is at least zero) plus the relations the catalog
//! declares between cubes — the same population counted twice (`equal_totals`) and parts no
//! larger than their whole (`subset`). A reader may assume a relation even where the data break
//! it (a seed inconsistency the validation reports), unless what is published contradicts it;
//! the programs therefore try every relation first and, only if that is infeasible, those the
//! data satisfy.
//!
//! Cubes linked by such relations form a *component*; components are independent problems.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{
    Catalog, CellKey, Check, ExemptCells, Member, ObservationRow, RowKind, Selection, PERIOD,
};
use rapporteur_stats::published::{PublishedCell, Shown};

/// One published cell in the model.
#[derive(Debug, Clone)]
pub struct ModelCell {
    pub key: CellKey,
    /// The atoms it adds up (global indices, sorted).
    pub atoms: Vec<usize>,
    /// Its value, in the measure's unit (persons for a count).
    pub value: f64,
    /// The least value its printing tells: 1 for a listed breakdown item, 0 otherwise.
    pub floor: f64,
    /// Whether the policy protects its cube (it counts persons).
    pub protected: bool,
    /// Whether it is published whatever happens: exempt by the policy, or a zero that a
    /// breakdown tells by not listing the item.
    pub fixed: bool,
    pub total: bool,
    pub tables: Vec<u32>,
    pub component: usize,
}

/// How the two sides of a relation compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same population: the sums are equal.
    Equal,
    /// A part and its whole: the left sum is at most the right.
    AtMost,
}

/// A relation between two sums of atoms that the catalog declares. A reader may assume it
/// whether or not the data satisfy it (the data may break it, and validation says so), as long
/// as nothing published contradicts it.
#[derive(Debug, Clone)]
pub struct Link {
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    pub relation: Relation,
    /// Whether the data satisfy it.
    pub holds: bool,
    /// The rule that declares it.
    pub rule: String,
    pub component: usize,
}

/// A set of cubes linked by relations, and what belongs to it.
#[derive(Debug, Clone, Default)]
pub struct Component {
    pub cubes: Vec<String>,
    pub atoms: Vec<usize>,
    pub cells: Vec<usize>,
    pub links: Vec<usize>,
}

/// The publication as linear equations.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub cells: Vec<ModelCell>,
    /// The value of each atom, in the measure's unit.
    pub atoms: Vec<f64>,
    pub links: Vec<Link>,
    pub components: Vec<Component>,
    /// Atoms every reader knows to be zero (left out of the cells and of the programs).
    pub known_zero: Vec<bool>,
}

/// One dimension of a cube cut into classes.
struct Classes {
    dimension: String,
    class_of: BTreeMap<String, usize>,
    count: usize,
    stride: usize,
}

/// A cube's atoms: the product of its dimensions' classes, from `offset`.
struct CubeAtoms {
    classes: Vec<Classes>,
    offset: usize,
    count: usize,
}

impl CubeAtoms {
    /// The atoms under a selection (a dimension not named: all its classes).
    fn atoms_in(&self, selection: &Selection) -> Vec<usize> {
        let mut atoms = vec![self.offset];
        for d in &self.classes {
            let wanted: BTreeSet<usize> = match selection.get(&d.dimension) {
                Some(codes) => codes.iter().filter_map(|c| d.class_of.get(c).copied()).collect(),
                None => (0..d.count).collect(),
            };
            atoms = atoms.iter().flat_map(|a| wanted.iter().map(move |k| a + k * d.stride)).collect();
        }
        atoms.sort_unstable();
        atoms
    }

    /// The atom an observation lies in, if its codes are all known.
    fn atom_of(&self, o: &ObservationRow) -> Option<usize> {
        let mut atom = self.offset;
        for d in &self.classes {
            atom += d.class_of.get(o.coordinate.code(&d.dimension)?)? * d.stride;
        }
        Some(atom)
    }
}

/// Which relations between cubes the model holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relations {
    /// Those the catalog declares and the data satisfy: a reader's knowledge.
    Declared,
    /// None: each cube alone, as table-by-table protection sees it.
    None,
}

/// Builds the model of the published cells, with the observations their values come from.
pub fn build_model(
    catalog: &Catalog,
    published: &[PublishedCell],
    observations: &[ObservationRow],
    relations: Relations,
) -> Model {
    let policy = &catalog.disclosure;
    let groups = match relations {
        Relations::Declared => relation_groups(catalog, observations),
        Relations::None => Vec::new(),
    };
    let mut by_cube: BTreeMap<&str, Vec<&PublishedCell>> = BTreeMap::new();
    for cell in published {
        by_cube.entry(cell.key.cube.as_str()).or_default().push(cell);
    }
    // Every selection that must be expressible, per cube: the cells' and the relations'.
    let mut selections: BTreeMap<&str, Vec<&Selection>> = BTreeMap::new();
    for (cube, cells) in &by_cube {
        selections.entry(cube).or_default().extend(cells.iter().map(|c| &c.key.selection));
    }
    for group in &groups {
        for (cube, selection) in group.sides.iter().flatten() {
            if by_cube.contains_key(cube.as_str()) {
                selections.entry(cube.as_str()).or_default().push(selection);
            }
        }
    }
    let mut observed: BTreeMap<&str, Vec<&ObservationRow>> = BTreeMap::new();
    for o in observations.iter().filter(|o| o.kind == RowKind::Observation) {
        observed.entry(o.cube.as_str()).or_default().push(o);
    }
    let mut offset = 0;
    let mut cubes: BTreeMap<&str, CubeAtoms> = BTreeMap::new();
    for (cube, sels) in &selections {
        let rows = observed.get(cube).map(Vec::as_slice).unwrap_or_default();
        let atoms = cut_cube(catalog, cube, sels, rows, offset);
        offset += atoms.count;
        cubes.insert(cube, atoms);
    }
    let mut values = vec![0i64; offset];
    for (cube, rows) in &observed {
        if let Some(atoms) = cubes.get(cube) {
            for o in rows {
                if let Some(a) = atoms.atom_of(o) {
                    values[a] += o.value;
                }
            }
        }
    }
    let scale = |cube: &str| {
        let decimals = catalog.cube(cube).map_or(0, |c| catalog.measure_of(c).decimals);
        10f64.powi(decimals as i32)
    };
    let mut atoms = vec![0.0; offset];
    for (cube, a) in &cubes {
        let s = scale(cube);
        for i in a.offset..a.offset + a.count {
            atoms[i] = values[i] as f64 / s;
        }
    }
    let cells: Vec<ModelCell> = published
        .iter()
        .map(|cell| {
            let value = cell.value.unwrap_or(0) as f64 / 10f64.powi(cell.decimals as i32);
            let exempt = policy.exemptions.iter().any(|e| {
                e.cube == cell.key.cube
                    && match e.cells {
                        ExemptCells::All => true,
                        ExemptCells::PeriodTotals => cell.key.selection.keys().all(|d| d == PERIOD),
                    }
            });
            ModelCell {
                key: cell.key.clone(),
                atoms: cubes[cell.key.cube.as_str()].atoms_in(&cell.key.selection),
                value,
                floor: if cell.shown == Shown::ListedItem && value > 0.0 { 1.0 } else { 0.0 },
                protected: policy.protects(&cell.key.cube),
                fixed: exempt || (cell.shown == Shown::ListedItem && value == 0.0),
                total: cell.total,
                tables: cell.tables.clone(),
                component: 0,
            }
        })
        .collect();
    let links = groups
        .iter()
        .filter_map(|group| {
            let [left, right] = &group.sides;
            let sum = |side: &Vec<(String, Selection)>| -> Option<(Vec<usize>, i64)> {
                let mut atoms = Vec::new();
                for (cube, selection) in side {
                    atoms.extend(cubes.get(cube.as_str())?.atoms_in(selection));
                }
                atoms.sort_unstable();
                atoms.dedup();
                let total = atoms.iter().map(|&a| values[a]).sum();
                Some((atoms, total))
            };
            let ((left, l), (right, r)) = (sum(left)?, sum(right)?);
            let holds = match group.relation {
                Relation::Equal => l == r,
                Relation::AtMost => l <= r,
            };
            (!left.is_empty() && !right.is_empty()).then(|| Link {
                left,
                right,
                relation: group.relation,
                holds,
                rule: group.rule.clone(),
                component: 0,
            })
        })
        .collect();
    let mut model = Model { cells, atoms, links, components: Vec::new(), known_zero: Vec::new() };
    drop_known_zeros(&mut model);
    let ranges: BTreeMap<String, (usize, usize)> =
        cubes.iter().map(|(c, a)| (c.to_string(), (a.offset, a.count))).collect();
    assign_components(&mut model, &ranges);
    model
}

/// Leaves out the atoms a fixed zero pins (a breakdown item not listed: every atom under it is
/// zero, and everyone knows it): they are no unknowns for a reader nor room for a deviation.
fn drop_known_zeros(model: &mut Model) {
    let mut zero = vec![false; model.atoms.len()];
    for cell in model.cells.iter().filter(|c| c.fixed && c.value == 0.0) {
        for &a in &cell.atoms {
            zero[a] = true;
        }
    }
    for cell in &mut model.cells {
        cell.atoms.retain(|&a| !zero[a]);
    }
    for link in &mut model.links {
        link.left.retain(|&a| !zero[a]);
        link.right.retain(|&a| !zero[a]);
    }
    model.links.retain(|l| !l.left.is_empty() || !l.right.is_empty());
    model.known_zero = zero;
}

/// Cuts a cube's dimensions into classes of codes that no selection tells apart.
fn cut_cube(
    catalog: &Catalog,
    cube: &str,
    selections: &[&Selection],
    rows: &[&ObservationRow],
    offset: usize,
) -> CubeAtoms {
    let mut dimensions: Vec<(String, BTreeSet<String>)> = catalog
        .cube(cube)
        .map(|c| {
            c.dimensions
                .iter()
                .map(|d| {
                    let leaves =
                        catalog.code_list(&d.codelist).map(|l| l.leaves().map(|c| c.id.clone()).collect());
                    (d.id.clone(), leaves.unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    let periods: BTreeSet<String> = rows
        .iter()
        .map(|o| o.coordinate.period.clone())
        .chain(selections.iter().filter_map(|s| s.get(PERIOD)).flatten().cloned())
        .collect();
    dimensions.push((PERIOD.to_string(), periods));
    let mut stride = 1;
    let mut classes = Vec::new();
    for (dimension, universe) in dimensions {
        let sets: BTreeSet<&BTreeSet<String>> = selections.iter().filter_map(|s| s.get(&dimension)).collect();
        let mut signature_class: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        let mut class_of = BTreeMap::new();
        for code in &universe {
            let signature: Vec<usize> =
                sets.iter().enumerate().filter(|(_, set)| set.contains(code)).map(|(i, _)| i).collect();
            let next = signature_class.len();
            let class = *signature_class.entry(signature).or_insert(next);
            class_of.insert(code.clone(), class);
        }
        let count = signature_class.len().max(1);
        classes.push(Classes { dimension, class_of, count, stride });
        stride *= count;
    }
    CubeAtoms { classes, offset, count: stride }
}

/// A relation of the catalog for one group of its `by` dimensions: its two sides, each a list
/// of (cube, selection) summed.
struct RelationGroup {
    sides: [Vec<(String, Selection)>; 2],
    relation: Relation,
    rule: String,
}

/// The catalog's exact relations (`equal_totals` without tolerance, `subset`), one per group
/// of their `by` dimensions; an equality of several members is chained (A = B, B = C).
fn relation_groups(catalog: &Catalog, observations: &[ObservationRow]) -> Vec<RelationGroup> {
    let mut groups = Vec::new();
    for rule in &catalog.rules {
        let (pairs, by, relation): (Vec<(&Member, &Member)>, &[String], Relation) = match &rule.check {
            Check::EqualTotals { members, by, tolerance: 0 } => {
                (members.windows(2).map(|w| (&w[0], &w[1])).collect(), by, Relation::Equal)
            }
            Check::Subset { part, whole, by } => (vec![(part, whole)], by, Relation::AtMost),
            _ => continue,
        };
        for (left, right) in pairs {
            for values in by_values(catalog, [left, right], by, observations) {
                let side = |m: &Member| vec![(m.cube.clone(), member_selection(catalog, m, by, &values))];
                groups.push(RelationGroup {
                    sides: [side(left), side(right)],
                    relation,
                    rule: rule.id.clone(),
                });
            }
        }
    }
    groups
}

/// Every combination of values of the `by` dimensions the members group by.
fn by_values(
    catalog: &Catalog,
    members: [&Member; 2],
    by: &[String],
    observations: &[ObservationRow],
) -> Vec<BTreeMap<String, String>> {
    let mut combinations = vec![BTreeMap::new()];
    for dimension in by {
        let mut values = BTreeSet::new();
        for m in members.iter().filter(|m| !m.filter.contains_key(dimension)) {
            if dimension == PERIOD {
                values.extend(
                    observations.iter().filter(|o| o.cube == m.cube).map(|o| o.coordinate.period.clone()),
                );
            } else if let Some(list) = catalog.code_list_of_dimension(&m.cube, dimension) {
                values.extend(list.leaves().map(|c| c.id.clone()));
            }
        }
        if values.is_empty() {
            continue;
        }
        combinations = combinations
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.insert(dimension.clone(), v.clone());
                    c
                })
            })
            .collect();
    }
    combinations
}

/// What a member adds up in one group: its filter, and the group's value of each `by`
/// dimension it has and does not filter.
fn member_selection(
    catalog: &Catalog,
    m: &Member,
    by: &[String],
    values: &BTreeMap<String, String>,
) -> Selection {
    let has = |d: &str| d == PERIOD || catalog.cube(&m.cube).is_some_and(|c| c.dimension(d).is_some());
    let mut selection: Selection = m
        .filter
        .iter()
        .map(|(d, codes)| (d.clone(), codes.iter().flat_map(|c| catalog.leaves_of(&m.cube, d, c)).collect()))
        .collect();
    for d in by.iter().filter(|d| has(d) && !m.filter.contains_key(*d)) {
        if let Some(v) = values.get(d) {
            selection.insert(d.clone(), catalog.leaves_of(&m.cube, d, v));
        }
    }
    selection
}

/// Groups the cubes linked by relations into components, and files atoms, cells and links.
fn assign_components(model: &mut Model, ranges: &BTreeMap<String, (usize, usize)>) {
    let cubes: Vec<&String> = ranges.keys().collect();
    let index =
        |atom: usize| cubes.iter().position(|c| atom >= ranges[*c].0 && atom < ranges[*c].0 + ranges[*c].1);
    let mut parent: Vec<usize> = (0..cubes.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for link in &model.links {
        let ends: Vec<usize> = link.left.iter().chain(&link.right).filter_map(|&a| index(a)).collect();
        for w in ends.windows(2) {
            let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut component_of_root: BTreeMap<usize, usize> = BTreeMap::new();
    let mut component_of_cube = vec![0; cubes.len()];
    for (i, component) in component_of_cube.iter_mut().enumerate() {
        let r = root(&mut parent, i);
        let next = component_of_root.len();
        *component = *component_of_root.entry(r).or_insert(next);
    }
    model.components = vec![Component::default(); component_of_root.len()];
    for (i, cube) in cubes.iter().enumerate() {
        let c = &mut model.components[component_of_cube[i]];
        c.cubes.push((*cube).clone());
        let (offset, count) = ranges[*cube];
        c.atoms.extend((offset..offset + count).filter(|&a| !model.known_zero[a]));
    }
    for (i, cell) in model.cells.iter_mut().enumerate() {
        let cube = cubes.iter().position(|c| **c == cell.key.cube).unwrap_or(0);
        cell.component = component_of_cube[cube];
        model.components[cell.component].cells.push(i);
    }
    for (i, link) in model.links.iter_mut().enumerate() {
        let cube = link.left.iter().chain(&link.right).next().and_then(|&a| index(a)).unwrap_or(0);
        link.component = component_of_cube[cube];
        model.components[link.component].links.push(i);
    }
}

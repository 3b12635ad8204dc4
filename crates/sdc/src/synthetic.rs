//! A synthetic publication larger than a real one, for benchmarks: `copies` copies of a model,
//! as if as many regions published the same tables. Each copy has atoms and cells of its own;
//! in a cube no relation links, every atom of copy i > 0 is moved by −1, 0 or +1 (never below
//! zero; chosen by a fixed hash of the seed, copy and atom), so that each copy has its own
//! sensitive cells; atoms of linked cubes keep their values, so every relation still holds.
//! Cell values are summed again from the atoms.

use crate::model::{Component, Link, Model};

/// SplitMix64: a fixed, well-mixed hash of a counter.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `copies` copies of `model` (the first unchanged).
pub fn replicate(model: &Model, copies: usize, seed: u64) -> Model {
    let atoms = model.atoms.len();
    let linked: Vec<bool> = {
        let mut linked = vec![false; model.components.len()];
        for link in &model.links {
            linked[link.component] = true;
        }
        let mut by_atom = vec![false; atoms];
        for (c, component) in model.components.iter().enumerate() {
            for &a in &component.atoms {
                by_atom[a] = linked[c];
            }
        }
        by_atom
    };
    let mut out = Model::default();
    for copy in 0..copies {
        let shift = |a: usize| a + copy * atoms;
        out.atoms.extend(model.atoms.iter().enumerate().map(|(a, &v)| {
            if copy == 0 || linked[a] {
                v
            } else {
                let step = (mix(seed ^ ((copy * atoms + a) as u64)) % 3) as f64 - 1.0;
                (v + step).max(0.0)
            }
        }));
        out.known_zero.extend(&model.known_zero);
        let components = model.components.len();
        out.components.extend(model.components.iter().map(|c| Component {
            cubes: c.cubes.clone(),
            atoms: c.atoms.iter().map(|&a| shift(a)).collect(),
            cells: c.cells.iter().map(|&i| i + copy * model.cells.len()).collect(),
            links: c.links.iter().map(|&i| i + copy * model.links.len()).collect(),
        }));
        for cell in &model.cells {
            let mut cell = cell.clone();
            cell.atoms = cell.atoms.iter().map(|&a| shift(a)).collect();
            cell.component += copy * components;
            out.cells.push(cell);
        }
        out.links.extend(model.links.iter().map(|l| Link {
            left: l.left.iter().map(|&a| shift(a)).collect(),
            right: l.right.iter().map(|&a| shift(a)).collect(),
            relation: l.relation,
            holds: l.holds,
            rule: l.rule.clone(),
            component: l.component + copy * components,
        }));
    }
    for cell in &mut out.cells {
        cell.value = cell.atoms.iter().map(|&a| out.atoms[a]).sum();
        cell.floor = cell.floor.min(cell.value);
    }
    out
}

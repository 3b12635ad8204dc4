//! Every combination of leaf codes of several dimensions of a cube: the rows of a full data
//! grid, the cells a required breakdown must fill.

use std::collections::BTreeMap;

use super::Catalog;
use crate::combinations::Combinations;
use crate::table::PERIOD;

/// The order of one dimension's leaf codes in [`Catalog::leaf_combinations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafOrder {
    /// The code list's printed order (as [`super::CodeList::leaves`]): for grids and tables.
    Printed,
    /// Code id order (as the set [`Catalog::leaves_of`] gives): for messages listing codes.
    ById,
}

/// The combinations [`Catalog::leaf_combinations`] yields: each a map dimension → leaf code.
#[derive(Debug, Clone)]
pub struct LeafCombinations {
    inner: Combinations<(String, String)>,
}

impl LeafCombinations {
    /// How many combinations are still to come (`usize::MAX` when more), without making them.
    pub fn remaining(&self) -> usize {
        self.inner.remaining()
    }
}

impl Iterator for LeafCombinations {
    type Item = BTreeMap<String, String>;

    fn next(&mut self) -> Option<Self::Item> {
        // A dimension selected twice keeps its last selection's leaf.
        self.inner.next().map(|pairs| pairs.into_iter().collect())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl Catalog {
    /// Every combination of leaf codes of a cube's dimensions, each a map dimension → leaf.
    ///
    /// For each `(dimension, code)` of `selections` a combination takes one leaf under `code`
    /// (every leaf of the dimension for `_T`, the code itself for a leaf or a period of
    /// [`PERIOD`]). The first selection varies slowest and the last fastest; a dimension's
    /// leaves come in `order`. A dimension the cube lacks has no leaves, so nothing is yielded;
    /// no selections yield one empty map.
    ///
    /// Every leaf of every dimension, as a data grid's rows:
    /// `catalog.leaf_combinations(cube, &[("sex", "_T"), ("age", "_T")], LeafOrder::Printed)`.
    pub fn leaf_combinations(
        &self,
        cube: &str,
        selections: &[(&str, &str)],
        order: LeafOrder,
    ) -> LeafCombinations {
        let lists = selections
            .iter()
            .map(|&(dimension, code)| {
                let leaves = self.ordered_leaves(cube, dimension, code, order);
                leaves.into_iter().map(|leaf| (dimension.to_string(), leaf)).collect()
            })
            .collect();
        LeafCombinations { inner: Combinations::new(lists) }
    }

    /// The leaves [`Catalog::leaves_of`] selects, in `order`.
    fn ordered_leaves(&self, cube: &str, dimension: &str, code: &str, order: LeafOrder) -> Vec<String> {
        match order {
            LeafOrder::ById => self.leaves_of(cube, dimension, code).into_iter().collect(),
            LeafOrder::Printed if dimension == PERIOD => vec![code.to_string()],
            LeafOrder::Printed => self
                .code_list_of_dimension(cube, dimension)
                .map(|list| list.leaves_under(code).into_iter().map(|c| c.id.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

//! Log-linear models of two-list interactions: pairs of lists, models as sets of pairs, the full
//! table of observable cells, and the design matrix of a model on that table.

use serde::{Deserialize, Serialize};

use super::data::CaptureData;

/// A pair of lists, by column index (`first < second`), naming a two-list interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pair {
    pub first: usize,
    pub second: usize,
}

impl Pair {
    /// The bit set of the two lists.
    pub(crate) fn mask(self) -> u32 {
        (1 << self.first) | (1 << self.second)
    }

    /// The interaction's name, "A:B", as R writes it.
    ///
    /// # Panics
    /// When `lists` has no name for one of the pair's lists.
    pub fn name(self, lists: &[String]) -> String {
        format!("{}:{}", lists[self.first], lists[self.second])
    }
}

/// The number of pairs of `lists` lists.
pub(crate) fn pair_count(lists: usize) -> usize {
    lists * lists.saturating_sub(1) / 2
}

/// All pairs of `lists` lists in SparseMSE's order: (1,2), (1,3), …, (1,t), (2,3), …, (t−1,t).
/// A pair's position in this order is its index.
pub fn all_pairs(lists: usize) -> Vec<Pair> {
    (0..lists).flat_map(|first| (first + 1..lists).map(move |second| Pair { first, second })).collect()
}

/// A model: main effects for every list plus a set of two-list interactions, kept in the order
/// they were added (stepwise selection reports them so).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Model {
    lists: usize,
    /// Indices into [`all_pairs`].
    pairs: Vec<usize>,
}

impl Model {
    /// Main effects only.
    pub fn main_effects(lists: usize) -> Self {
        Self { lists, pairs: Vec::new() }
    }

    /// Main effects and every two-list interaction.
    pub fn all_pairs(lists: usize) -> Self {
        Self { lists, pairs: (0..pair_count(lists)).collect() }
    }

    /// Main effects and the given interactions; a pair given twice counts once, a pair outside
    /// the lists is ignored.
    pub fn with_pairs(lists: usize, pairs: &[Pair]) -> Self {
        let order = all_pairs(lists);
        let mut model = Self::main_effects(lists);
        for pair in pairs {
            if let Some(index) = order.iter().position(|p| p == pair) {
                model.add(index);
            }
        }
        model
    }

    /// The model whose interactions are the set bits of `set` (bit `i` = pair `i`).
    pub(crate) fn from_set(lists: usize, set: u64) -> Self {
        Self { lists, pairs: (0..pair_count(lists)).filter(|&i| set & (1 << i) != 0).collect() }
    }

    /// The number of lists.
    pub fn lists(&self) -> usize {
        self.lists
    }

    /// The interactions, in the order added.
    pub fn pairs(&self) -> Vec<Pair> {
        let order = all_pairs(self.lists);
        self.pairs.iter().map(|&i| order[i]).collect()
    }

    /// The interactions as pair indices, in the order added.
    pub(crate) fn pair_indices(&self) -> &[usize] {
        &self.pairs
    }

    /// The interactions as a bit set over pair indices.
    pub(crate) fn set(&self) -> u64 {
        self.pairs.iter().fold(0, |set, &i| set | (1 << i))
    }

    pub(crate) fn contains(&self, pair: usize) -> bool {
        self.pairs.contains(&pair)
    }

    pub(crate) fn add(&mut self, pair: usize) {
        if !self.contains(pair) {
            self.pairs.push(pair);
        }
    }

    pub(crate) fn with(&self, pair: usize) -> Self {
        let mut model = self.clone();
        model.add(pair);
        model
    }

    /// The interactions' names ("A:B"), in the order added; `lists` must name at least the
    /// model's lists.
    pub fn term_names(&self, lists: &[String]) -> Vec<String> {
        self.pairs().into_iter().map(|pair| pair.name(lists)).collect()
    }
}

/// The full table of a data set: a count for every observable history (zero where none was
/// given), with what every model needs precomputed.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub lists: usize,
    /// Count of history `h` at index `h`; index 0 (on no list) is unused.
    pub counts: Vec<f64>,
    pub total: f64,
    pub pair_masks: Vec<u32>,
    /// Persons on both lists of each pair, whatever else they are on.
    pub overlaps: Vec<f64>,
    /// Σ log(y!) over the cells: the part of the Poisson log-likelihood that no model changes.
    pub log_factorials: f64,
}

impl Table {
    pub fn new(data: &CaptureData) -> Self {
        let lists = data.lists().len();
        let mut counts = vec![0.0; 1 << lists];
        for (&bits, &count) in data.histories().iter().zip(data.counts()) {
            counts[bits as usize] += count as f64;
        }
        let pair_masks: Vec<u32> = all_pairs(lists).into_iter().map(Pair::mask).collect();
        let overlaps = pair_masks
            .iter()
            .map(|&mask| (1..counts.len()).filter(|&h| h as u32 & mask == mask).map(|h| counts[h]).sum())
            .collect();
        let log_factorials = counts[1..].iter().map(|&y| statrs::function::gamma::ln_gamma(y + 1.0)).sum();
        Self { lists, total: counts.iter().sum(), counts, pair_masks, overlaps, log_factorials }
    }

    pub fn pair_count(&self) -> usize {
        self.pair_masks.len()
    }

    /// Pairs with no person in common, as a bit set over pair indices.
    pub fn empty_pairs(&self) -> u64 {
        self.overlaps.iter().enumerate().filter(|(_, &n)| n == 0.0).fold(0, |set, (i, _)| set | (1 << i))
    }

    /// The design of `model`: the cells left after removing those that contain a pair of the
    /// model with no person in common (whose parameter is −∞), and the columns: intercept, main
    /// effects, and the model's other interactions in the order added.
    pub fn design(&self, model: &Model) -> Design {
        let empty = self.empty_pairs();
        let neg_inf: Vec<usize> =
            model.pair_indices().iter().copied().filter(|&i| empty & (1 << i) != 0).collect();
        let removed_masks: Vec<u32> = neg_inf.iter().map(|&i| self.pair_masks[i]).collect();
        let mut columns = vec![0u32];
        columns.extend((0..self.lists).map(|list| 1u32 << list));
        columns.extend(
            model.pair_indices().iter().filter(|&&i| empty & (1 << i) == 0).map(|&i| self.pair_masks[i]),
        );
        let mut design = Design {
            cells: Vec::with_capacity(self.counts.len()),
            y: Vec::with_capacity(self.counts.len()),
            columns,
            active: Vec::new(),
            offsets: vec![0],
            neg_inf,
        };
        for h in 1..self.counts.len() as u32 {
            if removed_masks.iter().any(|&mask| has_all(h, mask)) {
                continue;
            }
            design.cells.push(h);
            design.y.push(self.counts[h as usize]);
            for (column, &mask) in design.columns.iter().enumerate() {
                if h & mask == mask {
                    design.active.push(column as u16);
                }
            }
            design.offsets.push(design.active.len() as u32);
        }
        design
    }
}

/// Whether history `h` is on every list of `mask`.
pub(crate) fn has_all(h: u32, mask: u32) -> bool {
    h & mask == mask
}

/// A model's design on a table: which cells are fitted and which columns each cell has a 1 in
/// (the design is 0/1, so it is kept as the list of its ones, row by row).
#[derive(Debug, Clone)]
pub(crate) struct Design {
    pub cells: Vec<u32>,
    pub y: Vec<f64>,
    /// Bit set of each column: 0 for the intercept, one list for a main effect, two for a pair.
    pub columns: Vec<u32>,
    active: Vec<u16>,
    offsets: Vec<u32>,
    /// The model's pairs with no person in common, left out of the columns (parameter −∞).
    pub neg_inf: Vec<usize>,
}

impl Design {
    pub fn parameters(&self) -> usize {
        self.columns.len()
    }

    /// The columns with a 1 in row `row`.
    pub fn row(&self, row: usize) -> &[u16] {
        &self.active[self.offsets[row] as usize..self.offsets[row + 1] as usize]
    }

    /// The dense design matrix, row-major.
    pub fn dense(&self) -> Vec<f64> {
        let p = self.parameters();
        let mut x = vec![0.0; self.cells.len() * p];
        for row in 0..self.cells.len() {
            for &column in self.row(row) {
                x[row * p + column as usize] = 1.0;
            }
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_sparsemse_order() {
        let pairs = all_pairs(4);
        let as_tuples: Vec<_> = pairs.iter().map(|p| (p.first, p.second)).collect();
        assert_eq!(as_tuples, vec![(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]);
    }

    #[test]
    fn empty_pairs_remove_their_cells_and_columns() {
        let data = CaptureData::new(
            vec!["A".into(), "B".into(), "C".into()],
            vec![
                (vec![true, false, false], 10),
                (vec![false, true, false], 10),
                (vec![false, false, true], 10),
                (vec![true, false, true], 5),
            ],
        )
        .unwrap();
        let table = Table::new(&data);
        // A:B (index 0) and B:C (index 2) have nobody in common.
        assert_eq!(table.empty_pairs(), 0b101);
        let model = Model::with_pairs(3, &[Pair { first: 0, second: 1 }, Pair { first: 0, second: 2 }]);
        let design = table.design(&model);
        assert_eq!(design.neg_inf, vec![0]);
        assert_eq!(design.columns, vec![0, 1, 2, 4, 5]);
        // Cells with both A and B (AB, ABC) are gone.
        assert_eq!(design.cells, vec![1, 2, 4, 5, 6]);
        assert_eq!(design.row(3), &[0, 1, 3, 4]);
    }
}

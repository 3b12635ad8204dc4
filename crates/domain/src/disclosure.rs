//! What disclosure control decided for a publication: per published cell (a cube and what it
//! adds up), whether it is free, suppressed as sensitive (primary) or suppressed so that a
//! sensitive cell cannot be recomputed (secondary) — SDMX's CONF_STATUS F, C and D.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Catalog;

/// Per dimension, the leaf codes (or periods) a cell adds up; a dimension not named is summed
/// over all its codes.
pub type Selection = BTreeMap<String, BTreeSet<String>>;

/// A published cell, by what it adds up: the same cell printed in two tables is one key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub cube: String,
    pub selection: Selection,
}

impl CellKey {
    /// The key of a cell of `cube` adding up `selection`, a dimension selecting every leaf of
    /// its code list being left out (it constrains nothing).
    pub fn new(catalog: &Catalog, cube: &str, selection: &Selection) -> CellKey {
        let selection = selection
            .iter()
            .filter(|(dimension, codes)| {
                let all = catalog.code_list_of_dimension(cube, dimension).map(|l| l.leaves().count());
                all != Some(codes.len())
            })
            .map(|(dimension, codes)| (dimension.clone(), codes.clone()))
            .collect();
        CellKey { cube: cube.to_string(), selection }
    }
}

/// A cell's confidentiality status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidentiality {
    /// Published.
    Free,
    /// Suppressed: sensitive under the primary rule.
    Primary,
    /// Suppressed: published, it would let a sensitive cell be recomputed.
    Secondary,
}

impl Confidentiality {
    /// SDMX's CONF_STATUS code: F (free), C (confidential), D (secondary confidentiality).
    pub fn sdmx_code(self) -> &'static str {
        match self {
            Confidentiality::Free => "F",
            Confidentiality::Primary => "C",
            Confidentiality::Secondary => "D",
        }
    }

    /// The CONF_STATUS a public file prints: F, or C for any suppressed cell. Whether a cell
    /// was hidden as sensitive or to protect another stays internal: printed per cell, it would
    /// tell the reader that a C cell counts 1 to k − 1 persons.
    pub fn public_code(self) -> &'static str {
        if self.is_suppressed() {
            "C"
        } else {
            "F"
        }
    }

    /// The name the store and the audit log give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidentiality::Free => "free",
            Confidentiality::Primary => "primary",
            Confidentiality::Secondary => "secondary",
        }
    }

    pub fn parse(text: &str) -> Option<Confidentiality> {
        match text {
            "free" => Some(Confidentiality::Free),
            "primary" => Some(Confidentiality::Primary),
            "secondary" => Some(Confidentiality::Secondary),
            _ => None,
        }
    }

    pub fn is_suppressed(self) -> bool {
        self != Confidentiality::Free
    }
}

/// The suppressed cells of a publication; every other cell is free.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppressionPattern {
    /// How a suppressed cell prints.
    pub symbol: String,
    suppressed: BTreeMap<CellKey, Confidentiality>,
}

impl SuppressionPattern {
    pub fn new(symbol: &str) -> SuppressionPattern {
        SuppressionPattern { symbol: symbol.to_string(), suppressed: BTreeMap::new() }
    }

    /// Marks a cell; a primary cell stays primary.
    pub fn suppress(&mut self, key: CellKey, status: Confidentiality) {
        if status.is_suppressed() {
            let entry = self.suppressed.entry(key).or_insert(status);
            *entry = (*entry).min(status).max(Confidentiality::Primary);
        }
    }

    pub fn status(&self, key: &CellKey) -> Confidentiality {
        self.suppressed.get(key).copied().unwrap_or(Confidentiality::Free)
    }

    /// The suppressed cells, in key order.
    pub fn suppressed(&self) -> impl Iterator<Item = (&CellKey, Confidentiality)> {
        self.suppressed.iter().map(|(k, s)| (k, *s))
    }

    /// How many cells of each status per cube (the data-quality annex prints counts, never
    /// values).
    pub fn counts_by_cube(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (key, status) in &self.suppressed {
            let entry = counts.entry(key.cube.as_str()).or_default();
            match status {
                Confidentiality::Primary => entry.0 += 1,
                Confidentiality::Secondary => entry.1 += 1,
                Confidentiality::Free => {}
            }
        }
        counts
    }

    pub fn is_empty(&self) -> bool {
        self.suppressed.is_empty()
    }

    pub fn len(&self) -> usize {
        self.suppressed.len()
    }
}

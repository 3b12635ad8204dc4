//! The report outline: chapters and sections, and where the numbered tables and charts stand.

use crate::label::Labels;

/// The report's structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: Labels,
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub number: String,
    pub title: Labels,
    pub sections: Vec<Section>,
}

/// A section; its depth is the number of parts of its number (`11.1.2` is three deep).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub number: String,
    pub title: Labels,
    pub tables: Vec<u32>,
    pub charts: Vec<u32>,
}

impl Section {
    pub fn depth(&self) -> usize {
        self.number.split('.').count()
    }
}

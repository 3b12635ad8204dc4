//! The report as a document: chapters, sections, narrative, tables, charts and the data-quality
//! annex, fully materialised in one language. Every renderer (Markdown, HTML, XLSX, PDF) reads
//! this and nothing else, so that the formats cannot disagree.

use serde::Serialize;

/// The whole report in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The language code (`nl`, `fr`, `en`), as the HTML `lang` attribute wants it.
    pub lang: String,
    pub title: String,
    /// The cycle, e.g. "2019-2020".
    pub cycle: String,
    /// Words the renderers print, in the document's language (from the catalog).
    pub words: Words,
    pub chapters: Vec<DocChapter>,
    pub annex: Annex,
}

impl Document {
    /// Whether any actor's text in the document is a draft translation: the title page says so.
    pub fn has_drafts(&self) -> bool {
        self.chapters
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .any(|b| matches!(b, Block::Narrative { draft: true, .. }))
    }

    /// The numbered tables, in report order.
    pub fn tables(&self) -> Vec<&TableBlock> {
        self.chapters
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
            .collect()
    }
}

/// The fixed words of a report, in its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    pub contents: String,
    pub table: String,
    pub figure: String,
    pub annex_title: String,
    pub annex_intro: String,
    pub no_findings: String,
    pub explained: String,
    pub awaiting_translation: String,
    pub contribution_of: String,
    /// The mark of a text published as a draft translation.
    pub draft_translation: String,
    /// The title page's notice when any text is a draft translation.
    pub draft_notice: String,
    pub decimal_separator: char,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocChapter {
    pub number: String,
    pub title: String,
    pub sections: Vec<DocSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSection {
    pub number: String,
    /// 2 for `11.1`, 3 for `11.1.1`, … (the chapter is 1).
    pub depth: usize,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a section holds, in order: the actors' texts, then its tables and charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// An actor's contribution, as Markdown; `draft` when it is an unreviewed draft translation
    /// (marked as such wherever it is published).
    Narrative {
        actor: String,
        markdown: String,
        draft: bool,
    },
    /// An actor's contribution that exists only in other languages.
    AwaitingTranslation {
        actor: String,
        available_in: Vec<String>,
    },
    Table(TableBlock),
    Chart(ChartBlock),
}

/// A numbered table as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableBlock {
    pub number: u32,
    /// "Tabel 17: …".
    pub title: String,
    pub caption: String,
    /// The names of the row-label columns.
    pub row_header: Vec<String>,
    /// Column header rows: a label per value column at each level (outer levels repeat a label
    /// over the columns it spans).
    pub column_headers: Vec<Vec<String>>,
    pub rows: Vec<TableRow>,
    pub source: String,
    pub footnotes: Vec<String>,
}

impl TableBlock {
    /// Whether value column `column` holds texts (a breakdown's) rather than figures.
    pub fn is_text_column(&self, column: usize) -> bool {
        self.rows.iter().any(|row| row.cells.get(column).is_some_and(|cell| cell.is_text))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub labels: Vec<String>,
    pub cells: Vec<TableCell>,
    /// Whether the row is a total or subtotal row.
    pub total: bool,
}

impl TableCell {
    /// A count, as printed and as a number.
    pub fn count(n: u64) -> TableCell {
        TableCell {
            text: n.to_string(),
            value: Some((n as i64, 0)),
            pct: false,
            total: false,
            is_text: false,
            suppressed: false,
        }
    }
}

/// A value as printed, and as a number for spreadsheets; or a text (a breakdown column's cell).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// As printed; a text cell's lines are joined by `\n`.
    pub text: String,
    /// The exact value: scaled integer and its decimals; none for an empty or a text cell.
    pub value: Option<(i64, u32)>,
    pub pct: bool,
    pub total: bool,
    /// A text rather than a figure: aligned left, one line per item.
    pub is_text: bool,
    /// Hidden by disclosure control: the text is the policy's symbol, the value none.
    pub suppressed: bool,
}

/// A numbered chart: its data and its drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartBlock {
    pub number: u32,
    /// "Figuur 1: …".
    pub title: String,
    pub caption: String,
    pub source: String,
    /// Category labels (one group of bars each).
    pub categories: Vec<String>,
    /// Series labels (one bar per category each).
    pub series: Vec<String>,
    /// `values[category][series]`, none where there is no figure.
    pub values: Vec<Vec<Option<f64>>>,
    /// The chart as a standalone SVG document.
    pub svg: String,
}

/// The data-quality annex: the validation's findings in the report's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annex {
    pub findings: Vec<AnnexFinding>,
    /// What follows the findings: the account of incomplete identities, when the store holds
    /// records ([`crate::identity_annex`]).
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnexFinding {
    /// The severity's code (`error`, `warning`, `info`), for styles.
    pub severity: String,
    /// The severity as the report's language says it.
    pub severity_label: String,
    pub rule: String,
    pub key: String,
    pub message: String,
    pub tables: Vec<u32>,
    /// The actor's explanation and who gave it, when given.
    pub explanation: Option<String>,
}

//! Rendering: computed tables as aligned text, CSV and JSON, written to any `io::Write`, so that
//! outputs can be golden-tested as text and a thin adapter writes the files.
//!
//! Architecture invariant: no file system, no clock; labels and number formats come from the
//! catalog, so no language is hard-coded here.

mod document;
mod findings;
mod format;
mod table;

pub use document::{
    Annex, AnnexFinding, Block, ChartBlock, DocChapter, DocSection, Document, TableBlock, TableCell, TableRow, Words,
};
pub use findings::{render_findings_json, render_findings_text, FindingView};
pub use format::{format_cell, Locale};
pub use table::{render_table_csv, render_table_text, render_tables_csv, render_tables_json, TableView};

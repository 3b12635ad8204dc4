//! Rendering: computed tables as aligned text, CSV and JSON, written to any `io::Write`, so that
//! outputs can be golden-tested as text and a thin adapter writes the files.
//!
//! Architecture invariant: no file system, no clock; labels and number formats come from the
//! catalog, and the report's own words (the explanation of an estimate) from the Fluent files
//! under `locales/`, so no language is hard-coded here.

mod blocks;
mod breakdown;
mod build;
mod chain_chapter;
mod chart;
mod disclosure_annex;
mod document;
mod escape;
mod estimate_explanation;
mod findings;
mod format;
mod html;
mod identity_annex;
mod language;
mod markdown;
mod messages;
mod suppression;
mod table;
mod tmx;
mod xliff;
mod xlsx;

pub use blocks::{chart_block, table_block};
pub use build::{build_document, BuildError, Narrative, ReportInput};
pub use chain_chapter::{chain_chapter, ChainFigures, DistinctRow, FunnelLine, Numbering, YearEstimate};
pub use chart::bar_chart_svg;
pub use disclosure_annex::{
    disclosure_annex, each_table_line, protection_lines, DisclosureSummary, ProtectionFigures,
};
pub use document::{
    Annex, AnnexFinding, Block, ChartBlock, DocChapter, DocSection, Document, TableBlock, TableCell,
    TableRow, Words,
};
pub use estimate_explanation::{estimate_messages, explain_estimate};
pub use findings::{
    finding_message, render_findings_csv, render_findings_json, render_findings_text, FindingView,
};
pub use format::{format_cell, format_count, Locale};
pub use html::render_html;
pub use html::{markdown_options, markdown_to_html, safe_url};
pub use identity_annex::identity_annex;
pub use language::Language;
pub use markdown::render_markdown;
pub use messages::{MessageSources, Messages};
pub use suppression::{table_mask, ItemMask, TableMask};
pub use table::{
    header_spans, render_table_csv, render_table_text, render_tables_csv, render_tables_json, TableView,
};
pub use tmx::{write_tmx, TmxPair, TmxSegmentPart};
pub use xliff::{
    unit_id, write_xliff, Candidate, ExportUnit, MatchOrigin, Prefill, MATCHES_NAMESPACE, XLIFF_NAMESPACE,
};
pub use xlsx::render_xlsx;

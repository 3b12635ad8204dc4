//! Typesets a report `Document` to PDF in-process with typst used as a library: A4, a cover, a
//! table of contents, numbered tables and figures, footnotes, running headers and page numbers,
//! the data-quality annex at the end.
//!
//! Architecture invariant: no file system, no clock, no network, no system fonts. The fonts are
//! compiled into the binary (`typst-assets`), the charts are handed to typst as in-memory files,
//! and the PDF carries no creation date, so the same document gives the same bytes. This is the
//! only crate that depends on typst (minutes to build), so nothing else pays for it.
//!
//! ```no_run
//! # fn example(document: &rapporteur_report::Document) -> Result<(), rapporteur_pdf::PdfError> {
//! let pdf: Vec<u8> = rapporteur_pdf::render_pdf(document)?;
//! assert!(pdf.starts_with(b"%PDF"));
//! # Ok(())
//! # }
//! ```

mod escape;
mod markdown;
mod typeset;
mod world;

use rapporteur_report::Document;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::world::ReportWorld;

/// Why a report could not be typeset. The generated typst source is escaped throughout, so an
/// error here is a bug of this crate or a chart whose SVG typst cannot read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// typst's diagnostics, one per line: `main.typ:LINE:COLUMN: error: message`, its hints, and
    /// the line of generated source it points at.
    #[error("typesetting the report failed:\n{}", .0.join("\n"))]
    Typeset(Vec<String>),
    /// The PDF export's diagnostics.
    #[error("exporting the report to PDF failed:\n{}", .0.join("\n"))]
    Export(Vec<String>),
}

/// How many compilations typst's memoization cache keeps entries for. The cache is global to the
/// process; without eviction a long-running server would grow with every report, and a few
/// generations are enough for a second rendering of the same report to reuse most of the work.
const CACHE_GENERATIONS: usize = 5;

/// Typesets `document` to the bytes of a PDF file.
pub fn render_pdf(document: &Document) -> Result<Vec<u8>, PdfError> {
    render(document).map(|(pdf, _warnings)| pdf)
}

/// The PDF and typst's warnings. Callers get only the PDF; the warnings are for tests, where one
/// (a missing glyph, a layout that did not converge) is a defect even when a PDF comes out.
fn render(document: &Document) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let source = typeset::report_source(document);
    let world =
        ReportWorld::new(source.main, source.files).map_err(|error| PdfError::Typeset(vec![error]))?;
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let paged = output.map_err(|errors| PdfError::Typeset(describe(&world, &errors)))?;
    let options = PdfOptions {
        // The PDF's /ID is a hash of this; typst's default hashes only title and author, which
        // the language versions of one report share.
        ident: Smart::Custom(format!("rapporteur {} {} {}", document.lang, document.cycle, document.title)),
        creator: Smart::Custom(Some("Rapporteur".to_owned())),
        // No timestamp and `date: none` in the source: the PDF carries no creation date.
        timestamp: None,
        ..PdfOptions::default()
    };
    let pdf =
        typst_pdf::pdf(&paged, &options).map_err(|errors| PdfError::Export(describe(&world, &errors)))?;
    let warnings = describe(&world, &warnings);
    typst::comemo::evict(CACHE_GENERATIONS);
    Ok((pdf, warnings))
}

/// typst's diagnostics as text, each with its place in the generated source and that line, since
/// the source exists only in memory.
fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut text = format!("{severity}: {}", diagnostic.message);
            if let Some(id) = diagnostic.span.id() {
                text = match (world.source(id), world.range(diagnostic.span)) {
                    (Ok(source), Some(range)) => {
                        let lines = source.lines();
                        let (line, column) = lines.byte_to_line_column(range.start).unwrap_or_default();
                        let line_text = lines
                            .line_to_range(line)
                            .and_then(|range| source.text().get(range))
                            .unwrap_or_default();
                        format!("main.typ:{}:{}: {text}\n  | {}", line + 1, column + 1, line_text.trim_end())
                    }
                    // A chart: typst points into the SVG, which is data, not source.
                    _ => format!("{}: {text}", id.vpath().get_without_slash()),
                };
            }
            for hint in &diagnostic.hints {
                text.push_str(&format!("\n  hint: {}", hint.v));
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rapporteur_report::{Annex, Words};

    use super::*;

    fn words() -> Words {
        Words {
            contents: "Contents".into(),
            table: "Table".into(),
            figure: "Figure".into(),
            annex_title: "Annex: data quality".into(),
            annex_intro: "Findings.".into(),
            no_findings: "Validation produced no findings.".into(),
            explained: "Explanation".into(),
            awaiting_translation: "This contribution awaits translation; it exists in:".into(),
            contribution_of: "Contribution of".into(),
            draft_translation: "Draft translation, not reviewed.".into(),
            draft_notice: "The texts of this report are draft translations.".into(),
            decimal_separator: '.',
        }
    }

    #[test]
    fn an_empty_report_typesets_without_warnings() {
        let document = Document {
            lang: "en".into(),
            title: "Report #1 [draft] = $0 *for* _all_".into(),
            cycle: "2019-2020".into(),
            words: words(),
            chapters: Vec::new(),
            annex: Annex { findings: Vec::new(), blocks: Vec::new() },
        };
        let rendered = render(&document).map_err(|error| error.to_string());
        let rendered = rendered.as_ref().map(|(pdf, warnings)| (pdf.starts_with(b"%PDF"), warnings));
        assert_eq!(rendered, Ok((true, &Vec::new())));
    }

    #[test]
    fn an_unreadable_chart_is_an_error_naming_the_chart() {
        let files = vec![("/charts/chart-1.svg".into(), b"<svg".to_vec())];
        let world = match ReportWorld::new("#image(\"/charts/chart-1.svg\")".into(), files) {
            Ok(world) => world,
            Err(error) => panic!("{error}"),
        };
        let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
        let Err(errors) = output else { panic!("a broken SVG was accepted") };
        let described = describe(&world, &errors);
        assert_eq!(described, ["charts/chart-1.svg: error: failed to parse SVG (missing root node)"]);
    }
}

/// The files a report is published as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Html,
    Pdf,
    Xlsx,
    Md,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 4] =
        [OutputFormat::Html, OutputFormat::Pdf, OutputFormat::Xlsx, OutputFormat::Md];

    /// The file name extension, also the format's name.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Md => "md",
        }
    }

    pub fn parse(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.extension() == name)
    }

    /// The media type to serve the file with.
    pub fn content_type(self) -> &'static str {
        match self {
            OutputFormat::Html => "text/html; charset=utf-8",
            OutputFormat::Pdf => "application/pdf",
            OutputFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            OutputFormat::Md => "text/markdown; charset=utf-8",
        }
    }
}

/// Why a report file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("writing the workbook failed: {0}")]
    Xlsx(String),
    #[error("writing the report failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The bytes of `document` as a file of `format`.
pub fn render_output(document: &Document, format: OutputFormat) -> Result<Vec<u8>, OutputError> {
    let mut bytes = Vec::new();
    match format {
        OutputFormat::Html => rapporteur_report::render_html(document, &mut bytes)?,
        OutputFormat::Md => rapporteur_report::render_markdown(document, &mut bytes)?,
        OutputFormat::Xlsx => {
            bytes = rapporteur_report::render_xlsx(document).map_err(|e| OutputError::Xlsx(e.to_string()))?
        }
        OutputFormat::Pdf => bytes = render_pdf(document)?,
    }
    Ok(bytes)
}

//! `Document` → typst source: the page design (preamble) and the report's content as markup.
//!
//! Every text of the document is escaped (`escape`), so the only typst syntax in the output is
//! the syntax written here; the charts travel as separate in-memory files, never through the
//! source. (`let _ = write!(…)` throughout: writing to a `String` cannot fail.)
//!
//! This file writes the report in reading order (settings, cover, contents, chapters and their
//! blocks); the page design is `typeset/preamble.typ`, tables are `typeset/table.rs` and the
//! annex is `typeset/annex.rs`.

mod annex;
mod table;

use std::fmt::Write as _;

use rapporteur_report::{Block, ChartBlock, DocSection, Document, Words};

use crate::escape::{escape_markup, escape_string};
use crate::markdown::markdown_to_typst;
use annex::write_annex;
use table::write_table;

/// The typst source of a report and the files it refers to (path, bytes).
pub(crate) struct ReportSource {
    pub(crate) main: String,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

/// The page design (`typeset/preamble.typ`). Fonts are the ones `typst-assets` ships
/// (Libertinus Serif for text, DejaVu Sans Mono for rule keys); the cover (page 1) has neither
/// running header nor page number.
const PREAMBLE: &str = include_str!("typeset/preamble.typ");

/// Builds the typst source of `document`.
pub(crate) fn report_source(document: &Document) -> ReportSource {
    let mut source = ReportSource { main: String::new(), files: Vec::new() };
    write_settings(&mut source.main, document);
    write_cover(&mut source.main, document);
    let _ = writeln!(
        source.main,
        "#outline(title: [{}], depth: 3, indent: auto)\n",
        escape_markup(&document.words.contents)
    );
    let mut counters = Counters::default();
    for chapter in &document.chapters {
        let _ = writeln!(source.main, "#heading(level: 1)[{}]\n", numbered(&chapter.number, &chapter.title));
        for section in &chapter.sections {
            write_section(&mut source, section, &document.words, &mut counters);
        }
    }
    write_annex(&mut source.main, &document.annex.findings, &document.words);
    for block in &document.annex.blocks {
        write_block(&mut source, block, &document.words, &mut counters);
    }
    source
}

/// The document's settings: the title and cycle the running header shows, the metadata (no
/// date), the text's font and language, then the page design.
fn write_settings(out: &mut String, document: &Document) {
    let _ = writeln!(out, "#let report-title = [{}]", escape_markup(&document.title));
    let _ = writeln!(out, "#let report-cycle = [{}]", escape_markup(&document.cycle));
    let _ = writeln!(out, "#set document(title: \"{}\", date: none)", escape_string(&document.title));
    let _ = writeln!(out, "#set text(font: \"Libertinus Serif\", size: 10.5pt{})", text_lang(&document.lang));
    out.push_str(PREAMBLE);
}

/// The cover: title, cycle and language, on a page of its own without header or footer; the
/// notice that the translation is an unreviewed draft when any text is one.
fn write_cover(out: &mut String, document: &Document) {
    let notice = if document.has_drafts() {
        format!(
            "#v(1em)\n#text(size: 12pt, style: \"italic\")[{}]\n",
            escape_markup(&document.words.draft_notice)
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "#page(header: none, footer: none)[\n#set par(justify: false)\n#v(1fr)\n\
         #text(size: 26pt, weight: \"bold\")[{}]\n#v(0.6em)\n#text(size: 16pt)[{}]\n{notice}#v(2fr)\n\
         #text(size: 11pt, fill: luma(70), tracking: 0.15em)[{}]\n]\n\n",
        escape_markup(&document.title),
        escape_markup(&document.cycle),
        escape_markup(&document.lang.to_uppercase())
    );
}

/// Numbers that make labels and file names unique within one document.
#[derive(Default)]
struct Counters {
    narratives: usize,
    charts: usize,
}

/// The `lang:` argument of `text`, if the document's language is a plain language code (typst
/// rejects anything else, and hyphenation and quotes follow it).
fn text_lang(lang: &str) -> String {
    let code = lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) {
        format!(", lang: \"{code}\"")
    } else {
        String::new()
    }
}

/// A heading's body: its number, a gap, its title.
fn numbered(number: &str, title: &str) -> String {
    if number.trim().is_empty() {
        escape_markup(title)
    } else {
        format!("{}#h(0.6em){}", escape_markup(number), escape_markup(title))
    }
}

/// A section: its heading, then its blocks.
fn write_section(source: &mut ReportSource, section: &DocSection, words: &Words, counters: &mut Counters) {
    // The chapter is level 1, so a section is at least level 2 whatever its number says.
    let level = section.depth.max(2);
    let _ =
        writeln!(source.main, "#heading(level: {level})[{}]\n", numbered(&section.number, &section.title));
    for block in &section.blocks {
        write_block(source, block, words, counters);
    }
}

/// One block of a section: an actor's text (its footnotes labelled apart from every other
/// text's), the note that it awaits translation, a table, or a chart (as a file of its own).
fn write_block(source: &mut ReportSource, block: &Block, words: &Words, counters: &mut Counters) {
    match block {
        Block::Narrative { actor, markdown, draft } => {
            counters.narratives += 1;
            if !actor.trim().is_empty() {
                let _ = writeln!(
                    source.main,
                    "#contribution[{} {}]\n",
                    escape_markup(&words.contribution_of),
                    escape_markup(actor)
                );
            }
            if *draft {
                let _ = writeln!(source.main, "#emph[{}]\n", escape_markup(&words.draft_translation));
            }
            source.main.push_str(&markdown_to_typst(markdown, &format!("fn-{}", counters.narratives)));
        }
        Block::AwaitingTranslation { actor, available_in } => {
            let languages: Vec<String> = available_in.iter().map(|lang| lang.to_uppercase()).collect();
            let _ = writeln!(
                source.main,
                "#awaiting[{} {}][{} {}]\n",
                escape_markup(&words.contribution_of),
                escape_markup(actor),
                escape_markup(&words.awaiting_translation),
                escape_markup(&languages.join(", "))
            );
        }
        Block::Table(table) => write_table(&mut source.main, table),
        Block::Chart(chart) => {
            counters.charts += 1;
            write_chart(source, chart, counters.charts);
        }
    }
}

/// A figure's caption: the numbered title in bold, then the caption's lines when the title does
/// not already contain them.
fn caption(title: &str, caption: &str) -> String {
    let mut text = format!("#strong[{}]", escape_markup(title));
    let caption = caption.trim();
    if !caption.is_empty() && !title.contains(caption) {
        for line in caption.lines().filter(|line| !line.trim().is_empty()) {
            let _ = write!(text, "#linebreak(){}", escape_markup(line.trim()));
        }
    }
    text
}

/// A chart as a figure: the SVG as a file of its own (`/charts/chart-N.svg`), the title as
/// its alternative text, the caption and source below.
fn write_chart(source: &mut ReportSource, chart: &ChartBlock, index: usize) {
    let path = format!("/charts/chart-{index}.svg");
    let _ = writeln!(
        source.main,
        "#figure(kind: image, supplement: none, numbering: none,\n\
         image(\"{path}\", width: 100%, alt: \"{}\"),\n\
         caption: [{}{}],\n)\n",
        escape_string(&chart.title),
        caption(&chart.title, &chart.caption),
        if chart.source.trim().is_empty() {
            String::new()
        } else {
            format!("#linebreak()#text(size: 8pt)[{}]", escape_markup(&chart.source))
        }
    );
    source.files.push((path, chart.svg.as_bytes().to_vec()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_checked() {
        assert_eq!(text_lang("nl"), ", lang: \"nl\"");
        assert_eq!(text_lang("fr-BE"), ", lang: \"fr\"");
        assert_eq!(text_lang("x\"y"), "");
    }
}

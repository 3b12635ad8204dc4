//! The report as one self-contained HTML file per language: styles and charts inline, semantic
//! tables (`caption`, `th scope`), a table of contents with anchors, `lang` on the document,
//! dark text on white, and a print style for A4.
//!
//! This file writes the page and its parts in reading order (head, contents, chapters, annex);
//! tables and charts are in `html/figures.rs`, the style sheet in `html/style.css`, and an
//! actor's Markdown text as HTML in `html/actor_text.rs`.

mod actor_text;
mod figures;

use std::io::{self, Write};

pub use actor_text::{markdown_options, markdown_to_html, safe_url};

use crate::document::{Annex, AnnexFinding, Block, DocChapter, DocSection, Document, Words};
use crate::escape::xml;
use figures::{chart_html, table_html};

/// The page's style sheet: dark text on white, tables and figures, and A4 for print.
const STYLE: &str = include_str!("html/style.css");

/// The anchor of a chapter or section: `11.1` → `s-11-1`.
fn anchor(number: &str) -> String {
    format!("s-{}", number.replace('.', "-"))
}

/// Writes the whole document as one HTML page.
pub fn render_html(document: &Document, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="{}">"#, xml(&document.lang))?;
    head_html(out, document)?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header><h1>{}</h1>", xml(&document.title))?;
    if document.has_drafts() {
        writeln!(out, r#"<p class="draft-notice" role="note">{}</p>"#, xml(&document.words.draft_notice))?;
    }
    writeln!(out, "</header>")?;
    contents_html(out, document)?;
    writeln!(out, "<main>")?;
    for chapter in &document.chapters {
        chapter_html(out, chapter, &document.words)?;
    }
    annex_html(out, &document.annex, &document.words)?;
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// The `head`: character set, viewport, the title and the style sheet.
fn head_html(out: &mut impl Write, document: &Document) -> io::Result<()> {
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    // The file is read far from the portal, which sends a policy with every page; it carries
    // its own: it loads nothing from anywhere, runs no script, and only styles itself.
    writeln!(
        out,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">"#
    )?;
    writeln!(out, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)?;
    // The title usually names the cycle already; name it once.
    let title = if document.title.contains(&document.cycle) {
        document.title.clone()
    } else {
        format!("{} {}", document.title, document.cycle)
    };
    writeln!(out, "<title>{}</title>", xml(&title))?;
    writeln!(out, "<style>\n{STYLE}</style>")?;
    writeln!(out, "</head>")
}

/// The table of contents: each chapter with its sections (the first level below it), then the
/// annex.
fn contents_html(out: &mut impl Write, document: &Document) -> io::Result<()> {
    writeln!(
        out,
        r#"<nav aria-labelledby="contents"><h2 id="contents">{}</h2><ol>"#,
        xml(&document.words.contents)
    )?;
    for chapter in &document.chapters {
        write!(out, "<li>{}", contents_link(&chapter.number, &chapter.title))?;
        let sections: Vec<_> = chapter.sections.iter().filter(|s| s.depth == 2).collect();
        if !sections.is_empty() {
            write!(out, "<ol>")?;
            for s in sections {
                write!(out, "<li>{}</li>", contents_link(&s.number, &s.title))?;
            }
            write!(out, "</ol>")?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, r##"<li><a href="#annex">{}</a></li></ol></nav>"##, xml(&document.words.annex_title))
}

/// A link in the table of contents to a numbered chapter or section.
fn contents_link(number: &str, title: &str) -> String {
    format!(r##"<a href="#{}">{} {}</a>"##, anchor(number), xml(number), xml(title))
}

/// A chapter as a `section`: its heading, then its sections.
fn chapter_html(out: &mut impl Write, chapter: &DocChapter, words: &Words) -> io::Result<()> {
    writeln!(out, r#"<section id="{}">"#, anchor(&chapter.number))?;
    writeln!(out, "<h2>{} {}</h2>", xml(&chapter.number), xml(&chapter.title))?;
    for section in &chapter.sections {
        section_html(out, section, words)?;
    }
    writeln!(out, "</section>")
}

/// A section: its heading (none for the chapter's own text, which the chapter heads), then its
/// blocks.
fn section_html(out: &mut impl Write, section: &DocSection, words: &Words) -> io::Result<()> {
    if section.depth > 1 {
        let level = (section.depth + 1).min(6);
        writeln!(
            out,
            r#"<h{level} id="{}">{} {}</h{level}>"#,
            anchor(&section.number),
            xml(&section.number),
            xml(&section.title)
        )?;
    }
    for block in &section.blocks {
        block_html(out, block, words)?;
    }
    Ok(())
}

/// One block of a section: an actor's text (or the note that it awaits translation), a table or
/// a chart.
fn block_html(out: &mut impl Write, block: &Block, words: &Words) -> io::Result<()> {
    match block {
        Block::Narrative { actor, markdown, draft } => {
            writeln!(out, r#"<p class="contribution">{} {}</p>"#, xml(&words.contribution_of), xml(actor))?;
            if *draft {
                writeln!(out, r#"<p class="draft" role="note">{}</p>"#, xml(&words.draft_translation))?;
            }
            writeln!(out, "{}", markdown_to_html(markdown))
        }
        Block::AwaitingTranslation { actor, available_in } => writeln!(
            out,
            r#"<p class="awaiting" role="note"><strong>{} {}</strong> — {} {}</p>"#,
            xml(&words.contribution_of),
            xml(actor),
            xml(&words.awaiting_translation),
            xml(&available_in.join(", "))
        ),
        Block::Table(table) => table_html(out, table),
        Block::Chart(chart) => chart_html(out, chart),
    }
}

/// The data-quality annex: an introduction and the findings, or the note that there are none.
fn annex_html(out: &mut impl Write, annex: &Annex, words: &Words) -> io::Result<()> {
    writeln!(out, r#"<section id="annex"><h2>{}</h2>"#, xml(&words.annex_title))?;
    if annex.findings.is_empty() {
        writeln!(out, "<p>{}</p>", xml(&words.no_findings))?;
    } else {
        writeln!(out, "<p>{}</p>", xml(&words.annex_intro))?;
        for finding in &annex.findings {
            finding_html(out, finding, words)?;
        }
    }
    for block in &annex.blocks {
        block_html(out, block, words)?;
    }
    writeln!(out, "</section>")
}

/// One finding: its severity, rule, message and tables, and the actor's explanation if given.
fn finding_html(out: &mut impl Write, finding: &AnnexFinding, words: &Words) -> io::Result<()> {
    let tables: Vec<String> = finding.tables.iter().map(u32::to_string).collect();
    let tables = if tables.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"tables\">({} {})</span>", xml(&words.table), tables.join(", "))
    };
    writeln!(
        out,
        r#"<div class="finding"><span class="severity {}">{}</span> <code>{}</code> {}{tables}"#,
        xml(&finding.severity),
        xml(&finding.severity_label),
        xml(&finding.rule),
        xml(&finding.message)
    )?;
    if let Some(explanation) = &finding.explanation {
        writeln!(out, "<br><em>{}:</em> {}", xml(&words.explained), xml(explanation))?;
    }
    writeln!(out, "</div>")
}

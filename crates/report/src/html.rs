//! The report as one self-contained HTML file per language: styles and charts inline, semantic
//! tables (`caption`, `th scope`), a table of contents with anchors, `lang` on the document,
//! dark text on white, and a print style for A4.

use std::io::{self, Write};

use pulldown_cmark::{html, Event, Options, Parser, Tag};

use crate::document::{Block, ChartBlock, Document, TableBlock};
use crate::escape::xml;
use crate::table::header_spans;

const STYLE: &str = r#"
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: "Noto Serif", Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4, h5, h6 { font-family: "Noto Sans", Helvetica, Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.25rem; } h4 { font-size: 1.1rem; } h5, h6 { font-size: 1rem; }
a { color: #0b4f9c; }
nav ol { list-style: none; padding-left: 1.2rem; } nav > ol { padding-left: 0; }
.contribution { color: #444444; font-style: italic; margin-bottom: 0.3rem; }
.awaiting { border-left: 4px solid #b35900; background: #fff4e5; padding: 0.5rem 1rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-family: "Noto Sans", Helvetica, Arial, sans-serif; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.4rem; }
th, td { border: 1px solid #8c8c8c; padding: 0.2rem 0.5rem; }
thead th { background: #e8e8e8; }
td { text-align: right; font-variant-numeric: tabular-nums; }
tbody th { text-align: left; font-weight: normal; }
tr.total th, tr.total td { font-weight: bold; background: #f2f2f2; }
.source { font-size: 0.85rem; color: #444444; margin-top: -0.5rem; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: bold; font-family: "Noto Sans", Helvetica, Arial, sans-serif; }
.finding { margin-bottom: 0.8rem; } .severity { font-weight: bold; text-transform: uppercase; font-size: 0.8rem; }
.severity.error { color: #a50000; } .severity.warning { color: #8a4b00; } .severity.info { color: #1f4e79; }
@media print {
  @page { size: A4; margin: 20mm 18mm; }
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  nav { page-break-after: always; }
  h2 { page-break-before: always; }
  table, figure { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn anchor(number: &str) -> String {
    format!("s-{}", number.replace('.', "-"))
}

/// The Markdown an actor's text may use, in every output: CommonMark with footnotes, tables and
/// strikethrough.
pub fn markdown_options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES
}

/// Whether a link target is on the web, a mail address, or relative: the only links an actor's
/// text keeps in any output (never `javascript:` or `data:`).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// An actor's Markdown (`markdown_options`) as HTML; raw HTML in the text is escaped.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = markdown_options();
    let mut out = String::new();
    // An actor's text is data, not markup: raw HTML in it is shown as text, never run.
    // A link or image goes only to the web or to mail, never to `javascript:` or `data:`.
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Image { link_type, dest_url: "#".into(), title, id })
        }
        other => other,
    });
    html::push_html(&mut out, events);
    out
}

/// Writes the whole document as one HTML page.
pub fn render_html(document: &Document, out: &mut impl Write) -> io::Result<()> {
    let lang = xml(&document.lang);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="{lang}">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(out, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)?;
    // The title usually names the cycle already; name it once.
    let title = if document.title.contains(&document.cycle) {
        document.title.clone()
    } else {
        format!("{} {}", document.title, document.cycle)
    };
    writeln!(out, "<title>{}</title>", xml(&title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header><h1>{}</h1></header>", xml(&document.title))?;

    writeln!(
        out,
        r#"<nav aria-labelledby="contents"><h2 id="contents">{}</h2><ol>"#,
        xml(&document.words.contents)
    )?;
    for chapter in &document.chapters {
        write!(
            out,
            r##"<li><a href="#{}">{} {}</a>"##,
            anchor(&chapter.number),
            xml(&chapter.number),
            xml(&chapter.title)
        )?;
        let sections: Vec<_> = chapter.sections.iter().filter(|s| s.depth == 2).collect();
        if !sections.is_empty() {
            write!(out, "<ol>")?;
            for s in sections {
                write!(
                    out,
                    r##"<li><a href="#{}">{} {}</a></li>"##,
                    anchor(&s.number),
                    xml(&s.number),
                    xml(&s.title)
                )?;
            }
            write!(out, "</ol>")?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, r##"<li><a href="#annex">{}</a></li></ol></nav>"##, xml(&document.words.annex_title))?;

    writeln!(out, "<main>")?;
    for chapter in &document.chapters {
        writeln!(out, r#"<section id="{}">"#, anchor(&chapter.number))?;
        writeln!(out, "<h2>{} {}</h2>", xml(&chapter.number), xml(&chapter.title))?;
        for section in &chapter.sections {
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
                match block {
                    Block::Narrative { actor, markdown } => {
                        writeln!(
                            out,
                            r#"<p class="contribution">{} {}</p>"#,
                            xml(&document.words.contribution_of),
                            xml(actor)
                        )?;
                        writeln!(out, "{}", markdown_to_html(markdown))?;
                    }
                    Block::AwaitingTranslation { actor, available_in } => writeln!(
                        out,
                        r#"<p class="awaiting" role="note"><strong>{} {}</strong> — {} {}</p>"#,
                        xml(&document.words.contribution_of),
                        xml(actor),
                        xml(&document.words.awaiting_translation),
                        xml(&available_in.join(", "))
                    )?,
                    Block::Table(table) => table_html(out, table)?,
                    Block::Chart(chart) => chart_html(out, chart)?,
                }
            }
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, r#"<section id="annex"><h2>{}</h2>"#, xml(&document.words.annex_title))?;
    if document.annex.findings.is_empty() {
        writeln!(out, "<p>{}</p>", xml(&document.words.no_findings))?;
    } else {
        writeln!(out, "<p>{}</p>", xml(&document.words.annex_intro))?;
        for f in &document.annex.findings {
            let tables: Vec<String> = f.tables.iter().map(u32::to_string).collect();
            let tables = if tables.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"tables\">({} {})</span>",
                    xml(&document.words.table),
                    tables.join(", ")
                )
            };
            writeln!(
                out,
                r#"<div class="finding"><span class="severity {}">{}</span> <code>{}</code> {}{tables}"#,
                xml(&f.severity),
                xml(&f.severity),
                xml(&f.rule),
                xml(&f.message)
            )?;
            if let Some(explanation) = &f.explanation {
                writeln!(out, "<br><em>{}:</em> {}", xml(&document.words.explained), xml(explanation))?;
            }
            writeln!(out, "</div>")?;
        }
    }
    writeln!(out, "</section>")?;
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

fn table_html(out: &mut impl Write, table: &TableBlock) -> io::Result<()> {
    // Wide tables scroll on their own on a narrow screen instead of widening the page.
    writeln!(out, r#"<div class="table-wrap"><table id="table-{}">"#, table.number)?;
    writeln!(out, "<caption>{}</caption>", xml(&table.title))?;
    writeln!(out, "<thead>")?;
    let levels = table.column_headers.len();
    let columns = table.column_headers.iter().map(Vec::len).max().unwrap_or_default();
    for (level, groups) in header_spans(&table.column_headers, columns).iter().enumerate() {
        write!(out, "<tr>")?;
        if level == 0 {
            for name in &table.row_header {
                write!(out, r#"<th scope="col" rowspan="{levels}">{}</th>"#, xml(name))?;
            }
        }
        // An outer label spans the columns that repeat it.
        for (label, span) in groups {
            let scope = if *span > 1 { "colgroup" } else { "col" };
            write!(out, r#"<th scope="{scope}" colspan="{span}">{}</th>"#, xml(label))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</thead>")?;
    writeln!(out, "<tbody>")?;
    for row in &table.rows {
        write!(out, "{}", if row.total { r#"<tr class="total">"# } else { "<tr>" })?;
        for label in &row.labels {
            write!(out, r#"<th scope="row">{}</th>"#, xml(label))?;
        }
        for cell in &row.cells {
            write!(out, "<td>{}</td>", xml(&cell.text))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, r#"<p class="source">{}</p>"#, xml(&table.source))?;
    for (i, footnote) in table.footnotes.iter().enumerate() {
        writeln!(out, r#"<p class="source">({}) {}</p>"#, i + 1, xml(footnote))?;
    }
    Ok(())
}

fn chart_html(out: &mut impl Write, chart: &ChartBlock) -> io::Result<()> {
    writeln!(out, r#"<figure id="figure-{}">"#, chart.number)?;
    writeln!(out, "{}", chart.svg)?;
    writeln!(out, "<figcaption>{}</figcaption>", xml(&chart.title))?;
    writeln!(out, r#"<p class="source">{}</p>"#, xml(&chart.source))?;
    writeln!(out, "</figure>")
}

#[cfg(test)]
mod tests {
    use super::{markdown_to_html, table_html};
    use crate::document::TableBlock;

    #[test]
    fn a_header_label_never_spans_across_an_outer_group() {
        let level = |labels: &[&str]| labels.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let table = TableBlock {
            number: 1,
            title: String::new(),
            caption: String::new(),
            row_header: vec![String::new()],
            column_headers: vec![
                level(&["2019", "2019", "2020", "2020"]),
                level(&["F", "F", "F", "F"]),
                level(&["n", "%", "n", "%"]),
            ],
            rows: Vec::new(),
            source: String::new(),
            footnotes: Vec::new(),
        };
        let mut out = Vec::new();
        table_html(&mut out, &table).unwrap_or_else(|e| panic!("{e}"));
        let html = String::from_utf8(out).unwrap_or_default();
        assert_eq!(html.matches(r#"<th scope="colgroup" colspan="2">F</th>"#).count(), 2, "{html}");
    }

    #[test]
    fn an_actors_text_cannot_carry_markup_or_script() {
        let html = markdown_to_html(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](https://www.myria.be) [c](#s-11) ![d](data:image/svg+xml,x)",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:") && !html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://www.myria.be\"") && html.contains("href=\"#s-11\""), "{html}");
    }
}

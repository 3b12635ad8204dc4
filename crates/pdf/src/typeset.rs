//! `Document` → typst source: the page design (preamble) and the report's content as markup.
//!
//! Every text of the document is escaped (`escape`), so the only typst syntax in the output is
//! the syntax written here; the charts travel as separate in-memory files, never through the
//! source. (`let _ = write!(…)` throughout: writing to a `String` cannot fail.)

use std::fmt::Write as _;

use rapporteur_report::{
    header_spans, AnnexFinding, Block, ChartBlock, DocSection, Document, TableBlock, TableRow, Words,
};

use crate::escape::{escape_markup, escape_string};
use crate::markdown::markdown_to_typst;

/// The typst source of a report and the files it refers to (path, bytes).
pub(crate) struct ReportSource {
    pub(crate) main: String,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

/// The page design. Fonts are the ones `typst-assets` ships (Libertinus Serif for text, DejaVu
/// Sans Mono for rule keys); the cover (page 1) has neither running header nor page number.
const PREAMBLE: &str = r##"#set par(justify: true, leading: 0.6em, spacing: 1.05em)
#set page(
  paper: "a4",
  margin: (left: 2.4cm, right: 2.4cm, top: 2.7cm, bottom: 2.4cm),
  header: context if here().page() > 1 {
    set text(size: 8.5pt, fill: luma(70))
    set par(justify: false)
    grid(columns: (1fr, auto), column-gutter: 1.5em, report-title, report-cycle)
    v(-0.35em)
    line(length: 100%, stroke: 0.4pt + luma(150))
  },
  footer: context if here().page() > 1 {
    set align(center)
    set text(size: 9pt)
    counter(page).display("1")
  },
)
#set heading(numbering: none)
#show heading: set par(justify: false)
#show heading.where(level: 1): it => pagebreak(weak: true) + it
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 1): set block(below: 1.1em)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 2): set block(above: 1.6em, below: 0.9em)
#show heading.where(level: 3): set text(size: 11.5pt)
#show heading.where(level: 3): set block(above: 1.4em, below: 0.8em)
#show heading.where(level: 4): set text(size: 10.5pt, style: "italic")
#show heading.where(level: 4): set block(above: 1.3em, below: 0.7em)
#show outline.entry.where(level: 1): set text(weight: "bold")
#show outline.entry.where(level: 1): set block(above: 1em)
#show footnote.entry: set text(size: 8.5pt)
#show footnote.entry: set par(justify: false)
#show figure: set block(breakable: true, above: 1.4em, below: 1.4em)
#show figure: set align(left)
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.caption: set align(left)
#show figure.caption: set text(size: 9.5pt)
#show figure.caption: set par(justify: false)
#set table(stroke: none)
#show table: set text(number-width: "tabular")
#show table: set par(justify: false)
#let notes(..items) = block(above: 0.6em, below: 0em, width: 100%, {
  set text(size: 8pt)
  set par(justify: false, spacing: 0.4em)
  items.pos().join(parbreak())
})
#let contribution(actor) = block(above: 1.3em, below: 0.6em, sticky: true,
  text(size: 8.5pt, fill: luma(90), style: "italic", actor))
#let awaiting(head, body) = block(width: 100%, breakable: false, above: 1.3em, below: 1.3em,
  inset: (x: 10pt, y: 8pt), fill: rgb("#fdf3dc"), stroke: (left: 2.5pt + rgb("#c98a00")), {
  set par(justify: false)
  strong(head)
  linebreak()
  body
})
#let finding(head, message, explanation) = block(width: 100%, breakable: false, above: 1em, below: 1em,
  inset: (top: 6pt), stroke: (top: 0.4pt + luma(170)), {
  set par(justify: false)
  block(below: 0.5em, text(size: 8.5pt, fill: luma(60), head))
  message
  if explanation != none { block(above: 0.5em, inset: (left: 1em), explanation) }
})
"##;

/// Builds the typst source of `document`.
pub(crate) fn report_source(document: &Document) -> ReportSource {
    let mut source = ReportSource { main: String::new(), files: Vec::new() };
    let out = &mut source.main;
    let title = escape_markup(&document.title);
    let cycle = escape_markup(&document.cycle);
    let _ = writeln!(out, "#let report-title = [{title}]");
    let _ = writeln!(out, "#let report-cycle = [{cycle}]");
    let _ = writeln!(out, "#set document(title: \"{}\", date: none)", escape_string(&document.title));
    let _ = writeln!(out, "#set text(font: \"Libertinus Serif\", size: 10.5pt{})", text_lang(&document.lang));
    out.push_str(PREAMBLE);

    let _ = write!(
        out,
        "#page(header: none, footer: none)[\n#set par(justify: false)\n#v(1fr)\n\
         #text(size: 26pt, weight: \"bold\")[{title}]\n#v(0.6em)\n#text(size: 16pt)[{cycle}]\n#v(2fr)\n\
         #text(size: 11pt, fill: luma(70), tracking: 0.15em)[{}]\n]\n\n",
        escape_markup(&document.lang.to_uppercase())
    );
    let _ = writeln!(
        out,
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
    source
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

fn write_section(source: &mut ReportSource, section: &DocSection, words: &Words, counters: &mut Counters) {
    // The chapter is level 1, so a section is at least level 2 whatever its number says.
    let level = section.depth.max(2);
    let _ =
        writeln!(source.main, "#heading(level: {level})[{}]\n", numbered(&section.number, &section.title));
    for block in &section.blocks {
        match block {
            Block::Narrative { actor, markdown } => {
                counters.narratives += 1;
                if !actor.trim().is_empty() {
                    let _ = writeln!(
                        source.main,
                        "#contribution[{} {}]\n",
                        escape_markup(&words.contribution_of),
                        escape_markup(actor)
                    );
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

fn write_table(out: &mut String, table: &TableBlock) {
    let label_columns = table
        .rows
        .iter()
        .map(|row| row.labels.len())
        .chain([table.row_header.len()])
        .max()
        .unwrap_or_default();
    let value_columns = table
        .rows
        .iter()
        .map(|row| row.cells.len())
        .chain(table.column_headers.iter().map(Vec::len))
        .max()
        .unwrap_or_default();
    let has_row_header = table.row_header.iter().any(|name| !name.trim().is_empty());
    let header_rows = table.column_headers.len().max(usize::from(has_row_header));

    let _ = writeln!(
        out,
        "#figure(kind: table, supplement: none, numbering: none, caption: [{}], [",
        caption(&table.title, &table.caption)
    );
    // A4's text width (about 460 pt) holds a label column and some six value columns at 8.5 pt;
    // the seed's widest tables have twelve (six codes × count and %), which fit at 7 pt.
    let (size, inset) = match value_columns {
        0..=6 => (8.5, 6.0),
        7..=10 => (7.5, 4.5),
        _ => (7.0, 3.5),
    };
    let columns = column_widths(table, label_columns, value_columns, size, inset);
    let _ = writeln!(out, "#set text(size: {size}pt)");
    let _ = writeln!(
        out,
        "#table(columns: ({columns}), inset: (x: {inset}pt, y: 3pt), \
         align: (x, y) => if x < {label_columns} {{ left + horizon }} else if y < {header_rows} {{ center + horizon }} else {{ right + horizon }}, \
         fill: (x, y) => if y < {header_rows} {{ luma(234) }},"
    );
    if header_rows > 0 {
        out.push_str("table.header(table.hline(stroke: 0.7pt),\n");
        for column in 0..label_columns {
            let name = table.row_header.get(column).map(String::as_str).unwrap_or_default();
            let _ = write!(out, "table.cell(rowspan: {header_rows})[#strong[{}]], ", escape_markup(name));
        }
        let spans = header_spans(&table.column_headers, value_columns);
        for row in 0..header_rows {
            match spans.get(row) {
                Some(groups) => {
                    for (label, span) in groups {
                        let _ =
                            write!(out, "table.cell(colspan: {span})[#strong[{}]], ", escape_markup(label));
                    }
                }
                None => out.push_str(&"[], ".repeat(value_columns)),
            }
            out.push('\n');
        }
        out.push_str("table.hline(stroke: 0.5pt)),\n");
    } else {
        out.push_str("table.hline(stroke: 0.7pt),\n");
    }
    let mut previous_total = false;
    for row in &table.rows {
        // A total row is set off by a rule, once for a run of total rows.
        if row.total && !previous_total {
            out.push_str("table.hline(stroke: 0.4pt),\n");
        }
        previous_total = row.total;
        write_row(out, row, label_columns, value_columns);
    }
    out.push_str("table.hline(stroke: 0.7pt),\n)\n");

    let notes: Vec<String> = [&table.source]
        .into_iter()
        .chain(&table.footnotes)
        .filter(|note| !note.trim().is_empty())
        .map(|note| format!("[{}]", escape_markup(note)))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "#notes({})", notes.join(", "));
    }
    out.push_str("])\n\n");
}

/// The table's column widths. All value columns have one width: typst widens only the last
/// column under a spanning header ("2019" over "n" and "%"), which would leave a group's columns
/// lopsided. That width fits the widest figure (at least 4.5 em); when the columns would not fit
/// the page that way, they share the width left by the labels (`1fr`). A label column is as wide
/// as its longest label, but at most its share of 35 % of the width, so that long labels wrap
/// instead of squeezing the figures.
fn column_widths(
    table: &TableBlock,
    label_columns: usize,
    value_columns: usize,
    size: f64,
    inset: f64,
) -> String {
    // Libertinus Serif's figures and average letters are about half an em wide; a little more
    // covers bold totals.
    const EM_PER_CHARACTER: f64 = 0.55;
    // A4 (595 pt) minus the margins (2 × 2.4 cm = 136 pt).
    const TEXT_WIDTH_PT: f64 = 459.0;
    let text_width = |characters: usize| characters as f64 * size * EM_PER_CHARACTER + 2.0 * inset;

    let mut widths = Vec::with_capacity(label_columns + value_columns);
    let mut labels_width = 0.0;
    for column in 0..label_columns {
        let longest = table
            .rows
            .iter()
            .filter_map(|row| row.labels.get(column))
            .chain(table.row_header.get(column))
            .map(|label| label.chars().count())
            .max()
            .unwrap_or_default();
        let share = 0.35 / label_columns as f64;
        let estimate = text_width(longest);
        if estimate > share * TEXT_WIDTH_PT {
            labels_width += share * TEXT_WIDTH_PT;
            widths.push(format!("{:.1}%", share * 100.0));
        } else {
            labels_width += estimate;
            widths.push("auto".to_owned());
        }
    }

    let widest_value = table
        .rows
        .iter()
        .flat_map(|row| row.cells.iter().map(|cell| cell.text.chars().count()))
        .chain(table.column_headers.last().into_iter().flatten().map(|label| label.chars().count()))
        .max()
        .unwrap_or_default();
    let value_width = text_width(widest_value).max(4.5 * size);
    let value = if labels_width + value_columns as f64 * value_width <= TEXT_WIDTH_PT {
        format!("{value_width:.1}pt")
    } else {
        "1fr".to_owned()
    };
    widths.extend(std::iter::repeat_n(value, value_columns));
    if widths.is_empty() {
        widths.push("auto".to_owned());
    }
    // A trailing comma keeps a single width an array in typst.
    format!("{},", widths.join(", "))
}

fn write_row(out: &mut String, row: &TableRow, label_columns: usize, value_columns: usize) {
    let cell = |text: &str, bold: bool| {
        let text = escape_markup(text);
        if bold && !text.is_empty() {
            format!("[#strong[{text}]], ")
        } else {
            format!("[{text}], ")
        }
    };
    for column in 0..label_columns {
        out.push_str(&cell(row.labels.get(column).map(String::as_str).unwrap_or_default(), row.total));
    }
    for column in 0..value_columns {
        match row.cells.get(column) {
            Some(value) => out.push_str(&cell(&value.text, row.total || value.total)),
            None => out.push_str("[], "),
        }
    }
    out.push('\n');
}

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

fn write_annex(out: &mut String, findings: &[AnnexFinding], words: &Words) {
    let _ = writeln!(out, "#heading(level: 1)[{}]\n", escape_markup(&words.annex_title));
    let _ = writeln!(out, "{}\n", escape_markup(&words.annex_intro));
    if findings.is_empty() {
        let _ = writeln!(out, "{}\n", escape_markup(&words.no_findings));
    }
    for finding in findings {
        let mut head = format!("#strong[{}]", escape_markup(&finding.severity));
        for part in [&finding.rule, &tables_list(&finding.tables, &words.table)] {
            if !part.is_empty() {
                let _ = write!(head, " · {}", escape_markup(part));
            }
        }
        if !finding.key.is_empty() {
            let _ = write!(head, " · #raw(\"{}\")", escape_string(&finding.key));
        }
        let explanation = match &finding.explanation {
            Some(text) => format!("[#emph[{}:] {}]", escape_markup(&words.explained), escape_markup(text)),
            None => "none".to_owned(),
        };
        let _ = writeln!(out, "#finding([{head}], [{}], {explanation})\n", escape_markup(&finding.message));
    }
}

/// "Tabel 3, 17" for the tables a finding concerns; empty for none.
fn tables_list(tables: &[u32], table_word: &str) -> String {
    if tables.is_empty() {
        return String::new();
    }
    let numbers: Vec<String> = tables.iter().map(u32::to_string).collect();
    format!("{table_word} {}", numbers.join(", "))
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

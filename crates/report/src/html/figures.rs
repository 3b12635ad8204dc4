//! A numbered table and a chart as HTML: the table semantic (`caption`, `th scope`, header
//! groups spanning their columns) and scrolling on its own on a narrow screen, the chart an
//! inline SVG in a `figure`; each followed by its source line.

use std::io::{self, Write};

use crate::document::{ChartBlock, TableBlock, TableRow};
use crate::escape::xml;
use crate::table::header_spans;

/// Writes a numbered table: its caption, header rows, body rows and notes.
pub(super) fn table_html(out: &mut impl Write, table: &TableBlock) -> io::Result<()> {
    // Wide tables scroll on their own on a narrow screen instead of widening the page.
    writeln!(out, r#"<div class="table-wrap"><table id="table-{}">"#, table.number)?;
    writeln!(out, "<caption>{}</caption>", xml(&table.title))?;
    table_head_html(out, table)?;
    writeln!(out, "<tbody>")?;
    for row in &table.rows {
        table_row_html(out, row)?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, r#"<p class="source">{}</p>"#, xml(&table.source))?;
    for (i, footnote) in table.footnotes.iter().enumerate() {
        writeln!(out, r#"<p class="source">({}) {}</p>"#, i + 1, xml(footnote))?;
    }
    Ok(())
}

/// The header rows: the row-label names span all levels, and an outer label spans the columns
/// that repeat it.
fn table_head_html(out: &mut impl Write, table: &TableBlock) -> io::Result<()> {
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
        for (label, span) in groups {
            let scope = if *span > 1 { "colgroup" } else { "col" };
            write!(out, r#"<th scope="{scope}" colspan="{span}">{}</th>"#, xml(label))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</thead>")
}

/// One body row: its labels as row headers, then its figures; a total row is marked as such.
fn table_row_html(out: &mut impl Write, row: &TableRow) -> io::Result<()> {
    write!(out, "{}", if row.total { r#"<tr class="total">"# } else { "<tr>" })?;
    for label in &row.labels {
        write!(out, r#"<th scope="row">{}</th>"#, xml(label))?;
    }
    for cell in &row.cells {
        if cell.is_text {
            // A breakdown's items, one a line, as the seed prints them.
            let lines: Vec<String> = cell.text.lines().map(xml).collect();
            write!(out, r#"<td class="text">{}</td>"#, lines.join("<br>"))?;
        } else {
            write!(out, "<td>{}</td>", xml(&cell.text))?;
        }
    }
    writeln!(out, "</tr>")
}

/// Writes a chart: the SVG inline, its title as the figure's caption, its source.
pub(super) fn chart_html(out: &mut impl Write, chart: &ChartBlock) -> io::Result<()> {
    writeln!(out, r#"<figure id="figure-{}">"#, chart.number)?;
    writeln!(out, "{}", chart.svg)?;
    writeln!(out, "<figcaption>{}</figcaption>", xml(&chart.title))?;
    writeln!(out, r#"<p class="source">{}</p>"#, xml(&chart.source))?;
    writeln!(out, "</figure>")
}

#[cfg(test)]
mod tests {
    use super::table_html;
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
}

//! Actors' Markdown → typst markup: paragraphs, emphasis, lists, links, code, quotes, small
//! tables and footnotes (`[^12]` with a `[^12]: text` definition becomes a typst footnote).
//!
//! Markdown headings become bold paragraphs rather than typst headings: the report's structure
//! comes from the outline, and an actor's text must not add entries to the table of contents.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, Event, LinkType, Parser, Tag, TagEnd};

use crate::escape::{escape_markup, escape_string};

/// Converts `markdown` to typst markup (to stand at the top level of the document, between
/// paragraphs). Footnote labels start with `label_prefix`, which must be unique in the document
/// and a valid typst label (letters, digits, `-`).
///
/// A footnote definition that no reference uses is not shown: like CommonMark renderers, we print
/// a note only where the text calls it.
pub(crate) fn markdown_to_typst(markdown: &str, label_prefix: &str) -> String {
    let options = rapporteur_report::markdown_options();
    let mut definitions: BTreeMap<String, Vec<Event<'_>>> = BTreeMap::new();
    let mut body = Vec::new();
    let mut events = Parser::new_ext(markdown, options);
    // Definitions may stand anywhere (usually at the end) but typst wants a footnote's text where
    // it is called, so they are set apart first and written at their reference.
    while let Some(event) = events.next() {
        let Event::Start(Tag::FootnoteDefinition(label)) = event else {
            body.push(event);
            continue;
        };
        let mut inner = Vec::new();
        for event in events.by_ref() {
            if matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
                break;
            }
            inner.push(event);
        }
        // CommonMark keeps the first of two definitions with the same label.
        definitions.entry(label.to_string()).or_insert(inner);
    }

    let mut writer = Writer {
        out: String::new(),
        code: None,
        in_table_head: false,
        definitions: &definitions,
        labels: BTreeMap::new(),
        label_prefix,
    };
    writer.write_all(&body, true);
    trim_end(&mut writer.out);
    writer.out.push_str("\n\n");
    writer.out
}

struct Writer<'a, 'e> {
    out: String,
    /// The text of the code block being read, if inside one.
    code: Option<String>,
    /// Whether the cells being written are a table's header.
    in_table_head: bool,
    definitions: &'a BTreeMap<String, Vec<Event<'e>>>,
    /// The typst label given to each footnote already written, so that a second reference to the
    /// same note points at it instead of repeating it.
    labels: BTreeMap<String, String>,
    label_prefix: &'a str,
}

impl Writer<'_, '_> {
    fn write_all(&mut self, events: &[Event<'_>], footnotes: bool) {
        for event in events {
            self.write(event, footnotes);
        }
    }

    fn write(&mut self, event: &Event<'_>, footnotes: bool) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(text),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    self.out
                        .push_str(&format!("#raw(block: true, \"{}\")\n\n", escape_string(code.trim_end())));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.out.push_str(&escape_markup(text));
            }
            Event::Code(code) => self.out.push_str(&format!("#raw(\"{}\")", escape_string(code))),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.out.push_str(&escape_markup(math)),
            Event::FootnoteReference(label) => self.footnote(label, footnotes),
            // A soft break is a space; a raw newline would make the next line a possible list
            // marker.
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self.out.push_str("#line(length: 100%, stroke: 0.5pt + luma(150))\n\n"),
            Event::TaskListMarker(done) => self.out.push_str(if *done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::TableRow | Tag::MetadataBlock(_) => {}
            Tag::Heading { .. } => self.out.push_str("#block(sticky: true)[#strong["),
            Tag::BlockQuote(_) => self.out.push_str("#quote(block: true)["),
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::List(None) => self.out.push_str("#list("),
            Tag::List(Some(start)) => self.out.push_str(&format!("#enum(start: {start}, ")),
            Tag::Item => self.out.push('['),
            Tag::TableCell if self.in_table_head => self.out.push_str("[#strong["),
            Tag::TableCell => self.out.push('['),
            Tag::FootnoteDefinition(_) => {}
            Tag::DefinitionList => {}
            Tag::DefinitionListTitle => self.out.push_str("#strong["),
            Tag::DefinitionListDefinition => self.out.push_str("#pad(left: 1.5em)["),
            Tag::Table(alignments) => {
                let align: Vec<&str> = alignments
                    .iter()
                    .map(|alignment| match alignment {
                        Alignment::None | Alignment::Left => "left",
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                    })
                    .collect();
                // Ruled, with a shaded header: the report's own tables have no vertical rules,
                // but an actor's table is usually a list of long texts that needs them.
                self.out.push_str(&format!(
                    "#table(columns: {}, align: ({},), stroke: 0.4pt + luma(170), \
                     fill: (x, y) => if y == 0 {{ luma(234) }}, ",
                    alignments.len().max(1),
                    align.join(", ")
                ));
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.out.push_str("table.header(");
            }
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link { link_type, dest_url, .. } => {
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                // typst refuses an empty URL; a link without a target is just its text (`#[...]`),
                // and so is one the report does not keep (`javascript:`, `data:`).
                if url.is_empty() || !rapporteur_report::safe_url(&url) {
                    self.out.push_str("#[");
                } else {
                    self.out.push_str(&format!("#link(\"{}\")[", escape_string(&url)));
                }
            }
            // An image cannot be fetched (no network, no file system): its alt text stands in.
            Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                trim_end(&mut self.out);
                self.out.push_str("\n\n");
            }
            TagEnd::Heading(_) => self.close("]]\n\n"),
            TagEnd::BlockQuote(_) | TagEnd::DefinitionListDefinition => self.close("]\n\n"),
            TagEnd::DefinitionListTitle => self.close("]\n\n"),
            TagEnd::CodeBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_) => {}
            TagEnd::List(_) => self.close_call(")\n\n"),
            TagEnd::Item => self.close("], "),
            TagEnd::TableCell if self.in_table_head => self.close("]], "),
            TagEnd::TableCell => self.close("], "),
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.close_call("), ");
            }
            TagEnd::TableRow => {}
            TagEnd::Table => self.close_call(")\n\n"),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.out.push(']'),
            TagEnd::Image => {}
        }
    }

    fn footnote(&mut self, label: &str, footnotes: bool) {
        let definition = if footnotes { self.definitions.get(label) } else { None };
        let Some(definition) = definition else {
            // No definition (or a reference inside a footnote): show the reference as written.
            self.out.push_str(&escape_markup(&format!("[^{label}]")));
            return;
        };
        if let Some(typst_label) = self.labels.get(label) {
            self.out.push_str(&format!("#footnote(<{typst_label}>)"));
            return;
        }
        let typst_label = format!("{}-{}", self.label_prefix, self.labels.len() + 1);
        self.labels.insert(label.to_owned(), typst_label.clone());
        let mut note = Writer {
            out: String::new(),
            code: None,
            in_table_head: false,
            definitions: self.definitions,
            labels: BTreeMap::new(),
            label_prefix: "",
        };
        note.write_all(definition, false);
        trim_end(&mut note.out);
        self.out.push_str(&format!("#footnote[{}]<{typst_label}>", note.out));
    }

    /// Closes a container, dropping the paragraph break its last paragraph left (it would add
    /// space at the end of a list item or a quote).
    fn close(&mut self, closing: &str) {
        trim_end(&mut self.out);
        self.out.push_str(closing);
    }

    /// Closes a function call (a list, a table) whose last argument left a `, ` behind.
    fn close_call(&mut self, closing: &str) {
        trim_end(&mut self.out);
        if self.out.ends_with("],") {
            self.out.pop();
        }
        self.out.push_str(closing);
    }
}

/// Removes trailing ASCII whitespace. Escapes never end in whitespace (a space is never escaped),
/// so this cannot break an escape.
fn trim_end(out: &mut String) {
    let kept = out.trim_end_matches(|c: char| c.is_ascii_whitespace()).len();
    out.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_emphasis_and_links() {
        let typst = markdown_to_typst(
            "Eerste *zin*, **vet**.\nZelfde alinea.\n\nTweede [site](https://x.be/a_b).",
            "fn",
        );
        assert_eq!(
            typst,
            "Eerste #emph[zin], #strong[vet]\\. Zelfde alinea\\.\n\n\
             Tweede #link(\"https://x.be/a_b\")[site]\\.\n\n"
        );
    }

    #[test]
    fn a_link_the_report_does_not_keep_is_its_text() {
        let typst = markdown_to_typst("[a](javascript:alert(1)) [b](mailto:x@y.be)", "fn");
        assert!(typst.starts_with("#[a] ") && !typst.contains("javascript"), "{typst}");
        assert!(typst.contains("#link(\"mailto:x@y.be\")[b]"), "{typst}");
    }

    #[test]
    fn lists_become_list_and_enum_calls() {
        let typst = markdown_to_typst("- een\n- twee\n  1. drie\n\n3. vier\n", "fn");
        assert_eq!(typst, "#list([een], [twee#enum(start: 1, [drie])])\n\n#enum(start: 3, [vier])\n\n");
    }

    #[test]
    fn footnotes_are_written_at_their_reference() {
        let markdown = "Tekst[^12] en nog eens[^12], geen[^9].\n\n[^12]: De *bron* (2020).\n";
        let typst = markdown_to_typst(markdown, "fn-3");
        assert_eq!(
            typst,
            "Tekst#footnote[De #emph[bron] \\(2020\\)\\.]<fn-3-1> en nog eens#footnote(<fn-3-1>), geen\\[^9\\]\\.\n\n"
        );
    }

    proptest::proptest! {
        /// Whatever an actor writes, the result is valid typst syntax.
        #[test]
        fn any_markdown_gives_typst_without_syntax_errors(
            text in "[-*_#>`\\\\\\[\\]()!^:0-9a-z .|~<>$@=+/{}\"'\n]{0,160}",
            note in "[-*_#>`\\\\\\[\\]()!^:0-9a-z .|~<>$@=+/{}\"'\n]{0,40}",
        ) {
            for markdown in [text.clone(), format!("{text}[^a] en [^a]\n\n[^a]: {note}\n")] {
                let typst = markdown_to_typst(&markdown, "fn-1");
                let (errors, _) = typst::syntax::parse(&typst).errors_and_warnings();
                proptest::prop_assert!(errors.is_empty(), "{markdown:?} → {typst:?}: {errors:?}");
            }
        }
    }

    #[test]
    fn tables_have_a_bold_header() {
        let typst = markdown_to_typst("| Artikel | n |\n| --- | ---: |\n| 433ter | 5 |\n", "fn");
        assert_eq!(
            typst,
            "#table(columns: 2, align: (left, right,), stroke: 0.4pt + luma(170), \
             fill: (x, y) => if y == 0 { luma(234) }, \
             table.header([#strong[Artikel]], [#strong[n]]), [433ter], [5])\n\n"
        );
    }

    #[test]
    fn code_is_raw_and_markup_in_text_is_escaped() {
        let typst = markdown_to_typst("Zie `a*b` en #x $y$.\n\n```\nlet x = \"q\";\n```\n", "fn");
        assert_eq!(
            typst,
            "Zie #raw(\"a*b\") en \\#x \\$y\\$\\.\n\n#raw(block: true, \"let x = \\\"q\\\";\")\n\n"
        );
    }
}

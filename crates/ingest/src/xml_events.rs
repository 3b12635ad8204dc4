//! The event loop the two translation formats' readers share (XLIFF 2 and TMX 1.4): it reads
//! the XML, knows the line of every event, turns character data, CDATA and references into
//! text, and refuses a file that is not well-formed or ends before its root element closes.
//! What the elements mean is each format's (`XmlReading`).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::ImportProblem;

/// What a format does with the events of its file.
pub(crate) trait XmlReading {
    /// An element opens; `empty` when it closes at once (`<x/>`).
    fn start(&mut self, e: &BytesStart<'_>, line: usize, empty: bool, problems: &mut Vec<ImportProblem>);

    /// An empty element (`<x/>`): it opens and closes, unless the format says otherwise.
    fn empty(&mut self, e: &BytesStart<'_>, line: usize, problems: &mut Vec<ImportProblem>) {
        self.start(e, line, true, problems);
        self.end(e.local_name().as_ref(), line, problems);
    }

    /// An element closes (its local name).
    fn end(&mut self, name: &str, line: usize, problems: &mut Vec<ImportProblem>);

    /// Whether character data matters where the reading is (elsewhere it is skipped, and an
    /// unknown entity in it is no problem).
    fn wants_text(&self) -> bool;

    /// Character data: text, CDATA, or a resolved reference.
    fn text(&mut self, text: &str);

    /// Whether the root element has closed.
    fn closed(&self) -> bool;
}

/// Reads `text` to its end, handing every event to `reading`; the problems found (a file not
/// well-formed, an unknown entity, a file cut short before `</root>`) and those `reading` found.
pub(crate) fn read_events(text: &str, root: &str, reading: &mut impl XmlReading) -> Vec<ImportProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_of = |offset: u64| text[..(offset as usize).min(text.len())].matches('\n').count() + 1;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut problems = Vec::new();
    loop {
        let at = line_of(reader.buffer_position());
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                problems.push(ImportProblem::at(at, None, format!("not well-formed XML: {e}")));
                break;
            }
        };
        match event {
            Event::Eof => {
                if !reading.closed() {
                    let cut = format!("the file ends before </{root}>: it was cut short");
                    problems.push(ImportProblem::at(at, None, cut));
                }
                break;
            }
            Event::Start(e) => reading.start(&e, at, false, &mut problems),
            Event::Empty(e) => reading.empty(&e, at, &mut problems),
            Event::End(e) => reading.end(e.local_name().as_ref(), at, &mut problems),
            Event::Text(t) if reading.wants_text() => reading.text(&t.xml10_content()),
            Event::CData(c) if reading.wants_text() => reading.text(&c.into_inner()),
            Event::GeneralRef(r) if reading.wants_text() => match resolve(&r) {
                Some(text) => reading.text(&text),
                None => problems.push(ImportProblem::at(at, None, "an entity XML does not define")),
            },
            _ => {}
        }
    }
    problems
}

/// The text of a character reference (`&#233;`) or of one of XML's predefined entities.
fn resolve(r: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r.as_ref()).map(str::to_string)
}

/// An attribute by its local name (`xml:lang` → `lang`).
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            let local = a.key.local_name();
            let local: &str = local.as_ref();
            local == name
        })
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

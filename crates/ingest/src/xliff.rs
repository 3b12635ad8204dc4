//! Reading a translated XLIFF 2 file back: its languages, and per unit and segment the target
//! a translator wrote — text and the placeholders (`<ph id="…"/>`) standing for the protected
//! codes — with the line of each, so that every problem can be located. Annotations (`<mrk>`)
//! are read through; any other inline element (paired codes a tool may have made of a
//! placeholder) is refused with its line, since the codes must come back as they left. The
//! translation memory's candidates (`<mtc:matches>`) are passed over: a candidate is never a
//! translation, only a segment's own `<target>` is.

use quick_xml::events::BytesStart;

use crate::xml_events::{attribute, read_events, XmlReading};
use crate::ImportProblem;

/// A part of a target: text, or the placeholder of code `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetPart {
    Text(String),
    Placeholder(String),
}

/// One segment as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSegment {
    pub id: String,
    pub line: usize,
    /// `initial`, `translated`, `reviewed` or `final` (XLIFF 2's states), if given.
    pub state: Option<String>,
    /// The translation, if the segment has a `<target>`.
    pub target: Option<Vec<TargetPart>>,
}

/// One unit as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadUnit {
    pub id: String,
    pub line: usize,
    pub segments: Vec<ReadSegment>,
}

/// A translated XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XliffFile {
    pub source_lang: String,
    pub target_lang: String,
    /// The `<file>` element's id (the cycle, as Rapporteur exports it).
    pub file_id: String,
    pub units: Vec<ReadUnit>,
}

/// Where the reader is.
#[derive(Default)]
struct State {
    file: Option<XliffFile>,
    unit: Option<ReadUnit>,
    segment: Option<ReadSegment>,
    in_target: bool,
    /// Inside `<mtc:matches>`, whose sources and targets are candidates, not translations.
    in_matches: bool,
    target: Vec<TargetPart>,
    /// Whether `</xliff>` was read: a file cut short never imports in part.
    closed: bool,
}

/// Reads an XLIFF 2 file; refused whole, with every problem's line, when it is not one.
pub fn read_xliff(bytes: &[u8]) -> Result<XliffFile, Vec<ImportProblem>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| vec![ImportProblem::file(format!("the file is not UTF-8 text (XLIFF is): {e}"))])?;
    let mut state = State::default();
    let problems = read_events(text, "xliff", &mut state);
    let file = state.file.take();
    match (file, problems.is_empty()) {
        (Some(file), true) => Ok(file),
        (None, true) => {
            Err(vec![ImportProblem::file("not an XLIFF file: no <xliff> element with srcLang and trgLang")])
        }
        (_, false) => Err(problems),
    }
}

fn push_text(parts: &mut Vec<TargetPart>, text: &str) {
    match parts.last_mut() {
        Some(TargetPart::Text(t)) => t.push_str(text),
        _ => parts.push(TargetPart::Text(text.to_string())),
    }
}

impl XmlReading for State {
    fn start(&mut self, e: &BytesStart<'_>, line: usize, empty: bool, problems: &mut Vec<ImportProblem>) {
        start(self, e, line, empty, problems);
    }

    /// An empty element closes nothing the reading follows.
    fn empty(&mut self, e: &BytesStart<'_>, line: usize, problems: &mut Vec<ImportProblem>) {
        start(self, e, line, true, problems);
    }

    fn end(&mut self, name: &str, _line: usize, _problems: &mut Vec<ImportProblem>) {
        end(self, name);
    }

    /// Only a target's text is read.
    fn wants_text(&self) -> bool {
        self.in_target
    }

    fn text(&mut self, text: &str) {
        push_text(&mut self.target, text);
    }

    fn closed(&self) -> bool {
        self.closed
    }
}

fn start(state: &mut State, e: &BytesStart<'_>, line: usize, empty: bool, problems: &mut Vec<ImportProblem>) {
    let name = e.local_name();
    let name: &str = name.as_ref();
    if name == "matches" && !state.in_target {
        state.in_matches = !empty;
        return;
    }
    if state.in_matches {
        return;
    }
    if state.in_target {
        match name {
            "ph" => match attribute(e, "id") {
                Some(id) => state.target.push(TargetPart::Placeholder(id)),
                None => problems.push(ImportProblem::at(line, None, "a <ph/> in a target has no id")),
            },
            "mrk" => {}
            "cp" => {
                let c = attribute(e, "hex")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32);
                match c {
                    Some(c) => push_text(&mut state.target, c.encode_utf8(&mut [0; 4])),
                    None => {
                        problems.push(ImportProblem::at(line, None, "a <cp/> without a valid hex code point"))
                    }
                }
            }
            other => problems.push(ImportProblem::at(
                line,
                None,
                format!(
                    "<{other}> in a target: the codes must come back as the <ph/> placeholders they left as"
                ),
            )),
        }
        return;
    }
    match name {
        "xliff" => {
            let version = attribute(e, "version").unwrap_or_default();
            if !version.starts_with("2.") {
                problems.push(ImportProblem::at(
                    line,
                    None,
                    format!("XLIFF version {version:?}: expected 2.0 or 2.1"),
                ));
            }
            match (attribute(e, "srcLang"), attribute(e, "trgLang")) {
                (Some(source_lang), Some(target_lang)) => {
                    state.file = Some(XliffFile {
                        source_lang,
                        target_lang,
                        file_id: String::new(),
                        units: Vec::new(),
                    })
                }
                _ => problems.push(ImportProblem::at(
                    line,
                    None,
                    "the <xliff> element needs srcLang and trgLang",
                )),
            }
        }
        "file" => {
            if let Some(file) = state.file.as_mut() {
                file.file_id = attribute(e, "id").unwrap_or_default();
            }
        }
        "unit" => {
            state.unit =
                Some(ReadUnit { id: attribute(e, "id").unwrap_or_default(), line, segments: Vec::new() })
        }
        "segment" => {
            state.segment = Some(ReadSegment {
                id: attribute(e, "id").unwrap_or_default(),
                line,
                state: attribute(e, "state"),
                target: None,
            })
        }
        "target" if state.segment.is_some() => {
            state.target.clear();
            if empty {
                if let Some(segment) = state.segment.as_mut() {
                    segment.target = Some(Vec::new());
                }
            } else {
                state.in_target = true;
            }
        }
        _ => {}
    }
}

fn end(state: &mut State, name: &str) {
    if state.in_matches {
        state.in_matches = name != "matches";
        return;
    }
    match name {
        "xliff" => state.closed = true,
        "target" if state.in_target => {
            state.in_target = false;
            if let Some(segment) = state.segment.as_mut() {
                segment.target = Some(std::mem::take(&mut state.target));
            }
        }
        "segment" => {
            if let (Some(segment), Some(unit)) = (state.segment.take(), state.unit.as_mut()) {
                unit.segments.push(segment);
            }
        }
        "unit" => {
            if let (Some(unit), Some(file)) = (state.unit.take(), state.file.as_mut()) {
                file.units.push(unit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidate_of_the_translation_memory_is_no_translation() {
        let file = r##"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="nl" trgLang="fr">
<file id="2019-2020"><unit id="2.9.1:pag_asa">
<mtc:matches xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"><mtc:match ref="#s1" similarity="88.9" matchQuality="88.9">
<originalData><data id="d1">2019</data></originalData>
<source>In <ph id="1" dataRef="d1"/> x</source><target>En <ph id="1" dataRef="d1"/> y</target></mtc:match></mtc:matches>
<segment id="s1" state="initial"><source>In 2020 x</source></segment>
<segment id="s2" state="translated"><source>z</source><target>w</target></segment>
</unit></file></xliff>"##;
        let read = read_xliff(file.as_bytes()).expect("a file with candidates");
        let segments = &read.units[0].segments;
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[0].target, None, "the candidate's target is not the segment's");
        assert_eq!(segments[1].target.as_deref(), Some(&[TargetPart::Text("w".into())][..]));
    }

    #[test]
    fn a_target_reads_its_text_entities_and_placeholders() {
        let file = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="nl" trgLang="fr">
<file id="2019-2020"><unit id="2.9.1:pag_asa">
<segment id="s1" state="translated"><source>x</source><target>Tom &amp; Jerry&#233; <ph id="1"/> <mrk id="m1">fin</mrk></target></segment>
</unit></file></xliff>"#;
        let read = read_xliff(file.as_bytes()).expect("a translated file");
        assert_eq!(
            (read.source_lang.as_str(), read.target_lang.as_str(), read.file_id.as_str()),
            ("nl", "fr", "2019-2020")
        );
        let segment = &read.units[0].segments[0];
        assert_eq!(
            (segment.id.as_str(), segment.line, segment.state.as_deref()),
            ("s1", 4, Some("translated"))
        );
        assert_eq!(
            segment.target.as_deref(),
            Some(
                &[
                    TargetPart::Text("Tom & Jerryé ".into()),
                    TargetPart::Placeholder("1".into()),
                    TargetPart::Text(" fin".into())
                ][..]
            )
        );
        let unknown = file.replace("&amp;", "&nbsp;");
        assert!(read_xliff(unknown.as_bytes()).is_err(), "an entity XML does not define");
    }
}

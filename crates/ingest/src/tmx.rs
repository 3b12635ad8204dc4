//! Reading a translation memory in TMX 1.4b, as a translation service's tool writes it: the
//! header's source language, and per `<tu>` its properties and, per `<tuv>`, its language and
//! segment — text and inline codes (`<ph>`, `<bpt>`/`<ept>`, `<it>`, `<ut>`, whose content is
//! the native code, here Markdown), each with its line. `<hi>` is read through. A paired code
//! must close (`<ept>` with the `i` of an open `<bpt>`, every `<bpt>` closed, no `i` twice), and
//! a file must be whole; otherwise the file is refused with every problem located.
//!
//! TMX 1.4b: <https://www.gala-global.org/tmx-14b>.

use quick_xml::events::BytesStart;

use crate::xml_events::{attribute, read_events, XmlReading};
use crate::ImportProblem;

/// What an inline code element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmxCodeKind {
    /// `<ph>`, `<it>` or `<ut>`: a code standing alone.
    Placeholder,
    /// `<bpt>`: opens a pair.
    Begin,
    /// `<ept>`: closes a pair.
    End,
}

/// A part of a segment: text, or an inline code with its native content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TmxPart {
    Text(String),
    Code { kind: TmxCodeKind, x: Option<String>, i: Option<String>, native: String },
}

/// One language's version of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxVariant {
    /// As written (`fr`, `fr-BE`, `FR`).
    pub lang: String,
    pub line: usize,
    pub parts: Vec<TmxPart>,
}

impl TmxVariant {
    /// The segment as native text: its text with each code's content in place.
    pub fn native(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                TmxPart::Text(t) => t.as_str(),
                TmxPart::Code { native, .. } => native.as_str(),
            })
            .collect()
    }
}

/// One `<tu>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxUnit {
    pub line: usize,
    /// `<prop type="…">value</prop>`, in order.
    pub props: Vec<(String, String)>,
    pub variants: Vec<TmxVariant>,
}

impl TmxUnit {
    /// The property of this type, if any.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props.iter().find(|(k, _)| k == kind).map(|(_, v)| v.as_str())
    }

    /// The variant in this language (compared by primary subtag, case ignored), if any.
    pub fn variant(&self, lang: &str) -> Option<&TmxVariant> {
        self.variants.iter().find(|v| primary_language(&v.lang) == primary_language(lang))
    }
}

/// A language tag's primary subtag in lower case (`fr-BE` → `fr`).
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// A TMX file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxFile {
    /// The header's `srclang`.
    pub source_lang: String,
    pub units: Vec<TmxUnit>,
}

/// Where the reader is.
#[derive(Default)]
struct State {
    version: Option<String>,
    source_lang: Option<String>,
    units: Vec<TmxUnit>,
    unit: Option<TmxUnit>,
    /// The `<prop>` being read: its type and text.
    prop: Option<(String, String)>,
    variant: Option<TmxVariant>,
    in_seg: bool,
    segs_in_variant: usize,
    /// The inline code being read (its content is native code) and how deep inside it.
    code: Option<(TmxCodeKind, Option<String>, Option<String>, String)>,
    code_depth: usize,
    /// The `i` of the `<bpt>`s open in this segment, and every `i` used.
    open: Vec<String>,
    used: Vec<String>,
    closed: bool,
}

/// Reads a TMX file; refused whole, with every problem's line, when it is not one.
pub fn read_tmx(bytes: &[u8]) -> Result<TmxFile, Vec<ImportProblem>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| vec![ImportProblem::file(format!("the file is not UTF-8 text: {e}"))])?;
    let mut state = State::default();
    let problems = read_events(text, "tmx", &mut state);
    if !problems.is_empty() {
        return Err(problems);
    }
    if state.version.as_deref().is_none_or(|v| !v.starts_with("1.4")) {
        return Err(vec![ImportProblem::file(format!(
            "not a TMX 1.4 file: <tmx version=\"{}\">",
            state.version.unwrap_or_default()
        ))]);
    }
    match state.source_lang {
        Some(source_lang) => Ok(TmxFile { source_lang, units: state.units }),
        None => Err(vec![ImportProblem::file("the TMX file has no <header> with a srclang")]),
    }
}

fn push_text(state: &mut State, text: &str) {
    if let Some((_, _, _, native)) = state.code.as_mut() {
        native.push_str(text);
    } else if let Some((_, value)) = state.prop.as_mut() {
        value.push_str(text);
    } else if state.in_seg {
        if let Some(variant) = state.variant.as_mut() {
            match variant.parts.last_mut() {
                Some(TmxPart::Text(t)) => t.push_str(text),
                _ => variant.parts.push(TmxPart::Text(text.to_string())),
            }
        }
    }
}

impl XmlReading for State {
    fn start(&mut self, e: &BytesStart<'_>, line: usize, empty: bool, problems: &mut Vec<ImportProblem>) {
        start(self, e, line, empty, problems);
    }

    /// An empty element inside a code is part of its content and closes nothing.
    fn empty(&mut self, e: &BytesStart<'_>, line: usize, problems: &mut Vec<ImportProblem>) {
        let inside_code = self.code.is_some();
        start(self, e, line, true, problems);
        if !inside_code {
            end(self, e.local_name().as_ref(), line, problems);
        }
    }

    fn end(&mut self, name: &str, line: usize, problems: &mut Vec<ImportProblem>) {
        end(self, name, line, problems);
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn text(&mut self, text: &str) {
        push_text(self, text);
    }

    fn closed(&self) -> bool {
        self.closed
    }
}

fn start(state: &mut State, e: &BytesStart<'_>, line: usize, empty: bool, problems: &mut Vec<ImportProblem>) {
    let name = e.local_name();
    let name: &str = name.as_ref();
    if state.code.is_some() {
        // Inside a code, everything is its native content (a <sub> included).
        if !empty {
            state.code_depth += 1;
        }
        return;
    }
    if state.in_seg {
        let kind = match name {
            "ph" | "it" | "ut" => TmxCodeKind::Placeholder,
            "bpt" => TmxCodeKind::Begin,
            "ept" => TmxCodeKind::End,
            "hi" => return,
            other => {
                problems.push(ImportProblem::at(
                    line,
                    None,
                    format!("<{other}> inside a <seg>: TMX 1.4 has no such element there"),
                ));
                return;
            }
        };
        let (x, i) = (attribute(e, "x"), attribute(e, "i"));
        match kind {
            TmxCodeKind::Begin => match &i {
                Some(i) if state.used.contains(i) => problems.push(ImportProblem::at(
                    line,
                    None,
                    format!("a second <bpt i=\"{i}\"> in the segment"),
                )),
                Some(i) => {
                    state.used.push(i.clone());
                    state.open.push(i.clone());
                }
                None => problems.push(ImportProblem::at(line, None, "a <bpt> without its i attribute")),
            },
            TmxCodeKind::End => match &i {
                Some(i) if state.open.contains(i) => state.open.retain(|o| o != i),
                Some(i) => problems.push(ImportProblem::at(
                    line,
                    None,
                    format!("an <ept i=\"{i}\"> that closes no <bpt> opened before it in the segment"),
                )),
                None => problems.push(ImportProblem::at(line, None, "an <ept> without its i attribute")),
            },
            TmxCodeKind::Placeholder => {}
        }
        state.code = Some((kind, x, i, String::new()));
        state.code_depth = 0;
        return;
    }
    match name {
        "tmx" => state.version = attribute(e, "version"),
        "header" => state.source_lang = attribute(e, "srclang"),
        "tu" => state.unit = Some(TmxUnit { line, props: Vec::new(), variants: Vec::new() }),
        "prop" if state.unit.is_some() && state.variant.is_none() => {
            state.prop = Some((attribute(e, "type").unwrap_or_default(), String::new()))
        }
        "tuv" if state.unit.is_some() => {
            let lang = attribute(e, "lang").unwrap_or_default();
            if lang.is_empty() {
                problems.push(ImportProblem::at(line, None, "a <tuv> without xml:lang"));
            }
            state.variant = Some(TmxVariant { lang, line, parts: Vec::new() });
            state.segs_in_variant = 0;
        }
        "seg" if state.variant.is_some() => {
            state.segs_in_variant += 1;
            if state.segs_in_variant > 1 {
                problems.push(ImportProblem::at(line, None, "a second <seg> in a <tuv>"));
            }
            state.in_seg = true;
            state.open.clear();
            state.used.clear();
        }
        _ => {}
    }
}

fn end(state: &mut State, name: &str, line: usize, problems: &mut Vec<ImportProblem>) {
    if let Some((kind, x, i, native)) = state.code.take() {
        if state.code_depth > 0 {
            state.code_depth -= 1;
            state.code = Some((kind, x, i, native));
            return;
        }
        if let Some(variant) = state.variant.as_mut() {
            variant.parts.push(TmxPart::Code { kind, x, i, native });
        }
        return;
    }
    match name {
        "tmx" => state.closed = true,
        "hi" => {}
        "prop" => {
            if let (Some(prop), Some(unit)) = (state.prop.take(), state.unit.as_mut()) {
                unit.props.push(prop);
            }
        }
        "seg" if state.in_seg => {
            state.in_seg = false;
            for i in std::mem::take(&mut state.open) {
                problems.push(ImportProblem::at(
                    line,
                    None,
                    format!("the <bpt i=\"{i}\"> is never closed by its <ept>"),
                ));
            }
        }
        "tuv" => {
            if let (Some(variant), Some(unit)) = (state.variant.take(), state.unit.as_mut()) {
                if state.segs_in_variant == 0 {
                    problems.push(ImportProblem::at(variant.line, None, "a <tuv> without its <seg>"));
                }
                unit.variants.push(variant);
            }
        }
        "tu" => {
            if let Some(unit) = state.unit.take() {
                state.units.push(unit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="nl" datatype="plaintext"/>
<body>
<tu><prop type="x-section">2.9.1</prop>
<tuv xml:lang="nl"><seg>Dat is <bpt i="1" x="1">**</bpt>2,5 %<ept i="1">**</ept> meer[^3] &amp; <ph x="2">[^3]</ph>.</seg></tuv>
<tuv xml:lang="fr-BE"><seg>C'est <hi>plus</hi> <bpt i="1" x="1">**</bpt>2,5 %<ept i="1">**</ept><ph x="2">[^3]</ph>.</seg></tuv>
</tu>
</body></tmx>"#;

    #[test]
    fn a_unit_reads_its_props_languages_and_codes() {
        let file = read_tmx(FILE.as_bytes()).expect("a TMX file");
        assert_eq!(file.source_lang, "nl");
        let unit = &file.units[0];
        assert_eq!((unit.line, unit.prop("x-section")), (4, Some("2.9.1")));
        let nl = unit.variant("NL").unwrap();
        assert_eq!(nl.native(), "Dat is **2,5 %** meer[^3] & [^3].");
        assert_eq!(nl.line, 5);
        let fr = unit.variant("fr").unwrap();
        assert_eq!(fr.native(), "C'est plus **2,5 %**[^3].");
        assert_eq!(fr.parts.iter().filter(|p| matches!(p, TmxPart::Code { .. })).count(), 3);
    }

    #[test]
    fn broken_codes_and_cut_files_are_refused_with_their_line() {
        let unclosed = FILE.replace(r#"2,5 %<ept i="1">**</ept> meer"#, "2,5 % meer");
        let problems = read_tmx(unclosed.as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].row, Some(5));
        assert!(problems[0].message.contains("never closed"), "{problems:?}");
        let stray = FILE.replace(
            r#"<ph x="2">[^3]</ph>.</seg></tuv>
<tuv"#,
            r#"<ept i="7">x</ept>.</seg></tuv>
<tuv"#,
        );
        let problems = read_tmx(stray.as_bytes()).unwrap_err();
        assert!(problems[0].message.contains("closes no <bpt>"), "{problems:?}");
        let cut = &FILE[..FILE.len() - 20];
        assert!(read_tmx(cut.as_bytes()).is_err());
        assert!(read_tmx(b"\xff\xfe").is_err());
        assert!(read_tmx(b"<tmx version=\"1.1\"><header srclang=\"nl\"/><body/></tmx>").is_err());
    }
}

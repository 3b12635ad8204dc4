//! The texts awaiting translation as an XLIFF 2.1 document for a translation service: one
//! `<unit>` per actor's text of a section, one `<segment>` per sentence, the skeleton a
//! translator must not touch as `<ignorable>`, and every protected code (inline Markdown,
//! numbers) as a `<ph/>` whose original lives in the unit's `<originalData>` — so that a
//! translation tool shows it as a tag the translator keeps but cannot break. A segment already
//! translated in an earlier edition, or found in an imported TMX memory, comes with its target,
//! marked with where it came from (`subState` `rapporteur:exact-match` or `rapporteur:tmx-match`).
//!
//! The translation memory's candidates for a segment are written the XLIFF 2.1 way, in the
//! unit's Translation Candidates module (`<mtc:matches>`): each `<mtc:match>` points at its
//! segment (`ref="#s3"`), holds the earlier source sentence and its translation with codes of
//! its own (its own `<originalData>`, as the module requires), its `similarity` to the segment
//! and its `matchQuality`, 100 for the exact match that also fills the target. A fuzzy match
//! never fills the segment's target: the segment stays `initial` with no target, so that only a
//! translator's target imports.
//!
//! XLIFF 2.1: <http://docs.oasis-open.org/xliff/xliff-core/v2.1/xliff-core-v2.1.html>.

use std::io::{self, Write};

use rapporteur_domain::translation::{Code, Inline, Piece, TranslationUnit};

use crate::escape::xml;

/// The XLIFF 2 namespace (2.1 keeps 2.0's).
pub const XLIFF_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The namespace of XLIFF 2's Translation Candidates module.
pub const MATCHES_NAMESPACE: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// One text to translate: its section and actor, and the text cut into segments.
#[derive(Debug, Clone)]
pub struct ExportUnit {
    pub section: String,
    pub actor: String,
    pub unit: TranslationUnit,
    /// Translations found for some segments.
    pub prefilled: Vec<Prefill>,
    /// The translation memory's candidates, by segment, the best first.
    pub candidates: Vec<Candidate>,
}

/// A translation memory's candidate for a segment: an earlier sentence and its translation,
/// each code numbered within the candidate (the translation's codes by the source code they
/// are), how alike the earlier sentence is to the segment's, and where it was found.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub segment: u32,
    pub source: Vec<Inline>,
    pub target: Vec<Inline>,
    /// 0–100, one decimal; 100 for the same sentence.
    pub similarity: f64,
    /// Where the pair was found (`mtc:match`'s `origin`).
    pub origin: String,
}

/// Where a pre-filled translation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOrigin {
    /// The same sentence in a text the store holds in both languages.
    Texts,
    /// The same sentence in a translation memory imported as TMX.
    Tmx,
}

impl MatchOrigin {
    /// The segment's `subState`.
    pub fn sub_state(self) -> &'static str {
        match self {
            MatchOrigin::Texts => "rapporteur:exact-match",
            MatchOrigin::Tmx => "rapporteur:tmx-match",
        }
    }
}

/// A translation found for a segment: the target's inline content, the segment's state
/// (`translated`, or `initial` for a fuzzy match to check), and where it comes from.
#[derive(Debug, Clone)]
pub struct Prefill {
    pub segment: u32,
    pub target: Vec<Inline>,
    pub state: &'static str,
    pub origin: MatchOrigin,
}

/// The unit's id: section and actor, an XML name token (`2.9.1:pag_asa`).
pub fn unit_id(section: &str, actor: &str) -> String {
    format!("{section}:{actor}")
}

/// Writes the units as one XLIFF 2.1 file (`file_id`: the cycle).
pub fn write_xliff(
    out: &mut impl Write,
    (source_lang, target_lang): (&str, &str),
    file_id: &str,
    units: &[ExportUnit],
) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<xliff xmlns="{XLIFF_NAMESPACE}" version="2.1" srcLang="{}" trgLang="{}">"#,
        xml(source_lang),
        xml(target_lang)
    )?;
    writeln!(out, r#"<file id="{}" xml:space="preserve">"#, xml(file_id))?;
    for unit in units {
        write_unit(out, unit)?;
    }
    writeln!(out, "</file>")?;
    writeln!(out, "</xliff>")
}

fn write_unit(out: &mut impl Write, unit: &ExportUnit) -> io::Result<()> {
    let id = unit_id(&unit.section, &unit.actor);
    write!(out, r#"<unit id="{}" name="{}/{}">"#, xml(&id), xml(&unit.section), xml(&unit.actor))?;
    write_candidates(out, &unit.candidates)?;
    let codes: Vec<_> = unit.unit.segments().flat_map(|s| s.codes()).collect();
    if !codes.is_empty() {
        write!(out, "<originalData>")?;
        for code in &codes {
            write!(out, r#"<data id="d{}">{}</data>"#, code.id, xml(&code.original))?;
        }
        write!(out, "</originalData>")?;
    }
    for piece in &unit.unit.pieces {
        match piece {
            Piece::Skeleton(text) => {
                writeln!(out)?;
                write!(out, "<ignorable><source>{}</source></ignorable>", xml(text))?
            }
            Piece::Segment(segment) => {
                let prefilled = unit.prefilled.iter().find(|p| p.segment == segment.id);
                let state = prefilled.map_or("initial", |p| p.state);
                // A sentence translated before comes with its translation and where it was found.
                let origin =
                    prefilled.map(|p| format!(r#" subState="{}""#, p.origin.sub_state())).unwrap_or_default();
                writeln!(out)?;
                write!(out, r#"<segment id="s{}" state="{state}"{origin}><source>"#, segment.id)?;
                write_inline(out, &segment.inline)?;
                write!(out, "</source>")?;
                if let Some(prefill) = prefilled {
                    write!(out, "<target>")?;
                    write_inline(out, &prefill.target)?;
                    write!(out, "</target>")?;
                }
                write!(out, "</segment>")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "</unit>")
}

/// The unit's `<mtc:matches>` (the module's elements come first in a unit).
fn write_candidates(out: &mut impl Write, candidates: &[Candidate]) -> io::Result<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    write!(out, r#"<mtc:matches xmlns:mtc="{MATCHES_NAMESPACE}">"#)?;
    for candidate in candidates {
        // The translation's quality for this segment is the likeness of the sentence it
        // translated: a translator's translation (never a draft) of the same sentence is 100.
        let score = format!("{:.1}", candidate.similarity);
        writeln!(out)?;
        write!(
            out,
            r##"<mtc:match ref="#s{}" type="tm" similarity="{score}" matchQuality="{score}" origin="{}">"##,
            candidate.segment,
            xml(&candidate.origin)
        )?;
        let codes: Vec<&Code> = candidate
            .source
            .iter()
            .filter_map(|i| if let Inline::Code(c) = i { Some(c) } else { None })
            .collect();
        if !codes.is_empty() {
            write!(out, "<originalData>")?;
            for code in codes {
                write!(out, r#"<data id="d{}">{}</data>"#, code.id, xml(&code.original))?;
            }
            write!(out, "</originalData>")?;
        }
        write!(out, "<source>")?;
        write_inline(out, &candidate.source)?;
        write!(out, "</source><target>")?;
        write_inline(out, &candidate.target)?;
        write!(out, "</target></mtc:match>")?;
    }
    write!(out, "</mtc:matches>")
}

/// Text escaped, codes as placeholders pointing at their original.
fn write_inline(out: &mut impl Write, inline: &[Inline]) -> io::Result<()> {
    for part in inline {
        match part {
            Inline::Text(text) => write!(out, "{}", xml(text))?,
            Inline::Code(code) => write!(
                out,
                r#"<ph id="{}" dataRef="d{}" disp="{}"/>"#,
                code.id,
                code.id,
                xml(&code.original)
            )?,
        }
    }
    Ok(())
}

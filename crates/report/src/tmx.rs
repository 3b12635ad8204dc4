//! The translation memory as a TMX 1.4b document for a translation service's own tools: one
//! `<tu>` per aligned sentence pair with its properties (section, actor, cycle, and a draft's
//! status), a `<tuv>` per language, and every protected code (inline Markdown, numbers) as an
//! inline code whose content is the native Markdown — `<bpt>`/`<ept>` for the two halves of
//! emphasis, a link or an HTML element when both are in the sentence, `<ph>` otherwise — so
//! that a CAT tool shows them as tags the translator keeps. The same `x` names a code in both
//! languages; the output is a pure function of the pairs.
//!
//! TMX 1.4b: <https://www.gala-global.org/tmx-14b>.

use std::io::{self, Write};

use crate::escape::xml;

/// A part of a sentence: text, or a code numbered `x` (1, 2, … in the source sentence's order;
/// a target's code carries the `x` of the source code it stands for) with its native text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TmxSegmentPart {
    Text(String),
    Code { x: u32, native: String },
}

/// One aligned sentence pair and its properties (`type`, value), written in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxPair {
    pub props: Vec<(String, String)>,
    pub source: Vec<TmxSegmentPart>,
    pub target: Vec<TmxSegmentPart>,
}

/// Writes the pairs as one TMX 1.4b file (`version`: the creating tool's).
pub fn write_tmx(
    out: &mut impl Write,
    (source_lang, target_lang): (&str, &str),
    version: &str,
    pairs: &[TmxPair],
) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"<header creationtool="Rapporteur" creationtoolversion="{}" segtype="sentence" o-tmf="rapporteur" adminlang="en" srclang="{}" datatype="plaintext"/>"#,
        xml(version),
        xml(source_lang)
    )?;
    writeln!(out, "<body>")?;
    for pair in pairs {
        let halves = pairs_of(&pair.source);
        write!(out, "<tu>")?;
        for (kind, value) in &pair.props {
            write!(out, r#"<prop type="{}">{}</prop>"#, xml(kind), xml(value))?;
        }
        for (lang, parts) in [(source_lang, &pair.source), (target_lang, &pair.target)] {
            write!(out, r#"<tuv xml:lang="{}"><seg>"#, xml(lang))?;
            write_segment(out, parts, &halves)?;
            write!(out, "</seg></tuv>")?;
        }
        writeln!(out, "</tu>")?;
    }
    writeln!(out, "</body>")?;
    writeln!(out, "</tmx>")
}

/// The source's paired codes: (x of the opening half, x of the closing half). Emphasis marks
/// pair with the next identical mark, `[` with the next `](…)`, `<tag …>` with the next
/// `</tag>`.
fn pairs_of(source: &[TmxSegmentPart]) -> Vec<(u32, u32)> {
    let codes: Vec<(u32, &str)> = source
        .iter()
        .filter_map(|p| match p {
            TmxSegmentPart::Code { x, native } => Some((*x, native.as_str())),
            TmxSegmentPart::Text(_) => None,
        })
        .collect();
    let mut taken = vec![false; codes.len()];
    let mut out = Vec::new();
    for k in 0..codes.len() {
        if taken[k] {
            continue;
        }
        let native = codes[k].1;
        let closes = |other: &str| -> bool {
            if native.chars().all(|c| c == '*' || c == '_') {
                other == native
            } else if native == "[" {
                other.starts_with("](")
            } else if let Some(tag) = html_open_tag(native) {
                other.strip_prefix("</").and_then(|t| t.strip_suffix('>')) == Some(tag)
            } else {
                false
            }
        };
        if let Some(j) = (k + 1..codes.len()).find(|&j| !taken[j] && closes(codes[j].1)) {
            taken[k] = true;
            taken[j] = true;
            out.push((codes[k].0, codes[j].0));
        }
    }
    out
}

/// The name of an opening HTML tag (`<sup>`, `<a href=…>`), if the code is one.
fn html_open_tag(native: &str) -> Option<&str> {
    let inner = native.strip_prefix('<')?.strip_suffix('>')?;
    if inner.starts_with('/') || inner.ends_with('/') {
        return None;
    }
    inner.split_whitespace().next()
}

/// A segment's text escaped and its codes as TMX inline codes: a pair as `<bpt>`/`<ept>` (`i`
/// the opening half's `x`) where its halves come in order, any other code as `<ph>`.
fn write_segment(out: &mut impl Write, parts: &[TmxSegmentPart], halves: &[(u32, u32)]) -> io::Result<()> {
    let position =
        |x: u32| parts.iter().position(|p| matches!(p, TmxSegmentPart::Code { x: px, .. } if *px == x));
    let in_order =
        |(open, close): (u32, u32)| matches!((position(open), position(close)), (Some(a), Some(b)) if a < b);
    for part in parts {
        match part {
            TmxSegmentPart::Text(text) => write!(out, "{}", xml(text))?,
            TmxSegmentPart::Code { x, native } => {
                let pair = halves.iter().find(|(o, c)| o == x || c == x).filter(|p| in_order(**p));
                match pair {
                    Some((open, _)) if open == x => {
                        write!(out, r#"<bpt i="{open}" x="{x}">{}</bpt>"#, xml(native))?
                    }
                    Some((open, _)) => write!(out, r#"<ept i="{open}">{}</ept>"#, xml(native))?,
                    None => write!(out, r#"<ph x="{x}">{}</ph>"#, xml(native))?,
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(x: u32, native: &str) -> TmxSegmentPart {
        TmxSegmentPart::Code { x, native: native.into() }
    }

    fn text(t: &str) -> TmxSegmentPart {
        TmxSegmentPart::Text(t.into())
    }

    #[test]
    fn pairs_become_bpt_and_ept_and_the_rest_placeholders() {
        let pair = TmxPair {
            props: vec![("x-section".into(), "2.9.1".into())],
            source: vec![
                text("Dat is "),
                code(1, "**"),
                code(2, "2,5"),
                text(" %"),
                code(3, "**"),
                text(" & zie "),
                code(4, "["),
                text("dit"),
                code(5, "](https://x.be/?a=1&b=2)"),
                code(6, "[^3]"),
                text("."),
            ],
            target: vec![
                text("Voir "),
                code(4, "["),
                text("ceci"),
                code(5, "](https://x.be/?a=1&b=2)"),
                text(" : "),
                code(1, "**"),
                code(2, "2.5"),
                code(3, "**"),
                code(6, "[^3]"),
                text("."),
            ],
        };
        let mut out = Vec::new();
        write_tmx(&mut out, ("nl", "fr"), "0.1.0", &[pair]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(r#"srclang="nl" datatype="plaintext"/>"#));
        assert!(out.contains(
            r#"<tuv xml:lang="nl"><seg>Dat is <bpt i="1" x="1">**</bpt><ph x="2">2,5</ph> %<ept i="1">**</ept> &amp; zie <bpt i="4" x="4">[</bpt>dit<ept i="4">](https://x.be/?a=1&amp;b=2)</ept><ph x="6">[^3]</ph>.</seg></tuv>"#
        ), "{out}");
        assert!(out.contains(r#"<prop type="x-section">2.9.1</prop>"#));
        assert!(out.contains(
            r#"<tuv xml:lang="fr"><seg>Voir <bpt i="4" x="4">[</bpt>ceci<ept i="4">](https://x.be/?a=1&amp;b=2)</ept> : <bpt i="1" x="1">**</bpt><ph x="2">2.5</ph><ept i="1">**</ept><ph x="6">[^3]</ph>.</seg></tuv>"#
        ), "{out}");
    }
}

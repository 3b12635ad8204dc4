//! The translation memory exchanged with the translation service's own tools as TMX 1.4b.
//! Export: every sentence pair the store holds from one language into another — each text
//! that exists in both, its translation translated or reviewed (a draft only when asked, and
//! then marked), cut into sentences as the XLIFF export cuts them and aligned one to one —
//! and the pairs imported before. Import: a TMX file's pairs, checked whole (the languages,
//! every unit with its source and target, the inline codes the same on both sides), stored in
//! one audited transaction or refused with every problem located; the next XLIFF export
//! pre-fills a segment whose source is one of them.

use std::collections::BTreeSet;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::translation::{normalised, Inline, Segment, TranslationUnit};
use rapporteur_ingest::{primary_language, read_tmx, ImportProblem, TmxCodeKind, TmxFile, TmxPart};
use rapporteur_report::{write_tmx, TmxPair, TmxSegmentPart};
use rapporteur_store::{MemoryPair, Stamp};

use crate::access::allow;
use crate::error::Result;
use crate::translations::align_codes;
use crate::App;

/// The property that marks a draft translation's pairs (exported only when asked).
pub const DRAFT_PROP: &str = "x-rapporteur-status";

/// A TMX export: the file's bytes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryExport {
    pub tmx: Vec<u8>,
    /// Sentence pairs written (`<tu>`).
    pub units: usize,
    /// Texts aligned (a source text and its translation).
    pub texts: usize,
    /// Of the units, those from a draft translation.
    pub drafts: usize,
    /// Of the units, those imported before as TMX.
    pub imported: usize,
    /// Texts left out because their two versions cut into different numbers of sentences.
    pub misaligned_texts: usize,
    /// Sentence pairs left out because their codes (markup, numbers) differ.
    pub misaligned_sentences: usize,
    /// Sentence pairs left out because the same pair was written already.
    pub duplicates: usize,
}

/// What an import of a TMX file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryImport {
    /// The file had problems; nothing was stored.
    Refused(Vec<ImportProblem>),
    /// The pairs stored from `from` into `to`: `pairs` read, of which `changed` were new or
    /// changed; units marked as drafts are not taken, a source given twice is taken once.
    Stored { from: String, to: String, pairs: usize, changed: usize, drafts: usize, duplicates: usize },
}

/// A cut sentence as TMX parts, each code numbered (from 1) by its position among the source
/// sentence's codes: a source's are its own order; a translation's are given by `positions`,
/// one per part, as [`align_codes`] finds them.
fn tmx_parts(segment: &Segment, positions: Option<&[Option<usize>]>) -> Vec<TmxSegmentPart> {
    let mut next = 0;
    segment
        .inline
        .iter()
        .enumerate()
        .map(|(k, part)| match part {
            Inline::Text(text) => TmxSegmentPart::Text(text.clone()),
            Inline::Code(code) => {
                let position = match positions {
                    Some(positions) => positions.get(k).copied().flatten().unwrap_or(k),
                    None => {
                        next += 1;
                        next - 1
                    }
                };
                TmxSegmentPart::Code { x: position as u32 + 1, native: code.original.clone() }
            }
        })
        .collect()
}

/// Writes what is left of the pairs after removing duplicates.
struct Collector {
    pairs: Vec<TmxPair>,
    seen: BTreeSet<(String, String)>,
    duplicates: usize,
    misaligned: usize,
}

impl Collector {
    /// Adds a sentence pair unless its codes differ or the same pair was added before; true
    /// when added.
    fn add(&mut self, source: &Segment, target: &Segment, props: Vec<(String, String)>) -> bool {
        let Some(positions) = align_codes(source, target) else {
            self.misaligned += 1;
            return false;
        };
        let key = (normalised(&source.source()), normalised(&target.source()));
        if !self.seen.insert(key) {
            self.duplicates += 1;
            return false;
        }
        self.pairs.push(TmxPair {
            props,
            source: tmx_parts(source, None),
            target: tmx_parts(target, Some(&positions)),
        });
        true
    }
}

impl App {
    /// The translation memory from `from` into `to` as TMX 1.4b (the coordinator): the texts
    /// of `cycle` (of every cycle when `None`, and then the pairs imported before too).
    pub fn export_translation_memory(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        (from, to): (&str, &str),
        include_drafts: bool,
    ) -> Result<MemoryExport> {
        allow(by, Action::Coordinate)?;
        self.check_language(from)?;
        self.check_language(to)?;
        let catalog = &self.catalog.catalog;
        let cycles: Vec<String> = match cycle {
            Some(cycle) => vec![self.catalog.cycle(Some(cycle))?.id.clone()],
            None => catalog.cycles.iter().map(|c| c.id.clone()).collect(),
        };
        let (from_style, to_style) = (catalog.number_style(from), catalog.number_style(to));
        let mut collector =
            Collector { pairs: Vec::new(), seen: BTreeSet::new(), duplicates: 0, misaligned: 0 };
        let (mut texts, mut misaligned_texts, mut drafts) = (0, 0, 0);
        for cycle in &cycles {
            let narratives = self.narratives(cycle)?;
            for source in narratives.iter().filter(|n| n.lang == from) {
                let target = narratives.iter().find(|n| {
                    n.section == source.section
                        && n.actor == source.actor
                        && n.lang == to
                        && (include_drafts || !n.status.is_draft())
                });
                let Some(target) = target else { continue };
                let (source_unit, target_unit) = (
                    TranslationUnit::of(&source.markdown, from_style),
                    TranslationUnit::of(&target.markdown, to_style),
                );
                if source_unit.segments().count() != target_unit.segments().count() {
                    misaligned_texts += 1;
                    continue;
                }
                texts += 1;
                for (s, t) in source_unit.segments().zip(target_unit.segments()) {
                    let mut props = vec![
                        ("x-section".to_string(), source.section.clone()),
                        ("x-actor".to_string(), source.actor.clone()),
                        ("x-cycle".to_string(), cycle.clone()),
                    ];
                    if target.status.is_draft() {
                        props.push((DRAFT_PROP.to_string(), target.status.as_str().to_string()));
                    }
                    if collector.add(s, t, props) && target.status.is_draft() {
                        drafts += 1;
                    }
                }
            }
        }
        let mut imported = 0;
        if cycle.is_none() {
            for pair in self.store.memory_pairs((from, to))? {
                let props = vec![("x-rapporteur-origin".to_string(), "tmx".to_string())];
                let (s, t) =
                    (Segment::of(1, &pair.source, from_style), Segment::of(1, &pair.target, to_style));
                imported += usize::from(collector.add(&s, &t, props));
            }
        }
        let mut tmx = Vec::new();
        write_tmx(&mut tmx, (from, to), env!("CARGO_PKG_VERSION"), &collector.pairs)
            .map_err(|e| crate::AppError::Report(e.to_string()))?;
        Ok(MemoryExport {
            tmx,
            units: collector.pairs.len(),
            texts,
            drafts,
            imported,
            misaligned_texts,
            misaligned_sentences: collector.misaligned,
            duplicates: collector.duplicates,
        })
    }

    /// Stores the sentence pairs of a TMX file into the translation memory (the coordinator):
    /// all of them in one audited transaction, or none with every problem located. `to`: the
    /// target language, needed only when the file holds translations into several.
    pub fn import_translation_memory(
        &mut self,
        by: &Caller,
        bytes: &[u8],
        to: Option<&str>,
    ) -> Result<MemoryImport> {
        allow(by, Action::Coordinate)?;
        let file = match read_tmx(bytes) {
            Ok(file) => file,
            Err(problems) => return Ok(MemoryImport::Refused(problems)),
        };
        let (from, to) = match self.memory_languages(&file, to) {
            Ok(languages) => languages,
            Err(problems) => return Ok(MemoryImport::Refused(problems)),
        };
        let catalog = &self.catalog.catalog;
        let (from_style, to_style) = (catalog.number_style(&from), catalog.number_style(&to));
        let mut problems = Vec::new();
        let mut pairs: Vec<MemoryPair> = Vec::new();
        let mut sources = BTreeSet::new();
        let (mut drafts, mut duplicates) = (0, 0);
        for unit in &file.units {
            let at = |problems: &mut Vec<ImportProblem>, line: usize, message: String| {
                problems.push(ImportProblem::at(line, None, format!("<tu>: {message}")));
            };
            if unit.prop(DRAFT_PROP) == Some("draft") {
                drafts += 1;
                continue;
            }
            let (Some(source), Some(target)) = (unit.variant(&from), unit.variant(&to)) else {
                let missing: Vec<&str> =
                    [from.as_str(), to.as_str()].into_iter().filter(|l| unit.variant(l).is_none()).collect();
                at(&mut problems, unit.line, format!("no <tuv> in {}", missing.join(" nor in ")));
                continue;
            };
            let source_xs: BTreeSet<&str> = code_xs(&source.parts).collect();
            for x in code_xs(&target.parts).filter(|x| !source_xs.contains(x)) {
                at(
                    &mut problems,
                    target.line,
                    format!("the inline code x=\"{x}\" is not in the {from} segment"),
                );
            }
            let (source_text, target_text) = (source.native(), target.native());
            if source_text.trim().is_empty() || target_text.trim().is_empty() {
                at(&mut problems, unit.line, format!("an empty <seg> in {from} or {to}"));
                continue;
            }
            let (s, t) = (Segment::of(1, &source_text, from_style), Segment::of(1, &target_text, to_style));
            if align_codes(&s, &t).is_none() {
                let codes = |segment: &Segment| {
                    segment.codes().map(|c| c.original.clone()).collect::<Vec<_>>().join(" ")
                };
                at(
                    &mut problems,
                    target.line,
                    format!(
                        "the {to} segment's codes ({}) are not those of the {from} segment ({}): markup, footnote references and numbers must all come back",
                        codes(&t),
                        codes(&s)
                    ),
                );
                continue;
            }
            let key = normalised(&source_text);
            if !sources.insert(key.clone()) {
                duplicates += 1;
                continue;
            }
            pairs.push(MemoryPair { source: key, target: target_text.trim().to_string() });
        }
        if file.units.is_empty() {
            problems.push(ImportProblem::file("the file holds no <tu>"));
        }
        if !problems.is_empty() {
            return Ok(MemoryImport::Refused(problems));
        }
        let at = self.now();
        let changed = self.store.save_memory_pairs((&from, &to), &pairs, Stamp { at: &at, by: by.name() })?;
        Ok(MemoryImport::Stored { from, to, pairs: pairs.len(), changed, drafts, duplicates })
    }

    /// The file's source language and the target language (`to`, or the one other language
    /// of its units), both the report's; or the problems.
    fn memory_languages(
        &self,
        file: &TmxFile,
        to: Option<&str>,
    ) -> std::result::Result<(String, String), Vec<ImportProblem>> {
        let languages = &self.catalog.catalog.languages;
        let from = primary_language(&file.source_lang);
        let mut problems = Vec::new();
        if !languages.contains(&from) {
            problems.push(ImportProblem::file(format!(
                "the source language {:?} (srclang) is not one of the report's ({})",
                file.source_lang,
                languages.join(", ")
            )));
        }
        let found: BTreeSet<String> = file
            .units
            .iter()
            .flat_map(|u| &u.variants)
            .map(|v| primary_language(&v.lang))
            .filter(|l| *l != from)
            .collect();
        let to = match to {
            Some(to) => primary_language(to),
            None if found.len() == 1 => found.iter().next().cloned().unwrap_or_default(),
            None if found.is_empty() => {
                problems.push(ImportProblem::file(format!(
                    "the file holds no translation of its {from} segments"
                )));
                return Err(problems);
            }
            None => {
                problems.push(ImportProblem::file(format!(
                    "the file holds translations into {}: say which to import (--to)",
                    found.into_iter().collect::<Vec<_>>().join(", ")
                )));
                return Err(problems);
            }
        };
        if !languages.contains(&to) {
            problems.push(ImportProblem::file(format!(
                "the target language {to:?} is not one of the report's ({})",
                languages.join(", ")
            )));
        }
        if to == from {
            problems.push(ImportProblem::file(format!("source and target are both {from:?}")));
        }
        if problems.is_empty() {
            Ok((from, to))
        } else {
            Err(problems)
        }
    }
}

/// The `x` of a segment's codes that carry one (`<ph>`, `<bpt>`, `<it>`).
fn code_xs(parts: &[TmxPart]) -> impl Iterator<Item = &str> {
    parts.iter().filter_map(|p| match p {
        TmxPart::Code { kind: TmxCodeKind::Placeholder | TmxCodeKind::Begin, x: Some(x), .. } => {
            Some(x.as_str())
        }
        _ => None,
    })
}

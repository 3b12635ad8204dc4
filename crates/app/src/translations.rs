//! Exchange with translators: the actors' texts awaiting translation into a language (absent,
//! or only a draft) exported as XLIFF 2.1, one unit per text and one segment per sentence with
//! its inline Markdown and numbers protected; a translated file imported back — checked whole
//! against the texts it was made from (the same units, segments and codes, the right
//! languages), refused with every problem located, or stored as new versions of the texts in
//! one audited transaction, with the status the segments' states give.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::translation::{Code, CodeKind, Inline, Segment, TranslationUnit};
use rapporteur_domain::TextStatus;
use rapporteur_ingest::{read_xliff, ImportProblem, ReadSegment, TargetPart, XliffFile};
use rapporteur_report::{write_xliff, ExportUnit, MatchOrigin, Narrative, Prefill};
use rapporteur_store::{Stamp, TextRef};

mod memory;

use memory::Memory;

use crate::access::allow;
use crate::error::Result;
use crate::App;

/// Which texts to export.
#[derive(Debug, Clone, Default)]
pub struct ExportChoice {
    /// Only these actors' texts (all when empty).
    pub actors: Vec<String>,
    /// Only these sections (all when empty).
    pub sections: Vec<String>,
}

/// An export: the XLIFF file's bytes and what it holds.
#[derive(Debug, Clone)]
pub struct TranslationExport {
    pub xliff: Vec<u8>,
    pub units: usize,
    pub segments: usize,
    /// Segments pre-filled from the translation memory (the same sentence translated before).
    pub prefilled: usize,
    /// Segments offered fuzzy matches (similar sentences translated before), not pre-filled.
    pub fuzzy: usize,
}

/// For each part of a translated sentence, the position among the source's codes of the code
/// it is (`None` for text): a markup code matches by its text, a number by its digits; `None`
/// when a code of either has no match in the other.
pub(crate) fn align_codes(source: &Segment, target: &Segment) -> Option<Vec<Option<usize>>> {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let codes: Vec<&Code> = source.codes().collect();
    let mut used = vec![false; codes.len()];
    let mut out = Vec::new();
    for part in &target.inline {
        match part {
            Inline::Text(_) => out.push(None),
            Inline::Code(code) => {
                let same = |c: &&Code| {
                    c.kind == code.kind
                        && if code.kind == CodeKind::Number {
                            digits(&c.original) == digits(&code.original)
                        } else {
                            c.original == code.original
                        }
                };
                let i = (0..codes.len()).find(|&i| !used[i] && same(&codes[i]))?;
                used[i] = true;
                out.push(Some(i));
            }
        }
    }
    used.iter().all(|u| *u).then_some(out)
}

/// What an import of a translated file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslationImport {
    /// The file had problems; nothing was stored.
    Refused(Vec<ImportProblem>),
    /// The texts stored, by status; `unchanged` were already exactly so.
    Stored { language: String, texts: BTreeMap<TextStatus, usize>, unchanged: usize },
}

impl App {
    /// The texts of `cycle` written in `from` whose `to` version is absent or a draft, as an
    /// XLIFF 2.1 file for the translation service (the coordinator).
    pub fn export_translation(
        &self,
        by: &Caller,
        cycle: Option<&str>,
        (from, to): (&str, &str),
        choice: &ExportChoice,
    ) -> Result<TranslationExport> {
        allow(by, Action::Coordinate)?;
        let cycle = self.catalog.cycle(cycle)?.id.clone();
        self.check_language(from)?;
        self.check_language(to)?;
        let narratives = self.narratives(&cycle)?;
        let style = self.catalog.catalog.number_style(from);
        let memory = self.translation_memory((from, to))?;
        let units: Vec<ExportUnit> = narratives
            .iter()
            .filter(|n| n.lang == from)
            .filter(|n| choice.actors.is_empty() || choice.actors.contains(&n.actor))
            .filter(|n| choice.sections.is_empty() || choice.sections.contains(&n.section))
            .filter(|n| awaits(&narratives, n, to))
            .map(|n| {
                let unit = TranslationUnit::of(&n.markdown, style);
                let (mut prefilled, mut candidates) = (Vec::new(), Vec::new());
                for segment in unit.segments() {
                    if let Some((target, origin)) = memory.recall(segment) {
                        prefilled.push(Prefill { segment: segment.id, target, state: "translated", origin });
                    }
                    candidates.extend(memory.candidates(segment));
                }
                ExportUnit { section: n.section.clone(), actor: n.actor.clone(), unit, prefilled, candidates }
            })
            .collect();
        let mut xliff = Vec::new();
        write_xliff(&mut xliff, (from, to), &cycle, &units)
            .map_err(|e| crate::AppError::Report(e.to_string()))?;
        let segments = units.iter().map(|u| u.unit.segments().count()).sum();
        let prefilled = units.iter().map(|u| u.prefilled.len()).sum();
        let fuzzy = units
            .iter()
            .map(|u| {
                u.candidates
                    .iter()
                    .filter(|c| c.similarity < 100.0)
                    .map(|c| c.segment)
                    .collect::<BTreeSet<_>>()
                    .len()
            })
            .sum();
        Ok(TranslationExport { xliff, units: units.len(), segments, prefilled, fuzzy })
    }

    /// The segments translated from `from` into `to` in every cycle (translations and
    /// reviewed translations, and texts an actor wrote in both languages; never drafts), then
    /// the sentence pairs imported as TMX, by source sentence.
    fn translation_memory(&self, (from, to): (&str, &str)) -> Result<Memory> {
        let catalog = &self.catalog.catalog;
        let (from_style, to_style) = (catalog.number_style(from), catalog.number_style(to));
        let mut memory = Memory::default();
        for cycle in &catalog.cycles {
            let narratives = self.narratives(&cycle.id)?;
            for source in narratives.iter().filter(|n| n.lang == from) {
                let target = narratives.iter().find(|n| {
                    n.section == source.section
                        && n.actor == source.actor
                        && n.lang == to
                        && !n.status.is_draft()
                });
                if let Some(target) = target {
                    memory.learn(
                        &TranslationUnit::of(&source.markdown, from_style),
                        &TranslationUnit::of(&target.markdown, to_style),
                        &format!("rapporteur:{}/{}/{}", cycle.id, source.section, source.actor),
                    );
                }
            }
        }
        for pair in self.store.memory_pairs((from, to))? {
            memory.learn_sentence(
                &Segment::of(1, &pair.source, from_style),
                &Segment::of(1, &pair.target, to_style),
                MatchOrigin::Tmx,
                "rapporteur:tmx",
            );
        }
        Ok(memory)
    }

    /// Stores the translations of an XLIFF file made from [`App::export_translation`] (the
    /// coordinator): all of them in one transaction, or none with every problem located.
    pub fn import_translation(&mut self, by: &Caller, bytes: &[u8]) -> Result<TranslationImport> {
        allow(by, Action::Coordinate)?;
        let file = match read_xliff(bytes) {
            Ok(file) => file,
            Err(problems) => return Ok(TranslationImport::Refused(problems)),
        };
        let (texts, problems) = self.translated_texts(&file)?;
        if !problems.is_empty() {
            return Ok(TranslationImport::Refused(problems));
        }
        let at = self.now();
        let batch: Vec<(TextRef<'_>, &str, TextStatus)> = texts
            .iter()
            .map(|t| {
                let text = TextRef {
                    cycle: &file.file_id,
                    section: &t.section,
                    actor: &t.actor,
                    lang: &file.target_lang,
                };
                (text, t.markdown.as_str(), t.status)
            })
            .collect();
        let changed = self.store.save_narratives(&batch, Stamp { at: &at, by: by.name() })?;
        let mut by_status = BTreeMap::new();
        for t in &texts {
            *by_status.entry(t.status).or_default() += 1;
        }
        Ok(TranslationImport::Stored {
            language: file.target_lang.clone(),
            texts: by_status,
            unchanged: texts.len() - changed,
        })
    }

    /// The texts a translated file gives, checked against the texts it was made from, and the
    /// problems that refuse it.
    fn translated_texts(&self, file: &XliffFile) -> Result<(Vec<Narrative>, Vec<ImportProblem>)> {
        let mut problems = Vec::new();
        let whole =
            |problems: &mut Vec<ImportProblem>, message: String| problems.push(ImportProblem::file(message));
        let Some(cycle) = self.catalog.catalog.cycle(&file.file_id) else {
            whole(
                &mut problems,
                format!("the file is for cycle {:?}, which the catalog does not have", file.file_id),
            );
            return Ok((Vec::new(), problems));
        };
        let languages = &self.catalog.catalog.languages;
        for (what, lang) in [("source", &file.source_lang), ("target", &file.target_lang)] {
            if !languages.contains(lang) {
                whole(
                    &mut problems,
                    format!(
                        "the {what} language {lang:?} is not one of the report's ({})",
                        languages.join(", ")
                    ),
                );
            }
        }
        if file.source_lang == file.target_lang {
            whole(&mut problems, format!("source and target are both {:?}", file.source_lang));
        }
        if !problems.is_empty() {
            return Ok((Vec::new(), problems));
        }
        let narratives = self.narratives(&cycle.id)?;
        let (from, to) = (
            self.catalog.catalog.number_style(&file.source_lang),
            self.catalog.catalog.number_style(&file.target_lang),
        );
        let mut texts = Vec::new();
        let mut seen = BTreeSet::new();
        for unit in &file.units {
            let at = |problems: &mut Vec<ImportProblem>, line: usize, message: String| {
                problems.push(ImportProblem::at(line, None, format!("unit {}: {message}", unit.id)));
            };
            if !seen.insert(unit.id.as_str()) {
                at(&mut problems, unit.line, "appears twice".into());
                continue;
            }
            let source = unit.id.rsplit_once(':').and_then(|(section, actor)| {
                narratives
                    .iter()
                    .find(|n| n.section == section && n.actor == actor && n.lang == file.source_lang)
            });
            let Some(source) = source else {
                at(
                    &mut problems,
                    unit.line,
                    format!(
                        "no text of this section and actor in {} in cycle {}",
                        file.source_lang, cycle.id
                    ),
                );
                continue;
            };
            let cut = TranslationUnit::of(&source.markdown, from);
            let before = problems.len();
            let targets = segment_targets(&cut, &unit.segments, unit.line, &mut problems, &unit.id);
            if problems.len() > before {
                continue;
            }
            let markdown =
                cut.assemble(|id| targets.get(&id).cloned().unwrap_or_default(), |n| to.rewrite(n, from));
            texts.push(Narrative {
                section: source.section.clone(),
                actor: source.actor.clone(),
                lang: file.target_lang.clone(),
                markdown,
                status: status_of(&unit.segments),
            });
        }
        if file.units.is_empty() {
            whole(&mut problems, "the file holds no unit".into());
        }
        Ok((texts, problems))
    }
}

/// Whether `text`'s translation into `to` is absent or only a draft.
fn awaits(narratives: &[Narrative], text: &Narrative, to: &str) -> bool {
    !narratives
        .iter()
        .any(|n| n.section == text.section && n.actor == text.actor && n.lang == to && !n.status.is_draft())
}

/// The status of a text whose segments have these states: a draft while any is `initial` (or
/// none is given), reviewed when all are `reviewed` or `final`, translated otherwise.
fn status_of(segments: &[ReadSegment]) -> TextStatus {
    let states: Vec<&str> = segments.iter().map(|s| s.state.as_deref().unwrap_or("initial")).collect();
    if states.contains(&"initial") {
        TextStatus::Draft
    } else if states.iter().all(|s| matches!(*s, "reviewed" | "final")) {
        TextStatus::Reviewed
    } else {
        TextStatus::Translated
    }
}

/// Each segment's target as the text to assemble, with its codes; every problem located: a
/// segment missing, unknown or untranslated, a placeholder missing, repeated or foreign.
fn segment_targets(
    cut: &TranslationUnit,
    read: &[ReadSegment],
    unit_line: usize,
    problems: &mut Vec<ImportProblem>,
    unit_id: &str,
) -> BTreeMap<u32, Vec<Inline>> {
    let mut out = BTreeMap::new();
    let located = |problems: &mut Vec<ImportProblem>, line: usize, message: String| {
        problems.push(ImportProblem::at(line, None, format!("unit {unit_id}: {message}")));
    };
    for segment in cut.segments() {
        let id = format!("s{}", segment.id);
        let Some(found) = read.iter().find(|s| s.id == id) else {
            located(problems, unit_line, format!("segment {id} is missing (\"{}\")", segment.source()));
            continue;
        };
        let Some(target) = found
            .target
            .as_ref()
            .filter(|t| t.iter().any(|p| !matches!(p, TargetPart::Text(t) if t.trim().is_empty())))
        else {
            located(problems, found.line, format!("segment {id} has no translation"));
            continue;
        };
        let codes: BTreeMap<String, &Code> = segment.codes().map(|c| (c.id.to_string(), c)).collect();
        let mut used = BTreeSet::new();
        let mut inline = Vec::new();
        for part in target {
            match part {
                TargetPart::Text(text) => inline.push(Inline::Text(text.clone())),
                TargetPart::Placeholder(ph) => match codes.get(ph) {
                    Some(code) if used.insert(ph.clone()) => inline.push(Inline::Code((*code).clone())),
                    Some(code) => located(
                        problems,
                        found.line,
                        format!("segment {id}: placeholder {ph} ({}) appears twice", code.original),
                    ),
                    None => located(
                        problems,
                        found.line,
                        format!("segment {id}: placeholder {ph} does not belong to this segment"),
                    ),
                },
            }
        }
        for (ph, code) in &codes {
            if !used.contains(ph) {
                located(
                    problems,
                    found.line,
                    format!(
                        "segment {id}: placeholder {ph} ({}) is missing from the translation",
                        code.original
                    ),
                );
            }
        }
        out.insert(segment.id, inline);
    }
    let known: BTreeSet<String> = cut.segments().map(|s| format!("s{}", s.id)).collect();
    for extra in read.iter().filter(|s| !known.contains(&s.id)) {
        located(
            problems,
            extra.line,
            format!(
                "segment {} is not in the text (has the source text changed since the export?)",
                extra.id
            ),
        );
    }
    out
}

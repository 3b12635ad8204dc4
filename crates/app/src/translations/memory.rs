//! The translation memory an XLIFF export draws on: the sentences translated before (from the
//! texts held in both languages and the pairs imported as TMX), each with its translation and
//! where it was found; for a segment, the same sentence's translation to pre-fill, and the
//! candidates a translator is offered — the same sentence (100), or the most similar ones at or
//! above [`FUZZY_THRESHOLD`] by [`Sentence::similarity`].

use std::collections::BTreeMap;

use rapporteur_domain::translation::{
    normalised, Code, Inline, Segment, Sentence, TranslationUnit, FUZZY_THRESHOLD,
};
use rapporteur_report::{Candidate, MatchOrigin};

use super::align_codes;

/// A part of a remembered translation: its text, or a code as its position among the source
/// sentence's codes (so that it fills any later sentence written the same way).
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    SourceCode(usize),
}

/// A sentence translated before: the source sentence as cut (and made ready to compare), its
/// translation, and where it was found.
#[derive(Debug)]
struct Remembered {
    source: Segment,
    sentence: Sentence,
    target: Vec<Part>,
    origin: MatchOrigin,
    /// Where, as a candidate's `origin` says it: the text (cycle, section, actor) or the TMX.
    found: String,
}

/// How many candidates a segment gets at most, the best first: a translator weighs two or
/// three; more only lengthen the file.
const MAX_CANDIDATES: usize = 3;

/// Sentences translated before, in the order learned, and the same indexed by their source
/// text (codes included, white space normalised).
#[derive(Debug, Default)]
pub(super) struct Memory {
    sentences: Vec<Remembered>,
    by_source: BTreeMap<String, usize>,
}

impl Memory {
    /// Learns one sentence and its translation, unless the sentence is known already (the
    /// texts are learned first, so that they win over an imported memory).
    pub(super) fn learn_sentence(
        &mut self,
        source: &Segment,
        target: &Segment,
        origin: MatchOrigin,
        found: &str,
    ) {
        let key = normalised(&source.source());
        if self.by_source.contains_key(&key) {
            return;
        }
        if let Some(parts) = remember(source, target) {
            self.by_source.insert(key, self.sentences.len());
            self.sentences.push(Remembered {
                source: source.clone(),
                sentence: Sentence::of(source),
                target: parts,
                origin,
                found: found.to_string(),
            });
        }
    }

    /// Learns the sentences of a text and its translation when they align one to one (as
    /// many sentences on both sides, each translation's codes those of its source).
    pub(super) fn learn(&mut self, source: &TranslationUnit, target: &TranslationUnit, found: &str) {
        let (sources, targets): (Vec<_>, Vec<_>) = (source.segments().collect(), target.segments().collect());
        if sources.len() != targets.len() {
            return;
        }
        for (s, t) in sources.iter().zip(&targets) {
            self.learn_sentence(s, t, MatchOrigin::Texts, found);
        }
    }

    /// The remembered translation of a sentence written exactly so, with its own codes, and
    /// where it was found.
    pub(super) fn recall(&self, segment: &Segment) -> Option<(Vec<Inline>, MatchOrigin)> {
        let remembered = &self.sentences[*self.by_source.get(&normalised(&segment.source()))?];
        let inline = translation_with(&remembered.target, &segment.codes().collect::<Vec<_>>())?;
        Some((inline, remembered.origin))
    }

    /// The candidates for a segment: the same sentence translated before (similarity 100), or
    /// else the most similar ones at or above [`FUZZY_THRESHOLD`], the best first (ties in the
    /// order learned).
    pub(super) fn candidates(&self, segment: &Segment) -> Vec<Candidate> {
        if let Some(&exact) = self.by_source.get(&normalised(&segment.source())) {
            return self.sentences[exact].candidate(segment.id, 100.0).into_iter().collect();
        }
        let sentence = Sentence::of(segment);
        let mut scored: Vec<(f64, usize)> = self
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, r)| sentence.upper_bound(&r.sentence) >= FUZZY_THRESHOLD)
            .map(|(i, r)| (sentence.similarity(&r.sentence), i))
            .filter(|(score, _)| *score >= FUZZY_THRESHOLD)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(MAX_CANDIDATES)
            .filter_map(|(score, i)| self.sentences[i].candidate(segment.id, score))
            .collect()
    }
}

impl Remembered {
    /// The sentence pair as a candidate for segment `segment`, its codes numbered within it.
    fn candidate(&self, segment: u32, similarity: f64) -> Option<Candidate> {
        let codes: Vec<Code> =
            self.source.codes().enumerate().map(|(k, c)| Code { id: k as u32 + 1, ..c.clone() }).collect();
        let mut next = codes.iter();
        let source = self
            .source
            .inline
            .iter()
            .map(|part| match part {
                Inline::Text(text) => Some(Inline::Text(text.clone())),
                Inline::Code(_) => next.next().map(|c| Inline::Code(c.clone())),
            })
            .collect::<Option<Vec<Inline>>>()?;
        let target = translation_with(&self.target, &codes.iter().collect::<Vec<_>>())?;
        Some(Candidate { segment, source, target, similarity, origin: self.found.clone() })
    }
}

/// A remembered translation made with a sentence's own codes; `None` when one is missing.
fn translation_with(parts: &[Part], codes: &[&Code]) -> Option<Vec<Inline>> {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => Some(Inline::Text(text.clone())),
            Part::SourceCode(i) => codes.get(*i).map(|c| Inline::Code((*c).clone())),
        })
        .collect()
}

/// A translated sentence with its codes as positions among the source's: a markup code by its
/// text, a number by its digits (written in another convention); `None` when one has no match.
fn remember(source: &Segment, target: &Segment) -> Option<Vec<Part>> {
    let positions = align_codes(source, target)?;
    Some(
        target
            .inline
            .iter()
            .zip(positions)
            .map(|(part, position)| match (part, position) {
                (_, Some(i)) => Part::SourceCode(i),
                (Inline::Text(text), None) => Part::Text(text.clone()),
                (Inline::Code(code), None) => Part::Text(code.original.clone()),
            })
            .collect(),
    )
}

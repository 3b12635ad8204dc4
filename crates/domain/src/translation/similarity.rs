//! How alike two sentences are, for a translation memory's fuzzy matches: a word-level edit
//! distance normalised to 0–100, in which the protected codes (numbers, inline Markdown) are
//! placeables — a number that differs only in its value costs a fraction of a word, so that a
//! sentence repeated with another year or count still matches highly, but never as an exact
//! match. 100 is kept for the same sentence (white space aside).
//!
//! The score of sentences `a` and `b`, cut into tokens (words, punctuation marks, placeables):
//! `100 × (1 − d / max(|a|, |b|))`, where `d` is the edit distance with these costs: a token
//! inserted or deleted 1, a word replaced by another 1, a placeable replaced by another of its
//! kind [`PLACEABLE_COST`] (0 when the same), a placeable replaced by a word 1. Rounded to one
//! decimal, and at most 99.9 for two sentences that differ.

use super::{normalised, CodeKind, Inline, Segment};

/// The lowest score offered as a fuzzy match, in percent. Below three quarters of a sentence in
/// common, editing the earlier translation costs a translator about as much as translating the
/// sentence anew (the usual lower bound of the fuzzy bands translation tools pay for and show,
/// 70–75 %); a sentence of three tokens or fewer matches only when what differs is a placeable.
pub const FUZZY_THRESHOLD: f64 = 75.0;

/// What replacing a placeable by another of its kind costs, in words: a fifth, so that a
/// sentence of ten tokens differing only by its year scores 98, one differing by a word 90.
pub const PLACEABLE_COST: f64 = 0.2;

/// A token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Placeable(CodeKind, String),
}

impl Token {
    /// The token as the bound of [`Sentence::upper_bound`] counts it: a placeable by its kind.
    fn key(&self) -> String {
        match self {
            Token::Word(word) => word.clone(),
            Token::Placeable(CodeKind::Number, _) => "\u{0}number".into(),
            Token::Placeable(CodeKind::Markup, _) => "\u{0}markup".into(),
        }
    }

    fn replace_cost(&self, other: &Token) -> f64 {
        match (self, other) {
            (a, b) if a == b => 0.0,
            (Token::Placeable(k, _), Token::Placeable(l, _)) if k == l => PLACEABLE_COST,
            _ => 1.0,
        }
    }
}

/// A sentence made ready for comparison (cut once, compared with many).
#[derive(Debug, Clone)]
pub struct Sentence {
    text: String,
    tokens: Vec<Token>,
    /// The tokens' keys, sorted: the multiset [`Sentence::upper_bound`] intersects.
    keys: Vec<String>,
}

impl Sentence {
    pub fn of(segment: &Segment) -> Sentence {
        let mut tokens = Vec::new();
        for part in &segment.inline {
            match part {
                Inline::Code(code) => tokens.push(Token::Placeable(code.kind, code.original.clone())),
                Inline::Text(text) => words(text, &mut tokens),
            }
        }
        let mut keys: Vec<String> = tokens.iter().map(Token::key).collect();
        keys.sort_unstable();
        Sentence { text: normalised(&segment.source()), tokens, keys }
    }

    /// The score (0–100, see the module) of this sentence against `other`.
    pub fn similarity(&self, other: &Sentence) -> f64 {
        if self.text == other.text {
            return 100.0;
        }
        let longest = self.tokens.len().max(other.tokens.len());
        if longest == 0 {
            return 100.0;
        }
        let score = 100.0 * (1.0 - self.distance(other) / longest as f64);
        ((score * 10.0).round() / 10.0).clamp(0.0, 99.9)
    }

    /// The best score `other` could reach, from the tokens the two have in common (placeables
    /// by kind) and their lengths alone: every token of the longer one not paired with an equal
    /// key costs at least 1. Cheap, so that most of a memory is passed over without aligning.
    pub fn upper_bound(&self, other: &Sentence) -> f64 {
        let longest = self.keys.len().max(other.keys.len());
        if longest == 0 {
            return 100.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < self.keys.len() && j < other.keys.len() {
            match self.keys[i].cmp(&other.keys[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        100.0 * common as f64 / longest as f64
    }

    /// The weighted edit distance of the two token sequences (two rows of the usual table).
    fn distance(&self, other: &Sentence) -> f64 {
        let (a, b) = (&self.tokens, &other.tokens);
        let mut previous: Vec<f64> = (0..=b.len()).map(|j| j as f64).collect();
        let mut current = vec![0.0; b.len() + 1];
        for (i, x) in a.iter().enumerate() {
            current[0] = (i + 1) as f64;
            for (j, y) in b.iter().enumerate() {
                let replace = previous[j] + x.replace_cost(y);
                current[j + 1] = replace.min(previous[j + 1] + 1.0).min(current[j] + 1.0);
            }
            std::mem::swap(&mut previous, &mut current);
        }
        previous[b.len()]
    }
}

/// The words (runs of letters and digits, with their inner apostrophes and hyphens) and the
/// punctuation marks of a text, each one token; white space separates them.
fn words(text: &str, tokens: &mut Vec<Token>) {
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word)));
        }
    };
    let chars: Vec<char> = text.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-')
            && !word.is_empty()
            && chars.get(k + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            word.push(c);
        } else {
            flush(&mut word, tokens);
            if !c.is_whitespace() {
                tokens.push(Token::Word(c.to_string()));
            }
        }
    }
    flush(&mut word, tokens);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translation::NumberStyle;

    const DUTCH: NumberStyle = NumberStyle { group: '.', decimal: ',' };

    fn sentence(text: &str) -> Sentence {
        Sentence::of(&Segment::of(1, text, DUTCH))
    }

    #[test]
    fn the_same_sentence_scores_100_and_only_it() {
        let a = sentence("In 2020 werden 1.234 slachtoffers begeleid.");
        assert_eq!(a.similarity(&sentence("In  2020 werden 1.234 slachtoffers begeleid. ")), 100.0);
        let year = sentence("In 2021 werden 1.234 slachtoffers begeleid.");
        assert!(a.similarity(&year) < 100.0);
    }

    #[test]
    fn a_changed_number_costs_less_than_a_changed_word_which_costs_less_than_two() {
        let a = sentence("In 2020 werden 1.234 slachtoffers door de centra begeleid.");
        let year = a.similarity(&sentence("In 2022 werden 1.234 slachtoffers door de centra begeleid."));
        let word = a.similarity(&sentence("In 2020 werden 1.234 minderjarigen door de centra begeleid."));
        let two = a.similarity(&sentence("In 2020 werden 1.234 minderjarigen door de politie begeleid."));
        assert!(year > word && word > two, "{year} {word} {two}");
        assert!(year >= FUZZY_THRESHOLD && word >= FUZZY_THRESHOLD, "{year} {word}");
        // The score is symmetric and never above its bound.
        let b = sentence("In 2020 werden 1.234 minderjarigen door de politie begeleid.");
        assert_eq!(a.similarity(&b), b.similarity(&a));
        assert!(a.similarity(&b) <= a.upper_bound(&b));
    }

    #[test]
    fn an_unrelated_sentence_falls_below_the_threshold_and_its_bound_says_so() {
        let a = sentence("In 2020 werden 1.234 slachtoffers door de centra begeleid.");
        let other = sentence("De Dienst Voogdij ontving 12 meldingen van minderjarigen.");
        assert!(a.upper_bound(&other) < FUZZY_THRESHOLD, "{}", a.upper_bound(&other));
        assert!(a.similarity(&other) < FUZZY_THRESHOLD);
        assert_eq!(sentence("").similarity(&sentence("")), 100.0);
    }
}

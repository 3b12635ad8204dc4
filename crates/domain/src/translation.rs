//! Translation of the actors' texts: the status of a text in one language ([`TextStatus`]),
//! and a text cut into what a translator translates ([`TranslationUnit`]): segments (one per
//! sentence) whose inline Markdown (emphasis, links, footnote references, inline code) and
//! numbers are protected as codes, between the skeleton a translator must not touch (headings'
//! marks, list markers, table pipes, line breaks); and how alike two sentences are, for a
//! translation memory's fuzzy matches ([`Sentence`], [`FUZZY_THRESHOLD`]).

mod similarity;
mod status;
mod unit;

pub use similarity::{Sentence, FUZZY_THRESHOLD, PLACEABLE_COST};
pub use status::TextStatus;
pub use unit::{normalised, Code, CodeKind, Inline, NumberStyle, Piece, Segment, TranslationUnit};

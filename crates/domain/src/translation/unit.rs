//! A text cut into what a translator translates. The text (Markdown) becomes a sequence of
//! pieces whose sources, put end to end, give the text back exactly:
//! - **skeleton**: what no translator touches — line breaks, blank lines, the marks that open a
//!   heading (`## `), a list item (`- `, `1. `), a footnote's definition (`[^3]: `), a table's
//!   pipes and separator rows, the spaces between sentences;
//! - **segments**: one per sentence, split after `.`, `?` or `!` before a capital or a digit
//!   (not after an abbreviation such as `art.` or `bv.`, nor after an initial), each made of
//!   text and **codes**: the inline Markdown a translator must keep but may move (emphasis
//!   marks, a link's brackets and address, footnote references, inline code, HTML tags) and the
//!   numbers, which a translation writes in its own language's convention.

/// How a language writes numbers: the separator of thousands and the decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    pub group: char,
    pub decimal: char,
}

impl NumberStyle {
    /// A number written in `from` style (digits, groups, decimals), written in this style; a
    /// number written without groups stays without (years, small counts).
    pub fn rewrite(self, number: &str, from: NumberStyle) -> String {
        number
            .chars()
            .map(|c| {
                if c == from.group {
                    self.group
                } else if c == from.decimal {
                    self.decimal
                } else {
                    c
                }
            })
            .collect()
    }
}

/// What a code protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// Inline Markdown, given back as it is.
    Markup,
    /// A number in the source language's convention, written in the target's.
    Number,
}

/// A protected piece of a segment: its id within the unit and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub id: u32,
    pub kind: CodeKind,
    pub original: String,
}

/// Part of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(Code),
}

/// One sentence (or table cell) to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// 1, 2, … within the unit.
    pub id: u32,
    pub inline: Vec<Inline>,
}

impl Segment {
    /// The segment's source text.
    pub fn source(&self) -> String {
        self.inline
            .iter()
            .map(|i| match i {
                Inline::Text(t) => t.as_str(),
                Inline::Code(c) => c.original.as_str(),
            })
            .collect()
    }

    /// The segment's codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.inline.iter().filter_map(|i| if let Inline::Code(c) = i { Some(c) } else { None })
    }

    /// One sentence's text (no structural mark, no line break) cut into text and codes as a
    /// unit's segment would be, its codes numbered from 1: how a sentence from elsewhere (a
    /// translation memory) is compared with the segments of a text.
    pub fn of(id: u32, sentence: &str, numbers: NumberStyle) -> Segment {
        let mut cutter = Cutter { numbers, pieces: Vec::new(), segments: id.saturating_sub(1), codes: 0 };
        cutter.segment(sentence);
        match cutter.pieces.pop() {
            Some(Piece::Segment(segment)) => segment,
            _ => Segment { id, inline: Vec::new() },
        }
    }
}

/// A source sentence as a translation memory compares it: runs of white space made one space,
/// none at either end.
pub fn normalised(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A piece of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Skeleton(String),
    Segment(Segment),
}

/// A text cut into skeleton and segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationUnit {
    pub pieces: Vec<Piece>,
}

/// Words after which a full stop ends no sentence (compared in lower case, without the stop).
const ABBREVIATIONS: [&str; 34] = [
    "art", "artt", "nr", "nrs", "bv", "bijv", "o.a", "enz", "cf", "vs", "p", "pp", "e.g", "i.e", "etc",
    "dhr", "mevr", "min", "max", "ca", "resp", "incl", "excl", "zgn", "m.a.w", "t.a.v", "n.a.v", "i.v.m",
    "m.b.t", "b.s", "mr", "dr", "st", "al",
];

impl TranslationUnit {
    /// Cuts a Markdown text whose numbers are written in `numbers` style (see the module).
    pub fn of(markdown: &str, numbers: NumberStyle) -> TranslationUnit {
        let mut cutter = Cutter { numbers, pieces: Vec::new(), segments: 0, codes: 0 };
        for line in markdown.split_inclusive('\n') {
            let (body, end) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            cutter.line(body);
            cutter.skeleton(end);
        }
        cutter.unit()
    }

    /// The text the unit was cut from.
    pub fn source(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Skeleton(s) => s.clone(),
                Piece::Segment(s) => s.source(),
            })
            .collect()
    }

    /// The unit's segments, in order.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.pieces.iter().filter_map(|p| if let Piece::Segment(s) = p { Some(s) } else { None })
    }

    /// The text with each segment replaced by its translation (`target` gives it by segment
    /// id, codes included), numbers written by `number` from their source text.
    pub fn assemble(&self, target: impl Fn(u32) -> Vec<Inline>, number: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Skeleton(s) => out.push_str(s),
                Piece::Segment(segment) => {
                    for inline in target(segment.id) {
                        match inline {
                            Inline::Text(t) => out.push_str(&t),
                            Inline::Code(c) if c.kind == CodeKind::Number => {
                                out.push_str(&number(&c.original))
                            }
                            Inline::Code(c) => out.push_str(&c.original),
                        }
                    }
                }
            }
        }
        out
    }
}

/// Builds a unit piece by piece, numbering segments and codes.
struct Cutter {
    numbers: NumberStyle,
    pieces: Vec<Piece>,
    segments: u32,
    codes: u32,
}

impl Cutter {
    fn unit(self) -> TranslationUnit {
        TranslationUnit { pieces: self.pieces }
    }

    fn skeleton(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Skeleton(last)) = self.pieces.last_mut() {
            last.push_str(text);
        } else {
            self.pieces.push(Piece::Skeleton(text.to_string()));
        }
    }

    /// One line without its line break: its structural mark, then its content.
    fn line(&mut self, line: &str) {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.is_empty() {
            self.skeleton(line);
            return;
        }
        if trimmed.starts_with('|') {
            self.skeleton(indent);
            self.table_row(trimmed);
            return;
        }
        let mark = structural_mark(trimmed);
        self.skeleton(indent);
        self.skeleton(&trimmed[..mark]);
        self.content(&trimmed[mark..]);
    }

    /// A table row: the pipes and a separator row are skeleton, each cell's text a segment.
    fn table_row(&mut self, row: &str) {
        if row.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            self.skeleton(row);
            return;
        }
        for (i, cell) in row.split('|').enumerate() {
            if i > 0 {
                self.skeleton("|");
            }
            let content = cell.trim();
            if content.is_empty() {
                self.skeleton(cell);
                continue;
            }
            let start = cell.len() - cell.trim_start().len();
            self.skeleton(&cell[..start]);
            self.content(content);
            self.skeleton(&cell[start + content.len()..]);
        }
    }

    /// Running text: sentences as segments, the spaces between them as skeleton.
    fn content(&mut self, text: &str) {
        let trimmed_end = text.trim_end();
        let mut rest = trimmed_end;
        while !rest.is_empty() {
            let end = sentence_end(rest);
            let sentence = &rest[..end];
            self.segment(sentence);
            let after = &rest[end..];
            let next = after.trim_start();
            self.skeleton(&after[..after.len() - next.len()]);
            rest = next;
        }
        self.skeleton(&text[trimmed_end.len()..]);
    }

    fn segment(&mut self, sentence: &str) {
        self.segments += 1;
        let mut inline = Vec::new();
        for (kind, piece) in inline_pieces(sentence, self.numbers) {
            match kind {
                None => match inline.last_mut() {
                    Some(Inline::Text(t)) => t.push_str(piece),
                    _ => inline.push(Inline::Text(piece.to_string())),
                },
                Some(kind) => {
                    self.codes += 1;
                    inline.push(Inline::Code(Code { id: self.codes, kind, original: piece.to_string() }));
                }
            }
        }
        self.pieces.push(Piece::Segment(Segment { id: self.segments, inline }));
    }
}

/// The length of a line's structural mark: a heading's hashes, a list marker, a footnote
/// definition's label, a block quote's `>`, with the space after it.
fn structural_mark(line: &str) -> usize {
    let bytes = line.as_bytes();
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes > 0 && bytes.get(hashes) == Some(&b' ') {
        return hashes + 1;
    }
    for marker in ["- ", "* ", "+ ", "• ", "> "] {
        if line.starts_with(marker) {
            return marker.len();
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) && bytes.get(digits + 1) == Some(&b' ') {
        return digits + 2;
    }
    if line.starts_with("[^") {
        if let Some(close) = line.find("]: ") {
            return close + 3;
        }
    }
    0
}

/// Where the first sentence of `text` ends (after its closing punctuation and quotes).
fn sentence_end(text: &str) -> usize {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        // Closing quotes and brackets belong to the sentence.
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_')
        {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        let after = &text[end..];
        let next = after.trim_start();
        if next.len() == after.len() || next.is_empty() {
            continue;
        }
        let starts = next
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'“‘«([".contains(n));
        if !starts || (c == '.' && is_abbreviation(&text[..i])) {
            continue;
        }
        return end;
    }
    text.len()
}

/// Whether the word before a full stop is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let word = word.to_lowercase();
    (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
        || ABBREVIATIONS.contains(&word.as_str())
}

/// A sentence cut into text (`None`) and codes.
fn inline_pieces(sentence: &str, numbers: NumberStyle) -> Vec<(Option<CodeKind>, &str)> {
    fn flush<'a>(out: &mut Vec<(Option<CodeKind>, &'a str)>, sentence: &'a str, from: usize, to: usize) {
        if to > from {
            out.push((None, &sentence[from..to]));
        }
    }
    let bytes = sentence.as_bytes();
    let mut out = Vec::new();
    let (mut text_start, mut i) = (0, 0);
    while i < bytes.len() {
        let found = markup_at(sentence, i)
            .map(|len| (CodeKind::Markup, len))
            .or_else(|| number_at(sentence, i, numbers).map(|len| (CodeKind::Number, len)));
        match found {
            Some((kind, len)) => {
                flush(&mut out, sentence, text_start, i);
                out.push((Some(kind), &sentence[i..i + len]));
                i += len;
                text_start = i;
            }
            None => i += sentence[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    flush(&mut out, sentence, text_start, bytes.len());
    out
}

/// The length of inline Markdown at byte `i`, if any.
fn markup_at(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    if rest.starts_with("[^") {
        return rest.find(']').map(|close| close + 1);
    }
    if rest.starts_with("](") {
        return rest.find(')').map(|close| close + 1);
    }
    if rest.starts_with('[') && rest.contains("](") {
        return Some(1);
    }
    if let Some(code) = rest.strip_prefix('`') {
        return code.find('`').map(|close| close + 2);
    }
    if rest.starts_with('<') {
        let close = rest.find('>')?;
        let tag = &rest[1..close];
        let is_tag = !tag.is_empty()
            && tag.trim_start_matches('/').chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        return is_tag.then_some(close + 1);
    }
    let marks = rest.chars().take_while(|&c| c == '*' || c == '_').count();
    if marks > 0 {
        // An emphasis mark touches a word on one side; an underscore inside a word is a letter.
        let before = s[..i].chars().next_back();
        let after = rest[marks..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if rest.starts_with('_') && word(before) && word(after) {
            return None;
        }
        let touches = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        if touches(before) || touches(after) {
            return Some(marks);
        }
    }
    None
}

/// The length of a number in the source's style (1.234 or 1234, 2,5 in Dutch) at byte `i`, if
/// one starts there and is no part of a word (433quinquies).
fn number_at(s: &str, i: usize, style: NumberStyle) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes[i].is_ascii_digit() || s[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = i + digits(i);
    let at = |end: usize, c: char| s[end..].starts_with(c);
    // Groups of three after a group separator (1.234.567), when the first group has 1–3 digits.
    if end - i <= 3 {
        while at(end, style.group) && digits(end + style.group.len_utf8()) == 3 {
            end += style.group.len_utf8() + 3;
        }
    }
    if at(end, style.decimal) && digits(end + style.decimal.len_utf8()) > 0 {
        end += style.decimal.len_utf8() + digits(end + style.decimal.len_utf8());
    }
    if s[end..].chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(end - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "## Vaststellingen\n\nIn 2020 registreerde de politie 1.234 feiten (art. 433quinquies Sw.). \
Dat is **2,5 %** meer dan in 2019[^3]. Zie [het verslag](https://www.myria.be/nl) van Myria.\n\n\
- Seksuele uitbuiting: 61,7 %.\n- Economische uitbuiting.\n\n| Vorm | 2019 |\n| --- | ---: |\n| Seksueel | 987 |\n\n\
[^3]: Bron: ANG, 1.3.2021.\n";

    const DUTCH: NumberStyle = NumberStyle { group: '.', decimal: ',' };
    const ENGLISH: NumberStyle = NumberStyle { group: ',', decimal: '.' };

    #[test]
    fn a_text_is_cut_into_segments_and_given_back_exactly() {
        let unit = TranslationUnit::of(TEXT, DUTCH);
        assert_eq!(unit.source(), TEXT);
        let sources: Vec<String> = unit.segments().map(Segment::source).collect();
        assert_eq!(
            sources,
            [
                "Vaststellingen",
                "In 2020 registreerde de politie 1.234 feiten (art. 433quinquies Sw.).",
                "Dat is **2,5 %** meer dan in 2019[^3].",
                "Zie [het verslag](https://www.myria.be/nl) van Myria.",
                "Seksuele uitbuiting: 61,7 %.",
                "Economische uitbuiting.",
                "Vorm",
                "2019",
                "Seksueel",
                "987",
                "Bron: ANG, 1.3.2021."
            ]
        );
        let codes = |n: usize| -> Vec<(CodeKind, String)> {
            unit.segments().nth(n).unwrap().codes().map(|c| (c.kind, c.original.clone())).collect()
        };
        use CodeKind::*;
        assert_eq!(codes(1), [(Number, "2020".into()), (Number, "1.234".into())], "433quinquies is a word");
        assert_eq!(
            codes(2),
            [
                (Markup, "**".into()),
                (Number, "2,5".into()),
                (Markup, "**".into()),
                (Number, "2019".into()),
                (Markup, "[^3]".into())
            ]
        );
        assert_eq!(codes(3), [(Markup, "[".into()), (Markup, "](https://www.myria.be/nl)".into())]);
        let ids: Vec<u32> = unit.segments().flat_map(|s| s.codes().map(|c| c.id)).collect();
        assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "codes are numbered through the unit");
    }

    #[test]
    fn a_translation_is_assembled_in_the_skeleton_with_its_numbers_localised() {
        let unit = TranslationUnit::of("Dat is **2,5 %** meer dan in 2019.\n\n- Totaal: 1.234.\n", DUTCH);
        let segments: Vec<&Segment> = unit.segments().collect();
        let code = |s: usize, n: usize| Inline::Code(segments[s].codes().nth(n).unwrap().clone());
        let target = |id: u32| match id {
            1 => vec![
                Inline::Text("That is ".into()),
                code(0, 0),
                code(0, 1),
                Inline::Text("%".into()),
                code(0, 2),
                Inline::Text(" more than in ".into()),
                code(0, 3),
                Inline::Text(".".into()),
            ],
            _ => vec![Inline::Text("Total: ".into()), code(1, 0), Inline::Text(".".into())],
        };
        let english = |n: &str| ENGLISH.rewrite(n, DUTCH);
        assert_eq!(
            unit.assemble(target, english),
            "That is **2.5%** more than in 2019.\n\n- Total: 1,234.\n"
        );
    }
}

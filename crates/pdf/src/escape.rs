//! Escaping of text for typst: as markup (inside `[...]`) and as string literals (inside `"..."`).
//!
//! Every piece of text from the document — titles, cells, actors' Markdown — passes through here,
//! so that no data can ever be read as typst syntax.

/// Escapes `text` so that typst markup shows it literally.
///
/// Every ASCII character that typst markup may read as syntax is preceded by a backslash, wherever
/// it stands: the escape is harmless mid-word, and escaping everywhere means the caller never has
/// to know whether the text lands at the start of a line (`=`, `-`, `+`, `/`, `1.`), right after an
/// embedded expression (`.`, `(`, `[` would continue it), or next to a `//` comment. ASCII
/// whitespace becomes a plain space (a newline in the data must not end a paragraph or start a
/// list); other control characters are dropped. Quotes stay as they are: typst turns them into
/// the document language's typographic quotes, which is what a printed report wants.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match c {
            '\\' | '#' | '$' | '*' | '_' | '@' | '<' | '>' | '[' | ']' | '(' | ')' | '{' | '}' | '`'
            | '~' | '=' | '-' | '+' | '/' | '.' | ';' | ':' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` as the inside of a typst string literal (`"..."`).
pub(crate) fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::syntax::{parse, SyntaxKind};

    /// Reads escaped markup back the way typst's parser sees it: the text it shows, or the first
    /// node that is syntax rather than text.
    fn read_back(markup: &str) -> Result<String, String> {
        let root = parse(markup);
        let mut shown = String::new();
        for child in root.children() {
            match child.kind() {
                SyntaxKind::Text | SyntaxKind::Space | SyntaxKind::SmartQuote => {
                    shown.push_str(&child.full_text())
                }
                SyntaxKind::Escape => shown.push_str(&child.full_text()[1..]),
                kind => return Err(format!("{kind:?} {:?} in {markup:?}", child.full_text())),
            }
        }
        Ok(shown)
    }

    #[test]
    fn markup_escapes_every_syntax_character() {
        assert_eq!(escape_markup("Tabel 17: 12,5 %"), r"Tabel 17\: 12,5 %");
        assert_eq!(escape_markup("#let x = $y$"), r"\#let x \= \$y\$");
        assert_eq!(escape_markup("*vet* _schuin_ `code` ~"), r"\*vet\* \_schuin\_ \`code\` \~");
        assert_eq!(escape_markup("a@b.be <lbl> [x] (y) {z}"), r"a\@b\.be \<lbl\> \[x\] \(y\) \{z\}");
        assert_eq!(escape_markup(r"C:\pad // geen commentaar"), r"C\:\\pad \/\/ geen commentaar");
        assert_eq!(
            escape_markup("= kop\n- lijst\n+ genummerd\n1. item"),
            r"\= kop \- lijst \+ genummerd 1\. item"
        );
        assert_eq!(escape_markup("Sürya, België – «ça»"), "Sürya, België – «ça»");
        assert_eq!(escape_markup("a\u{0}b\tc\r\nd"), "ab c  d");
    }

    #[test]
    fn escaped_markup_reads_back_as_the_same_text() {
        let samples = [
            "= Kop aan het begin",
            "- geen lijst",
            "+ geen opsomming",
            "/ geen: term",
            "1. geen genummerde lijst",
            "2019... en -5 en a--b en a---b en -?",
            "http://example.org/pad en https://x.be",
            "// geen commentaar /* ook niet */",
            "#emph[nee] $x^2$ `raw` <label> @referentie",
            r"\u{41} en \ aan het eind \",
            "Sürya's \"aanhalingen\" in België",
            "*_~ [a](b) {c} ;",
            "",
        ];
        for sample in samples {
            let escaped = escape_markup(sample);
            assert_eq!(read_back(&escaped), Ok(sample.replace(|c: char| c.is_ascii_whitespace(), " ")));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_unchanged(text in "(?s).{0,80}", ascii in "[ -~\n]{0,80}") {
            for text in [text, ascii] {
                let expected: String = text
                    .chars()
                    .filter(|c| c.is_ascii_whitespace() || !c.is_control())
                    .map(|c| if c.is_ascii_whitespace() { ' ' } else { c })
                    .collect();
                proptest::prop_assert_eq!(read_back(&escape_markup(&text)), Ok(expected));
            }
        }
    }

    #[test]
    fn string_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(escape_string(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(escape_string("a\nb\tc\u{7}"), r"a\nb\tc");
    }
}

//! The longest token of an XML stream — a run of text, or one piece of markup (a tag with its
//! attributes, a comment, a CDATA section, a processing instruction) — measured as the bytes
//! pass, without keeping them. An XML reader holds one token at a time, so this is what it
//! would buffer; a long run of whitespace or a giant attribute is how a small zip bomb turns into
//! a large allocation.

/// Feeds bytes in any chunks; [`LongestToken::longest`] tells the longest token seen.
#[derive(Debug, Default)]
pub(crate) struct LongestToken {
    state: State,
    /// Bytes of the current token so far.
    current: u64,
    longest: u64,
    /// The first bytes of the current piece of markup, enough to tell its kind.
    head: Vec<u8>,
    /// The last three bytes, to see `-->`, `]]>` and `?>`.
    tail: [u8; 3],
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Text,
    /// After `<`, until the kind is known.
    Markup,
    /// A tag; in a quoted attribute value when `quote` is set.
    Tag {
        quote: Option<u8>,
    },
    Comment,
    CData,
    Instruction,
}

impl LongestToken {
    pub fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.tail = [self.tail[1], self.tail[2], byte];
            self.step(byte);
        }
        self.longest = self.longest.max(self.current);
    }

    /// The longest token seen, in bytes.
    pub fn longest(&self) -> u64 {
        self.longest.max(self.current)
    }

    fn step(&mut self, byte: u8) {
        match self.state {
            State::Text if byte == b'<' => {
                self.start(State::Markup);
                self.head.clear();
                self.head.push(byte);
            }
            State::Text => self.current += 1,
            State::Markup => {
                self.head.push(byte);
                match markup_kind(&self.head) {
                    // A tag: this byte may already close it or open a quoted value.
                    Some(State::Tag { .. }) => {
                        self.state = State::Tag { quote: None };
                        self.step(byte);
                    }
                    Some(kind) => {
                        self.current += 1;
                        self.state = kind;
                    }
                    None => self.current += 1,
                }
            }
            State::Tag { quote } => {
                self.current += 1;
                match (quote, byte) {
                    (None, b'>') => self.start(State::Text),
                    (None, b'"' | b'\'') => self.state = State::Tag { quote: Some(byte) },
                    (Some(q), b) if q == b => self.state = State::Tag { quote: None },
                    _ => {}
                }
            }
            State::Comment | State::CData | State::Instruction => {
                self.current += 1;
                let end: &[u8] = match self.state {
                    State::Comment => b"-->",
                    State::CData => b"]]>",
                    _ => b"?>",
                };
                if self.tail.ends_with(end) {
                    self.start(State::Text);
                }
            }
        }
    }

    /// Ends the current token and starts one of `state`.
    fn start(&mut self, state: State) {
        self.longest = self.longest.max(self.current);
        self.current = u64::from(state != State::Text);
        self.state = state;
    }
}

/// The kind of markup `head` (starting with `<`) opens, once enough of it is seen.
fn markup_kind(head: &[u8]) -> Option<State> {
    const KINDS: [(&[u8], State); 3] =
        [(b"<!--", State::Comment), (b"<![CDATA[", State::CData), (b"<?", State::Instruction)];
    for (opening, kind) in KINDS {
        if head.starts_with(opening) {
            return Some(kind);
        }
    }
    let undecided = KINDS.iter().any(|(opening, _)| opening.starts_with(head));
    (!undecided).then_some(State::Tag { quote: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest(chunks: &[&[u8]]) -> u64 {
        let mut tokens = LongestToken::default();
        for chunk in chunks {
            tokens.feed(chunk);
        }
        tokens.longest()
    }

    #[test]
    fn measures_text_tags_comments_and_cdata_across_chunks() {
        assert_eq!(longest(&[b"<a>hello</a>"]), 5);
        assert_eq!(longest(&[b"<a x=\"1 > 2\">", b"</a>"]), 13, "a quoted > does not end a tag");
        assert_eq!(longest(&[b"<!-- a > b <c> -->x"]), 18, "a comment ends at -->");
        assert_eq!(longest(&[b"<![CDA", b"TA[ <x> ]]>"]), 17, "CDATA ends at ]]>, even split");
        assert_eq!(longest(&[b"<?xml version=\"1.0\"?><a/>"]), 21);
        let spaces = vec![b' '; 10_000];
        assert_eq!(longest(&[b"<a>", &spaces, &spaces, b"</a>"]), 20_000);
    }
}

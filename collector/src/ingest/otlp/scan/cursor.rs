//! The scanner's cursor: JSON tokens read in place from a body known to be valid UTF-8 —
//! strings without escapes borrowed, numbers as their text, objects and arrays item by item, any
//! plain value skipped — each answering `None` (decline) at anything it does not take.

use super::super::text::plain_len;

/// Deepest nesting of a skipped value taken (deeper: declined, whatever serde_json would say).
const MAX_SKIP_DEPTH: usize = 8;
/// Most digits of a number taken (more: declined, so that every number taken is exact).
const MAX_DIGITS: usize = 17;

/// `None`: decline (the next reader decides).
pub(super) type Scan<T> = Option<T>;

/// A cursor over a body known to be valid UTF-8.
pub(super) struct Cur<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cur<'a> {
    /// At the start of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Cur { text, at: 0 }
    }

    pub(super) fn ws(&mut self) {
        let b = self.text.as_bytes();
        while matches!(b.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// The next byte after white space, not consumed.
    pub(super) fn peek(&mut self) -> Scan<u8> {
        self.ws();
        self.text.as_bytes().get(self.at).copied()
    }

    pub(super) fn eat(&mut self, c: u8) -> Scan<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// A string without escapes or control characters, borrowed (`"` is ASCII, so both ends
    /// are char boundaries of the UTF-8 text).
    pub(super) fn string(&mut self) -> Scan<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let end = start + plain_len(self.text.as_bytes().get(start..)?);
        (self.text.as_bytes().get(end) == Some(&b'"')).then_some(())?;
        self.at = end + 1;
        self.text.get(start..end)
    }

    /// Consumes `word` if the text goes on with it, exactly (no white space).
    pub(super) fn lit(&mut self, word: &[u8]) -> bool {
        let go = self
            .text
            .as_bytes()
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word));
        if go {
            self.at += word.len();
        }
        go
    }

    /// `:` after a key.
    pub(super) fn colon(&mut self) -> Scan<()> {
        self.eat(b':')
    }

    /// After a member or item: `true` if another follows (`,`), `false` at `close`.
    pub(super) fn more(&mut self, close: u8) -> Scan<bool> {
        match self.peek()? {
            b',' => {
                self.at += 1;
                Some(true)
            }
            c if c == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// Opens `open` and reports whether it is empty (its `close` then consumed).
    pub(super) fn open(&mut self, open: u8, close: u8) -> Scan<bool> {
        self.eat(open)?;
        if self.peek()? == close {
            self.at += 1;
            return Some(true);
        }
        Some(false)
    }

    /// An object's members: `f(self, key)` reads each value (and declines a repeated key).
    pub(super) fn object(&mut self, mut f: impl FnMut(&mut Self, &'a str) -> Scan<()>) -> Scan<()> {
        if self.open(b'{', b'}')? {
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.colon()?;
            f(self, key)?;
            if !self.more(b'}')? {
                return Some(());
            }
        }
    }

    /// An array's items, each read by `f`.
    pub(super) fn array(&mut self, mut f: impl FnMut(&mut Self) -> Scan<()>) -> Scan<()> {
        if self.open(b'[', b']')? {
            return Some(());
        }
        loop {
            f(self)?;
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    /// A number's text: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, at most `MAX_DIGITS`
    /// digits before the exponent; `exponent`: whether one is taken.
    pub(super) fn number(&mut self, exponent: bool) -> Scan<&'a str> {
        self.ws();
        let b = self.text.as_bytes();
        let start = self.at;
        let digits = |at: &mut usize| {
            let from = *at;
            while b.get(*at).is_some_and(u8::is_ascii_digit) {
                *at += 1;
            }
            *at - from
        };
        let mut at = start + usize::from(b.get(start) == Some(&b'-'));
        let int = digits(&mut at);
        if int == 0 || (int > 1 && b[at - int] == b'0') {
            return None;
        }
        let mut total = int;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let frac = digits(&mut at);
            if frac == 0 {
                return None;
            }
            total += frac;
        }
        if total > MAX_DIGITS {
            return None;
        }
        if matches!(b.get(at), Some(b'e' | b'E')) {
            if !exponent {
                return None;
            }
            at += 1;
            if matches!(b.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                return None;
            }
        }
        self.at = at;
        self.text.get(start..at)
    }

    /// A literal (`true`, `false`, `null`).
    pub(super) fn literal(&mut self, word: &str) -> Scan<()> {
        self.ws();
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| self.at = end)
    }

    pub(super) fn boolean(&mut self) -> Scan<bool> {
        match self.peek()? {
            b't' => self.literal("true").map(|()| true),
            _ => self.literal("false").map(|()| false),
        }
    }

    /// Any plain JSON value, read and dropped (a key no reader keeps).
    pub(super) fn skip(&mut self, depth: usize) -> Scan<()> {
        if depth > MAX_SKIP_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|c, _| c.skip(depth + 1)),
            b'[' => self.array(|c| c.skip(depth + 1)),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number(false).map(drop),
        }
    }
}

//! A small JSON reader for forms and templates: the whole text into a tree that remembers where
//! each value starts and ends, so that a later check can point at the line and column.
//!
//! Why not serde_json: its deserializer, the derive visitors and a path tracker were two thirds of
//! the WebAssembly module. This reader keeps what the engine needs: numbers keep their own digits
//! (`0.1` stays "0.1", `1e40` stays "1e40"), strings are borrowed unless they hold escapes, and an
//! error carries the JSON path and the position the way serde_json reported them (columns in bytes),
//! so messages and tests did not change.

use std::borrow::Cow;

use crate::read::json_path::{render_owned, OwnedSegment};

/// Arrays and objects nested deeper than this are refused (as serde_json does): the reader
/// recurses, and a form is a handful of levels deep.
pub const MAX_NESTING: usize = 128;

#[derive(Debug, PartialEq)]
pub struct Value<'a> {
    /// Byte offset of the value's first byte.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
    pub kind: Kind<'a>,
}

#[derive(Debug, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<Member<'a>>),
}

#[derive(Debug, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    /// Byte offset of the key's opening quote.
    pub key_start: usize,
    pub value: Value<'a>,
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub detail: &'static str,
    /// The JSON path of the value being read (`budget.total.planned`); empty at the top.
    pub path: String,
    pub line: usize,
    /// In bytes; 0 when the error is at the start of a line (the caller shows it as 1).
    pub column: usize,
    /// The nesting limit was hit: the caller may explain it in its own terms.
    pub too_deep: bool,
}

/// Line and column (bytes since the last newline) after the first `index` bytes.
pub fn position(text: &str, index: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..index).unwrap_or(text.as_bytes());
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let column = match before.iter().rposition(|b| *b == b'\n') {
        Some(newline) => before.len() - newline - 1,
        None => before.len(),
    };
    (line, column)
}

/// Reads one JSON document; only whitespace may follow it.
pub fn parse(text: &str) -> Result<Value<'_>, SyntaxError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
        items: Vec::new(),
        members: Vec::new(),
    };
    let value = reader.value().map_err(|e| e.finish(text))?;
    reader.skip_whitespace();
    if reader.at < reader.bytes.len() {
        return Err(reader.at_next("trailing characters").finish(text));
    }
    Ok(value)
}

/// An error on its way up: the path grows as it leaves each array and object.
struct Failure {
    detail: &'static str,
    /// Bytes before the error position.
    index: usize,
    too_deep: bool,
    /// Innermost first.
    path: Vec<OwnedSegment>,
}

impl Failure {
    fn inside(mut self, segment: OwnedSegment) -> Failure {
        self.path.push(segment);
        self
    }

    fn finish(self, text: &str) -> SyntaxError {
        let (line, column) = position(text, self.index);
        SyntaxError {
            detail: self.detail,
            path: render_owned(self.path.iter().rev()),
            line,
            column,
            too_deep: self.too_deep,
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    /// The items of the arrays and the members of the objects being read, innermost last. Each
    /// list is moved out at its exact length when it ends (`list_from`): grown by pushing, every
    /// list had room for up to twice its items (an object of one member, for four), and a 16 MB
    /// form of rows like {"id":"1"} held 4 times the bytes it needed.
    items: Vec<Value<'a>>,
    members: Vec<Member<'a>>,
}

impl<'a> Reader<'a> {
    /// Always inlined: a bounds check and a load, which the size-tuned module otherwise calls, at
    /// every byte of the form's structure.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// An error about the next byte: serde_json counts that byte into the column.
    fn at_next(&self, detail: &'static str) -> Failure {
        self.failure(detail, (self.at + 1).min(self.bytes.len()))
    }

    /// An error about what was read so far (the end of the text, a finished escape).
    fn here(&self, detail: &'static str) -> Failure {
        self.failure(detail, self.at)
    }

    fn failure(&self, detail: &'static str, index: usize) -> Failure {
        Failure {
            detail,
            index,
            too_deep: false,
            path: Vec::new(),
        }
    }

    /// Always inlined too: it runs before every value and after every item, and is a few
    /// instructions where a form has no spaces.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value<'a>, Failure> {
        self.skip_whitespace();
        let start = self.at;
        let kind = match self.peek() {
            // nothing but spaces: an empty file, said as such
            None if self.depth == 0 => return Err(self.here("the text is empty")),
            None => return Err(self.here("EOF while parsing a value")),
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b'[') => self.nested(Self::array)?,
            Some(b'{') => self.nested(Self::object)?,
            Some(_) => return Err(self.at_next("expected value")),
        };
        Ok(Value {
            start,
            end: self.at,
            kind,
        })
    }

    fn literal(&mut self, word: &'static str, kind: Kind<'a>) -> Result<Kind<'a>, Failure> {
        for expected in word.bytes() {
            match self.peek() {
                None => return Err(self.here("EOF while parsing a value")),
                Some(b) if b == expected => self.at += 1,
                Some(_) => return Err(self.at_next("expected ident")),
            }
        }
        Ok(kind)
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Kind<'a>, Failure>) -> Result<Kind<'a>, Failure> {
        self.depth += 1;
        if self.depth >= MAX_NESTING {
            let mut failure = self.at_next("recursion limit exceeded");
            failure.too_deep = true;
            return Err(failure);
        }
        let kind = read(self);
        self.depth -= 1;
        kind
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - from
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<&'a str, Failure> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.at_next("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.here("EOF while parsing a value")),
            Some(_) => return Err(self.at_next("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(self.text.get(start..self.at).unwrap_or_default())
    }

    fn required_digits(&mut self) -> Result<(), Failure> {
        match self.peek() {
            None => Err(self.here("EOF while parsing a value")),
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.at_next("invalid number")),
        }
    }

    /// A string at its opening quote; borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Failure> {
        self.at += 1;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            // plain text runs to the next quote, backslash or control character in one scan
            let rest = self.bytes.get(self.at..).unwrap_or_default();
            self.at += first_special(rest).unwrap_or(rest.len());
            let Some(b) = self.peek() else {
                return Err(self.here("EOF while parsing a string"));
            };
            match b {
                b'"' => {
                    let tail = self.text.get(run..self.at).unwrap_or_default();
                    self.at += 1;
                    return Ok(match owned {
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(self.text.get(run..self.at).unwrap_or_default());
                    self.at += 1;
                    let c = self.escape()?;
                    owned.get_or_insert_with(String::new).push(c);
                    run = self.at;
                }
                0x00..=0x1f => {
                    self.at += 1;
                    return Err(self.here("control character (\\u0000-\\u001F) found while parsing a string"));
                }
                _ => self.at += 1,
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self) -> Result<char, Failure> {
        let Some(b) = self.peek() else {
            return Err(self.here("EOF while parsing a string"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.here("invalid escape")),
        })
    }

    /// After `\u`: a code point, or a surrogate pair written as two escapes. Half of a pair is
    /// U+FFFD, as a JavaScript string that holds one reaches the engine (wasm-bindgen replaces it):
    /// a form reads the same as an object and as JSON text.
    fn unicode_escape(&mut self) -> Result<char, Failure> {
        let first = self.hex4()?;
        if (0xD800..=0xDBFF).contains(&first) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
            let back = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..=0xDFFF).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            // not the other half: read it as an escape of its own
            self.at = back;
        }
        Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u32, Failure> {
        let mut code = 0;
        for _ in 0..4 {
            let Some(b) = self.peek() else {
                return Err(self.here("EOF while parsing a string"));
            };
            self.at += 1;
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.here("invalid escape")),
            };
            code = code * 16 + u32::from(digit);
        }
        Ok(code)
    }

    /// At `[` or `{`: true when `close` follows at once (the empty array or object, consumed).
    fn open(&mut self, close: u8) -> bool {
        self.at += 1;
        self.skip_whitespace();
        let empty = self.peek() == Some(close);
        if empty {
            self.at += 1;
        }
        empty
    }

    /// After an element or member: true at `close` (consumed), false after a comma that another
    /// element follows. The messages are serde_json's, whose positions the tests pin.
    fn after_item(&mut self, close: u8, eof: &'static str, expected: &'static str) -> Result<bool, Failure> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.here(eof)),
            Some(b) if b == close => {
                self.at += 1;
                Ok(true)
            }
            Some(b',') => {
                self.at += 1;
                self.skip_whitespace();
                if self.peek() == Some(close) {
                    return Err(self.at_next("trailing comma"));
                }
                Ok(false)
            }
            Some(_) => Err(self.at_next(expected)),
        }
    }

    /// At `[`.
    fn array(&mut self) -> Result<Kind<'a>, Failure> {
        if self.open(b']') {
            return Ok(Kind::Array(Vec::new()));
        }
        let first = self.items.len();
        loop {
            let index = self.items.len() - first;
            let item = self.value().map_err(|e| e.inside(OwnedSegment::Index(index)))?;
            self.items.push(item);
            if self.after_item(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                return Ok(Kind::Array(list_from(&mut self.items, first)));
            }
        }
    }

    /// At `{`.
    fn object(&mut self) -> Result<Kind<'a>, Failure> {
        if self.open(b'}') {
            return Ok(Kind::Object(Vec::new()));
        }
        let first = self.members.len();
        loop {
            let key_start = self.at;
            match self.peek() {
                None => return Err(self.here("EOF while parsing an object")),
                Some(b'"') => {}
                Some(_) => return Err(self.at_next("key must be a string")),
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                None => return Err(self.here("EOF while parsing an object")),
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.at_next("expected `:`")),
            }
            let value = match self.value() {
                Ok(value) => value,
                Err(e) => return Err(e.inside(OwnedSegment::Key(key.into_owned()))),
            };
            self.members.push(Member { key, key_start, value });
            if self.after_item(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                return Ok(Kind::Object(list_from(&mut self.members, first)));
            }
        }
    }
}

/// The list at `first..` of a reader's stack, at its exact length; the outermost list is the whole
/// stack, taken as it is (with its spare room) rather than copied: a copy of a 16 MB array of 8
/// million numbers would have doubled the peak, to 750 MiB.
fn list_from<T>(stack: &mut Vec<T>, first: usize) -> Vec<T> {
    if first == 0 {
        std::mem::take(stack)
    } else {
        stack.split_off(first)
    }
}

/// Whether `b` ends a run of plain JSON string text: a control character, `"` or a backslash.
fn is_special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The byte 0x01 in every lane of a word, and the high bit of every lane.
const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each lane of `word` whose byte is [special](is_special), with no branch per
/// byte: `x - 1` borrows out of a lane only where `x` is zero (for the quote and the backslash, once
/// XORed away) and `x - 0x20` only where `x < 0x20`. A borrow can set a bit in a lane above a lane
/// that matched, never below one, so the lowest bit set is always the first special byte.
fn special_lanes(word: u64) -> u64 {
    let zero_lanes = |x: u64| x.wrapping_sub(LANES) & !x;
    let quote = zero_lanes(word ^ (LANES * u64::from(b'"')));
    let backslash = zero_lanes(word ^ (LANES * u64::from(b'\\')));
    let control = word.wrapping_sub(LANES * 0x20) & !word;
    (quote | backslash | control) & HIGH_BITS
}

/// The index of the first control character, `"` or backslash in `bytes`: where plain text ends,
/// for this reader and the report's writer alike. String text is most of a form's bytes and a
/// fifth of a report's: it is tested eight bytes at a time, as one 64-bit word (which the
/// WebAssembly module has too), and only the last few bytes one by one.
pub(crate) fn first_special(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let lanes = word.try_into().map_or(0, |w| special_lanes(u64::from_le_bytes(w)));
        if lanes != 0 {
            return Some(at + (lanes.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = words.remainder();
    rest.iter().position(|b| is_special(*b)).map(|i| at + i)
}

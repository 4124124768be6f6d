//! Text from a form, a file name or the command line, made safe to print on a terminal.
//!
//! A form is written by someone else: its unit name can hold `ESC[2J` (clear the screen), an 8-bit
//! CSI or a right-to-left override, and a terminal would act on them, so a reviewer could be shown
//! a verdict the form wrote for itself. Every text the terminal renderer prints goes through
//! [`escape`], which shows such characters instead: C0 controls and DEL as `\x1b`, C1 controls,
//! bidi controls and the line and paragraph separators as `\u{9b}`. JSON output is escaped by the
//! JSON writer instead, and keeps the text exactly.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write as _;

/// `text` as a terminal shows it without acting on it; unchanged (and not copied) when it holds
/// nothing a terminal would act on.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        let code = u32::from(c);
        if !acts_on_terminal(c) {
            out.push(c);
        } else if code < 0x80 {
            let _ = write!(out, "\\x{code:02x}");
        } else {
            let _ = write!(out, "\\u{{{code:x}}}");
        }
    }
    Cow::Owned(out)
}

/// Controls (C0, DEL, C1) and the characters that reorder or break what is shown: the bidi
/// embeddings, overrides, isolates and marks, and U+2028/U+2029.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// A file name or argument as text: its UTF-8 unchanged, each byte that is not UTF-8 (a GBK name
/// from a Windows archive) as `\xff`, so two different names never look the same.
pub fn os_text(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

/// An argument as it can be shown in a message on the terminal.
pub fn arg(name: &OsStr) -> String {
    escape(&os_text(name)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(escape("\u{1b}[2J得分\u{7f}\t"), "\\x1b[2J得分\\x7f\\x09");
        assert_eq!(escape("20\u{9b}24\u{202e}\u{2066}"), "20\\u{9b}24\\u{202e}\\u{2066}");
        assert!(matches!(escape("广州市荔湾区 (2024) \\x1b"), Cow::Borrowed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_show_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(
            os_text(OsStr::from_bytes(b"\xb2\xe2-\xff.json")),
            "\\xb2\\xe2-\\xff.json"
        );
        assert_eq!(os_text(OsStr::new("表.json")), "表.json");
        assert_eq!(arg(OsStr::from_bytes(b"\x1b\xff")), "\\x1b\\xff");
    }
}

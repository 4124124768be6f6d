//! Values → JSON text, compact, keys in the order the types declare them (the order the JSON
//! Schema and the TypeScript declarations list them).
//!
//! Why not serde_json: its serializer and the derived `Serialize` code were a tenth of the
//! WebAssembly module; what the engine writes is strings, booleans, small counts, arrays and
//! objects, which this covers in a few dozen lines. Rust users who want serde get it with the
//! `serde` feature, which writes the same bytes (a test holds the two to it).

use crate::read::json::first_special;

/// A value that can write itself as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// The JSON text of a value.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    // a keystroke's change is one or two kilobytes: one allocation instead of a dozen regrowths
    let mut out = String::with_capacity(2048);
    value.write_json(&mut out);
    out
}

/// Writes `{"a":…,"b":…}` one field at a time.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    empty: bool,
}

impl<'o> ObjectWriter<'o> {
    pub fn new(out: &'o mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// `name` is a key of the engine's own (`maxScore`, a message slot): nothing in it to escape.
    /// Inlined, the key is a literal of known length at each call, copied without a call to
    /// `memcpy`: keys are a third of what a report's objects write. Natively always inlined (the
    /// optimizer left a call and a `memcpy` at most of them); in the module left to the optimizer,
    /// which weighs the bytes.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.key(name);
        value.write_json(self.out);
        self
    }

    /// `"name":`, after a comma unless it is the first: three copies, where pushing characters one
    /// at a time took a call and a check of room each in the size-tuned module.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn key(&mut self, name: &str) {
        self.out.push_str(if self.empty { "\"" } else { ",\"" });
        self.empty = false;
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    /// A member whose key is data (a level word typed in a form): escaped like any string.
    pub fn entry<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_string(self.out, key);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// A field left out when it has no value (`skip_serializing_if = "Option::is_none"`).
    pub fn optional<T: ToJson>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.field(name, v);
        }
        self
    }

    pub fn end(&mut self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(*self));
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// A JSON string, escaped as serde_json escapes it: quotes, backslashes and control characters;
/// everything else as is.
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // most text has nothing to escape: copy it whole
    let Some(first) = first_special(s.as_bytes()) else {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    };
    out.push('"');
    // the bytes before the first special one are plain: the scan has looked at them already
    let mut run = 0;
    for (i, b) in s.bytes().enumerate().skip(first) {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            for nibble in [b >> 4, b & 0xf] {
                out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
            }
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

//! What `check` reads: a file or standard input, at most `MAX_FORM_BYTES` of it, decoded to text.
//!
//! Every form goes through [`read`]: it stops one byte past the limit, so `/dev/zero`, an endless
//! pipe or a 200 MB file costs at most the limit in memory and time. Chinese Windows tools write
//! forms with a UTF-8 BOM, in UTF-16 or in GB18030/GBK; these are read and said in a note, and any
//! other encoding is refused with the list of the accepted ones.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_8};
use jixiao::read::error::too_large;
use jixiao::read::MAX_FORM_BYTES;
use jixiao::Lang;

use crate::{docx, say, terminal, Failure};

/// Where a form comes from: `-` is standard input, anything else a path.
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &OsStr) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// The name in reports and messages: `<stdin>`, or the path as typed (bytes that are not
    /// UTF-8 as `\xff`).
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => terminal::os_text(path.as_os_str()),
        }
    }
}

/// A form's text, and the encoding it was read in when that was not UTF-8.
pub struct Input {
    pub text: String,
    pub encoding: Option<&'static str>,
}

/// Bytes that are in none of the encodings read.
pub struct Undecodable {
    /// The encoding a BOM announced, when the text that follows is not in it.
    announced: Option<&'static str>,
    /// The first byte (from 1) that is not UTF-8, when no BOM announced anything.
    at: usize,
    /// The bytes are an Office file (a zip, or an OLE compound file): a workbook or a Word file
    /// named as a form.
    office: bool,
}

impl Undecodable {
    pub const CODE: &'static str = "file.encoding";

    pub fn message(&self, lang: Lang) -> String {
        if self.office {
            return say(
                lang,
                "文件是 Excel 工作簿或 Word 文档，不是文本：工作簿请用 .xlsx 或 .xls 作扩展名，说明请用 .docx",
                "the file is an Excel workbook or a Word file, not text: name a workbook .xlsx or .xls, a 说明 .docx",
            );
        }
        let what = match self.announced {
            Some(e) => say(
                lang,
                &format!("文件以 {e} 的 BOM 开头，但内容不是有效的 {e}"),
                &format!("the file starts with the BOM of {e} but is not valid {e}"),
            ),
            None => say(
                lang,
                &format!("无法识别文件编码：第 {} 字节起既不是 UTF-8 也不是 GB18030", self.at),
                &format!(
                    "unknown text encoding: from byte {} on, the file is neither UTF-8 nor GB18030",
                    self.at
                ),
            ),
        };
        let accepted = say(
            lang,
            "。可读取的编码：UTF-8（可带 BOM）、UTF-16（须带 BOM）、GB18030/GBK",
            ". Encodings read: UTF-8 (with or without a BOM), UTF-16 (with a BOM), GB18030/GBK",
        );
        format!("{what}{accepted}")
    }
}

/// The form at `source` as text.
pub fn read(source: &Source) -> Result<Input, Failure> {
    text(read_bytes(source)?)
}

/// A form's bytes as text.
pub fn text(bytes: Vec<u8>) -> Result<Input, Failure> {
    decode(bytes).map_err(Failure::Encoding)
}

/// The 说明 at `source` as text: a Word file's paragraphs, or a text file decoded like a form.
pub fn read_narrative(source: &Source) -> Result<Input, Failure> {
    let word = matches!(source, Source::File(path)
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")));
    if !word {
        // a 说明's offsets count from its first character, as in a browser's decoded file
        return read(source).map(|input| Input {
            text: input
                .text
                .strip_prefix('\u{feff}')
                .map(str::to_owned)
                .unwrap_or(input.text),
            encoding: input.encoding,
        });
    }
    let text = docx::docx_text(&read_bytes(source)?, MAX_FORM_BYTES).map_err(Failure::Docx)?;
    Ok(Input { text, encoding: None })
}

/// The bytes at `source`, at most `MAX_FORM_BYTES` of them.
pub fn read_bytes(source: &Source) -> Result<Vec<u8>, Failure> {
    let bytes = match source {
        Source::Stdin => read_bounded(io::stdin().lock(), 0)?,
        Source::File(path) => {
            let file = File::open(path).map_err(Failure::Io)?;
            // a regular file says its size: one too large is refused unread, with that size
            let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
            if let Some(size) = size.filter(|&s| s > MAX_FORM_BYTES as u64) {
                return Err(Failure::Form(too_large(size.to_string())));
            }
            read_bounded(file, size.and_then(|s| usize::try_from(s).ok()).unwrap_or(0))?
        }
    };
    Ok(bytes)
}

/// Reads to the end, or refuses at the first byte past `MAX_FORM_BYTES` without reading on.
fn read_bounded(reader: impl Read, expected: usize) -> Result<Vec<u8>, Failure> {
    // one byte more than expected, so the end is found without growing the buffer; a source of
    // unknown size (a pipe, a device) gets room for the whole limit at once, since growing by
    // doubling to it would hold 16 and 32 MiB at the same time (address space only: pages untouched
    // are never resident)
    let room = if expected == 0 {
        MAX_FORM_BYTES
    } else {
        expected.min(MAX_FORM_BYTES)
    };
    let mut bytes = Vec::with_capacity(room.saturating_add(1));
    reader
        .take(MAX_FORM_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Failure::Io)?;
    if bytes.len() > MAX_FORM_BYTES {
        return Err(Failure::Form(too_large(format!(">{MAX_FORM_BYTES}"))));
    }
    Ok(bytes)
}

/// UTF-8, with or without a BOM; UTF-16 by its BOM; else GB18030 (and so GBK) when the bytes are
/// not UTF-8 and decode as GB18030 without a single replacement.
fn decode(bytes: Vec<u8>) -> Result<Input, Undecodable> {
    let utf8 = |bytes: Vec<u8>| -> Result<Input, std::string::FromUtf8Error> {
        let text = match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => text.to_owned(),
            // std says where the text stops being UTF-8
            Err(_) => String::from_utf8(bytes)?,
        };
        Ok(Input { text, encoding: None })
    };
    // what .xlsx and .docx (zip) and .xls and .doc (OLE) start with; no text does
    let office = [&b"PK\x03\x04"[..], b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]
        .iter()
        .any(|magic| bytes.starts_with(magic));
    if office {
        return Err(Undecodable {
            announced: None,
            at: 1,
            office,
        });
    }
    match Encoding::for_bom(&bytes) {
        // The BOM stays in the text as U+FEFF: the engine skips one, as it does for a JS string, so
        // a file reads as the text it encodes (a second U+FEFF is the text's own, and refused).
        Some((encoding, _)) if encoding == UTF_8 => utf8(bytes).map_err(|_| Undecodable {
            announced: Some("UTF-8"),
            at: 0,
            office: false,
        }),
        Some((encoding, _)) => {
            // besides UTF-8's, `for_bom` knows the two BOMs of UTF-16
            let label = if encoding == UTF_16BE { "UTF-16BE" } else { "UTF-16LE" };
            encoding
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .map(|text| Input {
                    text: text.into_owned(),
                    encoding: Some(label),
                })
                .ok_or(Undecodable {
                    announced: Some(label),
                    at: 0,
                    office: false,
                })
        }
        None => utf8(bytes).or_else(|not_utf8| {
            let at = not_utf8.utf8_error().valid_up_to() + 1;
            GB18030
                .decode_without_bom_handling_and_without_replacement(not_utf8.as_bytes())
                .map(|text| Input {
                    text: text.into_owned(),
                    encoding: Some("GB18030"),
                })
                .ok_or(Undecodable {
                    announced: None,
                    at,
                    office: false,
                })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<(String, Option<&'static str>), usize> {
        decode(bytes.to_vec()).map(|i| (i.text, i.encoding)).map_err(|e| e.at)
    }

    #[test]
    fn an_office_file_named_as_text_is_said_to_be_one() {
        for bytes in [
            &b"PK\x03\x04\x14\x00\x06\x00"[..],
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00",
        ] {
            let e = decode(bytes.to_vec()).err().map(|e| e.message(Lang::ZhCn));
            assert!(e.is_some_and(|m| m.starts_with("文件是 Excel 工作簿或 Word 文档")));
        }
        // text that merely starts with PK is text
        assert_eq!(decoded(b"PK\x03"), Ok(("PK\u{3}".into(), None)));
    }

    #[test]
    fn encodings() {
        assert_eq!(decoded(b"{\"a\":1}"), Ok(("{\"a\":1}".into(), None)));
        assert_eq!(decoded(b"\xEF\xBB\xBF{}"), Ok(("\u{feff}{}".into(), None)));
        assert_eq!(decoded(b"\xFF\xFE{\0}\0"), Ok(("\u{feff}{}".into(), Some("UTF-16LE"))));
        assert_eq!(decoded(b"\xFE\xFF\0{\0}"), Ok(("\u{feff}{}".into(), Some("UTF-16BE"))));
        assert_eq!(decoded(b"\xB2\xE2\xCA\xD4"), Ok(("测试".into(), Some("GB18030"))));
        assert_eq!(decoded(b"ab\xFF"), Err(3));
        assert!(decode(b"\xEF\xBB\xBF\xFF".to_vec()).is_err());
    }

    #[test]
    fn one_byte_past_the_limit_is_refused_without_reading_on() {
        let endless = io::repeat(b' ');
        assert!(matches!(read_bounded(endless, 0), Err(Failure::Form(e)) if e.code() == "form.tooLarge"));
        let at_limit = io::repeat(b' ').take(MAX_FORM_BYTES as u64);
        assert!(matches!(read_bounded(at_limit, 0), Ok(b) if b.len() == MAX_FORM_BYTES));
    }
}

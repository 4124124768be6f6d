//! The text of a Word .docx: the body of `word/document.xml`, in reading order.
//!
//! A 自评表说明 is usually published as a .docx: a zip whose `word/document.xml` holds the body.
//! [`docx_text`] turns it into plain text for the same checks as a .txt:
//!
//! - one line per paragraph (`w:p` → its text and `\n`); `w:tab` → `\t`, `w:br` and `w:cr` → `\n`,
//!   `w:noBreakHyphen` → `-`; the text of `w:t` as written, spaces included;
//! - a table row is one line: its cells separated by `\t`, ending in `\n`. Inside a cell, every
//!   break (between its paragraphs, a tab, a line break, a nested table's cells and rows) is one
//!   space, so that "100" and "200" on two lines of a cell stay two numbers and the row stays one
//!   line. A cell spanning columns (`w:gridSpan`) is followed by one `\t` per column it spans, so
//!   the columns of every row line up;
//! - what a reader of the printed page does not see is left out: deleted text (`w:del`,
//!   `w:moveFrom`), field instructions (`w:instrText`), and the fallback copy Word keeps of every
//!   text box (`mc:Fallback`). Inserted text (`w:ins`) is kept, and so are text boxes, content
//!   controls, hyperlinks and field results;
//! - headers, footers, footnotes and comments live in other parts of the zip and are not read.
//!
//! The input is untrusted: `word/document.xml` is decompressed through `Read::take`, so a zip bomb
//! costs at most `limit` bytes of memory and the time to inflate them, whatever size the zip
//! declares. Elements are matched by local name, whatever their prefix.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use jixiao::Lang;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use crate::say;

/// The part of a .docx that holds the body.
const DOCUMENT: &str = "word/document.xml";

/// Every file of the compound (OLE) format begins so: Word 97–2003 .doc, WPS .wps, and a .docx
/// saved with a password, which Word wraps in an encrypted compound file.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Word caps a table at 63 columns; a larger `w:gridSpan` is a hostile file's way to print tabs.
const MAX_COLUMNS: usize = 63;

/// Why a file gives no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip at all: a .pdf, .txt, .rtf, or a web page saved as .doc.
    NotZip,
    /// It begins like a zip but cannot be read: cut short, or corrupted.
    Damaged,
    /// A compound file: Word 97–2003 .doc, WPS .wps, or another old format.
    OldFormat,
    /// A .docx opened only with a password.
    Encrypted,
    /// A zip without `word/document.xml`: an .xlsx, .pptx or .odt renamed, say.
    NoDocument,
    /// `word/document.xml` inflates to more than `limit` bytes.
    TooLarge { limit: usize },
    /// `word/document.xml` is not well-formed XML; `position` is the byte (from 1) where that
    /// shows, `detail` what quick-xml says of it.
    BadXml { position: u64, detail: String },
}

impl DocxError {
    /// A stable code, for machines; never renamed once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            DocxError::NotZip => "docx.notZip",
            DocxError::Damaged => "docx.damaged",
            DocxError::OldFormat => "docx.oldFormat",
            DocxError::Encrypted => "docx.encrypted",
            DocxError::NoDocument => "docx.noDocument",
            DocxError::TooLarge { .. } => "docx.tooLarge",
            DocxError::BadXml { .. } => "docx.badXml",
        }
    }

    /// What happened and what to do about it.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DocxError::NotZip => say(
                lang,
                "文件不是 .docx（不是 zip 格式）。请用 Word 或 WPS 打开，另存为 .docx 或 .txt 后再检查",
                "the file is not a .docx (not a zip). Open it in Word or WPS and save it as .docx \
                 or .txt, then check that file",
            ),
            DocxError::Damaged => say(
                lang,
                "文件已损坏或不完整，无法作为 .docx 读取。请重新下载，或用 Word 或 WPS 打开后另存为 .docx 或 .txt",
                "the .docx is damaged or incomplete. Download it again, or open it in Word or WPS \
                 and save it as .docx or .txt",
            ),
            DocxError::OldFormat => say(
                lang,
                "这是旧版 Word 文档（.doc）或 WPS 文档（.wps），不支持。请用 Word 或 WPS 打开，另存为 .docx 或 .txt",
                "this is an old Word document (.doc) or a WPS document (.wps), which is not read. \
                 Open it in Word or WPS and save it as .docx or .txt",
            ),
            DocxError::Encrypted => say(
                lang,
                "文档设有打开密码，无法读取。请在 Word 或 WPS 中取消密码后另存为 .docx，或另存为 .txt",
                "the document is protected by a password and cannot be read. Remove the password \
                 in Word or WPS and save it as .docx, or save it as .txt",
            ),
            DocxError::NoDocument => say(
                lang,
                "文件是 zip 格式，但不是 Word 文档（没有 word/document.xml），可能是改了扩展名的 .xlsx、.pptx 或 .odt。\
                 请用原程序打开，另存为 .docx 或 .txt",
                "the file is a zip but not a Word document (it has no word/document.xml); it may \
                 be an .xlsx, .pptx or .odt renamed. Open it in its own program and save it as \
                 .docx or .txt",
            ),
            DocxError::TooLarge { limit } => say(
                lang,
                &format!(
                    "文档正文（word/document.xml）解压后超过 {limit} 字节，不予读取；说明文档远小于此，\
                     文件可能异常。请用 Word 或 WPS 打开，另存为 .txt 后再检查"
                ),
                &format!(
                    "the document's body (word/document.xml) inflates to more than {limit} bytes \
                     and is not read; a statement is far smaller, so the file may be malformed. Open it \
                     in Word or WPS, save it as .txt and check that file"
                ),
            ),
            DocxError::BadXml { position, detail } => say(
                lang,
                &format!(
                    "文档正文（word/document.xml）第 {position} 字节处格式有误（{detail}），文件可能已损坏。\
                     请用 Word 或 WPS 打开，另存为 .docx 或 .txt"
                ),
                &format!(
                    "the document's body (word/document.xml) is malformed at byte {position} \
                     ({detail}); the file may be damaged. Open it in Word or WPS and save it as \
                     .docx or .txt"
                ),
            ),
        }
    }
}

/// The text of the .docx in `bytes`, reading at most `limit` bytes of `word/document.xml`.
pub fn docx_text(bytes: &[u8], limit: usize) -> Result<String, DocxError> {
    document_text(&document_xml(bytes, limit)?)
}

/// `word/document.xml`, inflated, at most `limit` bytes of it.
fn document_xml(bytes: &[u8], limit: usize) -> Result<Vec<u8>, DocxError> {
    if bytes.starts_with(&OLE_MAGIC) {
        // the stream names of a compound file's directory are UTF-16LE
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let is_encrypted = bytes.windows(encrypted.len()).any(|w| w == encrypted.as_slice());
        return Err(if is_encrypted {
            DocxError::Encrypted
        } else {
            DocxError::OldFormat
        });
    }
    let unreadable = || {
        // a zip's first entry begins with "PK\3\4": whatever follows such a start is damage
        if bytes.starts_with(b"PK\x03\x04") {
            DocxError::Damaged
        } else {
            DocxError::NotZip
        }
    };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let index = archive.index_for_name(DOCUMENT).ok_or(DocxError::NoDocument)?;
    if archive.by_index_raw(index).map_err(|_| unreadable())?.encrypted() {
        return Err(DocxError::Encrypted);
    }
    let entry = archive.by_index(index).map_err(|_| unreadable())?;
    // the declared size only sizes the first allocation; the limit is kept by `take`, which
    // stops inflating one byte past it
    let declared = usize::try_from(entry.size()).unwrap_or(usize::MAX);
    let mut xml = Vec::with_capacity(declared.min(limit).saturating_add(1));
    entry
        .take(limit as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|_| unreadable())?;
    if xml.len() > limit {
        return Err(DocxError::TooLarge { limit });
    }
    Ok(xml)
}

/// The text of the body in `xml`, by the rules in the module's doc.
fn document_text(xml: &[u8]) -> Result<String, DocxError> {
    let mut reader = Reader::from_reader(xml);
    // `<w:tab/>` and `<w:tab></w:tab>` are one thing: both arrive as a start and an end
    reader.config_mut().expand_empty_elements = true;
    // the last byte read, counted from 1
    let bad = |reader: &Reader<&[u8]>, detail: String| DocxError::BadXml {
        position: reader.buffer_position(),
        detail,
    };

    let mut text = Text::default();
    let mut depth = 0usize;
    let mut seen_root = false;
    // > 0 inside an element whose content is not text: the depth below it, plus one
    let mut skipping = 0usize;
    let mut in_t = false;

    loop {
        let event = reader.read_event().map_err(|e| DocxError::BadXml {
            position: reader.error_position() + 1,
            detail: e.to_string(),
        })?;
        match event {
            Event::Start(element) => {
                depth += 1;
                seen_root = true;
                // quick-xml reads attributes only when asked: asked here, a broken one is an error
                if let Some(Err(e)) = element.attributes().find(Result::is_err) {
                    return Err(bad(&reader, e.to_string()));
                }
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                match element.local_name().as_ref() {
                    // deleted text, field codes, Word's second copy of a text box, and the
                    // properties, where `w:tab` is a tab stop and `w:del` a deleted mark
                    "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "Fallback" | "pPr" | "rPr"
                    | "tcPrChange" => skipping = 1,
                    "t" => in_t = true,
                    "tab" | "ptab" => text.brk('\t'),
                    "br" | "cr" => text.brk('\n'),
                    "noBreakHyphen" => text.push_str("-"),
                    "tc" => text.start_cell(),
                    "gridSpan" => {
                        let columns = attribute(&element, "val").and_then(|v| v.trim().parse().ok());
                        text.span(columns.unwrap_or(1));
                    }
                    _ => {}
                }
            }
            Event::End(element) => {
                depth = depth.saturating_sub(1);
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match element.local_name().as_ref() {
                    "t" => in_t = false,
                    "p" => text.brk('\n'),
                    "tc" => text.end_cell(),
                    "tr" => text.end_row(),
                    _ => {}
                }
            }
            Event::Text(t) if in_t && skipping == 0 => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_t && skipping == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                // checked wherever it is, for the document to be well-formed
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(s) => Cow::Borrowed(s),
                        None => return Err(bad(&reader, format!("unknown entity &{};", &*r))),
                    },
                    Err(e) => return Err(bad(&reader, e.to_string())),
                };
                if in_t && skipping == 0 {
                    text.push_str(&resolved);
                }
            }
            Event::Eof if depth > 0 || !seen_root => {
                return Err(bad(&reader, "unexpected end of the document".to_string()));
            }
            Event::Eof => return Ok(text.out),
            _ => {}
        }
    }
}

/// The text being written, and the table cell it is in.
///
/// Only the outermost cell of a nested table counts: inside it, every break is one space, put
/// down before the next text and only between texts, so a cell is written once, in one pass.
#[derive(Default)]
struct Text {
    out: String,
    /// How many cells are open, the outermost first.
    cells: usize,
    /// Where the outermost open cell began in `out`.
    cell_start: usize,
    /// How many columns the outermost open cell spans (1 unless `w:gridSpan` says more).
    columns: usize,
    /// A break inside a cell, not yet written.
    space: bool,
}

impl Text {
    fn push_str(&mut self, s: &str) {
        if self.cells == 0 {
            self.out.push_str(s);
            return;
        }
        if self.space && !s.is_empty() {
            self.out.push(' ');
            self.space = false;
        }
        // a tab or a newline typed into a cell's text would split the row
        self.out
            .extend(s.chars().map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }));
    }

    /// A tab or a line break: itself outside tables, a space between texts inside a cell.
    fn brk(&mut self, c: char) {
        if self.cells == 0 {
            self.out.push(c);
        } else if self.out.len() > self.cell_start {
            self.space = true;
        }
    }

    fn start_cell(&mut self) {
        if self.cells == 0 {
            self.cell_start = self.out.len();
            self.columns = 1;
            self.space = false;
        } else {
            self.brk(' ');
        }
        self.cells += 1;
    }

    fn span(&mut self, columns: usize) {
        // the outermost cell's own `w:tcPr`: a nested cell's span does not show
        if self.cells == 1 {
            self.columns = columns.clamp(1, MAX_COLUMNS);
        }
    }

    fn end_cell(&mut self) {
        match self.cells {
            0 => {}
            1 => {
                self.space = false;
                self.out.extend(std::iter::repeat_n('\t', self.columns));
            }
            _ => self.brk(' '),
        }
        self.cells = self.cells.saturating_sub(1);
    }

    fn end_row(&mut self) {
        if self.cells > 0 {
            return self.brk(' ');
        }
        if self.out.ends_with('\t') {
            self.out.pop();
        }
        self.out.push('\n');
    }
}

/// The value of the attribute whose local name is `name` (`w:val`, say).
fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    #[cfg(not(target_arch = "wasm32"))]
    use std::time::Instant;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const LIMIT: usize = 16 << 20;

    /// A zip of `parts`, deflated as Word does.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    /// `body` wrapped in the document element Word writes.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        )
    }

    /// A minimal .docx whose body is `body`.
    fn docx(body: &str) -> Vec<u8> {
        zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/document.xml", document(body).as_bytes()),
        ])
    }

    fn text(body: &str) -> String {
        docx_text(&docx(body), LIMIT).unwrap()
    }

    fn code(result: Result<String, DocxError>) -> &'static str {
        result.unwrap_err().code()
    }

    #[test]
    fn paragraphs_runs_spaces_and_entities() {
        let body = r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、部门概况</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">全年执行数 </w:t></w:r><w:r><w:t>9,022.</w:t></w:r><w:r><w:t>41</w:t></w:r><w:r><w:t xml:space="preserve"> 万元</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:t>R&amp;D &lt;5%&gt; &quot;A&apos; &#x4E2D;&#22269;</w:t></w:r><w:r><w:t><![CDATA[<x>]]></w:t></w:r></w:p>"#;
        assert_eq!(
            text(body),
            "一、部门概况\n全年执行数 9,022.41 万元\n\nR&D <5%> \"A' 中国<x>\n"
        );
    }

    #[test]
    fn tabs_breaks_and_hyphens() {
        // the tab stops of `w:pPr` are not tabs; text outside `w:t` (here, indentation) is not text
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
              <w:r><w:t>得分</w:t><w:tab/><w:t>96.61</w:t></w:r></w:p>
            <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t><w:br w:type="page"></w:br></w:r></w:p>
            <w:p><w:r><w:t>2024</w:t><w:noBreakHyphen/><w:t>12</w:t><w:softHyphen/><w:t>31</w:t></w:r></w:p>"#;
        assert_eq!(text(body), "得分\t96.61\n第一行\n第二行\n第三行\n\n2024-1231\n");
    }

    #[test]
    fn table_rows_are_lines_and_cells_are_tabs() {
        let cell = |inner: &str| format!("<w:tc><w:tcPr><w:tcW w:w=\"100\"/></w:tcPr>{inner}</w:tc>");
        let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let nested = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>",
            cell(&p("x")),
            cell(&p("y")),
            cell(&p("z"))
        );
        let body = format!(
            "{}<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr>\
             <w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc>{}</w:tr>\
             <w:tr>{}{}</w:tr>\
             </w:tbl>{}",
            p("表前"),
            cell(&p("指标")),
            cell(&p("权重")),
            cell(&p("得分")),
            // a cell of two paragraphs, an empty one, a tab and a break inside a cell
            cell(&format!("{}{}", p("预算"), p("执行率"))),
            cell("<w:p/>"),
            cell("<w:p><w:r><w:t>10</w:t><w:tab/><w:t>9.61</w:t><w:br/></w:r></w:p>"),
            p("合计"),
            cell(&p("96.61")),
            cell(&nested),
            cell(&p("后")),
            p("表后"),
        );
        assert_eq!(
            text(&body),
            "表前\n指标\t权重\t得分\n预算 执行率\t\t10 9.61\n合计\t\t96.61\nx y z\t后\n表后\n"
        );
    }

    #[test]
    fn deleted_text_and_field_codes_are_left_out() {
        let body = r#"<w:p><w:r><w:t>执行率</w:t></w:r>
              <w:del w:id="1" w:author="a"><w:r><w:delText>95.1%</w:delText></w:r></w:del>
              <w:ins w:id="2" w:author="a"><w:r><w:t>96.1%</w:t></w:r></w:ins>
              <w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>
              <w:moveTo w:id="4"><w:r><w:t>，新位置</w:t></w:r></w:moveTo></w:p>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
              <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
              <w:fldSimple w:instr="NUMPAGES"><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
              <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:p><w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent><w:r><w:t>石围塘街道</w:t></w:r></w:sdtContent></w:sdt>
              <w:hyperlink r:id="rId9" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>"#;
        assert_eq!(text(body), "执行率96.1%，新位置\n3/9\n文本框\n\n石围塘街道链接x=1\n");
    }

    #[test]
    fn headers_footers_and_footnotes_are_not_read() {
        let header = r#"<w:hdr xmlns:w="w"><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr>"#;
        let footnotes = r#"<w:footnotes xmlns:w="w"><w:footnote w:id="1"><w:p><w:r><w:t>脚注</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let body = r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
        let bytes = zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("word/document.xml", document(body).as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
        ]);
        assert_eq!(docx_text(&bytes, LIMIT).unwrap(), "正文\n");
    }

    #[test]
    fn any_prefix_a_bom_and_no_declaration() {
        let xml = "\u{feff}<d:document xmlns:d=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><d:body><d:p><d:r><d:t>甲</d:t><d:tab/><d:t>乙</d:t></d:r></d:p></d:body></d:document>";
        let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
        assert_eq!(docx_text(&bytes, LIMIT).unwrap(), "甲\t乙\n");
    }

    /// A file written by docx-rs, a writer of its own, read back as the same text.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn reads_what_docx_rs_writes() {
        use docx_rs::{BreakType, Delete, Docx, Insert, Paragraph, Run, Table, TableCell, TableRow};
        let p = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
        let mut packed = Cursor::new(Vec::new());
        Docx::new()
            .add_paragraph(p("一、部门基本情况"))
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("全年执行数 "))
                    .add_run(Run::new().add_text("9,022."))
                    .add_run(Run::new().add_text("41"))
                    .add_run(
                        Run::new()
                            .add_tab()
                            .add_text("万元 & <注>")
                            .add_break(BreakType::TextWrapping),
                    )
                    .add_delete(Delete::new().add_run(Run::new().add_delete_text("删去")))
                    .add_insert(Insert::new(Run::new().add_text("插入"))),
            )
            .add_table(Table::new(vec![
                TableRow::new(vec![
                    TableCell::new().add_paragraph(p("指标")),
                    TableCell::new().add_paragraph(p("得分")),
                ]),
                TableRow::new(vec![
                    TableCell::new().add_paragraph(p("执行率")).add_paragraph(p("（%）")),
                    TableCell::new().add_paragraph(p("9.61")),
                ]),
                TableRow::new(vec![TableCell::new().grid_span(2).add_paragraph(p("合计 96.61"))]),
            ]))
            .add_paragraph(p("二、结论"))
            .build()
            .pack(&mut packed)
            .unwrap();
        assert_eq!(
            docx_text(packed.get_ref(), LIMIT).unwrap(),
            "一、部门基本情况\n全年执行数 9,022.41\t万元 & <注>\n插入\n指标\t得分\n执行率 （%）\t9.61\n合计 96.61\t\n二、结论\n"
        );
    }

    #[test]
    fn what_is_not_a_docx_says_what_it_is() {
        assert_eq!(code(docx_text(b"", LIMIT)), "docx.notZip");
        assert_eq!(
            code(docx_text(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", LIMIT)),
            "docx.notZip"
        );
        assert_eq!(code(docx_text(b"{\\rtf1\\ansi 1}", LIMIT)), "docx.notZip");
        let noise: Vec<u8> = (0u32..4096)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(code(docx_text(&noise, LIMIT)), "docx.notZip");

        let whole = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
        for cut in [4, 30, whole.len() / 2, whole.len() - 1] {
            assert_eq!(code(docx_text(&whole[..cut], LIMIT)), "docx.damaged", "cut at {cut}");
        }

        let xlsx = zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert_eq!(code(docx_text(&xlsx, LIMIT)), "docx.noDocument");
        let odt = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<x/>"),
        ]);
        assert_eq!(code(docx_text(&odt, LIMIT)), "docx.noDocument");

        let mut doc = OLE_MAGIC.to_vec();
        doc.extend_from_slice(&[0; 504]);
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(code(docx_text(&doc, LIMIT)), "docx.oldFormat");
        let mut protected = OLE_MAGIC.to_vec();
        protected.extend_from_slice(&[0; 504]);
        protected.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(code(docx_text(&protected, LIMIT)), "docx.encrypted");
    }

    #[test]
    fn an_encrypted_zip_entry_is_encrypted() {
        let mut bytes = zip_of(&[("word/document.xml", document("").as_bytes())]);
        // bit 0 of the general purpose flags, in the local header and in the central directory
        for (signature, flags_at) in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)] {
            let at = bytes.windows(4).position(|w| w == signature).unwrap();
            bytes[at + flags_at] |= 1;
        }
        assert_eq!(code(docx_text(&bytes, LIMIT)), "docx.encrypted");
    }

    #[test]
    fn malformed_xml_is_bad_xml_with_its_position() {
        let bad = |xml: &[u8]| docx_text(&zip_of(&[("word/document.xml", xml)]), LIMIT).unwrap_err();
        for xml in [
            &b"<w:document><w:body><w:p></w:body></w:document>"[..],
            b"<w:document><w:body><w:p><w:r><w:t>cut short",
            b"<w:document><w:body><w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p></w:body></w:document>",
            b"<w:document><w:body><w:p><w:r><w:t>&#0;</w:t></w:r></w:p></w:body></w:document>",
            b"<w:document><w:body><w:p><w:r><w:t>\xB2\xE2\xCA\xD4</w:t></w:r></w:p></w:body></w:document>",
            b"<w:document attr=\"1\" attr=2></w:document>",
            b"",
            b"   ",
        ] {
            assert_eq!(bad(xml).code(), "docx.badXml", "{}", String::from_utf8_lossy(xml));
        }
        let DocxError::BadXml { position, detail } = bad(b"<w:document><w:body><w:p></w:body></w:document>") else {
            panic!("not bad XML")
        };
        assert_eq!(position, 26, "{detail}");
    }

    /// A zip of one deflated entry, `word/document.xml`, that declares `size` bytes inflated.
    /// Its CRC is 0: a reader that stops at the limit never gets to check it.
    #[cfg(not(target_arch = "wasm32"))]
    fn zip_of_deflated(deflated: &[u8], size: u32) -> Vec<u8> {
        let name = DOCUMENT.as_bytes();
        let le16 = |n: usize| u16::try_from(n).unwrap().to_le_bytes();
        let le32 = |n: usize| u32::try_from(n).unwrap().to_le_bytes();
        // version 2.0, no flags, deflated, 1980-01-01 00:00, CRC
        let common = [&[20, 0, 0, 0, 8, 0, 0, 0, 0x21, 0][..], &[0; 4]].concat();
        let sizes = [le32(deflated.len()), size.to_le_bytes()].concat();
        let local = [
            &b"PK\x03\x04"[..],
            &common,
            &sizes,
            &le16(name.len()),
            &[0, 0],
            name,
            deflated,
        ]
        .concat();
        // made by 2.0, the same fields, no extra, comment, disk or attributes, at offset 0
        let central = [
            &b"PK\x01\x02\x14\0"[..],
            &common,
            &sizes,
            &le16(name.len()),
            &[0; 12],
            &le32(0),
            name,
        ]
        .concat();
        let end = [
            &b"PK\x05\x06\0\0\0\0\x01\0\x01\0"[..],
            &le32(central.len()),
            &le32(local.len()),
            &[0, 0],
        ]
        .concat();
        [local, central, end].concat()
    }

    /// 200 MiB of spaces deflated to about 200 KB: refused one byte past the limit, without
    /// inflating the rest, with memory bounded by the limit. The stream is one MiB of spaces
    /// deflated once, repeated: each copy ends on a byte boundary (a sync flush) and refers only
    /// to itself, so copies follow each other as valid deflate blocks.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        use flate2::{Compress, Compression, FlushCompress};
        let deflate = |bytes: &[u8]| {
            let mut deflated = Vec::with_capacity(bytes.len() / 100 + 1024);
            let mut compress = Compress::new(Compression::best(), false);
            compress
                .compress_vec(bytes, &mut deflated, FlushCompress::Sync)
                .unwrap();
            assert_eq!(compress.total_in(), bytes.len() as u64);
            deflated
        };
        let start = b"<w:document><w:body><w:p><w:r><w:t>";
        let spaces = deflate(&[b' '; 1 << 20]);
        let mut stream = deflate(start);
        (0..200).for_each(|_| stream.extend_from_slice(&spaces));
        // the last block: empty, fixed codes, final
        stream.extend_from_slice(&[0x03, 0x00]);
        let bomb = zip_of_deflated(&stream, start.len() as u32 + (200 << 20));
        assert!(bomb.len() < 400_000, "{} bytes", bomb.len());

        let started = Instant::now();
        assert_eq!(docx_text(&bomb, LIMIT), Err(DocxError::TooLarge { limit: LIMIT }));
        eprintln!("a bomb of {} bytes refused in {:?}", bomb.len(), started.elapsed());
        // a size declared larger sizes nothing; one declared smaller is where zip stops reading,
        // and the CRC of what it read is then wrong
        let declared_large = zip_of_deflated(&stream, u32::MAX);
        assert_eq!(
            docx_text(&declared_large, LIMIT),
            Err(DocxError::TooLarge { limit: LIMIT })
        );
        let declared_small = zip_of_deflated(&stream, 1000);
        assert_eq!(docx_text(&declared_small, LIMIT), Err(DocxError::Damaged));
    }

    #[test]
    fn at_the_limit_is_read() {
        let bytes = docx("<w:p><w:r><w:t>满</w:t></w:r></w:p>");
        let size = document("<w:p><w:r><w:t>满</w:t></w:r></w:p>").len();
        assert_eq!(docx_text(&bytes, size).unwrap(), "满\n");
        assert_eq!(
            docx_text(&bytes, size - 1),
            Err(DocxError::TooLarge { limit: size - 1 })
        );
    }

    #[test]
    fn every_error_has_a_code_and_a_message_in_both_languages() {
        let all = [
            DocxError::NotZip,
            DocxError::Damaged,
            DocxError::OldFormat,
            DocxError::Encrypted,
            DocxError::NoDocument,
            DocxError::TooLarge { limit: 1 },
            DocxError::BadXml {
                position: 7,
                detail: "x".into(),
            },
        ];
        let mut codes: Vec<&str> = all.iter().map(DocxError::code).collect();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for e in &all {
            let (zh, en) = (e.message(Lang::ZhCn), e.message(Lang::En));
            assert!(e.code().starts_with("docx."));
            assert!(zh.contains(".txt") && en.contains(".txt"), "{zh} / {en}");
            assert!(zh.chars().any(|c| c > '\u{2e80}') && en.is_ascii(), "{zh} / {en}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod never_panics {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
                let _ = docx_text(&bytes, LIMIT);
            }

            #[test]
            fn on_any_document_xml(xml in "(<[a-z:]{1,6}( [a-z:]{1,4}=\"[0-9a-z]{0,3}\")?/?>|</[a-z:]{1,6}>|&[#a-z0-9]{0,5};|[^<&]{0,4}){0,40}") {
                let _ = docx_text(&zip_of(&[("word/document.xml", xml.as_bytes())]), LIMIT);
            }

            #[test]
            fn on_a_docx_with_bytes_changed(changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
                let mut bytes = docx("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>9,022.41</w:t><w:tab/></w:r></w:p></w:tc></w:tr></w:tbl>");
                for (at, byte) in changes {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
                let _ = docx_text(&bytes, LIMIT);
            }
        }
    }
}

//! Workbook bytes (.xlsx, .xls) → the sheets as they show ([`Sheet`]), then the forms in them
//! ([`read_sheets`]). calamine reads both formats; numbers are written as their cells display
//! them ([`super::display`]), dates as `2025-03-15`, formula errors as Excel shows them
//! (`#DIV/0!`, which the engine then reports as an unreadable number in that cell).
//!
//! Bounded: a workbook is refused past 16 MiB, past [`MAX_UNPACKED`] bytes once unzipped (a zip
//! bomb), or with a value past row [`MAX_ROWS`] or column [`MAX_COLS`] (a 自评表 has a few hundred
//! rows); xlsx sheets are streamed, so such a sheet is refused at its first cell out of bounds.

use std::io::{Cursor, Read, Seek};

use calamine::{CellErrorType, Data, DataRef, Reader, SheetVisible, Xls, Xlsx, XlsxError};

use super::display::shown;
use crate::read::workbook::{read_sheets, Merge, NotRecognised, Sheet, SheetForm};
use crate::read::MAX_FORM_BYTES;
use crate::Lang;

pub const MAX_ROWS: u32 = 5_000;
pub const MAX_COLS: u32 = 100;
/// Everything in an .xlsx, unzipped: real forms are well under 1 MiB.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// Why a workbook could not be read.
#[derive(Debug)]
pub enum WorkbookError {
    /// Neither a zip (.xlsx) nor an OLE file (.xls).
    NotAWorkbook,
    Encrypted,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// A value past the rows or columns a form can have.
    SheetTooLarge {
        sheet: String,
        cell: String,
    },
    /// calamine's reason, when the file is damaged.
    Damaged(String),
    NotRecognised(NotRecognised),
}

impl WorkbookError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkbookError::NotAWorkbook => "workbook.notAWorkbook",
            WorkbookError::Encrypted => "workbook.encrypted",
            WorkbookError::TooLarge { .. } => "workbook.tooLarge",
            WorkbookError::SheetTooLarge { .. } => "workbook.sheetTooLarge",
            WorkbookError::Damaged(_) => "workbook.damaged",
            WorkbookError::NotRecognised(_) => NotRecognised::CODE,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        match self {
            WorkbookError::NotAWorkbook if zh => {
                "不是 Excel 工作簿：可读取 .xlsx（Excel 2007 起、WPS）和 .xls（Excel 97–2003）".into()
            }
            WorkbookError::NotAWorkbook => {
                "Not an Excel workbook: .xlsx (Excel 2007 on, WPS) and .xls (Excel 97–2003) are read".into()
            }
            WorkbookError::Encrypted if zh => "工作簿设有打开密码：请在 Excel 或 WPS 中取消密码后另存再核对".into(),
            WorkbookError::Encrypted => {
                "The workbook is password-protected: remove the password in Excel or WPS, save, and check again".into()
            }
            WorkbookError::TooLarge { size, limit } if zh => {
                format!("工作簿解压后过大（{size} 字节，上限 {limit}）")
            }
            WorkbookError::TooLarge { size, limit } => {
                format!("The workbook is too large once unzipped ({size} bytes, limit {limit})")
            }
            WorkbookError::SheetTooLarge { sheet, cell } if zh => format!(
                "工作表「{sheet}」在 {cell} 有内容，超出自评表的范围（至多 {MAX_ROWS} 行、{MAX_COLS} 列）"
            ),
            WorkbookError::SheetTooLarge { sheet, cell } => format!(
                "Sheet \"{sheet}\" has content at {cell}, beyond what a 自评表 can span ({MAX_ROWS} rows, {MAX_COLS} columns)"
            ),
            WorkbookError::Damaged(why) if zh => {
                format!("工作簿已损坏或不完整，无法读取：请重新下载，或在 Excel、WPS 中打开后另存（{why}）")
            }
            WorkbookError::Damaged(why) => format!(
                "The workbook is damaged or incomplete and cannot be read: download it again, or open and save it in Excel or WPS ({why})"
            ),
            WorkbookError::NotRecognised(e) => e.message(lang),
        }
    }
}

/// Every 自评表 in a workbook, as form JSON with the cell of each value.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<SheetForm>, WorkbookError> {
    read_sheets(&sheets(bytes)?).map_err(WorkbookError::NotRecognised)
}

/// The start of a zip (an .xlsx) and of an OLE file (an .xls).
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether a zip's bytes name the part `name` (its directory holds the names as they are).
fn zip_holds(bytes: &[u8], name: &[u8]) -> bool {
    bytes.windows(name.len()).any(|w| w == name)
}

/// Whether `bytes` are an Excel workbook, whatever its file is named (standard input has no name):
/// an .xls, or an .xlsx, a zip that holds `xl/workbook.xml` (a .docx is a zip too).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE) || (bytes.starts_with(ZIP) && zip_holds(bytes, b"xl/workbook.xml"))
}

/// The visible sheets of a workbook, as they show.
pub fn sheets(bytes: &[u8]) -> Result<Vec<Sheet>, WorkbookError> {
    if bytes.len() > MAX_FORM_BYTES {
        return Err(WorkbookError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FORM_BYTES as u64,
        });
    }
    if bytes.starts_with(ZIP) {
        // a Word document (a .docx renamed .xlsx) is a zip too, and no damaged workbook
        if zip_holds(bytes, b"word/document.xml") && !is_workbook(bytes) {
            return Err(WorkbookError::NotAWorkbook);
        }
        check_unpacked_size(bytes)?;
        let mut sheets = xlsx_sheets(Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?)?;
        let mut unsaid = super::hidden::unsaid(bytes);
        for sheet in &mut sheets {
            let Some(found) = unsaid.remove(&sheet.name) else {
                continue;
            };
            sheet.hidden_rows = found.hidden_rows;
            sheet.hidden_columns = found.hidden_columns;
            for (r, c, formula) in found.formulas_without_value {
                let blank = sheet
                    .rows
                    .get(r as usize)
                    .and_then(|row| row.get(c as usize))
                    .is_none_or(String::is_empty);
                if blank {
                    put(sheet, r, c, formula)?;
                    sheet.formulas_without_value.push((r, c));
                }
            }
        }
        Ok(sheets)
    } else if bytes.starts_with(OLE) {
        // an OLE file: an .xls, or an .xlsx encrypted inside one
        if contains(bytes, "EncryptionInfo") {
            return Err(WorkbookError::Encrypted);
        }
        xls_sheets(Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => WorkbookError::Encrypted,
            other => WorkbookError::Damaged(other.to_string()),
        })?)
    } else {
        Err(WorkbookError::NotAWorkbook)
    }
}

/// Whether the UTF-16LE `name` appears in `bytes` (the stream names of an OLE directory).
fn contains(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A zip bomb is refused from its directory, before anything is inflated.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), WorkbookError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Damaged(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| WorkbookError::Damaged(e.to_string()))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED {
        return Err(WorkbookError::TooLarge {
            size: total,
            limit: MAX_UNPACKED,
        });
    }
    Ok(())
}

fn xlsx_error(e: XlsxError) -> WorkbookError {
    match e {
        XlsxError::Password => WorkbookError::Encrypted,
        other => WorkbookError::Damaged(other.to_string()),
    }
}

fn visible(meta: &[calamine::Sheet]) -> Vec<String> {
    meta.iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn xlsx_sheets<RS: Read + Seek>(mut book: Xlsx<RS>) -> Result<Vec<Sheet>, WorkbookError> {
    let names = visible(book.sheets_metadata());
    let mut out = Vec::new();
    for name in names {
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(xlsx_error)?
            .into_iter()
            .map(merge)
            .collect();
        let mut sheet = Sheet {
            name: name.clone(),
            rows: Vec::new(),
            merges,
            hidden_rows: Vec::new(),
            hidden_columns: Vec::new(),
            unformatted_numbers: Vec::new(),
            formulas_without_value: Vec::new(),
        };
        let mut reader = book.worksheet_cells_reader(&name).map_err(xlsx_error)?;
        let styles: Vec<Option<String>> = reader
            .styles()
            .iter()
            .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
            let (r, c) = cell.get_position();
            let format = styles.get(style).and_then(|f| f.as_deref()).unwrap_or("General");
            let text = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::String(s) => s.clone(),
                DataRef::SharedString(s) => (*s).to_string(),
                DataRef::Float(f) => shown(*f, format),
                DataRef::Int(i) => shown(*i as f64, format),
                DataRef::Bool(b) => bool_text(*b),
                DataRef::DateTime(d) => date_text(d),
                DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
                DataRef::Error(e) => error_text(e),
            };
            put(&mut sheet, r, c, text)?;
        }
        out.push(sheet);
    }
    Ok(out)
}

fn xls_sheets<RS: Read + Seek>(mut book: Xls<RS>) -> Result<Vec<Sheet>, WorkbookError> {
    let names = visible(book.sheets_metadata());
    let mut out = Vec::new();
    for name in names {
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| WorkbookError::Damaged(e.to_string()))?
            .into_iter()
            .map(merge)
            .collect();
        let range = book
            .worksheet_range(&name)
            .map_err(|e| WorkbookError::Damaged(e.to_string()))?;
        let mut sheet = Sheet {
            name: name.clone(),
            rows: Vec::new(),
            merges,
            hidden_rows: Vec::new(),
            hidden_columns: Vec::new(),
            unformatted_numbers: Vec::new(),
            formulas_without_value: Vec::new(),
        };
        for (r, c, value) in range.used_cells() {
            let (r, c) = match range.start() {
                Some((r0, c0)) => (r as u32 + r0, c as u32 + c0),
                None => continue,
            };
            // an .xls keeps number formats calamine does not pass on: numbers show as General,
            // and the layout is told which cells they are
            if matches!(value, Data::Float(_) | Data::Int(_)) {
                sheet.unformatted_numbers.push((r, c));
            }
            let text = match value {
                Data::Empty => continue,
                Data::String(s) => s.clone(),
                Data::Float(f) => shown(*f, "General"),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => bool_text(*b),
                Data::DateTime(d) => date_text(d),
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => error_text(e),
            };
            put(&mut sheet, r, c, text)?;
        }
        out.push(sheet);
    }
    Ok(out)
}

fn put(sheet: &mut Sheet, r: u32, c: u32, text: String) -> Result<(), WorkbookError> {
    if r >= MAX_ROWS || c >= MAX_COLS {
        return Err(WorkbookError::SheetTooLarge {
            sheet: sheet.name.clone(),
            cell: crate::read::workbook::cell_name(&sheet.name, r, c),
        });
    }
    let (r, c) = (r as usize, c as usize);
    if sheet.rows.len() <= r {
        sheet.rows.resize(r + 1, Vec::new());
    }
    if let Some(row) = sheet.rows.get_mut(r) {
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        if let Some(slot) = row.get_mut(c) {
            *slot = text;
        }
    }
    Ok(())
}

fn merge(d: calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if (h, min, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
    }
}

fn error_text(e: &CellErrorType) -> String {
    e.to_string()
}

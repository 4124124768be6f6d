//! `jixiao check --summary FILE`: one row per form checked, worst first, as a workbook (.xlsx)
//! or CSV (UTF-8 with a BOM, which Excel and WPS need to show 汉字), for the reviewer's own list.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};

use jixiao::office::export::{a4, wrapped_height};
use jixiao::Lang;

use crate::input::Source;
use crate::terminal;

/// One form (or one file that could not be read).
#[derive(Clone, Debug, Default)]
pub struct SummaryRow {
    pub file: String,
    pub sheet: String,
    pub unit: String,
    pub year: String,
    pub score: String,
    pub grade: String,
    pub claimed_score: String,
    pub claimed_grade: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The first error's message, or why the file could not be read.
    pub first_error: String,
    /// Where it is: its line and column in the 说明, its cell in a workbook, else its path in the form.
    pub first_error_at: String,
    pub unreadable: bool,
}

const HEADER_ZH: [&str; 13] = [
    "文件",
    "工作表",
    "单位",
    "年度",
    "得分",
    "等级",
    "自评得分",
    "自评等级",
    "错误",
    "警告",
    "提示",
    "首个错误",
    "位置",
];
const HEADER_EN: [&str; 13] = [
    "File",
    "Sheet",
    "Unit",
    "Year",
    "Score",
    "Grade",
    "Claimed score",
    "Claimed grade",
    "Errors",
    "Warnings",
    "Notes",
    "First error",
    "Where",
];

/// Worst first: files that could not be read, then by errors, warnings (most first), score (lowest
/// first), and the order given.
fn worst_first(a: &SummaryRow, b: &SummaryRow) -> Ordering {
    let score = |r: &SummaryRow| Decimal::from_str(&r.score).ok();
    b.unreadable
        .cmp(&a.unreadable)
        .then(b.errors.cmp(&a.errors))
        .then(b.warnings.cmp(&a.warnings))
        .then_with(|| match (score(a), score(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => Ordering::Equal,
        })
}

fn cells(row: &SummaryRow, lang: Lang) -> [String; 13] {
    let unreadable = match lang {
        Lang::ZhCn => "无法读取",
        Lang::En => "unreadable",
    };
    let (score, grade) = if row.unreadable {
        (unreadable.to_string(), String::new())
    } else {
        (row.score.clone(), row.grade.clone())
    };
    [
        row.file.clone(),
        row.sheet.clone(),
        row.unit.clone(),
        row.year.clone(),
        score,
        grade,
        row.claimed_score.clone(),
        row.claimed_grade.clone(),
        row.errors.to_string(),
        row.warnings.to_string(),
        row.infos.to_string(),
        row.first_error.clone(),
        row.first_error_at.clone(),
    ]
}

/// The summary's file when it already exists (resolved, so that a folder's listing can leave it
/// out), `None` when it does not. Refused, with why in `lang`, when writing there would destroy a
/// reviewer's file: one of the files to check, or anything but a summary this command wrote (a
/// unit's workbook named by mistake after `--summary`).
pub fn existing_target(path: &Path, files: &[Source], lang: Lang) -> Result<Option<PathBuf>, String> {
    let Ok(resolved) = path.canonicalize() else {
        // not there yet (or not reachable, which writing it will say)
        return Ok(None);
    };
    let name = terminal::os_text(path.as_os_str());
    let checked = files.iter().any(|f| match f {
        Source::File(file) => file.canonicalize().is_ok_and(|f| f == resolved),
        Source::Stdin => false,
    });
    if checked {
        return Err(match lang {
            Lang::ZhCn => format!("{name} 是要检查的文件，不能同时作为汇总表（--summary）写入"),
            Lang::En => {
                format!("{name} is one of the files to check; it cannot also be written as the summary (--summary)")
            }
        });
    }
    if !is_summary(&resolved) {
        return Err(match lang {
            Lang::ZhCn => format!("{name} 已存在，且不是 jixiao 写的汇总表：不覆盖。请换一个文件名，或先移走它"),
            Lang::En => format!(
                "{name} exists and is not a summary jixiao wrote: it is not overwritten. Choose another name, or move it first"
            ),
        });
    }
    Ok(Some(resolved))
}

/// Whether the file holds a summary as [`write`] writes it, in either language: a workbook of the
/// one sheet 汇总 (Summary) under the header row, or CSV starting with the header line.
fn is_summary(path: &Path) -> bool {
    // a summary of ten thousand forms is a few MB; anything far larger is something else
    const LARGEST: u64 = 64 << 20;
    if std::fs::metadata(path).map_or(true, |m| !m.is_file() || m.len() > LARGEST) {
        return false;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    if is_xlsx(path) {
        return is_summary_workbook(&bytes);
    }
    // the header line as `csv` writes it, BOM and line end included
    [(HEADER_ZH, Lang::ZhCn), (HEADER_EN, Lang::En)]
        .iter()
        .any(|(header, lang)| bytes.starts_with(csv(&[], header, *lang).as_bytes()))
}

/// Whether a workbook's bytes are a summary as [`write`] writes it, in either language.
pub fn is_summary_workbook(bytes: &[u8]) -> bool {
    let Ok(sheets) = jixiao::office::workbook::sheets(bytes) else {
        return false;
    };
    match sheets.as_slice() {
        [sheet] => {
            let first = sheet
                .rows
                .first()
                .map(|r| r.iter().map(String::as_str).collect::<Vec<_>>());
            ["汇总", "Summary"].contains(&sheet.name.as_str())
                && first.is_some_and(|row| [HEADER_ZH, HEADER_EN].iter().any(|h| row.starts_with(h)))
        }
        _ => false,
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Writes the rows, sorted worst first (a stable sort: equal rows keep the order given).
pub fn write(path: &Path, mut rows: Vec<SummaryRow>, lang: Lang) -> Result<(), String> {
    rows.sort_by(worst_first);
    let header = match lang {
        Lang::ZhCn => HEADER_ZH,
        Lang::En => HEADER_EN,
    };
    if is_xlsx(path) {
        write_xlsx(path, &rows, &header, lang).map_err(|e| e.to_string())
    } else {
        std::fs::write(path, csv(&rows, &header, lang)).map_err(|e| e.to_string())
    }
}

/// RFC 4180, with a BOM and CRLF line ends as Excel writes them.
pub fn csv(rows: &[SummaryRow], header: &[&str; 13], lang: Lang) -> String {
    let field = |s: &str| {
        // a leading = + - @ would be a formula in a spreadsheet: quoted and marked as text
        let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{feff}");
    let line = |cells: &[String]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    out.push_str(&line(&header.map(str::to_string)));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&line(&cells(row, lang)));
        out.push_str("\r\n");
    }
    out
}

fn write_xlsx(
    path: &Path,
    rows: &[SummaryRow],
    header: &[&str; 13],
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(match lang {
        Lang::ZhCn => "汇总",
        Lang::En => "Summary",
    })?;
    let bold = Format::new().set_bold().set_font_name("宋体");
    let body = Format::new().set_font_name("宋体");
    // scores keep their two decimals (98.30, not 98.3); the first error wraps in its column
    let points = Format::new().set_font_name("宋体").set_num_format("0.00");
    let wrapped = Format::new().set_font_name("宋体").set_text_wrap();
    let red = Format::new()
        .set_font_name("宋体")
        .set_font_color(rust_xlsxwriter::Color::Red);
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in cells(row, lang).iter().enumerate() {
            let c = c as u16;
            // counts and scores as numbers, so the reviewer can sort and filter them
            let numeric = matches!(c, 4 | 6 | 8 | 9 | 10) && !text.is_empty();
            match text.parse::<f64>() {
                Ok(n) if numeric => sheet.write_number_with_format(r, c, n, if c < 8 { &points } else { &body })?,
                _ => {
                    let format = if (c == 8 && row.errors > 0) || row.unreadable {
                        &red
                    } else if c == 11 {
                        &wrapped
                    } else {
                        &body
                    };
                    sheet.write_string_with_format(r, c, text, format)?
                }
            };
        }
    }
    let widths = [28.0, 10.0, 30.0, 6.0, 8.0, 6.0, 9.0, 9.0, 6.0, 6.0, 6.0, 60.0, 16.0];
    for (r, row) in (1u32..).zip(rows) {
        if let Some(height) = wrapped_height(&row.first_error, widths[11]) {
            sheet.set_row_height(r, height)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, 12)?;
    // printed as the reviewer files it: A4 landscape, one page wide, the header on every page
    a4(sheet).set_landscape().set_repeat_rows(0, 0)?;
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(file: &str, errors: usize, score: &str) -> SummaryRow {
        SummaryRow {
            file: file.into(),
            errors,
            score: score.into(),
            ..SummaryRow::default()
        }
    }

    #[test]
    fn worst_first_then_as_given() {
        let mut rows = [
            row("a", 0, "96.61"),
            row("b", 2, "80"),
            row("c", 0, "70"),
            SummaryRow {
                file: "d".into(),
                unreadable: true,
                ..SummaryRow::default()
            },
            row("e", 2, "80"),
        ];
        rows.sort_by(worst_first);
        let order: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(order, ["d", "b", "e", "c", "a"]);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let rows = vec![SummaryRow {
            file: "a,b.json".into(),
            unit: "=HYPERLINK(\"x\")".into(),
            ..SummaryRow::default()
        }];
        let text = csv(&rows, &HEADER_ZH, Lang::ZhCn);
        assert!(text.starts_with("\u{feff}文件,工作表"));
        assert!(text.contains("\"a,b.json\""));
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""));
    }
}

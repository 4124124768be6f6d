//! The report as a terminal table. Chinese characters take two columns.
//!
//! Every text from the report or the file name is passed through [`escape`] before it is measured
//! or printed: the form's author must not be able to drive the reviewer's terminal.

use std::io::{self, Write};

use jixiao::api::NarrativeCheck;
use jixiao::finding::Issue;
use jixiao::read::workbook::SheetForm;
use jixiao::report::Summary;
use jixiao::{Lang, Report};

use crate::severity_label;
use crate::terminal::escape;

struct Labels {
    unit: &'static str,
    template: &'static str,
    score: &'static str,
    grade: &'static str,
    claimed: &'static str,
    rate: &'static str,
    stated: &'static str,
    severity: &'static str,
    path: &'static str,
    message: &'static str,
    code: &'static str,
    none: &'static str,
    narrative: &'static str,
    reader_note: &'static str,
}

const ZH: Labels = Labels {
    unit: "单位",
    template: "模板",
    score: "得分",
    grade: "等级",
    claimed: "自评",
    rate: "执行率",
    stated: "填报",
    severity: "级别",
    path: "位置",
    message: "问题",
    code: "代码",
    none: "未发现问题",
    narrative: "说明",
    reader_note: "读取提示",
};

const EN: Labels = Labels {
    unit: "Unit",
    template: "Template",
    score: "Score",
    grade: "Grade",
    claimed: "claimed",
    rate: "Execution rate",
    stated: "stated",
    severity: "Level",
    path: "Field",
    message: "Finding",
    code: "Code",
    none: "No findings",
    narrative: "说明",
    reader_note: "reader's note",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}

/// Display width in terminal columns: East Asian wide and full-width characters take two.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
                | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

fn pad(s: &str, to: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', to.saturating_sub(width(s))));
    out
}

pub fn write_report(
    out: &mut impl Write,
    file: &str,
    narrative: Option<&str>,
    sheet: Option<&SheetForm>,
    report: &Report,
) -> io::Result<()> {
    let l = labels(report.lang);
    let shown = |text: &str| escape(text).into_owned();
    writeln!(out, "{}", shown(file))?;
    let unit = match (&report.unit.name, &report.unit.year) {
        (Some(n), Some(y)) => format!("{n} ({y})"),
        (Some(n), None) => n.clone(),
        (None, Some(y)) => y.clone(),
        (None, None) => "—".to_string(),
    };
    let template = report
        .template
        .as_ref()
        .map(|t| format!("  {} {}", l.template, shown(t)))
        .unwrap_or_default();
    writeln!(out, "  {} {}{template}", l.unit, shown(&unit))?;
    let grade = match report.lang {
        Lang::ZhCn => report.grade.clone(),
        Lang::En => format!("{} ({})", report.grade, report.grade_en),
    };
    let claimed = match (&report.claimed.score, &report.claimed.grade) {
        (None, None) => String::new(),
        (s, g) => format!(
            "  ({} {} / {})",
            l.claimed,
            s.as_deref().unwrap_or("—"),
            g.as_deref().unwrap_or("—")
        ),
    };
    writeln!(
        out,
        "  {} {} / {}  {} {}{}",
        l.score,
        shown(&report.score),
        shown(&report.max_score),
        l.grade,
        shown(&grade),
        shown(&claimed)
    )?;
    if let Some(rate) = &report.budget.rate {
        let stated = report
            .budget
            .stated_rate
            .as_ref()
            .map(|s| format!(" ({} {s})", l.stated))
            .unwrap_or_default();
        writeln!(out, "  {} {}%{}", l.rate, shown(rate), shown(&stated))?;
    }
    // what the workbook's reader did (a part folded, hidden rows, formulas without values): part
    // of the report, so a report saved to a file keeps it
    for note in sheet.map_or(&[][..], |s| &s.notes) {
        writeln!(
            out,
            "  {} {}: {} [{}]",
            l.reader_note,
            shown(&note.cell),
            shown(note.message(report.lang)),
            note.code
        )?;
    }
    if let Some(n) = &report.narrative {
        let file = narrative.map(|f| format!(" {}", shown(f))).unwrap_or_default();
        writeln!(
            out,
            "  {}{file}  {}",
            l.narrative,
            claims(n.found, n.checked, report.lang)
        )?;
    }
    write_issues(out, &report.issues, &report.summary, report.lang, sheet)
}

/// A 说明 checked alone: how many claims, then its findings.
pub fn write_narrative(out: &mut impl Write, file: &str, checked: &NarrativeCheck, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", escape(file))?;
    writeln!(out, "  {}", claims(checked.found, checked.checked, lang))?;
    write_issues(out, &checked.issues, &checked.summary, lang, None)
}

fn claims(found: u32, checked: u32, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("找到 {found} 处可核对的表述，核对了 {checked} 处"),
        Lang::En => format!("{} found, {checked} checked", count(found as usize, "claim")),
    }
}

/// Where a finding is: its line and column in the 说明, else, in a workbook, the cell the reviewer
/// clicks, else its field.
pub fn place(issue: &Issue, sheet: Option<&SheetForm>) -> String {
    match issue.span {
        Some(span) => format!("说明 {}:{}", span.line, span.column),
        None if issue.path == "narrative" => "说明".to_string(),
        None => sheet
            .and_then(|s| s.cell_of(&issue.path))
            .map_or_else(|| issue.path.clone(), str::to_string),
    }
}

fn write_issues(
    out: &mut impl Write,
    issues: &[Issue],
    summary: &Summary,
    lang: Lang,
    sheet: Option<&SheetForm>,
) -> io::Result<()> {
    let l = labels(lang);
    let shown = |text: &str| escape(text).into_owned();
    if issues.is_empty() {
        return writeln!(out, "  {}", l.none);
    }
    let rows: Vec<[String; 4]> = issues
        .iter()
        .map(|i| {
            [
                severity_label(i.severity, lang).to_string(),
                shown(&place(i, sheet)),
                shown(&i.message),
                shown(i.code),
            ]
        })
        .collect();
    let header = [l.severity, l.path, l.message, l.code].map(str::to_string);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(width(cell));
        }
    }
    writeln!(out)?;
    let quotes = std::iter::once(None).chain(issues.iter().map(|i| i.values.get("sentence")));
    for (row, quote) in std::iter::once(&header).chain(rows.iter()).zip(quotes) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, w))| if i + 1 == row.len() { cell.clone() } else { pad(cell, w) })
            .collect();
        writeln!(out, "  {}", cells.join("  "))?;
        // the 说明's sentence under its finding, where the reviewer reads it
        if let Some(quote) = quote {
            let indent = " ".repeat(widths[0] + widths[1] + 6);
            writeln!(out, "{indent}「{}」", shown(quote))?;
        }
    }
    let s = summary;
    let summary = match lang {
        Lang::ZhCn => format!("  共 {} 个错误、{} 个警告、{} 个提示", s.errors, s.warnings, s.infos),
        Lang::En => format!(
            "  {}, {}, {}",
            count(s.errors, "error"),
            count(s.warnings, "warning"),
            count(s.infos, "info")
        ),
    };
    writeln!(out)?;
    writeln!(out, "{summary}")
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("错误"), 4);
        assert_eq!(width("error"), 5);
        assert_eq!(width("９"), 2);
        assert_eq!(pad("警告", 6), "警告  ");
    }
}

//! A 自评表 laid out by people in Excel or WPS, read from what its cells show into form v1, with the
//! cell every value came from (`自评表!G12`), so that every finding names the cell a reviewer sees.
//!
//! The sheet is given as text ([`Sheet`]: what each cell shows, and the merged ranges), so this is
//! pure: reading the file (.xlsx, .xls) and writing numbers as they display is `office::workbook`'s
//! job. Parts are found by their header words, wherever they are and in whatever column order: the
//! indicator table (`一级指标 / 二级指标 / 三级指标` or `指标名称`, `分值` or `权重`, `年度指标值`,
//! `实际完成值`, `得分`, `偏差原因…`; one header line or two), the budget block (`全年预算数`,
//! `全年执行数`, `执行率`; rows `合计`/`年度资金总额`, by source and by nature), the header fields
//! above them (`单位名称：…`, `单位：万元`) and `总分` / `评价等级` below. A built-in template is
//! used when every row finds its place in it; otherwise the sheet's own tree is the form's.

mod grid;
mod layout;
mod tree;

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::read::template::Template;
use grid::{squeeze, Grid};
use layout::{budget_header, field_of, money_unit_in, part_of, table_headers, Field, Part, Role, TableHeader};
pub use tree::RULE_WORDS;
use tree::{NotRead, Row};

/// A sheet as it shows: `rows[r][c]` is the text of the cell at row `r`, column `c` (from A1),
/// numbers already written as their cells display them.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    pub merges: Vec<Merge>,
    /// Rows hidden in Excel (from 0): read like the others, and said in a note when they hold a
    /// row of the table.
    pub hidden_rows: Vec<u32>,
    /// Columns hidden in Excel (from 0): read like the others, and said in a note when they are
    /// columns of the table.
    pub hidden_columns: Vec<u32>,
    /// Cells holding a number whose number format the file does not give (an `.xls`: calamine
    /// passes its formats on only to tell dates), in row order. A `0.00%` cell there reads as the
    /// fraction it stores.
    pub unformatted_numbers: Vec<(u32, u32)>,
    /// Cells holding a formula saved without its value (a workbook a program wrote and Excel or
    /// WPS never saved), in row order: they read as the formula, and a note says why.
    pub formulas_without_value: Vec<(u32, u32)>,
}

/// A merged range, inclusive, from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One form found in a workbook.
#[derive(Clone, Debug)]
pub struct SheetForm {
    /// The sheet(s) it was read from.
    pub sheets: Vec<String>,
    /// Form v1, for [`crate::parse_form`] and everything after it.
    pub json: String,
    /// Where each value came from: a form path (`indicators.1.1.2.actual`, `budget.total.executed`,
    /// `budget.bySource.executed` for a column of parts) → a cell or range (`自评表!G12`).
    pub cells: BTreeMap<String, String>,
    /// What the reader did that the reviewer should know (a part folded into another).
    pub notes: Vec<Note>,
}

impl SheetForm {
    /// The cell of a finding's path: its own, else the nearest enclosing path's.
    pub fn cell_of(&self, path: &str) -> Option<&str> {
        let mut p = path;
        loop {
            if let Some(cell) = self.cells.get(p) {
                return Some(cell);
            }
            p = p.rsplit_once('.')?.0;
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub code: &'static str,
    pub cell: String,
    pub zh: String,
    pub en: String,
}

impl Note {
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::ZhCn => &self.zh,
            crate::Lang::En => &self.en,
        }
    }
}

/// No 自评表 in the workbook: what was looked for and what each sheet starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRecognised {
    /// (sheet, its first few texts)
    pub found: Vec<(String, Vec<String>)>,
}

impl NotRecognised {
    pub const CODE: &'static str = "workbook.notRecognised";

    pub fn message(&self, lang: crate::Lang) -> String {
        let found: Vec<String> = self
            .found
            .iter()
            .map(|(sheet, texts)| {
                let quoted: Vec<String> = texts.iter().map(|t| format!("「{t}」")).collect();
                match lang {
                    crate::Lang::ZhCn if quoted.is_empty() => format!("{sheet}（空白）"),
                    crate::Lang::En if quoted.is_empty() => format!("{sheet} (blank)"),
                    _ => format!("{sheet}: {}", quoted.join(" ")),
                }
            })
            .collect();
        match lang {
            crate::Lang::ZhCn => format!(
                "未找到自评表：查找的表头为「一级指标/二级指标/三级指标」或「指标名称」，「分值」或「权重」，「实际完成值」或「得分」；工作表中是 {}",
                found.join("；")
            ),
            crate::Lang::En => format!(
                "No 自评表 found: looked for a header row with 一级指标/二级指标/三级指标 or 指标名称, 分值 or 权重, and 实际完成值 or 得分; the sheets hold {}",
                found.join("; ")
            ),
        }
    }
}

/// Where the texts of a sheet's area show in cell names.
pub(crate) struct Cells {
    list: BTreeMap<String, String>,
}

impl Cells {
    fn put(&mut self, path: String, cell: String) {
        self.list.insert(path, cell);
    }
}

/// `自评表!G12` (`'Sheet 1'!G12` when the name needs quotes, as Excel writes it).
pub fn cell_name(sheet: &str, row: u32, col: u32) -> String {
    format!("{}!{}{}", sheet_prefix(sheet), column_letters(col), row + 1)
}

/// `自评表!F7:F10`.
pub fn range_name(sheet: &str, top: (u32, u32), bottom: (u32, u32)) -> String {
    if top == bottom {
        return cell_name(sheet, top.0, top.1);
    }
    format!(
        "{}!{}{}:{}{}",
        sheet_prefix(sheet),
        column_letters(top.1),
        top.0 + 1,
        column_letters(bottom.1),
        bottom.0 + 1
    )
}

fn sheet_prefix(sheet: &str) -> String {
    let plain = sheet.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if plain && !sheet.is_empty() {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A cell that shows nothing a form should read: blank, or a dash for "does not apply".
fn is_empty_value(text: &str) -> bool {
    matches!(squeeze(text).as_str(), "" | "—" | "——" | "-" | "--" | "/" | "／" | "－")
}

/// What one sheet holds.
struct Parts {
    sheet: String,
    title: Option<String>,
    fields: Map<String, Value>,
    money_unit: Option<String>,
    budget: Option<BudgetRead>,
    table: Option<TableRead>,
    cells: Cells,
    notes: Vec<Note>,
}

struct BudgetRead {
    budget: Map<String, Value>,
    /// the 得分 and 执行率 of a project form's 合计 row: the 预算执行率 indicator's values
    score: Option<(String, String)>,
    rate: Option<(String, String)>,
    /// and its 分值, the indicator's weight
    weight: Option<(String, String)>,
}

struct TableRead {
    rows: Vec<Row>,
    claimed: Map<String, Value>,
}

/// Reads every 自评表 in the sheets: one per indicator table; a sheet with only a budget block
/// lends it to the nearest form without one.
pub fn read_sheets(sheets: &[Sheet]) -> Result<Vec<SheetForm>, NotRecognised> {
    let templates: Vec<&Template> = crate::read::template::ids()
        .filter_map(crate::read::built_in_template)
        .filter_map(Result::ok)
        .collect();
    let mut parts: Vec<Parts> = Vec::new();
    let mut narrative = None;
    for sheet in sheets {
        if sheet.name == NARRATIVE_SHEET {
            narrative = Some(narrative_of(sheet));
        } else {
            parts.extend(read_sheet(sheet));
        }
    }
    // a budget on a sheet of its own joins the next form without one (else the previous)
    let mut lone_budgets: Vec<usize> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if p.table.is_none() && p.budget.is_some() {
            lone_budgets.push(i);
        }
    }
    for b in lone_budgets {
        let target = (b + 1..parts.len())
            .chain((0..b).rev())
            .find(|&i| parts.get(i).is_some_and(|p| p.table.is_some() && p.budget.is_none()));
        if let Some(t) = target {
            let (budget, cells, sheet, fields, unit, title) = match parts.get_mut(b) {
                Some(p) => (
                    p.budget.take(),
                    std::mem::take(&mut p.cells.list),
                    p.sheet.clone(),
                    std::mem::take(&mut p.fields),
                    p.money_unit.take(),
                    p.title.take(),
                ),
                None => continue,
            };
            if let Some(p) = parts.get_mut(t) {
                p.budget = budget;
                p.cells.list.extend(cells);
                p.notes.push(Note {
                    code: "workbook.budgetFromSheet",
                    cell: sheet.clone(),
                    zh: format!("预算执行情况取自工作表「{sheet}」"),
                    en: format!("The budget is read from sheet \"{sheet}\""),
                });
                for (k, v) in fields {
                    p.fields.entry(k).or_insert(v);
                }
                if p.money_unit.is_none() {
                    p.money_unit = unit;
                }
                // the title above the budget names the year and the kind of form
                if p.title.is_none() {
                    p.title = title;
                }
                p.sheet = format!("{},{}", p.sheet, sheet);
            }
        }
    }
    // the 说明 sheet is the form's when the workbook holds one form
    let one_form = parts.iter().filter(|p| p.table.is_some()).count() == 1;
    let mut narrative = narrative.filter(|_| one_form);
    let forms: Vec<SheetForm> = parts
        .into_iter()
        .filter(|p| p.table.is_some())
        .map(|p| assemble(p, &templates, narrative.take()))
        .collect();
    if forms.is_empty() {
        return Err(NotRecognised {
            found: sheets
                .iter()
                .map(|s| {
                    let g = Grid::new(s);
                    // the row most like a table header (a damaged one), else the sheet's first texts
                    let header_like = (0..g.rows)
                        .map(|r| {
                            let hits = g
                                .row_texts(r)
                                .iter()
                                .filter(|(_, t)| layout::role_of(&squeeze(t)).is_some())
                                .count();
                            (hits, std::cmp::Reverse(r))
                        })
                        .filter(|(hits, _)| *hits >= 2)
                        .max()
                        .map(|(_, std::cmp::Reverse(r))| r);
                    let rows: Box<dyn Iterator<Item = u32>> = match header_like {
                        Some(r) => Box::new(std::iter::once(r)),
                        None => Box::new(0..g.rows),
                    };
                    let texts: Vec<String> = rows
                        .flat_map(|r| g.row_texts(r).into_iter().map(|(_, t)| shorten(t)))
                        .take(8)
                        .collect();
                    (s.name.clone(), texts)
                })
                .collect(),
        });
    }
    Ok(forms)
}

/// The sheet an exported workbook holds the 说明 on, a line a row (a line longer than a cell holds
/// goes on in the cells to its right), read back as its form's `narrative`.
pub const NARRATIVE_SHEET: &str = "自评表说明";

/// The 说明 of a [`NARRATIVE_SHEET`]: each row's cells joined, the rows as lines.
fn narrative_of(sheet: &Sheet) -> String {
    let mut lines: Vec<String> = sheet.rows.iter().map(|row| row.concat()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

fn shorten(t: &str) -> String {
    let t = squeeze(t);
    let mut out: String = t.chars().take(16).collect();
    if t.chars().count() > 16 {
        out.push('…');
    }
    out
}

/// The forms' parts on one sheet: one per indicator table, or one budget block alone.
fn read_sheet(sheet: &Sheet) -> Vec<Parts> {
    let mut out = read_sheet_parts(sheet);
    if let Some(note) = formulas_note(sheet) {
        for parts in &mut out {
            parts.notes.push(note.clone());
        }
    }
    out
}

/// [`read_sheet`] without the sheet's own notes.
fn read_sheet_parts(sheet: &Sheet) -> Vec<Parts> {
    let grid = Grid::new(sheet);
    let headers = table_headers(&grid);
    let mut out = Vec::new();
    let mut area_start = 0;
    for (k, header) in headers.iter().enumerate() {
        let next = headers.get(k + 1).map_or(grid.rows, |h| h.row);
        let mut parts = empty_parts(sheet);
        read_above(&grid, area_start, header.row, &mut parts);
        let (table, end) = read_table(&grid, header, next, &mut parts);
        parts.table = Some(table);
        if k + 1 == headers.len() {
            // under the last table: 填报人, 联系电话, 填报日期 where units sign the form
            read_above(&grid, end, grid.rows, &mut parts);
        }
        area_start = end;
        out.push(parts);
    }
    if headers.is_empty() {
        let mut parts = empty_parts(sheet);
        read_above(&grid, 0, grid.rows, &mut parts);
        if parts.budget.is_some() {
            out.push(parts);
        }
    }
    out
}

/// The note on a sheet whose formulas were saved without their values: read as `=SUM(H19:H37)`,
/// each is unreadable in its cell, and the reviewer needs to know that saving the file in Excel or
/// WPS, not correcting the form, is what it takes.
fn formulas_note(sheet: &Sheet) -> Option<Note> {
    let &(row, col) = sheet.formulas_without_value.first()?;
    let count = sheet.formulas_without_value.len();
    let shown: Vec<String> = sheet
        .formulas_without_value
        .iter()
        .take(3)
        .map(|&(r, c)| format!("{}{}", column_letters(c), r + 1))
        .collect();
    let more = count > shown.len();
    let name = &sheet.name;
    Some(Note {
        code: "workbook.formulaWithoutValue",
        cell: cell_name(name, row, col),
        zh: format!(
            "工作表「{name}」有 {count} 个公式单元格没有保存计算结果（{}{}），读到的是公式本身：文件多由程序生成、未经 Excel 或 WPS 保存。请用 Excel 或 WPS 打开并保存后再检查",
            shown.join("、"),
            if more { " 等" } else { "" }
        ),
        en: format!(
            "{count} formula cell{} of sheet \"{name}\" {} saved without a result ({}{}) and {} read as the formula: the file was likely written by a program and never saved in Excel or WPS. Open and save it in Excel or WPS, then check it again",
            if count == 1 { "" } else { "s" },
            if count == 1 { "was" } else { "were" },
            shown.join(", "),
            if more { " …" } else { "" },
            if count == 1 { "is" } else { "are" }
        ),
    })
}

fn empty_parts(sheet: &Sheet) -> Parts {
    Parts {
        sheet: sheet.name.clone(),
        title: None,
        fields: Map::new(),
        money_unit: None,
        budget: None,
        table: None,
        cells: Cells { list: BTreeMap::new() },
        notes: Vec::new(),
    }
}

/// The title, header fields and budget block between `from` and `to` (the table's header row).
fn read_above(grid: &Grid<'_>, from: u32, to: u32, parts: &mut Parts) {
    let name = &grid.sheet.name;
    // cells already read as a field's value, which are no labels of their own (a unit named 单位)
    let mut taken: Vec<(u32, u32)> = Vec::new();
    let mut r = from;
    while r < to {
        if let Some(h) = budget_header(grid, r) {
            r = read_budget(grid, &h, to, parts);
            continue;
        }
        let texts = grid.row_texts(r);
        for (i, &(c, t)) in texts.iter().enumerate() {
            if taken.contains(&grid.anchor(r, c)) {
                continue;
            }
            if parts.title.is_none() && t.contains('表') && (t.contains("绩效") || t.contains("自评")) {
                parts.title = Some(t.to_string());
                continue;
            }
            let (label, inline) = match t.split_once(['：', ':']) {
                Some((l, v)) => (l, Some(v.trim())),
                None => (t, None),
            };
            let Some(field) = field_of(label) else {
                // `（2024年度）` under the title
                if !parts.fields.contains_key("unit.year") && squeeze(t).chars().count() <= 10 {
                    if let Some(year) = year_in(t) {
                        parts.cells.put("unit.year".into(), cell_name(name, r, c));
                        parts.fields.insert("unit.year".into(), Value::String(year));
                    }
                }
                if parts.money_unit.is_none() && (t.contains("单位") || t.starts_with('（') || t.starts_with('(')) {
                    parts.money_unit = money_unit_in(t).map(str::to_string);
                }
                continue;
            };
            // the text next to a label is its value, unless it is the label of another field
            let is_label = |t: &str| field_of(t.split([':', '：']).next().unwrap_or(t)).is_some_and(|f| f != field);
            let (value, (vr, vc)) = match inline.filter(|v| !v.is_empty()) {
                Some(v) => (v.to_string(), (r, c)),
                None => match texts.get(i + 1) {
                    // another field's label with a value of its own (`年度：2024`, or `年度 | 2024`)
                    // is a label; alone after this one, it is this one's value (a unit named 年度)
                    Some(&(nc, nt)) if !is_label(nt) || (!nt.contains([':', '：']) && texts.get(i + 2).is_none()) => {
                        (nt.to_string(), (r, nc))
                    }
                    // a label over its value (财预〔2020〕10号: 预期目标 and 实际完成情况 above
                    // their texts): the first cell under the label's merged range
                    _ => {
                        let mut below = r + 1;
                        while below < to && grid.anchor(below, c) == grid.anchor(r, c) {
                            below += 1;
                        }
                        match grid.text(below, c) {
                            t if below < to && !t.is_empty() && !is_label(t) => (t.to_string(), (below, c)),
                            _ => continue,
                        }
                    }
                },
            };
            let field = match field {
                Field::UnitName | Field::MoneyUnit
                    if money_unit_in(&value).is_some() && squeeze(&value).len() <= "万元".len() + 3 =>
                {
                    parts.money_unit = money_unit_in(&value).map(str::to_string);
                    continue;
                }
                Field::MoneyUnit => continue,
                f => f,
            };
            if field == Field::Implementer && parts.fields.contains_key("unit.name") {
                continue;
            }
            taken.push(grid.anchor(vr, vc));
            parts.cells.put(
                field.path().to_string(),
                cell_name(name, grid.anchor(vr, vc).0, grid.anchor(vr, vc).1),
            );
            parts.fields.insert(field.path().to_string(), Value::String(value));
        }
        r += 1;
    }
}

/// The budget block under its header; returns the row after it.
fn read_budget(grid: &Grid<'_>, h: &layout::BudgetHeader, to: u32, parts: &mut Parts) -> u32 {
    let name = &grid.sheet.name;
    // the money unit may stand in the header or the block's label: `项目资金（万元）`; the first
    // the sheet names is the form's, and a block that names another is said in a note
    let mut block_unit =
        (0..grid.cols).find_map(|c| money_unit_in(grid.text(h.row, c)).map(|u| (u, cell_name(name, h.row, c))));
    let mut budget = Map::new();
    let mut score = None;
    let mut rate = None;
    let mut weight = None;
    let mut carried: Option<(String, String, u32)> = None;
    let mut r = h.row + 1;
    let mut seen: Vec<Part> = Vec::new();
    let mut ranges: Vec<(String, u32, u32)> = Vec::new();
    while r < to {
        if grid.row_is_blank(r) {
            if seen.is_empty() {
                r += 1;
                continue;
            }
            break;
        }
        let label: String = (0..h.first_value_col)
            .filter(|&c| c == 0 || grid.anchor(r, c) != grid.anchor(r, c - 1))
            .map(|c| grid.word(r, c))
            .collect();
        if block_unit.is_none() {
            block_unit = money_unit_in(&label).map(|u| (u, cell_name(name, r, 0)));
        }
        let Some(part) = part_of(&label) else {
            if label.contains("原因") {
                if let Some((c, t)) = grid.row_texts(r).into_iter().find(|(c, _)| *c >= h.first_value_col) {
                    budget.insert("reason".into(), Value::String(t.to_string()));
                    parts.cells.put("budget.reason".into(), cell_name(name, r, c));
                }
                r += 1;
                continue;
            }
            if seen.is_empty() {
                r += 1;
                continue;
            }
            break;
        };
        let value_at = |c: Option<u32>| {
            c.filter(|&c| grid.anchor(r, c).0 == r)
                .map(|c| (grid.text(r, c).to_string(), c))
                .filter(|(t, _)| !is_empty_value(t))
        };
        if part == Part::CarriedOver {
            if let Some((t, c)) = value_at(Some(h.executed)) {
                carried = Some((t, cell_name(name, r, c), r));
            }
            r += 1;
            continue;
        }
        if seen.contains(&part) {
            r += 1;
            continue;
        }
        seen.push(part);
        let mut column = Map::new();
        for (key, c) in [("planned", h.planned), ("executed", Some(h.executed))] {
            // a part left blank is still one of the column's parts: the range a finding on their
            // sum names runs over it
            if let Some(c) = c.filter(|&c| grid.anchor(r, c).0 == r) {
                ranges.push((format!("{}.{key}", part.key()), r, c));
                // blank, it is the cell a finding that it is missing names
                parts
                    .cells
                    .put(format!("budget.{}.{key}", part.key()), cell_name(name, r, c));
            }
            if let Some((t, c)) = value_at(c) {
                column.insert(key.into(), Value::String(t));
                parts
                    .cells
                    .put(format!("budget.{}.{key}", part.key()), cell_name(name, r, c));
            }
        }
        if part == Part::Total {
            if let Some((t, c)) = value_at(h.rate) {
                budget.insert("statedRate".into(), Value::String(t.clone()));
                parts.cells.put("budget.statedRate".into(), cell_name(name, r, c));
                rate = Some((t, cell_name(name, r, c)));
            }
            if let Some((t, c)) = value_at(h.score) {
                score = Some((t, cell_name(name, r, c)));
            }
            if let Some((t, c)) = value_at(h.weight) {
                weight = Some((t, cell_name(name, r, c)));
            }
        }
        parts.cells.put(
            format!("budget.{}", part.key()),
            range_name(name, (r, 0), (r, grid.cols.saturating_sub(1))),
        );
        insert_path(&mut budget, part.key(), Value::Object(column));
        r += 1;
    }
    if let Some((text, cell, _)) = carried {
        if seen.contains(&Part::Other) {
            parts.notes.push(Note {
                code: "workbook.carriedOverIgnored",
                cell,
                zh: format!("上年结转资金 {text} 未计入：表单没有单列的上年结转，已有其他资金"),
                en: format!("上年结转资金 {text} left out: the form has no column for it and 其他资金 is filled"),
            });
        } else {
            insert_path(
                &mut budget,
                "bySource.other",
                Value::Object(Map::from_iter([("executed".to_string(), Value::String(text.clone()))])),
            );
            parts.cells.put("budget.bySource.other.executed".into(), cell.clone());
            parts.notes.push(Note {
                code: "workbook.carriedOverAsOther",
                cell,
                zh: format!("上年结转资金 {text} 按其他资金核对"),
                en: format!("上年结转资金 {text} is checked as 其他资金 (other funds)"),
            });
        }
    }
    // a column of parts, for the findings on their sum
    for group in ["bySource", "byNature"] {
        for key in ["planned", "executed"] {
            let cells: Vec<(u32, u32)> = ranges
                .iter()
                .filter(|(p, _, _)| p.starts_with(group) && p.ends_with(key))
                .map(|(_, r, c)| (*r, *c))
                .collect();
            if let (Some(first), Some(last)) = (cells.first(), cells.last()) {
                parts
                    .cells
                    .put(format!("budget.{group}.{key}"), range_name(name, *first, *last));
            }
        }
    }
    parts.cells.put(
        "budget".into(),
        range_name(name, (h.row, 0), (r.saturating_sub(1), grid.cols.saturating_sub(1))),
    );
    parts.budget = Some(BudgetRead {
        budget,
        score,
        rate,
        weight,
    });
    match (&parts.money_unit, block_unit) {
        (None, Some((unit, _))) => parts.money_unit = Some(unit.to_string()),
        (Some(form), Some((unit, cell))) if form.as_str() != unit => parts.notes.push(Note {
            code: "workbook.moneyUnitsDiffer",
            cell,
            zh: format!("预算表写明金额单位为「{unit}」，表头为「{form}」：按「{form}」核对"),
            en: format!(
                "The budget block says its amounts are in {unit}, the sheet's header in {form}: checked in {form}"
            ),
        }),
        _ => {}
    }
    r
}

fn insert_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = map.entry(head.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

/// The label of the total row under the indicators: 总分, 合计, or the form's own name for the
/// total, 自评得分.
fn is_total(word: &str) -> bool {
    word.starts_with("总分") || matches!(word, "合计" | "总计" | "自评得分" | "自评总分" | "得分合计" | "总得分")
}

/// Words that end the indicator rows (the total, the grade, the notes under the table).
fn ends_table(word: &str) -> bool {
    is_total(word)
        || word.starts_with("评价等级")
        || word.starts_with("自评等级")
        || word.starts_with("填表说明")
        || word.starts_with("注：")
        || word.starts_with("说明：")
}

/// The indicator rows under `header`, then 总分 and 评价等级; returns the first row after them.
fn read_table(grid: &Grid<'_>, header: &TableHeader, to: u32, parts: &mut Parts) -> (TableRead, u32) {
    let name = &grid.sheet.name;
    let name_cols = header.name_columns();
    let value_roles: [(Role, &'static str); 7] = [
        (Role::Id, "id"),
        (Role::Weight, "weight"),
        (Role::Target, "target"),
        (Role::Actual, "actual"),
        (Role::Score, "score"),
        (Role::Reason, "reason"),
        (Role::Rule, "rule"),
    ];
    let last_col = header.columns.iter().map(|(c, _)| *c).max().unwrap_or(0);
    let head = |c: u32| grid.text(header.row, c).to_string();
    for &(c, _) in &header.columns {
        if grid.sheet.hidden_columns.contains(&c) {
            parts.notes.push(Note {
                code: "workbook.hiddenColumn",
                cell: cell_name(name, header.row, c),
                zh: format!(
                    "第 {} 列「{}」在 Excel 中隐藏，已按其内容核对",
                    column_letters(c),
                    head(c)
                ),
                en: format!(
                    "Column {} (\"{}\") is hidden in Excel; it is checked like the others",
                    column_letters(c),
                    head(c)
                ),
            });
        }
    }
    for &(c, kept) in &header.repeated {
        let (letter, kept_letter) = (column_letters(c), column_letters(kept));
        parts.notes.push(Note {
            code: "workbook.columnNotRead",
            cell: cell_name(name, header.row, c),
            zh: format!(
                "第 {letter} 列「{}」与第 {kept_letter} 列重复，未读取；读取的是第 {kept_letter} 列",
                head(c)
            ),
            en: format!(
                "Column {letter} (\"{}\") repeats column {kept_letter} and was not read; column {kept_letter} is read",
                head(c)
            ),
        });
    }
    let mut rows = Vec::new();
    let mut claimed = Map::new();
    let mut r = header.first_data_row;
    let mut in_totals = false;
    while r < to {
        let texts = grid.row_texts(r);
        let first_word = texts.first().map(|(_, t)| squeeze(t)).unwrap_or_default();
        if first_word.starts_with("填表说明") || first_word.starts_with("注：") {
            r += 1;
            break;
        }
        // a remark among the rows (`备注 | 本单位无政府性基金收支`) is no indicator
        if first_word.starts_with("备注") {
            r += 1;
            continue;
        }
        if texts.iter().any(|(c, t)| {
            *c <= last_col && ends_table(&squeeze(t)) && !name_cols.is_empty() && header.column(Role::Score) != Some(*c)
        }) {
            in_totals = true;
            read_totals(grid, header, r, &mut claimed, parts);
            r += 1;
            continue;
        }
        if texts.is_empty() {
            r += 1;
            continue;
        }
        // what follows the totals is not the table's: notes, the signature lines, the next form
        if in_totals {
            break;
        }
        let mut names: Vec<String> = Vec::new();
        let mut name_cell = None;
        for &c in &name_cols {
            let t = grid.text(r, c);
            if t.is_empty() {
                continue;
            }
            // a name merged over several levels, or repeated at the next level, is one name; a
            // level whose name differs only by 指标 is a level of its own (`满意度` under
            // `满意度指标`), since folding it into its parent would put a leaf's row on a group
            if names.last().is_some_and(|last| squeeze(last) == squeeze(t)) {
                continue;
            }
            names.push(t.to_string());
            let (ar, ac) = grid.anchor(r, c);
            name_cell = Some(cell_name(name, ar, ac));
        }
        let mut values = Vec::new();
        let mut blank = Vec::new();
        for (role, field) in value_roles {
            let Some(c) = header.column(role) else { continue };
            // a value merged down several rows belongs to its first row
            let (ar, ac) = grid.anchor(r, c);
            if ar != r {
                continue;
            }
            let t = grid.text(r, c);
            if is_empty_value(t) {
                blank.push((field, cell_name(name, ar, ac)));
                continue;
            }
            values.push((field, t.to_string(), cell_name(name, ar, ac)));
        }
        for (field, other) in [("actual", "target"), ("target", "actual")] {
            if let Some(note) = fraction_as_percent(grid, header, r, (field, other), &mut values) {
                parts.notes.push(note);
            }
        }
        if names.is_empty() {
            if !values.is_empty() {
                parts.notes.push(Note {
                    code: "workbook.rowWithoutName",
                    cell: range_name(name, (r, 0), (r, last_col)),
                    zh: format!("第 {} 行没有指标名称，未读取", r + 1),
                    en: format!("Row {} has no indicator name and was not read", r + 1),
                });
            }
            r += 1;
            continue;
        }
        if grid.sheet.hidden_rows.contains(&r) {
            parts.notes.push(Note {
                code: "workbook.hiddenRow",
                cell: range_name(name, (r, 0), (r, last_col)),
                zh: format!("第 {} 行在 Excel 中隐藏，已按其内容核对", r + 1),
                en: format!("Row {} is hidden in Excel; it is checked like the others", r + 1),
            });
        }
        rows.push(Row {
            names,
            values,
            blank,
            name_cell: name_cell.unwrap_or_default(),
            row_range: range_name(name, (r, 0), (r, last_col)),
            line: r + 1,
        });
        r += 1;
    }
    parts.cells.put(
        "indicators".into(),
        range_name(name, (header.row, 0), (r.saturating_sub(1), last_col)),
    );
    (TableRead { rows, claimed }, r)
}

/// An `.xls` stores a cell formatted `0.00%` as its fraction and does not say so (0.95 for 95%):
/// a target or actual that is such a number, between 0 and 1.5 (150%), in a row whose other value
/// is written with `%`, is read as that percentage, with a note. Beside `≥90%`, 0.95 is 95%; read
/// as 0.95%, the row would score nearly nothing, with no error. A larger number (`95`) is already
/// in percent, as the engine reads a bare number in its target's unit.
fn fraction_as_percent(
    grid: &Grid<'_>,
    header: &TableHeader,
    r: u32,
    (field, other): (&'static str, &'static str),
    values: &mut [(&'static str, String, String)],
) -> Option<Note> {
    let role = if field == "actual" { Role::Actual } else { Role::Target };
    let at = grid.anchor(r, header.column(role)?);
    grid.sheet.unformatted_numbers.binary_search(&at).ok()?;
    let other_is_percent = values.iter().any(|(f, t, _)| *f == other && t.contains(['%', '％']));
    let slot = values.iter_mut().find(|(f, _, _)| *f == field)?;
    let (value, _) = crate::read::number::parse_decimal(slot.1.trim()).ok()?;
    if !other_is_percent || value <= rust_decimal::Decimal::ZERO || value > rust_decimal::Decimal::new(15, 1) {
        return None;
    }
    let percent = crate::decimal::plain(value * rust_decimal::Decimal::ONE_HUNDRED) + "%";
    let (column, column_en) = if field == "actual" {
        ("实际完成值", "actual")
    } else {
        ("年度指标值", "target")
    };
    let note = Note {
        code: "workbook.fractionAsPercent",
        cell: slot.2.clone(),
        zh: format!(
            "第 {} 行的{column} {} 是 .xls 中的数字（文件不记其格式），同行另一值为百分比，已按 {percent} 读取",
            r + 1,
            slot.1
        ),
        en: format!(
            "Row {}: the {column_en} {} is a number in an .xls (which does not keep its format) beside a percentage; read as {percent}",
            r + 1,
            slot.1
        ),
    };
    slot.1 = percent;
    Some(note)
}

/// A 总分 or 评价等级 row under the table: the claimed total and grade.
fn read_totals(grid: &Grid<'_>, header: &TableHeader, r: u32, claimed: &mut Map<String, Value>, parts: &mut Parts) {
    let name = &grid.sheet.name;
    let texts = grid.row_texts(r);
    for (i, &(c, t)) in texts.iter().enumerate() {
        let w = squeeze(t);
        let grade_label = ["评价等级", "自评等级"].iter().find(|l| w.starts_with(**l));
        if let Some(label) = grade_label {
            let inline = w
                .strip_prefix(label)
                .map(|v| v.trim_start_matches([':', '：']))
                .filter(|v| !v.is_empty());
            // the grade stands in the 得分 column, else in the next cell that is not jixiao's own
            // 核算 column (which holds the computed grade, not the unit's)
            let in_score_column = header
                .column(Role::Score)
                .filter(|&sc| sc > c && grid.anchor(r, sc).0 == r)
                .map(|sc| (grid.text(r, sc).to_string(), sc))
                .filter(|(v, _)| !v.is_empty());
            let computed = |col: u32| (header.row..header.first_data_row).any(|hr| grid.word(hr, col).contains("核算"));
            let found = match inline {
                Some(v) => Some((v.to_string(), c)),
                None => in_score_column.or_else(|| {
                    texts
                        .get(i + 1..)
                        .unwrap_or(&[])
                        .iter()
                        .find(|(nc, _)| !computed(*nc))
                        .map(|&(nc, nt)| (nt.to_string(), nc))
                }),
            };
            if let Some((v, at)) = found.filter(|(v, _)| !is_empty_value(v)) {
                claimed.insert("grade".into(), Value::String(v));
                parts.cells.put("claimed.grade".into(), cell_name(name, r, at));
            }
            return;
        }
        if is_total(&w) {
            if let Some(sc) = header.column(Role::Score) {
                let v = grid.text(r, sc);
                if !is_empty_value(v) && grid.anchor(r, sc).0 == r {
                    claimed.insert("score".into(), Value::String(v.to_string()));
                    parts.cells.put("claimed.score".into(), cell_name(name, r, sc));
                }
            }
            return;
        }
    }
}

/// The form of one sheet's parts, as JSON text.
fn assemble(mut p: Parts, templates: &[&Template], narrative: Option<String>) -> SheetForm {
    let table = p.table.take().unwrap_or(TableRead {
        rows: Vec::new(),
        claimed: Map::new(),
    });
    let mut rows = table.rows;
    // a 计分规则 the reader cannot read leaves its row to the rule its cells imply, said in a note,
    // rather than the whole form unread
    for row in &mut rows {
        row.values.retain(|(field, text, cell)| {
            let unread = *field == "rule" && tree::rule_of(text).is_none();
            if unread {
                let words = || tree::RULE_WORDS.iter().map(|(w, _)| *w);
                p.notes.push(Note {
                    code: "workbook.ruleNotRead",
                    cell: cell.clone(),
                    zh: format!(
                        "计分规则「{}」无法识别，该行按其目标值计分（可写：{}）",
                        shorten(text),
                        words().collect::<Vec<_>>().join("、")
                    ),
                    en: format!(
                        "The scoring rule \"{}\" is not one the reader knows; the row is scored by its target (rules: {})",
                        shorten(text),
                        words().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
            !unread
        });
    }
    // a project form's 预算执行率 stands in its budget block (执行率, 得分) when the table has none
    if let Some(b) = &p.budget {
        let named = rows.iter().any(|r| r.names.iter().any(|n| squeeze(n) == "预算执行率"));
        if !named && b.score.is_some() {
            let mut values = Vec::new();
            if let Some((t, c)) = &b.weight {
                values.push(("weight", t.clone(), c.clone()));
            }
            if let Some((t, c)) = &b.rate {
                values.push(("actual", t.clone(), c.clone()));
            }
            if let Some((t, c)) = &b.score {
                values.push(("score", t.clone(), c.clone()));
            }
            let cell = b.score.as_ref().map(|(_, c)| c.clone()).unwrap_or_default();
            // scored as the 预算执行率 indicator is, by the rate, with or without a template
            values.push(("rule", "预算执行率".into(), cell.clone()));
            rows.push(Row {
                names: vec!["预算执行率".into()],
                values,
                blank: Vec::new(),
                name_cell: cell.clone(),
                row_range: cell,
                line: 0,
            });
        }
    }
    let nested = nest_by_id(&mut rows);
    // the title's kind of form decides which template is tried first
    let title = p.title.clone().unwrap_or_default();
    let hinted = |t: &&&Template| match t.id.as_str() {
        "gd-dept-overall" => title.contains("部门整体"),
        "mof-project" => title.contains("项目支出") || title.contains("项目"),
        _ => false,
    };
    let (mut order, others): (Vec<&Template>, Vec<&Template>) = templates.iter().partition(hinted);
    order.extend(others);
    // levels the 编号 gives start at the template's first level, or it is not the sheet's
    // (`1 产出指标` is gd-dept-overall's 1.1, under 履职效能)
    let first_level = |t: &Template| {
        rows.iter().any(|r| {
            r.names
                .first()
                .is_some_and(|n| t.indicators.iter().any(|top| tree::same_name(&top.name, n)))
        })
    };
    let candidates: Vec<&Template> = order
        .into_iter()
        .filter(|t| covers_top_level(t, &rows) && (!nested || first_level(t)))
        .collect();
    let tree = tree::build(&rows, &candidates);
    let indicators = tree.indicators(&rows, &mut p.cells);
    for not_read in tree.not_read(&rows) {
        p.notes.push(note_not_read(&not_read, &rows));
    }

    let mut form = Map::new();
    form.insert("version".into(), Value::from(1));
    if let Some(t) = tree.template() {
        form.insert("template".into(), Value::String(t.to_string()));
    }
    let mut fields = p.fields;
    if !fields.contains_key("unit.year") {
        if let Some(year) = year_in(&title) {
            fields.insert("unit.year".into(), Value::String(year));
        }
    }
    for (path, value) in fields {
        insert_path(&mut form, &path, value);
    }
    if let Some(unit) = p.money_unit {
        form.insert("moneyUnit".into(), Value::String(unit));
    }
    if let Some(b) = p.budget {
        form.insert("budget".into(), Value::Object(b.budget));
    }
    form.insert("indicators".into(), Value::Array(indicators));
    if !table.claimed.is_empty() {
        form.insert("claimed".into(), Value::Object(table.claimed));
    }
    // its findings name their line and column in it (`span`), not a cell
    if let Some(text) = narrative {
        form.insert("narrative".into(), Value::String(text));
    }
    let json = Value::Object(form).to_string();
    SheetForm {
        sheets: p.sheet.split(',').map(str::to_string).collect(),
        json,
        cells: p.cells.list,
        notes: p.notes,
    }
}

/// One name column with the levels in the 编号 (`1 产出指标`, `1.1 抽检合格率`): each row's names
/// become its ancestors' and its own, as in a table with a column a level, so that `1.1` goes
/// under `1`. Only when every row has one name and a dotted 编号 of digits, and some 编号 continues
/// another row's; returns whether it did.
fn nest_by_id(rows: &mut [Row]) -> bool {
    fn parent(id: &str) -> Option<&str> {
        id.rsplit_once('.').map(|(p, _)| p)
    }
    let dotted = |t: &&str| {
        !t.is_empty()
            && t.split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    };
    let ids: Option<Vec<&str>> = rows
        .iter()
        .map(|r| r.value("id").map(str::trim).filter(dotted))
        .collect();
    let Some(ids) = ids.filter(|_| rows.iter().all(|r| r.names.len() == 1)) else {
        return false;
    };
    let names: HashMap<&str, &str> = ids
        .iter()
        .zip(rows.iter())
        .filter_map(|(id, r)| Some((*id, r.names.first()?.as_str())))
        .collect();
    if !ids.iter().any(|id| parent(id).is_some_and(|p| names.contains_key(p))) {
        return false;
    }
    let nested: Vec<Vec<String>> = ids
        .iter()
        .map(|id| {
            let mut chain: Vec<String> = std::iter::successors(Some(*id), |i| parent(i))
                .filter_map(|i| names.get(i).map(|n| (*n).to_string()))
                .collect();
            chain.reverse();
            chain
        })
        .collect();
    for (row, names) in rows.iter_mut().zip(nested) {
        row.names = names;
    }
    true
}

/// A row whose values are not read, said with its cells.
fn note_not_read(not_read: &NotRead, rows: &[Row]) -> Note {
    let line = |i: usize| rows.get(i).map_or(0, |r| r.line);
    let cell = |i: usize| rows.get(i).map(|r| r.row_range.clone()).unwrap_or_default();
    match not_read {
        NotRead::GroupRow { row, group } => {
            let fields = rows.get(*row).map(Row::leaf_values).unwrap_or_default();
            // the column's header word in Chinese, the form's key in English
            let zh: Vec<&str> = fields
                .iter()
                .map(|f| match *f {
                    "target" => "年度指标值",
                    "actual" => "实际完成值",
                    "reason" => "偏差原因",
                    _ => "计分规则",
                })
                .collect();
            Note {
                code: "workbook.rowNotRead",
                cell: cell(*row),
                zh: format!(
                    "第 {} 行是「{group}」下各行的上级行，只读取分值，其{}未读取",
                    line(*row),
                    zh.join("、")
                ),
                en: format!(
                    "Row {} is the row of the group \"{group}\" above its own rows: only its 分值 is read, not its {}",
                    line(*row),
                    fields.join(", ")
                ),
            }
        }
        NotRead::Repeated { row, kept } => Note {
            code: "workbook.rowNotRead",
            cell: cell(*row),
            zh: format!(
                "第 {} 行与第 {} 行的指标名称相同，未读取，读取的是第 {} 行",
                line(*row),
                line(*kept),
                line(*kept)
            ),
            en: format!(
                "Row {} has the same indicator names as row {} and was not read; row {} is read",
                line(*row),
                line(*kept),
                line(*kept)
            ),
        },
    }
}

/// A template describes a sheet only when the sheet has rows under each of its top-level parts
/// that has rows of the template's own. A part made only of the unit's open groups (履职效能 →
/// 产出指标, 效益指标) has no row on a form the unit has not filled yet, such as a blank template
/// exported by jixiao, and may be absent; at least one part must be there.
fn covers_top_level(t: &Template, rows: &[Row]) -> bool {
    use crate::read::template::TemplateNode;
    fn names(n: &TemplateNode, out: &mut Vec<String>) {
        out.push(n.name.clone());
        for c in &n.children {
            names(c, out);
        }
    }
    fn has_own_rows(n: &TemplateNode) -> bool {
        !n.open && (n.children.is_empty() || n.children.iter().any(has_own_rows))
    }
    let present = |top: &TemplateNode| {
        let mut within = Vec::new();
        names(top, &mut within);
        rows.iter()
            .any(|r| r.names.iter().any(|n| within.iter().any(|w| tree::same_name(w, n))))
    };
    t.indicators.iter().all(|top| !has_own_rows(top) || present(top)) && t.indicators.iter().any(present)
}

/// `2024` from `2024年度部门整体支出绩效自评表` or `（2024年度）`.
fn year_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w.iter().take(4).collect();
        (w.iter().take(4).all(char::is_ascii_digit) && w.get(4) == Some(&'年')).then_some(digits)
    })
}

#[cfg(test)]
mod tests;

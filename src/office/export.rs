//! A form written as an .xlsx workbook: one sheet, `自评表`, laid out the way units hand the form in
//! (title, header fields, the budget block, the indicator table with 总分 and 评价等级), with what
//! the unit typed in its cells and jixiao's own figures beside them (核算执行率, 核算得分).
//!
//! The sheet is read back by the workbook reader by its header words, so the words and columns here
//! are a contract: A 编号 | B 一级指标 | C 二级指标 | D 三级指标 | E 分值 | F 年度指标值 | G 实际完成值 |
//! H 得分 | I 偏差原因分析及改进措施 | J 计分规则 | K 核算得分.
//!
//! The sheet is planned first (every cell, its merge and its look) and written after, so that
//! column widths can follow the numbers that must fit and row heights the text that wraps.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::messages::Lang;
use crate::model::load::load_json;
use crate::model::{Model, ModelNode};
use crate::office::display;
use crate::office::workbook::{MAX_COLS, MAX_ROWS};
use crate::read::form::{Column, Rule, RuleKind, Text};
use crate::read::number::MoneyUnit;
use crate::read::workbook::{column_letters, NARRATIVE_SHEET, RULE_WORDS};
use crate::read::FormError;
use crate::score::rows::LeafReport;
use crate::score::Evaluation;
use crate::Options;

/// The sheet's name, which the reader looks for first.
pub const SHEET_NAME: &str = "自评表";

/// The indicator table's header words, columns A to K.
pub const INDICATOR_HEADER: [&str; 11] = [
    "编号",
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "年度指标值",
    "实际完成值",
    "得分",
    "偏差原因分析及改进措施",
    "计分规则",
    "核算得分",
];

/// How many indicator levels the sheet has columns for (B, C, D).
pub const SHEET_LEVELS: usize = 3;

/// The number formats a typed value may be stored under as a number: those whose display gives
/// back exactly what was typed, so Excel can sum the cell and a reader sees the unit's own text.
const NUMBER_FORMATS: [&str; 10] = [
    "General", "0", "0.0", "0.00", "#,##0", "#,##0.0", "#,##0.00", "0%", "0.0%", "0.00%",
];

/// Excel refuses longer text in one cell (counted in UTF-16 units).
const MAX_CELL_TEXT: usize = 32_767;

/// The 说明 sheet's one column, in character units: a line of A4 portrait (wider prints cut off in
/// LibreOffice, which does not shrink it to the page).
const NARRATIVE_WIDTH: f64 = 76.0;

/// Excel's tallest row (409 points) in lines of text.
const MAX_LINES_A_ROW: u32 = 29;

const A: u16 = 0;
const B: u16 = 1;
const C: u16 = 2;
const D: u16 = 3;
const E: u16 = 4;
const F: u16 = 5;
const G: u16 = 6;
const H: u16 = 7;
const I: u16 = 8;
const J: u16 = 9;
const K: u16 = 10;
const LAST_COLUMN: u16 = K;

/// Column widths in Excel's character units, before numbers that need more widen them.
const WIDTHS: [f64; 11] = [8.0, 14.0, 14.0, 26.0, 8.0, 14.0, 14.0, 8.0, 30.0, 12.0, 10.0];
/// 计分规则 grows to fit a rule written as JSON, up to this; longer rules wrap.
const RULE_WIDTH_MAX: f64 = 30.0;

/// 宋体 10.5 pt: a 汉字 is 14 px, an ASCII character half that; a character unit of the default
/// font (Calibri 11) is 7 px, plus 5 px of padding per column.
const PX_PER_UNIT: f64 = 7.0;
const COLUMN_PADDING_PX: f64 = 5.0;
/// Room Excel and LibreOffice leave inside a cell before wrapping.
const CELL_INSET_PX: f64 = 5.0;
const LINE_HEIGHT_PT: f64 = 14.0;
const ROW_EXTRA_PT: f64 = 3.0;
const TITLE_HEIGHT_PT: f64 = 30.0;

const FONT: &str = "宋体";
const FONT_SIZE: f64 = 10.5;
const TITLE_FONT_SIZE: f64 = 16.0;
const HEADER_FILL: u32 = 0xD9E1F2;

/// 1.5 cm, in inches.
const MARGIN_IN: f64 = 0.59;
const HEADER_FOOTER_MARGIN_IN: f64 = 0.3;
const PAPER_A4: u8 = 9;

/// Why a form could not be written as a workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The form cannot be read at all.
    Form(FormError),
    /// The indicator tree is deeper than the sheet's three level columns.
    TooDeep { id: String, level: usize },
    /// A text longer than an Excel cell holds.
    TextTooLong { cell: String, chars: usize },
    /// The workbook writer refused (a defect here, not in the form).
    Write(String),
}

impl ExportError {
    /// A stable code (`export.form`, `export.tooDeep`, `export.textTooLong`, `export.write`).
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Form(_) => "export.form",
            ExportError::TooDeep { .. } => "export.tooDeep",
            ExportError::TextTooLong { .. } => "export.textTooLong",
            ExportError::Write(_) => "export.write",
        }
    }

    /// The load error, when the form itself could not be read.
    pub fn form_error(&self) -> Option<&FormError> {
        match self {
            ExportError::Form(e) => Some(e),
            _ => None,
        }
    }

    /// What went wrong, in zh-CN or en.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ExportError::Form(e), Lang::ZhCn) => format!("表单无法读取，未能导出：{}", e.message(lang)),
            (ExportError::Form(e), Lang::En) => format!("The form cannot be read, so it was not exported: {}", e.message(lang)),
            (ExportError::TooDeep { id, level }, Lang::ZhCn) => format!(
                "工作表只有三级指标列（一级、二级、三级指标），指标「{id}」在第 {level} 级，无法导出"
            ),
            (ExportError::TooDeep { id, level }, Lang::En) => format!(
                "The sheet has three indicator levels (一级, 二级, 三级 columns); row \"{id}\" is at level {level} and cannot be exported"
            ),
            (ExportError::TextTooLong { cell, chars }, Lang::ZhCn) => format!(
                "单元格 {cell} 的文字有 {chars} 个字符，超过 Excel 单元格上限 {MAX_CELL_TEXT}"
            ),
            (ExportError::TextTooLong { cell, chars }, Lang::En) => format!(
                "The text for cell {cell} has {chars} characters, more than an Excel cell holds ({MAX_CELL_TEXT})"
            ),
            (ExportError::Write(detail), Lang::ZhCn) => format!("无法生成工作簿：{detail}"),
            (ExportError::Write(detail), Lang::En) => format!("The workbook could not be written: {detail}"),
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.code(), self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> Self {
        ExportError::Write(e.to_string())
    }
}

/// The form whose JSON is `form_json` as the bytes of an .xlsx workbook. The same form gives the
/// same bytes: the document's dates are fixed, not the time of export. `lang` is the language of
/// the error's message; the sheet itself is in Chinese, as the form is.
pub fn export_workbook(form_json: &str, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let model = load_json(form_json).map_err(ExportError::Form)?;
    let evaluation = Evaluation::new(&model, &Options { lang });
    let plan = plan_sheet(&model, &evaluation)?;
    // an empty 说明 is one too (its report has a 说明 section), and comes back as one
    let narrative = model.form.narrative.as_deref();
    write_workbook(&plan, &title(&model), narrative)
}

/// `2024年度部门整体支出绩效自评表`.
fn title(model: &Model) -> String {
    let kind = match model.template.as_ref().map(|t| t.id.as_str()) {
        Some("gd-dept-overall") => "部门整体支出绩效自评表",
        Some("mof-project") => "项目支出绩效自评表",
        _ => "绩效自评表",
    };
    // `2024年` is a year as people type it; the title says 年度 once
    let year = model.form.unit.year.as_ref().map_or("", |y| y.as_str().trim());
    let year = year.strip_suffix('年').unwrap_or(year).trim();
    if year.is_empty() {
        kind.to_string()
    } else {
        format!("{year}年度{kind}")
    }
}

// ---------------------------------------------------------------------------------------------
// The plan: every cell of the sheet, before anything is written.

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
enum Content {
    Blank,
    Text(String),
    Number {
        value: f64,
        format: &'static str,
    },
    /// A formula with the value jixiao computed, for readers that do not recalculate.
    Formula {
        formula: String,
        cached: f64,
        format: &'static str,
    },
}

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    Title,
    FieldLabel,
    FieldValue,
    /// A header cell of the budget block or the indicator table.
    Head,
    /// A body cell of a table (bordered).
    Body,
    /// A body cell centred: ids, group names, labels, short values.
    BodyCentred,
    /// A body cell aligned right: amounts, whether they are numbers or text as typed.
    BodyRight,
    BodyBold,
}

#[derive(Clone, Debug, PartialEq)]
struct Placed {
    row: u32,
    col: u16,
    last_row: u32,
    last_col: u16,
    content: Content,
    look: Look,
}

#[derive(Debug, Default)]
struct Plan {
    cells: Vec<Placed>,
    /// The row of the indicator table's header, repeated on every printed page.
    indicator_header: Option<u32>,
    /// The next free row.
    row: u32,
}

impl Plan {
    fn put(&mut self, row: u32, col: u16, content: Content, look: Look) -> Result<(), ExportError> {
        self.span(row, col, row, col, content, look)
    }

    /// A cell merged over `row..=last_row`, `col..=last_col` (a single cell when they are equal).
    fn span(
        &mut self,
        row: u32,
        col: u16,
        last_row: u32,
        last_col: u16,
        content: Content,
        look: Look,
    ) -> Result<(), ExportError> {
        if let Content::Text(text) = &content {
            let units = text.encode_utf16().count();
            if units > MAX_CELL_TEXT {
                return Err(ExportError::TextTooLong {
                    cell: cell_name(row, col),
                    chars: text.chars().count(),
                });
            }
        }
        self.cells.push(Placed {
            row,
            col,
            last_row,
            last_col,
            content,
            look,
        });
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, text: &str, look: Look) -> Result<(), ExportError> {
        self.put(row, col, text_content(Some(text)), look)
    }
}

/// `K12`, as the reader names cells (without the sheet: formulas and messages are on it).
fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", column_letters(u32::from(col)), u64::from(row) + 1)
}

fn text_content(text: Option<&str>) -> Content {
    match text {
        Some(t) if !t.is_empty() => Content::Text(t.to_string()),
        _ => Content::Blank,
    }
}

/// A value as the unit typed it: a number when a number format shows it back exactly as typed
/// (`9,022.41`, `96.1%`, `4.79`), else the text itself.
fn typed(text: Option<&Text>) -> Content {
    let Some(text) = text.map(Text::as_str).filter(|t| !t.is_empty()) else {
        return Content::Blank;
    };
    match typed_number(text) {
        Some((value, format)) => Content::Number { value, format },
        None => Content::Text(text.to_string()),
    }
}

/// The number and format under which a cell shows exactly `text`, if any. The number comes from
/// the typed digits as an exact decimal (a percent divided by 100 exactly) and becomes a float
/// only at the end, so `0.1` is the float nearest 0.1 and not a sum of float steps.
fn typed_number(text: &str) -> Option<(f64, &'static str)> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(body) => (body, true),
        None => (text, false),
    };
    let unsigned = body.strip_prefix('-').unwrap_or(body);
    let plausible = unsigned.starts_with(|c: char| c.is_ascii_digit())
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    if !plausible {
        return None;
    }
    let digits: String = body.chars().filter(|&c| c != ',').collect();
    let mut exact = Decimal::from_str(&digits).ok()?;
    if percent {
        exact = exact.checked_div(Decimal::ONE_HUNDRED)?;
    }
    let value = to_float(exact)?;
    NUMBER_FORMATS
        .iter()
        .find(|format| display::shown(value, format) == text)
        .map(|format| (value, *format))
}

/// The float nearest an exact decimal (Rust's float parsing rounds correctly).
fn to_float(exact: Decimal) -> Option<f64> {
    exact.to_string().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A figure jixiao computed (`96.61`), as a number under `format`.
fn computed(text: &str, format: &'static str) -> Content {
    match Decimal::from_str(text).ok().and_then(to_float) {
        Some(value) => Content::Number { value, format },
        None => text_content(Some(text)),
    }
}

fn plan_sheet(model: &Model, evaluation: &Evaluation) -> Result<Plan, ExportError> {
    let levels = levels(model)?;
    let mut plan = Plan::default();
    plan.span(0, A, 0, LAST_COLUMN, Content::Text(title(model)), Look::Title)?;
    plan.row = 1;
    plan_fields(&mut plan, model)?;
    plan.row += 1;
    if model.form.budget != Default::default() {
        plan_budget(&mut plan, model, evaluation)?;
        plan.row += 1;
    }
    plan_indicators(&mut plan, model, evaluation, &levels)?;
    Ok(plan)
}

/// Each row's level (1 for a top row), or the first row below the sheet's three levels.
fn levels(model: &Model) -> Result<Vec<usize>, ExportError> {
    let mut levels: Vec<usize> = Vec::with_capacity(model.nodes.len());
    // pre-order: a parent's level is known before its children's
    for (index, node) in model.nodes.iter().enumerate() {
        let level = node.parent.and_then(|p| levels.get(p)).map_or(1, |l| l + 1);
        if level > SHEET_LEVELS {
            return Err(ExportError::TooDeep {
                id: crate::model::id_at(&model.nodes, index).to_string(),
                level,
            });
        }
        levels.push(level);
    }
    Ok(levels)
}

/// Header fields, one per row: the label in A, the value in B:K, as text (a year 2024 stays `2024`).
fn plan_fields(plan: &mut Plan, model: &Model) -> Result<(), ExportError> {
    let form = &model.form;
    let money_unit = MoneyUnit::LABELS
        .iter()
        .find(|(_, unit)| *unit == form.money_unit)
        .map_or("", |(label, _)| label);
    let always = [
        ("单位名称", form.unit.name.as_deref()),
        ("年度", form.unit.year.as_ref().map(Text::as_str)),
        ("金额单位", Some(money_unit)),
    ];
    let when_present = [
        ("填表人", form.unit.preparer.as_deref()),
        ("联系电话", form.unit.phone.as_deref()),
        ("填报日期", form.unit.date.as_deref()),
        ("年度总体目标", form.goals.target.as_deref()),
        ("全年实际完成情况", form.goals.completion.as_deref()),
        ("未能完成原因", form.goals.reason.as_deref()),
    ];
    let fields = always
        .into_iter()
        .chain(when_present.into_iter().filter(|(_, value)| value.is_some()));
    for (label, value) in fields {
        let row = plan.row;
        plan.text(row, A, label, Look::FieldLabel)?;
        plan.span(row, B, row, LAST_COLUMN, text_content(value), Look::FieldValue)?;
        plan.row += 1;
    }
    Ok(())
}

fn plan_budget(plan: &mut Plan, model: &Model, evaluation: &Evaluation) -> Result<(), ExportError> {
    let budget = &model.form.budget;
    let header = plan.row;
    plan.span(header, A, header, D, Content::Text("预算资金".into()), Look::Head)?;
    for (col, word) in [(E, "全年预算数"), (F, "全年执行数"), (G, "执行率"), (H, "核算执行率")] {
        plan.text(header, col, word, Look::Head)?;
    }
    plan.row += 1;

    let has = |c: &Column| c.planned.is_some() || c.executed.is_some();
    if has(&budget.total) || budget.stated_rate.is_some() {
        let row = plan.row;
        let planned = typed(budget.total.planned.as_ref());
        let executed = typed(budget.total.executed.as_ref());
        let both_numbers = matches!(planned, Content::Number { .. }) && matches!(executed, Content::Number { .. });
        let rate = evaluation
            .budget
            .report
            .rate_exact
            .as_deref()
            .and_then(|r| Decimal::from_str(r).ok())
            .and_then(|r| r.checked_div(Decimal::ONE_HUNDRED))
            .and_then(to_float);
        let checked_rate = match rate {
            // the formula only where Excel computes what jixiao did: from the two amounts as
            // numbers in the same unit; amounts typed as text (`1.35亿元`) keep the figure alone
            Some(cached) if both_numbers => Content::Formula {
                formula: format!(
                    "IF(N({e})=0,\"\",{f}/{e})",
                    e = cell_name(row, E),
                    f = cell_name(row, F)
                ),
                cached,
                format: "0.00%",
            },
            Some(value) => Content::Number { value, format: "0.00%" },
            None => Content::Blank,
        };
        budget_row(
            plan,
            "合计",
            [planned, executed, typed(budget.stated_rate.as_ref()), checked_rate],
        )?;
    }
    let parts = [
        ("一般公共预算财政拨款", &budget.by_source.general_public),
        ("政府性基金预算财政拨款", &budget.by_source.government_fund),
        ("国有资本经营预算财政拨款", &budget.by_source.state_capital),
        ("其他资金", &budget.by_source.other),
        ("基本支出", &budget.by_nature.basic),
        ("项目支出", &budget.by_nature.project),
    ];
    for (label, column) in parts.into_iter().filter(|(_, c)| has(c)) {
        let cells = [
            typed(column.planned.as_ref()),
            typed(column.executed.as_ref()),
            Content::Blank,
            Content::Blank,
        ];
        budget_row(plan, label, cells)?;
    }
    if let Some(reason) = &budget.reason {
        let row = plan.row;
        plan.span(row, A, row, D, Content::Text("执行偏差原因".into()), Look::BodyCentred)?;
        plan.span(row, E, row, LAST_COLUMN, text_content(Some(reason)), Look::Body)?;
        plan.row += 1;
    }
    Ok(())
}

/// A row of the budget block: its label over A:D, then E 全年预算数, F 全年执行数, G 执行率, H 核算执行率.
fn budget_row(plan: &mut Plan, label: &str, cells: [Content; 4]) -> Result<(), ExportError> {
    let row = plan.row;
    plan.span(row, A, row, D, Content::Text(label.into()), Look::BodyCentred)?;
    for (col, content) in [E, F, G, H].into_iter().zip(cells) {
        plan.put(row, col, content, Look::BodyRight)?;
    }
    plan.row += 1;
    Ok(())
}

fn plan_indicators(
    plan: &mut Plan,
    model: &Model,
    evaluation: &Evaluation,
    levels: &[usize],
) -> Result<(), ExportError> {
    let header = plan.row;
    for (col, word) in (A..=K).zip(INDICATOR_HEADER) {
        plan.text(header, col, word, Look::Head)?;
    }
    plan.indicator_header = Some(header);
    plan.row += 1;

    let (leaf_reports, _) = evaluation.tree.split_rows();
    let scored: HashMap<&str, &LeafReport> = leaf_reports.iter().map(|l| (l.id.as_str(), l)).collect();
    let leaves: Vec<usize> = (0..model.nodes.len())
        .filter(|i| model.nodes.get(*i).is_some_and(|n| n.is_leaf))
        .collect();
    let first = plan.row;
    // a leaf's level-1 and level-2 groups, for the names merged down over their leaves
    let mut level1 = Vec::with_capacity(leaves.len());
    let mut level2 = Vec::with_capacity(leaves.len());
    let mut group_rows: Vec<usize> = Vec::new();
    for &index in &leaves {
        let Some(node) = model.nodes.get(index) else { continue };
        let level = levels.get(index).copied().unwrap_or(1);
        let parent = node.parent;
        let grandparent = parent.and_then(|p| model.nodes.get(p)).and_then(|p| p.parent);
        let (top, middle) = match level {
            3 => (grandparent, parent),
            2 => (parent, None),
            _ => (None, None),
        };
        // a group of the unit's own (not a template's) has a row of its own above its first
        // leaf: its id and the 分值 it was given, which the sheet would otherwise lose
        for (group, group_level) in [(top, 1), (middle, 2)] {
            let Some(g) = group.filter(|g| !group_rows.contains(g)) else {
                continue;
            };
            let Some(group_node) = model.nodes.get(g).filter(|n| n.template.is_none()) else {
                continue;
            };
            group_rows.push(g);
            level1.push(top);
            level2.push(if group_level == 2 { middle } else { None });
            let row = plan.row;
            plan.text(row, A, group_node.id(), Look::BodyCentred)?;
            if group_level == 1 {
                plan.put(row, C, Content::Blank, Look::Body)?;
            }
            plan.put(row, D, Content::Blank, Look::Body)?;
            let weight = group_node.typed.as_ref().and_then(|t| t.row.weight.as_ref());
            plan.put(row, E, typed(weight), Look::BodyCentred)?;
            for col in [F, G, H, I, J, K] {
                plan.put(row, col, Content::Blank, Look::Body)?;
            }
            plan.row += 1;
        }
        level1.push(top);
        level2.push(middle);
        let row = plan.row;
        plan.text(row, A, node.id(), Look::BodyCentred)?;
        let name = text_content(Some(node.name()));
        match level {
            1 => plan.span(row, B, row, D, name, Look::Body)?,
            2 => plan.span(row, C, row, D, name, Look::Body)?,
            _ => plan.put(row, D, name, Look::Body)?,
        }
        leaf_cells(plan, row, node, scored.get(node.id()).copied())?;
        plan.row += 1;
    }
    for (col, groups) in [(B, &level1), (C, &level2)] {
        for (group, start, end) in runs(groups) {
            let name = text_content(model.nodes.get(group).map(ModelNode::name));
            let (start, end) = (first + start, first + end);
            plan.span(start, col, end, col, name, Look::BodyCentred)?;
        }
    }
    plan_totals(plan, model, evaluation, first)
}

/// E to K of a leaf's row.
fn leaf_cells(plan: &mut Plan, row: u32, node: &ModelNode, scored: Option<&LeafReport>) -> Result<(), ExportError> {
    let typed_row = node.typed.as_ref().map(|t| &t.row);
    let template = node.template;
    let weight = typed_row
        .and_then(|r| r.weight.as_ref())
        .or_else(|| template.and_then(|t| t.weight.as_ref()));
    let view = node.leaf().unwrap_or_default();
    let levels_rule = matches!(view.rule.map(|r| r.kind()), Some(RuleKind::Levels));
    // the level word is what a levels row is scored from, and what the unit reads in 实际完成值
    let actual = if levels_rule {
        view.level.or(view.actual)
    } else {
        view.actual
    };
    let rule = typed_row.and_then(|r| r.rule.as_ref()).map(rule_words);
    // short values centred, so a number and the text beside it do not run together
    let cells = [
        (E, typed(weight), Look::BodyCentred),
        (F, typed(view.target), Look::BodyCentred),
        (G, typed(actual), Look::BodyCentred),
        (H, typed(view.score), Look::BodyCentred),
        (I, text_content(view.reason), Look::Body),
        (J, text_content(rule.as_deref()), Look::BodyCentred),
        (
            K,
            scored.map_or(Content::Blank, |s| computed(&s.score, "0.00")),
            Look::BodyCentred,
        ),
    ];
    for (col, content, look) in cells {
        plan.put(row, col, content, look)?;
    }
    Ok(())
}

/// The 总分 and 评价等级 rows below the leaves (`first` is the first leaf's row).
fn plan_totals(plan: &mut Plan, model: &Model, evaluation: &Evaluation, first: u32) -> Result<(), ExportError> {
    let figures = evaluation.headline_figures(model);
    let claimed = &model.form.claimed;
    let row = plan.row;
    plan.put(row, A, Content::Blank, Look::Body)?;
    plan.span(row, B, row, D, Content::Text("总分".into()), Look::BodyBold)?;
    plan.put(row, E, typed(Some(&Text(figures.max_score.clone()))), Look::BodyCentred)?;
    for col in [F, G, I, J] {
        plan.put(row, col, Content::Blank, Look::Body)?;
    }
    plan.put(row, H, typed(claimed.score.as_ref()), Look::BodyCentred)?;
    let total = match (computed(&figures.score, "0.00"), row > first) {
        (Content::Number { value, format }, true) => Content::Formula {
            formula: format!("SUM({}:{})", cell_name(first, K), cell_name(row - 1, K)),
            cached: value,
            format,
        },
        // no leaves: nothing to sum
        (content, _) => content,
    };
    plan.put(row, K, total, Look::BodyBold)?;
    plan.row += 1;

    let row = plan.row;
    plan.put(row, A, Content::Blank, Look::Body)?;
    plan.span(row, B, row, D, Content::Text("评价等级".into()), Look::BodyBold)?;
    for col in [E, F, G, I, J] {
        plan.put(row, col, Content::Blank, Look::Body)?;
    }
    plan.put(row, H, text_content(claimed.grade.as_deref()), Look::BodyCentred)?;
    plan.put(row, K, text_content(Some(&figures.grade)), Look::BodyCentred)?;
    plan.row += 1;
    Ok(())
}

/// Runs of equal groups: (group, first position, last position), for groups that are `Some`.
fn runs(groups: &[Option<usize>]) -> Vec<(usize, u32, u32)> {
    let mut out: Vec<(usize, u32, u32)> = Vec::new();
    for (position, group) in groups.iter().enumerate() {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        match (group, out.last_mut()) {
            (Some(g), Some(last)) if last.0 == *g && last.2 + 1 == position => last.2 = position,
            (Some(g), _) => out.push((*g, position, position)),
            (None, _) => {}
        }
    }
    out
}

/// The form's own rule in 计分规则: a word for a kind without parameters (the words the reader
/// takes back), else the rule as compact JSON in the form format's own words and order.
fn rule_words(rule: &Rule) -> String {
    let word = rule
        .parameters()
        .is_empty()
        .then(|| RULE_WORDS.iter().find(|(_, kind)| *kind == rule.kind.as_str()))
        .flatten();
    match word {
        Some((word, _)) => (*word).to_string(),
        None => crate::report::json::to_json(rule),
    }
}

// ---------------------------------------------------------------------------------------------
// Layout and writing.

/// Column widths: the defaults, widened where a number would not fit (Excel shows `####` for a
/// number wider than its column, where text would wrap), and 计分规则 widened for a rule written
/// as JSON, which would otherwise stand a few characters a line.
fn column_widths(plan: &Plan) -> [f64; 11] {
    let mut widths = WIDTHS;
    for cell in plan.cells.iter().filter(|c| c.col == c.last_col) {
        let needed = match &cell.content {
            Content::Number { value, format } => display::shown(*value, format).chars().count() as f64 + 2.0,
            Content::Formula { cached, format, .. } => display::shown(*cached, format).chars().count() as f64 + 2.0,
            Content::Text(text) if cell.col == J && cell.look != Look::Head => {
                (text_units(text) + 2.0).min(RULE_WIDTH_MAX)
            }
            _ => continue,
        };
        if let Some(width) = widths.get_mut(usize::from(cell.col)) {
            *width = width.max(needed);
        }
    }
    widths
}

/// Width of one line of text in character units: a 汉字 two, anything ASCII one.
fn text_units(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum()
}

/// Lines of wrapped text in a cell `width_px` wide, broken between characters as Excel breaks
/// Chinese text: a 汉字 is two character units, anything ASCII one.
fn wrapped_lines(text: &str, width_px: f64) -> u32 {
    let usable = (width_px - CELL_INSET_PX).max(PX_PER_UNIT * 2.0);
    text.split('\n')
        .map(|line| {
            let mut lines = 1u32;
            let mut used = 0.0;
            for c in line.chars() {
                let px = if c.is_ascii() { PX_PER_UNIT } else { PX_PER_UNIT * 2.0 };
                if used + px > usable {
                    lines = lines.saturating_add(1);
                    used = 0.0;
                }
                used += px;
            }
            lines
        })
        .fold(0u32, u32::saturating_add)
}

/// Lines each row needs for its wrapped text; merged cells over several rows add what they lack
/// to their last row.
fn row_lines(plan: &Plan, widths: &[f64; 11]) -> Vec<u32> {
    let width_px = |first: u16, last: u16| -> f64 {
        (first..=last)
            .filter_map(|c| widths.get(usize::from(c)))
            .map(|w| (w * PX_PER_UNIT + COLUMN_PADDING_PX).floor())
            .sum()
    };
    let mut lines = vec![1u32; usize::try_from(plan.row).unwrap_or(0)];
    let texts = || {
        plan.cells.iter().filter_map(|cell| match (&cell.content, cell.look) {
            (_, Look::Title) => None,
            (Content::Text(text), _) => Some((cell, wrapped_lines(text, width_px(cell.col, cell.last_col)))),
            _ => None,
        })
    };
    for (cell, needed) in texts().filter(|(c, _)| c.row == c.last_row) {
        if let Some(l) = lines.get_mut(cell.row as usize) {
            *l = (*l).max(needed);
        }
    }
    for (cell, needed) in texts().filter(|(c, _)| c.row != c.last_row) {
        let rows = cell.row as usize..=cell.last_row as usize;
        let available: u32 = lines.get(rows).map_or(0, |r| r.iter().sum());
        if let Some(last) = lines.get_mut(cell.last_row as usize) {
            *last += needed.saturating_sub(available);
        }
    }
    lines
}

fn format_for(look: Look, number_format: Option<&str>) -> Format {
    let base = Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_align(FormatAlign::VerticalCenter);
    let bordered = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    let format = match look {
        Look::Title => base
            .set_font_size(TITLE_FONT_SIZE)
            .set_bold()
            .set_align(FormatAlign::Center),
        Look::FieldLabel => base.set_bold().set_text_wrap(),
        Look::FieldValue => base.set_text_wrap().set_align(FormatAlign::Left),
        Look::Head => bordered(base)
            .set_bold()
            .set_background_color(HEADER_FILL)
            .set_align(FormatAlign::Center),
        Look::Body => bordered(base),
        Look::BodyCentred => bordered(base).set_align(FormatAlign::Center),
        Look::BodyRight => bordered(base).set_align(FormatAlign::Right),
        Look::BodyBold => bordered(base).set_bold().set_align(FormatAlign::Center),
    };
    match number_format {
        Some(code) if code != "General" => format.set_num_format(code),
        _ => format,
    }
}

fn write_workbook(plan: &Plan, title: &str, narrative: Option<&str>) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    // fixed dates (the zip entries carry 1980-01-01 too), so the same form gives the same bytes
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_title(title).set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    page_setup(sheet, plan)?;

    let widths = column_widths(plan);
    for (col, width) in (A..=K).zip(widths) {
        sheet.set_column_width(col, width)?;
    }
    for (row, lines) in row_lines(plan, &widths).into_iter().enumerate() {
        let row = u32::try_from(row).map_err(|e| ExportError::Write(e.to_string()))?;
        if row == 0 {
            sheet.set_row_height(row, TITLE_HEIGHT_PT)?;
        } else if lines > 1 {
            sheet.set_row_height(row, lines_height(lines))?;
        }
    }
    for cell in &plan.cells {
        write_cell(sheet, cell)?;
    }
    if let Some(text) = narrative {
        write_narrative(&mut workbook, text)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The 说明 on a sheet of its own ([`NARRATIVE_SHEET`]), a line a row in one wide column, so that
/// it travels with the table and is read back with it (all but its blank lines at the end, which
/// Excel keeps no row for). A line longer than a cell holds goes on in the cells to its right;
/// lines past the rows the reader reads share its last row.
fn write_narrative(workbook: &mut Workbook, text: &str) -> Result<(), ExportError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(NARRATIVE_SHEET)?;
    a4(sheet).set_column_width(0, NARRATIVE_WIDTH)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if lines.len() > MAX_ROWS as usize {
        let rest = lines.split_off(MAX_ROWS as usize - 1).join("\n");
        lines.push(rest);
    }
    for (row, line) in (0u32..).zip(&lines) {
        // pieces of at most a cell's text, cut between characters
        let mut pieces = vec![String::new()];
        let mut units = 0;
        for c in line.chars() {
            if units + c.len_utf16() > MAX_CELL_TEXT {
                pieces.push(String::new());
                units = 0;
            }
            units += c.len_utf16();
            if let Some(p) = pieces.last_mut() {
                p.push(c);
            }
        }
        if pieces.len() > MAX_COLS as usize {
            return Err(ExportError::TextTooLong {
                cell: format!("{NARRATIVE_SHEET}!{}", cell_name(row, 0)),
                chars: line.chars().count(),
            });
        }
        for (col, piece) in (0u16..).zip(pieces.iter().filter(|p| !p.is_empty())) {
            sheet.write_string_with_format(row, col, piece, &wrap)?;
        }
        if let Some(height) = wrapped_height(line, NARRATIVE_WIDTH) {
            sheet.set_row_height(row, height)?;
        }
    }
    Ok(())
}

/// The height in points of a row whose `text` wraps in a column `width` character units wide (as
/// `set_column_width` takes it), up to Excel's tallest row; `None` for one line, which Excel's
/// default height holds. Excel and LibreOffice do not fit a row to wrapped text on opening.
pub fn wrapped_height(text: &str, width: f64) -> Option<f64> {
    let lines = wrapped_lines(text, width * PX_PER_UNIT + COLUMN_PADDING_PX);
    (lines > 1).then(|| lines_height(lines.min(MAX_LINES_A_ROW)))
}

fn lines_height(lines: u32) -> f64 {
    f64::from(lines) * LINE_HEIGHT_PT + ROW_EXTRA_PT
}

/// A4, one page wide, the sheets' margins (the CLI's summary prints so too).
pub fn a4(sheet: &mut Worksheet) -> &mut Worksheet {
    sheet.set_paper_size(PAPER_A4).set_print_fit_to_pages(1, 0).set_margins(
        MARGIN_IN,
        MARGIN_IN,
        MARGIN_IN,
        MARGIN_IN,
        HEADER_FOOTER_MARGIN_IN,
        HEADER_FOOTER_MARGIN_IN,
    )
}

fn page_setup(sheet: &mut Worksheet, plan: &Plan) -> Result<(), ExportError> {
    a4(sheet)
        .set_landscape()
        .set_print_center_horizontally(true)
        .set_footer("&C第 &P 页，共 &N 页");
    if let Some(header) = plan.indicator_header {
        sheet.set_repeat_rows(header, header)?;
    }
    Ok(())
}

fn write_cell(sheet: &mut Worksheet, cell: &Placed) -> Result<(), ExportError> {
    let number_format = match &cell.content {
        Content::Number { format, .. } | Content::Formula { format, .. } => Some(*format),
        _ => None,
    };
    let format = format_for(cell.look, number_format);
    let (row, col) = (cell.row, cell.col);
    if (cell.last_row, cell.last_col) != (row, col) {
        let text = match &cell.content {
            Content::Text(text) => text.as_str(),
            _ => "",
        };
        sheet.merge_range(row, col, cell.last_row, cell.last_col, text, &format)?;
        if matches!(cell.content, Content::Text(_) | Content::Blank) {
            return Ok(());
        }
    }
    match &cell.content {
        Content::Blank => sheet.write_blank(row, col, &format)?,
        Content::Text(text) => sheet.write_string_with_format(row, col, text, &format)?,
        Content::Number { value, .. } => sheet.write_number_with_format(row, col, *value, &format)?,
        Content::Formula { formula, cached, .. } => {
            let formula = Formula::new(formula).set_result(cached.to_string());
            sheet.write_formula_with_format(row, col, formula, &format)?
        }
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::form::EqualOtherwise;

    #[test]
    fn typed_numbers_are_numbers_only_when_they_show_as_typed() {
        assert_eq!(typed_number("9,022.41"), Some((9022.41, "#,##0.00")));
        assert_eq!(typed_number("96.1%"), Some((0.961, "0.0%")));
        assert_eq!(typed_number("100%"), Some((1.0, "0%")));
        assert_eq!(typed_number("4.79"), Some((4.79, "General")));
        assert_eq!(typed_number("1.50"), Some((1.5, "0.00")));
        assert_eq!(typed_number("3,042.3"), Some((3042.3, "#,##0.0")));
        assert_eq!(typed_number("0"), Some((0.0, "General")));
        assert_eq!(typed_number("-5"), Some((-5.0, "General")));
        assert_eq!(typed_number("0.1"), Some((0.1, "General")));
        for text in [
            "≥90%",
            "9022.41万元",
            "96.1％",
            "1,23,456",
            ".5",
            "05",
            "1E2",
            " 5",
            "-",
            "",
            "1.2.3",
            "-0",
            "12345678901234567",
        ] {
            assert_eq!(typed_number(text), None, "{text}");
        }
    }

    #[test]
    fn rules_in_words_or_json() {
        assert_eq!(rule_words(&Rule::of(RuleKind::Levels)), "定性");
        assert_eq!(rule_words(&Rule::of(RuleKind::BudgetExecution)), "预算执行率");
        let per_point = Rule {
            per: Some("1".into()),
            deduct: Some("0.5".into()),
            ..Rule::of(RuleKind::PerPoint)
        };
        assert_eq!(
            rule_words(&per_point),
            r#"{"kind":"perPoint","per":"1","deduct":"0.5"}"#
        );
        let levels = Rule {
            levels: Some(vec![("好".into(), "1".into()), ("差".into(), "0".into())]),
            ..Rule::of(RuleKind::Levels)
        };
        assert_eq!(rule_words(&levels), r#"{"kind":"levels","levels":{"好":"1","差":"0"}}"#);
        let equal = Rule {
            otherwise: Some(EqualOtherwise::Zero),
            ..Rule::of(RuleKind::Equal)
        };
        assert_eq!(rule_words(&equal), r#"{"kind":"equal","otherwise":"zero"}"#);
    }

    #[test]
    fn runs_of_groups() {
        assert_eq!(
            runs(&[Some(1), Some(1), None, Some(4), Some(4), Some(4), Some(9)]),
            vec![(1, 0, 1), (4, 3, 5), (9, 6, 6)]
        );
    }

    #[test]
    fn wrapped_text_lines() {
        assert_eq!(wrapped_lines("编号", 61.0), 1);
        assert_eq!(wrapped_lines("单位名称", 61.0), 1);
        assert_eq!(wrapped_lines("全年实际完成情况", 61.0), 2);
        assert_eq!(wrapped_lines("a\nb", 200.0), 2);
    }
}

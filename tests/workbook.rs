//! Workbooks laid out as units lay out the 自评表 (domain.md §9), written here with
//! rust_xlsxwriter, read back with `office::workbook::read_workbook`, and checked against the form
//! and the report they must give: each layout feature on its own, the bad files a reviewer gets,
//! and a property (a random form laid out in a sheet scores as the same form typed as JSON).
// Native only: proptest and the workbook writer are not built for wasm.
#![cfg(not(target_arch = "wasm32"))]

use jixiao::office::workbook::{read_workbook, WorkbookError};
use jixiao::read::workbook::SheetForm;
use jixiao::{evaluate_json, Lang, Options, Report};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The builder: a sheet as blocks (title, field lines, a budget block, an indicator table), each
// written from a row on, with the layout options units use.
// ---------------------------------------------------------------------------------------------

/// What a cell holds as written.
#[derive(Clone, Debug, PartialEq)]
enum V {
    /// Nothing written.
    Blank,
    /// A text cell (a number typed as text too: `3,042.3`).
    T(String),
    /// A number, General format.
    N(f64),
    /// A number under a number format (`0.0%`, `#,##0.00`).
    F(f64, &'static str),
    /// A formula and its cached result, an error (`#DIV/0!`).
    E(&'static str, &'static str),
}

fn t(s: &str) -> V {
    if s.is_empty() {
        V::Blank
    } else {
        V::T(s.to_string())
    }
}

fn put(ws: &mut Worksheet, r: u32, c: u16, v: &V) {
    match v {
        V::Blank => {}
        V::T(s) => {
            ws.write_string(r, c, s).unwrap();
        }
        V::N(x) => {
            ws.write_number(r, c, *x).unwrap();
        }
        V::F(x, format) => {
            ws.write_number_with_format(r, c, *x, &Format::new().set_num_format(*format))
                .unwrap();
        }
        V::E(formula, result) => {
            ws.write_formula(r, c, Formula::new(*formula).set_result(*result))
                .unwrap();
        }
    }
}

/// A merged range showing `v` (a single cell when the range is one cell). rust_xlsxwriter writes
/// the range with an empty string; any other kind of value then overwrites its first cell.
fn merged(ws: &mut Worksheet, (r1, c1): (u32, u16), (r2, c2): (u32, u16), v: &V) {
    if (r1, c1) != (r2, c2) {
        ws.merge_range(r1, c1, r2, c2, "", &Format::new()).unwrap();
    }
    put(ws, r1, c1, v);
}

/// What an indicator-table column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    L1,
    L2,
    L3,
    Name,
    Weight,
    Target,
    Actual,
    Score,
    Reason,
    /// a label merged down the whole table, header included (`绩效指标`)
    Label,
}

impl Col {
    fn is_name(self) -> bool {
        matches!(self, Col::L1 | Col::L2 | Col::L3 | Col::Name)
    }
}

/// One indicator row: its names from the top level down, then its cells.
#[derive(Clone, Debug)]
struct Ind {
    names: Vec<String>,
    weight: V,
    target: V,
    actual: V,
    score: V,
    reason: V,
}

impl Ind {
    /// The cell of a value column.
    fn cell(&self, col: Col) -> &V {
        match col {
            Col::Weight => &self.weight,
            Col::Target => &self.target,
            Col::Actual => &self.actual,
            Col::Score => &self.score,
            Col::Reason => &self.reason,
            _ => unreachable!("{col:?} holds no value"),
        }
    }
}

/// `ind(["产出指标", "数量指标", "x"], 10, "≥1", "1", 10, "")`, numbers as General numbers.
fn ind(names: &[&str], weight: f64, target: &str, actual: &str, score: f64, reason: &str) -> Ind {
    Ind {
        names: names.iter().map(|s| s.to_string()).collect(),
        weight: V::N(weight),
        target: t(target),
        actual: t(actual),
        score: V::N(score),
        reason: t(reason),
    }
}

/// An indicator table and how it is laid out.
#[derive(Clone, Debug)]
struct Table {
    /// columns from A, with their header words
    cols: Vec<(Col, String)>,
    rows: Vec<Ind>,
    /// `绩效指标` merged over the level columns, the other header words merged down two rows
    two_row_header: bool,
    /// every header word merged down two rows (a header made tall for its wrapped words)
    tall_header: bool,
    /// parents merged down their rows, else written again on every row
    merge_parents: bool,
    /// a parent's merge runs on over the blank rows inside it (a row cleared, its merge kept)
    merge_across_blanks: bool,
    /// an empty row after these rows (by index in `rows`)
    blank_after: Vec<usize>,
    /// these rows hidden
    hidden: Vec<usize>,
    /// the 总分 row: total weight and claimed score
    total: Option<(V, V)>,
    /// the 评价等级 row
    grade: Option<V>,
}

fn mof_columns() -> Vec<(Col, String)> {
    [
        (Col::L1, "一级指标"),
        (Col::L2, "二级指标"),
        (Col::L3, "三级指标"),
        (Col::Weight, "分值"),
        (Col::Target, "年度指标值"),
        (Col::Actual, "实际完成值"),
        (Col::Score, "得分"),
        (Col::Reason, "偏差原因分析及改进措施"),
    ]
    .into_iter()
    .map(|(c, w)| (c, w.to_string()))
    .collect()
}

impl Table {
    fn new(rows: Vec<Ind>) -> Table {
        Table {
            cols: mof_columns(),
            rows,
            two_row_header: false,
            tall_header: false,
            merge_parents: true,
            merge_across_blanks: false,
            blank_after: Vec::new(),
            hidden: Vec::new(),
            total: None,
            grade: None,
        }
    }

    fn col(&self, which: Col) -> u16 {
        self.cols.iter().position(|(c, _)| *c == which).unwrap() as u16
    }

    /// The name columns from the top level down: `names[k]` goes into the k-th.
    fn name_cols(&self) -> Vec<u16> {
        let rank = |c: Col| match c {
            Col::L1 => 1,
            Col::L2 => 2,
            Col::L3 => 3,
            _ => 9,
        };
        let mut cols: Vec<(u8, u16)> = self
            .cols
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| c.is_name())
            .map(|(i, (c, _))| (rank(*c), i as u16))
            .collect();
        cols.sort_unstable();
        cols.into_iter().map(|(_, i)| i).collect()
    }
}

/// Where a table's parts landed.
#[derive(Clone, Debug, Default)]
struct TablePos {
    header: u32,
    /// the sheet row of each of `rows`
    data: Vec<u32>,
    total: Option<u32>,
    grade: Option<u32>,
}

/// Writes the table from row `r0`; returns where its parts are and the row after it.
fn write_table(ws: &mut Worksheet, r0: u32, table: &Table) -> (TablePos, u32) {
    let mut pos = TablePos {
        header: r0,
        ..TablePos::default()
    };
    let name_cols = table.name_cols();
    let mut r = r0;
    if table.two_row_header {
        let (first, last) = (*name_cols.iter().min().unwrap(), *name_cols.iter().max().unwrap());
        merged(ws, (r, first), (r, last), &V::T("绩效指标".into()));
        for (c, (col, word)) in table.cols.iter().enumerate() {
            if *col == Col::Label {
                // merged with the rows below
            } else if col.is_name() {
                put(ws, r + 1, c as u16, &t(word));
            } else {
                merged(ws, (r, c as u16), (r + 1, c as u16), &t(word));
            }
        }
        r += 2;
    } else if table.tall_header {
        for (c, (col, word)) in table.cols.iter().enumerate() {
            if *col != Col::Label {
                merged(ws, (r, c as u16), (r + 1, c as u16), &t(word));
            }
        }
        r += 2;
    } else {
        for (c, (col, word)) in table.cols.iter().enumerate() {
            if *col != Col::Label {
                put(ws, r, c as u16, &t(word));
            }
        }
        r += 1;
    }
    for (i, _) in table.rows.iter().enumerate() {
        pos.data.push(r);
        if table.hidden.contains(&i) {
            ws.set_row_hidden(r).unwrap();
        }
        r += 1;
        if table.blank_after.contains(&i) {
            r += 1;
        }
    }
    if let Some(c) = table.cols.iter().position(|(c, _)| *c == Col::Label) {
        let last = pos.data.last().copied().unwrap_or(r0);
        merged(ws, (r0, c as u16), (last, c as u16), &t(&table.cols[c].1));
    }
    // values, and the deepest name of each row
    for (i, row) in table.rows.iter().enumerate() {
        let sr = pos.data[i];
        for (c, (col, _)) in table.cols.iter().enumerate() {
            if !col.is_name() && *col != Col::Label {
                put(ws, sr, c as u16, row.cell(*col));
            }
        }
    }
    // names: a parent runs down the rows below it with the same names above, unless a blank row
    // breaks the run; merged over the run, or written on each of its rows
    for (k, &c) in name_cols.iter().enumerate() {
        let mut i = 0;
        while i < table.rows.len() {
            let Some(name) = table.rows[i].names.get(k) else {
                i += 1;
                continue;
            };
            let prefix = &table.rows[i].names[..=k];
            let mut j = i;
            let deepest = table.rows[i].names.len() == k + 1;
            while !deepest
                && j + 1 < table.rows.len()
                && (table.merge_across_blanks || pos.data[j + 1] == pos.data[j] + 1)
                && table.rows[j + 1].names.len() > k + 1
                && table.rows[j + 1].names[..=k] == *prefix
            {
                j += 1;
            }
            if table.merge_parents {
                merged(ws, (pos.data[i], c), (pos.data[j], c), &t(name));
            } else {
                for row in &pos.data[i..=j] {
                    put(ws, *row, c, &t(name));
                }
            }
            i = j + 1;
        }
    }
    let (first, last) = (name_cols[0], *name_cols.last().unwrap());
    if let Some((weight, score)) = &table.total {
        pos.total = Some(r);
        merged(ws, (r, first), (r, last), &t("总分"));
        put(ws, r, table.col(Col::Weight), weight);
        put(ws, r, table.col(Col::Score), score);
        r += 1;
    }
    if let Some(grade) = &table.grade {
        pos.grade = Some(r);
        merged(ws, (r, first), (r, last), &t("评价等级"));
        put(ws, r, table.col(Col::Score), grade);
        r += 1;
    }
    (pos, r)
}

/// A project form's budget rows (财预〔2020〕10号 附件): label, then 年初预算数, 全年预算数,
/// 全年执行数, 分值, 执行率, 得分.
type ProjectRow = (&'static str, [V; 6]);

/// A 部门整体 budget row: label (with its group: `按资金来源`), then 全年预算数, 全年执行数, 执行率.
type DeptRow = (&'static str, &'static str, [V; 3]);

/// A part of a sheet.
#[derive(Clone, Debug)]
enum Block {
    /// A title merged over `width` columns.
    Title(&'static str, u16),
    /// One row of cells from column A.
    Line(Vec<V>),
    /// Empty rows.
    Blank(u32),
    /// The project budget: its label (`项目资金（万元）`) merged down the block in column A, row
    /// labels in B, values in C..H.
    ProjectBudget(&'static str, Vec<ProjectRow>),
    /// The 年度部门整体支出规模 table: header label over A:B, values in C..E; a group label
    /// merged down its rows in A; the 未完成原因 row last.
    DeptBudget(&'static str, Vec<DeptRow>, Option<&'static str>),
    Table(Table),
}

/// Where the blocks of a sheet landed.
#[derive(Clone, Debug, Default)]
struct Placed {
    /// the first row of each block
    starts: Vec<u32>,
    tables: Vec<TablePos>,
}

fn write_blocks(ws: &mut Worksheet, blocks: &[Block]) -> Placed {
    let mut placed = Placed::default();
    let mut r = 0;
    for b in blocks {
        placed.starts.push(r);
        match b {
            Block::Title(title, width) => {
                merged(ws, (r, 0), (r, width - 1), &t(title));
                r += 1;
            }
            Block::Line(cells) => {
                for (c, v) in cells.iter().enumerate() {
                    put(ws, r, c as u16, v);
                }
                r += 1;
            }
            Block::Blank(n) => r += n,
            Block::ProjectBudget(label, rows) => {
                let n = rows.len() as u32;
                merged(ws, (r, 0), (r + n, 0), &t(label));
                for (c, word) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
                    .iter()
                    .enumerate()
                {
                    put(ws, r, c as u16 + 2, &t(word));
                }
                for (k, (label, values)) in rows.iter().enumerate() {
                    let row = r + 1 + k as u32;
                    put(ws, row, 1, &t(label));
                    for (c, v) in values.iter().enumerate() {
                        put(ws, row, c as u16 + 2, v);
                    }
                }
                r += n + 1;
            }
            Block::DeptBudget(label, rows, reason) => {
                merged(ws, (r, 0), (r, 1), &t(label));
                for (c, word) in ["全年预算数", "全年执行数", "执行率"].iter().enumerate() {
                    put(ws, r, c as u16 + 2, &t(word));
                }
                let mut k = 0;
                while k < rows.len() {
                    let (group, _, _) = rows[k];
                    // a group's rows run on while they name it; a row of no group stands alone
                    let run = if group.is_empty() {
                        1
                    } else {
                        rows[k..].iter().take_while(|(g, _, _)| *g == group).count()
                    };
                    let top = r + 1 + k as u32;
                    if group.is_empty() {
                        // a row of its own (合计): its label over A:B
                        merged(ws, (top, 0), (top, 1), &t(rows[k].1));
                    } else {
                        merged(ws, (top, 0), (top + run as u32 - 1, 0), &t(group));
                        for (j, (_, label, _)) in rows[k..k + run].iter().enumerate() {
                            put(ws, top + j as u32, 1, &t(label));
                        }
                    }
                    for (j, (_, _, values)) in rows[k..k + run].iter().enumerate() {
                        for (c, v) in values.iter().enumerate() {
                            put(ws, top + j as u32, c as u16 + 2, v);
                        }
                    }
                    k += run;
                }
                r += 1 + rows.len() as u32;
                if let Some(reason) = reason {
                    merged(ws, (r, 0), (r, 1), &t("未完成原因"));
                    merged(ws, (r, 2), (r, 4), &t(reason));
                    r += 1;
                }
            }
            Block::Table(table) => {
                let (pos, next) = write_table(ws, r, table);
                placed.tables.push(pos);
                r = next;
            }
        }
    }
    placed
}

/// A worksheet named `name` holding `blocks`.
fn sheet(name: &str, blocks: &[Block]) -> (Worksheet, Placed) {
    let mut ws = Worksheet::new();
    ws.set_name(name).unwrap();
    let placed = write_blocks(&mut ws, blocks);
    (ws, placed)
}

fn xlsx(sheets: Vec<Worksheet>) -> Vec<u8> {
    let mut book = Workbook::new();
    for ws in sheets {
        book.push_worksheet(ws);
    }
    book.save_to_buffer().unwrap()
}

/// One sheet of blocks, as .xlsx bytes.
fn book(name: &str, blocks: &[Block]) -> (Vec<u8>, Placed) {
    let (ws, placed) = sheet(name, blocks);
    (xlsx(vec![ws]), placed)
}

// ---------------------------------------------------------------------------------------------
// Reading and checking.
// ---------------------------------------------------------------------------------------------

fn read(bytes: &[u8]) -> Vec<SheetForm> {
    read_workbook(bytes).unwrap_or_else(|e| panic!("{}: {}", e.code(), e.message(Lang::ZhCn)))
}

fn read_one(bytes: &[u8]) -> SheetForm {
    let mut forms = read(bytes);
    assert_eq!(
        forms.len(),
        1,
        "{:?}",
        forms.iter().map(|f| &f.json).collect::<Vec<_>>()
    );
    forms.remove(0)
}

fn error_of(bytes: &[u8]) -> WorkbookError {
    match read_workbook(bytes) {
        Ok(forms) => panic!("read: {:?}", forms.iter().map(|f| &f.json).collect::<Vec<_>>()),
        Err(e) => e,
    }
}

fn value(f: &SheetForm) -> Value {
    serde_json::from_str(&f.json).unwrap()
}

fn report(json: &str) -> Report {
    evaluate_json(json, &Options::default()).unwrap_or_else(|e| panic!("{}: {json}", e.message(Lang::ZhCn)))
}

/// (code, path, severity) of every issue, sorted.
fn issues(r: &Report) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = r
        .issues
        .iter()
        .map(|i| (i.code.to_string(), i.path.clone(), i.severity.as_str().to_string()))
        .collect();
    v.sort();
    v
}

/// Two reports say the same: score, grade, budget rate and every issue at the same path.
fn assert_same_outcome(got: &Report, want: &Report) {
    assert_eq!(got.score, want.score, "score");
    assert_eq!(got.grade, want.grade, "grade");
    assert_eq!(got.template, want.template, "template");
    assert_eq!(got.budget.rate, want.budget.rate, "budget rate");
    assert_eq!(issues(got), issues(want), "issues");
}

fn cell<'a>(f: &'a SheetForm, path: &str) -> &'a str {
    f.cell_of(path)
        .unwrap_or_else(|| panic!("no cell for {path}: {:?}", f.cells))
}

// ---------------------------------------------------------------------------------------------
// The MOF project form.
// ---------------------------------------------------------------------------------------------

fn mof_rows() -> Vec<Ind> {
    vec![
        ind(
            &["产出指标", "数量指标", "居家养老上门服务人次"],
            10.0,
            "≥12000人次",
            "12,680人次",
            10.0,
            "",
        ),
        ind(
            &["产出指标", "数量指标", "长者饭堂助餐服务人次"],
            10.0,
            "≥36000人次",
            "34200人次",
            9.5,
            "第三季度一处长者饭堂装修停业两个月。",
        ),
        ind(
            &["产出指标", "质量指标", "服务质量抽检合格率"],
            10.0,
            "≥98%",
            "97.5%",
            9.5,
            "个别服务记录填写不规范。",
        ),
        ind(
            &["产出指标", "时效指标", "服务按时完成"],
            10.0,
            "按时完成",
            "按时完成",
            10.0,
            "",
        ),
        ind(
            &["产出指标", "成本指标", "人均服务成本"],
            10.0,
            "≤100元",
            "91.37元",
            10.0,
            "",
        ),
        ind(
            &["效益指标", "社会效益指标", "受益长者人数"],
            15.0,
            "≥800人",
            "826人",
            15.0,
            "",
        ),
        ind(
            &["效益指标", "可持续影响指标", "服务机制长效运行"],
            15.0,
            "长效运行",
            "基本长效运行",
            12.0,
            "社会力量参与机制尚在建立。",
        ),
        ind(
            &["满意度指标", "服务对象满意度", "服务对象满意度"],
            10.0,
            "≥90%",
            "95%",
            10.0,
            "",
        ),
    ]
}

fn mof_table() -> Table {
    Table {
        total: Some((V::N(100.0), V::N(95.66))),
        grade: Some(t("优")),
        ..Table::new(mof_rows())
    }
}

fn mof_budget() -> Block {
    let dash = || t("—");
    Block::ProjectBudget(
        "项目资金（万元）",
        vec![
            (
                "年度资金总额",
                [
                    V::N(120.0),
                    V::F(120.0, "#,##0.00"),
                    V::F(115.86, "#,##0.00"),
                    V::N(10.0),
                    V::F(0.9655, "0.00%"),
                    V::N(9.66),
                ],
            ),
            (
                "其中：当年财政拨款",
                [
                    V::N(120.0),
                    V::F(120.0, "#,##0.00"),
                    V::F(115.86, "#,##0.00"),
                    dash(),
                    dash(),
                    dash(),
                ],
            ),
            ("上年结转资金", [V::Blank, V::Blank, V::Blank, dash(), dash(), dash()]),
            (
                "其他资金",
                [
                    V::Blank,
                    V::F(0.0, "#,##0.00"),
                    V::F(0.0, "#,##0.00"),
                    dash(),
                    dash(),
                    dash(),
                ],
            ),
        ],
    )
}

/// The project sheet: title, year, fields, budget, a blank row, the table.
fn mof_blocks(table: Table) -> Vec<Block> {
    vec![
        Block::Title("项目支出绩效自评表", 8),
        Block::Line(vec![t("（2024年度）")]),
        Block::Line(vec![t("项目名称"), t("社区居家养老服务")]),
        Block::Line(vec![
            t("主管部门"),
            t("某区民政局（示例）"),
            V::Blank,
            V::Blank,
            t("实施单位"),
            t("某区民政局（示例）"),
        ]),
        mof_budget(),
        Block::Blank(1),
        Block::Table(table),
    ]
}

/// The form the project sheet holds, typed by hand: examples/mof-project-2024.json less what the
/// sheet does not carry (the custom rule of 1.2.1, the reason of row 4, the preparer, the goals,
/// the funding sources and natures a project form does not print), in 万元.
fn mof_expected() -> Value {
    let leaf = |id: &str, name: &str, w: &str, target: &str, actual: &str, score: &str, reason: &str| {
        let mut v = json!({ "id": id, "name": name, "weight": w, "target": target, "actual": actual, "score": score });
        if !reason.is_empty() {
            v["reason"] = json!(reason);
        }
        v
    };
    json!({
        "version": 1,
        "template": "mof-project",
        "unit": { "name": "某区民政局（示例）", "year": "2024" },
        "moneyUnit": "万元",
        "budget": {
            "total": { "planned": "120.00", "executed": "115.86" },
            "bySource": {
                "generalPublic": { "planned": "120.00", "executed": "115.86" },
                "other": { "planned": "0.00", "executed": "0.00" }
            },
            "statedRate": "96.55%"
        },
        "indicators": [
            { "id": "1.1", "children": [
                leaf("1.1.1", "居家养老上门服务人次", "10", "≥12000人次", "12,680人次", "10", ""),
                leaf("1.1.2", "长者饭堂助餐服务人次", "10", "≥36000人次", "34200人次", "9.5",
                     "第三季度一处长者饭堂装修停业两个月。"),
            ] },
            { "id": "1.2", "children": [
                leaf("1.2.1", "服务质量抽检合格率", "10", "≥98%", "97.5%", "9.5", "个别服务记录填写不规范。"),
            ] },
            { "id": "1.3", "children": [leaf("1.3.1", "服务按时完成", "10", "按时完成", "按时完成", "10", "")] },
            { "id": "1.4", "children": [leaf("1.4.1", "人均服务成本", "10", "≤100元", "91.37元", "10", "")] },
            { "id": "2.2", "children": [leaf("2.2.1", "受益长者人数", "15", "≥800人", "826人", "15", "")] },
            { "id": "2.4", "children": [
                leaf("2.4.1", "服务机制长效运行", "15", "长效运行", "基本长效运行", "12", "社会力量参与机制尚在建立。"),
            ] },
            { "id": "3.1", "actual": "95%", "score": "10" },
            { "id": "4", "actual": "96.55%", "score": "9.66" }
        ],
        "claimed": { "score": "95.66", "grade": "优" }
    })
}

#[test]
fn mof_project_form() {
    let (bytes, placed) = book("自评表", &mof_blocks(mof_table()));
    let f = read_one(&bytes);
    assert_eq!(f.sheets, ["自评表"]);
    let form = value(&f);
    assert_eq!(form, mof_expected(), "{}", f.json);
    let got = report(&f.json);
    assert_same_outcome(&got, &report(&mof_expected().to_string()));
    assert_eq!(got.template.as_deref(), Some("mof-project"));
    assert_eq!(got.budget.rate.as_deref(), Some("96.55"));
    // the unit's claimed 9.5 for 1.2.1 was scored by its custom rule; read as proportional it is
    // 9.95, which the report says
    assert_eq!(got.score, "96.11");
    assert_eq!(got.grade, "优");
    assert!(
        issues(&got).iter().any(|(_, p, _)| p == "indicators.1.2.1.score"),
        "{:?}",
        issues(&got)
    );

    // every value has the cell it came from
    let budget_top = placed.starts[4];
    let table = &placed.tables[0];
    let row = |r: u32| r + 1;
    assert_eq!(cell(&f, "unit.year"), "自评表!A2");
    assert_eq!(cell(&f, "unit.name"), "自评表!B4");
    assert_eq!(
        cell(&f, "budget.total.executed"),
        format!("自评表!E{}", row(budget_top + 1))
    );
    assert_eq!(
        cell(&f, "budget.statedRate"),
        format!("自评表!G{}", row(budget_top + 1))
    );
    assert_eq!(
        cell(&f, "indicators.4.score"),
        format!("自评表!H{}", row(budget_top + 1))
    );
    assert_eq!(
        cell(&f, "indicators.1.1.2.actual"),
        format!("自评表!F{}", row(table.data[1]))
    );
    assert_eq!(
        cell(&f, "indicators.1.1.2.reason"),
        format!("自评表!H{}", row(table.data[1]))
    );
    assert_eq!(
        cell(&f, "indicators.3.1.score"),
        format!("自评表!G{}", row(table.data[7]))
    );
    assert_eq!(
        cell(&f, "claimed.score"),
        format!("自评表!G{}", row(table.total.unwrap()))
    );
    assert_eq!(
        cell(&f, "claimed.grade"),
        format!("自评表!G{}", row(table.grade.unwrap()))
    );
}

// ---------------------------------------------------------------------------------------------
// The 部门整体 form of the seed (examples/shiweitang-2024.json).
// ---------------------------------------------------------------------------------------------

fn seed_rows() -> Vec<Ind> {
    let pct = |x: f64| V::F(x, "0.0%");
    let mut rows = vec![
        ind(
            &["履职效能", "产出指标", "人大建议、政协提案按时答复率（示意）"],
            5.0,
            "=100%",
            "100%",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "产出指标", "12345热线工单按时完成率（示意）"],
            5.0,
            "≥95%",
            "90.96%",
            4.79,
            "受理6337件，按时完成5764件（5764÷6337=90.96%），说明中所写100%有误。",
        ),
        ind(
            &["履职效能", "产出指标", "“民生微实事”完成数（示意）"],
            5.0,
            "≥100件",
            "93件",
            4.65,
            "部分项目因居民意见未统一顺延至下年度。",
        ),
        ind(
            &["履职效能", "产出指标", "固定资产投资完成额（示意）"],
            5.0,
            "≥0.6亿元",
            "1.35亿元",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "产出指标", "消防安全隐患整改率（示意）"],
            5.0,
            "≥100%",
            "92.8%",
            4.64,
            "部分隐患涉及产权纠纷，整改跨年度进行。",
        ),
        ind(
            &["履职效能", "效益指标", "新增“四上”企业数（示意）"],
            5.0,
            "≥20家",
            "20家",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "效益指标", "信访维稳线索办结率（示意）"],
            5.0,
            "100%",
            "100%",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "效益指标", "行政诉讼败诉案件数（示意）"],
            5.0,
            "≤0件",
            "0件",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "效益指标", "生产安全事故起数（示意）"],
            5.0,
            "明显下降",
            "明显下降",
            5.0,
            "",
        ),
        ind(
            &["履职效能", "效益指标", "服务对象满意度（示意）"],
            5.0,
            "≥90%",
            "95%",
            5.0,
            "",
        ),
        ind(
            &["管理效率", "预算编制与执行", "预算执行率"],
            12.0,
            "100%",
            "",
            11.53,
            "部分项目前期论证不够充分，预算执行中存在小幅调整。",
        ),
        ind(&["管理效率", "预算编制与执行", "预算调整率"], 8.0, "0%", "0%", 8.0, ""),
        ind(
            &["管理效率", "信息公开", "预决算信息公开"],
            3.0,
            "按规定公开",
            "按规定公开",
            3.0,
            "",
        ),
        ind(
            &["管理效率", "信息公开", "绩效信息公开"],
            2.0,
            "按规定公开",
            "按规定公开",
            2.0,
            "",
        ),
        ind(
            &["管理效率", "绩效管理", "绩效目标管理"],
            5.0,
            "",
            "良",
            4.0,
            "部分效益指标偏重定性描述，量化程度不足。",
        ),
        ind(
            &["管理效率", "绩效管理", "绩效监控与评价"],
            5.0,
            "",
            "良",
            4.0,
            "绩效评价结果与下年度预算安排的挂钩机制尚不健全。",
        ),
        ind(
            &["管理效率", "采购与资产管理", "政府采购规范性"],
            5.0,
            "",
            "优",
            5.0,
            "",
        ),
        ind(
            &["管理效率", "采购与资产管理", "资产管理规范性"],
            5.0,
            "",
            "优",
            5.0,
            "",
        ),
        ind(&["管理效率", "运行成本", "“三公”经费控制率"], 5.0, "≤100%", "", 5.0, ""),
    ];
    // the rates the unit computed in Excel: numbers under a percent format
    rows[10].actual = pct(0.961);
    rows[18].actual = pct(0.935);
    rows
}

fn seed_budget() -> Block {
    let money = |x: f64| V::F(x, "#,##0.00");
    Block::DeptBudget(
        "年度部门整体支出规模（万元）",
        vec![
            ("", "合计", [money(9022.41), money(8670.53), V::F(0.961, "0.0%")]),
            ("按资金来源", "一般公共预算财政拨款", [t("—"), money(7110.54), t("—")]),
            ("按资金来源", "政府性基金预算财政拨款", [t("—"), money(1559.98), t("—")]),
            ("按资金来源", "国有资本经营预算财政拨款", [t("—"), money(0.0), t("—")]),
            ("按资金来源", "其他资金", [t("—"), money(0.0), t("—")]),
            // typed as text, as the published form has it
            ("按支出性质", "基本支出", [t("—"), t("3,042.3"), t("—")]),
            ("按支出性质", "项目支出", [t("—"), money(5670.53), t("—")]),
        ],
        Some("部分项目前期论证不够充分，预算执行中存在小幅调整。"),
    )
}

fn seed_table() -> Table {
    Table {
        total: Some((V::N(100.0), V::N(96.61))),
        grade: Some(t("优")),
        ..Table::new(seed_rows())
    }
}

fn seed_blocks(table: Table) -> Vec<Block> {
    vec![
        Block::Title("2024年度部门整体支出绩效自评表", 8),
        Block::Line(vec![
            t("单位名称（盖章）：广州市荔湾区人民政府石围塘街道办事处"),
            V::Blank,
            V::Blank,
            V::Blank,
            V::Blank,
            V::Blank,
            t("单位：万元"),
        ]),
        Block::Line(vec![
            t("年度整体绩效目标"),
            t("保障基本运转；推动区域发展；增进民生福祉；维护安全稳定；提升城市品质。"),
        ]),
        Block::Line(vec![
            t("整体绩效目标完成情况"),
            t("各项重点工作任务均按时保质完成（见自评表说明）。"),
        ]),
        seed_budget(),
        Block::Blank(1),
        Block::Table(table),
    ]
}

/// The seed less its 说明, which a workbook does not carry.
fn seed_without_narrative() -> Value {
    let mut seed: Value = serde_json::from_str(include_str!("../examples/shiweitang-2024.json")).unwrap();
    seed.as_object_mut().unwrap().remove("narrative");
    seed
}

#[test]
fn seed_department_form() {
    let (bytes, placed) = book("自评表", &seed_blocks(seed_table()));
    let f = read_one(&bytes);
    let form = value(&f);
    assert_eq!(form["template"], "gd-dept-overall", "{}", f.json);
    assert_eq!(form["moneyUnit"], "万元");
    assert_eq!(form["unit"]["name"], "广州市荔湾区人民政府石围塘街道办事处");
    assert_eq!(form["unit"]["year"], "2024");
    // the header's labels are the form's own (docs/form-format.md §2)
    assert_eq!(form["goals"], seed_without_narrative()["goals"]);
    // what the cells show: the numbers under their formats, the text as typed
    assert_eq!(
        form["budget"]["total"],
        json!({ "planned": "9,022.41", "executed": "8,670.53" })
    );
    assert_eq!(form["budget"]["statedRate"], "96.1%");
    assert_eq!(form["budget"]["byNature"]["basic"], json!({ "executed": "3,042.3" }));
    assert_eq!(
        form["budget"]["bySource"]["stateCapital"],
        json!({ "executed": "0.00" })
    );
    assert_eq!(
        form["budget"]["reason"],
        "部分项目前期论证不够充分，预算执行中存在小幅调整。"
    );

    let got = report(&f.json);
    assert_eq!(got.score, "96.61");
    assert_eq!(got.grade, "优");
    assert_eq!(got.budget.rate.as_deref(), Some("96.10"));
    let codes: Vec<&str> = got.issues.iter().map(|i| i.code).collect();
    assert!(codes.contains(&"budget.sourceSumRounding"), "{codes:?}");
    assert!(codes.contains(&"budget.natureSumMismatch"), "{codes:?}");
    // the same outcome as the seed typed as JSON
    assert_same_outcome(&got, &report(&seed_without_narrative().to_string()));

    // the by-nature finding names the executed cells of 基本支出 and 项目支出
    let mismatch = got
        .issues
        .iter()
        .find(|i| i.code == "budget.natureSumMismatch")
        .unwrap();
    let top = placed.starts[4];
    let (basic, project) = (top + 6, top + 7);
    assert_eq!(
        cell(&f, &mismatch.path),
        format!("自评表!D{}:D{}", basic + 1, project + 1)
    );
    let rounding = got
        .issues
        .iter()
        .find(|i| i.code == "budget.sourceSumRounding")
        .unwrap();
    assert_eq!(cell(&f, &rounding.path), format!("自评表!D{}:D{}", top + 3, top + 6));
    assert_eq!(cell(&f, "budget.statedRate"), format!("自评表!E{}", top + 2));
}

// ---------------------------------------------------------------------------------------------
// Layout features, each against the plain layout of the same form.
// ---------------------------------------------------------------------------------------------

/// The project form read from `table` laid out in the project sheet.
fn mof_with(table: Table) -> (SheetForm, Placed) {
    let (bytes, placed) = book("自评表", &mof_blocks(table));
    (read_one(&bytes), placed)
}

#[test]
fn two_row_header() {
    let (plain, plain_at) = mof_with(mof_table());
    let (two, two_at) = mof_with(Table {
        two_row_header: true,
        ..mof_table()
    });
    assert_eq!(value(&two), value(&plain), "{}", two.json);
    assert_same_outcome(&report(&two.json), &report(&plain.json));
    // the rows start one line lower, and the cells say so
    let (p, q) = (&plain_at.tables[0], &two_at.tables[0]);
    assert_eq!(q.data[0], p.data[0] + 1);
    assert_eq!(
        cell(&two, "indicators.1.1.1.weight"),
        format!("自评表!D{}", q.data[0] + 1)
    );
    assert_eq!(
        cell(&two, "indicators.2.4.1.reason"),
        format!("自评表!H{}", q.data[6] + 1)
    );
    assert_eq!(cell(&two, "claimed.score"), format!("自评表!G{}", q.total.unwrap() + 1));

    // `绩效指标` over 一级指标 / 二级指标 / 指标名称
    let mut cols = mof_columns();
    cols[2] = (Col::Name, "指标名称".into());
    let (named, _) = mof_with(Table {
        cols: cols.clone(),
        two_row_header: true,
        ..mof_table()
    });
    assert_eq!(value(&named), value(&plain), "{}", named.json);

    // every word merged down two rows, 指标名称 among them
    for cols in [mof_columns(), cols] {
        let (tall, _) = mof_with(Table {
            cols,
            tall_header: true,
            ..mof_table()
        });
        assert_eq!(value(&tall), value(&plain), "{}", tall.json);
    }
}

#[test]
fn a_label_column_merged_down_the_table() {
    let (plain, plain_at) = mof_with(mof_table());
    let mut cols = mof_columns();
    cols.insert(0, (Col::Label, "绩效指标".into()));
    for two_row_header in [false, true] {
        let (labelled, at) = mof_with(Table {
            cols: cols.clone(),
            two_row_header,
            ..mof_table()
        });
        // the label names no level: the form is the plain one, its cells one column right
        assert_eq!(
            value(&labelled),
            value(&plain),
            "two rows: {two_row_header}: {}",
            labelled.json
        );
        let (r, p) = (at.tables[0].data[1] + 1, plain_at.tables[0].data[1] + 1);
        assert_eq!(cell(&plain, "indicators.1.1.2.actual"), format!("自评表!F{p}"));
        assert_eq!(cell(&labelled, "indicators.1.1.2.actual"), format!("自评表!G{r}"));
    }
}

#[test]
fn merged_parents_and_repeated_parents_read_alike() {
    let (merged_form, _) = mof_with(mof_table());
    let (repeated, _) = mof_with(Table {
        merge_parents: false,
        ..mof_table()
    });
    assert_eq!(value(&repeated), value(&merged_form), "{}", repeated.json);
    assert_same_outcome(&report(&repeated.json), &report(&merged_form.json));
    // and the seed, whose template has three levels of its own
    let read_seed = |table: Table| read_one(&book("自评表", &seed_blocks(table)).0);
    let a = read_seed(seed_table());
    let b = read_seed(Table {
        merge_parents: false,
        ..seed_table()
    });
    assert_eq!(value(&a), value(&b));
    // a name cell is the cell that shows it: the merged range's first cell, or its own
    assert_eq!(cell(&a, "indicators.1.1.2.name"), cell(&b, "indicators.1.1.2.name"));
}

/// `满意度` under `满意度指标` is a level of its own, not its parent written again: the row keeps
/// its figures (the template has no such row, so the sheet's own tree is the form's).
#[test]
fn a_level_named_like_its_parent_without_指标_is_read() {
    for merge_parents in [true, false] {
        let mut rows = mof_rows();
        let last = rows.len() - 1;
        rows[last] = ind(&["满意度指标", "满意度", "满意度"], 10.0, "≥90%", "95%", 10.0, "");
        let (f, at) = mof_with(Table {
            merge_parents,
            ..Table::new(rows)
        });
        let line = at.tables[0].data[last] + 1;
        let form = value(&f);
        assert_eq!(form.get("template"), None, "{}", f.json);
        let satisfaction = &form["indicators"][2];
        assert_eq!(satisfaction["name"], "满意度指标", "{}", f.json);
        assert_eq!(satisfaction["children"][0]["name"], "满意度", "{}", f.json);
        assert_eq!(satisfaction["children"][0]["actual"], "95%", "{}", f.json);
        assert_eq!(cell(&f, "indicators.3.1.actual"), format!("自评表!F{line}"));
        let r = report(&f.json);
        let leaf = r.leaves.iter().find(|l| l.id == "3.1").expect("the satisfaction leaf");
        assert_eq!(leaf.score, "10.00");
        assert!(
            r.issues.iter().all(|i| !i.path.starts_with("indicators.3")),
            "{:?}",
            issues(&r)
        );
        assert!(f.notes.is_empty(), "{:?}", f.notes);
    }
}

#[test]
fn columns_in_another_order_and_other_header_words() {
    let cols = [
        (Col::L1, "一级指标"),
        (Col::L2, "二级指标"),
        (Col::Name, "指标名称"),
        (Col::Target, "目标值"),
        (Col::Score, "自评得分"),
        (Col::Actual, "全年实际值"),
        (Col::Weight, "权重"),
        (Col::Reason, "未完成原因"),
    ];
    let table = Table {
        cols: cols.iter().map(|(c, w)| (*c, w.to_string())).collect(),
        ..mof_table()
    };
    let (plain, _) = mof_with(mof_table());
    let (moved, at) = mof_with(table);
    assert_eq!(value(&moved), value(&plain), "{}", moved.json);
    assert_same_outcome(&report(&moved.json), &report(&plain.json));
    let r = at.tables[0].data[1] + 1;
    assert_eq!(cell(&moved, "indicators.1.1.2.score"), format!("自评表!E{r}"));
    assert_eq!(cell(&moved, "indicators.1.1.2.actual"), format!("自评表!F{r}"));
    assert_eq!(cell(&moved, "indicators.1.1.2.weight"), format!("自评表!G{r}"));
    assert_eq!(cell(&moved, "indicators.1.1.2.name"), format!("自评表!C{r}"));
    // the total's 得分 is in the moved column too
    assert_eq!(
        cell(&moved, "claimed.score"),
        format!("自评表!E{}", at.tables[0].total.unwrap() + 1)
    );
}

#[test]
fn numbers_read_as_their_cells_show_them() {
    let mut rows = mof_rows();
    // 满意度 95% typed as 0.95 under `0%`; a rate 0.961 under `0.00%` shows 96.10%
    rows[7].actual = V::F(0.95, "0%");
    rows[2].actual = V::F(0.961, "0.00%");
    rows[2].target = t("≥98%");
    // a weight and a score typed as text, a score under `0.00`
    rows[0].weight = t("10");
    rows[1].score = V::F(9.5, "0.00");
    // a total Excel summed in binary floats: 95.66000000000001 stored, 95.66 shown
    let sum = 95.66_f64 + 1e-14;
    assert_eq!(sum.to_string(), "95.66000000000001");
    let table = Table {
        total: Some((V::N(100.0), V::N(sum))),
        ..Table::new(rows)
    };
    let money = |x: f64| V::F(x, "#,##0.00");
    let budget = Block::ProjectBudget(
        "项目资金（元）",
        vec![
            (
                "年度资金总额",
                [
                    V::N(1_200_000.0),
                    money(1_200_000.0),
                    // typed as text, grouped
                    t("1,158,600.00"),
                    V::N(10.0),
                    V::F(0.9655, "0.00%"),
                    // =G6*F6: 9.655000000000001 stored
                    V::F(0.9655 * 10.0, "0.00"),
                ],
            ),
            (
                "其中：当年财政拨款",
                [V::Blank, money(1_200_000.0), t("1158600"), t("—"), t("—"), t("—")],
            ),
        ],
    );
    let mut blocks = mof_blocks(table);
    blocks[4] = budget;
    let (bytes, _) = book("自评表", &blocks);
    let f = read_one(&bytes);
    let form = value(&f);
    let leaf = |id: &str| -> Value {
        let mut found = Value::Null;
        for group in form["indicators"].as_array().unwrap() {
            for c in group["children"].as_array().into_iter().flatten() {
                if c["id"] == id {
                    found = c.clone();
                }
            }
            if group["id"] == id {
                found = group.clone();
            }
        }
        found
    };
    assert_eq!(form["moneyUnit"], "元");
    assert_eq!(
        form["budget"]["total"],
        json!({ "planned": "1,200,000.00", "executed": "1,158,600.00" })
    );
    assert_eq!(form["budget"]["bySource"]["generalPublic"]["executed"], "1158600");
    assert_eq!(form["budget"]["statedRate"], "96.55%");
    assert_eq!(leaf("3.1")["actual"], "95%");
    assert_eq!(leaf("1.2.1")["actual"], "96.10%");
    assert_eq!(leaf("1.1.1")["weight"], "10");
    assert_eq!(leaf("1.1.2")["score"], "9.50");
    // 9.655000000000001 under 0.00 shows 9.66, as Excel shows it
    assert_eq!(leaf("4")["score"], "9.66");
    assert_eq!(form["claimed"]["score"], "95.66");
    let r = report(&f.json);
    assert_eq!(r.budget.rate.as_deref(), Some("96.55"));
    assert_eq!(r.claimed.score.as_deref(), Some("95.66"));
    // 96.10% against ≥98%: proportional, 10 × 96.1 / 98 = 9.81
    let l = r.leaves.iter().find(|l| l.id == "1.2.1").unwrap();
    assert_eq!(l.score, "9.81");
}

#[test]
fn blank_rows_and_a_hidden_row() {
    let (plain, _) = mof_with(mof_table());
    let mut blocks = mof_blocks(Table {
        blank_after: vec![1, 4, 7],
        hidden: vec![2],
        ..mof_table()
    });
    // blank rows between the title and the fields, and two between the budget and the table
    blocks.insert(1, Block::Blank(1));
    blocks[6] = Block::Blank(2);
    let (bytes, at) = book("自评表", &blocks);
    let f = read_one(&bytes);
    assert_eq!(value(&f), value(&plain), "{}", f.json);
    assert_same_outcome(&report(&f.json), &report(&plain.json));
    // A hidden row is read like a visible one: 1.2.1 (hidden) is in the form, with its cell. That
    // is what Excel's own SUM does, and the weights only add up to 100 with it; a reviewer who
    // prints the sheet does not see the row, so a note names it.
    let hidden = at.tables[0].data[2] + 1;
    assert_eq!(cell(&f, "indicators.1.2.1.actual"), format!("自评表!F{hidden}"));
    let codes: Vec<(&str, &str)> = f.notes.iter().map(|n| (n.code, n.zh.as_str())).collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(codes[0].0, "workbook.hiddenRow");
    assert!(codes[0].1.contains(&format!("第 {hidden} 行")), "{codes:?}");

    // a row cleared inside a parent's merge: the merge runs over it, and it adds nothing
    let (bytes, _) = book(
        "自评表",
        &mof_blocks(Table {
            blank_after: vec![0, 2],
            merge_across_blanks: true,
            ..mof_table()
        }),
    );
    let g = read_one(&bytes);
    assert_eq!(value(&g), value(&plain), "{}", g.json);
}

#[test]
fn two_forms_in_one_workbook() {
    let (project, _) = sheet("项目", &mof_blocks(mof_table()));
    let (dept, _) = sheet("部门整体", &seed_blocks(seed_table()));
    // a hidden sheet (an old copy) is not read
    let (mut old, _) = sheet("旧表", &seed_blocks(seed_table()));
    old.set_hidden(true);
    let forms = read(&xlsx(vec![project, old, dept]));
    assert_eq!(forms.len(), 2);
    assert_eq!(forms[0].sheets, ["项目"]);
    assert_eq!(forms[1].sheets, ["部门整体"]);
    assert_eq!(value(&forms[0]), mof_expected());
    assert_eq!(value(&forms[1])["template"], "gd-dept-overall");
    assert_eq!(report(&forms[1].json).score, "96.61");
    assert!(cell(&forms[0], "claimed.score").starts_with("项目!"));
    assert!(cell(&forms[1], "claimed.score").starts_with("部门整体!"));
    assert!(forms.iter().all(|f| f.cells.iter().all(|(_, c)| !c.contains("旧表"))));
}

#[test]
fn two_forms_on_one_sheet() {
    let (whole, _) = book("自评表", &seed_blocks(seed_table()));
    let alone = read_one(&whole);
    // the first form ends at its 评价等级, or at the notes under it
    for notes in [false, true] {
        let mut blocks = mof_blocks(mof_table());
        if notes {
            blocks.push(Block::Line(vec![t("填表说明：1. 本表金额单位为万元。")]));
        }
        blocks.push(Block::Blank(2));
        let second = blocks.len();
        blocks.extend(seed_blocks(seed_table()));
        let (bytes, at) = book("自评表", &blocks);
        let forms = read(&bytes);
        assert_eq!(forms.len(), 2);
        assert_eq!(value(&forms[0]), mof_expected(), "{}", forms[0].json);
        // the second form keeps its own title, fields and budget
        assert_eq!(value(&forms[1]), value(&alone), "{}", forms[1].json);
        assert_same_outcome(&report(&forms[1].json), &report(&alone.json));
        let budget = at.starts[second + 4];
        assert_eq!(cell(&forms[1], "budget.statedRate"), format!("自评表!E{}", budget + 2));
    }
}

#[test]
fn fields_under_the_table() {
    let mut blocks = mof_blocks(mof_table());
    blocks.push(Block::Line(vec![t("填表说明：1. 本表金额单位为万元。")]));
    blocks.push(Block::Line(vec![t("2. 偏差原因须逐项填写。")]));
    blocks.push(Block::Line(vec![
        t("填表人："),
        t("张三"),
        V::Blank,
        t("联系电话："),
        t("020-00000000"),
        V::Blank,
        t("填报日期："),
        t("2025-03-15"),
    ]));
    let (bytes, at) = book("自评表", &blocks);
    let f = read_one(&bytes);
    let form = value(&f);
    assert_eq!(
        form["unit"],
        json!({ "name": "某区民政局（示例）", "year": "2024", "preparer": "张三", "phone": "020-00000000", "date": "2025-03-15" })
    );
    let foot = at.starts[9] + 1;
    assert_eq!(cell(&f, "unit.phone"), format!("自评表!E{foot}"));
    // and the rest as without them
    let mut want = mof_expected();
    want["unit"] = form["unit"].clone();
    assert_eq!(form, want);
}

#[test]
fn budget_and_indicators_on_separate_sheets() {
    let (one_sheet, _) = book("自评表", &seed_blocks(seed_table()));
    let whole = read_one(&one_sheet);
    let blocks = seed_blocks(seed_table());
    // the title, fields and budget on the first sheet; the table alone on the second
    let (budget, budget_at) = sheet("预算", &blocks[..5]);
    let (table, _) = sheet("指标", &blocks[6..]);
    let f = read_one(&xlsx(vec![budget, table]));
    assert_eq!(f.sheets, ["指标", "预算"]);
    assert_eq!(value(&f), value(&whole), "{}", f.json);
    assert_same_outcome(&report(&f.json), &report(&whole.json));
    assert_eq!(f.notes.len(), 1);
    assert_eq!(f.notes[0].code, "workbook.budgetFromSheet");
    let top = budget_at.starts[4];
    assert_eq!(
        cell(&f, "budget.byNature.executed"),
        format!("预算!D{}:D{}", top + 7, top + 8)
    );
    assert!(cell(&f, "claimed.score").starts_with("指标!"));
}

#[test]
fn mof_goals_block() {
    // 财预〔2020〕10号 附件: 年度总体目标 merged down two rows, 预期目标 and 实际完成情况 as
    // column words over their texts
    let (mut ws, _) = sheet("自评表", &[Block::Blank(2), Block::Table(mof_table())]);
    ws.merge_range(0, 0, 1, 0, "年度总体目标", &Format::new()).unwrap();
    ws.merge_range(0, 1, 0, 3, "预期目标", &Format::new()).unwrap();
    ws.merge_range(0, 4, 0, 7, "实际完成情况", &Format::new()).unwrap();
    ws.merge_range(1, 1, 1, 3, "为辖区长者提供上门服务和助餐服务。", &Format::new())
        .unwrap();
    ws.merge_range(1, 4, 1, 7, "基本完成年度目标。", &Format::new())
        .unwrap();
    let f = read_one(&xlsx(vec![ws]));
    let form = value(&f);
    assert_eq!(
        form["goals"],
        json!({ "target": "为辖区长者提供上门服务和助餐服务。", "completion": "基本完成年度目标。" })
    );
    assert_eq!(cell(&f, "goals.target"), "自评表!B2");
    assert_eq!(cell(&f, "goals.completion"), "自评表!E2");
}

// ---------------------------------------------------------------------------------------------
// Not a 自评表.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_sheet_of_names_and_phones_is_not_a_form() {
    let rows = [
        ["姓名", "部门", "电话"],
        ["张三", "财务科", "020-12345678"],
        ["李四", "办公室", "13800000000"],
    ];
    let blocks: Vec<Block> = rows
        .iter()
        .map(|r| Block::Line(r.iter().map(|s| t(s)).collect()))
        .collect();
    let (names, _) = sheet("通讯录", &blocks);
    let (blank, _) = sheet("Sheet2", &[]);
    let e = error_of(&xlsx(vec![names, blank]));
    assert_eq!(e.code(), "workbook.notRecognised");
    let zh = e.message(Lang::ZhCn);
    // what it looked for, and what each sheet holds
    for word in ["一级指标", "三级指标", "指标名称", "分值", "权重", "实际完成值", "得分"] {
        assert!(zh.contains(word), "{word}: {zh}");
    }
    for found in ["通讯录", "「姓名」", "「电话」", "「张三」", "Sheet2（空白）"] {
        assert!(zh.contains(found), "{found}: {zh}");
    }
    assert!(zh.starts_with("未找到自评表"), "{zh}");
    let en = e.message(Lang::En);
    assert!(
        en.starts_with("No 自评表 found") && en.contains("Sheet2 (blank)"),
        "{en}"
    );

    // a budget block alone is no form either: there is nothing to score
    let (bytes, _) = book(
        "预算",
        &[Block::Title("2024年度部门整体支出绩效自评表", 5), seed_budget()],
    );
    assert_eq!(error_of(&bytes).code(), "workbook.notRecognised");
}

// ---------------------------------------------------------------------------------------------
// Bad files: each refused with its own code, quickly, without a panic.
// ---------------------------------------------------------------------------------------------

/// A zip entry as it will be written: its bytes as stored (deflated or not), the CRC and the
/// size it declares once unpacked.
struct Entry {
    name: String,
    deflated: bool,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

fn stored(name: &str, data: Vec<u8>) -> Entry {
    Entry {
        name: name.to_string(),
        deflated: false,
        crc: crc32(&data),
        size: data.len() as u32,
        data,
    }
}

/// The entries of a zip, unpacked, to be written again with some changed.
fn unzip(bytes: &[u8]) -> Vec<Entry> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            stored(&name, data)
        })
        .collect()
}

/// A zip written by hand, so that an entry can declare any size.
fn zip_of(entries: &[Entry]) -> Vec<u8> {
    let le16 = |n: usize| u16::try_from(n).unwrap().to_le_bytes();
    let le32 = |n: usize| u32::try_from(n).unwrap().to_le_bytes();
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len();
        // version 2.0, no flags, stored or deflated, 1980-01-01 00:00
        let method: u8 = if e.deflated { 8 } else { 0 };
        let common = [
            &[20, 0, 0, 0, method, 0, 0, 0, 0x21, 0][..],
            &e.crc.to_le_bytes(),
            &le32(e.data.len()),
            &e.size.to_le_bytes(),
            &le16(e.name.len()),
            &[0, 0],
        ]
        .concat();
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&common);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        // made by 2.0; no comment, disk or attributes
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        central.extend_from_slice(&common);
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&le32(offset));
        central.extend_from_slice(e.name.as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&le16(entries.len()));
    out.extend_from_slice(&le16(entries.len()));
    out.extend_from_slice(&le32(central.len()));
    out.extend_from_slice(&le32(at));
    out.extend_from_slice(&[0, 0]);
    out
}

/// `start`, then `mib` MiB of spaces, as one raw deflate stream of about 1 KB per MiB: one MiB
/// deflated once with a sync flush, so that copies of it follow each other as valid blocks.
fn deflated_spaces(start: &[u8], mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let deflate = |bytes: &[u8]| {
        let mut out = Vec::with_capacity(bytes.len() / 100 + 1024);
        let mut c = Compress::new(Compression::best(), false);
        c.compress_vec(bytes, &mut out, FlushCompress::Sync).unwrap();
        assert_eq!(c.total_in(), bytes.len() as u64);
        out
    };
    let mib_of_spaces = deflate(&[b' '; 1 << 20]);
    let mut stream = deflate(start);
    (0..mib).for_each(|_| stream.extend_from_slice(&mib_of_spaces));
    // the last block: empty, fixed codes, final
    stream.extend_from_slice(&[0x03, 0x00]);
    stream
}

fn mof_xlsx() -> Vec<u8> {
    book("自评表", &mof_blocks(mof_table())).0
}

#[test]
fn bytes_that_are_not_a_workbook() {
    for bytes in [
        &b""[..],
        b"%PDF-1.7\n",
        b"{\"version\": 1}",
        "项目支出绩效自评表,分值,得分".as_bytes(),
        b"PK",
    ] {
        let e = error_of(bytes);
        assert_eq!(e.code(), "workbook.notAWorkbook", "{bytes:?}");
        assert!(e.message(Lang::ZhCn).contains(".xlsx"));
    }
}

#[test]
fn a_damaged_workbook() {
    let whole = mof_xlsx();
    for cut in [whole.len() / 2, whole.len() - 10, 30] {
        let e = error_of(&whole[..cut]);
        assert_eq!(e.code(), "workbook.damaged", "cut at {cut}");
        assert!(
            e.message(Lang::ZhCn).starts_with("工作簿已损坏"),
            "{}",
            e.message(Lang::ZhCn)
        );
    }
    // a zip of anything is no workbook it can read
    let e = error_of(&zip_of(&[stored("readme.txt", b"hello".to_vec())]));
    assert_eq!(e.code(), "workbook.damaged");
    assert!(
        e.message(Lang::ZhCn).contains("请重新下载"),
        "{}",
        e.message(Lang::ZhCn)
    );
    // a Word document renamed .xlsx is no workbook at all
    let e = error_of(&zip_of(&[stored("word/document.xml", b"<w:document/>".to_vec())]));
    assert_eq!(e.code(), "workbook.notAWorkbook");
    // the sheet's XML cut short inside the zip
    let mut entries = unzip(&whole);
    let sheet = entries
        .iter_mut()
        .find(|e| e.name == "xl/worksheets/sheet1.xml")
        .unwrap();
    let cut: Vec<u8> = sheet.data[..sheet.data.len() / 2].to_vec();
    *sheet = stored("xl/worksheets/sheet1.xml", cut);
    assert_eq!(error_of(&zip_of(&entries)).code(), "workbook.damaged");
}

#[test]
fn a_zip_written_by_hand_reads_like_the_original() {
    let f = read_one(&zip_of(&unzip(&mof_xlsx())));
    assert_eq!(value(&f), mof_expected());
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory() {
    let mut entries = unzip(&mof_xlsx());
    let bomb = deflated_spaces(b"", 100);
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    entries.push(Entry {
        name: "xl/media/image1.png".into(),
        deflated: true,
        data: bomb,
        // refused before a byte is inflated, so the CRC is never checked
        crc: 0,
        size: 100 << 20,
    });
    let started = std::time::Instant::now();
    let e = error_of(&zip_of(&entries));
    assert_eq!(e.code(), "workbook.tooLarge", "{}", e.message(Lang::En));
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(e.message(Lang::ZhCn).contains("67108864"), "{}", e.message(Lang::ZhCn));
}

#[test]
fn a_zip_bomb_that_lies_about_its_size() {
    // the sheet inflates to 200 MiB but declares the size of the real sheet: past the directory
    // check, so what bounds it is the zip reader stopping at the declared size
    let mut entries = unzip(&mof_xlsx());
    let sheet = entries
        .iter_mut()
        .find(|e| e.name == "xl/worksheets/sheet1.xml")
        .unwrap();
    let start = &sheet.data[..sheet.data.len() / 2];
    let bomb = deflated_spaces(start, 200);
    *sheet = Entry {
        name: sheet.name.clone(),
        deflated: true,
        crc: sheet.crc,
        size: sheet.size,
        data: bomb,
    };
    let started = std::time::Instant::now();
    let e = error_of(&zip_of(&entries));
    // the zip reader stops one byte past the declared size, a few KB in
    assert_eq!(e.code(), "workbook.damaged", "{}", e.message(Lang::En));
    assert!(
        e.message(Lang::En).contains("larger than its declared"),
        "{}",
        e.message(Lang::En)
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn a_value_far_down_or_far_right() {
    let (mut ws, _) = sheet("自评表", &mof_blocks(mof_table()));
    ws.write_string(999_999, 0, "x").unwrap();
    let e = error_of(&xlsx(vec![ws]));
    assert_eq!(e.code(), "workbook.sheetTooLarge");
    let zh = e.message(Lang::ZhCn);
    assert!(zh.contains("自评表!A1000000") && zh.contains("5000"), "{zh}");

    let (mut ws, _) = sheet("自评表", &mof_blocks(mof_table()));
    ws.write_number(3, 16_000, 1.0).unwrap();
    let e = error_of(&xlsx(vec![ws]));
    assert_eq!(e.code(), "workbook.sheetTooLarge");
    assert!(e.message(Lang::En).contains("自评表!WQK4"), "{}", e.message(Lang::En));

    // a merge that runs to the last row and column holds no value out there: read, and quickly
    // (written into the XML: rust_xlsxwriter would write every cell of the range)
    let bytes = with_sheet_xml(&mof_xlsx(), |xml| {
        xml.replace("</mergeCells>", r#"<mergeCell ref="A41:XFD1048576"/></mergeCells>"#)
    });
    let started = std::time::Instant::now();
    let f = read_one(&bytes);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(value(&f), mof_expected());
}

/// The workbook with its first sheet's XML changed by `edit`.
fn with_sheet_xml(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut entries = unzip(bytes);
    let sheet = entries
        .iter_mut()
        .find(|e| e.name == "xl/worksheets/sheet1.xml")
        .unwrap();
    let xml = edit(std::str::from_utf8(&sheet.data).unwrap());
    assert_ne!(xml.as_bytes(), sheet.data.as_slice(), "the edit changed nothing");
    *sheet = stored(&sheet.name.clone(), xml.into_bytes());
    zip_of(&entries)
}

#[test]
fn formula_errors_reach_the_form_as_text_with_a_finding_on_their_cell() {
    let mut rows = mof_rows();
    rows[1].actual = V::E("=34200/0", "#DIV/0!");
    rows[2].score = V::E("=#REF!*10", "#REF!");
    let table = Table {
        total: Some((V::N(100.0), V::E("=SUM(G12:G19)", "#REF!"))),
        ..mof_table()
    };
    let table = Table { rows, ..table };
    let mut blocks = mof_blocks(table);
    let Block::ProjectBudget(_, budget_rows) = &mut blocks[4] else {
        unreachable!()
    };
    budget_rows[0].1[4] = V::E("=E6/D6", "#DIV/0!");
    let (bytes, at) = book("自评表", &blocks);
    let f = read_one(&bytes);
    let form = value(&f);
    assert_eq!(form["indicators"][0]["children"][1]["actual"], "#DIV/0!");
    assert_eq!(form["indicators"][1]["children"][0]["score"], "#REF!");
    assert_eq!(form["claimed"]["score"], "#REF!");
    assert_eq!(form["budget"]["statedRate"], "#DIV/0!");
    let r = report(&f.json);
    let at_path = |path: &str| -> Vec<&str> { r.issues.iter().filter(|i| i.path == path).map(|i| i.code).collect() };
    let rows = &at.tables[0].data;
    // each finding names the cell showing the error
    let actual = at_path("indicators.1.1.2.actual");
    assert!(actual.contains(&"indicators.unreadableActual"), "{actual:?}");
    assert_eq!(cell(&f, "indicators.1.1.2.actual"), format!("自评表!F{}", rows[1] + 1));
    let score = at_path("indicators.1.2.1.score");
    assert!(score.contains(&"input.unreadableNumber"), "{score:?}");
    assert_eq!(cell(&f, "indicators.1.2.1.score"), format!("自评表!G{}", rows[2] + 1));
    assert!(!at_path("claimed.score").is_empty(), "{:?}", issues(&r));
    assert!(!at_path("budget.statedRate").is_empty(), "{:?}", issues(&r));
    assert_eq!(cell(&f, "budget.statedRate"), format!("自评表!G{}", at.starts[4] + 2));
    // the rest of the form is scored
    assert_eq!(r.budget.rate.as_deref(), Some("96.55"));
    assert_eq!(r.leaves.len(), 9);
}

#[test]
fn merged_cells_over_the_header() {
    // the title merged down over the header: the sheet shows the title where the header words
    // are (they stay in the file under the merge), so no table is found, and the message quotes
    // what the sheet shows
    let (mut ws, _) = sheet("自评表", &[Block::Blank(1), Block::Table(mof_table())]);
    ws.merge_range(0, 0, 1, 7, "项目支出绩效自评表", &Format::new())
        .unwrap();
    for (c, (_, word)) in mof_columns().iter().enumerate() {
        ws.write_string(1, c as u16, word).unwrap();
    }
    let e = error_of(&xlsx(vec![ws]));
    assert_eq!(e.code(), "workbook.notRecognised");
    assert!(
        e.message(Lang::ZhCn).contains("「项目支出绩效自评表」"),
        "{}",
        e.message(Lang::ZhCn)
    );

    // 得分 merged over the reason column's header: that column has no header word, so no reason
    // is read and the rows scored below their weight get a finding for it
    let (mut ws, at) = sheet("自评表", &mof_blocks(mof_table()));
    let header = at.tables[0].header;
    ws.merge_range(header, 6, header, 7, "得分", &Format::new()).unwrap();
    let f = read_one(&xlsx(vec![ws]));
    let form = value(&f);
    assert!(!f.json.contains("reason"), "{}", f.json);
    assert_eq!(form["indicators"][0]["children"][1]["score"], "9.5");
    let r = report(&f.json);
    let missing: Vec<String> = r
        .issues
        .iter()
        .filter(|i| i.code == "indicators.missingReason")
        .map(|i| i.path.clone())
        .collect();
    assert!(missing.iter().any(|p| p.starts_with("indicators.1.1.2")), "{missing:?}");

    // merges that overlap each other, the parents' merges and the header (Excel refuses them;
    // other writers do not): a cell shows the first range that covers it, here the blank row
    // above the header for A and D, so 一级指标 and 分值 are gone and no table is found
    let header_row = header + 1;
    let bytes = with_sheet_xml(&mof_xlsx(), |xml| {
        xml.replace(
            "</mergeCells>",
            &format!(
                r#"<mergeCell ref="B{h}:C{n}"/><mergeCell ref="A{m}:D{h}"/></mergeCells>"#,
                h = header_row,
                n = header_row + 2,
                m = header_row - 1
            ),
        )
    });
    let e = error_of(&bytes);
    assert_eq!(e.code(), "workbook.notRecognised");
    // the message quotes the damaged header row, not the title
    assert!(
        e.message(Lang::ZhCn).contains("自评表: 「二级指标」"),
        "{}",
        e.message(Lang::ZhCn)
    );
}

/// Writes the workbook the committed fixtures were made from (`cargo test --test workbook
/// write_fixture_sources -- --ignored` writes target/tmp/seed.xlsx), for the LibreOffice steps
/// in the comments of `xls_reads_like_xlsx` and `a_workbook_with_a_password`.
#[test]
#[ignore = "writes the source of tests/workbook/*.xls; run by hand"]
fn write_fixture_sources() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (bytes, _) = book("自评表", &seed_blocks(seed_table()));
    std::fs::write(dir.join("seed.xlsx"), bytes).unwrap();
    println!("{}", dir.join("seed.xlsx").display());
}

// ---------------------------------------------------------------------------------------------
// .xls, and workbooks with a password.
// ---------------------------------------------------------------------------------------------

/// tests/workbook/seed.xls is the seed workbook of `seed_department_form` (written by
/// `write_fixture_sources`) converted once by LibreOffice 7.4:
/// `soffice --headless --convert-to xls --outdir tests/workbook target/tmp/seed.xlsx`.
/// It keeps every text, merge and cell, so the form has the same values in the same cells; what
/// differs is how numbers show: calamine reads an .xls's number formats only far enough to tell
/// dates, so numbers come through as General. `9,022.41` reads `9022.41` (the same amount) and a
/// rate under `0.0%` reads `0.961`, which the engine takes as a fraction for the stated 执行率; an
/// indicator's actual beside a target in percent is read as the percentage it showed, with a note
/// each: the report is the .xlsx's.
#[test]
fn xls_reads_like_xlsx() {
    let x = read_one(include_bytes!("workbook/seed.xls"));
    let (bytes, _) = book("自评表", &seed_blocks(seed_table()));
    let f = read_one(&bytes);
    assert_eq!(x.sheets, f.sheets);
    assert_eq!(x.cells, f.cells);
    let mut want = value(&f);
    for (path, general) in [
        ("/budget/total/planned", "9022.41"),
        ("/budget/total/executed", "8670.53"),
        ("/budget/statedRate", "0.961"),
        ("/budget/bySource/generalPublic/executed", "7110.54"),
        ("/budget/bySource/governmentFund/executed", "1559.98"),
        ("/budget/bySource/stateCapital/executed", "0"),
        ("/budget/bySource/other/executed", "0"),
        ("/budget/byNature/project/executed", "5670.53"),
    ] {
        *want.pointer_mut(path).unwrap_or_else(|| panic!("{path}")) = json!(general);
    }
    assert_eq!(want["indicators"][10]["id"], "2.5.1");
    // typed as text, so the same in both
    assert_eq!(want["budget"]["byNature"]["basic"]["executed"], "3,042.3");
    assert_eq!(value(&x), want, "{}", x.json);

    let (rx, rf) = (report(&x.json), report(&f.json));
    assert_eq!(rx.score, "96.61");
    assert_eq!(rx.score, rf.score);
    assert_eq!(rx.grade, rf.grade);
    assert_eq!(rx.budget.rate, rf.budget.rate);
    assert_eq!(issues(&rx), issues(&rf));
    let notes: Vec<(&str, &str)> = x.notes.iter().map(|n| (n.code, n.cell.as_str())).collect();
    let fractions: Vec<&str> = notes
        .iter()
        .filter(|(code, _)| *code == "workbook.fractionAsPercent")
        .map(|(_, cell)| *cell)
        .collect();
    // the actuals of 预算执行率 and “三公”经费控制率 (the other rates are typed as text)
    assert_eq!(fractions, ["自评表!F26", "自评表!F34"], "{notes:?}");
    assert!(f.notes.iter().all(|n| n.code != "workbook.fractionAsPercent"));
}

/// tests/workbook/encrypted.xls is the same workbook saved by LibreOffice 7.4 as .xls with the
/// password `x`: a Basic macro in the user profile loads target/tmp/seed.xlsx and calls
/// `storeToURL` with `FilterName` `MS Excel 97` and `Password` `x`, run as
/// `soffice --headless 'macro:///Standard.Module1.Encrypt("…/seed.xlsx","…/encrypted.xls")'`.
/// (`--convert-to 'xlsx:…:{"EncryptionPassword":…}'` and `Password` with the xlsx filter both
/// write an unencrypted .xlsx in 7.4, so no encrypted .xlsx could be made here.) An encrypted
/// .xlsx is an OLE file holding the streams EncryptionInfo and EncryptedPackage, which the reader
/// knows by the first name, before parsing anything: `ole_with` makes such a file's directory.
#[test]
fn a_workbook_with_a_password() {
    let e = error_of(include_bytes!("workbook/encrypted.xls"));
    assert_eq!(e.code(), "workbook.encrypted");
    assert!(e.message(Lang::ZhCn).contains("密码"), "{}", e.message(Lang::ZhCn));

    let e = error_of(&ole_with(&["Root Entry", "EncryptionInfo", "EncryptedPackage"]));
    assert_eq!(e.code(), "workbook.encrypted");
    // an OLE file that is no workbook (a .doc renamed)
    let e = error_of(&ole_with(&["Root Entry", "WordDocument"]));
    assert_eq!(e.code(), "workbook.damaged");
}

/// The start of an OLE compound file: its signature, then directory entries naming `streams`
/// (UTF-16LE names in 128-byte entries). Not a whole compound file; enough to be taken for one.
fn ole_with(streams: &[&str]) -> Vec<u8> {
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    for name in streams {
        let mut entry = [0u8; 128];
        let utf16: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[64..66].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
        out.extend_from_slice(&entry);
    }
    out.resize(1536, 0);
    out
}

// ---------------------------------------------------------------------------------------------
// The property: a random form of the sheet's own tree, laid out in a sheet any way the builder
// can, reads back to the form typed as JSON, and scores the same.
// ---------------------------------------------------------------------------------------------

mod property {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::{select, subsequence};

    /// Targets and actuals people type (the actual as text, or as a number under `0%`).
    const PAIRS: [(&str, &str); 9] = [
        ("≥90%", "95%"),
        ("≥90%", "85%"),
        ("≤100元", "120元"),
        ("≤100元", "80元"),
        ("按时完成", "按时完成"),
        ("=100%", "100%"),
        ("≥12000人次", "11,000人次"),
        ("有效", "有效"),
        ("", ""),
    ];
    const STEMS: [&str; 8] = ["基础", "服务", "建设", "管护", "培训", "宣传", "巡查", "保障"];

    #[derive(Clone, Debug)]
    struct Leaf {
        /// index path from the top: [group, leaf] or [group, subgroup, leaf]
        path: Vec<usize>,
        weight: u32,
        pair: (&'static str, &'static str),
        /// the claimed score, as typed
        score: Option<String>,
        reason: bool,
    }

    #[derive(Clone, Debug)]
    struct Gen {
        depth: usize,
        /// a name for every node on the way to each leaf, by its index path
        stems: Vec<&'static str>,
        leaves: Vec<Leaf>,
        claimed: (Option<&'static str>, Option<&'static str>),
    }

    /// How the sheet is laid out.
    #[derive(Clone, Debug)]
    struct Look {
        merge_parents: bool,
        /// 0 one line, 1 `绩效指标` over the levels, 2 every word merged down two lines
        header: u8,
        name_column: bool,
        label_column: bool,
        /// the value columns, in order
        order: Vec<Col>,
        other_words: bool,
        blank_after: Vec<usize>,
        numbers_as_text: bool,
        percents_as_numbers: bool,
    }

    fn shape() -> impl Strategy<Value = (usize, Vec<Vec<usize>>)> {
        prop_oneof![
            // two levels: groups of 1 to 4 leaves
            prop::collection::vec(1usize..=4, 1..=4).prop_map(|g| (2, g.into_iter().map(|n| vec![n]).collect())),
            // three levels: groups of subgroups of 1 to 3 leaves
            prop::collection::vec(prop::collection::vec(1usize..=3, 1..=3), 1..=3).prop_map(|g| (3, g)),
        ]
    }

    fn gen() -> impl Strategy<Value = Gen> {
        shape()
            .prop_flat_map(|(depth, groups)| {
                let mut paths = Vec::new();
                for (i, subs) in groups.iter().enumerate() {
                    for (j, &n) in subs.iter().enumerate() {
                        for k in 0..n {
                            paths.push(if depth == 2 { vec![i, k] } else { vec![i, j, k] });
                        }
                    }
                }
                let n = paths.len();
                (
                    Just(depth),
                    Just(paths),
                    prop::collection::vec(1u32..=10, n),
                    prop::collection::vec(select(PAIRS.to_vec()), n),
                    prop::collection::vec(0u8..=4, n),
                    prop::collection::vec(any::<bool>(), n),
                    prop::collection::vec(select(STEMS.to_vec()), 40),
                    (
                        prop::option::of(select(vec!["100", "95.5", "88", "61.25", "59.99"])),
                        prop::option::of(select(vec!["优", "良", "中", "差"])),
                    ),
                )
            })
            .prop_map(|(depth, paths, shares, pairs, scores, reasons, stems, claimed)| {
                // integer weights adding up to 100, in proportion to the shares
                let total: u32 = shares.iter().sum();
                let mut weights: Vec<u32> = shares.iter().map(|s| s * 100 / total).collect();
                let short = 100 - weights.iter().sum::<u32>();
                for w in weights.iter_mut().take(short as usize) {
                    *w += 1;
                }
                let mut extra = short as usize;
                while extra > weights.len() {
                    weights[0] += 1;
                    extra -= 1;
                }
                let leaves = paths
                    .into_iter()
                    .enumerate()
                    .map(|(i, path)| {
                        let w = weights[i];
                        let score = match scores[i] {
                            0 => None,
                            1 => Some(w.to_string()),
                            2 => Some("0".to_string()),
                            3 if w >= 1 => Some(format!("{}.5", w - 1)),
                            _ => Some(format!("{w}.00")),
                        };
                        Leaf {
                            path,
                            weight: w,
                            pair: pairs[i],
                            score,
                            reason: reasons[i],
                        }
                    })
                    .collect();
                Gen {
                    depth,
                    stems,
                    leaves,
                    claimed,
                }
            })
    }

    fn look() -> impl Strategy<Value = Look> {
        (
            any::<bool>(),
            0u8..=2,
            any::<bool>(),
            any::<bool>(),
            Just(vec![Col::Weight, Col::Target, Col::Actual, Col::Score, Col::Reason]).prop_shuffle(),
            any::<bool>(),
            subsequence((0..12).collect::<Vec<usize>>(), 0..=3),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(merge_parents, header, name_column, label_column, order, other_words, blank_after, text, pct)| Look {
                    merge_parents,
                    header,
                    name_column,
                    label_column,
                    order,
                    other_words,
                    blank_after,
                    numbers_as_text: text,
                    percents_as_numbers: pct,
                },
            )
    }

    impl Gen {
        /// The names on the way to leaf `l`: a stem and the index path, so that no two nodes share one.
        fn names(&self, l: &Leaf) -> Vec<String> {
            (1..=l.path.len())
                .map(|k| {
                    let p = &l.path[..k];
                    let key: String = p.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join("-");
                    let stem = self.stems[(p.iter().sum::<usize>() * 7 + k * 3) % self.stems.len()];
                    format!("{stem}{key}")
                })
                .collect()
        }

        fn json(&self) -> Value {
            // nodes in the order the sheet lists them, ids as the reader gives them
            fn node(g: &Gen, prefix: &[usize]) -> Vec<Value> {
                let depth = prefix.len();
                let mut kids: Vec<usize> = g
                    .leaves
                    .iter()
                    .filter(|l| l.path.starts_with(prefix))
                    .map(|l| l.path[depth])
                    .collect();
                kids.dedup();
                kids.into_iter()
                    .map(|k| {
                        let path: Vec<usize> = prefix.iter().copied().chain([k]).collect();
                        let id: String = path.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(".");
                        let leaf = g.leaves.iter().find(|l| l.path == path);
                        let any = g.leaves.iter().find(|l| l.path.starts_with(&path)).unwrap();
                        let name = g.names(any)[depth].clone();
                        let mut v = json!({ "id": id, "name": name });
                        match leaf {
                            Some(l) => {
                                v["weight"] = json!(l.weight.to_string());
                                if !l.pair.0.is_empty() {
                                    v["target"] = json!(l.pair.0);
                                }
                                if !l.pair.1.is_empty() {
                                    v["actual"] = json!(l.pair.1);
                                }
                                if let Some(s) = &l.score {
                                    v["score"] = json!(s);
                                }
                                if l.reason {
                                    v["reason"] = json!("进度滞后，下年度补足。");
                                }
                            }
                            None => v["children"] = json!(node(g, &path)),
                        }
                        v
                    })
                    .collect()
            }
            let mut form = json!({ "version": 1, "indicators": node(self, &[]) });
            let mut claimed = serde_json::Map::new();
            if let Some(s) = self.claimed.0 {
                claimed.insert("score".into(), json!(s));
            }
            if let Some(g) = self.claimed.1 {
                claimed.insert("grade".into(), json!(g));
            }
            if !claimed.is_empty() {
                form["claimed"] = Value::Object(claimed);
            }
            form
        }

        fn table(&self, look: &Look) -> Table {
            let word = |plain: &str, other: &str| if look.other_words { other } else { plain }.to_string();
            let mut cols: Vec<(Col, String)> = Vec::new();
            if look.label_column {
                cols.push((Col::Label, "绩效指标".into()));
            }
            cols.push((Col::L1, "一级指标".into()));
            if self.depth == 3 {
                cols.push((Col::L2, "二级指标".into()));
            }
            let last = if self.depth == 3 {
                (Col::L3, "三级指标")
            } else {
                (Col::L2, "二级指标")
            };
            cols.push(if look.name_column {
                (Col::Name, "指标名称".into())
            } else {
                (last.0, last.1.into())
            });
            for c in &look.order {
                let w = match c {
                    Col::Weight => word("分值", "权重"),
                    Col::Target => word("年度指标值", "目标值"),
                    Col::Actual => word("实际完成值", "全年实际值"),
                    Col::Score => word("得分", "自评得分"),
                    _ => word("偏差原因分析及改进措施", "未完成原因"),
                };
                cols.push((*c, w));
            }
            let number = |text: &str| -> V {
                match text.parse::<f64>() {
                    Ok(x) if !look.numbers_as_text => V::N(x),
                    _ => t(text),
                }
            };
            let rows = self
                .leaves
                .iter()
                .map(|l| {
                    let actual = match l.pair.1.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()) {
                        Some(p) if look.percents_as_numbers => V::F(p / 100.0, "0%"),
                        _ => t(l.pair.1),
                    };
                    Ind {
                        names: self.names(l),
                        weight: number(&l.weight.to_string()),
                        target: t(l.pair.0),
                        actual,
                        // `9.00` typed as a number would show `9`: such scores are typed as text
                        score: l
                            .score
                            .as_deref()
                            .map_or(V::Blank, |s| if s.ends_with(".00") { t(s) } else { number(s) }),
                        reason: if l.reason {
                            t("进度滞后，下年度补足。")
                        } else {
                            V::Blank
                        },
                    }
                })
                .collect();
            Table {
                cols,
                rows,
                two_row_header: look.header == 1,
                tall_header: look.header == 2,
                merge_parents: look.merge_parents,
                merge_across_blanks: false,
                blank_after: look.blank_after.clone(),
                hidden: Vec::new(),
                total: self.claimed.0.map(|s| (V::N(100.0), number(s))),
                grade: self.claimed.1.map(t),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A form laid out in a sheet reads back to itself and scores as the form typed as JSON.
        #[test]
        fn a_sheet_reads_back_to_its_form(g in gen(), look in look()) {
            let want = g.json();
            let (bytes, _) = book("自评表", &[Block::Table(g.table(&look))]);
            let forms = read_workbook(&bytes).map_err(|e| TestCaseError::fail(e.message(Lang::En)))?;
            prop_assert_eq!(forms.len(), 1);
            let got = value(&forms[0]);
            prop_assert_eq!(&got, &want);
            let (a, b) = (report(&forms[0].json), report(&want.to_string()));
            prop_assert_eq!(&a.score, &b.score);
            prop_assert_eq!(&a.grade, &b.grade);
            prop_assert_eq!(issues(&a), issues(&b));
        }
    }
}

/// A workbook written by a script (openpyxl, a portal's export) holds formulas and no values until
/// Excel or WPS opens and saves it. calamine reads such a cell as blank: the 自评得分 `=SUM(…)` would
/// vanish with no finding. It reads as its formula, which the engine reports in that cell.
#[test]
fn a_formula_saved_without_its_value_is_an_error_in_its_cell_not_a_blank() {
    // no `<v>`, or an empty one as openpyxl writes it
    for saved in ["", "<v></v>"] {
        formula_without_value(saved);
    }
}

fn formula_without_value(saved: &str) {
    let (bytes, _) = book("自评表", &seed_blocks(seed_table()));
    let plain = read_one(&bytes);
    let at = cell(&plain, "claimed.score").trim_start_matches("自评表!").to_string();
    let mut entries = unzip(&bytes);
    let sheet = entries
        .iter_mut()
        .find(|e| e.name == "xl/worksheets/sheet1.xml")
        .unwrap();
    let xml = String::from_utf8(sheet.data.clone()).unwrap();
    let start = xml.find(&format!("<c r=\"{at}\"")).unwrap();
    let end = start + xml[start..].find("</c>").unwrap() + "</c>".len();
    let open = &xml[start..start + xml[start..].find('>').unwrap() + 1];
    // the cell's value replaced by a formula, as a script writes it
    let with_formula = format!("{}{open}<f>SUM(H19:H37)</f>{saved}</c>{}", &xml[..start], &xml[end..]);
    *sheet = stored(&sheet.name.clone(), with_formula.into_bytes());
    let f = read_one(&zip_of(&entries));
    assert_eq!(value(&f)["claimed"]["score"], "=SUM(H19:H37)");
    let r = report(&f.json);
    let unreadable = r
        .issues
        .iter()
        .find(|i| i.path == "claimed.score")
        .unwrap_or_else(|| panic!("{:?}", issues(&r)));
    assert_eq!(unreadable.severity, jixiao::Severity::Error);
    assert_eq!(cell(&f, &unreadable.path), cell(&plain, "claimed.score"));
    // and a note says why, and what to do: save the file in Excel or WPS, not correct the form
    let note = f
        .notes
        .iter()
        .find(|n| n.code == "workbook.formulaWithoutValue")
        .unwrap_or_else(|| panic!("{:?}", f.notes));
    assert_eq!(note.cell, cell(&plain, "claimed.score"));
    assert_eq!(
        note.zh,
        format!("工作表「自评表」有 1 个公式单元格没有保存计算结果（{at}），读到的是公式本身：文件多由程序生成、未经 Excel 或 WPS 保存。请用 Excel 或 WPS 打开并保存后再检查")
    );
    assert!(
        note.en.starts_with(&format!(
            "1 formula cell of sheet \"自评表\" was saved without a result ({at}) and is read"
        )),
        "{}",
        note.en
    );
    assert!(
        plain.notes.iter().all(|n| n.code != "workbook.formulaWithoutValue"),
        "{:?}",
        plain.notes
    );
}

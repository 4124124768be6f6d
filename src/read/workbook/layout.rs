//! Where the parts of a 自评表 are on a sheet, found by their header words: the indicator table,
//! the budget block, the header fields above them and the 总分 / 评价等级 rows below.

use super::grid::{squeeze, Grid};

/// What an indicator-table column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Id,
    Level(u8),
    Name,
    Weight,
    Target,
    Actual,
    Score,
    Reason,
    Rule,
}

/// The role a header word gives its column. Order matters: `偏差原因分析及改进措施` names no
/// indicator, `年度指标值` is a target and not a name, `核算得分` is jixiao's own column.
pub fn role_of(word: &str) -> Option<Role> {
    let has = |w: &str| word.contains(w);
    if word.is_empty() || has("核算") {
        None
    } else if has("编号") || word == "序号" {
        Some(Role::Id)
    } else if has("原因") || has("改进措施") {
        Some(Role::Reason)
    } else if has("一级") {
        Some(Role::Level(1))
    } else if has("二级") {
        Some(Role::Level(2))
    } else if has("三级") {
        Some(Role::Level(3))
    } else if has("计分规则") || has("评分规则") || has("计分方法") || has("评分方法") {
        Some(Role::Rule)
    } else if has("分值") || has("权重") || word == "标准分" {
        Some(Role::Weight)
    } else if has("指标值") || has("目标值") || has("预期目标") || has("预期值") {
        Some(Role::Target)
    } else if has("实际") || has("完成值") {
        Some(Role::Actual)
    } else if has("得分") {
        Some(Role::Score)
    } else if has("指标名称") || word == "指标" || word == "绩效指标" {
        Some(Role::Name)
    } else {
        None
    }
}

/// An indicator table's header: which column holds what, and where its rows begin.
#[derive(Debug)]
pub struct TableHeader {
    pub row: u32,
    pub first_data_row: u32,
    pub columns: Vec<(u32, Role)>,
    /// A column whose role a column left of it has already (two 实际完成值), and that column: not
    /// read, and said in a note.
    pub repeated: Vec<(u32, u32)>,
}

impl TableHeader {
    pub fn column(&self, role: Role) -> Option<u32> {
        self.columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }

    /// The name columns from the top level down (一级, 二级, 三级, then 指标名称).
    pub fn name_columns(&self) -> Vec<u32> {
        // a handful of columns, taken level by level: no sort for the module to carry
        let level = |r: &Role| match r {
            Role::Level(l) => Some(*l),
            Role::Name => Some(9),
            _ => None,
        };
        (0..=9)
            .flat_map(|l| {
                self.columns
                    .iter()
                    .filter(move |(_, r)| level(r) == Some(l))
                    .map(|(c, _)| *c)
            })
            .collect()
    }
}

fn roles_of_row(grid: &Grid<'_>, r: u32) -> Vec<(u32, Role)> {
    let mut seen: Vec<(u32, Role)> = Vec::new();
    for c in 0..grid.cols {
        if let Some(role) = role_of(&grid.word(r, c)) {
            // a header merged over several columns names the first; `绩效指标` over 一级/二级/三级
            // is the exception the second header row resolves
            if c > 0 && grid.anchor(r, c) == grid.anchor(r, c - 1) && role != Role::Name {
                continue;
            }
            seen.push((c, role));
        }
    }
    seen
}

fn is_table_header(columns: &[(u32, Role)]) -> bool {
    let any = |f: &dyn Fn(Role) -> bool| columns.iter().any(|(_, r)| f(*r));
    any(&|r| matches!(r, Role::Level(_) | Role::Name))
        && any(&|r| r == Role::Weight)
        && any(&|r| matches!(r, Role::Actual | Role::Score))
}

/// Every indicator table header on the sheet, from the top (header rows may span two lines:
/// `绩效指标` merged above 一级指标 / 二级指标 / 三级指标).
pub fn table_headers(grid: &Grid<'_>) -> Vec<TableHeader> {
    let mut out = Vec::new();
    let mut r = 0;
    while r < grid.rows {
        let first = roles_of_row(grid, r);
        let second = if r + 1 < grid.rows {
            roles_of_row(grid, r + 1)
        } else {
            Vec::new()
        };
        // the second line counts when it names columns the first does not settle; a line that
        // names nothing (a blank line above a one-line header) begins no header
        let two_lines = !first.is_empty()
            && second.len() >= 2
            && second
                .iter()
                .any(|(c, role)| first.iter().all(|(fc, fr)| fc != c || fr != role));
        // or the header's words are merged down two lines: the second shows them again
        let tall = !first.is_empty() && first.iter().all(|(c, _)| grid.anchor(r + 1, *c) == grid.anchor(r, *c));
        let two_lines = two_lines || tall;
        let mut columns = first.clone();
        if two_lines {
            // kept in column order, as each row's roles are
            for (c, role) in &second {
                columns.retain(|(fc, _)| fc != c);
                let at = columns.partition_point(|(fc, _)| fc < c);
                columns.insert(at, (*c, *role));
            }
        }
        let first_data_row = if two_lines { r + 2 } else { r + 1 };
        // a label merged from the header down into the rows (`绩效指标` down a column of its own)
        // names no indicator
        columns.retain(|(c, role)| {
            *role != Role::Name || grid.anchor(first_data_row, *c) != grid.anchor(first_data_row - 1, *c)
        });
        // the same role twice: the first column keeps it
        let mut unique: Vec<(u32, Role)> = Vec::new();
        let mut repeated = Vec::new();
        for (c, role) in columns {
            match unique.iter().find(|(_, r)| *r == role) {
                None => unique.push((c, role)),
                Some(&(kept, _)) => repeated.push((c, kept)),
            }
        }
        if is_table_header(&unique) {
            out.push(TableHeader {
                row: r,
                first_data_row,
                columns: unique,
                repeated,
            });
            r = first_data_row;
        } else {
            r += 1;
        }
    }
    out
}

/// A budget block's header: the columns of 全年预算数, 全年执行数, 执行率 and (on project forms)
/// 分值 and 得分, and the label columns left of them.
#[derive(Debug)]
pub struct BudgetHeader {
    pub row: u32,
    pub planned: Option<u32>,
    pub executed: u32,
    pub rate: Option<u32>,
    pub weight: Option<u32>,
    pub score: Option<u32>,
    pub first_value_col: u32,
}

pub fn budget_header(grid: &Grid<'_>, r: u32) -> Option<BudgetHeader> {
    let mut planned = None;
    let mut initial = None;
    let mut executed = None;
    let mut rate = None;
    let mut weight = None;
    let mut score = None;
    for c in 0..grid.cols {
        if c > 0 && grid.anchor(r, c) == grid.anchor(r, c - 1) {
            continue;
        }
        let w = grid.word(r, c);
        if w.contains("核算") {
            continue;
        }
        if w.contains("执行率") {
            rate.get_or_insert(c);
        } else if w.contains("执行数") || w == "实际支出" || w.contains("支出数") {
            executed.get_or_insert(c);
        } else if w.contains("年初预算") {
            initial.get_or_insert(c);
        } else if w.contains("预算数") || w.contains("调整后预算") {
            planned.get_or_insert(c);
        } else if w.contains("得分") {
            score.get_or_insert(c);
        } else if w == "分值" {
            weight.get_or_insert(c);
        }
    }
    let executed = executed?;
    let planned = planned.or(initial);
    planned?;
    let first_value_col = [planned, initial, Some(executed), rate, weight, score]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(executed);
    Some(BudgetHeader {
        row: r,
        planned,
        executed,
        rate,
        weight,
        score,
        first_value_col,
    })
}

/// A budget row: which part of the budget its label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Total,
    GeneralPublic,
    GovernmentFund,
    StateCapital,
    Other,
    CarriedOver,
    Basic,
    Project,
}

impl Part {
    /// The form's key, as `budget.<key>` (`bySource.generalPublic`).
    pub fn key(self) -> &'static str {
        match self {
            Part::Total => "total",
            Part::GeneralPublic => "bySource.generalPublic",
            Part::GovernmentFund => "bySource.governmentFund",
            Part::StateCapital => "bySource.stateCapital",
            Part::Other | Part::CarriedOver => "bySource.other",
            Part::Basic => "byNature.basic",
            Part::Project => "byNature.project",
        }
    }
}

/// The part a row label names (the label cells joined: `项目资金（万元）年度资金总额`).
pub fn part_of(label: &str) -> Option<Part> {
    let has = |w: &str| label.contains(w);
    if has("上年结转") {
        Some(Part::CarriedOver)
    } else if has("基本支出") {
        Some(Part::Basic)
    } else if has("项目支出") {
        Some(Part::Project)
    } else if has("政府性基金") {
        Some(Part::GovernmentFund)
    } else if has("国有资本") {
        Some(Part::StateCapital)
    } else if has("其他资金") || label.ends_with("其他") {
        Some(Part::Other)
    } else if has("一般公共预算") || has("财政拨款") {
        Some(Part::GeneralPublic)
    } else if has("合计") || has("总额") || has("总计") || has("支出规模") {
        Some(Part::Total)
    } else {
        None
    }
}

/// A header field (单位名称, 年度, …) by its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    UnitName,
    Implementer,
    Year,
    MoneyUnit,
    Preparer,
    Phone,
    Date,
    GoalTarget,
    GoalCompletion,
    GoalReason,
}

impl Field {
    pub fn path(self) -> &'static str {
        match self {
            Field::UnitName | Field::Implementer => "unit.name",
            Field::Year => "unit.year",
            Field::MoneyUnit => "moneyUnit",
            Field::Preparer => "unit.preparer",
            Field::Phone => "unit.phone",
            Field::Date => "unit.date",
            Field::GoalTarget => "goals.target",
            Field::GoalCompletion => "goals.completion",
            Field::GoalReason => "goals.reason",
        }
    }
}

/// The field a label names, its `（盖章）` and trailing colon ignored.
pub fn field_of(label: &str) -> Option<Field> {
    let l = squeeze(label);
    let l = l.trim_end_matches([':', '：']);
    let l = l.replace("（盖章）", "").replace("(盖章)", "").replace("（公章）", "");
    Some(match l.as_str() {
        "单位名称"
        | "部门名称"
        | "单位"
        | "填报单位"
        | "部门"
        | "预算单位"
        | "部门（单位）名称"
        | "部门(单位)名称"
        | "主管部门" => Field::UnitName,
        "实施单位" => Field::Implementer,
        "年度" | "评价年度" | "所属年度" | "预算年度" => Field::Year,
        "金额单位" | "单位：万元" => Field::MoneyUnit,
        "填表人" | "填报人" | "联系人" | "经办人" => Field::Preparer,
        "联系电话" | "电话" => Field::Phone,
        "填报日期" | "填表日期" | "日期" => Field::Date,
        "年度总体目标" | "年度目标" | "总体目标" | "年度绩效目标" | "年度整体绩效目标" | "预期目标" => {
            Field::GoalTarget
        }
        "全年实际完成情况"
        | "实际完成情况"
        | "完成情况"
        | "年度总体目标完成情况"
        | "整体绩效目标完成情况"
        | "年度整体绩效目标完成情况" => Field::GoalCompletion,
        "未能完成原因" => Field::GoalReason,
        _ => return None,
    })
}

/// 元, 万元 or 亿元 where a text names one as the unit of money (`单位：万元`, `（万元）`,
/// `金额单位：元`); a text naming two (`万元/元`) names none.
pub fn money_unit_in(text: &str) -> Option<&'static str> {
    let t = squeeze(text);
    let named: Vec<&'static str> = ["亿元", "万元"].into_iter().filter(|u| t.contains(u)).collect();
    let plain_yuan = t.replace("亿元", "").replace("万元", "").contains('元');
    match (named.as_slice(), plain_yuan) {
        ([one], false) => Some(one),
        ([], true) => Some("元"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words() {
        assert_eq!(role_of("一级指标"), Some(Role::Level(1)));
        assert_eq!(role_of("年度指标值"), Some(Role::Target));
        assert_eq!(role_of("实际完成值"), Some(Role::Actual));
        assert_eq!(role_of("全年实际值"), Some(Role::Actual));
        assert_eq!(role_of("偏差原因分析及改进措施"), Some(Role::Reason));
        assert_eq!(role_of("自评得分"), Some(Role::Score));
        assert_eq!(role_of("核算得分"), None);
        assert_eq!(role_of("权重"), Some(Role::Weight));
        assert_eq!(role_of("指标名称"), Some(Role::Name));
        assert_eq!(part_of("项目资金（万元）年度资金总额"), Some(Part::Total));
        assert_eq!(part_of("其中：当年财政拨款"), Some(Part::GeneralPublic));
        assert_eq!(part_of("按支出性质基本支出"), Some(Part::Basic));
        assert_eq!(field_of("单位名称（盖章）："), Some(Field::UnitName));
        assert_eq!(field_of("整体绩效目标完成情况"), Some(Field::GoalCompletion));
        assert_eq!(field_of("未能完成原因"), Some(Field::GoalReason));
        assert_eq!(money_unit_in("单位：万元"), Some("万元"));
        assert_eq!(money_unit_in("项目资金（万元/元）"), None);
        assert_eq!(money_unit_in("金额单位：元"), Some("元"));
    }
}

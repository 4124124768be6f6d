//! Finding the claims of a 说明 and checking each (domain.md §8).
//!
//! A figure's role comes from the words before it in its clause (执行数, 全年预算数, 完成预算的 …).
//! Claims join figures of one sentence, or of a sentence and the one before, never across a
//! document: numbers that happen to add up in unrelated lines are no claim.

use std::ops::Range;

use rust_decimal::Decimal;
use schemars::JsonSchema;

use crate::decimal::{self, fixed, fixed2, mul_div, round_dp, sub, unit_in_last_place};
use crate::finding::{Finding, Severity};
use crate::messages::Msg;
use crate::model::{canonical_grade as canonical, GradeBand, GRADE_WORDS};
use crate::narrative::table::{Table, PART_NAMES, PART_NAMES_EN};
use crate::read::has_text;
use crate::read::narrative::{starts_heading, Figure, Measure, Narrative};
use crate::read::number::{display_grouped, MoneyUnit};
use crate::score::grade;

/// What a claim asserts.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ClaimKind {
    /// The execution rate of the budget sentence.
    BudgetRate,
    /// A rate of two figures: counts, a share of a total, a change on last year.
    Rate,
    /// Parts that must add up to their total.
    Parts,
    /// A grade for a score.
    Grade,
    /// A figure of the table restated: 预算数, 执行数, a part, the score.
    Restated,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Ok,
    /// Right but for rounding.
    Note,
    Error,
    /// Approximate, or what it is a rate of is not stated: never a finding.
    Unchecked,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The figure (or words) a finding points at, in clean characters.
    pub at: Range<usize>,
    pub sentence: usize,
    what: What,
}

impl Claim {
    /// The figure a restated claim restates.
    pub fn restated(&self) -> Option<usize> {
        match self.what {
            What::Restated { figure, .. } => Some(figure),
            _ => None,
        }
    }
}

/// What a claim is checked with: figures by their index in [`Narrative::figures`].
#[derive(Clone, Debug, PartialEq)]
enum What {
    /// A stated rate against `numerator / denominator`, or, when `base` is `None` and it is the
    /// unit's budget rate (`unit`), the table's rate.
    Rate {
        stated: usize,
        base: Option<Base>,
        unit: bool,
    },
    Parts {
        total: usize,
        parts: Vec<usize>,
        /// A list after 其中 of items that are no rows of the budget table (经济分类, 项目): it may
        /// name only some of what the total holds, so falling short of it is a warning.
        open: bool,
    },
    Grade {
        score: Option<usize>,
        word: String,
        expected: Option<GradeBand>,
    },
    Restated {
        figure: usize,
        field: Field,
    },
    /// The grade word against the table's grade.
    RestatedGrade {
        word: String,
        /// Wrong for the score stated before it: one mistake, which the grade's own claim says,
        /// not said again for differing from the table's grade.
        said: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Of {
        numerator: usize,
        denominator: usize,
    },
    /// 支付 Y，未支付 W，支付率 Z%: the budget is Y + W.
    Complement {
        executed: usize,
        unpaid: usize,
    },
    /// 同比增加 D，增长 Z%: D against the current figure less D (or plus D when it fell).
    Change {
        current: usize,
        change: usize,
        fell: bool,
    },
    /// 执行数 X，比上年 Y 增长 Z%: X − Y (or Y − X when it fell) against last year's Y.
    Since {
        current: usize,
        before: usize,
        fell: bool,
    },
}

impl Base {
    /// The two figures the rate is computed from.
    fn figures(&self) -> [usize; 2] {
        match *self {
            Base::Of { numerator, denominator } => [numerator, denominator],
            Base::Complement { executed, unpaid } => [executed, unpaid],
            Base::Change { current, change, .. } => [current, change],
            Base::Since { current, before, .. } => [current, before],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Planned,
    Executed,
    Score,
    /// A row of the budget table by its index in [`PART_NAMES`], in the executed column (`true`),
    /// the planned one (`false`), or either when the words do not say which (`基本支出 X 万元`).
    Part(usize, Option<bool>),
}

/// What the words before a figure make of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Planned,
    Executed,
    Unpaid,
    Total,
    BudgetRate,
    Score,
    Other,
}

#[rustfmt::skip]
const PLANNED: [&str; 9] = [
    "预算数", "全年预算", "年初预算", "调整预算", "调整后预算", "预算总额", "年度预算", "部门预算", "本年预算",
];
#[rustfmt::skip]
const EXECUTED: [&str; 19] = [
    "执行", "实际发放", "实际支出", "实际使用", "实际到位", "已到位", "拨付使用", "拨付", "支付", "决算数", "支出数", "发放",
    "累计支出", "已支出", "全年支出", "决算支出", "整体支出", "支出决算", "本年支出",
];
/// The words of [`EXECUTED`] that name the unit's spending of the year when nothing else in the
/// sentence makes it a part's (`全年实际支出`, `决算支出`, `部门整体支出`, `本年支出`); 支付 or 发放
/// alone may be any payment. Then the totals of spending (`本年支出合计`, `本年度总支出`,
/// `支出总额`), whose role stays a total's, so that the parts listed after them are still summed.
#[rustfmt::skip]
const SPENT: [&str; 10] = [
    "执行", "实际支出", "决算", "全年支出", "整体支出", "累计支出", "本年支出", "支出合计", "总支出", "支出总额",
];
/// Words that make an amount after them the difference of two others.
#[rustfmt::skip]
const COMPARED: [&str; 8] = ["较", "比", "相差", "低于", "高于", "少于", "多于", "差额"];
#[rustfmt::skip]
const UNPAID: [&str; 5] = ["未支", "未拨付", "未使用", "未执行", "结余"];
#[rustfmt::skip]
const TOTALS: [&str; 6] = ["合计", "共计", "总计", "累计", "总额", "总支出"];
#[rustfmt::skip]
const BUDGET_RATES: [&str; 7] = ["完成预算", "执行率", "支付率", "发放率", "使用率", "到位率", "执行进度"];
/// The rates of [`BUDGET_RATES`] as a finding names them, in Chinese and in English (完成预算的 X%
/// is an execution rate).
#[rustfmt::skip]
const BUDGET_RATE_NAMES: [(&str, &str); 7] = [
    ("执行率", "an execution rate"), ("执行率", "an execution rate"), ("支付率", "a payment rate"),
    ("发放率", "a disbursement rate"), ("使用率", "a utilisation rate"), ("到位率", "a funds-in-place rate"),
    ("执行进度", "an execution progress"),
];

/// The name of the budget rate `f` as its words give it: the last of [`BUDGET_RATES`] before it.
fn budget_rate_name(text: &Narrative, f: &Figure) -> (&'static str, &'static str) {
    let nearest = window(f)
        .rev()
        .find_map(|i| BUDGET_RATES.iter().position(|w| text.has_at(i, w)));
    let [execution, ..] = BUDGET_RATE_NAMES;
    nearest
        .and_then(|k| BUDGET_RATE_NAMES.get(k).copied())
        .unwrap_or(execution)
}

/// Words before a budget rate that make it another's: last year's, an average, one line's
/// (上年执行率, 全区平均执行率, 其中项目支出执行率).
const OTHER_RATES: [&str; 4] = ["上年", "去年", "平均", "其中"];
#[rustfmt::skip]
const SCORES: [&str; 7] = ["自评得分", "综合得分", "总得分", "总分", "评价得分", "绩效得分", "自评分"];
#[rustfmt::skip]
const SAME_PERIOD: [&str; 5] = ["同比", "较上年", "比上年", "较去年", "比去年"];
/// Last year's own figure named: 上年为 X 万元.
#[rustfmt::skip]
const LAST_YEAR: [&str; 4] = ["上年为", "去年为", "上年同期为", "上年度为"];
#[rustfmt::skip]
const ROSE: [&str; 6] = ["增长", "增加", "上升", "提高", "增幅", "涨幅"];
#[rustfmt::skip]
const FELL: [&str; 5] = ["下降", "减少", "降低", "减", "降幅"];
/// Words a rate's numerator must repeat when the rate's name has them: 按时完成率 is not 完成率.
#[rustfmt::skip]
const QUALIFIERS: [&str; 8] = ["按时", "及时", "准时", "按期", "如期", "有效", "一次性", "合格"];
/// Words after which a sentence speaks of a project or special fund, of a kind of spending the
/// unit reports apart (三公经费, 会议费, 政府采购), or of part of the year (序时进度, 上半年, 三季度),
/// not of the unit's whole budget of the year.
#[rustfmt::skip]
const OF_A_PART: [&str; 17] = [
    "项目", "专项", "序时", "上半年", "季度", "三公", "公务接待", "公务用车", "会议费", "培训费", "政府采购",
    "结转", "转移支付", "财政专户", "人员经费", "公用经费", "机关运行",
];
/// The last two characters of each class of spending by function (支出功能分类, 类) as a 说明 names
/// it before 支出: 一般公共服务, 外交, 国防, 公共安全, 教育, 科学技术, 文化旅游体育与传媒, 社会保障和就业,
/// 卫生健康, 节能环保, 城乡社区, 农林水, 交通运输, 资源勘探工业信息等, 商业服务业等, 金融, 援助其他地区,
/// 自然资源海洋气象等, 住房保障, 粮油物资储备, 灾害防治及应急管理, 其他, 债务还本, 债务付息, 债务发行费用.
/// The unit's spending in one of them is a part of its whole; its whole is never named so (全年支出,
/// 实际支出, 部门整体支出, 决算支出).
const FUNCTION_ENDS: &str =
    "服务外交国防安全教育技术传媒就业健康环保社区林水运输息等业等金融地区象等保障储备管理其他还本付息费用";

/// Whether `range` names a part ([`OF_A_PART`]) or a class of spending by function.
fn names_a_part(text: &Narrative, range: &Range<usize>) -> bool {
    any(text, range, &OF_A_PART) || names_a_function(text, range)
}

/// Whether `range` names a class of spending by function.
fn names_a_function(text: &Narrative, range: &Range<usize>) -> bool {
    let function = |i: &usize| {
        let mut ends = FUNCTION_ENDS.chars();
        let mut ends = std::iter::from_fn(|| Some([ends.next()?, ends.next()?]));
        // a PDF's line may break the name before 支出 (`一般公共服务⏎支出`)
        let mut before = text.chars.get(i.saturating_sub(6)..*i).unwrap_or(&[]).iter().rev();
        let mut before = std::iter::from_fn(|| before.find(|c| !c.is_whitespace()));
        let (Some(second), Some(first)) = (before.next(), before.next()) else {
            return false;
        };
        ends.any(|end| end == [*first, *second])
    };
    let mut spent = std::iter::successors(text.find(range.clone(), "支出"), |at| {
        text.find(at + 1..range.end, "支出")
    });
    spent.any(|at| function(&at))
}

/// Words that make what follows in a sentence another year's.
const OTHER_YEAR: [&str; 4] = ["上年", "去年", "下年", "明年"];

/// `截至2024年6月30日`: a date before the year's end in `range` (截至 or 截止, then a month
/// before 12).
fn before_year_end(text: &Narrative, range: &Range<usize>) -> bool {
    ["截至", "截止"]
        .iter()
        .find_map(|w| text.find(range.clone(), w))
        .is_some_and(|at| ends_before_december(text, at, range.end))
}

/// Whether the date that 截至 or 截止 at `at` opens names a month before 12 before `end`.
fn ends_before_december(text: &Narrative, at: usize, end: usize) -> bool {
    // the month comes a few characters after 截至 (截至2024年6月30日), or the date names none
    let Some(month_at) = text.find(at..end.min(at + 16), "月") else {
        return false;
    };
    let digits = text.chars.get(at..month_at).unwrap_or(&[]);
    let digits = digits.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let month = text.text(month_at - digits..month_at).parse::<u32>();
    month.is_ok_and(|m| (1..12).contains(&m))
}

/// Where the first of `words` in `range` starts.
fn first_of(text: &Narrative, range: &Range<usize>, words: &[&str]) -> Option<usize> {
    words.iter().filter_map(|w| text.find(range.clone(), w)).min()
}

/// For each figure, whether it is of a project or special fund, or of part of the year, not the
/// unit's whole year: its section's heading names a part (`（一）河湖长制项目`, `（二）专项资金`,
/// `（三）“三公”经费支出情况`) and not the department as a whole, or its sentence before it does, or a
/// period shorter than the year (`截至2024年6月30日`, 序时进度). Such figures are checked against
/// the other figures of their sentence only, never against the table's.
fn of_a_part(text: &Narrative, sections: &[bool]) -> Vec<bool> {
    // each stretch read once, as the claims are found
    let (mut sentence, mut read_to, mut part) = (usize::MAX, 0, false);
    text.figures
        .iter()
        .map(|f| {
            if f.sentence != sentence {
                sentence = f.sentence;
                read_to = text.sentences.get(f.sentence).map_or(0, |s| s.start);
                part = sections.get(f.sentence) == Some(&true);
            }
            let stretch = read_to..f.at.start;
            // a class of spending by function with its own figure (一般公共服务支出 X 万元), not one
            // named in a clause of its own (支出以一般公共服务支出和城乡社区支出为主，全年实际支出 Y 万元)
            let own_clause = f.clause.max(stretch.start)..f.at.start;
            part = part
                || any_outside_notes(text, &stretch, &OF_A_PART)
                || names_a_function(text, &own_clause)
                || before_year_end(text, &stretch);
            read_to = f.at.start;
            part
        })
        .collect()
}

/// For each sentence, whether its section's heading names a part (a project, a special fund, the
/// 三公经费: [`OF_A_PART`]) and not the department as a whole.
fn project_sections(text: &Narrative) -> Vec<bool> {
    let mut in_project = false;
    text.sentences
        .iter()
        .map(|s| {
            let chars = text.chars.get(s.clone()).unwrap_or(&[]);
            let first = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(chars.len());
            if starts_heading(chars.get(first..).unwrap_or(&[])) {
                // a class's name may end in the 支出 a PDF broke onto the next line (`（一）一般公共服务⏎支出。`)
                let function = names_a_function(text, &(s.start..(s.end + 2).min(text.chars.len())));
                in_project = (names_a_part(text, s) || function) && !any(text, s, &["部门", "整体"]);
            }
            in_project
        })
        .collect()
}

/// Words that may lead a clause stating a budget row alone: 其中, the whole year.
const PART_LEAD: [&str; 4] = ["其中", "全年", "本年度", "本年"];
/// Words that may stand between a budget row's name and its figure stated alone
/// (`一般公共预算财政拨款支出 7,110.54 万元`, `基本支出执行数为 3,042.30 万元`), longest first where
/// one starts another. Not 收入: a revenue is no column of the table.
#[rustfmt::skip]
const PART_FILLER: [&str; 16] = [
    "财政拨款", "拨款", "支出数", "支出", "资金", "预算数", "预算", "执行数", "决算数", "实际", "金额", "合计", "全年",
    "为", "是", "达",
];

/// The budget row (by its index in [`PART_NAMES`]) whose figure `f` is, when its clause says only
/// that: the row's name and the figure, with nothing else but the words above and spaces. Anything
/// else said (a project's name before 项目支出, 上年, a date) may make it another's, and leaves it
/// unread. A clause of a column's words alone goes on with `before`, the row of the figure before
/// it in the sentence (`基本支出预算数 A，执行数 B`).
fn part_alone(text: &Narrative, f: &Figure, before: Option<usize>) -> Option<usize> {
    // a row's name and the words above never run longer (with a space between every character, as
    // a PDF may give them): a clause of a megabyte is not read again for each of its figures
    if f.at.start.saturating_sub(f.clause) > 2 * WINDOW {
        return None;
    }
    let opened = skip_words(text, f.clause, &[]);
    let mut at = skip_words(text, opened, &PART_LEAD);
    let named = PART_NAMES.iter().position(|name| text.has_at(at, name));
    if let Some(part) = named {
        at += PART_NAMES.get(part)?.chars().count();
    }
    let from = at;
    at = skip_words(text, at, &PART_FILLER);
    // a column's words straight after the clause's start: 全年执行数 is the whole's
    let part = named.or(before.filter(|_| at > from && from == opened))?;
    (at == f.at.start).then_some(part)
}

/// Where the text before `at` ends, without spaces and one of `words` (为, 是) at its end.
fn skip_back(text: &Narrative, mut at: usize, words: &[&str]) -> usize {
    while at > 0 && text.chars.get(at - 1).is_some_and(|c| c.is_whitespace()) {
        at -= 1;
    }
    match words.iter().find(|w| text.ends_at(at, w)) {
        Some(w) => at - w.chars().count(),
        None => at,
    }
}

/// Where the text goes on after spaces and any of `words` from `at`.
fn skip_words(text: &Narrative, mut at: usize, words: &[&str]) -> usize {
    loop {
        if text.chars.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        } else if let Some(w) = words.iter().find(|w| text.has_at(at, w)) {
            at += w.chars().count();
        } else {
            return at;
        }
    }
}

/// Words that may stand before a word of [`SPENT`] in its clause when the figure is the unit's
/// spending of the year (`2024年度部门整体支出`, `本年度支出决算数`, `全年预算执行数`, `本部门本年支出合计`,
/// `部门决算支出总额`), with the year's digits. Not 本级, a sub-unit.
#[rustfmt::skip]
const SPENT_LEADS: [&str; 14] = [
    "全年", "本年", "年", "度", "部门", "单位", "整体", "支出", "合计", "预算", "实际", "决算", "本", "我",
];

/// The nearest of `words` before `f` in its window, and whether only a year and words of the whole
/// ([`SPENT_LEADS`]) stand before it in its clause.
fn nearest_word(text: &Narrative, f: &Figure, words: &[&str]) -> Option<(usize, bool)> {
    let at = window(f).rev().find(|&i| words.iter().any(|s| text.has_at(i, s)))?;
    // no year and words of the whole run longer than the window
    if at.saturating_sub(f.clause) > WINDOW {
        return Some((at, false));
    }
    let mut lead = f.clause + unit_name(text, f.clause..at);
    while lead < at {
        let step = match text.chars.get(lead) {
            // full-width digits are folded when the text is read
            // and a short note in brackets stays in its clause (`本年支出合计（决算数）`)
            Some(c) if c.is_whitespace() || c.is_ascii_digit() || matches!(c, '（' | '）' | '(' | ')') => 1,
            _ => SPENT_LEADS
                .iter()
                .find(|w| text.has_at(lead, w))
                .map_or(0, |w| w.chars().count()),
        };
        if step == 0 {
            return Some((at, false));
        }
        lead += step;
    }
    Some((at, true))
}

/// The last characters of a unit's name (`区卫生健康局`, `我街道`, `区机关事务管理中心`).
#[rustfmt::skip]
const UNIT_ENDS: [&str; 14] = [
    "局", "委", "办", "厅", "署", "街道", "镇", "乡", "中心", "院", "馆", "站", "所", "会",
];

/// How many characters at the start of `range` are the unit's own name before its year
/// (`区卫生健康局2024年度全年支出`, `我街道本年度实际支出`): at most [`WINDOW`] of them, ending in one
/// of [`UNIT_ENDS`] right before the year's digits or 本年 or 全年, with no word of a part's or a
/// sub-unit's ([`OF_A_PART_BUDGET`], [`OF_A_PART`]: `所属执法队2024年度支出` is not the unit's).
fn unit_name(text: &Narrative, range: Range<usize>) -> usize {
    let year = |i: &usize| {
        text.chars.get(*i).is_some_and(char::is_ascii_digit) || text.has_at(*i, "本年") || text.has_at(*i, "全年")
    };
    let Some(end) = (range.start..range.end.min(range.start + WINDOW)).find(year) else {
        return 0;
    };
    let name = range.start..end;
    let named = UNIT_ENDS.iter().any(|w| {
        let n = w.chars().count();
        end >= range.start + n && text.has_at(end - n, w)
    });
    if named && !any(text, &name, &OF_A_PART_BUDGET) && !any(text, &name, &OF_A_PART) {
        end - range.start
    } else {
        0
    }
}

/// Whether the spending `f` is the unit's of the year by its own words: after a word of [`SPENT`]
/// that only a year and words of the whole come before in its clause, and not spent 用于 something.
/// A function's or a sub-unit's spending (`一般公共服务支出决算数`, `所属单位执行数`), a run of months
/// or years (`1-6月累计支出`, `近三年累计支出`) say more before it.
fn the_units_spending(text: &Narrative, f: &Figure) -> bool {
    let Some((at, true)) = nearest_word(text, f, &SPENT) else {
        return false;
    };
    let used_for = text
        .chars
        .get(f.at.end..)
        .unwrap_or(&[])
        .iter()
        .take_while(|c| !CLAUSE_ENDS.contains(c) && **c != '。');
    let used_for = used_for.count();
    // 用于 after the figure, or between the spending word and it (本年支出用于教育 X 万元)
    !text.contains(f.at.end..f.at.end + used_for, "用于") && !text.contains(at..f.at.start, "用于")
}

/// Words before a budget word that make the budget a part's: a function's or a category's spending
/// (`一般公共服务支出预算数`, `党建经费全年预算`, `对个人和家庭的补助预算数`), a fund's, a project's or a
/// sub-unit's (`所属执法队全年预算`, `街道本级全年预算`, `社区居委会全年预算`).
#[rustfmt::skip]
const OF_A_PART_BUDGET: [&str; 11] = [
    "支出", "经费", "资金", "补助", "项目", "专项", "所属", "下属", "本级", "社区", "各",
];

/// Whether the budget `f` may be the unit's budget of spending: a part's names one of
/// [`OF_A_PART_BUDGET`] before the budget word, unless only a year and words of the whole stand
/// there (`部门整体支出预算`); without those, any words may (`经批准的调整预算数`, `我街道全年预算`). Not
/// a budget of revenue (`部门预算收入`).
fn the_units_budget(text: &Narrative, f: &Figure) -> bool {
    match nearest_word(text, f, &PLANNED) {
        Some((at, whole)) => {
            // a part's words are read within twice the window before the budget word: further back,
            // in a clause of a megabyte, they name something else
            let before = f.clause.max(at.saturating_sub(2 * WINDOW))..at;
            (whole || !any(text, &before, &OF_A_PART_BUDGET)) && !text.contains(at..f.at.start, "收入")
        }
        None => true,
    }
}

/// Where in a sentence the words begin that make a figure after them something other than the
/// unit's whole year: a part ([`OF_A_PART`], but for the row 项目支出 itself), another row's share
/// (其中 after a row's name), another year, a date before the year's end. Each is found once for the
/// sentence: a sentence of a PDF's run-in lines may hold thousands of figures, and reading it from
/// its start for each of them would take minutes.
struct YearMarks {
    sentence: usize,
    /// the first of a part's or another year's words, or of 其中 after a row's name
    other: usize,
    /// the first 截至 and the first 截止
    dates: [usize; 2],
}

impl YearMarks {
    fn new() -> YearMarks {
        YearMarks {
            sentence: usize::MAX,
            other: 0,
            dates: [usize::MAX; 2],
        }
    }

    /// Whether the sentence before `f` speaks of something other than the unit's whole year.
    fn not_the_units_year(&mut self, text: &Narrative, f: &Figure) -> bool {
        if f.sentence != self.sentence {
            let range = text.sentences.get(f.sentence).cloned().unwrap_or_default();
            let first = |words: &[&str]| first_of(text, &range, words).unwrap_or(usize::MAX);
            let part = range
                .clone()
                .find(|&i| {
                    OF_A_PART.iter().any(|w| text.has_at(i, w))
                        && !text.has_at(i, "项目支出")
                        && !in_a_note_of_the_whole(text, i)
                })
                .unwrap_or(usize::MAX);
            let other = part.min(first_outside_notes(text, &range, &OTHER_YEAR).unwrap_or(usize::MAX));
            let row = first(&PART_NAMES).saturating_add(1);
            let share = text.find(row..range.end, "其中").unwrap_or(usize::MAX);
            *self = YearMarks {
                sentence: f.sentence,
                other: other.min(share),
                dates: [first(&["截至"]), first(&["截止"])],
            };
        }
        let end = f.at.start;
        // the date after the first 截至, or after the first 截止 when no 截至 comes before `f`
        let date = self.dates.into_iter().find(|&at| at < end);
        self.other < end || date.is_some_and(|at| ends_before_december(text, at, end))
    }
}

/// Whether one of `words` is in `range` outside a note of what the whole holds.
fn any_outside_notes(text: &Narrative, range: &Range<usize>, words: &[&str]) -> bool {
    first_outside_notes(text, range, words).is_some()
}

/// Where the first of `words` in `range` outside a note of what the whole holds starts.
fn first_outside_notes(text: &Narrative, range: &Range<usize>, words: &[&str]) -> Option<usize> {
    let outside = |w: &&str| {
        std::iter::successors(text.find(range.clone(), w), |at| text.find(at + 1..range.end, w))
            .find(|&at| !in_a_note_of_the_whole(text, at))
    };
    words.iter().filter_map(outside).min()
}

/// Words that open what an amount holds: a breakdown (`，含人员经费 B 万元`) or a note of the whole
/// (`（含上年结转）`).
const INCLUDES: [&str; 3] = ["含", "包括", "包含"];

/// Whether `at` is in a note in brackets that says what the whole holds (`全年预算（含上年结转）`):
/// its words name no part.
fn in_a_note_of_the_whole(text: &Narrative, at: usize) -> bool {
    let open = open_bracket(text, at.saturating_sub(6)..at);
    open.is_some_and(|open| INCLUDES.iter().any(|w| text.has_at(open + 1, w)))
}

/// The last bracket in `range` still open at its end.
fn open_bracket(text: &Narrative, range: Range<usize>) -> Option<usize> {
    range
        .rev()
        .take_while(|&i| !matches!(text.chars.get(i), Some('）' | ')')))
        .find(|&i| matches!(text.chars.get(i), Some('（' | '(')))
}

/// How far back a figure's words are read: a clause of a PDF's run-in lines may be a megabyte, and
/// reading all of it for each of its figures would take minutes.
const WINDOW: usize = 24;

/// The words of a figure's clause before it, at most [`WINDOW`] characters back.
fn window(f: &Figure) -> Range<usize> {
    f.clause.max(f.at.start.saturating_sub(WINDOW))..f.at.start
}

fn any(text: &Narrative, range: &Range<usize>, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(range.clone(), w))
}

fn role(text: &Narrative, f: &Figure) -> Role {
    let w = window(f);
    let has = |words: &[&str]| any(text, &w, words);
    // of a spending word and a budget word, the nearer names the figure: a heading joined to its
    // first line (`预算执行情况 2024年全年预算数 X`) names none
    let last = |words: &[&str]| {
        words
            .iter()
            .filter_map(|word| w.clone().rev().find(|&i| text.has_at(i, word)))
            .max()
    };
    match f.measure {
        // a difference (执行数较预算数减少 X 万元, 实际支出与预算数相差 X 万元) is no budget or spending
        Measure::Money(_) if has(&COMPARED) => Role::Other,
        Measure::Money(_) if has(&UNPAID) => Role::Unpaid,
        // a spending word before 预算 or 计划 names a budget (全年支出预算, 支出计划)
        Measure::Money(_) if last(&EXECUTED) > last(&PLANNED).max(last(&["预算", "计划"])) => Role::Executed,
        Measure::Money(_) if has(&PLANNED) => Role::Planned,
        Measure::Money(_) if has(&TOTALS) => Role::Total,
        Measure::Percent if has(&BUDGET_RATES) && !has(&OTHER_RATES) => Role::BudgetRate,
        Measure::Points if has(&SCORES) && !has(&["满分"]) => Role::Score,
        _ => Role::Other,
    }
}

/// Every figure's role, and for each figure the last budget and the last budget or spending before
/// it, wherever in the text: a budget is often stated paragraphs before its rate.
struct Roles {
    of: Vec<Role>,
    planned_before: Vec<Option<usize>>,
    budget_before: Vec<Option<usize>>,
}

impl Roles {
    fn new(text: &Narrative) -> Roles {
        Roles::of(text.figures.iter().map(|f| role(text, f)).collect())
    }

    /// The roles with a project's or part of the year's figures taken as no budget figures: the
    /// unit's budget rate is of the unit's figures.
    fn of_the_unit(&self, part: &[bool]) -> Roles {
        let of = self
            .of
            .iter()
            .zip(part)
            .map(|(r, p)| if *p { Role::Other } else { *r })
            .collect();
        Roles::of(of)
    }

    fn of(of: Vec<Role>) -> Roles {
        let (mut planned, mut budget) = (None, None);
        let mut planned_before = Vec::with_capacity(of.len());
        let mut budget_before = Vec::with_capacity(of.len());
        for (i, r) in of.iter().enumerate() {
            planned_before.push(planned);
            budget_before.push(budget);
            if *r == Role::Planned {
                planned = Some(i);
            }
            if matches!(r, Role::Planned | Role::Executed) {
                budget = Some(i);
            }
        }
        Roles {
            of,
            planned_before,
            budget_before,
        }
    }

    fn get(&self, i: usize) -> Option<Role> {
        self.of.get(i).copied()
    }
}

fn same_kind(a: &Figure, b: &Figure) -> bool {
    match (a.measure, b.measure) {
        (Measure::Money(_), Measure::Money(_)) => true,
        (Measure::Count(x), Measure::Count(y)) => x == y,
        _ => false,
    }
}

fn is_amount(f: &Figure) -> bool {
    matches!(f.measure, Measure::Money(_) | Measure::Count(_))
}

/// Every claim of the text, in the order of the text.
pub fn find(text: &Narrative, bands: &[GradeBand]) -> Vec<Claim> {
    let figures = &text.figures;
    let roles = Roles::new(text);
    let (mut of_parts, mut of_breakdowns) = (Vec::new(), Vec::new());
    let mut used = vec![false; figures.len()];
    let sections = project_sections(text);
    let of_tables = pasted(text, &sections, &mut used);
    for sentence in 0..text.sentences.len() {
        parts(text, &roles, sentence, [&mut of_parts, &mut of_breakdowns], &mut used);
    }
    // a part of a list the parts pass already held to the table's row
    let mut restated = vec![false; figures.len()];
    for figure in of_parts.iter().filter_map(Claim::restated) {
        if let Some(r) = restated.get_mut(figure) {
            *r = true;
        }
    }
    let mut claims = Vec::new();
    let partial = of_a_part(text, &sections);
    let unit_roles = roles.of_the_unit(&partial);
    // whether the sentence so far speaks of a row (一般公共预算财政拨款预算数 X 万元，执行数 Y 万元) or
    // of last year: a figure after that is not the unit's own of the year. Each stretch is read
    // once: a sentence of a PDF's run-in lines may hold thousands of figures.
    let (mut sentence, mut read_to, mut of_a_row, mut last_year) = (usize::MAX, 0, false, false);
    // the row of the figure before, when it was stated alone in this sentence
    let mut row_before = None;
    let mut year_marks = YearMarks::new();
    for (i, f) in figures.iter().enumerate() {
        let claim = |kind, what| Claim {
            kind,
            at: f.at.clone(),
            sentence: f.sentence,
            what,
        };
        if f.sentence != sentence {
            (sentence, read_to) = (f.sentence, text.sentences.get(f.sentence).map_or(0, |s| s.start));
            (of_a_row, last_year) = (false, false);
            row_before = None;
        }
        let stretch = read_to..f.at.start;
        of_a_row = of_a_row || any(text, &stretch, &PART_NAMES);
        // a clause of this year's own after last year's (上年度预算数 A 万元，本年度预算数 B 万元) and what
        // follows it are this year's again
        let own_clause = window(f);
        let this_year = any(text, &own_clause, &["本年", "今年"]) && !any_outside_notes(text, &own_clause, &OTHER_YEAR);
        last_year = !this_year && (last_year || any_outside_notes(text, &stretch, &OTHER_YEAR));
        read_to = f.at.start;
        let a_part = partial.get(i) == Some(&true);
        // 年初预算 is not the table's 全年预算数, which is the budget as adjusted
        let opening = any(text, &window(f), &["年初"]);
        let role = roles.get(i).unwrap_or(Role::Other);
        let row_rate = match role {
            Role::BudgetRate if !a_part => row_rate_in_brackets(text, i),
            _ => None,
        };
        // a row of the budget table stated on its own (`其中基本支出 3,042.30 万元`)
        let alone = match f.measure {
            Measure::Money(_)
                if sections.get(f.sentence) != Some(&true) && !opening && restated.get(i) == Some(&false) =>
            {
                part_alone(text, f, row_before).filter(|_| !year_marks.not_the_units_year(text, f))
            }
            _ => None,
        };
        row_before = alone;
        // a part's budget (一般公共服务支出预算数 X 万元) is not the unit's, and after it the sentence
        // speaks of that part (实际支出 Y 万元), as after a row's name
        of_a_row = of_a_row || (role == Role::Planned && alone.is_none() && !the_units_budget(text, f));
        let other = of_a_row || last_year;
        match role {
            _ if used.get(i) == Some(&true) => {}
            // a project's rate, a rate of part of the year, or of a row by source or nature
            // (基本支出执行率): of the figures of its own sentence, if it states them, never of the
            // table's
            Role::BudgetRate if row_rate.is_some() => claims.push(claim(
                ClaimKind::BudgetRate,
                What::Rate {
                    stated: i,
                    base: row_rate.flatten(),
                    unit: false,
                },
            )),
            Role::BudgetRate if a_part || any(text, &window(f), &PART_NAMES) => claims.push(claim(
                ClaimKind::BudgetRate,
                What::Rate {
                    stated: i,
                    base: budget_base(text, &roles, i, true),
                    unit: false,
                },
            )),
            Role::BudgetRate => claims.push(claim(
                ClaimKind::BudgetRate,
                What::Rate {
                    stated: i,
                    base: budget_base(text, &unit_roles, i, false),
                    unit: true,
                },
            )),
            _ if f.measure == Measure::Percent => claims.push(claim(
                ClaimKind::Rate,
                What::Rate {
                    stated: i,
                    // a budget rate of another's has no figures here to be checked against
                    base: if any(text, &window(f), &BUDGET_RATES) {
                        None
                    } else {
                        rate_base(text, i)
                    },
                    unit: false,
                },
            )),
            Role::Planned | Role::Executed | Role::Other if alone.is_some() => {
                if let Some(part) = alone {
                    // 预算 right before the figure names the budget column too (基本支出预算 A 万元), but
                    // not as the end of the row's name (一般公共预算 A 万元)
                    let at = skip_back(text, f.at.start, &["为", "是"]);
                    let budget = text.ends_at(at, "预算") && !text.ends_at(at, "公共预算");
                    let column = match role {
                        Role::Planned => Some(false),
                        Role::Executed => Some(true),
                        _ if budget => Some(false),
                        _ => None,
                    };
                    claims.push(claim(
                        ClaimKind::Restated,
                        What::Restated {
                            figure: i,
                            field: Field::Part(part, column),
                        },
                    ));
                }
            }
            Role::Planned if !other && !a_part && !opening => claims.push(claim(
                ClaimKind::Restated,
                What::Restated {
                    figure: i,
                    field: Field::Planned,
                },
            )),
            // a total of the budget (预算支出总额) is no spending
            Role::Executed | Role::Total
                if !other
                    && !a_part
                    && the_units_spending(text, f)
                    && (role == Role::Executed || !any(text, &window(f), &["预算", "计划"])) =>
            {
                claims.push(claim(
                    ClaimKind::Restated,
                    What::Restated {
                        figure: i,
                        field: Field::Executed,
                    },
                ))
            }
            Role::Score if !other && !a_part => claims.push(claim(
                ClaimKind::Restated,
                What::Restated {
                    figure: i,
                    field: Field::Score,
                },
            )),
            _ => {}
        }
    }
    let mut of_grades = Vec::new();
    grades(text, &roles, bands, &sections, &mut of_grades);
    in_text_order([of_tables, of_parts, of_breakdowns, claims, of_grades])
}

/// Words that name a pasted table's row of the whole budget.
const TOTAL_ROWS: [&str; 5] = ["合计", "总计", "总额", "部门整体", "总支出"];

/// The claims of the budget tables pasted into the text: each row's rate against its spending
/// and budget (the unit's budget rate on the row of the whole), and, against the form's table, the
/// whole's and each row's by source or nature. Their figures are taken by no other claim.
fn pasted(text: &Narrative, sections: &[bool], used: &mut [bool]) -> Vec<Claim> {
    let mut claims = Vec::new();
    for row in &text.pasted {
        let named = |words: &[&str]| words.iter().position(|w| text.contains(row.name.clone(), w));
        // a table of 三公经费 or of projects, or one under a project's heading: its rows' rates are
        // checked, its amounts are not the unit's
        let sentence = text.sentences.partition_point(|s| s.end <= row.name.start);
        let own = row.own && sections.get(sentence) != Some(&true);
        let part = named(&PART_NAMES).filter(|_| own);
        let whole = own && part.is_none() && named(&TOTAL_ROWS).is_some();
        let mut found = Vec::new();
        for (figure, executed) in [(row.planned, false), (row.executed, true)] {
            let field = match (figure, part, whole) {
                (None, ..) => continue,
                (_, Some(n), _) => Field::Part(n, Some(executed)),
                (_, None, true) if executed => Field::Executed,
                (_, None, true) => Field::Planned,
                _ => continue,
            };
            if let Some(figure) = figure {
                found.push((ClaimKind::Restated, figure, What::Restated { figure, field }));
            }
        }
        if let Some(stated) = row.rate {
            let base = row
                .executed
                .zip(row.planned)
                .map(|(numerator, denominator)| Base::Of { numerator, denominator });
            let kind = if whole { ClaimKind::BudgetRate } else { ClaimKind::Rate };
            found.push((
                kind,
                stated,
                What::Rate {
                    stated,
                    base,
                    unit: whole,
                },
            ));
        }
        for figure in [row.planned, row.executed, row.rate].into_iter().flatten() {
            if let Some(u) = used.get_mut(figure) {
                *u = true;
            }
        }
        for (kind, figure, what) in found {
            if let Some(f) = text.figures.get(figure) {
                claims.push(Claim {
                    kind,
                    at: f.at.clone(),
                    sentence: f.sentence,
                    what,
                });
            }
        }
    }
    claims
}

/// Claims found in several passes, each in the order of the text, merged into one order (on a tie,
/// the earlier pass first).
fn in_text_order<const N: usize>(passes: [Vec<Claim>; N]) -> Vec<Claim> {
    let mut passes = passes.map(|p| p.into_iter().peekable());
    let mut merged = Vec::new();
    loop {
        let next = passes
            .iter_mut()
            .enumerate()
            .filter_map(|(k, p)| p.peek().map(|c| (c.at.start, k)))
            .min();
        match next.and_then(|(_, k)| passes.get_mut(k)).and_then(Iterator::next) {
            Some(claim) => merged.push(claim),
            None => return merged,
        }
    }
}

/// How far back a claim looks for its figures: a sentence rarely holds more, and a bound keeps a
/// text of a million figures linear.
const REACH: usize = 32;

/// The nearest figure before `before`, from sentence `from` on and at most [`REACH`] figures back,
/// for which `want` holds.
fn nearest(text: &Narrative, before: usize, from: usize, want: &dyn Fn(usize, &Figure) -> bool) -> Option<usize> {
    (before.saturating_sub(REACH)..before)
        .rev()
        .map_while(|j| text.figures.get(j).filter(|f| f.sentence >= from).map(|f| (j, f)))
        .find(|(j, f)| want(*j, f))
        .map(|(j, _)| j)
}

/// The one figure of `like`'s kind before `before` in its sentence; `None` when there are none
/// or several (which of them a rate is of, the text does not say), or when the sentence holds more
/// figures than [`REACH`].
fn only_one(text: &Narrative, before: usize, like: &Figure) -> Option<usize> {
    let start = before.saturating_sub(REACH);
    if start > 0 && text.figures.get(start - 1).is_some_and(|g| g.sentence == like.sentence) {
        return None;
    }
    // a figure before a rate of its own is that rate's (签约居民 3.2 万人，签约率 38%；…管理 9,864 人，
    // 健康管理率 72.6%): not this one's
    let start = (start..before)
        .rev()
        .find(|&k| {
            text.figures
                .get(k)
                .is_some_and(|g| g.sentence == like.sentence && g.measure == Measure::Percent)
        })
        .map_or(start, |rate| rate + 1);
    let mut found = (start..before)
        .filter_map(|k| text.figures.get(k).map(|g| (k, g)))
        .filter(|(_, g)| g.sentence == like.sentence && same_kind(g, like));
    match (found.next(), found.next()) {
        (Some((k, _)), None) => Some(k),
        _ => None,
    }
}

/// The budget sentence's figures for a stated execution rate: the 执行数 in its sentence (or the
/// sentence before, when the rate opens its own), and the budget before it. `own_sentence`: of
/// its own sentence's figures only (a project's rate, or part of the year's), never of a budget
/// stated elsewhere.
fn budget_base(text: &Narrative, roles: &Roles, rate: usize, own_sentence: bool) -> Option<Base> {
    let f = text.figures.get(rate)?;
    let first_in_sentence = rate == 0 || text.figures.get(rate - 1).is_none_or(|p| p.sentence != f.sentence);
    let from = if first_in_sentence && !own_sentence {
        f.sentence.saturating_sub(1)
    } else {
        f.sentence
    };
    let role_is = |want: Role| move |j: usize, _: &Figure| roles.get(j) == Some(want);
    let executed = nearest(text, rate, from, &role_is(Role::Executed))?;
    let e = text.figures.get(executed)?;
    // not a budget in brackets for a spending outside them (全年预算数 A 万元（年初预算 B 万元，追加 C 万元），
    // 执行数 D 万元)
    let budget = |want: Role| move |j: usize, f: &Figure| roles.get(j) == Some(want) && (!f.aside || e.aside);
    let planned = nearest(text, executed, e.sentence, &budget(Role::Planned))
        .or_else(|| nearest(text, executed, e.sentence, &budget(Role::Total)));
    if let Some(planned) = planned {
        return Some(Base::Of {
            numerator: executed,
            denominator: planned,
        });
    }
    if let Some(unpaid) = nearest(text, rate, e.sentence, &|j, _| {
        j > executed && roles.get(j) == Some(Role::Unpaid)
    }) {
        return Some(Base::Complement { executed, unpaid });
    }
    // a sentence of its own amounts (下达资金 X 万元，实际发放 Y 万元，发放率 Z%): its first amount
    // after the rate before, if any (…执行率 96.77%；项目支出预算 A 万元，实际支出 B 万元，执行率 Z%)
    let mut first = None;
    for j in (executed.saturating_sub(REACH)..executed).rev() {
        match text.figures.get(j) {
            Some(g) if g.sentence == e.sentence && g.measure != Measure::Percent => {
                if matches!(g.measure, Measure::Money(_)) {
                    first = Some(j);
                }
            }
            _ => break,
        }
    }
    if let Some(planned) = first.filter(|&j| roles.get(j) == Some(Role::Other)) {
        return Some(Base::Of {
            numerator: executed,
            denominator: planned,
        });
    }
    // the budget stated in an earlier paragraph
    if own_sentence {
        return None;
    }
    let planned = roles.planned_before.get(executed).copied().flatten()?;
    Some(Base::Of {
        numerator: executed,
        denominator: planned,
    })
}

/// For a rate in the brackets right after a row's amount (`一般公共预算支出 A 万元（预算 B 万元，执行率
/// R）`), the row's rate: that amount divided by the budget before the rate in the brackets, or
/// `None` without one. Not such a rate: `None` outside.
fn row_rate_in_brackets(text: &Narrative, rate: usize) -> Option<Option<Base>> {
    let figures = &text.figures;
    let f = figures.get(rate).filter(|f| f.aside)?;
    let start = text.sentences.get(f.sentence).map_or(0, |s| s.start);
    let open = open_bracket(text, start.max(f.at.start.saturating_sub(2 * WINDOW))..f.at.start)?;
    let whole = (0..rate)
        .rev()
        .find(|&j| figures.get(j).is_some_and(|g| g.at.end <= open))?;
    let w = figures.get(whole)?;
    let money = |g: &Figure| matches!(g.measure, Measure::Money(_));
    let row = w.sentence == f.sentence && !w.aside && money(w) && any(text, &window(w), &PART_NAMES);
    if !row {
        return None;
    }
    let budget = (whole + 1..rate).rfind(|&j| {
        figures
            .get(j)
            .is_some_and(|g| g.aside && money(g) && text.contains(window(g), "预算"))
    });
    Some(budget.map(|b| Base::Of {
        numerator: whole,
        denominator: b,
    }))
}

/// What a stated rate other than the budget's is a rate of, when the sentence says.
fn rate_base(text: &Narrative, rate: usize) -> Option<Base> {
    let figures = &text.figures;
    let f = figures.get(rate)?;
    let s = f.sentence;
    // numerator first: 培训 2399 人，完成目标任务数 2000 人的 120%
    if text.ends_at(f.at.start, "的") {
        let denominator = rate.checked_sub(1)?;
        let d = figures.get(denominator)?;
        if d.sentence != s || d.at.end + 1 != f.at.start || !is_amount(d) {
            return None;
        }
        let numerator = only_one(text, denominator, d)?;
        return Some(Base::Of { numerator, denominator });
    }
    let w = window(f);
    // a change on last year: 同比增加 D 万元，增长 Z%
    if any(text, &w, &ROSE) || any(text, &w, &FELL) {
        let change = nearest(text, rate, s, &|_, g| {
            is_amount(g) && any(text, &window(g), &SAME_PERIOD)
        })?;
        let g = figures.get(change)?;
        let current = nearest(text, change, s, &|_, c| same_kind(c, g))?;
        // 比上年 Y 增长 Z%: with no change word before it, the figure after the same-period word is
        // last year's, and the change is the current figure less it
        let after = g.at.end..f.at.start;
        if !any(text, &window(g), &ROSE) && !any(text, &window(g), &FELL) {
            let fell = any(text, &after, &FELL);
            if fell || any(text, &after, &ROSE) {
                return Some(Base::Since {
                    current,
                    before: change,
                    fell,
                });
            }
        }
        // 比上年 8,000.00 万元增加 D: a figure after the same-period words, in the change's own
        // clause, is last year's, and the change's base as it stands
        if figures
            .get(current)
            .is_some_and(|c| c.clause == g.clause && any(text, &window(c), &SAME_PERIOD))
        {
            return Some(Base::Of {
                numerator: change,
                denominator: current,
            });
        }
        let fell = any(text, &window(g), &FELL);
        return Some(Base::Change { current, change, fell });
    }
    // a named rate: 受理 6337 件 … 按时完成 5764 件，按时完成率 100%
    let name_end = text.find(w.clone(), "率").map(|first| {
        (first..w.end)
            .rev()
            .find(|&i| text.chars.get(i) == Some(&'率'))
            .unwrap_or(first)
    })?;
    let stem_start = (w.start..name_end)
        .rev()
        .take(4)
        .take_while(|&i| {
            text.chars
                .get(i)
                .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && *c != '的')
        })
        .last()?;
    let stem = text.text(stem_start..name_end);
    let core: String = stem
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let qualifiers: Vec<&str> = QUALIFIERS.iter().copied().filter(|q| has_text(&stem, q)).collect();
    let numerator = nearest(text, rate, s, &|_, g| {
        let gw = window(g);
        is_amount(g) && text.contains(gw.clone(), &core) && qualifiers.iter().all(|q| text.contains(gw.clone(), q))
    })?;
    let denominator = only_one(text, numerator, figures.get(numerator)?)?;
    Some(Base::Of { numerator, denominator })
}

/// Parts that must add up, in one sentence: by source or by nature (of the 执行数 or 预算数 before
/// it), `X 万元，其中 A、B`, or a list closed by `共计 X 万元`. A share of the total stated
/// right after a part (`A 万元，占 Z%`) is checked too. An amount broken down in brackets or after
/// 含 is a list of its own, in `breakdowns`.
fn parts(
    text: &Narrative,
    roles: &Roles,
    sentence: usize,
    [claims, breakdowns]: [&mut Vec<Claim>; 2],
    used: &mut [bool],
) {
    let Some(range) = text.sentences.get(sentence).cloned() else {
        return;
    };
    let figures = &text.figures;
    let in_sentence: Vec<usize> = (figures.partition_point(|f| f.at.start < range.start)..figures.len())
        .take_while(|&i| figures.get(i).is_some_and(|f| f.sentence == sentence))
        .collect();
    let money = |i: &usize| figures.get(*i).is_some_and(|f| matches!(f.measure, Measure::Money(_)));
    // a clause that opens with 含 or 包括, or with a 其中 after the list's own, breaks the item
    // before it down further: no item itself
    let list = text.find(range.clone(), "其中");
    // the items after 包括： each in a clause of its own (包括：基本支出 A 万元；项目支出 B 万元)
    let includes = first_of(text, &range, &["包括：", "包括:", "包含：", "包含:"]);
    let nested = |f: &Figure| {
        INCLUDES.iter().any(|w| text.has_at(f.clause, w))
            || list.is_some_and(|k| f.clause > k && text.has_at(f.clause, "其中"))
            || includes.is_some_and(|k| f.clause > k)
    };
    let inner = |i: &usize| figures.get(*i).is_some_and(|f| f.aside || nested(f));
    let first_per_item = |after: usize, before: usize| {
        let within = |i: &usize| {
            figures
                .get(*i)
                .is_some_and(|f| f.at.start > after && f.at.start < before)
        };
        let candidates = in_sentence
            .iter()
            .copied()
            .filter(|i| money(i) && !inner(i) && within(i));
        first_of_each_item(figures, candidates)
    };
    // an amount broken down in brackets or after 其中 or 含 (基本支出 A 万元（其中人员经费 B 万元，公用经费
    // C 万元）; 基本支出 A 万元，含人员经费 B 万元、公用经费 C 万元): a list of its own
    for (n, &whole) in in_sentence.iter().enumerate() {
        let Some(w) = figures.get(whole).filter(|_| money(&whole) && !inner(&whole)) else {
            continue;
        };
        let after = in_sentence.get(n + 1..).unwrap_or(&[]);
        let breakdown = after.get(..after.iter().position(|i| !inner(i)).unwrap_or(after.len()));
        let parts = first_of_each_item(figures, breakdown.unwrap_or(&[]).iter().copied().filter(money));
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            continue;
        };
        let (Some(first), Some(last)) = (figures.get(*first), figures.get(*last)) else {
            continue;
        };
        // an amount taken off (含追加 A 万元、调减 B 万元) is no part of it
        let taken_off = parts
            .iter()
            .filter_map(|p| figures.get(*p))
            .any(|p| any(text, &(p.item..p.at.start), &FELL));
        let marked = any(text, &(w.at.end..first.at.start), &["其中", "含", "包括"]);
        if parts.len() >= 2 && !taken_off && (marked || bracketed_parts(text, w, &parts)) {
            breakdowns.push(Claim {
                kind: ClaimKind::Parts,
                at: first.at.start..last.at.end,
                sentence,
                what: What::Parts {
                    total: whole,
                    open: open_list(text, whole, &parts),
                    parts,
                },
            });
        }
    }
    let keyword = ["资金来源", "支出性质"]
        .iter()
        .find_map(|w| text.find(range.clone(), w));
    let (total, parts, column, listed) = if let Some(k) = keyword {
        let first = in_sentence.first().copied().unwrap_or(figures.len());
        let Some(total) = roles.budget_before.get(first).copied().flatten() else {
            return;
        };
        let parts = first_per_item(k, range.end);
        // rows stated with both columns (基本支出预算 A 万元，实际支出 B 万元；…) are no parts of one
        // total: each figure is a row stated alone, held to its own column
        let paired = parts.iter().any(|&p| {
            matches!(roles.get(p), Some(Role::Planned | Role::Executed))
                && figures
                    .get(p)
                    .is_some_and(|f| !any(text, &(f.clause..f.at.start), &PART_NAMES))
        });
        if paired {
            return;
        }
        (total, parts, roles.get(total), false)
    } else if let Some(k) = list {
        // the amount the list splits, not a change on last year or last year's own figure
        // (较上年减少 1.20 万元，其中…; （上年为 8,000.00 万元），其中…)
        let of_last_year =
            |f: &Figure| f.aside || any(text, &window(f), &SAME_PERIOD) || any(text, &window(f), &LAST_YEAR);
        let Some(total) = in_sentence
            .iter()
            .copied()
            .filter(money)
            .rfind(|i| figures.get(*i).is_some_and(|f| f.at.end <= k && !of_last_year(f)))
        else {
            return;
        };
        // the list ends where the sentence goes on to the next budget figure (其中追加 A 万元，
        // 执行数 B 万元): a 执行数 or 预算数 that names no row of the table is no item
        let mut parts = first_per_item(k, range.end);
        if let Some(end) = parts.iter().position(|&p| {
            matches!(roles.get(p), Some(Role::Planned | Role::Executed))
                && figures
                    .get(p)
                    .is_some_and(|f| !PART_NAMES.iter().any(|name| text.contains(f.item..f.at.start, name)))
        }) {
            parts.truncate(end);
        }
        // a clause opening with 合计 after the list closes it (其中 A、B，合计 X): no item itself
        if let Some(end) = parts.iter().position(|&p| {
            figures
                .get(p)
                .is_some_and(|f| TOTALS.iter().any(|w| text.has_at(f.clause, w)))
        }) {
            parts.truncate(end);
        }
        (total, parts, roles.get(total), true)
    } else {
        let Some(total) = in_sentence.iter().copied().find(|i| roles.get(*i) == Some(Role::Total)) else {
            return;
        };
        let end = figures.get(total).map_or(0, |f| f.at.start);
        let parts = first_per_item(range.start.saturating_sub(1), end);
        // not the budget sentence: its amounts are no parts of a total
        if parts
            .iter()
            .any(|p| matches!(roles.get(*p), Some(Role::Planned | Role::Unpaid)))
        {
            return;
        }
        (total, parts, None, false)
    };
    // the total split twice after one 其中, by nature and then by source (其中：基本支出 A，项目支出 B；
    // 一般公共预算财政拨款 C，政府性基金 D): two lists
    let (by_source, by_nature) = PART_NAMES.split_at(4);
    let mut seen = 0;
    let second = parts.iter().position(|p| {
        let item = figures.get(*p).map_or(0..0, |f| f.item..f.at.start);
        let nature = any(text, &item, by_nature) || WHOLE_PAIRS.iter().any(|pair| any(text, &item, pair));
        let grouping = u8::from(any(text, &item, by_source)) | u8::from(nature) << 1;
        let pure = grouping == 1 || grouping == 2;
        let other = pure && seen & (3 - grouping) != 0;
        seen |= if pure { grouping } else { 0 };
        other
    });
    let (first, second) = parts.split_at(second.filter(|_| listed).unwrap_or(parts.len()));
    for list in [first, second] {
        let open = listed && open_list(text, total, list);
        list_claims(text, sentence, (total, column), list, open, claims, used);
    }
}

/// Words of an item in brackets that make it a part of the amount before the brackets, with no
/// 其中 or 含 to say so: a row of the table ([`PART_NAMES`]), [`WHOLE_PAIRS`], or a part of a budget
/// (`全年预算数 A（年初预算 B，年中追加 C）`).
const BRACKETED_PARTS: [&str; 4] = ["年初", "追加", "调增", "结转"];

/// Whether `parts` are a breakdown of `whole` in the brackets right after it, though nothing says
/// so (`基本支出 A 万元（人员经费 B 万元、公用经费 C 万元）`): each names a part, and none compares
/// (`（上年为 B，较上年增加 C）`).
fn bracketed_parts(text: &Narrative, whole: &Figure, parts: &[usize]) -> bool {
    let figures = &text.figures;
    let Some(first) = parts.first().and_then(|p| figures.get(*p)) else {
        return false;
    };
    let Some(open) = (whole.at.end..first.at.start).find(|&i| matches!(text.chars.get(i), Some('（' | '('))) else {
        return false;
    };
    let right_after = (whole.at.end..open).all(|i| text.chars.get(i).is_some_and(|c| c.is_whitespace()));
    right_after
        && parts.iter().filter_map(|p| figures.get(*p)).all(|p| {
            let item = p.item.max(open + 1)..p.at.start;
            let named = [&PART_NAMES[..], &WHOLE_PAIRS[0], &BRACKETED_PARTS]
                .iter()
                .any(|words| any(text, &item, words));
            let compares = [&SAME_PERIOD[..], &LAST_YEAR, &COMPARED, &ROSE]
                .iter()
                .any(|words| any(text, &item, words));
            p.aside && named && !compares
        })
}

/// Of `candidates`, the first amount of each item (`、` and clause ends part items).
fn first_of_each_item(figures: &[Figure], candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut last_item = None;
    candidates
        .filter(|i| {
            let item = figures.get(*i).map(|f| f.item);
            item != std::mem::replace(&mut last_item, item)
        })
        .collect()
}

/// Whether a list may name only some of its total's parts: none of its items is a row
/// of the table, and they are not the whole of 基本支出 (人员经费 and 公用经费).
fn open_list(text: &Narrative, total: usize, parts: &[usize]) -> bool {
    let figures = &text.figures;
    let items = || parts.iter().filter_map(|p| figures.get(*p)).map(|f| f.item..f.at.start);
    let of_basic = figures
        .get(total)
        .is_some_and(|t| text.contains(t.item..t.at.start, "基本支出"));
    let whole = of_basic
        && WHOLE_PAIRS
            .iter()
            .any(|pair| pair.iter().all(|w| items().any(|item| text.contains(item, w))));
    !whole && !items().any(|item| any(text, &item, &PART_NAMES))
}

/// The claims of a list of parts of `total`: their sum, each part that names a row of the table
/// in `column`, and each part's share stated after it or after the list.
fn list_claims(
    text: &Narrative,
    sentence: usize,
    (total, column): (usize, Option<Role>),
    parts: &[usize],
    open: bool,
    claims: &mut Vec<Claim>,
    used: &mut [bool],
) {
    let figures = &text.figures;
    let (Some(first), Some(last)) = (
        parts.first().and_then(|i| figures.get(*i)),
        parts.last().and_then(|i| figures.get(*i)),
    ) else {
        return;
    };
    if parts.len() >= 2 {
        claims.push(Claim {
            kind: ClaimKind::Parts,
            at: first.at.start..last.at.end,
            sentence,
            what: What::Parts {
                total,
                parts: parts.to_vec(),
                open,
            },
        });
    }
    // the shares after the list, one for each part in its order: 基本支出 A、项目支出 B，分别占 x% 和 y%
    let last = parts.last().copied().unwrap_or(0);
    let after = (last + 1..last + 1 + parts.len())
        .filter(|&k| {
            figures
                .get(k)
                .is_some_and(|s| s.sentence == sentence && s.measure == Measure::Percent)
        })
        .count();
    let respectively = after == parts.len()
        && figures
            .get(last + 1)
            .is_some_and(|s| text.contains(window(s), "分别") && text.contains(window(s), "占"));
    // claims in the order of the text: a part's own figure, then its share right after it, or
    // every share after the list when they come 分别
    let mut shares = Vec::new();
    for (n, &part) in parts.iter().enumerate() {
        let Some(p) = figures.get(part) else { continue };
        let named = PART_NAMES
            .iter()
            .position(|name| text.contains(p.item..p.at.start, name));
        if let (Some(name), Some(col @ (Role::Executed | Role::Planned))) = (named, column) {
            claims.push(Claim {
                kind: ClaimKind::Restated,
                at: p.at.clone(),
                sentence,
                what: What::Restated {
                    figure: part,
                    field: Field::Part(name, Some(col == Role::Executed)),
                },
            });
        }
        // a share right after the part: 其中财政拨款 A 万元，占 Z%
        let share = if respectively { last + 1 + n } else { part + 1 };
        let next_part = parts.get(n + 1).copied().unwrap_or(usize::MAX);
        // 占预算数的 X% is the part's execution rate, no share of the total
        if let Some(s) = figures.get(share).filter(|s| {
            s.sentence == sentence
                && s.measure == Measure::Percent
                && (respectively || (share < next_part && text.contains(window(s), "占")))
                && !text.contains(window(s), "预算")
        }) {
            if let Some(u) = used.get_mut(share) {
                *u = true;
            }
            let claim = Claim {
                kind: ClaimKind::Rate,
                at: s.at.clone(),
                sentence,
                what: What::Rate {
                    stated: share,
                    base: Some(Base::Of {
                        numerator: part,
                        denominator: total,
                    }),
                    unit: false,
                },
            };
            if respectively {
                shares.push(claim);
            } else {
                claims.push(claim);
            }
        }
    }
    claims.append(&mut shares);
}

/// Items that together are the whole of 基本支出 split after 其中, though no rows of the table.
const WHOLE_PAIRS: [[&str; 2]; 1] = [["人员经费", "公用经费"]];

/// What may stand between 等级 and the grade it names (`等级为"优"`). Character lists, not a `str`:
/// `str::contains` of a Chinese character searches with the substring searcher, kilobytes of the
/// module.
const BEFORE_GRADE: [char; 16] = [
    '为', '是', ':', '：', '"', '“', '”', '\'', '‘', '’', '「', '」', '『', '』', '（', '(',
];

/// The quotes and brackets of [`BEFORE_GRADE`], which may also close a grade word (`"良"等级`).
fn quote(c: &char) -> bool {
    BEFORE_GRADE[4..].contains(c)
}

/// What ends a clause, for quoting a claim from its clause's start.
const CLAUSE_ENDS: [char; 7] = ['，', '、', '；', '：', ',', ';', ':'];

/// Words that name a grade after them only with 为, 是 or a colon between and only when the grade
/// word ends its clause (`综合评定为优秀。`, `自评结果：良好`): `被评为优秀共产党员` is an award.
const GRADE_LEADS: [&str; 3] = ["结果", "评定", "评为"];

/// The grade word at `i` or after what may stand before it, with where it is; with `lead`, only as
/// [`GRADE_LEADS`] name one.
fn grade_after(text: &Narrative, start: usize, lead: bool) -> Option<Range<usize>> {
    let mut i = start;
    let mut linked = text.ends_at(start, "为");
    while let Some(c) = text.chars.get(i).filter(|c| BEFORE_GRADE.contains(c) && i < start + 4) {
        linked |= matches!(c, '为' | '是' | ':' | '：');
        i += 1;
    }
    let (word, _) = GRADE_WORDS.iter().find(|(w, _)| text.has_at(i, w))?;
    let end = i + word.chars().count();
    let ends_clause =
        text.chars.get(end).is_none_or(|&c| {
            CLAUSE_ENDS.contains(&c) || quote(&c) || matches!(c, '。' | '！' | '？' | '\n' | '）' | ')')
        }) || text.has_at(end, "等");
    (!lead || (linked && ends_clause)).then_some(i..end)
}

/// `为优秀等次`, `"良"等级`: the grade word just before 等级 or 等次 at `mark`. A word of one character
/// only after 为, 是, a colon or a quote: `中等级别` names no grade.
fn grade_before(text: &Narrative, mark: usize) -> Option<Range<usize>> {
    let mut end = mark;
    while end + 2 > mark && end > 0 && text.chars.get(end - 1).is_some_and(quote) {
        end -= 1;
    }
    let (word, _) = GRADE_WORDS.iter().find(|(w, _)| text.ends_at(end, w))?;
    let start = end - word.chars().count();
    let marked = start
        .checked_sub(1)
        .and_then(|b| text.chars.get(b))
        .is_some_and(|c| BEFORE_GRADE.contains(c));
    (word.chars().nth(1).is_some() || marked).then_some(start..end)
}

/// `评价等级为"优"`, `评定为优秀等次`, `自评结果为良好`: each grade word named as one, and the score
/// stated before it.
fn grades(text: &Narrative, roles: &Roles, bands: &[GradeBand], sections: &[bool], claims: &mut Vec<Claim>) {
    let mut found: Vec<Range<usize>> = Vec::new();
    // `等级为优秀等次` names one grade twice. A grade word is a few characters from the mark that
    // finds it, and the marks are read in order: one found twice is among those found last.
    let mut add = |at: Option<Range<usize>>| {
        if let Some(at) = at {
            let mut near = found.iter().rev().take_while(|r| r.start + WINDOW >= at.start);
            if !near.any(|r| *r == at) {
                found.push(at);
            }
        }
    };
    for k in 0..text.chars.len() {
        if text.has_at(k, "等级") || text.has_at(k, "等次") {
            add(grade_before(text, k));
            add(grade_after(text, k + 2, false));
        } else if GRADE_LEADS.iter().any(|lead| text.has_at(k, lead)) {
            add(grade_after(text, k + 2, true));
        }
    }
    // where the sentence of the grade before first names a part
    let mut part_named = (usize::MAX, usize::MAX);
    for at in found {
        let k = at.start;
        let word = text.text(at.clone());
        let sentence = text.sentences.partition_point(|s| s.end <= k);
        let first_after = text.figures.partition_point(|f| f.at.start < k);
        let score = nearest(text, first_after, sentence.saturating_sub(1), &|j, _| {
            roles.get(j) == Some(Role::Score)
        });
        let expected = score
            .and_then(|s| text.figures.get(s))
            .and_then(|f| grade::grade(round_dp(f.value, decimal::SHOWN_DP), bands))
            .cloned();
        // as the grade's own claim finds it (`What::Grade` in `check`)
        let own_score = score.and_then(|s| text.figures.get(s)).is_some_and(|f| !f.hedged);
        let said = own_score
            && expected
                .as_ref()
                .is_some_and(|b| canonical(&b.grade) != canonical(&word));
        claims.push(Claim {
            kind: ClaimKind::Grade,
            at: at.clone(),
            sentence,
            what: What::Grade {
                score,
                word: word.clone(),
                expected,
            },
        });
        // a project's grade, in its section or after its name, and a threshold (`评价等级为良以下的项目`)
        // are not the unit's grade
        if part_named.0 != sentence {
            let range = text.sentences.get(sentence).cloned().unwrap_or_default();
            part_named = (sentence, first_of(text, &range, &OF_A_PART).unwrap_or(usize::MAX));
        }
        let of_a_part = sections.get(sentence) == Some(&true) || part_named.1 < k;
        let threshold = ["以下", "以上", "及以"].iter().any(|w| text.has_at(at.end, w));
        if !of_a_part && !threshold {
            claims.push(Claim {
                kind: ClaimKind::Restated,
                at,
                sentence,
                what: What::RestatedGrade { word, said },
            });
        }
    }
}

/// A figure as the messages quote it: its number, then its unit after a space (`5,764 件` is
/// `5764 件`, `96.1%` stays), whatever the layout of the text.
fn as_written(text: &Narrative, f: &Figure) -> String {
    let written = text.figure_text(f.at.clone());
    let unit = written.find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '%')));
    match (unit, f.measure) {
        // a rate in words (百分之百) has no digits to set its unit apart from
        (Some(at), _) if at > 0 => [written.get(..at).unwrap_or(""), " ", written.get(at..).unwrap_or("")].concat(),
        // a cell of a pasted table, its unit in the header: said with it
        (None, Measure::Money(unit)) => [written.as_str(), " ", unit.label()].concat(),
        (None, Measure::Percent) if !written.ends_with('%') => written + "%",
        _ => written,
    }
}

/// A figure's value in 元 when it is money, else as written: rates of two figures in one unit.
/// Whether `stated`, to its last digit, is a rate `numerator ÷ denominator` may have for amounts of
/// money that round to what is written: each amount anywhere within half a unit of its last digit.
/// Counts are exact and never widen a rate.
fn rate_within_rounding(stated: &Figure, numerator: &Figure, denominator: &Figure) -> bool {
    let bounds = |f: &Figure| {
        let Measure::Money(unit) = f.measure else {
            return None;
        };
        let value = unit.convert(f.value, MoneyUnit::Yuan)?;
        let half = unit.convert(Decimal::new(5, f.decimals.saturating_add(1).min(28)), MoneyUnit::Yuan)?;
        Some((sub(value, half), decimal::add(value, half)))
    };
    let (Some((n_low, n_high)), Some((d_low, d_high))) = (bounds(numerator), bounds(denominator)) else {
        return false;
    };
    if d_low <= Decimal::ZERO {
        return false;
    }
    let (Some(low), Some(high)) = (
        mul_div(n_low, Decimal::ONE_HUNDRED, d_high),
        mul_div(n_high, Decimal::ONE_HUNDRED, d_low),
    ) else {
        return false;
    };
    let half = Decimal::new(5, stated.decimals.saturating_add(1).min(28));
    sub(stated.value, half) <= high && decimal::add(stated.value, half) >= low
}

fn comparable(f: &Figure) -> Option<Decimal> {
    match f.measure {
        Measure::Money(unit) => unit.convert(f.value, MoneyUnit::Yuan),
        _ => Some(f.value),
    }
}

/// The verdict of a stated percentage against the exact one (domain.md §8).
fn rate_verdict(stated: &Figure, exact: Decimal) -> Verdict {
    let dp = stated.decimals.min(26);
    if stated.value == round_dp(exact, dp) {
        Verdict::Ok
    } else if sub(stated.value, exact).abs() < unit_in_last_place(dp) {
        Verdict::Note
    } else {
        Verdict::Error
    }
}

/// Whether the nearest year written before the claim in its sentence (`2023年度自评得分 88.50 分`)
/// is another than the table's: then the table says nothing of it.
fn of_another_year(text: &Narrative, claim: &Claim, table: &Table) -> bool {
    let start = text.sentences.get(claim.sentence).map_or(0, |s| s.start);
    let before = text.years.partition_point(|(at, _)| *at < claim.at.start);
    let nearest = before.checked_sub(1).and_then(|i| text.years.get(i));
    nearest.is_some_and(|&(at, y)| at >= start && table.year.is_some_and(|t| t != y))
}

/// A claim's verdict, given the figures the table contradicts (`wrong`: restated wrong). A rate or
/// a sum computed from one of them that does not come out right is not held against the text: its
/// one mistake is already said, and the rest would send the reader to figures that are right. The
/// unit's budget rate is then held to the table's.
pub fn beside_wrong(
    claim: &Claim,
    checked: (Verdict, Option<Finding>),
    text: &Narrative,
    table: Option<&Table>,
    wrong: &[usize],
) -> (Verdict, Option<Finding>) {
    let on_wrong = |f: &usize| wrong.contains(f);
    let built_on_wrong = match &claim.what {
        What::Rate { base: Some(base), .. } => base.figures().iter().any(on_wrong),
        What::Parts { total, parts, .. } => on_wrong(total) || parts.iter().any(on_wrong),
        _ => false,
    };
    if matches!(checked.0, Verdict::Ok | Verdict::Unchecked) || !built_on_wrong {
        return checked;
    }
    match (&claim.what, claim.kind) {
        (What::Rate { stated, unit: true, .. }, ClaimKind::BudgetRate) => match text.figures.get(*stated) {
            Some(s) => table_rate(claim, s, text, table),
            None => (Verdict::Unchecked, None),
        },
        _ => (Verdict::Unchecked, None),
    }
}

/// The verdict of a claim, and its finding when it is wrong or rounded.
pub fn check(claim: &Claim, text: &Narrative, table: Option<&Table>) -> (Verdict, Option<Finding>) {
    let figures = &text.figures;
    let fig = |i: &usize| figures.get(*i);
    let written = |i: &usize| fig(i).map(|f| as_written(text, f)).unwrap_or_default();
    let hedged = |is: &[usize]| is.iter().any(|i| fig(i).is_none_or(|f| f.hedged));
    let unchecked = (Verdict::Unchecked, None);
    let found = |verdict: Verdict, finding: Finding| {
        let finding = (verdict != Verdict::Ok).then(|| at(finding, text, claim));
        (verdict, finding)
    };
    match &claim.what {
        What::Rate { stated, base, unit } => {
            let Some(s) = fig(stated) else { return unchecked };
            let (numerator, denominator, involved, shown) = match *base {
                Some(Base::Of { numerator, denominator }) => (
                    fig(&numerator).and_then(comparable),
                    fig(&denominator).and_then(comparable),
                    vec![numerator, denominator],
                    (written(&numerator), written(&denominator)),
                ),
                Some(Base::Complement { executed, unpaid }) => {
                    let (e, u) = (fig(&executed).and_then(comparable), fig(&unpaid).and_then(comparable));
                    let planned = e.zip(u).map(|(e, u)| decimal::add(e, u));
                    let shown = fig(&executed).map_or(String::new(), |f| in_unit_of(planned.unwrap_or_default(), f));
                    (e, planned, vec![executed, unpaid], (written(&executed), shown))
                }
                Some(Base::Change { current, change, fell }) => {
                    let (c, d) = (fig(&current).and_then(comparable), fig(&change).and_then(comparable));
                    let base = c.zip(d).map(|(c, d)| if fell { decimal::add(c, d) } else { sub(c, d) });
                    let shown = fig(&current).map_or(String::new(), |f| in_unit_of(base.unwrap_or_default(), f));
                    (d, base, vec![current, change], (written(&change), shown))
                }
                Some(Base::Since { current, before, fell }) => {
                    let (c, b) = (fig(&current).and_then(comparable), fig(&before).and_then(comparable));
                    let change = c.zip(b).map(|(c, b)| if fell { sub(b, c) } else { sub(c, b) });
                    let shown = fig(&current).map_or(String::new(), |f| in_unit_of(change.unwrap_or_default(), f));
                    (change, b, vec![current, before], (shown, written(&before)))
                }
                None if *unit => return table_rate(claim, s, text, table),
                None => return unchecked,
            };
            let exact = numerator
                .zip(denominator)
                .and_then(|(n, d)| mul_div(n, Decimal::ONE_HUNDRED, d));
            let (Some(exact), false) = (exact, s.hedged || hedged(&involved)) else {
                return unchecked;
            };
            let verdict = rate_verdict(s, exact);
            // amounts rounded as far as 0.90 亿元 and 0.87 亿元 allow any rate from 95.6 to 97.8 %:
            // they cannot show a rate wrong, and the table, when there is one, decides
            if verdict == Verdict::Error {
                if let Some(Base::Of { numerator, denominator }) = *base {
                    if let (Some(n), Some(d)) = (fig(&numerator), fig(&denominator)) {
                        if rate_within_rounding(s, n, d) {
                            return if *unit {
                                table_rate(claim, s, text, table)
                            } else {
                                unchecked
                            };
                        }
                    }
                }
            }
            found(verdict, rate_finding(claim.kind, verdict, text, s, exact, shown))
        }
        What::Parts { total, parts, open } => {
            let Some(t) = fig(total) else { return unchecked };
            let Measure::Money(unit) = t.measure else {
                return unchecked;
            };
            if t.hedged || hedged(parts) {
                return unchecked;
            }
            let mut sum = Decimal::ZERO;
            // the total is rounded too (356.81 万元 of parts in 元)
            let mut tolerance = match t.decimals {
                0 => Decimal::ZERO,
                d => Decimal::new(5, d.saturating_add(1).min(28)),
            };
            for p in parts.iter().filter_map(fig) {
                let Measure::Money(from) = p.measure else {
                    return unchecked;
                };
                let (Some(value), Some(half)) = (
                    from.convert(p.value, unit),
                    from.convert(Decimal::new(5, p.decimals.saturating_add(1).min(28)), unit),
                ) else {
                    return unchecked;
                };
                sum = decimal::add(sum, value);
                if p.decimals > 0 {
                    tolerance = decimal::add(tolerance, half);
                }
            }
            let difference = sub(sum, t.value).abs();
            let verdict = if difference.is_zero() {
                Verdict::Ok
            } else if difference <= tolerance {
                Verdict::Note
            } else {
                Verdict::Error
            };
            let (msg, severity) = match verdict {
                Verdict::Note => (Msg::NarrativePartsSumRounding, Severity::Info),
                _ if *open && sum < t.value => (Msg::NarrativePartsShortOfTotal, Severity::Warning),
                _ => (Msg::NarrativePartsSumMismatch, Severity::Error),
            };
            let finding = Finding::new(msg, severity, "narrative")
                .with("sum", money_text(sum))
                .with("total", money_text(t.value))
                .with("difference", money_text(difference))
                .with("unit", unit.label());
            found(verdict, finding)
        }
        What::Grade { score, word, expected } => {
            let own = score.and_then(|s| fig(&s)).filter(|f| !f.hedged);
            let (Some(s), Some(band)) = (own, expected) else {
                return unchecked;
            };
            if canonical(&band.grade) == canonical(word) {
                return (Verdict::Ok, None);
            }
            let finding = Finding::new(Msg::NarrativeGradeMismatch, Severity::Error, "narrative")
                .with("score", fixed2(s.value))
                .with("expected", band.grade.as_str())
                .with("expectedEn", band.grade_en.as_str())
                .with("stated", word.as_str());
            found(Verdict::Error, finding)
        }
        What::RestatedGrade { word, said } => {
            match table.filter(|t| !t.grade.is_empty() && !of_another_year(text, claim, t)) {
                Some(t) if *said && canonical(&t.grade) != canonical(word) => (Verdict::Error, None),
                Some(t) if canonical(&t.grade) != canonical(word) => found(
                    Verdict::Error,
                    differs("评价等级", "the grade", word.clone(), t.grade.clone()),
                ),
                Some(_) => (Verdict::Ok, None),
                None => unchecked,
            }
        }
        What::Restated { figure, field } => {
            let (Some(f), Some(table)) = (fig(figure), table) else {
                return unchecked;
            };
            if f.hedged || of_another_year(text, claim, table) {
                return unchecked;
            }
            // the table's figures the text may restate: a row's either column when its words
            // do not say which, the executed first
            let (values, zh, en) = match *field {
                Field::Planned => ([table.planned, None], "预算数", "a budget of"),
                Field::Executed => ([table.executed, None], "执行数", "spending of"),
                Field::Score => ([Some(table.score), None], "自评得分", "a score of"),
                Field::Part(n, column) => {
                    let (planned, executed) = table.parts.get(n).map_or((None, None), |(_, p, e)| (*p, *e));
                    let values = match column {
                        Some(true) => [executed, None],
                        Some(false) => [planned, None],
                        None => [executed, planned],
                    };
                    (
                        values,
                        PART_NAMES.get(n).copied().unwrap_or_default(),
                        PART_NAMES_EN.get(n).copied().unwrap_or("a part of"),
                    )
                }
            };
            // the row's column, when the words name one: 基本支出预算数 and 基本支出执行数 apart
            let (zh, en) = match *field {
                Field::Part(_, Some(executed)) => {
                    let (column, column_en) = if executed {
                        ("执行数", "")
                    } else {
                        ("预算数", "a budget for ")
                    };
                    ([zh, column].concat(), [column_en, en].concat())
                }
                _ => (zh.to_string(), en.to_string()),
            };
            let dp = f.decimals.min(26);
            let in_text_unit = |v: Decimal| match f.measure {
                Measure::Money(unit) => table.money_unit.convert(v, unit),
                _ => Some(v),
            };
            let agrees = |v: Decimal| {
                // a figure more precise than the table (372,118,956.42 元 of 37,211.90 万元) agrees
                // when it rounds to the table's figure
                let coarser = || match f.measure {
                    Measure::Money(unit) => unit
                        .convert(f.value, table.money_unit)
                        .is_some_and(|x| round_dp(x, v.scale()) == v),
                    _ => false,
                };
                in_text_unit(v).is_some_and(|t| round_dp(t, dp) == f.value) || coarser()
            };
            let mut values = values.into_iter().flatten();
            let Some(table_value) = values.clone().next().and_then(in_text_unit) else {
                return unchecked;
            };
            if values.any(agrees) {
                return (Verdict::Ok, None);
            }
            let shown = match f.measure {
                // whole when the text wrote it whole and the table's is (30,423,000 元 of 3,042.30
                // 万元), else with two decimals at least
                Measure::Money(unit) => {
                    let whole = round_dp(table_value, 0);
                    let amount = match dp == 0 && whole == table_value {
                        true => display_grouped(whole),
                        false => money_text(round_dp(table_value, dp.max(2))),
                    };
                    [&amount, " ", unit.label()].concat()
                }
                _ => fixed2(table_value) + " 分",
            };
            found(Verdict::Error, differs(&zh, &en, written(figure), shown))
        }
    }
}

/// A rate's finding: wrong (`Verdict::Error`) or not rounded half up (`Verdict::Note`), with the
/// amounts it is computed from as `shown` (executed, planned).
fn rate_finding(
    kind: ClaimKind,
    verdict: Verdict,
    text: &Narrative,
    stated: &Figure,
    exact: Decimal,
    shown: (String, String),
) -> Finding {
    let (code, imprecise) = match kind {
        ClaimKind::BudgetRate => (Msg::NarrativeBudgetRateMismatch, Msg::NarrativeBudgetRateImprecise),
        _ => (Msg::NarrativeRateMismatch, Msg::NarrativeRateImprecise),
    };
    let (msg, severity) = match verdict {
        Verdict::Note => (imprecise, Severity::Info),
        _ => (code, Severity::Error),
    };
    let mut finding = Finding::new(msg, severity, "narrative");
    if kind == ClaimKind::BudgetRate {
        let (rate, rate_en) = budget_rate_name(text, stated);
        finding = finding.with("rate", rate).with("rateEn", rate_en);
    }
    finding
        .with("stated", as_written(text, stated))
        .with("computed", fixed2(exact) + "%")
        .with("expected", fixed(exact, stated.decimals.min(26)) + "%")
        .with("numerator", shown.0)
        .with("denominator", shown.1)
}

/// A rate stated without its figures (`预算执行率为 96.1%`) against the table's.
fn table_rate(claim: &Claim, stated: &Figure, text: &Narrative, table: Option<&Table>) -> (Verdict, Option<Finding>) {
    let table = table.filter(|t| !of_another_year(text, claim, t));
    let (Some(t), ClaimKind::BudgetRate, false) = (table, claim.kind, stated.hedged) else {
        return (Verdict::Unchecked, None);
    };
    let Some(rate) = t.rate else {
        return (Verdict::Unchecked, None);
    };
    match rate_verdict(stated, rate) {
        Verdict::Ok => return (Verdict::Ok, None),
        // cut off rather than rounded (96.09% of 96.0999…%): said as it is of the text's own figures
        Verdict::Note => {
            let (Some(executed), Some(planned)) = (t.executed, t.planned) else {
                return (Verdict::Ok, None);
            };
            let unit = t.money_unit.label();
            let shown = (
                [&money_text(executed), " ", unit].concat(),
                [&money_text(planned), " ", unit].concat(),
            );
            let finding = rate_finding(claim.kind, Verdict::Note, text, stated, rate, shown);
            return (Verdict::Note, Some(at(finding, text, claim)));
        }
        _ => {}
    }
    let (rate_name, rate_en) = budget_rate_name(text, stated);
    let finding = differs(
        rate_name,
        &[rate_en, " of"].concat(),
        as_written(text, stated),
        fixed2(rate) + "%",
    );
    (Verdict::Error, Some(at(finding, text, claim)))
}

fn differs(field: &str, field_en: &str, stated: String, table: String) -> Finding {
    Finding::new(Msg::NarrativeDiffersFromTable, Severity::Error, "narrative")
        .with("field", field)
        .with("fieldEn", field_en)
        .with("stated", stated)
        .with("table", table)
}

/// An amount with thousands groups and at least two decimals (`42.30`, `8,712.83`).
fn money_text(x: Decimal) -> String {
    crate::score::budget::amount_text(x)
}

/// A value in 元 shown in the unit of `like`, with at least its decimals (`48.00 万元` of 45.60 万元
/// and 2.40 万元).
fn in_unit_of(yuan: Decimal, like: &Figure) -> String {
    match like.measure {
        Measure::Money(unit) => MoneyUnit::Yuan
            .convert(yuan, unit)
            .map(|v| {
                let mut v = v.normalize();
                if v.scale() < like.decimals {
                    v.rescale(like.decimals);
                }
                [display_grouped(v).as_str(), " ", unit.label()].concat()
            })
            .unwrap_or_default(),
        Measure::Count(unit) => [display_grouped(yuan.normalize()).as_str(), " ", unit].concat(),
        _ => display_grouped(yuan.normalize()),
    }
}

/// Numbers with a unit that cannot be read exactly: said, never guessed. A text with nothing but
/// spaces (a file whose words are in a scan) is said to be empty: "no problem found" would mislead.
pub fn unreadable(text: &Narrative, findings: &mut Vec<Finding>) {
    if text.chars.iter().all(|c| c.is_whitespace() || *c == '\u{feff}') {
        findings.push(Finding::new(Msg::NarrativeEmpty, Severity::Warning, "narrative"));
    }
    for u in &text.unreadable {
        let mut f = Finding::new(Msg::NarrativeUnreadableNumber, Severity::Warning, "narrative")
            .with("text", crate::finding::clip(&text.text(u.at.clone())))
            .with("reason", u.error.reason());
        f.span = Some(text.place(u.at.clone()));
        findings.push(f);
    }
}

/// A finding at a claim's figure, quoting its sentence: all of it, or 40 characters before the
/// figure and 20 after.
fn at(finding: Finding, text: &Narrative, claim: &Claim) -> Finding {
    let mut sentence = text.sentences.get(claim.sentence).cloned().unwrap_or(claim.at.clone());
    // a line's break is no part of what is quoted
    while sentence.end > claim.at.end && text.chars.get(sentence.end - 1) == Some(&'\n') {
        sentence.end -= 1;
    }
    let mut start = sentence.start.max(claim.at.start.saturating_sub(40));
    // from the start of a clause, never inside a number
    if start > sentence.start {
        let clause = (start..claim.at.start).find(|&i| text.chars.get(i).is_some_and(|c| CLAUSE_ENDS.contains(c)));
        start = clause.map_or(start, |i| i + 1);
    }
    let end = sentence.end.min(claim.at.end + 20);
    let quoted = [
        if start > sentence.start { "…" } else { "" },
        &text.text(start..end),
        if end < sentence.end { "…" } else { "" },
    ]
    .concat();
    let mut finding = finding.with("sentence", quoted);
    finding.span = Some(text.place(claim.at.clone()));
    finding
}

//! The 说明's 预算支出情况 paragraph and 自评结论 sentence, written from the table in the shape units
//! write them: only what the table has, never from a budget table that is wrong, and no score
//! from weights that do not add up to the total, so that a draft always agrees with its table.

use schemars::JsonSchema;

use crate::decimal::fixed2;
use crate::finding::{Issue, Severity};
use crate::messages::Lang;
use crate::model::Model;
use crate::narrative::table::Table;
use crate::score::budget::amount_text;
use crate::score::Evaluation;

/// A drafted paragraph and sentence, or the errors that stopped them.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// 预算支出情况: the budget, the spending, the rate, the parts by source and by nature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<String>,
    /// 自评结论: the score and the grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
    /// The errors that stopped a part: the budget table's (no `budget`), or the indicators'
    /// weights not adding up to the total (no `conclusion`).
    pub issues: Vec<Issue>,
}

/// The words of a drafted paragraph in one language; the rows of the budget table in the order of
/// [`PART_NAMES`](crate::narrative::table::PART_NAMES).
struct Words {
    planned: &'static str,
    executed: &'static str,
    rate: [&'static str; 2],
    by: [&'static str; 2],
    parts: [&'static str; 6],
    comma: &'static str,
    stop: &'static str,
    conclusion: [&'static str; 3],
}

const ZH: Words = Words {
    planned: "全年预算数 ",
    executed: "执行数 ",
    rate: ["完成预算的 ", ""],
    by: ["按资金来源分，", "按支出性质看，"],
    parts: [
        "一般公共预算财政拨款支出 ",
        "政府性基金预算财政拨款支出 ",
        "国有资本经营预算财政拨款支出 ",
        "其他资金支出 ",
        "基本支出 ",
        "项目支出 ",
    ],
    comma: "，",
    stop: "。",
    conclusion: ["自评得分为 ", " 分，评价等级为“", "”。"],
};

const EN: Words = Words {
    planned: "The full-year budget was ",
    executed: "spending was ",
    rate: ["", " of the budget"],
    by: ["By source: ", "By nature: "],
    parts: [
        "general public budget appropriations ",
        "government fund budget appropriations ",
        "state capital operation budget appropriations ",
        "other funds ",
        "basic spending ",
        "project spending ",
    ],
    comma: ", ",
    stop: ". ",
    conclusion: ["The self-evaluation scores ", ", graded ", "."],
};

pub fn draft(model: &Model, evaluation: &Evaluation, lang: Lang) -> Draft {
    let issues: Vec<Issue> = evaluation
        .budget
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_issue(lang))
        .collect();
    let table = Table::new(model, evaluation);
    let words = if lang == Lang::En { &EN } else { &ZH };
    let amount = |x| [amount_text(x).as_str(), " ", table.money_unit.label()].concat();
    let mut budget = String::new();
    // one sentence of the totals and the rate, then one by source and one by nature
    let mut clauses: Vec<String> = Vec::new();
    if let Some(p) = table.planned {
        clauses.push([words.planned, &amount(p)].concat());
    }
    if let Some(e) = table.executed {
        clauses.push([words.executed, &amount(e)].concat());
    }
    if let (Some(rate), Some(_)) = (table.rate, table.planned) {
        clauses.push([words.rate[0], &fixed2(rate), "%", words.rate[1]].concat());
    }
    for (n, by) in words.by.iter().enumerate() {
        if !clauses.is_empty() {
            budget.push_str(&clauses.join(words.comma));
            budget.push_str(words.stop);
        }
        clauses = (n * 4..(n * 4 + 4).min(6))
            .filter_map(|k| Some([words.parts.get(k)?, amount(table.parts.get(k)?.2?).as_str()].concat()))
            .collect();
        if let Some(first) = clauses.first_mut() {
            first.insert_str(0, by);
        }
    }
    if !clauses.is_empty() {
        budget.push_str(&clauses.join(words.comma));
        budget.push_str(words.stop);
    }
    // a score over weights that do not add up to the total (105.54 of 110) is no 自评得分 to state
    let unweighed: Vec<&Issue> = evaluation
        .tree
        .total_issues()
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    let conclusion = (evaluation.tree.has_leaves() && unweighed.is_empty()).then(|| {
        let [before, between, after] = words.conclusion;
        let grade = if lang == Lang::En {
            let en = evaluation.grade(model).map(|b| b.grade_en.as_str()).unwrap_or_default();
            [&table.grade, " (", en, ")"].concat()
        } else {
            table.grade.clone()
        };
        [before, &fixed2(table.score), between, &grade, after].concat()
    });
    let budget = budget.trim_end().to_string();
    let budget = (issues.is_empty() && !budget.is_empty()).then_some(budget);
    let mut issues = issues;
    issues.extend(unweighed.into_iter().cloned());
    Draft {
        budget,
        conclusion,
        issues,
    }
}

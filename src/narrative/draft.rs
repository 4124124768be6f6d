//! The 说明's 预算支出情况 paragraph and 自评结论 sentence, written from the table in the shape units
//! write them: only what the table has, and never from a budget table that is wrong, so that a
//! drafted paragraph always agrees with its table.

use schemars::JsonSchema;

use crate::decimal::fixed2;
use crate::finding::{Issue, Severity};
use crate::messages::Lang;
use crate::model::Model;
use crate::narrative::table::Table;
use crate::score::budget::amount_text;
use crate::score::Evaluation;

/// A drafted paragraph and sentence, or the budget errors that stopped the paragraph.
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
    /// The budget table's errors, when there are any: the paragraph is not drafted.
    pub issues: Vec<Issue>,
}

/// How the rows of the budget table are named in a sentence, in the order of
/// [`PART_NAMES`](crate::narrative::table::PART_NAMES).
const PART_WORDS: [(&str, &str); 6] = [
    ("一般公共预算财政拨款支出", "general public budget appropriations"),
    ("政府性基金预算财政拨款支出", "government fund budget appropriations"),
    (
        "国有资本经营预算财政拨款支出",
        "state capital operation budget appropriations",
    ),
    ("其他资金支出", "other funds"),
    ("基本支出", "basic spending"),
    ("项目支出", "project spending"),
];

pub fn draft(model: &Model, evaluation: &Evaluation, lang: Lang) -> Draft {
    let issues: Vec<Issue> = evaluation
        .budget
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_issue(lang))
        .collect();
    let table = Table::new(model, evaluation);
    let zh = lang == Lang::ZhCn;
    let unit = table.money_unit.label();
    let amount = |x| {
        if zh {
            [" ", &amount_text(x), " ", unit].concat()
        } else {
            [&amount_text(x), " (", unit, ")"].concat()
        }
    };
    let budget = issues.is_empty().then(|| {
        let mut sentences = Vec::new();
        let mut first = Vec::new();
        if let Some(p) = table.planned {
            first.push(
                [
                    if zh {
                        "全年预算数"
                    } else {
                        "The full-year budget was "
                    },
                    &amount(p),
                ]
                .concat(),
            );
        }
        if let Some(e) = table.executed {
            first.push([if zh { "执行数" } else { "spending was " }, &amount(e)].concat());
        }
        if let (Some(rate), true) = (table.rate, table.planned.is_some()) {
            let rate = fixed2(rate) + "%";
            first.push(if zh {
                ["完成预算的 ", &rate].concat()
            } else {
                [&rate, " of the budget"].concat()
            });
        }
        sentences.push(first.join(if zh { "，" } else { ", " }));
        for (range, zh_head, en_head) in [
            (0..4, "按资金来源分，", "By source: "),
            (4..6, "按支出性质看，", "By nature: "),
        ] {
            let items: Vec<String> = range
                .filter_map(|n| {
                    let value = table.parts.get(n).and_then(|(_, _, e)| *e)?;
                    let (zh_name, en_name) = PART_WORDS.get(n)?;
                    Some(
                        [
                            *if zh { zh_name } else { en_name },
                            if zh { "" } else { " " },
                            &amount(value),
                        ]
                        .concat(),
                    )
                })
                .collect();
            if !items.is_empty() {
                sentences.push(
                    [
                        if zh { zh_head } else { en_head },
                        &items.join(if zh { "，" } else { ", " }),
                    ]
                    .concat(),
                );
            }
        }
        let stop = if zh { "。" } else { ". " };
        let text: String = sentences
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| [s.as_str(), stop].concat())
            .collect();
        text.trim_end().to_string()
    });
    let conclusion = evaluation.tree.has_leaves().then(|| {
        let score = fixed2(table.score);
        let band = evaluation.grade(model);
        if zh {
            ["自评得分为 ", &score, " 分，评价等级为“", &table.grade, "”。"].concat()
        } else {
            let en = band.map(|b| b.grade_en.as_str()).unwrap_or_default();
            [
                "The self-evaluation scores ",
                &score,
                ", graded ",
                &table.grade,
                " (",
                en,
                ").",
            ]
            .concat()
        }
    });
    Draft {
        budget: budget.filter(|b| !b.is_empty()),
        conclusion,
        issues,
    }
}

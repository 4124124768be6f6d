//! What the table says, for the claims of a 说明 that restate it.

use rust_decimal::Decimal;

use crate::model::Model;
use crate::read::form::{Column, Text};
use crate::read::number::{parse_amount, MoneyUnit};
use crate::score::claims::year_text;
use crate::score::Evaluation;

/// What the table says, for the claims that restate it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub money_unit: MoneyUnit,
    pub planned: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 执行率 in percent, exact.
    pub rate: Option<Decimal>,
    /// The rows by source and by nature: (name in the text, planned, executed).
    pub parts: Vec<(&'static str, Option<Decimal>, Option<Decimal>)>,
    /// 自评得分 by the rules, two decimals, and its grade.
    pub score: Decimal,
    pub grade: String,
    /// The form's year (`２０２４年` is 2024).
    pub year: Option<u32>,
}

/// The rows of the budget table by the words a 说明 names them with.
pub const PART_NAMES: [&str; 6] = [
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "其他资金",
    "基本支出",
    "项目支出",
];

/// The same rows as the English messages name them, before the amount stated.
pub const PART_NAMES_EN: [&str; 6] = [
    "general public budget funds of",
    "government fund budget funds of",
    "state capital budget funds of",
    "other funds of",
    "basic spending of",
    "project spending of",
];

impl Table {
    pub fn new(model: &Model, evaluation: &Evaluation) -> Table {
        let form = &model.form;
        let unit = form.money_unit;
        let amount = |t: &Option<Text>| {
            t.as_ref()
                .and_then(|t| parse_amount(t.as_str(), unit).ok().flatten())
                .map(|a| a.value)
        };
        let b = &form.budget;
        let rows: [&Column; 6] = [
            &b.by_source.general_public,
            &b.by_source.government_fund,
            &b.by_source.state_capital,
            &b.by_source.other,
            &b.by_nature.basic,
            &b.by_nature.project,
        ];
        Table {
            money_unit: unit,
            planned: amount(&b.total.planned),
            executed: amount(&b.total.executed),
            rate: evaluation.budget.rate,
            parts: PART_NAMES
                .iter()
                .zip(rows)
                .map(|(name, c)| (*name, amount(&c.planned), amount(&c.executed)))
                .collect(),
            score: crate::decimal::round_dp(evaluation.tree.total, crate::decimal::SHOWN_DP),
            grade: evaluation.grade(model).map(|b| b.grade.clone()).unwrap_or_default(),
            year: form.unit.year.as_ref().and_then(|y| year_text(y.as_str()).parse().ok()),
        }
    }
}

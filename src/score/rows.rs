//! What scoring says of each row, as the report and a keystroke's change carry it: plain data,
//! numbers as strings.

use schemars::JsonSchema;

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeafReport {
    pub id: String,
    pub name: String,
    /// The template's English name of the row, where the form did not rename it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Id of the parent row, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The score by the rule (or the claimed score where no rule can apply), 2 decimals.
    pub score: String,
    /// The weight.
    pub max_score: String,
    /// What the filler claimed, normalised to 2 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_score: Option<String>,
    /// The rule kind that produced `score` (`proportional`, `manual` …).
    pub rule: String,
    /// How the score came out, in words.
    pub explain: String,
    /// Whether the target was met; absent when it could not be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubtotalReport {
    pub id: String,
    pub name: String,
    /// The template's English name of the row, where the form did not rename it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub score: String,
    pub max_score: String,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BudgetReport {
    /// 全年预算数 in the form's money unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<String>,
    /// 全年执行数 in the form's money unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed: Option<String>,
    /// 执行率 in percent, 2 decimals (`96.10`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// 执行率 in percent, exact to 28 significant digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_exact: Option<String>,
    /// The rate as the form states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_rate: Option<String>,
    pub by_source: SumReport,
    pub by_nature: SumReport,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SumReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<SumCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed: Option<SumCheck>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SumCheck {
    pub sum: String,
    pub total: String,
    /// `sum − total`.
    pub difference: String,
    /// The largest difference taken as rounding: 0.01 per summand beyond the first.
    pub tolerance: String,
    pub verdict: SumVerdict,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SumVerdict {
    Equal,
    Rounding,
    Mismatch,
}

//! The report: plain data for whoever renders it (terminal, JSON, DOM). Numbers are strings.

use schemars::JsonSchema;

use crate::issue::Issue;
use crate::json_write::{ObjectWriter, ToJson};
use crate::messages::Lang;
use crate::number::MoneyUnit;

pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub version: u32,
    pub lang: Lang,
    pub unit: ReportUnit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    pub money_unit: MoneyUnit,
    /// 自评得分 by the rules: the sum of the rounded leaf scores, 2 decimals.
    pub score: String,
    /// The sum of the leaf weights.
    pub max_score: String,
    /// 评价等级 of `score`.
    pub grade: String,
    pub grade_en: String,
    pub claimed: ReportClaimed,
    pub leaves: Vec<LeafReport>,
    pub subtotals: Vec<SubtotalReport>,
    pub budget: BudgetReport,
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportUnit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportClaimed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

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

#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SumReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<SumCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed: Option<SumCheck>,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SumVerdict {
    Equal,
    Rounding,
    Mismatch,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl ToJson for Report {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("version", &self.version)
            .field("lang", &self.lang)
            .field("unit", &self.unit)
            .optional("template", &self.template)
            .field("moneyUnit", &self.money_unit)
            .field("score", &self.score)
            .field("maxScore", &self.max_score)
            .field("grade", &self.grade)
            .field("gradeEn", &self.grade_en)
            .field("claimed", &self.claimed)
            .field("leaves", &self.leaves)
            .field("subtotals", &self.subtotals)
            .field("budget", &self.budget)
            .field("issues", &self.issues)
            .field("summary", &self.summary)
            .end();
    }
}

impl ToJson for ReportUnit {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("name", &self.name)
            .optional("year", &self.year)
            .end();
    }
}

impl ToJson for ReportClaimed {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("score", &self.score)
            .optional("grade", &self.grade)
            .end();
    }
}

/// What a leaf and a subtotal row both start with, in the order both declare it.
fn row_head<'o>(out: &'o mut String, row: RowHead<'_>) -> ObjectWriter<'o> {
    let mut object = ObjectWriter::new(out);
    object
        .field("id", row.id)
        .field("name", row.name)
        .optional("nameEn", row.name_en)
        .optional("parent", row.parent)
        .field("score", row.score)
        .field("maxScore", row.max_score);
    object
}

struct RowHead<'r> {
    id: &'r str,
    name: &'r str,
    name_en: &'r Option<String>,
    parent: &'r Option<String>,
    score: &'r str,
    max_score: &'r str,
}

impl ToJson for LeafReport {
    fn write_json(&self, out: &mut String) {
        let head = RowHead {
            id: &self.id,
            name: &self.name,
            name_en: &self.name_en,
            parent: &self.parent,
            score: &self.score,
            max_score: &self.max_score,
        };
        row_head(out, head)
            .optional("claimedScore", &self.claimed_score)
            .field("rule", &self.rule)
            .field("explain", &self.explain)
            .optional("met", &self.met)
            .end();
    }
}

impl ToJson for SubtotalReport {
    fn write_json(&self, out: &mut String) {
        let head = RowHead {
            id: &self.id,
            name: &self.name,
            name_en: &self.name_en,
            parent: &self.parent,
            score: &self.score,
            max_score: &self.max_score,
        };
        row_head(out, head).end();
    }
}

impl ToJson for BudgetReport {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("planned", &self.planned)
            .optional("executed", &self.executed)
            .optional("rate", &self.rate)
            .optional("rateExact", &self.rate_exact)
            .optional("statedRate", &self.stated_rate)
            .field("bySource", &self.by_source)
            .field("byNature", &self.by_nature)
            .end();
    }
}

impl ToJson for SumReport {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("planned", &self.planned)
            .optional("executed", &self.executed)
            .end();
    }
}

impl ToJson for SumCheck {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("sum", &self.sum)
            .field("total", &self.total)
            .field("difference", &self.difference)
            .field("tolerance", &self.tolerance)
            .field("verdict", &self.verdict)
            .end();
    }
}

impl ToJson for SumVerdict {
    fn write_json(&self, out: &mut String) {
        let word = match self {
            SumVerdict::Equal => "equal",
            SumVerdict::Rounding => "rounding",
            SumVerdict::Mismatch => "mismatch",
        };
        word.write_json(out);
    }
}

impl ToJson for Summary {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("errors", &self.errors)
            .field("warnings", &self.warnings)
            .field("infos", &self.infos)
            .end();
    }
}

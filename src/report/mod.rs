//! Stage 4, [`Evaluation`] → [`Report`]: plain data for whoever renders it (terminal, JSON, DOM),
//! numbers as strings; a keystroke's [`Change`]; and the JSON writer every output goes through.

pub mod change;
pub mod form;
pub mod json;
pub mod summary;

use schemars::JsonSchema;

pub use crate::score::rows::{BudgetReport, LeafReport, SubtotalReport, SumCheck, SumReport, SumVerdict};
pub use change::{Change, ChangeRef};
pub use summary::{summarize, Summary};

use crate::finding::{Issue, Severity, Values};
use crate::messages::Lang;
use crate::model::Model;
use crate::narrative::{self, Checked, NarrativeReport};
use crate::read::number::MoneyUnit;
use crate::score::evaluation::HeadlineFigures;
use crate::score::Evaluation;
use json::{ObjectWriter, ToJson};

pub const REPORT_VERSION: u32 = 1;

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    /// The 说明's claims, when the form has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<NarrativeReport>,
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportUnit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportClaimed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

/// The report of an evaluation that lives on (the rows and findings are copied), with its 说明
/// checked.
pub fn report(evaluation: &Evaluation, model: &Model, narrative: Option<&Checked>) -> Report {
    let mut issues = evaluation.issues();
    issues.extend(narrative.iter().flat_map(|n| n.issues.iter().cloned()));
    let mut report = headline(evaluation, model, issues);
    (report.leaves, report.subtotals) = evaluation.tree.split_rows();
    report.budget = evaluation.budget.report.clone();
    report.narrative = narrative.map(|n| n.report.clone());
    report
}

/// The report of a one-shot evaluation, moving rows and findings out instead of copying them.
pub fn into_report(evaluation: Evaluation, model: &Model) -> Report {
    let narrative = model
        .form
        .narrative
        .as_deref()
        .map(|text| narrative::check_text(text, Some((model, &evaluation)), evaluation.lang));
    let mut report = headline(&evaluation, model, Vec::new());
    let (rows, budget, mut issues) = evaluation.into_parts();
    (report.leaves, report.subtotals) = rows;
    report.budget = budget;
    if let Some(checked) = narrative {
        issues.extend(checked.issues);
        report.narrative = Some(checked.report);
    }
    report.summary = summarize(&issues);
    report.issues = issues;
    report
}

/// Everything but the rows and the budget figures.
fn headline(evaluation: &Evaluation, model: &Model, issues: Vec<Issue>) -> Report {
    let form = &model.form;
    let HeadlineFigures {
        score,
        max_score,
        grade,
        grade_en,
    } = evaluation.headline_figures(model);
    Report {
        version: REPORT_VERSION,
        lang: evaluation.lang,
        unit: ReportUnit {
            name: form.unit.name.clone(),
            year: form.unit.year.as_ref().map(|y| y.0.clone()),
        },
        template: model.template.as_ref().map(|t| t.id.clone()),
        money_unit: form.money_unit,
        score,
        max_score,
        grade,
        grade_en,
        claimed: ReportClaimed {
            score: form.claimed.score.as_ref().map(|s| s.0.clone()),
            grade: form.claimed.grade.clone(),
        },
        leaves: Vec::new(),
        subtotals: Vec::new(),
        budget: BudgetReport::default(),
        narrative: None,
        summary: summarize(&issues),
        issues,
    }
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
            .optional("narrative", &self.narrative)
            .field("issues", &self.issues)
            .field("summary", &self.summary)
            .end();
    }
}

impl ToJson for NarrativeReport {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("found", &self.found)
            .field("checked", &self.checked)
            .field("claims", &self.claims)
            .end();
    }
}

impl ToJson for narrative::ClaimReport {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("kind", claim_kind(self.kind))
            .field("verdict", verdict(self.verdict))
            .field("text", &self.text)
            .field("span", &self.span)
            .end();
    }
}

fn claim_kind(kind: narrative::ClaimKind) -> &'static str {
    use narrative::ClaimKind::*;
    match kind {
        BudgetRate => "budgetRate",
        Rate => "rate",
        Parts => "parts",
        Grade => "grade",
        Restated => "restated",
    }
}

fn verdict(verdict: narrative::Verdict) -> &'static str {
    use narrative::Verdict::*;
    match verdict {
        Ok => "ok",
        Note => "note",
        Error => "error",
        Unchecked => "unchecked",
    }
}

impl ToJson for crate::finding::Span {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("line", &self.line)
            .field("column", &self.column)
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

impl ToJson for Values {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (k, v) in &self.0 {
            object.field(k, v);
        }
        object.end();
    }
}

impl ToJson for Severity {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for Issue {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code)
            .field("severity", &self.severity)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("values", &self.values)
            .optional("span", &self.span)
            .end();
    }
}

impl ToJson for Lang {
    fn write_json(&self, out: &mut String) {
        self.tag().write_json(out);
    }
}

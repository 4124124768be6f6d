//! What one typed cell changed: the headline figures, the rows whose report changed, and every
//! current finding. Borrowed on the keystroke path, owned for Rust callers.

use schemars::JsonSchema;

use crate::finding::Issue;
use crate::model::Model;
use crate::narrative::{Checked, NarrativeCount};
use crate::report::json::{ObjectWriter, ToJson};
use crate::report::summary::{summarize, Summary};
use crate::score::evaluation::HeadlineFigures;
use crate::score::rows::{BudgetReport, LeafReport, SubtotalReport};
use crate::score::Evaluation;

/// What one typed cell changed.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The total by the rules, 2 decimals.
    pub score: String,
    pub max_score: String,
    pub grade: String,
    pub grade_en: String,
    /// Leaves whose report changed (score, explanation, claim…).
    pub leaves: Vec<LeafReport>,
    /// Parent rows whose subtotal changed.
    pub subtotals: Vec<SubtotalReport>,
    /// The budget figures, when the cell was in the budget table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetReport>,
    /// How many claims the 说明 has and how many were checked, when the form has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<NarrativeCount>,
    /// Every current finding, as in the report.
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

/// The same, borrowed from the evaluator: the keystroke path of the wasm module writes it as JSON
/// without copying rows and findings first.
#[derive(Debug)]
pub struct ChangeRef<'e> {
    figures: HeadlineFigures,
    leaves: Vec<&'e LeafReport>,
    subtotals: Vec<&'e SubtotalReport>,
    budget: Option<&'e BudgetReport>,
    narrative: Option<NarrativeCount>,
    issues: Vec<&'e Issue>,
}

impl<'e> ChangeRef<'e> {
    /// The change after `rows` were re-scored (and the budget table, when `budget_changed`), with
    /// the 说明's findings.
    pub fn new(
        evaluation: &'e Evaluation,
        model: &Model,
        rows: &[usize],
        budget_changed: bool,
        narrative: Option<&'e Checked>,
    ) -> ChangeRef<'e> {
        let (leaves, subtotals) = evaluation.tree.rows_at(rows);
        ChangeRef {
            figures: evaluation.headline_figures(model),
            leaves,
            subtotals,
            budget: budget_changed.then_some(&evaluation.budget.report),
            narrative: narrative.map(|n| n.report.count()),
            issues: evaluation
                .issue_refs()
                .chain(narrative.iter().flat_map(|n| n.issues.iter()))
                .collect(),
        }
    }

    pub fn to_change(&self) -> Change {
        let f = &self.figures;
        Change {
            score: f.score.clone(),
            max_score: f.max_score.clone(),
            grade: f.grade.clone(),
            grade_en: f.grade_en.clone(),
            leaves: self.leaves.iter().map(|l| (*l).clone()).collect(),
            subtotals: self.subtotals.iter().map(|s| (*s).clone()).collect(),
            budget: self.budget.cloned(),
            narrative: self.narrative,
            issues: self.issues.iter().map(|i| (*i).clone()).collect(),
            summary: summarize(self.issues.iter().copied()),
        }
    }
}

impl ToJson for ChangeRef<'_> {
    fn write_json(&self, out: &mut String) {
        let f = &self.figures;
        let figures = [f.score.as_str(), &f.max_score, &f.grade, &f.grade_en];
        let summary = summarize(self.issues.iter().copied());
        write_change(
            out,
            figures,
            &self.leaves,
            &self.subtotals,
            (self.budget, self.narrative),
            &self.issues,
            &summary,
        );
    }
}

impl ToJson for Change {
    fn write_json(&self, out: &mut String) {
        let figures = [self.score.as_str(), &self.max_score, &self.grade, &self.grade_en];
        let budget = self.budget.as_ref();
        write_change(
            out,
            figures,
            &self.leaves,
            &self.subtotals,
            (budget, self.narrative),
            &self.issues,
            &self.summary,
        );
    }
}

/// The one place that lists a change's fields, owned or borrowed.
fn write_change<L: ToJson, S: ToJson, I: ToJson>(
    out: &mut String,
    [score, max_score, grade, grade_en]: [&str; 4],
    leaves: &[L],
    subtotals: &[S],
    (budget, narrative): (Option<&BudgetReport>, Option<NarrativeCount>),
    issues: &[I],
    summary: &Summary,
) {
    ObjectWriter::new(out)
        .field("score", score)
        .field("maxScore", max_score)
        .field("grade", grade)
        .field("gradeEn", grade_en)
        .field("leaves", leaves)
        .field("subtotals", subtotals)
        .optional("budget", &budget)
        .optional("narrative", &narrative)
        .field("issues", issues)
        .field("summary", summary)
        .end();
}

impl ToJson for NarrativeCount {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("found", &self.found)
            .field("checked", &self.checked)
            .end();
    }
}

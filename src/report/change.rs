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
    /// Written instead of `issues` when the caller holds the list of the change before.
    issue_edit: Option<IssueEdit>,
}

/// How the previous list of findings becomes this one, as `Array.prototype.splice` takes it:
/// remove `remove` findings at `at` and insert `insert` (the findings at `at..` of the new list).
#[derive(Debug)]
struct IssueEdit {
    at: usize,
    remove: usize,
    insert: std::ops::Range<usize>,
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
            issue_edit: None,
        }
    }

    /// Every current finding.
    pub fn issues(&self) -> &[&'e Issue] {
        &self.issues
    }

    /// Writes, instead of every current finding, only how the list differs from `before` (the
    /// findings of the previous change, which the caller holds), and brings `before` up to date.
    /// A keystroke leaves most findings as they were, and reading them all again was more than half
    /// of parsing a small change in JavaScript.
    pub fn edit_issues_from(&mut self, before: &mut Vec<Issue>) {
        let now = &self.issues;
        let same = |a: &Issue, b: &&Issue| a == *b;
        let at = before.iter().zip(now).take_while(|(a, b)| same(a, b)).count();
        let tail = before
            .iter()
            .skip(at)
            .rev()
            .zip(now.iter().skip(at).rev())
            .take_while(|(a, b)| same(a, b))
            .count();
        let (remove, insert) = (before.len() - at - tail, at..now.len() - tail);
        let kept = before.split_off(at + remove);
        before.truncate(at);
        before.extend(now.get(insert.clone()).unwrap_or_default().iter().map(|i| (*i).clone()));
        before.extend(kept);
        self.issue_edit = Some(IssueEdit { at, remove, insert });
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
        let edit = self.issue_edit.as_ref().map(|edit| (edit, &self.issues));
        write_change(
            out,
            figures,
            &self.leaves,
            &self.subtotals,
            (self.budget, self.narrative),
            match &edit {
                None => ("issues", &self.issues),
                Some(edit) => ("issueEdit", edit),
            },
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
            ("issues", &self.issues),
            &self.summary,
        );
    }
}

/// The one place that lists a change's fields, owned or borrowed.
fn write_change<L: ToJson, S: ToJson>(
    out: &mut String,
    [score, max_score, grade, grade_en]: [&str; 4],
    leaves: &[L],
    subtotals: &[S],
    (budget, narrative): (Option<&BudgetReport>, Option<NarrativeCount>),
    (issues_key, issues): (&str, &dyn ToJson),
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
        .field(issues_key, issues)
        .field("summary", summary)
        .end();
}

/// How the findings differ from the change before (`issueEdit`), with the findings inserted
/// taken from every current one.
impl ToJson for (&IssueEdit, &Vec<&Issue>) {
    fn write_json(&self, out: &mut String) {
        let (edit, issues) = *self;
        ObjectWriter::new(out)
            .field("at", &edit.at)
            .field("remove", &edit.remove)
            .field("insert", issues.get(edit.insert.clone()).unwrap_or_default())
            .end();
    }
}

impl ToJson for NarrativeCount {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("found", &self.found)
            .field("checked", &self.checked)
            .end();
    }
}

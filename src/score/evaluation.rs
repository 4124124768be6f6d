//! One evaluation of a loaded form, in parts that can be refreshed one at a time: the header, the
//! budget table, the indicator table and the claims. The report is assembled from the parts.

use crate::decimal::{fixed2, plain};
use crate::finding::{Finding, Issue};
use crate::messages::Lang;
use crate::model::{GradeBand, Model};
use crate::score::budget::{self, BudgetOutcome};
use crate::score::claims::{check_claims, check_unit};
use crate::score::grade;
use crate::score::rows::{BudgetReport, LeafReport, SubtotalReport};
use crate::score::tree::TreeState;
use crate::Options;

#[derive(Debug)]
pub struct HeadlineFigures {
    pub score: String,
    pub max_score: String,
    pub grade: String,
    pub grade_en: String,
}

pub struct Evaluation {
    pub lang: Lang,
    unit: Vec<Issue>,
    pub budget: BudgetOutcome,
    pub tree: TreeState,
    /// The budget table's findings in words.
    budget_issues: Vec<Issue>,
    claims: Vec<Issue>,
}

impl Evaluation {
    pub fn new(model: &Model, options: &Options) -> Evaluation {
        let lang = options.lang;
        let budget = budget::check(&model.form);
        let tree = TreeState::new(model, budget.rate, lang);
        let mut evaluation = Evaluation {
            lang,
            unit: in_words(check_unit(&model.form), lang),
            budget_issues: in_words(budget.findings.clone(), lang),
            budget,
            tree,
            claims: Vec::new(),
        };
        evaluation.refresh_claims(model);
        evaluation
    }

    pub fn refresh_unit(&mut self, model: &Model) {
        self.unit = in_words(check_unit(&model.form), self.lang);
    }

    /// Re-checks the budget table; true when the execution rate changed.
    pub fn refresh_budget(&mut self, model: &Model) -> bool {
        let before = self.budget.rate;
        self.budget = budget::check(&model.form);
        self.budget_issues = in_words(self.budget.findings.clone(), self.lang);
        self.budget.rate != before
    }

    pub fn refresh_claims(&mut self, model: &Model) {
        let findings = check_claims(
            &model.form,
            &model.grades,
            self.tree.claimed_sum,
            self.tree.has_leaves(),
        );
        self.claims = in_words(findings, self.lang);
    }

    /// The total and its grade.
    pub fn grade<'m>(&self, model: &'m Model) -> Option<&'m GradeBand> {
        grade::grade(self.tree.total, &model.grades)
    }

    /// The total, the points to be had and the grade, as the report and a change print them.
    pub fn headline_figures(&self, model: &Model) -> HeadlineFigures {
        let band = self.grade(model);
        HeadlineFigures {
            score: fixed2(self.tree.total),
            max_score: plain(self.tree.max_total),
            grade: band.map(|b| b.grade.clone()).unwrap_or_default(),
            grade_en: band.map(|b| b.grade_en.clone()).unwrap_or_default(),
        }
    }

    /// Every finding in words, in report order: header, budget, indicators, claims.
    pub fn issues(&self) -> Vec<Issue> {
        self.issue_refs().cloned().collect()
    }

    /// The same, borrowed.
    pub fn issue_refs(&self) -> impl Iterator<Item = &Issue> {
        self.unit
            .iter()
            .chain(self.budget_issues.iter())
            .chain(self.tree.issues())
            .chain(self.claims.iter())
    }

    /// The rows (leaves and subtotals apart), the budget figures and every finding in report
    /// order, moved out for a one-shot report.
    pub fn into_parts(self) -> ((Vec<LeafReport>, Vec<SubtotalReport>), BudgetReport, Vec<Issue>) {
        let (rows, tree_issues) = self.tree.into_parts();
        let issues = self
            .unit
            .into_iter()
            .chain(self.budget_issues)
            .chain(tree_issues)
            .chain(self.claims)
            .collect();
        (rows, self.budget.report, issues)
    }
}

fn in_words(findings: Vec<Finding>, lang: Lang) -> Vec<Issue> {
    findings.into_iter().map(|f| f.into_issue(lang)).collect()
}

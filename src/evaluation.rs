//! One evaluation of a loaded form, in parts that can be refreshed one at a time: the header, the
//! budget table, the indicator table and the claims. The report is assembled from the parts.

use rust_decimal::Decimal;

use crate::budget::{self, BudgetOutcome};
use crate::decimal::{self, fixed2, plain};
use crate::form::Form;
use crate::grade;
use crate::indicators::TreeState;
use crate::issue::{self, Finding, Issue, Severity};
use crate::messages::{Lang, Msg};
use crate::model::{GradeBand, Model};
use crate::number;
use crate::report::{self, BudgetReport, Report, ReportClaimed, ReportUnit, Summary};
use crate::Options;

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
            unit: in_words(&check_unit(&model.form), lang),
            budget_issues: in_words(&budget.findings, lang),
            budget,
            tree,
            claims: Vec::new(),
        };
        evaluation.refresh_claims(model);
        evaluation
    }

    pub fn refresh_unit(&mut self, model: &Model) {
        self.unit = in_words(&check_unit(&model.form), self.lang);
    }

    /// Re-checks the budget table; true when the execution rate changed.
    pub fn refresh_budget(&mut self, model: &Model) -> bool {
        let before = self.budget.rate;
        self.budget = budget::check(&model.form);
        self.budget_issues = in_words(&self.budget.findings, self.lang);
        self.budget.rate != before
    }

    pub fn refresh_claims(&mut self, model: &Model) {
        let findings = check_claims(&model.form, bands(model), self.tree.claimed_sum, self.tree.has_leaves());
        self.claims = in_words(&findings, self.lang);
    }

    /// The total and its grade.
    pub fn grade<'m>(&self, model: &'m Model) -> Option<&'m GradeBand> {
        grade::grade(self.tree.total, bands(model))
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

    pub fn report(&self, model: &Model) -> Report {
        let mut report = self.headline(model, self.issues());
        (report.leaves, report.subtotals) = self.tree.split_rows();
        report.budget = self.budget.report.clone();
        report
    }

    /// The report, moving rows and findings out instead of copying them.
    pub fn into_report(self, model: &Model) -> Report {
        let mut report = self.headline(model, Vec::new());
        let Evaluation {
            unit,
            budget_issues,
            budget,
            tree,
            claims,
            ..
        } = self;
        let (rows, tree_issues) = tree.into_parts();
        (report.leaves, report.subtotals) = rows;
        report.budget = budget.report;
        report.issues = unit
            .into_iter()
            .chain(budget_issues)
            .chain(tree_issues)
            .chain(claims)
            .collect();
        report.summary = summarize(&report.issues);
        report
    }

    /// Everything but the rows and the budget figures.
    fn headline(&self, model: &Model, issues: Vec<Issue>) -> Report {
        let form = &model.form;
        let HeadlineFigures {
            score,
            max_score,
            grade,
            grade_en,
        } = self.headline_figures(model);
        Report {
            version: report::REPORT_VERSION,
            lang: self.lang,
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
            summary: summarize(&issues),
            issues,
        }
    }
}

fn in_words(findings: &[Finding], lang: Lang) -> Vec<Issue> {
    findings.iter().map(|f| f.to_issue(lang)).collect()
}

pub fn summarize<'i>(issues: impl IntoIterator<Item = &'i Issue>) -> Summary {
    let mut summary = Summary::default();
    for issue in issues {
        match issue.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    summary
}

/// The model's grade bands (the template's, or 优/良/中/差 by default), highest first.
fn bands(model: &Model) -> &[GradeBand] {
    &model.grades
}

fn check_unit(form: &Form) -> Vec<Finding> {
    let Some(year) = &form.unit.year else {
        return Vec::new();
    };
    let text = year.as_str().trim().trim_end_matches('年');
    let valid = text.len() == 4 && text.parse::<u32>().is_ok_and(|y| (1949..=2200).contains(&y));
    if valid || text.is_empty() {
        Vec::new()
    } else {
        vec![Finding::new(Msg::YearUnreadable, Severity::Warning, "unit.year").with("text", issue::clip(year.as_str()))]
    }
}

/// The claimed total against the leaf scores, and the claimed grade against the claimed total.
fn check_claims(form: &Form, bands: &[GradeBand], claimed_sum: Decimal, has_leaves: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let claimed_total = match &form.claimed.score {
        None => None,
        Some(text) => match number::parse_points(text.as_str()) {
            Ok(v) => v,
            Err(e) => {
                findings.push(issue::unreadable(&e, text.as_str(), "claimed.score", Severity::Error));
                None
            }
        },
    };
    if let Some(claimed) = claimed_total {
        if has_leaves && claimed != claimed_sum {
            findings.push(
                Finding::new(Msg::ClaimedTotalMismatch, Severity::Error, "claimed.score")
                    .with("claimed", fixed2(claimed))
                    .with("sum", fixed2(claimed_sum)),
            );
        }
    }
    let Some(word) = form.claimed.grade.as_deref().map(str::trim).filter(|w| !w.is_empty()) else {
        return findings;
    };
    if grade::find(word, bands).is_none() {
        let names: Vec<&str> = bands.iter().map(|b| b.grade.as_str()).collect();
        findings.push(
            Finding::new(Msg::UnknownGrade, Severity::Error, "claimed.grade")
                .with("claimed", issue::clip(word))
                .with("grades", names.join("/")),
        );
        return findings;
    }
    let basis = claimed_total.unwrap_or(claimed_sum);
    if let (Some(expected), Some(claimed)) = (
        grade::grade(decimal::round_dp(basis, decimal::SHOWN_DP), bands),
        grade::find(word, bands),
    ) {
        if expected.grade != claimed.grade {
            findings.push(
                Finding::new(Msg::ClaimedGradeMismatch, Severity::Error, "claimed.grade")
                    .with("score", fixed2(basis))
                    .with("expected", expected.grade.as_str())
                    .with("expectedEn", expected.grade_en.as_str())
                    .with("claimed", word),
            );
        }
    }
    findings
}

//! jixiao (绩效): exact scoring and validation of 部门整体支出绩效自评表.
//!
//! The core is pure: it receives the whole form and its options and returns a [`Report`]; it never
//! reads a file, a clock or the environment, and never uses binary floats. Data flows one way:
//! form as typed → [`Model`] → scored leaves → subtotals → total and grade → checks → report.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod budget;
pub mod decimal;
pub mod form;
pub mod grade;
pub mod indicators;
pub mod issue;
pub mod load;
pub mod messages;
pub mod model;
pub mod number;
pub mod report;
pub mod score;
pub mod template;
pub mod typescript;

use rust_decimal::Decimal;

pub use form::Form;
pub use issue::{Finding, Issue, Severity};
pub use load::{load, load_json, parse_form, FormError};
pub use messages::Lang;
pub use model::Model;
pub use report::Report;

use crate::decimal::{fixed2, plain};
use crate::messages::Msg;
use crate::report::{ReportClaimed, ReportUnit, Summary};

/// What the caller decides for a whole evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
}

/// Reads form JSON and evaluates it. `Err` only when the form cannot be read at all.
pub fn evaluate_json(json: &str, options: &Options) -> Result<Report, FormError> {
    Ok(evaluate(&load_json(json)?, options))
}

/// Scores, grades and checks a loaded form.
pub fn evaluate(model: &Model, options: &Options) -> Report {
    let form = &model.form;
    let mut findings = check_unit(form);
    let budget = budget::check(form);
    findings.extend(budget.findings);
    let tree = indicators::evaluate_tree(model, budget.rate, options.lang);
    findings.extend(tree.findings);

    let total = tree.total;
    let fallback = load::default_grades();
    let bands = if model.grades.is_empty() {
        &fallback
    } else {
        &model.grades
    };
    let band = grade::grade(total, bands);
    findings.extend(check_claims(form, bands, tree.claimed_sum, !tree.leaves.is_empty()));

    let issues: Vec<Issue> = findings.iter().map(|f| f.to_issue(options.lang)).collect();
    let count = |s: Severity| issues.iter().filter(|i| i.severity == s).count();
    let summary = Summary {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
    };
    Report {
        version: report::REPORT_VERSION,
        lang: options.lang,
        unit: ReportUnit {
            name: form.unit.name.clone(),
            year: form.unit.year.as_ref().map(|y| y.0.clone()),
        },
        template: model.template.as_ref().map(|t| t.id.clone()),
        money_unit: form.money_unit,
        score: fixed2(total),
        max_score: plain(tree.max_total),
        grade: band.map(|b| b.grade.clone()).unwrap_or_default(),
        grade_en: band.map(|b| b.grade_en.clone()).unwrap_or_default(),
        claimed: ReportClaimed {
            score: form.claimed.score.as_ref().map(|s| s.0.clone()),
            grade: form.claimed.grade.clone(),
        },
        leaves: tree.leaves,
        subtotals: tree.subtotals,
        budget: budget.report,
        issues,
        summary,
    }
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
fn check_claims(form: &Form, bands: &[model::GradeBand], claimed_sum: Decimal, has_leaves: bool) -> Vec<Finding> {
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
    let names: Vec<&str> = bands.iter().map(|b| b.grade.as_str()).collect();
    if grade::find(word, bands).is_none() {
        findings.push(
            Finding::new(Msg::UnknownGrade, Severity::Error, "claimed.grade")
                .with("claimed", issue::clip(word))
                .with("grades", names.join("/")),
        );
        return findings;
    }
    let basis = claimed_total.unwrap_or(claimed_sum);
    if let (Some(expected), Some(claimed)) = (
        grade::grade(decimal::round_dp(basis, 2), bands),
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
